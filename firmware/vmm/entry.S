/*
 * entry.S - the VMM's trap entry and its ways back into a guest.
 *
 * A trap from a guest lands here in supervisor mode with R = (0, all) and
 * the guest's real PSW in low core.  No register has changed.  TIME is read
 * first thing on the way in and last thing on the way out, so the guest's
 * virtual time leaves out the VMM's work on any backend (account.c).
 *
 * Two paths:
 *   fast  the commonest traps, done here with a few registers parked in
 *         low core (t0-t3 for LPSW, t0-t4 for a device, t0 and t1 for
 *         a timer with t2-t6, a0, a1 in the guest's struct), each ending
 *         in 32-bit accounting and LPSW back into a guest:
 *           LPSW imm(x0) in virtual supervisor mode (every guest trap
 *           handler returns with it; its block comes first, so that the
 *           entry's branch to it is guessed taken): the operand checked
 *           through the real R the guest ran under (the virtual R composed
 *           with the partition), the virtual PSW loaded, the real R
 *           composed;
 *           LW/SW that faulted on a virtual device register bare vm74 would
 *           allow: console STATUS, RXDATA and TXDATA (but a byte that ends
 *           a line), TIME, CMP and CYCLE loads (vdev.c), CMP stores that
 *           need no new real timer setting; rd or rs2 through a table of
 *           one entry per register (t5 is parked too where it is needed);
 *           a TIMER trap whose guest keeps the CPU, or whose slice is over
 *           and the next ready guest is another (t2-t6, a0, a1 parked
 *           too; its block comes before the entry too): the virtual
 *           interrupt reflected if due, the real timer armed, and for a
 *           switch every register of the one guest saved and of the other
 *           loaded.
 *         Anything else (a fault to reflect, IE turned on while the real
 *         timer does not cover the virtual deadline, a CMP store that
 *         brings the deadline nearer, INSTRET, a switch while a guest
 *         waits, ...) goes to the C path before anything is changed.
 *   C     every register saved in the running guest's struct guest (the
 *         low-core word LC_CURRENT), then vmm_trap() (trap.c); a guest switch
 *         only changes that one pointer.
 * Built with VMM_FAST_PATHS=0 (vmm-nofast.elf) every trap takes the C path:
 * the same guests must end the same (test_vmm), which checks the fast paths
 * against the C code.
 */
#include "vm74_arch.h"
#include "vm74_insn.h" /* INSN_F3_WORD */
#include "vmm_layout.h"
#include "vmm_report.h"

VM74_DEVICE_REGISTER_SYMBOLS

    /* The low-core words, as symbols for C. */
    .globl vmm_lc_enter_psw, vmm_lc_current, vmm_lc_instret_mark, vmm_lc_instret_split
    .globl vmm_lc_enter_time, vmm_lc_trap_time, vmm_lc_exit_time
    .globl vmm_lc_timer_covered, vmm_lc_vmm_mark
    .equ vmm_lc_enter_psw, LC_ENTER_PSW
    .equ vmm_lc_enter_time, LC_ENTER_TIME
    .equ vmm_lc_trap_time, LC_TRAP_TIME
    .equ vmm_lc_exit_time, LC_EXIT_TIME
    .equ vmm_lc_instret_mark, LC_INSTRET_MARK
    .equ vmm_lc_instret_split, LC_INSTRET_SPLIT
    .equ vmm_lc_timer_covered, LC_TIMER_COVERED
    .equ vmm_lc_vmm_mark, LC_VMM_MARK
    .equ vmm_lc_current, LC_CURRENT

/* A PRIVILEGED trap's word is LPSW with rd = x0 or the one WFI word
 * (docs/isa.md §4.3, §5: ILLEGAL comes first): it is LPSW imm(x0) with imm
 * >= 0 and a multiple of 4 exactly when these bits are 0: imm's sign and
 * low two bits, rs1, and funct3 (VM74_F3_LPSW is 0, WFI's is 1). */
#define LPSW_NOT_FAST_BITS (0x80000000 | (3 << 20) | (0x1f << 15) | (7 << 12))
    .if VM74_F3_LPSW != 0
    .error "LPSW's funct3 is not 0"
    .endif

    .text
    .balign 4
    .globl vmm_trap_entry
#if VMM_FAST_PATHS
/* ---- LPSW imm(x0) in virtual supervisor mode ------------------------------ */

/*
 * Placed before the entry, so that the entry's branch here is backward:
 * the fetch guesses it taken.  Four registers: t0 (the guest, g) and t1
 * are parked by the entry, t2 and t3 here; the trap time is read again
 * from low core rather than kept in a fifth.
 *
 * The operand a = imm, n = 16 (docs/isa.md §2), through the real R the
 * guest trapped under: the virtual R composed with the partition
 * (vm_map_real_psw), so a + 16 within its bound is exactly "within the
 * virtual bound and inside the partition", and its base + a is the
 * operand.  A negative a lies past every partition.  A fault is reflected
 * by the C path, which sees the trap untouched.
 */
lpsw_fast:                          /* t0 and t1 parked; both free */
    lw      t1, VM74_LC_INFO(x0)    /* the instruction word */
    lw      t0, LC_CURRENT(x0)      /* t0 = g from here on */
    sw      t2, LC_PARK+4(x0)
    sw      t3, LC_PARK+8(x0)
    li      t3, LPSW_NOT_FAST_BITS  /* one LUI */
    and     t2, t1, t3
    bnez    t2, lpsw_slow           /* WFI, through a register, negative or misaligned */
    srli    t1, t1, 20              /* a */
    lw      t2, VM74_LC_OLD_BOUND(x0)
    addi    t3, t1, VM74_PSW_SIZE
    bltu    t2, t3, lpsw_slow       /* past the virtual bound or the partition */
    lw      t2, VM74_LC_OLD_BASE(x0)
    lw      t3, GUEST_V_M(t0)
    add     t1, t1, t2              /* t1 = the operand, physical */
    beqz    t3, lpsw_slow           /* virtual user mode: reflected */
    lw      t2, 0(t1)               /* t2 = flags */
    /* IE = 1 must not outrun the virtual timer: the real CMP has to fire by
     * its deadline (sched.c timer_arm), or the C path sees to it. */
    lw      t3, LC_TIMER_COVERED(x0)
    beqz    t3, lpsw_uncovered

    /* Commit: the virtual PSW, then the real one (vm_map.h vm_map_real_psw;
     * its flags word is always user mode, IE = 1).  The virtual P is not
     * stored: nothing reads it before the guest's next trap, which saves
     * the real P (trap.c).  A load right behind a store waits for the
     * store's write (docs/rtl.md), so the two alternate where they can. */
lpsw_commit:
    lw      t3, 4(t1)
    sw      t3, LC_ENTER_PSW+VM74_PSW_P(x0)
    andi    t3, t2, VM74_FLAG_SUPERVISOR
    bnez    t3, lpsw_psw            /* M stays supervisor */
    /* Into virtual user mode: the user-mode instructions since the last
     * count are this guest's in virtual supervisor mode, those from here
     * on in virtual user mode.  The split is kept, and the next count
     * (COUNT_NATIVE, account_trap) charges both: every way back into
     * virtual supervisor mode goes through one. */
    lui     t3, %hi(VM74_PERF_INSTRET_U_LO)
    lw      t3, %lo(VM74_PERF_INSTRET_U_LO)(t3)
    sw      x0, GUEST_V_M(t0)
    sw      t3, LC_INSTRET_SPLIT(x0)
lpsw_psw:
    srli    t2, t2, 1
    lw      t3, 12(t1)              /* t3 = b */
    lw      t1, 8(t1)
    andi    t2, t2, 1               /* IE */
    sw      t2, GUEST_V_IE(t0)
    andi    t1, t1, -4              /* t1 = l: bits 1:0 ignored (VM74_BASE_MASK) */
    lw      t2, GUEST_SIZE(t0)
    sw      t1, GUEST_V_L(t0)
    sw      t3, GUEST_V_B(t0)
    bgeu    t1, t2, lpsw_l_past
    sub     t2, t2, t1              /* size - l */
    bgeu    t3, t2, lpsw_b_cut
lpsw_bound:
    lw      t2, GUEST_BASE(t0)
    sw      t3, LC_ENTER_PSW+VM74_PSW_BOUND(x0)
    add     t1, t2, t1
lpsw_base:                          /* t1 = the real base */
    lw      t2, LC_ENTER_TIME(x0)
    lw      t3, LC_TRAP_TIME(x0)
    sw      t1, LC_ENTER_PSW+VM74_PSW_BASE(x0)

    /* Accounting in 32 bits (account.c), as fast_return does for the
     * device accesses, with three registers.  The VMM's cycles are not
     * added here: they are the guest's real time less its stretches
     * (LC_VMM_MARK), settled as it leaves the CPU. */
    sub     t2, t3, t2              /* the stretch on the CPU */
    lw      t1, GUEST_ACC_MAX(t0)
    bltu    t1, t2, lpsw_longer
lpsw_counted:
    lw      t1, GUEST_ACC_RUN(t0)
    add     t1, t1, t2
    lw      t2, GUEST_ACC_FAST_LPSW(t0)
    sw      t1, GUEST_ACC_RUN(t0)
    addi    t2, t2, 1
    sw      t2, GUEST_ACC_FAST_LPSW(t0)
    lui     t1, %hi(VM74_TIMER_TIME_LO)
    lw      t1, %lo(VM74_TIMER_TIME_LO)(t1) /* last thing: the guest's time starts */
    sw      t1, LC_ENTER_TIME(x0)
    lw      t1, LC_PARK+0(x0)
    lw      t2, LC_PARK+4(x0)
    lw      t3, LC_PARK+8(x0)
    lw      t0, LC_PARK_T0(x0)
    .insn i VM74_OPC_CUSTOM0, VM74_F3_LPSW, x0, LC_ENTER_PSW(x0)

/* The rarer branches, out of line: the static guess (forward not taken)
 * then costs nothing on the common path. */
lpsw_uncovered:                     /* IE = 1 goes to the C path */
    andi    t3, t2, VM74_FLAG_IE
    beqz    t3, lpsw_commit
lpsw_slow:                          /* nothing changed: the C path */
    lw      t2, LC_PARK+4(x0)
    lw      t3, LC_PARK+8(x0)
    j       slow_t1
lpsw_l_past:                        /* l past the partition: nothing allowed */
    sw      x0, LC_ENTER_PSW+VM74_PSW_BOUND(x0)
    lw      t1, GUEST_BASE(t0)
    j       lpsw_base
lpsw_b_cut:                         /* cut at the partition's end */
    mv      t3, t2
    j       lpsw_bound
lpsw_longer:
    sw      t2, GUEST_ACC_MAX(t0)
    j       lpsw_counted

/* Virtual time (account_vtime): vclock + acc.run + the stretch this trap
 * ended, which the accounting adds to acc.run on the way out.  \lo and
 * (if given) \hi get it; \tmp is clobbered. */
.macro VNOW lo, hi, tmp
    lw      \lo, LC_TRAP_TIME(x0)
    lw      \tmp, LC_ENTER_TIME(x0)
    sub     \lo, \lo, \tmp
    lw      \tmp, GUEST_ACC_RUN(t0)
    add     \lo, \lo, \tmp
    lw      \tmp, GUEST_VCLOCK(t0)
    add     \lo, \lo, \tmp
    .ifnb \hi
    sltu    \hi, \lo, \tmp         /* the carry */
    lw      \tmp, GUEST_VCLOCK+4(t0)
    add     \hi, \hi, \tmp
    .endif
.endm

/* t0 = g, t4 = the path's count of traps; t2-t4 come back from \t2at,
 * \t3at and \t4at, t1 and t0 from low core.  The VMM's cycles are not
 * added here: they are the guest's real time less its stretches
 * (LC_VMM_MARK), settled as it leaves the CPU. */
.macro FAST_RETURN t2at, t3at, t4at
    lw      t1, LC_ENTER_TIME(x0)
    lw      t2, LC_TRAP_TIME(x0)
    lw      t3, GUEST_ACC_MAX(t0)
    sub     t1, t2, t1              /* the stretch on the CPU */
    bltu    t3, t1, longer_stretch\@
stretch_done\@:                     /* no load right behind a store */
    lw      t3, GUEST_ACC_RUN(t0)
    add     t3, t3, t1
    lw      t1, 0(t4)
    sw      t3, GUEST_ACC_RUN(t0)
    addi    t1, t1, 1
    sw      t1, 0(t4)
    lui     t1, %hi(VM74_TIMER_TIME_LO)
    lw      t1, %lo(VM74_TIMER_TIME_LO)(t1) /* last thing: the guest's time starts */
    sw      t1, LC_ENTER_TIME(x0)
    lw      t1, LC_PARK+0(x0)
    lw      t2, \t2at
    lw      t3, \t3at
    lw      t4, \t4at
    lw      t0, LC_PARK_T0(x0)
    .insn i VM74_OPC_CUSTOM0, VM74_F3_LPSW, x0, LC_ENTER_PSW(x0)
/* The rarer branch, out of line: the static guess (forward not taken)
 * then costs nothing on the common path. */
longer_stretch\@:
    sw      t1, GUEST_ACC_MAX(t0)
    j       stretch_done\@
.endm

/* ---- A timer interrupt ------------------------------------------------------ */

/* Placed before the entry too, so that the entry's branch here is
 * backward, as the LPSW path's is. */

/*
 * sched.c's work for a TIMER trap (sched_trap, sched_resume), as far as a
 * trap needs no more: the slice goes on, or it is over and the next ready
 * guest in round robin is another.  Either way the virtual interrupt of
 * the guest entered is reflected if it is due and its virtual IE = 1
 * (reflect.c), and the real timer armed for its slice's end or its virtual
 * deadline (timer_arm).  The C path, before anything is changed, when the
 * guest has a budget, retired nothing since the last count (the entry's
 * slack doubles), or for a switch when a guest waits, a delta is due to be
 * folded, no other guest is ready or the next one's quantum is under the
 * slack.  t2-t6, a0 and a1 are parked in the guest's struct.
 */

/* The registers the timer path parks, besides t0 and t1, in guest t0's
 * struct, where a switch saves them; TIMER_UNPARK puts back four, the
 * path's tail t2-t4. */
.macro TIMER_PARK
    sw      t2, GUEST_X+4*7(t0)
    sw      t3, GUEST_X+4*28(t0)
    sw      t4, GUEST_X+4*29(t0)
    sw      t5, GUEST_X+4*30(t0)
    sw      t6, GUEST_X+4*31(t0)
    sw      a0, GUEST_X+4*10(t0)
    sw      a1, GUEST_X+4*11(t0)
.endm
.macro TIMER_UNPARK
    lw      t5, GUEST_X+4*30(t0)
    lw      t6, GUEST_X+4*31(t0)
    lw      a0, GUEST_X+4*10(t0)
    lw      a1, GUEST_X+4*11(t0)
.endm

/* The guest t0 retired INSTRET_U (t6) - the last count: up to the split
 * (the LPSW path's, or the mark) in virtual supervisor mode, the rest in
 * its virtual mode (account_trap); t6, \x and \y are clobbered. */
.macro COUNT_NATIVE x, y
    lw      \x, LC_INSTRET_MARK(x0)
    lw      \y, LC_INSTRET_SPLIT(x0)
    sw      t6, LC_INSTRET_MARK(x0)
    sw      t6, LC_INSTRET_SPLIT(x0)
    sub     \x, \y, \x
    sub     t6, t6, \y
    lw      \y, GUEST_ACC_NATIVE+4*VM74_MODE_SUPERVISOR(t0)
    add     \y, \y, \x
    lw      \x, GUEST_V_M(t0)      /* not right behind a store: it would wait */
    sw      \y, GUEST_ACC_NATIVE+4*VM74_MODE_SUPERVISOR(t0)
    slli    \x, \x, 2              /* supervisor: the word just stored */
    add     \x, \x, t0
    lw      \y, GUEST_ACC_NATIVE(\x)
    add     \y, \y, t6
    sw      \y, GUEST_ACC_NATIVE(\x)
.endm

/* Guest t0's virtual interrupt, due (reflect_trap), if its virtual IE = 1;
 * t6 = 0 (not covered); on at \done. */
.macro VIRQ_DELIVER done
    li      t6, 0                   /* due: not covered */
    lw      t1, GUEST_V_IE(t0)
    beqz    t1, \done
    /* The virtual interrupt (reflect_trap): the virtual old PSW, cause and
     * info into the guest's low core; supervisor, IE 0, R = (0, all), P =
     * its vector; the real R the partition (vm_map_real_psw).  a0 and a1
     * are free here; no load right behind a store. */
    lw      t1, GUEST_BASE(t0)      /* t1 = the guest's low core */
    lw      t3, GUEST_V_M(t0)
    lw      a0, LC_ENTER_PSW+VM74_PSW_P(x0)
    lw      a1, GUEST_V_L(t0)
    ori     t3, t3, VM74_FLAG_IE
    sw      t3, VM74_LC_OLD_FLAGS(t1)
    sw      a0, VM74_LC_OLD_P(t1)
    sw      a1, VM74_LC_OLD_BASE(t1)
    li      t3, VM74_CAUSE_TIMER
    lw      a0, GUEST_V_B(t0)
    lw      a1, VM74_LC_VECTOR(t1)
    sw      t3, VM74_LC_CAUSE(t1)
    sw      x0, VM74_LC_INFO(t1)
    sw      a0, VM74_LC_OLD_BOUND(t1)
    sw      a1, GUEST_V_P(t0)
    sw      a1, LC_ENTER_PSW+VM74_PSW_P(x0)
    li      t3, VM74_MODE_SUPERVISOR
    lw      a0, GUEST_SIZE(t0)
    lw      a1, GUEST_REP(t0)
    sw      t3, GUEST_V_M(t0)
    li      t3, VM74_BOUND_ALL
    sw      t3, GUEST_V_B(t0)
    sw      x0, GUEST_V_IE(t0)
    sw      x0, GUEST_V_L(t0)
    sw      t1, LC_ENTER_PSW+VM74_PSW_BASE(x0)
    addi    a1, a1, VMM_REPORT_REFLECTED+4*VM74_CAUSE_TIMER
    lw      t3, 0(a1)
    sw      a0, LC_ENTER_PSW+VM74_PSW_BOUND(x0)
    addi    t3, t3, 1
    sw      t3, 0(a1)
    j       \done
.endm

/*
 * Guest t0, its virtual CMP in \vhi:\vlo (loaded by the caller, where a
 * load does not wait behind a store), is entered with time a1:a0, t2 = the
 * rest of its slice (over the slack t4), t5 = &sched_shared and its real
 * PSW in LC_ENTER_PSW: its virtual interrupt if due and IE = 1, then the
 * real CMP at t + run from real TIME t; t6 is left pointing at the timer's
 * registers.  The real CMP this trap came from is behind t (the timer is
 * pending while TIME >= CMP), so timer_arm would set it anew as well.
 * With \due_at the due case is out of line, where the caller puts
 * VIRQ_DELIVER \armed: a switch seldom enters a guest whose deadline has
 * passed, while a timer trap that keeps its guest mostly finds it due.
 */
.macro DELIVER_AND_ARM vlo, vhi, due_at, armed
    .ifb \due_at
    bltu    a1, \vhi, 2f
    bne     a1, \vhi, 1f
    bltu    a0, \vlo, 2f
1:  VIRQ_DELIVER 4f
    .else
    bltu    \vhi, a1, \due_at
    bne     \vhi, a1, 2f
    bgeu    a0, \vlo, \due_at
    .endif
2:  sltu    t6, \vlo, a0            /* ahead: the deadline may come first */
    sub     \vhi, \vhi, a1
    sub     \vhi, \vhi, t6
    li      t6, 1                   /* covered */
    bnez    \vhi, 4f               /* 2^32 away or more: the slice ends first */
    sub     \vlo, \vlo, a0          /* to the deadline */
    sub     t3, t2, t4
    bgeu    \vlo, t3, 4f
    add     t2, t4, \vlo            /* run = slack + to the deadline */
4:
    .ifnb \armed
\armed:
    .endif
    sw      t6, LC_TIMER_COVERED(x0)
    lui     t6, %hi(VM74_TIMER_TIME_LO) /* t6 = the timer's registers */
    lw      t1, %lo(VM74_TIMER_TIME_LO)(t6) /* t1 = t's low word (time_now) */
    lw      t3, SHARED_TIME_LAST(t5)
    lw      a1, SHARED_TIME_LAST+4(t5)
    sltu    t3, t1, t3
    add     a1, a1, t3              /* a1 = t's high word */
    sw      t1, SHARED_TIME_LAST(t5)
    sw      a1, SHARED_TIME_LAST+4(t5)
    add     t2, t1, t2              /* t + run */
    sltu    t3, t2, t1
    add     a1, a1, t3
    sw      t2, SHARED_REAL_CMP(t5)
    sw      a1, SHARED_REAL_CMP+4(t5)
    /* Low word, then high: with IE = 0 the level in between is no one's. */
    sw      t2, %lo(VM74_TIMER_CMP_LO)(t6)
    sw      a1, %lo(VM74_TIMER_CMP_HI)(t6)
    .if ((VM74_TIMER_CMP_LO | VM74_TIMER_CMP_HI) ^ VM74_TIMER_TIME_LO) & ~0x7ff
    .error "TIME and CMP are not one lui apart"
    .endif
.endm

not_device:                         /* t1 = cause - LOAD_FAULT */
    addi    t1, t1, VM74_CAUSE_LOAD_FAULT - VM74_CAUSE_TIMER
    bnez    t1, slow_t1
    lw      t0, LC_CURRENT(x0)      /* t0 = g */
    lw      t1, GUEST_BUDGET(t0)
    TIMER_PARK
    lui     t6, %hi(VM74_PERF_INSTRET_U_LO)
    bnez    t1, timer_slow
    lw      t6, %lo(VM74_PERF_INSTRET_U_LO)(t6) /* t6 = INSTRET_U */
    lw      t1, LC_INSTRET_SPLIT(x0) /* nothing since the last count or split */
    beq     t6, t1, timer_slow
    VNOW    a0, a1, t1              /* a1:a0 = the guest's time */
    lui     t5, %hi(sched_shared)
    addi    t5, t5, %lo(sched_shared)
    lw      t4, SHARED_SLACK(t5)
    lw      t2, SHARED_SLICE_END(t5)
    lw      t3, SHARED_SLICE_END+4(t5)
    sltu    t1, t2, a0
    sub     t2, t2, a0              /* t2 = run: the slice's rest, */
    sub     t3, t3, a1
    sub     t3, t3, t1
    bnez    t3, timer_switch        /* under 2^31 while it lasts */
    bgeu    t4, t2, timer_switch    /* over (slice_over) */
    COUNT_NATIVE t1, t3
    lw      t6, VM74_LC_OLD_P(x0)   /* back where it was */
    lw      t1, GUEST_VCMP(t0)
    lw      t3, GUEST_VCMP+4(t0)
    sw      t6, LC_ENTER_PSW+VM74_PSW_P(x0)
    DELIVER_AND_ARM t1, t3
    addi    t4, t0, GUEST_ACC_FAST_TIMER /* apart from CMP's store: no wait */
    TIMER_UNPARK
    FAST_RETURN GUEST_X+4*7(t0), GUEST_X+4*28(t0), GUEST_X+4*29(t0)

/* The slice is over: to the next ready guest (sched_resume, pick_next). */
timer_switch:
    lw      t1, SHARED_WAITING(t5)
    lw      t2, SHARED_FOLD_TIME(t5)
    bnez    t1, timer_slow          /* someone's WFI may be over */
    lw      t1, LC_TRAP_TIME(x0)
    sub     t2, t1, t2
    srli    t2, t2, ACCOUNT_FOLD_SHIFT
    bnez    t2, timer_slow          /* deltas to fold (sched.c fold_if_due) */
    lw      t1, GUEST_VCLOCK(t0)
    lw      t3, GUEST_ACC_RUN(t0)
    sub     a0, a0, t1              /* a0 = run with the stretch (time - clock) */
    sub     t3, a0, t3              /* t3 = the stretch on the CPU */
    lw      t1, SHARED_END(t5)      /* next_ready: a1 */
    mv      a1, t0
timer_next_guest:
    addi    a1, a1, GUEST_SIZEOF
    bgeu    a1, t1, timer_wrap
timer_is_ready:
    lw      t2, GUEST_STATE(a1)
    bnez    t2, timer_not_ready     /* (g is ready, so this ends) */
    beq     a1, t0, timer_slow      /* g alone: a new slice, in C */
    lw      t2, GUEST_QUANTUM(a1)   /* t2 = its run */
    bgeu    t4, t2, timer_slow

    /* Committed: g's registers (t0 and t1 from low core; t2-t6, a0, a1
     * are there already), its count, P, stretch on the CPU and trap.  s11
     * keeps it to the end; every other register but t2-t5, a0 and a1 is
     * free.  Loads go before stores where they can: a load right behind a
     * store waits. */
    lw      t1, LC_PARK_T0(x0)
    .irp n, 1,2,3,4,8,9,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27
    sw      x\n, GUEST_X+4*\n(t0)
    .endr
    mv      s11, t0
    lw      s0, LC_PARK+0(x0)
    lw      s1, VM74_LC_OLD_P(x0)
    lw      s2, GUEST_ACC_MAX(t0)
    lw      s3, GUEST_ACC_FAST_TIMER(t0)
    lw      s10, LC_VMM_MARK(x0)
    lw      a2, GUEST_ACC_FAST_VMM(t0)
    sw      t1, GUEST_X+4*5(t0)
    sw      s0, GUEST_X+4*6(t0)
    sw      s1, GUEST_V_P(t0)
    sw      a0, GUEST_ACC_RUN(t0)
    addi    s3, s3, 1
    add     s10, s10, a0            /* g's fast stints: next entry - s10 */
    sw      s3, GUEST_ACC_FAST_TIMER(t0)
    bltu    s2, t3, timer_longer
timer_max_done:
    COUNT_NATIVE s0, s1

    /* The next guest (switch_to, slice_begin, vm_map_real_psw). */
    mv      t0, a1
    lw      s0, GUEST_ACC_RUN(t0)   /* a1:a0 = its time (account_vtime) */
    lw      t1, GUEST_VCLOCK(t0)
    lw      s1, GUEST_VCLOCK+4(t0)
    lw      s2, GUEST_REP(t0)
    lw      s4, GUEST_V_P(t0)
    lw      s5, GUEST_V_L(t0)
    lw      s6, GUEST_V_B(t0)
    lw      s7, GUEST_SIZE(t0)
    lw      t6, GUEST_BASE(t0)
    lw      s8, GUEST_VCMP(t0)
    lw      s9, GUEST_VCMP+4(t0)
    lw      s3, VMM_REPORT_SLICES(s2)
    sw      t0, LC_CURRENT(x0)
    add     a0, s0, t1
    sltu    a1, a0, t1
    add     a1, a1, s1
    add     t1, a0, t2              /* its slice's end */
    sltu    t3, t1, a0
    add     t3, t3, a1
    sw      t1, SHARED_SLICE_END(t5)
    sw      t3, SHARED_SLICE_END+4(t5)
    addi    s3, s3, 1
    sw      s3, VMM_REPORT_SLICES(s2)
    sw      s4, LC_ENTER_PSW+VM74_PSW_P(x0)
    bgeu    s5, s7, timer_l_past
    sub     t3, s7, s5              /* size - l */
    add     t6, t6, s5              /* base + l */
    bltu    s6, t3, timer_b_inside  /* commoner: past it, as (0, all) is */
timer_bound:
    sw      t3, LC_ENTER_PSW+VM74_PSW_BOUND(x0)
timer_r_done:
    sw      t6, LC_ENTER_PSW+VM74_PSW_BASE(x0)
    DELIVER_AND_ARM s8, s9, timer_sw_due, timer_sw_armed
    lw      t1, %lo(VM74_TIMER_TIME_LO)(t6) /* last thing: its time starts */
    sw      t1, LC_ENTER_TIME(x0)
    sub     t2, t1, s10             /* g's VMM cycles since its mark, settled */
    sub     t3, t1, s0              /* the next guest's mark */
    add     a2, a2, t2
    sw      t3, LC_VMM_MARK(x0)
    sw      a2, GUEST_ACC_FAST_VMM(s11)
    j       load_guest_t0
timer_sw_due:
    VIRQ_DELIVER timer_sw_armed

timer_b_inside:
    mv      t3, s6                  /* b, if inside the partition */
    j       timer_bound
timer_l_past:                       /* l past the partition: nothing allowed */
    sw      x0, LC_ENTER_PSW+VM74_PSW_BOUND(x0)
    j       timer_r_done
timer_longer:
    sw      t3, GUEST_ACC_MAX(t0)
    j       timer_max_done
timer_wrap:
    lw      a1, SHARED_FIRST(t5)
    j       timer_is_ready
timer_not_ready:
    j       timer_next_guest
timer_slow:
    TIMER_UNPARK
    lw      t2, GUEST_X+4*7(t0)
    lw      t3, GUEST_X+4*28(t0)
    lw      t4, GUEST_X+4*29(t0)
    j       slow_t1

#endif /* VMM_FAST_PATHS */

vmm_trap_entry:
    sw      t0, LC_PARK_T0(x0)
    lui     t0, %hi(VM74_TIMER_TIME_LO) /* first thing: the guest's time ends */
    lw      t0, %lo(VM74_TIMER_TIME_LO)(t0)
    sw      t0, LC_TRAP_TIME(x0)
#if VMM_FAST_PATHS
    sw      t1, LC_PARK+0(x0)
    li      t1, VM74_CAUSE_PRIVILEGED /* apart: a load right behind a store waits */
    lw      t0, VM74_LC_CAUSE(x0)
    beq     t0, t1, lpsw_fast       /* backward: guessed taken */
    addi    t1, t0, -VM74_CAUSE_LOAD_FAULT
    andi    t0, t1, ~(VM74_CAUSE_STORE_FAULT - VM74_CAUSE_LOAD_FAULT)
    /* Backward, guessed taken: a timer trap (and the C path's causes)
     * goes on at once, and a device access pays the wrong guess, 3
     * cycles of a path far under its goal (docs/vmm.md "Figures"). */
    bnez    t0, not_device          /* neither LOAD_FAULT nor STORE_FAULT */
    .if VM74_CAUSE_STORE_FAULT - VM74_CAUSE_LOAD_FAULT != 2
    .error "the two fault causes no longer differ in one bit"
    .endif

/* ---- A device access: LW/SW to a virtual device register (vdev.c) -------- */

    sw      t2, LC_PARK+4(x0)
    sw      t3, LC_PARK+8(x0)
    sw      t4, LC_PARK+12(x0)
    lw      t2, VM74_LC_OLD_P(x0)   /* the instruction, physical: its fetch */
    lw      t3, VM74_LC_OLD_BASE(x0) /* succeeded under the real R */
    add     t2, t2, t3
    lw      t2, 0(t2)               /* t2 = the instruction word */
    /* LW or SW: a load fault comes from a load or from LPSW (funct3 0), a
     * store fault from a store, so funct3 alone tells. */
    lui     t3, 7                   /* funct3, bits 14:12 */
    and     t3, t2, t3
    lui     t4, INSN_F3_WORD
    bne     t3, t4, slow_parked     /* devices take LW and SW only */
    bnez    t1, dev_store

/* a + 4 within the virtual bound, l + a not wrapping (emulate.c); then
 * t0 = g and t1 = the register's offset from VM74_MMIO_BASE. */
.macro DEVICE_OFFSET
    lw      t1, VM74_LC_INFO(x0)    /* a */
    addi    t3, t1, 4
    bltu    t3, t1, slow_parked
    lw      t0, LC_CURRENT(x0)
    lw      t4, GUEST_V_B(t0)
    bltu    t4, t3, slow_parked
    lw      t4, GUEST_V_L(t0)
    add     t1, t1, t4
    bltu    t1, t4, slow_parked
    li      t4, VM74_MMIO_BASE
    sub     t1, t1, t4
.endm
    DEVICE_OFFSET

    /* Loads, the commonest first; the value into t3. */
    li      t4, VM74_UART_STATUS - VM74_MMIO_BASE
    bne     t1, t4, 1f
    lw      t1, GUEST_SETUP(t0)
    lw      t1, VMM_SETUP_INPUT_LEN(t1)
    lw      t4, GUEST_IN_POS(t0)
    sltu    t3, t4, t1              /* input left: RX_READY (bit 0) */
    .if VM74_UART_STATUS_RX_READY != 1
    .error "STATUS's RX_READY is not bit 0"
    .endif
    ori     t3, t3, VM74_UART_STATUS_TX_READY
    j       dev_loaded
1:  li      t4, VM74_TIMER_TIME_LO - VM74_MMIO_BASE
    beq     t1, t4, ld_time_lo
    addi    t4, t4, 4
    beq     t1, t4, ld_time_hi
    addi    t4, t4, 4
    beq     t1, t4, ld_cmp_lo
    addi    t4, t4, 4
    beq     t1, t4, ld_cmp_hi
    li      t4, VM74_PERF_CYCLE_LO - VM74_MMIO_BASE
    beq     t1, t4, ld_time_lo
    addi    t4, t4, 4
    beq     t1, t4, ld_time_hi
    li      t4, VM74_UART_RXDATA - VM74_MMIO_BASE
    bne     t1, t4, slow_parked     /* INSTRET and the rest: the C path */
    lw      t4, GUEST_IN_POS(t0)
    lw      t1, GUEST_SETUP(t0)
    lw      t3, VMM_SETUP_INPUT_LEN(t1)
    bgeu    t4, t3, ld_rx_empty
    lw      t1, VMM_SETUP_INPUT(t1)
    add     t1, t1, t4
    lbu     t3, 0(t1)
    addi    t4, t4, 1
    sw      t4, GUEST_IN_POS(t0)
    j       dev_loaded
ld_rx_empty:
    li      t3, VM74_UART_RX_EMPTY
    j       dev_loaded

ld_time_lo:
    VNOW    t3, , t4
    j       dev_loaded
ld_time_hi:
    VNOW    t1, t3, t4
    j       dev_loaded
ld_cmp_lo:
    lw      t3, GUEST_VCMP(t0)
    j       dev_loaded
ld_cmp_hi:
    lw      t3, GUEST_VCMP+4(t0)

/* t3 into rd (the instruction's bits 11:7) through the table, then on. */
dev_loaded:
    srli    t4, t2, 7 - 3
    andi    t4, t4, 31 << 3
    lui     t1, %hi(write_rd)
    add     t1, t1, t4
    jalr    x0, %lo(write_rd)(t1)
rd_written:
    addi    t4, t0, GUEST_ACC_FAST_DEV
    j       dev_done

/* Stores: TXDATA, a byte that does not end its line (console_put; the C
 * path flushes lines), and CMP when the real timer needs no new setting. */
dev_store:
    DEVICE_OFFSET
    beqz    t1, 1f
    li      t4, VM74_TIMER_CMP_LO - VM74_MMIO_BASE
    beq     t1, t4, 1f
    li      t4, VM74_TIMER_CMP_HI - VM74_MMIO_BASE
    bne     t1, t4, slow_parked
1:  srli    t4, t2, 20 - 3          /* rs2 (bits 24:20) through the table */
    andi    t4, t4, 31 << 3
    lui     t2, %hi(read_rs2)
    add     t2, t2, t4
    jalr    x0, %lo(read_rs2)(t2)
rs2_read:                           /* t3 = the guest's x[rs2] */
    bnez    t1, st_cmp
    andi    t3, t3, 0xff
    li      t4, '\n'
    beq     t3, t4, slow_parked
    lw      t1, GUEST_LINE_LEN(t0)
    li      t4, VMM_LINE_SIZE - 1
    beq     t1, t4, slow_parked
    add     t4, t1, t0
    sb      t3, GUEST_LINE(t4)
    addi    t1, t1, 1
    sw      t1, GUEST_LINE_LEN(t0)
    lw      t1, GUEST_REP(t0)
    lw      t4, VMM_REPORT_TRANSCRIPT_LEN(t1)
    addi    t4, t4, 1
    sw      t4, VMM_REPORT_TRANSCRIPT_LEN(t1)
    /* hash = (hash ^ c) * VMM_FNV1A_PRIME, 2^40 + PRIME_LO, in halves */
    sw      t5, LC_PARK+16(x0)
    li      t5, VMM_FNV1A_PRIME_LO
    lw      t4, VMM_REPORT_TRANSCRIPT_HASH(t1)
    xor     t3, t3, t4              /* t3 = lo */
    lw      t2, VMM_REPORT_TRANSCRIPT_HASH+4(t1)
    mul     t2, t2, t5              /* hi * PRIME_LO */
    mulhu   t4, t3, t5
    add     t2, t2, t4              /* + the carry out of lo * PRIME_LO */
    slli    t4, t3, 40 - 32
    add     t2, t2, t4              /* + lo * 2^40 */
    mul     t3, t3, t5
    sw      t3, VMM_REPORT_TRANSCRIPT_HASH(t1)
    sw      t2, VMM_REPORT_TRANSCRIPT_HASH+4(t1)
    lw      t5, LC_PARK+16(x0)
    addi    t4, t0, GUEST_ACC_FAST_DEV+FAST_DEV_KIND
    j       dev_done

/*
 * A CMP half: the new deadline (t2 low, t3 high) is the stored half and the
 * other.  The real timer needs no new setting (sched.c timer_arm) when the
 * new deadline is over 2^32 cycles of the guest's time away (the real CMP,
 * within a slice, fires first: covered, not due), or when it is still
 * ahead and the real CMP covered a deadline no later (it fires early: a
 * trap that finds nothing due).  vm74_timer_set_cmp's first two stores
 * (HI = ~0, then LO) are of the first kind; its third, which brings the
 * deadline nearer, goes to the C path, which sets the real timer.
 */
st_cmp:
    li      t4, VM74_TIMER_CMP_LO - VM74_MMIO_BASE
    bne     t1, t4, 1f
    mv      t2, t3
    lw      t3, GUEST_VCMP+4(t0)
    j       2f
1:  lw      t2, GUEST_VCMP(t0)
2:  sw      t5, LC_PARK+16(x0)
    VNOW    t1, t5, t4
    addi    t4, t5, 1
    beqz    t4, st_cmp_slow         /* near 2^64: the C path */
    bltu    t4, t3, st_cmp_far      /* high word past vnow's + 1 */
    bltu    t5, t3, 3f              /* still ahead of vnow? */
    bne     t5, t3, st_cmp_slow
    bgeu    t1, t2, st_cmp_slow
3:  lw      t4, LC_TIMER_COVERED(x0)
    beqz    t4, st_cmp_slow
    lw      t4, GUEST_VCMP+4(t0)    /* no earlier than the covered one? */
    bltu    t3, t4, st_cmp_slow
    bne     t3, t4, st_cmp_set
    lw      t4, GUEST_VCMP(t0)
    bltu    t2, t4, st_cmp_slow
    j       st_cmp_set
st_cmp_far:
    li      t4, 1
    sw      t4, LC_TIMER_COVERED(x0)
st_cmp_set:
    sw      t2, GUEST_VCMP(t0)
    sw      t3, GUEST_VCMP+4(t0)
    lw      t5, LC_PARK+16(x0)
    addi    t4, t0, GUEST_ACC_FAST_DEV+FAST_DEV_KIND
    j       dev_done
st_cmp_slow:
    lw      t5, LC_PARK+16(x0)
    j       slow_parked

/* Either access is done (t4 = &fast_dev[0][its kind]): counted in the
 * guest's virtual mode, P past it, the real R as it was (the guest's
 * composition in LC_ENTER_PSW still holds). */
dev_done:
    lw      t1, GUEST_V_M(t0)
    lw      t3, VM74_LC_OLD_P(x0)
    slli    t1, t1, 3               /* FAST_DEV_MODE */
    .if FAST_DEV_MODE != 8
    .error "fast_dev[m] is not 8 bytes"
    .endif
    addi    t3, t3, 4
    add     t4, t4, t1
    sw      t3, LC_ENTER_PSW+VM74_PSW_P(x0)
    j       fast_return

/* ---- Device accesses: accounting in 32 bits (account.c), back ---------- */

fast_return:
    FAST_RETURN LC_PARK+4(x0), LC_PARK+8(x0), LC_PARK+12(x0)

/* One entry of two instructions per register n: "lw" moves the guest's x[n]
 * into t3, "sw" t3 into it; t0-t4 are parked in low core. */
.macro REG_ENTRY op, n, back
    .if \n == 0
    .ifc \op, lw
    li      t3, 0
    .else
    nop
    .endif
    .elseif \n == 5
    \op    t3, LC_PARK_T0(x0)
    .elseif \n == 6 || \n == 7
    \op    t3, LC_PARK+4*(\n-6)(x0)
    .elseif \n == 28 || \n == 29
    \op    t3, LC_PARK+8+4*(\n-28)(x0)
    .else
    .ifc \op, lw
    mv      t3, x\n
    .else
    mv      x\n, t3
    .endif
    .endif
    j       \back
.endm
    .option push
    .option norelax                 /* fixed sizes: the entries are indexed */
    .balign 8
read_rs2:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    REG_ENTRY lw, \n, rs2_read
    .endr
write_rd:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    REG_ENTRY sw, \n, rd_written
    .endr
    .option pop

/* Not for the fast path: put back what it parked, then the C path. */
slow_parked:
    lw      t2, LC_PARK+4(x0)
    lw      t3, LC_PARK+8(x0)
    lw      t4, LC_PARK+12(x0)
slow_t1:
    lw      t1, LC_PARK+0(x0)
#endif /* VMM_FAST_PATHS */

/* The C path: save all 31 registers, call vmm_trap(). */
slow_t0:
    lw      t0, LC_CURRENT(x0)
    .irp n, 1,2,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sw      x\n, GUEST_X+4*\n(t0)
    .endr
    lw      t1, LC_PARK_T0(x0)
    sw      t1, GUEST_X+4*5(t0)     /* the guest's t0 */
    la      sp, vmm_stack_top       /* the guest's sp means nothing here */
    la      tp, __tls_base          /* picolibc's TLS, whatever tp was */
    call    vmm_trap
    /* fall through: enter the guest the scheduler chose */

/* Load the running guest's registers and its real PSW. */
    .globl vmm_enter_guest
vmm_enter_guest:
    li      t0, VM74_TIMER_TIME_LO  /* last thing: the guest's time starts */
    lw      t0, 0(t0)
    sw      t0, LC_ENTER_TIME(x0)
    sw      t0, LC_EXIT_TIME(x0)    /* the end of the C path's stint */
#if VMM_FAST_PATHS
    lw      t1, LC_CURRENT(x0)
    lw      t2, GUEST_ACC_RUN(t1)
    sub     t2, t0, t2              /* its fast paths' VMM cycles from here */
    sw      t2, LC_VMM_MARK(x0)
    mv      t0, t1
#else
    lw      t0, LC_CURRENT(x0)
#endif
load_guest_t0:                      /* t0 = LC_CURRENT */
    .irp n, 1,2,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lw      x\n, GUEST_X+4*\n(t0)
    .endr
    lw      t0, GUEST_X+4*5(t0)
    .insn i VM74_OPC_CUSTOM0, VM74_F3_LPSW, x0, LC_ENTER_PSW(x0)

    .bss
    .balign 16
vmm_stack:
    .space  VMM_TRAP_STACK_SIZE
vmm_stack_top:
