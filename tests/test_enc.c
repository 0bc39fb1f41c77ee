/*
 * test_enc.c - the encoders of enc.h against an independent oracle.
 *
 * Every expected word below was produced by GNU as
 * (riscv64-unknown-elf-as -march=rv32im_zicsr_zifencei, objdump of the
 * linked result for branches and jumps), not by enc.h.
 */
#include "harness.h"

struct enc_case {
    const char *assembly;
    uint32_t ours;
    uint32_t gnu_as;
};

static void check_cases(const struct enc_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (c[i].ours != c[i].gnu_as)
            fail_msg("%s: encoded %#010x, GNU as gives %#010x", c[i].assembly,
                     c[i].ours, c[i].gnu_as);
    }
}

#define CASE(asm_text, ours, word) {asm_text, ours, word}

static void test_upper_and_jumps(void **state)
{
    (void)state;
    const struct enc_case c[] = {
        CASE("lui x5, 0xfffff", enc_lui(5, 0xfffff), 0xfffff2b7),
        CASE("auipc x31, 0x12345", enc_auipc(31, 0x12345), 0x12345f97),
        CASE("jal x1, -2048", enc_jal(1, -2048), 0x801ff0ef),
        CASE("jal x5, +0x7fff2", enc_jal(5, 0x7fff2), 0x7f37f2ef),
        CASE("jal x0, +0x7fff4", enc_jal(0, 0x7fff4), 0x7f57f06f),
        CASE("jal x6, -0x100000", enc_jal(6, -0x100000), 0x8000036f),
        CASE("jalr x7, -1(x31)", enc_jalr(7, 31, -1), 0xffff83e7),
    };
    check_cases(c, sizeof c / sizeof c[0]);
}

static void test_branches(void **state)
{
    (void)state;
    const struct enc_case c[] = {
        CASE("beq x1, x2, -4096", enc_beq(1, 2, -4096), 0x80208063),
        CASE("bne x3, x4, +4094", enc_bne(3, 4, 4094), 0x7e419fe3),
        CASE("blt x5, x6, -4", enc_blt(5, 6, -4), 0xfe62cee3),
        CASE("bge x7, x8, -28", enc_bge(7, 8, -28), 0xfe83d2e3),
        CASE("bltu x9, x10, +2034", enc_bltu(9, 10, 2034), 0x7ea4e963),
        CASE("bgeu x11, x12, -14", enc_bgeu(11, 12, -14), 0xfec5f9e3),
        CASE("bne x1, x2, +8", enc_bne(1, 2, 8), 0x00209463),
    };
    check_cases(c, sizeof c / sizeof c[0]);
}

static void test_loads_stores(void **state)
{
    (void)state;
    const struct enc_case c[] = {
        CASE("lb x1, -2048(x2)", enc_lb(1, 2, -2048), 0x80010083),
        CASE("lh x3, 2047(x4)", enc_lh(3, 4, 2047), 0x7ff21183),
        CASE("lw x5, -1(x6)", enc_lw(5, 6, -1), 0xfff32283),
        CASE("lbu x7, 0(x8)", enc_lbu(7, 8, 0), 0x00044383),
        CASE("lhu x9, 100(x10)", enc_lhu(9, 10, 100), 0x06455483),
        CASE("sb x11, -2048(x12)", enc_sb(11, 12, -2048), 0x80b60023),
        CASE("sh x13, 2047(x14)", enc_sh(13, 14, 2047), 0x7ed71fa3),
        CASE("sw x15, -1(x16)", enc_sw(15, 16, -1), 0xfef82fa3),
    };
    check_cases(c, sizeof c / sizeof c[0]);
}

static void test_op_imm(void **state)
{
    (void)state;
    const struct enc_case c[] = {
        CASE("addi x17, x18, -1", enc_addi(17, 18, -1), 0xfff90893),
        CASE("slti x19, x20, -2048", enc_slti(19, 20, -2048), 0x800a2993),
        CASE("sltiu x21, x22, 2047", enc_sltiu(21, 22, 2047), 0x7ffb3a93),
        CASE("xori x23, x24, -1", enc_xori(23, 24, -1), 0xfffc4b93),
        CASE("ori x25, x26, 0x555", enc_ori(25, 26, 0x555), 0x555d6c93),
        CASE("andi x27, x28, -256", enc_andi(27, 28, -256), 0xf00e7d93),
        CASE("slli x29, x30, 31", enc_slli(29, 30, 31), 0x01ff1e93),
        CASE("srli x1, x2, 17", enc_srli(1, 2, 17), 0x01115093),
        CASE("srai x3, x4, 31", enc_srai(3, 4, 31), 0x41f25193),
    };
    check_cases(c, sizeof c / sizeof c[0]);
}

static void test_op(void **state)
{
    (void)state;
    const struct enc_case c[] = {
        CASE("add x5, x6, x7", enc_add(5, 6, 7), 0x007302b3),
        CASE("sub x8, x9, x10", enc_sub(8, 9, 10), 0x40a48433),
        CASE("sll x11, x12, x13", enc_sll(11, 12, 13), 0x00d615b3),
        CASE("slt x14, x15, x16", enc_slt(14, 15, 16), 0x0107a733),
        CASE("sltu x17, x18, x19", enc_sltu(17, 18, 19), 0x013938b3),
        CASE("xor x20, x21, x22", enc_xor(20, 21, 22), 0x016aca33),
        CASE("srl x23, x24, x25", enc_srl(23, 24, 25), 0x019c5bb3),
        CASE("sra x26, x27, x28", enc_sra(26, 27, 28), 0x41cddd33),
        CASE("or x29, x30, x31", enc_or(29, 30, 31), 0x01ff6eb3),
        CASE("and x1, x2, x3", enc_and(1, 2, 3), 0x003170b3),
        CASE("mul x4, x5, x6", enc_mul(4, 5, 6), 0x02628233),
        CASE("mulh x7, x8, x9", enc_mulh(7, 8, 9), 0x029413b3),
        CASE("mulhsu x10, x11, x12", enc_mulhsu(10, 11, 12), 0x02c5a533),
        CASE("mulhu x13, x14, x15", enc_mulhu(13, 14, 15), 0x02f736b3),
        CASE("div x16, x17, x18", enc_div(16, 17, 18), 0x0328c833),
        CASE("divu x19, x20, x21", enc_divu(19, 20, 21), 0x035a59b3),
        CASE("rem x22, x23, x24", enc_rem(22, 23, 24), 0x038beb33),
        CASE("remu x25, x26, x27", enc_remu(25, 26, 27), 0x03bd7cb3),
    };
    check_cases(c, sizeof c / sizeof c[0]);
}

static void test_system_and_fence(void **state)
{
    (void)state;
    const struct enc_case c[] = {
        CASE("fence rw, w", enc_fence(3, 1), 0x0310000f),
        CASE("fence iorw, iorw", enc_fence(15, 15), 0x0ff0000f),
        CASE("fence.tso", enc_fence_tso(), 0x8330000f),
        CASE("fence.i", enc_fence_i(), 0x0000100f),
        CASE("ecall", enc_ecall(), 0x00000073),
        CASE("ebreak", enc_ebreak(), 0x00100073),
        CASE("csrrs x1, cycle, x0", enc_csrrs(1, CSR_CYCLE, 0), 0xc00020f3),
        CASE("csrrw x2, mstatus, x3", enc_csrrw(2, CSR_MSTATUS, 3), 0x30019173),
        CASE("csrrci x4, mepc, 31", enc_csrrci(4, 0x341, 31), 0x341ff273),
        CASE("mret", enc_mret(), 0x30200073),
        CASE("sret", enc_sret(), 0x10200073),
        CASE("wfi (RISC-V)", enc_rv_wfi(), 0x10500073),
    };
    check_cases(c, sizeof c / sizeof c[0]);
}

static void test_vm74_words(void **state)
{
    (void)state;
    const struct enc_case c[] = {
        CASE(".insn i 0x0b, 0, x0, -16(x5)", enc_lpsw(5, -16), 0xff02800b),
        CASE(".insn i 0x0b, 1, x0, x0, 0", enc_wfi(), 0x0000100b),
        CASE("VM74_INSN_WFI", enc_wfi(), VM74_INSN_WFI),
        CASE("VM74_INSN_ECALL", enc_ecall(), VM74_INSN_ECALL),
        CASE("VM74_INSN_EBREAK", enc_ebreak(), VM74_INSN_EBREAK),
    };
    check_cases(c, sizeof c / sizeof c[0]);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_upper_and_jumps),
    cmocka_unit_test(test_branches),
    cmocka_unit_test(test_loads_stores),
    cmocka_unit_test(test_op_imm),
    cmocka_unit_test(test_op),
    cmocka_unit_test(test_system_and_fence),
    cmocka_unit_test(test_vm74_words),
};

HX_MAIN("enc", tests)
