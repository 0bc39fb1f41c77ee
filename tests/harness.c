/*
 * harness.c - fixture helpers shared by the test drivers (see harness.h).
 */
#include "harness.h"

#include "cosim.h"
#include "elfwrite.h"
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_EQ(a, b, file, line)                                  \
    _assert_int_equal(cast_to_largest_integral_type(a),             \
                      cast_to_largest_integral_type(b), (file), (line))

const char *hx_backend_env(void)
{
    const char *name = getenv("VM74_BACKEND");
    return (name && *name) ? name : "iss";
}

enum vm74_backend hx_backend(void)
{
    const char *name = hx_backend_env();
    if (strcmp(name, "rtl") == 0)
        return VM74_BACKEND_RTL;
    if (strcmp(name, "iss") != 0) {
        /* A typo must not silently test the wrong backend. */
        fprintf(stderr, "VM74_BACKEND=%s: expected iss or rtl\n", name);
        exit(2);
    }
    return VM74_BACKEND_ISS;
}

static void capture_putc(void *ctx, uint8_t byte)
{
    struct hx *h = ctx;
    if (h->out_len + 1 < sizeof h->out)
        h->out[h->out_len++] = (char)byte;
    h->out[h->out_len] = '\0';
}

static int feed_getc(void *ctx)
{
    struct hx *h = ctx;
    if (h->in == NULL || h->in_pos >= h->in_len)
        return -1;
    return (uint8_t)h->in[h->in_pos++];
}

struct hx *hx_new(uint32_t ram_size)
{
    struct vm74_config cfg = {.backend = hx_backend(), .ram_size = ram_size};
    char err[256] = "";
    vm74 *m = vm74_create(&cfg, err, sizeof err);
    if (m == NULL)
        fail_msg("vm74_create(%s, ram %#x): %s", hx_backend_env(), ram_size, err);
    struct hx *h = calloc(1, sizeof *h);
    assert_non_null(h);
    h->m = m;
    vm74_set_console(h->m, capture_putc, feed_getc, h);
    hx_set_vector(h, HX_HANDLER);
    return h;
}

void hx_free(struct hx *h)
{
    if (h == NULL)
        return;
    vm74_destroy(h->m);
    free(h);
}

int hx_setup(void **state)
{
    *state = hx_new(HX_RAM_SIZE);
    return 0;
}

int hx_teardown(void **state)
{
    hx_free(*state);
    *state = NULL;
    return 0;
}

void hx_place(struct hx *h, uint32_t paddr, const uint32_t *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        hx_wr32(h, paddr + 4 * (uint32_t)i, words[i]);
}

/* Memory is little-endian (docs/isa.md): build words byte by byte so the
 * tests do not depend on the host's byte order. */
uint32_t hx_rd32(struct hx *h, uint32_t paddr)
{
    uint8_t b[4];
    assert_int_equal(vm74_read_phys(h->m, paddr, b, 4), 0);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

void hx_wr32(struct hx *h, uint32_t paddr, uint32_t value)
{
    uint8_t b[4] = {value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff,
                    value >> 24};
    assert_int_equal(vm74_write_phys(h->m, paddr, b, 4), 0);
}

uint8_t hx_rd8(struct hx *h, uint32_t paddr)
{
    uint8_t b;
    assert_int_equal(vm74_read_phys(h->m, paddr, &b, 1), 0);
    return b;
}

void hx_wr8(struct hx *h, uint32_t paddr, uint8_t value)
{
    assert_int_equal(vm74_write_phys(h->m, paddr, &value, 1), 0);
}

void hx_put_psw(struct hx *h, uint32_t paddr, uint32_t flags, uint32_t p,
                uint32_t l, uint32_t b)
{
    HX_PLACE(h, paddr, flags, p, l, b);
}

void hx_state(struct hx *h, struct vm74_state *s)
{
    vm74_get_state(h->m, s);
}

uint32_t hx_reg(struct hx *h, int n)
{
    struct vm74_state s;
    vm74_get_state(h->m, &s);
    return s.x[n];
}

void hx_set_reg(struct hx *h, int n, uint32_t value)
{
    struct vm74_state s;
    vm74_get_state(h->m, &s);
    s.x[n] = value;
    vm74_set_state(h->m, &s);
}

struct vm74_psw hx_psw(struct hx *h)
{
    struct vm74_state s;
    vm74_get_state(h->m, &s);
    return s.psw;
}

void hx_set_psw(struct hx *h, uint32_t mode, uint32_t ie, uint32_t pc,
                uint32_t base, uint32_t bound)
{
    struct vm74_state s;
    vm74_get_state(h->m, &s);
    s.psw = (struct vm74_psw){mode, ie, pc, base, bound};
    vm74_set_state(h->m, &s);
}

int hx_step(struct hx *h, struct vm74_retire *rec)
{
    return vm74_step(h->m, rec);
}

int hx_steps(struct hx *h, int n)
{
    int status = VM74_RUNNING;
    for (int i = 0; i < n && status == VM74_RUNNING; i++)
        status = vm74_step(h->m, NULL);
    return status;
}

int hx_exec(struct hx *h, uint32_t insn, struct vm74_retire *rec)
{
    struct vm74_psw psw = hx_psw(h);
    hx_wr32(h, psw.base + psw.pc, insn);
    return vm74_step(h->m, rec);
}

void hx_lowcore(struct hx *h, struct hx_lowcore *lc)
{
    lc->flags = hx_rd32(h, VM74_LC_OLD_FLAGS);
    lc->p = hx_rd32(h, VM74_LC_OLD_P);
    lc->l = hx_rd32(h, VM74_LC_OLD_BASE);
    lc->b = hx_rd32(h, VM74_LC_OLD_BOUND);
    lc->cause = hx_rd32(h, VM74_LC_CAUSE);
    lc->info = hx_rd32(h, VM74_LC_INFO);
}

void hx_set_vector(struct hx *h, uint32_t handler)
{
    hx_wr32(h, VM74_LC_VECTOR, handler);
}

void hx_console_input(struct hx *h, const char *bytes, size_t len)
{
    h->in = bytes;
    h->in_len = len;
    h->in_pos = 0;
}

const char *hx_console_output(struct hx *h)
{
    return h->out;
}

void hx_check_old_psw(struct hx *h, uint32_t flags, uint32_t p, uint32_t l,
                      uint32_t b, const char *file, int line)
{
    struct hx_lowcore lc;
    hx_lowcore(h, &lc);
    CHECK_EQ(lc.flags, flags, file, line);
    CHECK_EQ(lc.p, p, file, line);
    CHECK_EQ(lc.l, l, file, line);
    CHECK_EQ(lc.b, b, file, line);
}

void hx_check_psw(struct hx *h, uint32_t mode, uint32_t ie, uint32_t pc,
                  uint32_t base, uint32_t bound, const char *file, int line)
{
    struct vm74_psw psw = hx_psw(h);
    CHECK_EQ(psw.mode, mode, file, line);
    CHECK_EQ(psw.ie, ie, file, line);
    CHECK_EQ(psw.pc, pc, file, line);
    CHECK_EQ(psw.base, base, file, line);
    CHECK_EQ(psw.bound, bound, file, line);
}

/* docs/isa.md §3: cause and info in low core, the new PSW is supervisor,
 * IE = 0, R = (0, BOUND_ALL), P = the vector word; no GPR written. */
void hx_check_trap(struct hx *h, const struct vm74_state *before,
                   uint32_t cause, uint32_t info, const char *file, int line)
{
    struct hx_lowcore lc;
    struct vm74_state now;
    hx_lowcore(h, &lc);
    CHECK_EQ(lc.cause, cause, file, line);
    CHECK_EQ(lc.info, info, file, line);
    hx_check_psw(h, VM74_MODE_SUPERVISOR, 0, hx_rd32(h, VM74_LC_VECTOR), 0,
                 VM74_BOUND_ALL, file, line);
    vm74_get_state(h->m, &now);
    for (int i = 0; i < 32; i++)
        CHECK_EQ(now.x[i], before->x[i], file, line);
}

static uint32_t flags_of(const struct vm74_psw *psw)
{
    return (psw->mode ? VM74_FLAG_SUPERVISOR : 0) | (psw->ie ? VM74_FLAG_IE : 0);
}

void hx_step_traps(struct hx *h, uint32_t cause, uint32_t info,
                   struct vm74_retire *rec, const char *file, int line)
{
    struct vm74_state before;
    struct vm74_retire local;
    struct vm74_retire *r = rec ? rec : &local;
    vm74_get_state(h->m, &before);
    CHECK_EQ(vm74_step(h->m, r), VM74_RUNNING, file, line);
    CHECK_EQ(r->trap, 1, file, line);
    CHECK_EQ(r->cause, cause, file, line);
    CHECK_EQ(r->info, info, file, line);
    CHECK_EQ(r->rd, 0, file, line);
    CHECK_EQ(r->pc, before.psw.pc, file, line);
    hx_check_old_psw(h, flags_of(&before.psw), before.psw.pc, before.psw.base,
                     before.psw.bound, file, line);
    hx_check_trap(h, &before, cause, info, file, line);
}

void hx_generate(uint64_t seed, unsigned blocks, char *path)
{
    struct gen_options o = {.seed = seed, .blocks = blocks};
    hx_generate_with(&o, path);
}

void hx_generate_with(const struct gen_options *o, char *path)
{
    struct gen_result r;
    char err[256];
    if (gen_generate(o, &r, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(elf_write_temp(path, r.elf, r.elf_len), 0);
    gen_result_free(&r);
}

void hx_cosim_to_exit(const char *path, uint64_t max_steps,
                      vm74_retire_fn hook, void *ctx, const char *what)
{
    struct vm74_config cfg = {.backend = hx_backend()};
    char err[256];
    struct cosim *c = cosim_create(&cfg, err, sizeof err);
    if (c == NULL)
        fail_msg("cosim_create(%s): %s", hx_backend_env(), err);
    cosim_set_console(c, NULL, NULL, NULL);
    if (cosim_load_elf(c, path, err, sizeof err) != VM74_LOAD_OK)
        fail_msg("%s: %s", what, err);
    vm74_set_retire_hook(cosim_dut(c), hook, ctx);
    int status = cosim_run(c, max_steps);
    if (status == COSIM_MISMATCH)
        fail_msg("%s:\n%s", what, cosim_report(c));
    assert_int_equal(status, VM74_EXITED);
    assert_int_equal(vm74_exit_code(cosim_dut(c)), 0);
    cosim_destroy(c);
}

void hx_apply_filter(int argc, char **argv)
{
    const char *pattern = argc > 1 ? argv[1] : getenv("VM74_TEST_FILTER");
    if (pattern && *pattern)
        cmocka_set_test_filter(pattern);
}
