/*
 * account.c - accounting: each guest's virtual time, and what its traps
 * add up to.
 *
 * A guest's virtual clock advances by the cycles it runs natively (each
 * trapping instruction's own cycle included) and, in WFI, up to its
 * deadline, as bare vm74's WFI does.  It stands still while the VMM works
 * and while other guests run, so the guest sees the time of a machine of
 * its own (docs/vmm.md "Time").  Each trap charges the guest its stretch
 * on the CPU and the instructions it retired; the VMM's own cycles are
 * charged to the guest it worked for (docs/vmm.md "Accounting").
 */
#include "account.h"

struct guest *account_trapped;  /* the guest the VMM is working for */
uint32_t account_trapped_at;     /* TIME (low word) its trap arrived */

/* ---- A guest's time and totals ------------------------------------------- */

/* Before the first guest runs: the user-mode instructions so far are none
 * of the guests'. */
void account_start(void)
{
    vmm_lc_instret_mark = vm74_mmio_read(VM74_PERF_INSTRET_U_LO);
    vmm_lc_instret_split = vmm_lc_instret_mark;
}

/* The fast paths' counts (entry.S): none in a build without them. */
static void account_fold_fast(struct vmm_guest_report *r, const struct fast_acc *f)
{
    r->emulated[VM74_MODE_SUPERVISOR] += f[FAST_LPSW].n;
    r->traps[VM74_CAUSE_PRIVILEGED] += f[FAST_LPSW].n;
    r->traps[VM74_CAUSE_LOAD_FAULT] += f[FAST_LOAD].n;
    r->traps[VM74_CAUSE_STORE_FAULT] += f[FAST_STORE].n;
    r->traps[VM74_CAUSE_TIMER] += f[FAST_TIMER].n;
    r->cycles_vmm += f[FAST_LPSW].vmm + f[FAST_LOAD].vmm + f[FAST_STORE].vmm +
                     f[FAST_TIMER].vmm;
    r->cycles_fast += f[FAST_LPSW].vmm;
    r->fast_lpsw += f[FAST_LPSW].n;
    r->cycles_fast_dev += f[FAST_LOAD].vmm + f[FAST_STORE].vmm;
    r->fast_dev += f[FAST_LOAD].n + f[FAST_STORE].n;
    r->cycles_fast_timer += f[FAST_TIMER].vmm;
    r->fast_timer += f[FAST_TIMER].n;
}

/* The guest's 32-bit deltas into its 64-bit totals (struct guest_acc). */
void account_fold(struct guest *g)
{
    struct guest_acc *a = &g->acc;
    struct vmm_guest_report *r = g->rep;
    g->vclock += a->run;
    r->cycles_run += a->run;
    if (a->max_span > r->max_span)
        r->max_span = a->max_span;
    for (uint32_t m = 0; m < 2; m++) {
        r->native[m] += a->native[m];
        r->emulated[m] += a->emulated[m];
    }
    if (VMM_FAST_PATHS)
        account_fold_fast(r, a->fast);
    *a = (struct guest_acc){0};
}

/*
 * The instructions the guest retired, native and emulated: its budget is
 * in its own progress, as a bare run's step limit, not in cycles, which
 * depend on the backend, the quanta and how many VMMs run below this one.
 */
uint64_t account_retired(const struct guest *g)
{
    const struct guest_acc *a = &g->acc;
    const struct vmm_guest_report *r = g->rep;
    return r->native[0] + r->native[1] + r->emulated[0] + r->emulated[1] +
           a->native[0] + a->native[1] + a->emulated[0] + a->emulated[1] +
           a->fast[FAST_LPSW].n;
}

#if VMM_HYBRID
/*
 * The hybrid VMM's interpreting (hybrid.c): VMM cycles charged to the
 * guest, and taken out of the C path's current stint, which belongs to
 * the guest that trapped.
 */
void account_interpreted(struct guest *g, uint32_t cycles)
{
    g->rep->cycles_vmm += cycles;
    account_trapped_at += cycles;
}
#endif
