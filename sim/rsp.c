/*
 * rsp.c - the transport of the GDB remote serial protocol (rsp.h).
 */
#define _GNU_SOURCE /* MSG_NOSIGNAL, accept4 under -std=c11 */
#include "rsp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define RSP_INTERRUPT 0x03
/* A packet refused this often in a row ends the connection: the link is
 * broken, not noisy. */
#define RSP_MAX_RESENDS 8

static void rsp_error(char *err, size_t errlen, const char *what)
{
    snprintf(err, errlen, "gdb: %s: %s", what, strerror(errno));
}

int rsp_listen(struct rsp *r, unsigned port, unsigned *bound, char *err,
               size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->fd = -1;
    r->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (r->listen_fd < 0) {
        rsp_error(err, errlen, "socket");
        return -1;
    }
    int on = 1;
    setsockopt(r->listen_fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in a = { .sin_family = AF_INET,
                             .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t alen = sizeof a;
    if (bind(r->listen_fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(r->listen_fd, 1) != 0 ||
        getsockname(r->listen_fd, (struct sockaddr *)&a, &alen) != 0) {
        snprintf(err, errlen, "gdb: cannot listen on 127.0.0.1:%u: %s", port,
                 strerror(errno));
        rsp_close(r);
        return -1;
    }
    *bound = ntohs(a.sin_port);
    return 0;
}

int rsp_accept(struct rsp *r, char *err, size_t errlen)
{
    do
        r->fd = accept4(r->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    while (r->fd < 0 && errno == EINTR);
    if (r->fd < 0) {
        rsp_error(err, errlen, "accept");
        return -1;
    }
    close(r->listen_fd);
    r->listen_fd = -1;
    int on = 1; /* replies are small and awaited: send each at once */
    setsockopt(r->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    return 0;
}

void rsp_close(struct rsp *r)
{
    if (r->listen_fd >= 0)
        close(r->listen_fd);
    if (r->fd >= 0)
        close(r->fd);
    r->listen_fd = r->fd = -1;
}

/* ---- Bytes ------------------------------------------------------------ */

/* Refill the input buffer; wait at most timeout_ms (-1: for ever).
 * 1 if bytes came, 0 on timeout, RSP_CLOSED. */
static int fill(struct rsp *r, int timeout_ms)
{
    struct pollfd p = { .fd = r->fd, .events = POLLIN };
    int n = poll(&p, 1, timeout_ms);
    if (n < 0 && errno == EINTR)
        return 0;
    if (n <= 0)
        return n < 0 ? RSP_CLOSED : 0;
    ssize_t got = recv(r->fd, r->in, sizeof r->in, 0);
    if (got <= 0)
        return RSP_CLOSED;
    r->in_len = (size_t)got;
    r->in_pos = 0;
    return 1;
}

/* The next byte, waiting for it; RSP_CLOSED at the end. */
static int next_byte(struct rsp *r)
{
    while (r->in_pos == r->in_len) {
        int rc = fill(r, -1);
        if (rc < 0)
            return rc;
    }
    return r->in[r->in_pos++];
}

static int send_all(struct rsp *r, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = send(r->fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return RSP_CLOSED;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* ---- Hex -------------------------------------------------------------- */

static int hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void rsp_hex_encode(const uint8_t *bytes, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 0xf];
    }
    out[2 * n] = '\0';
}

bool rsp_hex_decode(const char *hex, size_t n, uint8_t *bytes)
{
    for (size_t i = 0; i < n; i++) {
        int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        bytes[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

size_t rsp_unescape(char *data, size_t len)
{
    size_t out = 0;
    for (size_t i = 0; i < len; i++)
        data[out++] = data[i] == '}' && i + 1 < len ? data[++i] ^ 0x20
                                                    : data[i];
    return out;
}

/* ---- Packets ---------------------------------------------------------- */

static uint8_t checksum(const char *data, size_t len)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < len; i++)
        sum += (uint8_t)data[i];
    return sum;
}

/* Skip to the next '$'; an interrupt byte on the way is remembered. */
static int await_start(struct rsp *r)
{
    int c;
    while ((c = next_byte(r)) != '$') {
        if (c < 0)
            return c;
        if (c == RSP_INTERRUPT)
            r->interrupted = true;
    }
    return 0;
}

/* Read the data up to '#' and the two checksum digits.  Returns the data
 * length (bytes past cap - 1 are counted but dropped), or RSP_CLOSED;
 * *sum_ok tells whether the checksum matched. */
static long read_body(struct rsp *r, char *buf, size_t cap, bool *sum_ok)
{
    size_t len = 0;
    uint8_t sum = 0;
    int c;
    while ((c = next_byte(r)) != '#') {
        if (c < 0)
            return RSP_CLOSED;
        sum += (uint8_t)c;
        if (len + 1 < cap)
            buf[len] = (char)c;
        len++;
    }
    int hi = next_byte(r), lo = next_byte(r);
    if (hi < 0 || lo < 0)
        return RSP_CLOSED;
    *sum_ok = hex_value(hi) >= 0 && hex_value(lo) >= 0 &&
              (hex_value(hi) << 4 | hex_value(lo)) == sum;
    buf[len + 1 < cap ? len : cap - 1] = '\0';
    return (long)len;
}

int rsp_recv(struct rsp *r, char *buf, size_t cap)
{
    for (;;) {
        if (await_start(r) < 0)
            return RSP_CLOSED;
        bool sum_ok;
        long len = read_body(r, buf, cap, &sum_ok);
        if (len < 0)
            return RSP_CLOSED;
        if (!r->no_ack && send_all(r, sum_ok ? "+" : "-", 1) < 0)
            return RSP_CLOSED;
        if (!sum_ok)
            continue; /* gdb sends it again (or, without acks, gives up) */
        return (size_t)len + 1 > cap ? RSP_OVERSIZE : (int)len;
    }
}

/* Wait for the '+' of the packet just sent: 1, 0 for a '-', RSP_CLOSED. */
static int await_ack(struct rsp *r)
{
    for (;;) {
        int c = next_byte(r);
        if (c < 0)
            return RSP_CLOSED;
        if (c == '+' || c == '-')
            return c == '+';
        if (c == RSP_INTERRUPT)
            r->interrupted = true;
    }
}

int rsp_send(struct rsp *r, const char *data, size_t len)
{
    static char frame[RSP_PACKET_MAX * 2 + 4];
    if (len + 4 > sizeof frame)
        return RSP_CLOSED; /* the stub's own bug: never a reply this long */
    frame[0] = '$';
    memcpy(frame + 1, data, len);
    snprintf(frame + 1 + len, 4, "#%02x", checksum(data, len));
    for (int attempt = 0; attempt < RSP_MAX_RESENDS; attempt++) {
        if (send_all(r, frame, len + 4) < 0)
            return RSP_CLOSED;
        if (r->no_ack)
            return 0;
        int ack = await_ack(r);
        if (ack != 0)
            return ack < 0 ? RSP_CLOSED : 0;
    }
    return RSP_CLOSED;
}

int rsp_send_str(struct rsp *r, const char *data)
{
    return rsp_send(r, data, strlen(data));
}

int rsp_poll_interrupt(struct rsp *r)
{
    for (;;) {
        while (r->in_pos < r->in_len)
            if (r->in[r->in_pos++] == RSP_INTERRUPT)
                r->interrupted = true;
        if (r->interrupted) {
            r->interrupted = false;
            return 1;
        }
        int rc = fill(r, 0);
        if (rc <= 0)
            return rc;
    }
}
