/*
 * irq_oracle.c - the interrupt rule checked against a timer model of its
 * own (see irq_oracle.h).
 *
 * This is a second copy of the timer's rules on purpose: the ISS follows
 * the DUT's interrupt timing under co-simulation, and the RTL's timer is
 * what is under test, so neither may be the judge.  It is built from
 * docs/isa.md alone and knows nothing of either implementation's cycles.
 */
#include "irq_oracle.h"

#include <inttypes.h>
#include <stdio.h>

void irq_oracle_reset(struct irq_oracle *o)
{
    o->time_min = 0;
    o->cmp = UINT64_MAX;
}

static bool is_retired_load(const struct vm74_retire *r, uint32_t paddr)
{
    return !r->trap && r->mem_size == 4 && !r->mem_write &&
           r->mem_paddr == paddr;
}

static bool is_retired_store(const struct vm74_retire *r, uint32_t paddr)
{
    return !r->trap && r->mem_size == 4 && r->mem_write &&
           r->mem_paddr == paddr;
}

/* The least TIME >= min whose low 32 bits are lo: TIME is at least that. */
static uint64_t with_low_half(uint64_t min, uint32_t lo)
{
    uint64_t t = (min & ~(uint64_t)UINT32_MAX) | lo;
    if (t < min && t + ((uint64_t)1 << 32) > t)
        t += (uint64_t)1 << 32;
    return t < min ? min : t;
}

/* TIME when the step began: the lower bound, raised by what a load of TIME
 * or CYCLE returned (the value when the load began, docs/isa.md §6).
 * *loaded says whether the step read TIME's low half. */
static uint64_t time_at_start(const struct irq_oracle *o,
                              const struct vm74_retire *r, bool *loaded)
{
    uint64_t t = o->time_min;
    *loaded = is_retired_load(r, VM74_TIMER_TIME_LO) ||
              is_retired_load(r, VM74_PERF_CYCLE_LO);
    if (*loaded)
        return with_low_half(t, r->mem_data);
    if (is_retired_load(r, VM74_TIMER_TIME_HI) ||
        is_retired_load(r, VM74_PERF_CYCLE_HI)) {
        uint64_t hi = (uint64_t)r->mem_data << 32;
        if (hi > t)
            t = hi;
    }
    return t;
}

static void account(struct irq_oracle *o, const struct vm74_retire *r,
                    uint64_t start)
{
    o->time_min = start + 1; /* every step takes at least one cycle */
    if (is_retired_store(r, VM74_TIMER_CMP_LO))
        o->cmp = (o->cmp & ~(uint64_t)UINT32_MAX) | r->mem_data;
    if (is_retired_store(r, VM74_TIMER_CMP_HI))
        o->cmp = (o->cmp & UINT32_MAX) | (uint64_t)r->mem_data << 32;
    /* A WFI completes once TIME >= CMP (with any CMP store retired). */
    if (!r->trap && !r->interrupt && r->insn == VM74_INSN_WFI &&
        o->time_min < o->cmp)
        o->time_min = o->cmp;
}

bool irq_oracle_step(struct irq_oracle *o, bool ie,
                     const struct vm74_retire *r, char *why, size_t len)
{
    bool loaded;
    uint64_t start = time_at_start(o, r, &loaded);
    bool ok = true;
    if (r->interrupt && !ie) {
        snprintf(why, len, "a TIMER interrupt taken with IE = 0 "
                 "(docs/isa.md §7)");
        ok = false;
    } else if (ie && start >= o->cmp && !r->interrupt) {
        if (loaded)
            snprintf(why, len, "the load returned TIME 0x%016" PRIx64
                     " >= CMP 0x%016" PRIx64 " with IE = 1: the TIMER "
                     "interrupt was due before it (docs/isa.md §6, §7)",
                     start, o->cmp);
        else
            snprintf(why, len, "TIME >= CMP 0x%016" PRIx64 " (TIME at "
                     "least 0x%016" PRIx64 ") with IE = 1, but the step "
                     "is not the TIMER interrupt (docs/isa.md §7)",
                     o->cmp, start);
        ok = false;
    }
    account(o, r, start);
    return ok;
}
