/*
 * svg_timeline.h - a recorded timeline (timeline.h) drawn as an SVG picture
 * of the VMM's schedule: cycles across, one row per guest and one for the
 * VMM, a bar for each slice, a tick for each trap coloured by its cause,
 * each guest's quantum and budget, a legend (docs/vmm.md "The timeline").
 *
 * The picture is SVG_TL_WIDTH pixels wide with a viewBox, so a viewer
 * zooms it.  Whatever is thinner than a pixel at that width is merged: a
 * run of such slices becomes one band whose opacity is the share of its
 * time the row held the CPU, and the traps of one cause in one pixel
 * column become one tick.  Every bar and band carries its cycles in a
 * data-cycles attribute, so a row's sum can be checked against the VMM's
 * table.
 */
#ifndef SVG_TIMELINE_H
#define SVG_TIMELINE_H

#include <stdio.h>

#include "timeline.h"
#include "vmm_report.h"

#define SVG_TL_WIDTH 1600 /* pixels, at scale 1 */

/*
 * Draw t, with the guests' names, quanta, budgets and ends from the VMM's
 * table rep.  clock_mhz: the board clock, for the second axis in µs (0:
 * none).  0, or -1 if writing failed.
 */
int svg_timeline_write(FILE *f, const struct timeline *t,
                       const struct vmm_report *rep, double clock_mhz);
/* The same into the file path: 0, or -1 with errno. */
int svg_timeline_save(const char *path, const struct timeline *t,
                      const struct vmm_report *rep, double clock_mhz);

#endif /* SVG_TIMELINE_H */
