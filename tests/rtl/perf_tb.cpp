// perf_tb: vm74_perf (rtl/vm74_perf.v) against a model of docs/isa.md §6: in
// every cycle INSTRET_S and INSTRET_U are the retirements so far by mode,
// across the carry from each counter's low half into its high half (the
// counters are set near it through the backdoor, then the retirement input
// is random).  Built with -DPERF_DSP (vm74_perf with DSP = 1, whose
// registers are in the DSP blocks' models) there is no backdoor: the
// counters start near the carries from the INIT_S/INIT_U parameters
// (PERF_INIT_S/U here) and count for one long run.
#include "Vvm74_perf.h"
#include "Vvm74_perf___024root.h"
#include "verilated.h"
#include "rtl_tb.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

static TbRandom tb_rng(0x452821e638d01377ull);
static uint64_t rnd() { return tb_rng.next(); }


int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    auto *dut = new Vvm74_perf;
    long trials = argc > 1 ? atol(argv[argc - 1]) : 20000;
    unsigned long long checks = 0, failures = 0;
    auto tick = [&] { tb_tick(dut); };
    dut->rst_ni = 0;
    dut->retire_i = 0;
    tick();
    dut->rst_ni = 1;
#ifdef PERF_DSP
    uint64_t s = PERF_INIT_S, u = PERF_INIT_U;
    trials = 1;
    const int run = 400000;
#else
    uint64_t s = 0, u = 0;
    const int run = 40;
#endif
    for (long n = 0; n < trials; n++) {
#ifndef PERF_DSP
        if (n) {   // near a carry into the high half (or anywhere), while idle
            auto pick = []() -> uint64_t {
                switch (rnd() % 4) {
                case 0: return (rnd() << 32) | (0xffffffffu - rnd() % 8);
                case 1: return ~0ull - rnd() % 8;
                case 2: return rnd() % 8;
                default: return rnd();
                }
            };
            s = pick();
            u = pick();
            dut->rootp->vm74_perf__DOT__g_lc__DOT__instret_s_q = s;
            dut->rootp->vm74_perf__DOT__g_lc__DOT__instret_u_q = u;
            dut->retire_i = 0;
            tick();   // the harness writes only while idle: a cycle passes
        }
#endif
        for (int k = 0; k < run; k++) {
            checks++;
            if (dut->instret_s_o != s || dut->instret_u_o != u) {
                if (failures++ < 20)
                    printf("FAIL: INSTRET_S 0x%016llx (want 0x%016llx) INSTRET_U 0x%016llx "
                           "(want 0x%016llx)\n", (unsigned long long)dut->instret_s_o,
                           (unsigned long long)s, (unsigned long long)dut->instret_u_o,
                           (unsigned long long)u);
            }
            int r = rnd() % 4 != 0, m = rnd() & 1;
            dut->retire_i = r;
            dut->retire_mode_i = m;
            tick();
            if (r) (m ? s : u)++;
        }
    }
    printf("perf_tb: %llu cycles checked, %llu failed\n", checks, failures);
    delete dut;
    return failures != 0;
}
