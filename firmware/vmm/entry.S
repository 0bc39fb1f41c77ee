/*
 * entry.S - the VMM's trap entry and its ways back into a guest.
 *
 * A trap from a guest lands here in supervisor mode with R = (0, all) and
 * the guest's real PSW in low core.  No register has changed.  TIME is read
 * first thing on the way in and last thing on the way out, so the guest's
 * virtual time leaves out the VMM's work on any backend (account.c).
 *
 * Two paths:
 *   fast  the commonest trap, LPSW imm(x0) in virtual supervisor mode (every
 *         guest trap handler returns with it), done here with seven
 *         registers parked in low core: the operand checked through the
 *         virtual R as bare vm74 checks it, the virtual PSW loaded, the real
 *         R composed, 32-bit accounting, back with LPSW.  Anything unusual
 *         (a fault to reflect, IE turned on while the real timer does not
 *         cover the virtual deadline, ...) goes to the C path, untouched.
 *   C     every register saved in the running guest's struct guest (the
 *         low-core word LC_CURRENT), then vmm_trap() (trap.c); a guest switch
 *         only changes that one pointer.
 * Built with VMM_FAST_PATHS=0 (vmm-nofast.elf) every trap takes the C path:
 * the same guests must end the same (test_vmm), which checks the fast paths
 * against the C code.
 */
#include "vm74_arch.h"
#include "vmm_layout.h"

VM74_DEVICE_REGISTER_SYMBOLS

    /* The low-core words, as symbols for C. */
    .globl vmm_lc_enter_psw, vmm_lc_current, vmm_lc_instret_mark
    .globl vmm_lc_enter_time, vmm_lc_trap_time, vmm_lc_exit_time
    .globl vmm_lc_timer_covered
    .equ vmm_lc_enter_psw, LC_ENTER_PSW
    .equ vmm_lc_enter_time, LC_ENTER_TIME
    .equ vmm_lc_trap_time, LC_TRAP_TIME
    .equ vmm_lc_exit_time, LC_EXIT_TIME
    .equ vmm_lc_instret_mark, LC_INSTRET_MARK
    .equ vmm_lc_timer_covered, LC_TIMER_COVERED
    .equ vmm_lc_current, LC_CURRENT

/* LPSW imm(x0): the instruction word's low 20 bits (rs1, funct3, rd, op). */
#define LPSW_X0_LOW20   (VM74_OPC_CUSTOM0 | (VM74_F3_LPSW << 12))

    .text
    .balign 4
    .globl vmm_trap_entry
vmm_trap_entry:
    sw      t0, LC_PARK_T0(x0)
    li      t0, VM74_TIMER_TIME_LO  /* first thing: the guest's time ends */
    lw      t0, 0(t0)
    sw      t0, LC_TRAP_TIME(x0)
#if !VMM_FAST_PATHS
    j       slow_t0
#endif
    sw      t1, LC_PARK+0(x0)
    lw      t1, VM74_LC_CAUSE(x0)
    addi    t1, t1, -VM74_CAUSE_PRIVILEGED
    bnez    t1, slow_t1
    sw      t2, LC_PARK+4(x0)
    sw      t3, LC_PARK+8(x0)
    sw      t4, LC_PARK+12(x0)
    sw      t5, LC_PARK+16(x0)
    sw      t6, LC_PARK+20(x0)
    lw      t1, VM74_LC_INFO(x0)    /* the instruction word */
    slli    t2, t1, 12
    li      t0, LPSW_X0_LOW20 << 12
    bne     t2, t0, slow_parked     /* WFI, or LPSW through a register */
    lw      t0, LC_CURRENT(x0)      /* t0 = g from here on */
    lw      t2, GUEST_V_M(t0)
    beqz    t2, slow_parked         /* virtual user mode: reflected */

    /* The operand a = imm, n = 16, through the virtual R in the partition
     * (docs/isa.md §2); a fault is reflected by the C path. */
    srai    t1, t1, 20
    andi    t2, t1, 3
    bnez    t2, slow_parked         /* misaligned */
    addi    t2, t1, VM74_PSW_SIZE   /* a + 16 */
    bltu    t2, t1, slow_parked     /* wraps */
    lw      t3, GUEST_V_B(t0)
    bltu    t3, t2, slow_parked     /* past the virtual bound */
    lw      t3, GUEST_V_L(t0)
    add     t2, t2, t3              /* l + a + 16 */
    bltu    t2, t3, slow_parked     /* wraps */
    lw      t4, GUEST_SIZE(t0)      /* t4 = size */
    bltu    t4, t2, slow_parked     /* past the partition */
    lw      t5, GUEST_BASE(t0)      /* t5 = base */
    add     t2, t2, t5              /* the operand's physical end */

    /* IE = 1 must not outrun the virtual timer: the real CMP has to fire by
     * its deadline (sched.c timer_arm), or the C path sees to it. */
    lw      t1, -16(t2)             /* t1 = flags */
    andi    t3, t1, VM74_FLAG_IE
    beqz    t3, 1f
    lw      t3, LC_TIMER_COVERED(x0)
    beqz    t3, slow_parked
1:  lw      t3, -12(t2)             /* t3 = P */
    lw      t6, -8(t2)              /* t6 = l, bits 1:0 ignored */
    andi    t6, t6, -4              /* VM74_BASE_MASK */
    lw      t2, -4(t2)              /* t2 = b */

    /* Commit: the virtual PSW, then the real one (vm_map.h vm_map_real_psw;
     * its flags word is always user mode, IE = 1). */
    sw      t3, GUEST_V_P(t0)
    sw      t3, LC_ENTER_PSW+VM74_PSW_P(x0)
    sw      t6, GUEST_V_L(t0)
    sw      t2, GUEST_V_B(t0)
    andi    t3, t1, VM74_FLAG_SUPERVISOR
    sw      t3, GUEST_V_M(t0)
    srli    t1, t1, 1
    andi    t1, t1, 1
    sw      t1, GUEST_V_IE(t0)
    bltu    t6, t4, 2f
    sw      t5, LC_ENTER_PSW+VM74_PSW_BASE(x0)  /* l past the partition: */
    sw      x0, LC_ENTER_PSW+VM74_PSW_BOUND(x0) /* nothing is allowed */
    j       3f
2:  add     t1, t5, t6
    sw      t1, LC_ENTER_PSW+VM74_PSW_BASE(x0)  /* base + l */
    sub     t4, t4, t6
    bltu    t2, t4, 4f
    mv      t2, t4                              /* cut at the partition's end */
4:  sw      t2, LC_ENTER_PSW+VM74_PSW_BOUND(x0)

    /* Accounting, in 32 bits (account.c account_trap, account_fold). */
3:  lw      t1, LC_TRAP_TIME(x0)    /* t1 = trap time */
    lw      t2, LC_ENTER_TIME(x0)
    sub     t2, t1, t2              /* the stretch on the CPU */
    lw      t3, GUEST_ACC_RUN(t0)
    add     t3, t3, t2
    sw      t3, GUEST_ACC_RUN(t0)
    lw      t3, GUEST_ACC_MAX(t0)
    bgeu    t3, t2, 5f
    sw      t2, GUEST_ACC_MAX(t0)
5:  li      t2, VM74_PERF_BASE
    lw      t2, VM74_PERF_INSTRET_U_LO - VM74_PERF_BASE(t2)
    lw      t3, LC_INSTRET_MARK(x0)
    sw      t2, LC_INSTRET_MARK(x0)
    sub     t2, t2, t3              /* retired in virtual supervisor mode */
    lw      t3, GUEST_ACC_NATIVE+4*VM74_MODE_SUPERVISOR(t0)
    add     t3, t3, t2
    sw      t3, GUEST_ACC_NATIVE+4*VM74_MODE_SUPERVISOR(t0)
    lw      t3, GUEST_ACC_LPSW(t0)
    addi    t3, t3, 1
    sw      t3, GUEST_ACC_LPSW(t0)

    /* Back into the same guest; the VMM's cycles are charged to it. */
    li      t2, VM74_TIMER_TIME_LO
    lw      t2, 0(t2)               /* last thing: the guest's time starts */
    sw      t2, LC_ENTER_TIME(x0)
    sub     t2, t2, t1
    lw      t3, GUEST_ACC_VMM(t0)
    add     t3, t3, t2
    sw      t3, GUEST_ACC_VMM(t0)
    lw      t1, LC_PARK+0(x0)
    lw      t2, LC_PARK+4(x0)
    lw      t3, LC_PARK+8(x0)
    lw      t4, LC_PARK+12(x0)
    lw      t5, LC_PARK+16(x0)
    lw      t6, LC_PARK+20(x0)
    lw      t0, LC_PARK_T0(x0)
    .insn i VM74_OPC_CUSTOM0, VM74_F3_LPSW, x0, LC_ENTER_PSW(x0)

/* Not for the fast path: put back what it parked, then the C path. */
slow_parked:
    lw      t2, LC_PARK+4(x0)
    lw      t3, LC_PARK+8(x0)
    lw      t4, LC_PARK+12(x0)
    lw      t5, LC_PARK+16(x0)
    lw      t6, LC_PARK+20(x0)
slow_t1:
    lw      t1, LC_PARK+0(x0)

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
    lw      t0, LC_CURRENT(x0)
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
