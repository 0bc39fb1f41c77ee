// rtl_tb.h - shared by the RTL unit testbenches (tests/rtl/*_tb.cpp).
#ifndef RTL_TB_H
#define RTL_TB_H

#include <cstdint>
#include <vector>

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

// Operand pairs for the arithmetic units (div_tb, mul_tb): words at the
// edges of 32-bit arithmetic, each power of two from 4 on with its
// neighbours and their negations, and extra for the unit; then every
// (a, b) of them, and every pair from -100..100, given to run(a, b, n)
// with a running count n.
inline std::vector<uint32_t> tb_edge_words(std::vector<uint32_t> extra) {
    std::vector<uint32_t> edge = {0, 1, 2, 3, 5, 7, 10, 0x7fffffff, 0x7ffffffe,
                                  0x80000000, 0x80000001, 0xffffffff, 0xfffffffe,
                                  0xfffffffd, 0xfffffff9, 0x55555555, 0xaaaaaaaa};
    edge.insert(edge.end(), extra.begin(), extra.end());
    for (int k = 2; k < 32; k++) {
        uint32_t p = 1u << k;
        for (uint32_t v : {p, p - 1, p + 1, (uint32_t)0 - p, (uint32_t)0 - p + 1,
                           (uint32_t)0 - p - 1})
            edge.push_back(v);
    }
    return edge;
}

template <class Run>
unsigned long long tb_edge_pairs(const std::vector<uint32_t> &edge, Run run) {
    unsigned long long n = 0;
    for (uint32_t a : edge)
        for (uint32_t b : edge)
            run(a, b, n++);
    for (int a = -100; a <= 100; a++)
        for (int b = -100; b <= 100; b++)
            run((uint32_t)a, (uint32_t)b, n++);
    return n;
}

#endif
