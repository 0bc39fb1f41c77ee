/*
 * misaligned.S - snippets of misaligned.c.  Jump and branch targets that
 * are not multiples of 4 are written with .insn, as the assembler would
 * not emit them otherwise; each snippet ends in ECALL.
 */
#include "conf_asm.h"

#define BRANCH 0x63
#define JAL    0x6f

/* Data accesses whose offset makes the address misaligned. */
SNIPPET mis_lw_imm3
    lw      a1, 3(a0)
    ecall
SNIPPET mis_lh_imm_m1
    lh      a1, -1(a0)
    ecall
SNIPPET mis_sw_imm2
    sw      a1, 2(a0)
    ecall
SNIPPET mis_sh_imm_m3
    sh      a1, -3(a0)
    ecall
SNIPPET mis_lw_rd_is_rs1
    lw      a0, 0(a0)
    ecall

/* JAL to P+2, P+6, P-2 (rd = ra, t0, ra) and P+10 with rd = x0. */
SNIPPET mis_jal_p2
    .insn j JAL, ra, mis_jal_p2 + 2
    ecall
SNIPPET mis_jal_p6
    .insn j JAL, t0, mis_jal_p6 + 6
    ecall
SNIPPET mis_jal_m2
    .insn j JAL, ra, mis_jal_m2 - 2
    ecall
SNIPPET mis_jal_x0_p10
    .insn j JAL, x0, mis_jal_x0_p10 + 10
    ecall
    ecall

/* JALR: target a0 + imm, bit 0 cleared. */
SNIPPET mis_jalr
    jalr    ra, 0(a0)
    ecall
SNIPPET mis_jalr_imm1
    jalr    ra, 1(a0)
    ecall
SNIPPET mis_jalr_imm_m1
    jalr    t1, -1(a0)
    ecall
SNIPPET mis_jalr_rd_is_rs1
    jalr    a0, 0(a0)
    ecall
/* An aligned JALR target. */
SNIPPET mis_target
    ecall

/* Each branch on (a0, a1) to P+6, and BNE back to P-2. */
.macro BRANCH_SNIPPET name, f3
SNIPPET \name
    .insn b BRANCH, \f3, a0, a1, \name + 6
    ecall
.endm
BRANCH_SNIPPET mis_beq, 0
BRANCH_SNIPPET mis_bne, 1
BRANCH_SNIPPET mis_blt, 4
BRANCH_SNIPPET mis_bge, 5
BRANCH_SNIPPET mis_bltu, 6
BRANCH_SNIPPET mis_bgeu, 7
SNIPPET mis_bne_back
    .insn b BRANCH, 1, a0, a1, mis_bne_back - 2
    ecall
