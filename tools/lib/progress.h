/*
 * progress.h - where a long run is, for the host tools in C (the shell
 * scripts have the same in tools/lib/progress.sh).  On a terminal, one
 * line on standard error, "LABEL: DONE/TOTAL UNIT, NOTE, ELAPSED",
 * rewritten in place; in a log (CI, a pipe, make test) nothing, and the
 * tool's own summary says the rest.
 *
 *   struct progress p;
 *   progress_start(&p, "vmm-fuzz", seeds, "seeds");
 *   progress_show(&p, done, "0 differences");   as often as you like
 *   progress_clear(&p);                          before other output
 */
#ifndef VM74_PROGRESS_H
#define VM74_PROGRESS_H

#include <stdint.h>
#include <time.h>

struct progress {
    const char *label, *unit;
    uint64_t total;
    struct timespec t0; /* progress_start */
    double shown;       /* seconds after t0 the line was last drawn */
    int tty;            /* standard error is a terminal */
    int drawn;          /* the line is on the screen */
};

void progress_start(struct progress *p, const char *label, uint64_t total,
                    const char *unit);
/* Draws the line, at most ten times a second and always for the last. */
void progress_show(struct progress *p, uint64_t done, const char *note);
void progress_clear(struct progress *p);

#endif
