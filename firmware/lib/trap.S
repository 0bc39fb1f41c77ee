/*
 * trap.S - trap entry and return for supervisor programs.
 *
 * A trap changes no register, so the entry first saves all of them with
 * x0-relative stores into the low-core save area (0x80 + 4*n).  It then
 * picks a stack, copies the save area and the old PSW, cause and info into
 * a struct trap_frame (vm74_trap.h) there and calls trap_handler(tf).
 * Low core is only a staging area: once the frame is copied, a later trap
 * may overwrite it without harm.
 */
#include "vm74_arch.h"
#include "vm74_trap.h"

#define LC_SAVE(n) (VM74_LC_SAVE_AREA + 4 * (n))

    .text
    .balign 4
    .globl vm74_trap_entry
vm74_trap_entry:
    .irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sw      x\n, LC_SAVE(\n)(x0)
    .endr

    /*
     * Choose the stack.  From user mode sp belongs to the task and is
     * relative to the task's base, so switch to our own trap stack.  From
     * supervisor mode (R = (0, all) by convention) the trap nests: push the
     * frame below the interrupted sp so nothing live is overwritten.
     */
    lw      t0, VM74_LC_OLD_FLAGS(x0)
    andi    t0, t0, VM74_FLAG_SUPERVISOR
    bnez    t0, 1f
    la      sp, vm74_trap_stack_top
1:  addi    sp, sp, -TF_SIZE

    li      t0, VM74_LC_SAVE_AREA   /* copy x0..x31 */
    mv      t1, sp
    li      t2, VM74_LC_SAVE_AREA + 4 * 32
2:  lw      t3, 0(t0)
    sw      t3, 0(t1)
    addi    t0, t0, 4
    addi    t1, t1, 4
    bltu    t0, t2, 2b
    sw      zero, TF_X(0)(sp)       /* the save area's x0 slot is junk */

    .irp off, 0, 4, 8, 12, 16, 20   /* old PSW, cause, info */
    lw      t0, VM74_LC_OLD_PSW + \off(x0)
    sw      t0, TF_PSW + \off(sp)
    .endr

    la      tp, __tls_base          /* the C code's TLS, whatever tp was */
    mv      a0, sp
    call    trap_handler
    mv      a0, sp
    /* fall through */

/*
 * vm74_trap_return(tf): load the registers and PSW of *tf.  The PSW goes
 * to the old-PSW words of low core, where LPSW 0(x0) reads it back.
 */
    .globl vm74_trap_return
vm74_trap_return:
    .irp off, 0, 4, 8, 12
    lw      t0, TF_PSW + \off(a0)
    sw      t0, VM74_LC_OLD_PSW + \off(x0)
    .endr
    .irp n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lw      x\n, TF_X(\n)(a0)
    .endr
    lw      a0, TF_X(10)(a0)        /* the frame pointer itself, last */
    .insn i VM74_OPC_CUSTOM0, VM74_F3_LPSW, x0, VM74_LC_OLD_PSW(x0)

    .bss
    .balign 16
vm74_trap_stack:
    .space  VM74_TRAP_STACK_SIZE
    .globl  vm74_trap_stack_top
vm74_trap_stack_top:
