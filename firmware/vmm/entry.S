/*
 * entry.S - the VMM's trap entry and its way back into a guest.
 *
 * A trap from a guest lands here in supervisor mode with R = (0, all) and
 * the guest's real PSW in low core.  No register has changed, so the entry
 * frees one (t0, parked in low core), loads the running guest's register
 * array from the low-core word vmm_lc_current_regs, and saves all 31 there.
 * The C code then works on struct guest alone; a guest switch only changes
 * that one pointer.  TIME is read first thing on the way in and last thing
 * on the way out, so the guest's virtual time leaves out the VMM's work on
 * any backend (sched.c).
 */
#include "vm74_arch.h"

#define LC_ENTER_PSW    0x20    /* the real PSW to enter the guest with */
#define LC_ENTER_TIME   0x70    /* TIME (low word) as a guest is entered */
#define LC_TRAP_TIME    0x74    /* TIME (low word) as its trap arrives */
#define LC_PARK_T0      0x78    /* t0 while the entry needs a register */
#define LC_CURRENT_REGS 0x7c    /* &current->x[0] */

    /* The low-core words, as symbols for C. */
    .globl vmm_lc_enter_psw, vmm_lc_current_regs
    .globl vmm_lc_enter_time, vmm_lc_trap_time
    .equ vmm_lc_enter_psw, LC_ENTER_PSW
    .equ vmm_lc_enter_time, LC_ENTER_TIME
    .equ vmm_lc_trap_time, LC_TRAP_TIME
    .equ vmm_lc_current_regs, LC_CURRENT_REGS

    .text
    .balign 4
    .globl vmm_trap_entry
vmm_trap_entry:
    sw      t0, LC_PARK_T0(x0)
    li      t0, VM74_TIMER_TIME_LO  /* first thing: the guest's time ends */
    lw      t0, 0(t0)
    sw      t0, LC_TRAP_TIME(x0)
    lw      t0, LC_CURRENT_REGS(x0)
    .irp n, 1,2,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sw      x\n, 4*\n(t0)
    .endr
    lw      t1, LC_PARK_T0(x0)
    sw      t1, 4*5(t0)             /* the guest's t0 */
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
    lw      t0, LC_CURRENT_REGS(x0)
    .irp n, 1,2,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lw      x\n, 4*\n(t0)
    .endr
    lw      t0, 4*5(t0)
    .insn i VM74_OPC_CUSTOM0, VM74_F3_LPSW, x0, LC_ENTER_PSW(x0)

    .bss
    .balign 16
vmm_stack:
    .space  4096
vmm_stack_top:
