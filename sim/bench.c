/*
 * bench.c - build/vm74-bench: how fast a backend runs, and for the RTL how
 * many cycles the programs take.
 *
 *   vm74-bench [--backend=iss|rtl] PROGRAM.elf...
 *
 * Runs each program to its exit on a fresh machine through vm74_run
 * (the fast path, no retirement records), with a console that discards
 * output, and prints one table row per program and the aggregate MIPS.
 * With --backend=rtl each row also has the RTL's clock cycles, the CPI
 * (cycles per retired instruction) and the simulation speed in simulated
 * cycles per host second.
 * Fails (status 1) if a program cannot run or does not exit with code 0,
 * so a broken benchmark never reports a speed.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vm74_api.h"

/* Stop a benchmark that never exits instead of hanging the build. */
#define BENCH_MAX_STEPS (UINT64_C(200) * 1000 * 1000 * 1000)

struct bench_result {
    uint64_t retired;
    uint64_t cycles;
    uint64_t console_bytes;
    double seconds;
    uint32_t exit_code;
};

static void count_byte(void *ctx, uint8_t byte)
{
    (void)byte;
    (*(uint64_t *)ctx)++;
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Returns true if the program ran to its exit; r->exit_code says how. */
static bool bench_one(enum vm74_backend backend, const char *path,
                      struct bench_result *r)
{
    struct vm74_config cfg = { backend, 0, NULL };
    char err[512];
    vm74 *m = vm74_create(&cfg, err, sizeof err);
    if (m == NULL) {
        fprintf(stderr, "vm74-bench: %s\n", err);
        return false;
    }
    bool ok = false;
    memset(r, 0, sizeof *r);
    if (vm74_load_elf(m, path, err, sizeof err) != VM74_LOAD_OK) {
        fprintf(stderr, "vm74-bench: %s\n", err);
        goto out;
    }
    vm74_set_console(m, count_byte, NULL, &r->console_bytes);
    double t0 = now_seconds();
    int status = vm74_run(m, BENCH_MAX_STEPS);
    r->seconds = now_seconds() - t0;
    if (status != VM74_EXITED) {
        fprintf(stderr, "vm74-bench: %s: stopped without exiting (%s)\n",
                path, vm74_status_name(status));
        goto out;
    }
    struct vm74_stats st;
    vm74_get_stats(m, &st);
    r->retired = st.instret[0] + st.instret[1];
    r->cycles = st.cycles;
    r->exit_code = vm74_exit_code(m);
    ok = true;
out:
    vm74_destroy(m);
    return ok;
}

static double mips(uint64_t retired, double seconds)
{
    return seconds > 0 ? (double)retired / seconds / 1e6 : 0.0;
}

static double per_second(uint64_t n, double seconds)
{
    return seconds > 0 ? (double)n / seconds : 0.0;
}

static double cpi(uint64_t cycles, uint64_t retired)
{
    return retired ? (double)cycles / (double)retired : 0.0;
}

int main(int argc, char **argv)
{
    enum vm74_backend backend = VM74_BACKEND_ISS;
    int first = 1;
    if (argc > 1 && strncmp(argv[1], "--backend=", 10) == 0) {
        if (strcmp(argv[1] + 10, "rtl") == 0) {
            backend = VM74_BACKEND_RTL;
        } else if (strcmp(argv[1] + 10, "iss") != 0) {
            fprintf(stderr, "vm74-bench: unknown backend '%s'\n", argv[1] + 10);
            return 2;
        }
        first = 2;
    }
    if (argc <= first) {
        fprintf(stderr, "usage: vm74-bench [--backend=iss|rtl] PROGRAM.elf...\n");
        return 2;
    }
    bool rtl = backend == VM74_BACKEND_RTL;
    if (rtl)
        printf("%-32s %14s %14s %6s %10s %9s %12s %6s\n", "program", "retired",
               "cycles", "CPI", "seconds", "MIPS", "cycles/s", "exit");
    else
        printf("%-32s %14s %10s %9s %6s\n", "program", "retired", "seconds",
               "MIPS", "exit");
    uint64_t total_retired = 0, total_cycles = 0;
    double total_seconds = 0;
    int failures = 0;
    for (int i = first; i < argc; i++) {
        struct bench_result r;
        if (!bench_one(backend, argv[i], &r)) {
            failures++;
            continue;
        }
        if (rtl)
            printf("%-32s %14" PRIu64 " %14" PRIu64 " %6.3f %10.3f %9.2f %12.0f"
                   " %6" PRIu32 "\n", argv[i], r.retired, r.cycles,
                   cpi(r.cycles, r.retired), r.seconds,
                   mips(r.retired, r.seconds), per_second(r.cycles, r.seconds),
                   r.exit_code);
        else
            printf("%-32s %14" PRIu64 " %10.3f %9.1f %6" PRIu32 "\n", argv[i],
                   r.retired, r.seconds, mips(r.retired, r.seconds),
                   r.exit_code);
        if (r.exit_code != 0) {
            fprintf(stderr, "vm74-bench: %s: exit code %" PRIu32
                    ", expected 0\n", argv[i], r.exit_code);
            failures++;
        }
        total_retired += r.retired;
        total_cycles += r.cycles;
        total_seconds += r.seconds;
    }
    if (rtl)
        printf("%-32s %14" PRIu64 " %14" PRIu64 " %6.3f %10.3f %9.2f %12.0f\n",
               "aggregate", total_retired, total_cycles,
               cpi(total_cycles, total_retired), total_seconds,
               mips(total_retired, total_seconds),
               per_second(total_cycles, total_seconds));
    else
        printf("%-32s %14" PRIu64 " %10.3f %9.1f\n", "aggregate",
               total_retired, total_seconds, mips(total_retired, total_seconds));
    return failures ? 1 : 0;
}
