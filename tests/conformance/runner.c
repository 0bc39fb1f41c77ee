/*
 * runner.c - build/conformance-run: run the conformance programs on each
 * backend through the C API (sim/vm74_api.h) and print the results table.
 *
 *   conformance-run [--backends=iss,rtl] [--max-steps=N] [--verbose]
 *                   PROGRAM.elf...
 *
 * Each program runs from reset on a machine with CONF_RAM_SIZE of RAM,
 * until it stores to SIMCTL_EXIT or reaches the step limit.  Exit code 0 is
 * PASS; anything else is FAIL, named by the first "FAIL <check>:" line the
 * program printed.  The last line of the output is "N passed, N failed",
 * counting one result per program and backend; a backend that cannot be
 * created is not counted, and a line above says so.
 *
 * Each program runs in a child process (fork), so a backend that crashes
 * on one program shows as ERROR for that program and the table still
 * comes out.
 */
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "vm74_api.h"

#define MAX_PROGRAMS 64
#define MAX_BACKENDS 2
#define OUTPUT_MAX 8192
#define DEFAULT_MAX_STEPS 20000000ull

enum outcome { NOT_RUN, PASS, FAIL, TIMEOUT, ERROR };

struct result {
    enum outcome outcome;
    char summary[64]; /* FAIL <check> / TIMEOUT / ERROR <what> */
    char output[OUTPUT_MAX];
    size_t output_len;
};

struct backend {
    const char *name;
    enum vm74_backend id;
    int requested; /* named in --backends (otherwise: try it, skip if absent) */
    vm74 *m;
    char reason[160]; /* why it could not be created */
    double seconds;
};

static struct backend backends[MAX_BACKENDS] = {
    { "iss", VM74_BACKEND_ISS, 0, NULL, "", 0 },
    { "rtl", VM74_BACKEND_RTL, 0, NULL, "", 0 },
};

static struct result results[MAX_PROGRAMS][MAX_BACKENDS];

static void capture_putc(void *ctx, uint8_t byte)
{
    struct result *r = ctx;
    if (r->output_len + 1 < OUTPUT_MAX)
        r->output[r->output_len++] = (char)byte;
    r->output[r->output_len] = '\0';
}

static int no_input(void *ctx)
{
    (void)ctx;
    return -1;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* "FAIL <check>" from the first "FAIL <check>: ..." line of the output. */
static void summarize_failure(struct result *r, uint32_t code)
{
    const char *line = strstr(r->output, "FAIL ");
    while (line != NULL && line != r->output && line[-1] != '\n')
        line = strstr(line + 1, "FAIL ");
    if (line == NULL) {
        snprintf(r->summary, sizeof r->summary, "FAIL (exit code %u)", code);
        return;
    }
    size_t n = strcspn(line, ":[\n"); /* the check's name, no context */
    while (n > 0 && line[n - 1] == ' ')
        n--;
    snprintf(r->summary, sizeof r->summary, "%.*s", (int)n, line);
}

static void run_program(struct backend *be, const char *path,
                        uint64_t max_steps, struct result *r)
{
    char err[256];
    vm74_reset(be->m);
    vm74_set_console(be->m, capture_putc, no_input, r);
    r->output[0] = '\0';
    if (vm74_load_elf(be->m, path, err, sizeof err) != VM74_LOAD_OK) {
        r->outcome = ERROR;
        snprintf(r->summary, sizeof r->summary, "ERROR load");
        snprintf(r->output, OUTPUT_MAX, "cannot load: %s\n", err);
        r->output_len = strlen(r->output);
        return;
    }
    int status = vm74_run(be->m, max_steps);
    if (status == VM74_EXITED) {
        uint32_t code = vm74_exit_code(be->m);
        if (code == 0) {
            r->outcome = PASS;
            snprintf(r->summary, sizeof r->summary, "PASS");
        } else {
            r->outcome = FAIL;
            summarize_failure(r, code);
        }
        return;
    }
    struct vm74_state s;
    vm74_get_state(be->m, &s);
    char note[128];
    if (status == VM74_LIMIT) {
        r->outcome = TIMEOUT;
        snprintf(r->summary, sizeof r->summary, "TIMEOUT");
        snprintf(note, sizeof note, "[runner: %llu steps, P 0x%08x]\n",
                 (unsigned long long)max_steps, s.psw.pc);
    } else {
        r->outcome = ERROR;
        snprintf(r->summary, sizeof r->summary, "ERROR %s",
                 vm74_status_name(status));
        snprintf(note, sizeof note, "[runner: stopped (%s) at P 0x%08x]\n",
                 vm74_status_name(status), s.psw.pc);
    }
    for (const char *c = note; *c; c++)
        capture_putc(r, (uint8_t)*c);
}

/* run_program in a child; a child that dies is an ERROR for this program. */
static void run_isolated(struct backend *be, const char *path,
                         uint64_t max_steps, struct result *r)
{
    int fd[2];
    fflush(stdout);
    if (pipe(fd) != 0) {
        perror("conformance-run: pipe");
        exit(2);
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("conformance-run: fork");
        exit(2);
    }
    if (pid == 0) {
        close(fd[0]);
        run_program(be, path, max_steps, r);
        const char *p = (const char *)r;
        size_t left = sizeof *r;
        while (left > 0) {
            ssize_t n = write(fd[1], p, left);
            if (n <= 0)
                _exit(3);
            p += n;
            left -= (size_t)n;
        }
        _exit(0);
    }
    close(fd[1]);
    size_t got = 0;
    char *p = (char *)r;
    ssize_t n;
    while (got < sizeof *r && (n = read(fd[0], p + got, sizeof *r - got)) > 0)
        got += (size_t)n;
    close(fd[0]);
    int status;
    waitpid(pid, &status, 0);
    if (got == sizeof *r && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return;
    memset(r, 0, sizeof *r);
    r->outcome = ERROR;
    if (WIFSIGNALED(status))
        snprintf(r->summary, sizeof r->summary, "ERROR crashed (signal %d)",
                 WTERMSIG(status));
    else
        snprintf(r->summary, sizeof r->summary, "ERROR runner child failed");
    snprintf(r->output, OUTPUT_MAX, "[runner: %s]\n", r->summary);
    r->output_len = strlen(r->output);
}

static const char *program_name(const char *path, char *buf, size_t len)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strcspn(base, ".");
    snprintf(buf, len, "%.*s", (int)n, base);
    return buf;
}

static int parse_backends(const char *list)
{
    char copy[64];
    snprintf(copy, sizeof copy, "%s", list);
    for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
        int found = 0;
        for (int b = 0; b < MAX_BACKENDS; b++)
            if (strcmp(tok, backends[b].name) == 0)
                backends[b].requested = found = 1;
        if (!found) {
            fprintf(stderr, "conformance-run: unknown backend '%s'\n", tok);
            return -1;
        }
    }
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: conformance-run [--backends=iss,rtl] [--max-steps=N] "
               "[--verbose] PROGRAM.elf...\n");
}

int main(int argc, char **argv)
{
    const char *programs[MAX_PROGRAMS];
    int nprog = 0, verbose = 0, explicit_backends = 0;
    uint64_t max_steps = DEFAULT_MAX_STEPS;

    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--backends=", 11) == 0) {
            if (parse_backends(argv[i] + 11) != 0)
                return 2;
            explicit_backends = 1;
        } else if (strncmp(argv[i], "--max-steps=", 12) == 0) {
            max_steps = strtoull(argv[i] + 12, NULL, 0);
        } else if (strcmp(argv[i], "--verbose") == 0) {
            verbose = 1;
        } else if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' || nprog == MAX_PROGRAMS) {
            usage(stderr);
            return 2;
        } else {
            programs[nprog++] = argv[i];
        }
    }
    if (nprog == 0) {
        usage(stderr);
        return 2;
    }

    /* Create every backend that is wanted; remember why one could not be. */
    int nbackends = 0, missing_requested = 0;
    for (int b = 0; b < MAX_BACKENDS; b++) {
        struct backend *be = &backends[b];
        if (explicit_backends && !be->requested)
            continue;
        struct vm74_config cfg = { be->id, CONF_RAM_SIZE, NULL };
        be->m = vm74_create(&cfg, be->reason, sizeof be->reason);
        if (be->m != NULL)
            nbackends++;
        else if (be->requested || strstr(be->reason, "not built") == NULL)
            missing_requested = 1; /* asked for, or broken: not a skip */
    }

    for (int b = 0; b < MAX_BACKENDS; b++) {
        struct backend *be = &backends[b];
        if (be->m == NULL)
            continue;
        double t0 = now_seconds();
        for (int p = 0; p < nprog; p++)
            run_isolated(be, programs[p], max_steps, &results[p][b]);
        be->seconds = now_seconds() - t0;
    }

    /* The table. */
    char name[64];
    printf("%-16s", "test");
    for (int b = 0; b < MAX_BACKENDS; b++)
        printf(" %-34s", backends[b].name);
    printf("\n");
    int passed = 0, failed = 0;
    for (int p = 0; p < nprog; p++) {
        printf("%-16s", program_name(programs[p], name, sizeof name));
        for (int b = 0; b < MAX_BACKENDS; b++) {
            struct result *r = &results[p][b];
            printf(" %-34s", r->outcome == NOT_RUN ? "n/a" : r->summary);
            if (r->outcome == PASS)
                passed++;
            else if (r->outcome != NOT_RUN)
                failed++;
        }
        printf("\n");
    }

    /* The console output of every program that did not pass. */
    for (int p = 0; p < nprog; p++)
        for (int b = 0; b < MAX_BACKENDS; b++) {
            struct result *r = &results[p][b];
            if (r->outcome == NOT_RUN || (r->outcome == PASS && !verbose))
                continue;
            printf("\n--- %s on %s: %s\n",
                   program_name(programs[p], name, sizeof name),
                   backends[b].name, r->summary);
            fputs(r->output, stdout);
            if (r->output_len > 0 && r->output[r->output_len - 1] != '\n')
                printf("\n");
        }

    printf("\n");
    for (int b = 0; b < MAX_BACKENDS; b++) {
        struct backend *be = &backends[b];
        if (be->m != NULL)
            printf("%s: %d programs in %.2f s\n", be->name, nprog,
                   be->seconds);
        else if (strstr(be->reason, "not built") != NULL)
            printf("%s: not built, skipped (%s)\n", be->name, be->reason);
        else if (be->reason[0] != '\0')
            printf("%s: cannot be created, skipped (%s)\n", be->name,
                   be->reason);
        vm74_destroy(be->m);
    }
    if (nbackends == 0)
        printf("no backend could be created: nothing was run\n");
    printf("%d passed, %d failed\n", passed, failed);
    return (failed == 0 && nbackends > 0 && !missing_requested) ? 0 : 1;
}
