/*
 * supervisor.c - sv-demo: a supervisor running one user task under its own
 * relocation register.
 *
 * The task (task/task.c) is a separate program linked at logical 0.  The
 * supervisor copies its image into a partition of physical memory and runs
 * it in user mode with R = (partition, TASK_SIZE).  From then on the
 * supervisor only runs when the task traps: its ECALLs (sv_abi.h), timer
 * interrupts that preempt it, and the faults it provokes on purpose.  Every
 * trap is narrated with the old PSW the hardware saved.  The run exits 0
 * only if every expected event happened.
 *
 * Reads top to bottom: start the task, the trap handler, ECALLs, the
 * timer, faults, and the final check.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sv_abi.h"
#include "vm74.h"
#include "vm74_trap.h"

#define QUANTUM       20000 /* timer cycles between preemptions */
#define TICKS_WANTED  3     /* preemptions before the timer is disarmed */

/* The task's partition: where its logical address 0 lives physically. */
static uint8_t partition[TASK_SIZE] __attribute__((aligned(4096)));

extern const uint8_t task_image[], task_image_end[];

/* What happened, checked at the end. */
static struct {
    uint32_t writes;
    bool work_given;
    bool result_ok;
    uint32_t ticks;
    uint32_t ticks_before_report;
    uint32_t expected_cause;    /* from SYS_EXPECT_TRAP; 0xffffffff: none */
    uint32_t load_fault_info;
    uint32_t store_fault_info;
    uint32_t privileged_info;
    uint32_t bad_psw;           /* traps whose old PSW was not the task's */
} seen = { .expected_cause = 0xffffffffu };

/* ---- Starting the task ------------------------------------------------ */

static void load_task(void)
{
    size_t size = (size_t)(task_image_end - task_image);
    memset(partition, 0, sizeof partition); /* the task's .bss is in here */
    memcpy(partition, task_image, size);
    printf("supervisor: copied the task's %u-byte image to physical 0x%08lx\n",
           (unsigned)size, (unsigned long)(uintptr_t)partition);
}

/* Enter the task as if returning from a trap: user mode, IE = 1, P = 0. */
static __attribute__((noreturn)) void start_task(void)
{
    static struct trap_frame first;
    first.psw.flags = VM74_FLAG_IE;
    first.psw.p = 0;
    first.psw.base = (uint32_t)(uintptr_t)partition;
    first.psw.bound = TASK_SIZE;
    printf("supervisor: LPSW to the task: mode user, IE 1, P 0x00000000, "
           "l 0x%08lx, b 0x%08lx\n\n",
           (unsigned long)first.psw.base, (unsigned long)first.psw.bound);
    vm74_trap_return(&first);
}

int main(void)
{
    printf("sv-demo: a vm74 supervisor and one user task\n");
    load_task();
    vm74_lc_set_vector(vm74_trap_entry);
    start_task();
}

/* ---- Narrative -------------------------------------------------------- */

static void print_psw(const struct vm74_psw_words *psw, bool show_p)
{
    printf("    old PSW: mode %s, IE %lu, ",
           psw->flags & VM74_FLAG_SUPERVISOR ? "supervisor" : "user",
           (unsigned long)((psw->flags & VM74_FLAG_IE) ? 1 : 0));
    if (show_p)
        printf("P 0x%08lx", (unsigned long)psw->p);
    else /* where a timer lands depends on the machine's cycle count */
        printf("P %s", psw->p < psw->bound ? "(inside the task)" : "(OUTSIDE)");
    printf(", l 0x%08lx, b 0x%08lx\n", (unsigned long)psw->base,
           (unsigned long)psw->bound);
}

static void print_trap(const struct trap_frame *tf, const char *what)
{
    bool timer = tf->cause == VM74_CAUSE_TIMER;
    printf("trap: cause %s, info 0x%08lx: %s\n", vm74_cause_name(tf->cause),
           (unsigned long)tf->info, what);
    print_psw(&tf->psw, !timer);
}

static __attribute__((noreturn)) void finish(uint32_t task_code);

/* ---- The trap handler --------------------------------------------------- */

static void handle_ecall(struct trap_frame *tf);
static void handle_timer(struct trap_frame *tf);
static void handle_expected_trap(struct trap_frame *tf);

/* A trap is the task's iff it came from user mode under the task's R. */
static bool from_task(const struct trap_frame *tf)
{
    return !(tf->psw.flags & VM74_FLAG_SUPERVISOR) &&
           (tf->psw.flags & VM74_FLAG_IE) &&
           tf->psw.base == (uint32_t)(uintptr_t)partition &&
           tf->psw.bound == TASK_SIZE;
}

void trap_handler(struct trap_frame *tf)
{
    if (!from_task(tf)) {
        seen.bad_psw++;
        print_trap(tf, "not from the task");
        finish(0xff);
    }
    if (tf->cause == VM74_CAUSE_ECALL)
        handle_ecall(tf);
    else if (tf->cause == VM74_CAUSE_TIMER)
        handle_timer(tf);
    else if (tf->cause == seen.expected_cause)
        handle_expected_trap(tf);
    else {
        print_trap(tf, "unexpected: the task is killed");
        finish(0xff);
    }
}

/* ---- ECALLs ------------------------------------------------------------- */

/*
 * The task's buffer is a logical address: check it against the task's
 * bound, as the hardware would, then relocate it by hand.
 */
static const char *task_buffer(const struct trap_frame *tf, uint32_t addr,
                               uint32_t len)
{
    if (addr > tf->psw.bound || len > tf->psw.bound - addr)
        return NULL;
    return (const char *)(uintptr_t)(tf->psw.base + addr);
}

static uint32_t sys_write(const struct trap_frame *tf)
{
    uint32_t addr = tf->x[REG_A0], len = tf->x[REG_A1];
    const char *buf = task_buffer(tf, addr, len);
    print_trap(tf, "SYS_WRITE");
    if (!buf) {
        printf("    buffer 0x%08lx+%lu is outside the task: refused\n",
               (unsigned long)addr, (unsigned long)len);
        return (uint32_t)-1;
    }
    printf("    task says (from logical 0x%08lx = physical 0x%08lx): %.*s",
           (unsigned long)addr, (unsigned long)(uintptr_t)buf, (int)len, buf);
    seen.writes++;
    return 0;
}

static void arm_timer(void)
{
    vm74_timer_set_cmp(vm74_timer_time() + QUANTUM);
}

static uint32_t sys_get_work(const struct trap_frame *tf)
{
    print_trap(tf, "SYS_GET_WORK");
    printf("    giving the task %u work steps; timer armed every %u cycles\n",
           WORK_STEPS, QUANTUM);
    seen.work_given = true;
    arm_timer();
    return WORK_STEPS;
}

static uint32_t sys_report(const struct trap_frame *tf)
{
    uint32_t got = tf->x[REG_A0], want = work_run(WORK_STEPS);
    print_trap(tf, "SYS_REPORT");
    seen.result_ok = got == want;
    seen.ticks_before_report = seen.ticks;
    printf("    task's result 0x%08lx, supervisor's own 0x%08lx: %s\n",
           (unsigned long)got, (unsigned long)want,
           seen.result_ok ? "equal, preemption was invisible" : "DIFFERENT");
    return 0;
}

static uint32_t sys_expect_trap(const struct trap_frame *tf)
{
    print_trap(tf, "SYS_EXPECT_TRAP");
    seen.expected_cause = tf->x[REG_A0];
    printf("    the task's next instruction should raise %s\n",
           vm74_cause_name(seen.expected_cause));
    return 0;
}

static void handle_ecall(struct trap_frame *tf)
{
    uint32_t result;
    switch (tf->x[REG_A7]) {
    case SYS_WRITE: result = sys_write(tf); break;
    case SYS_GET_WORK: result = sys_get_work(tf); break;
    case SYS_REPORT: result = sys_report(tf); break;
    case SYS_EXPECT_TRAP: result = sys_expect_trap(tf); break;
    case SYS_EXIT:
        print_trap(tf, "SYS_EXIT");
        finish(tf->x[REG_A0]);
    default:
        print_trap(tf, "unknown call");
        result = (uint32_t)-1;
        break;
    }
    tf->x[REG_A0] = result;
    tf->psw.p += 4; /* resume after the ECALL */
}

/* ---- The timer ---------------------------------------------------------- */

/* Preempt the task, then resume it exactly where it was: P unchanged. */
static void handle_timer(struct trap_frame *tf)
{
    seen.ticks++;
    printf("trap: cause TIMER: preemption #%lu of the task\n",
           (unsigned long)seen.ticks);
    print_psw(&tf->psw, false);
    if (seen.ticks < TICKS_WANTED) {
        arm_timer();
    } else {
        vm74_timer_disarm();
        printf("    timer disarmed after %u preemptions\n", TICKS_WANTED);
    }
}

/* ---- Faults the task announced ---------------------------------------- */

static void handle_expected_trap(struct trap_frame *tf)
{
    print_trap(tf, "announced by the task");
    if (tf->cause == VM74_CAUSE_LOAD_FAULT) {
        seen.load_fault_info = tf->info;
        printf("    info = the logical address: 0x%08lx is %s the bound\n",
               (unsigned long)tf->info, tf->info >= tf->psw.bound ? "at or past" : "below");
    } else if (tf->cause == VM74_CAUSE_STORE_FAULT) {
        seen.store_fault_info = tf->info;
        printf("    the UART is outside the task's R: devices are memory\n");
    } else if (tf->cause == VM74_CAUSE_PRIVILEGED) {
        seen.privileged_info = tf->info;
        printf("    LPSW is privileged: user mode cannot change its PSW\n");
    }
    seen.expected_cause = 0xffffffffu;
    tf->x[REG_A0] = PROBE_TRAPPED;
    tf->psw.p += 4; /* skip the instruction: the probe returns PROBE_TRAPPED */
}

/* ---- The end ------------------------------------------------------------ */

static bool check(bool ok, const char *what)
{
    printf("  [%s] %s\n", ok ? "ok" : "FAIL", what);
    return ok;
}

static __attribute__((noreturn)) void finish(uint32_t task_code)
{
    const uint32_t lpsw_word = VM74_OPC_CUSTOM0 | (VM74_F3_LPSW << 12);
    bool ok = true;

    vm74_timer_disarm();
    printf("\nsupervisor: the task exited with code %lu\n",
           (unsigned long)task_code);
    ok &= check(task_code == 0, "the task exited with code 0");
    ok &= check(seen.bad_psw == 0, "every trap came from the task's user-mode PSW");
    ok &= check(seen.writes >= 1, "SYS_WRITE printed the task's strings");
    ok &= check(seen.work_given && seen.result_ok,
                "the preempted computation matches the supervisor's");
    ok &= check(seen.ticks == TICKS_WANTED, "the timer preempted the task 3 times");
    ok &= check(seen.ticks_before_report >= 1,
                "at least one preemption hit the computation");
    ok &= check(seen.load_fault_info == TASK_SIZE,
                "LOAD_FAULT info = the logical address past the bound");
    ok &= check(seen.store_fault_info == VM74_UART_TXDATA,
                "STORE_FAULT info = the UART's address");
    ok &= check(seen.privileged_info == lpsw_word,
                "PRIVILEGED info = the LPSW instruction word");
    printf("sv-demo: %s\n", ok ? "PASS" : "FAIL");
    exit(ok ? 0 : 1);
}
