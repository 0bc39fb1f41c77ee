/*
 * test_traps.c - every exception cause, the PSW swap, priority, and the
 * illegal encodings of docs/isa.md §4.4, in both modes.
 */
#include "harness.h"

/* Two execution contexts: a supervisor with R = everything, and a user
 * program relocated to USER_L with a bound of USER_B bytes. */
#define SUP_P 0x1000u
#define USER_P 0x100u
#define USER_L 0x4000u
#define USER_B 0x2000u

static void enter(struct hx *h, uint32_t mode, uint32_t ie)
{
    if (mode == VM74_MODE_SUPERVISOR)
        hx_set_psw(h, mode, ie, SUP_P, 0, VM74_BOUND_ALL);
    else
        hx_set_psw(h, mode, ie, USER_P, USER_L, USER_B);
}

/* Distinct values in every register, so that any GPR write shows. */
static void fill_regs(struct hx *h)
{
    struct vm74_state s;
    hx_state(h, &s);
    for (int i = 1; i < 32; i++)
        s.x[i] = 0x01010101u * (uint32_t)i;
    vm74_set_state(h->m, &s);
}

/* Place word at the current P, step, expect cause/info with the saved PSW
 * given explicitly (flags, P, l, b), not taken from the simulator. */
static void expect_word_traps(struct hx *h, uint32_t word, uint32_t cause,
                              uint32_t info)
{
    struct vm74_psw psw = hx_psw(h);
    uint32_t flags = (psw.mode ? HX_FLAGS_S : 0) | (psw.ie ? VM74_FLAG_IE : 0);
    hx_wr32(h, psw.base + psw.pc, word);
    HX_STEP_TRAPS(h, cause, info);
    HX_EXPECT_OLD_PSW(h, flags, psw.pc, psw.base, psw.bound);
}

static const uint32_t modes[] = {VM74_MODE_SUPERVISOR, VM74_MODE_USER};

/* ---- The PSW swap itself --------------------------------------------- */

static void test_ecall_swaps_psw_supervisor(void **state)
{
    struct hx *h = *state;
    fill_regs(h);
    enter(h, VM74_MODE_SUPERVISOR, 0);
    hx_wr32(h, SUP_P, VM74_INSN_ECALL);
    struct vm74_state before;
    hx_state(h, &before);
    assert_int_equal(hx_step(h, NULL), VM74_RUNNING);
    HX_EXPECT_OLD_PSW(h, VM74_FLAG_SUPERVISOR, SUP_P, 0, 0xffffffff);
    HX_EXPECT_TRAP(h, &before, VM74_CAUSE_ECALL, 0x00000073);
    HX_EXPECT_PSW(h, VM74_MODE_SUPERVISOR, 0, HX_HANDLER, 0, 0xffffffff);
}

static void test_ecall_swaps_psw_user(void **state)
{
    struct hx *h = *state;
    fill_regs(h);
    enter(h, VM74_MODE_USER, 0);
    hx_wr32(h, USER_L + USER_P, VM74_INSN_ECALL);
    struct vm74_state before;
    hx_state(h, &before);
    assert_int_equal(hx_step(h, NULL), VM74_RUNNING);
    HX_EXPECT_OLD_PSW(h, 0, USER_P, USER_L, USER_B);
    HX_EXPECT_TRAP(h, &before, VM74_CAUSE_ECALL, 0x00000073);
}

/* The saved flags hold IE as it was; IE = 1 with the timer disarmed. */
static void test_saved_flags_include_ie(void **state)
{
    struct hx *h = *state;
    enter(h, VM74_MODE_SUPERVISOR, 1);
    expect_word_traps(h, VM74_INSN_EBREAK, VM74_CAUSE_BREAKPOINT, VM74_INSN_EBREAK);
    assert_int_equal(hx_rd32(h, VM74_LC_OLD_FLAGS), 3);
    enter(h, VM74_MODE_USER, 1);
    expect_word_traps(h, VM74_INSN_EBREAK, VM74_CAUSE_BREAKPOINT, VM74_INSN_EBREAK);
    assert_int_equal(hx_rd32(h, VM74_LC_OLD_FLAGS), 2);
}

/* The new P is whatever word is at 0x18 now. */
static void test_vector_word_is_new_p(void **state)
{
    struct hx *h = *state;
    hx_set_vector(h, 0x2468);
    enter(h, VM74_MODE_USER, 0);
    expect_word_traps(h, VM74_INSN_ECALL, VM74_CAUSE_ECALL, VM74_INSN_ECALL);
    assert_int_equal(hx_psw(h).pc, 0x2468);
    /* a misaligned vector is stored as is; the fetch there traps again */
    hx_set_vector(h, 0x2466);
    enter(h, VM74_MODE_SUPERVISOR, 0);
    expect_word_traps(h, VM74_INSN_ECALL, VM74_CAUSE_ECALL, VM74_INSN_ECALL);
    assert_int_equal(hx_psw(h).pc, 0x2466);
    HX_STEP_TRAPS(h, VM74_CAUSE_FETCH_MISALIGNED, 0x2466);
}

/* A trap does not write memory other than low core 0x00-0x17. */
static void test_trap_writes_only_low_core(void **state)
{
    struct hx *h = *state;
    hx_wr32(h, VM74_LC_RESERVED, 0);
    hx_wr32(h, 0x20, 0x5a5a5a5a);
    hx_wr32(h, 0x80, 0xa5a5a5a5);
    enter(h, VM74_MODE_USER, 0);
    expect_word_traps(h, VM74_INSN_ECALL, VM74_CAUSE_ECALL, VM74_INSN_ECALL);
    assert_int_equal(hx_rd32(h, VM74_LC_VECTOR), HX_HANDLER);
    assert_int_equal(hx_rd32(h, VM74_LC_RESERVED), 0);
    assert_int_equal(hx_rd32(h, 0x20), 0x5a5a5a5a);
    assert_int_equal(hx_rd32(h, 0x80), 0xa5a5a5a5);
}

/* ---- ECALL, EBREAK, PRIVILEGED --------------------------------------- */

static void test_ecall_ebreak_both_modes(void **state)
{
    struct hx *h = *state;
    for (int i = 0; i < 2; i++) {
        fill_regs(h);
        enter(h, modes[i], 0);
        expect_word_traps(h, 0x00000073, VM74_CAUSE_ECALL, 0x00000073);
        enter(h, modes[i], 0);
        expect_word_traps(h, 0x00100073, VM74_CAUSE_BREAKPOINT, 0x00100073);
    }
}

static void test_lpsw_wfi_privileged_in_user_mode(void **state)
{
    struct hx *h = *state;
    const uint32_t words[] = {
        enc_lpsw(0, 0), enc_lpsw(5, 0x20), enc_lpsw(0, 2), /* misaligned too */
        enc_lpsw(0, -16), VM74_INSN_WFI,
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        fill_regs(h);
        hx_put_psw(h, USER_L, HX_FLAGS_S, 0x40, 0, VM74_BOUND_ALL);
        enter(h, VM74_MODE_USER, 0);
        expect_word_traps(h, words[i], VM74_CAUSE_PRIVILEGED, words[i]);
    }
    /* with IE = 1 (no interrupt pending) too */
    enter(h, VM74_MODE_USER, 1);
    expect_word_traps(h, VM74_INSN_WFI, VM74_CAUSE_PRIVILEGED, VM74_INSN_WFI);
    assert_int_equal(hx_rd32(h, VM74_LC_OLD_FLAGS), VM74_FLAG_IE);
}

/* ---- Illegal encodings: both modes ------------------------------------ */

static void check_illegal_both_modes(struct hx *h, const uint32_t *words, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < 2; k++) {
            fill_regs(h);
            enter(h, modes[k], 0);
            expect_word_traps(h, words[i], VM74_CAUSE_ILLEGAL, words[i]);
        }
    }
}

static void test_csr_and_system_words_illegal(void **state)
{
    const uint32_t words[] = {
        enc_csrrs(1, CSR_CYCLE, 0),   /* rdcycle x1 */
        enc_csrrs(1, CSR_TIME, 0),    /* rdtime */
        enc_csrrs(1, CSR_INSTRET, 0), /* rdinstret */
        enc_csrrs(1, 0xc80, 0),       /* rdcycleh */
        enc_csrrw(2, CSR_MSTATUS, 3),
        enc_csrrc(0, CSR_MSTATUS, 0),
        enc_csrrwi(4, 0x305, 1),
        enc_csrrsi(0, CSR_MSTATUS, 8),
        enc_csrrci(4, 0x341, 31),
        enc_mret(), enc_sret(), enc_rv_wfi(), enc_sfence_vma(0, 0),
        0x00200073,              /* URET */
        VM74_INSN_ECALL | 1u << 7,  /* ECALL with rd = 1 */
        VM74_INSN_ECALL | 1u << 15, /* ECALL with rs1 = 1 */
        VM74_INSN_EBREAK | 1u << 12,/* EBREAK with funct3 = 1 */
        0x00000073 | 4u << 12,   /* SYSTEM funct3 100 */
    };
    check_illegal_both_modes(*state, words, sizeof words / sizeof words[0]);
}

static void test_custom0_words_illegal(void **state)
{
    uint32_t words[6 + 6];
    size_t n = 0;
    for (uint32_t f3 = 2; f3 <= 7; f3++)
        words[n++] = enc_i(0, 0, f3, 0, OPC_CUSTOM0);
    words[n++] = enc_lpsw_rd(1, 0, 0);      /* LPSW with rd != 0 */
    words[n++] = enc_lpsw_rd(31, 2, 16);
    words[n++] = VM74_INSN_WFI | 1u << 7;   /* WFI with rd = 1 */
    words[n++] = VM74_INSN_WFI | 1u << 15;  /* rs1 = 1 */
    words[n++] = VM74_INSN_WFI | 1u << 20;  /* imm = 1 */
    words[n++] = VM74_INSN_WFI | 0x80000000u;
    check_illegal_both_modes(*state, words, n);
}

static void test_other_extensions_illegal(void **state)
{
    const uint32_t words[] = {
        0x00000000,          /* low bits 00: compressed-looking, all zero */
        0x00000001,          /* c.nop */
        0x00004501,          /* c.li a0, 0 */
        0x0000fffe,          /* low bits 10 */
        0xffffffff,
        enc_fence_i(),
        0x0000200f, 0x0000300f, 0x0000400f, 0x0000700f, /* MISC-MEM f3 2..7 */
        0x003120af,          /* amoadd.w x1, x3, (x2)  (A) */
        0x1000a0af,          /* lr.w */
        0x0000a007,          /* flw f0, 0(x1)  (F) */
        0x0000b007,          /* fld (D) */
        0x00100053,          /* fadd.s (OP-FP) */
        0x0000002b,          /* custom-1 */
        0x0000005b,          /* custom-2 */
        0x0000007b,          /* custom-3 */
        0x0000001b,          /* OP-IMM-32 (RV64) */
        0x0000003b,          /* OP-32 (RV64) */
    };
    check_illegal_both_modes(*state, words, sizeof words / sizeof words[0]);
}

static void test_undefined_funct3_illegal(void **state)
{
    const uint32_t words[] = {
        enc_i(0, 0, 3, 1, OPC_LOAD),   /* LD (RV64) */
        enc_i(0, 0, 6, 1, OPC_LOAD),   /* LWU (RV64) */
        enc_i(0, 0, 7, 1, OPC_LOAD),
        enc_s(0, 1, 0, 3, OPC_STORE),  /* SD (RV64) */
        enc_s(0, 1, 0, 4, OPC_STORE),
        enc_s(0, 1, 0, 7, OPC_STORE),
        enc_b(8, 0, 0, 2, OPC_BRANCH),
        enc_b(8, 0, 0, 3, OPC_BRANCH),
        enc_i(0, 1, 2, 1, OPC_JALR),
    };
    check_illegal_both_modes(*state, words, sizeof words / sizeof words[0]);
}

/* ---- Misaligned data and jump targets -------------------------------- */

static void check_misaligned(struct hx *h, uint32_t word, uint32_t addr,
                             uint32_t cause)
{
    for (int k = 0; k < 2; k++) {
        fill_regs(h);
        hx_set_reg(h, 1, addr);
        enter(h, modes[k], 0);
        expect_word_traps(h, word, cause, addr);
    }
}

static void test_misaligned_loads_stores(void **state)
{
    struct hx *h = *state;
    check_misaligned(h, enc_lh(3, 1, 0), 0x201, VM74_CAUSE_LOAD_MISALIGNED);
    check_misaligned(h, enc_lhu(3, 1, 0), 0x203, VM74_CAUSE_LOAD_MISALIGNED);
    check_misaligned(h, enc_lw(3, 1, 0), 0x202, VM74_CAUSE_LOAD_MISALIGNED);
    check_misaligned(h, enc_lw(3, 1, 0), 0x201, VM74_CAUSE_LOAD_MISALIGNED);
    check_misaligned(h, enc_sh(2, 1, 0), 0x201, VM74_CAUSE_STORE_MISALIGNED);
    check_misaligned(h, enc_sw(2, 1, 0), 0x202, VM74_CAUSE_STORE_MISALIGNED);
    check_misaligned(h, enc_sw(2, 1, 0), 0x203, VM74_CAUSE_STORE_MISALIGNED);
    /* info is the effective address rs1 + imm */
    fill_regs(h);
    hx_set_reg(h, 1, 0x300);
    enter(h, VM74_MODE_USER, 0);
    expect_word_traps(h, enc_lw(3, 1, -2), VM74_CAUSE_LOAD_MISALIGNED, 0x2fe);
}

/* A misaligned store writes nothing. */
static void test_misaligned_store_writes_nothing(void **state)
{
    struct hx *h = *state;
    hx_wr32(h, USER_L + 0x200, 0x11111111);
    hx_wr32(h, USER_L + 0x204, 0x22222222);
    fill_regs(h);
    hx_set_reg(h, 1, 0x202);
    enter(h, VM74_MODE_USER, 0);
    expect_word_traps(h, enc_sw(2, 1, 0), VM74_CAUSE_STORE_MISALIGNED, 0x202);
    assert_int_equal(hx_rd32(h, USER_L + 0x200), 0x11111111);
    assert_int_equal(hx_rd32(h, USER_L + 0x204), 0x22222222);
}

static void test_byte_accesses_never_misaligned(void **state)
{
    struct hx *h = *state;
    hx_wr32(h, USER_L + 0x200, 0x44332211);
    hx_set_reg(h, 1, 0x203);
    enter(h, VM74_MODE_USER, 0);
    assert_int_equal(hx_exec(h, enc_lbu(3, 1, 0), NULL), VM74_RUNNING);
    assert_int_equal(hx_reg(h, 3), 0x44);
    assert_int_equal(hx_psw(h).pc, USER_P + 4);
}

/* Jumps to a target not a multiple of 4 trap at the jump, info = target,
 * rd untouched (docs/isa.md §4.1). */
static void test_misaligned_jump_targets(void **state)
{
    struct hx *h = *state;
    for (int k = 0; k < 2; k++) {
        uint32_t p = modes[k] == VM74_MODE_SUPERVISOR ? SUP_P : USER_P;
        fill_regs(h);
        enter(h, modes[k], 0);
        expect_word_traps(h, enc_jal(1, 6), VM74_CAUSE_FETCH_MISALIGNED, p + 6);

        fill_regs(h);
        enter(h, modes[k], 0);
        expect_word_traps(h, enc_jal(0, -2), VM74_CAUSE_FETCH_MISALIGNED, p - 2);

        fill_regs(h);
        hx_set_reg(h, 2, 0x402);
        enter(h, modes[k], 0);
        expect_word_traps(h, enc_jalr(1, 2, 0), VM74_CAUSE_FETCH_MISALIGNED, 0x402);

        /* bit 0 is cleared first: 0x403 -> 0x402, still misaligned */
        fill_regs(h);
        hx_set_reg(h, 2, 0x400);
        enter(h, modes[k], 0);
        expect_word_traps(h, enc_jalr(5, 2, 3), VM74_CAUSE_FETCH_MISALIGNED, 0x402);

        fill_regs(h);
        hx_set_reg(h, 1, 9);
        hx_set_reg(h, 2, 9);
        enter(h, modes[k], 0);
        expect_word_traps(h, enc_beq(1, 2, 10), VM74_CAUSE_FETCH_MISALIGNED, p + 10);

        fill_regs(h);
        enter(h, modes[k], 0);
        expect_word_traps(h, enc_bltu(0, 3, -6), VM74_CAUSE_FETCH_MISALIGNED, p - 6);
    }
}

static void test_not_taken_branch_to_misaligned_target(void **state)
{
    struct hx *h = *state;
    struct vm74_retire rec;
    hx_set_reg(h, 1, 1);
    hx_set_reg(h, 2, 2);
    enter(h, VM74_MODE_USER, 0);
    assert_int_equal(hx_exec(h, enc_beq(1, 2, 6), &rec), VM74_RUNNING);
    assert_int_equal(rec.trap, 0);
    assert_int_equal(hx_psw(h).pc, USER_P + 4);
    assert_int_equal(hx_exec(h, enc_bge(1, 2, 2), &rec), VM74_RUNNING);
    assert_int_equal(rec.trap, 0);
    assert_int_equal(hx_psw(h).pc, USER_P + 8);
}

/* ---- Fetch faults ---------------------------------------------------- */

static void test_fetch_fault_beyond_ram(void **state)
{
    struct hx *h = *state;
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, HX_RAM_SIZE, 0, VM74_BOUND_ALL);
    HX_STEP_TRAPS(h, VM74_CAUSE_FETCH_FAULT, HX_RAM_SIZE);
    HX_EXPECT_OLD_PSW(h, HX_FLAGS_S, HX_RAM_SIZE, 0, VM74_BOUND_ALL);
    /* device space is not executable either */
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, VM74_UART_STATUS, 0, VM74_BOUND_ALL);
    HX_STEP_TRAPS(h, VM74_CAUSE_FETCH_FAULT, VM74_UART_STATUS);
}

static void test_fetch_fault_at_bound_user(void **state)
{
    struct hx *h = *state;
    hx_set_psw(h, VM74_MODE_USER, 0, USER_B, USER_L, USER_B);
    HX_STEP_TRAPS(h, VM74_CAUSE_FETCH_FAULT, USER_B);
    HX_EXPECT_OLD_PSW(h, HX_FLAGS_U, USER_B, USER_L, USER_B);
}

/* ---- Priority (docs/isa.md §5) -------------------------------------- */

static void test_priority(void **state)
{
    struct hx *h = *state;
    /* misaligned P beyond the bound: FETCH_MISALIGNED before FETCH_FAULT */
    hx_set_psw(h, VM74_MODE_USER, 0, USER_B + 2, USER_L, USER_B);
    HX_STEP_TRAPS(h, VM74_CAUSE_FETCH_MISALIGNED, USER_B + 2);
    /* ILLEGAL before PRIVILEGED: LPSW with rd != 0 in user mode */
    enter(h, VM74_MODE_USER, 0);
    expect_word_traps(h, enc_lpsw_rd(1, 0, 0), VM74_CAUSE_ILLEGAL, enc_lpsw_rd(1, 0, 0));
    /* PRIVILEGED before LPSW's own operand checks */
    enter(h, VM74_MODE_USER, 0);
    hx_set_reg(h, 1, 0xfffffff1);
    expect_word_traps(h, enc_lpsw(1, 0), VM74_CAUSE_PRIVILEGED, enc_lpsw(1, 0));
    /* data: misaligned before fault (address both odd and out of bound) */
    enter(h, VM74_MODE_USER, 0);
    hx_set_reg(h, 1, USER_B + 2);
    expect_word_traps(h, enc_lw(3, 1, 0), VM74_CAUSE_LOAD_MISALIGNED, USER_B + 2);
    enter(h, VM74_MODE_USER, 0);
    hx_set_reg(h, 1, USER_B + 1);
    expect_word_traps(h, enc_sh(3, 1, 0), VM74_CAUSE_STORE_MISALIGNED, USER_B + 1);
}

/* ---- A trap inside the handler --------------------------------------- */

static void test_trap_inside_handler(void **state)
{
    struct hx *h = *state;
    fill_regs(h);
    hx_wr32(h, HX_HANDLER, VM74_INSN_EBREAK); /* the handler faults at once */
    enter(h, VM74_MODE_USER, 0);
    expect_word_traps(h, VM74_INSN_ECALL, VM74_CAUSE_ECALL, VM74_INSN_ECALL);
    /* the second trap overwrites the first old PSW with the handler's */
    HX_STEP_TRAPS(h, VM74_CAUSE_BREAKPOINT, VM74_INSN_EBREAK);
    HX_EXPECT_OLD_PSW(h, HX_FLAGS_S, HX_HANDLER, 0, VM74_BOUND_ALL);
    assert_int_equal(hx_psw(h).pc, HX_HANDLER);
}

/* A handler that saves nothing, advances the saved P and returns with
 * LPSW 0(x0): the user program continues after its ECALL. */
static void test_handler_returns_with_lpsw(void **state)
{
    struct hx *h = *state;
    HX_PLACE(h, HX_HANDLER,
             enc_sw(1, 0, 0x84),       /* save x1 */
             enc_lw(1, 0, VM74_LC_OLD_P),
             enc_addi(1, 1, 4),        /* past the ECALL */
             enc_sw(1, 0, VM74_LC_OLD_P),
             enc_lw(1, 0, 0x84),       /* restore x1 */
             enc_lpsw(0, 0));
    HX_PLACE(h, USER_L + USER_P, VM74_INSN_ECALL, enc_addi(5, 0, 77));
    hx_set_reg(h, 1, 0xabc);
    enter(h, VM74_MODE_USER, 0);
    assert_int_equal(hx_steps(h, 1 + 6 + 1), VM74_RUNNING);
    HX_EXPECT_PSW(h, VM74_MODE_USER, 0, USER_P + 8, USER_L, USER_B);
    assert_int_equal(hx_reg(h, 5), 77);
    assert_int_equal(hx_reg(h, 1), 0xabc);
}

/* Data-access faults in a free run (vm74_run), where the RTL decides a
 * load's, store's or LPSW's checks a cycle after it issues the access and
 * may already have taken the next word: the access has no effect, nothing
 * after it executes, and the trap saves its own P, cause and info.  The
 * handler exits with x5, which only the instruction after the fault would
 * change. */
static void test_data_faults_in_a_free_run(void **state)
{
    struct hx *h = *state;
    static const struct {
        const char *what;
        uint32_t addr, cause, kind; /* kind: 0 SW, 1 LW, 2 LPSW, 3 SB */
    } cases[] = {
        {"SW past RAM", HX_RAM_SIZE, VM74_CAUSE_STORE_FAULT, 0},
        {"SW to no device register", VM74_MMIO_BASE + 0x40, VM74_CAUSE_STORE_FAULT, 0},
        {"SW misaligned", 0x3002, VM74_CAUSE_STORE_MISALIGNED, 0},
        {"SB to a device register", VM74_UART_TXDATA, VM74_CAUSE_STORE_FAULT, 3},
        {"LW past RAM", HX_RAM_SIZE + 4, VM74_CAUSE_LOAD_FAULT, 1},
        {"LW misaligned", 0x3001, VM74_CAUSE_LOAD_MISALIGNED, 1},
        {"LPSW past RAM", HX_RAM_SIZE - 8, VM74_CAUSE_LOAD_FAULT, 2},
    };
    const uint32_t code = 0x1000;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t w[16], hnd[8];
        size_t n = 0, m = 0;
        hnd[m++] = enc_addi(5, 5, 0x100);          /* the handler ran */
        m = enc_li(hnd, m, 3, VM74_SIMCTL_EXIT);
        hnd[m++] = enc_sw(5, 3, 0);
        hx_place(h, HX_HANDLER, hnd, m);
        hx_wr32(h, 0x3000, 0x5a5a5a5a);
        n = enc_li(w, n, 1, cases[i].addr);
        w[n++] = enc_addi(2, 0, 0x77);
        w[n++] = enc_addi(5, 0, 0);
        size_t at = n;
        switch (cases[i].kind) {
        case 0: w[n++] = enc_sw(2, 1, 0); break;
        case 1: w[n++] = enc_lw(5, 1, 0); break;
        case 2: w[n++] = enc_lpsw(1, 0); break;
        default: w[n++] = enc_sb(2, 1, 0); break;
        }
        w[n++] = enc_addi(5, 5, 1);                 /* must not run */
        w[n++] = enc_addi(5, 5, 2);                 /* must not run */
        w[n++] = enc_jal(0, 0);
        hx_place(h, code, w, n);
        hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, code, 0, VM74_BOUND_ALL);
        assert_int_equal(vm74_run(h->m, 1000), VM74_EXITED);
        if (vm74_exit_code(h->m) != 0x100)
            fail_msg("%s: exit code %#x, want 0x100", cases[i].what, vm74_exit_code(h->m));
        struct hx_lowcore lc;
        hx_lowcore(h, &lc);
        if (lc.cause != cases[i].cause || lc.info != cases[i].addr ||
            lc.p != code + 4 * at)
            fail_msg("%s: cause %u info %#x P %#x, want %u %#x %#x", cases[i].what,
                     lc.cause, lc.info, lc.p, cases[i].cause, cases[i].addr,
                     code + 4 * (uint32_t)at);
        assert_int_equal(hx_rd32(h, 0x3000), 0x5a5a5a5a);
        assert_int_equal(h->out_len, 0);
        vm74_reset(h->m);
        hx_set_vector(h, HX_HANDLER);
    }
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, hx_setup, hx_teardown)

static const struct CMUnitTest tests[] = {
    T(test_data_faults_in_a_free_run),
    T(test_ecall_swaps_psw_supervisor),
    T(test_ecall_swaps_psw_user),
    T(test_saved_flags_include_ie),
    T(test_vector_word_is_new_p),
    T(test_trap_writes_only_low_core),
    T(test_ecall_ebreak_both_modes),
    T(test_lpsw_wfi_privileged_in_user_mode),
    T(test_csr_and_system_words_illegal),
    T(test_custom0_words_illegal),
    T(test_other_extensions_illegal),
    T(test_undefined_funct3_illegal),
    T(test_misaligned_loads_stores),
    T(test_misaligned_store_writes_nothing),
    T(test_byte_accesses_never_misaligned),
    T(test_misaligned_jump_targets),
    T(test_not_taken_branch_to_misaligned_target),
    T(test_fetch_fault_beyond_ram),
    T(test_fetch_fault_at_bound_user),
    T(test_priority),
    T(test_trap_inside_handler),
    T(test_handler_returns_with_lpsw),
};

HX_MAIN("traps", tests)
