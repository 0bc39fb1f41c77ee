/*
 * mini - a small guest for the nested VMM stack (firmware/vmm/nest): in a
 * few thousand instructions it takes each kind of trap a VMM emulates or
 * reflects - console output and timer accesses (emulated devices), ECALLs
 * to its own handler (reflected), the handler's LPSW back (emulated), a WFI
 * and its timer's interrupt (a virtual interrupt: at depth 3 the time it
 * waits is three VMMs' virtual time) - and leaves a checksum of its work
 * in memory.
 * That is little enough to run three VMMs deep on the RTL in seconds.
 * What it prints and keeps depends on its code alone, never on timing.
 */
#include <stdbool.h>
#include <stdio.h>

#include "vm74.h"
#include "vm74_trap.h"

#define WORDS  128
#define ECALLS 4
#define SLEEP  5000 /* timer cycles */

static uint32_t table[WORDS];
static volatile uint32_t handled, ticks;
static volatile uint32_t tick_p, wfi_next_p;

/* An ECALL asks for a0 * 3 + 1; the timer's interrupt is counted and
 * cleared; anything else is a failure. */
void trap_handler(struct trap_frame *tf)
{
    if (tf->cause == VM74_CAUSE_TIMER) {
        ticks++;
        tick_p = tf->psw.p;
        vm74_timer_disarm(); /* level-triggered: clear it */
        return;
    }
    if (tf->cause != VM74_CAUSE_ECALL) {
        printf("mini: unexpected trap %s\n", vm74_cause_name(tf->cause));
        vm74_exit(2);
    }
    tf->x[REG_A0] = tf->x[REG_A0] * 3 + 1;
    tf->psw.p += 4;
    handled++;
}

static uint32_t ecall(uint32_t arg)
{
    register uint32_t a0 __asm__("a0") = arg;
    __asm__ volatile("ecall" : "+r"(a0) : : "memory");
    return a0;
}

static uint32_t fill_and_hash(void)
{
    uint32_t x = 1, h = 2166136261u;
    for (uint32_t i = 0; i < WORDS; i++) {
        x = x * 1103515245u + 12345u;
        table[i] = x;
    }
    for (uint32_t i = 0; i < WORDS; i++)
        h = (h ^ table[i]) * 16777619u;
    return h;
}

/* Supervisor, IE = 1, R = all, going on after the LPSW: LPSW is the one
 * way to turn interrupts on. */
static void interrupts_on(void)
{
    struct vm74_psw_words psw = {VM74_FLAG_SUPERVISOR | VM74_FLAG_IE, 0, 0, VM74_BOUND_ALL};
    __asm__ volatile("la t0, 1f\n\tsw t0, %1\n\t.insn i 0x0b, 0, x0, 0(%0)\n1:"
                     : : "r"(&psw), "m"(psw.p) : "t0", "memory");
}

/* WFI with IE = 1 until the timer's interrupt, which must come right after
 * it, and not before SLEEP cycles of the guest's time have passed. */
static bool sleep_once(void)
{
    uint64_t t0 = vm74_timer_time();
    vm74_timer_set_cmp(t0 + SLEEP);
    __asm__ volatile("la t0, 1f\n\tsw t0, %0\n\t.insn i 0x0b, 1, x0, x0, 0\n1:"
                     : "=m"(wfi_next_p) : : "t0", "memory");
    return ticks == 1 && tick_p == wfi_next_p && vm74_timer_time() - t0 >= SLEEP;
}

int main(void)
{
    printf("mini: %u words, %u ECALLs, one timer interrupt after WFI\n", WORDS, ECALLS);
    vm74_lc_set_vector(vm74_trap_entry);
    printf("mini: checksum %08lx\n", (unsigned long)fill_and_hash());
    uint32_t v = 7;
    for (uint32_t k = 0; k < ECALLS; k++)
        v = ecall(v);
    printf("mini: ECALLs gave %lu, %lu handled\n", (unsigned long)v,
           (unsigned long)handled);
    interrupts_on();
    bool slept = sleep_once();
    printf("mini: the interrupt came after the WFI, %u cycles later: %s\n", SLEEP,
           slept ? "yes" : "NO");
    return slept && handled == ECALLS ? 0 : 1;
}
