/*
 * task_crt0.S - entry of the os guest's task: user mode, logical 0, its
 * task number in a0.  No gp, no tp.
 *
 * On the jrstu variant the kernel enters a new task the PDP-10 way: in
 * supervisor mode under the task's R, at logical 0, where JRSTU drops to
 * user mode (docs/isa.md §4.3; kernel.c task_load).
 */
#include "vm74_arch.h"
#include "os_abi.h"

    .section .text.start, "ax"
    .globl _start
_start:
#if defined(VM74_FLAW) && VM74_FLAW == VM74_FLAW_JRSTU
    la      t0, 1f
    .insn i 0x0b, 3, x0, t0, 0      /* JRSTU t0: user mode from here on */
1:
#endif
    la      sp, __stack_top         /* the top of the region: our bound */
    call    task_main               /* a0 = task number */
    li      a7, SYS_EXIT            /* exit code already in a0 */
    ecall
1:  j       1b                      /* SYS_EXIT does not return */
