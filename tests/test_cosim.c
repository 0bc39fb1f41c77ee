/*
 * test_cosim.c - lockstep co-simulation (sim/cosim.h): the record
 * comparison and its report, whole programs without a mismatch, a
 * divergence caught at the right step, the ISS's co-simulation hooks, and
 * the interrupt oracle (sim/irq_oracle.h) on records made by hand.
 *
 * The DUT is the backend of VM74_BACKEND; the reference is always the ISS.
 * The hook tests run on an ISS whatever VM74_BACKEND says: they test the
 * reference side, which is always an ISS.
 */
#define _DEFAULT_SOURCE /* unlink */
#include "harness.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cosim.h"
#include "elfwrite.h"
#include "irq_oracle.h"
#include "iss_cosim.h"

/* ---- cosim_compare_records -------------------------------------------- */

/* The fields of struct vm74_retire by the names the report uses, and a
 * way to change each one in a record.  Written out here, not expanded
 * from VM74_RETIRE_FIELDS as cosim.c's table is, so that the test also
 * catches a field missing from the comparison. */
static const char *const field_names[] = {
    "order", "pc", "insn", "mode", "trap", "interrupt", "rd", "rd_value",
    "cause", "info", "mem_size", "mem_write", "mem_addr", "mem_paddr",
    "mem_data", "next.mode", "next.ie", "next.pc", "next.base", "next.bound",
};
#define N_FIELDS (sizeof field_names / sizeof field_names[0])

static void change_field(struct vm74_retire *r, size_t i)
{
    switch (i) {
    case 0: r->order += 1; break;
    case 1: r->pc ^= 4; break;
    case 2: r->insn ^= 0x80; break;
    case 3: r->mode ^= 1; break;
    case 4: r->trap ^= 1; break;
    case 5: r->interrupt ^= 1; break;
    case 6: r->rd ^= 3; break;
    case 7: r->rd_value ^= 0x100; break;
    case 8: r->cause ^= 2; break;
    case 9: r->info ^= 8; break;
    case 10: r->mem_size ^= 6; break;
    case 11: r->mem_write ^= 1; break;
    case 12: r->mem_addr ^= 0x10; break;
    case 13: r->mem_paddr ^= 0x20; break;
    case 14: r->mem_data ^= 0x40; break;
    case 15: r->next.mode ^= 1; break;
    case 16: r->next.ie ^= 1; break;
    case 17: r->next.pc ^= 0x1000; break;
    case 18: r->next.base ^= 0x2000; break;
    default: r->next.bound ^= 0x4000; break;
    }
}

static struct vm74_retire sample_record(void)
{
    struct vm74_retire r;
    memset(&r, 0, sizeof r); /* padding too: records are compared by field */
    r.order = 41;
    r.pc = 0x104;
    r.insn = enc_addi(5, 0, 5);
    r.mode = VM74_MODE_SUPERVISOR;
    r.rd = 5;
    r.rd_value = 5;
    r.next = (struct vm74_psw){VM74_MODE_SUPERVISOR, 0, 0x108, 0,
                               VM74_BOUND_ALL};
    return r;
}

/* Does the report have a line for this field? */
static bool names_field(const char *report, const char *name)
{
    char line[64];
    snprintf(line, sizeof line, "  %s: ", name);
    return strstr(report, line) != NULL;
}

static void test_equal_records_have_no_difference(void **state)
{
    (void)state;
    struct vm74_retire a = sample_record(), b = sample_record();
    char report[256] = "junk";
    assert_int_equal(cosim_compare_records(&a, &b, report, sizeof report), 0);
    assert_string_equal(report, "");
}

/* Changing any one field gives exactly one line, naming that field. */
static void test_each_field_is_compared(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_FIELDS; i++) {
        struct vm74_retire exp = sample_record(), act = sample_record();
        change_field(&act, i);
        char report[512];
        assert_int_equal(cosim_compare_records(&exp, &act, report,
                                               sizeof report), 1);
        for (size_t j = 0; j < N_FIELDS; j++)
            assert_int_equal(names_field(report, field_names[j]), i == j);
    }
}

static void test_report_gives_expected_and_actual(void **state)
{
    (void)state;
    struct vm74_retire exp = sample_record(), act = sample_record();
    act.rd_value = 6;
    act.next.pc = 0x10c;
    act.mem_data = 0xdeadbeef;
    char report[512];
    assert_int_equal(cosim_compare_records(&exp, &act, report, sizeof report),
                     3);
    assert_non_null(strstr(report, "  rd_value: expected (iss) 0x00000005 "
                                   "actual (dut) 0x00000006\n"));
    assert_non_null(strstr(report, "  next.pc: expected (iss) 0x00000108 "
                                   "actual (dut) 0x0000010c\n"));
    assert_non_null(strstr(report, "  mem_data: expected (iss) 0x00000000 "
                                   "actual (dut) 0xdeadbeef\n"));
    assert_false(names_field(report, "pc"));
}

/* A short buffer truncates the report but not the count. */
static void test_short_report_buffer(void **state)
{
    (void)state;
    struct vm74_retire exp = sample_record(), act = sample_record();
    for (size_t i = 0; i < N_FIELDS; i++)
        change_field(&act, i);
    char report[16];
    assert_int_equal(cosim_compare_records(&exp, &act, report, sizeof report),
                     (int)N_FIELDS);
    assert_true(strlen(report) < sizeof report);
}

/* ---- Whole programs ----------------------------------------------------- */

static struct cosim *new_cosim(void)
{
    struct vm74_config cfg = {.backend = hx_backend()};
    char err[256] = "";
    struct cosim *c = cosim_create(&cfg, err, sizeof err);
    if (c == NULL)
        fail_msg("cosim_create(%s): %s", hx_backend_env(), err);
    cosim_set_console(c, NULL, NULL, NULL);
    return c;
}

static void load(struct cosim *c, const char *path)
{
    char err[256] = "";
    if (cosim_load_elf(c, path, err, sizeof err) != VM74_LOAD_OK)
        fail_msg("%s", err);
}

static void expect_clean_run(const char *path)
{
    struct cosim *c = new_cosim();
    load(c, path);
    int status = cosim_run(c, 50000000);
    if (status == COSIM_MISMATCH)
        fail_msg("%s:\n%s", path, cosim_report(c));
    assert_int_equal(status, VM74_EXITED);
    assert_int_equal(vm74_exit_code(cosim_dut(c)), 0);
    struct vm74_stats st;
    vm74_get_stats(cosim_dut(c), &st);
    assert_int_equal(cosim_steps_compared(c), st.steps);
    cosim_destroy(c);
}

static void test_hello_has_no_mismatch(void **state)
{
    (void)state;
    expect_clean_run("build/firmware/hello.elf");
}

/* Timer interrupts, WFI, user mode, TIME loads: the DUT's timing is
 * followed by the reference. */
static void test_sv_demo_has_no_mismatch(void **state)
{
    (void)state;
    expect_clean_run("build/firmware/sv-demo.elf");
}

/* Three instructions then exit; the DUT gets another second instruction
 * after loading, so step 1 differs in exactly insn and rd_value. */
static void test_divergence_stops_at_the_step(void **state)
{
    (void)state;
    uint32_t w[16];
    size_t n = 0;
    w[n++] = enc_addi(5, 0, 1);
    w[n++] = enc_addi(6, 0, 2);
    w[n++] = enc_addi(7, 0, 3);
    n = enc_li(w, n, 8, VM74_SIMCTL_EXIT);
    w[n++] = enc_sw(0, 8, 0);
    uint8_t elf[512];
    size_t len = elf_build_program(elf, sizeof elf, VM74_RESET_P, w, n);
    char path[] = "/tmp/vm74-cosim-XXXXXX";
    assert_int_equal(elf_write_temp(path, elf, len), 0);

    struct cosim *c = new_cosim();
    load(c, path);
    unlink(path);
    uint32_t other = enc_addi(6, 0, 9);
    assert_int_equal(vm74_write_phys(cosim_dut(c), VM74_RESET_P + 4, &other,
                                     4), 0);
    assert_int_equal(cosim_step(c), VM74_RUNNING);
    assert_int_equal(cosim_step(c), COSIM_MISMATCH);
    const char *report = cosim_report(c);
    assert_non_null(strstr(report, "mismatch at step 1: pc 0x00000104"));
    assert_true(names_field(report, "insn"));
    assert_true(names_field(report, "rd_value"));
    assert_false(names_field(report, "rd"));
    assert_false(names_field(report, "next.pc"));
    assert_int_equal(cosim_steps_compared(c), 2);
    cosim_destroy(c);
}

/* ---- The ISS hooks -------------------------------------------------------- */

static vm74 *new_cosim_iss(void)
{
    struct vm74_config cfg = {.backend = VM74_BACKEND_ISS,
                              .ram_size = HX_RAM_SIZE};
    char err[256];
    vm74 *m = vm74_create(&cfg, err, sizeof err);
    assert_non_null(m);
    iss_cosim_enable(m);
    return m;
}

static void place(vm74 *m, uint32_t paddr, uint32_t word)
{
    assert_int_equal(vm74_write_phys(m, paddr, &word, 4), 0);
}

/* Supervisor, IE = 1 via set_state, CMP = 0 (pending at once). */
static void arm_pending_timer(vm74 *m)
{
    place(m, VM74_LC_VECTOR, HX_HANDLER);
    place(m, 0x100, enc_lui(1, VM74_TIMER_BASE >> 12));
    place(m, 0x104, enc_sw(0, 1, (int32_t)(VM74_TIMER_CMP_HI & 0xfff)));
    place(m, 0x108, enc_sw(0, 1, (int32_t)(VM74_TIMER_CMP_LO & 0xfff)));
    place(m, 0x10c, enc_addi(2, 0, 7));
    struct vm74_state s;
    vm74_get_state(m, &s);
    s.psw.ie = 1;
    vm74_set_state(m, &s);
    for (int i = 0; i < 3; i++)
        assert_int_equal(vm74_step(m, NULL), VM74_RUNNING);
}

/* Under co-simulation the ISS never takes an interrupt by itself. */
static void test_hook_no_interrupt_of_its_own(void **state)
{
    (void)state;
    vm74 *m = new_cosim_iss();
    arm_pending_timer(m);
    struct vm74_retire r;
    assert_int_equal(vm74_step(m, &r), VM74_RUNNING);
    assert_false(r.trap);
    assert_int_equal(r.rd_value, 7);
    vm74_destroy(m);
}

static void test_hook_forced_interrupt(void **state)
{
    (void)state;
    vm74 *m = new_cosim_iss();
    arm_pending_timer(m);
    assert_true(iss_cosim_force_interrupt(m));
    struct vm74_retire r;
    assert_int_equal(vm74_step(m, &r), VM74_RUNNING);
    assert_true(r.interrupt);
    assert_int_equal(r.cause, VM74_CAUSE_TIMER);
    assert_int_equal(r.pc, 0x10c);
    assert_int_equal(r.next.pc, HX_HANDLER);
    /* IE is 0 now: the ISS cannot follow a DUT that takes another one */
    assert_false(iss_cosim_force_interrupt(m));
    vm74_destroy(m);
}

static void test_hook_load_override(void **state)
{
    (void)state;
    vm74 *m = new_cosim_iss();
    place(m, 0x100, enc_lui(1, VM74_TIMER_BASE >> 12));
    place(m, 0x104, enc_lw(5, 1, 0)); /* TIME_LO */
    place(m, 0x108, enc_lw(6, 1, 0));
    assert_int_equal(vm74_step(m, NULL), VM74_RUNNING);
    iss_cosim_override_next_load(m, VM74_TIMER_TIME_LO, 0x12345678);
    struct vm74_retire r;
    assert_int_equal(vm74_step(m, &r), VM74_RUNNING);
    assert_int_equal(r.rd_value, 0x12345678);
    assert_int_equal(r.mem_data, 0x12345678);
    /* once only: the next load sees the ISS's own TIME (2 steps done) */
    assert_int_equal(vm74_step(m, &r), VM74_RUNNING);
    assert_int_equal(r.rd_value, 2);
    vm74_destroy(m);
}

/* ---- The interrupt oracle ---------------------------------------------- */

/* Records as the oracle sees them: a plain step, a device access, WFI. */
static struct vm74_retire plain_step(void)
{
    struct vm74_retire r;
    memset(&r, 0, sizeof r);
    r.insn = enc_addi(1, 1, 1);
    return r;
}

static struct vm74_retire device_access(uint32_t paddr, bool write,
                                        uint32_t data)
{
    struct vm74_retire r = plain_step();
    r.insn = write ? enc_sw(2, 1, 0) : enc_lw(2, 1, 0);
    r.mem_size = 4;
    r.mem_write = write;
    r.mem_paddr = paddr;
    r.mem_data = data;
    return r;
}

static struct vm74_retire timer_interrupt(void)
{
    struct vm74_retire r = plain_step();
    r.insn = 0;
    r.trap = 1;
    r.interrupt = 1;
    r.cause = VM74_CAUSE_TIMER;
    return r;
}

static bool oracle_step(struct irq_oracle *o, bool ie,
                        struct vm74_retire r)
{
    char why[256] = "";
    bool ok = irq_oracle_step(o, ie, &r, why, sizeof why);
    if (!ok)
        assert_true(strstr(why, "docs/isa.md") != NULL);
    return ok;
}

/* A retired word load of the device register at paddr returning value. */
static bool oracle_load(struct irq_oracle *o, bool ie, uint32_t paddr,
                        uint32_t value)
{
    return oracle_step(o, ie, device_access(paddr, false, value));
}

/* CMP = cmp, stored as the program would (HI, then LO). */
static void oracle_with_cmp(struct irq_oracle *o, uint64_t cmp)
{
    irq_oracle_reset(o);
    assert_true(oracle_step(o, false, device_access(VM74_TIMER_CMP_HI, true,
                                                    (uint32_t)(cmp >> 32))));
    assert_true(oracle_step(o, false, device_access(VM74_TIMER_CMP_LO, true,
                                                    (uint32_t)cmp)));
}

/* The unfixed RTL's fault: a load that retired with TIME >= CMP while IE
 * was 1; the interrupt belonged before it. */
static void test_oracle_load_seeing_due_timer(void **state)
{
    (void)state;
    struct irq_oracle o;
    oracle_with_cmp(&o, 0x15f);
    assert_true(oracle_load(&o, true, VM74_TIMER_TIME_LO, 0x15e));
    assert_false(oracle_load(&o, true, VM74_TIMER_TIME_LO, 0x15f));
    /* with IE = 0 the interrupt waits: that load is right */
    oracle_with_cmp(&o, 0x15f);
    assert_true(oracle_load(&o, false, VM74_PERF_CYCLE_LO, 0x200));
    /* the high half alone can show TIME past CMP */
    oracle_with_cmp(&o, 0x1ffffffffull);
    assert_false(oracle_load(&o, true, VM74_TIMER_TIME_HI, 2));
}

/* What a load says stays known: TIME only grows, one step a cycle at
 * least, so the step after a load of CMP - 1 must be the interrupt. */
static void test_oracle_time_counts_steps(void **state)
{
    (void)state;
    struct irq_oracle o;
    oracle_with_cmp(&o, 0x1000);
    assert_true(oracle_load(&o, false, VM74_TIMER_TIME_LO, 0xfff));
    assert_false(oracle_step(&o, true, plain_step()));

    oracle_with_cmp(&o, 0x1000);
    assert_true(oracle_load(&o, false, VM74_TIMER_TIME_LO, 0xfff));
    assert_true(oracle_step(&o, true, timer_interrupt()));
}

/* A WFI completes with TIME >= CMP: with IE = 1 the next step is the
 * interrupt; an interrupt with IE = 0 is never right. */
static void test_oracle_after_wfi(void **state)
{
    (void)state;
    struct irq_oracle o;
    oracle_with_cmp(&o, 0x123456789ull);
    struct vm74_retire wfi = plain_step();
    wfi.insn = VM74_INSN_WFI;
    assert_true(oracle_step(&o, false, wfi));
    assert_true(oracle_step(&o, false, plain_step()));
    assert_false(oracle_step(&o, true, plain_step()));

    irq_oracle_reset(&o);
    assert_false(oracle_step(&o, false, timer_interrupt()));
}

/* A disarmed timer is never due before TIME reaches 2^64 - 1. */
static void test_oracle_disarmed_timer(void **state)
{
    (void)state;
    struct irq_oracle o;
    irq_oracle_reset(&o);
    assert_true(oracle_load(&o, true, VM74_TIMER_TIME_HI, 0xffffffffu));
    assert_true(oracle_load(&o, true, VM74_TIMER_TIME_LO, 0xfffffffeu));
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_equal_records_have_no_difference),
    cmocka_unit_test(test_each_field_is_compared),
    cmocka_unit_test(test_report_gives_expected_and_actual),
    cmocka_unit_test(test_short_report_buffer),
    cmocka_unit_test(test_hello_has_no_mismatch),
    cmocka_unit_test(test_sv_demo_has_no_mismatch),
    cmocka_unit_test(test_divergence_stops_at_the_step),
    cmocka_unit_test(test_hook_no_interrupt_of_its_own),
    cmocka_unit_test(test_hook_forced_interrupt),
    cmocka_unit_test(test_hook_load_override),
    cmocka_unit_test(test_oracle_load_seeing_due_timer),
    cmocka_unit_test(test_oracle_time_counts_steps),
    cmocka_unit_test(test_oracle_after_wfi),
    cmocka_unit_test(test_oracle_disarmed_timer),
};

HX_MAIN("cosim", tests)
