/*
 * cause_name.c - names of the trap causes, as in docs/isa.md §5.
 */
#include "vm74.h"

static const char *const cause_names[VM74_NUM_CAUSES] = {
    [VM74_CAUSE_FETCH_MISALIGNED] = "FETCH_MISALIGNED",
    [VM74_CAUSE_FETCH_FAULT] = "FETCH_FAULT",
    [VM74_CAUSE_ILLEGAL] = "ILLEGAL",
    [VM74_CAUSE_BREAKPOINT] = "BREAKPOINT",
    [VM74_CAUSE_LOAD_MISALIGNED] = "LOAD_MISALIGNED",
    [VM74_CAUSE_LOAD_FAULT] = "LOAD_FAULT",
    [VM74_CAUSE_STORE_MISALIGNED] = "STORE_MISALIGNED",
    [VM74_CAUSE_STORE_FAULT] = "STORE_FAULT",
    [VM74_CAUSE_ECALL] = "ECALL",
    [VM74_CAUSE_PRIVILEGED] = "PRIVILEGED",
    [VM74_CAUSE_TIMER] = "TIMER",
};

const char *vm74_cause_name(uint32_t cause)
{
    if (cause >= VM74_NUM_CAUSES)
        return "?";
    return cause_names[cause] ? cause_names[cause] : "reserved";
}
