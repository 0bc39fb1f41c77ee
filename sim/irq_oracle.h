/*
 * irq_oracle.h - an independent check of the interrupt rule for lockstep
 * co-simulation (docs/sim.md, "The interrupt oracle").
 *
 * Co-simulation makes the ISS take its interrupts where the DUT took them
 * and load the DUT's TIME values, so a comparison of records can never see
 * an interrupt taken late.  This oracle copies nothing from the DUT's
 * timer: it keeps its own model of what docs/isa.md guarantees about TIME
 * and CMP, and checks every step against §6 and §7 with the timer state as
 * it was when the step began.
 *
 *   TIME   a lower bound only, from the spec's guarantees: 0 at reset, at
 *          least one cycle per step, TIME >= CMP when a WFI completes, and
 *          a retired load of TIME or CYCLE is TIME when the load began.
 *   CMP    exact: reset value, then every retired store to CMP_LO/CMP_HI.
 *
 * A step that begins with IE = 1 while TIME >= CMP must be the TIMER
 * interrupt entry; an interrupt entry needs IE = 1.
 */
#ifndef VM74_IRQ_ORACLE_H
#define VM74_IRQ_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vm74_api.h"

struct irq_oracle {
    uint64_t time_min; /* TIME is at least this when the next step begins */
    uint64_t cmp;
};

/* The timer as after reset: TIME = 0, CMP = 2^64 - 1. */
void irq_oracle_reset(struct irq_oracle *o);

/* Check the step described by rec, which began with IE = ie, then account
 * for it.  Returns true if it obeys the interrupt rule; otherwise false,
 * with a one-line reason (no newline) in why. */
bool irq_oracle_step(struct irq_oracle *o, bool ie,
                     const struct vm74_retire *rec, char *why, size_t len);

#endif /* VM74_IRQ_ORACLE_H */
