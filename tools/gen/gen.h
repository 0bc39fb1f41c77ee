/*
 * gen.h - the random program generator behind build/vm74-gen and
 * tests/test_fuzz (docs/fuzz.md).
 *
 * One seed gives one program, always the same: a supervisor with a trap
 * handler that logs every exception and resumes after it, and a sequence
 * of random blocks (supervisor code, code under interrupts, user code
 * under random relocations).  The program hashes its registers and memory
 * into a signature, compares it with the one embedded by the generator
 * (learnt by running it on the ISS) and exits 0 on a match, 1 otherwise.
 */
#ifndef VM74_GEN_H
#define VM74_GEN_H

#include <stddef.h>
#include <stdint.h>

#define GEN_MAX_BLOCKS 64
#define GEN_DEFAULT_BLOCKS 12
#define GEN_RAM_SIZE 0x100000u /* the simulators' default RAM, 1 MiB */

struct gen_options {
    uint64_t seed;
    unsigned blocks; /* 1..GEN_MAX_BLOCKS */
    uint64_t drop;   /* bit i set: leave block i out (for shrinking) */
};

struct gen_result {
    uint8_t *elf; /* the ELF image, malloc'ed */
    size_t elf_len;
    uint32_t signature; /* the one embedded in the program */
    uint64_t steps;     /* steps the ISS took to run it */
};

/* Generate, check on the ISS (exits 0 within the step limit, twice) and
 * build the ELF.  Returns 0, or -1 with a one-line reason in err. */
int gen_generate(const struct gen_options *o, struct gen_result *r,
                 char *err, size_t errlen);
void gen_result_free(struct gen_result *r);

#endif /* VM74_GEN_H */
