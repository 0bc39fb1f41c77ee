/*
 * vmm_layout.h - the facts entry.S and the C code share: the VMM's low-core
 * words and the offsets of the fields of struct guest that the assembly
 * fast path touches.  Only #defines, so entry.S can include it; vmm.h
 * checks every offset against the struct with static_assert.
 */
#ifndef VMM_LAYOUT_H
#define VMM_LAYOUT_H

/* ---- The VMM's low core (physical 0x20-0x7f, free for software) ------- */

#define LC_ENTER_PSW     0x20 /* 4 words: the real PSW to enter the guest with */
#define LC_PARK          0x30 /* 0x30-0x4f: the fast paths' scratch registers */
#define LC_VMM_MARK      0x50 /* the running guest's fast-path VMM cycles not yet
                                 in its acc.fast_vmm are LC_ENTER_TIME - its
                                 acc.run - this (account.h) */
#define LC_INSTRET_SPLIT 0x60 /* INSTRET_U as an LPSW entered virtual user mode
                                 since the last count; else = the mark */
#define LC_INSTRET_MARK  0x64 /* INSTRET_U (low word) at the last count */
#define LC_TIMER_COVERED 0x68 /* 1: the real CMP fires by the virtual deadline */
#define LC_EXIT_TIME     0x6c /* TIME (low word) as the C path entered a guest */
#define LC_ENTER_TIME    0x70 /* TIME (low word) as a guest is entered */
#define LC_TRAP_TIME     0x74 /* TIME (low word) as its trap arrives */
#define LC_PARK_T0       0x78 /* t0 while the entry needs a register */
#define LC_CURRENT       0x7c /* the running struct guest */

/* The stack vmm_trap() runs on (the deepest measured: under 500 bytes).
 * The hybrid VMM's build sets a smaller one (vmm.mk) to fit the
 * interpreter into VMM_SIZE. */
#ifndef VMM_TRAP_STACK_SIZE
#define VMM_TRAP_STACK_SIZE 1536
#endif

/* 0: every trap takes entry.S's C path: vmm-nofast.elf (vmm.mk), to check
 * the fast paths against it, and the hybrid VMM, whose guests trap only
 * from virtual user mode and which needs the room. */
#ifndef VMM_FAST_PATHS
#if defined(VMM_HYBRID) && VMM_HYBRID /* no native virtual supervisor mode */
#define VMM_FAST_PATHS 0
#else
#define VMM_FAST_PATHS 1
#endif
#endif

/* ---- struct guest (vmm.h), the fields entry.S reads and writes -------- */

#define GUEST_X          0    /* uint32_t x[32] */
#define GUEST_V_M        128  /* struct vpsw v: m, ie, p, l, b */
#define GUEST_V_IE       132
#define GUEST_V_P        136
#define GUEST_V_L        140
#define GUEST_V_B        144
#define GUEST_BASE       148  /* the partition, copied from its set-up */
#define GUEST_SIZE       152
#define GUEST_ACC_RUN    156  /* struct guest_acc acc: 32-bit deltas */
#define GUEST_ACC_MAX    160
#define GUEST_ACC_NATIVE 164  /* native[2], by virtual mode */
#define GUEST_ACC_EMULATED 172 /* emulated[2], by virtual mode */
#define GUEST_ACC_FAST_VMM   180 /* the fast paths' VMM cycles */
#define GUEST_ACC_FAST_LPSW  184 /* their traps: LPSWs, */
#define GUEST_ACC_FAST_TIMER 188 /* timer traps, */
#define GUEST_ACC_FAST_DEV   192 /* device accesses [virtual mode][load, store] */
#define FAST_DEV_KIND    4    /* [mode][kind]: load 0, store 1 */
#define FAST_DEV_MODE    8
#define GUEST_SETUP      208  /* const struct vmm_setup * */
#define GUEST_REP        212  /* struct vmm_guest_report * */
#define GUEST_STATE      216  /* enum guest_state: GUEST_READY is 0 */
#define GUEST_VCLOCK     224  /* uint64_t */
#define GUEST_VCMP       232  /* uint64_t */
#define GUEST_IN_POS     248
#define GUEST_LINE       252  /* char line[VMM_LINE_SIZE] */
#define GUEST_LINE_LEN   452
#define GUEST_QUANTUM    456
#define GUEST_BUDGET     460
#define GUEST_SIZEOF     464

/* ---- struct sched_shared (vmm.h): the scheduler's state entry.S's
 * timer path reads and sets -------------------------------------------- */

#define SHARED_SLICE_END 0    /* uint64_t */
#define SHARED_REAL_CMP  8    /* uint64_t */
#define SHARED_TIME_LAST 16   /* uint64_t */
#define SHARED_SLACK     24
#define SHARED_WAITING   28
#define SHARED_FIRST     32   /* struct guest * */
#define SHARED_END       36
#define SHARED_FOLD_TIME 40   /* uint64_t */

/* Every guest's 32-bit deltas are folded once 2^30 real cycles have passed
 * since the last fold of them all (account.h). */
#define ACCOUNT_FOLD_SHIFT 30

#endif /* VMM_LAYOUT_H */
