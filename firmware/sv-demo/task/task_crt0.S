/*
 * task_crt0.S - entry of sv-demo's user task, and its probes.
 *
 * Runs in user mode at logical 0 under the task's own R.  No gp and no tp:
 * the task uses neither.
 */
#include "vm74_arch.h"
#include "sv_abi.h"

    .section .text.start, "ax"
    .globl _start
_start:
    la      sp, __stack_top         /* the top of the partition: our bound */
    call    task_main
    li      a7, SYS_EXIT            /* exit code already in a0 */
    ecall
1:  j       1b                      /* SYS_EXIT does not return */

/*
 * Probes: each does one thing the task may not do.  a0 is set before the
 * access, so a skipped instruction returns what the supervisor put in a0.
 */
    .text
    .balign 4
    .globl probe_load
probe_load:                         /* uint32_t probe_load(uint32_t addr) */
    mv      t0, a0
    li      a0, 0
    lw      a0, 0(t0)
    ret

    .globl probe_store
probe_store:                        /* uint32_t probe_store(uint32_t addr) */
    mv      t0, a0
    li      a0, 0
    sw      zero, 0(t0)
    ret

    .globl probe_lpsw
probe_lpsw:                         /* uint32_t probe_lpsw(void) */
    li      a0, 0
    .insn i VM74_OPC_CUSTOM0, VM74_F3_LPSW, x0, 0(x0)
    ret
