/*
 * test_fuzz.c - a fixed set of generated programs (tools/gen, docs/fuzz.md)
 * co-simulated against the ISS: no mismatch, and the program's own
 * signature check passes (exit code 0).
 *
 * The DUT is the backend of VM74_BACKEND.  Sizes: about 15,000 steps per
 * seed, so the set is well under a second on the ISS and a few seconds on
 * an RTL model doing ~2 million steps per second.
 */
#define _DEFAULT_SOURCE /* unlink */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define FIRST_SEED 1
#define N_SEEDS 100
#define BLOCKS 16
#define STEP_LIMIT 5000000u

static uint64_t seeds[N_SEEDS];

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

int main(int argc, char **argv)
{
    static struct CMUnitTest tests[N_SEEDS];
    static char names[N_SEEDS][32];
    for (int i = 0; i < N_SEEDS; i++) {
        seeds[i] = FIRST_SEED + (uint64_t)i;
        snprintf(names[i], sizeof names[i], "test_seed_%llu",
                 (unsigned long long)seeds[i]);
        tests[i] = (struct CMUnitTest){.name = names[i],
                                       .test_func = test_seed,
                                       .initial_state = &seeds[i]};
    }
    hx_apply_filter(argc, argv);
    return cmocka_run_group_tests_name("fuzz", tests, NULL, NULL);
}
