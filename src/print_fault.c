/* The print faults' stored names (print_fault.h). */
#include "print_fault.h"

#include <string.h>

static const char *const names[PRINT_NFAULTS] = {
    [PRINT_OK] = "",
    [PRINT_NO_SERVICE] = "no_service",
    [PRINT_NO_PRINTER] = "no_printer",
    [PRINT_PAUSED] = "paused",
    [PRINT_REJECTING] = "rejecting",
    [PRINT_FAILED] = "failed",
    [PRINT_CANCELLED] = "cancelled",
    [PRINT_TIMEOUT] = "timeout",
    [PRINT_IO] = "io",
    [PRINT_RENDER] = "render",
    [PRINT_NO_ANSWER] = "no_answer",
};

const char *
print_fault_name(enum print_fault f)
{
    if ((unsigned)f < PRINT_NFAULTS)
        return names[f];
    return names[PRINT_FAILED];
}

enum print_fault
print_fault_of(const char *name)
{
    if (name == NULL || *name == '\0')
        return PRINT_OK;
    for (int i = 1; i < PRINT_NFAULTS; i++)
        if (strcmp(name, names[i]) == 0)
            return (enum print_fault)i;
    return PRINT_FAILED;
}
