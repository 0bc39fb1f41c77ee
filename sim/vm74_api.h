/*
 * vm74_api.h - the C API of a vm74 machine, implemented by every backend.
 *
 * One header for the reference simulator (backend "iss", sim/iss.c) and the
 * Verilator model (backend "rtl").  Test drivers, the CLI and tools
 * use only this API, so each runs on either backend unchanged.
 *
 * The retirement record (struct vm74_retire) is the contract for lockstep
 * co-simulation: both backends fill it identically for the same step.
 */
#ifndef VM74_API_H
#define VM74_API_H

#include <stddef.h>
#include <stdint.h>

#include "vm74_arch.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vm74 vm74;

enum vm74_backend {
    VM74_BACKEND_ISS = 0,
    VM74_BACKEND_RTL = 1,
};

struct vm74_config {
    enum vm74_backend backend;
    uint32_t ram_size;      /* bytes; 0 = VM74_RAM_SIZE_DEFAULT */
    const char *trace_path; /* rtl only: FST waveform file, NULL = none; a
                               regular file (or a new one), not a device */
};

/*
 * The PSW, unpacked, one line per field: X(name, width in the RTL, meaning).
 * mode is VM74_MODE_USER or VM74_MODE_SUPERVISOR.
 */
#define VM74_PSW_FIELDS(X)                                           \
    X(mode,  1,  "M: 1 = supervisor")                                \
    X(ie,    1,  "interrupts enabled")                               \
    X(pc,    32, "P, logical")                                       \
    X(base,  32, "l, the relocation base")                           \
    X(bound, 32, "b, the bound")

#define VM74_PSW_MEMBER(name, width, meaning) uint32_t name;
struct vm74_psw {
    VM74_PSW_FIELDS(VM74_PSW_MEMBER)
};

/* The whole architectural state except memory and devices.  vm74_set_state
 * clears bits 1:0 of psw.base, as LPSW does (docs/isa.md §1). */
struct vm74_state {
    uint32_t x[32]; /* x[0] is always 0 */
    struct vm74_psw psw;
};

/*
 * What one step did.  A step is exactly one of: an instruction that retired,
 * an instruction that trapped (no architectural effect but the trap), or an
 * interrupt taken before the instruction at pc.
 *
 * The record's one table: its fields in order, each
 *   X(name, C type, width in the RTL, RTL port rvfi_<port>, meaning),
 * then next, the PSW after the step (VM74_PSW_FIELDS, ports
 * rvfi_next_<name>).  struct vm74_retire, the RTL harness's copy of the
 * model's ports and co-simulation's comparison are made from it; the RTL's
 * port rvfi_valid says a record is there.
 */
#define VM74_RETIRE_FIELDS(X)                                                  \
    X(order,     uint64_t, 64, order,     "step number, from 0")               \
    X(pc,        uint32_t, 32, pc,        "logical P of the instruction "      \
                                          "(or where interrupted)")            \
    X(insn,      uint32_t, 32, insn,      "the word fetched; 0 if the fetch "  \
                                          "failed or interrupt")               \
    X(mode,      uint8_t,  1,  mode,      "M when the step began")             \
    X(trap,      uint8_t,  1,  trap,      "1: the step ended in a trap")       \
    X(interrupt, uint8_t,  1,  intr,      "1: that trap is an interrupt")      \
    X(rd,        uint8_t,  5,  rd,        "register written, 0 = none "        \
                                          "(writes to x0 are none)")           \
    X(rd_value,  uint32_t, 32, rd_wdata,  "the value written to rd")           \
    X(cause,     uint32_t, 5,  cause,     "if trap: VM74_CAUSE_*")             \
    X(info,      uint32_t, 32, info,      "if trap: the info word")            \
    X(mem_size,  uint8_t,  5,  mem_size,  "data access: 0 none, 1/2/4, "       \
                                          "16 = LPSW operand")                 \
    X(mem_write, uint8_t,  1,  mem_write, "1 = store")                         \
    X(mem_addr,  uint32_t, 32, mem_addr,  "logical address")                   \
    X(mem_paddr, uint32_t, 32, mem_paddr, "physical address (l + a)")          \
    X(mem_data,  uint32_t, 32, mem_data,  "value loaded (zero-extended, "      \
                                          "before sign extension) or stored "  \
                                          "(the low mem_size bytes of rs2); "  \
                                          "for LPSW, the flags word it loaded")

#define VM74_RETIRE_MEMBER(name, type, width, port, meaning) type name;
struct vm74_retire {
    VM74_RETIRE_FIELDS(VM74_RETIRE_MEMBER)
    struct vm74_psw next; /* PSW after the step */
};

/* Why a run or step stopped.  Non-zero values end the run. */
enum vm74_status {
    VM74_RUNNING = 0,  /* step: more to do */
    VM74_EXITED = 1,   /* the program stored to SIMCTL_EXIT */
    VM74_LIMIT = 2,    /* run: max_steps reached */
    VM74_DEADLOCK = 3, /* WFI with the timer disarmed: would wait for ever */
};

/* Loader errors (negative return values of vm74_load_elf). */
enum vm74_load_error {
    VM74_LOAD_OK = 0,
    VM74_LOAD_OPEN = -1,      /* cannot open or read the file */
    VM74_LOAD_NOT_ELF = -2,   /* not an ELF file */
    VM74_LOAD_NOT_RV32 = -3,  /* ELF, but not 32-bit little-endian RISC-V exec */
    VM74_LOAD_TRUNCATED = -4, /* headers or segments past the end of file */
    VM74_LOAD_OUTSIDE_RAM = -5, /* a segment does not fit in RAM */
    VM74_LOAD_NO_SEGMENTS = -6, /* nothing to load */
    VM74_LOAD_MALFORMED = -7, /* inconsistent headers (e.g. filesz > memsz) */
    VM74_LOAD_TOO_LARGE = -8, /* the file is larger than a program for this
                                 RAM can be (RAM + 16 MiB) */
};

struct vm74_stats {
    uint64_t steps;       /* retired + trapped instructions + interrupts */
    uint64_t cycles;      /* the CYCLE counter */
    uint64_t instret[2];  /* retired instructions, by mode (VM74_MODE_*) */
    uint64_t traps[VM74_NUM_CAUSES]; /* traps taken, by cause */
};

/* Console hooks.  getc returns a byte 0..255, or -1 if none is waiting now. */
typedef void (*vm74_putc_fn)(void *ctx, uint8_t byte);
typedef int (*vm74_getc_fn)(void *ctx);

/*
 * Create a machine in its reset state (docs/isa.md §1) with zeroed RAM.
 * On failure returns NULL and writes a one-line reason into err.
 * Default console: output to stdout, no input.
 */
vm74 *vm74_create(const struct vm74_config *cfg, char *err, size_t errlen);
void vm74_destroy(vm74 *m);

/* 1 if size is a valid RAM size (docs/isa.md §6), else 0 with a reason. */
int vm74_check_ram_size(uint32_t size, char *err, size_t errlen);

const char *vm74_backend_name(const vm74 *m);
uint32_t vm74_ram_size(const vm74 *m);

/* Reset state, RAM zeroed, devices reset, statistics cleared. */
void vm74_reset(vm74 *m);

/*
 * Load a RV32 ELF executable's PT_LOAD segments into RAM (physical =
 * p_paddr) and set P to its entry point.  Returns VM74_LOAD_OK or a
 * vm74_load_error, with a one-line reason in err.
 */
int vm74_load_elf(vm74 *m, const char *path, char *err, size_t errlen);

/*
 * Finish the waveform of vm74_config.trace_path (rtl) and check that it
 * was written whole: 0, or -1 with a one-line reason in err (a full disk,
 * say).  Tracing stops; 0 when there is none.  vm74_destroy closes a trace
 * too, without a word.
 */
int vm74_close_trace(vm74 *m, char *err, size_t errlen);

void vm74_get_state(vm74 *m, struct vm74_state *s);
void vm74_set_state(vm74 *m, const struct vm74_state *s);

/*
 * The logical range [addr, addr + len) as the program sees it through the
 * current R (docs/isa.md §2: within the bound, no wrap-around past 2^32,
 * in RAM): returns how many bytes from addr on are reachable, at most len,
 * and sets *paddr = l + addr.  For debuggers; alignment and the device
 * registers are rules of single accesses, not of a range, and are not
 * applied.
 */
size_t vm74_logical_span(vm74 *m, uint32_t addr, size_t len, uint32_t *paddr);

/* Physical RAM access; returns 0, or -1 if [paddr, paddr+len) is not RAM. */
int vm74_read_phys(vm74 *m, uint32_t paddr, void *buf, size_t len);
int vm74_write_phys(vm74 *m, uint32_t paddr, const void *buf, size_t len);

void vm74_set_console(vm74 *m, vm74_putc_fn putc_fn, vm74_getc_fn getc_fn,
                      void *ctx);

/*
 * Execute one step; fills *rec if rec is not NULL.  Returns vm74_status.
 * Once the machine has exited, every step returns VM74_EXITED and executes
 * nothing until vm74_reset.  A WFI that could never wake (timer disarmed)
 * is not a step: it returns VM74_DEADLOCK and changes nothing.
 */
int vm74_step(vm74 *m, struct vm74_retire *rec);

/* Step until the machine stops or max_steps steps (0 = no limit). */
int vm74_run(vm74 *m, uint64_t max_steps);

/*
 * Observe every step: from now on fn(ctx, rec) is called with the record of
 * each step the machine executes, by vm74_step or by vm74_run (fn NULL: no
 * more calls).  On the rtl backend it watches the free-running pipeline
 * without changing its timing; on the iss, vm74_run then runs at the speed
 * of vm74_step.  fn must not call back into the machine.
 */
typedef void (*vm74_retire_fn)(void *ctx, const struct vm74_retire *rec);
void vm74_set_retire_hook(vm74 *m, vm74_retire_fn fn, void *ctx);

/* The exit code after VM74_EXITED. */
uint32_t vm74_exit_code(const vm74 *m);

void vm74_get_stats(vm74 *m, struct vm74_stats *st);

/* Names for messages, commit logs and tables; "?" when out of range. */
const char *vm74_cause_name(uint32_t cause);
const char *vm74_status_name(int status);

#ifdef __cplusplus
}
#endif

#endif /* VM74_API_H */
