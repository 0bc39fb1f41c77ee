/*
 * ecall_ebreak.S - snippets of ecall_ebreak.c.
 */
#include "conf_asm.h"

SNIPPET ee_ecall
    ecall
    GUARD

SNIPPET ee_ebreak
    ebreak
    GUARD

/* Straight-line code before the trap: the saved P is the trap's own. */
SNIPPET ee_ecall_after
    addi    a0, a0, 1
    addi    a0, a0, 1
    ecall
    GUARD

SNIPPET ee_ebreak_after
    addi    a0, a0, 1
    ebreak
    GUARD
