/*
 * vmm-run - the VMM demo and its measurements (docs/vmm.md).
 *
 *   vmm-run [--bench] [--fast] [--backend=iss|rtl] --conf guests.conf
 *           --elf-dir DIR VMM.elf
 *
 * Runs the VMM image with every guest twice: free-running (vm74_run, the
 * backend's real timing), showing the guests' tagged console output as it
 * comes, and step by step (vm74_step), checking every user-mode access.
 * Then runs each guest alone on a bare vm74 with RAM = its partition, and
 * prints three tables: equivalence (end, exit code, transcript, memory
 * hash: bare vs both VMM runs), resource control (from the stepped run:
 * every user-mode access inside the running guest's partition, the VMM's
 * code intact, no guest longer on the CPU than its quantum, the VMM exits)
 * and efficiency (from the free run: native share, slowdown of each guest
 * against its free-running bare run).  The stepped run's cycles are not
 * used for efficiency: on the RTL a step costs ~3 cycles (the pipeline
 * drains), so they would measure the stepping.  --bench adds the VMM's path
 * lengths (stepped, in steps) and cycles (free, its own TIME reads); --fast
 * skips the stepped run (no access check, no path lengths).  Exit status 0
 * iff every check passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm_host.h"

struct opts {
    const char *conf, *elf_dir, *vmm_elf;
    enum vm74_backend backend;
    bool bench, fast;
};

/* The two VMM runs and what the bare runs add to them. */
struct runs {
    struct vh_vmm *free;   /* vm74_run: equivalence, efficiency */
    struct vh_vmm *step;   /* vm74_step: equivalence, resource control; NULL if --fast */
    uint64_t bare_cycles[VMM_MAX_GUESTS];
};

static const char *const end_names[] = {"running", "exit", "deadlock", "budget"};

static void usage(void)
{
    fprintf(stderr, "usage: vmm-run [--bench] [--fast] [--backend=iss|rtl] "
            "--conf FILE --elf-dir DIR VMM.elf\n");
    exit(2);
}

static void parse_args(int argc, char **argv, struct opts *o)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--bench")) o->bench = true;
        else if (!strcmp(argv[i], "--fast")) o->fast = true;
        else if (!strcmp(argv[i], "--backend=rtl")) o->backend = VM74_BACKEND_RTL;
        else if (!strcmp(argv[i], "--backend=iss")) o->backend = VM74_BACKEND_ISS;
        else if (!strcmp(argv[i], "--conf") && i + 1 < argc) o->conf = argv[++i];
        else if (!strcmp(argv[i], "--elf-dir") && i + 1 < argc) o->elf_dir = argv[++i];
        else if (argv[i][0] != '-' && !o->vmm_elf) o->vmm_elf = argv[i];
        else usage();
    }
    if (!o->conf || !o->elf_dir || !o->vmm_elf)
        usage();
}

/* ---- Equivalence ---------------------------------------------------------- */

/* 1 if both VMM runs of guest i match its bare run, else 0 and why. */
static int compare_runs(const struct vh_result *bare, const struct runs *r, int i,
                        char *why, size_t whylen)
{
    char w[300];
    if (!vh_compare(bare, &r->free->guest[i], w, sizeof w))
        return snprintf(why, whylen, "free run: %s", w), 0;
    if (r->step && !vh_compare(bare, &r->step->guest[i], w, sizeof w))
        return snprintf(why, whylen, "stepped run: %s", w), 0;
    return 1;
}

static int print_equivalence(const struct opts *o, const struct guestconf *g,
                             int n, struct runs *r)
{
    int bad = 0;
    printf("\nEquivalence: each guest alone on bare vm74 (RAM = its partition) "
           "vs under the VMM (%s)\n", r->step ? "free and stepped runs" : "free run");
    printf("%-8s %-9s %-9s %9s %-18s %s\n", "guest", "bare end", "VMM end",
           "console", "memory hash", "result");
    for (int i = 0; i < n; i++) {
        struct vh_result bare;
        char elf[2100], why[400];
        snprintf(elf, sizeof elf, "%s/%s.elf", o->elf_dir, g[i].name);
        if (vh_run_bare(o->backend, &g[i], elf, &bare, why, sizeof why)) {
            printf("%-8s %s\n", g[i].name, why);
            bad++;
            continue;
        }
        int same = compare_runs(&bare, r, i, why, sizeof why);
        printf("%-8s %-4s %4u %-4s %4u %9zu %016llx   %s%s\n", g[i].name,
               end_names[bare.status], bare.exit_code,
               end_names[r->free->guest[i].status], r->free->guest[i].exit_code,
               bare.transcript_len, (unsigned long long)bare.mem_hash,
               same ? "identical" : "DIFFERENT: ", same ? "" : why);
        bad += !same;
        /* A guest stopped by its budget has no bare run to compare with. */
        r->bare_cycles[i] = g[i].budget == 0 ? bare.cycles : 0;
        vh_result_free(&bare);
    }
    return bad;
}

/* ---- Resource control ----------------------------------------------------- */

static int check_line(bool ok, const char *what)
{
    printf("  [%s] %s\n", ok ? "ok" : "FAIL", what);
    return !ok;
}

static int check_vmm_ended(const struct vh_vmm *v, const char *which)
{
    char line[200];
    snprintf(line, sizeof line, "the VMM ran every guest to its end and exited 0 "
             "(%s run)", which);
    return check_line(v->status == VM74_EXITED && v->exit_code == 0 &&
                      v->rep.finished, line);
}

/* From the stepped run, which sees every access (the free run with --fast). */
static int print_resources(const struct guestconf *g, int n, const struct runs *r)
{
    const struct vh_vmm *v = r->step ? r->step : r->free;
    int bad = 0;
    char line[2200];
    printf("\nResource control (%s run)\n", r->step ? "stepped" : "free");
    if (r->step) {
        snprintf(line, sizeof line, "%llu user-mode steps, %llu accesses outside "
                 "the running guest's partition",
                 (unsigned long long)v->check.user_steps,
                 (unsigned long long)v->check.outside);
        bad += check_line(v->check.outside == 0, line);
    }
    bad += check_line(v->check.vmm_code_intact, "the VMM's code is unchanged");
    bad += check_vmm_ended(r->free, "free");
    if (r->step)
        bad += check_vmm_ended(r->step, "stepped");
    for (int i = 0; i < n; i++) {
        const struct vmm_guest_report *gr = &v->rep.guest[i];
        snprintf(line, sizeof line, "%-8s longest stretch on the CPU %llu cycles "
                 "(quantum %u)", g[i].name, (unsigned long long)gr->max_span,
                 gr->quantum);
        bad += check_line(gr->max_span <= gr->quantum, line);
    }
    return bad;
}

/* ---- Efficiency ----------------------------------------------------------- */

/* From the free run: both sides of the slowdown ran at the backend's speed. */
static void print_efficiency(int n, const struct runs *r)
{
    printf("\nEfficiency, free run (native = user-mode instructions retired in "
           "the guest; slowdown = its cycles on the CPU + VMM cycles on its "
           "traps, over its bare cycles)\n");
    printf("%-8s %12s %10s %9s %10s\n", "guest", "native", "emulated", "native%",
           "slowdown");
    for (int i = 0; i < n; i++) {
        const struct vmm_guest_report *gr = &r->free->rep.guest[i];
        uint64_t nat = gr->native[0] + gr->native[1];
        uint64_t emu = gr->emulated[0] + gr->emulated[1];
        printf("%-8s %12llu %10llu %8.3f%% ", gr->name, (unsigned long long)nat,
               (unsigned long long)emu, nat + emu ? 100.0 * nat / (nat + emu) : 100.0);
        if (r->bare_cycles[i])
            printf("%9.2f%%\n", 100.0 * (double)r->free->guest[i].cycles /
                                     (double)r->bare_cycles[i] - 100.0);
        else
            printf("%10s\n", "-");
    }
}

static void print_series(const char *what, struct vh_series *s)
{
    if (s->n == 0) {
        printf("  %-52s (none seen)\n", what);
        return;
    }
    printf("  %-52s median %5llu  min %5llu  max %6llu  (%llu samples)\n", what,
           (unsigned long long)vh_series_median(s), (unsigned long long)s->min,
           (unsigned long long)s->max, (unsigned long long)s->n);
}

/* Mean VMM cycles per trap, fast path and the rest, over every guest. */
static void print_vmm_cycles(const struct vh_vmm *v)
{
    uint64_t fast = 0, fast_n = 0, all = 0, all_n = 0;
    for (uint32_t i = 0; i < v->rep.nguests; i++) {
        const struct vmm_guest_report *gr = &v->rep.guest[i];
        fast += gr->cycles_fast;
        fast_n += gr->fast_lpsw;
        all += gr->cycles_vmm;
        for (int c = 0; c < VM74_NUM_CAUSES; c++)
            all_n += gr->traps[c];
    }
    printf("  %-52s mean %6.1f  (%llu traps)\n", "fast path: emulated LPSW imm(x0)",
           fast_n ? (double)fast / (double)fast_n : 0.0, (unsigned long long)fast_n);
    printf("  %-52s mean %6.1f  (%llu traps)\n", "C path: any other trap, switches "
           "and idle included", all_n > fast_n ? (double)(all - fast) /
           (double)(all_n - fast_n) : 0.0, (unsigned long long)(all_n - fast_n));
}

static void print_bench(struct runs *r)
{
    if (r->step) {
        struct vh_check *c = &r->step->check;
        printf("\nVMM path lengths, stepped run, in steps (= cycles on the ISS): "
               "from the trap to the guest's next instruction\n");
        print_series("emulated LPSW round trip", &c->lpsw);
        print_series("emulated device load/store round trip", &c->device);
        print_series("virtual timer interrupt: real irq -> guest handler", &c->vtimer);
        print_series("guest context switch: real irq -> next guest", &c->cswitch);
    }
    printf("\nVMM cycles per trap, free run, from its own TIME reads (the "
           "hardware trap and the final LPSW not included)\n");
    print_vmm_cycles(r->free);
}

static int run_vmm(const struct opts *o, const struct guestconf *g, int n,
                   bool stepped, struct vh_vmm **v)
{
    char err[600];
    *v = calloc(1, sizeof **v);
    if (!*v || vh_run_vmm(o->backend, o->vmm_elf, g, n, o->elf_dir, stepped,
                          !stepped, *v, err, sizeof err)) {
        fprintf(stderr, "vmm-run: %s\n", err);
        return -1;
    }
    return 0;
}

static void runs_free(struct runs *r)
{
    struct vh_vmm *v[2] = {r->free, r->step};
    for (int k = 0; k < 2; k++) {
        if (v[k])
            vh_vmm_free(v[k]);
        free(v[k]);
    }
}

int main(int argc, char **argv)
{
    struct opts o = {0};
    struct guestconf g[VMM_MAX_GUESTS];
    struct runs r = {0};
    char err[600];
    parse_args(argc, argv, &o);
    int n = guestconf_read(o.conf, g, err, sizeof err);
    if (n < 0) {
        fprintf(stderr, "vmm-run: %s\n", err);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (run_vmm(&o, g, n, false, &r.free) || (!o.fast && run_vmm(&o, g, n, true, &r.step))) {
        runs_free(&r);
        return 2;
    }
    int bad = print_equivalence(&o, g, n, &r);
    bad += print_resources(g, n, &r);
    print_efficiency(n, &r);
    if (o.bench)
        print_bench(&r);
    printf("\nvmm-run: %s\n", bad ? "SOME CHECKS FAILED" : "all checks passed");
    runs_free(&r);
    return bad ? 1 : 0;
}
