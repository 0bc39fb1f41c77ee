/*
 * ecall_ebreak.S - snippets of ecall_ebreak.c, which copies them to
 * fixed places in free RAM before running them.
 */
#include "conf_asm.h"

SNIPPET ee_ecall
    ecall
    GUARD
SNIPPET_END ee_ecall

SNIPPET ee_ebreak
    ebreak
    GUARD
SNIPPET_END ee_ebreak

/* Straight-line code before the trap: the saved P is the trap's own. */
SNIPPET ee_ecall_after
    addi    a0, a0, 1
    addi    a0, a0, 1
    ecall
    GUARD
SNIPPET_END ee_ecall_after

SNIPPET ee_ebreak_after
    addi    a0, a0, 1
    ebreak
    GUARD
SNIPPET_END ee_ebreak_after
