/*
 * guestconf.h - the VMM's guest set-ups as the build and the host tools read
 * them: firmware/vmm/guests.conf, one guest per line.
 *
 *   # name  base      size     quantum  budget   input
 *   cpu     0x06000   0x8000   200000   0        -
 *
 * name: at most 15 characters, [a-z0-9_-]; its ELF is DIR/name.elf.
 * base, size: the partition, physical; size is the RAM the guest is linked
 * for.  quantum: time slice in cycles, 1..VMM_QUANTUM_MAX.  budget:
 * instructions the guest may retire before the VMM stops it (0 = none),
 * the bare run's step limit too.  input: a file whose bytes the guest's
 * console receives, or "-".
 */
#ifndef VMM_GUESTCONF_H
#define VMM_GUESTCONF_H

#include <stddef.h>
#include <stdint.h>

#include "vmm_report.h"

struct guestconf {
    char name[VMM_NAME_SIZE];
    uint32_t base, size, quantum, budget;
    char input[256]; /* path, or "" for none */
    int line;        /* in the file, for messages */
};

/* A message into err (printf-style); returns -1, for `return vmm_fail(...)`. */
int vmm_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Read up to VMM_MAX_GUESTS set-ups: the count, or -1 with a message. */
int guestconf_read(const char *path, struct guestconf *out, char *err,
                   size_t errlen);

/* The partitions fit in RAM above the VMM, are valid RAM sizes, and do not
 * overlap; the input files are there: 0, or -1 with a message naming the
 * guests. */
int guestconf_check(const char *path, const struct guestconf *g, int n,
                    uint32_t vmm_size, uint32_t ram_size, char *err,
                    size_t errlen);

/* What the packer and the runner need from an ELF. */
struct elfinfo {
    uint32_t entry;
    uint32_t load_lo, load_hi;   /* bytes with contents: [lo, hi) */
    uint32_t mem_hi;             /* end of the highest segment incl. bss */
};
int elfinfo_read(const char *path, struct elfinfo *info, char *err, size_t errlen);
/* The value of a symbol: 0, or -1 if absent. */
int elfinfo_symbol(const char *path, const char *name, uint32_t *value);

#endif /* VMM_GUESTCONF_H */
