/*
 * main.c - boot: load every guest of the set-up table into its partition,
 * take over the trap vector, and start the first guest.  From then on the
 * VMM runs only in vmm_trap() (trap.c).
 */
#include <stdio.h>

#include "vmm.h"

static void print_setups(void)
{
    printf("vm74 VMM: %lu guests, each in real user mode in its partition\n",
           (unsigned long)vmm_nsetups);
    for (uint32_t i = 0; i < vmm_nsetups; i++) {
        const struct vmm_setup *s = &vmm_setups[i];
        printf("  %-8s partition 0x%06lx-0x%06lx\n", s->name,
               (unsigned long)s->base, (unsigned long)(s->base + s->size - 1));
    }
    /* The quanta are time: a host may change them (vmm-run --quanta). */
    printf(VMM_TIMING_MARK "quanta (cycles):");
    for (uint32_t i = 0; i < vmm_nsetups; i++)
        printf(" %s %lu", vmm_setups[i].name, (unsigned long)vmm_setups[i].quantum);
    printf("\n");
}

int main(void)
{
    print_setups();
    sched_init();
    vm74_lc_set_vector(vmm_trap_entry);
    sched_start();
}
