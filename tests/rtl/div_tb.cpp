// div_tb: vm74_div (rtl/vm74_div.v) against the RISC-V M extension's
// DIV/DIVU/REM/REMU (division by zero, signed overflow) and the documented
// latency: done_o rises max(k, 1) + 2 cycles after start_i, where k is the
// number of significant bits of the dividend's magnitude (docs/rtl.md).
//
// Operands: every pair from a set of edge values (0, +-1, powers of two and
// their neighbours, INT_MIN, INT_MAX, ...), then random pairs of random
// lengths (300000, or the last argument); each with all four funct3 values and
// a random gap before start.  Also every pair from -100..100.
#include "Vvm74_div.h"
#include "verilated.h"
#include "rtl_tb.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

static Vvm74_div *dut;
static unsigned long long failures, checks;
static TbRandom tb_rng(0x9e3779b97f4a7c15ull);
static uint32_t rnd() { return (uint32_t)tb_rng.next(); }

static void tick() { tb_tick(dut); }

static uint32_t ref(unsigned f3, uint32_t a, uint32_t b) {
    int32_t sa = (int32_t)a, sb = (int32_t)b;
    switch (f3) {
    case 0: // DIV
        if (b == 0) return 0xffffffffu;
        if (sa == INT32_MIN && sb == -1) return a;
        return (uint32_t)(sa / sb);
    case 1: // DIVU
        return b == 0 ? 0xffffffffu : a / b;
    case 2: // REM
        if (b == 0) return a;
        if (sa == INT32_MIN && sb == -1) return 0;
        return (uint32_t)(sa % sb);
    default: // REMU
        return b == 0 ? a : a % b;
    }
}

static unsigned latency(unsigned f3, uint32_t a) {
    uint32_t mag = (!(f3 & 1) && (a >> 31)) ? (uint32_t)0 - a : a;
    unsigned k = 0;
    while (k < 32 && (mag >> k) != 0) k++;
    return (k ? k : 1) + 2;
}

static void run(unsigned f3, uint32_t a, uint32_t b, unsigned gap) {
    for (unsigned i = 0; i < gap; i++) {
        dut->start_i = 0;
        tick();
        if (dut->done_o) {
            if (failures++ < 20) printf("FAIL: done_o while idle\n");
            return;
        }
    }
    // The operands are steady from the cycle before start (the core's X
    // cycle), as vm74_div asks.
    dut->funct3_i = f3;
    dut->a_i = a;
    dut->b_i = b;
    tick();
    dut->start_i = 1;
    tick();
    dut->start_i = 0;
    dut->a_i = 0xdeadbeef; // operands are latched at start
    dut->b_i = 0x12345678;
    unsigned want = latency(f3, a), n = 1;
    while (!dut->done_o && n < 40) {
        tick();
        n++;
    }
    checks++;
    uint32_t y = dut->y_o, r = ref(f3, a, b);
    if (n != want || y != r) {
        if (failures++ < 20)
            printf("FAIL: funct3 %u a 0x%08x b 0x%08x: y 0x%08x (want 0x%08x), "
                   "done after %u cycles (want %u)\n", f3, a, b, y, r, n, want);
    }
}


int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    dut = new Vvm74_div;
    dut->rst_ni = 0;
    dut->start_i = 0;
    tick();
    tick();
    dut->rst_ni = 1;

    const std::vector<uint32_t> edge = tb_edge_words({});
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
        uint32_t a = rnd() >> (rnd() & 31), b = rnd() >> (rnd() & 31);
        if (rnd() & 1) a = (uint32_t)0 - a;
        if (rnd() & 1) b = (uint32_t)0 - b;
        run(rnd() & 3, a, b, rnd() % 3);
    }
    printf("div_tb: %llu divisions, %llu failed\n", checks, failures);
    delete dut;
    return failures != 0;
}
