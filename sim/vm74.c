/*
 * vm74.c - the public C API: checks the configuration, picks a backend and
 * forwards every call through the machine's operations table.
 */
#include <stdbool.h>
#include <stdio.h>

#include "backend.h"

/* Defined only when the Verilator backend (sim/rtl_backend.cpp) is linked. */
extern const struct vm74_ops vm74_rtl_ops __attribute__((weak));

static const char *const cause_names[VM74_NUM_CAUSES] = VM74_CAUSE_NAMES;

const char *vm74_cause_name(uint32_t cause)
{
    if (cause >= VM74_NUM_CAUSES || cause_names[cause] == NULL)
        return "?"; /* out of range, or reserved (10-15) */
    return cause_names[cause];
}

const char *vm74_status_name(int status)
{
    switch (status) {
    case VM74_RUNNING: return "running";
    case VM74_EXITED: return "exited";
    case VM74_LIMIT: return "limit";
    case VM74_DEADLOCK: return "deadlock";
    default: return "?";
    }
}

void vm74_console_stdout_putc(void *ctx, uint8_t byte)
{
    (void)ctx;
    putchar(byte);
}

void vm74_console_discard_putc(void *ctx, uint8_t byte)
{
    (void)ctx;
    (void)byte;
}

int vm74_console_no_input(void *ctx)
{
    (void)ctx;
    return -1;
}

/* docs/isa.md §6: a multiple of 4 KiB, from 4 KiB to 256 MiB. */
int vm74_check_ram_size(uint32_t size, char *err, size_t errlen)
{
    if (size < VM74_RAM_SIZE_MIN || size > VM74_RAM_SIZE_MAX) {
        snprintf(err, errlen,
                 "RAM size %u bytes is out of range (4 KiB to 256 MiB)", size);
        return 0;
    }
    if (size % VM74_RAM_SIZE_ALIGN != 0) {
        snprintf(err, errlen, "RAM size %u bytes is not a multiple of 4 KiB",
                 size);
        return 0;
    }
    return 1;
}

static const struct vm74_ops *backend_ops(enum vm74_backend b, char *err,
                                          size_t errlen)
{
    switch (b) {
    case VM74_BACKEND_ISS:
        return &vm74_iss_ops;
    case VM74_BACKEND_RTL:
        if (&vm74_rtl_ops == NULL) {
            snprintf(err, errlen,
                     "rtl backend not built into this program "
                     "(link $(RTL_OBJS) of rtl/rtl.mk)");
            return NULL;
        }
        return &vm74_rtl_ops;
    }
    snprintf(err, errlen, "unknown backend %d", (int)b);
    return NULL;
}

vm74 *vm74_create(const struct vm74_config *cfg, char *err, size_t errlen)
{
    struct vm74_config c = { VM74_BACKEND_ISS, 0, NULL };
    if (cfg != NULL)
        c = *cfg;
    if (c.ram_size == 0)
        c.ram_size = VM74_RAM_SIZE_DEFAULT;
    if (!vm74_check_ram_size(c.ram_size, err, errlen))
        return NULL;
    const struct vm74_ops *ops = backend_ops(c.backend, err, errlen);
    if (ops == NULL)
        return NULL;
    vm74 *m = ops->create(&c, err, errlen);
    if (m != NULL) {
        m->retire_hook = NULL;
        m->retire_ctx = NULL;
    }
    return m;
}

void vm74_destroy(vm74 *m)
{
    if (m != NULL)
        m->ops->destroy(m);
}

const char *vm74_backend_name(const vm74 *m) { return m->ops->name; }
uint32_t vm74_ram_size(const vm74 *m) { return m->ram_size; }
void vm74_reset(vm74 *m) { m->ops->reset(m); }

int vm74_close_trace(vm74 *m, char *err, size_t errlen)
{
    return m->ops->close_trace ? m->ops->close_trace(m, err, errlen) : 0;
}

void vm74_get_state(vm74 *m, struct vm74_state *s) { m->ops->get_state(m, s); }

/* The architectural invariants hold here, for every backend: x0 is 0 and
 * l is word-aligned (docs/isa.md §1), as after an LPSW. */
void vm74_set_state(vm74 *m, const struct vm74_state *s)
{
    struct vm74_state st = *s;
    st.x[0] = 0;
    st.psw.base &= VM74_BASE_MASK;
    m->ops->set_state(m, &st);
}

/* Backends are handed only ranges that lie wholly in RAM. */
size_t vm74_logical_span(vm74 *m, uint32_t addr, size_t len, uint32_t *paddr)
{
    struct vm74_state s;
    vm74_get_state(m, &s);
    *paddr = s.psw.base + addr;
    uint64_t n = vm74_r_reach(s.psw.base, s.psw.bound, addr);
    uint64_t in_ram = *paddr < m->ram_size ? m->ram_size - *paddr : 0;
    n = n < in_ram ? n : in_ram;
    return n < len ? (size_t)n : len;
}

static bool ram_range_ok(const vm74 *m, uint32_t paddr, size_t len)
{
    return paddr <= m->ram_size && len <= m->ram_size - paddr;
}

int vm74_read_phys(vm74 *m, uint32_t paddr, void *buf, size_t len)
{
    if (!ram_range_ok(m, paddr, len))
        return -1;
    return m->ops->read_phys(m, paddr, buf, len);
}

int vm74_write_phys(vm74 *m, uint32_t paddr, const void *buf, size_t len)
{
    if (!ram_range_ok(m, paddr, len))
        return -1;
    return m->ops->write_phys(m, paddr, buf, len);
}

void vm74_set_console(vm74 *m, vm74_putc_fn putc_fn, vm74_getc_fn getc_fn,
                      void *ctx)
{
    m->ops->set_console(m, putc_fn, getc_fn, ctx);
}

int vm74_step(vm74 *m, struct vm74_retire *rec) { return m->ops->step(m, rec); }

int vm74_run(vm74 *m, uint64_t max_steps)
{
    return m->ops->run(m, max_steps);
}

void vm74_set_retire_hook(vm74 *m, vm74_retire_fn fn, void *ctx)
{
    m->retire_hook = fn;
    m->retire_ctx = ctx;
}

uint32_t vm74_exit_code(const vm74 *m) { return m->ops->exit_code(m); }

void vm74_get_stats(vm74 *m, struct vm74_stats *st)
{
    m->ops->get_stats(m, st);
}
