// mul_tb: vm74_mul (rtl/vm74_mul.v) against the RISC-V M extension's
// MUL/MULH/MULHSU/MULHU (64-bit products in C) and its latency: done_o is a
// one-cycle pulse exactly 1 cycle after start_i for MUL, 2 for the others,
// with y_o the result.
//
// The operands and funct3 are steady from start_i until done_o, as the core
// keeps them; before and after that they are random, so that nothing may
// be taken from the wrong cycle.  Operands: every pair from a set of edge
// values (0, +-1, powers of two and their neighbours, INT_MIN, INT_MAX, ...)
// with all four funct3 values, then random pairs (300000, or the last
// argument) of random lengths and signs, each with a random gap before
// start; some of them back to back (start_i in the cycle after done_o).
// Also every pair from -100..100.
//
// Built twice (tests/rtl/rtl_units.mk): on the Verilog, and as mul_ice40 on
// Yosys's netlist of it (synth_ice40 -dsp, with the iCE40 cell models), so
// that the DSP blocks' mapping is checked too.
#include "Vvm74_mul.h"
#include "verilated.h"
#include "rtl_tb.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

static Vvm74_mul *dut;
static unsigned long long failures, checks;
static TbRandom tb_rng(0x2545f4914f6cdd1dull);
static uint32_t rnd() { return (uint32_t)tb_rng.next(); }

static void tick() { tb_tick(dut); }

static uint32_t ref(unsigned f3, uint32_t a, uint32_t b) {
    int64_t sa = (int32_t)a, sb = (int32_t)b;
    switch (f3) {
    case 0: // MUL
        return a * b;
    case 1: // MULH
        return (uint32_t)((uint64_t)(sa * sb) >> 32);
    case 2: // MULHSU
        return (uint32_t)((uint64_t)(sa * (int64_t)b) >> 32);
    default: // MULHU
        return (uint32_t)(((uint64_t)a * b) >> 32);
    }
}

// Random inputs while the multiplier does not need them.
static void scramble() {
    dut->funct3_i = rnd() & 3;
    dut->a_i = rnd();
    dut->b_i = rnd();
}

static void fail_idle(const char *what) {
    if (failures++ < 20) printf("FAIL: done_o %s\n", what);
}

static void run(unsigned f3, uint32_t a, uint32_t b, unsigned gap) {
    for (unsigned i = 0; i < gap; i++) {
        dut->start_i = 0;
        scramble();
        tick();
        if (dut->done_o) {
            fail_idle("while idle");
            return;
        }
    }
    dut->funct3_i = f3;
    dut->a_i = a;
    dut->b_i = b;
    dut->start_i = 1;
    tick();
    dut->start_i = 0;
    const unsigned latency = f3 == 0 ? 1 : 2;
    if (latency == 2) {
        if (dut->done_o) { // one cycle after start
            fail_idle("1 cycle after start of a MULH*");
            return;
        }
        tick();
    }
    checks++;
    uint32_t y = dut->y_o, r = ref(f3, a, b);
    if (!dut->done_o || y != r) {
        if (failures++ < 20)
            printf("FAIL: funct3 %u a 0x%08x b 0x%08x: y 0x%08x (want 0x%08x), "
                   "done_o %u %u cycles after start (want 1)\n", f3, a, b, y, r,
                   (unsigned)dut->done_o, latency);
    }
    // Whatever comes next (another start, or idle) must not see done_o
    // again: the pulse is one cycle wide.
    scramble();
    dut->start_i = 0;
    tick();
    if (dut->done_o) fail_idle("2 cycles wide");
}

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    dut = new Vvm74_mul;
    dut->rst_ni = 0;
    dut->start_i = 0;
    scramble();
    tick();
    tick();
    dut->rst_ni = 1;
    for (int i = 0; i < 4; i++) {
        scramble();
        tick();
        if (dut->done_o) fail_idle("after reset");
    }

    const std::vector<uint32_t> edge = tb_edge_words(
        {0x0000ffff, 0xffff0000, 0x00010000, 0xffff8000, 0x00008000, 0x7fff8000, 0x8000ffff});
    // Every funct3 for the edge pairs, one each for the pairs from -100..100.
    tb_edge_pairs(edge, [&](uint32_t a, uint32_t b, unsigned long long k) {
        if (k < edge.size() * edge.size())
            for (unsigned f3 = 0; f3 < 4; f3++)
                run(f3, a, b, (unsigned)((4 * k + f3) % 3));
        else
            run((unsigned)(k & 3), a, b, 0);
    });
    long randoms = argc > 1 ? atol(argv[argc - 1]) : 300000;
    for (long i = 0; i < randoms; i++) {
        uint32_t a = rnd(), b = rnd();
        unsigned shape = rnd() & 7;
        if (shape & 1) a >>= rnd() & 31;
        if (shape & 2) b >>= rnd() & 31;
        if ((shape & 4) && (rnd() & 1)) a = (uint32_t)0 - a;
        if ((shape & 4) && (rnd() & 1)) b = (uint32_t)0 - b;
        run(rnd() & 3, a, b, rnd() % 3);
    }
    printf("mul_tb: %llu products, %llu failed\n", checks, failures);
    delete dut;
    return failures != 0;
}
