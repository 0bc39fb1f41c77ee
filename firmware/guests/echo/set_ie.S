/*
 * set_ie.S - void set_ie(void): turn interrupts on for the supervisor.
 * LPSW is the only way: load (supervisor, IE = 1, R = all) with P = the
 * return address, which is also how this returns.
 */
#include "vm74_arch.h"

    .text
    .balign 4
    .globl set_ie
set_ie:
    addi    sp, sp, -16
    li      t0, VM74_FLAG_SUPERVISOR | VM74_FLAG_IE
    sw      t0, VM74_PSW_FLAGS(sp)
    sw      ra, VM74_PSW_P(sp)
    sw      zero, VM74_PSW_BASE(sp)
    li      t0, VM74_BOUND_ALL
    sw      t0, VM74_PSW_BOUND(sp)
    mv      t0, sp
    addi    sp, sp, 16              /* IE is still 0: nothing can land here */
    .insn i VM74_OPC_CUSTOM0, VM74_F3_LPSW, x0, 0(t0)
