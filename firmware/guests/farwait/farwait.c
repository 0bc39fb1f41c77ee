/*
 * farwait - a guest that waits in WFI for a deadline just below 2^64 - 1:
 * armed (not the disarmed 2^64 - 1), but ~2^64 cycles away.  The
 * simulators end such a wait at once, with TIME = CMP (docs/isa.md, WFI),
 * so a VMM must wake it too, not take it for a guest that is done.
 *
 * Before it waits it reads TIME many times: under a VMM each read traps,
 * so the VMM's real time runs ahead of the guest's by more than the
 * deadline leaves to 2^64 - the case where the guest's wait, added to
 * real time, no longer fits in 64 bits.  What it prints depends on its
 * code alone.
 */
#include <stdio.h>

#include "vm74.h"

#define READS 2000
#define FAR   (UINT64_MAX - 0x10000u) /* 2^64 - 2^16 - 1 */

int main(void)
{
    uint64_t seen = 0;
    for (int i = 0; i < READS; i++)
        seen |= vm74_timer_time();
    vm74_timer_set_cmp(FAR);
    vm74_wfi();
    uint64_t woke = vm74_timer_time();
    /* A WFI completes once TIME >= CMP, whatever IE is (IE = 0 here). */
    printf("farwait: WFI for CMP 2^64 - 2^16 - 1 ended with TIME %s CMP (%s)\n",
           woke >= FAR ? ">=" : "<",
           seen < FAR ? "TIME was below it" : "TIME was already past it");
    return woke >= FAR ? 0 : 1;
}
