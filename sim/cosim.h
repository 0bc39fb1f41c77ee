/*
 * cosim.h - lockstep co-simulation of a device under test (any backend,
 * normally rtl) against the reference simulator (docs/sim.md, "Lockstep
 * co-simulation").
 *
 * Both machines load the same ELF.  Each step runs the DUT, then the ISS,
 * and compares the two retirement records field by field; the first
 * difference stops the run with a report.  What legitimately depends on
 * timing is copied from the DUT into the ISS before the ISS's step: an
 * interrupt entry, and the values loaded from TIME, CYCLE and the console
 * UART's receive registers.  The DUT's console is the program's console;
 * the ISS's output is discarded and it has no input.  Because of that
 * copying, every DUT step is also checked by an interrupt oracle with a
 * timer model of its own (irq_oracle.h); a violation is a mismatch.
 */
#ifndef VM74_COSIM_H
#define VM74_COSIM_H

#include <stddef.h>
#include <stdint.h>

#include "vm74_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/* cosim_step/cosim_run return a vm74_status of the DUT, or this. */
#define COSIM_MISMATCH 100

struct cosim;

/* The DUT is created from dut_cfg, the reference as an ISS with the same
 * RAM size.  NULL with a one-line reason in err on failure. */
struct cosim *cosim_create(const struct vm74_config *dut_cfg, char *err,
                           size_t errlen);
void cosim_destroy(struct cosim *c);

/* Load the ELF into both machines (vm74_load_elf's return value). */
int cosim_load_elf(struct cosim *c, const char *path, char *err,
                   size_t errlen);

/* The DUT's console (vm74_set_console). */
void cosim_set_console(struct cosim *c, vm74_putc_fn putc_fn,
                       vm74_getc_fn getc_fn, void *ctx);

/* One step of both machines.  Returns the DUT's status, or COSIM_MISMATCH
 * (the report is then in cosim_report). */
int cosim_step(struct cosim *c);

/* Step until the DUT stops, a mismatch, or max_steps (0 = no limit:
 * then VM74_LIMIT). */
int cosim_run(struct cosim *c, uint64_t max_steps);

/* Steps compared so far, and the last records of both machines. */
uint64_t cosim_steps_compared(const struct cosim *c);
const struct vm74_retire *cosim_dut_record(const struct cosim *c);
const struct vm74_retire *cosim_ref_record(const struct cosim *c);

/* The report of the mismatch ("" if none), several lines. */
const char *cosim_report(const struct cosim *c);

vm74 *cosim_dut(struct cosim *c);
vm74 *cosim_ref(struct cosim *c);

/*
 * Compare two records; for each differing field append a line
 * "  <field>: expected (iss) 0x... actual (dut) 0x..." to report (always
 * NUL-terminated, truncated to len).  Returns the number of differing
 * fields, 0 if the records are equal.
 */
int cosim_compare_records(const struct vm74_retire *exp,
                          const struct vm74_retire *act, char *report,
                          size_t len);

#ifdef __cplusplus
}
#endif

#endif /* VM74_COSIM_H */
