/*
 * test_fuzz.c - a fixed set of generated programs (tools/gen, docs/fuzz.md)
 * co-simulated against the ISS: no mismatch, and the program's own
 * signature check passes (exit code 0); and a few with --far-wfi, each of
 * which waits for a deadline near 2^64 and wraps TIME to 0.
 *
 * The DUT is the backend of VM74_BACKEND.  Sizes: about 15,000 steps per
 * seed, so the set is well under a second on the ISS and a few seconds on
 * an RTL model doing ~2 million steps per second.
 */
#define _DEFAULT_SOURCE /* unlink */
#include "gen.h"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define FIRST_SEED 1
#define N_SEEDS 100
#define BLOCKS 16
#define STEP_LIMIT 5000000u

static uint64_t seeds[N_SEEDS];

/* --far-wfi seeds whose programs have a far deadline block (the test
 * checks that they do). */
static uint64_t far_seeds[] = {1, 2, 3, 5, 6, 7, 12, 13};
#define N_FAR (sizeof far_seeds / sizeof far_seeds[0])

static void test_seed(void **state)
{
    uint64_t seed = *(uint64_t *)*state;
    char path[] = "/tmp/vm74-fuzz-XXXXXX";
    char what[96];
    hx_generate(seed, BLOCKS, path);
    snprintf(what, sizeof what, "seed %llu (reproduce: build/vm74-gen "
             "--seed=%llu --size=%d)", (unsigned long long)seed,
             (unsigned long long)seed, BLOCKS);
    hx_cosim_to_exit(path, STEP_LIMIT, NULL, NULL, what);
    unlink(path);
}

/* Stores of CMP = 2^64 - 2, the deadline that wraps TIME after a far WFI. */
static void count_wraps(void *ctx, const struct vm74_retire *r)
{
    unsigned *n = ctx;
    *n += r->mem_size == 4 && r->mem_write &&
          r->mem_paddr == VM74_TIMER_CMP_LO && r->mem_data == 0xfffffffeu;
}

static void test_far_wfi_seed(void **state)
{
    struct gen_options o = {.seed = *(uint64_t *)*state, .blocks = BLOCKS,
                            .far_wfi = 1};
    char path[] = "/tmp/vm74-fuzz-XXXXXX";
    char what[104];
    unsigned wraps = 0;
    hx_generate_with(&o, path);
    snprintf(what, sizeof what, "seed %llu (reproduce: build/vm74-gen "
             "--seed=%llu --size=%d --far-wfi)", (unsigned long long)o.seed,
             (unsigned long long)o.seed, BLOCKS);
    hx_cosim_to_exit(path, STEP_LIMIT, count_wraps, &wraps, what);
    unlink(path);
    assert_true(wraps > 0);
}

static struct CMUnitTest seed_test(char *name, size_t size, const char *prefix,
                                   CMUnitTestFunction fn, uint64_t *seed)
{
    snprintf(name, size, "%s%llu", prefix, (unsigned long long)*seed);
    return (struct CMUnitTest){.name = name, .test_func = fn,
                               .initial_state = seed};
}

int main(int argc, char **argv)
{
    static struct CMUnitTest tests[N_SEEDS + N_FAR];
    static char names[N_SEEDS + N_FAR][32];
    for (int i = 0; i < N_SEEDS; i++) {
        seeds[i] = FIRST_SEED + (uint64_t)i;
        tests[i] = seed_test(names[i], sizeof names[i], "test_seed_",
                             test_seed, &seeds[i]);
    }
    for (size_t i = 0; i < N_FAR; i++)
        tests[N_SEEDS + i] = seed_test(names[N_SEEDS + i], sizeof names[0],
                                       "test_far_wfi_seed_", test_far_wfi_seed,
                                       &far_seeds[i]);
    hx_apply_filter(argc, argv);
    return cmocka_run_group_tests_name("fuzz", tests, NULL, NULL);
}
