/*
 * iss.h - the reference simulator's machine (internal to sim/iss*.c).
 *
 *   iss.c          the execute function, vm74_step and vm74_run
 *   iss_mem.c      relocation/bounds checks, devices
 *   iss_trap.c     the trap: the PSW swap into the supervisor
 *   iss_machine.c  create/destroy/reset, state access, the ops table
 *
 * Speed: the common case of every access (an aligned access that lies in
 * RAM and under the bound) is decided by one comparison against `lim`,
 * precomputed whenever R changes; everything else goes to the out-of-line
 * slow path in iss_mem.c, which applies docs/isa.md §2 step by step.
 */
#ifndef VM74_ISS_H
#define VM74_ISS_H

#include <stdbool.h>
#include <stdint.h>

#include "backend.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the ISS reads guest words with memcpy and needs a little-endian host"
#endif

#define ISS_NEVER UINT64_MAX /* irq_at when no interrupt can be taken */
#define ISS_CMP_DISARMED UINT64_MAX

enum iss_access {
    ISS_FETCH,
    ISS_LOAD,
    ISS_STORE,
    ISS_LPSW, /* the 16-byte operand of LPSW: a load that must be RAM */
};

struct iss {
    struct vm74 vm; /* first: the API handle is a pointer to this */

    uint32_t x[32];
    uint32_t pc;
    uint32_t mode; /* VM74_MODE_* */
    uint32_t ie;
    uint32_t base;  /* l */
    uint32_t bound; /* b */

    uint8_t *ram;
    uint32_t ram_size;

    /* Fast path for the current R: logical bytes [0, lim) are under the
     * bound and in RAM, at host address host + a.  See iss_update_r(). */
    uint8_t *host;
    uint32_t lim;

    /* The interrupt check before each fetch is `time >= irq_at`: irq_at is
     * CMP while IE = 1 and ISS_NEVER while IE = 0. */
    uint64_t irq_at;
    uint64_t time; /* TIME = CYCLE */
    uint64_t cmp;

    uint64_t steps;
    uint64_t instret[2];
    uint64_t traps[VM74_NUM_CAUSES];

    int status; /* enum vm74_status: EXITED sticks until reset */
    uint32_t exit_code;

    int rx_byte; /* byte fetched from getc by a STATUS read, or -1 */
    vm74_putc_fn putc_fn;
    vm74_getc_fn getc_fn;
    void *console_ctx;

    /* Co-simulation (iss_cosim.h): when `cosim` is set the machine never
     * takes an interrupt on its own (iss_update_irq keeps irq_at at
     * ISS_NEVER) and a device load at `load_override_paddr` returns
     * `load_override_value` once.  Both live on slow paths only; last, so that
     * the hot fields above keep their offsets. */
    bool cosim;
    bool load_override_valid;
    uint32_t load_override_paddr;
    uint32_t load_override_value;
};

static inline struct iss *iss_of(vm74 *m) { return (struct iss *)m; }

/* iss_mem.c */
void iss_update_r(struct iss *m);
void iss_update_irq(struct iss *m);
int iss_translate(const struct iss *m, uint32_t a, uint32_t n,
                  enum iss_access kind, uint32_t *paddr, bool *device);
int iss_fetch_slow(struct iss *m, uint32_t a, uint32_t *insn);
int iss_load_slow(struct iss *m, uint32_t a, uint32_t n, uint32_t *val,
                  uint32_t *paddr);
int iss_store_slow(struct iss *m, uint32_t a, uint32_t n, uint32_t val,
                   uint32_t *paddr);
int iss_lpsw_operand(struct iss *m, uint32_t a, uint32_t words[4],
                     uint32_t *paddr);

/* iss_trap.c */
void iss_trap(struct iss *m, uint32_t cause, uint32_t info);

/* iss.c */
int iss_step(vm74 *vm, struct vm74_retire *rec);
int iss_run(vm74 *vm, uint64_t max_steps);

#endif /* VM74_ISS_H */
