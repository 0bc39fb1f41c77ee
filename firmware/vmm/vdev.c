/*
 * vdev.c - each guest's virtual devices, at the addresses of the real ones.
 *
 *   console  output goes, line by line, to the real UART tagged "[name] ",
 *            and into the guest's transcript length and hash; input comes
 *            from the bytes its set-up gives it (a script, so that runs
 *            are reproducible)
 *   timer    TIME is the guest's virtual time (account.c), CMP its own
 *   perf     CYCLE = virtual time; INSTRET_S/U = instructions the guest
 *            retired in virtual supervisor/user mode, native + emulated
 *   simctl   EXIT ends this guest only: vdev_store reports it to its
 *            caller, which ends the guest
 */
#include "vmm.h"

#define LO(v) ((uint32_t)(v))
#define HI(v) ((uint32_t)((v) >> 32))

/* ---- Console ------------------------------------------------------------- */

void vdev_console_flush(struct guest *g)
{
    if (g->line_len == 0)
        return;
    vm74_putc('[');
    for (const char *s = g->setup->name; *s; s++)
        vm74_putc(*s);
    vm74_putc(']');
    vm74_putc(' ');
    for (uint32_t i = 0; i < g->line_len; i++)
        vm74_putc(g->line[i]);
    if (g->line[g->line_len - 1] != '\n')
        vm74_putc('\n');
    g->line_len = 0;
}

static void console_put(struct guest *g, char c)
{
    struct vmm_guest_report *rep = g->rep;
    rep->transcript_hash = (rep->transcript_hash ^ (uint8_t)c) * VMM_FNV1A_PRIME;
    rep->transcript_len++;
    g->line[g->line_len++] = c;
    if (c == '\n' || g->line_len == VMM_LINE_SIZE)
        vdev_console_flush(g);
}

static uint32_t console_rxdata(struct guest *g)
{
    if (g->in_pos >= g->setup->input_len)
        return VM74_UART_RX_EMPTY;
    return g->setup->input[g->in_pos++];
}

static uint32_t console_status(const struct guest *g)
{
    uint32_t s = VM74_UART_STATUS_TX_READY;
    if (g->in_pos < g->setup->input_len)
        s |= VM74_UART_STATUS_RX_READY;
    return s;
}

/* ---- Loads and stores ---------------------------------------------------- */

static uint64_t instret(struct guest *g, uint32_t mode)
{
    account_fold(g); /* the totals, not last fold's */
    return g->rep->native[mode] + g->rep->emulated[mode];
}

/* false: no device register there (bare vm74 faults). */
bool vdev_load(struct guest *g, uint32_t gpa, uint32_t *value)
{
    switch (gpa) {
    case VM74_UART_TXDATA: *value = 0; break; /* write-only */
    case VM74_UART_RXDATA: *value = console_rxdata(g); break;
    case VM74_UART_STATUS: *value = console_status(g); break;
    case VM74_TIMER_TIME_LO: *value = LO(account_vtime(g)); break;
    case VM74_TIMER_TIME_HI: *value = HI(account_vtime(g)); break;
    case VM74_TIMER_CMP_LO: *value = LO(g->vcmp); break;
    case VM74_TIMER_CMP_HI: *value = HI(g->vcmp); break;
    case VM74_PERF_CYCLE_LO: *value = LO(account_vtime(g)); break;
    case VM74_PERF_CYCLE_HI: *value = HI(account_vtime(g)); break;
    case VM74_PERF_INSTRET_S_LO: *value = LO(instret(g, VM74_MODE_SUPERVISOR)); break;
    case VM74_PERF_INSTRET_S_HI: *value = HI(instret(g, VM74_MODE_SUPERVISOR)); break;
    case VM74_PERF_INSTRET_U_LO: *value = LO(instret(g, VM74_MODE_USER)); break;
    case VM74_PERF_INSTRET_U_HI: *value = HI(instret(g, VM74_MODE_USER)); break;
    case VM74_SIMCTL_EXIT: *value = 0; break; /* write-only */
    default: return false;
    }
    return true;
}

enum vdev_store vdev_store(struct guest *g, uint32_t gpa, uint32_t value)
{
    switch (gpa) {
    case VM74_UART_TXDATA: console_put(g, (char)(value & 0xff)); break;
    case VM74_TIMER_CMP_LO: g->vcmp = (g->vcmp & ~0xffffffffull) | value; break;
    case VM74_TIMER_CMP_HI: g->vcmp = (g->vcmp & 0xffffffffull) | (uint64_t)value << 32; break;
    case VM74_SIMCTL_EXIT: return VDEV_EXIT;
    VM74_DEVICE_REGISTERS(VM74_READ_ONLY_REGISTER_CASE)
        break; /* read-only: the store is ignored */
    default: return VDEV_NONE;
    }
    return VDEV_DONE;
}
