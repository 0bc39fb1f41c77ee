/*
 * pgcheck.h - classify vm74's instructions by Popek and Goldberg's
 * definitions from the running machine (docs/pgcheck.md).
 *
 * Everything goes through the C API of sim/vm74_api.h: each experiment
 * sets a fresh state, steps once and reads the state back.  Instructions
 * are *named* from their encoding fields (pg_decode.c) only to group the
 * results; whether a class is privileged or sensitive is judged from the
 * machine's behaviour alone, so the same program judges the reference
 * simulator, the RTL model and the deliberately flawed FLAW=1 build.
 *
 *   pg_run            sample the instruction space, fill a report
 *   pg_print_table    the classification table
 *   pg_verdict        the one VIRTUALIZABLE: line
 *   pg_doc_*          read docs/isa.md §8.1 and compare it with a report
 */
#ifndef VM74_PGCHECK_H
#define VM74_PGCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vm74_api.h"

/* ---- Options ------------------------------------------------------------ */

struct pg_options {
    enum vm74_backend backend;
    uint64_t seed;
    uint32_t states;         /* random states per instruction word */
    uint32_t random_words;   /* uniformly random 32-bit words */
    uint32_t sweep_operands; /* words per opcode x funct3 x funct7; 0 = none */
    int sweep_opcode;        /* sweep this major opcode only; -1 = all */
    uint32_t directed;       /* words per known encoding pattern */
    uint32_t base_align;     /* l is a multiple of this (default 1) */
    FILE *verbose;           /* witnesses as they are found; NULL = quiet */
};

/* Defaults that finish in a few seconds on the ISS, and in about a minute
 * on a backend a hundred times slower (the RTL model). */
void pg_default_options(struct pg_options *o, enum vm74_backend backend);

/* ---- Results ------------------------------------------------------------ */

enum pg_answer { PG_NO = 0, PG_YES = 1, PG_UNKNOWN = 2 };

/* A property seen in at least one experiment, with the word that showed it. */
struct pg_witness {
    bool seen;
    uint32_t word;
};

/* Everything observed for the words of one class. */
struct pg_tally {
    uint64_t words;       /* instruction words sampled */
    uint64_t runs;        /* single steps */
    uint64_t completed;   /* ... that neither trapped nor stopped */
    uint64_t priv_pairs;  /* (user, supervisor) pairs, neither memory-trapped */
    uint64_t priv_holds;  /* ... of which user trapped and supervisor did not */
    struct pg_witness control;  /* changed M/IE/R or stopped, not trapping */
    struct pg_witness mode;     /* result differs with M only */
    struct pg_witness location; /* result differs with l only (mod R) */
    /* The same, seen from a state in user mode (the paper's "user
     * sensitive"): control changed by a user-mode run, and the location
     * pair of the two user-mode runs.  Every mode pair has a user state,
     * so a mode-sensitive class is user-mode-sensitive by definition. */
    struct pg_witness user_control;
    struct pg_witness user_location;
    uint64_t illegal_words;     /* words that trapped ILLEGAL in every run */
};

#define PG_NAME_MAX 24

struct pg_class {
    char name[PG_NAME_MAX]; /* mnemonic, "illegal", or "custom-0/f3=2" */
    bool defined;           /* a vm74 instruction by docs/isa.md §4 */
    uint32_t example;       /* the first word sampled */
    struct pg_tally t;
};

struct pg_report {
    struct pg_class *classes; /* table order: mnemonics, named, illegal */
    size_t n_classes;
    uint64_t words;       /* instruction words sampled */
    uint64_t experiments; /* words x states */
    uint64_t steps;       /* single steps executed */
    double seconds;
    char backend[8];
};

/* Runs every experiment.  Returns 0, or -1 with a reason in err (the
 * machine could not be created). */
int pg_run(const struct pg_options *o, struct pg_report *r, char *err,
           size_t errlen);
void pg_report_free(struct pg_report *r);

/* Privileged: in every (user, supervisor) pair in which neither run
 * memory-trapped, user trapped and supervisor did not.  UNKNOWN if no
 * such pair was seen. */
enum pg_answer pg_privileged(const struct pg_tally *t);
bool pg_sensitive(const struct pg_tally *t);
/* The paper's "user sensitive": control- or behaviour-sensitive in some
 * state in user mode (docs/isa.md §8). */
bool pg_user_sensitive(const struct pg_tally *t);
const struct pg_class *pg_find_class(const struct pg_report *r,
                                     const char *name);

void pg_print_table(FILE *f, const struct pg_report *r);

/* Writes the verdict line (no newline) into line; returns true if every
 * sensitive class is privileged: Theorem 1's condition. */
bool pg_verdict(const struct pg_report *r, char *line, size_t len);

/* Theorem 3's condition: every user-sensitive class is privileged.  The
 * HYBRID-VIRTUALIZABLE: line; returns true if it holds. */
bool pg_hybrid_verdict(const struct pg_report *r, char *line, size_t len);

/* What a hybrid VMM needs of the instructions it runs natively, all in
 * virtual user mode = real user mode: no user-control- or
 * user-location-sensitive class unprivileged.  Weaker than Theorem 3's
 * condition exactly by the classes that are user-sensitive only through
 * mode (docs/isa.md §8.4).  The HYBRID-VMM: line; true if it holds. */
bool pg_hybrid_vmm_verdict(const struct pg_report *r, char *line, size_t len);

/* ---- The table of docs/isa.md §8.1 -------------------------------------- */

#define PG_DOC_ROWS_MAX 32
#define PG_DOC_NAMES_MAX 24

/* One row: the instructions it lists and what it claims about them. */
struct pg_doc_row {
    int line;                 /* in the markdown text, from 1 */
    char names[PG_DOC_NAMES_MAX][PG_NAME_MAX];
    size_t n_names;           /* "illegal" for the illegal-encodings row */
    bool variant_only;        /* exists only in a build such as FLAW=1 */
    enum pg_answer privileged;
    enum pg_answer control;
    enum pg_answer behaviour; /* UNKNOWN: the table says "—" */
    enum pg_answer user;      /* the User-sensitive column */
    bool mode_named;          /* the behaviour cell says "mode-sensitive" */
};

struct pg_doc_table {
    struct pg_doc_row rows[PG_DOC_ROWS_MAX];
    size_t n_rows;
};

/* Parse the table under the "8.1" heading of a markdown text.  Returns 0,
 * or -1 with a reason in err. */
int pg_doc_parse(const char *markdown, struct pg_doc_table *t, char *err,
                 size_t errlen);
int pg_doc_load(const char *path, struct pg_doc_table *t, char *err,
                size_t errlen);

/* Prints one line per disagreement to f (if not NULL) and returns their
 * number: a listed instruction judged otherwise, a listed instruction
 * never sampled, or a sampled class the table does not list. */
int pg_doc_compare(const struct pg_report *r, const struct pg_doc_table *t,
                   FILE *f);

#endif /* VM74_PGCHECK_H */
