/*
 * vmm_nest.c - the VMM under itself on the host (vmm_nest.h).
 */
#include "vmm_nest.h"

#include <stdlib.h>
#include <string.h>

#include "vm74_insn.h"

/* ---- The stack's set-ups ---------------------------------------------------- */

/* The set-up given for nested VMM `name` ("NAME=CONF"), or NULL. */
static const char *sub_conf(char *const *subs, int nsubs, const char *name)
{
    size_t len = strlen(name);
    for (int i = 0; i < nsubs; i++)
        if (!strncmp(subs[i], name, len) && subs[i][len] == '=')
            return subs[i] + len + 1;
    return NULL;
}

static int level_load(struct vn_stack *s, int k, const char *conf, char *const *subs,
                      int nsubs, char *err, size_t errlen)
{
    struct vn_level *lv = &s->lv[k];
    if ((lv->n = guestconf_read(conf, lv->g, err, errlen)) < 0)
        return -1;
    for (int i = 0; i < lv->n; i++) {
        const char *sub = sub_conf(subs, nsubs, lv->g[i].name);
        lv->sub[i] = -1;
        if (!sub)
            continue;
        if (s->n == VN_MAX_LEVELS)
            return vmm_fail(err, errlen, "%s: more than %d levels", conf, VN_MAX_LEVELS);
        int j = s->n++;
        struct vn_level *c = &s->lv[j];
        lv->sub[i] = j;
        char elf[sizeof c->elf];
        memcpy(c->name, lv->g[i].name, sizeof c->name);
        snprintf(elf, sizeof elf, "%s/%s.elf", s->elf_dir, c->name);
        memcpy(c->elf, elf, sizeof elf);
        c->depth = lv->depth + 1;
        if (level_load(s, j, sub, subs, nsubs, err, errlen))
            return -1;
    }
    return 0;
}

int vn_stack_load(struct vn_stack *s, const char *top_conf, const char *top_elf,
                  const char *elf_dir, char *const *subs, int nsubs, char *err,
                  size_t errlen)
{
    memset(s, 0, sizeof *s);
    snprintf(s->elf_dir, sizeof s->elf_dir, "%s", elf_dir);
    snprintf(s->lv[0].elf, sizeof s->lv[0].elf, "%s", top_elf);
    s->lv[0].depth = 1;
    s->n = 1;
    return level_load(s, 0, top_conf, subs, nsubs, err, errlen);
}

/* ---- Tagged streams --------------------------------------------------------- */

/* Where the line at i ends: after its newline, or at len. */
static size_t line_end(const char *text, size_t i, size_t len)
{
    const char *nl = memchr(text + i, '\n', len - i);
    return nl ? (size_t)(nl - text) + 1 : len;
}

char *vn_untag(const char *stream, size_t len, const char *name, size_t want,
               size_t *out_len)
{
    char tag[VMM_NAME_SIZE + 3];
    size_t taglen = (size_t)snprintf(tag, sizeof tag, "[%s] ", name), n = 0;
    char *text = malloc(len + 1);
    if (!text)
        abort();
    for (size_t i = 0, end; i < len; i = end) {
        end = line_end(stream, i, len);
        if (end - i >= taglen && !memcmp(stream + i, tag, taglen)) {
            size_t body = end - i - taglen;
            memcpy(text + n, stream + i + taglen, body);
            /* A line vdev.c cut at VMM_LINE_SIZE got a newline of its own. */
            n += body == VMM_LINE_SIZE + 1 ? body - 1 : body;
        }
    }
    /* So did the last line if the guest ended without one. */
    if (n == want + 1 && text[n - 1] == '\n')
        n--;
    text[n] = '\0';
    *out_len = n;
    return text;
}

static bool tagged_by(const struct vn_level *lv, const char *line, size_t len)
{
    for (int i = 0; i < lv->n; i++) {
        char tag[VMM_NAME_SIZE + 3];
        size_t taglen = (size_t)snprintf(tag, sizeof tag, "[%s] ", lv->g[i].name);
        if (len >= taglen && !memcmp(line, tag, taglen))
            return true;
    }
    return false;
}

char *vn_own_lines(const struct vn_level *lv, const char *text, size_t len)
{
    size_t marklen = strlen(VMM_TIMING_MARK), n = 0;
    char *own = malloc(len + 1);
    if (!own)
        abort();
    for (size_t i = 0, end; i < len; i = end) {
        end = line_end(text, i, len);
        bool timing = end - i >= marklen && !memcmp(text + i, VMM_TIMING_MARK, marklen);
        if (!timing && !tagged_by(lv, text + i, end - i)) {
            memcpy(own + n, text + i, end - i);
            n += end - i;
        }
    }
    own[n] = '\0';
    return own;
}

/* ---- The run's guests, before and after ----------------------------------- */

/* Every guest of level k and below, at real base `base`, depth from `depth`. */
static void guests_plan(const struct vn_stack *s, int k, uint32_t base, int depth,
                        const char *prefix, int parent, struct vn_run *out)
{
    const struct vn_level *lv = &s->lv[k];
    for (int i = 0; i < lv->n && out->n < VN_MAX_GUESTS; i++) {
        int me = out->n++;
        struct vn_guest *g = &out->guest[me];
        g->parent = parent;
        snprintf(g->path, sizeof g->path, "%s%s", prefix, lv->g[i].name);
        g->level = k;
        g->index = i;
        g->depth = depth;
        g->sub = lv->sub[i];
        g->real_base = base + lv->g[i].base;
        g->size = lv->g[i].size;
        if (g->sub >= 0) {
            char p[80];
            snprintf(p, sizeof p, "%s/", g->path);
            guests_plan(s, g->sub, g->real_base, depth + 1, p, me, out);
        }
    }
}

/* The real base of level k's memory in this run: its guest's, or 0 at the top. */
static uint32_t level_base(const struct vn_run *out, int k)
{
    for (int i = 0; i < out->n; i++)
        if (out->guest[i].sub == k)
            return out->guest[i].real_base;
    return 0;
}

static int symbol(const char *elf, const char *name, uint32_t *v, char *err,
                  size_t errlen)
{
    if (elfinfo_symbol(elf, name, v))
        return vmm_fail(err, errlen, "%s: no symbol %s", elf, name);
    return 0;
}

/* Level k's quanta times num/den, in its image in memory before it boots. */
static int quanta_scale(vm74 *m, const struct vn_stack *s, int k, uint32_t base,
                        uint32_t num, uint32_t den, char *err, size_t errlen)
{
    uint32_t setups;
    if (symbol(s->lv[k].elf, "vmm_setups", &setups, err, errlen))
        return -1;
    for (int i = 0; i < s->lv[k].n; i++) {
        uint32_t addr = base + setups + (uint32_t)i * VMM_SETUP_SIZE + VMM_SETUP_QUANTUM;
        uint32_t q;
        if (vm74_read_phys(m, addr, &q, sizeof q))
            return vmm_fail(err, errlen, "%s: cannot read its quanta", s->lv[k].elf);
        uint64_t scaled = (uint64_t)q * num / den;
        if (scaled == 0 || scaled > VMM_QUANTUM_MAX)
            return vmm_fail(err, errlen, "%s: quantum %u scaled to %llu, not in "
                            "1..%u", s->lv[k].elf, q, (unsigned long long)scaled,
                            VMM_QUANTUM_MAX);
        q = (uint32_t)scaled;
        if (vm74_write_phys(m, addr, &q, sizeof q))
            return vmm_fail(err, errlen, "%s: cannot write its quanta", s->lv[k].elf);
    }
    return 0;
}

static int quanta_apply(vm74 *m, const struct vn_stack *s, int top,
                        const struct vn_quanta *q, const struct vn_run *out,
                        char *err, size_t errlen)
{
    for (int k = top; q && k < s->n; k++) {
        bool in_run = k == top || level_base(out, k) != 0;
        if (in_run && q->den[k] &&
            quanta_scale(m, s, k, level_base(out, k), q->num[k], q->den[k], err, errlen))
            return -1;
    }
    return 0;
}

/* Hash of every VMM level's code in this run, in real memory. */
static uint64_t code_hash(vm74 *m, const struct vn_stack *s, int top,
                          const struct vn_run *out)
{
    uint64_t h = VMM_FNV1A_INIT;
    for (int k = top; k < s->n; k++) {
        struct elfinfo info;
        uint32_t text_end, base = level_base(out, k);
        char err[200];
        if ((k != top && base == 0) || elfinfo_read(s->lv[k].elf, &info, err, sizeof err) ||
            elfinfo_symbol(s->lv[k].elf, "__text_end", &text_end))
            continue;
        uint32_t len = text_end - info.load_lo;
        uint8_t *buf = malloc(len);
        if (!buf || vm74_read_phys(m, base + info.load_lo, buf, len))
            abort();
        h = vh_fnv1a(h, buf, len);
        free(buf);
    }
    return h;
}

/* ---- Every step: resource control and what each guest costs -------------- */

const char *const vn_kind_names[VN_KINDS] = {
    [VN_DEVICE] = "device access",
    [VN_LPSW] = "LPSW",
    [VN_TIMER] = "timer interrupt",
    [VN_OTHER] = "WFI, ECALL, faults",
};

static enum vn_kind kind_of(const struct vm74_retire *r)
{
    uint32_t op = insn_opcode(r->insn), f3 = insn_funct3(r->insn);
    if (r->interrupt)
        return VN_TIMER;
    if (r->cause == VM74_CAUSE_PRIVILEGED && op == VM74_OPC_CUSTOM0 && f3 == VM74_F3_LPSW)
        return VN_LPSW;
    if ((r->cause == VM74_CAUSE_LOAD_FAULT || r->cause == VM74_CAUSE_STORE_FAULT) &&
        r->info >= VM74_MMIO_BASE)
        return VN_DEVICE;
    return VN_OTHER;
}

struct watch {
    struct vn_run *out;
    vm74 *m;
    struct vm74_psw psw;          /* the PSW the next step starts with */
    int owner;                    /* the ordinary guest the machine works for */
    uint64_t owner_since;         /* cycles when it became the owner */
    int last[VN_MAX_GUESTS];      /* a nested VMM's: its ordinary guest that ran last */
    int kind;                     /* of the owner's last own trap; -1: it runs */
};

static bool inside(const struct vn_guest *g, uint32_t paddr, uint32_t n)
{
    return paddr >= g->real_base && (uint64_t)paddr + n <= (uint64_t)g->real_base + g->size;
}

/* The innermost partition that holds a real base: the deepest guest's. */
static int innermost(const struct vn_run *out, uint32_t base)
{
    int best = -1;
    for (int i = 0; i < out->n; i++)
        if (inside(&out->guest[i], base, 1) &&
            (best < 0 || out->guest[i].depth > out->guest[best].depth))
            best = i;
    return best;
}

static int outermost(const struct vn_run *out, uint32_t base)
{
    for (int i = 0; i < out->n; i++)
        if (out->guest[i].depth == 1 && inside(&out->guest[i], base, 1))
            return i;
    return -1;
}

static void note_access(struct watch *w, int inner, int outer, uint32_t pc,
                        uint32_t paddr, uint32_t n)
{
    struct vn_check *c = &w->out->check;
    if (outer < 0 || !inside(&w->out->guest[outer], paddr, n))
        c->outside_top++;
    if (inner < 0 || !inside(&w->out->guest[inner], paddr, n)) {
        if (c->outside_inner++ == 0) {
            c->first_pc = pc;
            c->first_addr = paddr;
            snprintf(c->first_where, sizeof c->first_where, "%s",
                     inner < 0 ? "no partition" : w->out->guest[inner].path);
        }
    }
}

static void check_user_step(struct watch *w, const struct vm74_retire *r, int inner)
{
    int outer = outermost(w->out, w->psw.base);
    bool fetched = !(r->trap && (r->interrupt || r->cause <= VM74_CAUSE_FETCH_FAULT));
    w->out->check.user_steps++;
    if (inner >= 0 && w->out->guest[inner].depth >= 2)
        w->out->check.inner_steps++;
    if (fetched)
        note_access(w, inner, outer, r->pc, w->psw.base + r->pc, 4);
    if (r->mem_size)
        note_access(w, inner, outer, r->pc, r->mem_paddr, r->mem_size);
}

static uint64_t cycles_now(vm74 *m)
{
    struct vm74_stats st;
    vm74_get_stats(m, &st);
    return st.cycles;
}

/* The cycles since the owner took over are its. */
static void owner_charge(struct watch *w)
{
    uint64_t now = cycles_now(w->m);
    if (w->owner >= 0)
        w->out->guest[w->owner].real_cycles += now - w->owner_since;
    w->owner_since = now;
}

/*
 * The ordinary guest a user-mode step of partition `inner` works for: its
 * own, or, in a nested VMM's partition, that VMM's guest that ran last
 * (down the nested VMMs it runs).  Running, a guest is the last of every
 * VMM above it.  The real VMM's steps (supervisor mode) count for the
 * owner of the user-mode step before them.
 */
static int owner_of(struct watch *w, int inner)
{
    const struct vn_guest *g = w->out->guest;
    if (inner < 0)
        return w->owner;
    if (g[inner].sub >= 0) /* before its first guest ran (its boot): nobody */
        return w->last[inner];
    for (int p = g[inner].parent; p >= 0; p = g[p].parent)
        w->last[p] = inner;
    return inner;
}

/*
 * Every real step and trap counts for the ordinary guest the machine works
 * for (owner_of): a VMM's work, switches and idle waits included, for the
 * guest it did it for, as far as the last user-mode step tells.
 */
static void watch_step(void *ctx, const struct vm74_retire *r)
{
    struct watch *w = ctx;
    if (r->mode == VM74_MODE_USER) {
        int inner = innermost(w->out, w->psw.base);
        check_user_step(w, r, inner);
        int owner = owner_of(w, inner);
        if (owner != w->owner) {
            owner_charge(w);
            w->owner = owner;
        }
        if (inner >= 0 && inner == owner) /* the guest's own step */
            w->kind = r->trap ? (int)kind_of(r) : -1;
        if (inner >= 0 && inner == owner && r->trap)
            w->out->guest[owner].kind_n[w->kind]++;
    }
    if (w->owner >= 0) {
        struct vn_guest *g = &w->out->guest[w->owner];
        g->real_steps++;
        g->real_traps += r->trap;
        if (r->trap && w->kind >= 0)
            g->kind_traps[w->kind]++;
    }
    w->psw = r->next;
}

/* ---- After the run ----------------------------------------------------------- */

static int report_read(vm74 *m, const char *elf, uint32_t base, struct vmm_report *rep,
                       char *err, size_t errlen)
{
    uint32_t addr;
    if (symbol(elf, "vmm_report", &addr, err, errlen) ||
        vm74_read_phys(m, base + addr, rep, sizeof *rep) || rep->magic != VMM_REPORT_MAGIC)
        return vmm_fail(err, errlen, "%s: no VMM report at 0x%x", elf, base);
    return 0;
}

static uint64_t traps_of(const struct vmm_guest_report *r)
{
    uint64_t n = 0;
    for (int c = 0; c < VM74_NUM_CAUSES; c++)
        n += r->traps[c];
    return n;
}

static int guest_finish(vm74 *m, const struct vn_stack *s, struct vn_guest *g,
                        const struct vmm_guest_report *gr, const char *stream,
                        size_t stream_len, char *err, size_t errlen)
{
    const struct guestconf *conf = &s->lv[g->level].g[g->index];
    g->rep = *gr;
    g->own_traps = traps_of(gr);
    if (gr->base != conf->base || gr->size != g->size || strcmp(gr->name, conf->name))
        return vmm_fail(err, errlen, "%s: the VMM's report differs from its set-up", g->path);
    g->r.status = gr->status;
    g->r.exit_code = gr->exit_code;
    g->r.transcript = vn_untag(stream, stream_len, conf->name, gr->transcript_len,
                               &g->r.transcript_kept);
    g->r.transcript_len = gr->transcript_len;
    g->r.transcript_hash = gr->transcript_hash;
    g->r.cycles = gr->cycles_run + gr->cycles_vmm;
    if (g->sub < 0) {
        struct vh_layout lay;
        char elf[600];
        snprintf(elf, sizeof elf, "%s/%s.elf", s->elf_dir, conf->name);
        if (vh_layout_read(elf, &lay, err, errlen))
            return -1;
        g->r.mem_hash = vh_hash_partition(m, g->real_base, &lay);
    }
    return 0;
}

/* Level k's guests (base: its memory's), from its report and its bytes. */
static int level_finish(vm74 *m, const struct vn_stack *s, int k, uint32_t base,
                        const char *stream, size_t stream_len, struct vn_run *out,
                        bool *finished, char *err, size_t errlen)
{
    struct vmm_report rep;
    if (report_read(m, s->lv[k].elf, base, &rep, err, errlen))
        return -1;
    *finished = rep.finished && !vh_report_unended(&rep);
    for (int i = 0; i < out->n; i++) {
        struct vn_guest *g = &out->guest[i];
        bool sub_finished;
        if (g->level != k) /* a level is in the stack once */
            continue;
        if (guest_finish(m, s, g, &rep.guest[g->index], stream, stream_len, err, errlen))
            return -1;
        if (g->sub >= 0 &&
            level_finish(m, s, g->sub, g->real_base, g->r.transcript, g->r.transcript_kept,
                         out, &sub_finished, err, errlen))
            return -1;
        if (g->sub >= 0)
            *finished = *finished && sub_finished;
    }
    return 0;
}

/* ---- The run -------------------------------------------------------------- */

struct capture {
    char *buf;
    size_t len, cap;
};

static void capture_putc(void *ctx, uint8_t byte)
{
    struct capture *c = ctx;
    if (c->len + 1 >= c->cap) {
        c->cap = c->cap ? 2 * c->cap : 1 << 16;
        if (!(c->buf = realloc(c->buf, c->cap)))
            abort();
    }
    c->buf[c->len++] = (char)byte;
    c->buf[c->len] = '\0';
}

static int capture_getc(void *ctx)
{
    (void)ctx;
    return -1; /* a VMM's guests read the input of their set-up */
}

static vm74 *machine_for(enum vm74_backend be, const char *elf, struct capture *con,
                         char *err, size_t errlen)
{
    uint32_t ram;
    if (symbol(elf, "__vmm_ram_size", &ram, err, errlen))
        return NULL;
    struct vm74_config cfg = {.backend = be, .ram_size = ram};
    vm74 *m = vm74_create(&cfg, err, errlen);
    if (m && vm74_load_elf(m, elf, err, errlen) != VM74_LOAD_OK) {
        vm74_destroy(m);
        return NULL;
    }
    if (m)
        vm74_set_console(m, capture_putc, capture_getc, con);
    return m;
}

int vn_run(enum vm74_backend be, const struct vn_stack *s, int top,
           const struct vn_quanta *q, struct vn_run *out, char *err, size_t errlen)
{
    struct capture con = {0};
    memset(out, 0, sizeof *out);
    out->top = top;
    guests_plan(s, top, 0, 1, "", -1, out);
    vm74 *m = machine_for(be, s->lv[top].elf, &con, err, errlen);
    if (!m)
        return -1;
    if (quanta_apply(m, s, top, q, out, err, errlen)) {
        vm74_destroy(m);
        return -1;
    }
    uint64_t code = code_hash(m, s, top, out);
    struct vm74_state st;
    vm74_get_state(m, &st);
    struct watch w = {.out = out, .m = m, .psw = st.psw, .owner = -1, .kind = -1};
    for (int i = 0; i < VN_MAX_GUESTS; i++)
        w.last[i] = -1;
    vm74_set_retire_hook(m, watch_step, &w);
    out->status = vm74_run(m, VH_MAX_STEPS);
    vm74_set_retire_hook(m, NULL, NULL);
    owner_charge(&w);
    out->exit_code = out->status == VM74_EXITED ? vm74_exit_code(m) : 0;
    out->check.vmm_code_intact = code_hash(m, s, top, out) == code;
    struct vm74_stats stats;
    vm74_get_stats(m, &stats);
    out->steps = stats.steps;
    out->cycles = stats.cycles;
    for (int c = 0; c < VM74_NUM_CAUSES; c++)
        out->traps += stats.traps[c];
    out->console = con.buf ? con.buf : calloc(1, 1);
    out->console_len = con.len;
    int rc = level_finish(m, s, top, 0, out->console, out->console_len, out,
                          &out->finished, err, errlen);
    vm74_destroy(m);
    return rc;
}

void vn_run_free(struct vn_run *r)
{
    for (int i = 0; i < r->n; i++)
        vh_result_free(&r->guest[i].r);
    free(r->console);
    r->console = NULL;
}

const struct vn_guest *vn_find(const struct vn_run *r, const char *path)
{
    for (int i = 0; i < r->n; i++)
        if (!strcmp(r->guest[i].path, path))
            return &r->guest[i];
    return NULL;
}

const struct vn_guest *vn_find_name(const struct vn_run *r, const char *name)
{
    for (int i = 0; i < r->n; i++) {
        const char *slash = strrchr(r->guest[i].path, '/');
        if (!strcmp(slash ? slash + 1 : r->guest[i].path, name))
            return &r->guest[i];
    }
    return NULL;
}
