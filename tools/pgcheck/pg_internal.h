/*
 * pg_internal.h - the parts of pgcheck shared between its files.
 *
 *   pg_decode.c      names a word from its encoding fields
 *   pg_experiment.c  one word in one random state: four single steps
 *   pgcheck_lib.c    sampling, classes, table, verdict
 *   pg_doctable.c    docs/isa.md §8.1: parse and compare
 */
#ifndef VM74_PG_INTERNAL_H
#define VM74_PG_INTERNAL_H

#include "pgcheck.h"

/* ---- Naming (pg_decode.c) ------------------------------------------------ */

/* An encoding pattern: word & mask == match.  `defined` is false for
 * encodings that docs/isa.md reserves for a variant (RDMODE). */
struct pg_pattern {
    const char *name;
    uint32_t mask;
    uint32_t match;
    bool defined;
};

extern const struct pg_pattern pg_patterns[];
extern const size_t pg_n_patterns;

/* The index in pg_patterns of the pattern that word matches, or -1. */
int pg_decode(uint32_t word);

/* A name built from the fields only, for words no pattern matches:
 * "custom-0/f3=2", "OP-FP/f3=0", "op=0x7f/f3=7". */
void pg_field_name(uint32_t word, char *buf, size_t len);

/* ---- Random numbers (pg_experiment.c) ------------------------------------ */

/* splitmix64: small, fast, and the same sequence on every host. */
struct pg_rng {
    uint64_t s;
};

uint64_t pg_rand64(struct pg_rng *r);
uint32_t pg_rand32(struct pg_rng *r);
uint32_t pg_below(struct pg_rng *r, uint32_t n); /* uniform in [0, n) */

/* ---- Experiments (pg_experiment.c) --------------------------------------- */

/* A machine and the buffers of one experiment. */
struct pg_lab;

struct pg_lab *pg_lab_new(enum vm74_backend backend, char *err,
                          size_t errlen);
void pg_lab_free(struct pg_lab *lab);
uint64_t pg_lab_steps(const struct pg_lab *lab);

enum pg_kind {
    PG_CONTROL, PG_MODE, PG_LOCATION, PG_USER_CONTROL, PG_USER_LOCATION,
    PG_KINDS
};

/* The last difference of this kind that an experiment found (--verbose). */
const char *pg_lab_why(const struct pg_lab *lab, enum pg_kind kind);

/*
 * Run word in one fresh random state: user and supervisor mode, each at two
 * relocation bases l1 and l2 (multiples of base_align) with the same
 * logical memory.  Adds what it saw to t (not t->words).  Returns true if
 * all four runs trapped ILLEGAL.
 */
bool pg_experiment(struct pg_lab *lab, uint32_t word, uint32_t base_align,
                   struct pg_rng *rng, struct pg_tally *t);

#endif /* VM74_PG_INTERNAL_H */
