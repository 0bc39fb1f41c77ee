/*
 * timeline.h - what the machine did under the VMM, recorded on the host from
 * the retirement records of a VMM run (vm74_set_retire_hook): every slice a
 * guest held the CPU, every stretch of the VMM's own, every trap.
 *
 * The boundaries are the VMM's own (docs/vmm.md "The timeline"): entry.S
 * reads TIME as a guest's trap arrives and stores it to LC_TRAP_TIME, and
 * reads it again as it enters a guest and stores it to LC_ENTER_TIME.  The
 * records show those two stores with the value stored, so a slice here is
 * exactly what the VMM adds to that guest's cycles_run, and a VMM stretch
 * exactly what it adds to cycles_vmm of the guest whose trap began it (the
 * few cycles from the trap to the TIME read, and from the TIME read to the
 * guest's first instruction, are the guest's, for both).  Two stretches are
 * the VMM's and no guest's: the boot, up to the first entry, and the end,
 * from the last trap (after which the VMM prints its table and exits).
 *
 * Which guest trapped: the partition holding the real relocation base of
 * the user-mode step that trapped.  TIME is known by its low word only, as
 * the VMM reads it: the gap between two of its reads must stay under 2^32
 * cycles (159 s at 27 MHz), which the VMM's 32-bit accounting assumes too.
 */
#ifndef TIMELINE_H
#define TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "guestconf.h"
#include "vm74_api.h"

#define TL_NOBODY (-1) /* a VMM stretch charged to no guest */

/* [start, end) in cycles (TIME); who: the guest, or TL_NOBODY. */
struct tl_span {
    uint64_t start, end;
    int who;
};

/* A trap, at the cycle the VMM saw it arrive. */
struct tl_tick {
    uint64_t at;
    int who;
    uint32_t cause;
};

/* Per guest, what its spans and ticks add up to. */
struct tl_total {
    uint64_t run;   /* its slices: the VMM's cycles_run */
    uint64_t vmm;   /* VMM stretches charged to it: cycles_vmm */
    uint64_t traps[VM74_NUM_CAUSES];
};

struct timeline {
    const struct guestconf *g;
    int n;
    struct tl_span *slices, *vmm;  /* in time order */
    size_t nslices, nvmm, cap_slices, cap_vmm;
    struct tl_tick *ticks;
    size_t nticks, cap_ticks;
    struct tl_total total[VMM_MAX_GUESTS];
    uint64_t end;                  /* the run's last cycle (tl_finish) */

    /* The recorder's state between records. */
    struct vm74_psw psw;           /* the PSW the next step starts with */
    uint64_t time;                 /* the last TIME the VMM stored, 64-bit */
    uint64_t enter_at;             /* the running slice's start */
    int trap_who;                  /* the guest whose trap is on its way */
    uint32_t trap_cause;
    uint64_t vmm_from;             /* the open VMM stretch's start */
    int vmm_who;                   /* and whom it is charged to */
};

/* An empty timeline for the n guests of g (kept, not copied). */
void tl_init(struct timeline *t, const struct guestconf *g, int n);
/* One step of the run: a vm74_retire_fn, ctx the timeline. */
void tl_step(void *ctx, const struct vm74_retire *r);
/* The run ended at TIME end: close the last VMM stretch. */
void tl_finish(struct timeline *t, uint64_t end);
void tl_free(struct timeline *t);

/* The guest whose partition holds physical address paddr, or TL_NOBODY. */
int tl_guest_of(const struct timeline *t, uint32_t paddr);

#endif /* TIMELINE_H */
