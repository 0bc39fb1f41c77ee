/*
 * gen_internal.h - what the generator's files share (tools/gen/).
 *
 *   gen.c        layout of the image, the ISS check, the ELF
 *   gen_sv.c     the supervisor: entry, trap handler, block drivers,
 *                timer arming and synchronisation, the signature epilogue
 *   gen_body.c   random instruction items and the bodies made of them
 *
 * The physical memory map and the low-core words the handler and the
 * supervisor share are below; docs/fuzz.md explains them.
 */
#ifndef VM74_GEN_INTERNAL_H
#define VM74_GEN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "enc.h"
#include "gen.h"

/* ---- Physical memory map of a generated program ----------------------- */

/* Low-core words of the generated supervisor (free area, docs/isa.md §3.1).
 * All within reach of an x0-relative load or store. */
#define LC_LOG_IDX      0x020 /* byte offset of the next trap-log entry */
#define LC_FIRED        0x024 /* 1: the armed timer interrupt was taken */
#define LC_EXIT_P       0x028 /* logical P of the user block's exit ECALL */
#define LC_TIMER_BLOCKS 0x02c /* timer blocks completed (hashed) */
#define LC_SV_PSW       0x030 /* PSW that returns to the supervisor */
#define LC_ENTRY_PSW    0x040 /* PSW that enters a relocated block */
#define LC_SVIE_PSW     0x050 /* PSW that enters a supervisor IE=1 block */
#define LC_SVOFF_PSW    0x060 /* PSW that leaves it (IE = 0) */
#define LC_RX_LEFT      0x070 /* console input bytes not yet read */
#define LC_REGS         VM74_LC_SAVE_AREA /* x1.. at 0x84: handler, then dump */

#define HANDLER_BASE    0x200u
#define SIG_EXPECTED    0x400u /* the signature the program must compute */
#define SIG_OUT         0x404u /* the signature it computed */
#define LC_CHAIN        0x408u /* FNV-1a of every exception's low core */
#define NEST_FRAME      0x500u /* the trap state saved around a nested trap */
#define NEST_BASE       0x800u /* the handler's nested-trap helper */
#define CODE_BASE       0x1000u /* supervisor code */
#define CODE_END        0x10000u
#define DATA_BASE       0x10000u /* supervisor data: x31-relative */
#define DATA_SIZE       0x800u
#define DATA_HASH_LO    (DATA_BASE - 0x40u) /* loads reach below, */
#define DATA_HASH_HI    (DATA_BASE + DATA_SIZE + 0x10u) /* stores above */
#define LOG_BASE        0x12000u /* trap log: 16-byte entries, circular */
#define LOG_SIZE        0x800u
#define USER_BASE       0x20000u /* relocated blocks' regions, up to */
#define RAM_MARK        16u      /* the top bytes: loaded, so that the ELF
                                    ends where the RAM does (vmm-pack) */

/* Registers: random code writes x1..x29 only. */
#define REG_SCRATCH 30 /* set and used within one item: addresses, AUIPC */
#define REG_DATA    31 /* base of the current data window */
#define REG_LAST_RANDOM 29

/* ---- Random numbers: splitmix64, our own so a seed means one program -- */

uint32_t rng_below(struct rng *r, uint32_t n); /* 0..n-1, n > 0 */
int32_t rng_range(struct rng *r, int32_t lo, int32_t hi); /* lo..hi */
bool rng_chance(struct rng *r, uint32_t percent);
uint32_t rng_interesting(struct rng *r); /* edge values and random words */

/* ---- Code buffers ---------------------------------------------------- */

struct code {
    uint32_t base; /* address of w[0]: physical, or logical in a region */
    uint32_t *w;
    size_t n, cap;
    bool overflow; /* an emit did not fit */
};

void code_init(struct code *c, uint32_t base, uint32_t *buf, size_t cap);
void emit(struct code *c, uint32_t word);
uint32_t code_here(const struct code *c); /* address of the next word */
void emit_li(struct code *c, int rd, uint32_t value);
/* Reserve two words for an emit_li whose value is known later. */
size_t emit_li_later(struct code *c);
void patch_li(struct code *c, size_t at, int rd, uint32_t value);

/* ---- Bodies: random code (gen_body.c) -------------------------------- */

struct body_ctx {
    bool user;         /* mode U: LPSW and WFI appear (and trap) */
    bool devices;      /* R covers the devices: counter loads appear */
    bool lpsw_faults;  /* LPSW with an operand that always faults */
    int32_t load_lo, load_hi;   /* x31-relative offsets for loads */
    int32_t store_lo, store_hi; /* stores: [lo, hi - size] */
    uint32_t index_mask;        /* x30 = (xK & mask) + x31 accesses */
    bool edges;        /* accesses around the bound b (user regions) */
    bool edge_stores;
    uint32_t bound;    /* logical b, for the edges */
    uint32_t ram_edge; /* b reaches past the RAM: its end, logical; or 0 */
    bool mode_may_drop; /* the block survives M = user (JRSTU variant) */
};

/* Emit n random items; every branch or jump goes forward to an item
 * boundary, at most to the word right after the body. */
void gen_body(struct rng *r, struct code *c, const struct body_ctx *ctx,
              unsigned n_items);

/* ---- The supervisor (gen_sv.c) --------------------------------------- */

/* A relocated block's region, for the signature. */
struct hash_range {
    uint32_t lo, hi; /* physical, word aligned, lo < hi */
};

struct program {
    uint8_t *ram;            /* the image, ram_size bytes */
    uint32_t ram_size;
    const struct gen_options *opt;
    struct code sv;          /* supervisor code at CODE_BASE */
    uint32_t sv_buf[(CODE_END - CODE_BASE) / 4];
    struct hash_range hashed[GEN_MAX_BLOCKS + 8];
    int n_hashed;
    struct { uint32_t lo, hi; } segs[GEN_MAX_BLOCKS * 2 + 8];
    int n_segs;
    /* Where timer interrupts land: its own stream, so that the generator
     * can build the same program with other interrupt points and check
     * that the signature does not change (gen.c, check_timing). */
    struct rng timing;
    char err[160];
};

void program_add_segment(struct program *p, uint32_t lo, uint32_t hi);
void program_add_hash(struct program *p, uint32_t lo, uint32_t hi);

void gen_low_core(struct program *p);
void gen_handler(struct program *p);
void gen_nest_helper(struct program *p, struct rng *r);
void gen_prologue(struct program *p, struct rng *r);
void gen_block(struct program *p, struct rng *r, unsigned index,
               unsigned n_blocks);
void gen_epilogue(struct program *p);

#endif /* VM74_GEN_INTERNAL_H */
