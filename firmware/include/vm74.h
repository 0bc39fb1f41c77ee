/*
 * vm74.h - the programmer's view of a vm74 machine, for firmware in C.
 *
 * One tiny static inline per register or instruction, in the style of
 * xv6's riscv.h.  Every address and bit comes from vm74_arch.h; the
 * meaning of each is in docs/isa.md.  Compile with -Iinclude
 * -Ifirmware/include.
 */
#ifndef VM74_FW_H
#define VM74_FW_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "vm74_arch.h"

/* Exit code of the default trap handler (lib/fatal.c): "unhandled trap". */
#define VM74_FW_EXIT_TRAP 0xEE

/* ---- The PSW as it sits in memory (docs/isa.md §1.1) ----------------- */

struct vm74_psw_words {
    uint32_t flags; /* VM74_FLAG_SUPERVISOR | VM74_FLAG_IE */
    uint32_t p;     /* program counter, logical */
    uint32_t base;  /* relocation base l */
    uint32_t bound; /* bound b, in bytes */
};

static_assert(offsetof(struct vm74_psw_words, flags) == VM74_PSW_FLAGS,
              "PSW flags offset");
static_assert(offsetof(struct vm74_psw_words, p) == VM74_PSW_P, "PSW P offset");
static_assert(offsetof(struct vm74_psw_words, base) == VM74_PSW_BASE,
              "PSW base offset");
static_assert(offsetof(struct vm74_psw_words, bound) == VM74_PSW_BOUND,
              "PSW bound offset");
static_assert(sizeof(struct vm74_psw_words) == VM74_PSW_SIZE, "PSW size");

/* ---- Privileged instructions (docs/isa.md §4.3) ---------------------- */

/*
 * Load the PSW at *psw: mode, IE, P and R change at once and execution goes
 * on at the new P.  Returns only if the new P is the next instruction.
 */
static inline void vm74_lpsw(const volatile struct vm74_psw_words *psw)
{
    __asm__ volatile(".insn i 0x0b, 0, x0, 0(%0)" : : "r"(psw) : "memory");
}

/* Wait until the timer interrupt is pending (whatever IE is). */
static inline void vm74_wfi(void)
{
    __asm__ volatile(".insn i 0x0b, 1, x0, x0, 0" : : : "memory");
}

/*
 * The flawed variants' instructions (docs/isa.md §4.3), for programs built
 * for one with -DVM74_FLAW=n; on any other machine the word is illegal.
 * JRSTU changes the mode under the compiler's feet, so it is used from
 * assembly only (firmware/guests/os/task/task_crt0.S).
 */
#if defined(VM74_FLAW) && VM74_FLAW == VM74_FLAW_RDMODE
/* M: 1 in supervisor mode, 0 in user mode; never traps. */
static inline uint32_t vm74_rdmode(void)
{
    uint32_t m;
    __asm__ volatile(".insn i 0x0b, 2, %0, x0, 0" : "=r"(m));
    return m;
}
#endif

#if defined(VM74_FLAW) && VM74_FLAW == VM74_FLAW_RDBASE
/* l, the real relocation base; never traps. */
static inline uint32_t vm74_rdbase(void)
{
    uint32_t l;
    __asm__ volatile(".insn i 0x0b, 4, %0, x0, 0" : "=r"(l));
    return l;
}
#endif

/* ---- Device registers: aligned 32-bit words only (docs/isa.md §6) ---- */

static inline uint32_t vm74_mmio_read(uint32_t addr)
{
    return *(volatile uint32_t *)(uintptr_t)addr;
}

static inline void vm74_mmio_write(uint32_t addr, uint32_t value)
{
    *(volatile uint32_t *)(uintptr_t)addr = value;
}

/* Read a 64-bit counter as HI, LO, HI, retrying if HI moved in between. */
static inline uint64_t vm74_read_counter64(uint32_t lo_addr, uint32_t hi_addr)
{
    uint32_t hi, lo;
    do {
        hi = vm74_mmio_read(hi_addr);
        lo = vm74_mmio_read(lo_addr);
    } while (vm74_mmio_read(hi_addr) != hi);
    return ((uint64_t)hi << 32) | lo;
}

/* ---- Console UART ----------------------------------------------------- */

static inline uint32_t vm74_uart_status(void)
{
    return vm74_mmio_read(VM74_UART_STATUS);
}

static inline void vm74_putc(char c)
{
    while (!(vm74_uart_status() & VM74_UART_STATUS_TX_READY))
        ;
    vm74_mmio_write(VM74_UART_TXDATA, (uint8_t)c);
}

/* The next received byte 0..255, or -1 if none is waiting. */
static inline int vm74_getc_nowait(void)
{
    uint32_t rx = vm74_mmio_read(VM74_UART_RXDATA);
    return (rx & VM74_UART_RX_EMPTY) ? -1 : (int)(rx & 0xff);
}

/* The next received byte, waiting for one: a serial line has no end. */
static inline int vm74_getc(void)
{
    int c;
    while ((c = vm74_getc_nowait()) < 0)
        ;
    return c;
}

/* ---- Simulation control ---------------------------------------------- */

static inline __attribute__((noreturn)) void vm74_exit(uint32_t code)
{
    vm74_mmio_write(VM74_SIMCTL_EXIT, code);
    for (;;) /* the machine has stopped; nothing runs after the store */
        ;
}

/* ---- Timer ------------------------------------------------------------ */

static inline uint64_t vm74_timer_time(void)
{
    return vm74_read_counter64(VM74_TIMER_TIME_LO, VM74_TIMER_TIME_HI);
}

static inline uint64_t vm74_timer_cmp(void)
{
    return vm74_read_counter64(VM74_TIMER_CMP_LO, VM74_TIMER_CMP_HI);
}

/*
 * Move CMP without a spurious interrupt: with HI at all ones in between,
 * the half-written CMP is never below TIME (docs/isa.md §6).
 */
static inline void vm74_timer_set_cmp(uint64_t cmp)
{
    vm74_mmio_write(VM74_TIMER_CMP_HI, 0xffffffffu);
    vm74_mmio_write(VM74_TIMER_CMP_LO, (uint32_t)cmp);
    vm74_mmio_write(VM74_TIMER_CMP_HI, (uint32_t)(cmp >> 32));
}

/* CMP = 2^64 - 1: the interrupt can never become pending. */
static inline void vm74_timer_disarm(void)
{
    vm74_timer_set_cmp(UINT64_MAX);
}

/* ---- Performance counters -------------------------------------------- */

static inline uint64_t vm74_perf_cycle(void)
{
    return vm74_read_counter64(VM74_PERF_CYCLE_LO, VM74_PERF_CYCLE_HI);
}

static inline uint64_t vm74_perf_instret_s(void)
{
    return vm74_read_counter64(VM74_PERF_INSTRET_S_LO, VM74_PERF_INSTRET_S_HI);
}

static inline uint64_t vm74_perf_instret_u(void)
{
    return vm74_read_counter64(VM74_PERF_INSTRET_U_LO, VM74_PERF_INSTRET_U_HI);
}

/* ---- Low core (physical 0x000-0x0ff) ---------------------------------- */
/*
 * Low core is reached with x0-relative loads and stores, exactly as a trap
 * handler must: that needs no register and, unlike a C pointer to address
 * 0, is not undefined behaviour.  These are only meaningful while R has
 * l = 0 (a supervisor after a trap, or at reset).
 */
#define VM74_STR_(x) #x
#define VM74_STR(x) VM74_STR_(x)

#define VM74_LC_LOAD(off)                                                   \
    ({                                                                      \
        uint32_t v_;                                                        \
        __asm__ volatile("lw %0, " VM74_STR(off) "(x0)" : "=r"(v_) : : "memory"); \
        v_;                                                                 \
    })
#define VM74_LC_STORE(off, v)                                               \
    __asm__ volatile("sw %0, " VM74_STR(off) "(x0)" : : "r"(v) : "memory")

static inline uint32_t vm74_lc_old_flags(void) { return VM74_LC_LOAD(VM74_LC_OLD_FLAGS); }
static inline uint32_t vm74_lc_old_p(void) { return VM74_LC_LOAD(VM74_LC_OLD_P); }
static inline uint32_t vm74_lc_old_base(void) { return VM74_LC_LOAD(VM74_LC_OLD_BASE); }
static inline uint32_t vm74_lc_old_bound(void) { return VM74_LC_LOAD(VM74_LC_OLD_BOUND); }
static inline uint32_t vm74_lc_cause(void) { return VM74_LC_LOAD(VM74_LC_CAUSE); }
static inline uint32_t vm74_lc_info(void) { return VM74_LC_LOAD(VM74_LC_INFO); }
static inline uint32_t vm74_lc_vector(void) { return VM74_LC_LOAD(VM74_LC_VECTOR); }

static inline void vm74_lc_set_old_p(uint32_t p) { VM74_LC_STORE(VM74_LC_OLD_P, p); }

/* Every trap from now on goes to handler (a supervisor address, l = 0). */
static inline void vm74_lc_set_vector(void (*handler)(void))
{
    VM74_LC_STORE(VM74_LC_VECTOR, (uint32_t)(uintptr_t)handler);
}

/* The old PSW of the last trap, as four words. */
static inline struct vm74_psw_words vm74_lc_old_psw(void)
{
    struct vm74_psw_words psw = {
        .flags = vm74_lc_old_flags(),
        .p = vm74_lc_old_p(),
        .base = vm74_lc_old_base(),
        .bound = vm74_lc_old_bound(),
    };
    return psw;
}

/* ---- Names for messages ----------------------------------------------- */

/* "ECALL", "LOAD_FAULT", ...; "reserved" for 10-15, "?" past the table. */
const char *vm74_cause_name(uint32_t cause);

#endif /* VM74_FW_H */
