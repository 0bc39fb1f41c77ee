/*
 * kernel.c - "os", a guest operating system: a small kernel running two
 * user tasks, each in its own region with its own R, preempted by the timer
 * and served through ECALL (write, yield, exit).
 *
 * It is an ordinary vm74 supervisor program: on bare vm74 it uses the real
 * timer, LPSW and the UART; under the VMM the same instructions reach its
 * virtual ones.  Its output does not depend on timing: the tasks' writes
 * are buffered per task and printed in task order at the end.  For the same
 * reason it clears its scheduler state (saved registers, preemption count,
 * the last task run) before it exits, so its final memory is
 * timing-independent too.
 *
 * Reads top to bottom: load the tasks, the trap handler, system calls, the
 * scheduler, the end.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os_abi.h"
#include "vm74.h"
#include "vm74_trap.h"

#define NTASKS   2
/* Default timer cycles between preemptions; a build may choose another
 * (make theorems: fewer kernel ticks for the hybrid VMM to interpret). */
#ifndef OS_QUANTUM
#define OS_QUANTUM 4000
#endif
#define OUT_SIZE 512

enum { TASK_FREE, TASK_RUNNABLE, TASK_EXITED };

struct task {
    struct trap_frame frame; /* its registers and PSW while it is not running */
    int state;
    uint32_t exit_code;
    char out[OUT_SIZE];      /* its SYS_WRITE output, printed at the end */
    uint32_t out_len;
};

/* A region is a task's R: its base only needs to be a word (LPSW clears
 * l's bits 1:0); aligning it to its size would waste up to 8 KiB of a
 * partition in padding. */
static uint8_t regions[NTASKS][TASK_SIZE] __attribute__((aligned(16)));
static struct task tasks[NTASKS];
static int running;
static uint32_t preemptions;

/*
 * Timer cycles between preemptions: a variable, not a constant, so that a
 * host test can move every interrupt point (tests/test_vmm.c) and check
 * that nothing the kernel leaves in memory depends on where they land.
 */
volatile uint32_t os_quantum = OS_QUANTUM;

extern const uint8_t task_image[], task_image_end[];

static __attribute__((noreturn)) void finish(void);

/* ---- Loading the tasks ----------------------------------------------------- */

/*
 * A new task starts at logical 0 of its region, in user mode with
 * interrupts on.  On the jrstu variant it starts in supervisor mode with
 * interrupts off, and its first instruction, JRSTU, enters user mode
 * (task_crt0.S); its first trap turns interrupts on (trap_handler).
 */
#if defined(VM74_FLAW) && VM74_FLAW == VM74_FLAW_JRSTU
#define TASK_ENTRY_FLAGS VM74_FLAG_SUPERVISOR
#else
#define TASK_ENTRY_FLAGS VM74_FLAG_IE
#endif

static void task_load(int id)
{
    struct task *t = &tasks[id];
    memset(regions[id], 0, TASK_SIZE);
    memcpy(regions[id], task_image, (size_t)(task_image_end - task_image));
    memset(t, 0, sizeof *t);
    t->frame.psw = (struct vm74_psw_words){
        .flags = TASK_ENTRY_FLAGS,
        .p = 0,
        .base = (uint32_t)(uintptr_t)regions[id],
        .bound = TASK_SIZE,
    };
    t->frame.x[REG_A0] = (uint32_t)id;
    t->state = TASK_RUNNABLE;
}

static void timer_arm(void)
{
    vm74_timer_set_cmp(vm74_timer_time() + os_quantum);
}

/* On the rdmode variant the kernel asks the machine which mode it runs
 * in, as a real kernel might before touching privileged state. */
static void say_mode(void)
{
#if defined(VM74_FLAW) && VM74_FLAW == VM74_FLAW_RDMODE
    printf("os: RDMODE says the kernel runs in %s mode\n",
           vm74_rdmode() ? "supervisor" : "user");
#endif
}

int main(void)
{
    printf("os: kernel starting %d user tasks, %u bytes each\n", NTASKS,
           TASK_SIZE);
    say_mode();
    for (int id = 0; id < NTASKS; id++)
        task_load(id);
    vm74_lc_set_vector(vm74_trap_entry);
    running = 0;
    timer_arm();
    vm74_trap_return(&tasks[0].frame);
}

/* ---- The trap handler ------------------------------------------------------ */

static bool sys_call(struct task *t);
static void schedule(struct trap_frame *tf);

static void kill_task(struct task *t, const struct trap_frame *tf)
{
    int id = (int)(t - tasks);
    printf("os: task %d killed: %s at P 0x%08lx\n", id,
           vm74_cause_name(tf->cause), (unsigned long)tf->psw.p);
    t->state = TASK_EXITED;
    t->exit_code = 0xff;
}

void trap_handler(struct trap_frame *tf)
{
    struct task *t = &tasks[running];
    if (tf->psw.flags & VM74_FLAG_SUPERVISOR) {
        printf("os: trap %s in the kernel\n", vm74_cause_name(tf->cause));
        exit(3);
    }
    t->frame = *tf;
    t->frame.psw.flags |= VM74_FLAG_IE; /* from now on, preemptible */
    if (tf->cause == VM74_CAUSE_ECALL) {
        if (sys_call(t))
            schedule(tf);
        else
            *tf = t->frame;
    } else if (tf->cause == VM74_CAUSE_TIMER) {
        preemptions++;
        timer_arm();
        schedule(tf);
    } else {
        kill_task(t, tf);
        schedule(tf);
    }
}

/* ---- System calls ---------------------------------------------------------- */

/* Copy the task's buffer, checked against its bound, to its output. */
static uint32_t sys_write(struct task *t)
{
    uint32_t addr = t->frame.x[REG_A0], len = t->frame.x[REG_A1];
    const struct vm74_psw_words *psw = &t->frame.psw;
    if (addr > psw->bound || len > psw->bound - addr ||
        len > OUT_SIZE - t->out_len)
        return (uint32_t)-1;
    memcpy(t->out + t->out_len, (const char *)(uintptr_t)(psw->base + addr), len);
    t->out_len += len;
    return 0;
}

/* true: the CPU goes to the next task (yield, exit). */
static bool sys_call(struct task *t)
{
    struct trap_frame *tf = &t->frame;
    tf->psw.p += 4; /* resume after the ECALL */
    switch (tf->x[REG_A7]) {
    case SYS_WRITE:
        tf->x[REG_A0] = sys_write(t);
        return false;
    case SYS_EXIT:
        t->state = TASK_EXITED;
        t->exit_code = tf->x[REG_A0];
        return true;
    case SYS_YIELD:
        return true;
    default:
        tf->x[REG_A0] = (uint32_t)-1;
        return false;
    }
}

/* ---- Scheduling ------------------------------------------------------------ */

/* Round robin: the next runnable task after the running one, or the end. */
static void schedule(struct trap_frame *tf)
{
    for (int k = 1; k <= NTASKS; k++) {
        int id = (running + k) % NTASKS;
        if (tasks[id].state == TASK_RUNNABLE) {
            running = id;
            *tf = tasks[id].frame;
            return;
        }
    }
    finish();
}

/* ---- The end --------------------------------------------------------------- */

/*
 * Forget what depends on where the timer interrupts landed: the tasks'
 * saved registers, the preemption count, and `running`, which is left at
 * the task that exited last - task 1 on the ISS, task 0 on the RTL, whose
 * slower division makes task 0 (primes) the longer one.
 */
static void forget_timing(void)
{
    memset(tasks, 0, sizeof tasks);
    preemptions = 0;
    running = 0;
}

static __attribute__((noreturn)) void finish(void)
{
    bool preempted = preemptions > 0;
    vm74_timer_disarm();
    for (int id = 0; id < NTASKS; id++) {
        printf("os: task %d output:\n%.*s", id, (int)tasks[id].out_len,
               tasks[id].out);
        printf("os: task %d exited with code %lu\n", id,
               (unsigned long)tasks[id].exit_code);
    }
    printf("os: the timer preempted the tasks: %s\n", preempted ? "yes" : "NO");
    bool ok = preempted && tasks[0].exit_code == 0 && tasks[1].exit_code == 1;
    forget_timing();
    printf("os: %s\n", ok ? "all tasks done" : "FAILED");
    exit(ok ? 0 : 1);
}
