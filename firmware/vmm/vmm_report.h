/*
 * vmm_report.h - what the VMM records per guest, in a layout shared with the
 * host tools.
 *
 * The VMM keeps one struct vmm_report in its memory (symbol `vmm_report`).
 * It prints a table from it at the end, and the host tools (tools/vmm/)
 * read it back with vm74_read_phys to check equivalence, resource control
 * and efficiency.  A guest's console output is kept as its length and an
 * FNV-1a hash of every byte, not the bytes: 12 bytes instead of a buffer
 * per guest in the board's 128 KiB (the text itself is on the VMM's
 * console, tagged with the guest's name).  Only fixed-width fields, 64-bit
 * ones 8-aligned, so RV32 (ilp32) and the 64-bit host agree on every
 * offset; the asserts below and the host's check of VMM_REPORT_SIZE keep
 * it that way.
 */
#ifndef VMM_REPORT_H
#define VMM_REPORT_H

#ifndef __ASSEMBLER__ /* entry.S takes the numbers, C the structs too */
#include <stdint.h>
#endif

#include "vm74_arch.h"

#define VMM_MAX_GUESTS      6
#define VMM_NAME_SIZE       16      /* guest name, NUL-terminated */
#define VMM_REPORT_MAGIC    0x564d4d38u /* "VMM8" */

/* FNV-1a, 64-bit: the transcript hash (and the host's memory hashes). */
#define VMM_FNV1A_INIT  0xcbf29ce484222325ull
#define VMM_FNV1A_PRIME_LO 0x1b3 /* the prime is 2^40 + this (entry.S) */
#define VMM_FNV1A_PRIME ((1ull << 40) + VMM_FNV1A_PRIME_LO)

/* Console bytes a guest's tagged line holds at most: the VMM ends it there
 * with a newline of its own (the host tools take it out again). */
#define VMM_LINE_SIZE 200

/*
 * The VMM's console lines whose contents depend on time - cycle counts,
 * and the instruction and trap counts that follow the timer and the quanta
 * - start with this mark; every other line of the VMM's own depends only
 * on its guests' code and data, so a VMM run bare and the same VMM run as
 * a guest (docs/vmm.md "Recursion") print the same unmarked lines.
 */
#define VMM_TIMING_MARK "~ "

/*
 * Where a guest's quantum is in the VMM's table (struct vmm_setup, vmm.h,
 * as RV32 lays it out): the host may change the quanta at load time
 * (vmm-run --quanta), since they are data.
 */
#define VMM_SETUP_SIZE    40
#define VMM_SETUP_QUANTUM 12
/* Its console input: vmm-fuzz gives each generated guest its own. */
#define VMM_SETUP_INPUT     32
#define VMM_SETUP_INPUT_LEN 36

/* The longest quantum, in cycles: a slice's counts must fit the VMM's
 * 32-bit accumulators (struct guest_acc, vmm.h).  vmm-pack refuses more. */
#define VMM_QUANTUM_MAX 0x7fffffffu

#ifndef __ASSEMBLER__
/* How a guest ended. */
enum vmm_guest_status {
    VMM_GUEST_RUNNING = 0,  /* still running (ready or waiting) */
    VMM_GUEST_EXITED = 1,   /* stored to its virtual SIMCTL_EXIT */
    VMM_GUEST_DEADLOCK = 2, /* WFI with its virtual timer disarmed */
    VMM_GUEST_BUDGET = 3,   /* retired its budget of instructions, no exit */
};

struct vmm_guest_report {
    char name[VMM_NAME_SIZE];
    uint32_t base, size;          /* partition: physical [base, base+size) */
    uint32_t status;              /* enum vmm_guest_status */
    uint32_t exit_code;           /* if EXITED */
    uint32_t finish_order;        /* 1 = first guest to finish, ... */
    uint32_t transcript_len;      /* console bytes it wrote */
    uint64_t native[2];           /* retired natively, by virtual mode */
    uint64_t emulated[2];         /* emulated by the VMM, by virtual mode */
    uint64_t cycles_run;          /* cycles on the CPU (real user mode) */
    uint64_t cycles_vmm;          /* cycles the VMM spent on its traps */
    uint64_t fast_lpsw;           /* LPSWs the fast path (entry.S) emulated */
    uint64_t fast_dev;            /* device accesses it emulated */
    uint64_t fast_timer;          /* timer interrupts it took */
    uint64_t max_span;            /* longest stretch on the CPU, cycles */
    uint64_t budget;              /* instructions it may retire, 0 = none */
    uint32_t quantum;             /* time slice, real-timer cycles */
    uint32_t slices;              /* times it was switched to */
    uint32_t traps[VM74_NUM_CAUSES];     /* real traps it caused, by cause */
    uint32_t reflected[VM74_NUM_CAUSES]; /* of those, passed to its handler */
    uint64_t transcript_hash;     /* FNV-1a of those bytes */
};

struct vmm_report {
    uint32_t magic;               /* VMM_REPORT_MAGIC once the VMM booted */
    uint32_t nguests;
    uint32_t finished;            /* 1: every guest ended, table printed */
    uint32_t pad;
    struct vmm_guest_report guest[VMM_MAX_GUESTS];
};

#endif

#define VMM_GUEST_REPORT_SIZE (144 + 8 * VM74_NUM_CAUSES)
#define VMM_REPORT_SIZE (16 + VMM_MAX_GUESTS * VMM_GUEST_REPORT_SIZE)
/* The fields entry.S's console fast path writes (checked in vmm.h). */
#define VMM_REPORT_TRANSCRIPT_LEN  (VMM_NAME_SIZE + 20)
#define VMM_REPORT_TRANSCRIPT_HASH (VMM_GUEST_REPORT_SIZE - 8)
/* And the timer fast path's: reflected[], slices. */
#define VMM_REPORT_REFLECTED (VMM_REPORT_TRANSCRIPT_HASH - 4 * VM74_NUM_CAUSES)
#define VMM_REPORT_SLICES    (VMM_REPORT_REFLECTED - 4 * VM74_NUM_CAUSES - 4)

#ifndef __ASSEMBLER__
_Static_assert(sizeof(struct vmm_guest_report) == VMM_GUEST_REPORT_SIZE,
               "vmm_guest_report layout differs between VMM and host");
_Static_assert(sizeof(struct vmm_report) == VMM_REPORT_SIZE,
               "vmm_report layout differs between VMM and host");

#endif
#endif /* VMM_REPORT_H */
