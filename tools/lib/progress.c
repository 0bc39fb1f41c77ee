/*
 * progress.c - the progress line of progress.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <stdio.h>
#include <unistd.h>

#define PROGRESS_INTERVAL 0.1 /* seconds between two drawings */

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

void progress_start(struct progress *p, const char *label, uint64_t total,
                    const char *unit)
{
    *p = (struct progress){.label = label, .unit = unit, .total = total,
                           .tty = isatty(STDERR_FILENO), .shown = -1.0};
    clock_gettime(CLOCK_MONOTONIC, &p->t0);
}

void progress_show(struct progress *p, uint64_t done, const char *note)
{
    if (!p->tty)
        return;
    double t = seconds_since(&p->t0);
    if (done < p->total && p->shown >= 0.0 && t - p->shown < PROGRESS_INTERVAL)
        return;
    p->shown = t;
    p->drawn = 1;
    unsigned s = (unsigned)t;
    fprintf(stderr, "\r\033[K%s: %llu/%llu %s%s%s, ", p->label, (unsigned long long)done,
            (unsigned long long)p->total, p->unit, note ? ", " : "", note ? note : "");
    if (s < 60)
        fprintf(stderr, "%u s", s);
    else
        fprintf(stderr, "%um%02us", s / 60, s % 60);
    fflush(stderr);
}

void progress_clear(struct progress *p)
{
    if (!p->drawn)
        return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    p->drawn = 0;
}
