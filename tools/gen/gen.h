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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GEN_MAX_BLOCKS 64
#define GEN_DEFAULT_BLOCKS 12
#define GEN_RAM_SIZE 0x100000u /* the simulators' default RAM, 1 MiB */
#define GEN_RAM_MIN 0x30000u   /* the fixed layout below the blocks' slots */
#define GEN_INPUT_MAX 64       /* console input bytes a program may get */

struct gen_options {
    uint64_t seed;
    unsigned blocks; /* 1..GEN_MAX_BLOCKS */
    uint64_t drop;   /* bit i set: leave block i out (for shrinking) */
    uint32_t ram_size; /* the machine's RAM; 0: GEN_RAM_SIZE */
    /* What the program reads from the console (and its ISS check gets). */
    const uint8_t *input;
    size_t input_len;  /* 0..GEN_INPUT_MAX */
    /* WFI for a deadline near 2^64, then TIME wrapped to 0: off by
     * default, so that the default programs stay as recorded (docs/fuzz.md
     * "Limits"). */
    int far_wfi;
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

/* The generator's random numbers (splitmix64), for tools that derive more
 * from a seed than its program (vmm-fuzz: console input, quanta). */
struct rng {
    uint64_t s;
};
uint64_t rng_next(struct rng *r);

/* "3,0,7" -> bits 3, 0 and 7 of *mask (an empty list drops nothing);
 * false if a block number is not below GEN_MAX_BLOCKS. */
bool gen_parse_drop(const char *s, uint64_t *mask);

#endif /* VM74_GEN_H */
