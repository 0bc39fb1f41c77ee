/*
 * vm_map.h - the VM map, Popek and Goldberg's map from a virtual machine's
 * storage to real storage: where a guest's memory lies, and the real R it
 * runs under.
 *
 * A guest's "physical" memory is its partition, real [base, base + size);
 * its logical addresses go through its virtual R = (l, b) first.  The
 * map's three functions are on the trap path and a few lines each, so they
 * are inline in their callers.  entry.S's fast path composes the real R
 * the same way, in assembly (vm_map_real_psw).
 */
#ifndef VMM_VM_MAP_H
#define VMM_VM_MAP_H

#include "vmm.h"

/* vm_map_check's answer for an access the virtual machine allows. */
#define VM_MAP_OK 0xffffffffu

/* A guest-physical address as a VMM pointer; the caller checked the range. */
static inline void *vm_map_phys(const struct guest *g, uint32_t gpa)
{
    return (void *)(uintptr_t)(g->base + gpa);
}

/*
 * docs/isa.md §2 for an n-byte RAM access at logical a through the virtual
 * R, with "RAM" being the partition: VM_MAP_OK, or the cause bare vm74
 * would raise.
 */
static inline uint32_t vm_map_check(const struct guest *g, uint32_t a, uint32_t n,
                                    uint32_t fault_cause, uint32_t misaligned_cause)
{
    uint32_t align = n < 4 ? n : 4;
    if (a % align != 0)
        return misaligned_cause;
    if ((uint64_t)a + n > g->v.b)
        return fault_cause;
    if ((uint64_t)g->v.l + a + n > g->size) /* also rules out wrap */
        return fault_cause;
    return VM_MAP_OK;
}

/* The real PSW: user mode, IE = 1, and the virtual R composed with the
 * partition.  A virtual R reaching past the partition is cut at its end;
 * one starting past it allows nothing.  Either way every access bare vm74
 * would refuse, or would send to a device, faults to the VMM. */
static inline void vm_map_real_psw(const struct guest *g, struct vm74_psw_words *psw)
{
    uint32_t size = g->size;
    psw->flags = VM74_FLAG_IE;
    psw->p = g->v.p;
    if (g->v.l >= size) {
        psw->base = g->base;
        psw->bound = 0;
    } else {
        psw->base = g->base + g->v.l;
        psw->bound = g->v.b < size - g->v.l ? g->v.b : size - g->v.l;
    }
}

#endif /* VMM_VM_MAP_H */
