/*
 * task.c - sv-demo's user task.
 *
 * It greets, asks for work, computes while the supervisor's timer
 * preempts it, reports the result, then tries three things user mode may
 * not do - read past its bound, write a device register, run LPSW - and
 * exits.  All of its I/O goes through ECALL.
 */
#include <stdint.h>

#include "vm74_arch.h"
#include "sv_abi.h"

uint32_t probe_load(uint32_t addr);
uint32_t probe_store(uint32_t addr);
uint32_t probe_lpsw(void);
uint32_t task_main(void);

static uint32_t syscall2(uint32_t num, uint32_t arg0, uint32_t arg1)
{
    register uint32_t a0 __asm__("a0") = arg0;
    register uint32_t a1 __asm__("a1") = arg1;
    register uint32_t a7 __asm__("a7") = num;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a7) : "memory");
    return a0;
}

static uint32_t string_length(const char *s)
{
    uint32_t n = 0;
    while (s[n])
        n++;
    return n;
}

static void say(const char *s)
{
    syscall2(SYS_WRITE, (uint32_t)(uintptr_t)s, string_length(s));
}

static void expect_trap(uint32_t cause)
{
    syscall2(SYS_EXPECT_TRAP, cause, 0);
}

/* Count the probes that trapped, as they must in user mode. */
static uint32_t run_probes(void)
{
    uint32_t trapped = 0;

    say("reading the word just past my bound\n");
    expect_trap(VM74_CAUSE_LOAD_FAULT);
    trapped += probe_load(TASK_SIZE) == PROBE_TRAPPED;

    say("writing the UART directly\n");
    expect_trap(VM74_CAUSE_STORE_FAULT);
    trapped += probe_store(VM74_UART_TXDATA) == PROBE_TRAPPED;

    say("executing LPSW\n");
    expect_trap(VM74_CAUSE_PRIVILEGED);
    trapped += probe_lpsw() == PROBE_TRAPPED;
    return trapped;
}

uint32_t task_main(void)
{
    say("hello from the user task, running at logical address 0\n");
    uint32_t steps = syscall2(SYS_GET_WORK, 0, 0);
    uint32_t result = work_run(steps);
    syscall2(SYS_REPORT, result, 0);
    uint32_t trapped = run_probes();
    say(trapped == 3 ? "all three probes trapped; goodbye\n"
                     : "a probe did NOT trap\n");
    return trapped == 3 ? 0 : 1;
}
