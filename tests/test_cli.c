/*
 * test_cli.c - build/vm74-sim as a subprocess: output, exit statuses,
 * options (docs/sim.md "build/vm74-sim").
 *
 * The simulator's path comes from VM74_SIM (default build/vm74-sim); the
 * backend from VM74_BACKEND, passed on as --backend.
 */
#define _DEFAULT_SOURCE /* mkstemp, fdopen, setrlimit */
#include "harness.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "elfwrite.h"

#define HELLO_ELF "build/firmware/hello.elf"
#define CLI_HANG_GUARD_S 600 /* far beyond any run here, on any machine */

struct run {
    int status; /* exit status, or 128 + signal */
    char out[8192];
    char err[4096];
};

/* The largest file the simulator may write (0 = no limit): a full disk
 * without filling one.  Past it a write fails with EFBIG. */
static rlim_t file_size_limit;

static const char *sim_path(void)
{
    const char *p = getenv("VM74_SIM");
    return (p && *p) ? p : "build/vm74-sim";
}

/* Read a whole file descriptor into buf (NUL-terminated, truncated). */
static void slurp(int fd, char *buf, size_t cap)
{
    size_t len = 0;
    ssize_t n;
    char scratch[512];
    while ((n = read(fd, scratch, sizeof scratch)) > 0) {
        size_t take = (size_t)n < cap - 1 - len ? (size_t)n : cap - 1 - len;
        memcpy(buf + len, scratch, take);
        len += take;
    }
    buf[len] = '\0';
}

/* Run the simulator with args (NULL-terminated) and stdin from /dev/null.
 * stdout and stderr go to temporary files so that neither pipe can fill
 * up and block the child. */
static void run_sim(struct run *r, const char *const *args)
{
    char out_path[] = "/tmp/vm74-cli-out-XXXXXX";
    char err_path[] = "/tmp/vm74-cli-err-XXXXXX";
    int out_fd = mkstemp(out_path), err_fd = mkstemp(err_path);
    assert_true(out_fd >= 0 && err_fd >= 0);
    const char *argv[16] = {sim_path()};
    char backend_opt[64];
    snprintf(backend_opt, sizeof backend_opt, "--backend=%s", hx_backend_env());
    int argc = 1;
    argv[argc++] = backend_opt;
    for (int i = 0; args[i] && argc < 15; i++)
        argv[argc++] = args[i];
    argv[argc] = NULL;

    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* A run that never ends (a simulator bug) fails the test rather
         * than hanging it: SIGALRM ends the child, status 128 + 14. */
        alarm(CLI_HANG_GUARD_S);
        int in_fd = open("/dev/null", O_RDONLY);
        dup2(in_fd, 0);
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        if (file_size_limit != 0) {
            struct rlimit lim = {file_size_limit, file_size_limit};
            signal(SIGXFSZ, SIG_IGN);
            setrlimit(RLIMIT_FSIZE, &lim);
        }
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int ws;
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    r->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    lseek(out_fd, 0, SEEK_SET);
    lseek(err_fd, 0, SEEK_SET);
    slurp(out_fd, r->out, sizeof r->out);
    slurp(err_fd, r->err, sizeof r->err);
    close(out_fd);
    close(err_fd);
    unlink(out_path);
    unlink(err_path);
    if (r->status == 127)
        fail_msg("cannot run %s", argv[0]);
}

#define RUN(r, ...) run_sim((r), (const char *const[]){__VA_ARGS__, NULL})

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Write a program of words at 0x100 as an ELF in a temp file. */
static void write_program(char *path, const uint32_t *words, size_t n)
{
    uint8_t buf[1024];
    size_t len = elf_build_program(buf, sizeof buf, VM74_RESET_P, words, n);
    assert_true(len > 0);
    assert_int_equal(elf_write_temp(path, buf, len), 0);
}

static void test_hello(void **state)
{
    (void)state;
    struct run r;
    RUN(&r, HELLO_ELF);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Hello from vm74!"));
}

static void test_bad_option(void **state)
{
    (void)state;
    struct run r;
    RUN(&r, "--no-such-option", HELLO_ELF);
    assert_int_equal(r.status, 125);
    assert_int_equal(count_lines(r.err), 1);
    RUN(&r, "--ram=bad", HELLO_ELF);
    assert_int_equal(r.status, 125);
    assert_int_equal(count_lines(r.err), 1);
    RUN(&r, "--max-instructions=ten", HELLO_ELF);
    assert_int_equal(r.status, 125);
    /* parsable but not a valid RAM size (docs/isa.md §6): still a bad
     * command line, not a failure to load */
    RUN(&r, "--ram=6K", HELLO_ELF);
    assert_int_equal(r.status, 125);
    assert_int_equal(count_lines(r.err), 1);
    RUN(&r, "--ram=512M", HELLO_ELF);
    assert_int_equal(r.status, 125);
}

static void test_missing_and_not_elf(void **state)
{
    (void)state;
    struct run r;
    RUN(&r, "/nonexistent/vm74/nothing.elf");
    assert_int_equal(r.status, 126);
    assert_true(strlen(r.err) > 0);
    char path[] = "/tmp/vm74-cli-text-XXXXXX";
    assert_int_equal(elf_write_temp(path, (const uint8_t *)"not an elf\n", 11), 0);
    RUN(&r, path);
    unlink(path);
    assert_int_equal(r.status, 126);
    assert_int_equal(count_lines(r.err), 1);
}

/* An endless file is not read to its end (the loader's bound): status
 * 126 with one line, at once. */
static void test_endless_program_file(void **state)
{
    (void)state;
    struct run r;
    RUN(&r, "/dev/zero");
    assert_int_equal(r.status, 126);
    assert_int_equal(count_lines(r.err), 1);
    assert_non_null(strstr(r.err, "/dev/zero"));
}

static void test_instruction_limit(void **state)
{
    (void)state;
    char path[] = "/tmp/vm74-cli-loop-XXXXXX";
    const uint32_t loop[] = {enc_jal(0, 0)};
    write_program(path, loop, 1);
    struct run r;
    RUN(&r, "--max-instructions=10", path);
    unlink(path);
    assert_int_equal(r.status, 124);
    assert_true(strlen(r.err) > 0);
}

/* Words that set CMP = hi << 32 (IE = 0: no care for the order). */
static size_t put_cmp_hi(uint32_t *w, size_t n, int hi_reg)
{
    w[n++] = enc_lui(1, VM74_TIMER_BASE >> 12);
    w[n++] = enc_sw(0, 1, (int32_t)(VM74_TIMER_CMP_LO & 0xfff));
    w[n++] = enc_sw(hi_reg, 1, (int32_t)(VM74_TIMER_CMP_HI & 0xfff));
    return n;
}

/* A WFI for a CMP 2^62 cycles ahead (IE = 0) completes, in bounded host
 * time, with TIME = CMP (docs/isa.md §4.3): the program then exits with
 * TIME_HI >> 24 = 0x40.  Both backends, the same status. */
static void test_far_wfi_completes(void **state)
{
    (void)state;
    uint32_t w[16];
    size_t n = 0;
    w[n++] = enc_lui(3, 0x40000);
    n = put_cmp_hi(w, n, 3);
    w[n++] = VM74_INSN_WFI;
    w[n++] = enc_lw(5, 1, (int32_t)(VM74_TIMER_TIME_HI & 0xfff));
    w[n++] = enc_srli(5, 5, 24);
    w[n++] = enc_lui(4, VM74_SIMCTL_EXIT >> 12);
    w[n++] = enc_sw(5, 4, 0);
    char path[] = "/tmp/vm74-cli-wfi-XXXXXX";
    write_program(path, w, n);
    struct run r;
    RUN(&r, path);
    unlink(path);
    assert_int_equal(r.status, 0x40);
}

/* WFIs for ever further CMPs: --max-instructions ends the run (124) on
 * every backend, as any other endless program. */
static void test_far_wfi_loop_hits_limit(void **state)
{
    (void)state;
    uint32_t w[16];
    size_t n = 0;
    w[n++] = enc_addi(3, 3, 1);
    n = put_cmp_hi(w, n, 3);
    w[n++] = VM74_INSN_WFI;
    w[n] = enc_jal(0, -4 * (int32_t)n);
    n++;
    char path[] = "/tmp/vm74-cli-wfiloop-XXXXXX";
    write_program(path, w, n);
    struct run r;
    RUN(&r, "--max-instructions=100", path);
    unlink(path);
    assert_int_equal(r.status, 124);
    assert_non_null(strstr(r.err, "instruction limit reached: 100 steps"));
}

/* The exit status is the program's SIMCTL_EXIT code (& 0xff). */
static void test_exit_code(void **state)
{
    (void)state;
    char path[] = "/tmp/vm74-cli-exit-XXXXXX";
    const uint32_t prog[] = {
        enc_lui(1, VM74_SIMCTL_EXIT >> 12), enc_addi(2, 0, 7), enc_sw(2, 1, 0),
    };
    write_program(path, prog, 3);
    struct run r;
    RUN(&r, path);
    assert_int_equal(r.status, 7);
    RUN(&r, "--ram=64K", path);
    assert_int_equal(r.status, 7);
    unlink(path);

    char path2[] = "/tmp/vm74-cli-exit2-XXXXXX";
    const uint32_t prog2[] = {
        enc_lui(1, VM74_SIMCTL_EXIT >> 12), enc_addi(2, 0, 0x301), enc_sw(2, 1, 0),
    };
    write_program(path2, prog2, 3);
    RUN(&r, path2);
    unlink(path2);
    assert_int_equal(r.status, 1); /* 0x301 & 0xff */
}

/* One line per step: ADDI, LUI, and the SW to SIMCTL_EXIT that retires
 * and ends the run. */
static void test_commit_log(void **state)
{
    (void)state;
    char prog_path[] = "/tmp/vm74-cli-log-XXXXXX";
    char log_path[] = "/tmp/vm74-cli-logout-XXXXXX";
    const uint32_t prog[] = {
        enc_addi(5, 0, 1),
        enc_lui(1, VM74_SIMCTL_EXIT >> 12),
        enc_sw(0, 1, 0),
    };
    write_program(prog_path, prog, 3);
    int fd = mkstemp(log_path);
    assert_true(fd >= 0);
    close(fd);
    char opt[128];
    snprintf(opt, sizeof opt, "--commit-log=%s", log_path);
    struct run r;
    RUN(&r, opt, prog_path);
    assert_int_equal(r.status, 0);
    FILE *f = fopen(log_path, "r");
    assert_non_null(f);
    char log[4096];
    size_t n = fread(log, 1, sizeof log - 1, f);
    log[n] = '\0';
    fclose(f);
    unlink(prog_path);
    unlink(log_path);
    assert_int_equal(count_lines(log), 3);
    assert_non_null(strstr(log, "0x00000100"));
    assert_non_null(strstr(log, "0x00000108"));
}

/* The run failed for its output file: status 126, one line naming it
 * (docs/sim.md), not the program's status. */
static void expect_output_failed(const struct run *r, const char *file)
{
    assert_int_equal(r->status, 126);
    assert_int_equal(count_lines(r->err), 1);
    if (!strstr(r->err, file))
        fail_msg("the message \"%s\" does not name %s", r->err, file);
}

/* A new temporary file's name in path, and "OPTION=path" in opt. */
static void temp_output(char *path, const char *option, char *opt, size_t len)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    snprintf(opt, len, "%s=%s", option, path);
}

/* OPTION=unwritable (a device that is no file), then OPTION=a file that
 * stops growing at limit bytes (a full disk without filling one: a write
 * past it fails with EFBIG): both fail hello's run. */
static void check_output_errors(const char *arg, const char *option,
                                const char *unwritable, rlim_t limit)
{
    struct run r;
    char path[] = "/tmp/vm74-cli-output-XXXXXX", opt[128];
    snprintf(opt, sizeof opt, "%s=%s", option, unwritable);
    RUN(&r, arg, opt, HELLO_ELF);
    expect_output_failed(&r, unwritable);
    temp_output(path, option, opt, sizeof opt);
    file_size_limit = limit;
    RUN(&r, arg, opt, HELLO_ELF);
    file_size_limit = 0;
    unlink(path);
    expect_output_failed(&r, path);
}

/* hello's commit log is ~500 KB. */
static void test_commit_log_write_error(void **state)
{
    (void)state;
    struct run r;
    check_output_errors("--max-instructions=0", "--commit-log", "/dev/full",
                        64 * 1024);
    RUN(&r, "--cosim", "--commit-log=/dev/full", HELLO_ELF);
    expect_output_failed(&r, "/dev/full");
}

/* The same for a waveform (rtl only; hello's is ~1.3 MB).  A trace is a
 * file: a FIFO is none (the FST writer would unlink a device and put a
 * file in its place: not /dev/full, then).  A good trace is an FST file:
 * block type 0, its header, first. */
static void test_trace_write_error(void **state)
{
    (void)state;
    struct run r;
    char path[] = "/tmp/vm74-cli-trace-XXXXXX", opt[64];
    char fifo[] = "/tmp/vm74-cli-fifo-XXXXXX";
    unsigned char head[2] = {0xff, 0xff};
    temp_output(fifo, "--trace", opt, sizeof opt);
    unlink(fifo);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    check_output_errors("--backend=rtl", "--trace", fifo, 200 * 1024);
    unlink(fifo);
    temp_output(path, "--trace", opt, sizeof opt);
    RUN(&r, "--backend=rtl", opt, HELLO_ELF);
    int fd = open(path, O_RDONLY); /* the FST writer makes a new file there */
    assert_true(fd >= 0);
    assert_int_equal(read(fd, head, sizeof head), 2);
    close(fd);
    unlink(path);
    assert_int_equal(r.status, 0);
    assert_int_equal(head[0], 0); /* FST_BL_HDR */
}

static void test_stats(void **state)
{
    (void)state;
    struct run r;
    RUN(&r, "--stats", HELLO_ELF);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Hello from vm74!"));
    assert_true(count_lines(r.err) >= 2); /* statistics on stderr */
}

/* The backend in lockstep with the ISS: same output, one summary line. */
static void test_cosim(void **state)
{
    (void)state;
    struct run r;
    RUN(&r, "--cosim", "--stats", HELLO_ELF);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Hello from vm74!"));
    unsigned long long steps = 0, compared = 0;
    const char *s = strstr(r.err, "  steps ");
    const char *c = strstr(r.err, "cosim: ");
    assert_non_null(s);
    assert_non_null(c);
    assert_int_equal(sscanf(s, " steps %llu", &steps), 1);
    assert_int_equal(sscanf(c, "cosim: %llu steps compared, 0 mismatches",
                            &compared), 1);
    assert_true(steps > 0);
    assert_int_equal(compared, steps);
}

/* Only the rtl backend writes waveforms: the ISS refuses, as a usage error. */
static void test_trace_needs_rtl(void **state)
{
    (void)state;
    struct run r;
    RUN(&r, "--backend=iss", "--trace=/tmp/vm74-never.fst", HELLO_ELF);
    assert_int_equal(r.status, 125);
    assert_int_equal(count_lines(r.err), 1);
    assert_non_null(strstr(r.err, "--trace"));
    assert_int_equal(access("/tmp/vm74-never.fst", F_OK), -1);
}

static void test_help(void **state)
{
    (void)state;
    struct run r;
    RUN(&r, "--help");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "--max-instructions"));
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_hello),
    cmocka_unit_test(test_bad_option),
    cmocka_unit_test(test_missing_and_not_elf),
    cmocka_unit_test(test_endless_program_file),
    cmocka_unit_test(test_instruction_limit),
    cmocka_unit_test(test_exit_code),
    cmocka_unit_test(test_far_wfi_completes),
    cmocka_unit_test(test_far_wfi_loop_hits_limit),
    cmocka_unit_test(test_commit_log),
    cmocka_unit_test(test_commit_log_write_error),
    cmocka_unit_test(test_trace_write_error),
    cmocka_unit_test(test_stats),
    cmocka_unit_test(test_cosim),
    cmocka_unit_test(test_trace_needs_rtl),
    cmocka_unit_test(test_help),
};

HX_MAIN("cli", tests)
