/*
 * entry.S - the VMM's trap entry and its way back into a guest.
 *
 * A trap from a guest lands here in supervisor mode with R = (0, all) and
 * the guest's real PSW in low core.  No register has changed, so all 31
 * are saved with x0-relative stores to the low-core save area, where they
 * stay for as long as this guest keeps the CPU: the C code reads and writes
 * them there (vmm_lc_regs), and only a guest switch copies them out.
 */
#include "vm74_arch.h"

#define LC_SAVE(n) (VM74_LC_SAVE_AREA + 4 * (n))
#define LC_ENTER_PSW 0x20       /* software part of low core */

    /* The two low-core areas, as symbols for C. */
    .globl vmm_lc_regs, vmm_lc_enter_psw
    .equ vmm_lc_regs, VM74_LC_SAVE_AREA
    .equ vmm_lc_enter_psw, LC_ENTER_PSW

    .text
    .balign 4
    .globl vmm_trap_entry
vmm_trap_entry:
    .irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sw      x\n, LC_SAVE(\n)(x0)
    .endr
    la      sp, vmm_stack_top       /* the guest's sp means nothing here */
    la      tp, __tls_base          /* picolibc's TLS, whatever tp was */
    call    vmm_trap
    /* fall through: enter the guest the scheduler chose */

/* Load the running guest's registers and its real PSW. */
    .globl vmm_enter_guest
vmm_enter_guest:
    .irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lw      x\n, LC_SAVE(\n)(x0)
    .endr
    .insn i VM74_OPC_CUSTOM0, VM74_F3_LPSW, x0, LC_ENTER_PSW(x0)

    .bss
    .balign 16
vmm_stack:
    .space  4096
vmm_stack_top:
