/*
 * main.c - build/vm74-sim, the command-line simulator (docs/sim.md).
 *
 * Thin on purpose: parse the command line, create the machine, load the
 * ELF, run it (or step it when a commit log is wanted, or in lockstep with
 * the reference simulator under --cosim), report.  Exit statuses are the
 * program's exit code & 0xFF, or one of the EXIT_* below.
 */
#define _GNU_SOURCE /* getopt_long, poll, clock_gettime under -std=c11 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cosim.h"
#include "gdbstub.h"
#include "vm74_api.h"

enum {
    EXIT_GDB_LOST = 121, /* --gdb: gdb killed the program or went away */
    EXIT_MISMATCH = 122, /* --cosim: the DUT diverged from the ISS */
    EXIT_DEADLOCK = 123,
    EXIT_LIMIT = 124,
    EXIT_USAGE = 125,
    EXIT_SETUP = 126, /* could not create the machine, load the program,
                         or write an output file (commit log, trace) */
};

/* run_logged and run_cosim: the commit log could not be written. */
#define RUN_LOG_FAILED (-1)

struct options {
    struct vm74_config cfg;
    uint64_t max_steps; /* 0 = no limit */
    const char *commit_log;
    bool stats;
    bool cosim;
    bool gdb;
    unsigned gdb_port;
    const char *program;
};

static const char usage_text[] =
    "usage: vm74-sim [OPTION]... PROGRAM.elf\n"
    "Run a vm74 program (RV32IM user ISA, Popek-Goldberg privileged ISA).\n"
    "\n"
    "  --backend=rtl|iss       Verilator model of the RTL (default) or the\n"
    "                          reference simulator\n"
    "  --ram=BYTES             RAM size, optional K or M suffix (default 1M);\n"
    "                          a multiple of 4K from 4K to 256M\n"
    "  --max-instructions=N    stop after N steps (exit status 124); 0 = no limit\n"
    "  --commit-log=FILE       write one line per step to FILE ('-' = stdout)\n"
    "  --cosim                 run the backend in lockstep with a reference ISS\n"
    "                          and stop at the first differing retirement record\n"
    "  --trace=FILE.fst        write a waveform (rtl backend only)\n"
    "  --gdb=PORT              wait for gdb on 127.0.0.1:PORT (0: a free port,\n"
    "                          printed) and run under its control\n"
    "  --stats                 print counters and host speed to stderr at the end\n"
    "  --help                  show this text\n"
    "\n"
    "Console: the UART sends to stdout and receives from stdin.\n"
    "Exit status: the program's exit code & 0xFF; 121 gdb killed the program\n"
    "or went away (--gdb); 122 co-simulation mismatch (--cosim); 123 deadlock\n"
    "(WFI with the timer disarmed); 124 instruction limit reached; 125 bad\n"
    "command line; 126 cannot create the machine, load the program, write the\n"
    "commit log or the trace, or listen for gdb.\n";

static int usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "vm74-sim: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (try 'vm74-sim --help')\n");
    va_end(ap);
    return EXIT_USAGE;
}

/* ---- Command line ----------------------------------------------------- */

/* A whole decimal (or 0x-hex) number, no sign, no junk after the suffix. */
static bool parse_count(const char *s, bool size_suffix, uint64_t *out)
{
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    char *end;
    bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    unsigned long long v = strtoull(s, &end, hex ? 16 : 10);
    if (errno != 0 || end == s)
        return false;
    uint64_t scale = 1;
    if (size_suffix && (*end == 'K' || *end == 'k'))
        scale = 1024, end++;
    else if (size_suffix && (*end == 'M' || *end == 'm'))
        scale = 1024 * 1024, end++;
    if (*end != '\0' || v > UINT64_MAX / scale)
        return false;
    *out = v * scale;
    return true;
}

static int parse_option(int opt, const char *arg, struct options *o)
{
    uint64_t v;
    char why[128];
    switch (opt) {
    case 'b':
        if (strcmp(arg, "iss") == 0)
            o->cfg.backend = VM74_BACKEND_ISS;
        else if (strcmp(arg, "rtl") == 0)
            o->cfg.backend = VM74_BACKEND_RTL;
        else
            return usage_error("unknown backend '%s', expected iss or rtl",
                               arg);
        return 0;
    case 'r':
        /* 0 would mean "default" to vm74_create: refuse it here */
        if (!parse_count(arg, true, &v) || v == 0 || v > UINT32_MAX)
            return usage_error("bad --ram value '%s'", arg);
        if (!vm74_check_ram_size((uint32_t)v, why, sizeof why))
            return usage_error("bad --ram value '%s': %s", arg, why);
        o->cfg.ram_size = (uint32_t)v;
        return 0;
    case 'm':
        if (!parse_count(arg, false, &v))
            return usage_error("bad --max-instructions value '%s'", arg);
        o->max_steps = v;
        return 0;
    case 'c':
        o->commit_log = arg;
        return 0;
    case 's':
        o->stats = true;
        return 0;
    case 'C':
        o->cosim = true;
        return 0;
    case 't':
        o->cfg.trace_path = arg;
        return 0;
    case 'g':
        if (!parse_count(arg, false, &v) || v > 65535)
            return usage_error("bad --gdb port '%s'", arg);
        o->gdb = true;
        o->gdb_port = (unsigned)v;
        return 0;
    default:
        return EXIT_USAGE;
    }
}

/* Returns 0 to run, -1 after --help, or an exit status. */
static int parse_args(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        { "backend", required_argument, NULL, 'b' },
        { "ram", required_argument, NULL, 'r' },
        { "max-instructions", required_argument, NULL, 'm' },
        { "commit-log", required_argument, NULL, 'c' },
        { "stats", no_argument, NULL, 's' },
        { "cosim", no_argument, NULL, 'C' },
        { "trace", required_argument, NULL, 't' },
        { "gdb", required_argument, NULL, 'g' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    opterr = 0; /* our own one-line messages */
    int opt;
    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (opt == 'h') {
            fputs(usage_text, stdout);
            return -1;
        }
        if (opt == '?')
            return usage_error("unknown option '%s'", argv[optind - 1]);
        if (opt == ':')
            return usage_error("option '%s' needs a value", argv[optind - 1]);
        int rc = parse_option(opt, optarg, o);
        if (rc != 0)
            return rc;
    }
    if (optind == argc)
        return usage_error("%s", "no PROGRAM.elf given");
    if (optind + 1 < argc)
        return usage_error("unexpected argument '%s'", argv[optind + 1]);
    o->program = argv[optind];
    /* Checked here, not by vm74_create, so that it is a usage error. */
    if (o->cfg.trace_path != NULL && o->cfg.backend == VM74_BACKEND_ISS)
        return usage_error("--trace needs --backend=rtl: the iss backend "
                           "cannot write a waveform");
    if (o->gdb && (o->cosim || o->commit_log != NULL))
        return usage_error("%s", "--gdb runs one machine step by step for gdb: "
                           "not with --cosim or --commit-log");
    return 0;
}

/* ---- Console ---------------------------------------------------------- */

static void console_putc(void *ctx, uint8_t byte)
{
    (void)ctx;
    putchar(byte); /* stdout is line buffered, and flushed before input */
}

/* A byte from stdin if one is waiting now; never blocks.  After EOF or an
 * error stdin is not polled again. */
static int console_getc(void *ctx)
{
    bool *stdin_done = ctx;
    if (*stdin_done)
        return -1;
    fflush(stdout); /* a prompt must be visible before we look for input */
    struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
    if (poll(&pfd, 1, 0) <= 0)
        return -1;
    unsigned char c;
    if (read(STDIN_FILENO, &c, 1) != 1) {
        *stdin_done = true;
        return -1;
    }
    return c;
}

/* ---- Commit log ------------------------------------------------------- */

static void log_step(FILE *f, const struct vm74_retire *r)
{
    fprintf(f, "%" PRIu64 " %c 0x%08x (0x%08x)", r->order,
            r->mode == VM74_MODE_SUPERVISOR ? 'S' : 'U', r->pc, r->insn);
    if (r->rd != 0)
        fprintf(f, " x%u 0x%08x", r->rd, r->rd_value);
    if (r->mem_size != 0)
        fprintf(f, " mem 0x%08x %c%u 0x%08x", r->mem_paddr,
                r->mem_write ? 'w' : 'r', r->mem_size, r->mem_data);
    if (r->mem_size == VM74_PSW_SIZE && !r->trap)
        fprintf(f, " psw %c ie=%u 0x%08x l=0x%08x b=0x%08x",
                r->next.mode == VM74_MODE_SUPERVISOR ? 'S' : 'U', r->next.ie,
                r->next.pc, r->next.base, r->next.bound);
    if (r->trap)
        fprintf(f, " trap %s info=0x%08x -> 0x%08x", vm74_cause_name(r->cause),
                r->info, r->next.pc);
    fputc('\n', f);
}

static int run_logged(vm74 *m, uint64_t max_steps, FILE *log)
{
    struct vm74_retire rec;
    for (uint64_t n = 0; max_steps == 0 || n < max_steps; n++) {
        int status = vm74_step(m, &rec);
        if (status == VM74_DEADLOCK)
            return status;
        log_step(log, &rec);
        if (ferror(log))
            return RUN_LOG_FAILED; /* a log with a gap is no log */
        if (status != VM74_RUNNING)
            return status;
    }
    return VM74_LIMIT;
}

/* Lockstep with the reference ISS: the DUT's records are the log's. */
static int run_cosim(struct cosim *c, uint64_t max_steps, FILE *log)
{
    for (uint64_t n = 0; max_steps == 0 || n < max_steps; n++) {
        int status = cosim_step(c);
        if (status == VM74_DEADLOCK)
            return status;
        if (log != NULL)
            log_step(log, cosim_dut_record(c));
        if (log != NULL && ferror(log))
            return RUN_LOG_FAILED;
        if (status == COSIM_MISMATCH) {
            fflush(stdout);
            fputs(cosim_report(c), stderr);
        }
        if (status != VM74_RUNNING)
            return status;
    }
    return VM74_LIMIT;
}

/* ---- Report ----------------------------------------------------------- */

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) +
           (double)(t1.tv_nsec - t0->tv_nsec) * 1e-9;
}

static void print_stats(vm74 *m, double secs)
{
    struct vm74_stats st;
    vm74_get_stats(m, &st);
    uint64_t retired = st.instret[0] + st.instret[1];
    fprintf(stderr, "vm74-sim: %s backend, %u bytes of RAM\n",
            vm74_backend_name(m), vm74_ram_size(m));
    fprintf(stderr, "  retired supervisor %" PRIu64 "\n",
            st.instret[VM74_MODE_SUPERVISOR]);
    fprintf(stderr, "  retired user       %" PRIu64 "\n",
            st.instret[VM74_MODE_USER]);
    fprintf(stderr, "  steps              %" PRIu64 "\n", st.steps);
    fprintf(stderr, "  cycles             %" PRIu64 "\n", st.cycles);
    for (uint32_t c = 0; c < VM74_NUM_CAUSES; c++)
        if (st.traps[c] != 0)
            fprintf(stderr, "  traps %-16s %" PRIu64 "\n", vm74_cause_name(c),
                    st.traps[c]);
    fprintf(stderr, "  host seconds       %.3f\n", secs);
    fprintf(stderr, "  host MIPS          %.1f\n",
            secs > 0 ? (double)retired / secs / 1e6 : 0.0);
}

static int exit_status(vm74 *m, int status)
{
    struct vm74_state s;
    struct vm74_stats st;
    vm74_get_state(m, &s);
    vm74_get_stats(m, &st);
    switch (status) {
    case VM74_EXITED:
        return (int)(vm74_exit_code(m) & 0xff);
    case COSIM_MISMATCH:
        return EXIT_MISMATCH; /* the report is already on stderr */
    case GDB_SESSION_LOST:
        return EXIT_GDB_LOST; /* the stub said why on stderr */
    case GDB_SESSION_FAILED:
        return EXIT_SETUP;
    case VM74_LIMIT:
        fprintf(stderr, "vm74-sim: instruction limit reached: %" PRIu64
                " steps, pc 0x%08x\n", st.steps, s.psw.pc);
        return EXIT_LIMIT;
    default:
        fprintf(stderr, "vm74-sim: deadlock: WFI at pc 0x%08x with the timer "
                "disarmed, after %" PRIu64 " steps\n", s.psw.pc, st.steps);
        return EXIT_DEADLOCK;
    }
}

/* ---- main ------------------------------------------------------------- */

/* The machine to run: the backend alone, or the backend (the DUT) in
 * lockstep with a reference ISS under --cosim. */
struct session {
    vm74 *m;          /* the DUT under --cosim */
    struct cosim *c;  /* NULL without --cosim */
};

/* The commit log complete in its file: true, or false with a message. */
static bool close_log(FILE *log, const char *path)
{
    if (log == NULL)
        return true;
    int saved = errno;
    bool ok = !ferror(log);
    if ((log == stdout ? fflush(log) : fclose(log)) != 0) {
        saved = errno;
        ok = false;
    }
    if (!ok)
        fprintf(stderr, "vm74-sim: %s: write error: %s\n", path,
                strerror(saved));
    return ok;
}

/* The waveform complete in its file: true, or false with a message. */
static bool close_trace(vm74 *m)
{
    char err[512];
    if (vm74_close_trace(m, err, sizeof err) == 0)
        return true;
    fprintf(stderr, "vm74-sim: %s\n", err);
    return false;
}

static int run_program(const struct session *ses, const struct options *o)
{
    FILE *log = NULL;
    if (o->commit_log != NULL) {
        log = strcmp(o->commit_log, "-") == 0 ? stdout
                                               : fopen(o->commit_log, "w");
        if (log == NULL) {
            fprintf(stderr, "vm74-sim: %s: cannot open for writing: %s\n",
                    o->commit_log, strerror(errno));
            return EXIT_SETUP;
        }
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const struct gdb_options gdb = { o->gdb_port, o->max_steps };
    int status = ses->c  ? run_cosim(ses->c, o->max_steps, log)
                 : log   ? run_logged(ses->m, o->max_steps, log)
                 : o->gdb ? gdb_serve(ses->m, &gdb)
                         : vm74_run(ses->m, o->max_steps);
    double secs = seconds_since(&t0);
    fflush(stdout);
    bool log_ok = close_log(log, o->commit_log);
    bool outputs_ok = close_trace(ses->m) && log_ok;
    if (o->stats)
        print_stats(ses->m, secs);
    if (o->stats && ses->c)
        fprintf(stderr, "cosim: %" PRIu64 " steps compared, %d mismatches\n",
                cosim_steps_compared(ses->c), status == COSIM_MISMATCH);
    return outputs_ok ? exit_status(ses->m, status) : EXIT_SETUP;
}

static bool open_session(const struct options *o, struct session *ses,
                         char *err, size_t errlen)
{
    if (o->cosim) {
        ses->c = cosim_create(&o->cfg, err, errlen);
        ses->m = ses->c ? cosim_dut(ses->c) : NULL;
    } else {
        ses->m = vm74_create(&o->cfg, err, errlen);
    }
    return ses->m != NULL;
}

static void close_session(struct session *ses)
{
    if (ses->c)
        cosim_destroy(ses->c);
    else
        vm74_destroy(ses->m);
}

static int load_program(const struct session *ses, const char *path,
                        char *err, size_t errlen)
{
    return ses->c ? cosim_load_elf(ses->c, path, err, errlen)
                  : vm74_load_elf(ses->m, path, err, errlen);
}

int main(int argc, char **argv)
{
    /* The RTL is the machine; the ISS is its reference (docs/sim.md). */
    struct options o = { .cfg = { VM74_BACKEND_RTL, 0, NULL } };
    int rc = parse_args(argc, argv, &o);
    if (rc != 0)
        return rc < 0 ? 0 : rc;

    char err[512];
    struct session ses = { NULL, NULL };
    if (!open_session(&o, &ses, err, sizeof err)) {
        fprintf(stderr, "vm74-sim: %s\n", err);
        return EXIT_SETUP;
    }
    if (load_program(&ses, o.program, err, sizeof err) != VM74_LOAD_OK) {
        fprintf(stderr, "vm74-sim: %s\n", err);
        close_session(&ses);
        return EXIT_SETUP;
    }
    bool stdin_done = false;
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* Under --cosim this is the DUT's console; the ISS's is discarded. */
    vm74_set_console(ses.m, console_putc, console_getc, &stdin_done);
    rc = run_program(&ses, &o);
    close_session(&ses);
    return rc;
}
