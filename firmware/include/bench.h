/*
 * bench.h - shared by the benchmark programs (firmware/bench-*).
 *
 * A benchmark is CPU-bound, prints one result line and exits 0 only if its
 * result passed a check that does not depend on the result itself: the
 * same thing computed a second way, or a known property.
 */
#ifndef VM74_BENCH_H
#define VM74_BENCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* A small, fast, deterministic pseudo-random generator (xorshift32). */
static inline uint32_t bench_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* Mix a value into a running checksum (order-sensitive). */
static inline uint32_t bench_mix(uint32_t sum, uint32_t value)
{
    return (sum ^ value) * 0x01000193u + (sum >> 15);
}

/* The one result line, and the exit code main returns. */
static inline int bench_finish(const char *name, uint32_t checksum, bool ok)
{
    printf("%s: checksum 0x%08lx %s\n", name, (unsigned long)checksum,
           ok ? "PASS" : "FAIL");
    return ok ? 0 : 1;
}

#endif /* VM74_BENCH_H */
