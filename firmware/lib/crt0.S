/*
 * crt0.S - reset entry of every vm74 firmware program.
 *
 * The ELF is loaded whole (.data in place), so nothing is copied: set up
 * the stack and tp, zero .bss, install a default trap vector, run main and
 * exit with its return value.
 */
#include "vm74_arch.h"

    .section .text.start, "ax"
    .globl _start
_start:
    /*
     * No gp: the linker script defines no __global_pointer$, so the linker
     * never relaxes accesses to gp-relative form, and a trap entry never
     * has to trust or restore gp.
     */
    la      sp, __stack_top
    la      tp, __tls_base          /* picolibc's errno lives in TLS */

    la      a0, __bss_start         /* .tbss and .bss, both 8-aligned */
    la      a1, __bss_end
1:  bgeu    a0, a1, 2f
    sw      zero, 0(a0)
    addi    a0, a0, 4
    j       1b
2:
    /*
     * The vector is written here, not placed by the linker: low core is the
     * trap hardware's, and keeping every section out of it means the loader
     * never writes there and a program replaces the vector with one store.
     */
    la      t0, vm74_default_trap_entry
    sw      t0, VM74_LC_VECTOR(x0)
    sw      zero, VM74_LC_RESERVED(x0)

    call    __libc_init_array       /* constructors, if any */
    li      a0, 0                   /* argc */
    li      a1, 0                   /* argv */
    call    main
    call    exit                    /* atexit handlers, then _exit */

/*
 * The default trap vector: any trap in a program that installs no handler
 * of its own is a bug.  The trapping sp cannot be trusted, so report it
 * from a small stack of our own.
 */
    .text
    .balign 4
    .globl vm74_default_trap_entry
vm74_default_trap_entry:
    la      sp, fatal_stack_top
    call    vm74_unhandled_trap     /* does not return */

    .bss
    .balign 16
fatal_stack:
    .space  512
fatal_stack_top:
