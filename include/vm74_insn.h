/*
 * vm74_insn.h - the fields of an instruction word: one accessor per field
 * and the five immediates, sign-extended to 32 bits, as the RISC-V
 * Unprivileged ISA (20191213) lays them out in chapter 2, "Base Instruction
 * Formats" and "Immediate Encoding Variants" (docs/isa.md §4), and RISC-V's
 * major opcodes.
 *
 * The one decoder of fields for the reference simulator, the VMM (free-
 * standing C), pgcheck and the host tools; tools/lib/enc.h is its inverse.
 */
#ifndef VM74_INSN_H
#define VM74_INSN_H

#include "vm74_arch.h"

/* funct3 of LOAD and STORE for a word (LW, SW), the only device access. */
#define INSN_F3_WORD 2

/* The rest is C (entry.S of the VMM takes the line above). */
#ifndef __ASSEMBLER__
#include <stdint.h>

/* Major opcodes, bits 6:0 (RISC-V Unprivileged ISA, table 24.1). */
enum {
    OPC_LOAD = 0x03,
    OPC_CUSTOM0 = VM74_OPC_CUSTOM0,
    OPC_MISC_MEM = 0x0f,
    OPC_OP_IMM = 0x13,
    OPC_AUIPC = 0x17,
    OPC_STORE = 0x23,
    OPC_OP = 0x33,
    OPC_LUI = 0x37,
    OPC_BRANCH = 0x63,
    OPC_JALR = 0x67,
    OPC_JAL = 0x6f,
    OPC_SYSTEM = 0x73,
};


static inline uint32_t insn_opcode(uint32_t i) { return i & 0x7f; }
static inline uint32_t insn_rd(uint32_t i) { return (i >> 7) & 31; }
static inline uint32_t insn_funct3(uint32_t i) { return (i >> 12) & 7; }
static inline uint32_t insn_rs1(uint32_t i) { return (i >> 15) & 31; }
static inline uint32_t insn_rs2(uint32_t i) { return (i >> 20) & 31; }
static inline uint32_t insn_funct7(uint32_t i) { return i >> 25; }

/* The immediates.  Right shifts of negative values are arithmetic in GCC
 * (and Clang), the compilers every part of vm74 is built with. */
static inline uint32_t insn_imm_i(uint32_t i)
{
    return (uint32_t)((int32_t)i >> 20);
}

static inline uint32_t insn_imm_s(uint32_t i)
{
    return (uint32_t)((int32_t)(i & 0xfe000000u) >> 20) | ((i >> 7) & 0x1f);
}

static inline uint32_t insn_imm_b(uint32_t i)
{
    return (uint32_t)((int32_t)(i & 0x80000000u) >> 19) /* imm[12] */
           | ((i & 0x80) << 4)                          /* imm[11] */
           | ((i >> 20) & 0x7e0)                        /* imm[10:5] */
           | ((i >> 7) & 0x1e);                         /* imm[4:1] */
}

static inline uint32_t insn_imm_u(uint32_t i) { return i & 0xfffff000u; }

static inline uint32_t insn_imm_j(uint32_t i)
{
    return (uint32_t)((int32_t)(i & 0x80000000u) >> 11) /* imm[20] */
           | (i & 0xff000)                              /* imm[19:12] */
           | ((i >> 9) & 0x800)                         /* imm[11] */
           | ((i >> 20) & 0x7fe);                       /* imm[10:1] */
}

#endif /* __ASSEMBLER__ */
#endif /* VM74_INSN_H */
