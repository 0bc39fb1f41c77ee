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
 * interpreting are VMM cycles charged to the guest.  A wait or an end is
 * reported to the scheduler, which called: hybrid.c calls none of it.
 */
#include "vmm.h"

#include <string.h>

#include "interp.h"
#include "vm_map.h"

static struct interp it; /* the machine being interpreted */

/*
 * The steps of the run so far into the guest's virtual time and counters
 * (one cycle a step, as on the ISS's clock): before a device or the timer
 * looks at them, and when a run ends.
 */
static void account_steps(struct guest *g)
{
    g->vclock += it.steps;
    for (uint32_t m = 0; m < 2; m++)
        g->acc.emulated[m] += it.retired[m];
    it.steps = it.retired[0] = it.retired[1] = 0;
}

/* ---- The guest's devices, as the interpreter's ops ------------------------ */

static enum interp_dev guest_dev_load(void *ctx, uint32_t gpa, uint32_t *value)
{
    account_steps(ctx);
    return vdev_load(ctx, gpa, value) ? INTERP_DEV_DONE : INTERP_DEV_NONE;
}

static uint32_t exit_code; /* the value of a SIMCTL_EXIT store */

static enum interp_dev guest_dev_store(void *ctx, uint32_t gpa, uint32_t value)
{
    struct guest *g = ctx;
    account_steps(g);
    switch (vdev_store(g, gpa, value)) {
    case VDEV_NONE: return INTERP_DEV_NONE;
    case VDEV_EXIT: exit_code = value; return INTERP_DEV_EXIT;
    default: return INTERP_DEV_DONE;
    }
}

static enum interp_timer guest_timer(void *ctx)
{
    struct guest *g = ctx;
    account_steps(g);
    if (account_vtime(g) >= g->vcmp)
        return INTERP_TIMER_PENDING;
    return g->vcmp == UINT64_MAX ? INTERP_TIMER_NEVER : INTERP_TIMER_LATER;
}

static const struct interp_ops guest_ops = {guest_dev_load, guest_dev_store,
                                            guest_timer};

/* ---- The guest's state in and out of the interpreter ---------------------- */

static void machine_load(struct guest *g)
{
    it.steps = it.retired[0] = it.retired[1] = 0;
    memcpy(it.cpu.x, g->x, sizeof g->x);
    it.cpu.m = g->v.m;
    it.cpu.ie = g->v.ie;
    it.cpu.p = g->v.p;
    it.cpu.l = g->v.l;
    it.cpu.b = g->v.b;
    it.ram = vm_map_phys(g, 0);
    it.ram_size = g->size;
    it.ops = &guest_ops;
    it.ctx = g;
}

static void machine_store(struct guest *g)
{
    memcpy(g->x, it.cpu.x, sizeof g->x);
    g->v = (struct vpsw){.m = it.cpu.m, .ie = it.cpu.ie, .p = it.cpu.p,
                         .l = it.cpu.l, .b = it.cpu.b};
}

/* ---- Interpreting --------------------------------------------------------- */

/* Steps left before the guest's own time reaches slice_end: the slice is
 * a quantum of the guest's time, and an interpreted step is one cycle of
 * it, so where a slice ends does not depend on how long the VMM takes. */
static uint64_t steps_left(const struct guest *g, uint64_t slice_end)
{
    uint64_t vnow = account_vtime(g);
    return slice_end > vnow ? slice_end - vnow : 0;
}

/* After a run: a trap was reflected (the interpreter did the PSW swap);
 * how it ended, for the caller: the scheduler acts on a wait or an end. */
static enum hybrid_end finish_run(struct guest *g, const struct interp_step *s)
{
    switch (s->end) {
    case INTERP_TRAPPED: g->rep->reflected[s->cause]++; return HYBRID_ON;
    case INTERP_WAITING: return HYBRID_WAITING; /* P is past the WFI */
    case INTERP_DEADLOCK: return HYBRID_DEADLOCK;
    case INTERP_EXITED: return HYBRID_EXITED;
    default: return HYBRID_ON;
    }
}

/* On while it is in virtual supervisor mode and neither waits nor ends (a
 * trap keeps it in supervisor mode: its handler is interpreted next). */
static bool keeps_interpreting(enum hybrid_end end)
{
    return end == HYBRID_ON && it.cpu.m == VM74_MODE_SUPERVISOR;
}

/*
 * Interpret the guest from its virtual supervisor mode until it enters
 * virtual user mode (LPSW, or a flaw variant's JRSTU), waits, ends, or its
 * own time reaches slice_end (at least one step: a slice already over was
 * the scheduler's to end).  Says how it ended and the real cycles it took.
 */
struct hybrid_result hybrid_run(struct guest *g, uint64_t slice_end)
{
    uint32_t start = vm74_mmio_read(VM74_TIMER_TIME_LO);
    uint64_t left = steps_left(g, slice_end);
    struct interp_step s;
    enum hybrid_end end;
    machine_load(g);
    do {
        s = interp_run(&it, left == 0 ? 1 : left > UINT32_MAX ? UINT32_MAX
                                                              : (uint32_t)left);
        account_steps(g);
        end = finish_run(g, &s);
        left = steps_left(g, slice_end);
    } while (keeps_interpreting(end) && left > 0);
    machine_store(g);
    return (struct hybrid_result){.end = end, .exit_code = exit_code,
                                  .cycles = vm74_mmio_read(VM74_TIMER_TIME_LO) - start};
}
