/*
 * trap_state.c - the trap itself (docs/isa.md §3): for every cause, in
 * both modes and with IE 0 and 1,
 *   - the old PSW (flags with M and IE at the time of the trap, P, l, b),
 *     cause and info land in physical low core exactly as specified;
 *   - the new PSW is M = supervisor, IE = 0, R = all memory, P = the word
 *     at 0x018: a probe at the vector reads high RAM and a device,
 *     makes the timer pending and runs WFI, none of which may trap;
 *   - no general-purpose register changes (all 31 filled with patterns)
 *     and no other memory is written: not the reserved word 0x01c, not the
 *     trapped program's own low addresses (l + 0x000 ...), which a
 *     relocated store of the old PSW would hit.
 */
#include "conf.h"

#define PART CONF_PART_A
#define CODE 0x100 /* logical address of the instruction under test */
#define BOUND 0x1000

#define PROBE_HIGH   (CONF_LC_SCRATCH + 0x08)
#define PROBE_DEVICE (CONF_LC_SCRATCH + 0x0c)
#define PROBE_DONE   (CONF_LC_SCRATCH + 0x10)
#define MARK_A       (CONF_LC_SCRATCH + 0x14)
#define MARK_BEFORE  (CONF_LC_SCRATCH + 0x18)

#define HIGH_MAGIC   0x61626364u
#define DEVICE_MAGIC 0x0badcafeu /* CMP_LO, with CMP_HI all ones */
#define CANARY(i)    (0xc0de0000u + (i))
#define NCANARY      0x40 /* words at PART + 0 ... */

extern const uint32_t probe_vector[], vector_a[];

static const struct {
    const char *suffix;
    uint32_t flags;
} modes[] = {
    { "user", CONF_U },
    { "user_ie", CONF_UI },
    { "supervisor", CONF_S },
    { "supervisor_ie", CONF_SI },
};

/* One cause: the word at CODE (if any) and the registers it uses. */
struct cause_case {
    const char *name;
    uint32_t cause;
    uint32_t word;     /* at logical CODE; ignored if p != CODE */
    uint32_t p;        /* the PSW's P */
    uint32_t bound;
    uint32_t a0;       /* operand address, for loads and stores */
    uint32_t info;
    int user_only;     /* PRIVILEGED */
    int needs_ie;      /* TIMER: the timer is made pending first */
};

static const struct cause_case causes[] = {
    { "fetch_misaligned", VM74_CAUSE_FETCH_MISALIGNED, 0, CODE + 2, BOUND,
      0, CODE + 2, 0, 0 },
    { "fetch_fault", VM74_CAUSE_FETCH_FAULT, 0, CODE, CODE, 0, CODE, 0, 0 },
    { "illegal", VM74_CAUSE_ILLEGAL, 0xffffffff, CODE, BOUND, 0, 0xffffffff,
      0, 0 },
    { "breakpoint", VM74_CAUSE_BREAKPOINT, VM74_INSN_EBREAK, CODE, BOUND, 0,
      VM74_INSN_EBREAK, 0, 0 },
    { "load_misaligned", VM74_CAUSE_LOAD_MISALIGNED, CONF_INSN_LW(A1, A0, 0),
      CODE, BOUND, 0x201, 0x201, 0, 0 },
    { "load_fault", VM74_CAUSE_LOAD_FAULT, CONF_INSN_LW(A1, A0, 0), CODE,
      BOUND, BOUND, BOUND, 0, 0 },
    { "store_misaligned", VM74_CAUSE_STORE_MISALIGNED,
      CONF_INSN_SW(A1, A0, 0), CODE, BOUND, 0x202, 0x202, 0, 0 },
    { "store_fault", VM74_CAUSE_STORE_FAULT, CONF_INSN_SW(A1, A0, 0), CODE, BOUND,
      0xfffffffc, 0xfffffffc, 0, 0 },
    { "ecall", VM74_CAUSE_ECALL, VM74_INSN_ECALL, CODE, BOUND, 0,
      VM74_INSN_ECALL, 0, 0 },
    { "privileged", VM74_CAUSE_PRIVILEGED, VM74_INSN_WFI, CODE, BOUND, 0,
      VM74_INSN_WFI, 1, 0 },
    { "timer", VM74_CAUSE_TIMER, VM74_INSN_ECALL, CODE, BOUND, 0, 0, 0, 1 },
};

static char name_buf[96];

static char *append(char *d, const char *s)
{
    while (*s)
        *d++ = *s++;
    return d;
}

static void check(const char *stem, const char *a, const char *b)
{
    char *d = append(name_buf, stem);
    if (a != NULL)
        d = append(append(d, "_"), a);
    if (b != NULL)
        d = append(append(d, "_"), b);
    *d = '\0';
    conf_check(name_buf);
}

static void fill_canaries(void)
{
    for (uint32_t i = 0; i < NCANARY; i++)
        conf_wr32(PART + 4 * i, CANARY(i));
}

static void expect_canaries(void)
{
    for (uint32_t i = 0; i < NCANARY; i++)
        conf_expect_eq("partition word", conf_rd32(PART + 4 * i), CANARY(i));
}

/* Run one cause in one mode with the probe at the vector. */
static void run_cause(const struct cause_case *c, uint32_t flags)
{
    fill_canaries();
    conf_wr32(PART + CODE, c->word);
    conf_wr32(PART + CODE + 4, 0); /* guard: ILLEGAL 0 */
    conf_wr32(CONF_RAM_SIZE - 4, HIGH_MAGIC);
    conf_wr32(PROBE_HIGH, 0);
    conf_wr32(PROBE_DEVICE, 0);
    conf_wr32(PROBE_DONE, 0);
    conf_wr32(VM74_LC_RESERVED, 0);
    conf_set_cmp(c->needs_ie ? 0 : 0xffffffff00000000ull | DEVICE_MAGIC);

    struct conf_regs regs;
    conf_regs_fill(&regs);
    if (c->a0 != 0)
        regs.x[A0] = c->a0;
    struct conf_psw psw = conf_psw(flags, c->p, PART, c->bound);
    conf_wr32(VM74_LC_VECTOR, CONF_ADDR(probe_vector));
    conf_try(&psw, &regs);
    conf_wr32(VM74_LC_VECTOR, CONF_ADDR(conf_trap_entry));
    conf_timer_disarm();

    conf_expect_trap(c->cause, c->info, &psw);
    conf_expect_regs(&regs, 0);
    conf_expect_eq("probe at the vector finished", conf_rd32(PROBE_DONE), 1);
    conf_expect_eq("probe: word at RAM end - 4", conf_rd32(PROBE_HIGH),
                   HIGH_MAGIC);
    conf_expect_eq("probe: TIMER_CMP_LO", conf_rd32(PROBE_DEVICE),
                   c->needs_ie ? 0 : DEVICE_MAGIC);
    conf_expect_eq("reserved word 0x01c", conf_rd32(VM74_LC_RESERVED), 0);
    expect_canaries();
}

static void check_every_cause(void)
{
    for (unsigned i = 0; i < sizeof causes / sizeof causes[0]; i++) {
        const struct cause_case *c = &causes[i];
        for (unsigned m = 0; m < sizeof modes / sizeof modes[0]; m++) {
            uint32_t flags = modes[m].flags;
            if (c->user_only && (flags & VM74_FLAG_SUPERVISOR))
                continue;
            if (c->needs_ie && !(flags & VM74_FLAG_IE))
                continue;
            check("trap_state", c->name, modes[m].suffix);
            run_cause(c, flags);
        }
    }
}

/* P = the vector word exactly, whatever it holds. */
static void check_vector(void)
{
    for (unsigned m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        check("trap_vector_exact", modes[m].suffix, NULL);
        conf_wr32(MARK_A, 0xffffffff);
        conf_wr32(MARK_BEFORE, 0xffffffff);
        conf_wr32(PART + CODE, VM74_INSN_ECALL);
        struct conf_regs regs;
        conf_regs_fill(&regs);
        struct conf_psw psw = conf_psw(modes[m].flags, CODE, PART, BOUND);
        conf_wr32(VM74_LC_VECTOR, CONF_ADDR(vector_a));
        conf_try(&psw, &regs);
        conf_wr32(VM74_LC_VECTOR, CONF_ADDR(conf_trap_entry));
        conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &psw);
        conf_expect_regs(&regs, 0);
        conf_expect_eq("mark at the vector", conf_rd32(MARK_A), 0);
        conf_expect_eq("mark 4 bytes before the vector",
                       conf_rd32(MARK_BEFORE), 0xffffffff);
    }
}

/* The old PSW of a trap is the PSW the trapping program ran under, not
 * the one it started with: a supervisor snippet lowers itself to user mode
 * with another R by LPSW, then traps. */
static void check_old_psw_is_current(void)
{
    check("trap_state_after_lpsw", NULL, NULL);
    /* logical 0x200 of the first PSW: LPSW 0x300(x0); the loaded PSW runs
     * an EBREAK at PART + 0x404 as logical 4 */
    const struct conf_psw second = { CONF_UI, 4, PART + 0x400, 8 };
    conf_wr32(PART + 0x200, enc_lpsw(0, 0x300));
    conf_wr32(PART + 0x300 + VM74_PSW_FLAGS, second.flags);
    conf_wr32(PART + 0x300 + VM74_PSW_P, second.p);
    conf_wr32(PART + 0x300 + VM74_PSW_BASE, second.base);
    conf_wr32(PART + 0x300 + VM74_PSW_BOUND, second.bound);
    conf_wr32(PART + 0x404, VM74_INSN_EBREAK);
    struct conf_regs regs;
    conf_regs_fill(&regs);
    struct conf_psw first = conf_psw(CONF_S, 0x200, PART, BOUND);
    conf_try(&first, &regs);
    conf_expect_trap(VM74_CAUSE_BREAKPOINT, VM74_INSN_EBREAK, &second);
    conf_expect_regs(&regs, 0);
}

int main(void)
{
    check_every_cause();
    check_vector();
    check_old_psw_is_current();
    return 0;
}
