/*
 * task.c - a user task of the os guest.  Task 0 counts primes, task 1
 * follows Collatz sequences; both report as they go through SYS_WRITE and
 * yield now and then.  Each runs long enough to be preempted many times by
 * the kernel's timer, and nothing it computes depends on when.
 */
#include <stdint.h>

#include "os_abi.h"
#include "vm74.h"

uint32_t task_main(uint32_t id);

static uint32_t syscall2(uint32_t num, uint32_t arg0, uint32_t arg1)
{
    register uint32_t a0 __asm__("a0") = arg0;
    register uint32_t a1 __asm__("a1") = arg1;
    register uint32_t a7 __asm__("a7") = num;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a7) : "memory");
    return a0;
}

static void put(const char *s, uint32_t len)
{
    syscall2(SYS_WRITE, (uint32_t)(uintptr_t)s, len);
}

/* "label" then a decimal number and a newline, in one write. */
static void say_number(const char *label, uint32_t n)
{
    char buf[64], digits[12];
    uint32_t len = 0, nd = 0;
    while (*label && len < 48)
        buf[len++] = *label++;
    do {
        digits[nd++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    while (nd)
        buf[len++] = digits[--nd];
    buf[len++] = '\n';
    put(buf, len);
}

static int is_prime(uint32_t n)
{
    if (n < 2)
        return 0;
    for (uint32_t d = 2; d * d <= n; d++)
        if (n % d == 0)
            return 0;
    return 1;
}

static uint32_t primes(void)
{
    uint32_t count = 0;
    for (uint32_t n = 0; n < 12000; n++) {
        count += is_prime(n);
        if (n % 3000 == 2999) {
            say_number("task 0: primes so far ", count);
            syscall2(SYS_YIELD, 0, 0);
        }
    }
    return count;
}

static uint32_t collatz_steps(uint32_t n)
{
    uint32_t steps = 0;
    while (n != 1) {
        n = (n & 1) ? 3 * n + 1 : n / 2;
        steps++;
    }
    return steps;
}

static uint32_t collatz(void)
{
    uint32_t longest = 0, total = 0;
    for (uint32_t n = 1; n <= 3000; n++) {
        uint32_t s = collatz_steps(n);
        total += s;
        if (s > longest)
            longest = s;
        if (n % 1000 == 0) {
            say_number("task 1: longest Collatz run so far ", longest);
            syscall2(SYS_YIELD, 0, 0);
        }
    }
    return total;
}

/* On the rdmode and rdbase variants a task asks what a user program
 * should never be able to see (docs/isa.md §8.3-8.4): its mode, which a
 * VMM running it natively in user mode gets right, and its real base,
 * which a VMM relocating it gets wrong. */
static void look_at_the_machine(void)
{
#if defined(VM74_FLAW) && VM74_FLAW == VM74_FLAW_RDMODE
    say_number("task: RDMODE says my mode is ", vm74_rdmode());
#elif defined(VM74_FLAW) && VM74_FLAW == VM74_FLAW_RDBASE
    say_number("task: RDBASE says my base is ", vm74_rdbase());
#endif
}

uint32_t task_main(uint32_t id)
{
    say_number("task started, number ", id);
    look_at_the_machine();
    uint32_t result = id == 0 ? primes() : collatz();
    say_number(id == 0 ? "task 0: primes below 12000: "
                       : "task 1: total Collatz steps 1..3000: ", result);
    return id;
}
