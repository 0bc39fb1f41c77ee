/*
 * vmm.h - the vm74 virtual machine monitor: per-guest state and the
 * subsystems' entry points.  docs/vmm.md describes the design.
 *
 * The VMM runs in supervisor mode with R = (0, all) and IE = 0.  Each guest
 * runs in real user mode, IE = 1, inside its partition; every trap it takes
 * lands in entry.S, then vmm_trap() (trap.c), which dispatches by cause to
 * emulation (emulate.c, vdev.c), reflection (reflect.c) or the scheduler
 * (sched.c), and returns to whichever guest the scheduler chose.
 */
#ifndef VMM_H
#define VMM_H

#include <stdbool.h>
#include <stdint.h>

#include "vm74.h"
#include "vmm_report.h"

/* ---- Guest set-ups: plain data, generated from guests.conf ------------ */

struct vmm_setup {
    const char *name;
    uint32_t base, size;         /* partition: physical [base, base + size) */
    uint32_t quantum;            /* time slice in real-timer cycles */
    uint32_t budget;             /* CPU cycles before it is stopped, 0 = none */
    const uint8_t *image;        /* its ELF's loadable bytes, from load_addr */
    uint32_t image_len, load_addr, entry;
    const uint8_t *input;        /* what its virtual console receives */
    uint32_t input_len;
};

extern const struct vmm_setup vmm_setups[];
extern const uint32_t vmm_nsetups;

/* ---- Per-guest state ---------------------------------------------------- */

/* The guest's virtual PSW: what its own supervisor believes M, IE, P, R are. */
struct vpsw {
    uint32_t m, ie, p, l, b;
};

enum guest_state { GUEST_READY, GUEST_WAITING, GUEST_DONE };

#define VMM_LINE_SIZE 200 /* console bytes buffered before a tagged line */

struct guest {
    const struct vmm_setup *setup;
    struct vmm_guest_report *rep; /* statistics and transcript */
    uint32_t x[32];               /* its registers; x[0] stays 0 */
    struct vpsw v;
    enum guest_state state;

    /* Virtual time: the cycles the guest ran natively plus the time it
     * waited in WFI, what it would have been on bare vm74 (docs/vmm.md
     * "Time").  The VMM's own work is not in it. */
    uint64_t vclock;
    uint64_t vcmp;                /* virtual timer compare */
    uint64_t wake_at;             /* real time its WFI ends, if WAITING */

    uint32_t in_pos;              /* next byte of setup->input */
    char line[VMM_LINE_SIZE];     /* console line being assembled */
    uint32_t line_len;

    uint32_t instret_start;       /* real INSTRET_U (low word) then */
};

/* The running guest's register array, where entry.S saves and loads
 * them: a low-core word (entry.S), set by the scheduler. */
extern uint32_t *vmm_lc_current_regs;
/* TIME's low word as entry.S entered the guest and took its trap. */
extern uint32_t vmm_lc_enter_time, vmm_lc_trap_time;
/* The real PSW entry.S loads to enter the running guest. */
extern struct vm74_psw_words vmm_lc_enter_psw;

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
uint32_t emulate_check_access(const struct guest *g, uint32_t a, uint32_t n,
                              uint32_t fault_cause, uint32_t misaligned_cause);
void *guest_phys(const struct guest *g, uint32_t gpa);

/* vdev.c: the guest's virtual devices. */
bool vdev_load(struct guest *g, uint32_t gpa, uint32_t *value);
bool vdev_store(struct guest *g, uint32_t gpa, uint32_t value);
void vdev_console_flush(struct guest *g);

/* sched.c: guests, time, the real timer. */
void sched_init(void);
__attribute__((noreturn)) void sched_start(void);
struct guest *sched_current(void);
uint64_t sched_now(void);
uint64_t sched_vtime(const struct guest *g);
void sched_account_trap(struct guest *g, uint32_t cause);
void sched_wait(struct guest *g);
void sched_finish_guest(struct guest *g, uint32_t status, uint32_t code);
void sched_deliver_vtimer(struct guest *g);
void sched_resume(void);

/* report.c */
__attribute__((noreturn)) void report_finish(void);
__attribute__((noreturn)) void vmm_panic(const char *what, uint32_t value);

#endif /* VMM_H */
