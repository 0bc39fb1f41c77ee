/*
 * gen_arch_vh.c - print build/rtl/vm74_arch.vh, the Verilog view of
 * include/vm74_arch.h, so that the RTL never repeats an address or a cause,
 * and the retirement record's port lists from sim/vm74_api.h's table, so
 * that a field is one line there plus its behaviour.
 *
 *   gen_arch_vh > build/rtl/vm74_arch.vh
 *
 * Every value comes from one of the header's tables and is emitted as a
 * sized `define (32'h... or n'd...), because the style guide wants every
 * literal sized and `defines raise no unused-parameter lint when a module
 * uses only some of them.
 */
#include <stdio.h>
#include <string.h>

#include "vm74_api.h"
#include "vm74_arch.h"

static void hex32(const char *name, unsigned long v)
{
    printf("`define %-26s 32'h%08lx\n", name, v & 0xffffffffUL);
}

static void dec(const char *name, int width, unsigned long v)
{
    printf("`define %-26s %d'd%lu\n", name, width, v);
}

#define WORD(name) hex32(#name, (unsigned long)(name));
#define FIELD(name, width) dec(#name, width, (unsigned long)(name));
#define REGISTER(dev, reg, offset, access, meaning) \
    hex32("VM74_" #dev "_" #reg, (unsigned long)(VM74_##dev##_##reg));
/* The device registers as case labels and as a test of an address: every
 * register of the table, `VM74_<DEV>_<REG> each, joined by sep. */
#define COUNT_REGISTER(dev, reg, offset, access, meaning) + 1
static const int n_registers = 0 VM74_DEVICE_REGISTERS(COUNT_REGISTER);

static void register_item(const char *fmt, const char *name, const char *sep,
                          const char *last)
{
    static int i;
    printf(fmt, name);
    printf("%s\n", ++i % n_registers != 0 ? sep : last);
}

#define REGISTER_LABEL(dev, reg, offset, access, meaning) \
    register_item("    `VM74_%s", #dev "_" #reg, ", \\", "");
#define REGISTER_TEST(dev, reg, offset, access, meaning) \
    register_item("    (p) == `VM74_%s", #dev "_" #reg, " || \\", ")");

static void register_macros(void)
{
    printf("\n// The device registers (VM74_DEVICE_REGISTERS): case labels, and\n"
           "// whether address p is one.\n"
           "`define VM74_DEVICE_REGISTER_CASES \\\n");
    VM74_DEVICE_REGISTERS(REGISTER_LABEL)
    printf("`define VM74_IS_DEVICE_REGISTER(p) ( \\\n");
    VM74_DEVICE_REGISTERS(REGISTER_TEST)
}

#define FLAW_NUMBER(name) dec("VM74_FLAW_" #name, 32, VM74_FLAW_##name);
#define FLAW_F3(name) dec("VM74_F3_" #name, 3, VM74_F3_##name);
#define CAUSE(name) dec("VM74_CAUSE_" #name, 5, VM74_CAUSE_##name);

/*
 * The record's ports: rvfi_valid, rvfi_<port> for VM74_RETIRE_FIELDS, then
 * rvfi_next_<name> for VM74_PSW_FIELDS.  The controller's rv_<port> and
 * vm74_rvfi's <port>_i carry the retirement fields but order, which
 * vm74_rvfi counts itself.
 */
struct port {
    const char *name;
    int width;
    int rv;   /* a retirement field the controller gives (rv_<name>) */
};

#define RETIRE_PORT(name, type, width, port, meaning) \
    {#port, width, strcmp(#port, "order") != 0},
#define PSW_PORT(name, width, meaning) {"next_" #name, width, 0},
static const struct port ports[] = {
    {"valid", 1, 0},
    VM74_RETIRE_FIELDS(RETIRE_PORT)
    VM74_PSW_FIELDS(PSW_PORT)
};
#define N_PORTS (sizeof ports / sizeof ports[0])

static const char *range(int width)
{
    static char r[16];
    r[0] = 0;
    if (width > 1)
        snprintf(r, sizeof r, "[%d:0] ", width - 1);
    return r;
}

/* `define NAME: one line per selected port, each ending in sep but the
 * last, which ends in last. */
enum form { PORT_DECL, CONNECT, RESET, LOAD, IN_DECL, RV_OUT, RV_REG, RV_WIRE,
            RV_ASSIGN, RV_CTRL, RV_RVFI };

static int selected(enum form f, const struct port *p)
{
    switch (f) {
    case PORT_DECL: case CONNECT: case RESET: return 1;
    case LOAD: case IN_DECL: return p->rv || strncmp(p->name, "next_", 5) == 0;
    default: return p->rv;
    }
}

static void line(enum form f, const struct port *p, const char *end)
{
    const char *n = p->name, *r = range(p->width);
    switch (f) {
    case PORT_DECL: printf("    output kind %srvfi_%s%s", r, n, end); break;
    case CONNECT:   printf("    .rvfi_%s (rvfi_%s)%s", n, n, end); break;
    case RESET:     printf("    rvfi_%s <= %d'd0;%s", n, p->width, end); break;
    case LOAD:      printf("    rvfi_%s <= %s_i;%s", n, n, end); break;
    case IN_DECL:   printf("    input  wire %s%s_i%s", r, n, end); break;
    case RV_OUT:    printf("    output wire %srv_%s_o%s", r, n, end); break;
    case RV_REG:    printf("    reg  %srv_%s;%s", r, n, end); break;
    case RV_WIRE:   printf("    wire %srv_%s;%s", r, n, end); break;
    case RV_ASSIGN: printf("    assign rv_%s_o = rv_%s;%s", n, n, end); break;
    case RV_CTRL:   printf("    .rv_%s_o (rv_%s),%s", n, n, end); break;
    case RV_RVFI:   printf("    .%s_i (rv_%s),%s", n, n, end); break;
    }
}

static void define_list(const char *name, enum form f, const char *sep, const char *last)
{
    size_t i, end = 0;
    for (i = 0; i < N_PORTS; i++)
        if (selected(f, &ports[i]))
            end = i;
    printf("`define %s \\\n", name);
    for (i = 0; i <= end; i++) {
        if (!selected(f, &ports[i]))
            continue;
        line(f, &ports[i], i < end ? sep : last);
        printf(i < end ? " \\\n" : "\n");
    }
    printf("\n");
}

static void record_macros(void)
{
    printf("\n// The retirement record (docs/rtl.md \"Retirement port\"), from\n"
           "// sim/vm74_api.h's VM74_RETIRE_FIELDS and VM74_PSW_FIELDS.\n");
    define_list("VM74_RVFI_PORTS(kind)", PORT_DECL, ",", "");
    define_list("VM74_RVFI_CONNECT", CONNECT, ",", "");
    define_list("VM74_RVFI_RESET", RESET, "", "");
    define_list("VM74_RVFI_LOAD", LOAD, "", "");
    define_list("VM74_RVFI_INPUTS", IN_DECL, ",", ",");
    define_list("VM74_RV_OUTPUTS", RV_OUT, ",", ",");
    define_list("VM74_RV_REGS", RV_REG, "", "");
    define_list("VM74_RV_WIRES", RV_WIRE, "", "");
    define_list("VM74_RV_ASSIGN", RV_ASSIGN, "", "");
    define_list("VM74_RV_CONNECT_CTRL", RV_CTRL, "", "");
    define_list("VM74_RV_CONNECT_RVFI", RV_RVFI, "", "");
}

int main(void)
{
    printf("// Generated by tools/gen_arch_vh.c from include/vm74_arch.h.\n"
           "// Do not edit.\n"
           "`ifndef VM74_ARCH_VH\n`define VM74_ARCH_VH\n\n");
    VM74_VERILOG_MAP(WORD)
    VM74_DEVICE_REGISTERS(REGISTER)
    VM74_VERILOG_WORDS(WORD)
    VM74_VERILOG_FIELDS(FIELD)
    VM74_FLAWS(FLAW_NUMBER)
    VM74_FLAWS(FLAW_F3)
    VM74_CAUSES(CAUSE)
    register_macros();
    record_macros();
    printf("\n`endif // VM74_ARCH_VH\n");
    return 0;
}
