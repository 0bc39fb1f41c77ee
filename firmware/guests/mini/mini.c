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
static volatile uint32_t tick_p, ie_on_p;

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

/* Supervisor, IE = 1, R = all, going on after the LPSW (the one way to
 * turn interrupts on), whose next instruction's address is kept. */
static void interrupts_on(void)
{
    struct vm74_psw_words psw = {VM74_FLAG_SUPERVISOR | VM74_FLAG_IE, 0, 0, VM74_BOUND_ALL};
    __asm__ volatile("la t0, 1f\n\tsw t0, %1\n\tsw t0, %2\n\t.insn i 0x0b, 0, x0, 0(%0)\n1:"
                     : : "r"(&psw), "m"(psw.p), "m"(ie_on_p) : "t0", "memory");
}

/*
 * WFI with IE = 0 returns once the timer is due, however long the
 * instructions before it took (under VMMs each trap costs the guest's clock
 * the entry and exit of every level below: with IE = 1 a short sleep could
 * end before the WFI, which would then wait for ever).  Turning IE on then
 * takes the interrupt before the next instruction.
 */
static bool sleep_once(void)
{
    uint64_t t0 = vm74_timer_time();
    vm74_timer_set_cmp(t0 + SLEEP);
    vm74_wfi();
    bool slept = vm74_timer_time() - t0 >= SLEEP;
    interrupts_on();
    return slept && ticks == 1 && tick_p == ie_on_p;
}

int main(void)
{
    printf("mini: %u words, %u ECALLs, a WFI and its timer's interrupt\n", WORDS, ECALLS);
    vm74_lc_set_vector(vm74_trap_entry);
    printf("mini: checksum %08lx\n", (unsigned long)fill_and_hash());
    uint32_t v = 7;
    for (uint32_t k = 0; k < ECALLS; k++)
        v = ecall(v);
    printf("mini: ECALLs gave %lu, %lu handled\n", (unsigned long)v,
           (unsigned long)handled);
    bool slept = sleep_once();
    printf("mini: the interrupt came as IE went on, %u cycles after the timer was set: %s\n",
           SLEEP, slept ? "yes" : "NO");
    return slept && handled == ECALLS ? 0 : 1;
}
