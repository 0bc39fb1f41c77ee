/*
 * conf_lib.c - console output, the checks and their failure messages, the
 * timer, and the few library functions GCC may call.
 *
 * A program runs its checks in order; the first one that fails prints
 *   FAIL <check>: <what> 0x<got> expected 0x<expected>
 * and ends the run with the check's number (1, 2, ...) as exit code.
 */
#include "conf.h"

static const char *const cause_names[VM74_NUM_CAUSES] = VM74_CAUSE_NAMES;

static const char *check_name = "startup";
static uint32_t check_no;
static const char *context_label; /* conf_context() */
static uint32_t context_value;

/* ---- Console and exit --------------------------------------------------- */

static void conf_putc(char c)
{
    while (!(conf_rd32(VM74_UART_STATUS) & VM74_UART_STATUS_TX_READY))
        ;
    conf_wr32(VM74_UART_TXDATA, (uint8_t)c);
}

void conf_puts(const char *s)
{
    while (*s)
        conf_putc(*s++);
}

void conf_puthex(uint32_t v)
{
    conf_puts("0x");
    for (int shift = 28; shift >= 0; shift -= 4)
        conf_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}

static void conf_putdec(uint32_t v)
{
    char buf[11];
    int i = sizeof buf;
    buf[--i] = '\0';
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    conf_puts(&buf[i]);
}

static void put_cause(uint32_t cause)
{
    const char *name = cause < VM74_NUM_CAUSES ? cause_names[cause] : NULL;
    conf_puts(name ? name : "reserved");
    conf_puts(" (");
    conf_putdec(cause);
    conf_puts(")");
}

static __attribute__((noreturn)) void conf_halt(uint32_t code)
{
    conf_wr32(VM74_SIMCTL_EXIT, code);
    for (;;) /* the machine has stopped */
        ;
}

/* After main: every check passed (a failure never returns). */
__attribute__((noreturn)) void conf_exit(int status)
{
    if (check_no == 0) {
        conf_puts("FAIL startup: the program ran no check\n");
        conf_halt(CONF_EXIT_INTERNAL);
    }
    if (status != 0) {
        conf_puts("FAIL ");
        conf_puts(check_name);
        conf_puts(": main returned non-zero\n");
        conf_halt(CONF_EXIT_INTERNAL);
    }
    conf_puts("PASS: ");
    conf_putdec(check_no);
    conf_puts(" checks\n");
    conf_halt(0);
}

/* ---- Failing ------------------------------------------------------------ */

static void fail_begin(void)
{
    conf_puts("FAIL ");
    conf_puts(check_name);
    if (context_label != NULL) {
        conf_puts(" [");
        conf_puts(context_label);
        conf_puts(" ");
        conf_puthex(context_value);
        conf_puts("]");
    }
    conf_puts(": ");
}

static __attribute__((noreturn)) void fail_end(void)
{
    conf_puts("\n");
    conf_timer_disarm();
    conf_halt(check_no ? check_no : CONF_EXIT_INTERNAL);
}

void conf_fail(const char *what)
{
    fail_begin();
    conf_puts(what);
    fail_end();
}

void conf_check(const char *name)
{
    check_name = name;
    check_no++;
    context_label = NULL;
}

void conf_context(const char *label, uint32_t value)
{
    context_label = label;
    context_value = value;
}

void conf_expect_eq(const char *what, uint32_t got, uint32_t expected)
{
    if (got == expected)
        return;
    fail_begin();
    conf_puts(what);
    conf_puts(" ");
    conf_puthex(got);
    conf_puts(" expected ");
    conf_puthex(expected);
    fail_end();
}

static void put_trap_where(const struct conf_psw *old)
{
    conf_puts(" at P ");
    conf_puthex(old->p);
    conf_puts(old->flags & VM74_FLAG_SUPERVISOR ? " (supervisor" : " (user");
    conf_puts(old->flags & VM74_FLAG_IE ? ", IE=1" : ", IE=0");
    conf_puts(", l ");
    conf_puthex(old->base);
    conf_puts(", b ");
    conf_puthex(old->bound);
    conf_puts(")");
}

static void put_trap(uint32_t cause, uint32_t info, const struct conf_psw *old)
{
    put_cause(cause);
    conf_puts(" info ");
    conf_puthex(info);
    put_trap_where(old);
}

/* The first field that differs, then the whole trap and the expectation. */
void conf_expect_trap(uint32_t cause, uint32_t info,
                      const struct conf_psw *old)
{
    const struct conf_trap *t = &conf_last;
    static const char *const what[] = {
        "trap cause", "info", "saved P", "saved flags", "saved l", "saved b",
    };
    const uint32_t got[] = { t->cause, t->info, t->old.p, t->old.flags,
                             t->old.base, t->old.bound };
    const uint32_t want[] = { cause, info, old->p, old->flags, old->base,
                              old->bound };
    for (unsigned i = 0; i < sizeof got / sizeof got[0]; i++) {
        if (got[i] == want[i])
            continue;
        fail_begin();
        conf_puts(what[i]);
        conf_puts(" ");
        conf_puthex(got[i]);
        conf_puts(" expected ");
        conf_puthex(want[i]);
        conf_puts("\n  trap:     ");
        put_trap(t->cause, t->info, &t->old);
        conf_puts("\n  expected: ");
        put_trap(cause, info, old);
        fail_end();
    }
}

static const char *const reg_names[32] = {
    "x0", "x1 (ra)", "x2 (sp)", "x3 (gp)", "x4 (tp)", "x5 (t0)", "x6 (t1)",
    "x7 (t2)", "x8 (s0)", "x9 (s1)", "x10 (a0)", "x11 (a1)", "x12 (a2)",
    "x13 (a3)", "x14 (a4)", "x15 (a5)", "x16 (a6)", "x17 (a7)", "x18 (s2)",
    "x19 (s3)", "x20 (s4)", "x21 (s5)", "x22 (s6)", "x23 (s7)", "x24 (s8)",
    "x25 (s9)", "x26 (s10)", "x27 (s11)", "x28 (t3)", "x29 (t4)",
    "x30 (t5)", "x31 (t6)",
};

void conf_expect_reg(int n, uint32_t value)
{
    conf_expect_eq(reg_names[n], conf_last.x[n], value);
}

void conf_expect_regs(const struct conf_regs *regs, uint32_t except)
{
    for (int n = 1; n < 32; n++)
        if (conf_last.x[n] != regs->x[n] && !(except & (1u << n)))
            conf_expect_reg(n, regs->x[n]);
}

__attribute__((noreturn)) void conf_unexpected_trap(void)
{
    const struct conf_trap *t = &conf_last;
    fail_begin();
    conf_puts("unexpected trap, cause ");
    put_cause(t->cause);
    conf_puts(" info ");
    conf_puthex(t->info);
    put_trap_where(&t->old);
    fail_end();
}

/* ---- Building a check --------------------------------------------------- */

void conf_regs_fill(struct conf_regs *r)
{
    r->x[0] = 0;
    for (int n = 1; n < 32; n++)
        r->x[n] = CONF_REG_PATTERN(n);
}

void conf_copy_code(uint32_t dst, const void *start, const void *end)
{
    memcpy((void *)(uintptr_t)dst, start,
           (size_t)((const char *)end - (const char *)start));
}

/* ---- Timer -------------------------------------------------------------- */

uint64_t conf_time(void)
{
    uint32_t hi, lo;
    do {
        hi = conf_rd32(VM74_TIMER_TIME_HI);
        lo = conf_rd32(VM74_TIMER_TIME_LO);
    } while (conf_rd32(VM74_TIMER_TIME_HI) != hi);
    return ((uint64_t)hi << 32) | lo;
}

void conf_set_cmp(uint64_t cmp)
{
    conf_wr32(VM74_TIMER_CMP_HI, 0xffffffffu);
    conf_wr32(VM74_TIMER_CMP_LO, (uint32_t)cmp);
    conf_wr32(VM74_TIMER_CMP_HI, (uint32_t)(cmp >> 32));
}

void conf_timer_disarm(void)
{
    conf_set_cmp(UINT64_MAX);
}

/* ---- What GCC may call in a freestanding program ----------------------- */

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}
