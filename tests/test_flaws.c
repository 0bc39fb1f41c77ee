/*
 * test_flaws.c - the instruction of one deliberately flawed variant
 * (docs/isa.md §4.3) on both backends of that variant.
 *
 * Built once per variant with -DVM74_FLAW=n against that variant's library
 * and RTL model (sim/flaw.mk: build/flaw-<name>/tests/test_flaw_<name>):
 * directed cases of the variant's instruction in both modes, the other two
 * variants' encodings ILLEGAL, and random programs that use the instruction
 * (tools/gen built for the variant) co-simulated against the variant's ISS
 * and run freely on the backend of VM74_BACKEND.
 */
#define _DEFAULT_SOURCE /* unlink */
#include "harness.h"

#include <stdio.h>
#include <unistd.h>

#if VM74_FLAW != VM74_FLAW_RDMODE && VM74_FLAW != VM74_FLAW_JRSTU && \
    VM74_FLAW != VM74_FLAW_RDBASE
#error "test_flaws.c is built for one flawed variant: -DVM74_FLAW=1, 2 or 3"
#endif

#define SUP_P 0x100u
#define USER_P 0x40u
#define USER_L 0x4000u
#define USER_B 0x2000u

/* The two places an instruction is tried: supervisor with R = all, and
 * user under R = (USER_L, USER_B). */
static const struct vm74_psw places[] = {
    {VM74_MODE_SUPERVISOR, 0, SUP_P, 0, VM74_BOUND_ALL},
    {VM74_MODE_USER, 0, USER_P, USER_L, USER_B},
};

static void enter(struct hx *h, int k, uint32_t ie)
{
    const struct vm74_psw *p = &places[k];
    hx_set_psw(h, p->mode, ie, p->pc, p->base, p->bound);
}

/* Distinct values in every register, so that any GPR write shows. */
static void fill_regs(struct hx *h)
{
    for (int i = 1; i < 32; i++)
        hx_set_reg(h, i, 0x01010101u * (uint32_t)i);
}

/* Place word at P and expect ILLEGAL in both modes, nothing changed. */
static void expect_illegal_both_modes(struct hx *h, uint32_t word)
{
    for (int k = 0; k < 2; k++) {
        fill_regs(h);
        enter(h, k, 0);
        hx_wr32(h, places[k].base + places[k].pc, word);
        HX_STEP_TRAPS(h, VM74_CAUSE_ILLEGAL, word);
    }
}

/* ---- The family: each variant has its own instruction only ----------- */

struct member {
    int flaw;         /* VM74_FLAW_* */
    uint32_t word;    /* its instruction, canonical fields */
};

static size_t family(struct member *m)
{
    m[0] = (struct member){VM74_FLAW_RDMODE, enc_rdmode(5)};
    m[1] = (struct member){VM74_FLAW_JRSTU, enc_jrstu(7)};
    m[2] = (struct member){VM74_FLAW_RDBASE, enc_rdbase(5)};
    return 3;
}

static void test_other_variants_encodings_illegal(void **state)
{
    struct member m[3];
    size_t n = family(m), others = 0;
    for (size_t i = 0; i < n; i++) {
        if (m[i].flaw == VM74_FLAW)
            continue;
        expect_illegal_both_modes(*state, m[i].word);
        others++;
    }
    assert_int_equal(others, 2);
}

/* Custom-0 funct3 5-7 stay undefined in every variant. */
static void test_rest_of_custom0_illegal(void **state)
{
    for (uint32_t f3 = 5; f3 <= 7; f3++)
        expect_illegal_both_modes(*state, enc_i(0, 0, f3, 0, OPC_CUSTOM0));
}

/* ---- RDMODE and RDBASE: x[rd] = M or l; imm = 0 and rs1 = x0 --------- */

#if VM74_FLAW == VM74_FLAW_RDMODE || VM74_FLAW == VM74_FLAW_RDBASE

/* Execute word at P: it retires, writes x[rd] = value (none for rd = x0),
 * and leaves the PSW but P (+ 4) and every other register as they were. */
static void expect_writes_rd(struct hx *h, uint32_t word, int rd,
                             uint32_t value)
{
    struct vm74_state before, after;
    struct vm74_retire rec;
    hx_state(h, &before);
    assert_int_equal(hx_exec(h, word, &rec), VM74_RUNNING);
    assert_int_equal(rec.trap, 0);
    assert_int_equal(rec.insn, word);
    assert_int_equal(rec.mode, before.psw.mode);
    assert_int_equal(rec.rd, rd);
    assert_int_equal(rec.rd_value, rd ? value : 0);
    assert_int_equal(rec.mem_size, 0);
    HX_EXPECT_PSW(h, before.psw.mode, before.psw.ie, before.psw.pc + 4,
                  before.psw.base, before.psw.bound);
    hx_state(h, &after);
    for (int i = 1; i < 32; i++)
        assert_int_equal(after.x[i], i == rd ? value : before.x[i]);
}

#if VM74_FLAW == VM74_FLAW_RDMODE
#define F3_OWN VM74_F3_RDMODE
static uint32_t own(int rd) { return enc_rdmode(rd); }
/* RDMODE: 1 in supervisor mode, 0 in user mode. */
static uint32_t own_value(uint32_t mode, uint32_t l) { (void)l; return mode; }
#else
#define F3_OWN VM74_F3_RDBASE
static uint32_t own(int rd) { return enc_rdbase(rd); }
/* RDBASE: the physical base, which no logical address tells. */
static uint32_t own_value(uint32_t mode, uint32_t l) { (void)mode; return l; }
#endif

/* In both modes, with IE either way, under several l, into several rd. */
static void test_own_reads_its_value(void **state)
{
    struct hx *h = *state;
    const uint32_t bases[] = {0, 0x1000, 0x4000, 0x8004, 0xa000};
    const int rds[] = {1, 5, 31};
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        for (uint32_t mode = 0; mode <= 1; mode++) {
            for (uint32_t ie = 0; ie <= 1; ie++) {
                int rd = rds[(i + mode + ie) % 3];
                fill_regs(h);
                hx_set_psw(h, mode, ie, USER_P, bases[i], 0x1000);
                expect_writes_rd(h, own(rd), rd, own_value(mode, bases[i]));
            }
        }
    }
}

static void test_own_to_x0_writes_nothing(void **state)
{
    for (int k = 0; k < 2; k++) {
        fill_regs(*state);
        enter(*state, k, 0);
        expect_writes_rd(*state, own(0), 0, 0);
    }
}

static void test_own_fields_must_be_zero(void **state)
{
    const uint32_t words[] = {
        enc_i(0, 1, F3_OWN, 5, OPC_CUSTOM0),      /* rs1 = x1 */
        enc_i(1, 0, F3_OWN, 5, OPC_CUSTOM0),      /* imm = 1 */
        enc_i(-2048, 0, F3_OWN, 0, OPC_CUSTOM0),  /* imm bit 11 */
        enc_i(0, 31, F3_OWN, 31, OPC_CUSTOM0),
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        expect_illegal_both_modes(*state, words[i]);
}

/* Free-running (the RTL's pipeline, not single steps): the supervisor
 * reads its value, LPSWs into a user program under USER_L, which reads its
 * own and ECALLs; the handler exits with 16 * the first + the second. */
static void test_own_across_lpsw_in_a_free_run(void **state)
{
    struct hx *h = *state;
    uint32_t hnd[8];
    size_t m = 0;
    HX_PLACE(h, SUP_P, own(6), enc_lpsw(0, 0x40));
    hx_put_psw(h, 0x40, HX_FLAGS_U, USER_P, USER_L, USER_B);
    HX_PLACE(h, USER_L + USER_P, own(7), enc_ecall());
    hnd[m++] = enc_slli(6, 6, 4);
    hnd[m++] = enc_add(6, 6, 7);
    m = enc_li(hnd, m, 3, VM74_SIMCTL_EXIT);
    hnd[m++] = enc_sw(6, 3, 0);
    hx_place(h, HX_HANDLER, hnd, m);
    hx_set_reg(h, 6, 0x5555);                /* any write shows */
    hx_set_reg(h, 7, 0x5555);
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, SUP_P, 0, VM74_BOUND_ALL);
    assert_int_equal(vm74_run(h->m, 100), VM74_EXITED);
    assert_int_equal(vm74_exit_code(h->m),
                     16 * own_value(VM74_MODE_SUPERVISOR, 0) +
                     own_value(VM74_MODE_USER, USER_L));
}
#endif

/* ---- JRSTU ------------------------------------------------------------- */

#if VM74_FLAW == VM74_FLAW_JRSTU

#define TARGET 0x240u

/* JRSTU x7 at P: retires, P = target, M as given, IE, R and every
 * register unchanged; the record shows the new PSW. */
static void expect_jrstu_jumps(struct hx *h, uint32_t target, uint32_t mode)
{
    struct vm74_state before, after;
    struct vm74_retire rec;
    hx_state(h, &before);
    assert_int_equal(hx_exec(h, enc_jrstu(7), &rec), VM74_RUNNING);
    assert_int_equal(rec.trap, 0);
    assert_int_equal(rec.mode, before.psw.mode);
    assert_int_equal(rec.rd, 0);
    assert_int_equal(rec.next.mode, mode);
    assert_int_equal(rec.next.pc, target);
    HX_EXPECT_PSW(h, mode, before.psw.ie, target, before.psw.base,
                  before.psw.bound);
    hx_state(h, &after);
    assert_memory_equal(after.x, before.x, sizeof before.x);
}

/* In supervisor mode: a jump that lowers M, whatever IE and R. */
static void test_jrstu_supervisor_lowers_mode(void **state)
{
    struct hx *h = *state;
    const struct { uint32_t ie, l, b; } c[] = {
        {0, 0, VM74_BOUND_ALL},
        {1, 0, VM74_BOUND_ALL},
        {0, 0x4000, 0x2000},
        {1, 0x8000, 0x400},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        fill_regs(h);
        hx_set_reg(h, 7, TARGET);
        hx_set_psw(h, VM74_MODE_SUPERVISOR, c[i].ie, SUP_P, c[i].l, c[i].b);
        expect_jrstu_jumps(h, TARGET, VM74_MODE_USER);
    }
}

/* In user mode: a plain jump. */
static void test_jrstu_user_is_a_jump(void **state)
{
    struct hx *h = *state;
    for (uint32_t ie = 0; ie <= 1; ie++) {
        fill_regs(h);
        hx_set_reg(h, 7, 0x80);
        enter(h, 1, ie);
        expect_jrstu_jumps(h, 0x80, VM74_MODE_USER);
    }
}

/* Bit 0 of x[rs1] is ignored, as by JALR; rs1 = x0 jumps to 0. */
static void test_jrstu_clears_bit_0(void **state)
{
    struct hx *h = *state;
    fill_regs(h);
    hx_set_reg(h, 7, TARGET | 1);
    enter(h, 0, 0);
    expect_jrstu_jumps(h, TARGET, VM74_MODE_USER);

    struct vm74_retire rec;
    enter(h, 0, 0);
    assert_int_equal(hx_exec(h, enc_jrstu(0), &rec), VM74_RUNNING);
    assert_int_equal(rec.trap, 0);
    HX_EXPECT_PSW(h, VM74_MODE_USER, 0, 0, 0, VM74_BOUND_ALL);
}

/* A target that is not a multiple of 4 (after bit 0 is cleared) traps at
 * the jump: FETCH_MISALIGNED, info = the target, the saved PSW the one
 * before (still supervisor), nothing changed. */
static void test_jrstu_misaligned_target_traps(void **state)
{
    struct hx *h = *state;
    const uint32_t targets[] = {TARGET + 2, TARGET + 3, 0xfffffffe};
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        for (int k = 0; k < 2; k++) {
            fill_regs(h);
            hx_set_reg(h, 7, targets[i]);
            enter(h, k, 1);
            const struct vm74_psw *p = &places[k];
            hx_wr32(h, p->base + p->pc, enc_jrstu(7));
            HX_STEP_TRAPS(h, VM74_CAUSE_FETCH_MISALIGNED, targets[i] & ~1u);
            HX_EXPECT_OLD_PSW(h, (p->mode ? HX_FLAGS_S : 0) | VM74_FLAG_IE,
                              p->pc, p->base, p->bound);
        }
    }
}

static void test_jrstu_fields_must_be_zero(void **state)
{
    const uint32_t words[] = {
        enc_i(0, 7, VM74_F3_JRSTU, 1, OPC_CUSTOM0),     /* rd = x1 */
        enc_i(4, 7, VM74_F3_JRSTU, 0, OPC_CUSTOM0),     /* imm = 4 */
        enc_i(-2048, 7, VM74_F3_JRSTU, 0, OPC_CUSTOM0), /* imm bit 11 */
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        expect_illegal_both_modes(*state, words[i]);
}

/* Exits with the cause of the trap, in a free run. */
static void place_exit_handler(struct hx *h)
{
    uint32_t hnd[8];
    size_t m = 0;
    hnd[m++] = enc_lw(5, 0, VM74_LC_CAUSE);
    m = enc_li(hnd, m, 3, VM74_SIMCTL_EXIT);
    hnd[m++] = enc_sw(5, 3, 0);
    hx_place(h, HX_HANDLER, hnd, m);
}

/* Free-running (the RTL's pipeline, not single steps): the word fetched
 * at the target runs in user mode, so an LPSW there traps PRIVILEGED, with
 * the old PSW user, IE kept, P the target; and a RAM access through R
 * works as before. */
static void test_jrstu_next_word_runs_in_user_mode(void **state)
{
    struct hx *h = *state;
    place_exit_handler(h);
    HX_PLACE(h, SUP_P, enc_addi(7, 0, TARGET), enc_jrstu(7),
             enc_addi(5, 0, 0x77), enc_ebreak());
    HX_PLACE(h, TARGET, enc_sw(7, 0, 0x300), enc_lpsw(0, 0x300),
             enc_ebreak());
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, SUP_P, 0, VM74_BOUND_ALL);
    assert_int_equal(vm74_run(h->m, 100), VM74_EXITED);
    assert_int_equal(vm74_exit_code(h->m), VM74_CAUSE_PRIVILEGED);
    HX_EXPECT_OLD_PSW(h, HX_FLAGS_U, TARGET + 4, 0, VM74_BOUND_ALL);
    assert_int_equal(hx_rd32(h, 0x300), TARGET);
    struct vm74_stats st;
    vm74_get_stats(h->m, &st);
    assert_int_equal(st.instret[VM74_MODE_USER], 1);   /* the SW */
}

/* Free-running in user mode under R: a plain jump, then an ECALL there. */
static void test_jrstu_user_in_a_free_run(void **state)
{
    struct hx *h = *state;
    place_exit_handler(h);
    HX_PLACE(h, USER_L + USER_P, enc_addi(7, 0, 0x80), enc_jrstu(7),
             enc_ebreak());
    HX_PLACE(h, USER_L + 0x80, enc_ecall());
    hx_set_psw(h, VM74_MODE_USER, 1, USER_P, USER_L, USER_B);
    assert_int_equal(vm74_run(h->m, 100), VM74_EXITED);
    assert_int_equal(vm74_exit_code(h->m), VM74_CAUSE_ECALL);
    HX_EXPECT_OLD_PSW(h, VM74_FLAG_IE, 0x80, USER_L, USER_B);
}
#endif

/* ---- Random programs with the instruction (tools/gen, docs/fuzz.md) --- */

#define FIRST_SEED 1
#define N_SEEDS 40
#define BLOCKS 16
#define STEP_LIMIT 5000000u

/* Is this the variant's own instruction (any register)? */
static int is_own(uint32_t w)
{
#if VM74_FLAW == VM74_FLAW_JRSTU
    return (w & 0xfff07fffu) == enc_jrstu(0);
#elif VM74_FLAW == VM74_FLAW_RDMODE
    return (w & 0xfffff07fu) == enc_rdmode(0);
#else
    return (w & 0xfffff07fu) == enc_rdbase(0);
#endif
}

struct seen {
    unsigned retired, lowered; /* lowered: JRSTU that changed M */
};

static void count_own(void *ctx, const struct vm74_retire *rec)
{
    struct seen *s = ctx;
    if (rec->trap || !is_own(rec->insn))
        return;
    s->retired++;
    s->lowered += rec->mode != rec->next.mode;
}

/* Free-running on the backend alone: the program's signature (learnt on
 * the ISS) must come out the same. */
static void run_free(const char *path)
{
    struct vm74_config cfg = {.backend = hx_backend()};
    char err[256];
    vm74 *m = vm74_create(&cfg, err, sizeof err);
    if (m == NULL)
        fail_msg("vm74_create(%s): %s", hx_backend_env(), err);
    vm74_set_console(m, NULL, NULL, NULL);
    assert_int_equal(vm74_load_elf(m, path, err, sizeof err), VM74_LOAD_OK);
    assert_int_equal(vm74_run(m, STEP_LIMIT), VM74_EXITED);
    assert_int_equal(vm74_exit_code(m), 0);
    vm74_destroy(m);
}

static void test_generated_programs(void **state)
{
    (void)state;
    struct seen seen = {0, 0};
    for (uint64_t seed = FIRST_SEED; seed < FIRST_SEED + N_SEEDS; seed++) {
        char path[] = "/tmp/vm74-flaw-XXXXXX";
        char what[32];
        hx_generate(seed, BLOCKS, path);
        snprintf(what, sizeof what, "seed %llu", (unsigned long long)seed);
        hx_cosim_to_exit(path, STEP_LIMIT, count_own, &seen, what);
        run_free(path);
        unlink(path);
    }
    print_message("%u of the variant's instructions retired, %u changed "
                  "the mode\n", seen.retired, seen.lowered);
    /* The generator does emit the instruction, and it retires. */
    assert_true(seen.retired >= N_SEEDS);
#if VM74_FLAW == VM74_FLAW_JRSTU
    assert_true(seen.lowered > 0);
#else
    assert_int_equal(seen.lowered, 0);
#endif
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, hx_setup, hx_teardown)

static const struct CMUnitTest tests[] = {
#if VM74_FLAW == VM74_FLAW_RDMODE || VM74_FLAW == VM74_FLAW_RDBASE
    T(test_own_reads_its_value),
    T(test_own_to_x0_writes_nothing),
    T(test_own_fields_must_be_zero),
    T(test_own_across_lpsw_in_a_free_run),
#else
    T(test_jrstu_supervisor_lowers_mode),
    T(test_jrstu_user_is_a_jump),
    T(test_jrstu_clears_bit_0),
    T(test_jrstu_misaligned_target_traps),
    T(test_jrstu_fields_must_be_zero),
    T(test_jrstu_next_word_runs_in_user_mode),
    T(test_jrstu_user_in_a_free_run),
#endif
    T(test_other_variants_encodings_illegal),
    T(test_rest_of_custom0_illegal),
    cmocka_unit_test(test_generated_programs),
};

HX_MAIN("flaws", tests)
