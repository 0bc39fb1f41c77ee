/*
 * hostile - a guest that tries to escape its partition, take over the
 * machine or starve the others, then ends with a WFI that can never wake.
 *
 * Every attempt is something bare vm74 answers with a trap to the guest's
 * own handler; the guest prints what came back (cause, info, old PSW).
 * Under the VMM the same lines must come out: then the VMM reflected every
 * trap exactly, and nothing reached outside the guest's memory (the host
 * tools check the memory and the other guests separately).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "vm74.h"
#include "vm74_trap.h"

#define LC_ALT_USED 0x78 /* set by alt_trap_entry (probes.S) */
#define SPIN_LOOPS  200000
/* Physical addresses inside the cpu and os guests' partitions
 * (firmware/vmm/guests.conf), both past this guest's own memory. */
#define OTHER_PARTITION_A 0x6000
#define OTHER_PARTITION_B 0xe000

uint32_t probe_load(uint32_t addr);
void probe_store(uint32_t addr, uint32_t value);
void probe_store_byte(uint32_t addr);
void probe_lpsw(uint32_t operand);
void probe_illegal_zero(void);
void probe_csr_cycle(void);
void probe_mret(void);
void probe_ebreak(void);
void probe_ecall(void);
void probe_jump_misaligned(void);
uint32_t run_user(const struct vm74_psw_words *psw, uint32_t arg);
void alt_trap_entry(void);
extern const uint32_t user_snippet[], user_snippet_end[];
extern const uint32_t user_lpsw[], user_lpsw_end[];
extern const uint32_t user_wfi[], user_wfi_end[];

extern char __ram_size[];
#define RAM_SIZE ((uint32_t)(uintptr_t)__ram_size)

/* Where user-mode probes run, at logical 0 of their own R (a word-aligned
 * l is all LPSW needs). */
static uint32_t user_area[0x1000 / 4] __attribute__((aligned(16)));
#define USER_BASE ((uint32_t)(uintptr_t)user_area)

static struct {
    bool hit;
    uint32_t cause, info;
    struct vm74_psw_words old;
} last;
static uint32_t attempts, contained;

/* ---- The trap handler: record, then resume the attempt's caller ---------- */

void trap_handler(struct trap_frame *tf)
{
    last.hit = true;
    last.cause = tf->cause;
    last.info = tf->info;
    last.old = tf->psw;
    if (!(tf->psw.flags & VM74_FLAG_SUPERVISOR)) {
        /* From a user probe: return from run_user() with a0 = cause. */
        tf->psw = (struct vm74_psw_words){.flags = VM74_FLAG_SUPERVISOR,
                                          .p = tf->x[REG_RA],
                                          .bound = VM74_BOUND_ALL};
        tf->x[REG_A0] = tf->cause;
    } else if (tf->cause == VM74_CAUSE_FETCH_MISALIGNED) {
        tf->psw.p = tf->x[REG_RA]; /* the jump did not happen: return */
    } else {
        tf->psw.p += 4; /* skip the instruction */
    }
}

/* ---- Reporting ------------------------------------------------------------ */

static void expect(const char *what, uint32_t cause)
{
    attempts++;
    if (!last.hit) {
        printf("hostile: %s: NO TRAP\n", what);
        return;
    }
    bool ok = last.cause == cause;
    contained += ok;
    printf("hostile: %s: %s info 0x%08lx, old PSW %s IE %lu P 0x%08lx "
           "R (0x%08lx, 0x%08lx)%s\n", what, vm74_cause_name(last.cause),
           (unsigned long)last.info,
           last.old.flags & VM74_FLAG_SUPERVISOR ? "S" : "U",
           (unsigned long)((last.old.flags & VM74_FLAG_IE) != 0),
           (unsigned long)last.old.p, (unsigned long)last.old.base,
           (unsigned long)last.old.bound, ok ? "" : " UNEXPECTED");
    last.hit = false;
}

/* ---- Memory --------------------------------------------------------------- */

static void attempt_memory(void)
{
    probe_load(RAM_SIZE);
    expect("load just past my memory", VM74_CAUSE_LOAD_FAULT);
    probe_load(OTHER_PARTITION_A);
    expect("load from another partition's physical address", VM74_CAUSE_LOAD_FAULT);
    probe_store(RAM_SIZE + 0x100, 0xbad);
    expect("store past my memory", VM74_CAUSE_STORE_FAULT);
    probe_store(OTHER_PARTITION_B, 0xbad);
    expect("store to another partition's physical address", VM74_CAUSE_STORE_FAULT);
    probe_store(0xfffffffc, 0xbad);
    expect("store to the top of the address space", VM74_CAUSE_STORE_FAULT);
    probe_load(2);
    expect("misaligned load", VM74_CAUSE_LOAD_MISALIGNED);
    probe_store(6, 0);
    expect("misaligned store", VM74_CAUSE_STORE_MISALIGNED);
    probe_jump_misaligned();
    expect("jump to a misaligned target", VM74_CAUSE_FETCH_MISALIGNED);
}

/* Low core is the guest's own: a new vector word takes its next trap. */
static void attempt_low_core(void)
{
    for (uint32_t off = 0; off < VM74_LC_VECTOR; off += 4)
        probe_store(off, 0xdeadbeef); /* old PSW, cause, info: scribble */
    probe_store(LC_ALT_USED, 0);
    vm74_lc_set_vector(alt_trap_entry);
    probe_ebreak();
    expect("EBREAK after writing my own trap vector", VM74_CAUSE_BREAKPOINT);
    printf("hostile: the trap went to %s\n",
           probe_load(LC_ALT_USED) == 1 ? "the vector I wrote (my own low core)"
                                        : "SOMEWHERE ELSE");
    vm74_lc_set_vector(vm74_trap_entry);
}

/* ---- LPSW ----------------------------------------------------------------- */

static void run_user_at(const char *what, uint32_t l, uint32_t b,
                        uint32_t arg, uint32_t cause)
{
    struct vm74_psw_words psw = {.flags = 0, .p = 0, .base = l, .bound = b};
    run_user(&psw, arg);
    expect(what, cause);
}

static void copy_to_user(const uint32_t *from, const uint32_t *to)
{
    memset(user_area, 0, sizeof user_area);
    memcpy(user_area, from, (size_t)(to - from) * 4);
}

static void attempt_lpsw(void)
{
    probe_lpsw(RAM_SIZE - 8);
    expect("LPSW whose operand crosses the end of my memory", VM74_CAUSE_LOAD_FAULT);
    probe_lpsw(USER_BASE + 2);
    expect("LPSW with a misaligned operand", VM74_CAUSE_LOAD_MISALIGNED);
    copy_to_user(user_snippet, user_snippet_end);
    run_user_at("user mode with R past the end of my memory", RAM_SIZE, 0x1000, 0,
                VM74_CAUSE_FETCH_FAULT);
    run_user_at("user mode with R wrapping around 2^32", 0xfffff000, 0x2000, 0,
                VM74_CAUSE_FETCH_FAULT);
    run_user_at("user mode, bound past my memory, load beyond it", USER_BASE,
                0x100000, RAM_SIZE - USER_BASE + 0x10, VM74_CAUSE_LOAD_FAULT);
    run_user_at("user mode inside my memory, then ECALL", USER_BASE, 0x1000,
                0x800, VM74_CAUSE_ECALL);
    printf("hostile: the user store landed at my 0x%08lx: %s\n",
           (unsigned long)(USER_BASE + 0x44),
           user_area[0x44 / 4] == 0x5a5a5a5a ? "yes" : "NO");
    run_user_at("user mode load from the UART", USER_BASE, 0x1000,
                VM74_UART_RXDATA, VM74_CAUSE_LOAD_FAULT);
    copy_to_user(user_lpsw, user_lpsw_end);
    run_user_at("LPSW in user mode", USER_BASE, 0x1000, 0, VM74_CAUSE_PRIVILEGED);
    copy_to_user(user_wfi, user_wfi_end);
    run_user_at("WFI in user mode", USER_BASE, 0x1000, 0, VM74_CAUSE_PRIVILEGED);
}

/* ---- Instructions --------------------------------------------------------- */

static void attempt_instructions(void)
{
    probe_illegal_zero();
    expect("the all-zero word", VM74_CAUSE_ILLEGAL);
    probe_csr_cycle();
    expect("RISC-V rdcycle (a CSR read)", VM74_CAUSE_ILLEGAL);
    probe_mret();
    expect("RISC-V mret", VM74_CAUSE_ILLEGAL);
    probe_ecall();
    expect("ECALL in supervisor mode", VM74_CAUSE_ECALL);
}

/* ---- Devices -------------------------------------------------------------- */

static void attempt_devices(void)
{
    probe_store_byte(VM74_UART_TXDATA);
    expect("byte store to the UART", VM74_CAUSE_STORE_FAULT);
    probe_load(VM74_UART_BASE + 0xc);
    expect("load from an unmapped UART word", VM74_CAUSE_LOAD_FAULT);
    probe_load(VM74_SIMCTL_BASE + 0x1000);
    expect("load past the last device", VM74_CAUSE_LOAD_FAULT);
    for (const char *s = "hostile: (written to the UART directly)\n"; *s; s++)
        vm74_mmio_write(VM74_UART_TXDATA, (uint8_t)*s);
}

/* With the timer pending and IE = 0, spin: the VMM must preempt anyway. */
static void attempt_spin(void)
{
    vm74_timer_set_cmp(0);
    for (volatile uint32_t i = 0; i < SPIN_LOOPS; i++)
        ;
    vm74_timer_disarm();
    printf("hostile: spun %u loops with IE = 0 and my timer pending\n", SPIN_LOOPS);
}

int main(void)
{
    printf("hostile: %lu bytes of memory; trying to get out\n",
           (unsigned long)RAM_SIZE);
    vm74_lc_set_vector(vm74_trap_entry);
    attempt_memory();
    attempt_low_core();
    attempt_lpsw();
    attempt_instructions();
    attempt_devices();
    attempt_spin();
    printf("hostile: %lu of %lu attempts trapped as bare vm74 says\n",
           (unsigned long)contained, (unsigned long)attempts);
    printf("hostile: last attempt: WFI with my timer disarmed\n");
    vm74_wfi();
    printf("hostile: WFI RETURNED\n");
    return 1;
}
