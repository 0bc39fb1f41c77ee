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

/* The device accesses the fast path emulated in virtual mode m. */
static uint32_t fast_dev_in(const struct guest_acc *a, uint32_t m)
{
    return a->fast_dev[m][FAST_DEV_LOAD] + a->fast_dev[m][FAST_DEV_STORE];
}

/* The fast paths' counts (entry.S): none in a build without them.  Their
 * VMM cycles are the guest's, not each path's: the host measures those
 * (vmm-run --bench). */
static void account_fold_fast(struct vmm_guest_report *r, const struct guest_acc *a)
{
    for (uint32_t m = 0; m < 2; m++)
        r->emulated[m] += fast_dev_in(a, m);
    r->emulated[VM74_MODE_SUPERVISOR] += a->fast_lpsw;
    r->traps[VM74_CAUSE_PRIVILEGED] += a->fast_lpsw;
    r->traps[VM74_CAUSE_LOAD_FAULT] += a->fast_dev[0][FAST_DEV_LOAD] + a->fast_dev[1][FAST_DEV_LOAD];
    r->traps[VM74_CAUSE_STORE_FAULT] += a->fast_dev[0][FAST_DEV_STORE] + a->fast_dev[1][FAST_DEV_STORE];
    r->traps[VM74_CAUSE_TIMER] += a->fast_timer;
    r->cycles_vmm += a->fast_vmm;
    r->fast_lpsw += a->fast_lpsw;
    r->fast_dev += fast_dev_in(a, 0) + fast_dev_in(a, 1);
    r->fast_timer += a->fast_timer;
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
        account_fold_fast(r, a);
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
           a->fast_lpsw + fast_dev_in(a, 0) + fast_dev_in(a, 1);
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
