/*
 * vmm_host.c - run guests bare and under the VMM through the vm74 C API,
 * and check equivalence and resource control (vmm_host.h).
 */
#include "vmm_host.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm74_insn.h"
#include "vmm_layout.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- Console capture ------------------------------------------------------ */

struct console {
    char *buf;
    size_t len, cap;
    const uint8_t *in;
    size_t in_len, in_pos;
    bool echo;
};

static void console_putc(void *ctx, uint8_t byte)
{
    struct console *c = ctx;
    if (c->len + 1 >= c->cap) {
        c->cap = c->cap ? 2 * c->cap : 4096;
        c->buf = realloc(c->buf, c->cap);
        if (!c->buf)
            abort();
    }
    c->buf[c->len++] = (char)byte;
    c->buf[c->len] = '\0';
    if (c->echo)
        putchar(byte);
}

static int console_getc(void *ctx)
{
    struct console *c = ctx;
    return c->in_pos < c->in_len ? c->in[c->in_pos++] : -1;
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *buf = malloc(1 << 16);
    *len = buf ? fread(buf, 1, 1 << 16, f) : 0;
    fclose(f);
    return buf;
}

/* ---- Memory hash ---------------------------------------------------------- */

/* An ELF without symbols (a generated program) is made for the RAM its
 * highest segment ends at (vmm-pack's rule) and has no stack of its own. */
static int layout_of_plain(const char *elf, struct vh_layout *lay)
{
    struct elfinfo info;
    char err[300];
    uint32_t any;
    if (!elfinfo_symbol(elf, "__stack_size", &any) ||
        elfinfo_read(elf, &info, err, sizeof err))
        return -1;
    lay->size = info.mem_hi;
    return 0;
}

int vh_layout_read(const char *elf, struct vh_layout *lay, char *err, size_t errlen)
{
    memset(lay, 0, sizeof *lay);
    if (elfinfo_symbol(elf, "__ram_size", &lay->size) && !layout_of_plain(elf, lay))
        return 0;
    if (elfinfo_symbol(elf, "__ram_size", &lay->size) ||
        elfinfo_symbol(elf, "__stack_size", &lay->stack_size))
        return fail(err, errlen, "%s: no __ram_size/__stack_size symbols", elf);
    if (elfinfo_symbol(elf, "vm74_trap_stack_top", &lay->trap_stack_top))
        lay->trap_stack_top = 0;
    return 0;
}

static bool hashed(const struct vh_layout *lay, uint32_t off)
{
    if (off < VM74_LC_END || off >= lay->size - lay->stack_size)
        return false;
    return !(lay->trap_stack_top && off < lay->trap_stack_top &&
             off >= lay->trap_stack_top - 4096);
}

/* FNV-1a, the VMM's transcript hash (vmm_report.h), continued over buf. */
uint64_t vh_fnv1a(uint64_t h, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * VMM_FNV1A_PRIME;
    return h;
}

/* FNV-1a over the bytes the hash covers, in address order. */
uint64_t vh_hash_partition(vm74 *m, uint32_t base, const struct vh_layout *lay)
{
    uint8_t *mem = malloc(lay->size);
    uint64_t h = VMM_FNV1A_INIT;
    if (!mem || vm74_read_phys(m, base, mem, lay->size))
        abort();
    for (uint32_t off = 0; off < lay->size; off++)
        if (hashed(lay, off))
            h = vh_fnv1a(h, &mem[off], 1);
    free(mem);
    return h;
}

/* ---- Bare runs ------------------------------------------------------------- */

static vm74 *machine_new(enum vm74_backend be, uint32_t ram, const char *elf,
                         struct console *con, char *err, size_t errlen)
{
    struct vm74_config cfg = {.backend = be, .ram_size = ram};
    vm74 *m = vm74_create(&cfg, err, errlen);
    if (!m)
        return NULL;
    if (vm74_load_elf(m, elf, err, errlen) != VM74_LOAD_OK) {
        vm74_destroy(m);
        return NULL;
    }
    vm74_set_console(m, console_putc, console_getc, con);
    return m;
}

static uint32_t status_of(int st)
{
    switch (st) {
    case VM74_EXITED: return VMM_GUEST_EXITED;
    case VM74_DEADLOCK: return VMM_GUEST_DEADLOCK;
    case VM74_LIMIT: return VMM_GUEST_BUDGET;
    default: return VMM_GUEST_RUNNING;
    }
}

/* Write the poke's word, keeping what was there in *old; 0 or -1. */
static int poke_apply(vm74 *m, const char *elf, const struct vh_poke *poke,
                      uint32_t *old, char *err, size_t errlen)
{
    uint32_t addr;
    if (elfinfo_symbol(elf, poke->symbol, &addr) ||
        vm74_read_phys(m, addr, old, sizeof *old) ||
        vm74_write_phys(m, addr, &poke->value, sizeof poke->value))
        return fail(err, errlen, "%s: no word '%s' to set", elf, poke->symbol);
    return 0;
}

/* The test's own change undone, so the hash compares the guest's work. */
static void poke_undo(vm74 *m, const char *elf, const struct vh_poke *poke,
                      uint32_t old)
{
    uint32_t addr;
    if (elfinfo_symbol(elf, poke->symbol, &addr) ||
        vm74_write_phys(m, addr, &old, sizeof old))
        abort(); /* poke_apply found and wrote it */
}

static void bare_result(vm74 *m, int st, const struct vh_layout *lay,
                        struct console *con, struct vh_result *r)
{
    struct vm74_stats stats;
    vm74_get_stats(m, &stats);
    r->status = status_of(st);
    r->exit_code = st == VM74_EXITED ? vm74_exit_code(m) : 0;
    r->transcript = con->buf ? con->buf : calloc(1, 1);
    r->transcript_len = con->len;
    r->transcript_kept = con->len;
    r->transcript_hash = vh_fnv1a(VMM_FNV1A_INIT, r->transcript, con->len);
    r->mem_hash = vh_hash_partition(m, 0, lay);
    r->cycles = stats.cycles;
}

int vh_run_bare_poked(enum vm74_backend be, const struct guestconf *g,
                      const char *elf, const struct vh_poke *poke,
                      struct vh_result *r, char *err, size_t errlen)
{
    struct console con = {0};
    struct vh_layout lay;
    uint8_t *input = NULL;
    uint32_t old = 0;
    memset(r, 0, sizeof *r);
    if (vh_layout_read(elf, &lay, err, errlen))
        return -1;
    if (g->input[0] && !(input = read_file(g->input, &con.in_len)))
        return fail(err, errlen, "%s: cannot read", g->input);
    con.in = input;
    vm74 *m = machine_new(be, g->size, elf, &con, err, errlen);
    if (!m || (poke && poke_apply(m, elf, poke, &old, err, errlen))) {
        vm74_destroy(m);
        free(input);
        free(con.buf);
        return -1;
    }
    int st = vm74_run(m, g->budget ? g->budget : VH_MAX_STEPS);
    if (poke)
        poke_undo(m, elf, poke, old);
    bare_result(m, st, &lay, &con, r);
    vm74_destroy(m);
    free(input);
    return 0;
}

int vh_run_bare(enum vm74_backend be, const struct guestconf *g, const char *elf,
                struct vh_result *r, char *err, size_t errlen)
{
    return vh_run_bare_poked(be, g, elf, NULL, r, err, errlen);
}

int vh_run_bare_all(enum vm74_backend be, const struct guestconf *g, int n,
                    const char *elf_dir, struct vh_result *r, char *err,
                    size_t errlen)
{
    for (int i = 0; i < n; i++) {
        char elf[600];
        snprintf(elf, sizeof elf, "%s/%s.elf", elf_dir, g[i].name);
        if (vh_run_bare(be, &g[i], elf, &r[i], err, errlen))
            return -1;
    }
    return 0;
}

/* ---- Checked VMM runs: resource control and path lengths ------------------- */

/* One path being walked: the VMM's steps since a guest's trap. */
struct path_sample {
    uint64_t kind[VH_NUM_STEP_KINDS];
    uint64_t steps;          /* the trap step included */
    uint64_t pre, post;      /* steps up to the first TIME store, after the last */
    uint32_t time_in, time_out;
    bool have_in, have_out;
    uint64_t trap_cycle;     /* the backend's cycles as the trap's record came */
};

/* The VMM's stint after a guest's trap, up to the next guest step. */
struct stint {
    bool open, have_in, have_out, c_path;
    enum vh_stint_kind kind;   /* by the trap's cause, if a fast path took it */
    uint32_t time_in, time_out;
};

struct stepper {
    vm74 *m;
    const struct guestconf *g;
    int n;
    struct vh_check *chk;
    struct vm74_psw psw;      /* the PSW the next step starts with */
    uint64_t steps;           /* steps before the next step */
    int pending;              /* a guest trap waiting for the guest to resume */
    enum vh_path_kind path;   /* which path it takes (VTIMER: or SWITCH) */
    int pending_part;
    uint32_t pending_pc;
    struct path_sample now;   /* the VMM's steps since that trap */
    struct stint stint;       /* the VMM's work on the last trap */
    vm74_retire_fn observe;   /* another observer of every step, or NULL */
    void *observe_ctx;
};

static int partition_of(const struct stepper *s, uint32_t paddr)
{
    for (int i = 0; i < s->n; i++)
        if (paddr >= s->g[i].base && paddr - s->g[i].base < s->g[i].size)
            return i;
    return -1;
}

static void series_add(struct vh_series *s, uint64_t v)
{
    if (s->n < sizeof s->samples / sizeof s->samples[0])
        s->samples[s->n] = v;
    if (s->n == 0 || v < s->min)
        s->min = v;
    if (v > s->max)
        s->max = v;
    s->n++;
    s->sum += v;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

uint64_t vh_series_median(struct vh_series *s)
{
    size_t k = s->n < 4096 ? s->n : 4096;
    if (k == 0)
        return 0;
    qsort(s->samples, k, sizeof s->samples[0], cmp_u64);
    return s->samples[k / 2];
}

static void note_outside(struct stepper *s, const struct vm74_retire *r, uint32_t addr)
{
    if (s->chk->outside++ == 0) {
        s->chk->first_outside_pc = r->pc;
        s->chk->first_outside_addr = addr;
    }
}

/* Every user-mode fetch and data access must stay in the running partition. */
static void check_user_step(struct stepper *s, const struct vm74_retire *r)
{
    int part = partition_of(s, s->psw.base);
    bool fetched = !(r->trap && (r->interrupt || r->cause <= VM74_CAUSE_FETCH_FAULT));
    s->chk->user_steps++;
    if (fetched && (part < 0 || partition_of(s, s->psw.base + r->pc) != part))
        note_outside(s, r, s->psw.base + r->pc);
    if (r->mem_size && (part < 0 || partition_of(s, r->mem_paddr) != part ||
                        partition_of(s, r->mem_paddr + r->mem_size - 1) != part))
        note_outside(s, r, r->mem_paddr);
}

#define VH_STEP_KIND_NAME(name, text) text,
const char *const vh_step_kind_name[VH_NUM_STEP_KINDS] = {VH_STEP_KINDS(VH_STEP_KIND_NAME)};
const char *const vh_path_name[VH_NUM_PATHS] = {
    "emulated LPSW round trip",
    "emulated device load/store round trip",
    "virtual timer interrupt: real irq -> guest handler",
    "guest context switch: real irq -> next guest",
};

/* The path a guest's trap starts, or -1 for one the bench does not time. */
static int trap_path(const struct vm74_retire *r)
{
    uint32_t op = insn_opcode(r->insn), f3 = insn_funct3(r->insn);
    if (r->interrupt)
        return VH_PATH_VTIMER; /* sorted out when a guest resumes */
    if (r->cause == VM74_CAUSE_PRIVILEGED && op == VM74_OPC_CUSTOM0 && f3 == VM74_F3_LPSW)
        return VH_PATH_LPSW;
    if ((r->cause == VM74_CAUSE_LOAD_FAULT || r->cause == VM74_CAUSE_STORE_FAULT) &&
        r->info >= VM74_MMIO_BASE && f3 == INSN_F3_WORD)
        return VH_PATH_DEVICE;
    return -1;
}

static bool is_device(uint32_t paddr)
{
    return paddr - VM74_MMIO_BASE < VM74_MMIO_SIZE;
}

/* A supervisor step by how the RTL times it. */
static enum vh_step_kind step_kind(const struct vm74_retire *r)
{
    uint32_t i = r->insn, f3 = insn_funct3(i);
    switch (insn_opcode(i)) {
    case OPC_LOAD: return is_device(r->mem_paddr) ? VH_STEP_DEV_LOAD : VH_STEP_LOAD;
    case OPC_STORE: return is_device(r->mem_paddr) ? VH_STEP_DEV_STORE : VH_STEP_STORE;
    case OPC_BRANCH: {
        bool taken = r->next.pc != r->pc + 4, backward = (int32_t)insn_imm_b(i) < 0;
        return taken == backward ? VH_STEP_BRANCH : VH_STEP_BRANCH_WRONG;
    }
    case OPC_JAL: case OPC_JALR: return VH_STEP_JUMP;
    case OPC_CUSTOM0: return f3 == VM74_F3_LPSW ? VH_STEP_LPSW : VH_STEP_OTHER;
    case OPC_OP:
        if (insn_funct7(i) == 1)
            return VH_STEP_MULDIV;
        /* fall through */
    case OPC_OP_IMM: return f3 == 1 || f3 == 5 ? VH_STEP_SHIFT : VH_STEP_ALU;
    case OPC_LUI: case OPC_AUIPC: return VH_STEP_ALU;
    default: return VH_STEP_OTHER;
    }
}

/* A VMM step of the path being walked; its two TIME stores bound the
 * VMM's own cycles (entry.S, vmm_layout.h). */
static void sample_step(struct path_sample *p, const struct vm74_retire *r)
{
    p->steps++;
    p->kind[step_kind(r)]++;
    p->post++;
    if (!r->mem_write || r->mem_size != 4)
        return;
    if (r->mem_paddr == LC_TRAP_TIME && !p->have_in) {
        p->have_in = true;
        p->time_in = r->mem_data;
        p->pre = p->steps;
    } else if (r->mem_paddr == LC_ENTER_TIME) {
        p->have_out = true;
        p->time_out = r->mem_data;
        p->post = 0;
    }
}

static void path_add(struct vh_path *path, const struct path_sample *p, uint64_t cycle)
{
    series_add(&path->steps, p->steps);
    series_add(&path->trip, cycle - p->trap_cycle);
    if (p->have_in && p->have_out)
        series_add(&path->cycles, (uint32_t)(p->time_out - p->time_in));
    for (int k = 0; k < VH_NUM_STEP_KINDS; k++)
        path->kind[k] += p->kind[k];
    path->pre += p->pre;
    path->post += p->post;
}

/*
 * From a guest's trap to the first instruction of a guest after it, in
 * steps (the same count on every backend, and its cycles on the ISS) and
 * in the VMM's cycles between its TIME reads, with the VMM's steps by kind.
 */
static uint64_t cycles_now(vm74 *m)
{
    struct vm74_stats st;
    vm74_get_stats(m, &st);
    return st.cycles;
}

static void time_step(struct stepper *s, const struct vm74_retire *r)
{
    int part = partition_of(s, s->psw.base);
    if (s->pending) {
        uint64_t cycle = cycles_now(s->m);
        s->pending = 0;
        if (s->path != VH_PATH_VTIMER)
            path_add(&s->chk->path[s->path], &s->now, cycle); /* same guest, next insn */
        else if (part != s->pending_part)
            path_add(&s->chk->path[VH_PATH_SWITCH], &s->now, cycle);
        else if (r->pc != s->pending_pc)
            path_add(&s->chk->path[VH_PATH_VTIMER], &s->now, cycle);
    }
    int path = r->trap ? trap_path(r) : -1;
    if (path >= 0) {
        s->pending = 1;
        s->path = (enum vh_path_kind)path;
        s->pending_part = part;
        s->pending_pc = r->pc;
        s->now = (struct path_sample){.steps = 1, .post = 1,
                                      .trap_cycle = cycles_now(s->m)};
    }
}

static void stint_open(struct stint *t, const struct vm74_retire *r)
{
    enum vh_stint_kind kind = VH_STINT_C;
    if (r->interrupt)
        kind = VH_STINT_TIMER;
    else if (r->cause == VM74_CAUSE_PRIVILEGED)
        kind = VH_STINT_LPSW;
    else if (r->cause == VM74_CAUSE_LOAD_FAULT || r->cause == VM74_CAUSE_STORE_FAULT)
        kind = VH_STINT_DEVICE;
    *t = (struct stint){.open = true, .kind = kind};
}

/* A VMM step of the stint: its TIME stores, and whether the C path ran. */
static void stint_step(struct stint *t, const struct vm74_retire *r)
{
    if (!r->mem_write || r->mem_size != 4)
        return;
    if (r->mem_paddr == LC_TRAP_TIME && !t->have_in) {
        t->have_in = true;
        t->time_in = r->mem_data;
    } else if (r->mem_paddr == LC_ENTER_TIME) {
        t->have_out = true;
        t->time_out = r->mem_data;
    } else if (r->mem_paddr == LC_EXIT_TIME) {
        t->c_path = true;
    }
}

static void stint_close(struct vh_stints *all, struct stint *t)
{
    enum vh_stint_kind kind = t->c_path ? VH_STINT_C : t->kind;
    if (t->have_in && t->have_out) {
        all->cycles[kind] += (uint32_t)(t->time_out - t->time_in);
        all->n[kind]++;
    }
    t->open = false;
}

/* Every step of the observed run: check it, time it, follow the PSW. */
static void observe_step(void *ctx, const struct vm74_retire *r)
{
    struct stepper *s = ctx;
    if (r->mode == VM74_MODE_USER) {
        if (s->stint.open)
            stint_close(&s->chk->stints, &s->stint);
        check_user_step(s, r);
        time_step(s, r);
        if (r->trap)
            stint_open(&s->stint, r);
    } else {
        if (s->pending)
            sample_step(&s->now, r);
        if (s->stint.open)
            stint_step(&s->stint, r);
    }
    s->psw = r->next;
    s->steps++;
    if (s->observe)
        s->observe(s->observe_ctx, r);
}

/*
 * The checked run: the machine runs freely (vm74_run) and a retirement hook
 * sees every step.  On the RTL that watches the pipeline at its real
 * timing, where single-stepping would stretch every step to a drained
 * pipeline's length.
 */
static int run_checked(vm74 *m, struct stepper *s, uint64_t max_steps)
{
    struct vm74_state st;
    vm74_get_state(m, &st);
    s->psw = st.psw;
    s->steps = 0;
    vm74_set_retire_hook(m, observe_step, s);
    int status = vm74_run(m, max_steps);
    vm74_set_retire_hook(m, NULL, NULL);
    return status;
}

/* A free run, its steps shown to the observer if there is one. */
static int run_observed(vm74 *m, const struct stepper *s, uint64_t max_steps)
{
    vm74_set_retire_hook(m, s->observe, s->observe_ctx);
    int status = vm74_run(m, max_steps);
    vm74_set_retire_hook(m, NULL, NULL);
    return status;
}

/* ---- VMM runs -------------------------------------------------------------- */

static uint64_t hash_range(vm74 *m, uint32_t lo, uint32_t hi)
{
    uint8_t *buf = malloc(hi - lo);
    if (!buf || vm74_read_phys(m, lo, buf, hi - lo))
        abort();
    uint64_t h = vh_fnv1a(VMM_FNV1A_INIT, buf, hi - lo);
    free(buf);
    return h;
}

/*
 * A guest's lines on the VMM's console OUT (LEN bytes): those tagged
 * "[NAME] ", without the tag, in order (malloc'd, NUL-ended).  vdev.c ends
 * a tagged line at the guest's '\n' or after VMM_LINE_SIZE bytes, and adds
 * a '\n' to one without: the lines are the guest's bytes but for those
 * added newlines.  Equivalence compares the exact hash.
 */
static char *console_lines(const char *out, size_t len, const char *name, size_t *kept)
{
    char tag[VMM_NAME_SIZE + 3];
    size_t taglen = (size_t)snprintf(tag, sizeof tag, "[%s] ", name);
    char *text = malloc(len + 1);
    if (!text)
        abort();
    *kept = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(out + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - out) + 1 : len;
        if (end - i > taglen && !memcmp(out + i, tag, taglen)) {
            memcpy(text + *kept, out + i + taglen, end - i - taglen);
            *kept += end - i - taglen;
        }
        i = end;
    }
    text[*kept] = '\0';
    return text;
}

static int guest_from_report(vm74 *m, const struct vmm_guest_report *gr,
                             const struct console *con, const char *elf,
                             struct vh_result *r, char *err, size_t errlen)
{
    struct vh_layout lay;
    if (vh_layout_read(elf, &lay, err, errlen))
        return -1;
    r->status = gr->status;
    r->exit_code = gr->exit_code;
    r->transcript = console_lines(con->buf ? con->buf : "", con->len, gr->name,
                                  &r->transcript_kept);
    r->transcript_len = gr->transcript_len;
    r->transcript_hash = gr->transcript_hash;
    r->mem_hash = vh_hash_partition(m, gr->base, &lay);
    r->cycles = gr->cycles_run + gr->cycles_vmm;
    return 0;
}

static int read_report(vm74 *m, const char *vmm_elf, struct vh_vmm *v, char *err,
                       size_t errlen)
{
    uint32_t addr;
    if (elfinfo_symbol(vmm_elf, "vmm_report", &addr) ||
        vm74_read_phys(m, addr, &v->rep, sizeof v->rep) ||
        v->rep.magic != VMM_REPORT_MAGIC)
        return fail(err, errlen, "%s: no VMM report in memory", vmm_elf);
    return 0;
}

int vh_run_vmm(enum vm74_backend be, const char *vmm_elf,
               const struct guestconf *g, int n, const char *elf_dir,
               bool checked, bool echo, struct vh_vmm *v, char *err,
               size_t errlen)
{
    struct vh_prepare none = {0};
    return vh_run_vmm_prepared(be, vmm_elf, g, n, elf_dir, checked, echo, &none,
                               v, err, errlen);
}

int vh_run_vmm_prepared(enum vm74_backend be, const char *vmm_elf,
                        const struct guestconf *g, int n, const char *elf_dir,
                        bool checked, bool echo, const struct vh_prepare *prep,
                        struct vh_vmm *v, char *err, size_t errlen)
{
    uint64_t max_steps = prep->max_steps ? prep->max_steps : VH_MAX_STEPS;
    struct console con = {.echo = echo};
    struct stepper s = {.g = g, .n = n, .chk = &v->check, .observe = prep->observe,
                        .observe_ctx = prep->observe_ctx};
    struct elfinfo info;
    uint32_t text_end, ram;
    memset(v, 0, sizeof *v);
    if (elfinfo_read(vmm_elf, &info, err, errlen) ||
        elfinfo_symbol(vmm_elf, "__text_end", &text_end) ||
        elfinfo_symbol(vmm_elf, "__vmm_ram_size", &ram))
        return fail(err, errlen, "%s: not a VMM image", vmm_elf);
    vm74 *m = machine_new(be, ram, vmm_elf, &con, err, errlen);
    if (!m)
        return -1;
    if (prep->fn)
        prep->fn(m, prep->ctx);
    s.m = m;
    uint64_t text_hash = hash_range(m, info.load_lo, text_end);
    v->status = checked ? run_checked(m, &s, max_steps) : run_observed(m, &s, max_steps);
    v->exit_code = v->status == VM74_EXITED ? vm74_exit_code(m) : 0;
    v->check.vmm_code_intact = hash_range(m, info.load_lo, text_end) == text_hash;
    struct vm74_stats stats;
    vm74_get_stats(m, &stats);
    v->steps = stats.steps;
    v->cycles = stats.cycles;
    int rc = read_report(m, vmm_elf, v, err, errlen);
    for (int i = 0; rc == 0 && i < n && i < (int)v->rep.nguests; i++) {
        char elf[600];
        snprintf(elf, sizeof elf, "%s/%s.elf", elf_dir, g[i].name);
        rc = guest_from_report(m, &v->rep.guest[i], &con, elf, &v->guest[i], err,
                               errlen);
    }
    free(con.buf);
    vm74_destroy(m);
    return rc;
}

/* ---- Equivalence ----------------------------------------------------------- */

/* Where two transcripts first differ: the line number (from 1) and each
 * side's line, at most VH_LINE_SHOWN bytes of it, in quotes ("(none)"
 * past the end). */
#define VH_LINE_SHOWN 64

static void quote_line(const char *p, const char *end, char *out, size_t len)
{
    if (p >= end) {
        snprintf(out, len, "(none)");
        return;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    int n = (int)((nl ? nl : end) - p);
    snprintf(out, len, "\"%.*s\"%s", n < VH_LINE_SHOWN ? n : VH_LINE_SHOWN,
             p, n > VH_LINE_SHOWN ? "..." : "");
}

static void first_difference(const struct vh_result *bare,
                             const struct vh_result *virt, char *why,
                             size_t whylen)
{
    const char *a = bare->transcript, *b = virt->transcript;
    const char *a_end = a + bare->transcript_kept;
    const char *b_end = b + virt->transcript_kept;
    const char *la = a, *lb = b;
    unsigned line = 1;
    for (; a < a_end && b < b_end && *a == *b; a++, b++)
        if (*a == '\n') {
            line++;
            la = a + 1;
            lb = b + 1;
        }
    char qa[VH_LINE_SHOWN + 8], qb[VH_LINE_SHOWN + 8];
    quote_line(la, a_end, qa, sizeof qa);
    quote_line(lb, b_end, qb, sizeof qb);
    snprintf(why, whylen, "transcripts differ at line %u: bare %s, VMM %s",
             line, qa, qb);
}

const struct vmm_guest_report *vh_report_unended(const struct vmm_report *rep)
{
    for (uint32_t i = 0; i < rep->nguests && i < VMM_MAX_GUESTS; i++)
        if (rep->guest[i].status == VMM_GUEST_RUNNING)
            return &rep->guest[i];
    return NULL;
}

int vh_vmm_ended(const struct vh_vmm *v, char *why, size_t whylen)
{
    const struct vmm_guest_report *g = vh_report_unended(&v->rep);
    if (v->status != VM74_EXITED || v->exit_code != 0)
        return fail(why, whylen, "the VMM ended with %s, exit code %u",
                    vm74_status_name(v->status), v->exit_code), 0;
    if (!v->rep.finished)
        return fail(why, whylen, "the VMM exited without its table"), 0;
    if (g != NULL)
        return fail(why, whylen, "the VMM said all guests finished, but guest "
                    "'%.*s' never ended", VMM_NAME_SIZE, g->name), 0;
    return 1;
}

int vh_compare(const struct vh_result *bare, const struct vh_result *virt,
               char *why, size_t whylen)
{
    if (bare->status != virt->status)
        return fail(why, whylen, "ends differ (bare %u, VMM %u)", bare->status,
                    virt->status), 0;
    /* the transcript before the exit code: its first different line
     * says what the guest saw, an exit code only that it noticed */
    if (bare->transcript_len != virt->transcript_len ||
        bare->transcript_hash != virt->transcript_hash)
        return first_difference(bare, virt, why, whylen), 0;
    if (bare->exit_code != virt->exit_code)
        return fail(why, whylen, "exit codes differ (bare %u, VMM %u)",
                    bare->exit_code, virt->exit_code), 0;
    if (bare->mem_hash != virt->mem_hash)
        return fail(why, whylen, "memory hashes differ"), 0;
    return 1;
}

/* ---- Results through a file ----------------------------------------------- */

int vh_result_write(FILE *f, const struct vh_result *r)
{
    if (fwrite(r, sizeof *r, 1, f) != 1 ||
        fwrite(r->transcript, 1, r->transcript_kept, f) != r->transcript_kept)
        return -1;
    return 0;
}

/* The struct's bytes, then a transcript of transcript_kept bytes. */
static int transcript_read(FILE *f, struct vh_result *r)
{
    r->transcript = malloc(r->transcript_kept + 1);
    if (!r->transcript)
        return -1;
    r->transcript[r->transcript_kept] = '\0';
    if (fread(r->transcript, 1, r->transcript_kept, f) != r->transcript_kept) {
        vh_result_free(r);
        return -1;
    }
    return 0;
}

int vh_result_read(FILE *f, struct vh_result *r)
{
    if (fread(r, sizeof *r, 1, f) != 1) {
        r->transcript = NULL;
        return -1;
    }
    return transcript_read(f, r);
}

/* A guest slot past the last guest has no transcript; that is all its
 * pointer tells the reader. */
int vh_vmm_write(FILE *f, const struct vh_vmm *v)
{
    if (fwrite(v, sizeof *v, 1, f) != 1)
        return -1;
    for (int i = 0; i < VMM_MAX_GUESTS; i++)
        if (v->guest[i].transcript &&
            fwrite(v->guest[i].transcript, 1, v->guest[i].transcript_kept, f) !=
                v->guest[i].transcript_kept)
            return -1;
    return 0;
}

int vh_vmm_read(FILE *f, struct vh_vmm *v)
{
    bool has[VMM_MAX_GUESTS];
    int rc = fread(v, sizeof *v, 1, f) == 1 ? 0 : -1;
    for (int i = 0; i < VMM_MAX_GUESTS; i++) {
        has[i] = rc == 0 && v->guest[i].transcript;
        v->guest[i].transcript = NULL;
    }
    for (int i = 0; rc == 0 && i < VMM_MAX_GUESTS; i++)
        if (has[i])
            rc = transcript_read(f, &v->guest[i]);
    if (rc)
        vh_vmm_free(v);
    return rc;
}

void vh_result_free(struct vh_result *r)
{
    free(r->transcript);
    r->transcript = NULL;
}

void vh_vmm_free(struct vh_vmm *v)
{
    for (int i = 0; i < VMM_MAX_GUESTS; i++)
        vh_result_free(&v->guest[i]);
}
