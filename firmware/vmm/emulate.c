/*
 * emulate.c - the emulation path: instructions the guest may execute but
 * real user mode may not, done by the VMM against the virtual PSW.
 *
 *   LPSW   in virtual supervisor mode: load the virtual PSW from guest memory
 *          through the virtual R.
 *   WFI    in virtual supervisor mode: wait for the virtual timer.
 *   LW/SW  that faulted on a virtual device register: do it on the device.
 *
 * In virtual user mode LPSW and WFI trap on bare vm74 too, so they are
 * reflected; a fault that is not a device access is reflected as well.
 */
#include "vmm.h"
#include "vm_map.h"
#include "vm74_insn.h"

static void count_emulated(struct guest *g)
{
    g->acc.emulated[g->v.m]++;
}

/* ---- LPSW and WFI -------------------------------------------------------- */

#if !VMM_HYBRID /* the hybrid VMM interprets virtual supervisor mode */

static void emulate_lpsw(struct guest *g, uint32_t insn)
{
    uint32_t a = g->x[insn_rs1(insn)] + insn_imm_i(insn);
    uint32_t fault = vm_map_check(g, a, VM74_PSW_SIZE, VM74_CAUSE_LOAD_FAULT,
                                  VM74_CAUSE_LOAD_MISALIGNED);
    if (fault != VM_MAP_OK) {
        reflect_trap(g, fault, a);
        return;
    }
    const uint32_t *w = vm_map_phys(g, g->v.l + a);
    count_emulated(g);
    g->v = (struct vpsw){
        .m = w[0] & VM74_FLAG_SUPERVISOR,
        .ie = (w[0] & VM74_FLAG_IE) != 0,
        .p = w[1],
        .l = w[2] & VM74_BASE_MASK, /* bits 1:0 are ignored */
        .b = w[3],
    };
    /* A now-pending virtual interrupt is taken by sched_resume() before
     * the first instruction at the new P, as on bare vm74. */
}

/*
 * WFI retires once the virtual timer is pending.  With the virtual timer
 * disarmed bare vm74 would wait for ever: that guest is over (the simulator
 * reports a deadlock), the others go on.
 */
static void emulate_wfi(struct guest *g)
{
    if (account_vtime(g) < g->vcmp && g->vcmp == UINT64_MAX) {
        sched_finish_guest(g, VMM_GUEST_DEADLOCK, 0);
        return;
    }
    count_emulated(g);
    g->v.p += 4;
    if (account_vtime(g) < g->vcmp)
        sched_wait(g);
}

#endif

void emulate_privileged(struct guest *g, uint32_t cause, uint32_t insn)
{
    if (g->v.m != VM74_MODE_SUPERVISOR)
        reflect_trap(g, cause, insn);
#if VMM_HYBRID
    else /* virtual supervisor mode never runs natively */
        vmm_panic("PRIVILEGED from virtual supervisor mode:", insn);
#else
    else if (insn == VM74_INSN_WFI)
        emulate_wfi(g);
    else /* the hardware raises PRIVILEGED only for LPSW and WFI */
        emulate_lpsw(g, insn);
#endif
}

/* ---- Device accesses ----------------------------------------------------- */

/* A SW to the register at gpa, if there is one; an exit ends the guest. */
static bool store_device(struct guest *g, uint32_t gpa, uint32_t value)
{
    enum vdev_store done = vdev_store(g, gpa, value);
    if (done == VDEV_EXIT)
        sched_finish_guest(g, VMM_GUEST_EXITED, value);
    return done != VDEV_NONE;
}

/*
 * Is the faulting access at logical a a word access to a device register
 * that bare vm74 would allow through the virtual R?  If so, do it.
 */
static bool emulate_device(struct guest *g, bool load, uint32_t a, uint32_t insn)
{
    uint32_t want = load ? OPC_LOAD : OPC_STORE;
    if (insn_opcode(insn) != want || insn_funct3(insn) != INSN_F3_WORD)
        return false; /* devices take LW and SW only */
    if ((uint64_t)a + 4 > g->v.b || (uint64_t)g->v.l + a + 4 > 0x100000000ull)
        return false;
    uint32_t gpa = g->v.l + a;

    if (load) {
        uint32_t value, rd = insn_rd(insn);
        if (!vdev_load(g, gpa, &value))
            return false;
        if (rd != 0)
            g->x[rd] = value;
    } else if (!store_device(g, gpa, g->x[insn_rs2(insn)])) {
        return false;
    }
    count_emulated(g); /* after the load: counters read their value before it */
    g->v.p += 4;
    return true;
}

void emulate_fault(struct guest *g, uint32_t cause, uint32_t a)
{
    /* The fetch at P succeeded under the real R, so P is in the partition. */
    uint32_t insn = *(const uint32_t *)vm_map_phys(g, g->v.l + g->v.p);
    if (!emulate_device(g, cause == VM74_CAUSE_LOAD_FAULT, a, insn))
        reflect_trap(g, cause, a);
}
