/*
 * pg_doctable.c - read the classification table of docs/isa.md §8.1 and
 * compare it with what pgcheck observed.
 *
 * The table is plain markdown: the first column lists instructions in
 * backticks (or says "illegal encodings"), and the columns whose headers
 * begin with "Privileged", "Control", "Behaviour" and "User" start with yes
 * or no (possibly in bold) followed by a remark.  "—" means the table makes
 * no claim.  A row that mentions `FLAW=` describes a variant of the
 * machine.
 */
#define _POSIX_C_SOURCE 200809L /* strndup */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

#define CELLS_MAX 8
#define CELL_LEN 256

struct columns {
    int privileged, control, behaviour, user; /* cell index, -1 if absent */
};

/* ---- Lines and cells ---------------------------------------------------- */

/* The next line of text (without its newline) into buf; NULL at the end. */
static const char *next_line(const char *p, char *buf, size_t len)
{
    if (*p == '\0')
        return NULL;
    size_t n = strcspn(p, "\n");
    size_t take = n < len - 1 ? n : len - 1;
    memcpy(buf, p, take);
    buf[take] = '\0';
    return p[n] == '\n' ? p + n + 1 : p + n;
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    size_t lead = strspn(s, " \t");
    memmove(s, s + lead, n - lead + 1);
}

/* Split "| a | b |" into cells; returns their number. */
static int split_cells(const char *line, char cells[CELLS_MAX][CELL_LEN])
{
    const char *p = strchr(line, '|');
    int n = 0;
    while (p != NULL && n < CELLS_MAX) {
        const char *end = strchr(p + 1, '|');
        if (end == NULL)
            break;
        size_t len = (size_t)(end - p - 1);
        if (len >= CELL_LEN)
            len = CELL_LEN - 1;
        memcpy(cells[n], p + 1, len);
        cells[n][len] = '\0';
        trim(cells[n]);
        n++;
        p = end;
    }
    return n;
}

/* ---- Reading cells ------------------------------------------------------ */

/* "**yes**", "yes (…)", "no (…)", "—". */
static int read_answer(const char *cell, enum pg_answer *a)
{
    while (*cell == '*' || *cell == ' ')
        cell++;
    if (strncmp(cell, "yes", 3) == 0)
        *a = PG_YES;
    else if (strncmp(cell, "no", 2) == 0)
        *a = PG_NO;
    else if (strncmp(cell, "\u2014", strlen("\u2014")) == 0 || *cell == '-')
        *a = PG_UNKNOWN;
    else
        return -1;
    return 0;
}

static bool is_mnemonic(const char *tok)
{
    if (!isupper((unsigned char)*tok))
        return false;
    for (; *tok; tok++)
        if (!isupper((unsigned char)*tok) && !isdigit((unsigned char)*tok) &&
            *tok != '.')
            return false;
    return true;
}

static void add_name(struct pg_doc_row *row, const char *name)
{
    if (row->n_names < PG_DOC_NAMES_MAX)
        snprintf(row->names[row->n_names++], PG_NAME_MAX, "%s", name);
}

/* The mnemonics in the backtick spans of the first cell. */
static void read_names(const char *cell, struct pg_doc_row *row)
{
    const char *p = cell;
    const char *open;
    while ((open = strchr(p, '`')) != NULL) {
        const char *close = strchr(open + 1, '`');
        if (close == NULL)
            break;
        char *span = strndup(open + 1, (size_t)(close - open - 1));
        for (char *tok = strtok(span, " \t,"); tok; tok = strtok(NULL, " \t,"))
            if (is_mnemonic(tok))
                add_name(row, tok);
        free(span);
        p = close + 1;
    }
    if (row->n_names == 0 && strncmp(cell, "illegal", 7) == 0)
        add_name(row, "illegal");
    row->variant_only = strstr(cell, "FLAW=") != NULL;
}

static int find_columns(char cells[CELLS_MAX][CELL_LEN], int n,
                        struct columns *col)
{
    col->privileged = col->control = col->behaviour = col->user = -1;
    for (int i = 0; i < n; i++) {
        if (strncmp(cells[i], "Privileged", 10) == 0)
            col->privileged = i;
        else if (strncmp(cells[i], "Control", 7) == 0)
            col->control = i;
        else if (strncmp(cells[i], "Behaviour", 9) == 0 ||
                 strncmp(cells[i], "Behavior", 8) == 0)
            col->behaviour = i;
        else if (strncmp(cells[i], "User", 4) == 0)
            col->user = i;
    }
    return col->privileged > 0 && col->control > 0 && col->behaviour > 0 &&
                   col->user > 0
               ? 0
               : -1;
}

static int read_row(char cells[CELLS_MAX][CELL_LEN], int n,
                    const struct columns *col, struct pg_doc_row *row,
                    char *err, size_t errlen)
{
    const int want[] = { col->privileged, col->control, col->behaviour,
                         col->user };
    enum pg_answer *into[] = { &row->privileged, &row->control,
                               &row->behaviour, &row->user };
    read_names(cells[0], row);
    for (int i = 0; i < 4; i++) {
        if (want[i] >= n || read_answer(cells[want[i]], into[i]) != 0) {
            snprintf(err, errlen, "line %d: cannot read '%s' as yes, no or "
                     "\u2014", row->line, want[i] < n ? cells[want[i]] : "");
            return -1;
        }
    }
    row->mode_named = strstr(cells[col->behaviour], "mode-sensitive") != NULL;
    if (row->n_names == 0) {
        snprintf(err, errlen, "line %d: no instruction in '%s'", row->line,
                 cells[0]);
        return -1;
    }
    return 0;
}

/* ---- Parsing ------------------------------------------------------------ */

static bool is_table_heading(const char *line)
{
    return line[0] == '#' && strstr(line, " 8.1") != NULL;
}

static bool is_separator(const char *line)
{
    return strspn(line, "|-: ") == strlen(line);
}

int pg_doc_parse(const char *markdown, struct pg_doc_table *t, char *err,
                 size_t errlen)
{
    char line[1024], cells[CELLS_MAX][CELL_LEN];
    struct columns col = { -1, -1, -1, -1 };
    const char *p = markdown;
    int lineno = 0, n;
    bool in_section = false, have_header = false;

    memset(t, 0, sizeof *t);
    while ((p = next_line(p, line, sizeof line)) != NULL) {
        lineno++;
        if (!in_section) {
            in_section = is_table_heading(line);
            continue;
        }
        if (line[0] != '|') {
            if (have_header || line[0] == '#')
                break; /* the table ended, or the section had none */
            continue;
        }
        n = split_cells(line, cells);
        if (!have_header) {
            if (find_columns(cells, n, &col) != 0) {
                snprintf(err, errlen, "line %d: the table has no Privileged, "
                         "Control, Behaviour and User columns", lineno);
                return -1;
            }
            have_header = true;
            continue;
        }
        if (is_separator(line))
            continue;
        if (t->n_rows == PG_DOC_ROWS_MAX) {
            snprintf(err, errlen, "line %d: more than %d rows", lineno,
                     PG_DOC_ROWS_MAX);
            return -1;
        }
        struct pg_doc_row *row = &t->rows[t->n_rows++];
        row->line = lineno;
        if (read_row(cells, n, &col, row, err, errlen) != 0)
            return -1;
    }
    if (t->n_rows == 0) {
        snprintf(err, errlen, "no table found under a '8.1' heading");
        return -1;
    }
    return 0;
}

int pg_doc_load(const char *path, struct pg_doc_table *t, char *err,
                size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    char *text = NULL;
    size_t cap = 0, len = 0, got;
    char chunk[4096];
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + got + 1 > cap) {
            cap = 2 * (len + got + 1);
            char *grown = realloc(text, cap);
            if (grown == NULL) {
                free(text);
                fclose(f);
                snprintf(err, errlen, "%s: out of memory", path);
                return -1;
            }
            text = grown;
        }
        memcpy(text + len, chunk, got);
        len += got;
    }
    fclose(f);
    if (text == NULL) {
        snprintf(err, errlen, "%s: empty", path);
        return -1;
    }
    text[len] = '\0';
    char why[256];
    int rc = pg_doc_parse(text, t, why, sizeof why);
    if (rc != 0)
        snprintf(err, errlen, "%s: %s", path, why);
    free(text);
    return rc;
}

/* ---- Comparing ---------------------------------------------------------- */

static const char *answer_word(enum pg_answer a)
{
    return a == PG_YES ? "yes" : a == PG_NO ? "no" : "unknown";
}

static int disagree(FILE *f, const char *name, const struct pg_doc_row *row,
                    const char *what, const char *docs, const char *seen)
{
    if (f)
        fprintf(f, "  %s: %s: the table (line %d) says %s, observed %s\n",
                name, what, row->line, docs, seen);
    return 1;
}

static int compare_one(FILE *f, const char *name, const struct pg_doc_row *row,
                       const struct pg_tally *t)
{
    int n = 0;
    enum pg_answer priv = pg_privileged(t);
    bool behaviour = t->mode.seen || t->location.seen;
    if (row->privileged != priv)
        n += disagree(f, name, row, "privileged",
                      answer_word(row->privileged), answer_word(priv));
    if (row->control != (t->control.seen ? PG_YES : PG_NO))
        n += disagree(f, name, row, "control-sensitive",
                      answer_word(row->control),
                      answer_word(t->control.seen ? PG_YES : PG_NO));
    if (row->behaviour != PG_UNKNOWN &&
        row->behaviour != (behaviour ? PG_YES : PG_NO))
        n += disagree(f, name, row, "behaviour-sensitive",
                      answer_word(row->behaviour),
                      answer_word(behaviour ? PG_YES : PG_NO));
    if (row->mode_named && !t->mode.seen)
        n += disagree(f, name, row, "mode-sensitive", "yes", "no");
    enum pg_answer user = pg_user_sensitive(t) ? PG_YES : PG_NO;
    if (row->user != PG_UNKNOWN && row->user != user)
        n += disagree(f, name, row, "user-sensitive", answer_word(row->user),
                      answer_word(user));
    return n;
}

static bool listed(const struct pg_doc_table *t, const char *name)
{
    for (size_t i = 0; i < t->n_rows; i++)
        for (size_t j = 0; j < t->rows[i].n_names; j++)
            if (strcmp(t->rows[i].names[j], name) == 0)
                return true;
    return false;
}

int pg_doc_compare(const struct pg_report *r, const struct pg_doc_table *t,
                   FILE *f)
{
    int n = 0;
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct pg_doc_row *row = &t->rows[i];
        for (size_t j = 0; j < row->n_names; j++) {
            const char *name = row->names[j];
            const struct pg_class *c = pg_find_class(r, name);
            if (c != NULL && c->t.words > 0)
                n += compare_one(f, name, row, &c->t);
            else if (!row->variant_only)
                n += disagree(f, name, row, "sampled", "it exists", "never");
        }
    }
    for (size_t i = 0; i < r->n_classes; i++) {
        const struct pg_class *c = &r->classes[i];
        if (c->t.words > 0 && !listed(t, c->name)) {
            if (f)
                fprintf(f, "  %s (e.g. 0x%08x): observed, not in the table\n",
                        c->name, c->example);
            n++;
        }
    }
    return n;
}
