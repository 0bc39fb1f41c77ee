/*
 * test_bounds.c - relocation and bounds (docs/isa.md §2) at every edge, in
 * both modes: a + n <= b, no wrap-around of l + a, RAM or one device word.
 */
#include "harness.h"

/* Each access test runs one instruction at P = 0 under the R being
 * tested, so the instruction word sits at physical l. */
#define L 0x4000u

static const uint32_t modes[] = {VM74_MODE_SUPERVISOR, VM74_MODE_USER};

/* One data access with x1 = addr (x2 = the store data) under R = (l, b). */
static int run_access(struct hx *h, uint32_t mode, uint32_t l, uint32_t b,
                      uint32_t insn, uint32_t addr, struct vm74_retire *rec)
{
    hx_set_psw(h, mode, 0, 0, l, b);
    hx_set_reg(h, 1, addr);
    hx_set_reg(h, 2, 0x8badf00d);
    return hx_exec(h, insn, rec);
}

static void expect_ok(struct hx *h, uint32_t mode, uint32_t l, uint32_t b,
                      uint32_t insn, uint32_t addr)
{
    struct vm74_retire rec;
    assert_int_equal(run_access(h, mode, l, b, insn, addr, &rec), VM74_RUNNING);
    if (rec.trap)
        fail_msg("%#010x at a=%#x under (l=%#x, b=%#x) mode %u trapped: cause %u",
                 insn, addr, l, b, mode, rec.cause);
    assert_int_equal(hx_psw(h).pc, 4);
}

static void expect_fault(struct hx *h, uint32_t mode, uint32_t l, uint32_t b,
                         uint32_t insn, uint32_t addr, uint32_t cause)
{
    hx_set_psw(h, mode, 0, 0, l, b);
    hx_set_reg(h, 1, addr);
    hx_set_reg(h, 2, 0x8badf00d);
    hx_wr32(h, l, insn);
    HX_STEP_TRAPS(h, cause, addr);
    HX_EXPECT_OLD_PSW(h, mode ? HX_FLAGS_S : HX_FLAGS_U, 0, l, b);
}

/* ---- The bound ------------------------------------------------------- */

static void test_last_legal_and_first_illegal_byte(void **state)
{
    struct hx *h = *state;
    const uint32_t b = 0x102;
    for (int k = 0; k < 2; k++) {
        expect_ok(h, modes[k], L, b, enc_lbu(3, 1, 0), b - 1);
        expect_ok(h, modes[k], L, b, enc_sb(2, 1, 0), b - 1);
        assert_int_equal(hx_rd8(h, L + b - 1), 0x0d);
        expect_fault(h, modes[k], L, b, enc_lbu(3, 1, 0), b, VM74_CAUSE_LOAD_FAULT);
        expect_fault(h, modes[k], L, b, enc_lb(3, 1, 0), b + 1, VM74_CAUSE_LOAD_FAULT);
        expect_fault(h, modes[k], L, b, enc_sb(2, 1, 0), b, VM74_CAUSE_STORE_FAULT);
        assert_int_equal(hx_rd8(h, L + b), 0); /* not written */
    }
}

/* b = 0x102 is not a multiple of 4: the halfword at 0x100 fits, the word
 * at 0x100 straddles the bound and is illegal as a whole. */
static void test_straddling_the_bound(void **state)
{
    struct hx *h = *state;
    for (int k = 0; k < 2; k++) {
        hx_wr32(h, L + 0x100, 0x44332211);
        expect_ok(h, modes[k], L, 0x102, enc_lhu(3, 1, 0), 0x100);
        assert_int_equal(hx_reg(h, 3), 0x2211);
        expect_fault(h, modes[k], L, 0x102, enc_lw(3, 1, 0), 0x100, VM74_CAUSE_LOAD_FAULT);
        expect_fault(h, modes[k], L, 0x103, enc_lw(3, 1, 0), 0x100, VM74_CAUSE_LOAD_FAULT);
        expect_fault(h, modes[k], L, 0x101, enc_lh(3, 1, 0), 0x100, VM74_CAUSE_LOAD_FAULT);
        expect_fault(h, modes[k], L, 0x102, enc_sw(2, 1, 0), 0x100, VM74_CAUSE_STORE_FAULT);
        expect_fault(h, modes[k], L, 0x101, enc_sh(2, 1, 0), 0x100, VM74_CAUSE_STORE_FAULT);
        /* no byte of a straddling store is written */
        assert_int_equal(hx_rd32(h, L + 0x100), 0x44332211);
        expect_ok(h, modes[k], L, 0x104, enc_lw(3, 1, 0), 0x100);
        assert_int_equal(hx_reg(h, 3), 0x44332211);
    }
}

/* b = 4 allows exactly the word at 0: the one instruction there. */
static void test_bound_four_and_zero(void **state)
{
    struct hx *h = *state;
    for (int k = 0; k < 2; k++) {
        expect_ok(h, modes[k], L, 4, enc_addi(3, 0, 1), 0);
        HX_STEP_TRAPS(h, VM74_CAUSE_FETCH_FAULT, 4); /* next fetch at 4 */
        /* b = 0: even the fetch at P = 0 faults */
        hx_wr32(h, L, enc_addi(3, 0, 1));
        hx_set_psw(h, modes[k], 0, 0, L, 0);
        HX_STEP_TRAPS(h, VM74_CAUSE_FETCH_FAULT, 0);
        HX_EXPECT_OLD_PSW(h, modes[k] ? HX_FLAGS_S : HX_FLAGS_U, 0, L, 0);
    }
}

/* ---- No wrap-around (check 3) ---------------------------------------- */

/* With l = 0xFFFFF000 and b = 0x2000, logical 0x1000 and up would wrap to
 * physical 0 (low core, which is RAM): they must fault instead. */
static void test_relocation_never_wraps(void **state)
{
    struct hx *h = *state;
    const uint32_t l = 0xfffff000;
    hx_wr32(h, 0x10, 0x12345678);
    hx_wr32(h, 0x100, enc_addi(3, 0, 1));
    for (int k = 0; k < 2; k++) {
        /* the fetch at 0x1100 would read physical 0x100 if it wrapped */
        hx_set_psw(h, modes[k], 0, 0x1100, l, 0x2000);
        HX_STEP_TRAPS(h, VM74_CAUSE_FETCH_FAULT, 0x1100);
        HX_EXPECT_OLD_PSW(h, modes[k] ? HX_FLAGS_S : HX_FLAGS_U, 0x1100, l, 0x2000);
        /* below 0x1000 the physical address 0xFFFFFxxx is not RAM */
        hx_set_psw(h, modes[k], 0, 0x100, l, 0x2000);
        HX_STEP_TRAPS(h, VM74_CAUSE_FETCH_FAULT, 0x100);
    }
}

/* Data accesses whose l + a would wrap past 2^32 into low core fault;
 * the effective address x1 + imm itself is computed mod 2^32. */
static void test_data_access_near_top_of_logical_space(void **state)
{
    struct hx *h = *state;
    for (int k = 0; k < 2; k++) {
        /* R = (0x4000, BOUND_ALL): a = 0xFFFFC010 is under the bound but
         * l + a = 2^32 + 0x40 would wrap to 0x40 */
        hx_wr32(h, 0x40, 0x12345678);
        expect_fault(h, modes[k], L, VM74_BOUND_ALL, enc_lw(3, 1, 0),
                     0xffffc040, VM74_CAUSE_LOAD_FAULT);
        expect_fault(h, modes[k], L, VM74_BOUND_ALL, enc_sw(2, 1, 0),
                     0xffffc040, VM74_CAUSE_STORE_FAULT);
        assert_int_equal(hx_rd32(h, 0x40), 0x12345678);
        /* exactly at 2^32: l + a + 4 = 2^32 + 4 */
        expect_fault(h, modes[k], L, VM74_BOUND_ALL, enc_lw(3, 1, 0),
                     0xffffc000, VM74_CAUSE_LOAD_FAULT);
        /* the effective address itself wraps mod 2^32 (x1 + imm): -4 + 8 = 4 */
        hx_wr32(h, L + 4, 0xfeedface);
        hx_set_psw(h, modes[k], 0, 0, L, 0x1000);
        hx_set_reg(h, 1, 0xfffffffc);
        assert_int_equal(hx_exec(h, enc_lw(3, 1, 8), NULL), VM74_RUNNING);
        assert_int_equal(hx_reg(h, 3), 0xfeedface);
    }
}

/* ---- Fetch and jumps past the bound ---------------------------------- */

static void test_fetch_runs_up_to_the_bound(void **state)
{
    struct hx *h = *state;
    for (int k = 0; k < 2; k++) {
        HX_PLACE(h, L, enc_addi(3, 0, 1), enc_addi(4, 0, 2), enc_addi(5, 0, 3));
        hx_set_psw(h, modes[k], 0, 0, L, 8);
        assert_int_equal(hx_steps(h, 2), VM74_RUNNING);
        assert_int_equal(hx_reg(h, 4), 2);
        HX_STEP_TRAPS(h, VM74_CAUSE_FETCH_FAULT, 8);
        /* b = 10: the word at 8 straddles, so it faults too */
        hx_set_psw(h, modes[k], 0, 8, L, 10);
        HX_STEP_TRAPS(h, VM74_CAUSE_FETCH_FAULT, 8);
        hx_set_psw(h, modes[k], 0, 8, L, 12);
        assert_int_equal(hx_step(h, NULL), VM74_RUNNING);
        assert_int_equal(hx_reg(h, 5), 3);
    }
}

/* The jump completes (rd written, P = target); the fetch there faults. */
static void test_jump_past_the_bound(void **state)
{
    struct hx *h = *state;
    for (int k = 0; k < 2; k++) {
        struct vm74_retire rec;
        hx_set_reg(h, 1, 0);
        hx_set_psw(h, modes[k], 0, 0, L, 0x200);
        assert_int_equal(hx_exec(h, enc_jal(1, 0x1000), &rec), VM74_RUNNING);
        assert_int_equal(rec.trap, 0);
        assert_int_equal(hx_reg(h, 1), 4);
        assert_int_equal(hx_psw(h).pc, 0x1000);
        HX_STEP_TRAPS(h, VM74_CAUSE_FETCH_FAULT, 0x1000);
        HX_EXPECT_OLD_PSW(h, modes[k] ? HX_FLAGS_S : HX_FLAGS_U, 0x1000, L, 0x200);

        hx_set_psw(h, modes[k], 0, 0, L, 0x200);
        hx_set_reg(h, 6, 0x200);
        assert_int_equal(hx_exec(h, enc_jalr(7, 6, 0), &rec), VM74_RUNNING);
        assert_int_equal(rec.trap, 0);
        assert_int_equal(hx_reg(h, 7), 4);
        HX_STEP_TRAPS(h, VM74_CAUSE_FETCH_FAULT, 0x200);
    }
}

/* ---- R covering everything, RAM's end, devices ----------------------- */

static void test_bound_all_edges(void **state)
{
    struct hx *h = *state;
    for (int k = 0; k < 2; k++) {
        hx_wr32(h, HX_RAM_SIZE - 4, 0x0badcafe);
        expect_ok(h, modes[k], 0, VM74_BOUND_ALL, enc_lw(3, 1, 0), HX_RAM_SIZE - 4);
        assert_int_equal(hx_reg(h, 3), 0x0badcafe);
        expect_fault(h, modes[k], 0, VM74_BOUND_ALL, enc_lw(3, 1, 0),
                     HX_RAM_SIZE, VM74_CAUSE_LOAD_FAULT);
        expect_fault(h, modes[k], 0, VM74_BOUND_ALL, enc_lhu(3, 1, 0),
                     HX_RAM_SIZE, VM74_CAUSE_LOAD_FAULT);
        expect_fault(h, modes[k], 0, VM74_BOUND_ALL, enc_sw(2, 1, 0),
                     HX_RAM_SIZE, VM74_CAUSE_STORE_FAULT);
        expect_fault(h, modes[k], 0, VM74_BOUND_ALL, enc_lw(3, 1, 0),
                     0x08000000, VM74_CAUSE_LOAD_FAULT); /* between RAM and MMIO */
        expect_fault(h, modes[k], 0, VM74_BOUND_ALL, enc_lw(3, 1, 0),
                     0xfffffffc, VM74_CAUSE_LOAD_FAULT); /* a + 4 > b */
        expect_fault(h, modes[k], 0, VM74_BOUND_ALL, enc_lbu(3, 1, 0),
                     0xffffffff, VM74_CAUSE_LOAD_FAULT); /* the unreachable byte */
        expect_fault(h, modes[k], 0, VM74_BOUND_ALL, enc_lbu(3, 1, 0),
                     0xfffffffe, VM74_CAUSE_LOAD_FAULT); /* nothing there */
    }
}

/* RAM ends at the configured size even if the RAM were bigger inside. */
static void test_small_ram_end(void **state)
{
    (void)state;
    struct hx *h = hx_new(VM74_RAM_SIZE_MIN);
    hx_wr32(h, VM74_RAM_SIZE_MIN - 4, 0x77777777);
    expect_ok(h, VM74_MODE_SUPERVISOR, 0, VM74_BOUND_ALL, enc_lw(3, 1, 0),
              VM74_RAM_SIZE_MIN - 4);
    assert_int_equal(hx_reg(h, 3), 0x77777777);
    expect_fault(h, VM74_MODE_SUPERVISOR, 0, VM74_BOUND_ALL, enc_lw(3, 1, 0),
                 VM74_RAM_SIZE_MIN, VM74_CAUSE_LOAD_FAULT);
    expect_fault(h, VM74_MODE_USER, 0x800, VM74_BOUND_ALL, enc_lw(3, 1, 0),
                 VM74_RAM_SIZE_MIN - 0x800, VM74_CAUSE_LOAD_FAULT);
    hx_free(h);
}

static void test_narrow_device_access_faults(void **state)
{
    struct hx *h = *state;
    for (int k = 0; k < 2; k++) {
        expect_fault(h, modes[k], 0, VM74_BOUND_ALL, enc_lbu(3, 1, 0),
                     VM74_UART_STATUS, VM74_CAUSE_LOAD_FAULT);
        expect_fault(h, modes[k], 0, VM74_BOUND_ALL, enc_lh(3, 1, 0),
                     VM74_TIMER_TIME_LO, VM74_CAUSE_LOAD_FAULT);
        expect_fault(h, modes[k], 0, VM74_BOUND_ALL, enc_sb(2, 1, 0),
                     VM74_UART_TXDATA, VM74_CAUSE_STORE_FAULT);
        expect_fault(h, modes[k], 0, VM74_BOUND_ALL, enc_sh(2, 1, 0),
                     VM74_SIMCTL_EXIT, VM74_CAUSE_STORE_FAULT);
        expect_fault(h, modes[k], 0, VM74_BOUND_ALL, enc_lbu(3, 1, 0),
                     VM74_UART_STATUS + 1, VM74_CAUSE_LOAD_FAULT);
    }
    assert_int_equal(h->out_len, 0); /* the faulting SB sent nothing */
}

/* A device is reached through R like memory: a user whose R covers it
 * reads it, one whose bound ends at its RAM faults. */
static void test_devices_through_r(void **state)
{
    struct hx *h = *state;
    expect_ok(h, VM74_MODE_USER, 0, VM74_BOUND_ALL, enc_lw(3, 1, 0), VM74_UART_STATUS);
    assert_true(hx_reg(h, 3) & VM74_UART_STATUS_TX_READY);
    /* l = 0x1000: logical STATUS - 0x1000 is the physical STATUS */
    expect_ok(h, VM74_MODE_USER, 0x1000, VM74_BOUND_ALL, enc_lw(3, 1, 0),
              VM74_UART_STATUS - 0x1000);
    assert_true(hx_reg(h, 3) & VM74_UART_STATUS_TX_READY);
    expect_fault(h, VM74_MODE_USER, L, 0x8000, enc_lw(3, 1, 0),
                 VM74_UART_STATUS, VM74_CAUSE_LOAD_FAULT);
}

/* ---- Physical = l + a ------------------------------------------------- */

static void test_physical_is_base_plus_logical(void **state)
{
    struct hx *h = *state;
    for (int k = 0; k < 2; k++) {
        hx_wr32(h, L + 0x340, 0xa1b2c3d4);
        hx_wr32(h, 0x340, 0);
        expect_ok(h, modes[k], L, 0x1000, enc_lw(3, 1, 0), 0x340);
        assert_int_equal(hx_reg(h, 3), 0xa1b2c3d4);
        expect_ok(h, modes[k], L, 0x1000, enc_sw(2, 1, 0), 0x348);
        assert_int_equal(hx_rd32(h, L + 0x348), 0x8badf00d);
        assert_int_equal(hx_rd32(h, 0x348), 0);
        /* the same logical address under another l is another word */
        hx_wr32(h, 2 * L + 0x340, 0x5555aaaa);
        expect_ok(h, modes[k], 2 * L, 0x1000, enc_lw(3, 1, 0), 0x340);
        assert_int_equal(hx_reg(h, 3), 0x5555aaaa);
    }
}

/* The supervisor is relocated too: its own bound applies. */
static void test_supervisor_is_bounded(void **state)
{
    struct hx *h = *state;
    expect_fault(h, VM74_MODE_SUPERVISOR, L, 0x100, enc_lw(3, 1, 0), 0x100,
                 VM74_CAUSE_LOAD_FAULT);
    expect_fault(h, VM74_MODE_SUPERVISOR, L, 0x100, enc_sw(2, 1, 0), 0x1000,
                 VM74_CAUSE_STORE_FAULT);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, hx_setup, hx_teardown)

static const struct CMUnitTest tests[] = {
    T(test_last_legal_and_first_illegal_byte),
    T(test_straddling_the_bound),
    T(test_bound_four_and_zero),
    T(test_relocation_never_wraps),
    T(test_data_access_near_top_of_logical_space),
    T(test_fetch_runs_up_to_the_bound),
    T(test_jump_past_the_bound),
    T(test_bound_all_edges),
    T(test_small_ram_end),
    T(test_narrow_device_access_faults),
    T(test_devices_through_r),
    T(test_physical_is_base_plus_logical),
    T(test_supervisor_is_bounded),
};

HX_MAIN("bounds", tests)
