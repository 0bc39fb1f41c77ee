/*
 * bounds.S - snippets of bounds.c.
 */
#include "conf_asm.h"

/* Two back-to-back loads of 0(a0) into a1, a2: for a counter that grows by
 * exactly one per retired instruction (docs/isa.md §6). */
SNIPPET bnd_lw_twice
    lw      a1, 0(a0)
    lw      a2, 0(a0)
    ecall
