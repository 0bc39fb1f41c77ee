/*
 * pgcheck_lib.c - sample the instruction space, group the results into
 * classes, print the table and the verdict (docs/pgcheck.md).
 *
 * Three sources of instruction words, each word run in --states random
 * states by pg_experiment():
 *   directed  every pattern of pg_decode.c that docs/isa.md defines, with
 *             random other bits, so that each vm74 instruction is exercised
 *             (LPSW needs rd = x0: random operands would rarely give it);
 *   sweep     every opcode x funct3 x funct7, with the operand fields all
 *             0, then one of rd or rs1 non-zero, then all random: an
 *             instruction nobody told pgcheck about (a variant's, such as
 *             RDBASE rd, which needs rs1 = 0 and imm = 0) is found there;
 *   random    uniformly random 32-bit words.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pg_internal.h"

#define OPERAND_FIELDS 0x01ff8f80u /* rs2, rs1, rd */
#define ILLEGAL_CLASS "illegal"

void pg_default_options(struct pg_options *o, enum vm74_backend backend)
{
    memset(o, 0, sizeof *o);
    o->backend = backend;
    o->seed = 74;
    o->base_align = 4; /* docs/isa.md §1: l is word-aligned */
    o->sweep_opcode = -1;
    if (backend == VM74_BACKEND_RTL) {
        /* fewer steps: each part of the sweep is 2^17 words; its first
         * three (no operand, rd alone, rs1 alone) find a one-register
         * instruction nobody named */
        o->states = 2;
        o->random_words = 10000;
        o->sweep_operands = 3;
        o->directed = 32;
    } else {
        o->states = 4;
        o->random_words = 100000;
        o->sweep_operands = 4;
        o->directed = 64;
    }
}

/* ---- Classes ------------------------------------------------------------ */

struct sampler {
    const struct pg_options *o;
    struct pg_report *r;
    struct pg_lab *lab;
    struct pg_rng rng;
    size_t cap;
};

/* Classes 0..n_patterns-1 are the patterns, then "illegal", then the
 * field-named classes in the order they were first seen. */
static int init_classes(struct sampler *s)
{
    s->cap = pg_n_patterns + 16;
    s->r->classes = calloc(s->cap, sizeof *s->r->classes);
    if (s->r->classes == NULL)
        return -1;
    for (size_t i = 0; i < pg_n_patterns; i++) {
        struct pg_class *c = &s->r->classes[i];
        snprintf(c->name, sizeof c->name, "%s", pg_patterns[i].name);
        c->defined = pg_patterns[i].defined;
    }
    snprintf(s->r->classes[pg_n_patterns].name, PG_NAME_MAX, ILLEGAL_CLASS);
    s->r->n_classes = pg_n_patterns + 1;
    return 0;
}

static struct pg_class *class_named(struct sampler *s, const char *name)
{
    struct pg_report *r = s->r;
    for (size_t i = 0; i < r->n_classes; i++)
        if (strcmp(r->classes[i].name, name) == 0)
            return &r->classes[i];
    if (r->n_classes == s->cap) {
        struct pg_class *grown =
            realloc(r->classes, 2 * s->cap * sizeof *grown);
        if (grown == NULL)
            abort(); /* a handful of classes; cannot happen in practice */
        r->classes = grown;
        s->cap *= 2;
    }
    struct pg_class *c = &r->classes[r->n_classes++];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    return c;
}

/* A vm74 instruction keeps its mnemonic whatever it does (so that a
 * machine that wrongly rejects it shows up); any other word is "illegal"
 * when it trapped ILLEGAL in every run, else it is named by its fields. */
static struct pg_class *class_of(struct sampler *s, uint32_t word,
                                 bool all_illegal)
{
    int p = pg_decode(word);
    if (p >= 0 && pg_patterns[p].defined)
        return &s->r->classes[p];
    if (all_illegal)
        return &s->r->classes[pg_n_patterns];
    if (p >= 0)
        return &s->r->classes[p];
    char name[PG_NAME_MAX];
    pg_field_name(word, name, sizeof name);
    return class_named(s, name);
}

static void merge_witness(struct sampler *s, const struct pg_class *c,
                          struct pg_witness *into, struct pg_witness from,
                          enum pg_kind kind)
{
    static const char *const kinds[PG_KINDS] = {
        "control", "mode", "location", "user-control", "user-location"
    };
    if (into->seen || !from.seen)
        return;
    *into = from;
    if (s->o->verbose)
        fprintf(s->o->verbose, "  %s: %s-sensitive: %s\n", c->name,
                kinds[kind], pg_lab_why(s->lab, kind));
}

static void merge(struct sampler *s, struct pg_class *c, uint32_t word,
                  const struct pg_tally *t, bool all_illegal)
{
    if (c->t.words == 0)
        c->example = word;
    c->t.words++;
    c->t.runs += t->runs;
    c->t.completed += t->completed;
    c->t.priv_pairs += t->priv_pairs;
    c->t.priv_holds += t->priv_holds;
    c->t.illegal_words += all_illegal;
    merge_witness(s, c, &c->t.control, t->control, PG_CONTROL);
    merge_witness(s, c, &c->t.mode, t->mode, PG_MODE);
    merge_witness(s, c, &c->t.location, t->location, PG_LOCATION);
    merge_witness(s, c, &c->t.user_control, t->user_control,
                  PG_USER_CONTROL);
    merge_witness(s, c, &c->t.user_location, t->user_location,
                  PG_USER_LOCATION);
}

/* ---- Sampling ----------------------------------------------------------- */

static void sample_word(struct sampler *s, uint32_t word)
{
    struct pg_tally t;
    memset(&t, 0, sizeof t);
    bool all_illegal = true;
    for (uint32_t k = 0; k < s->o->states; k++)
        all_illegal &=
            pg_experiment(s->lab, word, s->o->base_align, &s->rng, &t);
    merge(s, class_of(s, word, all_illegal), word, &t, all_illegal);
    s->r->words++;
    s->r->experiments += s->o->states;
}

/* Only what docs/isa.md defines: the patterns a variant reserves name
 * what the sweep finds, they do not point pgcheck at it. */
static void sample_directed(struct sampler *s)
{
    for (size_t p = 0; p < pg_n_patterns; p++)
        for (uint32_t i = 0; pg_patterns[p].defined && i < s->o->directed;
             i++)
            sample_word(s, pg_patterns[p].match |
                               (pg_rand32(&s->rng) & ~pg_patterns[p].mask));
}

/* The j-th operand fields of a sweep word: none, then a register in rd
 * alone, then in rs1 alone (a one-register instruction whose other fields
 * must be 0), then random. */
static uint32_t sweep_operands(struct sampler *s, uint32_t j)
{
    uint32_t reg = 1 + pg_below(&s->rng, 31);
    switch (j) {
    case 0: return 0;
    case 1: return reg << 7;
    case 2: return reg << 15;
    default: return pg_rand32(&s->rng) & OPERAND_FIELDS;
    }
}

static void sweep_opcode(struct sampler *s, uint32_t op)
{
    for (uint32_t f3 = 0; f3 < 8; f3++)
        for (uint32_t f7 = 0; f7 < 128; f7++)
            for (uint32_t j = 0; j < s->o->sweep_operands; j++)
                sample_word(s, op | f3 << 12 | f7 << 25 |
                                   sweep_operands(s, j));
}

static void sample_sweep(struct sampler *s)
{
    if (s->o->sweep_opcode >= 0) {
        sweep_opcode(s, (uint32_t)s->o->sweep_opcode);
        return;
    }
    for (uint32_t op = 0; op < 128; op++)
        sweep_opcode(s, op);
}

static void sample_random(struct sampler *s)
{
    for (uint32_t i = 0; i < s->o->random_words; i++)
        sample_word(s, pg_rand32(&s->rng));
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int pg_run(const struct pg_options *o, struct pg_report *r, char *err,
           size_t errlen)
{
    memset(r, 0, sizeof *r);
    struct sampler s = { .o = o, .r = r, .rng = { o->seed } };
    s.lab = pg_lab_new(o->backend, err, errlen);
    if (s.lab == NULL)
        return -1;
    if (init_classes(&s) != 0) {
        snprintf(err, errlen, "out of memory");
        pg_lab_free(s.lab);
        return -1;
    }
    double t0 = now_seconds();
    sample_directed(&s);
    sample_sweep(&s);
    sample_random(&s);
    r->seconds = now_seconds() - t0;
    r->steps = pg_lab_steps(s.lab);
    snprintf(r->backend, sizeof r->backend, "%s",
             o->backend == VM74_BACKEND_RTL ? "rtl" : "iss");
    pg_lab_free(s.lab);
    return 0;
}

void pg_report_free(struct pg_report *r)
{
    free(r->classes);
    r->classes = NULL;
    r->n_classes = 0;
}

/* ---- Judging a class ---------------------------------------------------- */

enum pg_answer pg_privileged(const struct pg_tally *t)
{
    if (t->priv_pairs == 0)
        return PG_UNKNOWN;
    return t->priv_holds == t->priv_pairs ? PG_YES : PG_NO;
}

bool pg_sensitive(const struct pg_tally *t)
{
    return t->control.seen || t->mode.seen || t->location.seen;
}

bool pg_user_sensitive(const struct pg_tally *t)
{
    return t->user_control.seen || t->mode.seen || t->user_location.seen;
}

const struct pg_class *pg_find_class(const struct pg_report *r,
                                     const char *name)
{
    for (size_t i = 0; i < r->n_classes; i++)
        if (strcmp(r->classes[i].name, name) == 0)
            return &r->classes[i];
    return NULL;
}

static const char *yes_no(bool b) { return b ? "yes" : "no"; }

static const char *answer_text(enum pg_answer a)
{
    return a == PG_YES ? "yes" : a == PG_NO ? "no" : "?";
}

static const char *class_verdict(const struct pg_tally *t)
{
    bool privileged = pg_privileged(t) == PG_YES;
    if (pg_sensitive(t))
        return privileged ? "privileged, sensitive"
                          : "SENSITIVE, NOT PRIVILEGED";
    return privileged ? "privileged, innocuous" : "innocuous";
}

void pg_print_table(FILE *f, const struct pg_report *r)
{
    fprintf(f, "%-15s %-10s  %7s %5s  %-10s %-7s %-4s %-8s %-4s %s\n",
            "class", "example", "words", "done", "privileged", "control",
            "mode", "location", "user", "verdict");
    for (size_t i = 0; i < r->n_classes; i++) {
        const struct pg_class *c = &r->classes[i];
        if (c->t.words == 0)
            continue;
        fprintf(f, "%-15s 0x%08x  %7llu %4.0f%%  %-10s %-7s %-4s %-8s %-4s "
                "%s\n", c->name, c->example, (unsigned long long)c->t.words,
                100.0 * (double)c->t.completed / (double)c->t.runs,
                answer_text(pg_privileged(&c->t)), yes_no(c->t.control.seen),
                yes_no(c->t.mode.seen), yes_no(c->t.location.seen),
                yes_no(pg_user_sensitive(&c->t)), class_verdict(&c->t));
    }
    for (size_t i = 0; i < r->n_classes; i++) {
        const struct pg_class *c = &r->classes[i];
        if (c->defined && c->t.illegal_words > 0)
            fprintf(f, "note: %llu %s word(s) trapped ILLEGAL in every run\n",
                    (unsigned long long)c->t.illegal_words, c->name);
        if (c->t.words > 0 && pg_privileged(&c->t) == PG_UNKNOWN)
            fprintf(f, "note: %s: every run pair memory-trapped, privilege "
                    "not established\n", c->name);
    }
}

/* ---- Verdicts ----------------------------------------------------------- */

/* A kind of sensitivity a verdict can name, and where a tally keeps it. */
struct kind {
    const char *name;
    size_t offset; /* of the struct pg_witness in struct pg_tally */
};

#define KIND(name, field) { name, offsetof(struct pg_tally, field) }

/* Theorem 1: any sensitivity; Theorem 3: any seen from user mode; the
 * hybrid VMM: what native user-mode execution can show (docs/isa.md §8). */
static const struct kind sensitive_kinds[] = {
    KIND("control", control), KIND("mode", mode), KIND("location", location),
};
static const struct kind user_kinds[] = {
    KIND("user-control", user_control), KIND("user-location", user_location),
    KIND("user-mode", mode),
};
static const struct kind native_user_kinds[] = {
    KIND("user-control", user_control), KIND("user-location", user_location),
};

#define N_KINDS(a) (sizeof(a) / sizeof(a)[0])

static const struct pg_witness *witness_of(const struct pg_tally *t,
                                           const struct kind *k)
{
    return (const struct pg_witness *)((const char *)t + k->offset);
}

/* The first class, in table order, that shows one of the kinds and is not
 * privileged; *kind names the first kind it shows. */
static const struct pg_class *first_unprivileged(const struct pg_report *r,
                                                 const struct kind *kinds,
                                                 size_t n,
                                                 const struct kind **kind)
{
    for (size_t i = 0; i < r->n_classes; i++) {
        const struct pg_class *c = &r->classes[i];
        if (pg_privileged(&c->t) == PG_YES)
            continue;
        for (size_t k = 0; k < n; k++)
            if (witness_of(&c->t, &kinds[k])->seen) {
                *kind = &kinds[k];
                return c;
            }
    }
    return NULL;
}

/* "PREFIX: no — NAME (0x…) is KIND-sensitive and not privileged", or
 * "PREFIX: yes — WHY"; returns whether the condition holds. */
static bool verdict_line(const struct pg_report *r, const char *prefix,
                         const char *why_yes, const struct kind *kinds,
                         size_t n, char *line, size_t len)
{
    const struct kind *kind;
    const struct pg_class *c = first_unprivileged(r, kinds, n, &kind);
    if (c == NULL) {
        snprintf(line, len, "%s: yes \u2014 %s", prefix, why_yes);
        return true;
    }
    snprintf(line, len, "%s: no \u2014 %s (0x%08x) is %s-sensitive and not "
             "privileged", prefix, c->name, witness_of(&c->t, kind)->word,
             kind->name);
    return false;
}

bool pg_verdict(const struct pg_report *r, char *line, size_t len)
{
    return verdict_line(r, "VIRTUALIZABLE",
                        "every sensitive instruction is privileged",
                        sensitive_kinds, N_KINDS(sensitive_kinds), line, len);
}

bool pg_hybrid_verdict(const struct pg_report *r, char *line, size_t len)
{
    return verdict_line(r, "HYBRID-VIRTUALIZABLE",
                        "every user-sensitive instruction is privileged",
                        user_kinds, N_KINDS(user_kinds), line, len);
}

bool pg_hybrid_vmm_verdict(const struct pg_report *r, char *line, size_t len)
{
    bool holds = verdict_line(
        r, "HYBRID-VMM",
        "no unprivileged instruction is user-control- or "
        "user-location-sensitive",
        native_user_kinds, N_KINDS(native_user_kinds), line, len);
    const struct kind *kind;
    const struct pg_class *c = first_unprivileged(r, user_kinds,
                                                  N_KINDS(user_kinds), &kind);
    if (holds && c != NULL) {
        size_t used = strlen(line);
        snprintf(line + used, len - used, "; %s is user-sensitive only "
                 "through mode, which native execution in real user mode "
                 "cannot show (docs/isa.md \u00a78.4)", c->name);
    }
    return holds;
}
