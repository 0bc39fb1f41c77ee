/*
 * test_rv32im.c - every RV32IM instruction and its edge cases.
 *
 * Expected values come from the RISC-V Unprivileged ISA (20191213) and
 * docs/isa.md §4.1, worked out by hand (products with Python's unbounded
 * integers), never from the simulator.
 */
#include "harness.h"

#define CODE 0x1000u /* logical = physical P for most tests (l = 0) */

static void start_at(struct hx *h, uint32_t pc)
{
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, pc, 0, VM74_BOUND_ALL);
}

/* Execute one word that must retire, and check that P moved to next_pc. */
static void exec_retires(struct hx *h, uint32_t insn, uint32_t next_pc,
                         struct vm74_retire *rec)
{
    struct vm74_retire local;
    struct vm74_retire *r = rec ? rec : &local;
    assert_int_equal(hx_exec(h, insn, r), VM74_RUNNING);
    if (r->trap)
        fail_msg("%#010x trapped: cause %u info %#x", insn, r->cause, r->info);
    assert_int_equal(hx_psw(h).pc, next_pc);
}

/* ---- Register-register and register-immediate ALU -------------------- */

typedef uint32_t (*enc_rrr)(int rd, int rs1, int rs2);
typedef uint32_t (*enc_rri)(int rd, int rs1, int32_t imm);

struct op_case {
    const char *name;
    enc_rrr enc;
    uint32_t a, b, expect;
};

struct imm_case {
    const char *name;
    enc_rri enc;
    uint32_t a;
    int32_t imm;
    uint32_t expect;
};

/* x3 = x1 op x2 */
static void check_op(struct hx *h, const struct op_case *c)
{
    start_at(h, CODE);
    hx_set_reg(h, 1, c->a);
    hx_set_reg(h, 2, c->b);
    exec_retires(h, c->enc(3, 1, 2), CODE + 4, NULL);
    uint32_t got = hx_reg(h, 3);
    if (got != c->expect)
        fail_msg("%s(%#x, %#x) = %#x, expected %#x", c->name, c->a, c->b, got,
                 c->expect);
    assert_int_equal(hx_reg(h, 1), c->a); /* sources untouched */
    assert_int_equal(hx_reg(h, 2), c->b);
}

static void check_imm(struct hx *h, const struct imm_case *c)
{
    start_at(h, CODE);
    hx_set_reg(h, 1, c->a);
    exec_retires(h, c->enc(3, 1, c->imm), CODE + 4, NULL);
    uint32_t got = hx_reg(h, 3);
    if (got != c->expect)
        fail_msg("%s(%#x, %d) = %#x, expected %#x", c->name, c->a, c->imm, got,
                 c->expect);
}

#define OP(fn, a, b, e) {#fn, fn, a, b, e}

static void test_add_sub_logic(void **state)
{
    const struct op_case c[] = {
        OP(enc_add, 0x7fffffff, 1, 0x80000000),
        OP(enc_add, 0xffffffff, 1, 0),
        OP(enc_add, 5, 0xfffffffd, 2),
        OP(enc_sub, 0, 1, 0xffffffff),
        OP(enc_sub, 0x80000000, 1, 0x7fffffff),
        OP(enc_sub, 3, 0xfffffffd, 6),
        OP(enc_xor, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0),
        OP(enc_or, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0),
        OP(enc_and, 0xff00ff00, 0x0ff00ff0, 0x0f000f00),
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        check_op(*state, &c[i]);
}

static void test_slt_sltu(void **state)
{
    const struct op_case c[] = {
        OP(enc_slt, 0x80000000, 1, 1),  /* INT_MIN < 1 signed */
        OP(enc_sltu, 0x80000000, 1, 0), /* 2^31 > 1 unsigned */
        OP(enc_slt, 1, 0x80000000, 0),
        OP(enc_sltu, 1, 0x80000000, 1),
        OP(enc_slt, 0xffffffff, 0, 1),
        OP(enc_sltu, 0xffffffff, 0, 0),
        OP(enc_slt, 7, 7, 0),
        OP(enc_sltu, 7, 7, 0),
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        check_op(*state, &c[i]);
}

/* SLL/SRL/SRA use only rs2[4:0]: a shift by 33 is a shift by 1. */
static void test_register_shifts(void **state)
{
    const struct op_case c[] = {
        OP(enc_sll, 1, 31, 0x80000000),
        OP(enc_sll, 1, 33, 2),
        OP(enc_sll, 0x12345678, 0xffffffe0, 0x12345678),
        OP(enc_srl, 0x80000000, 31, 1),
        OP(enc_srl, 0x80000000, 33, 0x40000000),
        OP(enc_srl, 0x80000000, 0xffffffff, 1),
        OP(enc_sra, 0x80000000, 31, 0xffffffff),
        OP(enc_sra, 0x80000000, 33, 0xc0000000),
        OP(enc_sra, 0x7fffffff, 30, 1),
        OP(enc_sra, 0x80000000, 32, 0x80000000),
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        check_op(*state, &c[i]);
}

#define IMM(fn, a, imm, e) {#fn, fn, a, imm, e}

static uint32_t slli_(int rd, int rs1, int32_t sh) { return enc_slli(rd, rs1, (uint32_t)sh); }
static uint32_t srli_(int rd, int rs1, int32_t sh) { return enc_srli(rd, rs1, (uint32_t)sh); }
static uint32_t srai_(int rd, int rs1, int32_t sh) { return enc_srai(rd, rs1, (uint32_t)sh); }

static void test_immediate_ops(void **state)
{
    const struct imm_case c[] = {
        IMM(enc_addi, 0, -1, 0xffffffff),
        IMM(enc_addi, 5, -2048, 0xfffff805),
        IMM(enc_addi, 0xfffffffe, 2047, 0x7fd),
        IMM(enc_slti, 0xffffffff, 0, 1),  /* -1 < 0 */
        IMM(enc_slti, 0, -1, 0),          /* 0 < -1 is false */
        IMM(enc_slti, 0xfffff000, -2048, 1),
        IMM(enc_sltiu, 0, -1, 1),          /* 0 < 0xffffffff */
        IMM(enc_sltiu, 0xfffffffe, -1, 1), /* sext, then unsigned */
        IMM(enc_sltiu, 0xffffffff, -1, 0),
        IMM(enc_sltiu, 0, 1, 1),           /* seqz */
        IMM(enc_sltiu, 5, 1, 0),
        IMM(enc_xori, 0x12345678, -1, 0xedcba987),
        IMM(enc_ori, 0, -2048, 0xfffff800),
        IMM(enc_andi, 0xffffffff, 0x7ff, 0x7ff),
        IMM(enc_andi, 0x12345678, -256, 0x12345600),
        IMM(slli_, 1, 31, 0x80000000),
        IMM(slli_, 0x12345678, 0, 0x12345678),
        IMM(srli_, 0x80000000, 31, 1),
        IMM(srli_, 0xf0000000, 4, 0x0f000000),
        IMM(srai_, 0x80000000, 31, 0xffffffff),
        IMM(srai_, 0xf0000000, 4, 0xff000000),
        IMM(srai_, 0x70000000, 4, 0x07000000),
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        check_imm(*state, &c[i]);
}

/* docs/isa.md §4.1: imm[5] = 1, or bits 31:25 not 0000000 (0100000 for
 * SRAI), is illegal. */
static void test_illegal_shift_immediates(void **state)
{
    struct hx *h = *state;
    const uint32_t words[] = {
        enc_slli(3, 1, 32),                    /* imm[5] = 1 */
        enc_srli(3, 1, 33),
        enc_srai(3, 1, 63),
        enc_shift_imm(0x20, 3, 1, 1, 1),       /* SLLI with SRAI's funct7 */
        enc_shift_imm(0x01, 3, 1, 1, 5),       /* SRLI, funct7 0000001 */
        enc_shift_imm(0x40, 3, 1, 1, 5),
        enc_shift_imm(0x21, 3, 1, 1, 5),
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        start_at(h, CODE);
        hx_set_reg(h, 1, 0x80000000);
        hx_wr32(h, CODE, words[i]);
        HX_STEP_TRAPS(h, VM74_CAUSE_ILLEGAL, words[i]);
    }
}

/* OP (0110011) only defines funct7 0000000, 0100000 (SUB, SRA) and
 * 0000001 (M). */
static void test_illegal_op_funct7(void **state)
{
    struct hx *h = *state;
    const uint32_t words[] = {
        enc_r(0x20, 2, 1, 1, 3, OPC_OP), /* "SUB-style" SLL */
        enc_r(0x20, 2, 1, 7, 3, OPC_OP),
        enc_r(0x02, 2, 1, 0, 3, OPC_OP),
        enc_r(0x7f, 2, 1, 5, 3, OPC_OP),
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        start_at(h, CODE);
        hx_wr32(h, CODE, words[i]);
        HX_STEP_TRAPS(h, VM74_CAUSE_ILLEGAL, words[i]);
    }
}

/* ---- M extension ----------------------------------------------------- */

static void test_multiply(void **state)
{
    const struct op_case c[] = {
        OP(enc_mul, 0x12345678, 0x9abcdef0, 0x242d2080),
        OP(enc_mul, 0x80000000, 0xffffffff, 0x80000000),
        OP(enc_mul, 0xffffffff, 0xffffffff, 1),
        OP(enc_mulh, 0x12345678, 0x9abcdef0, 0xf8cc93d6),
        OP(enc_mulh, 0xffffffff, 0xffffffff, 0),          /* -1 * -1 = 1 */
        OP(enc_mulh, 0x80000000, 0x80000000, 0x40000000), /* 2^62 */
        OP(enc_mulh, 0x80000000, 0x7fffffff, 0xc0000000),
        OP(enc_mulh, 2, 0x80000000, 0xffffffff),          /* -2^32 */
        OP(enc_mulhu, 0x12345678, 0x9abcdef0, 0x0b00ea4e),
        OP(enc_mulhu, 0xffffffff, 0xffffffff, 0xfffffffe),
        OP(enc_mulhu, 2, 0x80000000, 1),
        OP(enc_mulhsu, 0x12345678, 0x9abcdef0, 0x0b00ea4e),
        OP(enc_mulhsu, 0x9abcdef0, 0x12345678, 0xf8cc93d6),
        OP(enc_mulhsu, 0xffffffff, 0xffffffff, 0xffffffff), /* -(2^32-1) */
        OP(enc_mulhsu, 0x80000000, 0xffffffff, 0x80000000),
        OP(enc_mulhsu, 2, 0x80000000, 1), /* rs2 unsigned: +2^31 */
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        check_op(*state, &c[i]);
}

static void test_divide(void **state)
{
    const struct op_case c[] = {
        OP(enc_div, 7, 0xfffffffe, 0xfffffffd),  /* 7 / -2 = -3 (truncates) */
        OP(enc_rem, 7, 0xfffffffe, 1),
        OP(enc_div, 0xfffffff9, 2, 0xfffffffd),  /* -7 / 2 = -3 */
        OP(enc_rem, 0xfffffff9, 2, 0xffffffff),  /* -1 */
        OP(enc_divu, 0xfffffff9, 2, 0x7ffffffc),
        OP(enc_remu, 0xfffffff9, 2, 1),
        OP(enc_div, 1234, 0, 0xffffffff),        /* by zero: -1 */
        OP(enc_div, 0x80000000, 0, 0xffffffff),
        OP(enc_divu, 1234, 0, 0xffffffff),
        OP(enc_rem, 0xfffffb2e, 0, 0xfffffb2e),  /* remainder = dividend */
        OP(enc_remu, 1234, 0, 1234),
        OP(enc_div, 0x80000000, 0xffffffff, 0x80000000), /* overflow */
        OP(enc_rem, 0x80000000, 0xffffffff, 0),
        OP(enc_divu, 0x80000000, 0xffffffff, 0),
        OP(enc_remu, 0x80000000, 0xffffffff, 0x80000000),
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        check_op(*state, &c[i]);
}

/* ---- x0, LUI, AUIPC -------------------------------------------------- */

static void test_x0_destination_and_source(void **state)
{
    struct hx *h = *state;
    struct vm74_retire rec;
    start_at(h, CODE);
    hx_set_reg(h, 1, 41);
    exec_retires(h, enc_addi(0, 1, 1), CODE + 4, &rec);
    assert_int_equal(hx_reg(h, 0), 0);
    assert_int_equal(rec.rd, 0); /* a write to x0 is no write */

    exec_retires(h, enc_add(3, 0, 1), CODE + 8, NULL);
    assert_int_equal(hx_reg(h, 3), 41);
    exec_retires(h, enc_sub(4, 0, 1), CODE + 12, NULL);
    assert_int_equal(hx_reg(h, 4), (uint32_t)-41);
    exec_retires(h, enc_lui(0, 0x12345), CODE + 16, NULL);
    assert_int_equal(hx_reg(h, 0), 0);
    exec_retires(h, enc_jal(0, 8), CODE + 24, NULL);
    assert_int_equal(hx_reg(h, 0), 0);
}

static void test_lui(void **state)
{
    struct hx *h = *state;
    start_at(h, CODE);
    exec_retires(h, enc_lui(5, 0xfffff), CODE + 4, NULL);
    assert_int_equal(hx_reg(h, 5), 0xfffff000);
    exec_retires(h, enc_lui(6, 0x00001), CODE + 8, NULL);
    assert_int_equal(hx_reg(h, 6), 0x00001000);
}

/* AUIPC adds to the logical P: with l = 0x3000 and P = 0x40 the result is
 * built from 0x40, not from the physical 0x3040. */
static void test_auipc_uses_logical_pc(void **state)
{
    struct hx *h = *state;
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, 0x40, 0x3000, 0x1000);
    exec_retires(h, enc_auipc(5, 0x1), 0x44, NULL);
    assert_int_equal(hx_reg(h, 5), 0x1040);
    exec_retires(h, enc_auipc(6, 0), 0x48, NULL);
    assert_int_equal(hx_reg(h, 6), 0x44);
    exec_retires(h, enc_auipc(7, 0x80000), 0x4c, NULL);
    assert_int_equal(hx_reg(h, 7), 0x80000048);
    /* the same in user mode */
    hx_set_psw(h, VM74_MODE_USER, 0, 0x50, 0x3000, 0x1000);
    exec_retires(h, enc_auipc(8, 0xfffff), 0x54, NULL);
    assert_int_equal(hx_reg(h, 8), 0xfffff050);
}

/* ---- Loads and stores ------------------------------------------------ */

#define DATA 0x2000u

static uint32_t load(struct hx *h, uint32_t insn)
{
    start_at(h, CODE);
    hx_set_reg(h, 1, DATA);
    exec_retires(h, insn, CODE + 4, NULL);
    return hx_reg(h, 3);
}

static void test_load_extension(void **state)
{
    struct hx *h = *state;
    /* bytes at DATA: 80 7f 34 c2 (little-endian word 0xc2347f80) */
    hx_wr32(h, DATA, 0xc2347f80);
    assert_int_equal(load(h, enc_lb(3, 1, 0)), 0xffffff80);
    assert_int_equal(load(h, enc_lbu(3, 1, 0)), 0x80);
    assert_int_equal(load(h, enc_lb(3, 1, 1)), 0x7f);
    assert_int_equal(load(h, enc_lbu(3, 1, 1)), 0x7f);
    assert_int_equal(load(h, enc_lb(3, 1, 3)), 0xffffffc2);
    assert_int_equal(load(h, enc_lbu(3, 1, 3)), 0xc2);
    assert_int_equal(load(h, enc_lh(3, 1, 0)), 0x7f80);
    assert_int_equal(load(h, enc_lhu(3, 1, 0)), 0x7f80);
    assert_int_equal(load(h, enc_lh(3, 1, 2)), 0xffffc234);
    assert_int_equal(load(h, enc_lhu(3, 1, 2)), 0xc234);
    assert_int_equal(load(h, enc_lw(3, 1, 0)), 0xc2347f80);
}

static void test_load_negative_offset(void **state)
{
    struct hx *h = *state;
    hx_wr32(h, DATA, 0x600dcafe);
    start_at(h, CODE);
    hx_set_reg(h, 1, DATA + 2048);
    exec_retires(h, enc_lw(3, 1, -2048), CODE + 4, NULL);
    assert_int_equal(hx_reg(h, 3), 0x600dcafe);
}

/* A load into x0 still reads memory: it can trap, and x0 stays 0. */
static void test_load_to_x0(void **state)
{
    struct hx *h = *state;
    struct vm74_retire rec;
    hx_wr32(h, DATA, 0x11111111);
    start_at(h, CODE);
    hx_set_reg(h, 1, DATA);
    exec_retires(h, enc_lw(0, 1, 0), CODE + 4, &rec);
    assert_int_equal(hx_reg(h, 0), 0);
    assert_int_equal(rec.rd, 0);
    assert_int_equal(rec.mem_size, 4);
    assert_int_equal(rec.mem_data, 0x11111111);
    start_at(h, CODE);
    hx_set_reg(h, 1, DATA + 1);
    hx_wr32(h, CODE, enc_lw(0, 1, 0));
    HX_STEP_TRAPS(h, VM74_CAUSE_LOAD_MISALIGNED, DATA + 1);
}

static uint32_t store(struct hx *h, uint32_t insn)
{
    hx_wr32(h, DATA, 0xaaaaaaaa);
    start_at(h, CODE);
    hx_set_reg(h, 1, DATA);
    hx_set_reg(h, 2, 0x12345678);
    exec_retires(h, insn, CODE + 4, NULL);
    assert_int_equal(hx_rd32(h, DATA + 4), 0); /* nothing past the word */
    return hx_rd32(h, DATA);
}

static void test_store_byte_lanes(void **state)
{
    struct hx *h = *state;
    assert_int_equal(store(h, enc_sb(2, 1, 0)), 0xaaaaaa78);
    assert_int_equal(store(h, enc_sb(2, 1, 1)), 0xaaaa78aa);
    assert_int_equal(store(h, enc_sb(2, 1, 3)), 0x78aaaaaa);
    assert_int_equal(store(h, enc_sh(2, 1, 0)), 0xaaaa5678);
    assert_int_equal(store(h, enc_sh(2, 1, 2)), 0x5678aaaa);
    assert_int_equal(store(h, enc_sw(2, 1, 0)), 0x12345678);
    assert_int_equal(hx_rd8(h, DATA), 0x78); /* little-endian */
    assert_int_equal(hx_rd8(h, DATA + 3), 0x12);
}

/* ---- Branches and jumps ---------------------------------------------- */

typedef uint32_t (*enc_branch)(int rs1, int rs2, int32_t off);

struct branch_case {
    const char *name;
    enc_branch enc;
    uint32_t a, b;
    int taken;
};

#define BR(fn, a, b, t) {#fn, fn, a, b, t}

static void test_branches(void **state)
{
    struct hx *h = *state;
    const struct branch_case c[] = {
        BR(enc_beq, 5, 5, 1), BR(enc_beq, 5, 6, 0),
        BR(enc_bne, 5, 6, 1), BR(enc_bne, 5, 5, 0),
        BR(enc_blt, 0x80000000, 1, 1), BR(enc_blt, 1, 0x80000000, 0),
        BR(enc_blt, 3, 3, 0),
        BR(enc_bge, 0xffffffff, 0xffffffff, 1), BR(enc_bge, 0xffffffff, 0, 0),
        BR(enc_bge, 0, 0xffffffff, 1),
        BR(enc_bltu, 1, 0x80000000, 1), BR(enc_bltu, 0x80000000, 1, 0),
        BR(enc_bltu, 3, 3, 0),
        BR(enc_bgeu, 0xffffffff, 0, 1), BR(enc_bgeu, 0, 0xffffffff, 0),
        BR(enc_bgeu, 3, 3, 1),
    };
    const int32_t offsets[] = {16, -8, 4094 - 2, -4096};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        for (size_t k = 0; k < sizeof offsets / sizeof offsets[0]; k++) {
            start_at(h, 0x3000);
            hx_set_reg(h, 1, c[i].a);
            hx_set_reg(h, 2, c[i].b);
            uint32_t expect = c[i].taken ? 0x3000 + (uint32_t)offsets[k] : 0x3004;
            struct vm74_retire rec;
            assert_int_equal(hx_exec(h, c[i].enc(1, 2, offsets[k]), &rec), VM74_RUNNING);
            if (rec.trap || hx_psw(h).pc != expect)
                fail_msg("%s(%#x, %#x) off %d: P = %#x, expected %#x (trap %d)",
                         c[i].name, c[i].a, c[i].b, offsets[k], hx_psw(h).pc,
                         expect, rec.trap);
            assert_int_equal(rec.rd, 0);
        }
    }
}

static void test_jal(void **state)
{
    struct hx *h = *state;
    start_at(h, 0x3000);
    exec_retires(h, enc_jal(1, 0x100), 0x3100, NULL);
    assert_int_equal(hx_reg(h, 1), 0x3004);
    exec_retires(h, enc_jal(5, -0x800), 0x2900, NULL);
    assert_int_equal(hx_reg(h, 5), 0x3104);
    exec_retires(h, enc_jal(0, 0), 0x2900, NULL); /* jump to itself */
    assert_int_equal(hx_reg(h, 0), 0);
}

static void test_jalr(void **state)
{
    struct hx *h = *state;
    struct vm74_retire rec;
    start_at(h, 0x3000);
    hx_set_reg(h, 2, 0x4001);
    exec_retires(h, enc_jalr(1, 2, 0), 0x4000, &rec); /* bit 0 cleared */
    assert_int_equal(hx_reg(h, 1), 0x3004);
    assert_int_equal(rec.rd, 1);
    assert_int_equal(rec.rd_value, 0x3004);

    start_at(h, 0x3000);
    hx_set_reg(h, 2, 0x4005);
    exec_retires(h, enc_jalr(1, 2, -4), 0x4000, NULL); /* 0x4001 -> 0x4000 */

    /* rd = rs1: the target uses the old value */
    start_at(h, 0x3000);
    hx_set_reg(h, 5, 0x5000);
    exec_retires(h, enc_jalr(5, 5, 4), 0x5004, NULL);
    assert_int_equal(hx_reg(h, 5), 0x3004);

    start_at(h, 0x3000);
    hx_set_reg(h, 6, 0x6000);
    exec_retires(h, enc_jalr(0, 6, 0x10), 0x6010, NULL);
    assert_int_equal(hx_reg(h, 0), 0);
}

/* JALR with funct3 != 000 is not JALR. */
static void test_jalr_bad_funct3(void **state)
{
    struct hx *h = *state;
    uint32_t word = enc_i(0, 2, 1, 1, OPC_JALR);
    start_at(h, CODE);
    hx_set_reg(h, 2, 0x4000);
    hx_wr32(h, CODE, word);
    HX_STEP_TRAPS(h, VM74_CAUSE_ILLEGAL, word);
}

/* ---- FENCE ----------------------------------------------------------- */

static void test_fence_variants_are_noops(void **state)
{
    struct hx *h = *state;
    const uint32_t words[] = {
        enc_fence(3, 1), enc_fence(15, 15), enc_fence(0, 0), enc_fence_tso(),
        enc_pause(), enc_fence_full(0, 15, 15, 5, 7), enc_fence_full(15, 1, 2, 31, 31),
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        struct vm74_state before, after;
        start_at(h, CODE);
        hx_set_reg(h, 5, 0x55);
        hx_set_reg(h, 7, 0x77);
        hx_set_reg(h, 31, 0x31);
        hx_state(h, &before);
        struct vm74_retire rec;
        exec_retires(h, words[i], CODE + 4, &rec);
        hx_state(h, &after);
        assert_memory_equal(after.x, before.x, sizeof before.x);
        assert_int_equal(rec.rd, 0);
        assert_int_equal(rec.mem_size, 0);
    }
}

/* ---- The retirement record ------------------------------------------- */

static void test_retire_record_alu(void **state)
{
    struct hx *h = *state;
    struct vm74_retire r1, r2;
    start_at(h, CODE);
    hx_set_reg(h, 1, 100);
    exec_retires(h, enc_addi(3, 1, -1), CODE + 4, &r1);
    assert_int_equal(r1.pc, CODE);
    assert_int_equal(r1.insn, enc_addi(3, 1, -1));
    assert_int_equal(r1.mode, VM74_MODE_SUPERVISOR);
    assert_int_equal(r1.trap, 0);
    assert_int_equal(r1.interrupt, 0);
    assert_int_equal(r1.rd, 3);
    assert_int_equal(r1.rd_value, 99);
    assert_int_equal(r1.mem_size, 0);
    assert_int_equal(r1.next.pc, CODE + 4);
    assert_int_equal(r1.next.mode, VM74_MODE_SUPERVISOR);
    assert_int_equal(r1.next.ie, 0);
    assert_int_equal(r1.next.base, 0);
    assert_int_equal(r1.next.bound, VM74_BOUND_ALL);
    exec_retires(h, enc_lui(4, 1), CODE + 8, &r2);
    assert_int_equal(r2.order, r1.order + 1);
}

/* Under l = 0x4000 the record gives both the logical and the physical
 * address; mem_data is the loaded value before sign extension. */
static void test_retire_record_memory(void **state)
{
    struct hx *h = *state;
    struct vm74_retire rec;
    const uint32_t l = 0x4000;
    hx_wr32(h, l + 0x200, 0xdeadbe80);
    hx_set_psw(h, VM74_MODE_USER, 0, 0x100, l, 0x1000);
    hx_set_reg(h, 1, 0x200);
    hx_set_reg(h, 2, 0xcafef00d);
    exec_retires(h, enc_lb(3, 1, 0), 0x104, &rec);
    assert_int_equal(rec.mode, VM74_MODE_USER);
    assert_int_equal(rec.rd, 3);
    assert_int_equal(rec.rd_value, 0xffffff80);
    assert_int_equal(rec.mem_size, 1);
    assert_int_equal(rec.mem_write, 0);
    assert_int_equal(rec.mem_addr, 0x200);
    assert_int_equal(rec.mem_paddr, l + 0x200);
    assert_int_equal(rec.mem_data, 0x80);
    assert_int_equal(rec.next.mode, VM74_MODE_USER);
    assert_int_equal(rec.next.base, l);
    assert_int_equal(rec.next.bound, 0x1000);

    exec_retires(h, enc_lw(4, 1, 0), 0x108, &rec);
    assert_int_equal(rec.mem_size, 4);
    assert_int_equal(rec.mem_data, 0xdeadbe80);
    assert_int_equal(rec.rd_value, 0xdeadbe80);

    exec_retires(h, enc_sh(2, 1, 6), 0x10c, &rec);
    assert_int_equal(rec.rd, 0);
    assert_int_equal(rec.mem_size, 2);
    assert_int_equal(rec.mem_write, 1);
    assert_int_equal(rec.mem_addr, 0x206);
    assert_int_equal(rec.mem_paddr, l + 0x206);
    assert_int_equal(rec.mem_data, 0xf00d);
    assert_int_equal(hx_rd32(h, l + 0x204), 0xf00d0000);

    exec_retires(h, enc_sb(2, 1, 9), 0x110, &rec);
    assert_int_equal(rec.mem_size, 1);
    assert_int_equal(rec.mem_data, 0x0d);
    assert_int_equal(rec.mem_paddr, l + 0x209);
}

static void test_retire_record_trap(void **state)
{
    struct hx *h = *state;
    struct vm74_retire rec;
    start_at(h, CODE);
    hx_wr32(h, CODE, enc_ecall());
    HX_STEP_TRAPS_REC(h, VM74_CAUSE_ECALL, VM74_INSN_ECALL, &rec);
    assert_int_equal(rec.insn, VM74_INSN_ECALL);
    assert_int_equal(rec.interrupt, 0);
    assert_int_equal(rec.mem_size, 0);
    assert_int_equal(rec.next.pc, HX_HANDLER);
    assert_int_equal(rec.next.mode, VM74_MODE_SUPERVISOR);
    assert_int_equal(rec.next.ie, 0);
    assert_int_equal(rec.next.base, 0);
    assert_int_equal(rec.next.bound, VM74_BOUND_ALL);
}

/* A short program: sum 1..10 in a loop, through several instruction kinds. */
static void test_small_loop_program(void **state)
{
    struct hx *h = *state;
    HX_PLACE(h, CODE,
             enc_addi(1, 0, 10),     /* i = 10 */
             enc_addi(2, 0, 0),      /* sum = 0 */
             enc_add(2, 2, 1),       /* loop: sum += i */
             enc_addi(1, 1, -1),     /* i-- */
             enc_bne(1, 0, -8),      /* until i == 0 */
             enc_sw(2, 0, 0x7f0),    /* store the sum, x0-relative */
             enc_jal(0, 0));         /* park */
    start_at(h, CODE);
    assert_int_equal(hx_steps(h, 2 + 3 * 10 + 2), VM74_RUNNING);
    assert_int_equal(hx_reg(h, 2), 55);
    assert_int_equal(hx_rd32(h, 0x7f0), 55);
    assert_int_equal(hx_psw(h).pc, CODE + 24);
}

/* ---- Stores seen by the next loads and fetches, in a free run ------------
 * vm74_run lets a pipeline overlap instructions (the RTL writes a store in
 * the cycle after its checks, while the next instruction executes and the
 * fetch runs ahead): a store must still be seen by the very next load and
 * by every word fetched after it. */

/* Run a program that ends by storing x5 to SIMCTL_EXIT; return the code. */
static uint32_t free_run_exit_code(struct hx *h, const uint32_t *w, size_t n)
{
    hx_place(h, CODE, w, n);
    start_at(h, CODE);
    assert_int_equal(vm74_run(h->m, 1000), VM74_EXITED);
    return vm74_exit_code(h->m);
}

static size_t emit_exit_with_x5(uint32_t *w, size_t n)
{
    n = enc_li(w, n, 3, VM74_SIMCTL_EXIT);
    w[n++] = enc_sw(5, 3, 0);
    return n;
}

static void test_store_over_the_words_ahead(void **state)
{
    struct hx *h = *state;
    /* The store rewrites the word `ahead` words after itself, from
     * "addi x5, x0, 1" to "addi x5, x0, 2": that word may already be
     * fetched, or being fetched, when the store writes. */
    for (int ahead = 1; ahead <= 8; ahead++) {
        uint32_t w[32];
        size_t n = enc_li(w, 0, 2, enc_addi(5, 0, 2));
        size_t store = n + 2;                       /* after li x1, CODE + ... */
        n = enc_li(w, n, 1, CODE + 4 * (uint32_t)(store + ahead));
        assert_int_equal(n, store);
        w[n++] = enc_sw(2, 1, 0);
        while (n < store + ahead)
            w[n++] = enc_addi(0, 0, 0);
        w[n++] = enc_addi(5, 0, 1);                 /* rewritten */
        n = emit_exit_with_x5(w, n);
        assert_int_equal(free_run_exit_code(h, w, n), 2);
        vm74_reset(h->m);
        hx_set_vector(h, HX_HANDLER);
    }
}

static void test_load_right_after_store(void **state)
{
    struct hx *h = *state;
    uint32_t w[24];
    size_t n = enc_li(w, 0, 1, 0x3000);
    n = enc_li(w, n, 2, 0x11223344);
    hx_wr32(h, 0x3000, 0xdeadbeef);
    w[n++] = enc_sw(2, 1, 0);
    w[n++] = enc_lw(5, 1, 0);                       /* the word just stored */
    w[n++] = enc_sb(0, 1, 1);                       /* byte 1 := 0 */
    w[n++] = enc_lbu(6, 1, 1);
    w[n++] = enc_add(5, 5, 6);
    w[n++] = enc_lw(6, 1, 0);
    w[n++] = enc_xor(5, 5, 6);                      /* 0x11223344 ^ 0x11220044 */
    n = emit_exit_with_x5(w, n);
    assert_int_equal(free_run_exit_code(h, w, n), 0x11223344u ^ 0x11220044u);
    assert_int_equal(hx_rd32(h, 0x3000), 0x11220044);
}

/* Branches guessed wrong in a free run: the words fetched behind them must
 * never execute, however full the fetch queue is when the branch resolves
 * (right after a jump it is empty, and the wrong-path word arrives the
 * cycle after).  Each wrong-path word adds to x5; the program exits with
 * x5, which must stay 0. */
static void test_wrong_path_words_never_execute(void **state)
{
    struct hx *h = *state;
    for (int lead = 0; lead <= 3; lead++) {
        uint32_t w[40];
        size_t n = 0;
        w[n++] = enc_addi(5, 0, 0);
        w[n++] = enc_addi(7, 0, 2);                 /* backward loop count */
        w[n++] = enc_jal(0, 8);                     /* guessed taken: queue empty after */
        w[n++] = enc_addi(5, 5, 1);                 /* never (jumped over) */
        for (int i = 0; i < lead; i++)
            w[n++] = enc_addi(0, 0, 0);
        w[n++] = enc_beq(0, 0, 12);                 /* forward: guessed not taken; taken */
        w[n++] = enc_addi(5, 5, 0x10);              /* wrong path */
        w[n++] = enc_addi(5, 5, 0x20);              /* wrong path */
        size_t loop = n;
        w[n++] = enc_addi(7, 7, -1);
        w[n] = enc_bne(7, 0, -4 * (int32_t)(n - loop));    /* backward: guessed taken; last time not */
        n++;
        w[n++] = enc_jal(0, 8);
        w[n++] = enc_addi(5, 5, 0x40);              /* never */
        w[n++] = enc_bne(0, 0, -8);                 /* backward: guessed taken; not taken */
        n = emit_exit_with_x5(w, n);
        assert_int_equal(free_run_exit_code(h, w, n), 0);
        assert_int_equal(hx_reg(h, 7), 0);
        vm74_reset(h->m);
        hx_set_vector(h, HX_HANDLER);
    }
}

/* The cycles of the free run just ended; the machine is reset for the
 * next run. */
static uint64_t cycles_then_reset(struct hx *h)
{
    struct vm74_stats st;
    vm74_get_stats(h->m, &st);
    vm74_reset(h->m);
    hx_set_vector(h, HX_HANDLER);
    return st.cycles;
}

/* A JALR in a free run, with words fetched behind it (dropped): its link
 * goes to its own rd, and no other register changes.  (The RTL writes a
 * JALR's link in the cycle after it, from X's registers.) */
static void test_jalr_link_in_a_free_run(void **state)
{
    struct hx *h = *state;
    for (int rd = 0; rd <= 2; rd++) {
        uint32_t w[32];
        size_t n = enc_li(w, 0, 6, 0x66);
        n = enc_li(w, n, 7, 0x77);
        n = enc_li(w, n, 2, CODE + 0x40);
        size_t jalr = n;
        w[n++] = enc_jalr(rd, 2, 0);
        w[n++] = enc_addi(6, 0, 1);                 /* dropped */
        w[n++] = enc_addi(7, 0, 2);                 /* dropped */
        while (n < 0x40 / 4)
            w[n++] = enc_addi(0, 0, 0);
        w[n++] = enc_add(5, 6, 7);                  /* 0x66 + 0x77 */
        n = emit_exit_with_x5(w, n);
        assert_int_equal(free_run_exit_code(h, w, n), 0xdd);
        if (rd != 0)
            assert_int_equal(hx_reg(h, rd), CODE + 4 * (uint32_t)jalr + 4);
        assert_int_equal(hx_reg(h, 0), 0);
        vm74_reset(h->m);
        hx_set_vector(h, HX_HANDLER);
    }
}

/* Cycles of a free run of `copies` copies of `insn` (x5 = 100, x6 = 7
 * first), up to the exit store. */
static uint64_t cycles_of_copies(struct hx *h, uint32_t insn, int copies)
{
    uint32_t w[48];
    size_t n = enc_li(w, 0, 5, 100);
    n = enc_li(w, n, 6, 7);
    for (int i = 0; i < copies; i++)
        w[n++] = insn;
    n = emit_exit_with_x5(w, n);
    hx_place(h, CODE, w, n);
    start_at(h, CODE);
    assert_int_equal(vm74_run(h->m, 1000), VM74_EXITED);
    return cycles_then_reset(h);
}

/* docs/rtl.md's table of cycles per instruction (the successor already
 * fetched), on the RTL: ALU 1, a shift 1, a load from RAM 2 (x5 = 100 is
 * its address), MUL 2 (its low word is the product's), MULH 3 (the
 * high word's correction is a cycle more), DIV 2 + max(k, 1) + 2 for a dividend of k significant bits (100: k = 7).
 * On the ISS a step is a cycle.  Measured as the difference of 16 and 8
 * copies, so that the program's start and exit do not count. */
static void test_cycles_per_instruction(void **state)
{
    struct hx *h = *state;
    static const struct {
        const char *what;
        unsigned rtl;
    } table[] = {
        {"add", 1}, {"slli", 1}, {"sra", 1}, {"lw", 2}, {"mul", 2}, {"mulh", 3},
        {"div", 11},
    };
    uint32_t insns[] = {enc_add(7, 5, 6), enc_slli(7, 5, 3), enc_sra(7, 5, 6),
                        enc_lw(7, 5, 0), enc_mul(7, 5, 6), enc_mulh(7, 5, 6),
                        enc_div(7, 5, 6)};
    for (size_t i = 0; i < sizeof insns / sizeof insns[0]; i++) {
        uint64_t d = cycles_of_copies(h, insns[i], 16) - cycles_of_copies(h, insns[i], 8);
        unsigned want = hx_backend() == VM74_BACKEND_RTL ? table[i].rtl : 1;
        if (d != 8u * want)
            fail_msg("%s: %llu cycles for 8 more, want %u each", table[i].what,
                     (unsigned long long)d, want);
    }
}

/* docs/rtl.md's table for the trap and LPSW, on the RTL: an ECALL whose
 * handler adds 4 to the saved P and returns with LPSW.  The ECALL's trap is
 * 8 cycles (its decision, the vector read, six writes, the fetch resyncing
 * in the last), then the handler's first word is read and arrives (the
 * handler's first instruction in X 10 cycles after the ECALL's), then LW
 * 2, ADDI 1, SW 2, and LPSW 6 (X, the checks beside P's read, the reads of
 * l, b and the flags word, the fetch resyncing with the last, M and IE's
 * install beside the next word's read) and that word's arrival: 22 cycles
 * a round trip.  On the ISS: five steps. */
static uint64_t cycles_of_ecalls(struct hx *h, int copies)
{
    HX_PLACE(h, HX_HANDLER, enc_lw(28, 0, VM74_LC_OLD_P), enc_addi(28, 28, 4),
             enc_sw(28, 0, VM74_LC_OLD_P), enc_lpsw(0, VM74_LC_OLD_FLAGS));
    return cycles_of_copies(h, enc_ecall(), copies);   /* resets the machine */
}

static void test_cycles_of_a_trap_and_lpsw(void **state)
{
    struct hx *h = *state;
    uint64_t d = cycles_of_ecalls(h, 16) - cycles_of_ecalls(h, 8);
    unsigned want = hx_backend() == VM74_BACKEND_RTL ? 22 : 5;
    if (d != 8u * want)
        fail_msg("%llu cycles for 8 more round trips, want %u each",
                 (unsigned long long)d, want);
}

/* Jumps and loops across a 256 KiB line (0x40000).  The RTL's fetch
 * guesses a JAL or backward branch only when its target is in the word's
 * own 256 KiB (docs/rtl.md "Microarchitecture"): across the line it goes
 * on at +4 and X corrects it.  The program must run the same either way;
 * words behind each jump add 0x100 to x5 if they ever execute.  Placed at
 * `at` (the line at at + 0x18); returns the cycles of the free run. */
static uint64_t run_across(struct hx *h, uint32_t at)
{
    uint32_t w[24];
    size_t n;
    /* at + 0x000: the start, x5 = 0, then a JAL forward to at + 0x30. */
    n = 0;
    w[n++] = enc_addi(5, 0, 0);
    w[n++] = enc_jal(0, 0x2c);
    w[n++] = enc_addi(5, 5, 0x100);
    hx_place(h, at, w, n);
    /* at + 0x010: the loop, below and above the line (at + 0x18). */
    n = 0;
    w[n++] = enc_addi(7, 0, 3);
    w[n++] = enc_addi(5, 5, 1);                     /* loop head, at + 0x14 */
    w[n++] = enc_addi(7, 7, -1);
    w[n++] = enc_bne(7, 0, -8);                     /* back to at + 0x14 */
    w[n++] = enc_jal(1, -0x120);                    /* back to at - 0x100 */
    w[n++] = enc_addi(5, 5, 0x100);
    hx_place(h, at + 0x10, w, n);
    /* at + 0x030: a JAL back to the loop's set-up. */
    n = 0;
    w[n++] = enc_jal(0, -0x20);
    w[n++] = enc_addi(5, 5, 0x100);
    hx_place(h, at + 0x30, w, n);
    /* at - 0x100: the end: x5 += 0x10, exit with x5. */
    n = 0;
    w[n++] = enc_addi(5, 5, 0x10);
    n = emit_exit_with_x5(w, n);
    hx_place(h, at - 0x100, w, n);

    start_at(h, at);
    assert_int_equal(vm74_run(h->m, 1000), VM74_EXITED);
    assert_int_equal(vm74_exit_code(h->m), 0x13);
    assert_int_equal(hx_reg(h, 1), at + 0x24);
    return cycles_then_reset(h);
}

static void test_jumps_across_a_256k_line(void **state)
{
    (void)state;
    struct hx *h = hx_new(0x80000);                      /* 512 KiB */
    uint64_t across = run_across(h, 0x40000 - 0x18);   /* every jump crosses */
    uint64_t within = run_across(h, 0x30000 - 0x18);   /* none does */
    hx_free(h);
    /* The RTL pays for the jumps it did not guess; on the ISS a step is a
     * cycle wherever it is. */
    if (hx_backend() == VM74_BACKEND_RTL)
        assert_true(across > within);
    else
        assert_int_equal(across, within);
}

/* A backward branch in the last word below a 256 KiB line (0x3fffc): when
 * it arrives, the RTL's fetch has already issued the word after it, in the
 * next 256 KiB, and its guessed target must still be the branch's own
 * 256 KiB's (docs/rtl.md "Microarchitecture").  The loop runs three times,
 * then falls through across the line. */
static void test_branch_in_the_last_word_below_a_256k_line(void **state)
{
    (void)state;
    struct hx *h = hx_new(0x80000);                      /* 512 KiB */
    uint32_t w[24];
    size_t n = 0;
    w[n++] = enc_addi(5, 0, 0);                          /* 0x3ffec */
    w[n++] = enc_addi(7, 0, 3);
    w[n++] = enc_addi(5, 5, 1);                          /* loop head, 0x3fff4 */
    w[n++] = enc_addi(7, 7, -1);
    w[n++] = enc_bne(7, 0, -8);                          /* at 0x3fffc */
    w[n++] = enc_jal(0, 8);                              /* 0x40000 */
    w[n++] = enc_addi(5, 5, 0x100);                      /* never runs */
    w[n++] = enc_addi(5, 5, 0x10);                       /* 0x40008 */
    n = emit_exit_with_x5(w, n);
    hx_place(h, 0x3ffec, w, n);
    start_at(h, 0x3ffec);
    assert_int_equal(vm74_run(h->m, 1000), VM74_EXITED);
    assert_int_equal(vm74_exit_code(h->m), 0x13);
    hx_free(h);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, hx_setup, hx_teardown)

static const struct CMUnitTest tests[] = {
    T(test_add_sub_logic),
    T(test_slt_sltu),
    T(test_register_shifts),
    T(test_immediate_ops),
    T(test_illegal_shift_immediates),
    T(test_illegal_op_funct7),
    T(test_multiply),
    T(test_divide),
    T(test_x0_destination_and_source),
    T(test_lui),
    T(test_auipc_uses_logical_pc),
    T(test_load_extension),
    T(test_load_negative_offset),
    T(test_load_to_x0),
    T(test_store_byte_lanes),
    T(test_branches),
    T(test_jal),
    T(test_jalr),
    T(test_jalr_bad_funct3),
    T(test_fence_variants_are_noops),
    T(test_retire_record_alu),
    T(test_retire_record_memory),
    T(test_retire_record_trap),
    T(test_small_loop_program),
    T(test_store_over_the_words_ahead),
    T(test_load_right_after_store),
    T(test_wrong_path_words_never_execute),
    T(test_cycles_per_instruction),
    T(test_cycles_of_a_trap_and_lpsw),
    T(test_jumps_across_a_256k_line),
    T(test_branch_in_the_last_word_below_a_256k_line),
    T(test_jalr_link_in_a_free_run),
};

HX_MAIN("rv32im", tests)
