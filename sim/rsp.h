/*
 * rsp.h - the transport of the GDB remote serial protocol: one TCP
 * connection on 127.0.0.1, packets framed as $data#cs, the '+'/'-'
 * acknowledgements (until no-ack mode) and the interrupt byte 0x03.
 *
 * It knows nothing of what the packets mean; sim/gdbstub.c does.
 */
#ifndef VM74_RSP_H
#define VM74_RSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet accepted or sent, its data without framing.  gdb
 * learns it from qSupported's PacketSize. */
#define RSP_PACKET_MAX 4096

/* rsp_recv's results besides a length. */
enum {
    RSP_CLOSED = -1,   /* the connection ended (EOF or error) */
    RSP_OVERSIZE = -2, /* a packet longer than the buffer: answered as bad */
};

struct rsp {
    int listen_fd;
    int fd;
    bool no_ack;      /* QStartNoAckMode: no '+'/'-' either way */
    bool interrupted; /* a 0x03 came while the target ran */
    uint8_t in[1024]; /* bytes read but not yet consumed */
    size_t in_len, in_pos;
};

/* Listen on 127.0.0.1:port (0: a free port the system picks); *bound is
 * the port listened on.  0, or -1 with a one-line reason in err. */
int rsp_listen(struct rsp *r, unsigned port, unsigned *bound, char *err,
               size_t errlen);
/* Wait for gdb to connect; stops listening.  0, or -1 with a reason. */
int rsp_accept(struct rsp *r, char *err, size_t errlen);
void rsp_close(struct rsp *r);

/* The next packet's data into buf (NUL-terminated), acknowledged; bad
 * checksums are refused with '-' and the packet awaited again.  Returns
 * its length, RSP_CLOSED or RSP_OVERSIZE. */
int rsp_recv(struct rsp *r, char *buf, size_t cap);
/* Send one packet and, unless in no-ack mode, wait for its '+'.
 * 0, or RSP_CLOSED. */
int rsp_send(struct rsp *r, const char *data, size_t len);
int rsp_send_str(struct rsp *r, const char *data);

/* Without blocking: 1 if gdb sent the interrupt byte, RSP_CLOSED if the
 * connection ended, else 0.  Other bytes while the target runs are
 * dropped: in all-stop mode gdb sends nothing else then. */
int rsp_poll_interrupt(struct rsp *r);

/* Hex as the protocol writes it: two lower-case digits per byte. */
void rsp_hex_encode(const uint8_t *bytes, size_t n, char *out);
/* n bytes from 2n hex digits; false on a non-hex digit. */
bool rsp_hex_decode(const char *hex, size_t n, uint8_t *bytes);
/* Undo the binary escape ('}' then byte ^ 0x20) in place; the new length. */
size_t rsp_unescape(char *data, size_t len);

#endif /* VM74_RSP_H */
