/*
 * interrupts.S - snippets of interrupts.c.
 */
#include "conf_asm.h"

/* Make the timer pending with one store (a0 = CMP_LO, CMP_HI already 0):
 * an enabled interrupt is taken before the ADDI. */
SNIPPET irq_store_cmp
    sw      zero, 0(a0)
    addi    a1, a1, 1
    ecall
SNIPPET_END irq_store_cmp

/* Count a0 down to 0, then ECALL: long enough for a timer that is due in
 * fewer cycles than the loop has instructions. */
SNIPPET irq_loop
1:  addi    a0, a0, -1
    bnez    a0, 1b
    ecall
SNIPPET_END irq_loop

/* WFI, then an ADDI that runs only if WFI completes without an interrupt. */
SNIPPET irq_wfi
    WFI
    addi    a1, a1, 1
    ecall
SNIPPET_END irq_wfi
