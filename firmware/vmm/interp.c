/*
 * interp.c - one step of a vm74 in software (interp.h), read off
 * docs/isa.md section by section: §2 every access through R, §3 the trap,
 * §4 the instructions (one function per major opcode, one table of them),
 * §7 the interrupt before the fetch.
 *
 * A second implementation of the specification, apart from sim/iss.c (see
 * interp.h for why); tests/test_interp.c holds the two to each other.
 */
#include <string.h>

#include "interp.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "vm74 memory is little-endian: the interpreter needs a little-endian host"
#endif

/* ---- Instruction fields (RISC-V's formats) ------------------------------ */
/* Its own copy of include/vm74_insn.h's decoders, on purpose: the
 * interpreter is checked against the ISS, which uses that header, so a
 * slip in one decoder shows as a difference instead of in both. */

static uint32_t f_rd(uint32_t i) { return (i >> 7) & 31; }
static uint32_t f_funct3(uint32_t i) { return (i >> 12) & 7; }
static uint32_t f_rs1(uint32_t i) { return (i >> 15) & 31; }
static uint32_t f_rs2(uint32_t i) { return (i >> 20) & 31; }
static uint32_t f_funct7(uint32_t i) { return i >> 25; }

static uint32_t imm_i(uint32_t i) { return (uint32_t)((int32_t)i >> 20); }
static uint32_t imm_u(uint32_t i) { return i & 0xfffff000u; }

static uint32_t imm_s(uint32_t i)
{
    return (uint32_t)((int32_t)(i & 0xfe000000u) >> 20) | ((i >> 7) & 0x1f);
}

static uint32_t imm_b(uint32_t i)
{
    return (uint32_t)((int32_t)(i & 0x80000000u) >> 19) /* imm[12] */
           | ((i & 0x80) << 4)                          /* imm[11] */
           | ((i >> 20) & 0x7e0)                        /* imm[10:5] */
           | ((i >> 7) & 0x1e);                         /* imm[4:1] */
}

static uint32_t imm_j(uint32_t i)
{
    return (uint32_t)((int32_t)(i & 0x80000000u) >> 11) /* imm[20] */
           | (i & 0xff000)                              /* imm[19:12] */
           | ((i >> 9) & 0x800)                         /* imm[11] */
           | ((i >> 20) & 0x7fe);                       /* imm[10:1] */
}

/* ---- One instruction's progress ----------------------------------------- */

/* What the instruction being executed has done so far. */
struct exec {
    uint32_t insn, pc;
    uint32_t next;           /* P once it retires */
    enum interp_end end;     /* RETIRED, WAITING, EXITED or DEADLOCK */
    uint32_t cause, info;    /* if it traps */
};

/* Each returns true if the instruction completes, false if it traps. */
typedef bool (*exec_fn)(struct interp *it, struct exec *e);

static bool raise(struct exec *e, uint32_t cause, uint32_t info)
{
    e->cause = cause;
    e->info = info;
    return false;
}

static bool illegal(struct exec *e)
{
    return raise(e, VM74_CAUSE_ILLEGAL, e->insn);
}

static uint32_t rs1_value(const struct interp *it, const struct exec *e)
{
    return it->cpu.x[f_rs1(e->insn)];
}

static uint32_t rs2_value(const struct interp *it, const struct exec *e)
{
    return it->cpu.x[f_rs2(e->insn)];
}

static bool write_rd(struct interp *it, const struct exec *e, uint32_t v)
{
    uint32_t rd = f_rd(e->insn);
    if (rd != 0) /* x0 discards writes */
        it->cpu.x[rd] = v;
    return true;
}

/* ---- Memory: docs/isa.md §2 ---------------------------------------------- */

enum access { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, ACCESS_LPSW };

#define ACCESS_OK 0xffffffffu

/* Where an access that passed §2 goes. */
struct place {
    uint32_t paddr;
    bool device;     /* a word outside RAM: a device register, if one is there */
};

static uint32_t misaligned_cause(enum access kind)
{
    switch (kind) {
    case ACCESS_FETCH: return VM74_CAUSE_FETCH_MISALIGNED;
    case ACCESS_STORE: return VM74_CAUSE_STORE_MISALIGNED;
    default: return VM74_CAUSE_LOAD_MISALIGNED;
    }
}

static uint32_t fault_cause(enum access kind)
{
    switch (kind) {
    case ACCESS_FETCH: return VM74_CAUSE_FETCH_FAULT;
    case ACCESS_STORE: return VM74_CAUSE_STORE_FAULT;
    default: return VM74_CAUSE_LOAD_FAULT; /* loads and the LPSW operand */
    }
}

/*
 * §2's four checks, in order, for n bytes at logical a through the current
 * R: ACCESS_OK and where it goes, or the cause.  Only a data word may be a
 * device register; whether one is there is the device's answer.
 */
static uint32_t check_access(const struct interp *it, uint32_t a, uint32_t n,
                             enum access kind, struct place *pl)
{
    uint32_t align = n < 4 ? n : 4;
    if ((a & (align - 1)) != 0) /* align is 1, 2 or 4 */
        return misaligned_cause(kind);
    if ((uint64_t)a + n > it->cpu.b)
        return fault_cause(kind);
    uint64_t end = (uint64_t)it->cpu.l + a + n;
    if (end > (uint64_t)1 << 32)
        return fault_cause(kind);
    pl->paddr = it->cpu.l + a;
    pl->device = false;
    if (end <= it->ram_size)
        return ACCESS_OK;
    if (n == 4 && (kind == ACCESS_LOAD || kind == ACCESS_STORE)) {
        pl->device = true;
        return ACCESS_OK;
    }
    return fault_cause(kind);
}

/* n bytes at q, aligned to n (so the target's word loads need not be split
 * into bytes). */
static uint32_t host_read(const uint8_t *q, uint32_t n)
{
    uint16_t h;
    uint32_t w;
    switch (n) {
    case 1: return q[0];
    case 2: memcpy(&h, __builtin_assume_aligned(q, 2), 2); return h;
    default: memcpy(&w, __builtin_assume_aligned(q, 4), 4); return w;
    }
}

static void host_write(uint8_t *q, uint32_t n, uint32_t v)
{
    uint16_t h = (uint16_t)v;
    switch (n) {
    case 1: q[0] = (uint8_t)v; break;
    case 2: memcpy(__builtin_assume_aligned(q, 2), &h, 2); break;
    default: memcpy(__builtin_assume_aligned(q, 4), &v, 4); break;
    }
}

/* RAM at a physical address the checks allowed. */
static uint32_t ram_read(const struct interp *it, uint32_t paddr, uint32_t n)
{
    return host_read(it->ram + paddr, n);
}

static void ram_write(struct interp *it, uint32_t paddr, uint32_t n, uint32_t v)
{
    host_write(it->ram + paddr, n, v);
}

/* ---- The window of the current R ----------------------------------------- */

/* Logical [0, lim) with lim = min(b, RAM size - l): under the bound, in
 * RAM, no wrap (RAM is far below 2^32). */
static void window_update(struct interp *it)
{
    uint32_t l = it->cpu.l, in_ram = l < it->ram_size ? it->ram_size - l : 0;
    it->win_lim = it->cpu.b < in_ram ? it->cpu.b : in_ram;
    it->win_host = it->ram + (in_ram ? l : 0);
}

/* n = 1, 2 or 4 bytes at a, aligned, all inside the window. */
static bool in_window(const struct interp *it, uint32_t a, uint32_t n)
{
    return (a & (n - 1)) == 0 && a < it->win_lim && it->win_lim - a >= n;
}

/* A data load of n bytes at a: the raw value (not yet sign-extended). */
static bool load(struct interp *it, struct exec *e, uint32_t a, uint32_t n,
                 uint32_t *v)
{
    if (in_window(it, a, n)) {
        *v = host_read(it->win_host + a, n);
        return true;
    }
    struct place pl;
    uint32_t c = check_access(it, a, n, ACCESS_LOAD, &pl);
    if (c != ACCESS_OK)
        return raise(e, c, a);
    if (!pl.device) {
        *v = ram_read(it, pl.paddr, n);
        return true;
    }
    if (it->ops->dev_load(it->ctx, pl.paddr, v) == INTERP_DEV_NONE)
        return raise(e, VM74_CAUSE_LOAD_FAULT, a);
    return true;
}

static bool store(struct interp *it, struct exec *e, uint32_t a, uint32_t n,
                  uint32_t v)
{
    if (in_window(it, a, n)) {
        host_write(it->win_host + a, n, v);
        return true;
    }
    struct place pl;
    uint32_t c = check_access(it, a, n, ACCESS_STORE, &pl);
    if (c != ACCESS_OK)
        return raise(e, c, a);
    if (!pl.device) {
        ram_write(it, pl.paddr, n, v);
        return true;
    }
    switch (it->ops->dev_store(it->ctx, pl.paddr, v)) {
    case INTERP_DEV_NONE: return raise(e, VM74_CAUSE_STORE_FAULT, a);
    case INTERP_DEV_EXIT: e->end = INTERP_EXITED; return true;
    default: return true;
    }
}

/* ---- The trap: docs/isa.md §3 -------------------------------------------- */

static void lowcore_write(struct interp *it, uint32_t off, uint32_t v)
{
    ram_write(it, off, 4, v); /* low core is always RAM (>= 4 KiB) */
}

/* The PSW swap into the machine's own low core. */
static void interp_trap(struct interp *it, uint32_t cause, uint32_t info)
{
    struct interp_cpu *c = &it->cpu;
    lowcore_write(it, VM74_LC_OLD_FLAGS,
                  (c->m ? VM74_FLAG_SUPERVISOR : 0) | (c->ie ? VM74_FLAG_IE : 0));
    lowcore_write(it, VM74_LC_OLD_P, c->p);
    lowcore_write(it, VM74_LC_OLD_BASE, c->l);
    lowcore_write(it, VM74_LC_OLD_BOUND, c->b);
    lowcore_write(it, VM74_LC_CAUSE, cause);
    lowcore_write(it, VM74_LC_INFO, info);
    c->m = VM74_MODE_SUPERVISOR;
    c->ie = 0;
    c->l = 0;
    c->b = VM74_BOUND_ALL;
    c->p = ram_read(it, VM74_LC_VECTOR, 4);
    window_update(it);
}

/* ---- RV32I: docs/isa.md §4.1 --------------------------------------------- */

static bool exec_lui(struct interp *it, struct exec *e)
{
    return write_rd(it, e, imm_u(e->insn));
}

static bool exec_auipc(struct interp *it, struct exec *e)
{
    return write_rd(it, e, e->pc + imm_u(e->insn)); /* the logical P */
}

/* A jump or taken branch: a target that is not a word traps at the jump. */
static bool jump_to(struct exec *e, uint32_t target)
{
    if ((target & 3) != 0)
        return raise(e, VM74_CAUSE_FETCH_MISALIGNED, target);
    e->next = target;
    return true;
}

static bool exec_jal(struct interp *it, struct exec *e)
{
    return jump_to(e, e->pc + imm_j(e->insn)) && write_rd(it, e, e->pc + 4);
}

static bool exec_jalr(struct interp *it, struct exec *e)
{
    if (f_funct3(e->insn) != 0)
        return illegal(e);
    uint32_t target = (rs1_value(it, e) + imm_i(e->insn)) & ~1u;
    return jump_to(e, target) && write_rd(it, e, e->pc + 4);
}

static bool exec_branch(struct interp *it, struct exec *e)
{
    uint32_t a = rs1_value(it, e), b = rs2_value(it, e);
    bool taken;
    switch (f_funct3(e->insn)) {
    case 0: taken = a == b; break;
    case 1: taken = a != b; break;
    case 4: taken = (int32_t)a < (int32_t)b; break;
    case 5: taken = (int32_t)a >= (int32_t)b; break;
    case 6: taken = a < b; break;
    case 7: taken = a >= b; break;
    default: return illegal(e);
    }
    return !taken || jump_to(e, e->pc + imm_b(e->insn));
}

static bool exec_load(struct interp *it, struct exec *e)
{
    uint32_t a = rs1_value(it, e) + imm_i(e->insn), v;
    switch (f_funct3(e->insn)) {
    case 0: return load(it, e, a, 1, &v) && write_rd(it, e, (uint32_t)(int8_t)v);
    case 1: return load(it, e, a, 2, &v) && write_rd(it, e, (uint32_t)(int16_t)v);
    case 2: return load(it, e, a, 4, &v) && write_rd(it, e, v);
    case 4: return load(it, e, a, 1, &v) && write_rd(it, e, v);
    case 5: return load(it, e, a, 2, &v) && write_rd(it, e, v);
    default: return illegal(e);
    }
}

static bool exec_store(struct interp *it, struct exec *e)
{
    uint32_t a = rs1_value(it, e) + imm_s(e->insn), v = rs2_value(it, e);
    switch (f_funct3(e->insn)) {
    case 0: return store(it, e, a, 1, v & 0xff);
    case 1: return store(it, e, a, 2, v & 0xffff);
    case 2: return store(it, e, a, 4, v);
    default: return illegal(e);
    }
}

static uint32_t shift_right_arith(uint32_t v, uint32_t sh)
{
    return v >> 31 ? ~(~v >> sh) : v >> sh; /* no implementation-defined >> */
}

/* Shift immediates: imm[11:5] must be 0000000 (0100000 for SRAI). */
static bool exec_op_imm(struct interp *it, struct exec *e)
{
    uint32_t a = rs1_value(it, e), imm = imm_i(e->insn);
    uint32_t sh = f_rs2(e->insn), f7 = f_funct7(e->insn);
    switch (f_funct3(e->insn)) {
    case 0: return write_rd(it, e, a + imm);
    case 1: return f7 == 0x00 ? write_rd(it, e, a << sh) : illegal(e);
    case 2: return write_rd(it, e, (int32_t)a < (int32_t)imm);
    case 3: return write_rd(it, e, a < imm);
    case 4: return write_rd(it, e, a ^ imm);
    case 5:
        if (f7 == 0x00)
            return write_rd(it, e, a >> sh);
        return f7 == 0x20 ? write_rd(it, e, shift_right_arith(a, sh)) : illegal(e);
    case 6: return write_rd(it, e, a | imm);
    default: return write_rd(it, e, a & imm);
    }
}

/* funct7 0000000 and 0100000 of OP; false for an undefined combination. */
static bool alu_base(uint32_t f7, uint32_t f3, uint32_t a, uint32_t b, uint32_t *r)
{
    uint32_t sh = b & 31;
    if (f7 == 0x20) {
        if (f3 == 0) *r = a - b;
        else if (f3 == 5) *r = shift_right_arith(a, sh);
        else return false;
        return true;
    }
    switch (f3) {
    case 0: *r = a + b; break;
    case 1: *r = a << sh; break;
    case 2: *r = (int32_t)a < (int32_t)b; break;
    case 3: *r = a < b; break;
    case 4: *r = a ^ b; break;
    case 5: *r = a >> sh; break;
    case 6: *r = a | b; break;
    default: *r = a & b; break;
    }
    return true;
}

/* ---- RV32M: division by zero and overflow as §4.1 says -------------------- */

static uint32_t high_product(int64_t p) { return (uint32_t)((uint64_t)p >> 32); }

static uint32_t divide(bool is_signed, uint32_t a, uint32_t b)
{
    if (b == 0)
        return 0xffffffffu;
    if (!is_signed)
        return a / b;
    if (a == 0x80000000u && b == 0xffffffffu)
        return a; /* -2^31 / -1 */
    return (uint32_t)((int32_t)a / (int32_t)b);
}

static uint32_t remainder_of(bool is_signed, uint32_t a, uint32_t b)
{
    if (b == 0)
        return a;
    if (!is_signed)
        return a % b;
    if (a == 0x80000000u && b == 0xffffffffu)
        return 0;
    return (uint32_t)((int32_t)a % (int32_t)b);
}

static uint32_t alu_muldiv(uint32_t f3, uint32_t a, uint32_t b)
{
    int64_t sa = (int32_t)a, sb = (int32_t)b;
    switch (f3) {
    case 0: return a * b;
    case 1: return high_product(sa * sb);
    case 2: return high_product(sa * (int64_t)b); /* MULHSU */
    case 3: return (uint32_t)(((uint64_t)a * b) >> 32);
    case 4: return divide(true, a, b);
    case 5: return divide(false, a, b);
    case 6: return remainder_of(true, a, b);
    default: return remainder_of(false, a, b);
    }
}

static bool exec_op(struct interp *it, struct exec *e)
{
    uint32_t a = rs1_value(it, e), b = rs2_value(it, e), r;
    uint32_t f7 = f_funct7(e->insn), f3 = f_funct3(e->insn);
    if (f7 == 0x01)
        return write_rd(it, e, alu_muldiv(f3, a, b));
    if ((f7 == 0x00 || f7 == 0x20) && alu_base(f7, f3, a, b, &r))
        return write_rd(it, e, r);
    return illegal(e);
}

/* FENCE in every form is a no-op; FENCE.I and the rest are illegal. */
static bool exec_misc_mem(struct interp *it, struct exec *e)
{
    (void)it;
    return f_funct3(e->insn) == 0 ? true : illegal(e);
}

/* §4.2: only the two exact words; every other SYSTEM word is illegal. */
static bool exec_system(struct interp *it, struct exec *e)
{
    (void)it;
    if (e->insn == VM74_INSN_ECALL)
        return raise(e, VM74_CAUSE_ECALL, e->insn);
    if (e->insn == VM74_INSN_EBREAK)
        return raise(e, VM74_CAUSE_BREAKPOINT, e->insn);
    return illegal(e);
}

/* ---- vm74's own instructions: docs/isa.md §4.3 ---------------------------- */

static bool privileged(struct exec *e)
{
    return raise(e, VM74_CAUSE_PRIVILEGED, e->insn);
}

/* The 16-byte operand through R (RAM only), then the four words at once. */
static bool exec_lpsw(struct interp *it, struct exec *e)
{
    if (it->cpu.m == VM74_MODE_USER)
        return privileged(e);
    uint32_t a = rs1_value(it, e) + imm_i(e->insn), w[4];
    struct place pl;
    uint32_t c = check_access(it, a, VM74_PSW_SIZE, ACCESS_LPSW, &pl);
    if (c != ACCESS_OK)
        return raise(e, c, a);
    for (uint32_t k = 0; k < 4; k++)
        w[k] = ram_read(it, pl.paddr + 4 * k, 4);
    it->cpu.m = (w[0] & VM74_FLAG_SUPERVISOR) ? VM74_MODE_SUPERVISOR : VM74_MODE_USER;
    it->cpu.ie = (w[0] & VM74_FLAG_IE) != 0;
    it->cpu.l = w[2] & VM74_BASE_MASK;
    it->cpu.b = w[3];
    window_update(it);
    e->next = w[1];
    return true;
}

/* Completes at once if the timer is pending, else after it becomes so;
 * with the timer disarmed it would never complete. */
static bool exec_wfi(struct interp *it, struct exec *e)
{
    if (it->cpu.m == VM74_MODE_USER)
        return privileged(e);
    switch (it->ops->timer(it->ctx)) {
    case INTERP_TIMER_PENDING: break;
    case INTERP_TIMER_LATER: e->end = INTERP_WAITING; break;
    default: e->end = INTERP_DEADLOCK; break;
    }
    return true;
}

/* The flaw family (include/vm74_arch.h): one more custom-0 instruction,
 * in both modes, never privileged.  Its word has imm = 0. */
#if defined(VM74_FLAW) && VM74_FLAW == VM74_FLAW_RDMODE
static bool exec_flaw(struct interp *it, struct exec *e)
{
    if (f_funct3(e->insn) != VM74_F3_RDMODE || f_rs1(e->insn) != 0)
        return illegal(e);
    return write_rd(it, e, it->cpu.m); /* 1 in (virtual) supervisor mode */
}
#elif defined(VM74_FLAW) && VM74_FLAW == VM74_FLAW_RDBASE
static bool exec_flaw(struct interp *it, struct exec *e)
{
    if (f_funct3(e->insn) != VM74_F3_RDBASE || f_rs1(e->insn) != 0)
        return illegal(e);
    return write_rd(it, e, it->cpu.l); /* the (virtual) l */
}
#elif defined(VM74_FLAW) && VM74_FLAW == VM74_FLAW_JRSTU
/* PDP-10 JRST 1: jump, and in supervisor mode drop to user (IE, R kept). */
static bool exec_flaw(struct interp *it, struct exec *e)
{
    if (f_funct3(e->insn) != VM74_F3_JRSTU || f_rd(e->insn) != 0)
        return illegal(e);
    if (!jump_to(e, rs1_value(it, e) & ~1u))
        return false;
    it->cpu.m = VM74_MODE_USER;
    return true;
}
#else
static bool exec_flaw(struct interp *it, struct exec *e)
{
    (void)it;
    return illegal(e);
}
#endif

/* ILLEGAL before PRIVILEGED: LPSW needs rd = x0, WFI is one exact word. */
static bool exec_custom0(struct interp *it, struct exec *e)
{
    uint32_t f3 = f_funct3(e->insn);
    if (f3 == VM74_F3_LPSW && f_rd(e->insn) == 0)
        return exec_lpsw(it, e);
    if (e->insn == VM74_INSN_WFI)
        return exec_wfi(it, e);
    if (f3 != VM74_F3_LPSW && f3 != VM74_F3_WFI && imm_i(e->insn) == 0)
        return exec_flaw(it, e);
    return illegal(e);
}

static bool exec_illegal(struct interp *it, struct exec *e)
{
    (void)it;
    return illegal(e);
}

/* By opcode bits 6:2; words whose bits 1:0 are not 11 never get here. */
static const exec_fn exec_table[32] = {
    [0x03 >> 2] = exec_load,
    [0x0b >> 2] = exec_custom0,
    [0x0f >> 2] = exec_misc_mem,
    [0x13 >> 2] = exec_op_imm,
    [0x17 >> 2] = exec_auipc,
    [0x23 >> 2] = exec_store,
    [0x33 >> 2] = exec_op,
    [0x37 >> 2] = exec_lui,
    [0x63 >> 2] = exec_branch,
    [0x67 >> 2] = exec_jalr,
    [0x6f >> 2] = exec_jal,
    [0x73 >> 2] = exec_system,
};

static bool execute(struct interp *it, struct exec *e)
{
    if ((e->insn & 3) != 3)
        return illegal(e); /* no compressed instructions */
    exec_fn fn = exec_table[(e->insn >> 2) & 31];
    return (fn != NULL ? fn : exec_illegal)(it, e);
}

/* ---- One step ------------------------------------------------------------ */

static bool interrupt_due(const struct interp *it)
{
    return it->cpu.ie && it->ops->timer(it->ctx) == INTERP_TIMER_PENDING;
}

static bool fetch(struct interp *it, struct exec *e)
{
    if (in_window(it, e->pc, 4)) {
        e->insn = host_read(it->win_host + e->pc, 4);
        return true;
    }
    struct place pl;
    uint32_t c = check_access(it, e->pc, 4, ACCESS_FETCH, &pl);
    if (c != ACCESS_OK)
        return raise(e, c, e->pc);
    e->insn = ram_read(it, pl.paddr, 4);
    return true;
}

static void trapped(struct interp *it, struct interp_step *s, const struct exec *e)
{
    interp_trap(it, e->cause, e->info);
    s->end = INTERP_TRAPPED;
    s->cause = e->cause;
    s->info = e->info;
}

/* One step into *s, under the window of the current R (interp_run). */
static inline void step(struct interp *it, struct interp_step *s)
{
    struct exec e; /* field by field: -Os makes an initializer a memset call */
    e.pc = it->cpu.p;
    e.next = e.pc + 4;
    e.end = INTERP_RETIRED;
    s->mode = it->cpu.m;
    if (interrupt_due(it)) {
        e.cause = VM74_CAUSE_TIMER;
        e.info = 0;
        trapped(it, s, &e);
        return;
    }
    if (!fetch(it, &e) || !execute(it, &e)) {
        trapped(it, s, &e);
        return;
    }
    s->end = e.end;
    if (e.end != INTERP_DEADLOCK)
        it->cpu.p = e.next;
}

struct interp_step interp_run(struct interp *it, uint32_t max_steps)
{
    struct interp_step s;
    uint32_t mode = it->cpu.m;
    window_update(it); /* the caller may have changed R or RAM */
    do {
        step(it, &s);
        if (s.end == INTERP_DEADLOCK)
            break;
        it->steps++;
        if (s.end != INTERP_TRAPPED)
            it->retired[s.mode]++;
    } while (s.end == INTERP_RETIRED && it->cpu.m == mode && --max_steps != 0);
    return s;
}

struct interp_step interp_step(struct interp *it)
{
    return interp_run(it, 1);
}
