/*
 * test_devices.c - the device registers of docs/isa.md §6, reached the way
 * programs reach them: word loads and stores from supervisor code.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define CODE 0x1000u

/* Run n words at CODE in supervisor mode, R = all; none may trap. */
static int run_supervisor(struct hx *h, const uint32_t *w, size_t n)
{
    int status = VM74_RUNNING;
    hx_place(h, CODE, w, n);
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, CODE, 0, VM74_BOUND_ALL);
    for (size_t i = 0; i < n && status == VM74_RUNNING; i++) {
        struct vm74_retire rec;
        status = hx_step(h, &rec);
        if (rec.trap)
            fail_msg("step %zu (%#010x) trapped: cause %u info %#x", i, w[i],
                     rec.cause, rec.info);
    }
    return status;
}

static uint32_t mmio_load(struct hx *h, uint32_t addr)
{
    uint32_t w[3];
    size_t n = enc_li(w, 0, 1, addr);
    w[n++] = enc_lw(6, 1, 0);
    assert_int_equal(run_supervisor(h, w, n), VM74_RUNNING);
    return hx_reg(h, 6);
}

static int mmio_store(struct hx *h, uint32_t addr, uint32_t value)
{
    uint32_t w[5];
    size_t n = enc_li(w, 0, 1, addr);
    n = enc_li(w, n, 2, value);
    w[n++] = enc_sw(2, 1, 0);
    return run_supervisor(h, w, n);
}

/* ---- UART ------------------------------------------------------------- */

static void test_uart_tx(void **state)
{
    struct hx *h = *state;
    assert_int_equal(mmio_store(h, VM74_UART_TXDATA, 'H'), VM74_RUNNING);
    assert_int_equal(mmio_store(h, VM74_UART_TXDATA, 0x12345669), VM74_RUNNING);
    assert_int_equal(h->out_len, 2);
    assert_string_equal(hx_console_output(h), "Hi"); /* bits 7:0 only */
    assert_true(mmio_load(h, VM74_UART_STATUS) & VM74_UART_STATUS_TX_READY);
}

static void test_uart_rx(void **state)
{
    struct hx *h = *state;
    static const char input[] = {'a', (char)0xff};
    hx_console_input(h, input, sizeof input);
    uint32_t status = mmio_load(h, VM74_UART_STATUS);
    assert_int_equal(status & VM74_UART_STATUS_RX_READY, VM74_UART_STATUS_RX_READY);
    assert_int_equal(mmio_load(h, VM74_UART_RXDATA), 'a');
    assert_int_equal(mmio_load(h, VM74_UART_RXDATA), 0xff);
    status = mmio_load(h, VM74_UART_STATUS);
    assert_int_equal(status & VM74_UART_STATUS_RX_READY, 0);
    assert_int_equal(status & VM74_UART_STATUS_TX_READY, VM74_UART_STATUS_TX_READY);
    /* nothing left: bit 31 set, bits 7:0 zero */
    assert_int_equal(mmio_load(h, VM74_UART_RXDATA), VM74_UART_RX_EMPTY);
    assert_int_equal(mmio_load(h, VM74_UART_RXDATA), 0x80000000);
}

static void test_uart_rx_empty_without_input(void **state)
{
    struct hx *h = *state;
    assert_int_equal(mmio_load(h, VM74_UART_STATUS) & VM74_UART_STATUS_RX_READY, 0);
    assert_int_equal(mmio_load(h, VM74_UART_RXDATA), 0x80000000);
}

/* A load of RXDATA that faults (not a word access) must not consume the
 * byte: the RTL issues a load's read before its checks are known, and only
 * the pop waits for them.  Stepped, then free-running into a handler. */
static void test_uart_rx_faulting_load_keeps_the_byte(void **state)
{
    struct hx *h = *state;
    hx_console_input(h, "kq", 2);
    uint32_t w[8];
    size_t n = enc_li(w, 0, 1, VM74_UART_RXDATA);
    size_t lh = n;
    w[n++] = enc_lh(6, 1, 0);
    w[n++] = enc_lb(6, 1, 0);
    hx_place(h, CODE, w, n);
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, CODE, 0, VM74_BOUND_ALL);
    for (size_t i = 0; i < lh; i++)
        assert_int_equal(hx_step(h, NULL), VM74_RUNNING);
    HX_STEP_TRAPS(h, VM74_CAUSE_LOAD_FAULT, VM74_UART_RXDATA);
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, CODE + 4 * (lh + 1), 0, VM74_BOUND_ALL);
    HX_STEP_TRAPS(h, VM74_CAUSE_LOAD_FAULT, VM74_UART_RXDATA);
    assert_int_equal(mmio_load(h, VM74_UART_RXDATA), 'k');

    /* Free run: LH faults, the handler loads the byte and exits with it. */
    uint32_t hnd[8];
    size_t m = 0;
    hnd[m++] = enc_lw(5, 1, 0);
    m = enc_li(hnd, m, 3, VM74_SIMCTL_EXIT);
    hnd[m++] = enc_sw(5, 3, 0);
    hx_place(h, HX_HANDLER, hnd, m);
    hx_place(h, CODE, w, lh + 1);
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, CODE, 0, VM74_BOUND_ALL);
    assert_int_equal(vm74_run(h->m, 1000), VM74_EXITED);
    assert_int_equal(vm74_exit_code(h->m), 'q');
}

/* ---- Timer ------------------------------------------------------------ */

static void test_timer_registers(void **state)
{
    struct hx *h = *state;
    /* CMP resets to 2^64 - 1 */
    assert_int_equal(mmio_load(h, VM74_TIMER_CMP_LO), 0xffffffff);
    assert_int_equal(mmio_load(h, VM74_TIMER_CMP_HI), 0xffffffff);
    assert_int_equal(mmio_store(h, VM74_TIMER_CMP_LO, 0x12345678), VM74_RUNNING);
    assert_int_equal(mmio_store(h, VM74_TIMER_CMP_HI, 0x9abcdef0), VM74_RUNNING);
    assert_int_equal(mmio_load(h, VM74_TIMER_CMP_LO), 0x12345678);
    assert_int_equal(mmio_load(h, VM74_TIMER_CMP_HI), 0x9abcdef0);
    /* TIME counts up from 0; its high word is still 0 */
    uint32_t t1 = mmio_load(h, VM74_TIMER_TIME_LO);
    uint32_t t2 = mmio_load(h, VM74_TIMER_TIME_LO);
    assert_true(t1 > 0);
    assert_true(t2 > t1);
    assert_int_equal(mmio_load(h, VM74_TIMER_TIME_HI), 0);
    /* CYCLE counts the same clock */
    uint32_t c1 = mmio_load(h, VM74_PERF_CYCLE_LO);
    assert_true(c1 > t2);
    assert_int_equal(mmio_load(h, VM74_PERF_CYCLE_HI), 0);
}

/* ---- Performance counters --------------------------------------------- */

/* Two reads of INSTRET_S with k instructions between differ by k + 1:
 * the first load itself retires too. */
static void test_instret_supervisor(void **state)
{
    struct hx *h = *state;
    uint32_t w[16];
    size_t n = enc_li(w, 0, 1, VM74_PERF_INSTRET_S_LO);
    w[n++] = enc_lw(6, 1, 0);
    for (int i = 0; i < 5; i++)
        w[n++] = enc_addi(5, 5, 1);
    w[n++] = enc_lw(7, 1, 0);
    assert_int_equal(run_supervisor(h, w, n), VM74_RUNNING);
    assert_int_equal(hx_reg(h, 7) - hx_reg(h, 6), 5 + 1);
    assert_int_equal(mmio_load(h, VM74_PERF_INSTRET_S_HI), 0);
}

/* User instructions count in INSTRET_U and not in INSTRET_S; the trapped
 * ECALL counts in neither. */
static void test_instret_user_and_traps(void **state)
{
    struct hx *h = *state;
    const uint32_t ul = 0x4000;
    hx_put_psw(h, 0x700, 0, 0, ul, 0x100);
    HX_PLACE(h, ul, enc_addi(5, 0, 1), enc_addi(5, 5, 1), enc_addi(5, 5, 1),
             VM74_INSN_ECALL);
    /* supervisor: read U and S, then go to user */
    uint32_t w[12];
    size_t n = enc_li(w, 0, 1, VM74_PERF_BASE);
    w[n++] = enc_lw(6, 1, VM74_PERF_INSTRET_U_LO - VM74_PERF_BASE);
    w[n++] = enc_lw(7, 1, VM74_PERF_INSTRET_S_LO - VM74_PERF_BASE);
    w[n++] = enc_lpsw(0, 0x700);
    hx_place(h, CODE, w, n);
    /* the handler reads them again */
    HX_PLACE(h, HX_HANDLER, enc_lw(8, 1, VM74_PERF_INSTRET_U_LO - VM74_PERF_BASE),
             enc_lw(9, 1, VM74_PERF_INSTRET_S_LO - VM74_PERF_BASE));
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, CODE, 0, VM74_BOUND_ALL);
    assert_int_equal(hx_steps(h, (int)n + 4 + 2), VM74_RUNNING);
    assert_int_equal(hx_reg(h, 5), 3);
    assert_int_equal(hx_rd32(h, VM74_LC_CAUSE), VM74_CAUSE_ECALL);
    assert_int_equal(hx_reg(h, 8) - hx_reg(h, 6), 3);    /* the three ADDIs */
    /* lw S itself, LPSW, the handler's lw U */
    assert_int_equal(hx_reg(h, 9) - hx_reg(h, 7), 3);

    struct vm74_stats st;
    vm74_get_stats(h->m, &st);
    assert_int_equal(st.instret[VM74_MODE_USER], 3);
    assert_int_equal(st.traps[VM74_CAUSE_ECALL], 1);
    assert_int_equal(st.steps, st.instret[0] + st.instret[1] + 1);
}

/* ---- Simulation control ----------------------------------------------- */

static void test_simctl_exit(void **state)
{
    struct hx *h = *state;
    assert_int_equal(mmio_store(h, VM74_SIMCTL_EXIT, 0x12345607), VM74_EXITED);
    assert_int_equal(vm74_exit_code(h->m), 0x12345607);
    assert_int_equal(hx_psw(h).pc, CODE + 5 * 4); /* the store retired */
}

static void test_simctl_exit_zero(void **state)
{
    struct hx *h = *state;
    uint32_t w[4];
    size_t n = enc_li(w, 0, 1, VM74_SIMCTL_EXIT);
    w[n++] = enc_sw(0, 1, 0);
    assert_int_equal(run_supervisor(h, w, n), VM74_EXITED);
    assert_int_equal(vm74_exit_code(h->m), 0);
}

/* Free-running (vm74_run, where a pipeline overlaps instructions): the run
 * stops right after the exit store retires.  The instructions behind it
 * must have no effect and must not count as retired (docs/isa.md §6). */
static void test_simctl_exit_stops_a_free_run(void **state)
{
    struct hx *h = *state;
    uint32_t w[8];
    size_t n = enc_li(w, 0, 1, VM74_SIMCTL_EXIT);
    w[n++] = enc_addi(2, 0, 5);
    w[n++] = enc_sw(2, 1, 0);
    size_t retiring = n;             /* up to and including the store */
    w[n++] = enc_addi(3, 0, 1);      /* never runs */
    w[n++] = enc_sw(3, 0, 0x900);    /* never runs */
    w[n++] = enc_jal(0, 0);
    hx_place(h, CODE, w, n);
    hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, CODE, 0, VM74_BOUND_ALL);
    struct vm74_stats st;
    assert_int_equal(vm74_run(h->m, 1000), VM74_EXITED);
    assert_int_equal(vm74_exit_code(h->m), 5);
    vm74_get_stats(h->m, &st);
    assert_int_equal(st.instret[VM74_MODE_SUPERVISOR], retiring);
    assert_int_equal(st.steps, retiring);
    assert_int_equal(hx_reg(h, 3), 0);
    assert_int_equal(hx_rd32(h, 0x900), 0);
    assert_int_equal(hx_psw(h).pc, CODE + 4 * retiring);
}

/* ---- Access rules ------------------------------------------------------ */

static void test_read_only_store_ignored(void **state)
{
    struct hx *h = *state;
    assert_int_equal(mmio_store(h, VM74_TIMER_TIME_HI, 0xf0000000), VM74_RUNNING);
    assert_int_equal(mmio_load(h, VM74_TIMER_TIME_HI), 0);
    assert_int_equal(mmio_store(h, VM74_PERF_INSTRET_U_HI, 0x55), VM74_RUNNING);
    assert_int_equal(mmio_load(h, VM74_PERF_INSTRET_U_HI), 0);
    assert_int_equal(mmio_store(h, VM74_UART_STATUS, 0), VM74_RUNNING);
    assert_true(mmio_load(h, VM74_UART_STATUS) & VM74_UART_STATUS_TX_READY);
    static const char input[] = {'z'};
    hx_console_input(h, input, 1);
    assert_int_equal(mmio_store(h, VM74_UART_RXDATA, 'q'), VM74_RUNNING);
    assert_int_equal(mmio_load(h, VM74_UART_RXDATA), 'z');
}

static void test_write_only_load_returns_zero(void **state)
{
    struct hx *h = *state;
    assert_int_equal(mmio_store(h, VM74_UART_TXDATA, 'x'), VM74_RUNNING);
    assert_int_equal(mmio_load(h, VM74_UART_TXDATA), 0);
    assert_int_equal(mmio_load(h, VM74_SIMCTL_EXIT), 0); /* and no exit */
}

static void test_undefined_mmio_faults(void **state)
{
    struct hx *h = *state;
    const uint32_t addrs[] = {
        VM74_UART_BASE + 0x0c, VM74_UART_BASE + 0x100, VM74_TIMER_BASE + 0x10,
        VM74_PERF_BASE + 0x18, VM74_SIMCTL_BASE + 4,
        VM74_MMIO_BASE + VM74_MMIO_SIZE, 0x10010000, 0x20000000,
    };
    for (size_t i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
        hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, CODE, 0, VM74_BOUND_ALL);
        hx_set_reg(h, 1, addrs[i]);
        hx_wr32(h, CODE, enc_lw(3, 1, 0));
        HX_STEP_TRAPS(h, VM74_CAUSE_LOAD_FAULT, addrs[i]);
        hx_set_psw(h, VM74_MODE_SUPERVISOR, 0, CODE, 0, VM74_BOUND_ALL);
        hx_wr32(h, CODE, enc_sw(3, 1, 0));
        HX_STEP_TRAPS(h, VM74_CAUSE_STORE_FAULT, addrs[i]);
    }
}

/* ---- The table, VM74_DEVICE_REGISTERS -------------------------------- */

#define ACCESS_TEXT_R "R"
#define ACCESS_TEXT_W "W"
#define ACCESS_TEXT_RW "R/W"
struct table_register {
    uint32_t address;
    const char *name;
    const char *access; /* as docs/isa.md writes it */
};
#define TABLE_REGISTER(dev, reg, offset, access, meaning) \
    {VM74_##dev##_##reg, #dev "_" #reg, ACCESS_TEXT_##access},
static const struct table_register table[] = {
    VM74_DEVICE_REGISTERS(TABLE_REGISTER)
};
#define TABLE_SIZE (sizeof table / sizeof table[0])

/* Every register of the table takes a word load, and a store unless it
 * is write-only and has an effect (TXDATA, EXIT); a write-only one reads
 * 0.  A register missing from a machine's address check faults here. */
static void test_every_table_register_is_there(void **state)
{
    struct hx *h = *state;
    for (size_t i = 0; i < TABLE_SIZE; i++) {
        uint32_t v = mmio_load(h, table[i].address);
        if (strcmp(table[i].access, "W") == 0)
            assert_int_equal(v, 0);
        else if (strcmp(table[i].access, "R") == 0)
            assert_int_equal(mmio_store(h, table[i].address, v), VM74_RUNNING);
    }
}

/* The text of one row of the register table of docs/isa.md §6. */
struct doc_row {
    char name[2][32];
    char access[8];
};

/* "| 0x1000_2000 | `PERF_CYCLE_LO`/`_HI` (+4) | R | ..." stands for two
 * registers. */
static size_t parse_doc_row(char *row, struct table_register *out, struct doc_row *text)
{
    char *cell[3], *c = row;
    for (int i = 0; i < 3; i++) { /* each cell ends at the next '|' */
        cell[i] = c + 1;
        c = strchr(cell[i], '|');
        if (c == NULL)
            return 0;
        *c = '\0';
    }
    uint32_t address = 0;
    for (const char *c = strstr(cell[0], "0x") + 2; *c != ' ' && *c; c++)
        if (*c != '_')
            address = address << 4 | (uint32_t)(isdigit((unsigned char)*c) ? *c - '0'
                                                  : tolower((unsigned char)*c) - 'a' + 10);
    char *name = strchr(cell[1], '`') + 1;
    *strchr(name, '`') = '\0';
    char *access = cell[2] + strspn(cell[2], " ");
    access[strcspn(access, " ")] = '\0';
    snprintf(text->name[0], sizeof text->name[0], "%s", name);
    snprintf(text->access, sizeof text->access, "%s", access);
    out[0] = (struct table_register){address, text->name[0], text->access};
    if (strstr(name + strlen(name) + 1, "`_HI` (+4)") == NULL)
        return 1;
    snprintf(text->name[1], sizeof text->name[1], "%.*s_HI", (int)(strlen(name) - 3), name);
    out[1] = (struct table_register){address + 4, text->name[1], text->access};
    return 2;
}

/* docs/isa.md §6 lists the same registers, addresses and access as the
 * header's table, in the same order. */
static void test_isa_md_lists_the_table(void **state)
{
    (void)state;
    FILE *f = fopen("docs/isa.md", "r");
    assert_non_null(f);
    char line[512];
    struct doc_row text[TABLE_SIZE];
    struct table_register doc[TABLE_SIZE + 2];
    size_t n = 0, rows = 0, more = 0;
    bool in_section = false;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "## ", 3) == 0)
            in_section = strncmp(line, "## 6.", 5) == 0;
        else if (!in_section || strncmp(line, "| 0x", 4) != 0)
            continue;
        else if (n < TABLE_SIZE)
            n += parse_doc_row(line, doc + n, &text[rows++]);
        else
            more++;
    }
    fclose(f);
    assert_int_equal(n, TABLE_SIZE);
    assert_int_equal(more, 0);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(doc[i].address, table[i].address);
        assert_string_equal(doc[i].name, table[i].name);
        assert_string_equal(doc[i].access, table[i].access);
    }
}

/* vm74_reset returns the devices to their reset state too. */
static void test_reset_resets_devices(void **state)
{
    struct hx *h = *state;
    assert_int_equal(mmio_store(h, VM74_TIMER_CMP_LO, 5), VM74_RUNNING);
    vm74_reset(h->m);
    hx_set_vector(h, HX_HANDLER);
    assert_int_equal(mmio_load(h, VM74_TIMER_CMP_LO), 0xffffffff);
    struct vm74_stats st;
    vm74_get_stats(h->m, &st);
    assert_int_equal(st.steps, 3);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, hx_setup, hx_teardown)

static const struct CMUnitTest tests[] = {
    T(test_uart_tx),
    T(test_uart_rx),
    T(test_uart_rx_empty_without_input),
    T(test_uart_rx_faulting_load_keeps_the_byte),
    T(test_timer_registers),
    T(test_instret_supervisor),
    T(test_instret_user_and_traps),
    T(test_simctl_exit),
    T(test_simctl_exit_zero),
    T(test_simctl_exit_stops_a_free_run),
    T(test_read_only_store_ignored),
    T(test_write_only_load_returns_zero),
    T(test_undefined_mmio_faults),
    T(test_reset_resets_devices),
    T(test_every_table_register_is_there),
    cmocka_unit_test(test_isa_md_lists_the_table),
};

HX_MAIN("devices", tests)
