/*
 * test_nest.c - the VMM under itself (docs/vmm.md "Recursion: the VMM under
 * itself"): Popek and Goldberg's Theorem 2 on the running machine.
 *
 * The stack of firmware/vmm/nest: build/firmware/vmm-nest.elf runs vmm2 and
 * echo, vmm2 runs vmm3 and spinner, vmm3 runs mini; each level's image is
 * the same VMM code.  The group set-up runs every level's image as the real
 * VMM (so mini is seen at depths 1, 2 and 3) and each ordinary guest bare,
 * on the backend of VM74_BACKEND.  On the RTL, about 100 times slower, it
 * starts at vmm2 (depths 1-2: a few seconds); make vmm-nest-rtl runs all
 * three levels there.  Run from the repository root.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "vmm_nest.h"

#define NEST    "firmware/vmm/nest/"
#define FULL    "firmware/vmm/nest/full/"
#define ELF_DIR "build/firmware/guests"

/* A stack's runs: each level's image from `first` on, each guest bare. */
struct stack_runs {
    struct vn_stack s;
    int first;
    struct vn_run run[VN_MAX_LEVELS];
    struct vh_result bare[VN_MAX_LEVELS][VMM_MAX_GUESTS];
};

static struct stack_runs t; /* the stack nest */

static int stack_runs_make(struct stack_runs *sr, const char *dir, const char *top_elf,
                           char *const *subs, int first, char *err, size_t errlen)
{
    char conf[300];
    snprintf(conf, sizeof conf, "%sl1.conf", dir);
    if (vn_stack_load(&sr->s, conf, top_elf, ELF_DIR, subs, 2, err, errlen))
        return -1;
    sr->first = first;
    for (int k = 0; k < sr->s.n; k++) {
        if (k >= first && vn_run(hx_backend(), &sr->s, k, NULL, &sr->run[k], err, errlen))
            return -1;
        for (int i = 0; i < sr->s.lv[k].n; i++) {
            char elf[700];
            if (sr->s.lv[k].sub[i] >= 0)
                continue;
            snprintf(elf, sizeof elf, ELF_DIR "/%s.elf", sr->s.lv[k].g[i].name);
            if (vh_run_bare(hx_backend(), &sr->s.lv[k].g[i], elf, &sr->bare[k][i], err,
                            errlen))
                return -1;
        }
    }
    return 0;
}

static void stack_runs_free(struct stack_runs *sr)
{
    for (int k = 0; k < sr->s.n; k++) {
        vn_run_free(&sr->run[k]);
        for (int i = 0; i < VMM_MAX_GUESTS; i++)
            vh_result_free(&sr->bare[k][i]);
    }
}

static int group_setup(void **state)
{
    static char *subs[] = {"vmm2=" NEST "l2.conf", "vmm3=" NEST "l3.conf"};
    char err[600];
    (void)state;
    if (stack_runs_make(&t, NEST, "build/firmware/vmm-nest.elf", subs,
                        hx_backend() == VM74_BACKEND_RTL ? 1 : 0, err, sizeof err)) {
        fprintf(stderr, "test_nest: %s\n", err);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    stack_runs_free(&t);
    return 0;
}

/* A guest against its bare run: end, code, console bytes, memory hash. */
static void expect_as_bare(const struct vh_result *bare, const struct vn_guest *g,
                           const char *run)
{
    char why[300];
    if (!vh_compare(bare, &g->r, why, sizeof why))
        fail_msg("%s at depth %d (%s): %s", g->path, g->depth, run, why);
    if (g->r.transcript_kept != bare->transcript_len ||
        memcmp(g->r.transcript, bare->transcript, bare->transcript_len))
        fail_msg("%s at depth %d (%s): its console bytes out of the nested tags "
                 "differ from its bare run's", g->path, g->depth, run);
}

/* Every ordinary guest of level k, in every run that has it, against bare. */
static void check_runs_equivalent(const struct stack_runs *sr, struct vn_run *runs,
                                  int first, const char *what)
{
    int compared = 0;
    for (int k = 0; k < sr->s.n; k++) {
        for (int i = 0; i < sr->s.lv[k].n; i++) {
            if (sr->s.lv[k].sub[i] >= 0)
                continue;
            for (int top = first; top <= k; top++) {
                const struct vn_guest *g = vn_find_name(&runs[top], sr->s.lv[k].g[i].name);
                if (!g)
                    fail_msg("%s: no guest %s in the run of level %d", what,
                             sr->s.lv[k].g[i].name, top + 1);
                expect_as_bare(&sr->bare[k][i], g, what);
                compared++;
            }
        }
    }
    assert_true(compared >= 3);
}

/* ---- Equivalence ------------------------------------------------------------ */

static void test_equivalence_every_depth(void **state)
{
    (void)state;
    check_runs_equivalent(&t, t.run, t.first, "quanta as set up");
}

/* The stack is three VMMs deep where mini runs. */
static void test_mini_runs_three_deep(void **state)
{
    (void)state;
    const struct vn_guest *g = vn_find(&t.run[t.first], t.first ? "vmm3/mini" : "vmm2/vmm3/mini");
    assert_non_null(g);
    assert_int_equal(g->depth, 3 - t.first);
    assert_int_equal(g->r.status, VMM_GUEST_EXITED);
    assert_int_equal(g->r.exit_code, 0);
    /* Its WFI waited for its virtual timer, SLEEP of its cycles, through
     * every level's virtual time, and the pending interrupt came as it
     * turned IE on. */
    assert_non_null(strstr(g->r.transcript, "the interrupt came as IE went on, 5000 cycles "
                                            "after the timer was set: yes"));
}

/* Theorem 2 itself: the VMM prints the same lines of its own bare and as a
 * guest (its timing lines, marked, apart). */
static void test_vmm_same_bare_and_nested(void **state)
{
    (void)state;
    int compared = 0;
    for (int k = t.first + 1; k < t.s.n; k++) {
        char *bare = vn_own_lines(&t.s.lv[k], t.run[k].console, t.run[k].console_len);
        assert_non_null(strstr(bare, "vmm: all guests finished"));
        for (int top = t.first; top < k; top++) {
            const struct vn_guest *g = vn_find_name(&t.run[top], t.s.lv[k].name);
            assert_non_null(g);
            char *own = vn_own_lines(&t.s.lv[k], g->r.transcript, g->r.transcript_kept);
            if (strcmp(own, bare))
                fail_msg("%s at depth %d prints other lines of its own than bare:\n%s\n"
                         "bare:\n%s", g->path, g->depth, own, bare);
            free(own);
            compared++;
        }
        free(bare);
    }
    assert_true(compared >= 1);
}

/* The demo's cpu, os and echo three VMMs deep (stack full; ISS only: the
 * os guest's ticks cost 180 M real cycles there, minutes on the RTL, so
 * main does not list it on the RTL - a skipped test counts as failed in
 * make test). */
static void test_full_stack_cpu_os_echo_three_deep(void **state)
{
    static char *subs[] = {"fvmm2=" FULL "l2.conf", "fvmm3=" FULL "l3.conf"};
    static struct stack_runs full;
    char err[600];
    (void)state;
    if (stack_runs_make(&full, FULL, "build/firmware/vmm-full.elf", subs, 0, err, sizeof err))
        fail_msg("%s", err);
    check_runs_equivalent(&full, full.run, 0, "stack full");
    const char *names[] = {"cpu", "os", "echo"};
    for (int i = 0; i < 3; i++)
        assert_int_equal(vn_find_name(&full.run[0], names[i])->depth, 3);
    for (int k = 0; k < full.s.n; k++)
        assert_int_equal(full.run[k].check.outside_inner, 0);
    stack_runs_free(&full);
}

/* ---- No timing dependency ------------------------------------------------- */

/* Quanta are data: scaled at load time, per level; nothing a guest ends
 * with may move.  Each case runs the stack again: on the RTL one case,
 * longer quanta (fewer preemptions, a shorter run). */
static void test_quanta_do_not_move_results(void **state)
{
    static const uint32_t cases[][VN_MAX_LEVELS][2] = {
        {{1, 4}, {1, 4}, {1, 4}},
        {{3, 1}, {3, 1}, {3, 1}},
        {{1, 3}, {5, 1}, {1, 2}},
        {{7, 2}, {1, 5}, {9, 4}},
        /* Quanta shorter than a nested VMM's own trap path in its clock: the
         * slice must not be used up by the VMM's work (it was: mini
         * deadlocked at x2/7 and never ran at x1/7). */
        {{2, 7}, {2, 7}, {2, 7}},
        {{1, 7}, {1, 7}, {1, 7}},
    };
    bool rtl = hx_backend() == VM74_BACKEND_RTL;
    size_t first = rtl ? 1 : 0, end = rtl ? 2 : sizeof cases / sizeof cases[0];
    (void)state;
    for (size_t c = first; c < end; c++) {
        struct vn_quanta q = {0};
        struct vn_run runs[VN_MAX_LEVELS];
        char err[600], what[80];
        for (int k = 0; k < t.s.n; k++) {
            q.num[k] = cases[c][k][0];
            q.den[k] = cases[c][k][1];
        }
        memset(runs, 0, sizeof runs);
        for (int k = t.first; k < t.s.n; k++)
            if (vn_run(hx_backend(), &t.s, k, &q, &runs[k], err, sizeof err))
                fail_msg("%s", err);
        snprintf(what, sizeof what, "quanta x%u/%u, x%u/%u, x%u/%u", q.num[0], q.den[0],
                 q.num[1], q.den[1], q.num[2], q.den[2]);
        /* The scaling took: mini's quantum in vmm3's report. */
        const struct vn_guest *mini = vn_find_name(&runs[t.first], "mini");
        uint32_t want = t.s.lv[2].g[0].quantum * q.num[2] / q.den[2];
        assert_int_equal(mini->rep.quantum, want);
        check_runs_equivalent(&t, runs, t.first, what);
        for (int k = 0; k < t.s.n; k++)
            vn_run_free(&runs[k]);
    }
}

/* A budget counts retired instructions: at every depth the spinner is
 * stopped after at least its budget, as bare (step limit). */
static void test_budget_in_instructions_every_depth(void **state)
{
    (void)state;
    for (int top = t.first; top < t.s.n; top++) {
        const struct vn_guest *g = vn_find_name(&t.run[top], "spinner");
        if (!g)
            continue;
        uint64_t retired = g->rep.native[0] + g->rep.native[1] + g->rep.emulated[0] +
                           g->rep.emulated[1];
        assert_int_equal(g->r.status, VMM_GUEST_BUDGET);
        if (retired < g->rep.budget)
            fail_msg("spinner at depth %d: stopped after %llu instructions, budget %llu",
                     g->depth, (unsigned long long)retired,
                     (unsigned long long)g->rep.budget);
    }
}

/* ---- Resource control ------------------------------------------------------ */

static void test_every_access_in_its_nested_partition(void **state)
{
    (void)state;
    for (int top = t.first; top < t.s.n; top++) {
        const struct vn_check *c = &t.run[top].check;
        if (c->outside_top || c->outside_inner)
            fail_msg("run of level %d: %llu accesses outside the level-1 partition, %llu "
                     "outside the innermost; the first at pc 0x%08x, address 0x%08x in %s",
                     top + 1, (unsigned long long)c->outside_top,
                     (unsigned long long)c->outside_inner, c->first_pc, c->first_addr,
                     c->first_where);
        assert_true(c->user_steps > 10000);
        if (top + 1 < t.s.n)
            assert_true(c->inner_steps > 1000); /* nested guests were checked */
        assert_true(c->vmm_code_intact);
        assert_int_equal(t.run[top].status, VM74_EXITED);
        assert_int_equal(t.run[top].exit_code, 0);
        assert_true(t.run[top].finished);
    }
}

/* The composed partition: a guest's real base is the sum of the bases. */
static void test_composed_partitions(void **state)
{
    (void)state;
    const struct vn_run *r = &t.run[t.first];
    for (int i = 0; i < r->n; i++) {
        const struct vn_guest *g = &r->guest[i];
        uint32_t base = t.s.lv[g->level].g[g->index].base;
        for (int p = g->parent; p >= 0; p = r->guest[p].parent)
            base += t.s.lv[r->guest[p].level].g[r->guest[p].index].base;
        assert_int_equal(g->real_base, base);
        if (g->parent >= 0) {
            const struct vn_guest *up = &r->guest[g->parent];
            assert_true(g->real_base > up->real_base); /* past the VMM's own memory */
            assert_true(g->real_base + g->size <= up->real_base + up->size);
        }
    }
}

/* ---- Cost ---------------------------------------------------------------------- */

/* Under the real VMM each guest trap is one real trap; every level deeper
 * costs more real traps per guest trap. */
static void test_amplification_grows_with_depth(void **state)
{
    (void)state;
    double last = 0.0;
    for (int top = t.s.n - 1; top >= t.first; top--) {
        const struct vn_guest *g = vn_find_name(&t.run[top], "mini");
        assert_non_null(g);
        assert_true(g->own_traps > 100);
        if (g->depth == 1)
            assert_int_equal(g->real_traps, g->own_traps);
        double per = (double)g->real_traps / (double)g->own_traps;
        if (per < 4.0 * last)
            fail_msg("mini at depth %d: %.1f real traps per trap, %.1f one level up",
                     g->depth, per, last);
        last = per;
    }
}

/* ---- Taking a guest's bytes out of nested tags -------------------------------- */

static void test_untag_nested_and_cut_lines(void **state)
{
    (void)state;
    char line[VMM_LINE_SIZE + 1], stream[1200], want[400];
    size_t len;
    memset(line, 'x', VMM_LINE_SIZE);
    line[VMM_LINE_SIZE] = '\0';
    /* The guest wrote 200 x's, "end\n" and "last" (no newline): vdev.c cut
     * the first line and ended the last with newlines of its own. */
    snprintf(want, sizeof want, "%send\nlast", line);
    snprintf(stream, sizeof stream, "[vmm3] boot\n[g] %s\n[other] y\n[g] end\n[g] last\n",
             line);
    char *g = vn_untag(stream, strlen(stream), "g", strlen(want), &len);
    assert_int_equal(len, strlen(want));
    assert_string_equal(g, want);
    free(g);
    char *v = vn_untag(stream, strlen(stream), "vmm3", 5, &len);
    assert_string_equal(v, "boot\n");
    free(v);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equivalence_every_depth),
        cmocka_unit_test(test_mini_runs_three_deep),
        cmocka_unit_test(test_vmm_same_bare_and_nested),
        cmocka_unit_test(test_quanta_do_not_move_results),
        cmocka_unit_test(test_budget_in_instructions_every_depth),
        cmocka_unit_test(test_every_access_in_its_nested_partition),
        cmocka_unit_test(test_composed_partitions),
        cmocka_unit_test(test_amplification_grows_with_depth),
        cmocka_unit_test(test_untag_nested_and_cut_lines),
        cmocka_unit_test(test_full_stack_cpu_os_echo_three_deep), /* last */
    };
    size_t n = sizeof tests / sizeof tests[0];
    if (hx_backend() == VM74_BACKEND_RTL)
        n--; /* the full stack: ISS only */
    hx_apply_filter(argc, argv);
    return _cmocka_run_group_tests("nest", tests, n, group_setup,
                                   group_teardown);
}
