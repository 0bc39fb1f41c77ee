/*
 * test_pgcheck.c - the Popek-Goldberg classifier (tools/pgcheck,
 * docs/pgcheck.md): in-process on the normal machine, build/flaw-NAME/
 * pgcheck as a subprocess on each flawed variant, and the reading and
 * comparing of the table of docs/isa.md §8.1.
 *
 * The in-process run uses a reduced sample (no opcode sweep) so that it
 * stays quick on the RTL model too; the backend comes from VM74_BACKEND.
 * Each build/flaw-NAME/pgcheck (the directory: VM74_BUILD_DIR, default
 * build) has both backends of its variant (the ISS built with
 * -DVM74_FLAW=n, the RTL verilated with FLAW=n) and runs on the one named
 * by VM74_BACKEND, sweeping custom-0 only, with no directed words for the
 * variant's instruction: it must find it there.  Run from the repository
 * root.
 */
#define _GNU_SOURCE /* open_memstream, mkstemp */
#include "harness.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pgcheck.h"

#define ISA_MD "docs/isa.md"

/* One small run of the classifier on the normal machine, shared by the
 * tests that look at its report. */
static struct pg_report report;

static int run_classifier(void **state)
{
    (void)state;
    struct pg_options o;
    char err[256];
    pg_default_options(&o, hx_backend());
    o.states = 2;
    o.directed = 16;
    o.sweep_operands = 0;
    o.random_words = 1000;
    if (pg_run(&o, &report, err, sizeof err) != 0) {
        fprintf(stderr, "pg_run: %s\n", err);
        return -1;
    }
    return 0;
}

static int free_report(void **state)
{
    (void)state;
    pg_report_free(&report);
    return 0;
}

static const struct pg_tally *tally(const char *name)
{
    const struct pg_class *c = pg_find_class(&report, name);
    assert_non_null(c);
    return &c->t;
}

/* ---- The normal machine ----------------------------------------------- */

static void test_vm74_is_virtualizable(void **state)
{
    (void)state;
    char line[256];
    assert_true(pg_verdict(&report, line, sizeof line));
    assert_string_equal(line, "VIRTUALIZABLE: yes \u2014 every sensitive "
                              "instruction is privileged");
    assert_true(report.steps == 4 * report.experiments);
}

static void test_vm74_allows_a_hybrid_vmm(void **state)
{
    (void)state;
    char line[512];
    assert_true(pg_hybrid_verdict(&report, line, sizeof line));
    assert_string_equal(line, "HYBRID-VIRTUALIZABLE: yes \u2014 every "
                              "user-sensitive instruction is privileged");
    assert_true(pg_hybrid_vmm_verdict(&report, line, sizeof line));
    assert_string_equal(line, "HYBRID-VMM: yes \u2014 no unprivileged "
                              "instruction is user-control- or "
                              "user-location-sensitive");
}

/* LPSW and WFI trap in user mode only: user-sensitive through mode alone
 * (a user-mode run of either changes nothing and reads nothing). */
static void test_lpsw_and_wfi_are_user_sensitive_by_mode(void **state)
{
    (void)state;
    static const char *const names[] = { "LPSW", "WFI" };
    for (size_t i = 0; i < 2; i++) {
        const struct pg_tally *t = tally(names[i]);
        assert_true(pg_user_sensitive(t));
        assert_true(t->mode.seen);
        assert_false(t->user_control.seen);
        assert_false(t->user_location.seen);
    }
}

static void test_lpsw_and_wfi_are_privileged_and_sensitive(void **state)
{
    (void)state;
    const struct pg_tally *lpsw = tally("LPSW"), *wfi = tally("WFI");
    assert_int_equal(pg_privileged(lpsw), PG_YES);
    assert_true(lpsw->control.seen); /* it loaded a new PSW somewhere */
    assert_int_equal(pg_privileged(wfi), PG_YES);
    assert_true(wfi->control.seen); /* it stopped the processor */
}

static void test_user_instructions_are_innocuous(void **state)
{
    (void)state;
    static const char *const names[] = { "AUIPC", "ADD", "DIV", "JAL",
                                         "JALR", "BNE", "LW", "SB", "FENCE" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const struct pg_tally *t = tally(names[i]);
        assert_false(pg_sensitive(t));
        assert_false(pg_user_sensitive(t));
        assert_int_equal(pg_privileged(t), PG_NO);
        assert_true(t->completed > 0); /* not judged on traps alone */
    }
}

static void test_traps_in_both_modes_are_not_privileged(void **state)
{
    (void)state;
    static const char *const names[] = { "ECALL", "EBREAK", "illegal" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const struct pg_tally *t = tally(names[i]);
        assert_true(t->words > 0);
        assert_int_equal(t->completed, 0);
        assert_int_equal(pg_privileged(t), PG_NO);
        assert_false(pg_sensitive(t));
    }
    /* the variants' encodings are illegal on vm74: they land in
     * "illegal", and no directed word points at them */
    assert_int_equal(tally("RDMODE")->words, 0);
    assert_int_equal(tally("JRSTU")->words, 0);
    assert_int_equal(tally("RDBASE")->words, 0);
}

static void test_report_agrees_with_isa_md(void **state)
{
    (void)state;
    struct pg_doc_table t;
    char err[256];
    assert_int_equal(pg_doc_load(ISA_MD, &t, err, sizeof err), 0);
    assert_int_equal(pg_doc_compare(&report, &t, stderr), 0);
}

/* ---- The verdict line from a made-up report ---------------------------- */

static void test_verdict_names_the_unprivileged_sensitive_class(void **state)
{
    (void)state;
    struct pg_class classes[2] = {
        { .name = "LPSW", .example = 0x0000000b,
          .t = { .words = 1, .priv_pairs = 2, .priv_holds = 2,
                 .control = { true, 0x0000000b } } },
        { .name = "SNEAKY", .example = 0x0000700b,
          .t = { .words = 1, .priv_pairs = 2, .priv_holds = 1,
                 .location = { true, 0x1234700b } } },
    };
    struct pg_report r = { .classes = classes, .n_classes = 2 };
    char line[256];
    assert_false(pg_verdict(&r, line, sizeof line));
    assert_string_equal(line, "VIRTUALIZABLE: no \u2014 SNEAKY (0x1234700b) "
                              "is location-sensitive and not privileged");
    classes[1].t.priv_holds = 2; /* now privileged: fine */
    assert_true(pg_verdict(&r, line, sizeof line));
}

/* One unprivileged class with the given witnesses, after a privileged,
 * sensitive LPSW; the three verdict lines, joined by newlines. */
static void three_verdicts(struct pg_tally flawed, char *out, size_t len)
{
    struct pg_class classes[2] = {
        { .name = "LPSW", .example = 0x0000000b,
          .t = { .words = 1, .priv_pairs = 2, .priv_holds = 2,
                 .control = { true, 0x0000000b },
                 .mode = { true, 0x0000000b } } },
        { .name = "FLAWED", .example = 0x0000700b, .t = flawed },
    };
    struct pg_report r = { .classes = classes, .n_classes = 2 };
    char a[512], b[512], c[512];
    pg_verdict(&r, a, sizeof a);
    pg_hybrid_verdict(&r, b, sizeof b);
    pg_hybrid_vmm_verdict(&r, c, sizeof c);
    snprintf(out, len, "%s\n%s\n%s", a, b, c);
}

#define UNPRIVILEGED .words = 1, .priv_pairs = 2, .priv_holds = 0

/* The PDP-10's JRST 1: control-sensitive from supervisor mode only. */
static void test_supervisor_only_control_allows_a_hybrid_vmm(void **state)
{
    (void)state;
    char out[1600];
    three_verdicts((struct pg_tally){ UNPRIVILEGED,
                                      .control = { true, 0x0000300b } },
                   out, sizeof out);
    assert_string_equal(out,
        "VIRTUALIZABLE: no \u2014 FLAWED (0x0000300b) is control-sensitive "
        "and not privileged\n"
        "HYBRID-VIRTUALIZABLE: yes \u2014 every user-sensitive instruction "
        "is privileged\n"
        "HYBRID-VMM: yes \u2014 no unprivileged instruction is "
        "user-control- or user-location-sensitive");
}

/* RDMODE: user-sensitive by the letter, harmless to native user mode. */
static void test_mode_only_is_user_sensitive_by_the_letter(void **state)
{
    (void)state;
    char out[1600];
    three_verdicts((struct pg_tally){ UNPRIVILEGED,
                                      .mode = { true, 0x0000210b } },
                   out, sizeof out);
    assert_string_equal(out,
        "VIRTUALIZABLE: no \u2014 FLAWED (0x0000210b) is mode-sensitive and "
        "not privileged\n"
        "HYBRID-VIRTUALIZABLE: no \u2014 FLAWED (0x0000210b) is "
        "user-mode-sensitive and not privileged\n"
        "HYBRID-VMM: yes \u2014 no unprivileged instruction is "
        "user-control- or user-location-sensitive; FLAWED is user-sensitive "
        "only through mode, which native execution in real user mode "
        "cannot show (docs/isa.md \u00a78.4)");
}

/* RDBASE: location-sensitive in user mode too; the user-mode witness is
 * the one the hybrid verdicts name. */
static void test_user_location_defeats_both_vmms(void **state)
{
    (void)state;
    char out[1600];
    three_verdicts((struct pg_tally){ UNPRIVILEGED,
                                      .location = { true, 0x0000410b },
                                      .user_location = { true, 0x0000418b } },
                   out, sizeof out);
    assert_string_equal(out,
        "VIRTUALIZABLE: no \u2014 FLAWED (0x0000410b) is location-sensitive "
        "and not privileged\n"
        "HYBRID-VIRTUALIZABLE: no \u2014 FLAWED (0x0000418b) is "
        "user-location-sensitive and not privileged\n"
        "HYBRID-VMM: no \u2014 FLAWED (0x0000418b) is "
        "user-location-sensitive and not privileged");
}

/* ---- The table of docs/isa.md §8.1 ------------------------------------- */

static const struct pg_doc_row *row_listing(const struct pg_doc_table *t,
                                            const char *name)
{
    for (size_t i = 0; i < t->n_rows; i++)
        for (size_t j = 0; j < t->rows[i].n_names; j++)
            if (strcmp(t->rows[i].names[j], name) == 0)
                return &t->rows[i];
    return NULL;
}

static void test_isa_md_table_is_read(void **state)
{
    (void)state;
    struct pg_doc_table t;
    char err[256];
    assert_int_equal(pg_doc_load(ISA_MD, &t, err, sizeof err), 0);
    const struct pg_doc_row *lpsw = row_listing(&t, "LPSW");
    const struct pg_doc_row *wfi = row_listing(&t, "WFI");
    const struct pg_doc_row *rdmode = row_listing(&t, "RDMODE");
    const struct pg_doc_row *illegal = row_listing(&t, "illegal");
    assert_non_null(lpsw);
    assert_non_null(wfi);
    assert_non_null(rdmode);
    assert_non_null(illegal);
    assert_non_null(row_listing(&t, "REMU"));
    assert_null(row_listing(&t, "FLAW=1"));
    assert_int_equal(lpsw->privileged, PG_YES);
    assert_int_equal(lpsw->behaviour, PG_YES);
    assert_int_equal(wfi->behaviour, PG_UNKNOWN); /* "—" */
    assert_true(rdmode->variant_only);
    assert_true(rdmode->mode_named);
    assert_int_equal(rdmode->privileged, PG_NO);
    assert_int_equal(rdmode->user, PG_YES);
    assert_int_equal(row_listing(&t, "JRSTU")->user, PG_NO);
    assert_int_equal(row_listing(&t, "RDBASE")->user, PG_YES);
    assert_int_equal(lpsw->user, PG_YES);
    assert_int_equal(illegal->privileged, PG_NO);
}

/* A table that gets ADD, LPSW and WFI wrong (ADD twice), forgets the
 * illegal words and lists an instruction that does not exist. */
static const char wrong_table[] =
    "# not vm74\n"
    "\n"
    "### 8.1 Table\n"
    "\n"
    "| Instruction class | Privileged | Control-sensitive | Behaviour-sensitive | User-sensitive | Class |\n"
    "|---|---|---|---|---|---|\n"
    "| RV32I: `LUI AUIPC ADDI SLTI SLTIU XORI ORI ANDI SLLI SRLI SRAI SUB SLL SLT SLTU XOR SRL SRA OR AND` | no | no | no | no | innocuous |\n"
    "| `ADD` | **yes** | no | no | yes | privileged |\n"
    "| RV32M: `MUL MULH MULHSU MULHU DIV DIVU REM REMU` | no | no | no | no | innocuous |\n"
    "| `JAL JALR BEQ BNE BLT BGE BLTU BGEU` | no | no | no | no | innocuous |\n"
    "| `LB LH LW LBU LHU SB SH SW` | no | no | no | no | innocuous |\n"
    "| `FENCE`, `ECALL`, `EBREAK` | no | no | no | no | innocuous |\n"
    "| `LPSW` | **yes** | no | yes | yes | privileged |\n"
    "| `WFI` | no | yes | yes: mode-sensitive | — | sensitive |\n"
    "| `XYZZY` | no | no | no | no | innocuous |\n"
    "| `RDMODE` (`FLAW=rdmode` only) | no | no | yes: mode-sensitive | yes | flawed |\n"
    "\n"
    "### 8.2 Next\n";

static char *compare_to_text(const struct pg_doc_table *t, int *n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    *n = pg_doc_compare(&report, t, f);
    fclose(f);
    return text;
}

static void test_wrong_table_disagrees(void **state)
{
    (void)state;
    struct pg_doc_table t;
    char err[256];
    int n;
    assert_int_equal(pg_doc_parse(wrong_table, &t, err, sizeof err), 0);
    char *text = compare_to_text(&t, &n);
    assert_non_null(strstr(text, "ADD: privileged: the table (line 8) says "
                                 "yes, observed no"));
    assert_non_null(strstr(text, "ADD: user-sensitive: the table (line 8) "
                                 "says yes, observed no"));
    assert_non_null(strstr(text, "LPSW: control-sensitive: the table (line "
                                 "13) says no, observed yes"));
    assert_non_null(strstr(text, "WFI: privileged: the table (line 14) says "
                                 "no, observed yes"));
    assert_null(strstr(text, "WFI: mode-sensitive")); /* WFI is */
    assert_non_null(strstr(text, "XYZZY: sampled"));
    assert_non_null(strstr(text, "illegal (e.g. 0x"));
    assert_null(strstr(text, "RDMODE")); /* a variant: not sampled here */
    assert_int_equal(n, 6);
    free(text);
}

static void test_bad_tables_are_errors(void **state)
{
    (void)state;
    struct pg_doc_table t;
    char err[256];
    assert_int_equal(pg_doc_parse("# 8 Classification\nno table\n", &t, err,
                                  sizeof err), -1);
    assert_non_null(strstr(err, "no table"));
    assert_int_equal(pg_doc_parse("### 8.1 T\n| I | Privileged | Control | "
                                  "Behaviour | User |\n|---|---|---|---|---|\n"
                                  "| `ADD` | maybe | no | no | no |\n",
                                  &t, err, sizeof err), -1);
    assert_non_null(strstr(err, "line 4"));
    assert_non_null(strstr(err, "maybe"));
    assert_int_equal(pg_doc_parse("### 8.1 T\n| I | Privileged | Remark |\n"
                                  "|---|---|---|\n", &t, err, sizeof err), -1);
    /* the User-sensitive column is required */
    assert_int_equal(pg_doc_parse("### 8.1 T\n| I | Privileged | Control | "
                                  "Behaviour |\n|---|---|---|---|\n"
                                  "| `ADD` | no | no | no |\n",
                                  &t, err, sizeof err), -1);
    assert_non_null(strstr(err, "User"));
}

/* ---- The flawed variants, as subprocesses ------------------------------ */

/* Runs argv with stdout into out; returns the exit status. */
static int run_capture(const char *const *argv, char *out, size_t cap)
{
    char path[] = "/tmp/vm74-pgcheck-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fd, 1);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int ws;
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    lseek(fd, 0, SEEK_SET);
    ssize_t n = read(fd, out, cap - 1);
    out[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

/* What pgcheck must print on a variant: each verdict line's start, and
 * its end after the encoding (NULL: the line is "yes"). */
struct variant_verdicts {
    const char *name;
    const char *verdict_end, *hybrid_end, *hybrid_vmm_end;
    const char *mnemonic;
};

static void expect_line(const char *out, const char *prefix,
                        const char *mnemonic, const char *end)
{
    char start[96];
    if (end == NULL) {
        snprintf(start, sizeof start, "\n%s: yes \u2014 ", prefix);
        assert_non_null(strstr(out, start));
        return;
    }
    snprintf(start, sizeof start, "\n%s: no \u2014 %s (0x", prefix,
             mnemonic);
    const char *line = strstr(out, start);
    if (line == NULL)
        fail_msg("no line '%s...' in:\n%s", start + 1, out);
    const char *close = strchr(line, ')');
    assert_non_null(close);
    assert_memory_equal(close, end, strlen(end));
}

static void check_variant(const struct variant_verdicts *v)
{
    static char out[16384];
    char backend[32], path[256];
    const char *dir = getenv("VM74_BUILD_DIR");
    snprintf(path, sizeof path, "%s/flaw-%s/pgcheck",
             dir && *dir ? dir : "build", v->name);
    snprintf(backend, sizeof backend, "--backend=%s", hx_backend_env());
    const char *argv[] = { path, backend, "--sweep=3", "--sweep-opcode=0x0b",
                           "--random=1000", "--states=2", "--directed=16",
                           "--isa-table=" ISA_MD, NULL };
    int status = run_capture(argv, out, sizeof out);
    if (status == 127)
        fail_msg("cannot run %s", argv[0]);
    assert_int_equal(status, 1); /* not virtualizable by Theorem 1 */
    expect_line(out, "VIRTUALIZABLE", v->mnemonic, v->verdict_end);
    expect_line(out, "HYBRID-VIRTUALIZABLE", v->mnemonic, v->hybrid_end);
    expect_line(out, "HYBRID-VMM", v->mnemonic, v->hybrid_vmm_end);
    assert_non_null(strstr(out, "agrees with " ISA_MD));
}

static void test_rdmode_fails_theorem_1_and_3_not_the_hybrid_vmm(void **state)
{
    (void)state;
    static const struct variant_verdicts v = {
        "rdmode", ") is mode-sensitive and not privileged\n",
        ") is user-mode-sensitive and not privileged\n", NULL, "RDMODE",
    };
    check_variant(&v);
}

static void test_jrstu_fails_theorem_1_only(void **state)
{
    (void)state;
    static const struct variant_verdicts v = {
        "jrstu", ") is control-sensitive and not privileged\n", NULL, NULL,
        "JRSTU",
    };
    check_variant(&v);
}

static void test_rdbase_fails_every_condition(void **state)
{
    (void)state;
    static const struct variant_verdicts v = {
        "rdbase", ") is location-sensitive and not privileged\n",
        ") is user-location-sensitive and not privileged\n",
        ") is user-location-sensitive and not privileged\n", "RDBASE",
    };
    check_variant(&v);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vm74_is_virtualizable),
        cmocka_unit_test(test_vm74_allows_a_hybrid_vmm),
        cmocka_unit_test(test_lpsw_and_wfi_are_user_sensitive_by_mode),
        cmocka_unit_test(test_lpsw_and_wfi_are_privileged_and_sensitive),
        cmocka_unit_test(test_user_instructions_are_innocuous),
        cmocka_unit_test(test_traps_in_both_modes_are_not_privileged),
        cmocka_unit_test(test_report_agrees_with_isa_md),
        cmocka_unit_test(test_verdict_names_the_unprivileged_sensitive_class),
        cmocka_unit_test(test_supervisor_only_control_allows_a_hybrid_vmm),
        cmocka_unit_test(test_mode_only_is_user_sensitive_by_the_letter),
        cmocka_unit_test(test_user_location_defeats_both_vmms),
        cmocka_unit_test(test_isa_md_table_is_read),
        cmocka_unit_test(test_wrong_table_disagrees),
        cmocka_unit_test(test_bad_tables_are_errors),
        cmocka_unit_test(test_rdmode_fails_theorem_1_and_3_not_the_hybrid_vmm),
        cmocka_unit_test(test_jrstu_fails_theorem_1_only),
        cmocka_unit_test(test_rdbase_fails_every_condition),
    };
    hx_apply_filter(argc, argv);
    return cmocka_run_group_tests_name("pgcheck", tests, run_classifier,
                                       free_report);
}
