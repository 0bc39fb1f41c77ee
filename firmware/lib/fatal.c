/*
 * fatal.c - the default trap handler installed by crt0.
 *
 * It runs after a trap nobody expected, possibly in the middle of printf,
 * so it writes to the UART directly and uses no library state.
 */
#include "vm74.h"

__attribute__((noreturn)) void vm74_unhandled_trap(void);

static void fatal_puts(const char *s)
{
    while (*s)
        vm74_putc(*s++);
}

static void fatal_puthex(uint32_t v)
{
    fatal_puts("0x");
    for (int shift = 28; shift >= 0; shift -= 4)
        vm74_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}

void vm74_unhandled_trap(void)
{
    struct vm74_psw_words old = vm74_lc_old_psw();
    uint32_t cause = vm74_lc_cause();
    uint32_t info = vm74_lc_info();

    fatal_puts("\nunhandled trap: cause ");
    fatal_puts(vm74_cause_name(cause));
    fatal_puts(" info ");
    fatal_puthex(info);
    fatal_puts(" at P ");
    fatal_puthex(old.p);
    fatal_puts(old.flags & VM74_FLAG_SUPERVISOR ? " (supervisor" : " (user");
    fatal_puts(", l ");
    fatal_puthex(old.base);
    fatal_puts(", b ");
    fatal_puthex(old.bound);
    fatal_puts(")\n");
    vm74_exit(VM74_FW_EXIT_TRAP);
}
