/*
 * backend.h - what a vm74 backend provides (internal to sim/).
 *
 * The public API (vm74_api.h) is a thin layer in vm74.c that forwards every call
 * through the handle's operations table.  A backend embeds `struct vm74` as
 * the FIRST member of its own machine struct, so the API's handle and the
 * backend's machine are the same pointer (see iss_of() in iss.h).
 *
 * Backends:
 *   vm74_iss_ops  the reference simulator (iss*.c), always linked.
 *   vm74_rtl_ops  the Verilator model.  vm74.c refers to it through
 *                 a weak symbol, so a program linked without it still builds
 *                 and vm74_create() reports "rtl backend not built".  Because
 *                 a weak reference does not pull a member out of a static
 *                 library, the RTL backend's object must be linked explicitly
 *                 (or with --whole-archive).
 */
#ifndef VM74_BACKEND_H
#define VM74_BACKEND_H

#include "vm74_api.h"

struct vm74_ops {
    const char *name; /* "iss", "rtl": what vm74_backend_name() returns */

    /* cfg is already validated (ram_size set and in range).  Returns a
     * machine in its reset state with its `struct vm74` filled in, or NULL
     * with a one-line reason in err. */
    vm74 *(*create)(const struct vm74_config *cfg, char *err, size_t errlen);
    void (*destroy)(vm74 *m);
    void (*reset)(vm74 *m);

    void (*get_state)(vm74 *m, struct vm74_state *s);
    void (*set_state)(vm74 *m, const struct vm74_state *s);
    /* vm74.c passes set_state an x[0] of 0 and a word-aligned base, and
     * read_phys/write_phys only ranges wholly inside RAM. */
    int (*read_phys)(vm74 *m, uint32_t paddr, void *buf, size_t len);
    int (*write_phys)(vm74 *m, uint32_t paddr, const void *buf, size_t len);
    void (*set_console)(vm74 *m, vm74_putc_fn putc_fn, vm74_getc_fn getc_fn,
                        void *ctx);

    int (*step)(vm74 *m, struct vm74_retire *rec);
    int (*run)(vm74 *m, uint64_t max_steps);
    uint32_t (*exit_code)(const vm74 *m);
    void (*get_stats)(vm74 *m, struct vm74_stats *st);
    /* NULL for a backend that cannot trace (vm74_close_trace). */
    int (*close_trace)(vm74 *m, char *err, size_t errlen);
};

/* The part of every machine that the API layer itself reads. */
struct vm74 {
    const struct vm74_ops *ops;
    uint32_t ram_size;
    /* vm74_set_retire_hook: every backend calls it for each step it
     * executes (vm74_report_step), whichever entry point ran the step. */
    vm74_retire_fn retire_hook;
    void *retire_ctx;
};

static inline void vm74_report_step(vm74 *m, const struct vm74_retire *rec)
{
    if (m->retire_hook != NULL)
        m->retire_hook(m->retire_ctx, rec);
}

/* docs/isa.md §2's bound and no-wrap rules: how many bytes from logical a
 * on R = (base, bound) reaches (a + n <= b, base + a + n <= 2^32), before
 * the RAM's end.  The ISS's checks and vm74_logical_span() both use it. */
static inline uint64_t vm74_r_reach(uint32_t base, uint32_t bound, uint32_t a)
{
    const uint64_t top = (uint64_t)1 << 32;
    uint64_t p = (uint64_t)base + a;
    uint64_t below_bound = a < bound ? (uint64_t)bound - a : 0;
    uint64_t below_top = p < top ? top - p : 0;
    return below_bound < below_top ? below_bound : below_top;
}

extern const struct vm74_ops vm74_iss_ops;

/* Console hooks shared by backends.  The default console is stdout_putc
 * and no_input; vm74_set_console() with a NULL hook uses discard_putc or
 * no_input. */
void vm74_console_stdout_putc(void *ctx, uint8_t byte);
void vm74_console_discard_putc(void *ctx, uint8_t byte);
int vm74_console_no_input(void *ctx);

#endif /* VM74_BACKEND_H */
