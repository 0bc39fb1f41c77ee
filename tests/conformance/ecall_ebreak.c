/*
 * ecall_ebreak.c - ECALL and EBREAK trap in both modes (docs/isa.md §4.2):
 * cause ECALL / BREAKPOINT, info = the instruction word, saved P = the
 * instruction's own address, the old PSW exact, no register changed.
 */
#include "conf.h"

extern const uint32_t ee_ecall[], ee_ecall_end[], ee_ebreak[], ee_ebreak_end[];
extern const uint32_t ee_ecall_after[], ee_ecall_after_end[];
extern const uint32_t ee_ebreak_after[], ee_ebreak_after_end[];

/* Where the snippets are copied: high enough for every logical P below. */
#define ECALL        (CONF_PART_A + 0x2000)
#define EBREAK       (CONF_PART_A + 0x4000)
#define ECALL_AFTER  (CONF_PART_A + 0x6000)
#define EBREAK_AFTER (CONF_PART_A + 0x8000)

/* Run the one-instruction snippet at phys under psw; expect cause/word. */
static void expect_one(const char *name, struct conf_psw psw, uint32_t cause,
                       uint32_t word)
{
    struct conf_regs regs;
    conf_check(name);
    conf_regs_fill(&regs);
    conf_try(&psw, &regs);
    conf_expect_trap(cause, word, &psw);
    conf_expect_regs(&regs, 0);
}

/* The trapping instruction follows code that ran: a0 counts it. */
static void expect_after(const char *name, struct conf_psw psw,
                         uint32_t cause, uint32_t word, uint32_t ran)
{
    struct conf_regs regs;
    conf_check(name);
    conf_regs_fill(&regs);
    conf_try(&psw, &regs);
    struct conf_psw old = psw;
    old.p = psw.p + 4 * ran;
    conf_expect_trap(cause, word, &old);
    conf_expect_reg(A0, regs.x[A0] + ran);
    conf_expect_regs(&regs, 1u << A0);
}

int main(void)
{
    conf_copy_code(ECALL, ee_ecall, ee_ecall_end);
    conf_copy_code(EBREAK, ee_ebreak, ee_ebreak_end);
    conf_copy_code(ECALL_AFTER, ee_ecall_after, ee_ecall_after_end);
    conf_copy_code(EBREAK_AFTER, ee_ebreak_after, ee_ebreak_after_end);
    const uint32_t ecall = ECALL, ebreak = EBREAK;

    /* Supervisor, R = all memory, IE 0 and 1 (the timer is disarmed). */
    expect_one("ecall_supervisor", conf_psw(CONF_S, ecall, 0, VM74_BOUND_ALL),
               VM74_CAUSE_ECALL, VM74_INSN_ECALL);
    expect_one("ecall_supervisor_ie", conf_psw(CONF_SI, ecall, 0, VM74_BOUND_ALL),
               VM74_CAUSE_ECALL, VM74_INSN_ECALL);
    expect_one("ebreak_supervisor", conf_psw(CONF_S, ebreak, 0, VM74_BOUND_ALL),
               VM74_CAUSE_BREAKPOINT, VM74_INSN_EBREAK);
    expect_one("ebreak_supervisor_ie",
               conf_psw(CONF_SI, ebreak, 0, VM74_BOUND_ALL),
               VM74_CAUSE_BREAKPOINT, VM74_INSN_EBREAK);

    /* Supervisor under a non-zero base: the saved P is logical. */
    expect_one("ecall_supervisor_relocated",
               conf_psw_at(CONF_S, ecall, 0x40, 0x48), VM74_CAUSE_ECALL,
               VM74_INSN_ECALL);
    expect_one("ebreak_supervisor_relocated",
               conf_psw_at(CONF_S, ebreak, 0x1000, 0x2000),
               VM74_CAUSE_BREAKPOINT, VM74_INSN_EBREAK);

    /* User mode, several bases and bounds; the bound ends right after the
     * instruction in the first of each, so only it can be fetched. */
    expect_one("ecall_user", conf_psw_at(CONF_U, ecall, 0x40, 0x44),
               VM74_CAUSE_ECALL, VM74_INSN_ECALL);
    expect_one("ecall_user_ie", conf_psw_at(CONF_UI, ecall, 0x800, 0x10000),
               VM74_CAUSE_ECALL, VM74_INSN_ECALL);
    expect_one("ecall_user_at_0", conf_psw_at(CONF_U, ecall, 0, 4),
               VM74_CAUSE_ECALL, VM74_INSN_ECALL);
    expect_one("ecall_user_base_0", conf_psw(CONF_U, ecall, 0, VM74_BOUND_ALL),
               VM74_CAUSE_ECALL, VM74_INSN_ECALL);
    expect_one("ebreak_user", conf_psw_at(CONF_U, ebreak, 0x40, 0x44),
               VM74_CAUSE_BREAKPOINT, VM74_INSN_EBREAK);
    expect_one("ebreak_user_ie", conf_psw_at(CONF_UI, ebreak, 0x7f0, 0x800),
               VM74_CAUSE_BREAKPOINT, VM74_INSN_EBREAK);
    expect_one("ebreak_user_at_0", conf_psw_at(CONF_U, ebreak, 0, 4),
               VM74_CAUSE_BREAKPOINT, VM74_INSN_EBREAK);

    /* After other instructions ran: saved P is the trap's, not the entry's. */
    expect_after("ecall_after_code_supervisor",
                 conf_psw(CONF_S, ECALL_AFTER, 0,
                          VM74_BOUND_ALL),
                 VM74_CAUSE_ECALL, VM74_INSN_ECALL, 2);
    expect_after("ecall_after_code_user",
                 conf_psw_at(CONF_U, ECALL_AFTER, 0x100, 0x10c),
                 VM74_CAUSE_ECALL, VM74_INSN_ECALL, 2);
    expect_after("ebreak_after_code_supervisor",
                 conf_psw_at(CONF_S, EBREAK_AFTER, 0x20, 0x28),
                 VM74_CAUSE_BREAKPOINT, VM74_INSN_EBREAK, 1);
    expect_after("ebreak_after_code_user",
                 conf_psw_at(CONF_UI, EBREAK_AFTER, 0x3f8, 0x400),
                 VM74_CAUSE_BREAKPOINT, VM74_INSN_EBREAK, 1);
    return 0;
}
