/*
 * vmm_host.h - running the VMM and its guests on the host, through the C
 * API of sim/vm74_api.h (so on either backend), and the three properties.
 *
 *   vh_run_bare   one guest alone on a bare vm74 with RAM = its partition
 *   vh_run_vmm    the VMM image with all guests: free-running (vm74_run:
 *                 the backend's real timing, for the efficiency figures) or
 *                 checked (a retirement hook on vm74_run sees every step),
 *                 checking every user-mode access against the
 *                 partitions and counting the steps of the VMM's paths
 *   vh_compare    equivalence of one guest: end, exit code, transcript,
 *                 memory hash
 *   vh_*_write/read  a result through a file, so that a run can be done in
 *                 a child process (vmm-run runs its phases concurrently)
 *
 * The VMM's machine has the RAM the VMM was built for (its symbol
 * __vmm_ram_size, from vmm-pack), 128 KiB as on the board.
 *
 * The memory hash covers a guest's whole partition except three regions
 * whose contents depend on where timer interrupts happened to land: low
 * core (0x000-0x0ff: old PSW, register save area), the main stack (the top
 * __stack_size bytes) and, if it links lib/trap.S, its trap stack.
 */
#ifndef VMM_HOST_H
#define VMM_HOST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "guestconf.h"
#include "vm74_api.h"
#include "vmm_report.h"

#define VH_MAX_STEPS 4000000000ull /* a VMM run longer has failed (the hybrid
                                           VMM interprets: ~1.3e9 on the ISS) */

/* How one guest's run ended, bare or under the VMM. */
struct vh_result {
    uint32_t status;        /* enum vmm_guest_status; BUDGET = step limit */
    uint32_t exit_code;
    char *transcript;       /* console output (malloc'd, NUL-ended): a bare
                               run's bytes; a VMM run's lines tagged with
                               the guest's name on the VMM's console */
    size_t transcript_len;  /* bytes the guest wrote */
    size_t transcript_kept; /* bytes in transcript */
    uint64_t transcript_hash; /* FNV-1a of the bytes the guest wrote */
    uint64_t mem_hash;
    uint64_t cycles;
};

/* Where a guest's memory hash must not look. */
struct vh_layout {
    uint32_t size;
    uint32_t stack_size;
    uint32_t trap_stack_top; /* 0: no trap stack */
};

/* Lengths in steps from a checked run (ISS: one cycle per step). */
struct vh_series {
    uint64_t n, min, max, sum;
    uint64_t samples[4096]; /* the first ones, for the median */
};

/*
 * The VMM's paths, each from a guest's trap to the first guest instruction
 * after it (vmm_host.c time_step):
 *   LPSW    an emulated LPSW: back to the same guest
 *   DEVICE  an emulated device load/store (LW/SW at a device address)
 *   VTIMER  a real timer interrupt -> the same guest's handler (virtual irq)
 *   SWITCH  a real timer interrupt -> another guest
 */
enum vh_path_kind { VH_PATH_LPSW, VH_PATH_DEVICE, VH_PATH_VTIMER, VH_PATH_SWITCH,
                    VH_NUM_PATHS };

/* What the VMM's instructions on a path are, by how the RTL times them
 * (docs/rtl.md "Microarchitecture"): a branch the fetch guessed wrong
 * (static: backward taken, forward not taken) apart from the others. */
#define VH_STEP_KINDS(X)                                                  \
    X(ALU, "alu")   X(SHIFT, "shift") X(MULDIV, "mul/div")                \
    X(LOAD, "load") X(STORE, "store") X(DEV_LOAD, "dev-load")             \
    X(DEV_STORE, "dev-store") X(BRANCH, "branch")                         \
    X(BRANCH_WRONG, "br-wrong") X(JUMP, "jump") X(LPSW, "lpsw")          \
    X(OTHER, "other")
#define VH_STEP_KIND_ENUM(name, text) VH_STEP_##name,
enum vh_step_kind { VH_STEP_KINDS(VH_STEP_KIND_ENUM) VH_NUM_STEP_KINDS };
extern const char *const vh_step_kind_name[VH_NUM_STEP_KINDS];
extern const char *const vh_path_name[VH_NUM_PATHS];

/* One path's samples, from the checked run.  Its cycles are the VMM's
 * own TIME reads (the stores of LC_TRAP_TIME and LC_ENTER_TIME carry the
 * values): exact on every backend, since the retirement hook leaves the
 * timing alone.  pre: the steps up to that first store, the trap step
 * included; post: the steps after the last one, the final LPSW included.
 * trip: the whole round trip in cycles, from the guest's trapping step's
 * record to its next step's (the backend's cycle count as each comes
 * out), whatever the VMM does outside its TIME reads. */
struct vh_path {
    struct vh_series steps;     /* in steps, trap included (= ISS cycles) */
    struct vh_series cycles;    /* between the VMM's two TIME reads */
    struct vh_series trip;      /* the trap's record to the guest's next */
    uint64_t kind[VH_NUM_STEP_KINDS]; /* the VMM's steps by kind, all samples */
    uint64_t pre, post;         /* summed over the samples */
};

/*
 * The VMM's cycles on every trap, from the checked run, between its two
 * TIME reads (as struct vh_path's cycles), by the way it took: the fast
 * paths (entry.S), which do not add up their own cycles, by cause, and the
 * C path (a stint whose entry stored LC_EXIT_TIME), switches and idle
 * waits included.
 */
enum vh_stint_kind { VH_STINT_LPSW, VH_STINT_DEVICE, VH_STINT_TIMER, VH_STINT_C,
                     VH_NUM_STINTS };
struct vh_stints {
    uint64_t cycles[VH_NUM_STINTS], n[VH_NUM_STINTS];
};

struct vh_check {
    uint64_t user_steps;
    uint64_t outside;          /* user accesses outside the running partition */
    uint32_t first_outside_pc, first_outside_addr;
    bool vmm_code_intact;      /* the VMM's text hashed before and after */
    struct vh_path path[VH_NUM_PATHS];
    struct vh_stints stints;
};

struct vh_vmm {
    int status;                /* vm74_status of the VMM run */
    uint32_t exit_code;
    struct vmm_report rep;
    struct vh_result guest[VMM_MAX_GUESTS];
    struct vh_check check;
    uint64_t steps, cycles;
};

uint64_t vh_fnv1a(uint64_t h, const void *buf, size_t len);
int vh_layout_read(const char *elf, struct vh_layout *lay, char *err, size_t errlen);
uint64_t vh_hash_partition(vm74 *m, uint32_t base, const struct vh_layout *lay);

/*
 * A word written into a guest's memory after loading (a knob of the guest's,
 * e.g. the os guest's os_quantum) and put back before the memory hash.
 */
struct vh_poke {
    const char *symbol;
    uint32_t value;
};

/* 0, or -1 with a message in err. */
int vh_run_bare(enum vm74_backend be, const struct guestconf *g, const char *elf,
                struct vh_result *r, char *err, size_t errlen);
int vh_run_bare_poked(enum vm74_backend be, const struct guestconf *g,
                      const char *elf, const struct vh_poke *poke,
                      struct vh_result *r, char *err, size_t errlen);
/* Each of the n guests alone, its ELF elf_dir/NAME.elf, into r[0..n-1]:
 * 0, or -1 with a message in err. */
int vh_run_bare_all(enum vm74_backend be, const struct guestconf *g, int n,
                    const char *elf_dir, struct vh_result *r, char *err,
                    size_t errlen);
int vh_run_vmm(enum vm74_backend be, const char *vmm_elf,
               const struct guestconf *g, int n, const char *elf_dir,
               bool checked, bool echo, struct vh_vmm *v, char *err,
               size_t errlen);

/* The same, with prep->fn(m, prep->ctx) (if not NULL) called between
 * loading the VMM's image and running it (vmm-fuzz puts other guests into
 * the partitions), a step limit (0: VH_MAX_STEPS), and prep->observe (if
 * not NULL) shown every step of the run, checked or not (the timeline:
 * timeline.h); v->cycles then says when the run ended. */
typedef void (*vh_prepare_fn)(vm74 *m, void *ctx);
struct vh_prepare {
    vh_prepare_fn fn;
    void *ctx;
    uint64_t max_steps;
    vm74_retire_fn observe;
    void *observe_ctx;
};
int vh_run_vmm_prepared(enum vm74_backend be, const char *vmm_elf,
                        const struct guestconf *g, int n, const char *elf_dir,
                        bool checked, bool echo, const struct vh_prepare *prep,
                        struct vh_vmm *v, char *err, size_t errlen);

/* The VMM's run ended as it must: exit 0 after its table, every guest at
 * an end of its own (exit, deadlock, budget), none still ready or
 * waiting.  1, or 0 with why in err. */
int vh_vmm_ended(const struct vh_vmm *v, char *why, size_t whylen);
/* The first guest of the report still ready or waiting, or NULL. */
const struct vmm_guest_report *vh_report_unended(const struct vmm_report *rep);

/* Equivalence of one guest (end, exit code, transcript length and hash,
 * memory hash): 1 if identical, else 0 with why in err. */
int vh_compare(const struct vh_result *bare, const struct vh_result *virt,
               char *why, size_t whylen);

/*
 * A result to a file and back, transcripts included (the other pointers'
 * values mean nothing in another process).  0, or -1 if the file ended or
 * failed; a failed read leaves nothing to free.
 */
int vh_result_write(FILE *f, const struct vh_result *r);
int vh_result_read(FILE *f, struct vh_result *r);
int vh_vmm_write(FILE *f, const struct vh_vmm *v);
int vh_vmm_read(FILE *f, struct vh_vmm *v);

uint64_t vh_series_median(struct vh_series *s);
void vh_result_free(struct vh_result *r);
void vh_vmm_free(struct vh_vmm *v);

#endif /* VMM_HOST_H */
