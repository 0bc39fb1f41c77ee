/*
 * nested_trap.c - a trap taken inside a trap handler (docs/isa.md §3):
 * the second trap overwrites the old PSW, cause and info with the
 * handler's own (M = supervisor, IE = 0, l = 0, b = all, P = the
 * instruction in the handler), while what the handler copied before shows
 * the first trap.  A first trap with IE = 1 leaves the handler IE = 0: a
 * timer still pending does not interrupt it.
 */
#include "conf.h"

#define PART CONF_PART_A
#define NEST_COPY CONF_LC_SCRATCH

extern uint32_t nest_vector[], nest_trap[];

/* The first trap: an instruction at logical 0x40 of PART under flags. */
struct first {
    const char *name;
    uint32_t flags;
    uint32_t word;     /* at logical 0x40 */
    uint32_t cause, info;
    int timer;         /* make the timer pending first (IE = 1) */
};

static const struct first firsts[] = {
    { "user_ecall", CONF_U, VM74_INSN_ECALL, VM74_CAUSE_ECALL,
      VM74_INSN_ECALL, 0 },
    { "user_ie_ebreak", CONF_UI, VM74_INSN_EBREAK, VM74_CAUSE_BREAKPOINT,
      VM74_INSN_EBREAK, 0 },
    { "user_privileged", CONF_U, VM74_INSN_WFI, VM74_CAUSE_PRIVILEGED,
      VM74_INSN_WFI, 0 },
    { "supervisor_illegal", CONF_S, 0xffffffff, VM74_CAUSE_ILLEGAL,
      0xffffffff, 0 },
    { "user_timer", CONF_UI, VM74_INSN_ECALL, VM74_CAUSE_TIMER, 0, 1 },
    { "supervisor_timer", CONF_SI, VM74_INSN_ECALL, VM74_CAUSE_TIMER, 0, 1 },
};

/* The second trap, in the handler. */
struct second {
    const char *name;
    uint32_t word;
    uint32_t cause, info;
};

#define FAULT_ADDR 0xfffffff0u /* t4: not RAM */

static const struct second seconds[] = {
    { "ebreak", VM74_INSN_EBREAK, VM74_CAUSE_BREAKPOINT, VM74_INSN_EBREAK },
    { "load_fault", CONF_INSN_LW(T5, T4, 0), VM74_CAUSE_LOAD_FAULT,
      FAULT_ADDR },
    { "illegal", 0x0000707f, VM74_CAUSE_ILLEGAL, 0x0000707f },
};

static char name_buf[96];

static char *append(char *d, const char *s)
{
    while (*s)
        *d++ = *s++;
    return d;
}

static void run(const struct first *f, const struct second *s)
{
    char *d = append(name_buf, "nested_");
    d = append(append(append(d, f->name), "_then_"), s->name);
    *d = '\0';
    conf_check(name_buf);

    conf_wr32(PART + 0x40, f->word);
    conf_wr32(PART + 0x44, 0);
    nest_trap[0] = s->word; /* fetched as written: no FENCE.I */
    for (unsigned i = 0; i < 6; i++)
        conf_wr32(NEST_COPY + 4 * i, 0);

    struct conf_regs regs;
    conf_regs_fill(&regs);
    regs.x[T6] = CONF_ADDR(conf_trap_entry);
    regs.x[T4] = FAULT_ADDR;
    struct conf_psw psw = conf_psw(f->flags, 0x40, PART, 0x100);
    if (f->timer)
        conf_set_cmp(0);
    conf_wr32(VM74_LC_VECTOR, CONF_ADDR(nest_vector));
    conf_try(&psw, &regs);
    conf_wr32(VM74_LC_VECTOR, CONF_ADDR(conf_trap_entry));
    conf_timer_disarm();

    /* low core: the second trap, from the handler */
    const struct conf_psw handler = { CONF_S, CONF_ADDR(nest_trap), 0,
                                      VM74_BOUND_ALL };
    conf_expect_trap(s->cause, s->info, &handler);
    /* the handler's copy: the first trap */
    conf_expect_eq("first trap's flags", conf_rd32(NEST_COPY + 0), f->flags);
    conf_expect_eq("first trap's P", conf_rd32(NEST_COPY + 4), 0x40);
    conf_expect_eq("first trap's l", conf_rd32(NEST_COPY + 8), PART);
    conf_expect_eq("first trap's b", conf_rd32(NEST_COPY + 12), 0x100);
    conf_expect_eq("first trap's cause", conf_rd32(NEST_COPY + 16), f->cause);
    conf_expect_eq("first trap's info", conf_rd32(NEST_COPY + 20), f->info);
    /* t5 is the handler's scratch: it holds the last word copied (info) */
    conf_expect_reg(T5, f->info);
    conf_expect_regs(&regs, 1u << T5);
}

int main(void)
{
    for (unsigned i = 0; i < sizeof firsts / sizeof firsts[0]; i++)
        for (unsigned j = 0; j < sizeof seconds / sizeof seconds[0]; j++)
            run(&firsts[i], &seconds[j]);
    return 0;
}
