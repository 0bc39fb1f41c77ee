/*
 * gdb_run.c - run control of the gdb stub (gdb_run.h): breakpoints,
 * watchpoints, break-on-trap, stepping and free runs.
 *
 * Breakpoints never patch memory: before each step the stub compares the
 * logical P with them, so the program reads its own code unchanged.
 * Watchpoints and break-on-trap read each step's retirement record, which
 * every backend fills alike.  With neither set, a continue runs the
 * machine in chunks (vm74_run: the RTL's free-running pipeline) between
 * looks at the socket for gdb's interrupt.
 */
#include "gdb_run.h"

#include <string.h>

/* Steps between looks at the socket: stepping one at a time, and in the
 * chunks of a free run (a few milliseconds on either backend). */
#define POLL_EVERY_STEPS 4096
#define RUN_CHUNK_STEPS 100000

/* ---- Breakpoints and watchpoints -------------------------------------- */

bool gdb_point_add(struct gdb *g, enum gdb_point_type type, uint32_t addr,
                   uint32_t len)
{
    for (unsigned i = 0; i < g->npoints; i++)
        if (g->points[i].type == type && g->points[i].addr == addr &&
            g->points[i].len == len)
            return true;
    if (g->npoints == GDB_MAX_POINTS)
        return false;
    g->points[g->npoints++] = (struct gdb_point){ type, addr, len };
    return true;
}

void gdb_point_remove(struct gdb *g, enum gdb_point_type type, uint32_t addr,
                      uint32_t len)
{
    for (unsigned i = 0; i < g->npoints; i++)
        if (g->points[i].type == type && g->points[i].addr == addr &&
            g->points[i].len == len) {
            g->points[i] = g->points[--g->npoints];
            return;
        }
}

bool gdb_is_break(enum gdb_point_type t)
{
    return t == GDB_SW_BREAK || t == GDB_HW_BREAK;
}

static bool break_at(const struct gdb *g, uint32_t pc)
{
    for (unsigned i = 0; i < g->npoints; i++)
        if (gdb_is_break(g->points[i].type) && g->points[i].addr == pc)
            return true;
    return false;
}

static bool watch_kind_matches(enum gdb_point_type t, bool write)
{
    return t == GDB_WATCH_ACCESS || (t == GDB_WATCH_WRITE) == write;
}

/* The watchpoint the step's data access touched, or NULL.  Addresses are
 * compared in the address space memory commands use. */
static const struct gdb_point *watch_hit(const struct gdb *g,
                                         const struct vm74_retire *r)
{
    if (r->trap || r->mem_size == 0)
        return NULL;
    uint64_t a = g->phys ? r->mem_paddr : r->mem_addr;
    for (unsigned i = 0; i < g->npoints; i++) {
        const struct gdb_point *p = &g->points[i];
        if (!gdb_is_break(p->type) && watch_kind_matches(p->type, r->mem_write) &&
            a < (uint64_t)p->addr + p->len && p->addr < a + r->mem_size)
            return p;
    }
    return NULL;
}

/* ---- Run control ------------------------------------------------------ */

bool gdb_limit_reached(const struct gdb *g)
{
    return g->max_steps != 0 && g->steps >= g->max_steps;
}

/* One step and what it means for the debugger. */
static enum stop_reason step_once(struct gdb *g, struct stop *s)
{
    if (gdb_limit_reached(g))
        return STOP_LIMIT;
    int status = vm74_step(g->m, &s->rec);
    if (status == VM74_DEADLOCK)
        return STOP_DEADLOCK;
    g->steps++;
    if (status == VM74_EXITED)
        return STOP_EXITED;
    if ((s->point = watch_hit(g, &s->rec)) != NULL)
        return STOP_WATCH;
    if (s->rec.trap && s->rec.cause < 32 && (g->trap_stops >> s->rec.cause & 1))
        return STOP_TRAP;
    return STOP_NONE;
}

/* gdb's interrupt or its going away, looked at without blocking. */
static enum stop_reason poll_gdb(struct gdb *g)
{
    int rc = rsp_poll_interrupt(&g->rsp);
    return rc < 0 ? STOP_LOST : rc > 0 ? STOP_INTERRUPT : STOP_NONE;
}

/* Step by step, looking at every breakpoint, watchpoint and trap.  The
 * first step is taken even at a breakpoint: it is the one resumed from. */
static enum stop_reason run_checked(struct gdb *g, struct stop *s)
{
    enum stop_reason why;
    for (uint64_t n = 0;; n++) {
        if (n > 0 && break_at(g, s->rec.next.pc))
            return STOP_BREAK;
        if ((why = step_once(g, s)) != STOP_NONE)
            return why;
        if (n % POLL_EVERY_STEPS == POLL_EVERY_STEPS - 1 &&
            (why = poll_gdb(g)) != STOP_NONE)
            return why;
    }
}

/* Nothing to look for: chunks of vm74_run between polls. */
static enum stop_reason run_free(struct gdb *g)
{
    enum stop_reason why;
    for (;;) {
        if (gdb_limit_reached(g))
            return STOP_LIMIT;
        uint64_t chunk = RUN_CHUNK_STEPS;
        if (g->max_steps != 0 && g->max_steps - g->steps < chunk)
            chunk = g->max_steps - g->steps;
        int status = vm74_run(g->m, chunk);
        if (status == VM74_EXITED)
            return STOP_EXITED;
        if (status == VM74_DEADLOCK)
            return STOP_DEADLOCK;
        g->steps += chunk;
        if ((why = poll_gdb(g)) != STOP_NONE)
            return why;
    }
}

enum stop_reason gdb_resume(struct gdb *g, bool single, struct stop *s)
{
    g->rsp.interrupted = false; /* a Ctrl-C that raced the last stop */
    memset(&s->rec, 0, sizeof s->rec);
    if (single) {
        enum stop_reason why = step_once(g, s);
        return why != STOP_NONE ? why : STOP_STEPPED;
    }
    if (g->npoints > 0 || g->trap_stops != 0)
        return run_checked(g, s);
    return run_free(g);
}
