/*
 * iss_machine.c - the reference simulator as a backend: create, reset,
 * state and RAM access, console, statistics, and its operations table.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iss.h"

/* docs/isa.md §1 reset state (RAM is cleared separately). */
static void reset_cpu(struct iss *m)
{
    memset(m->x, 0, sizeof m->x);
    m->pc = VM74_RESET_P;
    m->mode = VM74_MODE_SUPERVISOR;
    m->ie = 0;
    m->base = 0;
    m->bound = VM74_BOUND_ALL;
    m->time = 0;
    m->cmp = ISS_CMP_DISARMED;
    m->steps = 0;
    memset(m->instret, 0, sizeof m->instret);
    memset(m->traps, 0, sizeof m->traps);
    m->status = VM74_RUNNING;
    m->exit_code = 0;
    m->rx_byte = -1;
    m->load_override_valid = false; /* m->cosim is kept: a mode, not state */
    iss_update_r(m);
    iss_update_irq(m);
}

static void iss_reset(vm74 *vm)
{
    struct iss *m = iss_of(vm);
    memset(m->ram, 0, m->ram_size);
    reset_cpu(m);
}

static void iss_set_console(vm74 *vm, vm74_putc_fn putc_fn,
                            vm74_getc_fn getc_fn, void *ctx)
{
    struct iss *m = iss_of(vm);
    m->putc_fn = putc_fn ? putc_fn : vm74_console_discard_putc;
    m->getc_fn = getc_fn ? getc_fn : vm74_console_no_input;
    m->console_ctx = ctx;
}

static vm74 *iss_create(const struct vm74_config *cfg, char *err,
                        size_t errlen)
{
    if (cfg->trace_path != NULL) {
        snprintf(err, errlen, "the iss backend cannot write a waveform "
                 "trace (%s): tracing needs the rtl backend", cfg->trace_path);
        return NULL;
    }
    struct iss *m = calloc(1, sizeof *m);
    uint8_t *ram = calloc(1, cfg->ram_size);
    if (m == NULL || ram == NULL) {
        snprintf(err, errlen, "cannot allocate %u bytes of RAM: %s",
                 cfg->ram_size, strerror(errno));
        free(m);
        free(ram);
        return NULL;
    }
    m->vm.ops = &vm74_iss_ops;
    m->vm.ram_size = cfg->ram_size;
    m->ram = ram;
    m->ram_size = cfg->ram_size;
    iss_set_console(&m->vm, vm74_console_stdout_putc, vm74_console_no_input,
                    NULL);
    reset_cpu(m);
    return &m->vm;
}

static void iss_destroy(vm74 *vm)
{
    struct iss *m = iss_of(vm);
    free(m->ram);
    free(m);
}

static void iss_get_state(vm74 *vm, struct vm74_state *s)
{
    struct iss *m = iss_of(vm);
    memcpy(s->x, m->x, sizeof s->x);
    s->psw.mode = m->mode;
    s->psw.ie = m->ie;
    s->psw.pc = m->pc;
    s->psw.base = m->base;
    s->psw.bound = m->bound;
}

/* Any value is accepted, as by LPSW: mode and ie are taken as booleans. */
static void iss_set_state(vm74 *vm, const struct vm74_state *s)
{
    struct iss *m = iss_of(vm);
    memcpy(m->x, s->x, sizeof m->x); /* x[0] = 0: vm74_set_state */
    m->mode = s->psw.mode ? VM74_MODE_SUPERVISOR : VM74_MODE_USER;
    m->ie = s->psw.ie != 0;
    m->pc = s->psw.pc;
    m->base = s->psw.base; /* word-aligned: vm74_set_state checked it */
    m->bound = s->psw.bound;
    iss_update_r(m);
    iss_update_irq(m);
}

static int iss_read_phys(vm74 *vm, uint32_t paddr, void *buf, size_t len)
{
    struct iss *m = iss_of(vm);
    memcpy(buf, m->ram + paddr, len);
    return 0;
}

static int iss_write_phys(vm74 *vm, uint32_t paddr, const void *buf,
                          size_t len)
{
    struct iss *m = iss_of(vm);
    memcpy(m->ram + paddr, buf, len);
    return 0;
}

static uint32_t iss_exit_code(const vm74 *vm)
{
    return ((const struct iss *)vm)->exit_code;
}

static void iss_get_stats(vm74 *vm, struct vm74_stats *st)
{
    struct iss *m = iss_of(vm);
    st->steps = m->steps;
    st->cycles = m->time;
    memcpy(st->instret, m->instret, sizeof st->instret);
    memcpy(st->traps, m->traps, sizeof st->traps);
}

const struct vm74_ops vm74_iss_ops = {
    .name = "iss",
    .create = iss_create,
    .destroy = iss_destroy,
    .reset = iss_reset,
    .get_state = iss_get_state,
    .set_state = iss_set_state,
    .read_phys = iss_read_phys,
    .write_phys = iss_write_phys,
    .set_console = iss_set_console,
    .step = iss_step,
    .run = iss_run,
    .exit_code = iss_exit_code,
    .get_stats = iss_get_stats,
};
