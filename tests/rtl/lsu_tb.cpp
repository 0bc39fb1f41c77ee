// lsu_tb: vm74_lsu (rtl/vm74_lsu.v), the byte lanes of a load or store,
// against RV32I's SB/SH/SW and LB/LBU/LH/LHU/LW computed the long way, byte
// by byte, on a memory word.
//
// Driven as vm74_core drives it, one access per two cycles:
//   S_MEM     size, sign, lane and rs2 steady; st_cap_i = 1, ld_go_i for a
//             load (ld_dev_i for a device register)
//   S_LOADWB  the RAM's word (and the device's) arrive: ld_val_o is the
//             loaded value, ld_raw_o the recorded bytes; a store's write
//             cycle: st_data_o/st_be_o write the stored bytes and no other
// Checked besides: a store's registers hold while st_cap_i is 0, and
// ld_val_o is zero in the cycle after any S_MEM that is not a load's.
// Cases: every size, lane and sign with edge words (sign bits set and
// clear at every lane), then random ones (50000, or the last argument).
//
// Built twice (tests/rtl/rtl-units.mk): on the Verilog, and as lsu_ice40
// on Yosys's netlist of it (synth_ice40, with the iCE40 cell models).
#include "Vvm74_lsu.h"
#include "verilated.h"
#include "rtl_tb.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

static Vvm74_lsu *dut;
static unsigned long long failures, checks;
static TbRandom tb_rng(0x9216d5d98979fb1bull);
static uint32_t rnd() { return (uint32_t)tb_rng.next(); }

static void check(bool ok, const char *what, unsigned n, unsigned lane, uint32_t v,
                  uint32_t got, uint32_t want) {
    checks++;
    if (!ok && failures++ < 20)
        fprintf(stderr, "%s: n=%u lane=%u operand %#010x: got %#010x, want %#010x\n", what, n,
                lane, v, got, want);
}

static uint32_t byte_of(uint32_t w, unsigned k) { return (w >> (8 * k)) & 0xffu; }

// The word in memory after an n-byte store of v at lane over old.
static uint32_t stored(uint32_t old, uint32_t v, unsigned n, unsigned lane) {
    uint32_t w = old;
    for (unsigned i = 0; i < n; i++) {
        unsigned k = lane + i;
        w = (w & ~(0xffu << (8 * k))) | (byte_of(v, i) << (8 * k));
    }
    return w;
}

// The n bytes at lane of w, zero- or sign-extended.
static uint32_t loaded(uint32_t w, unsigned n, unsigned lane, bool sx) {
    uint32_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= byte_of(w, lane + i) << (8 * i);
    if (sx && n < 4 && (v >> (8 * n - 1)) & 1u)
        v |= ~0u << (8 * n);
    return v;
}

static uint32_t low_bytes(uint32_t v, unsigned n) { return n == 4 ? v : v & ((1u << (8 * n)) - 1); }

// The S_MEM cycle: the step's operands, with the lanes registered.
static void s_mem(unsigned n, unsigned lane, bool sx, uint32_t rs2, bool load, bool dev) {
    dut->size_i = n;
    dut->signed_i = sx;
    dut->lane_i = lane;
    dut->rs2_i = rs2;
    dut->st_cap_i = 1;
    dut->ld_go_i = load;
    dut->ld_dev_i = dev;
    dut->ram_rdata_i = rnd();
    dut->dev_rdata_i = rnd();
    dut->bus_rdata_i = rnd();
    tb_tick(dut);
    dut->st_cap_i = 0;
    dut->ld_go_i = rnd() & 1;   // S_LOADWB: no new access registers
    dut->ld_dev_i = rnd() & 1;
}

static void one_store(unsigned n, unsigned lane, uint32_t v) {
    s_mem(n, lane, rnd() & 1, v, false, rnd() & 1);
    dut->eval();
    check(dut->st_rec_o == low_bytes(v, n), "st_rec", n, lane, v, dut->st_rec_o,
          low_bytes(v, n));
    uint32_t old = rnd(), mask = 0;
    for (unsigned k = 0; k < 4; k++)
        if ((dut->st_be_o >> k) & 1u) mask |= 0xffu << (8 * k);
    uint32_t got = (old & ~mask) | (dut->st_data_o & mask), want = stored(old, v, n, lane);
    check(got == want, "store", n, lane, v, got, want);
    check(dut->ld_val_o == 0, "ld_val after a store", n, lane, v, dut->ld_val_o, 0);
    // Held while no S_MEM registers new lanes.
    uint32_t data = dut->st_data_o, be = dut->st_be_o;
    dut->rs2_i = rnd();
    dut->size_i = 1u << (rnd() % 3);
    dut->lane_i = rnd() & 3;
    tb_tick(dut);
    check(dut->st_data_o == data && dut->st_be_o == be, "store held", n, lane, v,
          dut->st_data_o, data);
}

static void one_load(unsigned n, unsigned lane, bool sx, uint32_t w) {
    s_mem(n, lane, sx, rnd(), true, false);
    dut->ram_rdata_i = w;
    dut->bus_rdata_i = w;
    dut->eval();
    uint32_t want = loaded(w, n, lane, sx);
    check(dut->ld_val_o == want, sx ? "load (signed)" : "load", n, lane, w, dut->ld_val_o, want);
    check(dut->ld_raw_o == loaded(w, n, lane, false), "ld_raw", n, lane, w, dut->ld_raw_o,
          loaded(w, n, lane, false));
}

// A device register: a word, from vm74_bus's registered read data.
static void one_dev_load(uint32_t d) {
    s_mem(4, 0, rnd() & 1, rnd(), true, true);
    dut->dev_rdata_i = d;
    dut->bus_rdata_i = d;
    dut->eval();
    check(dut->ld_val_o == d, "device load", 4, 0, d, dut->ld_val_o, d);
    check(dut->ld_raw_o == d, "device ld_raw", 4, 0, d, dut->ld_raw_o, d);
}

// Every size at every aligned lane, both signs, on word w (loads) and
// operand w (stores).
static void every_access(uint32_t w) {
    for (unsigned n = 1; n <= 4; n *= 2)
        for (unsigned lane = 0; lane < 4; lane += n) {
            one_store(n, lane, w);
            one_load(n, lane, false, w);
            one_load(n, lane, true, w);
        }
    one_dev_load(w);
}

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    dut = new Vvm74_lsu;
    long randoms = argc > 1 ? atol(argv[argc - 1]) : 50000;
    if (randoms <= 0) randoms = 50000;

    const uint32_t edge[] = {0x00000000u, 0xffffffffu, 0x80808080u, 0x7f7f7f7fu,
                             0x80000000u, 0x00000080u, 0x00008000u, 0x00800000u,
                             0x01234567u, 0x89abcdefu, 0xfedcba98u, 0x7fff8000u};
    for (uint32_t w : edge)
        every_access(w);
    for (long i = 0; i < randoms; i++)
        every_access(rnd());

    printf("lsu_tb: %llu checks, %llu failed\n", checks, failures);
    delete dut;
    return failures ? 1 : 0;
}
