/*
 * enc.h - instruction encoders: RV32IM and vm74's own.  Used by the tests
 * and by the random program generator (tools/gen).
 *
 * Written from the field layouts of the RISC-V Unprivileged ISA (20191213,
 * chapter 2 "Base Instruction Formats" and "Immediate Encoding Variants")
 * and docs/isa.md §4.3, so that a test can build any word, legal or not,
 * without an assembler.  test_enc checks them against GNU as.
 *
 * Immediates and offsets are taken as signed ints and truncated to their
 * field; callers that want an out-of-range value get its low bits, which
 * is exactly what the illegal-encoding tests need.
 */
#ifndef VM74_ENC_H
#define VM74_ENC_H

#include <stddef.h>
#include <stdint.h>

#include "vm74_arch.h"
#include "vm74_insn.h" /* the major opcodes; the decoders of these fields */

static inline uint32_t bits(uint32_t v, int hi, int lo)
{
    return (v >> lo) & ((hi - lo == 31) ? 0xffffffffu : ((1u << (hi - lo + 1)) - 1));
}

/* ---- The six formats ------------------------------------------------- */

static inline uint32_t enc_r(uint32_t funct7, int rs2, int rs1, uint32_t funct3,
                             int rd, uint32_t opcode)
{
    return (funct7 & 0x7f) << 25 | ((uint32_t)rs2 & 31) << 20 |
           ((uint32_t)rs1 & 31) << 15 | (funct3 & 7) << 12 |
           ((uint32_t)rd & 31) << 7 | (opcode & 0x7f);
}

static inline uint32_t enc_i(int32_t imm, int rs1, uint32_t funct3, int rd,
                             uint32_t opcode)
{
    return bits((uint32_t)imm, 11, 0) << 20 | ((uint32_t)rs1 & 31) << 15 |
           (funct3 & 7) << 12 | ((uint32_t)rd & 31) << 7 | (opcode & 0x7f);
}

static inline uint32_t enc_s(int32_t imm, int rs2, int rs1, uint32_t funct3,
                             uint32_t opcode)
{
    uint32_t u = (uint32_t)imm;
    return bits(u, 11, 5) << 25 | ((uint32_t)rs2 & 31) << 20 |
           ((uint32_t)rs1 & 31) << 15 | (funct3 & 7) << 12 |
           bits(u, 4, 0) << 7 | (opcode & 0x7f);
}

/* B-type: the offset is a multiple of 2; bit 0 is not encoded. */
static inline uint32_t enc_b(int32_t off, int rs2, int rs1, uint32_t funct3,
                             uint32_t opcode)
{
    uint32_t u = (uint32_t)off;
    return bits(u, 12, 12) << 31 | bits(u, 10, 5) << 25 |
           ((uint32_t)rs2 & 31) << 20 | ((uint32_t)rs1 & 31) << 15 |
           (funct3 & 7) << 12 | bits(u, 4, 1) << 8 | bits(u, 11, 11) << 7 |
           (opcode & 0x7f);
}

/* U-type: imm20 is the 20-bit field that lands in bits 31:12. */
static inline uint32_t enc_u(uint32_t imm20, int rd, uint32_t opcode)
{
    return (imm20 & 0xfffff) << 12 | ((uint32_t)rd & 31) << 7 | (opcode & 0x7f);
}

/* J-type: the offset is a multiple of 2; bit 0 is not encoded. */
static inline uint32_t enc_j(int32_t off, int rd, uint32_t opcode)
{
    uint32_t u = (uint32_t)off;
    return bits(u, 20, 20) << 31 | bits(u, 10, 1) << 21 | bits(u, 11, 11) << 20 |
           bits(u, 19, 12) << 12 | ((uint32_t)rd & 31) << 7 | (opcode & 0x7f);
}

/* ---- RV32I ----------------------------------------------------------- */

static inline uint32_t enc_lui(int rd, uint32_t imm20) { return enc_u(imm20, rd, OPC_LUI); }
static inline uint32_t enc_auipc(int rd, uint32_t imm20) { return enc_u(imm20, rd, OPC_AUIPC); }
static inline uint32_t enc_jal(int rd, int32_t off) { return enc_j(off, rd, OPC_JAL); }
static inline uint32_t enc_jalr(int rd, int rs1, int32_t imm) { return enc_i(imm, rs1, 0, rd, OPC_JALR); }

static inline uint32_t enc_beq(int rs1, int rs2, int32_t off) { return enc_b(off, rs2, rs1, 0, OPC_BRANCH); }
static inline uint32_t enc_bne(int rs1, int rs2, int32_t off) { return enc_b(off, rs2, rs1, 1, OPC_BRANCH); }
static inline uint32_t enc_blt(int rs1, int rs2, int32_t off) { return enc_b(off, rs2, rs1, 4, OPC_BRANCH); }
static inline uint32_t enc_bge(int rs1, int rs2, int32_t off) { return enc_b(off, rs2, rs1, 5, OPC_BRANCH); }
static inline uint32_t enc_bltu(int rs1, int rs2, int32_t off) { return enc_b(off, rs2, rs1, 6, OPC_BRANCH); }
static inline uint32_t enc_bgeu(int rs1, int rs2, int32_t off) { return enc_b(off, rs2, rs1, 7, OPC_BRANCH); }

static inline uint32_t enc_lb(int rd, int rs1, int32_t imm) { return enc_i(imm, rs1, 0, rd, OPC_LOAD); }
static inline uint32_t enc_lh(int rd, int rs1, int32_t imm) { return enc_i(imm, rs1, 1, rd, OPC_LOAD); }
static inline uint32_t enc_lw(int rd, int rs1, int32_t imm) { return enc_i(imm, rs1, 2, rd, OPC_LOAD); }
static inline uint32_t enc_lbu(int rd, int rs1, int32_t imm) { return enc_i(imm, rs1, 4, rd, OPC_LOAD); }
static inline uint32_t enc_lhu(int rd, int rs1, int32_t imm) { return enc_i(imm, rs1, 5, rd, OPC_LOAD); }

static inline uint32_t enc_sb(int rs2, int rs1, int32_t imm) { return enc_s(imm, rs2, rs1, 0, OPC_STORE); }
static inline uint32_t enc_sh(int rs2, int rs1, int32_t imm) { return enc_s(imm, rs2, rs1, 1, OPC_STORE); }
static inline uint32_t enc_sw(int rs2, int rs1, int32_t imm) { return enc_s(imm, rs2, rs1, 2, OPC_STORE); }

static inline uint32_t enc_addi(int rd, int rs1, int32_t imm) { return enc_i(imm, rs1, 0, rd, OPC_OP_IMM); }
static inline uint32_t enc_slti(int rd, int rs1, int32_t imm) { return enc_i(imm, rs1, 2, rd, OPC_OP_IMM); }
static inline uint32_t enc_sltiu(int rd, int rs1, int32_t imm) { return enc_i(imm, rs1, 3, rd, OPC_OP_IMM); }
static inline uint32_t enc_xori(int rd, int rs1, int32_t imm) { return enc_i(imm, rs1, 4, rd, OPC_OP_IMM); }
static inline uint32_t enc_ori(int rd, int rs1, int32_t imm) { return enc_i(imm, rs1, 6, rd, OPC_OP_IMM); }
static inline uint32_t enc_andi(int rd, int rs1, int32_t imm) { return enc_i(imm, rs1, 7, rd, OPC_OP_IMM); }

/* Shift immediates: imm[11:5] is funct7 and imm[4:0] is shamt; shamt may
 * be given up to 63 so that tests can set imm[5] (illegal on RV32). */
static inline uint32_t enc_shift_imm(uint32_t funct7, int rd, int rs1,
                                     uint32_t shamt, uint32_t funct3)
{
    return (funct7 & 0x7f) << 25 | (shamt & 0x3f) << 20 | ((uint32_t)rs1 & 31) << 15 |
           (funct3 & 7) << 12 | ((uint32_t)rd & 31) << 7 | OPC_OP_IMM;
}
static inline uint32_t enc_slli(int rd, int rs1, uint32_t sh) { return enc_shift_imm(0x00, rd, rs1, sh, 1); }
static inline uint32_t enc_srli(int rd, int rs1, uint32_t sh) { return enc_shift_imm(0x00, rd, rs1, sh, 5); }
static inline uint32_t enc_srai(int rd, int rs1, uint32_t sh) { return enc_shift_imm(0x20, rd, rs1, sh, 5); }

static inline uint32_t enc_add(int rd, int rs1, int rs2) { return enc_r(0x00, rs2, rs1, 0, rd, OPC_OP); }
static inline uint32_t enc_sub(int rd, int rs1, int rs2) { return enc_r(0x20, rs2, rs1, 0, rd, OPC_OP); }
static inline uint32_t enc_sll(int rd, int rs1, int rs2) { return enc_r(0x00, rs2, rs1, 1, rd, OPC_OP); }
static inline uint32_t enc_slt(int rd, int rs1, int rs2) { return enc_r(0x00, rs2, rs1, 2, rd, OPC_OP); }
static inline uint32_t enc_sltu(int rd, int rs1, int rs2) { return enc_r(0x00, rs2, rs1, 3, rd, OPC_OP); }
static inline uint32_t enc_xor(int rd, int rs1, int rs2) { return enc_r(0x00, rs2, rs1, 4, rd, OPC_OP); }
static inline uint32_t enc_srl(int rd, int rs1, int rs2) { return enc_r(0x00, rs2, rs1, 5, rd, OPC_OP); }
static inline uint32_t enc_sra(int rd, int rs1, int rs2) { return enc_r(0x20, rs2, rs1, 5, rd, OPC_OP); }
static inline uint32_t enc_or(int rd, int rs1, int rs2) { return enc_r(0x00, rs2, rs1, 6, rd, OPC_OP); }
static inline uint32_t enc_and(int rd, int rs1, int rs2) { return enc_r(0x00, rs2, rs1, 7, rd, OPC_OP); }

/* FENCE: fm[3:0] pred[3:0] succ[3:0] rs1 000 rd 0001111; pred/succ bits
 * are I O R W from high to low. */
static inline uint32_t enc_fence_full(uint32_t fm, uint32_t pred, uint32_t succ,
                                      int rs1, int rd)
{
    int32_t imm = (int32_t)((fm & 15) << 8 | (pred & 15) << 4 | (succ & 15));
    return enc_i(imm, rs1, 0, rd, OPC_MISC_MEM);
}
static inline uint32_t enc_fence(uint32_t pred, uint32_t succ) { return enc_fence_full(0, pred, succ, 0, 0); }
static inline uint32_t enc_fence_tso(void) { return enc_fence_full(8, 3, 3, 0, 0); }
static inline uint32_t enc_pause(void) { return enc_fence_full(0, 1, 0, 0, 0); }
static inline uint32_t enc_fence_i(void) { return enc_i(0, 0, 1, 0, OPC_MISC_MEM); }

static inline uint32_t enc_ecall(void) { return enc_i(0, 0, 0, 0, OPC_SYSTEM); }
static inline uint32_t enc_ebreak(void) { return enc_i(1, 0, 0, 0, OPC_SYSTEM); }

/* ---- RV32M: OP with funct7 0000001 ---------------------------------- */

static inline uint32_t enc_mul(int rd, int rs1, int rs2) { return enc_r(0x01, rs2, rs1, 0, rd, OPC_OP); }
static inline uint32_t enc_mulh(int rd, int rs1, int rs2) { return enc_r(0x01, rs2, rs1, 1, rd, OPC_OP); }
static inline uint32_t enc_mulhsu(int rd, int rs1, int rs2) { return enc_r(0x01, rs2, rs1, 2, rd, OPC_OP); }
static inline uint32_t enc_mulhu(int rd, int rs1, int rs2) { return enc_r(0x01, rs2, rs1, 3, rd, OPC_OP); }
static inline uint32_t enc_div(int rd, int rs1, int rs2) { return enc_r(0x01, rs2, rs1, 4, rd, OPC_OP); }
static inline uint32_t enc_divu(int rd, int rs1, int rs2) { return enc_r(0x01, rs2, rs1, 5, rd, OPC_OP); }
static inline uint32_t enc_rem(int rd, int rs1, int rs2) { return enc_r(0x01, rs2, rs1, 6, rd, OPC_OP); }
static inline uint32_t enc_remu(int rd, int rs1, int rs2) { return enc_r(0x01, rs2, rs1, 7, rd, OPC_OP); }

/* ---- Zicsr and privileged RISC-V words: all illegal on vm74 --------- */

static inline uint32_t enc_csrrw(int rd, uint32_t csr, int rs1) { return enc_i((int32_t)csr, rs1, 1, rd, OPC_SYSTEM); }
static inline uint32_t enc_csrrs(int rd, uint32_t csr, int rs1) { return enc_i((int32_t)csr, rs1, 2, rd, OPC_SYSTEM); }
static inline uint32_t enc_csrrc(int rd, uint32_t csr, int rs1) { return enc_i((int32_t)csr, rs1, 3, rd, OPC_SYSTEM); }
static inline uint32_t enc_csrrwi(int rd, uint32_t csr, uint32_t z) { return enc_i((int32_t)csr, (int)z, 5, rd, OPC_SYSTEM); }
static inline uint32_t enc_csrrsi(int rd, uint32_t csr, uint32_t z) { return enc_i((int32_t)csr, (int)z, 6, rd, OPC_SYSTEM); }
static inline uint32_t enc_csrrci(int rd, uint32_t csr, uint32_t z) { return enc_i((int32_t)csr, (int)z, 7, rd, OPC_SYSTEM); }
static inline uint32_t enc_mret(void) { return enc_r(0x18, 2, 0, 0, 0, OPC_SYSTEM); }
static inline uint32_t enc_sret(void) { return enc_r(0x08, 2, 0, 0, 0, OPC_SYSTEM); }
static inline uint32_t enc_rv_wfi(void) { return enc_r(0x08, 5, 0, 0, 0, OPC_SYSTEM); }
static inline uint32_t enc_sfence_vma(int rs1, int rs2) { return enc_r(0x09, rs2, rs1, 0, 0, OPC_SYSTEM); }

#define CSR_CYCLE 0xc00u
#define CSR_TIME 0xc01u
#define CSR_INSTRET 0xc02u
#define CSR_MSTATUS 0x300u

/* ---- vm74 (docs/isa.md §4.3) ----------------------------------------- */

static inline uint32_t enc_lpsw(int rs1, int32_t imm) { return enc_i(imm, rs1, VM74_F3_LPSW, 0, OPC_CUSTOM0); }
/* LPSW with a non-zero rd: an illegal word, for the tests. */
static inline uint32_t enc_lpsw_rd(int rd, int rs1, int32_t imm) { return enc_i(imm, rs1, VM74_F3_LPSW, rd, OPC_CUSTOM0); }
static inline uint32_t enc_wfi(void) { return enc_i(0, 0, VM74_F3_WFI, 0, OPC_CUSTOM0); }
/* The flawed variants' instructions (each exists in its variant only). */
static inline uint32_t enc_rdmode(int rd) { return enc_i(0, 0, VM74_F3_RDMODE, rd, OPC_CUSTOM0); }
static inline uint32_t enc_jrstu(int rs1) { return enc_i(0, rs1, VM74_F3_JRSTU, 0, OPC_CUSTOM0); }
static inline uint32_t enc_rdbase(int rd) { return enc_i(0, 0, VM74_F3_RDBASE, rd, OPC_CUSTOM0); }

/* ---- Pseudo-instructions ------------------------------------------- */

/* Append "load the 32-bit constant v into rd" (LUI + ADDI) at w[n];
 * returns the new count.  ADDI sign-extends, so LUI takes the rounded
 * upper part. */
static inline size_t enc_li(uint32_t *w, size_t n, int rd, uint32_t v)
{
    uint32_t lo = v & 0xfff;
    int32_t lo_signed = lo >= 0x800 ? (int32_t)lo - 0x1000 : (int32_t)lo;
    w[n++] = enc_lui(rd, (v - (uint32_t)lo_signed) >> 12);
    w[n++] = enc_addi(rd, rd, lo_signed);
    return n;
}

#endif /* VM74_ENC_H */
