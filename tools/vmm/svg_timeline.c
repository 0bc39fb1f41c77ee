/*
 * svg_timeline.c - the VMM's schedule as an SVG picture (svg_timeline.h).
 *
 * Top to bottom: the title; two panels, the whole run and a detail of its
 * start, each with the time axis at the board clock, one row per guest
 * (its label, its slices, its end, its traps in one lane per cause), the
 * VMM's row and the cycles axis; the legend.
 */
#include "svg_timeline.h"

#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

/* Geometry, in pixels. */
#define LEFT        200 /* the rows' labels */
#define RIGHT       30
#define HEAD_H      30  /* the title */
#define PANEL_HEAD  64  /* a panel's caption and time axis */
#define BAR_H       18
#define LANE_H      4   /* the ticks of one cause */
#define ROW_GAP     18
#define AXIS_H      44  /* the cycles axis under the rows */
#define LEGEND_LINE 18
#define LEGEND_COLS 2
#define BAND_MAX_PX 6.0 /* a band ends here, so density shows along the row */
#define BAND_MIN_OPACITY 0.15
#define DETAIL_ROUNDS 3  /* the detail spans this many times the quanta's sum */

/* Each cause's colour; its name is vm74_cause_name's. */
static const char *const cause_colour[VM74_NUM_CAUSES] = {
    [VM74_CAUSE_FETCH_MISALIGNED] = "#8c564b",
    [VM74_CAUSE_FETCH_FAULT] = "#e377c2",
    [VM74_CAUSE_ILLEGAL] = "#bcbd22",
    [VM74_CAUSE_BREAKPOINT] = "#7f7f7f",
    [VM74_CAUSE_LOAD_MISALIGNED] = "#9467bd",
    [VM74_CAUSE_LOAD_FAULT] = "#1f77b4",
    [VM74_CAUSE_STORE_MISALIGNED] = "#17becf",
    [VM74_CAUSE_STORE_FAULT] = "#2ca02c",
    [VM74_CAUSE_ECALL] = "#ff7f0e",
    [VM74_CAUSE_PRIVILEGED] = "#d62728",
    [VM74_CAUSE_TIMER] = "#000000",
};

static const char *const guest_colour[VMM_MAX_GUESTS] = {
    "#4e79a7", "#59a14f", "#f28e2b", "#e15759", "#76b7b2", "#b07aa1",
};
#define VMM_COLOUR       "#555555" /* the VMM working for a guest */
#define VMM_OWN_COLOUR   "#bbbbbb" /* the VMM's boot and end */
#define GRID_COLOUR      "#e4e4e4"

static const char *const end_names[] = {
    [VMM_GUEST_RUNNING] = "running", [VMM_GUEST_EXITED] = "exit",
    [VMM_GUEST_DEADLOCK] = "deadlock", [VMM_GUEST_BUDGET] = "budget spent",
};

/* Which spans a row draws: a guest's, or the VMM's (charged or not). */
#define WANT_CHARGED (-2)

/* A panel: the cycles [from, to) over the plot's width, from y = top. */
struct layout {
    double x0, w;             /* the plot */
    double cyc_per_px;
    uint64_t from, to;
    double top, rows_top;
    int nguests;
    int lanes, lane_of[VM74_NUM_CAUSES]; /* -1: the run has none */
    double row_h;
    double clock_mhz;
};

/* ---- Geometry ------------------------------------------------------------ */

/* cycle: in [from, to]. */
static double x_of(const struct layout *l, uint64_t cycle)
{
    return l->x0 + (double)(cycle - l->from) / l->cyc_per_px;
}

static double row_top(const struct layout *l, int row)
{
    return l->rows_top + row * l->row_h;
}

static bool in_panel(const struct layout *l, uint64_t cycle)
{
    return cycle >= l->from && cycle <= l->to;
}

static const char *colour_of_cause(uint32_t cause)
{
    return cause < VM74_NUM_CAUSES && cause_colour[cause] ? cause_colour[cause] : "#000000";
}

/* A lane for each cause the run has, in the order of the cause table. */
static void layout_lanes(struct layout *l, const struct timeline *t)
{
    bool seen[VM74_NUM_CAUSES] = {false};
    for (size_t k = 0; k < t->nticks; k++)
        if (t->ticks[k].cause < VM74_NUM_CAUSES)
            seen[t->ticks[k].cause] = true;
    l->lanes = 0;
    for (int c = 0; c < VM74_NUM_CAUSES; c++)
        l->lane_of[c] = seen[c] ? l->lanes++ : -1;
}

static void layout_init(struct layout *l, const struct timeline *t, double clock_mhz,
                        uint64_t from, uint64_t to, double top)
{
    memset(l, 0, sizeof *l);
    l->x0 = LEFT;
    l->w = SVG_TL_WIDTH - LEFT - RIGHT;
    l->from = from;
    l->to = to > from ? to : from + 1;
    l->cyc_per_px = (double)(l->to - l->from) / l->w;
    l->top = top;
    l->rows_top = top + PANEL_HEAD;
    l->nguests = t->n;
    l->clock_mhz = clock_mhz;
    layout_lanes(l, t);
    l->row_h = BAR_H + 2 + l->lanes * LANE_H + ROW_GAP;
}

/* Where the panel's last row ends and its axis with it. */
static double panel_bottom(const struct layout *l)
{
    return row_top(l, l->nguests + 1) + AXIS_H;
}

/* 1, 2 or 5 times a power of ten: about `want` steps over range. */
static double nice_step(double range, int want)
{
    double raw = range / want, mag = pow(10, floor(log10(raw))), r = raw / mag;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
}

/* ---- Spans: bars, and bands where they are thinner than a pixel --------- */

struct band {
    uint64_t start, end, covered;
    size_t count;
    bool thin;      /* its first span is thinner than a pixel */
};

static bool span_wanted(const struct tl_span *s, int want)
{
    return want == WANT_CHARGED ? s->who != TL_NOBODY : s->who == want;
}

/* The part of s in the panel: 0 if none. */
static int span_clip(const struct layout *l, const struct tl_span *s, struct tl_span *c)
{
    *c = *s;
    if (c->start < l->from)
        c->start = l->from;
    if (c->end > l->to)
        c->end = l->to;
    return c->start < c->end;
}

/* A thin span joins a band of thin spans if the gap is thin too. */
static bool band_takes(const struct layout *l, const struct band *b,
                       const struct tl_span *s)
{
    double px = l->cyc_per_px;
    return b->thin && (double)(s->end - s->start) < px &&
           (double)(s->start - b->end) < px &&
           (double)(s->end - b->start) <= BAND_MAX_PX * px;
}

static void band_add(const struct layout *l, struct band *b, const struct tl_span *s)
{
    if (b->count == 0) {
        b->start = s->start;
        b->thin = (double)(s->end - s->start) < l->cyc_per_px;
    }
    b->end = s->end;
    b->covered += s->end - s->start;
    b->count++;
}

/* At least a pixel wide, so that a viewer shows it. */
static void band_draw(FILE *f, const struct layout *l, const struct band *b,
                      double y, const char *colour)
{
    double w = (double)(b->end - b->start) / l->cyc_per_px;
    fprintf(f, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" fill=\"%s\"",
            x_of(l, b->start), y, w < 1 ? 1.0 : w, BAR_H, colour);
    if (b->count > 1) {
        double share = (double)b->covered / (double)(b->end - b->start);
        fprintf(f, " fill-opacity=\"%.2f\" data-slices=\"%zu\"",
                share < BAND_MIN_OPACITY ? BAND_MIN_OPACITY : share, b->count);
    }
    fprintf(f, " data-cycles=\"%" PRIu64 "\"/>\n", b->covered);
}

static void draw_spans(FILE *f, const struct layout *l, const struct tl_span *s,
                       size_t n, int want, double y, const char *colour)
{
    struct band b = {0};
    struct tl_span c;
    for (size_t i = 0; i < n; i++) {
        if (!span_wanted(&s[i], want) || !span_clip(l, &s[i], &c))
            continue;
        if (b.count && !band_takes(l, &b, &c)) {
            band_draw(f, l, &b, y, colour);
            b = (struct band){0};
        }
        band_add(l, &b, &c);
    }
    if (b.count)
        band_draw(f, l, &b, y, colour);
}

/* ---- Ticks: one per cause and pixel column ------------------------------- */

static void tick_draw(FILE *f, const struct layout *l, long col, size_t count,
                      uint32_t cause, double y)
{
    fprintf(f, "<rect x=\"%.0f\" y=\"%.1f\" width=\"1\" height=\"%d\" fill=\"%s\" "
            "data-traps=\"%zu\"/>\n", l->x0 + (double)col, y, LANE_H - 1,
            colour_of_cause(cause), count);
}

static long column_of(const struct layout *l, uint64_t at)
{
    long col = (long)((double)(at - l->from) / l->cyc_per_px);
    return col < (long)l->w ? col : (long)l->w - 1;
}

static void draw_ticks_of(FILE *f, const struct layout *l, const struct timeline *t,
                          int who, uint32_t cause, double y)
{
    long col = -1;
    size_t count = 0;
    for (size_t k = 0; k < t->nticks; k++) {
        const struct tl_tick *tk = &t->ticks[k];
        if (tk->who != who || tk->cause != cause || !in_panel(l, tk->at))
            continue;
        long c = column_of(l, tk->at);
        if (c != col && count) {
            tick_draw(f, l, col, count, cause, y);
            count = 0;
        }
        col = c;
        count++;
    }
    if (count)
        tick_draw(f, l, col, count, cause, y);
}

static void draw_ticks(FILE *f, const struct layout *l, const struct timeline *t,
                       int who, double top)
{
    for (uint32_t c = 0; c < VM74_NUM_CAUSES; c++)
        if (l->lane_of[c] >= 0)
            draw_ticks_of(f, l, t, who, c, top + l->lane_of[c] * LANE_H);
}

/* ---- Rows ------------------------------------------------------------------ */

/* "7407 µs": cycles at the board clock. */
static void print_us(FILE *f, const struct layout *l, uint64_t cycles)
{
    if (l->clock_mhz > 0)
        fprintf(f, " (%.0f \xc2\xb5s)", (double)cycles / l->clock_mhz);
}

static void guest_label(FILE *f, const struct layout *l,
                        const struct vmm_guest_report *gr, double top)
{
    fprintf(f, "<text x=\"8\" y=\"%.1f\" font-size=\"13\" font-weight=\"bold\">%.*s</text>\n",
            top + 12, VMM_NAME_SIZE, gr->name);
    fprintf(f, "<text x=\"8\" y=\"%.1f\" font-size=\"10\">quantum %" PRIu32 " cycles",
            top + 25, gr->quantum);
    print_us(f, l, gr->quantum);
    fprintf(f, "</text>\n<text x=\"8\" y=\"%.1f\" font-size=\"10\">", top + 37);
    if (gr->budget)
        fprintf(f, "budget %" PRIu64 " instructions", gr->budget);
    else
        fprintf(f, "no budget");
    fprintf(f, "</text>\n");
}

/* The quantum to scale, a bracket over the row's start. */
static void quantum_bracket(FILE *f, const struct layout *l, uint32_t quantum, double top)
{
    double x1 = l->x0 + fmin(quantum / l->cyc_per_px, l->w), y = top - 3;
    fprintf(f, "<path d=\"M%.2f %.1fv-3M%.2f %.1fH%.2fv-3\" stroke=\"#000\" "
            "fill=\"none\" stroke-width=\"0.8\"/>\n", l->x0, y, l->x0, y, x1);
}

static uint64_t last_slice_end(const struct timeline *t, int who)
{
    for (size_t i = t->nslices; i-- > 0;)
        if (t->slices[i].who == who)
            return t->slices[i].end;
    return 0;
}

/* Where the guest ended, and how. */
static void end_marker(FILE *f, const struct layout *l, const struct timeline *t,
                       const struct vmm_guest_report *gr, int who, double top)
{
    uint64_t end = last_slice_end(t, who);
    if (!in_panel(l, end))
        return;
    double x = x_of(l, end);
    bool left = x > l->x0 + l->w - 90;
    fprintf(f, "<path d=\"M%.2f %.1fv%d\" stroke=\"#000\" stroke-width=\"1.5\"/>\n",
            x, top - 3, BAR_H + 6);
    fprintf(f, "<text x=\"%.2f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"%s\">%s",
            left ? x - 3 : x + 3, top - 3, left ? "end" : "start",
            gr->status < sizeof end_names / sizeof end_names[0] ? end_names[gr->status]
                                                                 : "?");
    if (gr->status == VMM_GUEST_EXITED)
        fprintf(f, " %" PRIu32, gr->exit_code);
    fprintf(f, "</text>\n");
}

static void guest_row(FILE *f, const struct layout *l, const struct timeline *t,
                      const struct vmm_guest_report *gr, int who)
{
    double top = row_top(l, who);
    fprintf(f, "<g class=\"guest\" data-guest=\"%.*s\">\n", VMM_NAME_SIZE, gr->name);
    guest_label(f, l, gr, top);
    draw_spans(f, l, t->slices, t->nslices, who, top, guest_colour[who]);
    quantum_bracket(f, l, gr->quantum, top);
    end_marker(f, l, t, gr, who, top);
    draw_ticks(f, l, t, who, top + BAR_H + 2);
    fprintf(f, "</g>\n");
}

static void vmm_row(FILE *f, const struct layout *l, const struct timeline *t)
{
    double top = row_top(l, t->n);
    fprintf(f, "<g class=\"vmm\">\n<text x=\"8\" y=\"%.1f\" font-size=\"13\" "
            "font-weight=\"bold\">VMM</text>\n<text x=\"8\" y=\"%.1f\" font-size=\"10\">"
            "supervisor mode</text>\n", top + 12, top + 25);
    draw_spans(f, l, t->vmm, t->nvmm, WANT_CHARGED, top, VMM_COLOUR);
    draw_spans(f, l, t->vmm, t->nvmm, TL_NOBODY, top, VMM_OWN_COLOUR);
    fprintf(f, "</g>\n");
}

/* ---- Axes ------------------------------------------------------------------ */

/* "20M", "500k", "250". */
static void print_cycles(FILE *f, double v)
{
    if (v >= 1e6)
        fprintf(f, "%gM", v / 1e6);
    else if (v >= 1e3)
        fprintf(f, "%gk", v / 1e3);
    else
        fprintf(f, "%g", v);
}

/* Cycles under the rows, with a grid line up through them. */
static void cycles_axis(FILE *f, const struct layout *l)
{
    double y = row_top(l, l->nguests + 1) - ROW_GAP + 6;
    double step = nice_step((double)(l->to - l->from), 10);
    fprintf(f, "<g class=\"axis\" font-size=\"10\" text-anchor=\"middle\">\n"
            "<path d=\"M%.1f %.1fH%.1f\" stroke=\"#000\"/>\n", l->x0, y, l->x0 + l->w);
    for (double c = ceil(l->from / step) * step; c <= (double)l->to; c += step) {
        double x = x_of(l, (uint64_t)c);
        fprintf(f, "<path d=\"M%.2f %.1fV%.1f\" stroke=\"%s\"/>\n", x,
                l->rows_top - 6, y, GRID_COLOUR);
        fprintf(f, "<path d=\"M%.2f %.1fv4\" stroke=\"#000\"/>\n<text x=\"%.2f\" "
                "y=\"%.1f\">", x, y, x, y + 15);
        print_cycles(f, c);
        fprintf(f, "</text>\n");
    }
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">cycles (TIME)</text>\n</g>\n",
            l->x0 + l->w / 2, y + 30);
}

/* 1234567 as "1 234 567". */
static void print_grouped(FILE *f, uint64_t v)
{
    if (v >= 1000) {
        print_grouped(f, v / 1000);
        fprintf(f, " %03" PRIu64, v % 1000);
    } else {
        fprintf(f, "%" PRIu64, v);
    }
}

/* Microseconds at the board clock over the rows. */
static void time_axis(FILE *f, const struct layout *l)
{
    double y = l->rows_top - 10, us_from = (double)l->from / l->clock_mhz;
    double us_to = (double)l->to / l->clock_mhz, step = nice_step(us_to - us_from, 8);
    fprintf(f, "<g class=\"axis\" font-size=\"10\" text-anchor=\"middle\">\n"
            "<path d=\"M%.1f %.1fH%.1f\" stroke=\"#000\"/>\n", l->x0, y, l->x0 + l->w);
    for (double us = ceil(us_from / step) * step; us <= us_to; us += step) {
        double x = x_of(l, (uint64_t)(us * l->clock_mhz));
        fprintf(f, "<path d=\"M%.2f %.1fv-4\" stroke=\"#000\"/>\n<text x=\"%.2f\" "
                "y=\"%.1f\">", x, y, x, y - 6);
        print_grouped(f, (uint64_t)us);
        fprintf(f, "</text>\n");
    }
    fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">\xc2\xb5s at %g MHz "
            "(board clock)</text>\n</g>\n", LEFT - 8, y - 6, l->clock_mhz);
}

/* ---- Legend ---------------------------------------------------------------- */

#define LEGEND_FIXED 7 /* the items before the causes */

struct legend {
    double top;
    int per_col;
};

static int legend_lines(const struct layout *l)
{
    return (LEGEND_FIXED + l->lanes + LEGEND_COLS - 1) / LEGEND_COLS;
}

static void legend_at(const struct legend *lg, int item, double *x, double *y)
{
    *x = 8 + (item / lg->per_col) * (SVG_TL_WIDTH - 16) / LEGEND_COLS;
    *y = lg->top + (item % lg->per_col) * LEGEND_LINE;
}

static void legend_text(FILE *f, double x, double y, const char *text)
{
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s</text>\n", x + 22,
            y + 10, text);
}

static void legend_swatch(FILE *f, const struct legend *lg, int item,
                          const char *colour, double opacity, const char *text)
{
    double x, y;
    legend_at(lg, item, &x, &y);
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"11\" fill=\"%s\" "
            "fill-opacity=\"%.2f\"/>\n", x, y, colour, opacity);
    legend_text(f, x, y, text);
}

static void legend_path(FILE *f, const struct legend *lg, int item, const char *d,
                        const char *text)
{
    double x, y;
    legend_at(lg, item, &x, &y);
    fprintf(f, "<path transform=\"translate(%.1f %.1f)\" d=\"%s\" stroke=\"#000\" "
            "fill=\"none\" stroke-width=\"1.2\"/>\n", x, y, d);
    legend_text(f, x, y, text);
}

static uint64_t traps_of_cause(const struct timeline *t, uint32_t cause)
{
    uint64_t n = 0;
    for (int i = 0; i < t->n; i++)
        n += t->total[i].traps[cause];
    return n;
}

static void legend_causes(FILE *f, const struct legend *lg, const struct layout *l,
                          const struct timeline *t, int item)
{
    char text[160];
    for (uint32_t c = 0; c < VM74_NUM_CAUSES; c++) {
        if (l->lane_of[c] < 0)
            continue;
        uint64_t n = traps_of_cause(t, c);
        snprintf(text, sizeof text, "%s: %" PRIu64 " trap%s", vm74_cause_name(c), n,
                 n == 1 ? "" : "s");
        legend_swatch(f, lg, item++, colour_of_cause(c), 1, text);
    }
}

static void legend(FILE *f, const struct layout *l, const struct timeline *t, double top)
{
    struct legend lg = {top, legend_lines(l)};
    int item = 0;
    fprintf(f, "<g class=\"legend\">\n");
    legend_swatch(f, &lg, item++, guest_colour[0], 1, "a slice: the guest held the CPU "
                  "(real user mode in its partition)");
    legend_swatch(f, &lg, item++, guest_colour[0], 0.4, "a band: slices thinner than a "
                  "pixel, merged; opacity = the share of its time on the CPU");
    legend_swatch(f, &lg, item++, VMM_COLOUR, 1, "the VMM working for the guest whose "
                  "trap it handles (its cycles_vmm)");
    legend_swatch(f, &lg, item++, VMM_OWN_COLOUR, 1, "the VMM for no guest: its boot, "
                  "and its table at the end");
    legend_path(f, &lg, item++, "M2 10v-3H14v3", "the guest's quantum, to scale, over "
                "the start of its row");
    legend_path(f, &lg, item++, "M8 0v12", "where the guest ended: exit and code, "
                "deadlock, or budget spent");
    legend_path(f, &lg, item++, "M4 2v3M8 2v3M12 2v3", "a tick: the traps of one cause "
                "in one pixel column, one lane per cause, under the guest that trapped");
    legend_causes(f, &lg, l, t, item);
    fprintf(f, "</g>\n");
}

/* ---- The picture ----------------------------------------------------------- */

static void header(FILE *f, const struct layout *l, const struct timeline *t,
                   double height)
{
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%.0f\" "
            "viewBox=\"0 0 %d %.0f\" font-family=\"sans-serif\">\n"
            "<title>vm74 VMM schedule</title>\n"
            "<desc>Made by vmm-run --timeline (docs/vmm.md, The timeline)</desc>\n"
            "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n",
            SVG_TL_WIDTH, height, SVG_TL_WIDTH, height);
    fprintf(f, "<text x=\"8\" y=\"20\" font-size=\"15\" font-weight=\"bold\">"
            "The VMM's schedule: %d guests, ", t->n);
    print_grouped(f, t->end);
    fprintf(f, " cycles");
    print_us(f, l, t->end);
    fprintf(f, ", %zu slices, %zu traps</text>\n", t->nslices, t->nticks);
}

/* One panel: its caption, the axes, the rows. */
static void panel(FILE *f, const struct layout *l, const struct timeline *t,
                  const struct vmm_report *rep, const char *name, const char *caption)
{
    fprintf(f, "<g class=\"panel\" data-panel=\"%s\">\n<text x=\"8\" y=\"%.1f\" "
            "font-size=\"13\" font-weight=\"bold\">%s</text>\n", name, l->top + 14,
            caption);
    cycles_axis(f, l);
    if (l->clock_mhz > 0)
        time_axis(f, l);
    for (int i = 0; i < t->n && i < (int)rep->nguests; i++)
        guest_row(f, l, t, &rep->guest[i], i);
    vmm_row(f, l, t);
    fprintf(f, "</g>\n");
}

/*
 * The detail: from the first entry into a guest, DETAIL_ROUNDS times the
 * quanta's sum, a few rounds of the round robin, where every slice and its
 * quantum are wide enough to see.
 */
static uint64_t detail_from(const struct timeline *t)
{
    return t->nslices ? t->slices[0].start : 0;
}

static uint64_t detail_to(const struct timeline *t, const struct vmm_report *rep)
{
    uint64_t sum = 0, from = detail_from(t);
    for (uint32_t i = 0; i < rep->nguests && i < VMM_MAX_GUESTS; i++)
        sum += rep->guest[i].quantum;
    uint64_t to = from + DETAIL_ROUNDS * sum;
    return to < t->end ? to : t->end;
}

int svg_timeline_write(FILE *f, const struct timeline *t,
                       const struct vmm_report *rep, double clock_mhz)
{
    struct layout whole, detail;
    char caption[200];
    layout_init(&whole, t, clock_mhz, 0, t->end, HEAD_H);
    layout_init(&detail, t, clock_mhz, detail_from(t), detail_to(t, rep),
                panel_bottom(&whole));
    double legend_top = panel_bottom(&detail);
    header(f, &whole, t, legend_top + legend_lines(&whole) * LEGEND_LINE + 16);
    panel(f, &whole, t, rep, "run", "The whole run");
    snprintf(caption, sizeof caption, "In detail: from the first guest's entry, %d "
             "times the sum of the quanta (%.0f cycles a pixel)", DETAIL_ROUNDS,
             detail.cyc_per_px);
    panel(f, &detail, t, rep, "detail", caption);
    legend(f, &whole, t, legend_top);
    fprintf(f, "</svg>\n");
    return fflush(f) || ferror(f) ? -1 : 0;
}

int svg_timeline_save(const char *path, const struct timeline *t,
                      const struct vmm_report *rep, double clock_mhz)
{
    FILE *f = fopen(path, "w");
    int rc = f ? svg_timeline_write(f, t, rep, clock_mhz) : -1;
    if (f && fclose(f))
        rc = -1;
    return rc;
}
