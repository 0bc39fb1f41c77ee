/*
 * test_interrupts.c - the timer interrupt and WFI (docs/isa.md §4.3, §6, §7).
 *
 * The timer is programmed the way software does it: MMIO stores from
 * supervisor code with R covering the devices.  How many TIME ticks a step
 * takes belongs to the implementation, so the tests never count on it: a
 * pending interrupt is made with CMP = 0, a future one with a CMP that the
 * tests then wait for, and after a WFI they read TIME back.
 */
#include "harness.h"

#include <stdbool.h>

#define TIMER_CODE 0x1000u /* where the timer-programming sequence runs */
#define USER_L 0x4000u
#define USER_B 0x1000u

/* Run, in supervisor mode with IE = 0, the sequence docs/isa.md gives for
 * moving CMP without a spurious interrupt: HI = all ones, LO, HI.  The
 * machine is left at the instruction after the sequence. */
static void set_cmp(struct hx *h, uint64_t cmp)
{
    uint32_t w[16];
    size_t n = 0;
    n = enc_li(w, n, 1, VM74_TIMER_BASE);
    w[n++] = enc_addi(2, 0, -1);
    w[n++] = enc_sw(2, 1, VM74_TIMER_CMP_HI - VM74_TIMER_BASE);
    n = enc_li(w, n, 3, (uint32_t)cmp);
    w[n++] = enc_sw(3, 1, VM74_TIMER_CMP_LO - VM74_TIMER_BASE);
    n = enc_li(w, n, 4, (uint32_t)(cmp >> 32));
    w[n++] = enc_sw(4, 1, VM74_TIMER_CMP_HI - VM74_TIMER_BASE);
    hx_place(h, TIMER_CODE, w, n);
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, TIMER_CODE, 0, VM74_BOUND_ALL);
    for (size_t i = 0; i < n; i++) {
        struct vm74_retire rec;
        assert_int_equal(hx_step(h, &rec), VM74_RUNNING);
        if (rec.trap)
            fail_msg("timer set-up step %zu trapped: cause %u", i, rec.cause);
    }
}

/* Read TIME through a supervisor load (the low word is enough here). */
static uint32_t read_time_lo(struct hx *h)
{
    uint32_t w[4];
    size_t n = enc_li(w, 0, 1, VM74_TIMER_TIME_LO);
    w[n++] = enc_lw(6, 1, 0);
    hx_place(h, 0x1800, w, n);
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, 0x1800, 0, VM74_BOUND_ALL);
    assert_int_equal(hx_steps(h, (int)n), VM74_RUNNING);
    assert_int_equal(hx_psw(h).pc, 0x1800 + 4 * n);
    return hx_reg(h, 6);
}

/* Step until a trap (at most max steps) and return its record. */
static struct vm74_retire run_until_trap(struct hx *h, int max)
{
    struct vm74_retire rec;
    for (int i = 0; i < max; i++) {
        assert_int_equal(hx_step(h, &rec), VM74_RUNNING);
        if (rec.trap)
            return rec;
    }
    fail_msg("no trap within %d steps", max);
    return rec;
}

static void test_no_interrupt_at_reset(void **state)
{
    struct hx *h = *state;
    /* CMP resets to 2^64 - 1: with IE = 1 nothing comes */
    HX_PLACE(h, 0x2000, enc_addi(5, 5, 1), enc_jal(0, -4));
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 1, 0x2000, 0, VM74_BOUND_ALL);
    assert_int_equal(hx_steps(h, 200), VM74_RUNNING);
    assert_int_equal(hx_reg(h, 5), 100);
    assert_int_equal(hx_psw(h).ie, 1);
}

/* IE = 1 in supervisor mode: the interrupt comes before the next
 * instruction, saved P = that instruction, cause TIMER, info 0. */
static void test_taken_in_supervisor(void **state)
{
    struct hx *h = *state;
    set_cmp(h, 0); /* pending from now on */
    uint32_t next = hx_psw(h).pc;
    hx_wr32(h, next, enc_addi(5, 0, 1));
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 1, next, 0, VM74_BOUND_ALL);
    struct vm74_retire rec;
    HX_STEP_TRAPS_REC(h, VM74_CAUSE_TIMER, 0, &rec);
    HX_EXPECT_OLD_PSW(h, HX_FLAGS_SI, next, 0, VM74_BOUND_ALL);
    assert_int_equal(rec.interrupt, 1);
    assert_int_equal(rec.mem_size, 0);
    assert_int_equal(hx_reg(h, 5), 0); /* the instruction did not run */
}

/* A future CMP, a user loop with IE = 1: the interrupt arrives in user
 * mode with the user's R saved and P = the loop's next instruction. */
static void test_taken_in_user_mode(void **state)
{
    struct hx *h = *state;
    set_cmp(h, 300);
    HX_PLACE(h, USER_L + 0x40, enc_addi(5, 5, 1), enc_jal(0, -4));
    hx_set_psw(h, VM74_MODE_USER, 1, 0x40, USER_L, USER_B);
    struct vm74_retire rec = run_until_trap(h, 100000);
    assert_int_equal(rec.interrupt, 1);
    assert_int_equal(rec.cause, VM74_CAUSE_TIMER);
    assert_int_equal(rec.mode, VM74_MODE_USER);
    struct hx_lowcore lc;
    hx_lowcore(h, &lc);
    assert_int_equal(lc.cause, VM74_CAUSE_TIMER);
    assert_int_equal(lc.info, 0);
    assert_int_equal(lc.flags, HX_FLAGS_UI);
    assert_int_equal(lc.l, USER_L);
    assert_int_equal(lc.b, USER_B);
    assert_true(lc.p == 0x40 || lc.p == 0x44);
    assert_int_equal(lc.p, rec.pc);
    HX_EXPECT_PSW(h, VM74_MODE_SUPERVISOR, 0, HX_HANDLER, 0, VM74_BOUND_ALL);
    assert_true(hx_reg(h, 5) > 0); /* the loop did run before */
    assert_true(read_time_lo(h) >= 300);
}

/* IE = 0: the pending interrupt waits, and is taken on the first
 * instruction after an LPSW that sets IE = 1, saved P = LPSW's target. */
static void test_pending_waits_for_ie(void **state)
{
    struct hx *h = *state;
    set_cmp(h, 0);
    uint32_t p = hx_psw(h).pc;
    hx_put_psw(h, 0x700, HX_FLAGS_UI, 0x40, USER_L, USER_B);
    HX_PLACE(h, p, enc_addi(5, 0, 1), enc_addi(6, 0, 2), enc_lpsw(0, 0x700));
    hx_wr32(h, USER_L + 0x40, enc_addi(7, 0, 3));
    for (int i = 0; i < 3; i++) {
        struct vm74_retire rec;
        assert_int_equal(hx_step(h, &rec), VM74_RUNNING);
        assert_int_equal(rec.trap, 0);
    }
    assert_int_equal(hx_reg(h, 6), 2);
    HX_EXPECT_PSW(h, VM74_MODE_USER, 1, 0x40, USER_L, USER_B);
    HX_STEP_TRAPS(h, VM74_CAUSE_TIMER, 0);
    HX_EXPECT_OLD_PSW(h, HX_FLAGS_UI, 0x40, USER_L, USER_B);
    assert_int_equal(hx_reg(h, 7), 0);
}

/* The interrupt comes before the fetch, so it wins over a fetch fault. */
static void test_interrupt_before_fetch_fault(void **state)
{
    struct hx *h = *state;
    set_cmp(h, 0);
    hx_set_psw(h, VM74_MODE_USER, 1, USER_B + 2, USER_L, USER_B);
    HX_STEP_TRAPS(h, VM74_CAUSE_TIMER, 0);
    HX_EXPECT_OLD_PSW(h, HX_FLAGS_UI, USER_B + 2, USER_L, USER_B);
}

/* Level-triggered: a larger CMP clears it; IE = 1 then runs normally. */
static void test_handler_clears_by_moving_cmp(void **state)
{
    struct hx *h = *state;
    set_cmp(h, 0);
    set_cmp(h, UINT64_MAX);
    uint32_t p = hx_psw(h).pc;
    hx_wr32(h, p, enc_addi(5, 0, 9));
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 1, p, 0, VM74_BOUND_ALL);
    struct vm74_retire rec;
    assert_int_equal(hx_step(h, &rec), VM74_RUNNING);
    assert_int_equal(rec.trap, 0);
    assert_int_equal(hx_reg(h, 5), 9);
}

/* WFI with IE = 0 and the interrupt already pending: completes at once. */
static void test_wfi_pending_completes(void **state)
{
    struct hx *h = *state;
    set_cmp(h, 0);
    uint32_t p = hx_psw(h).pc;
    struct vm74_retire rec;
    hx_wr32(h, p, VM74_INSN_WFI);
    assert_int_equal(hx_step(h, &rec), VM74_RUNNING);
    assert_int_equal(rec.trap, 0);
    assert_int_equal(rec.insn, VM74_INSN_WFI);
    assert_int_equal(hx_psw(h).pc, p + 4);
}

/* WFI with IE = 0 and a future CMP: waits until TIME >= CMP, then
 * continues with the next instruction; no trap. */
static void test_wfi_ie0_waits_then_continues(void **state)
{
    struct hx *h = *state;
    const uint32_t cmp = 5000;
    set_cmp(h, cmp);
    uint32_t p = hx_psw(h).pc;
    struct vm74_retire rec;
    hx_wr32(h, p, VM74_INSN_WFI);
    assert_int_equal(hx_step(h, &rec), VM74_RUNNING);
    assert_int_equal(rec.trap, 0);
    assert_int_equal(hx_psw(h).pc, p + 4);
    assert_true(read_time_lo(h) >= cmp);
}

/* WFI with IE = 1: WFI retires, then the interrupt is taken with saved
 * P = the WFI's address + 4. */
static void test_wfi_ie1_interrupt_after_wfi(void **state)
{
    struct hx *h = *state;
    set_cmp(h, 5000);
    uint32_t p = hx_psw(h).pc;
    hx_wr32(h, p, VM74_INSN_WFI);
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 1, p, 0, VM74_BOUND_ALL);
    struct vm74_retire rec;
    assert_int_equal(hx_step(h, &rec), VM74_RUNNING);
    assert_int_equal(rec.trap, 0);
    assert_int_equal(hx_psw(h).pc, p + 4);
    HX_STEP_TRAPS(h, VM74_CAUSE_TIMER, 0);
    HX_EXPECT_OLD_PSW(h, HX_FLAGS_SI, p + 4, 0, VM74_BOUND_ALL);
}

/* WFI with the timer disarmed would wait for ever: the API says so. */
static void test_wfi_disarmed_deadlocks(void **state)
{
    struct hx *h = *state;
    hx_wr32(h, 0x2000, VM74_INSN_WFI);
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, 0x2000, 0, VM74_BOUND_ALL);
    assert_int_equal(hx_step(h, NULL), VM74_DEADLOCK);
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 1, 0x2000, 0, VM74_BOUND_ALL);
    assert_int_equal(vm74_run(h->m, 1000), VM74_DEADLOCK);
    /* also after an explicit disarm */
    set_cmp(h, 0);
    set_cmp(h, UINT64_MAX);
    uint32_t p = hx_psw(h).pc;
    hx_wr32(h, p, VM74_INSN_WFI);
    assert_int_equal(vm74_run(h->m, 1000), VM74_DEADLOCK);
}

/* The trap sets IE = 0: the handler is not interrupted again. */
static void test_handler_runs_with_ie0(void **state)
{
    struct hx *h = *state;
    set_cmp(h, 0);
    HX_PLACE(h, HX_HANDLER, enc_addi(5, 5, 1), enc_jal(0, -4));
    uint32_t p = hx_psw(h).pc;
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 1, p, 0, VM74_BOUND_ALL);
    HX_STEP_TRAPS(h, VM74_CAUSE_TIMER, 0);
    assert_int_equal(hx_steps(h, 50), VM74_RUNNING);
    assert_int_equal(hx_reg(h, 5), 25);
    assert_int_equal(hx_psw(h).ie, 0);
}

/* TIME passes 2^64 - 1 with IE = 0 after a WFI for CMP = 2^64 - 2: the
 * interrupt is pending all the while and waits (§7); nothing traps, and
 * TIME wraps to 0 (§6). */
static void test_ie0_waits_at_the_end_of_time(void **state)
{
    struct hx *h = *state;
    set_cmp(h, UINT64_MAX - 1);
    uint32_t p = hx_psw(h).pc;
    HX_PLACE(h, p, VM74_INSN_WFI, enc_addi(5, 5, 1), enc_addi(5, 5, 1),
             enc_addi(5, 5, 1), enc_addi(5, 5, 1), enc_addi(5, 5, 1));
    for (int i = 0; i < 6; i++) {
        struct vm74_retire rec;
        assert_int_equal(hx_step(h, &rec), VM74_RUNNING);
        if (rec.trap)
            fail_msg("step %d after the WFI trapped: cause %u, IE = 0", i,
                     rec.cause);
    }
    assert_int_equal(hx_reg(h, 5), 5);
    HX_EXPECT_PSW(h, VM74_MODE_SUPERVISOR, 0, p + 24, 0, VM74_BOUND_ALL);
    assert_true(read_time_lo(h) < 0x1000); /* wrapped */
}

/* What a free run shows of a TIME poll: the first interrupt, and any load
 * of TIME_LO before it that returned TIME >= CMP. */
struct deadline_watch {
    uint32_t cmp_lo;
    bool interrupted, late_load;
    uint32_t irq_pc, late_value;
};

static void watch_deadline(void *ctx, const struct vm74_retire *rec)
{
    struct deadline_watch *w = ctx;
    if (w->interrupted)
        return;
    if (rec->interrupt) {
        w->interrupted = true;
        w->irq_pc = rec->pc;
    } else if (!rec->trap && rec->mem_size == 4 && !rec->mem_write &&
               rec->mem_paddr == VM74_TIMER_TIME_LO &&
               rec->mem_data >= w->cmp_lo && !w->late_load) {
        w->late_load = true;
        w->late_value = rec->mem_data;
    }
}

/*
 * A free-running loop of `LW TIME_LO` and a branch with IE = 1 and CMP a
 * few cycles ahead.  A load returns TIME as it was when it began (§6), and
 * with TIME >= CMP the interrupt comes before the next instruction (§7):
 * so no load may return TIME >= CMP, and the interrupt's saved P is the
 * loop's.  The deadline is moved one cycle at a time so that on any
 * implementation some load begins right at it.
 */
static void test_time_poll_never_sees_deadline(void **state)
{
    struct hx *h = *state;
    HX_PLACE(h, HX_HANDLER, enc_jal(0, 0));
    HX_PLACE(h, 0x3000, enc_lui(1, VM74_TIMER_BASE >> 12),
             enc_lw(5, 1, 0), enc_beq(0, 0, -4));
    for (uint32_t k = 0; k < 16; k++) {
        uint32_t cmp = read_time_lo(h) + 80 + k;
        set_cmp(h, cmp);
        struct deadline_watch w = {.cmp_lo = cmp};
        vm74_set_retire_hook(h->m, watch_deadline, &w);
        hx_set_psw(h, VM74_MODE_SUPERVISOR, 1, 0x3000, 0, VM74_BOUND_ALL);
        assert_int_equal(vm74_run(h->m, 400), VM74_LIMIT);
        vm74_set_retire_hook(h->m, NULL, NULL);
        if (w.late_load)
            fail_msg("deadline +%u: a load returned TIME 0x%08x >= CMP "
                     "0x%08x with IE = 1 and retired", k, w.late_value, cmp);
        assert_true(w.interrupted);
        assert_true(w.irq_pc == 0x3004 || w.irq_pc == 0x3008);
    }
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, hx_setup, hx_teardown)

static const struct CMUnitTest tests[] = {
    T(test_no_interrupt_at_reset),
    T(test_taken_in_supervisor),
    T(test_taken_in_user_mode),
    T(test_pending_waits_for_ie),
    T(test_interrupt_before_fetch_fault),
    T(test_handler_clears_by_moving_cmp),
    T(test_wfi_pending_completes),
    T(test_wfi_ie0_waits_then_continues),
    T(test_wfi_ie1_interrupt_after_wfi),
    T(test_wfi_disarmed_deadlocks),
    T(test_handler_runs_with_ie0),
    T(test_time_poll_never_sees_deadline),
    T(test_ie0_waits_at_the_end_of_time),
};

HX_MAIN("interrupts", tests)
