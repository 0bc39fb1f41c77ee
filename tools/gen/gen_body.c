/*
 * gen_body.c - random code: the items a block body is made of.
 *
 * An item is one to four words that belong together (an address set up in
 * x30 and the access through it, AUIPC and the JALR that uses it).  Control
 * transfers only go forward and only to item boundaries, so a body always
 * runs to its end and x30 is always set by its own item before it is used.
 * Every memory access is either x31-relative with an offset inside the
 * window the block owns, or through x30 = (xK & mask) + x31, so a store
 * can never reach code, the handler or low core.
 */
#include "gen_internal.h"

enum item_kind {
    ITEM_FIXED,  /* the words as they are */
    ITEM_BRANCH, /* w[0] is a branch with offset 0: patched */
    ITEM_JAL,    /* w[0] is a JAL with offset 0: patched */
    ITEM_JALR,   /* AUIPC x30, 0 then JALR rd, imm(x30): imm patched */
    ITEM_JRSTU,  /* AUIPC x30, 0, ADDI x30, x30, imm, JRSTU x30: imm patched */
};

struct item {
    enum item_kind kind;
    uint32_t w[10];
    int n;
    unsigned skip;   /* control transfers: items to jump over */
    int32_t extra;   /* bytes added to the target: 2 = misaligned */
};

static int rand_rd(struct rng *r) { return 1 + (int)rng_below(r, REG_LAST_RANDOM); }
static int rand_rs(struct rng *r) { return (int)rng_below(r, 32); }

static void one(struct item *it, uint32_t word)
{
    it->kind = ITEM_FIXED;
    it->w[0] = word;
    it->n = 1;
}

/* ---- Arithmetic -------------------------------------------------------- */

static uint32_t alu_reg(struct rng *r)
{
    static const uint32_t f7[] = {0x00, 0x20, 0x01};
    uint32_t funct7 = f7[rng_below(r, 3)], funct3 = rng_below(r, 8);
    if (funct7 == 0x20 && funct3 != 0 && funct3 != 5)
        funct7 = 0x00; /* SUB and SRA are the only funct7 = 0100000 */
    return enc_r(funct7, rand_rs(r), rand_rs(r), funct3, rand_rd(r), OPC_OP);
}

static uint32_t alu_imm(struct rng *r)
{
    int rd = rand_rd(r), rs1 = rand_rs(r);
    int32_t imm = rng_range(r, -2048, 2047);
    switch (rng_below(r, 10)) {
    case 0: return enc_slli(rd, rs1, rng_below(r, 32));
    case 1: return enc_srli(rd, rs1, rng_below(r, 32));
    case 2: return enc_srai(rd, rs1, rng_below(r, 32));
    case 3: return enc_lui(rd, (uint32_t)rng_next(r));
    case 4: return enc_auipc(rd, (uint32_t)rng_next(r));
    default: {
        static const uint32_t f3[] = {0, 2, 3, 4, 6, 7};
        return enc_i(imm, rs1, f3[rng_below(r, 6)], rd, OPC_OP_IMM);
    }
    }
}

/* ---- Memory -------------------------------------------------------------- */

static const uint32_t load_f3[] = {0, 1, 2, 4, 5}; /* LB LH LW LBU LHU */

static uint32_t access_size(uint32_t f3) { return 1u << (f3 & 3); }

/* Offsets are chosen aligned most of the time: misaligned ones trap and
 * would otherwise leave little memory traffic. */
static int32_t pick_offset(struct rng *r, int32_t lo, int32_t hi, uint32_t n)
{
    int32_t off = rng_range(r, lo, hi);
    if (!rng_chance(r, 15))
        off &= ~(int32_t)(n - 1);
    return off < lo ? lo : off;
}

static void load_item(struct rng *r, const struct body_ctx *ctx,
                      struct item *it)
{
    uint32_t f3 = load_f3[rng_below(r, 5)];
    int32_t off = pick_offset(r, ctx->load_lo, ctx->load_hi, access_size(f3));
    one(it, enc_i(off, REG_DATA, f3, rand_rd(r), OPC_LOAD));
}

static void store_item(struct rng *r, const struct body_ctx *ctx,
                       struct item *it)
{
    uint32_t f3 = rng_below(r, 3), n = access_size(f3);
    int32_t off = pick_offset(r, ctx->store_lo, ctx->store_hi - (int32_t)n, n);
    one(it, enc_s(off, rand_rs(r), REG_DATA, f3, OPC_STORE));
}

/* x30 = (xK & mask) + x31, then a load or store at 0(x30): data-dependent
 * and often misaligned addresses. */
static void indexed_item(struct rng *r, const struct body_ctx *ctx,
                         struct item *it)
{
    it->kind = ITEM_FIXED;
    it->w[0] = enc_andi(REG_SCRATCH, rand_rs(r), (int32_t)ctx->index_mask);
    it->w[1] = enc_add(REG_SCRATCH, REG_SCRATCH, REG_DATA);
    if (rng_chance(r, 50))
        it->w[2] = enc_i(0, REG_SCRATCH, load_f3[rng_below(r, 5)], rand_rd(r),
                         OPC_LOAD);
    else
        it->w[2] = enc_s(0, rand_rs(r), REG_SCRATCH, rng_below(r, 3),
                         OPC_STORE);
    it->n = 3;
}

/* An access of 1, 2 or 4 bytes within 4 bytes of the bound b (logical):
 * the last legal bytes, straddling words, the first illegal ones. */
static void edge_item(struct rng *r, const struct body_ctx *ctx,
                      struct item *it)
{
    uint32_t edge = ctx->ram_edge && rng_chance(r, 75) ? ctx->ram_edge
                                                       : ctx->bound;
    uint32_t a = edge + (uint32_t)rng_range(r, -4, 3);
    struct code c;
    code_init(&c, 0, it->w, 4);
    emit_li(&c, REG_SCRATCH, a);
    if (ctx->edge_stores && rng_chance(r, 50))
        emit(&c, enc_s(0, rand_rs(r), REG_SCRATCH, rng_below(r, 3), OPC_STORE));
    else
        emit(&c, enc_i(0, REG_SCRATCH, load_f3[rng_below(r, 5)], rand_rd(r),
                       OPC_LOAD));
    it->kind = ITEM_FIXED;
    it->n = (int)c.n;
}

/* Timing-dependent registers are loaded into x0: the access is compared by
 * co-simulation, but the value cannot reach the signature.  A byte load of
 * a device faults. */
static void device_item(struct rng *r, struct item *it)
{
    static const uint32_t regs[] = {
        VM74_TIMER_TIME_LO, VM74_TIMER_TIME_HI, VM74_TIMER_CMP_LO,
        VM74_PERF_CYCLE_LO, VM74_PERF_CYCLE_HI, VM74_PERF_INSTRET_S_LO,
        VM74_PERF_INSTRET_U_LO, VM74_UART_STATUS,
    };
    uint32_t a = regs[rng_below(r, sizeof regs / sizeof regs[0])];
    it->kind = ITEM_FIXED;
    it->w[0] = enc_lui(REG_SCRATCH, a >> 12);
    it->w[1] = rng_chance(r, 85) ? enc_lw(0, REG_SCRATCH, (int32_t)(a & 0xfff))
                                 : enc_lb(rand_rd(r), REG_SCRATCH,
                                          (int32_t)(a & 0xfff));
    it->n = 2;
}

/*
 * The console: a byte out, or one in.  When a byte arrives is the
 * implementation's (the RTL asks its host every few thousand cycles), so
 * a read first counts down the bytes the program was given (LC_RX_LEFT)
 * and, while some are left, waits for RX_READY: the value read is then
 * the same everywhere, RX_EMPTY once the input is used up.
 */
static void console_item(struct rng *r, struct item *it)
{
    int rd = rand_rd(r);
    int32_t rx = (int32_t)(VM74_UART_RXDATA & 0xfff);
    struct code c;
    code_init(&c, 0, it->w, sizeof it->w / sizeof it->w[0]);
    if (rng_chance(r, 50)) {
        emit(&c, enc_lui(REG_SCRATCH, VM74_UART_BASE >> 12));
        emit(&c, enc_sw(rand_rs(r), REG_SCRATCH,
                        (int32_t)(VM74_UART_TXDATA & 0xfff)));
    } else {
        emit(&c, enc_lw(REG_SCRATCH, 0, LC_RX_LEFT));
        emit(&c, enc_beq(REG_SCRATCH, 0, 28));
        emit(&c, enc_addi(REG_SCRATCH, REG_SCRATCH, -1));
        emit(&c, enc_sw(REG_SCRATCH, 0, LC_RX_LEFT));
        emit(&c, enc_lui(REG_SCRATCH, VM74_UART_BASE >> 12));
        emit(&c, enc_lw(rd, REG_SCRATCH, (int32_t)(VM74_UART_STATUS & 0xfff)));
        emit(&c, enc_andi(rd, rd, (int32_t)VM74_UART_STATUS_RX_READY));
        emit(&c, enc_beq(rd, 0, -8));
        emit(&c, enc_lui(REG_SCRATCH, VM74_UART_BASE >> 12));
        emit(&c, enc_lw(rd, REG_SCRATCH, rx));
    }
    it->kind = ITEM_FIXED;
    it->n = (int)c.n;
}

/* ---- Control transfers (targets patched in emit_items) ---------------- */

static void branch_item(struct rng *r, struct item *it)
{
    static const uint32_t f3[] = {0, 1, 4, 5, 6, 7};
    it->kind = ITEM_BRANCH;
    it->w[0] = enc_b(0, rand_rs(r), rand_rs(r), f3[rng_below(r, 6)],
                     OPC_BRANCH);
    it->n = 1;
    it->skip = 1 + rng_below(r, 3);
    it->extra = rng_chance(r, 12) ? 2 : 0;
}

static void jal_item(struct rng *r, struct item *it)
{
    it->kind = ITEM_JAL;
    it->w[0] = enc_jal(rand_rd(r), 0);
    it->n = 1;
    it->skip = rng_below(r, 3);
    it->extra = rng_chance(r, 15) ? 2 : 0;
}

/* JALR clears bit 0 of its target: +1 lands on the item, +2 traps. */
static void jalr_item(struct rng *r, struct item *it)
{
    static const int32_t extras[] = {0, 0, 1, 2, 3};
    it->kind = ITEM_JALR;
    it->w[0] = enc_auipc(REG_SCRATCH, 0);
    it->w[1] = enc_jalr(rand_rd(r), REG_SCRATCH, 0);
    it->n = 2;
    it->skip = rng_below(r, 3);
    it->extra = extras[rng_below(r, 5)];
}

/* ---- A flawed variant's instruction (docs/isa.md §4.3) --------------- */

#if VM74_FLAW == VM74_FLAW_JRSTU
/* JRSTU x30 to a forward item, like jalr_item's targets; in supervisor
 * mode it lowers M for the rest of the block, which only a relocated
 * block survives (it ends through the handler whatever its mode). */
static void jrstu_item(struct rng *r, struct item *it)
{
    static const int32_t extras[] = {0, 0, 1, 2, 3};
    it->kind = ITEM_JRSTU;
    it->w[0] = enc_auipc(REG_SCRATCH, 0);
    it->w[1] = enc_addi(REG_SCRATCH, REG_SCRATCH, 0);
    it->w[2] = enc_jrstu(REG_SCRATCH);
    it->n = 3;
    it->skip = rng_below(r, 3);
    it->extra = extras[rng_below(r, 5)];
}
#endif

#if VM74_FLAW
/* The variant's instruction, or false where it cannot go. */
static bool flaw_item(struct rng *r, const struct body_ctx *ctx,
                      struct item *it)
{
    int rd = (int)rng_below(r, REG_LAST_RANDOM + 1); /* x0 too */
#if VM74_FLAW == VM74_FLAW_RDMODE
    one(it, enc_rdmode(rd));
#elif VM74_FLAW == VM74_FLAW_RDBASE
    one(it, enc_rdbase(rd));
#else
    (void)rd;
    if (!ctx->mode_may_drop)
        return false;
    jrstu_item(r, it);
#endif
    (void)ctx;
    return true;
}
#endif

/* ---- Traps ----------------------------------------------------------- */

/* A word that is illegal in both modes (docs/isa.md §4.4). */
static uint32_t illegal_word(struct rng *r)
{
    uint32_t x = (uint32_t)rng_next(r);
    int rd = rand_rs(r), rs1 = rand_rs(r);
    switch (rng_below(r, 12)) {
    case 0: { /* Zicsr: funct3 1-3, 5-7 */
        static const uint32_t f3[] = {1, 2, 3, 5, 6, 7};
        return enc_i((int32_t)(x & 0xfff), rs1, f3[rng_below(r, 6)], rd,
                     OPC_SYSTEM);
    }
    case 1: {
        const uint32_t words[] = {enc_mret(), enc_sret(), enc_rv_wfi(),
                                  enc_sfence_vma(rs1, rd), enc_fence_i(),
                                  VM74_INSN_ECALL | 1u << 7};
        return words[rng_below(r, 6)];
    }
    case 2: return (x & ~3u) | rng_below(r, 3); /* compressed space */
    case 3: { /* custom-1..3, AMO, LOAD-FP */
        static const uint32_t opc[] = {0x2b, 0x5b, 0x7b, 0x2f, 0x07};
        return (x & ~0x7fu) | opc[rng_below(r, 5)];
    }
    case 4: return enc_r(2 + rng_below(r, 30), rand_rs(r), rs1,
                         rng_below(r, 8), rd, OPC_OP);
    case 5: return enc_b(8, rand_rs(r), rs1, 2 + rng_below(r, 2), OPC_BRANCH);
    case 6: { static const uint32_t f3[] = {3, 6, 7};
        return enc_i(0, rs1, f3[rng_below(r, 3)], rd, OPC_LOAD); }
    case 7: return enc_s(0, rand_rs(r), rs1, 3 + rng_below(r, 5), OPC_STORE);
    case 8: return enc_i(0, rs1, 1 + rng_below(r, 7), rd, OPC_JALR);
    case 9: return enc_shift_imm(1 + rng_below(r, 0x1f), rd, rs1,
                                 rng_below(r, 32), 1);
    case 10: return enc_i((int32_t)(x & 0xfff), rs1, 2 + rng_below(r, 6), rd,
                          OPC_CUSTOM0);
    default: return enc_lpsw_rd(1 + (int)rng_below(r, 31), rs1, 0);
    }
}

static void trap_item(struct rng *r, const struct body_ctx *ctx,
                      struct item *it)
{
    uint32_t pick = rng_below(r, 10);
    if (pick < 3)
        one(it, rng_chance(r, 50) ? enc_ecall() : enc_ebreak());
    else if (pick < 7 || !(ctx->user || ctx->lpsw_faults))
        one(it, illegal_word(r));
    else if (ctx->user) /* privileged: traps in user mode, whatever operand */
        one(it, rng_chance(r, 50) ? enc_wfi()
                                  : enc_lpsw(rand_rs(r), rng_range(r, -64, 64)));
    else /* supervisor: a misaligned operand faults before anything */
        one(it, enc_lpsw(REG_DATA, 2 * rng_range(r, 0, 3) * 2 + 2));
}

/* ---- Choosing and emitting items ------------------------------------- */

static void random_item(struct rng *r, const struct body_ctx *ctx,
                        struct item *it)
{
#if VM74_FLAW
    if (rng_chance(r, 5) && flaw_item(r, ctx, it))
        return;
#endif
    uint32_t p = rng_below(r, 100);
    if (p < 28) one(it, alu_reg(r));
    else if (p < 46) one(it, alu_imm(r));
    else if (p < 58) load_item(r, ctx, it);
    else if (p < 67) store_item(r, ctx, it);
    else if (p < 72) indexed_item(r, ctx, it);
    else if (p < 79) branch_item(r, it);
    else if (p < 82) jal_item(r, it);
    else if (p < 85) jalr_item(r, it);
    else if (p < 87) one(it, enc_fence(rng_below(r, 16), rng_below(r, 16)));
    else if (p < (ctx->ram_edge ? 96 : 90) && ctx->edges) edge_item(r, ctx, it);
    else if (p < 92 && ctx->devices) device_item(r, it);
    else if (p < 94 && ctx->devices) console_item(r, it);
    else trap_item(r, ctx, it);
}

/* Word index, from the body's start, of item k (k = n: the end). */
static void item_starts(const struct item *items, unsigned n, size_t *start)
{
    start[0] = 0;
    for (unsigned k = 0; k < n; k++)
        start[k + 1] = start[k] + (size_t)items[k].n;
}

static void emit_item(struct code *c, const struct item *it, int32_t offset)
{
    switch (it->kind) {
    case ITEM_BRANCH:
        emit(c, it->w[0] | enc_b(offset, 0, 0, 0, 0));
        return;
    case ITEM_JAL:
        emit(c, it->w[0] | enc_j(offset, 0, 0));
        return;
    case ITEM_JALR: /* offset is from the AUIPC, which is what x30 holds */
    case ITEM_JRSTU:
        for (int i = 0; i < it->n; i++)
            emit(c, it->w[i] | (i == 1 ? enc_i(offset, 0, 0, 0, 0) : 0));
        return;
    default:
        for (int i = 0; i < it->n; i++)
            emit(c, it->w[i]);
    }
}

void gen_body(struct rng *r, struct code *c, const struct body_ctx *ctx,
              unsigned n_items)
{
    struct item items[128];
    size_t start[129];
    if (n_items > 128)
        n_items = 128;
    for (unsigned k = 0; k < n_items; k++)
        random_item(r, ctx, &items[k]);
    item_starts(items, n_items, start);
    for (unsigned k = 0; k < n_items; k++) {
        unsigned target = k + 1 + items[k].skip;
        if (target > n_items)
            target = n_items;
        int32_t offset = (int32_t)(start[target] - start[k]) * 4 +
                         items[k].extra;
        emit_item(c, &items[k], offset);
    }
}
