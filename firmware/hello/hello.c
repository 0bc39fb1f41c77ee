/*
 * hello - the smallest vm74 program: greet, then show which mode and
 * which R it runs under.
 *
 * Neither can be read by an instruction (docs/isa.md §1), but a trap
 * stores both in the old PSW, so the program asks with an ECALL, which
 * traps in either mode, and its handler keeps what the trap saved.
 */
#include <stdio.h>

#include "vm74.h"
#include "vm74_trap.h"

static struct vm74_psw_words psw_at_ecall;
static uint32_t ecall_cause;

/* Record the PSW the ECALL saved and resume after it. */
void trap_handler(struct trap_frame *tf)
{
    psw_at_ecall = tf->psw;
    ecall_cause = tf->cause;
    tf->psw.p += 4;
}

static void ecall(void)
{
    __asm__ volatile("ecall" : : : "memory");
}

int main(void)
{
    printf("Hello from vm74!\n");

    vm74_lc_set_vector(vm74_trap_entry);
    ecall();
    if (ecall_cause != VM74_CAUSE_ECALL) {
        printf("expected an ECALL trap, got cause %s\n",
               vm74_cause_name(ecall_cause));
        return 1;
    }
    printf("The ECALL saved mode %s, R = (l 0x%08lx, b 0x%08lx)%s\n",
           psw_at_ecall.flags & VM74_FLAG_SUPERVISOR ? "supervisor" : "user",
           (unsigned long)psw_at_ecall.base, (unsigned long)psw_at_ecall.bound,
           psw_at_ecall.base == 0 && psw_at_ecall.bound == VM74_BOUND_ALL
               ? ": all of memory." : ".");
    return 0;
}
