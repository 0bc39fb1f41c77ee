/*
 * iss_mem.c - relocation and bounds (docs/isa.md §2) and device registers
 * (§6): the ISS's slow paths.
 *
 * iss.c handles the common access inline; whatever it cannot decide with
 * its one comparison against `lim` lands here and is checked in the
 * specification's order, so the cause of a failed access is always right.
 */
#include <string.h>

#include "iss.h"

/* Recompute the fast-path window for the current R.  Logical a is in the
 * window iff a + n <= lim, which implies a + n <= b, l + a + n <= RAM size
 * (so no wrap-around either, RAM being far below 2^32). */
void iss_update_r(struct iss *m)
{
    if (m->base >= m->ram_size) {
        m->host = m->ram;
        m->lim = 0;
        return;
    }
    uint32_t in_ram = m->ram_size - m->base;
    m->host = m->ram + m->base;
    m->lim = m->bound < in_ram ? m->bound : in_ram;
}

/* Under co-simulation the DUT decides when interrupts happen (the ISS is
 * told through iss_cosim_force_interrupt), so irq_at stays at ISS_NEVER. */
void iss_update_irq(struct iss *m)
{
    m->irq_at = (m->ie && !m->cosim) ? m->cmp : ISS_NEVER;
}

static uint32_t misaligned_cause(enum iss_access kind)
{
    switch (kind) {
    case ISS_FETCH: return VM74_CAUSE_FETCH_MISALIGNED;
    case ISS_STORE: return VM74_CAUSE_STORE_MISALIGNED;
    default: return VM74_CAUSE_LOAD_MISALIGNED;
    }
}

static uint32_t fault_cause(enum iss_access kind)
{
    switch (kind) {
    case ISS_FETCH: return VM74_CAUSE_FETCH_FAULT;
    case ISS_STORE: return VM74_CAUSE_STORE_FAULT;
    default: return VM74_CAUSE_LOAD_FAULT;
    }
}

/* The registers of §6's table; every other MMIO address is unmapped. */
static bool is_device_register(uint32_t p)
{
    switch (p) {
    VM74_DEVICE_REGISTERS(VM74_DEVICE_REGISTER_CASE)
        return true;
    default:
        return false;
    }
}

/*
 * docs/isa.md §2, checks 1-4, for n bytes at logical a.  Returns -1 and the
 * physical address (and whether it is a device register) if the access is
 * legal, else the trap cause.
 */
int iss_translate(const struct iss *m, uint32_t a, uint32_t n,
                  enum iss_access kind, uint32_t *paddr, bool *device)
{
    uint32_t align = n < 4 ? n : 4;
    if (a % align != 0)
        return (int)misaligned_cause(kind);
    if (n > vm74_r_reach(m->base, m->bound, a))
        return (int)fault_cause(kind);
    uint64_t end = (uint64_t)m->base + a + n;
    uint32_t p = m->base + a;
    *paddr = p;
    *device = false;
    if (end <= m->ram_size)
        return -1;
    bool data_word = n == 4 && (kind == ISS_LOAD || kind == ISS_STORE);
    if (data_word && is_device_register(p)) {
        *device = true;
        return -1;
    }
    return (int)fault_cause(kind);
}

static uint32_t load_le(const uint8_t *p, uint32_t n)
{
    uint32_t v = 0;
    memcpy(&v, p, n); /* little-endian host: the low n bytes */
    return v;
}

int iss_fetch_slow(struct iss *m, uint32_t a, uint32_t *insn)
{
    uint32_t p;
    bool device;
    int cause = iss_translate(m, a, 4, ISS_FETCH, &p, &device);
    if (cause < 0)
        *insn = load_le(m->ram + p, 4);
    return cause;
}

/* ---- Devices ---------------------------------------------------------- */

/* A byte from the console, or -1.  A STATUS read that sees a byte keeps it
 * here so that the next RXDATA read returns it. */
static int uart_peek(struct iss *m)
{
    if (m->rx_byte < 0)
        m->rx_byte = m->getc_fn(m->console_ctx);
    return m->rx_byte;
}

static uint32_t uart_read_rxdata(struct iss *m)
{
    int c = uart_peek(m);
    if (c < 0)
        return VM74_UART_RX_EMPTY;
    m->rx_byte = -1;
    return (uint32_t)c & 0xff;
}

static uint32_t uart_read_status(struct iss *m)
{
    uint32_t s = VM74_UART_STATUS_TX_READY; /* the simulators send at once */
    if (uart_peek(m) >= 0)
        s |= VM74_UART_STATUS_RX_READY;
    return s;
}

static uint32_t lo32(uint64_t v) { return (uint32_t)v; }
static uint32_t hi32(uint64_t v) { return (uint32_t)(v >> 32); }

/* Counters read as their value at the start of the reading step. */
static uint32_t device_read(struct iss *m, uint32_t p)
{
    if (m->load_override_valid && p == m->load_override_paddr) {
        m->load_override_valid = false; /* the DUT's value, once */
        return m->load_override_value;
    }
    switch (p) {
    case VM74_UART_RXDATA: return uart_read_rxdata(m);
    case VM74_UART_STATUS: return uart_read_status(m);
    case VM74_TIMER_TIME_LO: return lo32(m->time);
    case VM74_TIMER_TIME_HI: return hi32(m->time);
    case VM74_TIMER_CMP_LO: return lo32(m->cmp);
    case VM74_TIMER_CMP_HI: return hi32(m->cmp);
    case VM74_PERF_CYCLE_LO: return lo32(m->time);
    case VM74_PERF_CYCLE_HI: return hi32(m->time);
    case VM74_PERF_INSTRET_S_LO:
        return lo32(m->instret[VM74_MODE_SUPERVISOR]);
    case VM74_PERF_INSTRET_S_HI:
        return hi32(m->instret[VM74_MODE_SUPERVISOR]);
    case VM74_PERF_INSTRET_U_LO: return lo32(m->instret[VM74_MODE_USER]);
    case VM74_PERF_INSTRET_U_HI: return hi32(m->instret[VM74_MODE_USER]);
    default: return 0; /* write-only registers read as 0 */
    }
}

static void timer_set_cmp(struct iss *m, uint64_t cmp)
{
    m->cmp = cmp;
    iss_update_irq(m);
}

static void device_write(struct iss *m, uint32_t p, uint32_t v)
{
    switch (p) {
    case VM74_UART_TXDATA:
        m->putc_fn(m->console_ctx, (uint8_t)v);
        break;
    case VM74_TIMER_CMP_LO:
        timer_set_cmp(m, (m->cmp & 0xffffffff00000000u) | v);
        break;
    case VM74_TIMER_CMP_HI:
        timer_set_cmp(m, (m->cmp & 0xffffffffu) | (uint64_t)v << 32);
        break;
    case VM74_SIMCTL_EXIT:
        m->exit_code = v;
        m->status = VM74_EXITED; /* takes effect when this store retires */
        break;
    default:
        break; /* read-only registers ignore stores */
    }
}

/* ---- Loads, stores, the LPSW operand ---------------------------------- */

int iss_load_slow(struct iss *m, uint32_t a, uint32_t n, uint32_t *val,
                  uint32_t *paddr)
{
    bool device;
    int cause = iss_translate(m, a, n, ISS_LOAD, paddr, &device);
    if (cause >= 0)
        return cause;
    *val = device ? device_read(m, *paddr) : load_le(m->ram + *paddr, n);
    return -1;
}

int iss_store_slow(struct iss *m, uint32_t a, uint32_t n, uint32_t val,
                   uint32_t *paddr)
{
    bool device;
    int cause = iss_translate(m, a, n, ISS_STORE, paddr, &device);
    if (cause >= 0)
        return cause;
    if (device)
        device_write(m, *paddr, val);
    else
        memcpy(m->ram + *paddr, &val, n);
    return -1;
}

int iss_lpsw_operand(struct iss *m, uint32_t a, uint32_t words[4],
                     uint32_t *paddr)
{
    bool device;
    int cause = iss_translate(m, a, VM74_PSW_SIZE, ISS_LPSW, paddr, &device);
    if (cause >= 0)
        return cause;
    for (int i = 0; i < 4; i++)
        words[i] = load_le(m->ram + *paddr + 4 * i, 4);
    return -1;
}
