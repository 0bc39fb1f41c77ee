/*
 * conf_snips.S - snippets that several programs use.  Each is a few
 * instructions ending in ECALL: a snippet whose instruction under test
 * must trap is followed by that ECALL, so "did not trap" shows up as the
 * wrong cause at the next P.  Registers: a0 = address, a1 = data.
 */
#include "conf_asm.h"

/* ECALL alone: the "arrived here" marker. */
SNIPPET snip_ecall
    ecall

/* One instruction that changes a0, then ECALL at +4. */
SNIPPET snip_addi_ecall
    addi    a0, a0, 1
    ecall

/* Loads and stores of every width at 0(a0). */
SNIPPET snip_lb
    lb      a1, 0(a0)
    ecall
SNIPPET snip_lbu
    lbu     a1, 0(a0)
    ecall
SNIPPET snip_lh
    lh      a1, 0(a0)
    ecall
SNIPPET snip_lhu
    lhu     a1, 0(a0)
    ecall
SNIPPET snip_lw
    lw      a1, 0(a0)
    ecall
SNIPPET snip_sb
    sb      a1, 0(a0)
    ecall
SNIPPET snip_sh
    sh      a1, 0(a0)
    ecall
SNIPPET snip_sw
    sw      a1, 0(a0)
    ecall
SNIPPET_END snip_sw

/* LPSW 0(a0). */
SNIPPET snip_lpsw
    LPSW(0, a0)
    ecall
