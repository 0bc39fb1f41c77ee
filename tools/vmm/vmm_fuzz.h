/*
 * vmm_fuzz.h - differential fuzzing of the VMM with generated guests
 * (docs/fuzz.md "The VMM under random guests"), behind build/tools/vmm-fuzz
 * and tests/test_vmmfuzz.
 *
 * A batch fills every slot of a VMM built from firmware/vmm/fuzz/
 * guests.conf with a generated program (tools/gen, RAM = the slot's
 * partition, console input from its seed), runs each program alone on a
 * bare vm74, then the VMM (and the hybrid VMM) with all of them, and
 * compares each guest with its bare run: end, exit code, transcript, and
 * the hash of its partition, which holds the program's trap log and the
 * hash chain of every exception's old PSW, cause and info.  The VMM runs
 * are checked (vh_run_vmm's retirement hook): no user-mode access outside
 * the running partition, the VMM's code intact.
 */
#ifndef VMM_FUZZ_H
#define VMM_FUZZ_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm_host.h"

#define VF_MAX_VMMS 2 /* the VMM and the hybrid VMM */

struct vf_config {
    enum vm74_backend be;
    const char *vmm_elf[VF_MAX_VMMS];
    int n_vmm;
    struct guestconf slot[VMM_MAX_GUESTS];
    int n_slots;
    unsigned blocks;        /* per program */
    int far_wfi;            /* gen_options.far_wfi */
    uint64_t drop[VMM_MAX_GUESTS]; /* blocks each slot's program leaves
                                      out (shrinking) */
    /* A test's deliberate fault, applied to the VMM's machine after the
     * guests are in place (tests/test_vmmfuzz.c): NULL normally. */
    vh_prepare_fn mutate;
    void *mutate_ctx;
    char dir[64];           /* the slots' ELFs and inputs (vf_init) */
};

struct vf_totals {
    uint64_t seeds, batches;
    uint64_t bare_cycles;               /* all bare runs */
    uint64_t vmm_steps[VF_MAX_VMMS];    /* all runs of each VMM */
};

/* What went wrong in a batch: the first guest that differs. */
struct vf_failure {
    uint64_t seed;         /* its program's (or the batch's first) */
    int slot;
    int vmm;               /* index in vmm_elf, or -1: the bare run */
    char why[600];
};

/* Read the slots from conf and make the work directory: 0, or -1 with a
 * message in err. */
int vf_init(struct vf_config *c, const char *conf, char *err, size_t errlen);
void vf_cleanup(struct vf_config *c);

/*
 * One batch: seeds first .. first + n_slots - 1.  0 if every guest
 * matched its bare run under every VMM, 1 with the first difference in
 * *f, -1 if a run could not be made (err).
 */
int vf_batch(struct vf_config *c, uint64_t first, struct vf_totals *t,
             struct vf_failure *f, char *err, size_t errlen);

/* A generated ELF as the raw image of its whole RAM (what vmm-pack's .bin
 * holds for a linked ELF): 0, or -1 with err. */
int vf_write_image(const char *elf, const char *out, char *err, size_t errlen);

#endif /* VMM_FUZZ_H */
