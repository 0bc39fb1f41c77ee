/*
 * echo - an I/O guest: it echoes console input line by line, then sleeps on
 * its timer with WFI and counts the timer interrupts that wake it.
 *
 * Under the VMM its console and timer are virtual: input comes from the
 * script in its set-up (input.txt, the same bytes a bare run is fed) and its
 * interrupts from its virtual timer.  What it prints depends only on the
 * input, never on timing.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "vm74.h"
#include "vm74_trap.h"

#define LINE_MAX_LEN 80
#define TICKS        5
#define SLEEP        20000 /* timer cycles per sleep */

void set_ie(void);

static volatile uint32_t ticks;
static volatile bool landed_after_wfi = true;
static uint32_t wfi_resume_p;

/* ---- Echo -------------------------------------------------------------- */

static size_t read_line(char *buf, size_t size)
{
    size_t n = 0;
    for (;;) {
        int c = vm74_getc();
        if (c == '\n' || n + 1 == size)
            break;
        buf[n++] = (char)c;
    }
    buf[n] = '\0';
    return n;
}

static void echo_lines(void)
{
    char line[LINE_MAX_LEN + 1];
    for (;;) {
        size_t n = read_line(line, sizeof line);
        if (strcmp(line, "quit") == 0)
            break;
        printf("echo: \"%s\" (%u bytes)\n", line, (unsigned)n);
    }
}

/* ---- Timer ------------------------------------------------------------- */

/* Each interrupt is taken right after the WFI that waited for it. */
void trap_handler(struct trap_frame *tf)
{
    if (tf->cause != VM74_CAUSE_TIMER) {
        printf("echo: unexpected trap %s\n", vm74_cause_name(tf->cause));
        vm74_exit(2);
    }
    if (tf->psw.p != wfi_resume_p)
        landed_after_wfi = false;
    ticks++;
    vm74_timer_disarm(); /* level-triggered: clear it */
}

static void sleep_once(void)
{
    vm74_timer_set_cmp(vm74_timer_time() + SLEEP);
    /* Record where the interrupt must land (after the WFI), then wait. */
    __asm__ volatile("la t0, 1f\n\tsw t0, %0\n\t.insn i 0x0b, 1, x0, x0, 0\n1:"
                     : "=m"(wfi_resume_p) : : "t0", "memory");
}

static bool sleep_ticks(void)
{
    uint64_t t0 = vm74_timer_time(), i0 = vm74_perf_instret_s();
    vm74_lc_set_vector(vm74_trap_entry);
    set_ie();
    for (uint32_t i = 1; i <= TICKS; i++) {
        sleep_once();
        printf("echo: tick %lu\n", (unsigned long)ticks);
    }
    bool time_ok = vm74_timer_time() - t0 >= (uint64_t)TICKS * SLEEP;
    bool count_ok = vm74_perf_instret_s() > i0;
    printf("echo: %u interrupts, each right after its WFI: %s\n", TICKS,
           ticks == TICKS && landed_after_wfi ? "yes" : "NO");
    printf("echo: time passed at least %u cycles: %s; instructions counted: %s\n",
           TICKS * SLEEP, time_ok ? "yes" : "NO", count_ok ? "yes" : "NO");
    return ticks == TICKS && landed_after_wfi && time_ok && count_ok;
}

int main(void)
{
    printf("echo: echoing console input until \"quit\"\n");
    echo_lines();
    bool ok = sleep_ticks();
    printf("echo: %s\n", ok ? "done" : "FAILED");
    return ok ? 0 : 1;
}
