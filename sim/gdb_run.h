/*
 * gdb_run.h - run control of the gdb stub (internal to sim/gdbstub.c and
 * sim/gdb_run.c): breakpoints, watchpoints, resuming until a stop.
 */
#ifndef VM74_GDB_RUN_H
#define VM74_GDB_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "gdb_target.h"

/* Why the machine stopped (or ended) after a resume. */
enum stop_reason {
    STOP_NONE = 0,   /* keep going */
    STOP_STEPPED,    /* a single step done */
    STOP_BREAK,      /* a breakpoint at the next P */
    STOP_WATCH,      /* a watched access */
    STOP_TRAP,       /* a trap of a cause in break-on-trap */
    STOP_INTERRUPT,  /* gdb's Ctrl-C */
    STOP_DEADLOCK,   /* WFI with the timer disarmed */
    STOP_EXITED,     /* the program ended */
    STOP_LIMIT,      /* --max-instructions */
    STOP_LOST,       /* the connection ended while running */
};

struct stop {
    enum stop_reason why;
    const struct gdb_point *point; /* STOP_WATCH */
    struct vm74_retire rec;        /* the last step's record */
};

bool gdb_is_break(enum gdb_point_type t);
/* Add a breakpoint or watchpoint (false: no room) or remove one. */
bool gdb_point_add(struct gdb *g, enum gdb_point_type type, uint32_t addr,
                   uint32_t len);
void gdb_point_remove(struct gdb *g, enum gdb_point_type type, uint32_t addr,
                      uint32_t len);

/* --max-instructions reached. */
bool gdb_limit_reached(const struct gdb *g);

/* Resume (one step if single) until a stop; s->rec is the last step's
 * record.  Returns why it stopped. */
enum stop_reason gdb_resume(struct gdb *g, bool single, struct stop *s);

#endif /* VM74_GDB_RUN_H */
