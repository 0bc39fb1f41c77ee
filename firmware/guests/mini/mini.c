/*
 * mini - a small guest for the nested VMM stack (firmware/vmm/nest): in a
 * few thousand instructions it takes each kind of trap a VMM emulates or
 * reflects - console output and timer accesses (emulated devices), ECALLs
 * to its own handler (reflected), the handler's LPSW back (emulated), a WFI
 * until its timer is due - and leaves a checksum of its work in memory.
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
static volatile uint32_t handled;

/* An ECALL asks for a0 * 3 + 1; anything else is a failure. */
void trap_handler(struct trap_frame *tf)
{
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

/* WFI with IE = 0: it returns once the timer is due, no interrupt taken. */
static bool sleep_once(void)
{
    uint64_t t0 = vm74_timer_time();
    vm74_timer_set_cmp(t0 + SLEEP);
    vm74_wfi();
    bool slept = vm74_timer_time() - t0 >= SLEEP;
    vm74_timer_disarm();
    return slept;
}

int main(void)
{
    printf("mini: %u words, %u ECALLs, one WFI\n", WORDS, ECALLS);
    vm74_lc_set_vector(vm74_trap_entry);
    printf("mini: checksum %08lx\n", (unsigned long)fill_and_hash());
    uint32_t v = 7;
    for (uint32_t k = 0; k < ECALLS; k++)
        v = ecall(v);
    printf("mini: ECALLs gave %lu, %lu handled\n", (unsigned long)v,
           (unsigned long)handled);
    bool slept = sleep_once();
    printf("mini: slept at least %u cycles: %s\n", SLEEP, slept ? "yes" : "NO");
    return slept && handled == ECALLS ? 0 : 1;
}
