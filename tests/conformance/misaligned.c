/*
 * misaligned.c - alignment (docs/isa.md §2 check 1, §4.1): halfword
 * accesses need a ≡ 0 (mod 2), words a ≡ 0 (mod 4), else LOAD_/
 * STORE_MISALIGNED with info = the logical address, rd not written, no
 * byte stored; alignment is checked before the bound.  Jumps and taken
 * branches to a target ≢ 0 (mod 4) raise FETCH_MISALIGNED at the jump
 * (saved P = the jump, info = the target, rd not written); JALR clears bit
 * 0 first; a not-taken branch never traps.
 *
 * Every check runs in supervisor mode with R = all memory and in user mode
 * under the base USER_BASE, where logical = physical - USER_BASE.
 */
#include "conf.h"

#define USER_BASE 0x100
#define DATA (CONF_PART_A + 0x100) /* 16 bytes of known data, physical */
#define NDATA 16

extern const uint32_t mis_lw_imm3[], mis_lh_imm_m1[], mis_sw_imm2[],
    mis_sh_imm_m3[], mis_lw_rd_is_rs1[];
extern const uint32_t mis_jal_p2[], mis_jal_p6[], mis_jal_m2[],
    mis_jal_x0_p10[];
extern const uint32_t mis_jalr[], mis_jalr_imm1[], mis_jalr_imm_m1[],
    mis_jalr_rd_is_rs1[], mis_target[];
extern const uint32_t mis_beq[], mis_bne[], mis_blt[], mis_bge[], mis_bltu[],
    mis_bgeu[], mis_bne_back[];

/* One mode: its flags, base and bound. */
struct mode {
    const char *suffix;
    uint32_t flags, base, bound;
};

static const struct mode modes[] = {
    { "supervisor", CONF_S, 0, VM74_BOUND_ALL },
    { "user", CONF_U, USER_BASE, CONF_RAM_SIZE - USER_BASE },
};

static const struct mode *mode;
static char name_buf[96];

static char *append(char *d, const char *s)
{
    while (*s)
        *d++ = *s++;
    return d;
}

/* Start the check "<stem>[_<what>]_<mode>". */
static void check2(const char *stem, const char *what)
{
    char *d = append(name_buf, stem);
    if (what != NULL)
        d = append(append(d, "_"), what);
    d = append(append(d, "_"), mode->suffix);
    *d = '\0';
    conf_check(name_buf);
}

static void check(const char *stem)
{
    check2(stem, NULL);
}

/* The logical address of physical p in the current mode. */
static uint32_t logical(uint32_t p)
{
    return p - mode->base;
}

static struct conf_psw psw_for(const uint32_t *snippet)
{
    return conf_psw(mode->flags, logical(CONF_ADDR(snippet)), mode->base,
                    mode->bound);
}

static uint8_t data_byte(unsigned i)
{
    return (uint8_t)(0x81 + 0x11 * i); /* high bits set: sign extension */
}

static void fill_data(void)
{
    for (unsigned i = 0; i < NDATA; i++)
        conf_wr8(DATA + i, data_byte(i));
}

/* The bytes at DATA are as fill_data() left them. */
static void expect_data_unchanged(void)
{
    for (unsigned i = 0; i < NDATA; i++)
        conf_expect_eq("data byte", conf_rd8(DATA + i), data_byte(i));
}

/* Run snippet with a0 = the logical address of physical addr (plus any
 * offset the caller put in it) and a1 = STORE_VALUE; return its PSW. */
#define STORE_VALUE 0x5a6b7c8du

static struct conf_psw run(const uint32_t *snippet, uint32_t a0,
                           struct conf_regs *regs)
{
    struct conf_psw psw = psw_for(snippet);
    conf_regs_fill(regs);
    regs->x[A0] = a0;
    regs->x[A1] = STORE_VALUE;
    conf_try(&psw, regs);
    return psw;
}

/* The snippet's first instruction trapped with cause and info. */
static void expect_fault_at_start(struct conf_psw psw, uint32_t cause,
                                  uint32_t info, const struct conf_regs *regs)
{
    conf_expect_trap(cause, info, &psw);
    conf_expect_regs(regs, 0);
}

/* The first instruction completed: ECALL at +4, registers but rd kept. */
static void expect_completed(struct conf_psw psw, int rd, uint32_t value,
                             const struct conf_regs *regs)
{
    psw.p += 4;
    conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &psw);
    if (rd != 0)
        conf_expect_reg(rd, value);
    conf_expect_regs(regs, rd != 0 ? 1u << rd : 0);
}

/* ---- Loads and stores ------------------------------------------------- */

struct access {
    const char *name;
    const uint32_t *snippet;
    unsigned size;
    int store;
    int sign; /* loads: sign-extend */
};

static const struct access accesses[] = {
    { "lb", snip_lb, 1, 0, 1 },  { "lbu", snip_lbu, 1, 0, 0 },
    { "lh", snip_lh, 2, 0, 1 },  { "lhu", snip_lhu, 2, 0, 0 },
    { "lw", snip_lw, 4, 0, 0 },  { "sb", snip_sb, 1, 1, 0 },
    { "sh", snip_sh, 2, 1, 0 },  { "sw", snip_sw, 4, 1, 0 },
};

/* What a load of size bytes at DATA + off returns (little-endian). */
static uint32_t load_value(unsigned off, unsigned size, int sign)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)data_byte(off + i) << (8 * i);
    if (sign && size < 4 && (v & (1u << (8 * size - 1))))
        v |= ~0u << (8 * size);
    return v;
}

/* Misaligned offsets trap and change nothing; aligned ones work. */
static void check_access(const struct access *acc)
{
    check2("misaligned", acc->name);

    for (unsigned off = 4; off < 8; off++) {
        struct conf_regs regs;
        conf_context("offset", off);
        fill_data();
        struct conf_psw psw = run(acc->snippet, logical(DATA + off), &regs);
        if (off % acc->size != 0) {
            uint32_t cause = acc->store ? VM74_CAUSE_STORE_MISALIGNED
                                        : VM74_CAUSE_LOAD_MISALIGNED;
            expect_fault_at_start(psw, cause, logical(DATA + off), &regs);
            expect_data_unchanged();
        } else if (acc->store) {
            expect_completed(psw, 0, 0, &regs);
            for (unsigned i = 0; i < NDATA; i++) {
                uint8_t want = data_byte(i);
                if (i >= off && i < off + acc->size)
                    want = (uint8_t)(STORE_VALUE >> (8 * (i - off)));
                conf_expect_eq("stored byte", conf_rd8(DATA + i), want);
            }
        } else {
            expect_completed(psw, A1, load_value(off, acc->size, acc->sign),
                             &regs);
        }
    }
}

/* The immediate makes the address misaligned; rd = rs1 is not written. */
static void check_access_offsets(void)
{
    struct conf_regs regs;
    struct conf_psw psw;
    static const struct {
        const char *name;
        const uint32_t *snippet;
        int32_t imm;
        uint32_t cause;
    } cases[] = {
        { "misaligned_lw_imm3", mis_lw_imm3, 3, VM74_CAUSE_LOAD_MISALIGNED },
        { "misaligned_lh_imm_m1", mis_lh_imm_m1, -1,
          VM74_CAUSE_LOAD_MISALIGNED },
        { "misaligned_sw_imm2", mis_sw_imm2, 2, VM74_CAUSE_STORE_MISALIGNED },
        { "misaligned_sh_imm_m3", mis_sh_imm_m3, -3,
          VM74_CAUSE_STORE_MISALIGNED },
        { "misaligned_lw_rd_is_rs1", mis_lw_rd_is_rs1, 0,
          VM74_CAUSE_LOAD_MISALIGNED },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        check(cases[i].name);
        fill_data();
        uint32_t a0 = logical(DATA + 8) + (cases[i].imm == 0 ? 2 : 0);
        psw = run(cases[i].snippet, a0, &regs);
        expect_fault_at_start(psw, cases[i].cause, a0 + (uint32_t)cases[i].imm,
                              &regs);
        expect_data_unchanged();
    }
}

/* Alignment is checked before the bound and before "is anything there":
 * misaligned addresses outside R, past RAM and in the devices. */
static void check_alignment_first(void)
{
    static const struct {
        const char *name;
        const uint32_t *snippet;
        uint32_t addr;
        uint32_t cause;
    } cases[] = {
        { "misaligned_before_bound_lw", snip_lw, 0xfffffff1,
          VM74_CAUSE_LOAD_MISALIGNED },
        { "misaligned_before_bound_sh", snip_sh, 0xffffffff,
          VM74_CAUSE_STORE_MISALIGNED },
        { "misaligned_before_ram_end_lw", snip_lw, CONF_RAM_SIZE + 2,
          VM74_CAUSE_LOAD_MISALIGNED },
        { "misaligned_before_device_lw", snip_lw, VM74_UART_STATUS + 2,
          VM74_CAUSE_LOAD_MISALIGNED },
        { "misaligned_before_device_sw", snip_sw, VM74_TIMER_CMP_LO + 1,
          VM74_CAUSE_STORE_MISALIGNED },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct conf_regs regs;
        check(cases[i].name);
        uint32_t a = cases[i].addr - mode->base;
        struct conf_psw psw = run(cases[i].snippet, a, &regs);
        expect_fault_at_start(psw, cases[i].cause, a, &regs);
    }
}

/* ---- Jumps and branches ------------------------------------------------ */

/* JAL to a target ≡ 2 (mod 4): trap at the JAL, rd not written. */
static void check_jal(void)
{
    static const struct {
        const char *name;
        const uint32_t *snippet;
        int32_t offset;
    } cases[] = {
        { "misaligned_jal_plus2", mis_jal_p2, 2 },
        { "misaligned_jal_plus6", mis_jal_p6, 6 },
        { "misaligned_jal_minus2", mis_jal_m2, -2 },
        { "misaligned_jal_x0_plus10", mis_jal_x0_p10, 10 },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct conf_regs regs;
        check(cases[i].name);
        struct conf_psw psw = run(cases[i].snippet, 0, &regs);
        expect_fault_at_start(psw, VM74_CAUSE_FETCH_MISALIGNED,
                              psw.p + (uint32_t)cases[i].offset, &regs);
    }
}

/* JALR: target (a0 + imm) with bit 0 cleared.  +1 is aligned after the
 * clearing (the jump happens: rd = P + 4, ECALL at the target); +2 and +3
 * are not (trap at the JALR, info = the cleared target, rd kept). */
static void check_jalr(void)
{
    const uint32_t target = logical(CONF_ADDR(mis_target));
    struct conf_regs regs;
    struct conf_psw psw;

    check("jalr_clears_bit0");
    psw = run(mis_jalr, target + 1, &regs);
    struct conf_psw at_target = psw;
    at_target.p = target;
    conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &at_target);
    conf_expect_reg(RA, psw.p + 4);
    conf_expect_regs(&regs, 1u << RA);

    check("jalr_imm_clears_bit0");
    psw = run(mis_jalr_imm1, target, &regs);
    conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &at_target);
    conf_expect_reg(RA, psw.p + 4);
    conf_expect_regs(&regs, 1u << RA);

    static const struct {
        const char *name;
        const uint32_t *snippet;
        uint32_t a0_offset; /* a0 = target + this */
        uint32_t info_offset;
    } traps[] = {
        { "misaligned_jalr_plus2", mis_jalr, 2, 2 },
        { "misaligned_jalr_plus3", mis_jalr, 3, 2 },
        { "misaligned_jalr_imm1_plus1", mis_jalr_imm1, 1, 2 },
        { "misaligned_jalr_imm_m1_plus3", mis_jalr_imm_m1, 3, 2 },
        { "misaligned_jalr_rd_is_rs1", mis_jalr_rd_is_rs1, 6, 6 },
    };
    for (unsigned i = 0; i < sizeof traps / sizeof traps[0]; i++) {
        check(traps[i].name);
        psw = run(traps[i].snippet, target + traps[i].a0_offset, &regs);
        expect_fault_at_start(psw, VM74_CAUSE_FETCH_MISALIGNED,
                              target + traps[i].info_offset, &regs);
    }
}

/* Each branch, taken (trap at the branch, info = P + 6) and not taken (no
 * trap although the target is misaligned: ECALL at P + 4). */
static void check_branches(void)
{
    static const struct {
        const char *name;
        const uint32_t *snippet;
        uint32_t taken_a0, taken_a1, not_a0, not_a1;
    } cases[] = {
        { "beq", mis_beq, 5, 5, 5, 6 },
        { "bne", mis_bne, 5, 6, 7, 7 },
        { "blt", mis_blt, 0xffffffff, 1, 1, 0xffffffff },
        { "bge", mis_bge, 1, 0xffffffff, 0xffffffff, 1 },
        { "bltu", mis_bltu, 1, 0xffffffff, 0xffffffff, 1 },
        { "bgeu", mis_bgeu, 0xffffffff, 1, 1, 0xffffffff },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct conf_regs regs;
        check2("misaligned_branch_taken", cases[i].name);
        struct conf_psw psw = psw_for(cases[i].snippet);
        conf_regs_fill(&regs);
        regs.x[A0] = cases[i].taken_a0;
        regs.x[A1] = cases[i].taken_a1;
        conf_try(&psw, &regs);
        expect_fault_at_start(psw, VM74_CAUSE_FETCH_MISALIGNED, psw.p + 6,
                              &regs);

        check2("branch_not_taken_misaligned_target", cases[i].name);
        regs.x[A0] = cases[i].not_a0;
        regs.x[A1] = cases[i].not_a1;
        conf_try(&psw, &regs);
        expect_completed(psw, 0, 0, &regs);
    }

    struct conf_regs regs;
    check("misaligned_branch_backward");
    struct conf_psw psw = psw_for(mis_bne_back);
    conf_regs_fill(&regs);
    conf_try(&psw, &regs); /* a0 != a1: the fill patterns differ */
    expect_fault_at_start(psw, VM74_CAUSE_FETCH_MISALIGNED, psw.p - 2, &regs);
}

int main(void)
{
    for (unsigned m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        mode = &modes[m];
        for (unsigned i = 0; i < sizeof accesses / sizeof accesses[0]; i++)
            check_access(&accesses[i]);
        check_access_offsets();
        check_alignment_first();
        check_jal();
        check_jalr();
        check_branches();
    }
    return 0;
}
