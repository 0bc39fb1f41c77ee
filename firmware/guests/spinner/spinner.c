/*
 * spinner - a hostile guest that never gives the CPU back: it keeps
 * interrupts off (virtual IE = 0, as after reset) and spins for ever.
 * The VMM's real timer preempts it regardless; its set-up gives it a CPU
 * budget after which the VMM stops it.  On bare vm74 it runs until the
 * simulator's instruction limit.
 */
#include <stdio.h>

int main(void)
{
    printf("spinner: spinning for ever with interrupts off\n");
    for (;;)
        __asm__ volatile("" ::: "memory");
}
