/*
 * lpsw.c - LPSW in supervisor mode (docs/isa.md §4.3, §1.1, §2):
 *   - every field is installed: M, IE, P, l (bits 1:0 ignored), b; flag
 *     bits 31:2 are ignored; the next trap's old PSW shows the result;
 *   - the 16-byte operand is read through the current R, needs a ≡ 0
 *     (mod 4) (LOAD_MISALIGNED), all 16 bytes below the bound, no wrap and
 *     RAM (LOAD_FAULT), info = a; a failed LPSW changes nothing;
 *   - any field values are accepted: a misaligned P faults at the next
 *     fetch (FETCH_MISALIGNED, saved P = info = P, saved PSW the new one);
 *     a b beyond RAM or an l + b that wraps faults only on use.
 * No register changes in any of these.
 */
#include "conf.h"

#define PART CONF_PART_A /* where loaded PSWs run */
#define RUN CONF_PART_B  /* where the LPSW runs under a base */
#define OPND 0x800       /* operand offset (physical RUN + OPND) */

/* The supervisor PSWs the LPSW runs under, with the LPSW at their P:
 * R = all memory; a base with a small bound; a base with a bound large
 * enough for FAR_OPND; a base with bound = all. */
enum { RUN_ALL, RUN_FAR, RUN_BASED, RUN_BASED_ALL };

/* Under RUN_FAR, an operand at logical FAR_OPND is at physical RUN +
 * FAR_OPND; physical FAR_OPND is free RAM, for a decoy. */
#define FAR_OPND 0x30000

static struct conf_psw run_psw(int which)
{
    switch (which) {
    case RUN_ALL:
        return conf_psw(CONF_S, CONF_ADDR(snip_lpsw), 0, VM74_BOUND_ALL);
    case RUN_FAR:
        return conf_psw(CONF_S, 0, RUN, 0x40000);
    case RUN_BASED:
        return conf_psw(CONF_S, 0, RUN, 0x1000);
    default:
        return conf_psw(CONF_S, 0, RUN, VM74_BOUND_ALL);
    }
}

static void put_psw(uint32_t paddr, struct conf_psw w)
{
    conf_wr32(paddr + VM74_PSW_FLAGS, w.flags);
    conf_wr32(paddr + VM74_PSW_P, w.p);
    conf_wr32(paddr + VM74_PSW_BASE, w.base);
    conf_wr32(paddr + VM74_PSW_BOUND, w.bound);
}

static struct conf_regs regs;

/* Run LPSW 0(a0) under run PSW `which`, a0 = the operand's logical
 * address. */
static void run_lpsw(int which, uint32_t a0)
{
    conf_wr32(RUN + 0, snip_lpsw[0]);
    conf_wr32(RUN + 4, snip_lpsw[1]);
    conf_regs_fill(&regs);
    regs.x[A0] = a0;
    struct conf_psw run = run_psw(which);
    conf_try(&run, &regs);
}

/* The LPSW itself trapped with cause/info; nothing changed. */
static void expect_lpsw_trap(int which, uint32_t cause, uint32_t info)
{
    struct conf_psw run = run_psw(which);
    conf_expect_trap(cause, info, &run);
    conf_expect_regs(&regs, 0);
}

/* ---- Every field ------------------------------------------------------ */

struct load_case {
    const char *name;
    struct conf_psw load;  /* the operand */
    struct conf_psw seen;  /* the PSW the marker's ECALL saves */
};

/* A marker ECALL at physical PART + off for each case: l + P of `seen`. */
static const struct load_case loads[] = {
    { "lpsw_user_p0_b4", { CONF_U, 0, PART, 4 }, { CONF_U, 0, PART, 4 } },
    { "lpsw_user_tight_bound", { CONF_U, 0x10, PART, 0x14 },
      { CONF_U, 0x10, PART, 0x14 } },
    { "lpsw_user_ie", { CONF_UI, 0x20, PART, 0x1000 },
      { CONF_UI, 0x20, PART, 0x1000 } },
    { "lpsw_supervisor_based", { CONF_S, 0x30, PART, 0x34 },
      { CONF_S, 0x30, PART, 0x34 } },
    { "lpsw_supervisor_ie", { CONF_SI, 0x40, PART, 0x10000 },
      { CONF_SI, 0x40, PART, 0x10000 } },
    { "lpsw_user_base_0", { CONF_U, PART + 0x50, 0, VM74_BOUND_ALL },
      { CONF_U, PART + 0x50, 0, VM74_BOUND_ALL } },
    { "lpsw_user_high_p", { CONF_U, 0x3fff0, PART + 0x60 - 0x3fff0, 0x40000 },
      { CONF_U, 0x3fff0, PART + 0x60 - 0x3fff0, 0x40000 } },
    { "lpsw_bound_beyond_ram", { CONF_U, 0x70, PART, 0x7fffffff },
      { CONF_U, 0x70, PART, 0x7fffffff } },
    { "lpsw_base_plus_bound_wraps", { CONF_U, 0x80, PART, 0xffffffff },
      { CONF_U, 0x80, PART, 0xffffffff } },
    { "lpsw_flags_reserved_bits_user", { 0xfffffffc, 0x90, PART, 0x1000 },
      { CONF_U, 0x90, PART, 0x1000 } },
    { "lpsw_flags_reserved_bits_all", { 0xffffffff, 0xa0, PART, 0x1000 },
      { CONF_SI, 0xa0, PART, 0x1000 } },
    { "lpsw_flags_bit31_supervisor", { 0x80000001, 0xb0, PART, 0x1000 },
      { CONF_S, 0xb0, PART, 0x1000 } },
    { "lpsw_flags_ie_and_bit2", { 0x00000006, 0xc0, PART, 0x1000 },
      { CONF_UI, 0xc0, PART, 0x1000 } },
    { "lpsw_base_bits_1_0_ignored", { CONF_U, 0xd0, PART + 3, 0x1000 },
      { CONF_U, 0xd0, PART, 0x1000 } },
    { "lpsw_base_bit_1_ignored", { CONF_S, 0xe0, PART + 2, 0x1000 },
      { CONF_S, 0xe0, PART, 0x1000 } },
};

static void check_fields(void)
{
    /* Under a base, the operand is read through R: a decoy sits where
     * the operand would be if it were not, and entering it would show
     * another saved PSW. */
    put_psw(FAR_OPND, conf_psw(CONF_S, CONF_ADDR(snip_ecall), 0,
                               VM74_BOUND_ALL));
    static const char *const runs[] = { "", "_under_base" };
    for (unsigned i = 0; i < sizeof loads / sizeof loads[0]; i++)
        for (int which = RUN_ALL; which <= RUN_FAR; which++) {
            const struct load_case *c = &loads[i];
            char name[80], *d = name;
            for (const char *s = c->name; *s; s++)
                *d++ = *s;
            for (const char *s = runs[which]; *s; s++)
                *d++ = *s;
            *d = '\0';
            conf_check(name);
            conf_wr32(c->seen.base + c->seen.p, VM74_INSN_ECALL);
            uint32_t a = which == RUN_ALL ? RUN + OPND : FAR_OPND;
            put_psw(run_psw(which).base + a, c->load);
            run_lpsw(which, a);
            conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &c->seen);
            conf_expect_regs(&regs, 0);
        }
}

/* A supervisor enables interrupts for itself: P = the next instruction. */
static void check_enable_ie_in_place(void)
{
    conf_check("lpsw_supervisor_sets_ie_in_place");
    conf_timer_disarm();
    struct conf_psw self = conf_psw(CONF_SI, CONF_ADDR(snip_lpsw) + 4, 0,
                                    VM74_BOUND_ALL);
    put_psw(RUN + OPND, self);
    run_lpsw(RUN_ALL, RUN + OPND);
    conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &self);
    conf_expect_regs(&regs, 0);
}

/* ---- The operand -------------------------------------------------------- */

/* Aligned to 4 is enough (not 16); offsets 1-3 are misaligned. */
static void check_operand_alignment(void)
{
    conf_check("lpsw_operand_alignment");
    for (uint32_t off = 0; off < 16; off++) {
        conf_context("operand offset", off);
        struct conf_psw load = conf_psw(CONF_U, 0x100 + 0x10 * off, PART,
                                        0x1000);
        conf_wr32(PART + load.p, VM74_INSN_ECALL);
        if (off % 4 == 0)
            put_psw(RUN + OPND + off, load);
        run_lpsw(RUN_ALL, RUN + OPND + off);
        if (off % 4 != 0) {
            expect_lpsw_trap(RUN_ALL, VM74_CAUSE_LOAD_MISALIGNED,
                             RUN + OPND + off);
        } else {
            conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &load);
            conf_expect_regs(&regs, 0);
        }
    }
}

/* All 16 bytes must be below the bound and in RAM, without wrapping.
 * ok: the operand is legal (a PSW is put there and entered). */
struct operand_case {
    const char *name;
    int which;
    uint32_t bound; /* replaces the run PSW's bound; 0: keep it */
    uint32_t a;     /* logical */
    int ok;
};

static const struct operand_case operands[] = {
    { "lpsw_operand_last_16_below_bound", RUN_BASED, 0, 0x1000 - 16, 1 },
    { "lpsw_operand_straddles_bound_12", RUN_BASED, 0, 0x1000 - 12, 0 },
    { "lpsw_operand_straddles_bound_8", RUN_BASED, 0, 0x1000 - 8, 0 },
    { "lpsw_operand_straddles_bound_4", RUN_BASED, 0, 0x1000 - 4, 0 },
    { "lpsw_operand_at_bound", RUN_BASED, 0, 0x1000, 0 },
    { "lpsw_operand_far_outside_bound", RUN_BASED, 0, 0xfffffff0, 0 },
    { "lpsw_operand_wraps", RUN_BASED_ALL, 0, 0u - RUN - 8, 0 },
    { "lpsw_operand_at_2_32", RUN_BASED_ALL, 0, 0u - RUN, 0 },
    { "lpsw_operand_last_16_of_ram", RUN_ALL, 0, CONF_RAM_SIZE - 16, 1 },
    { "lpsw_operand_straddles_ram_end", RUN_ALL, 0, CONF_RAM_SIZE - 8, 0 },
    { "lpsw_operand_past_ram", RUN_ALL, 0, CONF_RAM_SIZE, 0 },
    { "lpsw_operand_in_devices", RUN_ALL, 0, VM74_UART_BASE, 0 },
    { "lpsw_operand_in_timer", RUN_ALL, 0, VM74_TIMER_BASE, 0 },
};

static void check_operand_bounds(void)
{
    const struct conf_psw load = conf_psw(CONF_U, 0x300, PART, 0x1000);
    conf_wr32(PART + load.p, VM74_INSN_ECALL);
    for (unsigned i = 0; i < sizeof operands / sizeof operands[0]; i++) {
        const struct operand_case *c = &operands[i];
        conf_check(c->name);
        struct conf_psw run = run_psw(c->which);
        if (c->ok)
            put_psw(run.base + c->a, load);
        run_lpsw(c->which, c->a);
        if (c->ok) {
            conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &load);
            conf_expect_regs(&regs, 0);
        } else {
            expect_lpsw_trap(c->which, VM74_CAUSE_LOAD_FAULT, c->a);
        }
    }
}

/* ---- Values that are accepted and fault later ------------------------- */

/* A misaligned P: the next fetch traps, with the new PSW saved. */
static void check_misaligned_p(void)
{
    static const struct {
        const char *name;
        struct conf_psw load;
    } cases[] = {
        { "lpsw_misaligned_p_1", { CONF_U, 1, PART, 0x100 } },
        { "lpsw_misaligned_p_2", { CONF_U, 2, PART, 0x100 } },
        { "lpsw_misaligned_p_3", { CONF_UI, 0x103, PART, 0x1000 } },
        { "lpsw_misaligned_p_supervisor", { CONF_S, PART + 0x102, 0,
                                             VM74_BOUND_ALL } },
        { "lpsw_misaligned_p_outside_bound", { CONF_U, 0x1002, PART, 0x100 } },
        { "lpsw_misaligned_p_bound_0", { CONF_S, 0x2, PART, 0 } },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        conf_check(cases[i].name);
        put_psw(RUN + OPND, cases[i].load);
        run_lpsw(RUN_ALL, RUN + OPND);
        conf_expect_trap(VM74_CAUSE_FETCH_MISALIGNED, cases[i].load.p,
                         &cases[i].load);
        conf_expect_regs(&regs, 0);
    }
}

/* An R reaching beyond RAM or wrapping is installed; the fetch or data
 * access that needs what is not there faults. */
static void check_r_faults_on_use(void)
{
    static const struct {
        const char *name;
        struct conf_psw load;
    } fetches[] = {
        { "lpsw_base_beyond_ram", { CONF_U, 0, 0x40000000, 0x1000 } },
        { "lpsw_base_near_top", { CONF_S, 0, 0xfffffff0, 0x100 } },
        { "lpsw_base_near_top_wraps", { CONF_U, 0x10, 0xfffffff0, 0x100 } },
        { "lpsw_base_in_devices", { CONF_S, 0, VM74_UART_BASE, 0x100 } },
    };
    for (unsigned i = 0; i < sizeof fetches / sizeof fetches[0]; i++) {
        conf_check(fetches[i].name);
        put_psw(RUN + OPND, fetches[i].load);
        run_lpsw(RUN_ALL, RUN + OPND);
        conf_expect_trap(VM74_CAUSE_FETCH_FAULT, fetches[i].load.p,
                         &fetches[i].load);
        conf_expect_regs(&regs, 0);
    }

    /* The code runs; its load faults past RAM and where l + a would wrap,
     * and works just below RAM's end. */
    static const struct {
        const char *name;
        uint32_t bound, a, ok;
    } data[] = {
        { "lpsw_bound_beyond_ram_load_ok", 0x7fffffff,
          CONF_RAM_SIZE - PART - 4, 1 },
        { "lpsw_bound_beyond_ram_load_faults", 0x7fffffff,
          CONF_RAM_SIZE - PART, 0 },
        { "lpsw_bound_wraps_load_faults", 0xffffffff, 0u - PART, 0 },
    };
    /* lw a1, 0(a2); ecall: a0 stays the LPSW's operand address */
    conf_wr32(PART + 0, CONF_INSN_LW(A1, A2, 0));
    conf_wr32(PART + 4, VM74_INSN_ECALL);
    conf_wr32(CONF_RAM_SIZE - 4, 0x1e2d3c4b);
    for (unsigned i = 0; i < sizeof data / sizeof data[0]; i++) {
        conf_check(data[i].name);
        struct conf_psw load = conf_psw(CONF_U, 0, PART, data[i].bound);
        put_psw(RUN + OPND, load);
        conf_regs_fill(&regs);
        regs.x[A0] = RUN + OPND;
        regs.x[A2] = data[i].a;
        struct conf_psw run = run_psw(RUN_ALL);
        conf_try(&run, &regs);
        if (data[i].ok) {
            struct conf_psw after = load;
            after.p = 4;
            conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &after);
            conf_expect_reg(A1, 0x1e2d3c4b);
            conf_expect_regs(&regs, 1u << A1);
        } else {
            conf_expect_trap(VM74_CAUSE_LOAD_FAULT, data[i].a, &load);
            conf_expect_regs(&regs, 0);
        }
    }
}

/* LPSW with an immediate and other base registers: a = x[rs1] + imm. */
static void check_operand_forms(void)
{
    static const struct {
        const char *name;
        int rs1;
        int32_t imm;
        uint32_t rs1_value;
    } cases[] = {
        { "lpsw_imm_positive", T6, 0x7f0, OPND - 0x7f0 },
        { "lpsw_imm_negative", S1, -2048, OPND + 2048 },
        { "lpsw_x0_relative", 0, 0x7f0, 0 }, /* a copy at 0x7f0 */
        { "lpsw_imm_small", A3, 0x10, OPND - 0x10 },
        /* 0xfffffff8 + 0x18 = 0x10 (mod 2^32): a copy of the PSW is there */
        { "lpsw_address_wraps_mod_2_32", A4, 0x18, 0xfffffff8u },
    };
    const struct conf_psw load = conf_psw(CONF_UI, 0x400, PART, 0x404);
    conf_wr32(PART + load.p, VM74_INSN_ECALL);
    put_psw(RUN + OPND, load);
    put_psw(RUN + 0x10, load);
    put_psw(RUN + 0x7f0, load);
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        conf_check(cases[i].name);
        conf_wr32(RUN + 4, VM74_INSN_ECALL);
        conf_wr32(RUN, enc_lpsw(cases[i].rs1, cases[i].imm));
        conf_regs_fill(&regs);
        if (cases[i].rs1 != 0)
            regs.x[cases[i].rs1] = cases[i].rs1_value;
        struct conf_psw run = run_psw(RUN_BASED);
        conf_try(&run, &regs);
        conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &load);
        conf_expect_regs(&regs, 0);
    }
}

int main(void)
{
    conf_timer_disarm();
    check_fields();
    check_enable_ie_in_place();
    check_operand_alignment();
    check_operand_bounds();
    check_misaligned_p();
    check_r_faults_on_use();
    check_operand_forms();
    return 0;
}
