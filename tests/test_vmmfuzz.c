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
#include <unistd.h>

#include <cmocka.h>

#include "elfwrite.h"
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

/* ---- The generated guests reach the cases the comparison is for -------- */

#define COVER_RAM 0x40000u /* a slot's partition */
#define COVER_SEEDS 40

struct coverage {
    struct vm74_psw psw;   /* the PSW the next step starts with */
    unsigned far_fetch;    /* fetch faults with l within 16 KiB of 2^32 */
    unsigned ram_end;      /* data faults at the RAM's end, under b */
    unsigned nested;       /* traps taken inside the handler's helper */
    unsigned tx, rx;       /* UART TX stores, console bytes read */
    unsigned far_cmp;      /* CMP_HI stores near 2^64 */
    unsigned wraps;        /* CMP_LO = 2^64 - 2 stores: after a far WFI */
};

static void cover_step(void *ctx, const struct vm74_retire *r)
{
    struct coverage *cv = ctx;
    uint32_t l = cv->psw.base, end = l + r->info;
    bool data_fault = r->trap && !r->interrupt &&
                      (r->cause == VM74_CAUSE_LOAD_FAULT ||
                       r->cause == VM74_CAUSE_STORE_FAULT);
    cv->far_fetch += r->trap && r->cause == VM74_CAUSE_FETCH_FAULT &&
                     l >= 0xffffc000u;
    cv->ram_end += data_fault && l < COVER_RAM && end >= COVER_RAM - 4 &&
                   end < COVER_RAM + 64 && r->info < cv->psw.bound;
    cv->nested += r->trap && r->mode == VM74_MODE_SUPERVISOR &&
                  r->pc >= 0x800 && r->pc < 0x900;
    cv->tx += r->mem_size == 4 && r->mem_write && r->mem_paddr == VM74_UART_TXDATA;
    cv->rx += r->mem_size == 4 && !r->mem_write && r->mem_paddr == VM74_UART_RXDATA &&
              !(r->mem_data & VM74_UART_RX_EMPTY);
    cv->far_cmp += r->mem_size == 4 && r->mem_write &&
                   r->mem_paddr == VM74_TIMER_CMP_HI && r->mem_data >= 0xfffffffcu &&
                   r->mem_data != 0xffffffffu;
    cv->wraps += r->mem_size == 4 && r->mem_write &&
                 r->mem_paddr == VM74_TIMER_CMP_LO && r->mem_data == 0xfffffffeu;
    cv->psw = r->next;
}

static const uint8_t cover_input[] = "input bytes";

static int cover_getc(void *ctx)
{
    size_t *pos = ctx;
    return *pos < sizeof cover_input - 1 ? cover_input[(*pos)++] : -1;
}

static void cover_seed(uint64_t seed, int far_wfi, struct coverage *cv)
{
    const uint8_t *input = cover_input;
    size_t pos = 0;
    struct gen_options o = {.seed = seed, .blocks = GEN_DEFAULT_BLOCKS,
                            .ram_size = COVER_RAM, .input = input,
                            .input_len = sizeof cover_input - 1,
                            .far_wfi = far_wfi};
    struct gen_result g;
    char err[300], path[] = "/tmp/vm74-vmmfuzz-XXXXXX";
    if (gen_generate(&o, &g, err, sizeof err))
        fail_msg("%s", err);
    assert_int_equal(elf_write_temp(path, g.elf, g.elf_len), 0);
    gen_result_free(&g);
    struct vm74_config cfg = {.backend = VM74_BACKEND_ISS, .ram_size = COVER_RAM};
    vm74 *m = vm74_create(&cfg, err, sizeof err);
    assert_non_null(m);
    assert_int_equal(vm74_load_elf(m, path, err, sizeof err), VM74_LOAD_OK);
    unlink(path);
    struct vm74_state st;
    vm74_get_state(m, &st);
    cv->psw = st.psw;
    vm74_set_console(m, NULL, cover_getc, &pos);
    vm74_set_retire_hook(m, cover_step, cv);
    assert_int_equal(vm74_run(m, 4000000), VM74_EXITED);
    assert_int_equal(vm74_exit_code(m), 0);
    vm74_destroy(m);
}

/* Each new kind of case happens in the first 40 seeds' programs (the
 * ISS's view; the seeds and the counts are deterministic). */
static void test_generated_cases_reached(void **state)
{
    (void)state;
    struct coverage cv = {0};
    for (uint64_t seed = 1; seed <= COVER_SEEDS; seed++)
        cover_seed(seed, 0, &cv);
    assert_true(cv.far_fetch > 0);
    assert_true(cv.ram_end > 0);
    assert_true(cv.nested > 0);
    assert_true(cv.tx > 0);
    assert_true(cv.rx > 0);
    assert_true(cv.far_cmp > 0);
}

/* --far-wfi guests (seeds 26-29 wait 5 times for a deadline near 2^64
 * and wrap TIME to 0): 0 differences under the VMM (and on the ISS the
 * hybrid VMM). */
#define FAR_FIRST 26

static void test_far_wfi_seeds_equivalent(void **state)
{
    (void)state;
    struct vf_config c;
    struct vf_totals t = {0};
    struct vf_failure f;
    struct coverage cv = {0};
    config(&c, VMM, hx_backend() == VM74_BACKEND_RTL ? NULL : HYBRID);
    c.far_wfi = 1;
    for (int i = 0; i < c.n_slots; i++)
        cover_seed(FAR_FIRST + (uint64_t)i, 1, &cv);
    assert_int_equal(cv.wraps, 5);
    if (batch(&c, FAR_FIRST, &t, &f) != 0)
        fail_msg("seed %llu: %s", (unsigned long long)f.seed, f.why);
    assert_int_equal(t.seeds, c.n_slots);
    vf_cleanup(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_seeds_equivalent),
        cmocka_unit_test(test_mutation_memory_seen),
        cmocka_unit_test(test_mutation_input_seen),
        cmocka_unit_test(test_generated_cases_reached),
        cmocka_unit_test(test_far_wfi_seeds_equivalent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
