/*
 * iss_cosim.c - the ISS side of lockstep co-simulation (see iss_cosim.h).
 */
#include "iss.h"
#include "iss_cosim.h"

void iss_cosim_enable(vm74 *vm)
{
    struct iss *m = iss_of(vm);
    m->cosim = true;
    iss_update_irq(m);
}

bool iss_cosim_force_interrupt(vm74 *vm)
{
    struct iss *m = iss_of(vm);
    if (!m->ie || m->cmp == ISS_CMP_DISARMED)
        return false;
    /* iss_exec takes the interrupt when time >= irq_at; the trap then
     * calls iss_update_irq, which puts irq_at back to ISS_NEVER. */
    m->irq_at = 0;
    return true;
}

void iss_cosim_override_next_load(vm74 *vm, uint32_t paddr, uint32_t value)
{
    struct iss *m = iss_of(vm);
    m->load_override_valid = true;
    m->load_override_paddr = paddr;
    m->load_override_value = value;
}

void iss_cosim_clear(vm74 *vm)
{
    struct iss *m = iss_of(vm);
    m->load_override_valid = false;
    iss_update_irq(m);
}
