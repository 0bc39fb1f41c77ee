/*
 * vmm.h - the vm74 virtual machine monitor: per-guest state and the
 * subsystems' entry points.  docs/vmm.md describes the design.
 *
 * The VMM runs in supervisor mode with R = (0, all) and IE = 0.  Each guest
 * runs in real user mode, IE = 1, inside its partition (the VM map,
 * vm_map.h); every trap it takes lands in entry.S, then vmm_trap()
 * (trap.c), which accounts it (account.c), dispatches by cause to
 * emulation (emulate.c, vdev.c), reflection (reflect.c) or the scheduler
 * (sched.c), and returns to whichever guest the scheduler chose.
 *
 * The C files call one another in one direction only (docs/vmm.md "The
 * trap path"): trap -> emulate -> vdev -> account; trap, emulate -> sched
 * -> vdev, account, reflect; vm_map.h's inline map serves emulate,
 * reflect, sched and hybrid; in the hybrid VMM sched -> hybrid -> vdev.
 */
#ifndef VMM_H
#define VMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vm74.h"

/* 1: the hybrid VMM (hybrid.c, docs/vmm.md "The hybrid VMM"), which
 * interprets virtual supervisor mode; 0: trap-and-emulate throughout. */
#ifndef VMM_HYBRID
#define VMM_HYBRID 0
#endif
#include "vmm_layout.h"
#include "vmm_report.h"

/* ---- Guest set-ups: plain data, generated from guests.conf ------------ */

struct vmm_setup {
    const char *name;
    uint32_t base, size;         /* partition: physical [base, base + size) */
    uint32_t quantum;            /* time slice in real-timer cycles */
    uint32_t budget;             /* instructions it may retire, 0 = no limit */
    /* Its ELF's loadable bytes, image_len of them, already at base +
     * load_addr: the VMM's own image holds them there (vmm-pack). */
    uint32_t image_len, load_addr, entry;
    const uint8_t *input;        /* what its virtual console receives */
    uint32_t input_len;
};

static_assert(sizeof(struct vmm_setup) == VMM_SETUP_SIZE, "vmm_setup (vmm_report.h)");
static_assert(offsetof(struct vmm_setup, quantum) == VMM_SETUP_QUANTUM,
              "vmm_setup.quantum (vmm_report.h)");
static_assert(offsetof(struct vmm_setup, input) == VMM_SETUP_INPUT &&
              offsetof(struct vmm_setup, input_len) == VMM_SETUP_INPUT_LEN,
              "vmm_setup.input (vmm_report.h)");

extern const struct vmm_setup vmm_setups[];
extern const uint32_t vmm_nsetups;

/* ---- Per-guest state ---------------------------------------------------- */

/* The guest's virtual PSW: what its own supervisor believes M, IE, P, R are. */
struct vpsw {
    uint32_t m, ie, p, l, b;
};

enum guest_state { GUEST_READY, GUEST_WAITING, GUEST_DONE };


/*
 * What a guest's traps add up between two folds (account_fold), in 32 bits:
 * adding 64-bit totals on RV32 on every trap cost the hot path dozens of
 * cycles.  The scheduler folds them into the 64-bit report whenever a
 * guest leaves the CPU (at least once a slice, and a slice is shorter than
 * 2^31 cycles), and before anything reads the totals.
 */
enum fast_dev_kind { FAST_DEV_LOAD, FAST_DEV_STORE };

struct guest_acc {
    uint32_t run;                 /* cycles on the CPU */
    uint32_t max_span;            /* longest stretch on the CPU */
    uint32_t native[2];           /* user-mode instructions, by virtual mode */
    uint32_t emulated[2];         /* emulated by the C path, by virtual mode */
    /* entry.S's fast paths.  Their VMM cycles are not added up trap by
     * trap: they are the guest's real time less its cycles on the CPU,
     * settled as it leaves the CPU (LC_VMM_MARK, account_trap). */
    uint32_t fast_vmm;            /* their VMM cycles, up to the last settling */
    uint32_t fast_lpsw;           /* LPSWs emulated (virtual supervisor mode) */
    uint32_t fast_timer;          /* timer traps */
    uint32_t fast_dev[2][2];      /* device accesses, [virtual mode][kind] */
};

/* The first fields are entry.S's (vmm_layout.h), at fixed offsets. */
struct guest {
    uint32_t x[32];               /* its registers; x[0] stays 0 */
    struct vpsw v;
    uint32_t base, size;          /* its partition: setup's, kept at hand */
    struct guest_acc acc;

    const struct vmm_setup *setup;
    struct vmm_guest_report *rep; /* statistics and transcript */
    enum guest_state state;

    /* Virtual time: the cycles the guest ran natively plus the time it
     * waited in WFI, what it would have been on bare vm74 (docs/vmm.md
     * "Time").  The VMM's own work is not in it.  acc.run is not yet in
     * vclock: read it with account_vtime(). */
    uint64_t vclock;
    uint64_t vcmp;                /* virtual timer compare */
    uint64_t wake_at;             /* real time its WFI ends, if WAITING */

    uint32_t in_pos;              /* next byte of setup->input */
    char line[VMM_LINE_SIZE];     /* console line being assembled */
    uint32_t line_len;
    uint32_t quantum, budget;     /* setup's, kept at hand (entry.S's timer path) */
};

#define VMM_CHECK_OFFSET(field, off) \
    static_assert(offsetof(struct guest, field) == (off), #field " offset (vmm_layout.h)")
VMM_CHECK_OFFSET(x, GUEST_X);
VMM_CHECK_OFFSET(v.m, GUEST_V_M);
VMM_CHECK_OFFSET(v.ie, GUEST_V_IE);
VMM_CHECK_OFFSET(v.p, GUEST_V_P);
VMM_CHECK_OFFSET(v.l, GUEST_V_L);
VMM_CHECK_OFFSET(v.b, GUEST_V_B);
VMM_CHECK_OFFSET(base, GUEST_BASE);
VMM_CHECK_OFFSET(size, GUEST_SIZE);
VMM_CHECK_OFFSET(acc.run, GUEST_ACC_RUN);
VMM_CHECK_OFFSET(acc.max_span, GUEST_ACC_MAX);
VMM_CHECK_OFFSET(acc.native, GUEST_ACC_NATIVE);
VMM_CHECK_OFFSET(acc.emulated, GUEST_ACC_EMULATED);
VMM_CHECK_OFFSET(acc.fast_vmm, GUEST_ACC_FAST_VMM);
VMM_CHECK_OFFSET(acc.fast_lpsw, GUEST_ACC_FAST_LPSW);
VMM_CHECK_OFFSET(acc.fast_timer, GUEST_ACC_FAST_TIMER);
VMM_CHECK_OFFSET(acc.fast_dev, GUEST_ACC_FAST_DEV);
VMM_CHECK_OFFSET(setup, GUEST_SETUP);
VMM_CHECK_OFFSET(rep, GUEST_REP);
VMM_CHECK_OFFSET(vclock, GUEST_VCLOCK);
VMM_CHECK_OFFSET(vcmp, GUEST_VCMP);
VMM_CHECK_OFFSET(in_pos, GUEST_IN_POS);
VMM_CHECK_OFFSET(line, GUEST_LINE);
VMM_CHECK_OFFSET(line_len, GUEST_LINE_LEN);
VMM_CHECK_OFFSET(state, GUEST_STATE);
VMM_CHECK_OFFSET(quantum, GUEST_QUANTUM);
VMM_CHECK_OFFSET(budget, GUEST_BUDGET);
static_assert(sizeof(struct guest) == GUEST_SIZEOF && GUEST_READY == 0,
              "struct guest's size, GUEST_READY (vmm_layout.h)");
static_assert(offsetof(struct guest_acc, fast_dev[0][FAST_DEV_STORE]) -
                      offsetof(struct guest_acc, fast_dev[0][FAST_DEV_LOAD]) == FAST_DEV_KIND &&
                  offsetof(struct guest_acc, fast_dev[1][0]) -
                      offsetof(struct guest_acc, fast_dev[0][0]) == FAST_DEV_MODE,
              "fast_dev (vmm_layout.h)");
static_assert(offsetof(struct vmm_guest_report, transcript_len) == VMM_REPORT_TRANSCRIPT_LEN &&
              offsetof(struct vmm_guest_report, transcript_hash) == VMM_REPORT_TRANSCRIPT_HASH,
              "vmm_guest_report transcript (vmm_report.h)");
static_assert(offsetof(struct vmm_guest_report, reflected) == VMM_REPORT_REFLECTED,
              "vmm_guest_report reflected (vmm_report.h)");
static_assert(offsetof(struct vmm_guest_report, slices) == VMM_REPORT_SLICES,
              "vmm_guest_report slices (vmm_report.h)");

/*
 * What entry.S's timer path, which does sched.c's work for a timer trap
 * that needs no more (a slice that goes on, a switch to the next ready
 * guest), reads and sets of the scheduler, in one struct at one address
 * (offsets in vmm_layout.h).
 */
struct sched_shared {
    uint64_t slice_end;           /* the running guest's time its slice ends */
    uint64_t real_cmp;            /* the real CMP as last set */
    uint64_t time_last;           /* real TIME at the last read (time_now) */
    uint32_t entry_slack;         /* cycles from arming to the guest's entry */
    uint32_t waiting;             /* guests put to WAITING and not woken: at
                                     least those waiting (one may end so) */
    struct guest *first, *end;    /* the guests, for round robin */
    uint64_t fold_time;           /* real TIME at the last fold of every
                                     guest's deltas (account.h) */
};
static_assert(offsetof(struct sched_shared, slice_end) == SHARED_SLICE_END &&
              offsetof(struct sched_shared, real_cmp) == SHARED_REAL_CMP &&
              offsetof(struct sched_shared, time_last) == SHARED_TIME_LAST &&
              offsetof(struct sched_shared, entry_slack) == SHARED_SLACK &&
              offsetof(struct sched_shared, waiting) == SHARED_WAITING &&
              offsetof(struct sched_shared, first) == SHARED_FIRST &&
              offsetof(struct sched_shared, end) == SHARED_END &&
              offsetof(struct sched_shared, fold_time) == SHARED_FOLD_TIME,
              "sched_shared (vmm_layout.h)");
extern struct sched_shared sched_shared;

/* The low-core words of vmm_layout.h, as symbols for C (entry.S). */
extern struct guest *vmm_lc_current;        /* whose registers entry.S uses */
extern uint32_t vmm_lc_enter_time, vmm_lc_trap_time, vmm_lc_exit_time;
extern uint32_t vmm_lc_instret_mark, vmm_lc_instret_split;
extern uint32_t vmm_lc_timer_covered, vmm_lc_vmm_mark;
extern struct vm74_psw_words vmm_lc_enter_psw; /* the real PSW entry.S loads */

extern struct vmm_report vmm_report;

/* entry.S */
void vmm_trap_entry(void);
__attribute__((noreturn)) void vmm_enter_guest(void);

/* trap.c: called by entry.S after every trap from a guest. */
void vmm_trap(void);

/* reflect.c: do what bare hardware would do to the guest. */
void reflect_trap(struct guest *g, uint32_t cause, uint32_t info);

/* emulate.c: privileged instructions and device accesses. */
void emulate_privileged(struct guest *g, uint32_t cause, uint32_t info);
void emulate_fault(struct guest *g, uint32_t cause, uint32_t info);

/* vdev.c: the guest's virtual devices.  A store reports an exit to its
 * caller, which ends the guest. */
enum vdev_store { VDEV_NONE, VDEV_DONE, VDEV_EXIT }; /* NONE: no register there */
bool vdev_load(struct guest *g, uint32_t gpa, uint32_t *value);
enum vdev_store vdev_store(struct guest *g, uint32_t gpa, uint32_t value);
void vdev_console_flush(struct guest *g);

/* sched.c: the guests' states, the choice of the next one, real time and
 * the real timer. */
void sched_init(void);
__attribute__((noreturn)) void sched_start(void);
struct guest *sched_current(void);
void sched_trap(struct guest *g, uint32_t cause);
void sched_wait(struct guest *g);
void sched_finish_guest(struct guest *g, uint32_t status, uint32_t code);
void sched_deliver_vtimer(struct guest *g);
void sched_resume(void);

/* account.c: the guests' virtual time and what they used (the per-trap
 * part inline in account.h). */
void account_start(void);
void account_fold(struct guest *g);
uint64_t account_retired(const struct guest *g);
void account_interpreted(struct guest *g, uint32_t cycles);

/* The guest's virtual time: acc.run is not yet folded into vclock. */
static inline uint64_t account_vtime(const struct guest *g)
{
    return g->vclock + g->acc.run;
}

/* hybrid.c: interpret the guest's virtual supervisor mode until it leaves
 * it, waits, ends, or its own time reaches slice_end (account_vtime);
 * says how it ended and the real cycles used. */
enum hybrid_end {
    HYBRID_ON,       /* left supervisor mode, or the slice is over */
    HYBRID_WAITING,  /* WFI retired; the virtual timer is not due yet */
    HYBRID_DEADLOCK, /* WFI with the virtual timer disarmed */
    HYBRID_EXITED,   /* a store to SIMCTL_EXIT */
};
struct hybrid_result {
    enum hybrid_end end;
    uint32_t exit_code; /* HYBRID_EXITED: the value stored */
    uint32_t cycles;
};
struct hybrid_result hybrid_run(struct guest *g, uint64_t slice_end);

/* report.c */
__attribute__((noreturn)) void report_finish(void);
__attribute__((noreturn)) void vmm_panic(const char *what, uint32_t value);

#endif /* VMM_H */
