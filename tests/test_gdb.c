/*
 * test_gdb.c - `vm74-sim --gdb` (docs/debugging.md): gdb-multiarch in
 * batch mode against build/firmware/hello.elf, and a raw protocol client
 * for what gdb never sends (malformed packets, a connection dropped).
 *
 * The backend comes from VM74_BACKEND, passed on as --backend; the
 * simulator from VM74_SIM (default build/vm74-sim).  Every child runs
 * under a hang guard (SIGALRM) and every read from a socket or pipe under
 * a poll guard far beyond any run here: a hang fails the test, no host
 * time is asserted.
 */
#define _DEFAULT_SOURCE /* mkstemp */
#include "harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "elfwrite.h"

#define HELLO_ELF "build/firmware/hello.elf"
/* The VMM with its guests; its RAM and guests.conf come from
 * firmware/vmm/vmm.mk (tests/tests.mk passes them). */
#define VMM_ELF "build/firmware/vmm.elf"
#define OS_ELF "build/firmware/guests/os.elf"
#define HANG_GUARD_S 300 /* children: far beyond any run here */
#define READ_GUARD_MS (HANG_GUARD_S * 1000)
#define EXIT_GDB_LOST 121 /* docs/sim.md: gdb killed it or went away */
#define OVERSIZE_PACKET 5000 /* past the stub's PacketSize (0x1000) */

/* Target description register numbers (docs/debugging.md). */
#define REG_PC 0x20
#define REG_L 0x23
#define REG_B 0x24

/* ---- The simulator as a child ----------------------------------------- */

struct sim {
    pid_t pid;
    int err_fd;         /* its stderr, a pipe */
    unsigned port;
    int status;         /* exit status, or 128 + signal */
    char out[4096];     /* its stdout: the program's console */
    char err[4096];
    char out_path[64];
};

static const char *sim_path(void)
{
    const char *p = getenv("VM74_SIM");
    return (p && *p) ? p : "build/vm74-sim";
}

/* Bytes from fd, waiting at most the guard; 0 at EOF. */
static ssize_t guarded_read(int fd, char *buf, size_t cap)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    if (poll(&p, 1, READ_GUARD_MS) != 1)
        fail_msg("no data within the guard: something hangs");
    return read(fd, buf, cap);
}

/* Read stderr until the line that gives the port. */
static void sim_read_port(struct sim *s)
{
    size_t len = 0;
    const char *at;
    while ((at = strstr(s->err, "127.0.0.1:")) == NULL ||
           strchr(at, '\n') == NULL) {
        ssize_t n = guarded_read(s->err_fd, s->err + len,
                                 sizeof s->err - 1 - len);
        if (n <= 0)
            fail_msg("vm74-sim ended before listening: %s", s->err);
        len += (size_t)n;
        s->err[len] = '\0';
    }
    s->port = (unsigned)strtoul(at + strlen("127.0.0.1:"), NULL, 10);
    assert_true(s->port > 0);
}

/* A temporary file holding text, for a child's stdin; its path in path. */
static void write_input(char *path, const char *text)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

/* Start vm74-sim --gdb=0 [extra] program with stdin from input_path
 * (NULL: /dev/null) and learn its port. */
static void sim_start_input(struct sim *s, const char *program,
                            const char *extra, const char *input_path)
{
    memset(s, 0, sizeof *s);
    strcpy(s->out_path, "/tmp/vm74-gdb-out-XXXXXX");
    int out_fd = mkstemp(s->out_path), pipe_fd[2];
    assert_true(out_fd >= 0 && pipe(pipe_fd) == 0);
    char backend[64];
    snprintf(backend, sizeof backend, "--backend=%s", hx_backend_env());
    const char *argv[] = { sim_path(), backend, "--gdb=0",
                           extra ? extra : program, extra ? program : NULL,
                           NULL };
    s->pid = fork();
    assert_true(s->pid >= 0);
    if (s->pid == 0) {
        alarm(HANG_GUARD_S);
        int in_fd = open(input_path ? input_path : "/dev/null", O_RDONLY);
        dup2(in_fd, 0);
        dup2(out_fd, 1);
        dup2(pipe_fd[1], 2);
        close(pipe_fd[0]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(out_fd);
    close(pipe_fd[1]);
    s->err_fd = pipe_fd[0];
    sim_read_port(s);
}

static void sim_start(struct sim *s, const char *program, const char *extra)
{
    sim_start_input(s, program, extra, NULL);
}

static void read_file(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, cap - 1, f) : 0;
    buf[n] = '\0';
    if (f)
        fclose(f);
}

/* Wait for the simulator's end; its stdout and the rest of stderr. */
static void sim_wait(struct sim *s)
{
    size_t len = strlen(s->err);
    ssize_t n;
    while ((n = guarded_read(s->err_fd, s->err + len,
                             sizeof s->err - 1 - len)) > 0)
        len += (size_t)n;
    s->err[len] = '\0';
    close(s->err_fd);
    int ws;
    assert_int_equal(waitpid(s->pid, &ws, 0), s->pid);
    s->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    read_file(s->out_path, s->out, sizeof s->out);
    unlink(s->out_path);
}

/* ---- gdb-multiarch in batch mode -------------------------------------- */

/* Run gdb on elf with the commands (NULL-terminated) after attaching;
 * its whole output into out. */
static void gdb_batch(const struct sim *s, const char *elf,
                      const char *const *cmds, char *out, size_t cap)
{
    char remote[64], out_path[] = "/tmp/vm74-gdb-log-XXXXXX";
    snprintf(remote, sizeof remote, "target remote 127.0.0.1:%u", s->port);
    /* No network look-ups for picolibc's sources, whatever the host's
     * DEBUGINFOD_URLS: a test must not wait on a server. */
    const char *argv[64] = { "gdb-multiarch", "-batch", "-nx", "-iex",
                             "set debuginfod enabled off", "-ex",
                             "set architecture riscv:rv32", "-ex", remote };
    int argc = 9;
    for (int i = 0; cmds[i] != NULL && argc < 60; i++) {
        argv[argc++] = "-ex";
        argv[argc++] = cmds[i];
    }
    argv[argc++] = elf;
    argv[argc] = NULL;
    int fd = mkstemp(out_path);
    assert_true(fd >= 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        alarm(HANG_GUARD_S);
        dup2(fd, 1);
        dup2(fd, 2);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    int ws;
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    close(fd);
    read_file(out_path, out, cap);
    unlink(out_path);
    if (!WIFEXITED(ws) || WEXITSTATUS(ws) == 127)
        fail_msg("gdb-multiarch did not run to its end:\n%s", out);
}

#define GDB_ON(s, elf, out, ...) \
    gdb_batch((s), (elf), (const char *const[]){ __VA_ARGS__, NULL }, (out), \
              sizeof(out))
#define GDB(s, out, ...) GDB_ON((s), HELLO_ELF, (out), __VA_ARGS__)

static void assert_has(const char *text, const char *what)
{
    if (strstr(text, what) == NULL)
        fail_msg("expected \"%s\" in:\n%s", what, text);
}

/* Break in a function, step, read the PSW registers, read and write a
 * variable and a register: the write decides the exit code. */
static void test_gdb_break_step_registers_variables(void **state)
{
    (void)state;
    struct sim s;
    char out[16384];
    sim_start(&s, HELLO_ELF, NULL);
    GDB(&s, out, "break trap_handler", "continue", "step",
        "print $trap_cause", "print $m", "print/x $b", "finish",
        "print ecall_cause", "set var ecall_cause = 3", "break exit",
        "continue", "print $a0", "set $a0 = 42", "continue");
    sim_wait(&s);
    assert_has(out, "Breakpoint 1, ");
    assert_has(out, "trap_handler (tf=");
    assert_has(out, "ecall_cause = tf->cause;"); /* the line after a step */
    assert_has(out, "$1 = 8\n");                 /* the ECALL's cause */
    assert_has(out, "$2 = 1\n");                 /* supervisor */
    assert_has(out, "$3 = 0xffffffff\n");
    assert_has(out, "$4 = 8\n");                 /* the variable */
    assert_has(out, "$5 = 1\n"); /* main returns 1: it saw cause 3 */
    assert_has(out, "exited with code 052"); /* gdb prints it in octal */
    assert_has(s.out, "got cause BREAKPOINT");
    assert_int_equal(s.status, 42);
}

/* A write watchpoint on a variable stops after the store, with its old
 * and new value; the program then runs to its end. */
static void test_gdb_watchpoint(void **state)
{
    (void)state;
    struct sim s;
    char out[16384];
    sim_start(&s, HELLO_ELF, NULL);
    GDB(&s, out, "watch ecall_cause", "continue", "print $pc",
        "delete", "rwatch psw_at_ecall.flags", "continue", "delete",
        "continue");
    sim_wait(&s);
    assert_has(out, "Hardware watchpoint 1: ecall_cause");
    assert_has(out, "Old value = 0\nNew value = 8");
    assert_has(out, "in trap_handler");
    assert_has(out, "Hardware read watchpoint 2: psw_at_ecall.flags");
    assert_has(out, "Value = 1\n"); /* main reads the saved flags: M */
    assert_has(out, "exited normally");
    assert_int_equal(s.status, 0);
}

/* Words of hello.elf as loaded, at a physical address. */
static void hello_words(uint32_t paddr, uint32_t *w, size_t n)
{
    char err[256];
    struct hx *h = hx_new(0);
    assert_int_equal(vm74_load_elf(h->m, HELLO_ELF, err, sizeof err), 0);
    for (size_t i = 0; i < n; i++)
        w[i] = hx_rd32(h, paddr + 4 * (uint32_t)i);
    hx_free(h);
}

/* break-on-trap stops at the vector; the monitor commands; memory through
 * R and physical; a read outside R is an error; gdb's batch end kills. */
static void test_gdb_trap_monitor_memory(void **state)
{
    (void)state;
    struct sim s;
    char out[16384];
    sim_start(&s, HELLO_ELF, NULL);
    GDB(&s, out, "monitor break-on-trap ECALL", "continue", "info symbol $pc",
        "monitor psw", "monitor phys", "x/wx 0x10", "monitor logical",
        "set $l = 0x100", "set $b = 8", "x/2wx 0", "x/wx 8");
    sim_wait(&s);
    assert_has(out, "break-on-trap: ECALL");
    assert_has(out, "vm74: trap ECALL info 0x00000073");
    assert_has(out, "vm74_trap_entry in section .text");
    assert_has(out, "M=supervisor IE=0 P=0x");
    assert_has(out, "last trap (low core): cause 8 ECALL, info 0x00000073");
    assert_has(out, "memory: physical");
    assert_has(out, "0x10:\t0x00000008");
    /* logical 0 is physical 0x100: _start's first two words */
    char words[64];
    uint32_t w[2];
    hello_words(0x100, w, 2);
    snprintf(words, sizeof words, "0x0:\t0x%08x\t0x%08x", w[0], w[1]);
    assert_has(out, words);
    assert_has(out, "Cannot access memory at address 0x8");
    assert_has(s.err, "gdb: killed the program");
    assert_int_equal(s.status, EXIT_GDB_LOST);
}

/* The os guest's line of the VMM's guests.conf: "os 0xBASE+0xSIZE" as
 * `info guests` prints a partition. */
static unsigned os_partition(char *buf, size_t cap)
{
    FILE *f = fopen(TEST_VMM_CONF, "r");
    assert_non_null(f);
    char line[256], name[32];
    unsigned base = 0, size = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "%31s %x %x", name, &base, &size) == 3 &&
            strcmp(name, "os") == 0)
            break;
    fclose(f);
    assert_true(size != 0);
    snprintf(buf, cap, "0x%05x+0x%05x", base, size);
    return base;
}

/* tools/gdb/vm74.py on the VMM: the guests from its tables before it
 * boots, a breakpoint in the os guest's kernel that only that guest hits,
 * its registers live from the CPU, another guest's from the VMM's copy;
 * then a watchpoint on a physical address that the guest's store, made
 * through its R, triggers. */
static void test_gdb_vmm_guests(void **state)
{
    (void)state;
    struct sim s;
    static char out[32768];
    char partition[64], os_line[96], phys_watch[96];
    unsigned base = os_partition(partition, sizeof partition);
    /* the kernel's `running` where it is in physical memory */
    snprintf(phys_watch, sizeof phys_watch,
             "watch *(int *)(0x%x + (int)&running)", base);
    sim_start(&s, VMM_ELF, "--ram=" TEST_VMM_RAM);
    GDB_ON(&s, VMM_ELF, out, "source tools/gdb/vm74.py", "info guests",
           "add-symbol-file " OS_ELF, "guest os break schedule", "continue",
           "print/x $l", "info guests", "guest os regs", "guest cpu regs",
           "print running", "delete", "monitor phys", phys_watch, "continue",
           "print/x $l", "monitor logical");
    sim_wait(&s);
    snprintf(os_line, sizeof os_line, "os       not started -");
    assert_has(out, os_line);
    assert_has(out, partition);
    assert_has(out, "Breakpoint 1, schedule (tf=");
    snprintf(os_line, sizeof os_line, "$1 = 0x%x\n", base);
    assert_has(out, os_line); /* l = the os guest's partition base */
    snprintf(os_line, sizeof os_line, "%s  on the CPU", partition);
    assert_has(out, os_line);
    assert_has(out, "* 1 os       ready");
    assert_has(out, "guest os (ready), partition");
    assert_has(out, "registers live, on the CPU");
    assert_has(out, "registers saved by the VMM");
    assert_has(out, "virtual PSW: S ie=0 P=0x");
    /* a physical watchpoint caught the guest's store under its R */
    assert_has(out, "Hardware watchpoint 2: *(int *)(");
    assert_has(out, "Old value = 0\nNew value = 1\n");
    snprintf(os_line, sizeof os_line, "$3 = 0x%x\n", base);
    assert_has(out, os_line);
    assert_int_equal(s.status, EXIT_GDB_LOST);
}

/* ---- A raw protocol client -------------------------------------------- */

struct client {
    int fd;
    bool no_ack;
};

static void client_connect(struct client *c, unsigned port)
{
    c->no_ack = false;
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET,
                             .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    assert_int_equal(connect(c->fd, (struct sockaddr *)&a, sizeof a), 0);
    int on = 1; /* an ack and the next packet: no wait for a TCP ack */
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

static void client_write(struct client *c, const void *buf, size_t len)
{
    assert_int_equal(send(c->fd, buf, len, MSG_NOSIGNAL), (ssize_t)len);
}

static int client_byte(struct client *c)
{
    char b;
    if (guarded_read(c->fd, &b, 1) != 1)
        return -1;
    return (unsigned char)b;
}

/* Send a packet framed with its checksum (sum_delta spoils it), in one
 * write. */
static void client_send_sum(struct client *c, const char *data, int sum_delta)
{
    static char frame[OVERSIZE_PACKET + 8];
    unsigned sum = (unsigned)sum_delta;
    for (const char *p = data; *p; p++)
        sum += (unsigned char)*p;
    int n = snprintf(frame, sizeof frame, "$%s#%02x", data, sum & 0xff);
    assert_true(n > 0 && (size_t)n < sizeof frame);
    client_write(c, frame, (size_t)n);
}

/* The stub's acknowledgement of our last packet. */
static int client_ack(struct client *c) { return client_byte(c); }

/* The next packet's data, acknowledged (bytes outside packets skipped). */
static void client_recv(struct client *c, char *buf, size_t cap)
{
    int ch;
    while ((ch = client_byte(c)) != '$')
        assert_true(ch >= 0);
    size_t n = 0;
    while ((ch = client_byte(c)) != '#') {
        assert_true(ch >= 0 && n + 1 < cap);
        buf[n++] = (char)ch;
    }
    buf[n] = '\0';
    assert_true(client_byte(c) >= 0 && client_byte(c) >= 0);
    if (!c->no_ack)
        client_write(c, "+", 1);
}

/* Send a packet and return its reply (in a static buffer). */
static const char *client_ask(struct client *c, const char *data)
{
    static char reply[8192];
    client_send_sum(c, data, 0);
    if (!c->no_ack)
        assert_int_equal(client_ack(c), '+');
    client_recv(c, reply, sizeof reply);
    return reply;
}

#define ASK_EQ(c, packet, reply) assert_string_equal(client_ask((c), (packet)), (reply))

/* A program of words at 0x100 in a temporary ELF. */
static void write_program(char *path, const uint32_t *words, size_t n)
{
    uint8_t buf[1024];
    size_t len = elf_build_program(buf, sizeof buf, VM74_RESET_P, words, n);
    assert_true(len > 0);
    assert_int_equal(elf_write_temp(path, buf, len), 0);
}

/* x1 and x2 count up for ever. */
static const uint32_t counting_loop[] = { 0x00108093 /* addi x1,x1,1 */,
                                          0x00110113 /* addi x2,x2,1 */,
                                          0xff9ff06f /* jal x0,-8 */ };

static void start_loop(struct sim *s, struct client *c, char *path,
                       const char *extra)
{
    write_program(path, counting_loop, 3);
    sim_start(s, path, extra);
    client_connect(c, s->port);
}

/* Malformed packets get the protocol's answers and leave the stub
 * serving; a dropped connection then ends the run with status 121. */
static void test_rsp_malformed_packets(void **state)
{
    (void)state;
    struct sim s;
    struct client c;
    char path[] = "/tmp/vm74-gdb-loop-XXXXXX";
    start_loop(&s, &c, path, NULL);
    client_send_sum(&c, "g", 1); /* a bad checksum: refused */
    assert_int_equal(client_ack(&c), '-');
    client_write(&c, "garbage outside packets", 23);
    ASK_EQ(&c, "vNoSuchPacket", "");   /* unknown: the empty reply */
    ASK_EQ(&c, "m zz", "E01");
    ASK_EQ(&c, "mfffffff0,10", "E01"); /* beyond RAM */
    ASK_EQ(&c, "p99", "E01");
    ASK_EQ(&c, "P20=12", "E01");
    ASK_EQ(&c, "Mabc", "E01");
    ASK_EQ(&c, "M100,4:zzzzzzzz", "E01");
    ASK_EQ(&c, "X100,4:ab", "E01");    /* fewer bytes than it says */
    ASK_EQ(&c, "Z9,100,4", "");        /* no such kind */
    ASK_EQ(&c, "qRcmd,123", "E01");    /* odd hex */
    ASK_EQ(&c, "vCont;x", "E01");
    ASK_EQ(&c, "qXfer:features:read:other.xml:0,100", "E00");
    char big[OVERSIZE_PACKET];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ASK_EQ(&c, big, "E01");             /* longer than PacketSize */
    ASK_EQ(&c, "p20", "00010000");      /* still serving: pc 0x100 */
    close(c.fd);
    sim_wait(&s);
    unlink(path);
    assert_has(s.err, "gdb: connection closed");
    assert_int_equal(s.status, EXIT_GDB_LOST);
}

/* Breakpoints stop before the instruction and leave memory as it was;
 * registers, single steps, logical memory through R, the target
 * description, no-ack mode, vCont and Ctrl-C; then a kill: status 121. */
static void test_rsp_run_control(void **state)
{
    (void)state;
    struct sim s;
    struct client c;
    char path[] = "/tmp/vm74-gdb-loop-XXXXXX";
    start_loop(&s, &c, path, NULL);
    assert_has(client_ask(&c, "qSupported:swbreak+"), "PacketSize=1000");
    ASK_EQ(&c, "QStartNoAckMode", "OK");
    c.no_ack = true;
    const char *xml = client_ask(&c, "qXfer:features:read:target.xml:0,fff");
    assert_true(xml[0] == 'l');
    assert_has(xml, "<architecture>riscv:rv32</architecture>");
    assert_has(xml, "<feature name=\"org.vm74.psw\">");
    ASK_EQ(&c, "Z0,104,4", "OK");
    ASK_EQ(&c, "m104,4", "13011100"); /* addi x2,x2,1, unpatched */
    ASK_EQ(&c, "c", "T05");
    ASK_EQ(&c, "p20", "04010000");
    ASK_EQ(&c, "p1", "01000000");
    ASK_EQ(&c, "s", "T05");           /* steps off the breakpoint */
    ASK_EQ(&c, "p20", "08010000");
    ASK_EQ(&c, "vCont?", "vCont;c;C;s;S");
    ASK_EQ(&c, "vCont;c:1", "T05");    /* round the loop to it again */
    ASK_EQ(&c, "p1", "02000000");
    ASK_EQ(&c, "z0,104,4", "OK");
    ASK_EQ(&c, "Z1,108,4", "OK");     /* hbreak: the same compare */
    ASK_EQ(&c, "c", "T05");
    ASK_EQ(&c, "p20", "08010000");
    ASK_EQ(&c, "z1,108,4", "OK");
    ASK_EQ(&c, "P1=78563412", "OK");
    ASK_EQ(&c, "p1", "78563412");
    /* R = (0x100, 8): logical 0-7 only */
    ASK_EQ(&c, "P23=00010000", "OK");
    ASK_EQ(&c, "P24=08000000", "OK");
    ASK_EQ(&c, "m0,8", "9380100013011100");
    ASK_EQ(&c, "m4,8", "13011100");    /* cut at the bound */
    ASK_EQ(&c, "m8,4", "E01");
    ASK_EQ(&c, "M4,8:1301110013011100", "E01"); /* all or nothing */
    ASK_EQ(&c, "M4,4:13011100", "OK");
    /* l = 0xfffff000: logical 0x2000 would wrap to physical 0x1000, in
     * RAM; relocation never wraps (docs/isa.md §2) */
    ASK_EQ(&c, "P23=00f0ffff", "OK");
    ASK_EQ(&c, "P24=ffffffff", "OK");
    ASK_EQ(&c, "m2000,4", "E01");
    ASK_EQ(&c, "P23=00000000", "OK");
    client_send_sum(&c, "vCont;c", 0); /* endless: only Ctrl-C stops it */
    client_write(&c, "\x03", 1);
    char reply[64];
    client_recv(&c, reply, sizeof reply);
    assert_string_equal(reply, "T02");
    client_send_sum(&c, "k", 0);
    sim_wait(&s);
    unlink(path);
    assert_has(s.err, "gdb: killed the program");
    assert_int_equal(s.status, EXIT_GDB_LOST);
}

/* gdb gone while the program runs: the run ends, status 121. */
static void test_rsp_disconnect_while_running(void **state)
{
    (void)state;
    struct sim s;
    struct client c;
    char path[] = "/tmp/vm74-gdb-loop-XXXXXX";
    start_loop(&s, &c, path, NULL);
    client_send_sum(&c, "c", 0);
    assert_int_equal(client_ack(&c), '+');
    close(c.fd);
    sim_wait(&s);
    unlink(path);
    assert_has(s.err, "gdb: connection closed while running");
    assert_int_equal(s.status, EXIT_GDB_LOST);
}

/* vKill (gdb's first choice) is answered before the run ends: 121. */
static void test_rsp_vkill(void **state)
{
    (void)state;
    struct sim s;
    struct client c;
    char path[] = "/tmp/vm74-gdb-loop-XXXXXX";
    start_loop(&s, &c, path, NULL);
    ASK_EQ(&c, "vKill;1", "OK");
    sim_wait(&s);
    unlink(path);
    assert_has(s.err, "gdb: killed the program at pc 0x00000100 after 0 steps");
    assert_int_equal(s.status, EXIT_GDB_LOST);
}

/* The console works under gdb: a program echoes its first input byte to
 * the UART and exits with it. */
static void test_rsp_console(void **state)
{
    (void)state;
    const uint32_t echo[] = {
        enc_lui(1, VM74_UART_BASE >> 12),
        enc_lw(2, 1, (int32_t)(VM74_UART_RXDATA & 0xfff)),
        enc_blt(2, 0, -4), /* bit 31: nothing yet */
        enc_sw(2, 1, (int32_t)(VM74_UART_TXDATA & 0xfff)),
        enc_lui(3, VM74_SIMCTL_EXIT >> 12),
        enc_sw(2, 3, 0),
    };
    char path[] = "/tmp/vm74-gdb-echo-XXXXXX";
    char input[] = "/tmp/vm74-gdb-in-XXXXXX";
    write_program(path, echo, sizeof echo / sizeof echo[0]);
    write_input(input, "A");
    struct sim s;
    struct client c;
    sim_start_input(&s, path, NULL, input);
    client_connect(&c, s.port);
    ASK_EQ(&c, "c", "W41");
    sim_wait(&s);
    unlink(path);
    unlink(input);
    assert_string_equal(s.out, "A");
    assert_int_equal(s.status, 0x41);
}

/* Detached, the program runs on to its end as without --gdb. */
static void test_rsp_detach(void **state)
{
    (void)state;
    struct sim s;
    struct client c;
    sim_start(&s, HELLO_ELF, NULL);
    client_connect(&c, s.port);
    ASK_EQ(&c, "D", "OK");
    close(c.fd);
    sim_wait(&s);
    assert_has(s.out, "Hello from vm74!");
    assert_int_equal(s.status, 0);
}

/* A WFI that can never wake stops with a note for gdb's console; after a
 * detach it is the run's deadlock, status 123. */
static void test_rsp_deadlock(void **state)
{
    (void)state;
    struct sim s;
    struct client c;
    char path[] = "/tmp/vm74-gdb-wfi-XXXXXX";
    const uint32_t wfi[] = { VM74_INSN_WFI };
    write_program(path, wfi, 1);
    sim_start(&s, path, NULL);
    client_connect(&c, s.port);
    const char *note = client_ask(&c, "c");
    assert_true(note[0] == 'O');
    assert_has(note, "646561646c6f636b"); /* "deadlock", hex */
    char reply[64];
    client_recv(&c, reply, sizeof reply);
    assert_string_equal(reply, "T05");
    ASK_EQ(&c, "D", "OK");
    close(c.fd);
    sim_wait(&s);
    unlink(path);
    assert_has(s.err, "deadlock: WFI at pc 0x00000100");
    assert_int_equal(s.status, 123);
}

/* --max-instructions under gdb: the program ends (X, SIGXCPU), 124. */
static void test_rsp_instruction_limit(void **state)
{
    (void)state;
    struct sim s;
    struct client c;
    char path[] = "/tmp/vm74-gdb-loop-XXXXXX";
    start_loop(&s, &c, path, "--max-instructions=50");
    const char *note = client_ask(&c, "c");
    assert_true(note[0] == 'O');
    char reply[64];
    client_recv(&c, reply, sizeof reply);
    assert_string_equal(reply, "X18");
    sim_wait(&s);
    unlink(path);
    assert_has(s.err, "instruction limit reached: 50 steps");
    assert_int_equal(s.status, 124);
}

/* The exit status of vm74-sim with args (NULL-terminated), its output
 * discarded. */
static int sim_status(const char *const *args)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        alarm(HANG_GUARD_S);
        int null_fd = open("/dev/null", O_RDWR);
        dup2(null_fd, 0);
        dup2(null_fd, 1);
        dup2(null_fd, 2);
        const char *argv[8] = { sim_path() };
        for (int i = 0; args[i] != NULL && i < 6; i++)
            argv[i + 1] = args[i];
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int ws;
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

#define SIM_STATUS(...) sim_status((const char *const[]){ __VA_ARGS__, NULL })

/* Bad --gdb values and combinations are usage errors (125). */
static void test_gdb_usage_errors(void **state)
{
    (void)state;
    assert_int_equal(SIM_STATUS("--gdb=port", HELLO_ELF), 125);
    assert_int_equal(SIM_STATUS("--gdb=70000", HELLO_ELF), 125);
    assert_int_equal(SIM_STATUS("--gdb=0", "--cosim", HELLO_ELF), 125);
    assert_int_equal(SIM_STATUS("--gdb=0", "--commit-log=-", HELLO_ELF), 125);
}

/* A port already taken: the run's own failure, 126, at once. */
static void test_gdb_port_in_use(void **state)
{
    (void)state;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET,
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t alen = sizeof a;
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(fd, 1), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
    char opt[32];
    snprintf(opt, sizeof opt, "--gdb=%u", ntohs(a.sin_port));
    assert_int_equal(SIM_STATUS(opt, HELLO_ELF), 126);
    close(fd);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_gdb_break_step_registers_variables),
    cmocka_unit_test(test_gdb_watchpoint),
    cmocka_unit_test(test_gdb_trap_monitor_memory),
    cmocka_unit_test(test_gdb_vmm_guests),
    cmocka_unit_test(test_rsp_malformed_packets),
    cmocka_unit_test(test_rsp_run_control),
    cmocka_unit_test(test_rsp_disconnect_while_running),
    cmocka_unit_test(test_rsp_vkill),
    cmocka_unit_test(test_rsp_console),
    cmocka_unit_test(test_rsp_detach),
    cmocka_unit_test(test_rsp_deadlock),
    cmocka_unit_test(test_rsp_instruction_limit),
    cmocka_unit_test(test_gdb_usage_errors),
    cmocka_unit_test(test_gdb_port_in_use),
};

HX_MAIN("gdb", tests)
