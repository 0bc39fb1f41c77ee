/*
 * vmm_nest.h - the VMM under itself on the host (docs/vmm.md "Recursion:
 * the VMM under itself").
 *
 * A stack is the top VMM image and its set-up (firmware/vmm/nest/l1.conf),
 * and for each guest that is itself a VMM image (vmm2, vmm3) its set-up.
 * Any level's image can run as the real VMM: run from level k, a guest of
 * level j sits at depth j - k + 1.
 *
 *   vn_stack_load  the set-ups, recursively
 *   vn_run         one image on a machine of its own, with a retirement
 *                  hook that sees every step: afterwards every guest of
 *                  every level, found through the nested VMMs' reports in
 *                  memory (a nested VMM's memory starts at its composed
 *                  real base: the sum of the partition bases above it), with
 *                  its console bytes taken out of the nested tags, its end,
 *                  exit code and memory hash; resource control over the
 *                  composed partitions; the real traps and cycles each
 *                  ordinary guest cost
 *   vn_own_lines   a VMM's own console lines without the timing ones, for
 *                  comparing a VMM run bare and the same VMM run as a guest
 *
 * Quanta are data: vn_run can scale every level's quanta at load time
 * (struct vmm_setup in the images' memory, vmm_report.h VMM_SETUP_*).
 */
#ifndef VMM_NEST_H
#define VMM_NEST_H

#include "vmm_host.h"

#define VN_MAX_LEVELS 4
#define VN_MAX_GUESTS (VN_MAX_LEVELS * VMM_MAX_GUESTS)

struct vn_level {
    char name[VMM_NAME_SIZE];      /* its guest name one level up; "" at the top */
    char elf[600];                 /* its image */
    struct guestconf g[VMM_MAX_GUESTS];
    int n;
    int sub[VMM_MAX_GUESTS];       /* the level guest i is, if a VMM; else -1 */
    int depth;                     /* 1: the top */
};

struct vn_stack {
    struct vn_level lv[VN_MAX_LEVELS];
    int n;                         /* lv[0] is the top */
    char elf_dir[512];
};

/* A quantum scaling for one run: level k's quanta times num[k] / den[k]
 * (0/0: unchanged). */
struct vn_quanta {
    uint32_t num[VN_MAX_LEVELS], den[VN_MAX_LEVELS];
};

/* What a guest's own real trap was: each kind's cost is counted apart. */
enum vn_kind {
    VN_DEVICE,   /* LW/SW to a device register: emulated */
    VN_LPSW,     /* LPSW: emulated (or reflected in virtual user mode) */
    VN_TIMER,    /* a real timer interrupt: virtual timer or a slice's end */
    VN_OTHER,    /* the rest: WFI, ECALL and the faults reflected */
    VN_KINDS
};

/* One guest of one level, as a run left it. */
struct vn_guest {
    char path[80];                 /* "vmm2/vmm3/mini" from the run's top */
    int level;                     /* the stack level whose VMM runs it */
    int index;                     /* its line in that level's set-up */
    int depth;                     /* 1: under the real VMM */
    int sub;                       /* the level it is, if a VMM; else -1 */
    int parent;                    /* the VMM guest that runs it; -1 at the top */
    uint32_t real_base, size;      /* its partition in real memory */
    struct vmm_guest_report rep;   /* its VMM's report entry */
    struct vh_result r;            /* transcript: its bytes, untagged */
    uint64_t own_traps;            /* traps it took at its level (rep) */
    uint64_t real_traps;           /* real traps charged to it (ordinary) */
    uint64_t real_cycles;          /* real cycles charged to it (ordinary) */
    uint64_t real_steps;
    uint64_t kind_n[VN_KINDS];     /* its own real traps, by kind */
    uint64_t kind_traps[VN_KINDS]; /* real traps until it ran again, by kind */
};

extern const char *const vn_kind_names[VN_KINDS];

struct vn_check {
    uint64_t user_steps;
    uint64_t outside_top;          /* accesses outside the level-1 partition */
    uint64_t outside_inner;        /* outside the innermost partition of R */
    uint32_t first_pc, first_addr; /* the first one outside the innermost */
    char first_where[80];
    uint64_t inner_steps;          /* user steps of guests at depth >= 2 */
    bool vmm_code_intact;
};

struct vn_run {
    int top;                       /* the stack level that ran as the real VMM */
    int status;
    uint32_t exit_code;
    bool finished;                 /* every VMM of the stack printed its table with
                                      every guest of its own ended */
    struct vn_guest guest[VN_MAX_GUESTS];
    int n;
    struct vn_check check;
    uint64_t steps, cycles, traps; /* the real machine's */
    char *console;                 /* the real console, malloc'd */
    size_t console_len;
};

int vn_stack_load(struct vn_stack *s, const char *top_conf, const char *top_elf,
                  const char *elf_dir, char *const *subs, int nsubs, char *err,
                  size_t errlen);

/* Run level `top`'s image as the real VMM; 0, or -1 with a message. */
int vn_run(enum vm74_backend be, const struct vn_stack *s, int top,
           const struct vn_quanta *q, struct vn_run *out, char *err, size_t errlen);
void vn_run_free(struct vn_run *r);

/* The guest of the run with that path ("mini", "vmm2/vmm3/mini"), or NULL;
 * vn_find_name: by its name alone, at whatever depth. */
const struct vn_guest *vn_find(const struct vn_run *r, const char *path);
const struct vn_guest *vn_find_name(const struct vn_run *r, const char *name);

/*
 * Bytes of one tagged stream: the lines of STREAM (LEN bytes) tagged
 * "[NAME] ", without the tag and without the newline vdev.c adds to a line
 * it cut at VMM_LINE_SIZE bytes, cut to `want` bytes (the length the VMM's
 * report counted; the last line's added newline goes).  malloc'd.
 */
char *vn_untag(const char *stream, size_t len, const char *name, size_t want,
               size_t *out_len);

/* A VMM's own lines in its console bytes: those no guest of level lv
 * tagged and not marked VMM_TIMING_MARK.  malloc'd, NUL-ended. */
char *vn_own_lines(const struct vn_level *lv, const char *text, size_t len);

#endif /* VMM_NEST_H */
