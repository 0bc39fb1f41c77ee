/*
 * vmm_run_main.c - vmm-run: the VMM demo and its measurements
 * (docs/vmm.md).
 *
 *   vmm-run [--bench] [--fast] [--jobs=N] [--backend=iss|rtl]
 *           [--timeline=FILE.svg [--clock-mhz=F]] --conf guests.conf
 *           --elf-dir DIR VMM.elf
 *
 * Runs the VMM image with every guest twice: free-running (vm74_run, the
 * backend's real timing), showing the guests' tagged console output as it
 * comes, and checked (vm74_run with a retirement hook that sees every
 * step), checking every user-mode access.
 * Then runs each guest alone on a bare vm74 with RAM = its partition, and
 * prints three tables: equivalence (end, exit code, transcript, memory
 * hash: bare vs both VMM runs), resource control (from the checked run:
 * every user-mode access inside the running guest's partition, the VMM's
 * code intact, no guest longer on the CPU than its quantum, the VMM exits)
 * and efficiency (from the free run: native share, slowdown of each guest
 * against its free-running bare run).  The hook does not change the
 * backend's timing, so both VMM runs take the same path; the free one
 * shows the console live.  --bench adds the VMM's path lengths (checked
 * run, in steps) and cycles (free, its own TIME reads); --fast skips the
 * checked run (no access check, no path lengths).  --timeline draws the
 * VMM's schedule of the checked run (the free one with --fast) as an SVG
 * picture (timeline.h, svg_timeline.h), its time axis in µs at
 * --clock-mhz (the board's clock, which make passes).  The runs are
 * separate machines, each in a child process, at most N at a time (default:
 * the CPUs this process may use); the figures are the model's cycles, so
 * they do not depend on N.  Exit status 0 iff every check passed, 2 if a
 * run could not be made.
 */
#define _GNU_SOURCE /* sched_getaffinity */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "svg_timeline.h"
#include "timeline.h"
#include "vmm_host.h"

#define WHY_LEN 400 /* a bare run's reason for not running */

struct opts {
    const char *conf, *elf_dir, *vmm_elf;
    enum vm74_backend backend;
    bool bench, fast;
    int jobs;                 /* runs at a time */
    const char *timeline;     /* the SVG to draw, or NULL */
    double clock_mhz;         /* its time axis; 0: none */
};

/* The two VMM runs and the bare runs, as the children sent them back. */
struct runs {
    struct vh_vmm *free;   /* vm74_run: equivalence, efficiency */
    struct vh_vmm *step;   /* vm74_step: equivalence, resource control; NULL if --fast */
    struct vh_result bare[VMM_MAX_GUESTS];
    int bare_rc[VMM_MAX_GUESTS];          /* vh_run_bare's: -1, why below */
    char bare_why[VMM_MAX_GUESTS][WHY_LEN];
    uint64_t bare_cycles[VMM_MAX_GUESTS];
};

static const char *const end_names[] = {"running", "exit", "deadlock", "budget"};

static void usage(void)
{
    fprintf(stderr, "usage: vmm-run [--bench] [--fast] [--jobs=N] "
            "[--backend=iss|rtl] [--timeline=FILE.svg [--clock-mhz=F]] "
            "--conf FILE --elf-dir DIR VMM.elf\n");
    exit(2);
}

/* The CPUs we may run on: one run each. */
static int cpus_available(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set))
        return 1;
    return CPU_COUNT(&set) > 0 ? CPU_COUNT(&set) : 1;
}

static int parse_jobs(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 1 || v > 64)
        usage();
    return (int)v;
}

static double parse_mhz(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (*end || !(v > 0 && v < 1e6))
        usage();
    return v;
}

static void parse_args(int argc, char **argv, struct opts *o)
{
    o->jobs = cpus_available();
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--bench")) o->bench = true;
        else if (!strcmp(argv[i], "--fast")) o->fast = true;
        else if (!strncmp(argv[i], "--jobs=", 7)) o->jobs = parse_jobs(argv[i] + 7);
        else if (!strncmp(argv[i], "--timeline=", 11)) o->timeline = argv[i] + 11;
        else if (!strncmp(argv[i], "--clock-mhz=", 12)) o->clock_mhz = parse_mhz(argv[i] + 12);
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
        return snprintf(why, whylen, "checked run: %s", w), 0;
    return 1;
}

static int print_equivalence(const struct guestconf *g, int n, struct runs *r)
{
    int bad = 0;
    printf("\nEquivalence: each guest alone on bare vm74 (RAM = its partition) "
           "vs under the VMM (%s)\n", r->step ? "free and checked runs" : "free run");
    printf("%-8s %-9s %-9s %9s %-18s %s\n", "guest", "bare end", "VMM end",
           "console", "memory hash", "result");
    for (int i = 0; i < n; i++) {
        const struct vh_result *bare = &r->bare[i];
        char why[WHY_LEN];
        if (r->bare_rc[i]) {
            printf("%-8s %s\n", g[i].name, r->bare_why[i]);
            bad++;
            continue;
        }
        int same = compare_runs(bare, r, i, why, sizeof why);
        printf("%-8s %-4s %4u %-4s %4u %9zu %016llx   %s%s\n", g[i].name,
               end_names[bare->status], bare->exit_code,
               end_names[r->free->guest[i].status], r->free->guest[i].exit_code,
               bare->transcript_len, (unsigned long long)bare->mem_hash,
               same ? "identical" : "DIFFERENT: ", same ? "" : why);
        bad += !same;
        /* A guest stopped by its budget has no bare run to compare with. */
        r->bare_cycles[i] = g[i].budget == 0 ? bare->cycles : 0;
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
    char line[500], why[300];
    int ended = vh_vmm_ended(v, why, sizeof why);
    snprintf(line, sizeof line, "the VMM ran every guest to its end and exited 0 "
             "(%s run)%s%s", which, ended ? "" : ": ", ended ? "" : why);
    return check_line(ended, line);
}

/* From the checked run, which sees every access (the free run with --fast). */
static int print_resources(const struct guestconf *g, int n, const struct runs *r)
{
    const struct vh_vmm *v = r->step ? r->step : r->free;
    int bad = 0;
    char line[2200];
    printf("\nResource control (%s run)\n", r->step ? "checked" : "free");
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
        bad += check_vmm_ended(r->step, "checked");
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

/*
 * Each path's make-up, checked run: the VMM's cycles between its two TIME
 * reads (median), the steps before the first (the trap step included) and
 * after the last (the final LPSW included), and the VMM's steps by kind,
 * means per sample.  The hardware's own cycles for the trap and the LPSW
 * are around them (docs/vmm.md "Figures").
 */
static void print_breakdown(struct vh_check *c)
{
    printf("\nVMM paths by part, checked run: cycles between the VMM's TIME reads "
           "and the whole round trip, trap to the guest's next step (medians); "
           "steps before/after the reads and by kind (means)\n");
    printf("  %-7s %6s %5s %5s %5s", "path", "cycles", "trip", "pre", "post");
    for (int k = 0; k < VH_NUM_STEP_KINDS; k++)
        printf(" %s", vh_step_kind_name[k]);
    printf("\n");
    static const char *const shortname[VH_NUM_PATHS] = {"lpsw", "device", "vtimer",
                                                          "switch"};
    for (int p = 0; p < VH_NUM_PATHS; p++) {
        struct vh_path *ph = &c->path[p];
        double n = (double)ph->steps.n;
        if (ph->steps.n == 0)
            continue;
        printf("  %-7s %6llu %5llu %5.1f %5.1f", shortname[p],
               (unsigned long long)vh_series_median(&ph->cycles),
               (unsigned long long)vh_series_median(&ph->trip), (double)ph->pre / n,
               (double)ph->post / n);
        for (int k = 0; k < VH_NUM_STEP_KINDS; k++)
            printf(" %*.1f", (int)strlen(vh_step_kind_name[k]), (double)ph->kind[k] / n);
        printf("\n");
    }
}

/* Mean VMM cycles per trap, each fast path and the rest, over every guest
 * (the checked run's records: the fast paths do not add up their own). */
static void print_vmm_cycles(const struct vh_stints *s)
{
    static const char *const what[VH_NUM_STINTS] = {
        "fast path: emulated LPSW imm(x0)", "fast path: device load/store",
        "fast path: timer interrupt or switch",
        "C path: any other trap, switches and idle included"};
    for (int k = 0; k < VH_NUM_STINTS; k++)
        printf("  %-52s mean %6.1f  (%llu traps)\n", what[k],
               s->n[k] ? (double)s->cycles[k] / (double)s->n[k] : 0.0,
               (unsigned long long)s->n[k]);
}

static void print_bench(struct runs *r)
{
    if (r->step) {
        struct vh_check *c = &r->step->check;
        printf("\nVMM path lengths, checked run, in steps (= cycles on the ISS): "
               "from the trap to the guest's next instruction\n");
        for (int p = 0; p < VH_NUM_PATHS; p++)
            print_series(vh_path_name[p], &c->path[p].steps);
        print_breakdown(c);
        printf("\nVMM cycles per trap, checked run, from its own TIME reads (the "
               "hardware trap and the final LPSW not included)\n");
        print_vmm_cycles(&c->stints);
    }
}

/* ---- The runs, each in a child process ------------------------------------ */

/*
 * The runs are independent machines, so they go concurrently, each in a
 * process of its own (a crash in a model stays there and is reported).  The
 * two VMM runs cost about the same, so on 2 CPUs they go side by side and
 * the bare runs follow.  A child
 * writes its result to a temporary file, read once it has exited.  Only the
 * free run echoes the guests' console, so the live output is one run's;
 * the tables come after every run has ended, in a fixed order.
 */
enum job_kind { JOB_FREE, JOB_STEP, JOB_BARE };

struct job {
    enum job_kind kind;
    int guest;   /* JOB_BARE: which */
    pid_t pid;   /* > 0 while the child runs */
    FILE *out;   /* its result */
};

/* What the children see: the options and the guests. */
struct setup {
    const struct opts *o;
    const struct guestconf *g;
    int n;
};

static const char *job_name(const struct job *j, const struct setup *su,
                            char *buf, size_t len)
{
    if (j->kind == JOB_BARE)
        snprintf(buf, len, "bare run of %s", su->g[j->guest].name);
    else
        snprintf(buf, len, "%s VMM run", j->kind == JOB_STEP ? "checked" : "free");
    return buf;
}

/* In order: the free run first, so its console output starts at once. */
static int jobs_plan(const struct setup *su, struct job *jobs)
{
    int k = 0;
    jobs[k++] = (struct job){.kind = JOB_FREE};
    if (!su->o->fast)
        jobs[k++] = (struct job){.kind = JOB_STEP};
    for (int i = 0; i < su->n; i++)
        jobs[k++] = (struct job){.kind = JOB_BARE, .guest = i};
    return k;
}

/* The checked run draws the timeline; the free one when there is none. */
static bool records_timeline(const struct opts *o, bool checked)
{
    return o->timeline && (checked || o->fast);
}

/* The picture of the run just recorded: 0, or 2 with a message. */
static int draw_timeline(const struct opts *o, struct timeline *tl,
                         const struct vh_vmm *v)
{
    tl_finish(tl, v->cycles);
    if (svg_timeline_save(o->timeline, tl, &v->rep, o->clock_mhz) == 0)
        return 0;
    fprintf(stderr, "vmm-run: cannot write %s: %s\n", o->timeline, strerror(errno));
    return 2;
}

static int run_vmm(const struct setup *su, bool checked, FILE *out)
{
    char err[600];
    struct timeline tl;
    struct vh_prepare prep = {0};
    struct vh_vmm *v = calloc(1, sizeof *v);
    tl_init(&tl, su->g, su->n);
    if (records_timeline(su->o, checked))
        prep = (struct vh_prepare){.observe = tl_step, .observe_ctx = &tl};
    if (!v || vh_run_vmm_prepared(su->o->backend, su->o->vmm_elf, su->g, su->n,
                                  su->o->elf_dir, checked, !checked, &prep, v, err,
                                  sizeof err)) {
        fprintf(stderr, "vmm-run: %s\n", v ? err : "out of memory");
        free(v);
        tl_free(&tl);
        return 2;
    }
    int rc = prep.observe ? draw_timeline(su->o, &tl, v) : 0;
    tl_free(&tl);
    if (rc == 0)
        rc = vh_vmm_write(out, v) ? 3 : 0;
    vh_vmm_free(v);
    free(v);
    return rc;
}

/* A bare run that cannot be made is a row of the table: its rc and why. */
static int run_bare(const struct setup *su, int i, FILE *out)
{
    struct vh_result bare;
    char elf[2100], why[WHY_LEN] = "";
    snprintf(elf, sizeof elf, "%s/%s.elf", su->o->elf_dir, su->g[i].name);
    int rc = vh_run_bare(su->o->backend, &su->g[i], elf, &bare, why, sizeof why);
    if (fwrite(&rc, sizeof rc, 1, out) != 1)
        return 3;
    if (rc)
        return fwrite(why, sizeof why, 1, out) == 1 ? 0 : 3;
    rc = vh_result_write(out, &bare) ? 3 : 0;
    vh_result_free(&bare);
    return rc;
}

/* The child: do the job, flush, and say by the exit status whether it worked. */
static void job_child(const struct job *j, const struct setup *su)
{
    int rc = j->kind == JOB_BARE ? run_bare(su, j->guest, j->out)
                                 : run_vmm(su, j->kind == JOB_STEP, j->out);
    if (fflush(j->out))
        rc = 3;
    fflush(stdout);
    _exit(rc); /* the parent's atexit work and buffers are not ours */
}

/* A parent that dies (a crash, a kill) takes its runs with it rather than
 * leaving them to simulate for nobody. */
static void die_with_parent(pid_t parent)
{
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
        _exit(2);
}

static int job_start(struct job *j, const struct setup *su)
{
    char name[80];
    pid_t parent = getpid();
    fflush(stdout); /* or the child would print it again */
    if (!(j->out = tmpfile())) {
        fprintf(stderr, "vmm-run: no temporary file for the %s: %s\n",
                job_name(j, su, name, sizeof name), strerror(errno));
        return -1;
    }
    j->pid = fork();
    if (j->pid == 0) {
        die_with_parent(parent);
        job_child(j, su);
    }
    if (j->pid < 0) {
        fprintf(stderr, "vmm-run: cannot start the %s: %s\n",
                job_name(j, su, name, sizeof name), strerror(errno));
        fclose(j->out);
        j->out = NULL;
        return -1;
    }
    return 0;
}

static int bare_read(FILE *f, struct runs *r, int i)
{
    if (fread(&r->bare_rc[i], sizeof r->bare_rc[i], 1, f) != 1)
        return -1;
    if (r->bare_rc[i])
        return fread(r->bare_why[i], sizeof r->bare_why[i], 1, f) == 1 ? 0 : -1;
    return vh_result_read(f, &r->bare[i]);
}

static int job_read(const struct job *j, struct runs *r)
{
    if (j->kind == JOB_BARE)
        return bare_read(j->out, r, j->guest);
    struct vh_vmm **v = j->kind == JOB_STEP ? &r->step : &r->free;
    if (!(*v = calloc(1, sizeof **v)))
        return -1;
    return vh_vmm_read(j->out, *v);
}

/* The child has ended: its result into r, or why there is none. */
static int job_collect(struct job *j, int status, const struct setup *su,
                       struct runs *r)
{
    char name[80];
    int rc = -1;
    job_name(j, su, name, sizeof name);
    if (WIFSIGNALED(status))
        fprintf(stderr, "vmm-run: the %s crashed (%s)\n", name,
                strsignal(WTERMSIG(status)));
    else if (WEXITSTATUS(status))
        fprintf(stderr, "vmm-run: the %s failed (exit status %d)\n", name,
                WEXITSTATUS(status));
    else if (fseek(j->out, 0, SEEK_SET) || (rc = job_read(j, r)))
        fprintf(stderr, "vmm-run: the %s's result is unreadable\n", name);
    fclose(j->out);
    j->out = NULL;
    return rc;
}

/* After a failure the other runs are of no use. */
static void jobs_stop(struct job *jobs, int njobs)
{
    for (int k = 0; k < njobs; k++)
        if (jobs[k].pid > 0)
            kill(jobs[k].pid, SIGTERM);
}

static struct job *job_of(struct job *jobs, int njobs, pid_t pid)
{
    for (int k = 0; k < njobs; k++)
        if (jobs[k].pid == pid)
            return &jobs[k];
    return NULL;
}

/* The job whose child ended next, with its wait status; NULL if no child
 * is left, which cannot be while one is counted as running. */
static struct job *job_reap(struct job *jobs, int njobs, int *status)
{
    for (;;) {
        pid_t pid = wait(status);
        if (pid < 0 && errno != EINTR)
            return NULL;
        struct job *j = pid > 0 ? job_of(jobs, njobs, pid) : NULL;
        if (j) {
            j->pid = 0;
            return j;
        }
    }
}

/* Every job, at most su->o->jobs at a time, in order; 0 if all succeeded.
 * After a failure the rest are stopped, reaped and discarded. */
static int jobs_run(const struct setup *su, struct runs *r)
{
    struct job jobs[2 + VMM_MAX_GUESTS];
    int njobs = jobs_plan(su, jobs), next = 0, running = 0, status;
    bool failed = false;
    while (running > 0 || (!failed && next < njobs)) {
        struct job *j;
        if (!failed && next < njobs && running < su->o->jobs) {
            if (job_start(&jobs[next++], su) == 0) {
                running++;
            } else {
                failed = true;
                jobs_stop(jobs, njobs);
            }
        } else if (!(j = job_reap(jobs, njobs, &status))) {
            fprintf(stderr, "vmm-run: lost the runs: %s\n", strerror(errno));
            return -1;
        } else {
            running--;
            if (failed) {
                fclose(j->out);
            } else if (job_collect(j, status, su, r)) {
                failed = true;
                jobs_stop(jobs, njobs);
            }
        }
    }
    return failed ? -1 : 0;
}

static void runs_free(struct runs *r)
{
    struct vh_vmm *v[2] = {r->free, r->step};
    for (int k = 0; k < 2; k++) {
        if (v[k])
            vh_vmm_free(v[k]);
        free(v[k]);
    }
    for (int i = 0; i < VMM_MAX_GUESTS; i++)
        vh_result_free(&r->bare[i]);
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
    struct setup su = {&o, g, n};
    if (jobs_run(&su, &r)) {
        runs_free(&r);
        return 2;
    }
    int bad = print_equivalence(g, n, &r);
    bad += print_resources(g, n, &r);
    print_efficiency(n, &r);
    if (o.bench)
        print_bench(&r);
    if (o.timeline)
        printf("\nvmm-run: the VMM's schedule is in %s\n", o.timeline);
    printf("\nvmm-run: %s\n", bad ? "SOME CHECKS FAILED" : "all checks passed");
    runs_free(&r);
    return bad ? 1 : 0;
}
