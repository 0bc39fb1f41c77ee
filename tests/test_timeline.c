/*
 * test_timeline.c - the picture of the VMM's schedule (vmm-run --timeline,
 * tools/vmm/timeline.[ch], svg_timeline.[ch]).
 *
 * The group set-up runs build/firmware/vmm.elf with its five guests on the
 * backend of VM74_BACKEND, the recorder watching every step, and draws the
 * SVG into build/tests/.  The recorder's figures must be the VMM's own
 * table, exactly: each guest's slices add up to its cycles_run, the VMM's
 * stretches charged to it to its cycles_vmm, its longest slice is its
 * max_span, its ticks by cause are its traps.  The picture must be
 * well-formed XML (xmllint), draw (rsvg-convert to a PNG), and its bars
 * and bands in a guest's row must carry that guest's cycles_run.
 * vmm-run --timeline writes the picture and says where, or fails with a
 * reason (on the ISS whatever the backend: it tests the option, and
 * costs a second there).  The last tests draw made-up timelines to check
 * the merging of what is thinner than a pixel.  Run from the repository
 * root.
 */
#define _GNU_SOURCE /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "harness.h"
#include "svg_timeline.h"
#include "timeline.h"
#include "vmm_host.h"
#include "vmm_layout.h"

#define CONF    "firmware/vmm/guests.conf"
#define ELF_DIR "build/firmware/guests"
#define VMM_ELF "build/firmware/vmm.elf"
#define OUT_DIR "build/tests"
#define VMM_RUN "build/tools/vmm-run"
#define BOARD_MHZ 27.0 /* any clock: only the µs axis's labels use it */

static struct {
    struct guestconf g[VMM_MAX_GUESTS];
    int n;
    struct vh_vmm *v;
    struct timeline t;
    char svg[200], png[200];
} run;

static int group_setup(void **state)
{
    char err[600];
    (void)state;
    snprintf(run.svg, sizeof run.svg, OUT_DIR "/timeline-%s.svg", hx_backend_env());
    snprintf(run.png, sizeof run.png, OUT_DIR "/timeline-%s.png", hx_backend_env());
    run.n = guestconf_read(CONF, run.g, err, sizeof err);
    run.v = calloc(1, sizeof *run.v);
    if (run.n < 0 || !run.v)
        return fprintf(stderr, "test_timeline: %s\n", run.v ? err : "no memory"), -1;
    tl_init(&run.t, run.g, run.n);
    struct vh_prepare prep = {.observe = tl_step, .observe_ctx = &run.t};
    if (vh_run_vmm_prepared(hx_backend(), VMM_ELF, run.g, run.n, ELF_DIR, false,
                            false, &prep, run.v, err, sizeof err))
        return fprintf(stderr, "test_timeline: %s\n", err), -1;
    tl_finish(&run.t, run.v->cycles);
    if (svg_timeline_save(run.svg, &run.t, &run.v->rep, BOARD_MHZ))
        return fprintf(stderr, "test_timeline: cannot write %s\n", run.svg), -1;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    tl_free(&run.t);
    vh_vmm_free(run.v);
    free(run.v);
    return 0;
}

/* ---- The recorder against the VMM's table -------------------------------- */

static uint64_t longest_slice(const struct timeline *t, int who)
{
    uint64_t max = 0;
    for (size_t i = 0; i < t->nslices; i++)
        if (t->slices[i].who == who && t->slices[i].end - t->slices[i].start > max)
            max = t->slices[i].end - t->slices[i].start;
    return max;
}

static void test_slices_are_cycles_run(void **state)
{
    (void)state;
    assert_int_equal(run.v->rep.nguests, run.n);
    for (int i = 0; i < run.n; i++) {
        const struct vmm_guest_report *gr = &run.v->rep.guest[i];
        assert_true(run.t.total[i].run > 0);
        assert_int_equal(run.t.total[i].run, gr->cycles_run);
        assert_int_equal(longest_slice(&run.t, i), gr->max_span);
    }
}

static void test_vmm_stretches_are_cycles_vmm(void **state)
{
    (void)state;
    for (int i = 0; i < run.n; i++) {
        assert_true(run.t.total[i].vmm > 0);
        assert_int_equal(run.t.total[i].vmm, run.v->rep.guest[i].cycles_vmm);
    }
}

static void test_ticks_are_traps(void **state)
{
    (void)state;
    for (int i = 0; i < run.n; i++)
        for (int c = 0; c < VM74_NUM_CAUSES; c++)
            assert_int_equal(run.t.total[i].traps[c], run.v->rep.guest[i].traps[c]);
}

static int by_start(const void *a, const void *b)
{
    const struct tl_span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Slices and VMM stretches, together, cover the run once: from TIME 0 to
 * its end, each starting where the one before ended. */
static void test_spans_tile_the_run(void **state)
{
    (void)state;
    size_t n = run.t.nslices + run.t.nvmm;
    struct tl_span *all = malloc(n * sizeof *all);
    assert_non_null(all);
    memcpy(all, run.t.slices, run.t.nslices * sizeof *all);
    memcpy(all + run.t.nslices, run.t.vmm, run.t.nvmm * sizeof *all);
    qsort(all, n, sizeof *all, by_start);
    assert_int_equal(all[0].start, 0);
    for (size_t i = 1; i < n; i++)
        assert_int_equal(all[i].start, all[i - 1].end);
    assert_int_equal(all[n - 1].end, run.v->cycles);
    free(all);
}

/* ---- The fold by real time ------------------------------------------------ */

/*
 * Every guest's 32-bit deltas are folded into its 64-bit totals once 2^30
 * real cycles have passed since the last fold (account.h), which a test
 * run does not reach.  sched_fold_lead (sched.c) takes each fold to have
 * been that much earlier, so the folds come every FOLD_EVERY cycles: the
 * timer path's check sends the switch to the C path, which folds.  The
 * accounting must stay exact across them: the VMM's table against the
 * recorder's, and the native instructions against the user-mode steps.
 */
#define FOLD_EVERY 150000u

struct fold_watch {
    struct timeline t;
    uint32_t fold_time;        /* &sched_shared.fold_time's low word */
    uint64_t folds;            /* stores to it: the start and every fold */
    uint64_t user_retired;     /* user-mode steps that retired */
};

static void fold_watch_step(void *ctx, const struct vm74_retire *r)
{
    struct fold_watch *w = ctx;
    tl_step(&w->t, r);
    if (r->mode == VM74_MODE_USER && !r->trap)
        w->user_retired++;
    if (r->mem_write && r->mem_paddr == w->fold_time)
        w->folds++;
}

static void fold_lead_set(vm74 *m, void *ctx)
{
    (void)ctx;
    uint32_t at, lead = (1u << ACCOUNT_FOLD_SHIFT) - FOLD_EVERY;
    assert_int_equal(elfinfo_symbol(VMM_ELF, "sched_fold_lead", &at), 0);
    assert_int_equal(vm74_write_phys(m, at, &lead, sizeof lead), 0);
}

static void test_fold_by_real_time_exact(void **state)
{
    (void)state;
    char err[600];
    struct fold_watch *w = calloc(1, sizeof *w);
    struct vh_vmm *v = calloc(1, sizeof *v);
    assert_non_null(w);
    assert_non_null(v);
    assert_int_equal(elfinfo_symbol(VMM_ELF, "sched_shared", &w->fold_time), 0);
    w->fold_time += SHARED_FOLD_TIME;
    tl_init(&w->t, run.g, run.n);
    struct vh_prepare prep = {.fn = fold_lead_set, .observe = fold_watch_step,
                              .observe_ctx = w};
    if (vh_run_vmm_prepared(hx_backend(), VMM_ELF, run.g, run.n, ELF_DIR, false,
                            false, &prep, v, err, sizeof err))
        fail_msg("%s", err);
    tl_finish(&w->t, v->cycles);
    assert_true(vh_vmm_ended(v, err, sizeof err));
    /* The run is tens of millions of cycles: folds all along it. */
    assert_true(w->folds > v->cycles / FOLD_EVERY / 2);
    uint64_t native = 0;
    for (int i = 0; i < run.n; i++) {
        const struct vmm_guest_report *gr = &v->rep.guest[i];
        assert_int_equal(w->t.total[i].run, gr->cycles_run);
        assert_int_equal(w->t.total[i].vmm, gr->cycles_vmm);
        assert_int_equal(longest_slice(&w->t, i), gr->max_span);
        for (int c = 0; c < VM74_NUM_CAUSES; c++)
            assert_int_equal(w->t.total[i].traps[c], gr->traps[c]);
        native += gr->native[0] + gr->native[1];
    }
    assert_int_equal(native, w->user_retired);
    tl_free(&w->t);
    vh_vmm_free(v);
    free(v);
    free(w);
}

/* ---- The picture ------------------------------------------------------------ */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    int c;
    while ((c = getc(f)) != EOF)
        putc(c, m);
    fclose(f);
    fclose(m);
    return buf;
}

/* The panel of the whole run alone: the text before the detail's. */
static char *whole_run(char *svg)
{
    char *detail = strstr(svg, "data-panel=\"detail\"");
    assert_non_null(detail);
    *detail = '\0';
    return svg;
}

/* The data-cycles of every bar and band in the row <g data-guest="NAME">
 * of the whole run's panel. */
static uint64_t row_cycles(const char *svg, const char *name)
{
    char open[64];
    snprintf(open, sizeof open, "data-guest=\"%s\"", name);
    const char *p = strstr(strstr(svg, "data-panel=\"run\""), open);
    const char *end = p ? strstr(p, "</g>") : NULL;
    uint64_t sum = 0;
    assert_non_null(end);
    while ((p = strstr(p, "data-cycles=\"")) && p < end) {
        p += strlen("data-cycles=\"");
        sum += strtoull(p, NULL, 10);
    }
    return sum;
}

static void test_svg_well_formed(void **state)
{
    char cmd[300];
    (void)state;
    snprintf(cmd, sizeof cmd, "xmllint --noout %s", run.svg);
    assert_int_equal(system(cmd), 0);
}

static void test_svg_rows_are_cycles_run(void **state)
{
    (void)state;
    char *svg = slurp(run.svg);
    for (int i = 0; i < run.n; i++)
        assert_int_equal(row_cycles(svg, run.g[i].name), run.v->rep.guest[i].cycles_run);
    free(svg);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* rsvg-convert draws it: a PNG as wide as the picture. */
static void test_svg_renders(void **state)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    unsigned char head[24];
    char cmd[500];
    (void)state;
    remove(run.png);
    snprintf(cmd, sizeof cmd, "rsvg-convert -o %s %s", run.png, run.svg);
    assert_int_equal(system(cmd), 0);
    FILE *f = fopen(run.png, "rb");
    assert_non_null(f);
    assert_int_equal(fread(head, 1, sizeof head, f), sizeof head);
    fclose(f);
    assert_memory_equal(head, sig, sizeof sig);
    assert_memory_equal(head + 12, "IHDR", 4);
    assert_int_equal(be32(head + 16), SVG_TL_WIDTH);
}

/* ---- vmm-run --timeline ------------------------------------------------------ */

/* vmm-run --fast on the ISS drawing into svg; its exit status, its
 * output in out (malloc'd). */
static int vmm_run_timeline(const char *svg, char **out)
{
    char cmd[600], log[200];
    snprintf(log, sizeof log, OUT_DIR "/timeline-cli-%s.log", hx_backend_env());
    snprintf(cmd, sizeof cmd, VMM_RUN " --fast --jobs=1 --backend=iss --timeline=%s "
             "--clock-mhz=27 --conf " CONF " --elf-dir " ELF_DIR " " VMM_ELF
             " >%s 2>&1", svg, log);
    int status = system(cmd);
    *out = slurp(log);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_vmm_run_draws_timeline(void **state)
{
    char svg[200], line[300], cmd[300], *out;
    (void)state;
    snprintf(svg, sizeof svg, OUT_DIR "/timeline-cli-%s.svg", hx_backend_env());
    remove(svg);
    assert_int_equal(vmm_run_timeline(svg, &out), 0);
    snprintf(line, sizeof line, "\nvmm-run: the VMM's schedule is in %s\n", svg);
    assert_non_null(strstr(out, line));
    free(out);
    snprintf(cmd, sizeof cmd, "xmllint --noout %s", svg);
    assert_int_equal(system(cmd), 0);
}

static void test_vmm_run_timeline_unwritable(void **state)
{
    char *out;
    (void)state;
    assert_int_equal(vmm_run_timeline(OUT_DIR "/no-such-dir/t.svg", &out), 2);
    assert_non_null(strstr(out, "vmm-run: cannot write " OUT_DIR "/no-such-dir/t.svg"));
    free(out);
}

/* ---- Merging, on made-up timelines ------------------------------------------ */

/* The plot is 1370 pixels of the 1600 (200 for the labels, 30 at the
 * right): 16M cycles are 11679 a pixel. */
#define FAKE_END 16000000ull

static const struct guestconf fake_guest[1] = {{.name = "fake", .base = 0x8000, .size = 0x8000}};

static void fake_init(struct timeline *t, struct vmm_report *rep)
{
    tl_init(t, fake_guest, 1);
    t->end = FAKE_END;
    memset(rep, 0, sizeof *rep);
    rep->nguests = 1;
    strcpy(rep->guest[0].name, "fake");
    rep->guest[0].quantum = 100000;
}

static void fake_slice(struct timeline *t, uint64_t start, uint64_t len)
{
    t->slices = realloc(t->slices, (t->nslices + 1) * sizeof *t->slices);
    assert_non_null(t->slices);
    t->slices[t->nslices++] = (struct tl_span){start, start + len, 0};
    t->total[0].run += len;
}

static void fake_tick(struct timeline *t, uint64_t at, uint32_t cause)
{
    t->ticks = realloc(t->ticks, (t->nticks + 1) * sizeof *t->ticks);
    assert_non_null(t->ticks);
    t->ticks[t->nticks++] = (struct tl_tick){at, 0, cause};
    t->total[0].traps[cause]++;
}

static char *fake_draw(const struct timeline *t, const struct vmm_report *rep)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(svg_timeline_write(f, t, rep, BOARD_MHZ), 0);
    fclose(f);
    return buf;
}

static size_t count(const char *s, const char *what)
{
    size_t n = 0;
    for (; (s = strstr(s, what)); s++)
        n++;
    return n;
}

/* 100,000 slices of 40 cycles, one every 100, in the first 10M cycles
 * (856 pixels), then one slice of 1M cycles: bands of at most 6 pixels
 * for the first (143 of them), one plain bar for the last, and every
 * cycle counted. */
static void test_thin_slices_become_bands(void **state)
{
    struct timeline t;
    struct vmm_report rep;
    (void)state;
    fake_init(&t, &rep);
    for (uint64_t k = 0; k < 100000; k++)
        fake_slice(&t, k * 100, 40);
    fake_slice(&t, 12000000, 1000000);
    char *svg = whole_run(fake_draw(&t, &rep));
    size_t bands = count(svg, "data-slices=");
    assert_in_range(bands, 856 / 6, 856 / 6 + 2);
    assert_int_equal(count(svg, "data-slices=\"1000\""), 0);   /* none too wide */
    assert_non_null(strstr(svg, "data-cycles=\"1000000\"/>")); /* the wide one */
    assert_int_equal(row_cycles(svg, "fake"), 100000 * 40 + 1000000);
    free(svg);
    tl_free(&t);
}

/* 5,000 traps in one pixel column and one elsewhere: two ticks. */
static void test_ticks_merge_by_column(void **state)
{
    struct timeline t;
    struct vmm_report rep;
    (void)state;
    fake_init(&t, &rep);
    fake_slice(&t, 0, FAKE_END);
    for (uint64_t k = 0; k < 5000; k++)
        fake_tick(&t, k, VM74_CAUSE_PRIVILEGED);
    fake_tick(&t, FAKE_END / 2, VM74_CAUSE_PRIVILEGED);
    char *svg = fake_draw(&t, &rep);
    assert_non_null(strstr(svg, "PRIVILEGED: 5001 traps"));
    whole_run(svg);
    assert_int_equal(count(svg, "data-traps="), 2);
    assert_non_null(strstr(svg, "data-traps=\"5000\""));
    free(svg);
    tl_free(&t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slices_are_cycles_run),
        cmocka_unit_test(test_vmm_stretches_are_cycles_vmm),
        cmocka_unit_test(test_ticks_are_traps),
        cmocka_unit_test(test_spans_tile_the_run),
        cmocka_unit_test(test_fold_by_real_time_exact),
        cmocka_unit_test(test_svg_well_formed),
        cmocka_unit_test(test_svg_rows_are_cycles_run),
        cmocka_unit_test(test_svg_renders),
        cmocka_unit_test(test_vmm_run_draws_timeline),
        cmocka_unit_test(test_vmm_run_timeline_unwritable),
        cmocka_unit_test(test_thin_slices_become_bands),
        cmocka_unit_test(test_ticks_merge_by_column),
    };
    hx_apply_filter(argc, argv);
    return cmocka_run_group_tests_name("timeline", tests, group_setup, group_teardown);
}
