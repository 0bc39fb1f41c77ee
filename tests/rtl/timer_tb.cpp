// timer_tb: vm74_timer (rtl/vm74_timer.v) against a model of docs/isa.md §6:
// in every cycle pending_o must be TIME >= CMP and disarmed_o CMP = 2^64 - 1
// for that cycle's TIME and CMP (both come from flip-flops), TIME counts
// every clock and wraps at 2^64, and a CMP_LO/CMP_HI store takes effect at
// the clock edge that ends its cycle.
//
// Each trial puts TIME somewhere interesting through the backdoor (near 0,
// near a carry into the high half, near the wrap, anywhere), clocks three
// times (the flags follow a backdoor write from the third edge on), then runs
// cycles with random stores: CMP halves near TIME's, around the store
// protocol of docs/isa.md §6 (CMP_HI = all ones, CMP_LO, CMP_HI), all ones,
// zero, anything.
#include "Vvm74_timer.h"
#include "Vvm74_timer___024root.h"
#include "verilated.h"
#include "rtl_tb.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

static Vvm74_timer *dut;
static unsigned long long failures, checks;
static uint64_t t_model, c_model;
static TbRandom tb_rng(0x243f6a8885a308d3ull);
static uint64_t rnd() { return tb_rng.next(); }


static void tick() { tb_tick(dut); }

static void check(const char *what) {
    checks++;
    bool pend = t_model >= c_model, dis = c_model == ~0ull;
    if (dut->time_o != t_model || dut->cmp_o != c_model || dut->pending_o != pend ||
        dut->disarmed_o != dis) {
        if (failures++ < 20)
            printf("FAIL (%s): TIME 0x%016llx CMP 0x%016llx: time_o 0x%016llx cmp_o "
                   "0x%016llx pending_o %d (want %d) disarmed_o %d (want %d)\n", what,
                   (unsigned long long)t_model, (unsigned long long)c_model,
                   (unsigned long long)dut->time_o, (unsigned long long)dut->cmp_o,
                   dut->pending_o, pend, dut->disarmed_o, dis);
    }
}

// One cycle: the flags of this cycle, then a store (0 none, 1 CMP_LO, 2 CMP_HI).
static void cycle(int store, uint32_t w, const char *what) {
    check(what);
    dut->cmp_lo_we_i = store == 1;
    dut->cmp_hi_we_i = store == 2;
    dut->wdata_i = store ? w : (uint32_t)rnd(); // data is ignored without a strobe
    tick();
    t_model++;
    if (store == 1) c_model = (c_model & ~0xffffffffull) | w;
    if (store == 2) c_model = (c_model & 0xffffffffull) | ((uint64_t)w << 32);
}

// A half of TIME a few cycles from now, give or take.
static uint32_t near(int hi) {
    uint64_t v = t_model + (rnd() % 9) - 2;
    return hi ? (uint32_t)(v >> 32) : (uint32_t)v;
}

static uint32_t data(int hi) {
    switch (rnd() % 6) {
    case 0: case 1: return near(hi);
    case 2: return 0xffffffffu;
    case 3: return 0;
    default: return (uint32_t)rnd();
    }
}

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    dut = new Vvm74_timer;
    long trials = argc > 1 ? atol(argv[argc - 1]) : 20000;
    dut->rst_ni = 0;
    dut->cmp_lo_we_i = dut->cmp_hi_we_i = 0;
    tick();
    dut->rst_ni = 1;
    t_model = 0;
    c_model = ~0ull;
    for (int i = 0; i < 8; i++) cycle(0, 0, "after reset");

    for (long n = 0; n < trials; n++) {
        // TIME somewhere: near 0, near 2^32 (the carry into the high half),
        // near a random high half's carry, near the wrap, anywhere.
        uint64_t t;
        switch (rnd() % 5) {
        case 0: t = rnd() % 16; break;
        case 1: t = 0xffffffffull - rnd() % 16; break;
        case 2: t = (rnd() << 32) | (0xffffffffu - rnd() % 16); break;
        case 3: t = ~0ull - rnd() % 16; break;
        default: t = rnd(); break;
        }
        // TIME, its successor ~(TIME + 1) and the carry flag of TIME + 2:
        // under synthesis TIME's next value comes from vn_q, so they are
        // written together.
        dut->rootp->vm74_timer__DOT__time_q = t;
        dut->rootp->vm74_timer__DOT__vn_q = ~(t + 1);
        dut->rootp->vm74_timer__DOT__vc_q = ((uint32_t)t >> 1) == 0x7fffffffu;
        t_model = t;
        dut->cmp_lo_we_i = dut->cmp_hi_we_i = 0;
        tick(); // the flags follow the backdoor from the third edge on
        tick();
        tick();
        t_model += 3;
        for (int k = 0; k < 24; k++) {
            int r = rnd() % 10;
            if (r < 2) { // the protocol: CMP_HI = ones, CMP_LO, CMP_HI
                cycle(2, 0xffffffffu, "protocol");
                cycle(0, 0, "protocol");
                cycle(1, data(0), "protocol");
                cycle(rnd() % 3 ? 0 : 0, 0, "protocol");
                cycle(2, data(1), "protocol");
            } else if (r < 4) {
                cycle(1, data(0), "CMP_LO");
            } else if (r < 6) {
                cycle(2, data(1), "CMP_HI");
            } else {
                cycle(0, 0, "no store");
            }
        }
    }
    check("end");
    printf("timer_tb: %llu cycles checked, %llu failed\n", checks, failures);
    delete dut;
    return failures != 0;
}
