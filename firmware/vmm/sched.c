/*
 * sched.c - the scheduler: the guests, their states, and the real timer.
 *
 * Round robin over the ready guests, each for its own quantum of cycles of
 * its own time (account.c).  The real CMP is always the earlier of the
 * running guest's slice end and its virtual timer deadline, so the VMM gets
 * control when it has something to do.
 */
#include <string.h>

#include "account.h"
#include "vm_map.h"

static struct guest guests[VMM_MAX_GUESTS];
static uint32_t nguests;
static uint64_t now;            /* real TIME at the trap, or after an idle */
static uint32_t finished;

/* The guest whose registers entry.S saves and loads: the low-core word,
 * which entry.S's timer path may switch too. */
struct guest *sched_current(void) { return vmm_lc_current; }

/*
 * Real TIME from its low word alone: the VMM reads it at every trap and
 * every guest runs at most a quantum, far less than 2^32 cycles, between
 * two reads.  Only a long idle WFI needs the full 64-bit read.
 */
static uint64_t time_now(void)
{
    uint32_t lo = vm74_mmio_read(VM74_TIMER_TIME_LO);
    sched_shared.time_last += (uint32_t)(lo - (uint32_t)sched_shared.time_last);
    return sched_shared.time_last;
}

static uint64_t time_read_full(void)
{
    sched_shared.time_last = vm74_timer_time();
    return sched_shared.time_last;
}

/*
 * Slack from the real-timer read in enter_prepare() to the guest's first
 * instruction, so that a virtual deadline is due when the real timer set
 * from it fires and the guest runs before it does.  It starts at the ISS's
 * path (restoring 31 registers and the LPSW) and doubles whenever the real
 * timer fired before the guest retired an instruction: the entry took
 * longer, on a slower backend or when this VMM runs under another, whose
 * work on each of its traps lengthens its path in its own clock.  A
 * constant slack there left a guest with a short quantum no time at all
 * (it never ran, while its clock advanced by the entries).
 */
#define ENTRY_CYCLES 40
#define ENTRY_SLACK_MAX 0x100000u

/* What entry.S's timer path reads and sets of the scheduler (vmm.h). */
struct sched_shared sched_shared = {.real_cmp = UINT64_MAX, .entry_slack = ENTRY_CYCLES};

static void entry_took_longer(void)
{
    if (sched_shared.entry_slack < ENTRY_SLACK_MAX)
        sched_shared.entry_slack *= 2;
}

/* ---- Booting the guests -------------------------------------------------- */

/*
 * Bare vm74 after reset and an ELF load: zeroed RAM, the image, P = entry,
 * supervisor, IE = 0, R = all, timer disarmed, every register 0.  The
 * image is already in the partition, loaded there with the VMM's own
 * (vmm-pack places each guest's bytes at its partition in the VMM's ELF;
 * a copy inside the VMM would not fit the board's 128 KiB): the rest of
 * the partition is zeroed around it.
 */
static void guest_load(struct guest *g, const struct vmm_setup *s,
                       struct vmm_guest_report *rep)
{
    uint8_t *part = (uint8_t *)(uintptr_t)s->base;
    uint32_t image_end = s->load_addr + s->image_len;
    memset(part, 0, s->load_addr);
    memset(part + image_end, 0, s->size - image_end);
    memset(g, 0, sizeof *g);
    g->setup = s;
    g->base = s->base;
    g->size = s->size;
    g->quantum = s->quantum;
    g->budget = s->budget;
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
    rep->transcript_hash = VMM_FNV1A_INIT;
}

void sched_init(void)
{
    nguests = vmm_nsetups;
    vmm_report.nguests = nguests;
    for (uint32_t i = 0; i < nguests; i++) {
        /* vmm-pack refuses it; a table patched in memory might not. */
        if (vmm_setups[i].quantum > VMM_QUANTUM_MAX)
            vmm_panic("quantum of 2^31 cycles or more:", vmm_setups[i].quantum);
        guest_load(&guests[i], &vmm_setups[i], &vmm_report.guest[i]);
    }
    sched_shared.first = guests;
    sched_shared.end = &guests[nguests];
    vmm_report.magic = VMM_REPORT_MAGIC;
}

/* ---- Guest state changes ------------------------------------------------- */

/* Real TIME from the low word entry.S read as the trap arrived. */
static uint64_t time_at_trap(void)
{
    uint64_t *last = &sched_shared.time_last;
    *last += (uint32_t)(vmm_lc_trap_time - (uint32_t)*last);
    return *last;
}

/* A trap arrived: the guest's stretch on the CPU is over. */
void sched_trap(struct guest *g, uint32_t cause)
{
    now = time_at_trap();
    if (account_trap(g, cause) == 0 && cause == VM74_CAUSE_TIMER)
        entry_took_longer(); /* it fired before the guest's first instruction */
}

/*
 * A wake past the last real CMP that fires (2^64 - 2): ~2^64 cycles away,
 * as long as bare vm74 would wait.  The simulators end such a WFI at once
 * with TIME = CMP (docs/isa.md, WFI), so the VMM wakes the guest once no
 * one else can run: it cannot tell the difference, and never waiting for
 * real is what UINT64_MAX, "no wake", would mean.
 */
#define WAKE_BEYOND (UINT64_MAX - 1)

/* WFI: the guest's clock keeps running while it waits. */
void sched_wait(struct guest *g)
{
    uint64_t wait = g->vcmp - account_vtime(g);
    g->state = GUEST_WAITING;
    sched_shared.waiting++;
    g->wake_at = wait < WAKE_BEYOND - now ? now + wait : WAKE_BEYOND;
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
    if (g->state == GUEST_READY && g->v.ie && account_vtime(g) >= g->vcmp)
        reflect_trap(g, VM74_CAUSE_TIMER, 0);
}

static void check_budget(struct guest *g)
{
    if (g->state != GUEST_DONE && g->budget != 0 && account_retired(g) >= g->budget)
        sched_finish_guest(g, VMM_GUEST_BUDGET, 0);
}

/* ---- Choosing the next guest --------------------------------------------- */

/* A waiting guest whose WFI is over is ready, its clock at the deadline,
 * where bare vm74's WFI ends. */
static void wake_expired(uint64_t t)
{
    for (uint32_t i = 0; i < nguests && sched_shared.waiting != 0; i++) {
        struct guest *g = &guests[i];
        if (g->state == GUEST_WAITING && g->wake_at <= t) {
            account_fold(g);
            g->vclock = g->vcmp;
            g->state = GUEST_READY;
            sched_shared.waiting--;
        }
    }
}

/* Round robin: the ready guest after the current one, the current last
 * (no remainder: a division is dozens of cycles on the RTL). */
static struct guest *next_ready(void)
{
    struct guest *g = vmm_lc_current;
    for (uint32_t k = 0; k < nguests; k++) {
        if (++g == &guests[nguests])
            g = guests;
        if (g->state == GUEST_READY)
            return g;
    }
    return NULL;
}

static void real_timer_set(uint64_t cmp)
{
    if (cmp != sched_shared.real_cmp) {
        vm74_timer_set_cmp(cmp);
        sched_shared.real_cmp = cmp;
    }
}

/* Nobody is ready: sleep (IE = 0, so no interrupt) until the first wake;
 * returns the time up to which waits are over. */
static uint64_t idle_until_wake(void)
{
    uint64_t first = UINT64_MAX;
    for (uint32_t i = 0; i < nguests; i++)
        if (guests[i].state == GUEST_WAITING && guests[i].wake_at < first)
            first = guests[i].wake_at;
    if (first == UINT64_MAX) { /* every guest is done */
        for (uint32_t i = 0; i < nguests; i++)
            account_fold(&guests[i]);
        report_finish();
    }
    if (first == WAKE_BEYOND)
        return first;
    real_timer_set(first);
    vm74_wfi();
    now = time_read_full();
    return now;
}

static struct guest *pick_next(void)
{
    for (uint64_t t = now;;) {
        wake_expired(t);
        struct guest *g = next_ready();
        if (g != NULL)
            return g;
        t = idle_until_wake();
    }
}

/* entry.S saves and loads the registers of the guest this points at. */
static void switch_to(struct guest *g)
{
    vmm_lc_current = g;
}

/*
 * A slice is a quantum of the guest's own time on the CPU (account_vtime),
 * not of real time from the switch: the VMM's work for it must not use it
 * up.  Under another VMM this VMM's trap path takes longer in its clock,
 * and a quantum shorter than the path left the guest no time at all.
 */
static void slice_begin(struct guest *g)
{
    sched_shared.slice_end = account_vtime(g) + g->quantum;
    g->rep->slices++;
}

/* A slice with less left than the entry takes is over. */
static bool slice_over(const struct guest *g)
{
    return account_vtime(g) + sched_shared.entry_slack >= sched_shared.slice_end;
}

/* ---- Entering the guest -------------------------------------------------- */

/*
 * The real CMP, from real TIME t: the slice's end (what is left of it,
 * without slack, so no stretch outlasts the quantum; at least the slack,
 * so the guest runs), or the virtual deadline if that comes first,
 * whatever the virtual IE, so that entry.S's fast path may turn IE on
 * without touching the timer ("covered").  A virtual interrupt already
 * due that the guest cannot take (IE = 0) is not covered: the real timer
 * would fire at once and for ever.  Firing early costs a trap (trap_timer
 * finds nothing due and arms again); late, by what the slack exceeds the
 * entry (less than the entry, as the slack doubles), delays a virtual
 * interrupt by as much of the guest's time, which only timing shows.
 */
static void timer_arm(const struct guest *g, uint64_t t)
{
    /* run: the cycles from t the guest gets, less than a quantum (< 2^31),
     * as slice_end is at most a quantum past the guest's time. */
    uint64_t vnow = account_vtime(g), slice_end = sched_shared.slice_end;
    uint32_t entry_slack = sched_shared.entry_slack;
    uint32_t run = slice_end > vnow ? (uint32_t)(slice_end - vnow) : 0;
    if (run < entry_slack)
        run = entry_slack;
    bool due = vnow >= g->vcmp;
    uint64_t to_deadline = g->vcmp - vnow;
    if (!due && to_deadline < run - entry_slack)
        run = entry_slack + (uint32_t)to_deadline;
    /* A real CMP already set that fires no later, and not before the
     * entry is over (t + entry_slack ... t + run: real_cmp - t in
     * between), stands: rewriting it is three device stores, each a
     * trap when this VMM runs under another. */
    uint64_t set = sched_shared.real_cmp - t;
    if (set < entry_slack || set > run)
        real_timer_set(t + run);
    vmm_lc_timer_covered = !due;
}

static void enter_prepare(struct guest *g)
{
    vm_map_real_psw(g, &vmm_lc_enter_psw);
    timer_arm(g, time_now());
}

#if VMM_HYBRID
/*
 * The hybrid VMM: virtual supervisor mode is interpreted (hybrid.c) for
 * what is left of the guest's slice, in its own time (one cycle a step).
 * The real cycles are VMM cycles charged to it (account_interpreted).
 */
static void hybrid_interpret(struct guest *g)
{
    struct hybrid_result r = hybrid_run(g, sched_shared.slice_end);
    if (r.end == HYBRID_WAITING)
        sched_wait(g);
    else if (r.end == HYBRID_DEADLOCK)
        sched_finish_guest(g, VMM_GUEST_DEADLOCK, 0);
    else if (r.end == HYBRID_EXITED)
        sched_finish_guest(g, VMM_GUEST_EXITED, r.exit_code);
    account_interpreted(g, r.cycles);
    now = time_now();
}
#endif

/*
 * The last fold is taken to be this many cycles before it was: 0, but a
 * host may set it (before the run) to bring every fold within a short run,
 * which 2^30 cycles between folds would not be (test_timeline).  In .data,
 * so that the start-up's clearing of .bss leaves the host's value.
 */
__attribute__((section(".data"))) uint32_t sched_fold_lead;

/* Every guest's deltas into its totals, when they may be large (account.h). */
static void fold_if_due(void)
{
    if (now - sched_shared.fold_time < ACCOUNT_FOLD_AT)
        return;
    for (uint32_t i = 0; i < nguests; i++)
        account_fold(&guests[i]);
    sched_shared.fold_time = now - sched_fold_lead;
}

/*
 * After a trap: keep the guest if it can run and its slice lasts, else the
 * next ready one.  Either way deliver its virtual interrupt if it is due,
 * and leave the real PSW for entry.S.
 */
void sched_resume(void)
{
    struct guest *g = vmm_lc_current;
    for (;;) {
        check_budget(g);
        if (g->state != GUEST_READY || slice_over(g)) {
            fold_if_due();
            g = pick_next();
            if (g != vmm_lc_current)
                switch_to(g);
            slice_begin(g);
        }
        sched_deliver_vtimer(g);
#if VMM_HYBRID
        if (g->v.m == VM74_MODE_SUPERVISOR) {
            hybrid_interpret(g);
            continue;
        }
#endif
        break;
    }
    enter_prepare(g);
}

void sched_start(void)
{
    now = time_read_full();
    sched_shared.fold_time = now - sched_fold_lead;
    account_start();
    vmm_lc_current = &guests[nguests - 1]; /* round robin starts at guest 0 */
#if VMM_HYBRID
    /* Every guest starts in virtual supervisor mode: interpreted first.
     * A slice already over makes sched_resume pick guest 0. */
    sched_shared.slice_end = 0;
    sched_resume();
    vmm_enter_guest();
#endif
    struct guest *g = pick_next();
    switch_to(g);
    slice_begin(g);
    enter_prepare(g);
    vmm_enter_guest();
}
