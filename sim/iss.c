/*
 * iss.c - the reference simulator's execute function: one step of
 * docs/isa.md (interrupt check, fetch, decode, execute, trap), and the two
 * entry points built on it, vm74_step and vm74_run.
 *
 * iss_exec() is always inlined and takes the retirement record as a
 * pointer.  vm74_run calls it with rec == NULL, so the compiler drops every
 * line that fills the record and the run loop is a plain interpreter;
 * vm74_step calls it with a record.  Both therefore execute the same code.
 */
#include <string.h>

#include "iss.h"
#include "vm74_insn.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define ALWAYS_INLINE inline __attribute__((always_inline))

/* ---- RAM access, fast path -------------------------------------------- */

static ALWAYS_INLINE uint32_t host_read(const uint8_t *p, uint32_t n)
{
    uint8_t b;
    uint16_t h;
    uint32_t w;
    switch (n) {
    case 1: memcpy(&b, p, 1); return b;
    case 2: memcpy(&h, p, 2); return h;
    default: memcpy(&w, p, 4); return w;
    }
}

static ALWAYS_INLINE void host_write(uint8_t *p, uint32_t n, uint32_t v)
{
    uint8_t b = (uint8_t)v;
    uint16_t h = (uint16_t)v;
    switch (n) {
    case 1: memcpy(p, &b, 1); break;
    case 2: memcpy(p, &h, 2); break;
    default: memcpy(p, &v, 4); break;
    }
}

/* Aligned and inside the window of the current R (see iss_update_r). */
static ALWAYS_INLINE bool in_window(const struct iss *m, uint32_t a,
                                    uint32_t n)
{
    return (a & (n - 1)) == 0 && (uint64_t)a + n <= m->lim;
}

/* Each returns -1 on success, else the trap cause. */
static ALWAYS_INLINE int mem_fetch(struct iss *m, uint32_t a, uint32_t *insn)
{
    if (likely(in_window(m, a, 4))) {
        *insn = host_read(m->host + a, 4);
        return -1;
    }
    return iss_fetch_slow(m, a, insn);
}

static ALWAYS_INLINE int mem_load(struct iss *m, uint32_t a, uint32_t n,
                                  uint32_t *val, uint32_t *paddr)
{
    if (likely(in_window(m, a, n))) {
        *val = host_read(m->host + a, n);
        *paddr = m->base + a;
        return -1;
    }
    return iss_load_slow(m, a, n, val, paddr);
}

static ALWAYS_INLINE int mem_store(struct iss *m, uint32_t a, uint32_t n,
                                   uint32_t val, uint32_t *paddr)
{
    if (likely(in_window(m, a, n))) {
        host_write(m->host + a, n, val);
        *paddr = m->base + a;
        return -1;
    }
    return iss_store_slow(m, a, n, val, paddr);
}

/* ---- ALU -------------------------------------------------------------- */

static ALWAYS_INLINE uint32_t sra(uint32_t v, uint32_t sh)
{
    return (uint32_t)((int32_t)v >> (sh & 31)); /* GCC: arithmetic shift */
}

/* funct7 = 0000001: MUL..REMU, with RISC-V's results for x/0 and overflow */
static ALWAYS_INLINE uint32_t alu_muldiv(uint32_t f3, uint32_t a, uint32_t b)
{
    int32_t sa = (int32_t)a, sb = (int32_t)b;
    bool overflow = a == 0x80000000u && b == 0xffffffffu;
    switch (f3) {
    case 0: return a * b;
    case 1: return (uint32_t)((uint64_t)((int64_t)sa * sb) >> 32);
    case 2: return (uint32_t)((uint64_t)((int64_t)sa * (int64_t)b) >> 32);
    case 3: return (uint32_t)(((uint64_t)a * b) >> 32);
    case 4: return b == 0 ? 0xffffffffu : overflow ? a : (uint32_t)(sa / sb);
    case 5: return b == 0 ? 0xffffffffu : a / b;
    case 6: return b == 0 ? a : overflow ? 0 : (uint32_t)(sa % sb);
    default: return b == 0 ? a : a % b;
    }
}

/* OP (0110011): returns false for an undefined funct7/funct3. */
static ALWAYS_INLINE bool alu_op(uint32_t insn, uint32_t a, uint32_t b,
                                 uint32_t *out)
{
    uint32_t f3 = insn_funct3(insn);
    switch (insn_funct7(insn)) {
    case 0x00:
        switch (f3) {
        case 0: *out = a + b; return true;
        case 1: *out = a << (b & 31); return true;
        case 2: *out = (int32_t)a < (int32_t)b; return true;
        case 3: *out = a < b; return true;
        case 4: *out = a ^ b; return true;
        case 5: *out = a >> (b & 31); return true;
        case 6: *out = a | b; return true;
        default: *out = a & b; return true;
        }
    case 0x20:
        if (f3 == 0) { *out = a - b; return true; }
        if (f3 == 5) { *out = sra(a, b); return true; }
        return false;
    case 0x01:
        *out = alu_muldiv(f3, a, b);
        return true;
    default:
        return false;
    }
}

/* OP-IMM (0010011): shifts check imm[11:5] (docs/isa.md §4.1). */
static ALWAYS_INLINE bool alu_op_imm(uint32_t insn, uint32_t a, uint32_t *out)
{
    uint32_t imm = insn_imm_i(insn), sh = insn_rs2(insn), f7 = insn_funct7(insn);
    switch (insn_funct3(insn)) {
    case 0: *out = a + imm; return true;
    case 1:
        *out = a << sh;
        return f7 == 0x00;
    case 2: *out = (int32_t)a < (int32_t)imm; return true;
    case 3: *out = a < imm; return true;
    case 4: *out = a ^ imm; return true;
    case 5:
        *out = f7 == 0x20 ? sra(a, sh) : a >> sh;
        return f7 == 0x00 || f7 == 0x20;
    case 6: *out = a | imm; return true;
    default: *out = a & imm; return true;
    }
}

/* BRANCH (1100011): returns false for funct3 010/011. */
static ALWAYS_INLINE bool branch_taken(uint32_t f3, uint32_t a, uint32_t b,
                                       bool *taken)
{
    switch (f3) {
    case 0: *taken = a == b; return true;
    case 1: *taken = a != b; return true;
    case 4: *taken = (int32_t)a < (int32_t)b; return true;
    case 5: *taken = (int32_t)a >= (int32_t)b; return true;
    case 6: *taken = a < b; return true;
    case 7: *taken = a >= b; return true;
    default: return false;
    }
}

/* LOAD funct3 -> access size, 0 if undefined. */
static ALWAYS_INLINE uint32_t load_size(uint32_t f3)
{
    switch (f3) {
    case 0: case 4: return 1;
    case 1: case 5: return 2;
    case 2: return 4;
    default: return 0;
    }
}

static ALWAYS_INLINE uint32_t load_extend(uint32_t f3, uint32_t raw)
{
    switch (f3) {
    case 0: return (uint32_t)(int32_t)(int8_t)raw;
    case 1: return (uint32_t)(int32_t)(int16_t)raw;
    default: return raw;
    }
}

/* ---- The retirement record -------------------------------------------- */

static void record_begin(const struct iss *m, struct vm74_retire *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->order = m->steps;
    rec->pc = m->pc;
    rec->mode = (uint8_t)m->mode;
}

static void record_end(const struct iss *m, struct vm74_retire *rec)
{
    rec->next.mode = m->mode;
    rec->next.ie = m->ie;
    rec->next.pc = m->pc;
    rec->next.base = m->base;
    rec->next.bound = m->bound;
}

static void record_mem(struct vm74_retire *rec, uint32_t n, bool write,
                       uint32_t a, uint32_t paddr, uint32_t data)
{
    rec->mem_size = (uint8_t)n;
    rec->mem_write = write;
    rec->mem_addr = a;
    rec->mem_paddr = paddr;
    rec->mem_data = data;
}

/* ---- LPSW and WFI ----------------------------------------------------- */

static void lpsw_install(struct iss *m, const uint32_t w[4])
{
    m->mode = (w[0] & VM74_FLAG_SUPERVISOR) ? VM74_MODE_SUPERVISOR
                                            : VM74_MODE_USER;
    m->ie = (w[0] & VM74_FLAG_IE) != 0;
    m->base = w[2] & VM74_BASE_MASK;
    m->bound = w[3];
    iss_update_r(m);
    iss_update_irq(m);
}

/* ---- One step --------------------------------------------------------- */

/* time >= irq_at decides alone but at TIME = 2^64 - 1, where irq_at's
 * "never" (ISS_NEVER, for IE = 0 or co-simulation) compares as due: an
 * interrupt needs IE = 1, and under co-simulation a forced one.  (With
 * IE = 1 and CMP = 2^64 - 1, TIME >= CMP holds there, and it is taken.) */
static bool irq_enabled(const struct iss *m)
{
    return m->ie && !(m->cosim && m->irq_at == ISS_NEVER);
}

/*
 * Execute one step: an interrupt, a trapped instruction, or a retired one.
 * Returns the machine's status: VM74_EXITED after a store to SIMCTL_EXIT,
 * VM74_DEADLOCK (and no change at all) for a WFI that would wait for ever.
 */
static ALWAYS_INLINE int iss_exec(struct iss *m, struct vm74_retire *rec)
{
    const uint32_t pc = m->pc;
    const uint32_t mode = m->mode;
    uint32_t insn = 0, cause, info, val = 0, next = pc + 4;
    uint32_t a, n, raw, paddr, w[4];
    int c;
    bool taken;

    if (rec)
        record_begin(m, rec);

    if (unlikely(m->time >= m->irq_at) && irq_enabled(m)) {
        cause = VM74_CAUSE_TIMER;
        info = 0;
        if (rec)
            rec->interrupt = 1;
        goto trap;
    }
    c = mem_fetch(m, pc, &insn);
    if (unlikely(c >= 0)) {
        cause = (uint32_t)c;
        info = pc;
        insn = 0;
        goto trap;
    }
    if (rec)
        rec->insn = insn;

    const uint32_t rd = insn_rd(insn);
    const uint32_t rs1v = m->x[insn_rs1(insn)];
    const uint32_t rs2v = m->x[insn_rs2(insn)];
    const uint32_t f3 = insn_funct3(insn);

    switch (insn_opcode(insn)) {
    case OPC_LUI:
        val = insn_imm_u(insn);
        goto write_rd;
    case OPC_AUIPC: /* logical P */
        val = pc + insn_imm_u(insn);
        goto write_rd;
    case OPC_JAL:
        a = pc + insn_imm_j(insn);
        goto jump;
    case OPC_JALR:
        if (f3 != 0)
            goto illegal;
        a = (rs1v + insn_imm_i(insn)) & ~1u;
        goto jump;
    case OPC_BRANCH:
        if (!branch_taken(f3, rs1v, rs2v, &taken))
            goto illegal;
        if (!taken)
            goto retire;
        a = pc + insn_imm_b(insn);
        if (unlikely(a & 3))
            goto target_misaligned;
        next = a;
        goto retire;
    case OPC_LOAD:
        n = load_size(f3);
        if (n == 0)
            goto illegal;
        a = rs1v + insn_imm_i(insn);
        switch (n) { /* constant sizes, so the fast path inlines */
        case 1: c = mem_load(m, a, 1, &raw, &paddr); break;
        case 2: c = mem_load(m, a, 2, &raw, &paddr); break;
        default: c = mem_load(m, a, 4, &raw, &paddr); break;
        }
        if (unlikely(c >= 0))
            goto access_fault;
        if (rec)
            record_mem(rec, n, false, a, paddr, raw);
        val = load_extend(f3, raw);
        goto write_rd;
    case OPC_STORE:
        a = rs1v + insn_imm_s(insn);
        switch (f3) {
        case 0: n = 1; c = mem_store(m, a, 1, rs2v & 0xff, &paddr); break;
        case 1: n = 2; c = mem_store(m, a, 2, rs2v & 0xffff, &paddr); break;
        case 2: n = 4; c = mem_store(m, a, 4, rs2v, &paddr); break;
        default: goto illegal;
        }
        if (unlikely(c >= 0))
            goto access_fault;
        if (rec)
            record_mem(rec, n, true, a, paddr,
                       n == 4 ? rs2v : rs2v & ((1u << (8 * n)) - 1));
        goto retire;
    case OPC_OP_IMM:
        if (!alu_op_imm(insn, rs1v, &val))
            goto illegal;
        goto write_rd;
    case OPC_OP:
        if (!alu_op(insn, rs1v, rs2v, &val))
            goto illegal;
        goto write_rd;
    case OPC_MISC_MEM: /* every FENCE is a no-op, FENCE.I is illegal */
        if (f3 != 0)
            goto illegal;
        goto retire;
    case OPC_SYSTEM: /* only the two exact words exist */
        if (insn == VM74_INSN_ECALL) {
            cause = VM74_CAUSE_ECALL;
        } else if (insn == VM74_INSN_EBREAK) {
            cause = VM74_CAUSE_BREAKPOINT;
        } else {
            goto illegal;
        }
        info = insn;
        goto trap;
    case OPC_CUSTOM0:
        if (f3 == VM74_F3_LPSW && rd == 0) {
            if (mode == VM74_MODE_USER)
                goto privileged;
            a = rs1v + insn_imm_i(insn);
            c = iss_lpsw_operand(m, a, w, &paddr);
            if (c >= 0)
                goto access_fault;
            if (rec)
                record_mem(rec, VM74_PSW_SIZE, false, a, paddr, w[0]);
            lpsw_install(m, w);
            next = w[1];
            goto retire;
        }
        if (insn == VM74_INSN_WFI) {
            if (mode == VM74_MODE_USER)
                goto privileged;
            if (m->time >= m->cmp)
                goto retire;
            if (m->cmp == ISS_CMP_DISARMED) {
                if (rec)
                    record_end(m, rec);
                return VM74_DEADLOCK;
            }
            /* Idle until TIME = CMP: this step's own cycle ends there. */
            m->time = m->cmp - 1;
            goto retire;
        }
#if VM74_FLAW == VM74_FLAW_RDMODE
        /* The flawed variants (docs/isa.md §4.3): one more instruction,
         * sensitive and never privileged.  RDMODE rd: x[rd] = M, so code
         * can tell which mode it runs in (mode-sensitive). */
        if (f3 == VM74_F3_RDMODE && insn_rs1(insn) == 0 && insn_imm_i(insn) == 0) {
            val = mode;
            goto write_rd;
        }
#elif VM74_FLAW == VM74_FLAW_JRSTU
        /* JRSTU rs1: jump to x[rs1] & ~1, checked as JALR's target; in
         * supervisor mode it also lowers M to user (control-sensitive: it
         * changes the mode without a trap). */
        if (f3 == VM74_F3_JRSTU && rd == 0 && insn_imm_i(insn) == 0) {
            a = rs1v & ~1u;
            if (unlikely(a & 3))
                goto target_misaligned;
            m->mode = VM74_MODE_USER;
            next = a;
            goto retire;
        }
#elif VM74_FLAW == VM74_FLAW_RDBASE
        /* RDBASE rd: x[rd] = l, the real relocation base (location-
         * sensitive: code can tell where in memory it really is). */
        if (f3 == VM74_F3_RDBASE && insn_rs1(insn) == 0 && insn_imm_i(insn) == 0) {
            val = m->base;
            goto write_rd;
        }
#endif
        goto illegal;
    default:
        goto illegal;
    }

jump: /* JAL, JALR: the target is checked at the jump (§4.1) */
    if (unlikely(a & 3))
        goto target_misaligned;
    val = pc + 4;
    next = a;
write_rd:
    m->x[rd] = val;
    m->x[0] = 0;
    if (rec && rd != 0) {
        rec->rd = (uint8_t)rd;
        rec->rd_value = val;
    }
retire:
    m->pc = next;
    m->instret[mode]++;
    m->time++;
    m->steps++;
    if (rec)
        record_end(m, rec);
    return m->status;

target_misaligned:
    cause = VM74_CAUSE_FETCH_MISALIGNED;
    info = a;
    goto trap;
access_fault:
    cause = (uint32_t)c;
    info = a;
    goto trap;
privileged:
    cause = VM74_CAUSE_PRIVILEGED;
    info = insn;
    goto trap;
illegal:
    cause = VM74_CAUSE_ILLEGAL;
    info = insn;
trap:
    iss_trap(m, cause, info);
    m->time++;
    m->steps++;
    if (rec) {
        rec->trap = 1;
        rec->cause = cause;
        rec->info = info;
        rec->rd = 0;
        rec->rd_value = 0;
        record_mem(rec, 0, false, 0, 0, 0);
        record_end(m, rec);
    }
    return VM74_RUNNING;
}

/* ---- Entry points ----------------------------------------------------- */

int iss_step(vm74 *vm, struct vm74_retire *rec)
{
    struct iss *m = iss_of(vm);
    if (m->status != VM74_RUNNING) { /* halted by SIMCTL_EXIT */
        if (rec) {
            record_begin(m, rec);
            record_end(m, rec);
        }
        return m->status;
    }
    if (vm->retire_hook != NULL) {
        struct vm74_retire local;
        struct vm74_retire *r = rec ? rec : &local;
        int status = iss_exec(m, r);
        if (status != VM74_DEADLOCK) /* a deadlocking WFI is not a step */
            vm74_report_step(vm, r);
        return status;
    }
    if (rec)
        return iss_exec(m, rec);
    return iss_exec(m, NULL);
}

int iss_run(vm74 *vm, uint64_t max_steps)
{
    struct iss *m = iss_of(vm);
    if (m->status != VM74_RUNNING)
        return m->status;
    uint64_t left = max_steps ? max_steps : UINT64_MAX;
    /* Observed: every step needs its record, so take the step path. */
    while (vm->retire_hook != NULL && left-- > 0) {
        int status = iss_step(vm, NULL);
        if (status != VM74_RUNNING)
            return status;
    }
    if (vm->retire_hook != NULL)
        return VM74_LIMIT;
    while (left-- > 0) {
        int status = iss_exec(m, NULL);
        if (unlikely(status != VM74_RUNNING))
            return status;
    }
    return VM74_LIMIT;
}
