/*
 * cause_name.c - names of the trap causes, as in docs/isa.md §5.
 */
#include "vm74.h"

static const char *const cause_names[VM74_NUM_CAUSES] = VM74_CAUSE_NAMES;

const char *vm74_cause_name(uint32_t cause)
{
    if (cause >= VM74_NUM_CAUSES)
        return "?";
    return cause_names[cause] ? cause_names[cause] : "reserved";
}
