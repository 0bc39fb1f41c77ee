/*
 * gen.c - the random program generator's driver: random numbers, code
 * buffers, the image, the check on the ISS and the ELF (see gen.h).
 */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfwrite.h"
#include "gen_internal.h"
#include "vm74_api.h"

/* Steps the ISS may take; a program needs a few thousand per block. */
#define GEN_STEP_LIMIT 2000000u

/* ---- Random numbers ----------------------------------------------------- */

/* splitmix64 (Steele, Lea, Flood 2014): one 64-bit state, good mixing. */
uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

bool gen_parse_drop(const char *s, uint64_t *mask)
{
    while (*s) {
        char *end;
        if (*s < '0' || *s > '9')
            return false;
        unsigned long v = strtoul(s, &end, 10);
        if (v >= GEN_MAX_BLOCKS || (*end && *end != ','))
            return false;
        *mask |= 1ull << v;
        s = *end ? end + 1 : end;
    }
    return true;
}

uint32_t rng_below(struct rng *r, uint32_t n)
{
    return (uint32_t)(rng_next(r) % n);
}

int32_t rng_range(struct rng *r, int32_t lo, int32_t hi)
{
    return lo + (int32_t)rng_below(r, (uint32_t)(hi - lo + 1));
}

bool rng_chance(struct rng *r, uint32_t percent)
{
    return rng_below(r, 100) < percent;
}

/* Register values that find bugs: the edges of signed and unsigned
 * arithmetic, small numbers, and random words. */
uint32_t rng_interesting(struct rng *r)
{
    static const uint32_t edges[] = {
        0, 1, 2, 0xffffffffu, 0x80000000u, 0x7fffffffu, 0x80000001u,
        0xfffffffeu, 0x0000ffffu, 0x00010000u, 31, 32,
    };
    if (rng_chance(r, 40))
        return edges[rng_below(r, sizeof edges / sizeof edges[0])];
    return (uint32_t)rng_next(r);
}

/* ---- Code buffers ------------------------------------------------------ */

void code_init(struct code *c, uint32_t base, uint32_t *buf, size_t cap)
{
    c->base = base;
    c->w = buf;
    c->n = 0;
    c->cap = cap;
    c->overflow = false;
}

void emit(struct code *c, uint32_t word)
{
    if (c->n < c->cap)
        c->w[c->n++] = word;
    else
        c->overflow = true;
}

uint32_t code_here(const struct code *c)
{
    return c->base + 4 * (uint32_t)c->n;
}

void emit_li(struct code *c, int rd, uint32_t value)
{
    uint32_t pair[2];
    enc_li(pair, 0, rd, value);
    emit(c, pair[0]);
    emit(c, pair[1]);
}

size_t emit_li_later(struct code *c)
{
    size_t at = c->n;
    emit_li(c, REG_SCRATCH, 0);
    return at;
}

void patch_li(struct code *c, size_t at, int rd, uint32_t value)
{
    if (at + 2 <= c->n)
        enc_li(c->w, at, rd, value);
}

/* ---- The program ------------------------------------------------------- */

void program_add_segment(struct program *p, uint32_t lo, uint32_t hi)
{
    size_t max = sizeof p->segs / sizeof p->segs[0];
    if (lo < hi && (size_t)p->n_segs < max) {
        p->segs[p->n_segs].lo = lo;
        p->segs[p->n_segs].hi = hi;
        p->n_segs++;
    }
}

void program_add_hash(struct program *p, uint32_t lo, uint32_t hi)
{
    size_t max = sizeof p->hashed / sizeof p->hashed[0];
    if (lo < hi && (size_t)p->n_hashed < max) {
        p->hashed[p->n_hashed].lo = lo;
        p->hashed[p->n_hashed].hi = hi;
        p->n_hashed++;
    }
}

static struct program *new_program(const struct gen_options *o)
{
    struct program *p = calloc(1, sizeof *p);
    if (p != NULL) {
        p->opt = o;
        p->ram_size = o->ram_size ? o->ram_size : GEN_RAM_SIZE;
        p->ram = calloc(1, p->ram_size);
    }
    if (p != NULL && p->ram == NULL) {
        free(p);
        p = NULL;
    }
    return p;
}

static void free_program(struct program *p)
{
    if (p != NULL)
        free(p->ram);
    free(p);
}

/* Block i's random numbers depend only on (seed, i): dropping a block
 * leaves every other block as it was. */
static struct rng block_rng(uint64_t seed, unsigned index)
{
    struct rng r = { seed * 0x2545f4914f6cdd1du + index + 1 };
    rng_next(&r);
    return r;
}

static void random_data(struct program *p, struct rng *r)
{
    for (uint32_t a = DATA_BASE; a < DATA_BASE + DATA_SIZE; a++)
        p->ram[a] = (uint8_t)rng_next(r);
}

/* timing_salt 0 is the program; others move only the timer deltas. */
static int build(struct program *p, const struct gen_options *o,
                 unsigned timing_salt)
{
    struct rng r = block_rng(o->seed, GEN_MAX_BLOCKS); /* not a block's */
    p->timing = block_rng(o->seed ^ (0x5851f42d4c957f2du * timing_salt),
                          GEN_MAX_BLOCKS + 1);
    code_init(&p->sv, CODE_BASE, p->sv_buf,
              sizeof p->sv_buf / sizeof p->sv_buf[0]);
    gen_low_core(p);
    gen_handler(p);
    gen_nest_helper(p, &r);
    random_data(p, &r);
    gen_prologue(p, &r);
    for (unsigned i = 0; i < o->blocks; i++) {
        if (o->drop & (1ull << i))
            continue;
        struct rng br = block_rng(o->seed, i);
        gen_block(p, &br, i, o->blocks);
    }
    gen_epilogue(p);
    if (p->err[0])
        return -1;
    if (p->sv.overflow) {
        snprintf(p->err, sizeof p->err,
                 "supervisor code does not fit below 0x%x: use a smaller "
                 "--size", CODE_END);
        return -1;
    }
    for (size_t i = 0; i < p->sv.n; i++)
        elf_put32(p->ram + CODE_BASE + 4 * i, p->sv.w[i]);
    program_add_segment(p, 0, CODE_BASE); /* low core, handler, signature */
    program_add_segment(p, CODE_BASE, code_here(&p->sv));
    program_add_segment(p, DATA_BASE, DATA_BASE + DATA_SIZE);
    program_add_segment(p, p->ram_size - RAM_MARK, p->ram_size);
    return 0;
}

/* ---- The check on the ISS ------------------------------------------------ */

/* The program's console input, as the machines that run it give it. */
struct input {
    const uint8_t *bytes;
    size_t len, pos;
};

static int input_getc(void *ctx)
{
    struct input *in = ctx;
    return in->pos < in->len ? in->bytes[in->pos++] : -1;
}

/* Run the image on a fresh ISS; returns 0 with the exit code, the
 * computed signature and the step count, or -1 with a reason. */
static int run_on_iss(struct program *p, uint32_t *exit_code, uint32_t *sig,
                      uint64_t *steps)
{
    struct vm74_config cfg = { VM74_BACKEND_ISS, p->ram_size, NULL };
    struct input in = { p->opt->input, p->opt->input_len, 0 };
    vm74 *m = vm74_create(&cfg, p->err, sizeof p->err);
    if (m == NULL)
        return -1;
    vm74_set_console(m, NULL, input_getc, &in);
    for (int i = 0; i < p->n_segs; i++)
        vm74_write_phys(m, p->segs[i].lo, p->ram + p->segs[i].lo,
                        p->segs[i].hi - p->segs[i].lo);
    int status = vm74_run(m, GEN_STEP_LIMIT); /* P = 0x100: the entry */
    struct vm74_stats st;
    vm74_get_stats(m, &st);
    *steps = st.steps;
    *exit_code = vm74_exit_code(m);
    vm74_read_phys(m, SIG_OUT, sig, 4);
    vm74_destroy(m);
    if (status != VM74_EXITED) {
        snprintf(p->err, sizeof p->err,
                 "generated program did not exit on the ISS (%s after %llu "
                 "steps): a generator bug", vm74_status_name(status),
                 (unsigned long long)*steps);
        return -1;
    }
    return 0;
}

/* Learn the signature, embed it, and check that the program now says so. */
static int embed_signature(struct program *p, struct gen_result *res)
{
    uint32_t code, sig, sig2;
    if (run_on_iss(p, &code, &sig, &res->steps) != 0)
        return -1;
    elf_put32(p->ram + SIG_EXPECTED, sig);
    if (run_on_iss(p, &code, &sig2, &res->steps) != 0)
        return -1;
    if (code != 0 || sig2 != sig) {
        snprintf(p->err, sizeof p->err,
                 "generated program is not deterministic on the ISS "
                 "(exit %u, signature 0x%08x then 0x%08x): a generator bug",
                 code, sig, sig2);
        return -1;
    }
    res->signature = sig;
    return 0;
}

/*
 * The signature must not depend on where interrupts land (docs/fuzz.md):
 * build the same program with other timer deltas, so that the interrupts
 * come at other instructions, and check that it accepts the signature.
 */
static int check_timing(const struct gen_options *o, uint32_t sig,
                        char *err, size_t errlen)
{
    for (unsigned salt = 1; salt <= 2; salt++) {
        struct program *q = new_program(o);
        uint32_t code, got;
        uint64_t steps;
        int rc = q ? build(q, o, salt) : -1;
        if (rc == 0) {
            elf_put32(q->ram + SIG_EXPECTED, sig);
            rc = run_on_iss(q, &code, &got, &steps);
        }
        if (rc == 0 && code != 0) {
            snprintf(q->err, sizeof q->err, "signature depends on where "
                     "interrupts land (timing variant %u: 0x%08x, not "
                     "0x%08x): a generator bug", salt, got, sig);
            rc = -1;
        }
        if (rc != 0)
            snprintf(err, errlen, "%s", q ? q->err : "out of memory");
        free_program(q);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static int write_elf(struct program *p, struct gen_result *res)
{
    struct elf_seg segs[sizeof p->segs / sizeof p->segs[0]];
    size_t cap = ELF_EHDR_SIZE + 4;
    for (int i = 0; i < p->n_segs; i++) {
        uint32_t len = p->segs[i].hi - p->segs[i].lo;
        segs[i] = (struct elf_seg){ ELF_PT_LOAD, p->segs[i].lo,
                                    p->ram + p->segs[i].lo, len, len };
        cap += ELF_PHDR_SIZE + len + 4;
    }
    res->elf = malloc(cap);
    if (res->elf == NULL) {
        snprintf(p->err, sizeof p->err, "out of memory");
        return -1;
    }
    res->elf_len = elf_build(res->elf, cap, VM74_RESET_P, segs, p->n_segs);
    return res->elf_len ? 0 : -1;
}

int gen_generate(const struct gen_options *o, struct gen_result *res,
                 char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    if (o->blocks < 1 || o->blocks > GEN_MAX_BLOCKS) {
        snprintf(err, errlen, "--size must be 1..%d blocks", GEN_MAX_BLOCKS);
        return -1;
    }
    if ((o->ram_size && (o->ram_size < GEN_RAM_MIN || o->ram_size % 4096)) ||
        o->input_len > GEN_INPUT_MAX) {
        snprintf(err, errlen, "RAM must be a multiple of 4 KiB from 0x%x, "
                 "input at most %d bytes", GEN_RAM_MIN, GEN_INPUT_MAX);
        return -1;
    }
    struct program *p = new_program(o);
    char why[200] = "out of memory";
    int rc = p ? build(p, o, 0) : -1;
    if (rc == 0)
        rc = embed_signature(p, res);
    if (rc == 0)
        rc = write_elf(p, res);
    if (p && rc != 0)
        snprintf(why, sizeof why, "%s", p->err);
    if (rc == 0)
        rc = check_timing(o, res->signature, why, sizeof why);
    if (rc != 0) {
        snprintf(err, errlen, "seed %llu: %s", (unsigned long long)o->seed,
                 why);
        gen_result_free(res);
    }
    free_program(p);
    return rc;
}

void gen_result_free(struct gen_result *r)
{
    free(r->elf);
    r->elf = NULL;
}
