/*
 * rtl_backend.cpp - backend "rtl": the C API of sim/vm74_api.h on top of the
 * Verilator model of vm74_soc (rtl/vm74_soc.v).
 *
 * A thin harness in the style of Verilator's make_tracing_c example: one
 * context and one model per machine, a clock loop, optional FST tracing,
 * final() before the model is freed.  docs/rtl.md "How the harness maps the
 * C API" is the contract this file follows:
 *
 *   step      halted core, pulse dbg_step_i, clock until the record is out
 *             and the core is idle again
 *   run       dbg_halt_i = 0 and clock; near max_steps halt, drain, and
 *             finish with single steps so the count is exact
 *   state     the backdoor (public_flat_rw signals), only while idle
 *
 * The model is built with RAM_BYTES = VM74_RTL_RAM_BYTES; the configured RAM
 * size (<= that) goes to the ram_size_i port, so the hardware itself faults
 * past it, exactly as the ISS does.
 */
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>

#include "Vvm74_soc.h"
#include "Vvm74_soc___024root.h"
#include "verilated.h"
#include "verilated_fst_c.h"
#include "gtkwave/fstapi.h"

extern "C" {
#include "backend.h"
}

#ifndef VM74_RTL_RAM_BYTES
#error "build with -DVM74_RTL_RAM_BYTES=<the model's RAM_BYTES>"
#endif

extern "C" const struct vm74_ops vm74_rtl_ops;

/* How often (in cycles) a running machine asks the console for input when
 * it holds no byte.  It also asks right after the program took one. */
#define RX_POLL_CYCLES 4096

struct rtl {
    struct vm74 vm; /* first: the API handle is a pointer to this */

    VerilatedContext *ctx;
    Vvm74_soc *top;
    VerilatedFstC *fst;
    char *trace_path;

    uint32_t ram_size;
    int status; /* enum vm74_status: EXITED sticks until reset */

    /* Statistics, counted from the retirement records. */
    uint64_t steps;
    uint64_t instret[2];
    uint64_t traps[VM74_NUM_CAUSES];

    /* The last record seen, and whether a new one arrived.  The record is
     * copied out of the model only for a reader: rtl_step (stepping) or a
     * retire hook. */
    struct vm74_retire rec;
    bool rec_new;
    bool stepping;
    /* Whether an input or a backdoor value may differ from what the last
     * eval() saw (clk_rise_nba_only). */
    bool inputs_moved;

    int rx_byte; /* byte offered on con_rx_*, or -1 */
    uint64_t rx_poll_at;
    vm74_putc_fn putc_fn;
    vm74_getc_fn getc_fn;
    void *console_ctx;
};

static struct rtl *rtl_of(vm74 *m) { return reinterpret_cast<struct rtl *>(m); }

/* ---- Backdoor (docs/rtl.md "Backdoor signal names") ------------------- */

#define ROOT(m) ((m)->top->rootp)
#define RAM(m) (ROOT(m)->vm74_soc__DOT__g_ram__DOT__u_ram__DOT__mem)
#define REGS(m) (ROOT(m)->vm74_soc__DOT__u_core__DOT__u_regfile__DOT__regs)
#define PSW(m, f) (ROOT(m)->vm74_soc__DOT__u_core__DOT__u_trap__DOT__##f##_q)
#define TIMER(m, r) (ROOT(m)->vm74_soc__DOT__u_timer__DOT__##r)
#define TIME(m) TIMER(m, time_q)

/* ---- Console ---------------------------------------------------------- */

static void rx_poll(struct rtl *m)
{
    if (m->rx_byte < 0)
        m->rx_byte = m->getc_fn(m->console_ctx);
    m->inputs_moved = true;
    m->top->con_rx_valid_i = m->rx_byte >= 0;
    m->top->con_rx_byte_i = m->rx_byte >= 0 ? (uint8_t)m->rx_byte : 0;
}

/* ---- The clock -------------------------------------------------------- */

/* Each port holds its field's width (VM74_RETIRE_FIELDS, VM74_PSW_FIELDS). */
#define PORT_FITS(port, width)                                          \
    static_assert(sizeof(Vvm74_soc::rvfi_##port) * 8 >= (width),        \
                  "rvfi_" #port " is narrower than its field");
#define RECORD_PORT_FITS(name, type, width, port, meaning) PORT_FITS(port, width)
#define NEXT_PORT_FITS(name, width, meaning) PORT_FITS(next_##name, width)
VM74_RETIRE_FIELDS(RECORD_PORT_FITS)
VM74_PSW_FIELDS(NEXT_PORT_FITS)

static void copy_record(struct rtl *m)
{
    const Vvm74_soc *t = m->top;
    struct vm74_retire *r = &m->rec;
    memset(r, 0, sizeof *r);
#define COPY_FIELD(name, type, width, port, meaning) r->name = t->rvfi_##port;
#define COPY_NEXT(name, width, meaning) r->next.name = t->rvfi_next_##name;
    VM74_RETIRE_FIELDS(COPY_FIELD)
    VM74_PSW_FIELDS(COPY_NEXT)
#undef COPY_NEXT
#undef COPY_FIELD
}

/* A step came out of the model (rvfi_valid): count it, and hand its record
 * to whoever reads it. */
static void step_done(struct rtl *m)
{
    const Vvm74_soc *t = m->top;
    m->rec_new = true;
    m->steps++;
    if (t->rvfi_trap)
        m->traps[t->rvfi_cause < VM74_NUM_CAUSES ? t->rvfi_cause : 0]++;
    else
        m->instret[t->rvfi_mode ? VM74_MODE_SUPERVISOR : VM74_MODE_USER]++;
    if (m->stepping || m->vm.retire_hook != NULL) {
        copy_record(m);
        vm74_report_step(&m->vm, &m->rec);
    }
}

/* The falling edge without an eval().  An eval() at clk_i = 0 starts no
 * process (the design has only posedge clk_i ones) but still recomputes the
 * whole combinational core, which the eval() at the rising edge recomputes
 * again from the same inputs first: a third of the model's time for nothing.
 * Verilator 5.006 sees a rising edge by comparing clk_i with the value
 * the last eval() saw, __Vtrigrprev__TOP__clk_i; setting that to 0 is all the
 * falling edge's eval() does that matters.  A Verilator that names it
 * otherwise picks the second overload, and tick() evaluates both edges. */
template <typename Root>
static auto clk_fall_quietly(Root *root, int)
    -> decltype(root->__Vtrigrprev__TOP__clk_i = 0, true)
{
    root->__Vtrigrprev__TOP__clk_i = 0;
    return true;
}

template <typename Root> static bool clk_fall_quietly(Root *, long)
{
    return false;
}

/* The rising edge without the input region.  Every eval() of Verilator
 * 5.006 starts with the "input combinational" region, _ico_sequent: nearly
 * the whole combinational core recomputed from the inputs whether one
 * changed or not, a third of a cycle's work.  The NBA region after it (the
 * flops, then the logic that follows them) leaves every signal as eval()
 * would whenever nothing but the clock changed since the last eval(): then
 * the input region only recomputes the values it already holds.  So a free
 * run, whose inputs stay put from one cycle to the next, clocks the NBA
 * region alone.  A Verilator that names these otherwise (the declaration is
 * weak: the function is absent then) picks the second overload, and the
 * rising edge is a whole eval() again. */
void Vvm74_soc___024root___eval_nba(Vvm74_soc___024root *) __attribute__((weak));

template <typename Root>
static auto clk_rise_nba_only(Root *root, int)
    -> decltype(root->__VnbaTriggered.at(0) = true,
                root->__Vtrigrprev__TOP__clk_i = 1, true)
{
    if (Vvm74_soc___024root___eval_nba == nullptr)
        return false;
    root->clk_i = 1;
    root->__Vtrigrprev__TOP__clk_i = 1;
    root->__VnbaTriggered.at(0) = true;
    Vvm74_soc___024root___eval_nba(root);
    return true;
}

template <typename Root> static bool clk_rise_nba_only(Root *, long)
{
    return false;
}

/* While the core sleeps in WFI for an armed CMP, nothing happens but TIME
 * counting up to CMP (console input cannot wake it; a byte waits in the
 * UART).  So instead of clocking there, however far CMP is, move TIME to
 * the cycle before CMP, with the timer's derived registers as they would
 * be (vn_q = ~(TIME + 1), vc_q = TIME[31:1] all ones): the WFI completes
 * at TIME = CMP in the same state as after the whole wait, as on the ISS
 * (docs/isa.md §4.3).  With CMP disarmed the wait is a deadlock instead
 * (wfi_deadlock_o). */
static void skip_wfi_wait(struct rtl *m)
{
    const uint64_t cmp = TIMER(m, cmp_q), time = TIME(m);
    if (cmp == UINT64_MAX || time + 1 >= cmp)
        return;
    const uint64_t t = cmp - 1;
    m->inputs_moved = true;
    TIME(m) = t;
    TIMER(m, vn_q) = ~(t + 1);
    TIMER(m, vc_q) = ((t >> 1) & 0x7fffffffu) == 0x7fffffffu;
}

/* Both edges of one clock cycle through eval().  A trace wants both edges
 * dumped, so tracing always evaluates the falling one. */
static void clock_eval(struct rtl *m)
{
    Vvm74_soc *t = m->top;
    t->clk_i = 0;
    if (m->fst || !clk_fall_quietly(ROOT(m), 0))
        t->eval();
    if (m->fst)
        m->fst->dump(m->ctx->time());
    m->ctx->timeInc(1);
    t->clk_i = 1;
    t->eval();
    if (m->fst)
        m->fst->dump(m->ctx->time());
    m->ctx->timeInc(1);
}

/* One clock cycle; then whatever the outputs report for it.  held: the
 * caller changed no input since the last cycle (a free run, a step once
 * dbg_step_i fell), so unless the harness itself did (console input, the
 * WFI skip) or a trace wants every edge, the cycle may be the NBA region
 * alone. */
static void tick(struct rtl *m, bool held = false)
{
    Vvm74_soc *t = m->top;
    if (!held || m->inputs_moved || m->fst ||
        !clk_rise_nba_only(ROOT(m), 0)) {
        clock_eval(m);
        m->inputs_moved = false;
    } else {
        m->ctx->timeInc(2);
    }

    if (t->con_tx_valid_o)
        m->putc_fn(m->console_ctx, t->con_tx_byte_o);
    if (t->con_rx_pop_o) {
        m->rx_byte = -1;
        rx_poll(m);
    }
    if (t->rvfi_valid)
        step_done(m);
    if (t->exit_valid_o)
        m->status = VM74_EXITED;
    if (t->wfi_sleeping_o)
        skip_wfi_wait(m);
}

/* Clock a halted core until nothing is in flight. */
static void drain(struct rtl *m)
{
    m->top->dbg_halt_i = 1;
    while (!m->top->dbg_idle_o)
        tick(m);
}

/* ---- Reset and state -------------------------------------------------- */

static void reset_machine(struct rtl *m)
{
    Vvm74_soc *t = m->top;
    t->boot_pc_i = VM74_RESET_P;
    t->ram_size_i = m->ram_size;
    t->dbg_halt_i = 1;
    t->dbg_step_i = 0;
    t->dbg_restart_i = 0;
    t->uart_rx_i = 1;
    t->ld_we_i = 0; /* the load port is the board's boot loader's */
    t->rst_ni = 0;
    m->rx_byte = -1;
    t->con_rx_valid_i = 0;
    t->con_rx_byte_i = 0;
    tick(m);
    tick(m);
    t->rst_ni = 1;
    t->eval();
    for (uint32_t i = 0; i < m->ram_size / 4; i++)
        RAM(m)[i] = 0;
    for (int i = 0; i < 32; i++)
        REGS(m)[i] = 0;
    m->status = VM74_RUNNING;
    m->steps = 0;
    memset(m->instret, 0, sizeof m->instret);
    memset(m->traps, 0, sizeof m->traps);
    m->rec_new = false;
    m->rx_poll_at = 0;
}

static void rtl_reset(vm74 *vm)
{
    struct rtl *m = rtl_of(vm);
    reset_machine(m);
    rx_poll(m);
}

static void rtl_get_state(vm74 *vm, struct vm74_state *s)
{
    struct rtl *m = rtl_of(vm);
    s->x[0] = 0;
    for (int i = 1; i < 32; i++)
        s->x[i] = REGS(m)[i];
    s->psw.mode = PSW(m, mode) ? VM74_MODE_SUPERVISOR : VM74_MODE_USER;
    s->psw.ie = PSW(m, ie);
    s->psw.pc = PSW(m, pc);
    s->psw.base = PSW(m, base);
    s->psw.bound = PSW(m, bound);
}

/* Any value is accepted, as by LPSW: mode and ie are taken as booleans,
 * and bits 1:0 of l are cleared. */
static void rtl_set_state(vm74 *vm, const struct vm74_state *s)
{
    struct rtl *m = rtl_of(vm);
    for (int i = 1; i < 32; i++)
        REGS(m)[i] = s->x[i];
    PSW(m, mode) = s->psw.mode != 0;
    PSW(m, ie) = s->psw.ie != 0;
    PSW(m, pc) = s->psw.pc;
    PSW(m, base) = s->psw.base; /* word-aligned: vm74_set_state checked it */
    PSW(m, bound) = s->psw.bound;
    m->top->dbg_restart_i = 1;
    tick(m);
    m->top->dbg_restart_i = 0;
}

static int rtl_read_phys(vm74 *vm, uint32_t paddr, void *buf, size_t len)
{
    struct rtl *m = rtl_of(vm);
    uint8_t *out = static_cast<uint8_t *>(buf);
    for (size_t i = 0; i < len; i++) {
        uint32_t p = paddr + (uint32_t)i;
        out[i] = (uint8_t)(RAM(m)[p >> 2] >> (8 * (p & 3)));
    }
    return 0;
}

static int rtl_write_phys(vm74 *vm, uint32_t paddr, const void *buf,
                          size_t len)
{
    struct rtl *m = rtl_of(vm);
    const uint8_t *in = static_cast<const uint8_t *>(buf);
    for (size_t i = 0; i < len; i++) {
        uint32_t p = paddr + (uint32_t)i;
        uint32_t sh = 8 * (p & 3);
        uint32_t w = RAM(m)[p >> 2];
        RAM(m)[p >> 2] = (w & ~(0xffu << sh)) | ((uint32_t)in[i] << sh);
    }
    return 0;
}

static void rtl_set_console(vm74 *vm, vm74_putc_fn putc_fn,
                            vm74_getc_fn getc_fn, void *ctx)
{
    struct rtl *m = rtl_of(vm);
    m->putc_fn = putc_fn ? putc_fn : vm74_console_discard_putc;
    m->getc_fn = getc_fn ? getc_fn : vm74_console_no_input;
    m->console_ctx = ctx;
}

/* ---- Execution -------------------------------------------------------- */

/* The record of a step that did nothing: P and the PSW as they are. */
static void idle_record(vm74 *vm, struct vm74_retire *rec)
{
    struct rtl *m = rtl_of(vm);
    struct vm74_state s;
    rtl_get_state(vm, &s);
    memset(rec, 0, sizeof *rec);
    rec->order = m->steps;
    rec->pc = s.psw.pc;
    rec->mode = (uint8_t)s.psw.mode;
    rec->next = s.psw;
}

static int rtl_step(vm74 *vm, struct vm74_retire *rec)
{
    struct rtl *m = rtl_of(vm);
    Vvm74_soc *t = m->top;
    if (m->status != VM74_RUNNING) {
        if (rec)
            idle_record(vm, rec);
        return m->status;
    }
    rx_poll(m);
    m->rec_new = false;
    m->stepping = true;
    t->dbg_halt_i = 1;
    t->dbg_step_i = 1;
    tick(m);
    /* The next cycle sees dbg_step_i fall (a whole eval()); from then on
     * the inputs hold until the step is out. */
    t->dbg_step_i = 0;
    m->inputs_moved = true;
    for (;;) {
        if (t->wfi_deadlock_o) {
            drain(m);
            m->stepping = false;
            if (rec)
                idle_record(vm, rec);
            return VM74_DEADLOCK;
        }
        if (m->rec_new && t->dbg_idle_o)
            break;
        tick(m, true);
    }
    m->stepping = false;
    if (rec)
        *rec = m->rec;
    return m->status;
}

static int rtl_run(vm74 *vm, uint64_t max_steps)
{
    struct rtl *m = rtl_of(vm);
    Vvm74_soc *t = m->top;
    if (m->status != VM74_RUNNING)
        return m->status;
    const uint64_t limit = max_steps ? m->steps + max_steps : UINT64_MAX;
    /* With one step left, halt: at most the step in flight completes. */
    if (limit - m->steps > 1) {
        t->dbg_halt_i = 0;
        uint64_t cycle = 0;
        tick(m); /* dbg_halt_i changed: a whole eval() */
        for (;;) {
            if (m->status != VM74_RUNNING || t->wfi_deadlock_o ||
                limit - m->steps <= 1)
                break;
            if (m->rx_byte < 0 && ++cycle >= RX_POLL_CYCLES) {
                cycle = 0;
                rx_poll(m);
            }
            tick(m, true);
        }
        bool deadlock = t->wfi_deadlock_o && m->status == VM74_RUNNING;
        drain(m);
        if (m->status != VM74_RUNNING)
            return m->status;
        if (deadlock)
            return VM74_DEADLOCK;
    }
    while (m->steps < limit) {
        int status = rtl_step(vm, NULL);
        if (status != VM74_RUNNING)
            return status;
    }
    return VM74_LIMIT;
}

static uint32_t rtl_exit_code(const vm74 *vm)
{
    const struct rtl *m = reinterpret_cast<const struct rtl *>(vm);
    return m->top->exit_code_o;
}

static void rtl_get_stats(vm74 *vm, struct vm74_stats *st)
{
    struct rtl *m = rtl_of(vm);
    st->steps = m->steps;
    st->cycles = TIME(m);
    memcpy(st->instret, m->instret, sizeof st->instret);
    memcpy(st->traps, m->traps, sizeof st->traps);
}

/* ---- Create and destroy ----------------------------------------------- */

/*
 * The FST writer reports no write error, and fstReaderOpen loops for ever
 * on a cut-short file.  An FST file is a chain of blocks, each a type
 * byte and a 64-bit big-endian length that counts itself, the header
 * block first: the trace is whole if that chain ends exactly at the end
 * of the file, with no block left marked as being written.
 */
static bool fst_whole(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return false;
    bool whole = false;
    for (uint64_t pos = 0, blocks = 0;; blocks++) {
        unsigned char h[9];
        if (fseeko(f, (off_t)pos, SEEK_SET) != 0)
            break;
        size_t got = fread(h, 1, sizeof h, f);
        if (got == 0) {
            whole = blocks > 0 && !ferror(f);
            break;
        }
        uint64_t len = 0;
        for (int i = 1; i < 9; i++)
            len = len << 8 | h[i];
        if (got < sizeof h || len < 8 || h[0] == FST_BL_SKIP ||
            (blocks == 0 && h[0] != FST_BL_HDR))
            break;
        pos += 1 + len;
    }
    fclose(f);
    return whole;
}

/* Flush and close the FST writer, if there is one. */
static void trace_close(struct rtl *m)
{
    if (m->fst != NULL) {
        m->fst->close();
        delete m->fst;
        m->fst = NULL;
    }
}

static int rtl_close_trace(vm74 *vm, char *err, size_t errlen)
{
    struct rtl *m = rtl_of(vm);
    if (m->fst == NULL)
        return 0;
    trace_close(m);
    bool whole = fst_whole(m->trace_path);
    if (!whole)
        snprintf(err, errlen, "%s: the trace file was not written whole "
                 "(a full disk?)", m->trace_path);
    free(m->trace_path);
    m->trace_path = NULL;
    return whole ? 0 : -1;
}

static void rtl_destroy(vm74 *vm)
{
    struct rtl *m = rtl_of(vm);
    /* Verilator 5.006 unregisters the model's scopes (public signals) from
     * the thread's current context, not the model's own: make it this
     * model's, or destroying one of several machines hangs. */
    Verilated::threadContextp(m->ctx);
    m->top->final();
    trace_close(m);
    free(m->trace_path);
    delete m->top;
    delete m->ctx;
    delete m;
}

/* A device (/dev/full, /dev/null) would take the FST writer's bytes, or
 * lose them, without a word, and cannot be read back: a trace is a file. */
static bool trace_open(struct rtl *m, const char *path, char *err,
                       size_t errlen)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "cannot write trace file %s: not a regular file",
                 path);
        return false;
    }
    m->fst = new VerilatedFstC;
    m->top->trace(m->fst, 99);
    m->fst->open(path);
    if (!m->fst->isOpen()) {
        snprintf(err, errlen, "cannot open trace file %s", path);
        return false;
    }
    m->trace_path = strdup(path);
    return m->trace_path != NULL;
}

static vm74 *rtl_create(const struct vm74_config *cfg, char *err,
                        size_t errlen)
{
    if (cfg->ram_size > VM74_RTL_RAM_BYTES) {
        snprintf(err, errlen,
                 "RAM size %u bytes is more than the rtl model was built with "
                 "(%u bytes; rebuild with VM74_RTL_RAM_BYTES)",
                 cfg->ram_size, (unsigned)VM74_RTL_RAM_BYTES);
        return NULL;
    }
    struct rtl *m = new struct rtl();
    m->vm.ops = &vm74_rtl_ops;
    m->vm.ram_size = cfg->ram_size;
    m->ram_size = cfg->ram_size;
    m->ctx = new VerilatedContext;
    m->ctx->traceEverOn(cfg->trace_path != NULL);
    m->top = new Vvm74_soc{m->ctx, "vm74_soc"};
    if (cfg->trace_path && !trace_open(m, cfg->trace_path, err, errlen)) {
        rtl_destroy(&m->vm);
        return NULL;
    }
    rtl_set_console(&m->vm, vm74_console_stdout_putc, vm74_console_no_input,
                    NULL);
    /* The first eval() initialises the model, edge detection included (it
     * takes clk_i as already seen): let it see the clock low, so that the
     * first tick() is a rising edge even without the falling one's eval(). */
    m->top->clk_i = 0;
    m->top->eval();
    reset_machine(m);
    rx_poll(m);
    return &m->vm;
}

extern "C" const struct vm74_ops vm74_rtl_ops = {
    "rtl",
    rtl_create,
    rtl_destroy,
    rtl_reset,
    rtl_get_state,
    rtl_set_state,
    rtl_read_phys,
    rtl_write_phys,
    rtl_set_console,
    rtl_step,
    rtl_run,
    rtl_exit_code,
    rtl_get_stats,
    rtl_close_trace,
};
