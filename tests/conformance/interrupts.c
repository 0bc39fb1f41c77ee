/*
 * interrupts.c - the timer interrupt (docs/isa.md §7, §4.3 WFI, §5):
 *   - pending with IE = 0: never taken, never lost;
 *   - taken with IE = 1 before the fetch of the next instruction, in both
 *     modes, info 0, saved P = that instruction; right after an LPSW that
 *     sets IE = 1, before the first instruction at the new P, and before
 *     that fetch can fault;
 *   - WFI waits until the timer is pending whatever IE is: with IE = 0 it
 *     continues after the WFI, with IE = 1 the interrupt is taken with
 *     saved P = the WFI's address + 4;
 *   - level-triggered: cleared only by a larger CMP.
 * Nothing here depends on cycles per instruction: the timer is made
 * pending with CMP <= TIME, by a store, or waited for with WFI or a loop
 * with more instructions than the cycles until CMP.
 */
#include "conf.h"

#define PART CONF_PART_A

extern const uint32_t irq_store_cmp[], irq_store_cmp_end[], irq_loop[], irq_loop_end[],
    irq_wfi[], irq_wfi_end[];

static const struct {
    const char *suffix;
    uint32_t flags; /* IE is added where a check needs it */
} modes[] = { { "user", CONF_U }, { "supervisor", CONF_S } };

static char name_buf[96];

static char *append(char *d, const char *s)
{
    while (*s)
        *d++ = *s++;
    return d;
}

static void check(const char *stem, const char *suffix)
{
    char *d = append(name_buf, stem);
    if (suffix != NULL)
        d = append(append(d, "_"), suffix);
    *d = '\0';
    conf_check(name_buf);
}

static struct conf_regs regs;

/* Run under psw with the registers filled (a0, a1 as given). */
static void run(struct conf_psw psw, uint32_t a0, uint32_t a1)
{
    conf_regs_fill(&regs);
    regs.x[A0] = a0;
    regs.x[A1] = a1;
    conf_try(&psw, &regs);
}

static void expect_timer(struct conf_psw at)
{
    conf_expect_trap(VM74_CAUSE_TIMER, 0, &at);
}

static void expect_ecall(struct conf_psw at)
{
    conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &at);
}

static struct conf_psw moved(struct conf_psw psw, uint32_t p)
{
    psw.p = p;
    return psw;
}

/* ---- IE = 0 ------------------------------------------------------------ */

/* Pending and IE = 0: code runs on, the interrupt waits. */
static void check_ie0_not_taken(void)
{
    conf_copy_code(PART, irq_loop, irq_loop_end);
    for (unsigned m = 0; m < 2; m++) {
        check("irq_pending_ie0_not_taken", modes[m].suffix);
        conf_set_cmp(0);
        struct conf_psw psw = conf_psw(modes[m].flags, 0, PART, 0x100);
        run(psw, 50, 0);
        expect_ecall(moved(psw, 8));
        conf_expect_reg(A0, 0);
        conf_expect_regs(&regs, 1u << A0);

        /* The timer becomes pending during the run (the loop has more
         * instructions than the cycles to CMP): still not taken. */
        check("irq_becomes_pending_ie0_not_taken", modes[m].suffix);
        uint64_t cmp = conf_time() + 100;
        conf_set_cmp(cmp);
        run(psw, 200, 0);
        expect_ecall(moved(psw, 8));
        conf_expect_reg(A0, 0);
        conf_expect_regs(&regs, 1u << A0);
        if (conf_time() < cmp)
            conf_fail("TIME did not reach CMP during 400 instructions");

        /* Not lost: the first PSW with IE = 1 takes it at once. */
        check("irq_pending_not_lost", modes[m].suffix);
        psw.flags |= VM74_FLAG_IE;
        run(psw, 50, 0);
        expect_timer(psw);
        conf_expect_regs(&regs, 0);
        conf_timer_disarm();
    }
}

/* ---- Taken at once after LPSW, before any fetch ----------------------- */

static void check_taken_after_lpsw(void)
{
    conf_wr32(PART + 0x00, VM74_INSN_ECALL);
    conf_wr32(PART + 0x10, 0xffffffff);    /* ILLEGAL */
    conf_wr32(PART + 0x20, VM74_INSN_WFI); /* PRIVILEGED in user mode */
    static const struct {
        const char *name;
        uint32_t p, bound;
    } cases[] = {
        { "irq_taken_at_lpsw_target", 0, 0x100 },
        { "irq_before_fetch_misaligned", 2, 0x100 },
        { "irq_before_fetch_fault", 0, 0 },
        { "irq_before_fetch_past_bound", 0x200, 0x100 },
        { "irq_before_illegal", 0x10, 0x100 },
        { "irq_before_wfi", 0x20, 0x100 },
    };
    for (unsigned m = 0; m < 2; m++)
        for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            check(cases[i].name, modes[m].suffix);
            conf_set_cmp(0);
            struct conf_psw psw = conf_psw(modes[m].flags | VM74_FLAG_IE,
                                           cases[i].p, PART, cases[i].bound);
            run(psw, 1, 2);
            conf_timer_disarm();
            expect_timer(psw);
            conf_expect_regs(&regs, 0);
        }

    /* The same through an LPSW the program runs itself, from supervisor
     * mode with IE = 0 (so nothing is taken before it). */
    static const struct conf_psw loads[] = {
        { CONF_UI, 0, PART, 0x100 },
        { CONF_SI, 0, PART, 0x100 },
    };
    for (unsigned m = 0; m < 2; m++) {
        check("irq_taken_after_explicit_lpsw", modes[m].suffix);
        conf_wr32(PART + 0x400, loads[m].flags);
        conf_wr32(PART + 0x404, loads[m].p);
        conf_wr32(PART + 0x408, loads[m].base);
        conf_wr32(PART + 0x40c, loads[m].bound);
        conf_set_cmp(0);
        run(conf_psw(CONF_S, CONF_ADDR(snip_lpsw), 0, VM74_BOUND_ALL),
            PART + 0x400, 0);
        conf_timer_disarm();
        expect_timer(loads[m]);
        conf_expect_regs(&regs, 0);
    }
}

/* ---- Taken before the next instruction -------------------------------- */

/* A store makes the timer pending: the interrupt comes right after it,
 * saved P = the store + 4, the ADDI after it not run.  With IE = 0 the
 * ADDI runs and the ECALL traps instead. */
static void check_next_instruction(void)
{
    static const struct {
        const char *name;
        uint32_t flags, base;
    } cases[] = {
        { "irq_saved_p_next_user", CONF_UI, 0 },
        { "irq_saved_p_next_supervisor", CONF_SI, 0 },
        { "irq_saved_p_next_supervisor_based", CONF_SI, PART },
        { "irq_store_makes_pending_ie0_user", CONF_U, 0 },
        { "irq_store_makes_pending_ie0_supervisor", CONF_S, PART },
    };
    const uint32_t code = PART + 0x200;
    conf_copy_code(code, irq_store_cmp, irq_store_cmp_end);
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        check(cases[i].name, NULL);
        uint32_t base = cases[i].base;
        conf_set_cmp(0x00000000ffffffffull); /* CMP_HI = 0: one store away */
        struct conf_psw psw = conf_psw(cases[i].flags, code - base, base,
                                       VM74_BOUND_ALL - base);
        run(psw, VM74_TIMER_CMP_LO - base, 7);
        conf_timer_disarm();
        if (cases[i].flags & VM74_FLAG_IE) {
            expect_timer(moved(psw, psw.p + 4));
            conf_expect_regs(&regs, 0);
        } else {
            expect_ecall(moved(psw, psw.p + 8));
            conf_expect_reg(A1, 8);
            conf_expect_regs(&regs, 1u << A1);
        }
    }
}

/* The timer falls due while a loop runs under a base: the interrupt lands
 * inside the loop, which has not finished; the old PSW is the program's. */
static void check_during_loop(void)
{
    conf_copy_code(PART, irq_loop, irq_loop_end);
    for (unsigned m = 0; m < 2; m++) {
        check("irq_during_loop", modes[m].suffix);
        struct conf_psw psw = conf_psw(modes[m].flags | VM74_FLAG_IE, 0,
                                       PART, 0x100);
        conf_set_cmp(conf_time() + 1000);
        run(psw, 1000000, 0);
        conf_timer_disarm();
        const struct conf_trap *t = &conf_last;
        conf_expect_eq("cause", t->cause, VM74_CAUSE_TIMER);
        conf_expect_eq("info", t->info, 0);
        if (t->old.p != 0 && t->old.p != 4)
            conf_expect_eq("saved P (the loop is at 0 and 4)", t->old.p, 0);
        conf_expect_eq("saved flags", t->old.flags, psw.flags);
        conf_expect_eq("saved l", t->old.base, PART);
        conf_expect_eq("saved b", t->old.bound, 0x100);
        if (t->x[A0] == 0)
            conf_fail("the loop finished: no interrupt while it ran");
        conf_expect_regs(&regs, 1u << A0);
    }
}

/* ---- WFI ------------------------------------------------------------- */

/* WFI waits for the timer whatever IE is.  IE = 0: execution goes on after
 * it (the ADDI runs) and TIME has reached CMP.  IE = 1: the interrupt is
 * taken with saved P = WFI + 4, the ADDI not run. */
static void check_wfi(void)
{
    conf_copy_code(PART, irq_wfi, irq_wfi_end);
    static const struct {
        const char *name;
        uint32_t flags, base;
        int already; /* the timer is pending before the WFI */
    } cases[] = {
        { "wfi_wakes_ie0", CONF_S, 0, 0 },
        { "wfi_wakes_ie0_based", CONF_S, PART, 0 },
        { "wfi_wakes_ie1", CONF_SI, 0, 0 },
        { "wfi_wakes_ie1_based", CONF_SI, PART, 0 },
        { "wfi_already_pending_ie0", CONF_S, PART, 1 },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        check(cases[i].name, NULL);
        uint32_t base = cases[i].base;
        struct conf_psw psw = conf_psw(cases[i].flags, PART - base, base,
                                       0x100 + PART - base);
        /* Far enough ahead that the ~200 instructions up to the WFI cannot
         * reach it, however many cycles each takes (up to ~500). */
        uint64_t cmp = cases[i].already ? 0 : conf_time() + 100000;
        conf_set_cmp(cmp);
        run(psw, 0, 7);
        uint64_t now = conf_time();
        conf_timer_disarm();
        if (now < cmp)
            conf_fail("WFI completed before TIME reached CMP");
        if (cases[i].flags & VM74_FLAG_IE) {
            expect_timer(moved(psw, psw.p + 4));
            conf_expect_regs(&regs, 0);
        } else {
            expect_ecall(moved(psw, psw.p + 8));
            conf_expect_reg(A1, 8);
            conf_expect_regs(&regs, 1u << A1);
        }
    }
}

/* ---- Level-triggered ------------------------------------------------- */

/* After an interrupt the timer stays pending (the handler runs with IE =
 * 0, so it is not taken again there) until CMP is moved past TIME. */
static void check_level(void)
{
    conf_wr32(PART, VM74_INSN_ECALL);
    struct conf_psw psw = conf_psw(CONF_SI, 0, PART, 4);

    check("irq_level_taken_again", NULL);
    conf_set_cmp(0);
    run(psw, 0, 0);
    expect_timer(psw);
    run(psw, 0, 0);
    expect_timer(psw);

    check("irq_cleared_by_larger_cmp", NULL);
    conf_set_cmp(conf_time() + 0x100000000ull);
    run(psw, 0, 0);
    expect_ecall(psw);
    conf_timer_disarm();
}

int main(void)
{
    conf_timer_disarm();
    check_ie0_not_taken();
    check_taken_after_lpsw();
    check_next_instruction();
    check_during_loop();
    check_wfi();
    check_level();
    return 0;
}
