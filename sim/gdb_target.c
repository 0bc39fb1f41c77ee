/*
 * gdb_target.c - the machine as the gdb stub presents it (gdb_target.h):
 * registers, memory through R or physical, the target description, the
 * monitor commands.
 */
#define _DEFAULT_SOURCE /* strcasecmp under -std=c11 */
#include "gdb_target.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- Registers -------------------------------------------------------- */

/* The last trap's cause and info are the words the trap stored in low
 * core (docs/isa.md §3): what the handler reads, on every backend. */
static uint32_t lowcore_word(struct gdb *g, uint32_t paddr)
{
    uint8_t b[4] = { 0 };
    vm74_read_phys(g->m, paddr, b, sizeof b);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

static void lowcore_set(struct gdb *g, uint32_t paddr, uint32_t v)
{
    const uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                           (uint8_t)(v >> 24) };
    vm74_write_phys(g->m, paddr, b, sizeof b);
}

/* The register's place in the state; NULL for the low-core ones. */
static uint32_t *state_field(struct vm74_state *s, unsigned n)
{
    if (n < 32)
        return &s->x[n];
    switch (n) {
    case GDB_REG_PC: return &s->psw.pc;
    case GDB_REG_M: return &s->psw.mode;
    case GDB_REG_IE: return &s->psw.ie;
    case GDB_REG_L: return &s->psw.base;
    case GDB_REG_B: return &s->psw.bound;
    default: return NULL;
    }
}

bool gdb_reg_read(struct gdb *g, unsigned n, uint32_t *value)
{
    if (n == GDB_REG_TRAP_CAUSE || n == GDB_REG_TRAP_INFO) {
        *value = lowcore_word(g, n == GDB_REG_TRAP_CAUSE ? VM74_LC_CAUSE
                                                         : VM74_LC_INFO);
        return true;
    }
    struct vm74_state s;
    vm74_get_state(g->m, &s);
    uint32_t *f = state_field(&s, n);
    if (f != NULL)
        *value = *f;
    return f != NULL;
}

/* M and IE are one bit each; x0 stays 0 and l word-aligned, as
 * vm74_set_state keeps them. */
bool gdb_reg_write(struct gdb *g, unsigned n, uint32_t value)
{
    if (n == GDB_REG_TRAP_CAUSE || n == GDB_REG_TRAP_INFO) {
        lowcore_set(g, n == GDB_REG_TRAP_CAUSE ? VM74_LC_CAUSE : VM74_LC_INFO,
                    value);
        return true;
    }
    struct vm74_state s;
    vm74_get_state(g->m, &s);
    uint32_t *f = state_field(&s, n);
    if (f == NULL)
        return false;
    *f = (n == GDB_REG_M || n == GDB_REG_IE) ? value & 1 : value;
    vm74_set_state(g->m, &s);
    return true;
}

/* ---- Memory ----------------------------------------------------------- */

/* The physical address of addr and the bytes from it that may be
 * accessed, at most len. */
static size_t translate(struct gdb *g, uint32_t addr, size_t len,
                        uint32_t *paddr)
{
    if (!g->phys)
        return vm74_logical_span(g->m, addr, len, paddr);
    *paddr = addr;
    uint32_t ram = vm74_ram_size(g->m);
    size_t in_ram = *paddr < ram ? ram - *paddr : 0;
    return len < in_ram ? len : in_ram;
}

size_t gdb_mem_read(struct gdb *g, uint32_t addr, uint8_t *buf, size_t len)
{
    uint32_t paddr;
    size_t n = translate(g, addr, len, &paddr);
    return n > 0 && vm74_read_phys(g->m, paddr, buf, n) == 0 ? n : 0;
}

bool gdb_mem_write(struct gdb *g, uint32_t addr, const uint8_t *buf,
                   size_t len)
{
    uint32_t paddr;
    if (translate(g, addr, len, &paddr) != len)
        return false;
    return len == 0 || vm74_write_phys(g->m, paddr, buf, len) == 0;
}

/* ---- Target description ----------------------------------------------- */

/* x0-x31 and pc as gdb's own RISC-V feature names them; the privileged
 * state in a feature of ours, in the general group so that `info
 * registers` lists it. */
static const char target_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "<architecture>riscv:rv32</architecture>\n"
    "<feature name=\"org.gnu.gdb.riscv.cpu\">\n"
#define XREG(name, type) \
    "<reg name=\"" name "\" bitsize=\"32\" type=\"" type "\"/>\n"
    XREG("zero", "int") XREG("ra", "code_ptr") XREG("sp", "data_ptr")
    XREG("gp", "data_ptr") XREG("tp", "data_ptr") XREG("t0", "int")
    XREG("t1", "int") XREG("t2", "int") XREG("fp", "data_ptr")
    XREG("s1", "int") XREG("a0", "int") XREG("a1", "int") XREG("a2", "int")
    XREG("a3", "int") XREG("a4", "int") XREG("a5", "int") XREG("a6", "int")
    XREG("a7", "int") XREG("s2", "int") XREG("s3", "int") XREG("s4", "int")
    XREG("s5", "int") XREG("s6", "int") XREG("s7", "int") XREG("s8", "int")
    XREG("s9", "int") XREG("s10", "int") XREG("s11", "int") XREG("t3", "int")
    XREG("t4", "int") XREG("t5", "int") XREG("t6", "int")
    XREG("pc", "code_ptr")
    "</feature>\n"
    "<feature name=\"org.vm74.psw\">\n"
#define PSWREG(name) \
    "<reg name=\"" name "\" bitsize=\"32\" type=\"uint32\" group=\"general\"/>\n"
    PSWREG("m") PSWREG("ie") PSWREG("l") PSWREG("b") PSWREG("trap_cause")
    PSWREG("trap_info")
    "</feature>\n"
    "</target>\n";
#undef XREG
#undef PSWREG

const char *gdb_target_xml(size_t *len)
{
    *len = sizeof target_xml - 1;
    return target_xml;
}

/* ---- Monitor commands ------------------------------------------------- */

struct text {
    char *buf;
    size_t cap, len;
};

static void say(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void say(struct text *t, const char *fmt, ...)
{
    if (t->len >= t->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len += (size_t)n < t->cap - t->len ? (size_t)n : t->cap - t->len - 1;
}

static const char *space_name(const struct gdb *g)
{
    return g->phys ? "physical" : "logical (through R)";
}

static void mon_phys(struct gdb *g, const char *arg, struct text *t)
{
    (void)arg;
    g->phys = true;
    say(t, "memory: %s\n", space_name(g));
}

static void mon_logical(struct gdb *g, const char *arg, struct text *t)
{
    (void)arg;
    g->phys = false;
    say(t, "memory: %s\n", space_name(g));
}

static void mon_memory(struct gdb *g, const char *arg, struct text *t)
{
    (void)arg;
    say(t, "memory: %s\n", space_name(g));
}

static void mon_psw(struct gdb *g, const char *arg, struct text *t)
{
    (void)arg;
    struct vm74_state s;
    vm74_get_state(g->m, &s);
    uint32_t cause = lowcore_word(g, VM74_LC_CAUSE);
    say(t, "M=%s IE=%u P=0x%08x l=0x%08x b=0x%08x\n",
        s.psw.mode == VM74_MODE_SUPERVISOR ? "supervisor" : "user", s.psw.ie,
        s.psw.pc, s.psw.base, s.psw.bound);
    say(t, "last trap (low core): cause %u %s, info 0x%08x\n", cause,
        vm74_cause_name(cause), lowcore_word(g, VM74_LC_INFO));
}

/* A cause by its name (vm74_cause_name, any case) or number. */
static int cause_by_name(const char *name)
{
    for (uint32_t c = 0; c < VM74_NUM_CAUSES; c++)
        if (strcmp(vm74_cause_name(c), "?") != 0 &&
            strcasecmp(vm74_cause_name(c), name) == 0)
            return (int)c;
    return -1;
}

static void list_trap_stops(const struct gdb *g, struct text *t)
{
    if (g->trap_stops == 0) {
        say(t, "break-on-trap: off\n");
        return;
    }
    say(t, "break-on-trap:");
    for (uint32_t c = 0; c < VM74_NUM_CAUSES; c++)
        if (g->trap_stops >> c & 1)
            say(t, " %s", vm74_cause_name(c));
    say(t, "\n");
}

static void mon_break_on_trap(struct gdb *g, const char *arg, struct text *t)
{
    int cause;
    if (*arg == '\0') {
        /* just list */
    } else if (strcmp(arg, "off") == 0) {
        g->trap_stops = 0;
    } else if (strcmp(arg, "all") == 0) {
        for (uint32_t c = 0; c < VM74_NUM_CAUSES; c++)
            if (strcmp(vm74_cause_name(c), "?") != 0)
                g->trap_stops |= 1u << c;
    } else if ((cause = cause_by_name(arg)) >= 0) {
        g->trap_stops |= 1u << cause;
    } else {
        say(t, "break-on-trap: unknown cause '%s'\n", arg);
        return;
    }
    list_trap_stops(g, t);
}

static void mon_help(struct gdb *g, const char *arg, struct text *t);

static const struct monitor_cmd {
    const char *name;
    void (*run)(struct gdb *g, const char *arg, struct text *t);
    const char *help;
} monitor_cmds[] = {
    { "help", mon_help, "this list" },
    { "psw", mon_psw, "the PSW decoded and the last trap's cause and info" },
    { "phys", mon_phys, "memory commands address physical RAM" },
    { "logical", mon_logical,
      "memory commands address logical memory through R (the default)" },
    { "memory", mon_memory, "which address space memory commands use" },
    { "break-on-trap", mon_break_on_trap,
      "[CAUSE|all|off]: stop after a trap of CAUSE is taken (adds to the "
      "set; no argument lists it)" },
};

static void mon_help(struct gdb *g, const char *arg, struct text *t)
{
    (void)g, (void)arg;
    for (size_t i = 0; i < sizeof monitor_cmds / sizeof monitor_cmds[0]; i++)
        say(t, "monitor %-14s %s\n", monitor_cmds[i].name,
            monitor_cmds[i].help);
    say(t, "causes: ");
    for (uint32_t c = 0; c < VM74_NUM_CAUSES; c++)
        if (strcmp(vm74_cause_name(c), "?") != 0)
            say(t, "%s ", vm74_cause_name(c));
    say(t, "\n");
}

void gdb_monitor(struct gdb *g, const char *line, char *out, size_t cap)
{
    struct text t = { out, cap, 0 };
    out[0] = '\0';
    while (*line == ' ')
        line++;
    size_t n = strcspn(line, " ");
    const char *arg = line + n + strspn(line + n, " ");
    for (size_t i = 0; i < sizeof monitor_cmds / sizeof monitor_cmds[0]; i++)
        if (strlen(monitor_cmds[i].name) == n &&
            strncmp(monitor_cmds[i].name, line, n) == 0) {
            monitor_cmds[i].run(g, arg, &t);
            return;
        }
    say(&t, "unknown monitor command '%.*s' (try 'monitor help')\n", (int)n,
        line);
}
