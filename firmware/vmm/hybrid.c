/*
 * hybrid.c - the hybrid VMM's one addition (built with -DVMM_HYBRID=1,
 * build/firmware/vmm-hybrid.elf): a guest in virtual supervisor mode is not
 * entered natively but interpreted, instruction by instruction, by
 * interp.c, as Popek and Goldberg's Theorem 3 describes.  Virtual user
 * mode still runs natively, as in the trap-and-emulate VMM.
 *
 * The interpreter's machine is the guest's: its partition is the RAM
 * (relocated and bounds-checked through the virtual R), vdev.c's virtual
 * devices are the devices, and its timer is the guest's virtual timer.
 * A trap the interpreter raises is the PSW swap into the guest's own low
 * core: the reflection, done by the interpreter.  Virtual time advances by
 * one cycle per interpreted step (retired, trapped or interrupt), a WFI to
 * the deadline, as on the ISS's clock; the VMM's real cycles spent
 * interpreting are VMM cycles charged to the guest.
 */
#include "vmm.h"

#include <string.h>

#include "interp.h"

/* ---- The guest's devices, as the interpreter's ops ------------------------ */

static enum interp_dev guest_dev_load(void *ctx, uint32_t gpa, uint32_t *value)
{
    return vdev_load(ctx, gpa, value) ? INTERP_DEV_DONE : INTERP_DEV_NONE;
}

static enum interp_dev guest_dev_store(void *ctx, uint32_t gpa, uint32_t value)
{
    struct guest *g = ctx;
    if (!vdev_store(g, gpa, value))
        return INTERP_DEV_NONE;
    return g->state == GUEST_DONE ? INTERP_DEV_EXIT : INTERP_DEV_DONE;
}

static enum interp_timer guest_timer(void *ctx)
{
    const struct guest *g = ctx;
    if (sched_vtime(g) >= g->vcmp)
        return INTERP_TIMER_PENDING;
    return g->vcmp == UINT64_MAX ? INTERP_TIMER_NEVER : INTERP_TIMER_LATER;
}

static const struct interp_ops guest_ops = {guest_dev_load, guest_dev_store,
                                            guest_timer};

/* ---- The guest's state in and out of the interpreter ---------------------- */

static void machine_load(struct interp *it, struct guest *g)
{
    memcpy(it->cpu.x, g->x, sizeof g->x);
    it->cpu.m = g->v.m;
    it->cpu.ie = g->v.ie;
    it->cpu.p = g->v.p;
    it->cpu.l = g->v.l;
    it->cpu.b = g->v.b;
    it->ram = guest_phys(g, 0);
    it->ram_size = g->size;
    it->ops = &guest_ops;
    it->ctx = g;
}

static void machine_store(const struct interp *it, struct guest *g)
{
    memcpy(g->x, it->cpu.x, sizeof g->x);
    g->v = (struct vpsw){.m = it->cpu.m, .ie = it->cpu.ie, .p = it->cpu.p,
                         .l = it->cpu.l, .b = it->cpu.b};
}

/* ---- Interpreting --------------------------------------------------------- */

/* The step's cost in virtual time and the guest's counters (interp.h: the
 * caller's, after the step). */
static void account_step(struct guest *g, const struct interp_step *s)
{
    if (s->end == INTERP_DEADLOCK)
        return;
    g->vclock++;
    if (s->end == INTERP_TRAPPED)
        g->rep->reflected[s->cause]++;
    else
        g->acc.emulated[s->mode]++;
}

/* After the last step: what the scheduler must know about the guest. */
static void finish_run(struct guest *g, const struct interp_step *s)
{
    if (s->end == INTERP_WAITING)
        sched_wait(g); /* P is past the WFI; the guest idles to its deadline */
    else if (s->end == INTERP_DEADLOCK)
        sched_finish_guest(g, VMM_GUEST_DEADLOCK, 0);
}

static bool slice_over(uint32_t slice_end_lo)
{
    uint32_t t = vm74_mmio_read(VM74_TIMER_TIME_LO);
    return (int32_t)(t - slice_end_lo) >= 0;
}

/* On while it retires or traps in virtual supervisor mode and is ready. */
static bool keeps_interpreting(const struct guest *g, const struct interp *it,
                               const struct interp_step *s)
{
    return (s->end == INTERP_RETIRED || s->end == INTERP_TRAPPED) &&
           it->cpu.m == VM74_MODE_SUPERVISOR && g->state == GUEST_READY;
}

/*
 * Interpret the guest from its virtual supervisor mode until it enters
 * virtual user mode (LPSW, or a flaw variant's JRSTU), waits, ends, or the
 * real slice ends at slice_end.  Returns the real cycles it took.
 */
uint32_t hybrid_run(struct guest *g, uint64_t slice_end)
{
    static struct interp it;
    struct interp_step s;
    uint32_t start = vm74_mmio_read(VM74_TIMER_TIME_LO), steps = 0;
    machine_load(&it, g);
    do {
        s = interp_step(&it);
        account_step(g, &s);
        steps++;
    } while (keeps_interpreting(g, &it, &s) && !slice_over((uint32_t)slice_end));
    machine_store(&it, g);
    g->interpreted += steps - (s.end == INTERP_DEADLOCK);
    finish_run(g, &s);
    return vm74_mmio_read(VM74_TIMER_TIME_LO) - start;
}
