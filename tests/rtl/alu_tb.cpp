// alu_tb: vm74_alu (rtl/vm74_alu.v) against RV32I's ALU operations and
// branch conditions, driven as vm74_core drives it (one-hot result selects,
// the adder's subtract and signed controls, b as the immediate's
// precomputed form or rs2).  Built twice (tests/rtl/rtl_units.mk): as
// simulated, and with SYNTHESIS defined, where SLL is the right shifter on
// the reversed operand, which only synthesis otherwise sees.
//
// Operands: every pair from a set of edge values, then random pairs
// (200000, or the first argument), each through every function, with b from
// the immediate path and from rs2.
#include "Vvm74_alu.h"
#include "verilated.h"
#include "rtl_tb.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

// rtl/vm74_alu_fn.vh
enum { ADD = 0, SUB, SLL, SLT, SLTU, XOR, SRL, SRA, OR, AND, B, N_FN };
static const char *const fn_name[N_FN] = {"ADD", "SUB", "SLL", "SLT", "SLTU", "XOR",
                                          "SRL", "SRA", "OR", "AND", "B"};

static Vvm74_alu *dut;
static unsigned long long failures, checks;
static TbRandom tb_rng(0x243f6a8885a308d3ull);
static uint32_t rnd() { return (uint32_t)tb_rng.next(); }

static uint32_t ref_y(int fn, uint32_t a, uint32_t b) {
    unsigned sh = b & 31;
    switch (fn) {
    case SLL: return a << sh;
    case SRL: return a >> sh;
    case SRA: return (uint32_t)((int32_t)a >> sh);
    case XOR: return a ^ b;
    case OR: return a | b;
    case AND: return a & b;
    case B: return b;
    default: return 0; // ADD/SUB/SLT/SLTU: the core takes sum_o and lt_o
    }
}

static void check(bool ok, const char *what, int fn, uint32_t a, uint32_t b,
                  unsigned long long got, unsigned long long want) {
    checks++;
    if (ok) return;
    if (failures++ < 20)
        fprintf(stderr, "%s %s a=%#010x b=%#010x: got %#llx, want %#llx\n", fn_name[fn],
                what, a, b, got, want);
}

static void one(int fn, uint32_t a, uint32_t b, bool use_imm) {
    bool sub = fn == SUB || fn == SLT || fn == SLTU;
    bool sx = fn == SLT;
    dut->fn_i = fn;
    dut->sel_sll_i = fn == SLL;
    dut->sel_sr_i = fn == SRL || fn == SRA;
    dut->sel_logic_i = fn == XOR || fn == OR || fn == AND || fn == B;
    dut->lop_i = fn == XOR ? 0 : fn == OR ? 1 : fn == AND ? 2 : 3;
    dut->sub_i = sub;
    dut->sx_i = sx;
    dut->rs1_i = a;
    dut->b_i = b;
    dut->use_imm_i = use_imm;
    uint64_t b33 = (uint64_t)b | ((uint64_t)(sx && (b >> 31)) << 32);
    if (sub) b33 ^= 0x1ffffffffull;
    dut->imm_x_i = use_imm ? b33 : ((uint64_t)rnd() << 1 | (rnd() & 1));
    dut->rs2_i = use_imm ? rnd() : b;
    // Branches: funct3 bit 2 chooses less-than over equality, bit 0 inverts.
    unsigned f3 = rnd() & 7;
    dut->br_lt_i = (f3 >> 2) & 1;
    dut->br_inv_i = f3 & 1;
    dut->eq_i = a == b;
    dut->eval();

    // The logic operations' and the shifts' results, each 0 unless selected.
    uint32_t y = dut->y_o | dut->sh_o;
    bool shift = fn == SLL || fn == SRL || fn == SRA;
    check(y == ref_y(fn, a, b) && !(shift ? dut->y_o : dut->sh_o), "y", fn, a, b, y,
          ref_y(fn, a, b));
    uint32_t sum = sub ? a - b : a + b;
    if (fn == ADD || sub)
        check(dut->sum_o == sum, "sum", fn, a, b, dut->sum_o, sum);
    if (fn == SLT || fn == SLTU) {
        bool lt = fn == SLT ? (int32_t)a < (int32_t)b : a < b;
        check(dut->lt_o == lt, "lt", fn, a, b, dut->lt_o, lt);
        bool taken = ((f3 >> 2) & 1 ? lt : a == b) ^ (f3 & 1);
        check(dut->taken_o == taken, "taken", fn, a, b, dut->taken_o, taken);
    }
}

static void all_fns(uint32_t a, uint32_t b) {
    for (int fn = 0; fn < N_FN; fn++) {
        one(fn, a, b, false);
        one(fn, a, b, true);
    }
}

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    unsigned long n_random = argc > 1 ? strtoul(argv[argc - 1], nullptr, 0) : 200000;
    dut = new Vvm74_alu;
    std::vector<uint32_t> edge = {0, 1, 2, 3, 31, 32, 33, 0x7f, 0x80, 0xff, 0x7fff, 0x8000,
                                  0xffff, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe,
                                  0xffffffff, 0x12345678, 0xdeadbeef, 0xaaaaaaaa, 0x55555555};
    for (uint32_t a : edge)
        for (uint32_t b : edge)
            all_fns(a, b);
    for (unsigned long i = 0; i < n_random; i++) {
        uint32_t a = rnd(), b = rnd();
        if (i & 1) b = a ^ (rnd() & 3); // near-equal operands for the compares
        all_fns(a, b);
    }
    delete dut;
    printf("alu_tb: %llu checks, %llu failed\n", checks, failures);
    return failures ? 1 : 0;
}
