/*
 * iss_cosim.h - the reference simulator's hooks for lockstep co-simulation
 * (internal to sim/: used by cosim.c, not part of the public API).
 *
 * A DUT's timing differs from the ISS's, so whatever depends on timing is
 * copied from the DUT into the ISS, as Ibex's co-simulation does with its
 * ISS: where interrupts land, and the values of timing-dependent device
 * registers.  The hooks touch only slow paths (interrupt bookkeeping and
 * device reads), so vm74_run costs the same with or without them.
 */
#ifndef VM74_ISS_COSIM_H
#define VM74_ISS_COSIM_H

#include <stdbool.h>
#include <stdint.h>

#include "vm74_api.h"

/* m must be an ISS machine.  From now on (resets included) it takes a
 * timer interrupt only when told to by iss_cosim_force_interrupt. */
void iss_cosim_enable(vm74 *m);

/* Make the next step an interrupt entry, as the DUT's was.  Returns false
 * (and forces nothing) if the ISS could not take one now: IE = 0 or the
 * timer disarmed; the caller then lets the step run and reports the
 * divergence. */
bool iss_cosim_force_interrupt(vm74 *m);

/* The next load of the device register at physical paddr returns value
 * (the DUT's) instead of the ISS's own. */
void iss_cosim_override_next_load(vm74 *m, uint32_t paddr, uint32_t value);

/* Drop a forced interrupt or override that the last step did not use. */
void iss_cosim_clear(vm74 *m);

#endif /* VM74_ISS_COSIM_H */
