/*
 * test_vmmfuzz.c - the VMM under generated guests (tools/vmm/vmm_fuzz.c,
 * docs/fuzz.md "The VMM under random guests"), on the backend of
 * VM74_BACKEND.
 *
 * A fixed set of seeds must give 0 differences under the VMM and the
 * hybrid VMM; and the comparison must fail when the VMM's machine is
 * deliberately broken (a byte of a guest's memory, of its console input).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gen.h"
#include "harness.h"
#include "vmm_fuzz.h"

#define CONF   "firmware/vmm/fuzz/guests.conf"
#define VMM    "build/firmware/fuzz/vmm.elf"
#define HYBRID "build/firmware/fuzz/vmm-hybrid.elf"

/* The seeds make fuzz-like runs in CI: the ISS runs both VMMs on all of
 * them; the RTL, ~100 times slower, the hybrid VMM on the first batch. */
#define SEEDS 8

static void config(struct vf_config *c, const char *vmm, const char *hybrid)
{
    char err[600];
    memset(c, 0, sizeof *c);
    c->be = hx_backend();
    c->blocks = GEN_DEFAULT_BLOCKS;
    c->vmm_elf[c->n_vmm++] = vmm;
    if (hybrid)
        c->vmm_elf[c->n_vmm++] = hybrid;
    if (vf_init(c, CONF, err, sizeof err))
        fail_msg("%s", err);
}

/* One batch from first: its vf_batch result, the failure in *f. */
static int batch(struct vf_config *c, uint64_t first, struct vf_totals *t,
                 struct vf_failure *f)
{
    char err[600];
    int rc = vf_batch(c, first, t, f, err, sizeof err);
    if (rc < 0)
        fail_msg("%s", err);
    return rc;
}

static void test_fixed_seeds_equivalent(void **state)
{
    (void)state;
    struct vf_config c;
    struct vf_totals t = {0};
    struct vf_failure f;
    bool rtl = hx_backend() == VM74_BACKEND_RTL;
    config(&c, VMM, HYBRID);
    for (uint64_t first = 1; first <= SEEDS; first += (uint64_t)c.n_slots) {
        c.n_vmm = rtl && first > 1 ? 1 : 2;
        if (batch(&c, first, &t, &f) != 0)
            fail_msg("seed %llu: %s", (unsigned long long)f.seed, f.why);
    }
    assert_int_equal(t.seeds, SEEDS);
    assert_true(t.vmm_steps[0] > t.bare_cycles / 2); /* the VMM ran them */
    assert_true(t.vmm_steps[1] > t.vmm_steps[0] / 4);
    vf_cleanup(&c);
}

/* ---- Mutations: the comparison must see each ---------------------------- */

struct mutation {
    const struct vf_config *c;
    int slot;
    uint32_t offset; /* in the slot's partition, or in its input */
    bool input;
};

static void mutate(vm74 *m, void *ctx)
{
    const struct mutation *mu = ctx;
    uint32_t addr = mu->c->slot[mu->slot].base + mu->offset, word;
    if (mu->input) {
        uint32_t setups, setup, in;
        assert_int_equal(elfinfo_symbol(VMM, "vmm_setups", &setups), 0);
        setup = setups + (uint32_t)mu->slot * VMM_SETUP_SIZE;
        assert_int_equal(vm74_read_phys(m, setup + VMM_SETUP_INPUT, &in, 4), 0);
        addr = in + mu->offset;
    }
    assert_int_equal(vm74_read_phys(m, addr, &word, 4), 0);
    word ^= 0x5au;
    assert_int_equal(vm74_write_phys(m, addr, &word, 4), 0);
}

static void expect_difference(struct mutation *mu, uint64_t first, const char *what)
{
    struct vf_config c;
    struct vf_totals t = {0};
    struct vf_failure f;
    config(&c, VMM, NULL);
    mu->c = &c;
    c.mutate = mutate;
    c.mutate_ctx = mu;
    assert_int_equal(batch(&c, first, &t, &f), 1);
    assert_int_equal(f.vmm, 0);
    assert_int_equal(f.slot, mu->slot);
    assert_non_null(strstr(f.why, what));
    vf_cleanup(&c);
}

/* A byte of slot 1's data area (tools/gen: 0x10000, in the signature):
 * the program's own check fails under the VMM only. */
static void test_mutation_memory_seen(void **state)
{
    (void)state;
    struct mutation mu = {.slot = 1, .offset = 0x10040};
    expect_difference(&mu, 1, "exit codes differ");
}

/* Another first console byte for slot 0 under the VMM than bare: seed 5
 * reads it into a register that reaches its signature. */
static void test_mutation_input_seen(void **state)
{
    (void)state;
    struct mutation mu = {.slot = 0, .offset = 0, .input = true};
    expect_difference(&mu, 5, "exit codes differ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_seeds_equivalent),
        cmocka_unit_test(test_mutation_memory_seen),
        cmocka_unit_test(test_mutation_input_seen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
