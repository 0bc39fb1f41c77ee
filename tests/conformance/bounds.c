/*
 * bounds.c - relocation and bounds at every edge (docs/isa.md §2, §6): an
 * n-byte access at logical a is legal only if a + n <= b, relocation
 * never wraps (l + a + n <= 2^32), fetches and LPSW operands need RAM,
 * devices need aligned word accesses, and R applies in both modes.
 *
 * The code runs in a partition at physical PART (the base l), with the
 * instruction under test at logical 0 unless a check says otherwise.
 */
#include "conf.h"

#define PART CONF_PART_A

extern const uint32_t bnd_lw_twice[];

static const struct {
    const char *suffix;
    uint32_t flags;
} modes[] = { { "user", CONF_U }, { "supervisor", CONF_S } };

static char name_buf[96];

static char *append(char *d, const char *s)
{
    while (*s)
        *d++ = *s++;
    return d;
}

/* Start the check "<stem>[_<mid>][_<suffix>]". */
static void check3(const char *stem, const char *mid, const char *suffix)
{
    char *d = append(name_buf, stem);
    if (mid != NULL)
        d = append(append(d, "_"), mid);
    if (suffix != NULL)
        d = append(append(d, "_"), suffix);
    *d = '\0';
    conf_check(name_buf);
}

static void check(const char *stem, const char *suffix)
{
    check3(stem, NULL, suffix);
}

/* Copy a two-instruction snippet (the access, ECALL) to logical 0. */
static void put_snippet(const uint32_t *snippet)
{
    conf_wr32(PART + 0, snippet[0]);
    conf_wr32(PART + 4, snippet[1]);
}

#define STORE_VALUE 0xc3d2e1f0u

static uint8_t data_byte(uint32_t a)
{
    return (uint8_t)(0x90 + a * 7);
}

/* ---- Every access at every address around the bound ------------------ */

struct access {
    const char *name;
    const uint32_t *snippet;
    unsigned size;
    int store;
    int sign;
};

static const struct access accesses[] = {
    { "lb", snip_lb, 1, 0, 1 },  { "lbu", snip_lbu, 1, 0, 0 },
    { "lh", snip_lh, 2, 0, 1 },  { "lhu", snip_lhu, 2, 0, 0 },
    { "lw", snip_lw, 4, 0, 0 },  { "sb", snip_sb, 1, 1, 0 },
    { "sh", snip_sh, 2, 1, 0 },  { "sw", snip_sw, 4, 1, 0 },
};

/* One access of acc at logical a under R = (PART, bound): legal exactly
 * when a + size <= bound.  Legal: the value loaded or the bytes stored.
 * Illegal: LOAD_/STORE_FAULT, info a, rd and memory unchanged (a word
 * straddling the bound writes none of its bytes). */
static void access_at(uint32_t flags, const struct access *acc, uint32_t bound,
                      uint32_t a, uint32_t lo, uint32_t hi)
{
    for (uint32_t x = lo; x < hi; x++)
        conf_wr8(PART + x, data_byte(x));
    struct conf_regs regs;
    conf_regs_fill(&regs);
    regs.x[A0] = a;
    regs.x[A1] = STORE_VALUE;
    struct conf_psw psw = conf_psw(flags, 0, PART, bound);
    conf_context("address", a);
    conf_try(&psw, &regs);

    int legal = a + acc->size <= bound;
    uint32_t mask = 0;
    if (!legal) {
        conf_expect_trap(acc->store ? VM74_CAUSE_STORE_FAULT
                                    : VM74_CAUSE_LOAD_FAULT, a, &psw);
    } else {
        struct conf_psw after = psw;
        after.p = 4;
        conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &after);
        if (!acc->store) {
            uint32_t v = 0;
            for (unsigned i = 0; i < acc->size; i++)
                v |= (uint32_t)data_byte(a + i) << (8 * i);
            if (acc->sign && acc->size < 4 && (v >> (8 * acc->size - 1)) & 1)
                v |= ~0u << (8 * acc->size);
            conf_expect_reg(A1, v);
            mask = 1u << A1;
        }
    }
    conf_expect_regs(&regs, mask);
    for (uint32_t x = lo; x < hi; x++) {
        uint8_t want = data_byte(x);
        if (legal && acc->store && x >= a && x < a + acc->size)
            want = (uint8_t)(STORE_VALUE >> (8 * (x - a)));
        conf_expect_eq("byte in memory", conf_rd8(PART + x), want);
    }
}

/* Bounds that are and are not multiples of 4 (and a tiny one): every
 * aligned address from 8 below the bound to 4 above it. */
static void check_access_edges(void)
{
    static const uint32_t bounds[] = { 0x1000, 0x1001, 0x1002, 0x1003, 0x0e };
    for (unsigned m = 0; m < 2; m++)
        for (unsigned i = 0; i < sizeof accesses / sizeof accesses[0]; i++) {
            const struct access *acc = &accesses[i];
            check3("bounds_edges", acc->name, modes[m].suffix);
            put_snippet(acc->snippet);
            for (unsigned k = 0; k < sizeof bounds / sizeof bounds[0]; k++) {
                uint32_t b = bounds[k];
                uint32_t first = (b & ~3u) - 8, last = (b & ~3u) + 4;
                if (first < 8) /* below: the code itself */
                    first = 8;
                for (uint32_t a = first; a <= last; a += acc->size)
                    access_at(modes[m].flags, acc, b, a, first, last + 4);
            }
        }
}

/* ---- Fetch and jumps past the bound -------------------------------- */

#define EDGE 0x1000 /* code runs up to here */

/* Two ADDIs end at EDGE; the fetch at EDGE is legal only if EDGE + 4 <= b:
 * for b = EDGE .. EDGE + 3 it faults (saved P = info = EDGE, the ADDIs
 * done); for b = EDGE + 4 the ECALL there runs. */
static void check_fetch_edges(void)
{
    for (unsigned m = 0; m < 2; m++) {
        check("bounds_fetch_past_bound", modes[m].suffix);
        conf_wr32(PART + EDGE - 8, CONF_INSN_ADDI(A0, A0, 1));
        conf_wr32(PART + EDGE - 4, CONF_INSN_ADDI(A0, A0, 1));
        conf_wr32(PART + EDGE, VM74_INSN_ECALL);
        for (uint32_t b = EDGE; b <= EDGE + 4; b++) {
            struct conf_regs regs;
            conf_regs_fill(&regs);
            conf_context("bound", b);
            struct conf_psw psw = conf_psw(modes[m].flags, EDGE - 8, PART, b);
            conf_try(&psw, &regs);
            struct conf_psw at = psw;
            at.p = EDGE;
            if (b < EDGE + 4)
                conf_expect_trap(VM74_CAUSE_FETCH_FAULT, EDGE, &at);
            else
                conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &at);
            conf_expect_reg(A0, regs.x[A0] + 2);
            conf_expect_regs(&regs, 1u << A0);
        }
    }
}

/* A jump or taken branch past the bound completes (rd written, P =
 * target); the fetch at the target faults with saved P = info = target. */
static void check_jump_past_bound(void)
{
    static const struct {
        const char *name;
        uint32_t word;      /* at logical 0x10 */
        uint32_t a0;        /* JALR's base */
        uint32_t target;
        int rd;
    } cases[] = {
        { "bounds_jal_to_bound", 0, 0, EDGE, RA },
        { "bounds_jalr_to_bound", 0, EDGE, EDGE, T0 },
        { "bounds_jalr_far", 0, 0x7ffffff0, 0x7ffffff0, RA },
        { "bounds_jalr_wraps", 0, 0xfffffffc, 0xfffffffc, A2 },
        { "bounds_branch_to_bound", 0, 0, EDGE, 0 },
    };
    for (unsigned m = 0; m < 2; m++)
        for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            check(cases[i].name, modes[m].suffix);
            uint32_t word;
            if (cases[i].a0 != 0)
                word = CONF_INSN_JALR(cases[i].rd, A0, 0);
            else if (cases[i].rd != 0)
                word = enc_jal(cases[i].rd, cases[i].target - 0x10);
            else /* BEQ x0, x0: always taken */
                word = enc_beq(0, 0, cases[i].target - 0x10);
            conf_wr32(PART + 0x10, word);
            struct conf_regs regs;
            conf_regs_fill(&regs);
            regs.x[A0] = cases[i].a0;
            struct conf_psw psw = conf_psw(modes[m].flags, 0x10, PART, EDGE);
            conf_try(&psw, &regs);
            struct conf_psw at = psw;
            at.p = cases[i].target;
            conf_expect_trap(VM74_CAUSE_FETCH_FAULT, cases[i].target, &at);
            if (cases[i].rd != 0)
                conf_expect_reg(cases[i].rd, 0x14);
            conf_expect_regs(&regs, cases[i].rd != 0 ? 1u << cases[i].rd : 0);
        }
}

/* b = 0 allows nothing: the first fetch faults.  b = 4 allows exactly the
 * word at 0. */
static void check_tiny_bounds(void)
{
    conf_wr32(PART, VM74_INSN_ECALL);
    static const struct {
        const char *name;
        uint32_t p, bound, cause, info;
    } cases[] = {
        { "bounds_zero_fetch_at_0", 0, 0, VM74_CAUSE_FETCH_FAULT, 0 },
        { "bounds_zero_fetch_at_0x100", 0x100, 0, VM74_CAUSE_FETCH_FAULT,
          0x100 },
        { "bounds_four_fetch_at_0", 0, 4, VM74_CAUSE_ECALL, VM74_INSN_ECALL },
        { "bounds_four_fetch_at_4", 4, 4, VM74_CAUSE_FETCH_FAULT, 4 },
    };
    for (unsigned m = 0; m < 2; m++)
        for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            check(cases[i].name, modes[m].suffix);
            struct conf_regs regs;
            conf_regs_fill(&regs);
            struct conf_psw psw = conf_psw(modes[m].flags, cases[i].p, PART,
                                           cases[i].bound);
            conf_try(&psw, &regs);
            conf_expect_trap(cases[i].cause, cases[i].info, &psw);
            conf_expect_regs(&regs, 0);
        }
}

/* ---- No wrap-around ---------------------------------------------------- */

#define WRAP_MARK 0x6d61726bu /* at physical CONF_LC_SCRATCH */

/* With b = all, logical a = 2^32 - PART + 0x40 would reach physical 0x40
 * if l + a wrapped; it faults instead, and 0x40 keeps its word. */
static void check_no_wrap_data(void)
{
    const uint32_t a = 0u - PART + CONF_LC_SCRATCH;
    static const struct {
        const char *name;
        const uint32_t *snippet;
        uint32_t off, cause;
    } cases[] = {
        { "bounds_no_wrap_lw", snip_lw, 0, VM74_CAUSE_LOAD_FAULT },
        { "bounds_no_wrap_lb_at_2_32", snip_lb, -(uint32_t)CONF_LC_SCRATCH,
          VM74_CAUSE_LOAD_FAULT },
        { "bounds_no_wrap_sw", snip_sw, 0, VM74_CAUSE_STORE_FAULT },
        { "bounds_no_wrap_sb", snip_sb, 4, VM74_CAUSE_STORE_FAULT },
    };
    for (unsigned m = 0; m < 2; m++)
        for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            check(cases[i].name, modes[m].suffix);
            conf_wr32(CONF_LC_SCRATCH, WRAP_MARK);
            conf_wr32(CONF_LC_SCRATCH + 4, WRAP_MARK);
            put_snippet(cases[i].snippet);
            struct conf_regs regs;
            conf_regs_fill(&regs);
            regs.x[A0] = a + cases[i].off;
            struct conf_psw psw = conf_psw(modes[m].flags, 0, PART,
                                           VM74_BOUND_ALL);
            conf_try(&psw, &regs);
            conf_expect_trap(cases[i].cause, a + cases[i].off, &psw);
            conf_expect_regs(&regs, 0);
            conf_expect_eq("word at 0x40", conf_rd32(CONF_LC_SCRATCH),
                           WRAP_MARK);
            conf_expect_eq("word at 0x44", conf_rd32(CONF_LC_SCRATCH + 4),
                           WRAP_MARK);
        }
}

/* l = 0xfffff000: logical P = 0x1000 + x would reach physical x (an ECALL)
 * if it wrapped; the fetch faults instead, though P is below the bound. */
static void check_no_wrap_fetch(void)
{
    const uint32_t l = 0xfffff000u;
    const uint32_t p = 0x1000 + CONF_ADDR(snip_ecall);
    for (unsigned m = 0; m < 2; m++) {
        check("bounds_no_wrap_fetch", modes[m].suffix);
        struct conf_regs regs;
        conf_regs_fill(&regs);
        struct conf_psw psw = conf_psw(modes[m].flags, p, l, p + 4);
        conf_try(&psw, &regs);
        conf_expect_trap(VM74_CAUSE_FETCH_FAULT, p, &psw);
        conf_expect_regs(&regs, 0);
    }
}

/* ---- R = all memory, the end of RAM, devices -------------------------- */

/* Supervisor with R = (0, all): the last RAM word and byte are reachable;
 * past RAM, the gap before the devices, holes between device registers
 * and the top of the address space fault. */
static void check_physical_edges(void)
{
    static const struct {
        const char *name;
        const uint32_t *snippet;
        uint32_t addr;
        int ok;
    } cases[] = {
        { "bounds_ram_last_word_lw", snip_lw, CONF_RAM_SIZE - 4, 1 },
        { "bounds_ram_last_byte_lbu", snip_lbu, CONF_RAM_SIZE - 1, 1 },
        { "bounds_ram_last_word_sw", snip_sw, CONF_RAM_SIZE - 4, 1 },
        { "bounds_ram_end_lw", snip_lw, CONF_RAM_SIZE, 0 },
        { "bounds_ram_end_lbu", snip_lbu, CONF_RAM_SIZE, 0 },
        { "bounds_ram_end_sw", snip_sw, CONF_RAM_SIZE, 0 },
        { "bounds_gap_below_devices_lw", snip_lw, VM74_MMIO_BASE - 4, 0 },
        { "bounds_uart_hole_lw", snip_lw, VM74_UART_BASE + 0xc, 0 },
        { "bounds_timer_hole_lw", snip_lw, VM74_TIMER_BASE + 0x10, 0 },
        { "bounds_perf_hole_lw", snip_lw, VM74_PERF_BASE + 0x18, 0 },
        { "bounds_simctl_hole_sw", snip_sw, VM74_SIMCTL_BASE + 4, 0 },
        { "bounds_past_devices_lw", snip_lw, VM74_MMIO_BASE + VM74_MMIO_SIZE,
          0 },
        { "bounds_top_word_lw", snip_lw, 0xfffffffc, 0 },
        { "bounds_top_byte_lbu", snip_lbu, 0xfffffffe, 0 },
        { "bounds_last_byte_outside_bound_all", snip_lbu, 0xffffffff, 0 },
    };
    conf_wr32(CONF_RAM_SIZE - 4, 0x8badf00d);
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        check(cases[i].name, NULL);
        const uint32_t *snippet = cases[i].snippet;
        int store = snippet == snip_sw;
        struct conf_regs regs;
        conf_regs_fill(&regs);
        regs.x[A0] = cases[i].addr;
        regs.x[A1] = STORE_VALUE;
        struct conf_psw psw = conf_psw(CONF_S, CONF_ADDR(snippet), 0,
                                       VM74_BOUND_ALL);
        conf_try(&psw, &regs);
        if (!cases[i].ok) {
            conf_expect_trap(store ? VM74_CAUSE_STORE_FAULT
                                   : VM74_CAUSE_LOAD_FAULT, cases[i].addr, &psw);
            conf_expect_regs(&regs, 0);
            continue;
        }
        struct conf_psw after = psw;
        after.p += 4;
        conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &after);
        if (store) {
            conf_expect_eq("last RAM word", conf_rd32(cases[i].addr),
                           STORE_VALUE);
            conf_wr32(CONF_RAM_SIZE - 4, 0x8badf00d);
            conf_expect_regs(&regs, 0);
        } else {
            uint32_t want = snippet == snip_lw ? 0x8badf00d : 0x8b;
            conf_expect_reg(A1, want);
            conf_expect_regs(&regs, 1u << A1);
        }
    }
}

/* Fetches need RAM: the last RAM word runs, past it and the devices fault. */
static void check_fetch_physical(void)
{
    static const struct {
        const char *name;
        uint32_t p;
        int ok;
    } cases[] = {
        { "bounds_fetch_last_ram_word", CONF_RAM_SIZE - 4, 1 },
        { "bounds_fetch_ram_end", CONF_RAM_SIZE, 0 },
        { "bounds_fetch_device", VM74_UART_STATUS, 0 },
        { "bounds_fetch_timer", VM74_TIMER_TIME_LO, 0 },
        { "bounds_fetch_top", 0xfffffff8, 0 },
    };
    conf_wr32(CONF_RAM_SIZE - 4, VM74_INSN_ECALL);
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        check(cases[i].name, NULL);
        struct conf_regs regs;
        conf_regs_fill(&regs);
        struct conf_psw psw = conf_psw(CONF_S, cases[i].p, 0, VM74_BOUND_ALL);
        conf_try(&psw, &regs);
        if (cases[i].ok)
            conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &psw);
        else
            conf_expect_trap(VM74_CAUSE_FETCH_FAULT, cases[i].p, &psw);
        conf_expect_regs(&regs, 0);
    }
}

/* A device is reached through R like memory: word loads work whenever R
 * covers the register, in either mode (the retired-instruction counter of
 * the mode grows by exactly 1 between two back-to-back loads), and fault
 * when it does not. */
static void check_devices_through_r(void)
{
    static const struct {
        const char *name;
        uint32_t flags, base, counter;
    } reach[] = {
        { "bounds_device_supervisor_all", CONF_S, 0, VM74_PERF_INSTRET_S_LO },
        { "bounds_device_user_all", CONF_U, 0, VM74_PERF_INSTRET_U_LO },
        { "bounds_device_user_relocated", CONF_U, PART, VM74_PERF_INSTRET_U_LO },
        { "bounds_device_supervisor_relocated", CONF_S, PART,
          VM74_PERF_INSTRET_S_LO },
    };
    for (unsigned i = 0; i < sizeof reach / sizeof reach[0]; i++) {
        check(reach[i].name, NULL);
        conf_wr32(PART + 0x20, bnd_lw_twice[0]);
        conf_wr32(PART + 0x24, bnd_lw_twice[1]);
        conf_wr32(PART + 0x28, bnd_lw_twice[2]);
        struct conf_regs regs;
        conf_regs_fill(&regs);
        regs.x[A0] = reach[i].counter - reach[i].base;
        uint32_t p = PART + 0x20 - reach[i].base;
        struct conf_psw psw = conf_psw(reach[i].flags, p, reach[i].base,
                                       VM74_BOUND_ALL - reach[i].base);
        conf_try(&psw, &regs);
        struct conf_psw after = psw;
        after.p += 8;
        conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &after);
        conf_expect_eq("second count - first", conf_last.x[A2] - conf_last.x[A1],
                       1);
        conf_expect_regs(&regs, (1u << A1) | (1u << A2));
    }

    /* A partition's bound ends below the devices: loads and stores fault,
     * in user and in supervisor mode. */
    static const struct {
        const char *name;
        const uint32_t *snippet;
        uint32_t base, bound, device;
        uint32_t flags, cause;
    } fault[] = {
        { "bounds_device_user_outside_bound_lw", snip_lw, PART, 0x10000,
          VM74_UART_STATUS, CONF_U, VM74_CAUSE_LOAD_FAULT },
        { "bounds_device_user_outside_bound_sw", snip_sw, PART, 0x10000,
          VM74_SIMCTL_EXIT, CONF_U, VM74_CAUSE_STORE_FAULT },
        { "bounds_device_user_ram_bound_lw", snip_lw, 0, VM74_MMIO_BASE,
          VM74_TIMER_TIME_LO, CONF_U, VM74_CAUSE_LOAD_FAULT },
        { "bounds_device_user_ram_bound_sw", snip_sw, 0, VM74_MMIO_BASE,
          VM74_UART_TXDATA, CONF_U, VM74_CAUSE_STORE_FAULT },
        { "bounds_device_supervisor_outside_bound_lw", snip_lw, PART, 0x10000,
          VM74_PERF_CYCLE_LO, CONF_S, VM74_CAUSE_LOAD_FAULT },
    };
    for (unsigned i = 0; i < sizeof fault / sizeof fault[0]; i++) {
        check(fault[i].name, NULL);
        conf_wr32(PART + 0x20, fault[i].snippet[0]);
        conf_wr32(PART + 0x24, fault[i].snippet[1]);
        struct conf_regs regs;
        conf_regs_fill(&regs);
        regs.x[A0] = fault[i].device - fault[i].base;
        regs.x[A1] = 0x77; /* an exit code, if SIMCTL were reached */
        struct conf_psw psw = conf_psw(fault[i].flags,
                                       PART + 0x20 - fault[i].base,
                                       fault[i].base, fault[i].bound);
        conf_try(&psw, &regs);
        conf_expect_trap(fault[i].cause, regs.x[A0], &psw);
        conf_expect_regs(&regs, 0);
    }
}

/* Device registers take aligned word accesses only: bytes and halfwords
 * fault (CMP keeps its value; SIMCTL does not end the run). */
static void check_device_narrow(void)
{
    static const struct {
        const char *name;
        const uint32_t *snippet;
        uint32_t addr;
        int store;
    } cases[] = {
        { "bounds_device_lbu", snip_lbu, VM74_UART_STATUS, 0 },
        { "bounds_device_lb", snip_lb, VM74_PERF_CYCLE_LO, 0 },
        { "bounds_device_lb_byte1", snip_lb, VM74_TIMER_CMP_LO + 1, 0 },
        { "bounds_device_lhu", snip_lhu, VM74_TIMER_CMP_LO, 0 },
        { "bounds_device_lh_half1", snip_lh, VM74_TIMER_CMP_LO + 2, 0 },
        { "bounds_device_sb", snip_sb, VM74_TIMER_CMP_LO, 1 },
        { "bounds_device_sh", snip_sh, VM74_TIMER_CMP_LO, 1 },
        { "bounds_device_sb_simctl", snip_sb, VM74_SIMCTL_EXIT, 1 },
        { "bounds_device_sh_uart", snip_sh, VM74_UART_TXDATA, 1 },
    };
    const uint32_t cmp_lo = 0x12345678; /* CMP_HI stays all ones: disarmed */
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        check(cases[i].name, NULL);
        conf_set_cmp(0xffffffff00000000ull | cmp_lo);
        struct conf_regs regs;
        conf_regs_fill(&regs);
        regs.x[A0] = cases[i].addr;
        regs.x[A1] = 0x55;
        struct conf_psw psw = conf_psw(CONF_S, CONF_ADDR(cases[i].snippet), 0,
                                       VM74_BOUND_ALL);
        conf_try(&psw, &regs);
        conf_expect_trap(cases[i].store ? VM74_CAUSE_STORE_FAULT
                                        : VM74_CAUSE_LOAD_FAULT,
                         cases[i].addr, &psw);
        conf_expect_regs(&regs, 0);
        conf_expect_eq("CMP_LO", conf_rd32(VM74_TIMER_CMP_LO), cmp_lo);
    }
    conf_timer_disarm();
}

/* ---- The base's low bits ------------------------------------------- */

/* l is word-aligned: LPSW ignores bits 1:0 of the l word (docs/isa.md
 * §1, §4.3), so code and data are found at the cleared base and the old
 * PSW shows it. */
static void check_base_low_bits(void)
{
    const uint32_t l = PART + 0x100;
    conf_wr32(l + 0, snip_lw[0]);
    conf_wr32(l + 4, snip_lw[1]);
    conf_wr32(l + 0x40, 0xa4a3a2a1);
    for (unsigned m = 0; m < 2; m++) {
        check("bounds_base_low_bits_ignored", modes[m].suffix);
        for (uint32_t low = 1; low < 4; low++) {
            struct conf_regs regs;
            conf_regs_fill(&regs);
            regs.x[A0] = 0x40;
            conf_context("l word", l + low);
            struct conf_psw psw = conf_psw(modes[m].flags, 0, l + low, 0x100);
            conf_try(&psw, &regs);
            struct conf_psw after = conf_psw(modes[m].flags, 4, l, 0x100);
            conf_expect_trap(VM74_CAUSE_ECALL, VM74_INSN_ECALL, &after);
            conf_expect_reg(A1, 0xa4a3a2a1);
            conf_expect_regs(&regs, 1u << A1);
        }
    }
}

int main(void)
{
    conf_timer_disarm();
    check_access_edges();
    check_fetch_edges();
    check_jump_past_bound();
    check_tiny_bounds();
    check_no_wrap_data();
    check_no_wrap_fetch();
    check_physical_edges();
    check_fetch_physical();
    check_devices_through_r();
    check_device_narrow();
    check_base_low_bits();
    return 0;
}
