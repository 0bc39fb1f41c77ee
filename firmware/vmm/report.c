/*
 * report.c - the end of the run: one line per guest from vmm_report, then
 * the VMM exits.  The host tools read the same struct from memory, so the
 * tables are for people; nothing parses them.  The first table (how each
 * guest ended) depends on nothing but the guests; the second, figures that
 * move with time, is on lines marked VMM_TIMING_MARK (vmm_report.h).
 */
#include <stdio.h>

#include "vmm.h"

struct vmm_report vmm_report;

static const char *const status_names[] = {
    [VMM_GUEST_RUNNING] = "running",
    [VMM_GUEST_EXITED] = "exit",
    [VMM_GUEST_DEADLOCK] = "deadlock",
    [VMM_GUEST_BUDGET] = "budget",
};

/* Native share in hundredths of a percent, without floating point. */
static uint32_t native_permyriad(const struct vmm_guest_report *r)
{
    uint64_t native = r->native[0] + r->native[1];
    uint64_t total = native + r->emulated[0] + r->emulated[1];
    return total ? (uint32_t)(native * 10000 / total) : 10000;
}

static void print_traps(const struct vmm_guest_report *r)
{
    for (uint32_t c = 0; c < VM74_NUM_CAUSES; c++)
        if (r->traps[c])
            printf(" %s=%lu", vm74_cause_name(c), (unsigned long)r->traps[c]);
}

static void print_result(const struct vmm_guest_report *r)
{
    printf("%-8s %-8s %4lu\n", r->name, status_names[r->status],
           (unsigned long)r->exit_code);
}

static void print_timing(const struct vmm_guest_report *r)
{
    uint32_t pm = native_permyriad(r);
    printf(VMM_TIMING_MARK "%-8s %3lu.%02lu%% %10llu %9llu %11llu  ", r->name,
           (unsigned long)(pm / 100), (unsigned long)(pm % 100),
           (unsigned long long)(r->native[0] + r->native[1]),
           (unsigned long long)(r->emulated[0] + r->emulated[1]),
           (unsigned long long)(r->cycles_run + r->cycles_vmm));
    print_traps(r);
    printf("\n");
}

void report_finish(void)
{
    vm74_timer_disarm();
    printf("\nvmm: all guests finished\n");
    printf("%-8s %-8s %4s\n", "guest", "end", "code");
    for (uint32_t i = 0; i < vmm_report.nguests; i++)
        print_result(&vmm_report.guest[i]);
    printf(VMM_TIMING_MARK "%-8s %7s %10s %9s %11s  %s\n", "guest", "native",
           "native-in", "emulated", "cycles", "traps by cause");
    for (uint32_t i = 0; i < vmm_report.nguests; i++)
        print_timing(&vmm_report.guest[i]);
    vmm_report.finished = 1;
    vm74_exit(0);
}

void vmm_panic(const char *what, uint32_t value)
{
    vm74_timer_disarm();
    printf("\nvmm: PANIC: %s 0x%08lx\n", what, (unsigned long)value);
    vm74_exit(VM74_FW_EXIT_TRAP);
}
