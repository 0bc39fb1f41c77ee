/*
 * pgcheck_main.c - build/pgcheck: which virtual machine monitor does this
 * vm74 machine allow, by Popek and Goldberg's Theorems 1 and 3?
 * (docs/pgcheck.md)
 *
 * Thin on purpose: options, pg_run, the table, the verdicts, the
 * comparison with docs/isa.md §8.1.  Exit status 0 virtualizable
 * (Theorem 1), 1 not, 2 error.
 */
#define _GNU_SOURCE /* getopt_long under -std=c11 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "pgcheck.h"

enum { EXIT_YES = 0, EXIT_NO = 1, EXIT_ERROR = 2 };

/* The library this binary is linked with; informational only: the verdict
 * comes from the machine's behaviour, never from this. */
#if !defined(VM74_FLAW) || VM74_FLAW == 0
#define BUILD_NOTE ""
#elif VM74_FLAW == VM74_FLAW_RDMODE
#define BUILD_NOTE " (FLAW=rdmode build)"
#elif VM74_FLAW == VM74_FLAW_JRSTU
#define BUILD_NOTE " (FLAW=jrstu build)"
#elif VM74_FLAW == VM74_FLAW_RDBASE
#define BUILD_NOTE " (FLAW=rdbase build)"
#else
#error "VM74_FLAW names no variant of docs/isa.md §4.3"
#endif

/* The sample sizes, which default by backend unless given. */
enum { SET_STATES, SET_RANDOM, SET_SWEEP, SET_DIRECTED, N_COUNTS };
#define OPT_COUNT 0x100 /* getopt value of count option i: OPT_COUNT + i */

struct cli {
    struct pg_options o;
    bool set[N_COUNTS];
    bool seed_set;
    const char *isa_table;
    bool verbose;
    int sweep_opcode; /* -1: every opcode */
};

static uint32_t *count_option(struct cli *c, int i)
{
    uint32_t *counts[N_COUNTS] = { &c->o.states, &c->o.random_words,
                                   &c->o.sweep_operands, &c->o.directed };
    return counts[i];
}

static const char usage_text[] =
    "usage: pgcheck [OPTION]...\n"
    "Classify every instruction of a vm74 machine by Popek and Goldberg's\n"
    "definitions, from its behaviour, and say which virtual machine monitor\n"
    "it allows: VIRTUALIZABLE (Theorem 1, trap-and-emulate),\n"
    "HYBRID-VIRTUALIZABLE (Theorem 3) and HYBRID-VMM (what a hybrid VMM\n"
    "needs of native user mode).\n"
    "\n"
    "  --backend=iss|rtl    machine to judge (default iss)\n"
    "  --states=K           random states per instruction word (default 4;\n"
    "                       rtl 2)\n"
    "  --sweep=N            words per opcode x funct3 x funct7: operand\n"
    "                       fields 0, then rd alone, rs1 alone, then random;\n"
    "                       0 = no sweep (default 4; rtl 3)\n"
    "  --sweep-opcode=N     sweep only major opcode N (bits 6:0; default all)\n"
    "  --random=N           random 32-bit words (default 100000; rtl 10000)\n"
    "  --directed=N         words per known encoding pattern (default 64;\n"
    "                       rtl 32)\n"
    "  --seed=S             random seed (default 74)\n"
    "  --base-align=N       relocation bases l are multiples of N (default 4:\n"
    "                       l is word-aligned, docs/isa.md section 1)\n"
    "  --isa-table=FILE     compare with the table of FILE's section 8.1\n"
    "                       (default docs/isa.md; 'none' to skip)\n"
    "  --verbose            show the first witness of each sensitivity\n"
    "  --help               show this text\n"
    "\n"
    "Exit status: 0 virtualizable, 1 not virtualizable, 2 error.\n";

static bool parse_u64(const char *s, uint64_t *v)
{
    char *end;
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 0);
    if (errno != 0 || *end != '\0')
        return false;
    *v = x;
    return true;
}

static bool parse_u32(const char *s, uint32_t *v)
{
    uint64_t x;
    if (!parse_u64(s, &x) || x > UINT32_MAX)
        return false;
    *v = (uint32_t)x;
    return true;
}

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "pgcheck: %s '%s' (try 'pgcheck --help')\n", what, arg);
    return EXIT_ERROR;
}

static int parse_option(int opt, const char *arg, struct cli *c)
{
    uint32_t opcode;
    if (opt >= OPT_COUNT && opt < OPT_COUNT + N_COUNTS) {
        if (!parse_u32(arg, count_option(c, opt - OPT_COUNT)))
            return usage_error("bad count", arg);
        c->set[opt - OPT_COUNT] = true;
        return 0;
    }
    switch (opt) {
    case 'b':
        if (strcmp(arg, "iss") != 0 && strcmp(arg, "rtl") != 0)
            return usage_error("unknown backend", arg);
        c->o.backend = arg[0] == 'r' ? VM74_BACKEND_RTL : VM74_BACKEND_ISS;
        return 0;
    case 'a':
        if (!parse_u32(arg, &c->o.base_align) || c->o.base_align == 0 ||
            (c->o.base_align & (c->o.base_align - 1)) != 0 ||
            c->o.base_align > 256)
            return usage_error("bad --base-align (1, 2, 4 ... 256)", arg);
        return 0;
    case 'S':
        c->seed_set = true;
        return parse_u64(arg, &c->o.seed) ? 0 : usage_error("bad seed", arg);
    case 'i':
        c->isa_table = arg;
        return 0;
    case 'v':
        c->verbose = true;
        return 0;
    case 'o':
        if (!parse_u32(arg, &opcode) || opcode > 0x7f)
            return usage_error("bad --sweep-opcode (0 ... 0x7f)", arg);
        c->sweep_opcode = (int)opcode;
        return 0;
    default:
        return EXIT_ERROR;
    }
}

/* The backend's defaults, then the counts given on the command line. */
static void apply_defaults(struct cli *c)
{
    struct cli d = { .o = { 0 } };
    pg_default_options(&d.o, c->o.backend);
    if (c->o.base_align == 0)
        c->o.base_align = d.o.base_align;
    for (int i = 0; i < N_COUNTS; i++)
        if (!c->set[i])
            *count_option(c, i) = *count_option(&d, i);
    if (!c->seed_set)
        c->o.seed = d.o.seed;
    c->o.verbose = c->verbose ? stdout : NULL;
    c->o.sweep_opcode = c->sweep_opcode;
}

/* Returns 0 to run, -1 after --help, or an exit status. */
static int parse_args(int argc, char **argv, struct cli *c)
{
    static const struct option longopts[] = {
        { "backend", required_argument, NULL, 'b' },
        { "states", required_argument, NULL, OPT_COUNT + SET_STATES },
        { "random", required_argument, NULL, OPT_COUNT + SET_RANDOM },
        { "sweep", required_argument, NULL, OPT_COUNT + SET_SWEEP },
        { "directed", required_argument, NULL, OPT_COUNT + SET_DIRECTED },
        { "seed", required_argument, NULL, 'S' },
        { "base-align", required_argument, NULL, 'a' },
        { "isa-table", required_argument, NULL, 'i' },
        { "sweep-opcode", required_argument, NULL, 'o' },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (opt == 'h') {
            fputs(usage_text, stdout);
            return -1;
        }
        if (opt == '?' || opt == ':')
            return usage_error(opt == '?' ? "unknown option"
                                          : "option needs a value",
                               argv[optind - 1]);
        int rc = parse_option(opt, optarg, c);
        if (rc != 0)
            return rc;
    }
    if (optind < argc)
        return usage_error("unexpected argument", argv[optind]);
    if (c->set[SET_STATES] && c->o.states == 0)
        return usage_error("--states must be at least 1", "0");
    apply_defaults(c);
    return 0;
}

/* Compares with the table; returns EXIT_ERROR if it cannot be read. */
static int compare_with_docs(const struct pg_report *r, const char *path)
{
    struct pg_doc_table t;
    char err[512];
    if (strcmp(path, "none") == 0)
        return 0;
    if (pg_doc_load(path, &t, err, sizeof err) != 0) {
        fprintf(stderr, "pgcheck: %s\n", err);
        return EXIT_ERROR;
    }
    int n = pg_doc_compare(r, &t, NULL);
    if (n == 0) {
        printf("agrees with %s \u00a78.1\n", path);
        return 0;
    }
    printf("disagrees with %s \u00a78.1 in %d place(s):\n", path, n);
    pg_doc_compare(r, &t, stdout);
    return 0;
}

static void print_banner(const struct cli *c)
{
    char opcodes[24] = "opcode";
    if (c->o.sweep_opcode >= 0)
        snprintf(opcodes, sizeof opcodes, "opcode 0x%02x",
                 (unsigned)c->o.sweep_opcode);
    printf("pgcheck: %s backend%s, seed %llu: %u state(s) per word; "
           "%u directed word(s) per pattern, sweep %u per %s x funct3 x "
           "funct7, %u random word(s); l a multiple of %u\n",
           c->o.backend == VM74_BACKEND_RTL ? "rtl" : "iss", BUILD_NOTE,
           (unsigned long long)c->o.seed, c->o.states, c->o.directed,
           c->o.sweep_operands, opcodes, c->o.random_words,
           c->o.base_align);
}

int main(int argc, char **argv)
{
    struct cli c = { .o = { .backend = VM74_BACKEND_ISS },
                     .isa_table = "docs/isa.md", .sweep_opcode = -1 };
    int rc = parse_args(argc, argv, &c);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    setvbuf(stdout, NULL, _IOLBF, 0);
    print_banner(&c);

    struct pg_report r;
    char err[512], verdict[512];
    if (pg_run(&c.o, &r, err, sizeof err) != 0) {
        fprintf(stderr, "pgcheck: %s\n", err);
        return EXIT_ERROR;
    }
    pg_print_table(stdout, &r);
    printf("%llu words, %llu experiments, %llu steps on the %s backend in "
           "%.1f s\n", (unsigned long long)r.words,
           (unsigned long long)r.experiments, (unsigned long long)r.steps,
           r.backend, r.seconds);
    bool yes = pg_verdict(&r, verdict, sizeof verdict);
    printf("%s\n", verdict);
    pg_hybrid_verdict(&r, verdict, sizeof verdict);
    printf("%s\n", verdict);
    pg_hybrid_vmm_verdict(&r, verdict, sizeof verdict);
    printf("%s\n", verdict);
    rc = compare_with_docs(&r, c.isa_table);
    pg_report_free(&r);
    if (rc != 0)
        return rc;
    return yes ? EXIT_YES : EXIT_NO;
}
