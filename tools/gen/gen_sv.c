/*
 * gen_sv.c - the generated program's supervisor: low core, the trap
 * handler, the entry, the three kinds of block and the signature.
 *
 * The supervisor runs with R = (0, all) and IE = 0 except inside a block
 * that asks for interrupts.  docs/fuzz.md describes the protocol between
 * the blocks and the handler; the comments here say why each step is
 * there.
 */
#include <stdio.h>

#include "elfwrite.h"
#include "gen_internal.h"

#define TIMER_PAGE (VM74_TIMER_BASE >> 12)
#define TIMER_OFF_TIME_LO (int32_t)(VM74_TIMER_TIME_LO & 0xfff)
#define TIMER_OFF_CMP_LO (int32_t)(VM74_TIMER_CMP_LO & 0xfff)
#define TIMER_OFF_CMP_HI (int32_t)(VM74_TIMER_CMP_HI & 0xfff)

static void put32(struct program *p, uint32_t paddr, uint32_t v)
{
    elf_put32(p->ram + paddr, v);
}

static void put_psw(struct program *p, uint32_t at, uint32_t flags,
                    uint32_t pc, uint32_t l, uint32_t b)
{
    put32(p, at + VM74_PSW_FLAGS, flags);
    put32(p, at + VM74_PSW_P, pc);
    put32(p, at + VM74_PSW_BASE, l);
    put32(p, at + VM74_PSW_BOUND, b);
}

/* Low core as loaded: the vector, and the PSW images whose P the
 * supervisor fills in before each use. */
void gen_low_core(struct program *p)
{
    put32(p, VM74_LC_VECTOR, HANDLER_BASE);
    put32(p, LC_EXIT_P, 1); /* misaligned: no ECALL is ever there */
    put32(p, LC_RX_LEFT, (uint32_t)p->opt->input_len);
    put_psw(p, LC_SV_PSW, VM74_FLAG_SUPERVISOR, 0, 0, VM74_BOUND_ALL);
    put_psw(p, LC_SVIE_PSW, VM74_FLAG_SUPERVISOR | VM74_FLAG_IE, 0, 0,
            VM74_BOUND_ALL);
    put_psw(p, LC_SVOFF_PSW, VM74_FLAG_SUPERVISOR, 0, 0, VM74_BOUND_ALL);
}

/* ---- Forward branches inside hand-written code ----------------------- */

/* Point the branch emitted at word `at` to the next word to be emitted. */
static void land_branch(struct code *c, size_t at)
{
    c->w[at] |= enc_b((int32_t)(c->n - at) * 4, 0, 0, 0, 0);
}

static void save_handler_regs(struct code *c, bool restore)
{
    for (int x = 1; x <= 4; x++)
        emit(c, restore ? enc_lw(x, 0, LC_REGS + 4 * x)
                        : enc_sw(x, 0, LC_REGS + 4 * x));
}

/* Append (cause, info, saved P, saved flags) to the circular log and move
 * the saved P past the trapping instruction. */
static void handler_log_and_skip(struct code *c)
{
    emit(c, enc_lw(2, 0, LC_LOG_IDX));
    emit(c, enc_lui(3, LOG_BASE >> 12));
    emit(c, enc_add(3, 3, 2));
    emit(c, enc_sw(1, 3, 0));
    static const int32_t saved[] = {VM74_LC_INFO, VM74_LC_OLD_P,
                                    VM74_LC_OLD_FLAGS};
    for (int i = 0; i < 3; i++) {
        emit(c, enc_lw(4, 0, saved[i]));
        emit(c, enc_sw(4, 3, 4 * (i + 1)));
    }
    emit(c, enc_addi(2, 2, 16));
    emit(c, enc_andi(2, 2, (int32_t)(LOG_SIZE - 16)));
    emit(c, enc_sw(2, 0, LC_LOG_IDX));
    emit(c, enc_lw(4, 0, VM74_LC_OLD_P));
    emit(c, enc_addi(4, 4, 4));
    emit(c, enc_sw(4, 0, VM74_LC_OLD_P));
}

/* LC_CHAIN = FNV-1a over the trap's old PSW, cause and info: the whole
 * sequence of exceptions the program saw, however long (the log wraps).
 * Leaves x1 = the cause. */
static void handler_chain(struct code *c)
{
    emit(c, enc_lw(2, 0, LC_CHAIN));
    emit_li(c, 4, 0x01000193u);
    emit(c, enc_addi(3, 0, VM74_LC_OLD_PSW));
    emit(c, enc_lw(1, 3, 0));
    emit(c, enc_xor(2, 2, 1));
    emit(c, enc_mul(2, 2, 4));
    emit(c, enc_addi(3, 3, 4));
    emit(c, enc_addi(1, 0, VM74_LC_INFO + 4));
    emit(c, enc_bltu(3, 1, -20));
    emit(c, enc_sw(2, 0, LC_CHAIN));
    emit(c, enc_lw(1, 0, VM74_LC_CAUSE));
}

/* A breakpoint takes a nested trap inside the handler (gen_nest_helper):
 * x3 = where the helper returns. */
static void handler_nest_call(struct code *c)
{
    emit(c, enc_addi(2, 0, VM74_CAUSE_BREAKPOINT));
    emit(c, enc_bne(1, 2, 8));
    emit(c, enc_jal(3, (int32_t)(NEST_BASE - code_here(c))));
}

/*
 * The handler.  Exceptions are logged and resumed after the instruction.
 * A timer interrupt is not logged (where it lands is timing): it disarms
 * the timer, sets LC_FIRED and resumes.  A relocated block ends through
 * the handler: its exit ECALL (user mode, P = LC_EXIT_P), a fetch fault
 * (it ran or jumped past its bound) or a fetch at a misaligned P; the
 * handler then loads LC_SV_PSW, the supervisor's continuation.
 */
void gen_handler(struct program *p)
{
    uint32_t buf[(SIG_EXPECTED - HANDLER_BASE) / 4];
    struct code c;
    code_init(&c, HANDLER_BASE, buf, sizeof buf / sizeof buf[0]);
    size_t to_timer, to_exit1, to_exit2, to_exit3, not_fetch, to_log1,
        to_log2;

    save_handler_regs(&c, false);
    emit(&c, enc_lw(1, 0, VM74_LC_CAUSE));
    emit(&c, enc_addi(2, 0, VM74_CAUSE_TIMER));
    to_timer = c.n, emit(&c, enc_beq(1, 2, 0));
    handler_chain(&c);
    handler_nest_call(&c);
    emit(&c, enc_addi(2, 0, VM74_CAUSE_FETCH_FAULT));
    to_exit1 = c.n, emit(&c, enc_beq(1, 2, 0));
    not_fetch = c.n, emit(&c, enc_bne(1, 0, 0)); /* FETCH_MISALIGNED = 0 */
    emit(&c, enc_lw(2, 0, VM74_LC_INFO));
    emit(&c, enc_lw(3, 0, VM74_LC_OLD_P));
    to_exit2 = c.n, emit(&c, enc_beq(2, 3, 0)); /* a fetch, not a jump */
    land_branch(&c, not_fetch);
    emit(&c, enc_addi(2, 0, VM74_CAUSE_ECALL));
    to_log1 = c.n, emit(&c, enc_bne(1, 2, 0));
    emit(&c, enc_lw(2, 0, VM74_LC_OLD_FLAGS));
    emit(&c, enc_andi(2, 2, (int32_t)VM74_FLAG_SUPERVISOR));
    to_log2 = c.n, emit(&c, enc_bne(2, 0, 0));
    emit(&c, enc_lw(2, 0, VM74_LC_OLD_P));
    emit(&c, enc_lw(3, 0, LC_EXIT_P));
    to_exit3 = c.n, emit(&c, enc_beq(2, 3, 0));
    land_branch(&c, to_log1);
    land_branch(&c, to_log2);
    handler_log_and_skip(&c);
    size_t resume = c.n;
    save_handler_regs(&c, true);
    emit(&c, enc_lpsw(0, VM74_LC_OLD_PSW));

    land_branch(&c, to_timer);
    emit(&c, enc_addi(2, 0, 1));
    emit(&c, enc_sw(2, 0, LC_FIRED));
    emit(&c, enc_lui(3, TIMER_PAGE));
    emit(&c, enc_addi(2, 0, -1));
    emit(&c, enc_sw(2, 3, TIMER_OFF_CMP_HI));
    emit(&c, enc_sw(2, 3, TIMER_OFF_CMP_LO));
    emit(&c, enc_jal(0, (int32_t)(resume - c.n) * 4));

    land_branch(&c, to_exit1);
    land_branch(&c, to_exit2);
    land_branch(&c, to_exit3);
    save_handler_regs(&c, true);
    emit(&c, enc_lpsw(0, LC_SV_PSW));

    for (size_t i = 0; i < c.n; i++)
        put32(p, HANDLER_BASE + 4 * (uint32_t)i, c.w[i]);
}

/*
 * The helper the handler calls on a breakpoint: it saves the trap's low
 * core and the handler's save area, takes a second trap (logged and
 * resumed like any other), puts both back and returns to x3, so the
 * breakpoint is logged as if nothing had happened in between.
 */
void gen_nest_helper(struct program *p, struct rng *r)
{
    static const int32_t saved[] = {
        VM74_LC_OLD_FLAGS, VM74_LC_OLD_P, VM74_LC_OLD_BASE, VM74_LC_OLD_BOUND,
        VM74_LC_CAUSE, VM74_LC_INFO, LC_REGS + 4, LC_REGS + 8, LC_REGS + 12,
        LC_REGS + 16,
    };
    const size_t n = sizeof saved / sizeof saved[0];
    uint32_t buf[4 * 10 + 8];
    struct code c;
    code_init(&c, NEST_BASE, buf, sizeof buf / sizeof buf[0]);
    for (size_t i = 0; i < n; i++) {
        emit(&c, enc_lw(2, 0, saved[i]));
        emit(&c, enc_sw(2, 0, (int32_t)(NEST_FRAME + 4 * i)));
    }
    switch (rng_below(r, 4)) {
    case 0: emit(&c, enc_ecall()); break;
    case 1: emit(&c, 0); break; /* illegal */
    case 2: emit(&c, enc_lw(0, 0, -16)); break; /* nothing there */
    default: /* a hole among the device registers */
        emit(&c, enc_lui(2, VM74_MMIO_BASE >> 12));
        emit(&c, enc_lw(0, 2, 0x10));
    }
    for (size_t i = 0; i < n; i++) {
        emit(&c, enc_lw(2, 0, (int32_t)(NEST_FRAME + 4 * i)));
        emit(&c, enc_sw(2, 0, saved[i]));
    }
    emit(&c, enc_jalr(0, 3, 0));
    for (size_t i = 0; i < c.n; i++)
        put32(p, NEST_BASE + 4 * (uint32_t)i, c.w[i]);
}

/* ---- Entry ------------------------------------------------------------ */

/* 0x100 jumps to the supervisor code; x1..x29 start with random values. */
void gen_prologue(struct program *p, struct rng *r)
{
    put32(p, VM74_RESET_P, enc_jal(0, (int32_t)(CODE_BASE - VM74_RESET_P)));
    for (int x = 1; x <= REG_LAST_RANDOM; x++)
        emit_li(&p->sv, x, rng_interesting(r));
    emit_li(&p->sv, REG_DATA, DATA_BASE);
}

/* ---- The timer -------------------------------------------------------- */

/* Arm CMP = TIME + delta, delta in [lo, hi] (docs/isa.md §6's order: HI
 * all ones, LO, HI).  TIME's value is timing: x29 is cleared after use.
 * delta comes from the program's timing stream, not the block's. */
static void arm_timer_within(struct code *c, struct rng *timing, int32_t lo,
                             int32_t hi)
{
    emit(c, enc_sw(0, 0, LC_FIRED));
    emit(c, enc_lui(REG_SCRATCH, TIMER_PAGE));
    emit(c, enc_addi(29, 0, -1));
    emit(c, enc_sw(29, REG_SCRATCH, TIMER_OFF_CMP_HI));
    emit(c, enc_lw(29, REG_SCRATCH, TIMER_OFF_TIME_LO));
    emit(c, enc_addi(29, 29, rng_range(timing, lo, hi)));
    emit(c, enc_sw(29, REG_SCRATCH, TIMER_OFF_CMP_LO));
    emit(c, enc_sw(0, REG_SCRATCH, TIMER_OFF_CMP_HI));
    emit(c, enc_addi(29, 0, 0));
}

static void arm_timer(struct code *c, struct rng *timing)
{
    arm_timer_within(c, timing, 5, 600);
}

/*
 * After a block with IE = 1, with IE = 0: if the interrupt has not come
 * yet, wait for it with WFI (it completes once TIME >= CMP, IE being 0,
 * and cannot miss it: only the handler disarms the timer), then disarm.
 * Whether the interrupt was taken or waited for is timing, so only the
 * number of timer blocks goes into the signature.
 */
static void sync_timer(struct code *c)
{
    emit(c, enc_lw(29, 0, LC_FIRED));
    emit(c, enc_bne(29, 0, 8));
    emit(c, enc_wfi());
    emit(c, enc_lui(REG_SCRATCH, TIMER_PAGE));
    emit(c, enc_addi(29, 0, -1));
    emit(c, enc_sw(29, REG_SCRATCH, TIMER_OFF_CMP_HI));
    emit(c, enc_sw(29, REG_SCRATCH, TIMER_OFF_CMP_LO));
    emit(c, enc_sw(0, 0, LC_FIRED));
    emit(c, enc_lw(29, 0, LC_TIMER_BLOCKS));
    emit(c, enc_addi(29, 29, 1));
    emit(c, enc_sw(29, 0, LC_TIMER_BLOCKS));
    emit(c, enc_addi(29, 0, 0));
}

/* ---- Blocks ----------------------------------------------------------- */

static const struct body_ctx sv_body = {
    .user = false,
    .devices = true,
    .lpsw_faults = true,
    .load_lo = -64,
    .load_hi = 2047,
    .store_lo = 0,
    .store_hi = (int32_t)DATA_SIZE,
    .index_mask = DATA_SIZE - 1,
};

static unsigned body_items(struct rng *r) { return 12 + rng_below(r, 36); }

/* Supervisor code, IE = 0: in line. */
static void sv_block(struct program *p, struct rng *r)
{
    emit_li(&p->sv, REG_DATA, DATA_BASE);
    gen_body(r, &p->sv, &sv_body, body_items(r));
}

/* body() with IE = 1, entered and left through LPSW. */
static void ie_section(struct program *p, struct rng *r,
                       void (*body)(struct program *, struct rng *))
{
    struct code *c = &p->sv;
    emit_li(c, REG_DATA, DATA_BASE);
    size_t enter = emit_li_later(c);
    emit(c, enc_sw(REG_SCRATCH, 0, LC_SVIE_PSW + VM74_PSW_P));
    size_t leave = emit_li_later(c);
    emit(c, enc_sw(REG_SCRATCH, 0, LC_SVOFF_PSW + VM74_PSW_P));
    emit(c, enc_lpsw(0, LC_SVIE_PSW));
    patch_li(c, enter, REG_SCRATCH, code_here(c));
    body(p, r);
    emit(c, enc_lpsw(0, LC_SVOFF_PSW));
    patch_li(c, leave, REG_SCRATCH, code_here(c));
}

/* Supervisor code with IE = 1 (the timer armed before or in the body),
 * entered and left through LPSW; then the synchronisation. */
static void with_interrupts(struct program *p, struct rng *r,
                            void (*body)(struct program *, struct rng *))
{
    ie_section(p, r, body);
    sync_timer(&p->sv);
}

static void random_sv_body(struct program *p, struct rng *r)
{
    gen_body(r, &p->sv, &sv_body, body_items(r));
}

static void sv_ie_block(struct program *p, struct rng *r)
{
    arm_timer(&p->sv, &p->timing);
    with_interrupts(p, r, random_sv_body);
}

/*
 * Poll the timer across a deadline a few cycles ahead, with IE = 1: loads
 * of TIME_LO back to back with a branch, so that some load begins in the
 * last cycle before TIME = CMP and the next in the first after, where the
 * interrupt must come first (docs/isa.md §6, §7).  The timer is armed
 * here, IE being 1 already, so that the deadline falls in the poll.
 * Either until TIME_LO passes CMP_LO as read before (x28), or until the
 * handler says the interrupt came.  The values read are timing: x28 and
 * x29 are cleared.
 */
static void deadline_poll(struct program *p, struct rng *r)
{
    struct code *c = &p->sv;
    arm_timer_within(c, &p->timing, 10, 50);
    static const int32_t extra[] = {
        (int32_t)(VM74_TIMER_TIME_HI & 0xfff), TIMER_OFF_CMP_LO,
        TIMER_OFF_CMP_HI,
    };
    bool until_fired = rng_chance(r, 50);
    uint32_t n_extra = rng_below(r, 3);
    emit(c, enc_lui(REG_SCRATCH, TIMER_PAGE));
    emit(c, enc_lw(28, REG_SCRATCH, TIMER_OFF_CMP_LO));
    size_t loop = c->n;
    emit(c, enc_lw(29, REG_SCRATCH, TIMER_OFF_TIME_LO));
    for (uint32_t i = 0; i < n_extra; i++)
        emit(c, enc_lw(0, REG_SCRATCH, extra[rng_below(r, 3)]));
    if (until_fired) {
        emit(c, enc_lw(29, 0, LC_FIRED));
        emit(c, enc_beq(29, 0, (int32_t)(loop - c->n) * 4));
    } else {
        emit(c, enc_sub(29, 29, 28));
        emit(c, enc_blt(29, 0, (int32_t)(loop - c->n) * 4));
    }
    emit(c, enc_addi(28, 0, 0));
    emit(c, enc_addi(29, 0, 0));
}

static void deadline_block(struct program *p, struct rng *r)
{
    with_interrupts(p, r, deadline_poll);
}

/* What a relocated block looks like, chosen before its code. */
struct region {
    uint32_t slot_lo, slot_size;
    bool user, ie, truncated, bad_entry, exit_by_ecall;
    bool past_ram; /* b reaches past the end of RAM */
    uint32_t code_len, data_off, bound, base, entry_p, exit_p;
    uint32_t data_end; /* logical end of the data window (b, or below) */
    uint32_t ram_end;  /* logical address of the end of RAM */
    uint32_t base_low_bits; /* put in the PSW's l word: LPSW ignores them */
};

/* The block's own code at logical 0: body, then its way out. */
static void region_code(struct region *g, struct rng *r, struct code *c)
{
    struct body_ctx ctx = {
        .user = g->user,
        .lpsw_faults = !g->user,
        .index_mask = 0x3ff,
        .edges = true,
        .edge_stores = !g->truncated,
        .bound = g->bound,
        .ram_edge = g->past_ram ? g->ram_end : 0,
        .mode_may_drop = true,
    };
    int32_t window = (int32_t)(g->data_end - g->data_off);
    if (window < 0)
        window = 64; /* truncated: every data access faults */
    ctx.load_lo = -16;
    ctx.load_hi = window + 16 > 2047 ? 2047 : window + 16;
    ctx.store_lo = -16;
    ctx.store_hi = window + 8 > 2047 ? 2047 : window + 8;
    gen_body(r, c, &ctx, body_items(r));
    g->exit_p = code_here(c);
    if (g->exit_by_ecall) {
        emit(c, enc_ecall());
    } else { /* the first word at or past the bound: FETCH_FAULT there */
        uint32_t target = (g->bound + 3) & ~3u;
        emit(c, enc_jal(rng_below(r, 2) ? 0 : 1,
                        (int32_t)(target - code_here(c))));
    }
    if (!g->exit_by_ecall)
        g->exit_p = 1;
}

/* Bound, data window and base inside the block's slot of the user area. */
static int region_layout(struct region *g, struct rng *r, uint32_t code_words)
{
    g->code_len = code_words * 4;
    g->data_off = g->code_len + 32;
    g->bound = g->data_off + 16 + rng_below(r, 1024); /* any b mod 4 */
    if (g->truncated)
        g->bound = 4 + rng_below(r, g->code_len - 4);
    uint32_t used = (g->data_off > g->bound ? g->data_off : g->bound) + 16;
    if (used >= g->slot_size)
        return -1;
    g->base = g->slot_lo + (rng_below(r, g->slot_size - used) & ~3u);
    g->data_end = g->bound;
    return 0;
}

/* The bound moved past the end of RAM (any b mod 4, up to 64 bytes past):
 * the accesses at b and at the RAM's end fault for want of memory. */
static void region_past_ram(struct region *g, struct rng *r, uint32_t ram)
{
    g->ram_end = ram - g->base;
    g->bound = g->ram_end + rng_below(r, 65);
}

static void region_place(struct program *p, struct region *g, struct rng *r,
                         const struct code *c)
{
    for (size_t i = 0; i < c->n; i++)
        put32(p, g->base + 4 * (uint32_t)i, c->w[i]);
    program_add_segment(p, g->base, g->base + g->code_len);
    if (g->truncated)
        return;
    uint32_t lo = g->base + g->data_off, hi = g->base + g->data_end;
    for (uint32_t a = lo; a < hi; a++)
        p->ram[a] = (uint8_t)rng_next(r);
    program_add_segment(p, lo, hi);
    program_add_hash(p, (lo - 16) & ~3u, (hi + 3) & ~3u);
}

/* Store the PSW fields the handler and LPSW need, then enter. */
static void region_enter(struct program *p, const struct region *g,
                         size_t *resume_li)
{
    struct code *c = &p->sv;
    uint32_t flags = (g->user ? 0 : VM74_FLAG_SUPERVISOR) |
                     (g->ie ? VM74_FLAG_IE : 0);
    const uint32_t words[][2] = {
        {LC_EXIT_P, g->exit_p},
        {LC_ENTRY_PSW + VM74_PSW_FLAGS, flags},
        {LC_ENTRY_PSW + VM74_PSW_P, g->entry_p},
        {LC_ENTRY_PSW + VM74_PSW_BASE, g->base | g->base_low_bits},
        {LC_ENTRY_PSW + VM74_PSW_BOUND, g->bound},
    };
    *resume_li = emit_li_later(c);
    emit(c, enc_sw(REG_SCRATCH, 0, LC_SV_PSW + VM74_PSW_P));
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        emit_li(c, REG_SCRATCH, words[i][1]);
        emit(c, enc_sw(REG_SCRATCH, 0, (int32_t)words[i][0]));
    }
    emit_li(c, REG_DATA, g->data_off);
    emit(c, enc_lpsw(0, LC_ENTRY_PSW));
}

/* Enter the region (with the timer armed if it has IE = 1) and carry on
 * in the supervisor once the handler has ended it. */
static void region_run(struct program *p, const struct region *g)
{
    if (g->ie)
        arm_timer(&p->sv, &p->timing);
    size_t resume;
    region_enter(p, g, &resume);
    patch_li(&p->sv, resume, REG_SCRATCH, code_here(&p->sv));
    emit_li(&p->sv, REG_DATA, DATA_BASE);
    if (g->ie)
        sync_timer(&p->sv);
}

/* Code under a random relocation, in user mode or (less often) in
 * supervisor mode, with or without interrupts. */
static void region_block(struct program *p, struct rng *r, unsigned index,
                         unsigned n_blocks)
{
    struct region g = {0};
    g.slot_size = ((p->ram_size - RAM_MARK - USER_BASE) / n_blocks) & ~15u;
    g.slot_lo = USER_BASE + index * g.slot_size;
    g.user = rng_chance(r, 80);
    g.ie = rng_chance(r, 40);
    g.truncated = rng_chance(r, 8);
    g.bad_entry = rng_chance(r, 4);
    g.exit_by_ecall = g.user && rng_chance(r, 70);
    g.past_ram = !g.truncated && rng_chance(r, 8);

    /* The code's size decides the layout, and the layout (b) is part of
     * the code: generate once to measure, then again from the same state. */
    uint32_t buf[600];
    struct code c;
    struct rng again = *r;
    code_init(&c, 0, buf, 600);
    g.bound = 0x400; /* provisional: only sizes matter in this pass */
    g.data_off = 0x300;
    g.data_end = g.bound;
    g.ram_end = 0x800;
    region_code(&g, r, &c);
    if (region_layout(&g, r, (uint32_t)c.n) != 0) {
        snprintf(p->err, sizeof p->err, "block %u does not fit its slot of "
                 "0x%x bytes: use a smaller --size", index, g.slot_size);
        return;
    }
    if (g.past_ram)
        region_past_ram(&g, r, p->ram_size);
    struct rng after = *r;
    *r = again;
    code_init(&c, 0, buf, 600);
    region_code(&g, r, &c);
    *r = after;
    g.entry_p = g.bad_entry ? 2 + 4 * rng_below(r, 2) : 0;
    g.base_low_bits = rng_chance(r, 25) ? 1 + rng_below(r, 3) : 0;

    region_place(p, &g, r, &c);
    region_run(p, &g);
}

/*
 * A PSW whose l lies within 16 KiB below 2^32, entered at a P where l + P
 * is the last words below 2^32 or wraps around: the first fetch faults
 * (docs/isa.md §2 checks 3 and 4) and the handler ends the block.  A VMM
 * that adds its partition's base without the check would run code there.
 */
static void far_block(struct program *p, struct rng *r)
{
    uint32_t below = 4 * (1 + rng_below(r, 0x1000)); /* 2^32 - l */
    static const uint32_t past[] = {0, 4, VM74_RESET_P, CODE_BASE};
    struct region g = {.base = 0u - below, .exit_p = 1};
    g.user = rng_chance(r, 70);
    g.ie = rng_chance(r, 30);
    g.bound = rng_chance(r, 50) ? VM74_BOUND_ALL : below + rng_below(r, 0x2000);
    uint32_t pick = rng_below(r, 6);
    g.entry_p = pick == 0 ? 0 : pick == 1 ? below - 4 : below + past[pick - 2];
    region_run(p, &g);
}

/*
 * Wait with WFI for the far deadline (IE = 0).  TIME is then near 2^64,
 * where the other blocks' deadlines (CMP_HI = 0) and far deadlines would
 * lie behind it.  So wait once more, for CMP = 2^64 - 2, the last armed
 * value; the caller disarms, and TIME wraps to 0 a cycle or two later:
 * every later block starts with TIME small, as without far_wfi.
 */
static void far_wfi_wrap(struct code *c)
{
    emit(c, enc_wfi());
    emit(c, enc_addi(29, 0, -1));
    emit(c, enc_sw(29, REG_SCRATCH, TIMER_OFF_CMP_HI));
    emit(c, enc_addi(29, 0, -2));
    emit(c, enc_sw(29, REG_SCRATCH, TIMER_OFF_CMP_LO));
    emit(c, enc_wfi());
}

/* CMP armed near 2^64 around a body with IE = 1: no interrupt comes, and
 * CMP reads back what was written.  With far_wfi the supervisor then waits
 * for that deadline with WFI (as bare vm74 does, TIME jumps there). */
static void far_deadline_block(struct program *p, struct rng *r)
{
    struct code *c = &p->sv;
    uint32_t hi = 0xffffffffu - rng_below(r, 4), lo = (uint32_t)rng_next(r);
    if (p->opt->far_wfi && hi == 0xffffffffu && lo == 0xffffffffu)
        lo--; /* 2^64 - 1 is disarmed: its WFI would wait for ever */
    emit(c, enc_lui(REG_SCRATCH, TIMER_PAGE));
    emit(c, enc_addi(29, 0, -1));
    emit(c, enc_sw(29, REG_SCRATCH, TIMER_OFF_CMP_HI));
    emit_li(c, 29, lo);
    emit(c, enc_sw(29, REG_SCRATCH, TIMER_OFF_CMP_LO));
    emit_li(c, 29, hi);
    emit(c, enc_sw(29, REG_SCRATCH, TIMER_OFF_CMP_HI));
    ie_section(p, r, random_sv_body);
    emit(c, enc_lui(REG_SCRATCH, TIMER_PAGE));
    emit(c, enc_lw(1 + (int)rng_below(r, 28), REG_SCRATCH, TIMER_OFF_CMP_LO));
    emit(c, enc_lw(1 + (int)rng_below(r, 28), REG_SCRATCH, TIMER_OFF_CMP_HI));
    if (p->opt->far_wfi)
        far_wfi_wrap(c);
    emit(c, enc_addi(29, 0, -1));
    emit(c, enc_sw(29, REG_SCRATCH, TIMER_OFF_CMP_HI));
    emit(c, enc_sw(29, REG_SCRATCH, TIMER_OFF_CMP_LO));
    emit(c, enc_addi(29, 0, 0));
}

void gen_block(struct program *p, struct rng *r, unsigned index,
               unsigned n_blocks)
{
    uint32_t kind = rng_below(r, 100);
    if (kind < 18)
        sv_block(p, r);
    else if (kind < 22)
        far_deadline_block(p, r);
    else if (kind < 30)
        deadline_block(p, r);
    else if (kind < 50)
        sv_ie_block(p, r);
    else if (kind < 54)
        far_block(p, r);
    else
        region_block(p, r, index, n_blocks);
}

/* ---- Signature -------------------------------------------------------- */

/* x10 = (x10 ^ word) * FNV prime over [lo, hi) (FNV-1a, word at a time). */
static void hash_range(struct code *c, uint32_t lo, uint32_t hi)
{
    emit_li(c, 12, lo);
    emit_li(c, 13, hi);
    emit(c, enc_lw(14, 12, 0));
    emit(c, enc_xor(10, 10, 14));
    emit(c, enc_mul(10, 10, 11));
    emit(c, enc_addi(12, 12, 4));
    emit(c, enc_bltu(12, 13, -16));
}

/*
 * Dump x1..x31 to low core, hash them with everything the blocks can
 * write (except what depends on timing: the old PSW of the last trap,
 * the handler's save area before the dump, TIME, CMP), compare with the
 * signature embedded at SIG_EXPECTED and exit 0 if equal, 1 if not.
 */
void gen_epilogue(struct program *p)
{
    struct code *c = &p->sv;
    for (int x = 1; x <= 31; x++)
        emit(c, enc_sw(x, 0, LC_REGS + 4 * x));
    emit_li(c, 10, 0x811c9dc5u); /* FNV-1a offset basis and prime */
    emit_li(c, 11, 0x01000193u);
    hash_range(c, LC_LOG_IDX, LC_LOG_IDX + 4);
    hash_range(c, LC_TIMER_BLOCKS, LC_TIMER_BLOCKS + 4);
    hash_range(c, LC_CHAIN, LC_CHAIN + 4);
    hash_range(c, LC_REGS + 4, LC_REGS + 4 * 32);
    hash_range(c, DATA_HASH_LO, DATA_HASH_HI);
    hash_range(c, LOG_BASE, LOG_BASE + LOG_SIZE);
    for (int i = 0; i < p->n_hashed; i++)
        hash_range(c, p->hashed[i].lo, p->hashed[i].hi);
    emit(c, enc_sw(10, 0, SIG_OUT));
    emit(c, enc_lw(14, 0, SIG_EXPECTED));
    emit(c, enc_sub(14, 10, 14));
    emit(c, enc_sltu(14, 0, 14));
    emit(c, enc_lui(15, VM74_SIMCTL_EXIT >> 12));
    emit(c, enc_sw(14, 15, (int32_t)(VM74_SIMCTL_EXIT & 0xfff)));
    emit(c, enc_jal(0, 0)); /* not reached: the store ends the run */
}
