/*
 * vmm_nest_main.c - vmm-nest: the VMM under itself (docs/vmm.md
 * "Recursion: the VMM under itself"): equivalence at every depth, resource
 * control of the whole stack, and what each level costs.
 *
 *   vmm-nest [--backend=iss|rtl] [--quanta=N/D] --conf L1.conf
 *            [--sub NAME=CONF]... --elf-dir DIR TOP.elf
 *
 * The stack: TOP.elf runs the guests of L1.conf; a guest NAME given with
 * --sub is a VMM image (DIR/NAME.elf) running CONF's guests.  Every level's
 * image runs once as the real VMM (so a guest of level j is seen at depths
 * 1 .. j), each ordinary guest once alone on a bare vm74 (depth 0), and
 * the tables compare them: end, exit code, console bytes (taken out of the
 * nested tags) and memory hash (read at the guest's composed real base).
 * --quanta scales every level's quanta at load time.  Exit status 0 iff
 * every check passed, 2 if a run could not be made.
 */
#include <stdlib.h>
#include <string.h>

#include "vmm_nest.h"

struct opts {
    const char *conf, *elf_dir, *top_elf;
    char *subs[VN_MAX_LEVELS];
    int nsubs;
    enum vm74_backend backend;
    struct vn_quanta quanta;
};

static const char *const end_names[] = {"running", "exit", "deadlock", "budget"};

static void usage(void)
{
    fprintf(stderr, "usage: vmm-nest [--backend=iss|rtl] [--quanta=N/D] --conf FILE "
            "[--sub NAME=CONF]... --elf-dir DIR TOP.elf\n");
    exit(2);
}

static void parse_quanta(const char *s, struct vn_quanta *q)
{
    unsigned num, den;
    if (sscanf(s, "%u/%u", &num, &den) != 2 || num == 0 || den == 0)
        usage();
    for (int k = 0; k < VN_MAX_LEVELS; k++) {
        q->num[k] = num;
        q->den[k] = den;
    }
}

static void parse_args(int argc, char **argv, struct opts *o)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--backend=rtl")) o->backend = VM74_BACKEND_RTL;
        else if (!strcmp(argv[i], "--backend=iss")) o->backend = VM74_BACKEND_ISS;
        else if (!strncmp(argv[i], "--quanta=", 9)) parse_quanta(argv[i] + 9, &o->quanta);
        else if (!strcmp(argv[i], "--conf") && i + 1 < argc) o->conf = argv[++i];
        else if (!strcmp(argv[i], "--elf-dir") && i + 1 < argc) o->elf_dir = argv[++i];
        else if (!strcmp(argv[i], "--sub") && i + 1 < argc && o->nsubs < VN_MAX_LEVELS)
            o->subs[o->nsubs++] = argv[++i];
        else if (argv[i][0] != '-' && !o->top_elf) o->top_elf = argv[i];
        else usage();
    }
    if (!o->conf || !o->elf_dir || !o->top_elf)
        usage();
}

/* Every level's image as the real VMM, and each ordinary guest bare. */
struct runs {
    struct vn_run run[VN_MAX_LEVELS];
    struct vh_result bare[VN_MAX_LEVELS][VMM_MAX_GUESTS];
};

static int runs_make(const struct opts *o, const struct vn_stack *s, struct runs *r)
{
    char err[600];
    for (int k = 0; k < s->n; k++) {
        if (vn_run(o->backend, s, k, &o->quanta, &r->run[k], err, sizeof err))
            return fprintf(stderr, "vmm-nest: %s\n", err), -1;
        for (int i = 0; i < s->lv[k].n; i++) {
            char elf[700];
            if (s->lv[k].sub[i] >= 0)
                continue;
            snprintf(elf, sizeof elf, "%s/%s.elf", s->elf_dir, s->lv[k].g[i].name);
            if (vh_run_bare(o->backend, &s->lv[k].g[i], elf, &r->bare[k][i], err,
                            sizeof err))
                return fprintf(stderr, "vmm-nest: %s\n", err), -1;
        }
    }
    return 0;
}

/* ---- Equivalence ------------------------------------------------------------ */

/* 1 if the guest matches its bare run byte for byte, else 0 and why. */
static int same_as_bare(const struct vh_result *bare, const struct vn_guest *g,
                        char *why, size_t len)
{
    if (!vh_compare(bare, &g->r, why, len))
        return 0;
    if (g->r.transcript_kept != bare->transcript_len ||
        memcmp(g->r.transcript, bare->transcript, bare->transcript_len))
        return snprintf(why, len, "console bytes out of the tags differ"), 0;
    return 1;
}

static int print_equivalence(const struct vn_stack *s, struct runs *r)
{
    int bad = 0;
    printf("\nEquivalence: each ordinary guest bare (depth 0) and under 1-%d VMMs: "
           "end, exit code, console bytes out of the nested tags, memory hash\n", s->n);
    printf("%-8s %5s  %-9s %9s %-16s  %s\n", "guest", "depth", "end", "console",
           "memory hash", "vs bare");
    for (int k = 0; k < s->n; k++) {
        for (int i = 0; i < s->lv[k].n; i++) {
            const struct vh_result *bare = &r->bare[k][i];
            if (s->lv[k].sub[i] >= 0)
                continue;
            printf("%-8s %5d  %-4s %4u %9zu %016llx  (bare)\n", s->lv[k].g[i].name, 0,
                   end_names[bare->status], bare->exit_code, bare->transcript_len,
                   (unsigned long long)bare->mem_hash);
            for (int top = k; top >= 0; top--) {
                const struct vn_guest *g = vn_find_name(&r->run[top], s->lv[k].g[i].name);
                char why[300];
                int same = g && same_as_bare(bare, g, why, sizeof why);
                if (!g)
                    snprintf(why, sizeof why, "not in the run");
                printf("%-8s %5d  %-4s %4u %9zu %016llx  %s%s\n", s->lv[k].g[i].name,
                       g ? g->depth : -1, g ? end_names[g->r.status] : "-",
                       g ? g->r.exit_code : 0, g ? g->r.transcript_len : 0,
                       g ? (unsigned long long)g->r.mem_hash : 0ull,
                       same ? "identical" : "DIFFERENT: ", same ? "" : why);
                bad += !same;
            }
        }
    }
    return bad;
}

/*
 * Theorem 2 itself: a VMM run bare and the same VMM run as a guest print the
 * same lines of their own (not their guests', not the timing ones).
 */
static int print_vmm_lines(const struct vn_stack *s, struct runs *r)
{
    int bad = 0;
    printf("\nThe VMM as a guest: its own console lines (timing lines \"%s\" "
           "apart) bare and nested\n", VMM_TIMING_MARK);
    for (int k = 1; k < s->n; k++) {
        char *bare = vn_own_lines(&s->lv[k], r->run[k].console, r->run[k].console_len);
        for (int top = k - 1; top >= 0; top--) {
            const struct vn_guest *g = vn_find_name(&r->run[top], s->lv[k].name);
            char *own = g ? vn_own_lines(&s->lv[k], g->r.transcript, g->r.transcript_kept)
                          : NULL;
            int same = own && !strcmp(own, bare);
            printf("  %-8s at depth %d: %zu bytes of its own, %s\n", s->lv[k].name,
                   g ? g->depth : -1, own ? strlen(own) : 0,
                   same ? "identical to it run bare" : "DIFFERENT from it run bare");
            bad += !same;
            free(own);
        }
        free(bare);
    }
    return bad;
}

/* ---- Resource control ------------------------------------------------------ */

static int check_line(bool ok, const char *what)
{
    printf("  [%s] %s\n", ok ? "ok" : "FAIL", what);
    return !ok;
}

static int print_resources(const struct vn_stack *s, const struct runs *r)
{
    int bad = 0;
    char line[600];
    printf("\nResource control: every step of each run (a retirement hook)\n");
    for (int k = 0; k < s->n; k++) {
        const struct vn_run *v = &r->run[k];
        const struct vn_check *c = &v->check;
        snprintf(line, sizeof line, "%s: %llu user-mode steps (%llu inside nested VMMs), "
                 "%llu accesses outside the level-1 partition, %llu outside the "
                 "innermost one%s%s", k ? s->lv[k].name : "top",
                 (unsigned long long)c->user_steps, (unsigned long long)c->inner_steps,
                 (unsigned long long)c->outside_top, (unsigned long long)c->outside_inner,
                 c->outside_inner ? ", first in " : "", c->outside_inner ? c->first_where : "");
        bad += check_line(c->outside_top == 0 && c->outside_inner == 0 &&
                          c->user_steps > 0, line);
        snprintf(line, sizeof line, "%s: every VMM's code unchanged, every guest ended, "
                 "exit 0", k ? s->lv[k].name : "top");
        bad += check_line(c->vmm_code_intact && v->status == VM74_EXITED &&
                          v->exit_code == 0 && v->finished, line);
    }
    return bad;
}

/* ---- Cost per level --------------------------------------------------------- */

static double ratio(uint64_t a, uint64_t b)
{
    return b ? (double)a / (double)b : 0.0;
}

static void print_guest_costs(const struct vn_stack *s, const struct runs *r)
{
    printf("\nCost per depth (real = the machine's; a real step or trap counts for the "
           "ordinary guest whose instruction ran last in user mode; its clock = the "
           "cycles it ran as its VMM counts them)\n");
    printf("%-8s %5s %9s %10s %9s %8s %10s %12s %10s\n", "guest", "depth", "traps",
           "real traps", "per trap", "native%", "its clock", "real cycles", "slowdown");
    for (int k = 0; k < s->n; k++) {
        for (int i = 0; i < s->lv[k].n; i++) {
            if (s->lv[k].sub[i] >= 0)
                continue;
            uint64_t bare = r->bare[k][i].cycles;
            bool budget = s->lv[k].g[i].budget != 0;
            printf("%-8s %5d %9s %10s %9s %8s %10s %12llu %10s\n", s->lv[k].g[i].name, 0,
                   "-", "-", "-", "-", "-", (unsigned long long)bare, "-");
            for (int top = k; top >= 0; top--) {
                const struct vn_guest *g = vn_find_name(&r->run[top], s->lv[k].g[i].name);
                if (!g)
                    continue;
                uint64_t nat = g->rep.native[0] + g->rep.native[1];
                uint64_t emu = g->rep.emulated[0] + g->rep.emulated[1];
                printf("%-8s %5d %9llu %10llu %9.1f %7.3f%% %10llu %12llu ",
                       s->lv[k].g[i].name, g->depth, (unsigned long long)g->own_traps,
                       (unsigned long long)g->real_traps, ratio(g->real_traps, g->own_traps),
                       100.0 * ratio(nat, nat + emu),
                       (unsigned long long)g->rep.cycles_run,
                       (unsigned long long)g->real_cycles);
                if (budget)
                    printf("%10s\n", "(budget)");
                else
                    printf("%9.1f%%\n", 100.0 * ratio(g->real_cycles, bare) - 100.0);
            }
        }
    }
}

/* Real traps per guest trap, by kind, for each ordinary guest at each depth. */
static void print_kind_costs(const struct vn_stack *s, const struct runs *r)
{
    printf("\nReal traps per guest trap, by kind (a guest trap and the real traps "
           "after it until the guest runs again)\n%-8s %5s", "guest", "depth");
    for (int k = 0; k < VN_KINDS; k++)
        printf(" %20s", vn_kind_names[k]);
    printf("\n");
    for (int k = 0; k < s->n; k++) {
        for (int i = 0; i < s->lv[k].n; i++) {
            for (int top = k; top >= 0 && s->lv[k].sub[i] < 0; top--) {
                const struct vn_guest *g = vn_find_name(&r->run[top], s->lv[k].g[i].name);
                if (!g)
                    continue;
                printf("%-8s %5d", s->lv[k].g[i].name, g->depth);
                for (int c = 0; c < VN_KINDS; c++)
                    if (g->kind_n[c])
                        printf(" %12.1f (%5llu)", ratio(g->kind_traps[c], g->kind_n[c]),
                               (unsigned long long)g->kind_n[c]);
                    else
                        printf(" %20s", "-");
                printf("\n");
            }
        }
    }
}

/* A nested VMM's traps one level up per trap its guests took at its level. */
static void print_level_costs(const struct vn_stack *s, const struct runs *r)
{
    const struct vn_run *v = &r->run[0];
    printf("\nAmplification per level (top run): traps a nested VMM takes at the level "
           "above, per trap its guests take at its level\n");
    for (int i = 0; i < v->n; i++) {
        const struct vn_guest *g = &v->guest[i];
        uint64_t inner = 0;
        if (g->sub < 0)
            continue;
        for (int j = 0; j < v->n; j++)
            if (v->guest[j].level == g->sub)
                inner += v->guest[j].own_traps;
        printf("  %-8s (depth %d): %9llu traps for %8llu of its guests': %6.1f; "
               "native share %.3f%%\n", s->lv[g->sub].name, g->depth,
               (unsigned long long)g->own_traps, (unsigned long long)inner,
               ratio(g->own_traps, inner),
               100.0 * ratio(g->rep.native[0] + g->rep.native[1],
                             g->rep.native[0] + g->rep.native[1] + g->rep.emulated[0] +
                             g->rep.emulated[1]));
    }
    printf("  the real machine, top run: %llu traps, %llu steps, %llu cycles\n",
           (unsigned long long)v->traps, (unsigned long long)v->steps,
           (unsigned long long)v->cycles);
}

int main(int argc, char **argv)
{
    struct opts o = {0};
    static struct vn_stack s;
    static struct runs r;
    char err[600];
    parse_args(argc, argv, &o);
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (vn_stack_load(&s, o.conf, o.top_elf, o.elf_dir, o.subs, o.nsubs, err, sizeof err)) {
        fprintf(stderr, "vmm-nest: %s\n", err);
        return 2;
    }
    printf("vmm-nest: %d levels on the %s; %s\n", s.n,
           o.backend == VM74_BACKEND_RTL ? "RTL" : "ISS",
           o.quanta.den[0] ? "quanta scaled" : "quanta as set up");
    if (runs_make(&o, &s, &r))
        return 2;
    int bad = print_equivalence(&s, &r);
    bad += print_vmm_lines(&s, &r);
    bad += print_resources(&s, &r);
    print_guest_costs(&s, &r);
    print_kind_costs(&s, &r);
    print_level_costs(&s, &r);
    printf("\nvmm-nest: %s\n", bad ? "SOME CHECKS FAILED" : "all checks passed");
    for (int k = 0; k < s.n; k++) {
        vn_run_free(&r.run[k]);
        for (int i = 0; i < VMM_MAX_GUESTS; i++)
            vh_result_free(&r.bare[k][i]);
    }
    return bad ? 1 : 0;
}
