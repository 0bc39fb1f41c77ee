// reloc_tb: vm74_reloc (rtl/vm74_reloc.v), the checks of one access, against
// docs/isa.md §2 computed the long way: an n-byte access (n = 1, 2, 4, 16)
// at logical a under R = (l, b) with RAM of ram_size bytes is
//   misaligned  if a mod min(n, 4) != 0, else a fault
//   if          a + n > b, or l + a + n > 2^32, or
//               p + n > ram_size (p = l + a mod 2^32) unless it is a word
//               access that may reach a device (a load or store: dev_ok)
//               to one device register.
// The module is driven as vm74_core drives it: p = (l + a) mod 2^32, the
// compares' low parts (vm74_reloc_lo's), l's bits 31:2 and hi = l + b in
// 33 bits.
//
// Cases: every n and dev_ok, for R and RAM sizes at their edges and at
// random, with a at and around each edge the checks have (the bound, the
// end of the address space, the end of RAM, the device registers), then
// random a.  The fetch's instance (n = 4, no devices) is the same module.
#include "Vvm74_reloc.h"
#include "verilated.h"
#include "rtl_tb.h"
#include "vm74_arch.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

static Vvm74_reloc *dut;
static unsigned long long failures, checks;
static TbRandom tb_rng(0x452821e638d01377ull);
static uint32_t rnd() { return (uint32_t)tb_rng.next(); }

#define REGISTER_ADDRESS(dev, reg, offset, access, meaning) VM74_##dev##_##reg,
static const uint32_t dev_regs[] = {VM74_DEVICE_REGISTERS(REGISTER_ADDRESS)};
#undef REGISTER_ADDRESS

static bool is_dev_reg(uint32_t p) {
    for (uint32_t r : dev_regs)
        if (p == r) return true;
    return false;
}

struct Want {
    bool mis, fault;
};

static Want spec(uint32_t l, uint32_t b, uint32_t a, unsigned n, bool dev_ok,
                 uint32_t ram_size) {
    Want w;
    unsigned align = n < 4 ? n : 4;
    w.mis = (a % align) != 0;
    uint32_t p = l + a;
    bool bound = (uint64_t)a + n > b;
    bool wrap = (uint64_t)l + a + n > (1ull << 32);
    bool in_ram = (uint64_t)p + n <= ram_size;
    bool dev = dev_ok && n == 4 && is_dev_reg(p);
    w.fault = bound || wrap || !(in_ram || dev);
    return w;
}

static void one(uint32_t l, uint32_t b, uint32_t a, unsigned n, bool dev_ok,
                uint32_t ram_size) {
    uint32_t p = l + a;
    uint64_t hi = (uint64_t)l + b;
    dut->p_i = p;
    dut->n_i = n;
    // vm74_core (vm74_reloc_lo, registered): the compares' low parts, on
    // the last byte's low bits p[3:0] | (n - 1).
    dut->ge_lo_i = (((p & 0xfff0u) | ((p | (n - 1)) & 15)) & 0xffff) >= (hi & 0xffff);
    dut->lt_lo_i = ((p >> 2) & 0xffff) < ((l >> 2) & 0xffff);
    dut->dev_ok_i = dev_ok;
    dut->base_i = l >> 2;
    dut->hi_i = hi;
    dut->ram_size_i = ram_size;
    dut->eval();
    Want w = spec(l, b, a, n, dev_ok, ram_size);
    bool got_mis = dut->misaligned_o, got_fault = dut->fault_o;
    // fault_o is only meaningful for an aligned access.
    bool ok = got_mis == w.mis && (w.mis || got_fault == w.fault);
    checks++;
    if (!ok && failures++ < 20)
        fprintf(stderr,
                "l=%#010x b=%#010x a=%#010x n=%u dev_ok=%d ram=%#x: got mis %d fault %d, "
                "want mis %d fault %d\n",
                l, b, a, n, dev_ok, ram_size, got_mis, got_fault, w.mis, w.fault);
}

static const unsigned sizes[] = {1, 2, 4, 16};

// Every n and dev_ok at a, and at a's neighbours within +-20 bytes.
static void around(uint32_t l, uint32_t b, uint32_t a, uint32_t ram_size) {
    for (int d = -20; d <= 20; d++)
        for (unsigned n : sizes)
            for (int dev_ok = 0; dev_ok < 2; dev_ok++)
                one(l, b, a + (uint32_t)d, n, dev_ok, ram_size);
}

static void edges_of(uint32_t l, uint32_t b, uint32_t ram_size) {
    for (unsigned n : sizes) {
        around(l, b, b - n, ram_size);                   // the bound
        around(l, b, 0u - l - n, ram_size);              // l + a + n = 2^32
        around(l, b, ram_size - l - n, ram_size);        // the end of RAM
    }
    around(l, b, 0, ram_size);
    around(l, b, 0xfffffff0u, ram_size);
    around(l, b, ram_size - l - 0x1000, ram_size);       // RAM's last page
    for (uint32_t r : dev_regs)
        around(l, b, r - l, ram_size);
    for (int i = 0; i < 8; i++)
        around(l, b, rnd(), ram_size);
}

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    dut = new Vvm74_reloc;
    long random_rs = argc > 1 ? atol(argv[argc - 1]) : 3000;
    if (random_rs <= 0) random_rs = 3000;

    const uint32_t rams[] = {VM74_RAM_SIZE_MIN, VM74_RAM_SIZE_BOARD, VM74_RAM_SIZE_DEFAULT,
                             VM74_RAM_SIZE_MAX};
    std::vector<uint32_t> ls = {0, 4, 8, 12, 0x1000, 0x4000, 0x1fffc, 0x1fff0, 0xffffc,
                                0xfffff000u, 0xfffffff0u, 0xfffffffcu, 0x0ffffff4u};
    std::vector<uint32_t> bs = {0,       1,       2,       3,          4,          5,
                                12,      15,      16,      17,         19,         20,
                                0x1000,  0x1003,  0x1004,  0x100c,     0x100d,     0x20000,
                                0x1ffff, 0x1fff1, 0x1fff0, 0xfffffff0u, 0xfffffff3u,
                                0xfffffffcu, VM74_BOUND_ALL};
    for (uint32_t ram : rams)
        for (uint32_t l : ls)
            for (uint32_t b : bs)
                edges_of(l, b, ram);
    // Random R and RAM: l word-aligned, b and the RAM size anything legal.
    for (long i = 0; i < random_rs; i++) {
        uint32_t l = rnd() & ~3u;
        if (i & 1) l &= 0x3fffc;                          // near RAM
        uint32_t b = rnd() >> (rnd() & 31);
        uint32_t ram = rams[rnd() & 3];
        edges_of(l, b, ram);
    }

    printf("reloc_tb: %llu checks, %llu failed\n", checks, failures);
    delete dut;
    return failures ? 1 : 0;
}
