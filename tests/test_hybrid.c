/*
 * test_hybrid.c - the hybrid VMM (build/firmware/vmm-hybrid.elf, docs/vmm.md
 * "The hybrid VMM"): equivalence for every guest, resource control, and
 * that virtual supervisor mode is interpreted while virtual user mode runs
 * natively.
 *
 * The group set-up runs, on the backend of VM74_BACKEND, the hybrid VMM
 * free-running, the trap-and-emulate VMM free-running (for its counts),
 * each guest alone on a bare vm74, and on the ISS also the hybrid VMM
 * checked (a retirement hook sees every step: every user-mode access is
 * checked against the partitions).  The checked run is left out on the
 * RTL, where the hybrid VMM's ~2 billion cycles take half an hour.
 * Run from the repository root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "vmm_host.h"

#define CONF       "firmware/vmm/guests.conf"
#define ELF_DIR    "build/firmware/guests"
#define HYBRID_ELF "build/firmware/vmm-hybrid.elf"
#define VMM_ELF    "build/firmware/vmm.elf"

static struct {
    struct guestconf g[VMM_MAX_GUESTS];
    int n;
    struct vh_vmm *hybrid;   /* free-running */
    struct vh_vmm *checked;  /* NULL on the RTL */
    struct vh_vmm *classic;  /* the trap-and-emulate VMM, free-running */
    struct vh_result bare[VMM_MAX_GUESTS];
} run;

static struct vh_vmm *vmm_run(const char *elf, bool checked, char *err, size_t len)
{
    struct vh_vmm *v = calloc(1, sizeof *v);
    if (v == NULL || vh_run_vmm(hx_backend(), elf, run.g, run.n, ELF_DIR, checked,
                                false, v, err, len)) {
        free(v);
        return NULL;
    }
    return v;
}

static int group_setup(void **state)
{
    char err[600] = "out of memory";
    (void)state;
    run.n = guestconf_read(CONF, run.g, err, sizeof err);
    if (run.n < 0 || !(run.hybrid = vmm_run(HYBRID_ELF, false, err, sizeof err)) ||
        !(run.classic = vmm_run(VMM_ELF, false, err, sizeof err)) ||
        (hx_backend() == VM74_BACKEND_ISS &&
         !(run.checked = vmm_run(HYBRID_ELF, true, err, sizeof err)))) {
        fprintf(stderr, "test_hybrid: %s\n", err);
        return -1;
    }
    if (vh_run_bare_all(hx_backend(), run.g, run.n, ELF_DIR, run.bare, err,
                        sizeof err)) {
        fprintf(stderr, "test_hybrid: %s\n", err);
        return -1;
    }
    return 0;
}

static void vmm_free(struct vh_vmm *v)
{
    if (v)
        vh_vmm_free(v);
    free(v);
}

static int group_teardown(void **state)
{
    (void)state;
    for (int i = 0; i < run.n; i++)
        vh_result_free(&run.bare[i]);
    vmm_free(run.hybrid);
    vmm_free(run.checked);
    vmm_free(run.classic);
    return 0;
}

/* ---- Equivalence ------------------------------------------------------------ */

/* Every guest: end, exit code, console and memory hash as on bare vm74. */
static void test_every_guest_equivalent(void **state)
{
    (void)state;
    char why[300];
    for (int i = 0; i < run.n; i++) {
        if (!vh_compare(&run.bare[i], &run.hybrid->guest[i], why, sizeof why))
            fail_msg("guest %s: bare vs hybrid VMM: %s", run.g[i].name, why);
        if (run.checked &&
            !vh_compare(&run.bare[i], &run.checked->guest[i], why, sizeof why))
            fail_msg("guest %s: bare vs hybrid VMM, checked run: %s",
                     run.g[i].name, why);
    }
}

/* ---- Resource control ------------------------------------------------------- */

static void expect_all_ended(const struct vh_vmm *v)
{
    assert_int_equal(v->status, VM74_EXITED);
    assert_int_equal(v->exit_code, 0);
    assert_int_equal(v->rep.finished, 1);
    for (uint32_t i = 0; i < v->rep.nguests; i++)
        assert_int_not_equal(v->rep.guest[i].status, VMM_GUEST_RUNNING);
}

static void test_resource_control(void **state)
{
    (void)state;
    expect_all_ended(run.hybrid);
    assert_true(run.hybrid->check.vmm_code_intact);
    for (int i = 0; i < run.n; i++) {
        const struct vmm_guest_report *r = &run.hybrid->rep.guest[i];
        if (r->max_span > r->quantum)
            fail_msg("guest %s ran %llu cycles natively at a stretch, quantum %u",
                     r->name, (unsigned long long)r->max_span, r->quantum);
    }
    if (run.checked) {
        expect_all_ended(run.checked);
        assert_true(run.checked->check.vmm_code_intact);
        assert_true(run.checked->check.user_steps > 1000000);
        if (run.checked->check.outside != 0)
            fail_msg("%llu user-mode accesses outside the running partition, "
                     "first at P %#x, address %#x",
                     (unsigned long long)run.checked->check.outside,
                     run.checked->check.first_outside_pc,
                     run.checked->check.first_outside_addr);
    }
}

/* The spinner never leaves virtual supervisor mode: the interpreter must
 * stop at its slices' ends, which are in the guest's own time (one cycle
 * an interpreted step), and its budget count the instructions it was
 * interpreted. */
static void test_spinner_stopped_by_budget(void **state)
{
    (void)state;
    for (int i = 0; i < run.n; i++) {
        const struct vmm_guest_report *r = &run.hybrid->rep.guest[i];
        if (r->budget == 0)
            continue;
        assert_int_equal(r->status, VMM_GUEST_BUDGET);
        assert_true(r->emulated[VM74_MODE_SUPERVISOR] >= r->budget * 9 / 10);
        assert_true(r->slices > 10);
        /* all its time is interpreted, a slice at a time: the quantum
         * of its own time, one cycle a step, at most one step over; it
         * spins with IE = 0, so every step retires */
        uint64_t per_slice = r->emulated[VM74_MODE_SUPERVISOR] / r->slices;
        print_message("%s: %llu steps a slice (%llu real cycles), quantum "
                      "%u\n", r->name, (unsigned long long)per_slice,
                      (unsigned long long)(r->cycles_vmm / r->slices),
                      r->quantum);
        assert_true(per_slice <= r->quantum + 1);
        assert_true(per_slice >= r->quantum / 2);
    }
}

/* ---- Interpreted and native --------------------------------------------------- */

/*
 * Nothing runs natively in virtual supervisor mode; what runs in virtual
 * user mode (the os guest's tasks) runs natively; and every guest retires
 * in supervisor mode what the trap-and-emulate VMM retired there, natively
 * and emulated (the cpu guest's path does not depend on timing).
 */
static void test_supervisor_interpreted_user_native(void **state)
{
    (void)state;
    for (int i = 0; i < run.n; i++) {
        const struct vmm_guest_report *h = &run.hybrid->rep.guest[i];
        const struct vmm_guest_report *c = &run.classic->rep.guest[i];
        assert_int_equal(h->native[VM74_MODE_SUPERVISOR], 0);
        assert_true(h->emulated[VM74_MODE_SUPERVISOR] > 0);
        assert_int_equal(h->traps[VM74_CAUSE_PRIVILEGED] - h->reflected[VM74_CAUSE_PRIVILEGED], 0);
        if (!strcmp(h->name, "cpu"))
            assert_int_equal(h->emulated[VM74_MODE_SUPERVISOR],
                             c->native[VM74_MODE_SUPERVISOR] +
                             c->emulated[VM74_MODE_SUPERVISOR]);
        if (!strcmp(h->name, "os")) {
            assert_true(h->native[VM74_MODE_USER] > 1000000);
            assert_true(h->native[VM74_MODE_USER] * 2 > c->native[VM74_MODE_USER]);
        }
    }
}

/* Traps in virtual supervisor mode (the virtual timer, the hostile guest's
 * probes) are the interpreter's PSW swaps into the guest's low core. */
static void test_interpreted_traps_reflected(void **state)
{
    (void)state;
    uint32_t timer = 0, others = 0;
    for (int i = 0; i < run.n; i++) {
        const struct vmm_guest_report *h = &run.hybrid->rep.guest[i];
        timer += h->reflected[VM74_CAUSE_TIMER];
        for (int c = 0; c < VM74_NUM_CAUSES; c++)
            if (c != VM74_CAUSE_TIMER)
                others += h->reflected[c];
    }
    assert_true(timer > 10);
    assert_true(others > 10);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_guest_equivalent),
        cmocka_unit_test(test_resource_control),
        cmocka_unit_test(test_spinner_stopped_by_budget),
        cmocka_unit_test(test_supervisor_interpreted_user_native),
        cmocka_unit_test(test_interpreted_traps_reflected),
    };
    hx_apply_filter(argc, argv);
    return cmocka_run_group_tests_name("hybrid", tests, group_setup, group_teardown);
}
