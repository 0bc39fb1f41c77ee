/*
 * interp.h - one step of a vm74 in software: a second implementation of
 * docs/isa.md, over physical memory and devices that the caller provides.
 *
 * The hybrid VMM (docs/vmm.md "The hybrid VMM") runs every instruction a
 * guest executes in virtual supervisor mode through it, with the guest's
 * partition as the RAM, vdev.c's virtual devices and the guest's virtual
 * timer.  Written apart from the reference simulator (sim/iss.c) on
 * purpose: the VMM cannot link the ISS (a host library built for speed,
 * with its own machine struct and devices), and a second reading of the
 * specification is what makes a differential test worth running.
 * tests/test_interp.c steps it in lockstep with the ISS on random and
 * directed programs and compares every register, the PSW, each step's
 * outcome and the memory.
 *
 * Portable C11 with no library but string.h: it is compiled for the VMM
 * (rv32im) and for the host tests.  -DVM74_FLAW=n builds it for a variant
 * of the flaw family (RDMODE, JRSTU, RDBASE; include/vm74_arch.h).
 */
#ifndef VM74_INTERP_H
#define VM74_INTERP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vm74_arch.h"

/* The flaw family's constants, until include/vm74_arch.h has all three. */
#ifndef VM74_FLAW_RDMODE
#define VM74_FLAW_RDMODE 1
#define VM74_FLAW_JRSTU  2
#define VM74_FLAW_RDBASE 3
#endif
#ifndef VM74_F3_JRSTU
#define VM74_F3_JRSTU  3
#define VM74_F3_RDBASE 4
#endif

/* The machine's registers and PSW (docs/isa.md §1). */
struct interp_cpu {
    uint32_t x[32];  /* x[0] stays 0 */
    uint32_t m;      /* VM74_MODE_* */
    uint32_t ie;     /* 0 or 1 */
    uint32_t p, l, b;
};

/* What the timer says about its interrupt (TIME >= CMP). */
enum interp_timer {
    INTERP_TIMER_PENDING,  /* TIME >= CMP now */
    INTERP_TIMER_LATER,    /* CMP is armed and TIME will reach it */
    INTERP_TIMER_NEVER,    /* disarmed (CMP = 2^64 - 1): a WFI waits for ever */
};

/* What a device register access did. */
enum interp_dev {
    INTERP_DEV_NONE,  /* no register at that address: the access faults */
    INTERP_DEV_DONE,
    INTERP_DEV_EXIT,  /* a store to SIMCTL_EXIT: the machine stops after it */
};

/*
 * The devices (docs/isa.md §6).  The interpreter calls dev_load/dev_store
 * only for an aligned word load/store that passed §2's checks and lies
 * outside RAM; loads into x0 are made too (they may consume a UART byte).
 */
struct interp_ops {
    enum interp_dev (*dev_load)(void *ctx, uint32_t paddr, uint32_t *value);
    enum interp_dev (*dev_store)(void *ctx, uint32_t paddr, uint32_t value);
    enum interp_timer (*timer)(void *ctx);
};

struct interp {
    struct interp_cpu cpu;
    uint8_t *ram;       /* the machine's physical [0, ram_size), >= 4 KiB */
    uint32_t ram_size;
    const struct interp_ops *ops;
    void *ctx;          /* the ops' first argument */

    /* Counted by interp_run (the caller reads and resets them): steps
     * taken, and instructions retired by the mode they ran in. */
    uint32_t steps, retired[2];

    /* The interpreter's own: the RAM window of the current R (logical
     * [0, win_lim) is under b and in RAM at win_host), so that the common
     * access takes one comparison.  Set at the start of every run and
     * whenever R changes, so the caller may change anything between runs. */
    uint8_t *win_host;
    uint32_t win_lim;
};

/* How a step ended. */
enum interp_end {
    INTERP_RETIRED,   /* the instruction completed */
    INTERP_TRAPPED,   /* an exception or the timer interrupt: the PSW swap
                         into low core is done, P = the vector */
    INTERP_WAITING,   /* WFI retired but the timer is not pending yet: the
                         caller lets time pass up to CMP (bare vm74 idles) */
    INTERP_EXITED,    /* a store to SIMCTL_EXIT retired */
    INTERP_DEADLOCK,  /* WFI with the timer disarmed: not a step, nothing
                         changed (bare vm74 would wait for ever) */
};

struct interp_step {
    enum interp_end end;
    uint32_t mode;          /* M as the step began: where a retirement counts */
    uint32_t cause, info;   /* if TRAPPED (docs/isa.md §5) */
};

/*
 * One step of docs/isa.md: the interrupt check, the fetch, the instruction
 * or its trap (interp_run with max_steps = 1, so it counts too).  Time is
 * the caller's: it charges the step's cost after the call (the ISS's
 * clock: one cycle per step, WAITING up to CMP), so that a device load
 * sees TIME and INSTRET as the step began (§6).
 */
struct interp_step interp_step(struct interp *it);

/*
 * Steps while each one retires in the mode the run began in, at most
 * max_steps (>= 1) of them: the run ends after a trap, a WFI, an exit, a
 * change of mode, or the last step (a deadlocking WFI is no step).  Counts
 * into it->steps and it->retired; the devices see the time of the steps
 * that came before only through those counts, so a caller whose clock is
 * the step count (the hybrid VMM's) reads them in its ops.  Returns the
 * last step.
 */
struct interp_step interp_run(struct interp *it, uint32_t max_steps);

#endif /* VM74_INTERP_H */
