/*
 * trap.c - the VMM's trap path, top to bottom: a guest traps, the trap is
 * accounted, one table picks what to do by cause, and the scheduler picks
 * the guest to return to.
 *
 * Every cause has exactly one handler:
 *   reflect_trap        the guest's own handler deals with it, exactly as on
 *                       bare vm74 (reflect.c)
 *   emulate_privileged  LPSW/WFI in virtual supervisor mode (emulate.c)
 *   emulate_fault       a load/store that may be a virtual device access
 *   trap_timer          the real timer: the end of a time slice or the
 *                       guest's virtual timer
 */
#include "vmm.h"

typedef void (*trap_fn)(struct guest *g, uint32_t cause, uint32_t info);

static void trap_timer(struct guest *g, uint32_t cause, uint32_t info);

static const trap_fn trap_table[VM74_NUM_CAUSES] = {
    [VM74_CAUSE_FETCH_MISALIGNED] = reflect_trap,
    [VM74_CAUSE_FETCH_FAULT] = reflect_trap,
    [VM74_CAUSE_ILLEGAL] = reflect_trap,
    [VM74_CAUSE_BREAKPOINT] = reflect_trap,
    [VM74_CAUSE_LOAD_MISALIGNED] = reflect_trap,
    [VM74_CAUSE_LOAD_FAULT] = emulate_fault,
    [VM74_CAUSE_STORE_MISALIGNED] = reflect_trap,
    [VM74_CAUSE_STORE_FAULT] = emulate_fault,
    [VM74_CAUSE_ECALL] = reflect_trap,
    [VM74_CAUSE_PRIVILEGED] = emulate_privileged,
    [VM74_CAUSE_TIMER] = trap_timer,
};

/* Called by entry.S once the guest's registers are in its struct guest. */
void vmm_trap(void)
{
    struct guest *g = sched_current();
    uint32_t cause = vm74_lc_cause();
    uint32_t info = vm74_lc_info();

    /* The hardware saved the guest's logical P; its R is the VMM's
     * composition, so the virtual PSW keeps everything but P. */
    g->v.p = vm74_lc_old_p();
    if (vm74_lc_old_flags() & VM74_FLAG_SUPERVISOR)
        vmm_panic("trap from supervisor mode: a VMM bug, cause", cause);
    if (cause >= VM74_NUM_CAUSES || trap_table[cause] == NULL)
        vmm_panic("reserved cause", cause);

    sched_trap(g, cause);
    trap_table[cause](g, cause, info);
    sched_resume();
}

/*
 * A real timer interrupt.  The real CMP was the earlier of the slice's end
 * and the guest's virtual deadline (sched.c), so deliver the virtual
 * interrupt if it is due; sched_resume() then switches if the slice is over.
 */
static void trap_timer(struct guest *g, uint32_t cause, uint32_t info)
{
    (void)cause;
    (void)info;
    sched_deliver_vtimer(g);
}
