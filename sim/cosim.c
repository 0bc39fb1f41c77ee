/*
 * cosim.c - lockstep co-simulation: a DUT against the reference ISS,
 * compared on every retirement record (see cosim.h).
 */
#include "cosim.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irq_oracle.h"
#include "iss_cosim.h"

struct cosim {
    vm74 *dut;
    vm74 *ref; /* always an ISS in co-simulation mode */
    uint64_t compared;
    struct vm74_retire dut_rec, ref_rec;
    struct irq_oracle oracle; /* the interrupt rule, judged on its own */
    char note[160]; /* why the ISS could not follow the DUT, or "" */
    char report[4096];
};

/* ---- Comparing records ------------------------------------------------ */

/* Every field of struct vm74_retire, in declaration order. */
#define FIELD(name) { #name, offsetof(struct vm74_retire, name), \
                      sizeof(((struct vm74_retire *)0)->name) },
#define RECORD_FIELD(name, type, width, port, meaning) FIELD(name)
#define NEXT_FIELD(name, width, meaning) FIELD(next.name)
static const struct record_field {
    const char *name;
    size_t offset;
    size_t size;
} record_fields[] = {
    VM74_RETIRE_FIELDS(RECORD_FIELD)
    VM74_PSW_FIELDS(NEXT_FIELD)
};
#undef NEXT_FIELD
#undef RECORD_FIELD
#undef FIELD

static uint64_t field_value(const struct vm74_retire *r,
                            const struct record_field *f)
{
    const unsigned char *p = (const unsigned char *)r + f->offset;
    switch (f->size) {
    case 1: return *p;
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

/* Append to a NUL-terminated buffer, truncating silently. */
static void append(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t len, const char *fmt, ...)
{
    size_t used = strlen(buf);
    if (used + 1 >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, len - used, fmt, ap);
    va_end(ap);
}

static void append_difference(char *buf, size_t len, const char *name,
                              uint64_t exp, uint64_t act)
{
    append(buf, len, "  %s: expected (iss) 0x%08" PRIx64
           " actual (dut) 0x%08" PRIx64 "\n", name, exp, act);
}

int cosim_compare_records(const struct vm74_retire *exp,
                          const struct vm74_retire *act, char *report,
                          size_t len)
{
    int differing = 0;
    if (len > 0)
        report[0] = '\0';
    for (size_t i = 0; i < sizeof record_fields / sizeof record_fields[0];
         i++) {
        const struct record_field *f = &record_fields[i];
        uint64_t e = field_value(exp, f), a = field_value(act, f);
        if (e != a) {
            append_difference(report, len, f->name, e, a);
            differing++;
        }
    }
    return differing;
}

/* ---- Machines ---------------------------------------------------------- */

struct cosim *cosim_create(const struct vm74_config *dut_cfg, char *err,
                           size_t errlen)
{
    struct cosim *c = calloc(1, sizeof *c);
    if (c == NULL) {
        snprintf(err, errlen, "cosim: out of memory");
        return NULL;
    }
    c->dut = vm74_create(dut_cfg, err, errlen);
    struct vm74_config ref_cfg = {
        .backend = VM74_BACKEND_ISS,
        .ram_size = dut_cfg ? dut_cfg->ram_size : 0,
        .trace_path = NULL,
    };
    if (c->dut != NULL)
        c->ref = vm74_create(&ref_cfg, err, errlen);
    if (c->ref == NULL) {
        cosim_destroy(c);
        return NULL;
    }
    iss_cosim_enable(c->ref);
    irq_oracle_reset(&c->oracle);
    vm74_set_console(c->ref, NULL, NULL, NULL); /* discard, no input */
    return c;
}

void cosim_destroy(struct cosim *c)
{
    if (c == NULL)
        return;
    vm74_destroy(c->dut);
    vm74_destroy(c->ref);
    free(c);
}

int cosim_load_elf(struct cosim *c, const char *path, char *err,
                   size_t errlen)
{
    int rc = vm74_load_elf(c->dut, path, err, errlen);
    if (rc == VM74_LOAD_OK)
        rc = vm74_load_elf(c->ref, path, err, errlen);
    return rc;
}

void cosim_set_console(struct cosim *c, vm74_putc_fn putc_fn,
                       vm74_getc_fn getc_fn, void *ctx)
{
    vm74_set_console(c->dut, putc_fn, getc_fn, ctx);
}

vm74 *cosim_dut(struct cosim *c) { return c->dut; }
vm74 *cosim_ref(struct cosim *c) { return c->ref; }
uint64_t cosim_steps_compared(const struct cosim *c) { return c->compared; }
const char *cosim_report(const struct cosim *c) { return c->report; }

const struct vm74_retire *cosim_dut_record(const struct cosim *c)
{
    return &c->dut_rec;
}

const struct vm74_retire *cosim_ref_record(const struct cosim *c)
{
    return &c->ref_rec;
}

/* ---- One step --------------------------------------------------------- */

/* Device registers whose value depends on the DUT's timing (TIME, CYCLE)
 * or on its console input (the ISS has none): the ISS loads the DUT's. */
static bool is_timing_register(uint32_t paddr)
{
    switch (paddr) {
    case VM74_TIMER_TIME_LO: case VM74_TIMER_TIME_HI:
    case VM74_PERF_CYCLE_LO: case VM74_PERF_CYCLE_HI:
    case VM74_UART_RXDATA: case VM74_UART_STATUS:
        return true;
    default:
        return false;
    }
}

/* Before the ISS's step: make it take the DUT's interrupt, and see the
 * DUT's value for a timing-dependent load. */
static void follow_dut_timing(struct cosim *c, const struct vm74_retire *d)
{
    c->note[0] = '\0';
    if (d->interrupt && !iss_cosim_force_interrupt(c->ref))
        snprintf(c->note, sizeof c->note,
                 "the DUT took an interrupt where the ISS cannot "
                 "(IE = 0 or the timer disarmed)");
    bool device_load = d->mem_size == 4 && !d->mem_write && !d->trap;
    if (device_load && is_timing_register(d->mem_paddr))
        iss_cosim_override_next_load(c->ref, d->mem_paddr, d->mem_data);
}

static void write_report(struct cosim *c, const char *differences,
                         int ref_status, int dut_status)
{
    const struct vm74_retire *d = &c->dut_rec;
    snprintf(c->report, sizeof c->report,
             "cosim: mismatch at step %" PRIu64 ": pc 0x%08x insn 0x%08x "
             "(dut)\n", d->order, d->pc, d->insn);
    append(c->report, sizeof c->report, "%s", differences);
    if (ref_status != dut_status)
        append(c->report, sizeof c->report,
               "  status: expected (iss) %s actual (dut) %s\n",
               vm74_status_name(ref_status), vm74_status_name(dut_status));
    if (ref_status == VM74_EXITED && dut_status == VM74_EXITED &&
        vm74_exit_code(c->ref) != vm74_exit_code(c->dut))
        append_difference(c->report, sizeof c->report, "exit_code",
                          vm74_exit_code(c->ref), vm74_exit_code(c->dut));
    if (c->note[0] != '\0')
        append(c->report, sizeof c->report, "  note: %s\n", c->note);
}

/* The DUT's step against the interrupt oracle, with IE as the reference
 * had it when the step began.  A deadlock is no step. */
static bool obeys_interrupt_rule(struct cosim *c, bool ie, int dut_status,
                                 char *why, size_t len)
{
    if (dut_status == VM74_DEADLOCK)
        return true;
    return irq_oracle_step(&c->oracle, ie, &c->dut_rec, why, len);
}

static bool ref_ie(struct cosim *c)
{
    struct vm74_state s;
    vm74_get_state(c->ref, &s);
    return s.psw.ie != 0;
}

int cosim_step(struct cosim *c)
{
    bool ie = ref_ie(c);
    int dut_status = vm74_step(c->dut, &c->dut_rec);
    follow_dut_timing(c, &c->dut_rec);
    int ref_status = vm74_step(c->ref, &c->ref_rec);
    iss_cosim_clear(c->ref);
    c->compared++;

    char differences[2048], why[256];
    int n = cosim_compare_records(&c->ref_rec, &c->dut_rec, differences,
                                  sizeof differences);
    if (!obeys_interrupt_rule(c, ie, dut_status, why, sizeof why)) {
        append(differences, sizeof differences, "  interrupt rule: %s\n",
               why);
        n++;
    }
    bool same_end = ref_status == dut_status &&
                    (dut_status != VM74_EXITED ||
                     vm74_exit_code(c->ref) == vm74_exit_code(c->dut));
    if (n == 0 && same_end)
        return dut_status;
    write_report(c, differences, ref_status, dut_status);
    return COSIM_MISMATCH;
}

int cosim_run(struct cosim *c, uint64_t max_steps)
{
    for (uint64_t n = 0; max_steps == 0 || n < max_steps; n++) {
        int status = cosim_step(c);
        if (status != VM74_RUNNING)
            return status;
    }
    return VM74_LIMIT;
}
