/*
 * sched.c - the guests, their time, and the real timer.
 *
 * Round robin over the ready guests, each for its own quantum of real-timer
 * cycles.  The real CMP is always the earlier of the running guest's slice
 * end and, if its virtual IE is 1, its virtual timer deadline, so the VMM
 * gets control exactly when it has something to do.
 *
 * Time: a guest's virtual clock advances by the cycles it runs natively
 * (each trapping instruction's own cycle included) and, in WFI, up to its
 * deadline, as bare vm74's WFI does.  It stands still while the VMM works
 * and while other guests run, so the guest sees the time of a machine of
 * its own.
 */
#include <string.h>

#include "vmm.h"

static struct guest guests[VMM_MAX_GUESTS];
static uint32_t nguests;
static struct guest *current;   /* the guest whose registers are in low core */
static struct guest *trapped;   /* the guest the VMM is working for */
static uint32_t trapped_at;     /* TIME (low word) its trap arrived */
static uint64_t now;            /* real TIME at the trap, or after an idle */
static uint64_t slice_end;      /* real TIME the current slice ends */
static uint64_t real_cmp = UINT64_MAX;
static uint32_t finished;

struct guest *sched_current(void) { return current; }

/*
 * Real TIME from its low word alone: the VMM reads it at every trap and
 * every guest runs at most a quantum, far less than 2^32 cycles, between
 * two reads.  Only a long idle WFI needs the full 64-bit read.
 */
static uint64_t time_last;

uint64_t sched_now(void)
{
    uint32_t lo = vm74_mmio_read(VM74_TIMER_TIME_LO);
    time_last += (uint32_t)(lo - (uint32_t)time_last);
    return time_last;
}

static uint64_t time_read_full(void)
{
    time_last = vm74_timer_time();
    return time_last;
}

/*
 * Slack from the real-timer read in enter_prepare() to the guest's first
 * instruction (restoring 31 registers and the LPSW, on the ISS), so that a
 * virtual deadline is due when the real timer set from it fires.  Too
 * little (a slower backend) costs one more trap, never correctness.
 */
#define ENTRY_CYCLES 40

uint64_t sched_vtime(const struct guest *g) { return g->vclock; }

/* ---- Booting the guests -------------------------------------------------- */

/* Bare vm74 after reset and an ELF load: zeroed RAM, the image, P = entry,
 * supervisor, IE = 0, R = all, timer disarmed, every register 0. */
static void guest_load(struct guest *g, const struct vmm_setup *s,
                       struct vmm_guest_report *rep)
{
    memset((void *)(uintptr_t)s->base, 0, s->size);
    memcpy((void *)(uintptr_t)(s->base + s->load_addr), s->image, s->image_len);
    memset(g, 0, sizeof *g);
    g->setup = s;
    g->rep = rep;
    g->v = (struct vpsw){.m = VM74_MODE_SUPERVISOR, .p = s->entry,
                         .b = VM74_BOUND_ALL};
    g->vcmp = UINT64_MAX;
    g->state = GUEST_READY;
    strncpy(rep->name, s->name, VMM_NAME_SIZE - 1);
    rep->base = s->base;
    rep->size = s->size;
    rep->quantum = s->quantum;
    rep->budget = s->budget;
}

void sched_init(void)
{
    nguests = vmm_nsetups;
    vmm_report.nguests = nguests;
    for (uint32_t i = 0; i < nguests; i++)
        guest_load(&guests[i], &vmm_setups[i], &vmm_report.guest[i]);
    vmm_report.magic = VMM_REPORT_MAGIC;
}

/* ---- Accounting ---------------------------------------------------------- */

/* The guest's stretch on the CPU ends: charge its cycles and the user-mode
 * instructions it retired, all native, to its current virtual mode. */
void sched_account_trap(struct guest *g, uint32_t cause)
{
    now = sched_now();
    /* The VMM's last stint, from the previous trap to this entry, was for
     * the guest that trapped then, switch included. */
    if (trapped != NULL)
        trapped->rep->cycles_vmm += (uint32_t)(vmm_lc_enter_time - trapped_at);
    trapped = g;
    trapped_at = vmm_lc_trap_time;
    uint32_t span = vmm_lc_trap_time - vmm_lc_enter_time; /* < quantum */
    g->rep->cycles_run += span;
    g->vclock += span;
    if (span > g->rep->max_span)
        g->rep->max_span = span;
    uint32_t u = vm74_mmio_read(VM74_PERF_INSTRET_U_LO);
    g->rep->native[g->v.m] += u - g->instret_start;
    g->rep->traps[cause]++;
}

/* ---- Guest state changes ------------------------------------------------- */

/* WFI: the guest's clock keeps running while it waits. */
void sched_wait(struct guest *g)
{
    uint64_t wait = g->vcmp - g->vclock;
    g->state = GUEST_WAITING;
    g->wake_at = wait < UINT64_MAX - now ? now + wait : UINT64_MAX;
}

void sched_finish_guest(struct guest *g, uint32_t status, uint32_t code)
{
    vdev_console_flush(g);
    g->state = GUEST_DONE;
    g->rep->status = status;
    g->rep->exit_code = code;
    g->rep->finish_order = ++finished;
}

/* The virtual interrupt, if the guest's virtual PSW lets it in. */
void sched_deliver_vtimer(struct guest *g)
{
    if (g->state == GUEST_READY && g->v.ie && sched_vtime(g) >= g->vcmp)
        reflect_trap(g, VM74_CAUSE_TIMER, 0);
}

static void check_budget(struct guest *g)
{
    if (g->state != GUEST_DONE && g->setup->budget != 0 &&
        g->rep->cycles_run >= g->setup->budget)
        sched_finish_guest(g, VMM_GUEST_BUDGET, 0);
}

/* ---- Choosing the next guest --------------------------------------------- */

/* A waiting guest whose WFI is over is ready, its clock at the deadline,
 * where bare vm74's WFI ends. */
static void wake_expired(void)
{
    for (uint32_t i = 0; i < nguests; i++) {
        struct guest *g = &guests[i];
        if (g->state == GUEST_WAITING && g->wake_at <= now) {
            g->vclock = g->vcmp;
            g->state = GUEST_READY;
        }
    }
}

/* Round robin: the ready guest after the current one, the current last. */
static struct guest *next_ready(void)
{
    uint32_t cur = (uint32_t)(current - guests);
    for (uint32_t k = 1; k <= nguests; k++) {
        struct guest *g = &guests[(cur + k) % nguests];
        if (g->state == GUEST_READY)
            return g;
    }
    return NULL;
}

static void real_timer_set(uint64_t cmp)
{
    if (cmp != real_cmp) {
        vm74_timer_set_cmp(cmp);
        real_cmp = cmp;
    }
}

/* Nobody is ready: sleep (IE = 0, so no interrupt) until the first wake. */
static void idle_until_wake(void)
{
    uint64_t first = UINT64_MAX;
    for (uint32_t i = 0; i < nguests; i++)
        if (guests[i].state == GUEST_WAITING && guests[i].wake_at < first)
            first = guests[i].wake_at;
    if (first == UINT64_MAX)
        report_finish(); /* every guest is done */
    real_timer_set(first);
    vm74_wfi();
    now = time_read_full();
}

static struct guest *pick_next(void)
{
    for (;;) {
        wake_expired();
        struct guest *g = next_ready();
        if (g != NULL)
            return g;
        idle_until_wake();
    }
}

/* entry.S saves and loads the registers of the guest this points at. */
static void switch_to(struct guest *g)
{
    vmm_lc_current_regs = g->x;
    current = g;
}

static void slice_begin(struct guest *g)
{
    slice_end = now + g->setup->quantum;
    g->rep->slices++;
}

/* ---- Entering the guest -------------------------------------------------- */

/* The real PSW: user mode, IE = 1, and the virtual R composed with the
 * partition.  A virtual R reaching past the partition is cut at its end;
 * one starting past it allows nothing.  Either way every access bare vm74
 * would refuse, or would send to a device, faults to the VMM. */
static void compose_real_psw(const struct guest *g)
{
    uint32_t size = g->setup->size;
    vmm_lc_enter_psw.flags = VM74_FLAG_IE;
    vmm_lc_enter_psw.p = g->v.p;
    if (g->v.l >= size) {
        vmm_lc_enter_psw.base = g->setup->base;
        vmm_lc_enter_psw.bound = 0;
    } else {
        vmm_lc_enter_psw.base = g->setup->base + g->v.l;
        vmm_lc_enter_psw.bound = g->v.b < size - g->v.l ? g->v.b : size - g->v.l;
    }
}

/* The slice's end, or the virtual deadline if the guest can take it first. */
static uint64_t next_deadline(const struct guest *g, uint64_t t)
{
    uint64_t deadline = slice_end;
    if (g->v.ie) {
        uint64_t delta = g->vcmp - g->vclock; /* > 0: not yet due */
        if (delta < slice_end - t)
            deadline = t + ENTRY_CYCLES + delta;
    }
    return deadline;
}

static void enter_prepare(struct guest *g)
{
    uint64_t t = sched_now();
    compose_real_psw(g);
    real_timer_set(next_deadline(g, t));
    g->instret_start = vm74_mmio_read(VM74_PERF_INSTRET_U_LO);
}

/*
 * After a trap: keep the guest if it can run and its slice lasts, else the
 * next ready one.  Either way deliver its virtual interrupt if it is due,
 * and leave the real PSW for entry.S.
 */
void sched_resume(void)
{
    struct guest *g = current;
    check_budget(g);
    if (g->state != GUEST_READY || now >= slice_end) {
        g = pick_next();
        if (g != current)
            switch_to(g);
        slice_begin(g);
    }
    sched_deliver_vtimer(g);
    enter_prepare(g);
}

void sched_start(void)
{
    now = time_read_full();
    current = &guests[nguests - 1]; /* so that round robin starts at guest 0 */
    struct guest *g = pick_next();
    switch_to(g);
    slice_begin(g);
    enter_prepare(g);
    vmm_enter_guest();
}
