/*
 * vmm-run - the VMM demo and its measurements (docs/vmm.md).
 *
 *   vmm-run [--bench] [--fast] [--backend=iss|rtl] --conf guests.conf
 *           --elf-dir DIR VMM.elf
 *
 * Runs the VMM image with every guest, step by step, showing the guests'
 * tagged console output as it comes; then runs each guest alone on a bare
 * vm74 with RAM = its partition, and prints three tables: equivalence
 * (end, exit code, transcript, memory hash: bare vs VMM), resource control
 * (every user-mode access inside the running guest's partition, the VMM's
 * code intact, no guest longer on the CPU than its quantum, the VMM exits)
 * and efficiency (native share, slowdown of each guest against bare).
 * --bench adds the VMM's cycle figures; --fast runs without stepping (no
 * access check, no timing).  Exit status 0 iff every check passed.
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

static int print_equivalence(const struct opts *o, const struct guestconf *g,
                             int n, struct vh_vmm *v)
{
    int bad = 0;
    printf("\nEquivalence: each guest alone on bare vm74 (RAM = its partition) "
           "vs under the VMM\n");
    printf("%-8s %-9s %-9s %9s %-18s %s\n", "guest", "bare end", "VMM end",
           "console", "memory hash", "result");
    for (int i = 0; i < n; i++) {
        struct vh_result bare;
        char elf[2100], why[300];
        snprintf(elf, sizeof elf, "%s/%s.elf", o->elf_dir, g[i].name);
        if (vh_run_bare(o->backend, &g[i], elf, &bare, why, sizeof why)) {
            printf("%-8s %s\n", g[i].name, why);
            bad++;
            continue;
        }
        int same = vh_compare(&bare, &v->guest[i], why, sizeof why);
        printf("%-8s %-4s %4u %-4s %4u %9zu %016llx   %s%s\n", g[i].name,
               end_names[bare.status], bare.exit_code,
               end_names[v->guest[i].status], v->guest[i].exit_code,
               bare.transcript_len, (unsigned long long)bare.mem_hash,
               same ? "identical" : "DIFFERENT: ", same ? "" : why);
        bad += !same;
        if (g[i].budget == 0 && bare.cycles)
            v->guest[i].cycles = v->guest[i].cycles * 100000 / bare.cycles;
        else
            v->guest[i].cycles = 0;
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

static int print_resources(const struct opts *o, const struct guestconf *g, int n,
                           const struct vh_vmm *v)
{
    int bad = 0;
    char line[2200];
    printf("\nResource control\n");
    if (!o->fast) {
        snprintf(line, sizeof line, "%llu user-mode steps, %llu accesses outside "
                 "the running guest's partition",
                 (unsigned long long)v->check.user_steps,
                 (unsigned long long)v->check.outside);
        bad += check_line(v->check.outside == 0, line);
    }
    bad += check_line(v->check.vmm_code_intact, "the VMM's code is unchanged");
    bad += check_line(v->status == VM74_EXITED && v->exit_code == 0 &&
                      v->rep.finished, "the VMM ran every guest to its end and exited 0");
    for (int i = 0; i < n; i++) {
        const struct vmm_guest_report *r = &v->rep.guest[i];
        snprintf(line, sizeof line, "%-8s longest stretch on the CPU %llu cycles "
                 "(quantum %u)", g[i].name, (unsigned long long)r->max_span,
                 r->quantum);
        bad += check_line(r->max_span <= r->quantum, line);
    }
    return bad;
}

/* ---- Efficiency ----------------------------------------------------------- */

static void print_efficiency(int n, const struct vh_vmm *v)
{
    printf("\nEfficiency (native = user-mode instructions retired in the guest; "
           "slowdown = VMM cycles spent on it / bare cycles)\n");
    printf("%-8s %12s %10s %9s %10s\n", "guest", "native", "emulated", "native%",
           "slowdown");
    for (int i = 0; i < n; i++) {
        const struct vmm_guest_report *r = &v->rep.guest[i];
        uint64_t nat = r->native[0] + r->native[1];
        uint64_t emu = r->emulated[0] + r->emulated[1];
        printf("%-8s %12llu %10llu %8.3f%% ", r->name, (unsigned long long)nat,
               (unsigned long long)emu, nat + emu ? 100.0 * nat / (nat + emu) : 100.0);
        if (v->guest[i].cycles)
            printf("%9.2f%%\n", v->guest[i].cycles / 1000.0 - 100.0);
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

static void print_bench(struct vh_vmm *v)
{
    printf("\nVMM cycle figures (from the trap to the guest's next instruction)\n");
    print_series("emulated LPSW round trip", &v->check.lpsw);
    print_series("emulated device load/store round trip", &v->check.device);
    print_series("virtual timer interrupt: real irq -> guest handler", &v->check.vtimer);
    print_series("guest context switch: real irq -> next guest", &v->check.cswitch);
}

int main(int argc, char **argv)
{
    struct opts o = {0};
    struct guestconf g[VMM_MAX_GUESTS];
    char err[600];
    parse_args(argc, argv, &o);
    int n = guestconf_read(o.conf, g, err, sizeof err);
    if (n < 0) {
        fprintf(stderr, "vmm-run: %s\n", err);
        return 2;
    }
    struct vh_vmm *v = calloc(1, sizeof *v);
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!v || vh_run_vmm(o.backend, o.vmm_elf, g, n, o.elf_dir, !o.fast, true, v,
                         err, sizeof err)) {
        fprintf(stderr, "vmm-run: %s\n", err);
        return 2;
    }
    int bad = print_equivalence(&o, g, n, v);
    bad += print_resources(&o, g, n, v);
    print_efficiency(n, v);
    if (o.bench && !o.fast)
        print_bench(v);
    printf("\nvmm-run: %s\n", bad ? "SOME CHECKS FAILED" : "all checks passed");
    vh_vmm_free(v);
    free(v);
    return bad ? 1 : 0;
}
