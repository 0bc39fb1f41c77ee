// rtl_tb.h - shared by the RTL unit testbenches (tests/rtl/*_tb.cpp).
#ifndef RTL_TB_H
#define RTL_TB_H

#include <cstdint>

// splitmix64: the same numbers on every host.
struct TbRandom {
    uint64_t state;
    explicit TbRandom(uint64_t seed) : state(seed) {}
    uint64_t next() {
        uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
};

// One clock cycle of a model with a clk_i input.
template <class Model> void tb_tick(Model *m) {
    m->clk_i = 0;
    m->eval();
    m->clk_i = 1;
    m->eval();
}

#endif
