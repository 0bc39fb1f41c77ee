/*
 * pg_decode.c - names for instruction words, from their fields only.
 *
 * The names group pgcheck's results into the rows of its table; they never
 * decide a verdict.  The patterns follow docs/isa.md §4 and §9 (and the
 * RISC-V unprivileged manual for RV32IM), written as mask/match pairs so
 * that the list reads like the specification's encoding tables.
 */
#include <stdio.h>

#include "pg_internal.h"
#include "vm74_insn.h"

#define MASK_OPCODE 0x0000007fu
#define MASK_F3     0x0000707fu /* opcode + funct3 */
#define MASK_F7     0xfe00707fu /* opcode + funct3 + funct7 */
#define MASK_ALL    0xffffffffu
#define MASK_RD     0x00000f80u
#define MASK_RS1    0x000f8000u
#define MASK_IMM_I  0xfff00000u

#define F3(op, f3) ((uint32_t)(op) | (uint32_t)(f3) << 12)
#define F7(op, f3, f7) (F3(op, f3) | (uint32_t)(f7) << 25)

#define U(name, op) { name, MASK_OPCODE, op, true }
#define I(name, op, f3) { name, MASK_F3, F3(op, f3), true }
#define R(name, op, f3, f7) { name, MASK_F7, F7(op, f3, f7), true }

const struct pg_pattern pg_patterns[] = {
    /* RV32I ALU (shift immediates: funct7 holds imm[11:5], §4.1) */
    U("LUI", OPC_LUI), U("AUIPC", OPC_AUIPC),
    I("ADDI", OPC_OP_IMM, 0), I("SLTI", OPC_OP_IMM, 2),
    I("SLTIU", OPC_OP_IMM, 3), I("XORI", OPC_OP_IMM, 4),
    I("ORI", OPC_OP_IMM, 6), I("ANDI", OPC_OP_IMM, 7),
    R("SLLI", OPC_OP_IMM, 1, 0x00), R("SRLI", OPC_OP_IMM, 5, 0x00),
    R("SRAI", OPC_OP_IMM, 5, 0x20),
    R("ADD", OPC_OP, 0, 0x00), R("SUB", OPC_OP, 0, 0x20),
    R("SLL", OPC_OP, 1, 0x00), R("SLT", OPC_OP, 2, 0x00),
    R("SLTU", OPC_OP, 3, 0x00), R("XOR", OPC_OP, 4, 0x00),
    R("SRL", OPC_OP, 5, 0x00), R("SRA", OPC_OP, 5, 0x20),
    R("OR", OPC_OP, 6, 0x00), R("AND", OPC_OP, 7, 0x00),
    /* RV32M */
    R("MUL", OPC_OP, 0, 0x01), R("MULH", OPC_OP, 1, 0x01),
    R("MULHSU", OPC_OP, 2, 0x01), R("MULHU", OPC_OP, 3, 0x01),
    R("DIV", OPC_OP, 4, 0x01), R("DIVU", OPC_OP, 5, 0x01),
    R("REM", OPC_OP, 6, 0x01), R("REMU", OPC_OP, 7, 0x01),
    /* control transfer */
    U("JAL", OPC_JAL), I("JALR", OPC_JALR, 0),
    I("BEQ", OPC_BRANCH, 0), I("BNE", OPC_BRANCH, 1),
    I("BLT", OPC_BRANCH, 4), I("BGE", OPC_BRANCH, 5),
    I("BLTU", OPC_BRANCH, 6), I("BGEU", OPC_BRANCH, 7),
    /* loads and stores */
    I("LB", OPC_LOAD, 0), I("LH", OPC_LOAD, 1), I("LW", OPC_LOAD, 2),
    I("LBU", OPC_LOAD, 4), I("LHU", OPC_LOAD, 5),
    I("SB", OPC_STORE, 0), I("SH", OPC_STORE, 1), I("SW", OPC_STORE, 2),
    /* every FENCE is a no-op (§4.1) */
    I("FENCE", OPC_MISC_MEM, 0),
    /* §4.2: exact words */
    { "ECALL", MASK_ALL, VM74_INSN_ECALL, true },
    { "EBREAK", MASK_ALL, VM74_INSN_EBREAK, true },
    /* §4.3: LPSW needs rd = x0; WFI is one word */
    { "LPSW", MASK_F3 | MASK_RD, F3(VM74_OPC_CUSTOM0, VM74_F3_LPSW), true },
    { "WFI", MASK_ALL, VM74_INSN_WFI, true },
    /* reserved for the flawed variants (§4.3), named, never directed:
     * RDMODE rd and RDBASE rd (imm 0, rs1 x0), JRSTU rs1 (imm 0, rd x0) */
    { "RDMODE", MASK_IMM_I | MASK_RS1 | MASK_F3,
      F3(VM74_OPC_CUSTOM0, VM74_F3_RDMODE), false },
    { "JRSTU", MASK_IMM_I | MASK_RD | MASK_F3,
      F3(VM74_OPC_CUSTOM0, VM74_F3_JRSTU), false },
    { "RDBASE", MASK_IMM_I | MASK_RS1 | MASK_F3,
      F3(VM74_OPC_CUSTOM0, VM74_F3_RDBASE), false },
};

const size_t pg_n_patterns = sizeof pg_patterns / sizeof pg_patterns[0];

int pg_decode(uint32_t word)
{
    for (size_t i = 0; i < pg_n_patterns; i++)
        if ((word & pg_patterns[i].mask) == pg_patterns[i].match)
            return (int)i;
    return -1;
}

/* RISC-V's names for the major opcodes (unprivileged manual, table 24.1). */
static const char *major_opcode_name(uint32_t op)
{
    switch (op) {
    case 0x03: return "LOAD";      case 0x07: return "LOAD-FP";
    case 0x0b: return "custom-0";  case 0x0f: return "MISC-MEM";
    case 0x13: return "OP-IMM";    case 0x17: return "AUIPC";
    case 0x1b: return "OP-IMM-32"; case 0x23: return "STORE";
    case 0x27: return "STORE-FP";  case 0x2b: return "custom-1";
    case 0x2f: return "AMO";       case 0x33: return "OP";
    case 0x37: return "LUI";       case 0x3b: return "OP-32";
    case 0x43: return "MADD";      case 0x47: return "MSUB";
    case 0x4b: return "NMSUB";     case 0x4f: return "NMADD";
    case 0x53: return "OP-FP";     case 0x57: return "OP-V";
    case 0x5b: return "custom-2";  case 0x63: return "BRANCH";
    case 0x67: return "JALR";      case 0x6f: return "JAL";
    case 0x73: return "SYSTEM";    case 0x7b: return "custom-3";
    default: return NULL;
    }
}

void pg_field_name(uint32_t word, char *buf, size_t len)
{
    uint32_t op = insn_opcode(word), f3 = insn_funct3(word);
    const char *major = major_opcode_name(op);
    if (major != NULL)
        snprintf(buf, len, "%s/f3=%u", major, f3);
    else
        snprintf(buf, len, "op=0x%02x/f3=%u", op, f3);
}
