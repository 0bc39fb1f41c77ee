/*
 * nested_trap.S - a trap vector that traps again (nested_trap.c).
 *
 * It copies what the first trap left in low core to NEST_COPY, points the
 * vector back at the runtime's entry (t6 holds its address, put there by
 * the check), and then runs nest_trap, a word the check writes: the
 * second trap.  t5 is its only scratch register.
 */
#include "conf_asm.h"

#define NEST_COPY CONF_LC_SCRATCH

SNIPPET nest_vector
    .irp off, 0, 4, 8, 12, 16, 20
    lw      t5, \off(x0)
    sw      t5, NEST_COPY + \off(x0)
    .endr
    sw      t6, VM74_LC_VECTOR(x0)
    .globl nest_trap
nest_trap:
    .word   0                       /* written by the check */
    .word   0                       /* guard */
