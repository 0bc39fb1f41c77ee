/*
 * sv_abi.h - the contract between sv-demo's supervisor and its user task.
 *
 * The task runs in user mode with R = (partition, TASK_SIZE): it sees its
 * own logical addresses 0..TASK_SIZE-1 and nothing else.  It asks for
 * service with ECALL: a7 = the call number, a0/a1 = arguments, and the
 * result comes back in a0.  Included by C and by assembly.
 */
#ifndef SV_ABI_H
#define SV_ABI_H

#define TASK_SIZE        0x4000  /* bytes: the task's bound b */
#define TASK_STACK_SIZE  0x1000

/* ECALL numbers (a7) */
#define SYS_WRITE        1  /* a0 = logical buffer, a1 = length -> 0 or -1 */
#define SYS_GET_WORK     2  /* -> how many work steps to run; arms timer */
#define SYS_REPORT       3  /* a0 = the work's result */
#define SYS_EXPECT_TRAP  4  /* a0 = cause the next instruction will raise */
#define SYS_EXIT         5  /* a0 = exit code; does not return */

/*
 * After SYS_EXPECT_TRAP(c), if the task's next trap has cause c the
 * supervisor resumes it after the trapping instruction with
 * a0 = PROBE_TRAPPED.  Any other fault kills the task.
 */
#define PROBE_TRAPPED    0xdeadbeef

#define WORK_STEPS       30000   /* the compute phase, long enough to be preempted */

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * The task's compute phase.  The supervisor runs the same function itself
 * without preemption; equal results show that every timer interrupt
 * resumed the task exactly where and as it was.
 */
static inline uint32_t work_run(uint32_t steps)
{
    uint32_t x = 2463534242u, sum = 0;
    for (uint32_t i = 0; i < steps; i++) {
        x ^= x << 13; /* xorshift32: no closed form for the compiler to find */
        x ^= x >> 17;
        x ^= x << 5;
        sum += x ^ (sum >> 3);
    }
    return sum;
}
#endif

#endif /* SV_ABI_H */
