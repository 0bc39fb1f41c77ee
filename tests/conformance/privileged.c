/*
 * privileged.c - LPSW and WFI, the two privileged instructions
 * (docs/isa.md §4.3): in user mode they trap with cause PRIVILEGED, info =
 * the instruction word, saved P = their address, the old PSW exact and no
 * register changed, whatever their operand; in supervisor mode they
 * execute.  PRIVILEGED comes before the LPSW operand's own checks (§5
 * priority 4 before 6).
 *
 * The instructions are written into a partition as words, so each word is
 * the one docs/isa.md encodes, not the assembler's choice.
 */
#include "conf.h"

#define PART CONF_PART_A /* a user partition: logical 0 = physical PART */
#define OPND 0x800       /* logical address of an LPSW operand in it */

/* Partition layout: the instruction under test at logical 0, a guard
 * (ILLEGAL) after it, an ECALL marker at 0x10. */
static void put_code(uint32_t word)
{
    conf_wr32(PART + 0x0, word);
    conf_wr32(PART + 0x4, 0); /* reached only if the word did not trap */
    conf_wr32(PART + 0x10, VM74_INSN_ECALL);
}

static void put_psw(uint32_t paddr, struct conf_psw w)
{
    conf_wr32(paddr + VM74_PSW_FLAGS, w.flags);
    conf_wr32(paddr + VM74_PSW_P, w.p);
    conf_wr32(paddr + VM74_PSW_BASE, w.base);
    conf_wr32(paddr + VM74_PSW_BOUND, w.bound);
}

/* The word at logical 0 traps PRIVILEGED under psw, registers as given. */
static void expect_privileged(const char *name, uint32_t word,
                              struct conf_psw psw, struct conf_regs *regs)
{
    conf_check(name);
    put_code(word);
    conf_try(&psw, regs);
    conf_expect_trap(VM74_CAUSE_PRIVILEGED, word, &psw);
    conf_expect_regs(regs, 0);
}

struct lpsw_case {
    const char *name;
    int rs1;
    int32_t imm;
    uint32_t rs1_value; /* logical; the operand is at rs1 + imm */
};

/* LPSW in user mode, with operands that would be legal, misaligned,
 * straddling the bound, outside it or wrapping: PRIVILEGED every time. */
static const struct lpsw_case user_lpsw[] = {
    { "lpsw_user_operand_legal", A0, 0, OPND },
    { "lpsw_user_operand_imm", T6, 0x7f0, OPND - 0x7f0 },
    { "lpsw_user_operand_x0", 0, 0x7f0, 0 },
    { "lpsw_user_operand_negative_imm", S0, -2048, OPND + 2048 },
    { "lpsw_user_operand_misaligned", A1, 2, OPND },
    { "lpsw_user_operand_straddles_bound", RA, 0, 0x1000 - 8 },
    { "lpsw_user_operand_outside_bound", SP, 0, 0x10000 },
    { "lpsw_user_operand_wraps", A5, 0, 0xfffffff0 },
};

static void check_lpsw_user(void)
{
    /* A legal operand that would enter supervisor mode at the marker, in
     * case the LPSW ran instead of trapping. */
    put_psw(PART + OPND, conf_psw(CONF_S, PART + 0x10, 0, VM74_BOUND_ALL));
    for (unsigned i = 0; i < sizeof user_lpsw / sizeof user_lpsw[0]; i++) {
        const struct lpsw_case *c = &user_lpsw[i];
        struct conf_regs regs;
        conf_regs_fill(&regs);
        if (c->rs1 != 0)
            regs.x[c->rs1] = c->rs1_value;
        expect_privileged(c->name, enc_lpsw(c->rs1, c->imm),
                          conf_psw(CONF_U, 0, PART, 0x1000), &regs);
    }

    struct conf_regs regs;
    conf_regs_fill(&regs);
    regs.x[A0] = OPND;
    expect_privileged("lpsw_user_ie", enc_lpsw(A0, 0),
                      conf_psw(CONF_UI, 0, PART, 0x1000), &regs);
    /* R covering all memory does not make user mode privileged. */
    regs.x[A0] = PART + OPND;
    expect_privileged("lpsw_user_base_0", enc_lpsw(A0, 0),
                      conf_psw(CONF_U, PART, 0, VM74_BOUND_ALL), &regs);
    /* The bound ends right after the instruction. */
    regs.x[A0] = 0;
    expect_privileged("lpsw_user_tight_bound", enc_lpsw(A0, 0),
                      conf_psw(CONF_U, 0, PART, 4), &regs);
}

/* WFI in user mode traps before it could wait: with the timer disarmed
 * (it would wait for ever), pending (it would complete at once), IE 0/1. */
static void check_wfi_user(void)
{
    struct conf_regs regs;
    conf_regs_fill(&regs);

    conf_timer_disarm();
    expect_privileged("wfi_user_timer_disarmed", VM74_INSN_WFI,
                      conf_psw(CONF_U, 0, PART, 0x1000), &regs);
    expect_privileged("wfi_user_ie_timer_disarmed", VM74_INSN_WFI,
                      conf_psw(CONF_UI, 0, PART, 0x1000), &regs);
    expect_privileged("wfi_user_base_0", VM74_INSN_WFI,
                      conf_psw(CONF_U, PART, 0, VM74_BOUND_ALL), &regs);

    conf_set_cmp(0); /* pending; IE = 0, so not taken */
    expect_privileged("wfi_user_timer_pending", VM74_INSN_WFI,
                      conf_psw(CONF_U, 0, PART, 0x1000), &regs);
    conf_timer_disarm();
}

/* LPSW in supervisor mode executes: the marker's ECALL shows the PSW it
 * loaded, registers untouched. */
static void check_lpsw_supervisor(void)
{
    static const struct {
        const char *name;
        struct conf_psw run; /* the PSW the LPSW runs under */
        struct conf_psw load; /* the PSW it loads; P = the marker */
    } cases[] = {
        { "lpsw_supervisor_to_user",
          { CONF_S, 0, PART, 0x1000 }, { CONF_U, 0x10, PART, 0x14 } },
        { "lpsw_supervisor_to_supervisor",
          { CONF_S, 0, PART, 0x1000 }, { CONF_S, 0x10, PART, 0x1000 } },
        { "lpsw_supervisor_base_0_to_user",
          { CONF_S, PART, 0, VM74_BOUND_ALL }, { CONF_U, 0x10, PART, 0x20 } },
        { "lpsw_supervisor_ie_to_user",
          { CONF_SI, 0, PART, 0x1000 }, { CONF_U, PART + 0x10, 0, PART + 0x14 } },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct conf_regs regs;
        conf_regs_fill(&regs);
        /* the operand at physical PART + OPND, logical for the LPSW */
        regs.x[A0] = PART + OPND - cases[i].run.base;
        put_psw(PART + OPND, cases[i].load);
        conf_check(cases[i].name);
        put_code(enc_lpsw(A0, 0));
        conf_try(&cases[i].run, &regs);
        conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &cases[i].load);
        conf_expect_regs(&regs, 0);
    }
}

/* WFI in supervisor mode with the timer already pending and IE = 0
 * completes at once and execution goes on after it (docs/isa.md §4.3). */
static void check_wfi_supervisor(void)
{
    struct conf_regs regs;
    conf_regs_fill(&regs);
    conf_set_cmp(0);
    static const struct conf_psw runs[] = {
        { CONF_S, 0, PART, 0x1000 },
        { CONF_S, PART, 0, VM74_BOUND_ALL },
    };
    static const char *const names[] = {
        "wfi_supervisor_pending", "wfi_supervisor_pending_base_0",
    };
    for (unsigned i = 0; i < 2; i++) {
        conf_check(names[i]);
        put_code(VM74_INSN_WFI);
        conf_wr32(PART + 4, VM74_INSN_ECALL); /* after the WFI */
        struct conf_psw run = runs[i];
        conf_try(&run, &regs);
        struct conf_psw old = run;
        old.p = run.p + 4;
        conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &old);
        conf_expect_regs(&regs, 0);
    }
    conf_timer_disarm();
}

int main(void)
{
    check_lpsw_user();
    check_wfi_user();
    check_lpsw_supervisor();
    check_wfi_supervisor();
    return 0;
}
