/*
 * gdbstub.c - the GDB remote stub (gdbstub.h, docs/debugging.md): the
 * packets, their replies and the session; run control is gdb_run.c's.
 */
#include "gdbstub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdb_run.h"

/* Signals of the stop replies, in gdb's numbering. */
#define SIG_INT 2
#define SIG_TRAP 5
#define SIG_XCPU 24

/* The reply being built; large enough for a full PacketSize of hex. */
struct reply {
    char buf[RSP_PACKET_MAX + 1];
};

/* ---- Replies ---------------------------------------------------------- */

static int send_console_note(struct gdb *g, const char *text)
{
    char pkt[2 * 256 + 2] = "O";
    size_t n = strlen(text) < 256 ? strlen(text) : 256;
    rsp_hex_encode((const uint8_t *)text, n, pkt + 1);
    return rsp_send_str(&g->rsp, pkt);
}

static const char *watch_label(enum gdb_point_type t)
{
    return t == GDB_WATCH_WRITE ? "watch" : t == GDB_WATCH_READ ? "rwatch"
                                                                 : "awatch";
}

/* A note for gdb's console on stops gdb cannot explain by itself. */
static void note_stop(struct gdb *g, const struct stop *s, char *note,
                      size_t cap)
{
    struct vm74_state st;
    vm74_get_state(g->m, &st);
    note[0] = '\0';
    if (s->why == STOP_TRAP)
        snprintf(note, cap, "vm74: trap %s info 0x%08x at pc 0x%08x, now at "
                 "the vector 0x%08x\n", vm74_cause_name(s->rec.cause),
                 s->rec.info, s->rec.pc, st.psw.pc);
    else if (s->why == STOP_DEADLOCK)
        snprintf(note, cap, "vm74: deadlock: WFI at pc 0x%08x with the timer "
                 "disarmed\n", st.psw.pc);
    else if (s->why == STOP_LIMIT)
        snprintf(note, cap, "vm74: instruction limit reached: %llu steps\n",
                 (unsigned long long)g->steps);
}

/* The stop reply for s into r (W and X end the session). */
static void stop_reply(struct gdb *g, const struct stop *s, struct reply *r)
{
    switch (s->why) {
    case STOP_EXITED:
        snprintf(r->buf, sizeof r->buf, "W%02x", vm74_exit_code(g->m) & 0xff);
        break;
    case STOP_LIMIT:
        snprintf(r->buf, sizeof r->buf, "X%02x", SIG_XCPU);
        break;
    case STOP_INTERRUPT:
        snprintf(r->buf, sizeof r->buf, "T%02x", SIG_INT);
        break;
    case STOP_WATCH:
        snprintf(r->buf, sizeof r->buf, "T%02x%s:%08x;", SIG_TRAP,
                 watch_label(s->point->type), s->point->addr);
        break;
    default:
        snprintf(r->buf, sizeof r->buf, "T%02x", SIG_TRAP);
        break;
    }
}

/* ---- Packets ---------------------------------------------------------- */

/* What a packet handler asks of the session loop. */
enum after {
    AFTER_REPLY,  /* send r and read the next packet */
    AFTER_RESUME, /* resume (single or not) and send the stop reply */
    AFTER_DETACH, /* reply OK, let the program run on without gdb */
    AFTER_KILL,   /* end the program */
};

struct request {
    char *data;
    size_t len;
    bool single; /* AFTER_RESUME: one step */
};

static void reply_error(struct reply *r) { strcpy(r->buf, "E01"); }

/* "ADDR,LEN" in hex; *end after LEN. */
static bool parse_addr_len(const char *p, uint32_t *addr, uint32_t *len,
                           char **end)
{
    char *e;
    unsigned long long a = strtoull(p, &e, 16);
    if (e == p || *e != ',' || a > UINT32_MAX)
        return false;
    p = e + 1;
    unsigned long long n = strtoull(p, &e, 16);
    if (e == p || n > RSP_PACKET_MAX)
        return false;
    *addr = (uint32_t)a;
    *len = (uint32_t)n;
    *end = e;
    return true;
}

static void reg_to_hex(uint32_t v, char *out)
{
    const uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                           (uint8_t)(v >> 24) };
    rsp_hex_encode(b, 4, out);
}

static bool reg_from_hex(const char *hex, uint32_t *v)
{
    uint8_t b[4];
    if (!rsp_hex_decode(hex, 4, b))
        return false;
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
         (uint32_t)b[3] << 24;
    return true;
}

static void cmd_read_regs(struct gdb *g, struct reply *r)
{
    for (unsigned n = 0; n < GDB_NUM_REGS; n++) {
        uint32_t v;
        gdb_reg_read(g, n, &v);
        reg_to_hex(v, r->buf + 8 * n);
    }
}

/* G: as many registers as the packet holds, from x0 on. */
static bool cmd_write_regs(struct gdb *g, const struct request *q,
                           struct reply *r)
{
    size_t count = (q->len - 1) / 8;
    if ((q->len - 1) % 8 != 0 || count > GDB_NUM_REGS)
        return false;
    uint32_t v[GDB_NUM_REGS];
    for (size_t n = 0; n < count; n++)
        if (!reg_from_hex(q->data + 1 + 8 * n, &v[n]))
            return false;
    for (size_t n = 0; n < count; n++)
        gdb_reg_write(g, (unsigned)n, v[n]);
    strcpy(r->buf, "OK");
    return true;
}

/* "N" followed by the character stop: a register number; *end at stop. */
static bool parse_reg_number(const char *p, char stop, unsigned *n,
                             const char **end)
{
    char *e;
    unsigned long v = strtoul(p, &e, 16);
    if (e == p || *e != stop || v >= GDB_NUM_REGS)
        return false;
    *n = (unsigned)v;
    *end = e;
    return true;
}

static bool cmd_read_reg(struct gdb *g, const struct request *q,
                         struct reply *r)
{
    unsigned n;
    const char *end;
    uint32_t v;
    if (!parse_reg_number(q->data + 1, '\0', &n, &end) ||
        !gdb_reg_read(g, n, &v))
        return false;
    reg_to_hex(v, r->buf);
    return true;
}

/* P N=VALUE */
static bool cmd_write_reg(struct gdb *g, const struct request *q,
                          struct reply *r)
{
    unsigned n;
    const char *value;
    uint32_t v;
    if (!parse_reg_number(q->data + 1, '=', &n, &value) ||
        strlen(value + 1) != 8 || !reg_from_hex(value + 1, &v) ||
        !gdb_reg_write(g, n, v))
        return false;
    strcpy(r->buf, "OK");
    return true;
}

static bool cmd_read_mem(struct gdb *g, const struct request *q,
                         struct reply *r)
{
    uint32_t addr, len;
    char *end;
    uint8_t bytes[RSP_PACKET_MAX / 2];
    if (!parse_addr_len(q->data + 1, &addr, &len, &end) || *end != '\0')
        return false;
    if (len > sizeof bytes)
        len = sizeof bytes; /* gdb takes a short reply and asks again */
    size_t n = gdb_mem_read(g, addr, bytes, len);
    if (n == 0 && len > 0)
        return false;
    rsp_hex_encode(bytes, n, r->buf);
    return true;
}

/* M (hex) and X (binary) writes. */
static bool cmd_write_mem(struct gdb *g, const struct request *q,
                          struct reply *r)
{
    uint32_t addr, len;
    char *end;
    uint8_t bytes[RSP_PACKET_MAX];
    if (!parse_addr_len(q->data + 1, &addr, &len, &end) || *end != ':')
        return false;
    char *data = end + 1;
    size_t avail = q->len - (size_t)(data - q->data);
    if (q->data[0] == 'X') {
        if (rsp_unescape(data, avail) != len)
            return false;
        memcpy(bytes, data, len);
    } else if (avail != 2 * (size_t)len || !rsp_hex_decode(data, len, bytes)) {
        return false;
    }
    if (!gdb_mem_write(g, addr, bytes, len))
        return false;
    strcpy(r->buf, "OK");
    return true;
}

/* Z/z TYPE,ADDR,KIND: KIND is the length of a watchpoint. */
static bool cmd_point(struct gdb *g, const struct request *q, struct reply *r)
{
    char *e;
    unsigned long type = strtoul(q->data + 1, &e, 10);
    uint32_t addr, len;
    char *end;
    if (e == q->data + 1 || *e != ',' || type >= GDB_NUM_POINT_TYPES) {
        r->buf[0] = '\0'; /* unsupported kind: gdb uses another way */
        return true;
    }
    if (!parse_addr_len(e + 1, &addr, &len, &end) ||
        (*end != '\0' && *end != ';'))
        return false;
    if (gdb_is_break((enum gdb_point_type)type) || len == 0)
        len = 1; /* a breakpoint's kind is its instruction size */
    if (q->data[0] == 'z')
        gdb_point_remove(g, (enum gdb_point_type)type, addr, len);
    else if (!gdb_point_add(g, (enum gdb_point_type)type, addr, len))
        return false;
    strcpy(r->buf, "OK");
    return true;
}

/* qXfer:features:read:target.xml:OFFSET,LENGTH */
static bool cmd_xfer_features(const struct request *q, struct reply *r)
{
    static const char prefix[] = "qXfer:features:read:target.xml:";
    uint32_t off, len;
    char *end;
    size_t size;
    const char *xml = gdb_target_xml(&size);
    if (strncmp(q->data, prefix, sizeof prefix - 1) != 0) {
        strcpy(r->buf, "E00"); /* no such annex */
        return true;
    }
    if (!parse_addr_len(q->data + sizeof prefix - 1, &off, &len, &end) ||
        *end != '\0')
        return false;
    if (len > RSP_PACKET_MAX - 1)
        len = RSP_PACKET_MAX - 1;
    size_t n = off < size ? size - off : 0;
    n = n < len ? n : len;
    r->buf[0] = off + n < size ? 'm' : 'l';
    memcpy(r->buf + 1, xml + (off < size ? off : size), n);
    r->buf[1 + n] = '\0';
    return true;
}

/* qRcmd,HEX: a monitor command; its output hex-encoded. */
static bool cmd_monitor(struct gdb *g, const struct request *q,
                        struct reply *r)
{
    const char *hex = q->data + strlen("qRcmd,");
    size_t n = strlen(hex) / 2;
    char line[RSP_PACKET_MAX / 2 + 1];
    char out[RSP_PACKET_MAX / 2];
    if (strlen(hex) % 2 != 0 || !rsp_hex_decode(hex, n, (uint8_t *)line))
        return false;
    line[n] = '\0';
    gdb_monitor(g, line, out, sizeof out);
    rsp_hex_encode((const uint8_t *)out, strlen(out), r->buf);
    if (out[0] == '\0')
        strcpy(r->buf, "OK"); /* an empty reply would mean "unsupported" */
    return true;
}

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool cmd_query(struct gdb *g, const struct request *q, struct reply *r)
{
    if (starts(q->data, "qSupported"))
        snprintf(r->buf, sizeof r->buf, "PacketSize=%x;qXfer:features:read+;"
                 "QStartNoAckMode+;vContSupported+", RSP_PACKET_MAX);
    else if (starts(q->data, "qXfer:features:read:"))
        return cmd_xfer_features(q, r);
    else if (starts(q->data, "qRcmd,"))
        return cmd_monitor(g, q, r);
    else if (strcmp(q->data, "qAttached") == 0)
        strcpy(r->buf, "0"); /* gdb's quit kills: the stub started it */
    else
        r->buf[0] = '\0';
    return true;
}

/* c [ADDR] / s [ADDR]: resume, at ADDR if given. */
static enum after cmd_resume(struct gdb *g, struct request *q,
                             struct reply *r)
{
    q->single = q->data[0] == 's';
    if (q->len > 1) {
        char *e;
        unsigned long long a = strtoull(q->data + 1, &e, 16);
        if (*e != '\0' || a > UINT32_MAX) {
            reply_error(r);
            return AFTER_REPLY;
        }
        gdb_reg_write(g, GDB_REG_PC, (uint32_t)a);
    }
    return AFTER_RESUME;
}

/* vCont? and vCont;ACTION[:THREAD]...: one thread, so the first action
 * decides; C and S resume as c and s (vm74 has no signals to deliver). */
static enum after cmd_vcont(struct request *q, struct reply *r)
{
    if (strcmp(q->data, "vCont?") == 0) {
        strcpy(r->buf, "vCont;c;C;s;S");
        return AFTER_REPLY;
    }
    char a = q->data[6];
    if (q->data[5] != ';' || (a != 'c' && a != 'C' && a != 's' && a != 'S')) {
        reply_error(r);
        return AFTER_REPLY;
    }
    q->single = a == 's' || a == 'S';
    return AFTER_RESUME;
}

static enum after cmd_v(struct gdb *g, struct request *q, struct reply *r)
{
    (void)g;
    if (starts(q->data, "vCont"))
        return cmd_vcont(q, r);
    if (starts(q->data, "vKill"))
        return AFTER_KILL;
    r->buf[0] = '\0';
    return AFTER_REPLY;
}

static enum after dispatch(struct gdb *g, struct request *q, struct reply *r)
{
    bool ok = true;
    r->buf[0] = '\0';
    switch (q->data[0]) {
    case '?': snprintf(r->buf, sizeof r->buf, "S%02x", SIG_TRAP); break;
    case 'g': cmd_read_regs(g, r); break;
    case 'G': ok = cmd_write_regs(g, q, r); break;
    case 'p': ok = cmd_read_reg(g, q, r); break;
    case 'P': ok = cmd_write_reg(g, q, r); break;
    case 'm': ok = cmd_read_mem(g, q, r); break;
    case 'M': case 'X': ok = cmd_write_mem(g, q, r); break;
    case 'Z': case 'z': ok = cmd_point(g, q, r); break;
    case 'q': ok = cmd_query(g, q, r); break;
    case 'H': case 'T': strcpy(r->buf, "OK"); break;
    case 'Q':
        if (strcmp(q->data, "QStartNoAckMode") == 0)
            strcpy(r->buf, "OK");
        break;
    case 'c': case 's': return cmd_resume(g, q, r);
    case 'v': return cmd_v(g, q, r);
    case 'D': return AFTER_DETACH;
    case 'k': return AFTER_KILL;
    default: break; /* unknown: the empty reply */
    }
    if (!ok)
        reply_error(r);
    return AFTER_REPLY;
}

/* ---- The session ------------------------------------------------------ */

/* Resume and report.  Returns 0 to go on, or the session's result. */
static int resume_and_report(struct gdb *g, bool single, struct reply *r)
{
    struct stop s = { 0 };
    s.why = gdb_resume(g, single, &s);
    if (s.why == STOP_LOST)
        return GDB_SESSION_LOST;
    char note[160];
    note_stop(g, &s, note, sizeof note);
    if (note[0] != '\0' && send_console_note(g, note) < 0)
        return GDB_SESSION_LOST;
    stop_reply(g, &s, r);
    if (rsp_send_str(&g->rsp, r->buf) < 0 && s.why != STOP_EXITED &&
        s.why != STOP_LIMIT)
        return GDB_SESSION_LOST;
    if (s.why == STOP_EXITED)
        return VM74_EXITED;
    return s.why == STOP_LIMIT ? VM74_LIMIT : 0;
}

/* Detached: the program runs on to its end, as without --gdb. */
static int run_detached(struct gdb *g)
{
    rsp_close(&g->rsp);
    if (gdb_limit_reached(g))
        return VM74_LIMIT;
    return vm74_run(g->m, g->max_steps ? g->max_steps - g->steps : 0);
}

/* The session ends with the program unfinished: say so (status 121). */
static int session_lost(struct gdb *g, const char *why)
{
    struct vm74_state s;
    vm74_get_state(g->m, &s);
    fprintf(stderr, "vm74-sim: gdb: %s at pc 0x%08x after %llu steps\n", why,
            s.psw.pc, (unsigned long long)g->steps);
    return GDB_SESSION_LOST;
}

/* After the packet's handler: end the program, let it run on, or resume
 * it.  0 to go on, or the session's result. */
static int act(struct gdb *g, enum after next, const struct request *q,
               struct reply *r)
{
    if (next == AFTER_KILL) {
        if (q->data[0] == 'v') /* vKill waits for its OK; k has no reply */
            rsp_send_str(&g->rsp, "OK");
        return session_lost(g, "killed the program");
    }
    if (next == AFTER_DETACH) {
        rsp_send_str(&g->rsp, "OK");
        return run_detached(g);
    }
    int rc = resume_and_report(g, q->single, r);
    return rc == GDB_SESSION_LOST
               ? session_lost(g, "connection closed while running") : rc;
}

/* One packet (len from rsp_recv) answered.  0 to go on, or the
 * session's result. */
static int serve_packet(struct gdb *g, char *pkt, int len, struct reply *r)
{
    if (len == RSP_CLOSED)
        return session_lost(g, "connection closed");
    struct request q = { pkt, len > 0 ? (size_t)len : 0, false };
    enum after next = AFTER_REPLY;
    if (len == RSP_OVERSIZE)
        reply_error(r);
    else if (len == 0)
        r->buf[0] = '\0';
    else
        next = dispatch(g, &q, r);
    if (next != AFTER_REPLY)
        return act(g, next, &q, r);
    if (rsp_send_str(&g->rsp, r->buf) < 0)
        return session_lost(g, "connection closed");
    if (strcmp(pkt, "QStartNoAckMode") == 0)
        g->rsp.no_ack = true; /* from the packet after its OK */
    return 0;
}

static int serve_packets(struct gdb *g)
{
    static char pkt[RSP_PACKET_MAX + 1];
    static struct reply r;
    int rc;
    do
        rc = serve_packet(g, pkt, rsp_recv(&g->rsp, pkt, sizeof pkt), &r);
    while (rc == 0);
    return rc;
}

int gdb_serve(vm74 *m, const struct gdb_options *o)
{
    static struct gdb g;
    char err[256];
    unsigned port;
    g = (struct gdb){ .m = m, .max_steps = o->max_steps };
    if (rsp_listen(&g.rsp, o->port, &port, err, sizeof err) != 0) {
        fprintf(stderr, "vm74-sim: %s\n", err);
        return GDB_SESSION_FAILED;
    }
    fprintf(stderr, "vm74-sim: gdb: listening on 127.0.0.1:%u (%s backend)\n",
            port, vm74_backend_name(m));
    if (rsp_accept(&g.rsp, err, sizeof err) != 0) {
        fprintf(stderr, "vm74-sim: %s\n", err);
        rsp_close(&g.rsp);
        return GDB_SESSION_FAILED;
    }
    int rc = serve_packets(&g);
    rsp_close(&g.rsp);
    return rc;
}
