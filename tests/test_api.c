/*
 * test_api.c - the C API of sim/vm74_api.h itself: creation, state, physical
 * memory, the logical span through R, names, reset.
 */
#include "harness.h"

#include <ctype.h>
#include <string.h>

static vm74 *create(uint32_t ram, char *err, size_t errlen)
{
    struct vm74_config cfg = {.backend = hx_backend(), .ram_size = ram};
    return vm74_create(&cfg, err, errlen);
}

/* RAM must be a multiple of 4 KiB between 4 KiB and 256 MiB (§6). */
static void test_bad_ram_sizes_fail_with_message(void **state)
{
    (void)state;
    const uint32_t bad[] = {1, 0x800, 0xfff, 0x1001, 0x1800, 0x10001000,
                            0x20000000, 0xfffff000};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[256] = "";
        vm74 *m = create(bad[i], err, sizeof err);
        if (m != NULL) {
            vm74_destroy(m);
            fail_msg("ram size %#x accepted", bad[i]);
        }
        assert_true(strlen(err) > 0);
        assert_null(strchr(err, '\n'));
    }
}

static void test_good_ram_sizes(void **state)
{
    (void)state;
    const struct {
        uint32_t asked, got;
    } c[] = {
        {0, VM74_RAM_SIZE_DEFAULT},
        {VM74_RAM_SIZE_MIN, VM74_RAM_SIZE_MIN},
        {0x3000, 0x3000},
        {VM74_RAM_SIZE_BOARD, VM74_RAM_SIZE_BOARD},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char err[256] = "";
        vm74 *m = create(c[i].asked, err, sizeof err);
        if (m == NULL)
            fail_msg("ram %#x: %s", c[i].asked, err);
        assert_int_equal(vm74_ram_size(m), c[i].got);
        vm74_destroy(m);
    }
}

static void test_backend_name(void **state)
{
    struct hx *h = *state;
    assert_string_equal(vm74_backend_name(h->m), hx_backend_env());
}

/* docs/isa.md §1: the reset state. */
static void test_reset_state(void **state)
{
    struct hx *h = *state;
    struct vm74_state s;
    hx_state(h, &s);
    for (int i = 0; i < 32; i++)
        assert_int_equal(s.x[i], 0);
    HX_EXPECT_PSW(h, VM74_MODE_SUPERVISOR, 0, VM74_RESET_P, 0, VM74_BOUND_ALL);
    uint8_t ram[64];
    memset(ram, 0x55, sizeof ram);
    assert_int_equal(vm74_read_phys(h->m, 0x1000, ram, sizeof ram), 0);
    for (size_t i = 0; i < sizeof ram; i++)
        assert_int_equal(ram[i], 0);
}

static void test_state_round_trip(void **state)
{
    struct hx *h = *state;
    struct vm74_state in, out;
    for (int i = 0; i < 32; i++)
        in.x[i] = 0x9e3779b9u * (uint32_t)(i + 1);
    in.psw = (struct vm74_psw){VM74_MODE_USER, 1, 0x1234, 0x8000, 0x777};
    vm74_set_state(h->m, &in);
    vm74_get_state(h->m, &out);
    assert_int_equal(out.x[0], 0); /* x0 is always 0 */
    for (int i = 1; i < 32; i++)
        assert_int_equal(out.x[i], in.x[i]);
    assert_int_equal(out.psw.mode, VM74_MODE_USER);
    assert_int_equal(out.psw.ie, 1);
    assert_int_equal(out.psw.pc, 0x1234);
    assert_int_equal(out.psw.base, 0x8000);
    assert_int_equal(out.psw.bound, 0x777);
}

static void test_phys_bounds(void **state)
{
    struct hx *h = *state;
    uint8_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8}, back[8];
    assert_int_equal(vm74_write_phys(h->m, HX_RAM_SIZE - 8, buf, 8), 0);
    assert_int_equal(vm74_read_phys(h->m, HX_RAM_SIZE - 8, back, 8), 0);
    assert_memory_equal(back, buf, 8);
    assert_int_equal(vm74_write_phys(h->m, HX_RAM_SIZE - 4, buf, 8), -1);
    assert_int_equal(vm74_read_phys(h->m, HX_RAM_SIZE - 4, back, 8), -1);
    assert_int_equal(vm74_read_phys(h->m, HX_RAM_SIZE, back, 1), -1);
    assert_int_equal(vm74_read_phys(h->m, VM74_UART_STATUS, back, 4), -1);
    assert_int_equal(vm74_write_phys(h->m, 0xfffffffc, buf, 8), -1); /* wraps */
    assert_int_equal(vm74_read_phys(h->m, 0xffffffff, back, 2), -1);
    /* the failed write changed nothing */
    assert_int_equal(vm74_read_phys(h->m, HX_RAM_SIZE - 4, back, 4), 0);
    assert_memory_equal(back, buf + 4, 4);
}

/* vm74_logical_span: R's bound, no wrap-around past 2^32 and the RAM's end
 * each cut the range; *paddr is l + addr. */
static void set_r(vm74 *m, uint32_t base, uint32_t bound)
{
    struct vm74_state s;
    vm74_get_state(m, &s);
    s.psw.base = base;
    s.psw.bound = bound;
    vm74_set_state(m, &s);
}

static void test_logical_span(void **state)
{
    struct hx *h = *state;
    uint32_t p;
    set_r(h->m, 0x1000, 0x2000);
    assert_int_equal(vm74_logical_span(h->m, 0x10, 64, &p), 64);
    assert_int_equal(p, 0x1010);
    assert_int_equal(vm74_logical_span(h->m, 0x1ff0, 64, &p), 0x10); /* bound */
    assert_int_equal(vm74_logical_span(h->m, 0x2000, 4, &p), 0);
    assert_int_equal(vm74_logical_span(h->m, 0xfffffff0, 4, &p), 0);
    assert_int_equal(vm74_logical_span(h->m, 0x10, 0, &p), 0);
    set_r(h->m, HX_RAM_SIZE - 0x100, 0xffffffff);                     /* RAM */
    assert_int_equal(vm74_logical_span(h->m, 0xf0, 64, &p), 0x10);
    assert_int_equal(p, HX_RAM_SIZE - 0x10);
    assert_int_equal(vm74_logical_span(h->m, 0x100, 4, &p), 0);
    set_r(h->m, 0xfffff000, 0xffffffff);                          /* wrap */
    assert_int_equal(vm74_logical_span(h->m, 0x0, 4, &p), 0);
    assert_int_equal(vm74_logical_span(h->m, 0x1010, 4, &p), 0); /* l + a = 0x10 */
}

/* Names: every defined cause has its own, derived from the isa.md table
 * name (FETCH_MISALIGNED ~ fetch-misaligned, case and - / _ aside);
 * reserved numbers give "?". */
static int same_name(const char *got, const char *isa)
{
    for (; *got && *isa; got++, isa++) {
        char a = (char)tolower((unsigned char)*got), b = (char)tolower((unsigned char)*isa);
        if (a == '-' || a == ' ')
            a = '_';
        if (a != b)
            return 0;
    }
    return *got == '\0' && *isa == '\0';
}

static void test_cause_names(void **state)
{
    (void)state;
    static const char *const isa_names[VM74_NUM_CAUSES] = {
        [VM74_CAUSE_FETCH_MISALIGNED] = "fetch_misaligned",
        [VM74_CAUSE_FETCH_FAULT] = "fetch_fault",
        [VM74_CAUSE_ILLEGAL] = "illegal",
        [VM74_CAUSE_BREAKPOINT] = "breakpoint",
        [VM74_CAUSE_LOAD_MISALIGNED] = "load_misaligned",
        [VM74_CAUSE_LOAD_FAULT] = "load_fault",
        [VM74_CAUSE_STORE_MISALIGNED] = "store_misaligned",
        [VM74_CAUSE_STORE_FAULT] = "store_fault",
        [VM74_CAUSE_ECALL] = "ecall",
        [VM74_CAUSE_PRIVILEGED] = "privileged",
        [VM74_CAUSE_TIMER] = "timer",
    };
    for (uint32_t c = 0; c < VM74_NUM_CAUSES; c++) {
        const char *name = vm74_cause_name(c);
        assert_non_null(name);
        if (isa_names[c] == NULL) {
            assert_string_equal(name, "?");
        } else if (!same_name(name, isa_names[c])) {
            fail_msg("cause %u is named \"%s\", isa.md says %s", c, name, isa_names[c]);
        }
    }
    assert_string_equal(vm74_cause_name(VM74_NUM_CAUSES), "?");
    assert_string_equal(vm74_cause_name(0xffffffff), "?");
}

static void test_status_names(void **state)
{
    (void)state;
    const int statuses[] = {VM74_RUNNING, VM74_EXITED, VM74_LIMIT, VM74_DEADLOCK};
    for (size_t i = 0; i < 4; i++) {
        const char *name = vm74_status_name(statuses[i]);
        assert_non_null(name);
        assert_string_not_equal(name, "?");
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(name, vm74_status_name(statuses[k]));
    }
    assert_string_equal(vm74_status_name(99), "?");
    assert_string_equal(vm74_status_name(-1), "?");
}

/* vm74_reset: registers, PSW, RAM and statistics back to reset. */
static void test_reset(void **state)
{
    struct hx *h = *state;
    HX_PLACE(h, VM74_RESET_P, enc_addi(5, 0, 5), VM74_INSN_ECALL);
    assert_int_equal(hx_steps(h, 2), VM74_RUNNING);
    assert_int_equal(hx_reg(h, 5), 5);
    vm74_reset(h->m);
    struct vm74_state s;
    hx_state(h, &s);
    assert_int_equal(s.x[5], 0);
    HX_EXPECT_PSW(h, VM74_MODE_SUPERVISOR, 0, VM74_RESET_P, 0, VM74_BOUND_ALL);
    assert_int_equal(hx_rd32(h, VM74_RESET_P), 0);
    assert_int_equal(hx_rd32(h, VM74_LC_VECTOR), 0);
    struct vm74_stats st;
    vm74_get_stats(h->m, &st);
    assert_int_equal(st.steps, 0);
    assert_int_equal(st.instret[0] + st.instret[1], 0);
    assert_int_equal(st.traps[VM74_CAUSE_ECALL], 0);
}

/* vm74_run: stops at the limit with VM74_LIMIT; step order restarts. */
static void test_run_limit_and_order(void **state)
{
    struct hx *h = *state;
    hx_wr32(h, VM74_RESET_P, enc_jal(0, 0));
    assert_int_equal(vm74_run(h->m, 25), VM74_LIMIT);
    struct vm74_stats st;
    vm74_get_stats(h->m, &st);
    assert_int_equal(st.steps, 25);
    assert_int_equal(st.instret[VM74_MODE_SUPERVISOR], 25);
    struct vm74_retire rec;
    assert_int_equal(hx_step(h, &rec), VM74_RUNNING);
    assert_int_equal(rec.order, 25);
}

/* ---- vm74_set_retire_hook ---------------------------------------------- */

#define HOOK_MAX 64
struct hook_log {
    struct vm74_retire rec[HOOK_MAX];
    size_t n;
};

static void log_step(void *ctx, const struct vm74_retire *rec)
{
    struct hook_log *log = ctx;
    if (log->n < HOOK_MAX)
        log->rec[log->n] = *rec;
    log->n++;
}

/* A loop with stores and a trap, ending with SIMCTL_EXIT, at 0x1000. */
static void place_hook_program(struct hx *h)
{
    uint32_t w[16];
    size_t n = 0;
    w[n++] = enc_addi(1, 0, 3);
    w[n++] = enc_addi(2, 2, 1);           /* loop: */
    w[n++] = enc_sw(2, 0, 0x300);
    w[n++] = enc_addi(1, 1, -1);
    w[n++] = enc_bne(1, 0, -12);
    w[n++] = enc_lw(4, 0, 0x7fc);         /* a load */
    n = enc_li(w, n, 3, VM74_SIMCTL_EXIT);
    w[n++] = enc_sw(1, 3, 0);             /* exit code 0 */
    hx_place(h, 0x1000, w, n);
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, 0x1000, 0, VM74_BOUND_ALL);
}

static void check_same_record(const struct vm74_retire *a,
                              const struct vm74_retire *b)
{
    assert_int_equal(a->order, b->order);
    assert_int_equal(a->pc, b->pc);
    assert_int_equal(a->insn, b->insn);
    assert_int_equal(a->trap, b->trap);
    assert_int_equal(a->rd, b->rd);
    assert_int_equal(a->rd_value, b->rd_value);
    assert_int_equal(a->mem_size, b->mem_size);
    assert_int_equal(a->mem_write, b->mem_write);
    assert_int_equal(a->mem_paddr, b->mem_paddr);
    assert_int_equal(a->mem_data, b->mem_data);
    assert_int_equal(a->next.pc, b->next.pc);
}

/* vm74_run with a hook reports exactly the records stepping would give,
 * once each, and the hook can be removed again. */
static void test_retire_hook_sees_every_step(void **state)
{
    struct hx *run = *state;
    struct hx *step = hx_new(HX_RAM_SIZE);
    static struct hook_log log;
    memset(&log, 0, sizeof log);
    place_hook_program(run);
    place_hook_program(step);

    vm74_set_retire_hook(run->m, log_step, &log);
    assert_int_equal(vm74_run(run->m, 1000), VM74_EXITED);
    struct vm74_stats st;
    vm74_get_stats(run->m, &st);
    assert_int_equal(log.n, st.steps);

    size_t i = 0;
    struct vm74_retire rec;
    int status;
    do {
        status = hx_step(step, &rec);
        assert_true(i < log.n);
        check_same_record(&log.rec[i++], &rec);
    } while (status == VM74_RUNNING);
    assert_int_equal(i, log.n);

    vm74_set_retire_hook(run->m, NULL, NULL);
    vm74_reset(run->m);
    place_hook_program(run);
    assert_int_equal(vm74_run(run->m, 1000), VM74_EXITED);
    assert_int_equal(log.n, i); /* no more calls */
    hx_free(step);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, hx_setup, hx_teardown)

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_bad_ram_sizes_fail_with_message),
    cmocka_unit_test(test_good_ram_sizes),
    T(test_backend_name),
    T(test_reset_state),
    T(test_state_round_trip),
    T(test_phys_bounds),
    T(test_logical_span),
    cmocka_unit_test(test_cause_names),
    cmocka_unit_test(test_status_names),
    T(test_reset),
    T(test_run_limit_and_order),
    T(test_retire_hook_sees_every_step),
};

HX_MAIN("api", tests)
