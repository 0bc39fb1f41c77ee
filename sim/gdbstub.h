/*
 * gdbstub.h - a GDB remote stub for a vm74 machine (docs/debugging.md).
 *
 * Written on the public C API alone (vm74_step, vm74_run, the state and
 * physical-memory calls, the retirement record), so it debugs every
 * backend the same way.
 */
#ifndef VM74_GDBSTUB_H
#define VM74_GDBSTUB_H

#include <stdint.h>

#include "vm74_api.h"

/* gdb_serve's results besides the vm74_status the program ended with. */
enum {
    GDB_SESSION_LOST = -1,   /* gdb killed the program or went away */
    GDB_SESSION_FAILED = -2, /* could not listen or accept: message printed */
};

struct gdb_options {
    unsigned port;      /* 0: a free port, printed */
    uint64_t max_steps; /* 0 = no limit */
};

/*
 * Listen on 127.0.0.1, print where on stderr, serve one gdb connection
 * for the loaded machine m.  Returns the vm74_status the program ended
 * with (VM74_EXITED, VM74_LIMIT; after a detach also VM74_DEADLOCK), or
 * one of the GDB_SESSION_* above.
 */
int gdb_serve(vm74 *m, const struct gdb_options *o);

#endif /* VM74_GDBSTUB_H */
