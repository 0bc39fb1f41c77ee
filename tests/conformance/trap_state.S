/*
 * trap_state.S - trap vectors of trap_state.c that look at the machine
 * right after a trap, before the runtime's entry does anything.
 */
#include "conf_asm.h"

VM74_DEVICE_REGISTER_SYMBOLS

/* Low-core words the probe fills (CONF_LC_SCRATCH, free for programs). */
#define PROBE_T0     (CONF_LC_SCRATCH + 0x00)
#define PROBE_T1     (CONF_LC_SCRATCH + 0x04)
#define PROBE_HIGH   (CONF_LC_SCRATCH + 0x08) /* word at RAM end - 4 */
#define PROBE_DEVICE (CONF_LC_SCRATCH + 0x0c) /* TIMER_CMP_LO */
#define PROBE_DONE   (CONF_LC_SCRATCH + 0x10) /* 1 when it got to the end */
#define MARK_A       (CONF_LC_SCRATCH + 0x14)
#define MARK_BEFORE  (CONF_LC_SCRATCH + 0x18)

/*
 * The new PSW, probed: every check below would trap if the PSW were not
 * M = supervisor, IE = 0, R = all.  The vector goes back to the runtime's
 * entry first, so such a trap is recorded (with a P inside this probe)
 * instead of looping here.  t0 and t1 are restored before the runtime's
 * entry saves the registers, so the registers it records are the trapped
 * program's.
 */
SNIPPET probe_vector
    sw      t0, PROBE_T0(x0)        /* x0-relative: l must be 0 */
    sw      t1, PROBE_T1(x0)
    la      t0, conf_trap_entry
    sw      t0, VM74_LC_VECTOR(x0)

    /* R = all: high RAM and a device are reachable */
    li      t0, CONF_RAM_SIZE - 4
    lw      t1, 0(t0)
    sw      t1, PROBE_HIGH(x0)
    li      t0, VM74_TIMER_CMP_LO
    lw      t1, 0(t0)
    sw      t1, PROBE_DEVICE(x0)

    /* IE = 0: make the timer pending (CMP = 0); with IE = 1 the
     * interrupt would be taken before the next instruction */
    li      t0, VM74_TIMER_CMP_HI
    sw      zero, 0(t0)
    sw      zero, -4(t0)            /* CMP_LO: now TIME >= CMP */
    nop
    /* M = supervisor: WFI executes (the timer is pending, so it completes
     * at once); in user mode it would trap PRIVILEGED */
    WFI
    li      t1, -1                  /* disarm: CMP = 2^64 - 1 */
    sw      t1, 0(t0)
    sw      t1, -4(t0)

    li      t1, 1
    sw      t1, PROBE_DONE(x0)
    lw      t0, PROBE_T0(x0)
    lw      t1, PROBE_T1(x0)
    j       conf_trap_entry

/*
 * P = the vector exactly: vector_a clears MARK_A; starting 4 bytes early
 * would also clear MARK_BEFORE, 4 bytes late would miss MARK_A.
 */
SNIPPET vector_a_minus4
    sw      zero, MARK_BEFORE(x0)
    .globl vector_a
vector_a:
    sw      zero, MARK_A(x0)
    j       conf_trap_entry
