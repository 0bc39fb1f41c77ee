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

#include "cosim.h"
#include "elfwrite.h"
#include "gen.h"

#define FIRST_SEED 1
#define N_SEEDS 100
#define BLOCKS 16
#define STEP_LIMIT 5000000u

static uint64_t seeds[N_SEEDS];

static void write_program(uint64_t seed, char *path)
{
    struct gen_options o = {seed, BLOCKS, 0};
    struct gen_result r;
    char err[256];
    if (gen_generate(&o, &r, err, 256) != 0)
        fail_msg("%s", err);
    assert_int_equal(elf_write_temp(path, r.elf, r.elf_len), 0);
    gen_result_free(&r);
}

static void test_seed(void **state)
{
    uint64_t seed = *(uint64_t *)*state;
    char path[] = "/tmp/vm74-fuzz-XXXXXX";
    write_program(seed, path);

    struct vm74_config cfg = {.backend = hx_backend()};
    char err[256];
    struct cosim *c = cosim_create(&cfg, err, sizeof err);
    if (c == NULL)
        fail_msg("cosim_create(%s): %s", hx_backend_env(), err);
    cosim_set_console(c, NULL, NULL, NULL);
    int rc = cosim_load_elf(c, path, err, sizeof err);
    unlink(path);
    if (rc != VM74_LOAD_OK)
        fail_msg("%s", err);
    int status = cosim_run(c, STEP_LIMIT);
    if (status == COSIM_MISMATCH)
        fail_msg("seed %llu (reproduce: build/vm74-gen --seed=%llu "
                 "--size=%d):\n%s", (unsigned long long)seed,
                 (unsigned long long)seed, BLOCKS, cosim_report(c));
    assert_int_equal(status, VM74_EXITED);
    assert_int_equal(vm74_exit_code(cosim_dut(c)), 0); /* signature */
    cosim_destroy(c);
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
