/*
 * pg_experiment.c - one instruction word in one random state.
 *
 * An experiment is four single steps from four states that differ only in
 * M (user, supervisor) and in l (l1, l2, with the same logical memory):
 *
 *            l1          l2
 *   user     run[0][0]   run[1][0]
 *   super    run[0][1]   run[1][1]
 *
 * Columns are the paper's mode pairs (privilege, mode-sensitivity), rows
 * its location pairs.  Each run is judged only by what the C API shows
 * afterwards: the registers, the PSW, the status of the step, the cycle
 * counter, the window of memory under R, and low core.  A trap is seen in
 * low core: the cause word is set to a value no trap stores before the
 * step.  (See docs/pgcheck.md for why each comparison is what it is.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"
#include "vm74_insn.h"

/* RAM and windows: small, so each experiment is cheap even on the RTL.
 * Windows lie wholly inside RAM and above low core, so a memory access
 * traps exactly when its logical address is outside [0, b): the same at
 * every l, and no device can be reached. */
#define LAB_RAM_SIZE   0x10000u
#define WINDOW_LOWEST  0x1000u
#define WINDOW_MIN     256u
#define WINDOW_MAX     2048u
#define LAB_VECTOR     0x200u      /* any RAM address below the windows */
#define CAUSE_SENTINEL 0xffffffffu /* no trap stores this cause */

/* A step that takes more cycles than this while retiring at most one
 * instruction has stopped the processor (docs/pgcheck.md, WFI). */
#define STOP_CYCLES 1000u

enum { USER = 0, SUPER = 1 };

/* ---- Random numbers ----------------------------------------------------- */

uint64_t pg_rand64(struct pg_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint32_t pg_rand32(struct pg_rng *r)
{
    return (uint32_t)(pg_rand64(r) >> 32);
}

uint32_t pg_below(struct pg_rng *r, uint32_t n)
{
    return (uint32_t)(((pg_rand64(r) >> 32) * n) >> 32);
}

/* ---- The state of an experiment ----------------------------------------- */

struct exp_state {
    struct vm74_state s; /* mode and base are set per run */
    uint32_t l[2];
    uint32_t bound;
    uint8_t window[WINDOW_MAX]; /* logical memory [0, bound) */
};

/* Everything a run leaves that the API can show. */
struct outcome {
    uint32_t mode_before, l_before;
    int status;   /* of vm74_step */
    bool stopped; /* the processor stopped (deadlock or a long wait) */
    bool trapped;
    uint32_t lowcore[6]; /* old flags, P, l, b; cause; info */
    struct vm74_state after;
    uint8_t window[WINDOW_MAX];
};

enum { LC_FLAGS, LC_P, LC_L, LC_B, LC_CAUSE, LC_INFO };

struct pg_lab {
    vm74 *m;
    uint64_t steps;
    struct exp_state st;
    struct outcome run[2][2]; /* [l1 or l2][USER or SUPER] */
    char why[PG_KINDS][192]; /* the last difference seen, by kind */
};

struct pg_lab *pg_lab_new(enum vm74_backend backend, char *err,
                          size_t errlen)
{
    struct pg_lab *lab = calloc(1, sizeof *lab);
    if (lab == NULL) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    struct vm74_config cfg = { backend, LAB_RAM_SIZE, NULL };
    lab->m = vm74_create(&cfg, err, errlen);
    if (lab->m == NULL) {
        free(lab);
        return NULL;
    }
    /* The console stays silent; the timer stays disarmed (its reset
     * value), so no interrupt can interfere whatever IE is. */
    vm74_set_console(lab->m, NULL, NULL, NULL);
    uint32_t vector = LAB_VECTOR;
    vm74_write_phys(lab->m, VM74_LC_VECTOR, &vector, sizeof vector);
    return lab;
}

void pg_lab_free(struct pg_lab *lab)
{
    if (lab == NULL)
        return;
    vm74_destroy(lab->m);
    free(lab);
}

uint64_t pg_lab_steps(const struct pg_lab *lab) { return lab->steps; }

const char *pg_lab_why(const struct pg_lab *lab, enum pg_kind kind)
{
    return lab->why[kind];
}

/* ---- Random states ------------------------------------------------------ */

/* Register values: mostly logical addresses inside the window (so loads,
 * stores and jumps often succeed), else any word or an edge value. */
static uint32_t random_register(struct pg_rng *rng, uint32_t bound)
{
    static const uint32_t edges[] = { 0, 1, 2, 4, 0x7fffffffu, 0x80000000u,
                                      0xfffffffcu, 0xffffffffu };
    uint32_t a;
    switch (pg_below(rng, 8)) {
    case 0: case 1: case 2:
        a = pg_below(rng, bound);
        return pg_below(rng, 2) ? a & ~3u : a;
    case 3: case 4: case 5:
        return pg_rand32(rng);
    case 6:
        return edges[pg_below(rng, sizeof edges / sizeof edges[0])];
    default:
        return (uint32_t)((int32_t)pg_below(rng, 33) - 16);
    }
}

/* Half the time, point rs1 + immediate at an aligned address well inside
 * the window, so that loads, stores, JALR and LPSW take their non-trapping
 * path often enough to be observed.  Only the state depends on the word;
 * the judging does not. */
static void aim_base_register(struct exp_state *st, uint32_t word,
                              struct pg_rng *rng)
{
    uint32_t rs1 = insn_rs1(word);
    if (rs1 == 0 || pg_below(rng, 2) == 0)
        return;
    uint32_t imm = insn_opcode(word) == OPC_STORE ? insn_imm_s(word)
                                                   : insn_imm_i(word);
    uint32_t target = pg_below(rng, (st->bound - 16) / 4 + 1) * 4;
    st->s.x[rs1] = target - imm;
}

/* A relocation base for a window of st->bound bytes: any multiple of
 * base_align (4 by default: docs/isa.md §1 makes l word-aligned; a finer
 * alignment tests an implementation that ignored that) that keeps the window
 * above WINDOW_LOWEST and inside RAM. */
static uint32_t random_base(const struct exp_state *st, uint32_t base_align,
                            struct pg_rng *rng)
{
    uint32_t span = LAB_RAM_SIZE - WINDOW_LOWEST - st->bound + 1;
    return WINDOW_LOWEST + pg_below(rng, span) / base_align * base_align;
}

static void random_state(struct exp_state *st, uint32_t word,
                         uint32_t base_align, struct pg_rng *rng)
{
    st->bound = WINDOW_MIN + pg_below(rng, WINDOW_MAX - WINDOW_MIN + 1);
    st->l[0] = random_base(st, base_align, rng);
    do
        st->l[1] = random_base(st, base_align, rng);
    while (st->l[1] == st->l[0]);

    for (uint32_t i = 0; i < st->bound; i++)
        st->window[i] = (uint8_t)pg_rand32(rng);
    uint32_t pc = pg_below(rng, st->bound / 4) * 4;
    memcpy(&st->window[pc], &word, sizeof word); /* little-endian host */

    st->s.x[0] = 0;
    for (int r = 1; r < 32; r++)
        st->s.x[r] = random_register(rng, st->bound);
    aim_base_register(st, word, rng);
    st->s.psw.pc = pc;
    st->s.psw.ie = pg_below(rng, 2);
    st->s.psw.bound = st->bound;
}

/* ---- One run ------------------------------------------------------------ */

static uint64_t retired(const struct vm74_stats *st)
{
    return st->instret[0] + st->instret[1];
}

static void run_once(struct pg_lab *lab, int which_l, uint32_t mode,
                     struct outcome *o)
{
    const struct exp_state *st = &lab->st;
    uint32_t l = st->l[which_l], sentinel = CAUSE_SENTINEL;
    vm74_write_phys(lab->m, l, st->window, st->bound);
    vm74_write_phys(lab->m, VM74_LC_CAUSE, &sentinel, sizeof sentinel);

    struct vm74_state s = st->s;
    s.psw.mode = mode;
    s.psw.base = l;
    vm74_set_state(lab->m, &s);

    struct vm74_stats before, after;
    vm74_get_stats(lab->m, &before);
    o->status = vm74_step(lab->m, NULL);
    vm74_get_stats(lab->m, &after);
    lab->steps++;

    o->mode_before = mode;
    o->l_before = l;
    o->stopped = o->status != VM74_RUNNING ||
                 (after.cycles - before.cycles > STOP_CYCLES &&
                  retired(&after) - retired(&before) <= 1);
    vm74_read_phys(lab->m, 0, o->lowcore, sizeof o->lowcore);
    o->trapped = o->lowcore[LC_CAUSE] != CAUSE_SENTINEL;
    vm74_get_state(lab->m, &o->after);
    vm74_read_phys(lab->m, l, o->window, st->bound);
}

/* ---- Judging a run and a pair of runs ----------------------------------- */

/* The paper's "memory trap": an access outside R (or misaligned). */
static bool memory_trapped(const struct outcome *o)
{
    if (!o->trapped)
        return false;
    switch (o->lowcore[LC_CAUSE]) {
    case VM74_CAUSE_FETCH_MISALIGNED: case VM74_CAUSE_FETCH_FAULT:
    case VM74_CAUSE_LOAD_MISALIGNED: case VM74_CAUSE_LOAD_FAULT:
    case VM74_CAUSE_STORE_MISALIGNED: case VM74_CAUSE_STORE_FAULT:
        return true;
    default:
        return false;
    }
}

/* Control-sensitive in this run: it completed (no trap) and changed M,
 * IE or R, or stopped the processor. */
static bool changed_control(const struct exp_state *st, const struct outcome *o,
                            char *why, size_t len)
{
    const struct vm74_psw *p = &o->after.psw;
    if (o->trapped)
        return false;
    if (o->stopped) {
        snprintf(why, len, "stopped the processor (step returned %s)",
                 vm74_status_name(o->status));
        return true;
    }
    if (p->mode == o->mode_before && p->ie == st->s.psw.ie &&
        p->base == o->l_before && p->bound == st->bound)
        return false;
    snprintf(why, len, "changed the PSW to M=%u IE=%u l=0x%08x b=0x%08x "
             "from M=%u IE=%u l=0x%08x b=0x%08x", p->mode, p->ie, p->base,
             p->bound, o->mode_before, st->s.psw.ie, o->l_before, st->bound);
    return true;
}

/* The trap as a guest could see it: cause, info and the old PSW with l
 * taken relative to the l the run began with.  ignore_mode leaves out
 * the saved M, which differs between a mode pair by construction. */
static bool same_trap(const struct outcome *a, const struct outcome *b,
                      bool ignore_mode)
{
    uint32_t flags_mask = ignore_mode ? ~VM74_FLAG_SUPERVISOR : ~0u;
    const uint32_t *x = a->lowcore, *y = b->lowcore;
    return x[LC_CAUSE] == y[LC_CAUSE] && x[LC_INFO] == y[LC_INFO] &&
           ((x[LC_FLAGS] ^ y[LC_FLAGS]) & flags_mask) == 0 &&
           x[LC_P] == y[LC_P] && x[LC_B] == y[LC_B] &&
           x[LC_L] - a->l_before == y[LC_L] - b->l_before;
}

/* The PSW after the step.  After a trap it is the trap's fixed PSW, so it
 * is compared as it is; otherwise l is compared relative to the run's own
 * l (modulo relocation), and M as it is, except in a mode pair: there the
 * two runs began in different modes, so the paper compares the resulting
 * states apart from M (a change of M is control-sensitivity, judged on its
 * own).  So an instruction that ends in user mode from either mode, like
 * the PDP-10's JRST 1, is not mode-sensitive. */
static bool same_next_psw(const struct outcome *a, const struct outcome *b,
                          bool ignore_mode)
{
    const struct vm74_psw *p = &a->after.psw, *q = &b->after.psw;
    if (p->ie != q->ie || p->pc != q->pc || p->bound != q->bound)
        return false;
    if (a->trapped)
        return p->mode == q->mode && p->base == q->base;
    return (ignore_mode || p->mode == q->mode) &&
           p->base - a->l_before == q->base - b->l_before;
}

/* Names of the two runs of a pair, for the messages. */
struct pair_names {
    const char *a, *b;
};

/* Whether two runs had the same result; if not, says what differed. */
static bool same_result(const struct outcome *a, const struct outcome *b,
                        uint32_t bound, bool ignore_mode,
                        struct pair_names n, char *why, size_t len)
{
    if (a->status != b->status || a->stopped != b->stopped) {
        snprintf(why, len, "%s run: step %s, %s run: step %s", n.a,
                 vm74_status_name(a->status), n.b,
                 vm74_status_name(b->status));
        return false;
    }
    if (a->trapped != b->trapped) {
        const struct outcome *t = a->trapped ? a : b;
        snprintf(why, len, "%s run trapped (%s), %s run did not",
                 a->trapped ? n.a : n.b, vm74_cause_name(t->lowcore[LC_CAUSE]),
                 a->trapped ? n.b : n.a);
        return false;
    }
    if (a->trapped && !same_trap(a, b, ignore_mode)) {
        const uint32_t *x = a->lowcore, *y = b->lowcore;
        snprintf(why, len, "%s run: %s info 0x%08x, %s run: %s info 0x%08x",
                 n.a, vm74_cause_name(x[LC_CAUSE]), x[LC_INFO], n.b,
                 vm74_cause_name(y[LC_CAUSE]), y[LC_INFO]);
        return false;
    }
    for (int r = 1; r < 32; r++)
        if (a->after.x[r] != b->after.x[r]) {
            snprintf(why, len, "x%d = 0x%08x in the %s run, 0x%08x in the "
                     "%s run", r, a->after.x[r], n.a, b->after.x[r], n.b);
            return false;
        }
    if (!same_next_psw(a, b, ignore_mode)) {
        snprintf(why, len, "next PSW relative to the run's own l: %s run "
                 "P=0x%08x l-l1=0x%08x, %s run P=0x%08x l-l2=0x%08x", n.a,
                 a->after.psw.pc, a->after.psw.base - a->l_before, n.b,
                 b->after.psw.pc, b->after.psw.base - b->l_before);
        return false;
    }
    if (memcmp(a->window, b->window, bound) != 0) {
        snprintf(why, len, "the logical memory under R differs between the "
                 "%s and %s runs", n.a, n.b);
        return false;
    }
    return true;
}

/* ---- The experiment ----------------------------------------------------- */

static void witness(struct pg_witness *w, uint32_t word)
{
    if (!w->seen) {
        w->seen = true;
        w->word = word;
    }
}

static void note_privilege(struct pg_tally *t, const struct outcome *user,
                           const struct outcome *super)
{
    if (memory_trapped(user) || memory_trapped(super))
        return;
    t->priv_pairs++;
    if (user->trapped && !super->trapped)
        t->priv_holds++;
}

static bool trapped_illegal(const struct outcome *o)
{
    return o->trapped && o->lowcore[LC_CAUSE] == VM74_CAUSE_ILLEGAL;
}

static void describe(struct pg_lab *lab, enum pg_kind kind, uint32_t word,
                     const char *detail)
{
    snprintf(lab->why[kind], sizeof lab->why[kind], "0x%08x: %s", word,
             detail);
}

bool pg_experiment(struct pg_lab *lab, uint32_t word, uint32_t base_align,
                   struct pg_rng *rng, struct pg_tally *t)
{
    struct exp_state *st = &lab->st;
    static const struct pair_names mode_pair = { "user", "supervisor" };
    static const struct pair_names location_pair = { "l1", "l2" };
    char detail[160];
    bool all_illegal = true;

    random_state(st, word, base_align, rng);
    for (int l = 0; l < 2; l++)
        for (uint32_t mode = USER; mode <= SUPER; mode++) {
            struct outcome *o = &lab->run[l][mode];
            run_once(lab, l, mode, o);
            t->runs++;
            t->completed += !o->trapped && !o->stopped;
            all_illegal = all_illegal && trapped_illegal(o);
        }

    for (int l = 0; l < 2; l++) {
        const struct outcome *user = &lab->run[l][USER];
        const struct outcome *super = &lab->run[l][SUPER];
        note_privilege(t, user, super);
        /* As the paper does, a mode pair in which a run memory-trapped is
         * left out: a supervisor LPSW whose operand is outside R faults
         * where the user one traps PRIVILEGED, which is no mode-dependence
         * of its effect.  (Location pairs are compared whole: with windows
         * in RAM, memory traps depend only on logical addresses.) */
        if (!memory_trapped(user) && !memory_trapped(super) &&
            !same_result(user, super, st->bound, true, mode_pair, detail,
                         sizeof detail)) {
            witness(&t->mode, word);
            describe(lab, PG_MODE, word, detail);
        }
        for (uint32_t mode = USER; mode <= SUPER; mode++)
            if (changed_control(st, &lab->run[l][mode], detail,
                                sizeof detail)) {
                witness(&t->control, word);
                describe(lab, PG_CONTROL, word, detail);
                if (mode == USER) {
                    witness(&t->user_control, word);
                    describe(lab, PG_USER_CONTROL, word, detail);
                }
            }
    }
    for (uint32_t mode = USER; mode <= SUPER; mode++)
        if (!same_result(&lab->run[0][mode], &lab->run[1][mode], st->bound,
                         false, location_pair, detail, sizeof detail)) {
            witness(&t->location, word);
            describe(lab, PG_LOCATION, word, detail);
            if (mode == USER) {
                witness(&t->user_location, word);
                describe(lab, PG_USER_LOCATION, word, detail);
            }
        }
    return all_illegal;
}
