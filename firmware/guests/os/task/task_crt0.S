/*
 * task_crt0.S - entry of the os guest's task: user mode, logical 0, its
 * task number in a0.  No gp, no tp.
 */
#include "os_abi.h"

    .section .text.start, "ax"
    .globl _start
_start:
    la      sp, __stack_top         /* the top of the region: our bound */
    call    task_main               /* a0 = task number */
    li      a7, SYS_EXIT            /* exit code already in a0 */
    ecall
1:  j       1b                      /* SYS_EXIT does not return */
