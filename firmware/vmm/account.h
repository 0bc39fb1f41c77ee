/*
 * account.h - the accounting every trap does, inline in the trap path
 * (sched.c): a call into account.c for it cost the C path about ten
 * cycles a trap.  account.c has the rest (folding into the 64-bit report,
 * the budget's count) and says what is counted.
 */
#ifndef VMM_ACCOUNT_H
#define VMM_ACCOUNT_H

#include "vmm.h"

extern struct guest *account_trapped;  /* the guest the VMM is working for */
extern uint32_t account_trapped_at;    /* TIME (low word) its trap arrived */

/*
 * The guest's stretch on the CPU ends: charge its cycles and the user-mode
 * instructions retired since the last count, all its own and native (the
 * VMM retires none in user mode), to its current virtual mode; those before
 * the split, where entry.S's LPSW path took it from virtual supervisor into
 * virtual user mode, to supervisor mode (entry.S COUNT_NATIVE).  Returns how
 * many it retired since the later of the two, as the mark was before the
 * LPSW path kept a split: 0 after an LPSW into user mode means the timer
 * fired before the guest's first instruction there (sched.c).
 */
static inline uint32_t account_trap(struct guest *g, uint32_t cause)
{
    /* The C path's last stint, from its trap to its guest entry, was for
     * the guest that trapped then, switch included; the fast paths charge
     * their own (entry.S). */
    if (account_trapped != NULL)
        account_trapped->rep->cycles_vmm += (uint32_t)(vmm_lc_exit_time - account_trapped_at);
    account_trapped = g;
    account_trapped_at = vmm_lc_trap_time;
    /* The fast paths' stints since g last entered from the C path or a
     * switch: its real time since then less its stretches (LC_VMM_MARK). */
    if (VMM_FAST_PATHS)
        g->acc.fast_vmm += vmm_lc_enter_time - g->acc.run - vmm_lc_vmm_mark;
    uint32_t span = vmm_lc_trap_time - vmm_lc_enter_time; /* < quantum */
    g->acc.run += span;
    if (span > g->acc.max_span)
        g->acc.max_span = span;
    uint32_t u = vm74_mmio_read(VM74_PERF_INSTRET_U_LO);
    uint32_t retired = u - vmm_lc_instret_split;
    g->acc.native[VM74_MODE_SUPERVISOR] += vmm_lc_instret_split - vmm_lc_instret_mark;
    g->acc.native[g->v.m] += u - vmm_lc_instret_split;
    vmm_lc_instret_mark = u;
    vmm_lc_instret_split = u;
    g->rep->traps[cause]++;
    return retired;
}

/*
 * Folding costs about as much as a guest switch, so it waits until a delta
 * may be large or someone reads the totals.  No delta grows faster than
 * real time (each counts cycles, or steps of a cycle or more), so every
 * guest's is folded once 2^30 real cycles have passed since the last fold
 * of them all (sched.c, and entry.S's switch from TIME's low words).  That
 * is checked as a guest leaves the CPU, at least once a slice (< 2^31 real
 * cycles), so none can pass 2^32 before the next check.
 */
#define ACCOUNT_FOLD_AT (1u << ACCOUNT_FOLD_SHIFT)

#endif /* VMM_ACCOUNT_H */
