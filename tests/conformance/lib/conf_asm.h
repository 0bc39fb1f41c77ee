/*
 * conf_asm.h - macros for the programs' assembly snippets.
 *
 * A snippet is code that conf_try() starts with LPSW under some PSW; it
 * ends in a trap, which brings the C code back.  Snippets use pc-relative
 * code only, so they run at any relocation base l.
 */
#ifndef VM74_CONF_ASM_H
#define VM74_CONF_ASM_H

#include "conf.h"

/* vm74's own instructions (docs/isa.md §4.3) */
#define LPSW(imm, rs1) .insn i VM74_OPC_CUSTOM0, VM74_F3_LPSW, x0, imm(rs1)
#define WFI            .word VM74_INSN_WFI

    .option norelax

/* SNIPPET name: start a global, word-aligned snippet in .text. */
.macro SNIPPET name
    .text
    .balign 4
    .globl \name
\name:
.endm

/* SNIPPET_END name: the label name_end, for copying a snippet. */
.macro SNIPPET_END name
    .globl \name\()_end
\name\()_end:
.endm

/*
 * GUARD: follows an instruction that must trap.  It is reached only if that
 * instruction did not trap, and then traps itself (low bits 00: ILLEGAL,
 * info 0, in both modes), so the check sees a wrong cause at a wrong P.
 */
.macro GUARD
    .word 0
.endm

#endif /* VM74_CONF_ASM_H */
