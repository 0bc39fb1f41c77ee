/*
 * reflect.c - the reflection path: make the guest see the trap that bare
 * vm74 would have given it.
 *
 * The hardware stores the old PSW, cause and info in physical low memory and
 * loads the PSW (supervisor, IE = 0, R = all, P = vector).  For a guest,
 * "physical" is its partition, so the VMM writes the virtual old PSW into
 * the guest's own low core and sets the virtual PSW; the guest's handler
 * then runs in virtual supervisor mode with its virtual R covering all of
 * its memory, in real user mode under the partition's R.
 */
#include "vmm.h"
#include "vm_map.h"

void reflect_trap(struct guest *g, uint32_t cause, uint32_t info)
{
    uint32_t *low = vm_map_phys(g, VM74_LC_OLD_PSW);

    low[VM74_LC_OLD_FLAGS / 4] = (g->v.m ? VM74_FLAG_SUPERVISOR : 0) |
                                 (g->v.ie ? VM74_FLAG_IE : 0);
    low[VM74_LC_OLD_P / 4] = g->v.p;
    low[VM74_LC_OLD_BASE / 4] = g->v.l;
    low[VM74_LC_OLD_BOUND / 4] = g->v.b;
    low[VM74_LC_CAUSE / 4] = cause;
    low[VM74_LC_INFO / 4] = info;

    g->v = (struct vpsw){
        .m = VM74_MODE_SUPERVISOR,
        .ie = 0,
        .p = low[VM74_LC_VECTOR / 4],
        .l = 0,
        .b = VM74_BOUND_ALL,
    };
    g->rep->reflected[cause]++;
}
