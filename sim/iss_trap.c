/*
 * iss_trap.c - the PSW swap (docs/isa.md §3): every exception and the
 * timer interrupt enter the supervisor here.
 *
 * iss.c decides that a step traps and with which cause and info; this file
 * does what the hardware then does: the old PSW, cause and info go to
 * physical low core, and the new PSW is supervisor, IE = 0, R = all,
 * P = the vector word.
 */
#include <string.h>

#include "iss.h"

/* Low core is always in RAM (>= 4 KiB); the host is little-endian. */
static void store_phys_word(struct iss *m, uint32_t p, uint32_t v)
{
    memcpy(m->ram + p, &v, 4);
}

static uint32_t load_phys_word(const struct iss *m, uint32_t p)
{
    uint32_t v;
    memcpy(&v, m->ram + p, 4);
    return v;
}

void iss_trap(struct iss *m, uint32_t cause, uint32_t info)
{
    uint32_t flags = (m->mode ? VM74_FLAG_SUPERVISOR : 0) |
                     (m->ie ? VM74_FLAG_IE : 0);
    store_phys_word(m, VM74_LC_OLD_FLAGS, flags);
    store_phys_word(m, VM74_LC_OLD_P, m->pc);
    store_phys_word(m, VM74_LC_OLD_BASE, m->base);
    store_phys_word(m, VM74_LC_OLD_BOUND, m->bound);
    store_phys_word(m, VM74_LC_CAUSE, cause);
    store_phys_word(m, VM74_LC_INFO, info);

    m->mode = VM74_MODE_SUPERVISOR;
    m->ie = 0;
    m->base = 0;
    m->bound = VM74_BOUND_ALL;
    m->pc = load_phys_word(m, VM74_LC_VECTOR);
    m->traps[cause]++;
    iss_update_r(m);
    iss_update_irq(m);
}
