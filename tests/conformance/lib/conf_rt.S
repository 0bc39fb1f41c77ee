/*
 * conf_rt.S - the conformance programs' runtime: reset entry, the trap
 * entry and conf_try(), which runs a snippet under any PSW and comes back
 * to C through the trap it ends with.
 *
 * Only plain RV32I and the two vm74 instructions are used here, and every
 * low-core access is x0-relative, as docs/isa.md §3 prescribes for a
 * handler: after a trap R = (0, all), so x0-relative is physical.
 */
#include "conf.h"

VM74_DEVICE_REGISTER_SYMBOLS

#define LPSW_X0(off) .insn i VM74_OPC_CUSTOM0, VM74_F3_LPSW, x0, off(x0)

/* struct conf_trap (conf.h) */
#define TRAP_OLD    0
#define TRAP_CAUSE  16
#define TRAP_INFO   20
#define TRAP_X(n)   (24 + 4 * (n))

    .option norelax

/* ---- Reset ---------------------------------------------------------- */

    .section .text.start, "ax"
    .globl _start
_start:
    la      sp, __stack_top
    la      a0, __bss_start
    la      a1, __bss_end
1:  bgeu    a0, a1, 2f
    sw      zero, 0(a0)
    addi    a0, a0, 4
    j       1b
2:  la      t0, conf_trap_entry
    sw      t0, VM74_LC_VECTOR(x0)
    sw      zero, VM74_LC_RESERVED(x0)
    sw      zero, CONF_LC_CONT(x0)
    sw      zero, CONF_LC_COUNT(x0)
    sw      zero, CONF_LC_FATAL(x0)
    call    main
    call    conf_exit               /* does not return */

/* ---- The trap entry --------------------------------------------------- */

    .text
    .balign 4
    .globl conf_trap_entry
conf_trap_entry:
    /* A trap writes no register: save them all before using any. */
    .irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sw      x\n, VM74_LC_SAVE_AREA + 4 * \n(x0)
    .endr

    la      t0, conf_last
    .irp off, 0, 4, 8, 12, 16, 20   /* old PSW, cause, info */
    lw      t1, VM74_LC_OLD_PSW + \off(x0)
    sw      t1, TRAP_OLD + \off(t0)
    .endr
    sw      zero, TRAP_X(0)(t0)
    .irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lw      t1, VM74_LC_SAVE_AREA + 4 * \n(x0)
    sw      t1, TRAP_X(\n)(t0)
    .endr

    lw      t1, CONF_LC_COUNT(x0)
    addi    t1, t1, 1
    sw      t1, CONF_LC_COUNT(x0)

    /* Resume where conf_try() said, once; any other trap is a failure. */
    lw      t1, CONF_LC_CONT(x0)
    beqz    t1, 1f
    sw      zero, CONF_LC_CONT(x0)
    jr      t1
    /* An unexpected trap is reported once; one while reporting it (the
     * machine is too broken to print) ends the run at once. */
1:  lw      t1, CONF_LC_FATAL(x0)
    bnez    t1, 2f
    li      t1, 1
    sw      t1, CONF_LC_FATAL(x0)
    la      sp, __stack_top
    call    conf_unexpected_trap    /* does not return */
2:  li      t1, VM74_SIMCTL_EXIT
    li      t2, CONF_EXIT_INTERNAL
    sw      t2, 0(t1)
    j       2b

/* ---- conf_try(psw, regs) ---------------------------------------------- */

/* The C context conf_try() keeps across the snippet: ra, sp, gp, tp, s0-s11 */
#define CTX_WORDS 16

    .globl conf_try
conf_try:
    la      t0, conf_ctx
    sw      ra, 0(t0)
    sw      sp, 4(t0)
    sw      gp, 8(t0)
    sw      tp, 12(t0)
    sw      s0, 16(t0)
    sw      s1, 20(t0)
    .irp n, 2,3,4,5,6,7,8,9,10,11
    sw      s\n, 24 + 4 * (\n - 2)(t0)
    .endr

    .irp off, 0, 4, 8, 12
    lw      t1, \off(a0)
    sw      t1, CONF_LC_TRY_PSW + \off(x0)
    .endr
    la      t1, conf_try_resume
    sw      t1, CONF_LC_CONT(x0)

    /* Every register from *regs, x1 (the pointer) last; then the PSW,
     * read x0-relative so that no register is needed for it. */
    mv      x1, a1
    .irp n, 2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lw      x\n, 4 * \n(x1)
    .endr
    lw      x1, 4(x1)
    LPSW_X0(CONF_LC_TRY_PSW)

conf_try_resume:
    la      t0, conf_ctx
    lw      ra, 0(t0)
    lw      sp, 4(t0)
    lw      gp, 8(t0)
    lw      tp, 12(t0)
    lw      s0, 16(t0)
    lw      s1, 20(t0)
    .irp n, 2,3,4,5,6,7,8,9,10,11
    lw      s\n, 24 + 4 * (\n - 2)(t0)
    .endr
    ret

    .bss
    .balign 4
conf_ctx:
    .space  4 * CTX_WORDS
    .globl conf_last
conf_last:
    .space  24 + 4 * 32
