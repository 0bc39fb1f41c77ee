/*
 * illegal_sweep.c - undefined encodings trap ILLEGAL in both modes
 * (docs/isa.md §4.4, §9): info = the word, saved P = its address, the old
 * PSW exact, no register written (rd fields are filled in).  ILLEGAL comes
 * before PRIVILEGED (§5), so custom-0 words that are not LPSW/WFI are
 * ILLEGAL in user mode too.
 *
 * Each class of words is generated below from the encoding fields and
 * written, one word at a time, into a code slot (stores to code are seen
 * by the next fetch: no FENCE.I on vm74), which then runs under a
 * supervisor PSW and under a user PSW with a non-zero base.  A last class
 * checks the opposite: every form of FENCE is a no-op (§4.1).
 */
#include "conf.h"

#define SLOT CONF_SLOT  /* the word; a guard follows it */
#define MAX_WORDS 1200

/* Major opcodes (bits 6:0) */
enum {
    OP_LOAD = 0x03, OP_CUSTOM0 = 0x0b, OP_MISC_MEM = 0x0f, OP_IMM = 0x13,
    OP_AUIPC = 0x17, OP_STORE = 0x23, OP_CUSTOM1 = 0x2b, OP_AMO = 0x2f,
    OP_OP = 0x33, OP_LUI = 0x37, OP_CUSTOM2 = 0x5b, OP_BRANCH = 0x63,
    OP_JALR = 0x67, OP_JAL = 0x6f, OP_SYSTEM = 0x73, OP_CUSTOM3 = 0x7b,
    OP_LOAD_FP = 0x07, OP_STORE_FP = 0x27, OP_MADD = 0x43, OP_MSUB = 0x47,
    OP_NMSUB = 0x4b, OP_NMADD = 0x4f, OP_FP = 0x53,
};

/* ---- The word lists ------------------------------------------------------ */

static uint32_t words[MAX_WORDS];
static unsigned nwords;

static void add(uint32_t w)
{
    if (nwords == MAX_WORDS)
        conf_fail("internal: word list full");
    words[nwords++] = w;
}

/* CSR numbers: user counters, the machine/supervisor/user trap CSRs,
 * floating point, debug, IDs, and both ends of the space. */
static const uint16_t csrs[] = {
    0x000, 0x001, 0x002, 0x003, 0x004, 0x005, 0x040, 0x041, 0x042, 0x043,
    0x044, 0x100, 0x104, 0x105, 0x106, 0x140, 0x141, 0x142, 0x143, 0x144,
    0x180, 0x300, 0x301, 0x302, 0x303, 0x304, 0x305, 0x306, 0x310, 0x340,
    0x341, 0x342, 0x343, 0x344, 0x3a0, 0x3b0, 0x7a0, 0x7b0, 0x7b1, 0xb00,
    0xb02, 0xb80, 0xb82, 0xc00, 0xc01, 0xc02, 0xc03, 0xc1f, 0xc80, 0xc81,
    0xc82, 0xf11, 0xf12, 0xf13, 0xf14, 0xfff,
};

/* CSRRW/CSRRS/CSRRC (funct3 1-3) and the immediate forms (5-7), with
 * rd/rs1 = a0/a1 (write and read), a0/x0 (read only: RDCYCLE, RDTIME,
 * RDINSTRET are CSRRS a0, c0x, x0) and x0/x0. */
static void gen_system_csr(void)
{
    static const uint32_t f3s[] = { 1, 2, 3, 5, 6, 7 };
    static const uint32_t rd_rs1[][2] = { { A0, A1 }, { A0, 0 }, { 0, 0 } };
    for (unsigned c = 0; c < sizeof csrs / sizeof csrs[0]; c++)
        for (unsigned f = 0; f < 6; f++)
            for (unsigned r = 0; r < 3; r++)
                add(enc_i(csrs[c], rd_rs1[r][1], f3s[f], rd_rs1[r][0],
                          OP_SYSTEM));
}

/* Funct3 0 but not the two exact words: the RISC-V returns, WFI and fences,
 * and funct3 4 (unused by RISC-V's base; the hypervisor's loads/stores). */
static void gen_system_priv(void)
{
    add(0x00200073); /* URET */
    add(0x10200073); /* SRET */
    add(0x30200073); /* MRET */
    add(0x7b200073); /* DRET */
    add(0x10500073); /* WFI (RISC-V's) */
    add(0x12000073); /* SFENCE.VMA x0, x0 */
    add(enc_r(0x09, A1, A0, 0, 0, OP_SYSTEM)); /* SFENCE.VMA a0, a1 */
    add(enc_r(0x11, 0, 0, 0, 0, OP_SYSTEM));   /* HFENCE.VVMA */
    add(enc_r(0x31, 0, 0, 0, 0, OP_SYSTEM));   /* HFENCE.GVMA */
    add(enc_r(0x0b, 0, 0, 0, 0, OP_SYSTEM));   /* SINVAL.VMA */
    add(enc_i(0x000, 0, 4, 0, OP_SYSTEM));
    add(enc_i(0x600, A0, 4, A1, OP_SYSTEM)); /* HLV.B a1, (a0) */
    add(enc_i(0xfff, A1, 4, A0, OP_SYSTEM));
}

/* ECALL and EBREAK with one more bit set anywhere outside the opcode
 * (bit 20 turns one into the other, so it is skipped). */
static void gen_system_ecall_bits(void)
{
    for (int bit = 7; bit < 32; bit++) {
        if (bit == 20)
            continue;
        add(VM74_INSN_ECALL | (1u << bit));
        add(VM74_INSN_EBREAK | (1u << bit));
    }
}

/* custom-0: funct3 2-7 (2, 3 and 4 are RDMODE, JRSTU and RDBASE in the
 * flawed variants only), LPSW with rd != x0, and WFI with any other bit
 * set. */
static void gen_custom0(void)
{
    for (uint32_t f3 = 2; f3 < 8; f3++) {
        add(enc_i(0, 0, f3, 0, OP_CUSTOM0));
        add(enc_i(0, 0, f3, A0, OP_CUSTOM0)); /* RDMODE a0, RDBASE a0 */
        add(enc_i(0, A0, f3, 0, OP_CUSTOM0)); /* JRSTU a0 */
        add(enc_i(0x123, A1, f3, A0, OP_CUSTOM0));
        add(enc_i(0xfff, T6, f3, T6, OP_CUSTOM0));
    }
    for (uint32_t rd = 1; rd < 32; rd++)
        add(enc_i(0, A0, VM74_F3_LPSW, rd, OP_CUSTOM0));
    for (int bit = 7; bit < 32; bit++)
        if (bit < 12 || bit > 14)
            add(VM74_INSN_WFI | (1u << bit));
}

/* Every major opcode that RV32IM and vm74 do not define, every funct3,
 * with fields set and clear: custom-1/2/3, AMO, the FP opcodes, RV64's
 * OP-32/OP-IMM-32, vector, the 48/64-bit prefixes, the reserved ones. */
static void gen_reserved_opcodes(void)
{
    static const uint32_t defined[] = {
        OP_LOAD, OP_CUSTOM0, OP_MISC_MEM, OP_IMM, OP_AUIPC, OP_STORE,
        OP_OP, OP_LUI, OP_BRANCH, OP_JALR, OP_JAL, OP_SYSTEM,
    };
    for (uint32_t op5 = 0; op5 < 32; op5++) {
        uint32_t op = (op5 << 2) | 3;
        int is_defined = 0;
        for (unsigned d = 0; d < sizeof defined / sizeof defined[0]; d++)
            is_defined |= defined[d] == op;
        if (is_defined)
            continue;
        for (uint32_t f3 = 0; f3 < 8; f3++) {
            add(enc_r(0, 0, 0, f3, 0, op));
            add(enc_r(0x01, A2, A1, f3, A0, op));
        }
        add(0xfffff000u | (7u << 12) | op); /* all other bits set */
    }
}

/* Named words of the A, F and D extensions. */
static void gen_afd(void)
{
    add(enc_r(0x08, 0, A0, 2, A1, OP_AMO));  /* LR.W a1, (a0) */
    add(enc_r(0x0c, A2, A0, 2, A1, OP_AMO)); /* SC.W */
    add(enc_r(0x04, A2, A0, 2, A1, OP_AMO)); /* AMOSWAP.W */
    add(enc_r(0x00, A2, A0, 2, A1, OP_AMO)); /* AMOADD.W */
    add(enc_r(0x13, A2, A0, 2, A1, OP_AMO)); /* AMOADD.W.aqrl */
    add(enc_r(0x20, A2, A0, 2, A1, OP_AMO)); /* AMOOR.W */
    add(enc_r(0x50, A2, A0, 2, A1, OP_AMO)); /* AMOMIN.W */
    add(enc_r(0x70, A2, A0, 2, A1, OP_AMO)); /* AMOMAXU.W */
    add(enc_i(0, A0, 2, 1, OP_LOAD_FP));     /* FLW f1, 0(a0) */
    add(enc_i(8, A0, 3, 1, OP_LOAD_FP));     /* FLD f1, 8(a0) */
    add(enc_r(0, 1, A0, 2, 0, OP_STORE_FP)); /* FSW f1, 0(a0) */
    add(enc_r(0, 1, A0, 3, 0, OP_STORE_FP)); /* FSD f1, 0(a0) */
    add(enc_r(0x00, 2, 1, 7, 3, OP_FP));     /* FADD.S */
    add(enc_r(0x01, 2, 1, 7, 3, OP_FP));     /* FADD.D */
    add(enc_r(0x70, 0, 1, 0, A0, OP_FP));    /* FMV.X.W a0, f1 */
    add(enc_r(0x78, 0, A0, 0, 1, OP_FP));    /* FMV.W.X f1, a0 */
    add(enc_r(0x68, 0, A0, 7, 1, OP_FP));    /* FCVT.S.W */
    add(enc_r(0x18, 2, 1, 7, 3, OP_MADD));   /* FMADD.S (rs3 = f3) */
    add(enc_r(0x18, 2, 1, 7, 3, OP_MSUB));
    add(enc_r(0x18, 2, 1, 7, 3, OP_NMSUB));
    add(enc_r(0x18, 2, 1, 7, 3, OP_NMADD));
    add(0x00302573); /* FRCSR a0 (CSRRS a0, fcsr, x0) */
}

/* MISC-MEM other than FENCE: FENCE.I (funct3 1) and funct3 2-7. */
static void gen_misc_mem(void)
{
    add(0x0000100f); /* FENCE.I */
    for (uint32_t f3 = 1; f3 < 8; f3++) {
        add(enc_i(0, 0, f3, 0, OP_MISC_MEM));
        add(enc_i(0x0ff, A1, f3, A0, OP_MISC_MEM));
    }
}

/* RV32IM opcodes with funct3/funct7 values that RV32IM leaves undefined. */
static void gen_rv32_funct(void)
{
    for (uint32_t f3 = 1; f3 < 8; f3++)
        add(enc_i(0, A0, f3, RA, OP_JALR));
    add(enc_r(0, A1, A0, 2, 8, OP_BRANCH));
    add(enc_r(0, A1, A0, 3, 8, OP_BRANCH));
    add(enc_i(0, A0, 3, A1, OP_LOAD)); /* LD */
    add(enc_i(0, A0, 6, A1, OP_LOAD)); /* LWU */
    add(enc_i(0, A0, 7, A1, OP_LOAD));
    for (uint32_t f3 = 3; f3 < 8; f3++) /* SD and beyond */
        add(enc_r(0, A1, A0, f3, 0, OP_STORE));
    /* shifts by immediate: imm[5] set or a wrong imm[11:5] */
    static const uint32_t slli_f7[] = { 0x01, 0x20, 0x40, 0x7f, 0x02 };
    static const uint32_t srli_f7[] = { 0x01, 0x10, 0x40, 0x7f, 0x21 };
    static const uint32_t srai_f7[] = { 0x21, 0x60, 0x7f, 0x01, 0x30 };
    for (unsigned i = 0; i < 5; i++) {
        add(enc_r(slli_f7[i], 3, A1, 1, A0, OP_IMM));
        add(enc_r(srli_f7[i], 3, A1, 5, A0, OP_IMM));
        add(enc_r(srai_f7[i], 3, A1, 5, A0, OP_IMM));
    }
    /* OP with funct7 other than 0000000, 0100000, 0000001 */
    static const uint32_t op_f7[] = { 0x02, 0x04, 0x08, 0x10, 0x40, 0x7f,
                                      0x21, 0x05 };
    for (unsigned i = 0; i < sizeof op_f7 / sizeof op_f7[0]; i++)
        for (uint32_t f3 = 0; f3 < 8; f3++)
            add(enc_r(op_f7[i], A2, A1, f3, A0, OP_OP));
    /* funct7 0100000 is SUB and SRA only */
    static const uint32_t sub_f3[] = { 1, 2, 3, 4, 6, 7 };
    for (unsigned i = 0; i < 6; i++)
        add(enc_r(0x20, A2, A1, sub_f3[i], A0, OP_OP));
}

/* Words whose low two bits are not 11: the compressed space, and real
 * instructions with those bits changed. */
static void gen_low_bits(void)
{
    static const uint32_t real[] = {
        0x00150513, /* addi a0, a0, 1 */
        VM74_INSN_ECALL, VM74_INSN_EBREAK, VM74_INSN_WFI,
        0x0005000b, /* LPSW 0(a0) */
        0x0000006f, /* jal x0, 0 */
        0x00052583, /* lw a1, 0(a0) */
        0xffffffff,
    };
    for (unsigned i = 0; i < sizeof real / sizeof real[0]; i++)
        for (uint32_t low = 0; low < 3; low++)
            add((real[i] & ~3u) | low);
    add(0x00000001); /* c.nop */
    add(0x00004501); /* c.li a0, 0 */
    add(0x00008082); /* c.ret */
    add(0x45018082); /* c.ret; c.li a0, 0 as one word */
    for (uint32_t op5 = 0; op5 < 32; op5++)
        for (uint32_t low = 0; low < 3; low++)
            add(0x00c58500 | (op5 << 2) | low);
}

struct word_class {
    const char *name;        /* check name stem */
    void (*generate)(void);
};

static const struct word_class classes[] = {
    { "illegal_system_csr", gen_system_csr },
    { "illegal_system_priv", gen_system_priv },
    { "illegal_system_ecall_ebreak_bits", gen_system_ecall_bits },
    { "illegal_custom0", gen_custom0 },
    { "illegal_reserved_opcodes", gen_reserved_opcodes },
    { "illegal_a_f_d", gen_afd },
    { "illegal_misc_mem", gen_misc_mem },
    { "illegal_rv32_funct", gen_rv32_funct },
    { "illegal_low_bits", gen_low_bits },
};

/* ---- Running them ---------------------------------------------------- */

/* The modes: supervisor with R = all (the slot at its physical address),
 * supervisor under a base, and user under a base with the bound right
 * after the guard.  Interrupts are enabled where the timer is disarmed,
 * to show IE is kept in the old PSW. */
static const struct {
    const char *suffix;
    struct conf_psw psw;
} modes[] = {
    { "_supervisor", { CONF_S, SLOT, 0, VM74_BOUND_ALL } },
    { "_supervisor_relocated", { CONF_SI, 0x40, SLOT - 0x40, 0x48 } },
    { "_user", { CONF_U, 0, SLOT, 8 } },
    { "_user_ie", { CONF_UI, 0x100, SLOT - 0x100, 0x1000 } },
};

static char name_buf[96];

static const char *check_name(const char *stem, const char *suffix)
{
    char *d = name_buf;
    for (const char *s = stem; *s; s++)
        *d++ = *s;
    for (const char *s = suffix; *s; s++)
        *d++ = *s;
    *d = '\0';
    return name_buf;
}

static void run_illegal(const char *stem)
{
    for (unsigned m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        conf_check(check_name(stem, modes[m].suffix));
        for (unsigned i = 0; i < nwords; i++) {
            struct conf_regs regs;
            conf_regs_fill(&regs);
            conf_context("word", words[i]);
            conf_wr32(SLOT, words[i]);
            conf_wr32(SLOT + 4, 0); /* guard */
            conf_try(&modes[m].psw, &regs);
            conf_expect_trap(VM74_CAUSE_ILLEGAL, words[i], &modes[m].psw);
            conf_expect_regs(&regs, 0);
        }
    }
}

/* FENCE (funct3 000) is a no-op whatever its other fields: it runs, writes
 * no register (not even rd), and the ECALL after it traps. */
static void run_fences(void)
{
    static const uint32_t fences[] = {
        0x0ff0000f, /* fence iorw, iorw */
        0x0000000f, /* fence with empty sets */
        0x8330000f, /* fence.tso */
        0x0100000f, /* pause */
        0xfff5850f, /* every field set: fm, pred, succ, rs1 = a1, rd = a0 */
        0x0ff00f8f, /* rd = t6 */
    };
    for (unsigned m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        conf_check(check_name("fence_forms_are_no_ops", modes[m].suffix));
        for (unsigned i = 0; i < sizeof fences / sizeof fences[0]; i++) {
            struct conf_regs regs;
            conf_regs_fill(&regs);
            conf_context("word", fences[i]);
            conf_wr32(SLOT, fences[i]);
            conf_wr32(SLOT + 4, VM74_INSN_ECALL);
            conf_try(&modes[m].psw, &regs);
            struct conf_psw old = modes[m].psw;
            old.p += 4;
            conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &old);
            conf_expect_regs(&regs, 0);
        }
    }
}

int main(void)
{
    conf_timer_disarm();
    for (unsigned c = 0; c < sizeof classes / sizeof classes[0]; c++) {
        nwords = 0;
        classes[c].generate();
        run_illegal(classes[c].name);
    }
    run_fences();
    return 0;
}
