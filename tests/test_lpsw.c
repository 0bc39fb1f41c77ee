/*
 * test_lpsw.c - LPSW (docs/isa.md §4.3): the 16-byte operand checked as one
 * access through the current R, every field installed at once.
 */
#include "harness.h"

#define SUP_P 0x1000u
#define OPND 0x3000u /* where the operand PSW image goes */

/* Supervisor at SUP_P, R = (l, b); x1 = operand address. */
static void supervisor(struct hx *h, uint32_t l, uint32_t b, uint32_t x1)
{
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, SUP_P, l, b);
    hx_set_reg(h, 1, x1);
}

struct psw_image {
    uint32_t flags, p, l, b;
    uint32_t mode, ie; /* what the flags mean */
};

static void test_every_field_installed(void **state)
{
    struct hx *h = *state;
    const struct psw_image c[] = {
        {0x00000001, 0x00000200, 0x00000000, 0xffffffff, 1, 0},
        {0x00000000, 0x00000100, 0x00004000, 0x00002000, 0, 0},
        {0x00000003, 0x00000abc, 0x00001000, 0x00000010, 1, 1},
        {0x00000002, 0x12345678, 0xfffff000, 0x00000000, 0, 1},
        {0xfffffffc, 0x00000040, 0x00000004, 0x00000004, 0, 0}, /* reserved bits */
        {0xfffffffd, 0xfffffffc, 0x80000000, 0x7fffffff, 1, 0},
        {0xffffffff, 0x00000000, 0xffffffff, 0xffffffff, 1, 1},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        struct vm74_retire rec;
        struct vm74_state before, after;
        hx_put_psw(h, OPND, c[i].flags, c[i].p, c[i].l, c[i].b);
        supervisor(h, 0, VM74_BOUND_ALL, OPND);
        hx_state(h, &before);
        assert_int_equal(hx_exec(h, enc_lpsw(1, 0), &rec), VM74_RUNNING);
        assert_int_equal(rec.trap, 0);
        /* l's bits 1:0 are hardwired 0 (docs/isa.md §1) */
        uint32_t l = c[i].l & 0xfffffffcu;
        HX_EXPECT_PSW(h, c[i].mode, c[i].ie, c[i].p, l, c[i].b);
        assert_int_equal(rec.rd, 0);
        assert_int_equal(rec.mem_size, 16);
        assert_int_equal(rec.mem_write, 0);
        assert_int_equal(rec.mem_addr, OPND);
        assert_int_equal(rec.mem_paddr, OPND);
        assert_int_equal(rec.next.mode, c[i].mode);
        assert_int_equal(rec.next.ie, c[i].ie);
        assert_int_equal(rec.next.pc, c[i].p);
        assert_int_equal(rec.next.base, l);
        assert_int_equal(rec.next.bound, c[i].b);
        hx_state(h, &after);
        assert_memory_equal(after.x, before.x, sizeof before.x);
    }
}

/* Reserved flag bits are ignored when loaded and stored as 0 by the next
 * trap. */
static void test_reserved_flags_stored_as_zero(void **state)
{
    struct hx *h = *state;
    hx_put_psw(h, OPND, 0xabcdeff5, 0x200, 0x4000, 0x1000); /* M=1 IE=0 */
    hx_wr32(h, 0x4200, VM74_INSN_ECALL);
    supervisor(h, 0, VM74_BOUND_ALL, OPND);
    assert_int_equal(hx_exec(h, enc_lpsw(1, 0), NULL), VM74_RUNNING);
    HX_EXPECT_PSW(h, 1, 0, 0x200, 0x4000, 0x1000);
    HX_STEP_TRAPS(h, VM74_CAUSE_ECALL, VM74_INSN_ECALL);
    HX_EXPECT_OLD_PSW(h, 0x00000001, 0x200, 0x4000, 0x1000);
}

/* l is word-aligned (docs/isa.md §1): LPSW ignores bits 1:0 of the l word,
 * relocation uses the cleared value, and the next trap stores it. */
static void test_base_low_bits_ignored(void **state)
{
    struct hx *h = *state;
    hx_put_psw(h, OPND, 0, 0x10, 0x4003, 0x1000); /* user, l with bits 1:0 */
    hx_wr32(h, 0x4010, enc_lw(5, 0, 0x20));       /* at l & ~3 = 0x4000 */
    hx_wr32(h, 0x4014, VM74_INSN_ECALL);
    hx_wr32(h, 0x4020, 0x600dcafe);
    supervisor(h, 0, VM74_BOUND_ALL, OPND);
    assert_int_equal(hx_exec(h, enc_lpsw(1, 0), NULL), VM74_RUNNING);
    HX_EXPECT_PSW(h, 0, 0, 0x10, 0x4000, 0x1000);
    assert_int_equal(hx_step(h, NULL), VM74_RUNNING);
    assert_int_equal(hx_reg(h, 5), 0x600dcafe);
    HX_STEP_TRAPS(h, VM74_CAUSE_ECALL, VM74_INSN_ECALL);
    HX_EXPECT_OLD_PSW(h, 0, 0x14, 0x4000, 0x1000);
}

/* vm74_set_state keeps the same invariant. */
static void test_set_state_clears_base_low_bits(void **state)
{
    struct hx *h = *state;
    hx_set_psw(h, VM74_MODE_USER, 0, 0x10, 0x5002, 0x100);
    HX_EXPECT_PSW(h, 0, 0, 0x10, 0x5000, 0x100);
}

/* The operand address is x[rs1] + sext(imm), and it only needs 4-byte
 * alignment (min(16, 4)). */
static void test_operand_address_and_alignment(void **state)
{
    struct hx *h = *state;
    hx_put_psw(h, OPND + 4, 0, 0x300, 0x5000, 0x800);
    supervisor(h, 0, VM74_BOUND_ALL, OPND + 0x14);
    assert_int_equal(hx_exec(h, enc_lpsw(1, -16), NULL), VM74_RUNNING);
    HX_EXPECT_PSW(h, 0, 0, 0x300, 0x5000, 0x800);
}

static void test_operand_misaligned(void **state)
{
    struct hx *h = *state;
    const uint32_t addrs[] = {OPND + 2, OPND + 1, OPND + 3};
    for (size_t i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
        supervisor(h, 0, VM74_BOUND_ALL, addrs[i]);
        hx_wr32(h, SUP_P, enc_lpsw(1, 0));
        HX_STEP_TRAPS(h, VM74_CAUSE_LOAD_MISALIGNED, addrs[i]);
        HX_EXPECT_OLD_PSW(h, HX_FLAGS_S, SUP_P, 0, VM74_BOUND_ALL);
    }
}

/* All 16 bytes must be under the bound, in RAM, without wrapping. */
static void test_operand_out_of_bound(void **state)
{
    struct hx *h = *state;
    const uint32_t l = 0x4000;
    struct {
        uint32_t l, b, a;
    } c[] = {
        {l, 0x1004, 0x0ff8},            /* 12 bytes in, 4 past the bound */
        {l, 0x100c, 0x1000},            /* 12 bytes in, 4 past */
        {l, 0x1008, 0x1000},            /* 8 bytes in, 8 past */
        {l, 0x1004, 0x1004},            /* at the bound */
        {0, VM74_BOUND_ALL, HX_RAM_SIZE - 8},  /* straddles RAM's end */
        {0, VM74_BOUND_ALL, HX_RAM_SIZE},
        {0, VM74_BOUND_ALL, VM74_TIMER_BASE},  /* device words: not RAM */
        {l, VM74_BOUND_ALL, 0xffffbff8},       /* l + a + 16 wraps */
        {0, VM74_BOUND_ALL, 0xfffffff0},       /* a + 16 > b */
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        /* the LPSW itself sits at physical l + SUP_P */
        supervisor(h, c[i].l, c[i].b, c[i].a);
        hx_wr32(h, c[i].l + SUP_P, enc_lpsw(1, 0));
        HX_STEP_TRAPS(h, VM74_CAUSE_LOAD_FAULT, c[i].a);
        HX_EXPECT_OLD_PSW(h, HX_FLAGS_S, SUP_P, c[i].l, c[i].b);
    }
    /* the last legal operand: its 16 bytes end exactly at the bound */
    hx_put_psw(h, l + 0x0ff0, 0, 0x40, 0x8000, 0x100);
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, 0x100, l, 0x1000);
    hx_set_reg(h, 1, 0x0ff0);
    assert_int_equal(hx_exec(h, enc_lpsw(1, 0), NULL), VM74_RUNNING);
    HX_EXPECT_PSW(h, 0, 0, 0x40, 0x8000, 0x100);
}

/* A bound that reaches past the end of the address space (l + b > 2^32) is
 * legal: the operand is checked against b and against the wrap separately.
 * (Regression: the RTL kept l + b - 16 as a signed 33-bit number and took
 * l + b >= 2^32 + 16 for "negative", refusing every such operand.) */
static void test_operand_under_a_bound_past_2_32(void **state)
{
    struct hx *h = *state;
    const uint32_t l = 0x4000;
    const uint32_t b[] = {0xffffff00, 0xfffffff0, VM74_BOUND_ALL};
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
        hx_put_psw(h, l + 0x0ff0, 0, 0x40, 0x8000, 0x100);
        hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, 0x100, l, b[i]);
        hx_set_reg(h, 1, 0x0ff0);
        assert_int_equal(hx_exec(h, enc_lpsw(1, 0), NULL), VM74_RUNNING);
        HX_EXPECT_PSW(h, 0, 0, 0x40, 0x8000, 0x100);
    }
    /* ... and the wrap still faults under it: l + a + 16 > 2^32 */
    supervisor(h, l, VM74_BOUND_ALL, 0xffffbff8);
    hx_wr32(h, l + SUP_P, enc_lpsw(1, 0));
    HX_STEP_TRAPS(h, VM74_CAUSE_LOAD_FAULT, 0xffffbff8);
}

/* The operand is a logical address under the current R: with l = 0x4000
 * it is read from physical 0x4000 + a, not from a. */
static void test_operand_read_through_r(void **state)
{
    struct hx *h = *state;
    hx_put_psw(h, 0x0100, 1, 0xbad, 0xbad, 0xbad);  /* decoy at physical a */
    hx_put_psw(h, 0x4100, 0, 0x44, 0x6000, 0x400);
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, 0x200, 0x4000, 0x1000);
    assert_int_equal(hx_exec(h, enc_lpsw(0, 0x100), NULL), VM74_RUNNING);
    HX_EXPECT_PSW(h, 0, 0, 0x44, 0x6000, 0x400);
}

/* A misaligned P is accepted; the next fetch traps with the new PSW. */
static void test_lpsw_to_misaligned_p(void **state)
{
    struct hx *h = *state;
    hx_put_psw(h, OPND, VM74_FLAG_IE, 0x102, 0x4000, 0x1000);
    supervisor(h, 0, VM74_BOUND_ALL, OPND);
    assert_int_equal(hx_exec(h, enc_lpsw(1, 0), NULL), VM74_RUNNING);
    HX_EXPECT_PSW(h, 0, 1, 0x102, 0x4000, 0x1000);
    HX_STEP_TRAPS(h, VM74_CAUSE_FETCH_MISALIGNED, 0x102);
    HX_EXPECT_OLD_PSW(h, VM74_FLAG_IE, 0x102, 0x4000, 0x1000);
}

/* An R reaching beyond RAM is accepted and faults on use. */
static void test_lpsw_r_beyond_ram_faults_on_use(void **state)
{
    struct hx *h = *state;
    hx_put_psw(h, OPND, HX_FLAGS_S, 0x1100, 0xfffff000, 0x2000);
    supervisor(h, 0, VM74_BOUND_ALL, OPND);
    assert_int_equal(hx_exec(h, enc_lpsw(1, 0), NULL), VM74_RUNNING);
    HX_STEP_TRAPS(h, VM74_CAUSE_FETCH_FAULT, 0x1100);
    HX_EXPECT_OLD_PSW(h, HX_FLAGS_S, 0x1100, 0xfffff000, 0x2000);
}

/* LPSW is the only way down: a supervisor lowers itself, runs user code,
 * and the user's own LPSW back up is refused. */
static void test_only_lpsw_lowers_privilege(void **state)
{
    struct hx *h = *state;
    hx_put_psw(h, OPND, 0, 0x0, 0x4000, 0x100);
    hx_put_psw(h, 0x4080, HX_FLAGS_S, 0x0, 0, VM74_BOUND_ALL);
    HX_PLACE(h, 0x4000, enc_addi(5, 0, 5), enc_lpsw(0, 0x80));
    supervisor(h, 0, VM74_BOUND_ALL, OPND);
    assert_int_equal(hx_exec(h, enc_lpsw(1, 0), NULL), VM74_RUNNING);
    HX_EXPECT_PSW(h, VM74_MODE_USER, 0, 0, 0x4000, 0x100);
    assert_int_equal(hx_step(h, NULL), VM74_RUNNING);
    assert_int_equal(hx_psw(h).mode, VM74_MODE_USER); /* ALU keeps the mode */
    HX_STEP_TRAPS(h, VM74_CAUSE_PRIVILEGED, enc_lpsw(0, 0x80));
    HX_EXPECT_OLD_PSW(h, HX_FLAGS_U, 4, 0x4000, 0x100);
    assert_int_equal(hx_reg(h, 5), 5);
}

/* A faulting LPSW changes nothing but the trap. */
static void test_faulting_lpsw_changes_nothing(void **state)
{
    struct hx *h = *state;
    hx_set_vector(h, 0x900);
    hx_set_reg(h, 7, 0x777);
    hx_wr32(h, 0x4000 + SUP_P, enc_lpsw(1, 0));
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 1, SUP_P, 0x4000, 0x10000);
    hx_set_reg(h, 1, 0xfff8); /* straddles 0x10000 */
    HX_STEP_TRAPS(h, VM74_CAUSE_LOAD_FAULT, 0xfff8);
    HX_EXPECT_OLD_PSW(h, HX_FLAGS_SI, SUP_P, 0x4000, 0x10000);
    assert_int_equal(hx_psw(h).pc, 0x900);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, hx_setup, hx_teardown)

static const struct CMUnitTest tests[] = {
    T(test_every_field_installed),
    T(test_reserved_flags_stored_as_zero),
    T(test_base_low_bits_ignored),
    T(test_set_state_clears_base_low_bits),
    T(test_operand_address_and_alignment),
    T(test_operand_misaligned),
    T(test_operand_out_of_bound),
    T(test_operand_under_a_bound_past_2_32),
    T(test_operand_read_through_r),
    T(test_lpsw_to_misaligned_p),
    T(test_lpsw_r_beyond_ram_faults_on_use),
    T(test_only_lpsw_lowers_privilege),
    T(test_faulting_lpsw_changes_nothing),
};

HX_MAIN("lpsw", tests)
