/*
 * gdb_target.h - the machine as the gdb stub presents it (internal to
 * sim/gdbstub.c and sim/gdb_target.c): its registers, its memory in the
 * chosen address space, the target description and the monitor commands.
 */
#ifndef VM74_GDB_TARGET_H
#define VM74_GDB_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rsp.h"
#include "vm74_api.h"

/* Registers in the order of the target description: x0-x31, pc, then the
 * privileged state of org.vm74.psw. */
enum gdb_reg {
    GDB_REG_PC = 32,
    GDB_REG_M,
    GDB_REG_IE,
    GDB_REG_L,
    GDB_REG_B,
    GDB_REG_TRAP_CAUSE,
    GDB_REG_TRAP_INFO,
    GDB_NUM_REGS,
};

enum gdb_point_type {
    GDB_SW_BREAK = 0, GDB_HW_BREAK, GDB_WATCH_WRITE, GDB_WATCH_READ,
    GDB_WATCH_ACCESS, GDB_NUM_POINT_TYPES,
};

#define GDB_MAX_POINTS 64

struct gdb_point {
    enum gdb_point_type type;
    uint32_t addr, len;
};

struct gdb {
    vm74 *m;
    struct rsp rsp;
    bool phys;            /* memory packets address physical RAM */
    uint32_t trap_stops;  /* bit c: stop after a trap of cause c */
    struct gdb_point points[GDB_MAX_POINTS];
    unsigned npoints;
    uint64_t steps;       /* executed under the stub */
    uint64_t max_steps;   /* 0 = no limit */
};

/* Registers by number; false if there is no such register (or, writing,
 * it cannot be written). */
bool gdb_reg_read(struct gdb *g, unsigned n, uint32_t *value);
bool gdb_reg_write(struct gdb *g, unsigned n, uint32_t value);

/* Memory in the current address space.  Reading: the number of bytes
 * readable from addr on, up to len (0: none).  Writing: all or nothing. */
size_t gdb_mem_read(struct gdb *g, uint32_t addr, uint8_t *buf, size_t len);
bool gdb_mem_write(struct gdb *g, uint32_t addr, const uint8_t *buf,
                   size_t len);

/* The target description: the XML document and its length. */
const char *gdb_target_xml(size_t *len);

/* Run a monitor command line; its output (a line or more) into out. */
void gdb_monitor(struct gdb *g, const char *line, char *out, size_t cap);

#endif /* VM74_GDB_TARGET_H */
