/*
 * test_loader.c - vm74_load_elf: every error path, and good images.
 *
 * The bad files are derived from a valid image built by elfwrite.c, one
 * field changed or the file cut short, written to mkstemp files.
 */
#define _DEFAULT_SOURCE /* mkstemp */
#include "harness.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "elfwrite.h"

#define LOAD_AT 0x1000u

static const uint32_t program[] = {0x00500293 /* addi x5, x0, 5 */,
                                   0x00000073 /* ecall */};

/* A valid image: one PT_LOAD of the two words at LOAD_AT. */
static size_t good_image(uint8_t *buf, size_t cap)
{
    size_t n = elf_build_program(buf, cap, LOAD_AT, program, 2);
    assert_true(n > 0);
    return n;
}

/* The loader's message of the last load_bytes(). */
static char last_err[256];

/* Write the bytes to a temporary file, load it, remove it; return the
 * loader's result, and check that a failure comes with a message. */
static int load_bytes(struct hx *h, const uint8_t *buf, size_t len)
{
    char path[] = "/tmp/vm74-test-loader-XXXXXX";
    last_err[0] = '\0';
    assert_int_equal(elf_write_temp(path, buf, len), 0);
    int rc = vm74_load_elf(h->m, path, last_err, sizeof last_err);
    unlink(path);
    if (rc != VM74_LOAD_OK && last_err[0] == '\0')
        fail_msg("load error %d without a message", rc);
    return rc;
}

/* The last load's message says what is wrong: it names what. */
static void expect_message(const char *what)
{
    if (!strstr(last_err, what))
        fail_msg("message \"%s\" does not say \"%s\"", last_err, what);
    if (strstr(last_err, "no error"))
        fail_msg("message \"%s\" gives no reason", last_err);
}

static void test_good_image_loads(void **state)
{
    struct hx *h = *state;
    uint8_t buf[512];
    size_t n = good_image(buf, sizeof buf);
    assert_int_equal(load_bytes(h, buf, n), VM74_LOAD_OK);
    assert_int_equal(hx_rd32(h, LOAD_AT), program[0]);
    assert_int_equal(hx_rd32(h, LOAD_AT + 4), program[1]);
    /* P = entry, the rest is the reset state */
    HX_EXPECT_PSW(h, VM74_MODE_SUPERVISOR, 0, LOAD_AT, 0, VM74_BOUND_ALL);
    assert_int_equal(hx_step(h, NULL), VM74_RUNNING);
    assert_int_equal(hx_reg(h, 5), 5);
}

/* Entry is independent of the segment address; memsz > filesz zero-fills
 * (ELF: the bytes past p_filesz are zero); two segments both load. */
static void test_entry_bss_and_two_segments(void **state)
{
    struct hx *h = *state;
    uint8_t buf[512];
    const uint8_t data[4] = {1, 2, 3, 4};
    struct elf_seg segs[] = {
        {ELF_PT_LOAD, 0x2000, program, 8, 8},
        {ELF_PT_LOAD, 0x3000, data, 4, 16},
    };
    hx_wr32(h, 0x3004, 0xffffffff); /* must become 0 */
    hx_wr32(h, 0x300c, 0xffffffff);
    size_t n = elf_build(buf, sizeof buf, 0x2004, segs, 2);
    assert_true(n > 0);
    assert_int_equal(load_bytes(h, buf, n), VM74_LOAD_OK);
    assert_int_equal(hx_psw(h).pc, 0x2004);
    assert_int_equal(hx_rd32(h, 0x2000), program[0]);
    assert_int_equal(hx_rd32(h, 0x3000), 0x04030201);
    assert_int_equal(hx_rd32(h, 0x3004), 0);
    assert_int_equal(hx_rd32(h, 0x300c), 0);
}

static void test_firmware_hello_loads(void **state)
{
    struct hx *h = *state;
    const char *path = "build/firmware/hello.elf";
    char err[256] = "";
    if (access(path, R_OK) != 0)
        fail_msg("%s missing: run make first", path);
    struct hx *big = hx_new(0); /* default RAM: the firmware is linked for it */
    (void)h;
    assert_int_equal(vm74_load_elf(big->m, path, err, sizeof err), VM74_LOAD_OK);
    assert_int_equal(vm74_run(big->m, 10000000), VM74_EXITED);
    assert_int_equal(vm74_exit_code(big->m), 0);
    assert_non_null(strstr(hx_console_output(big), "Hello from vm74!"));
    hx_free(big);
}

static void test_missing_file(void **state)
{
    struct hx *h = *state;
    char err[256] = "";
    int rc = vm74_load_elf(h->m, "/nonexistent/vm74/nothing.elf", err, sizeof err);
    assert_int_equal(rc, VM74_LOAD_OPEN);
    assert_true(strlen(err) > 0);
}

static void test_empty_file(void **state)
{
    int rc = load_bytes(*state, (const uint8_t *)"", 0);
    assert_int_equal(rc, VM74_LOAD_NOT_ELF);
}

/* The largest program file a machine with HX_RAM_SIZE of RAM takes: its
 * RAM, plus 16 MiB for headers, symbols and debugging information. */
#define HX_FILE_MAX (HX_RAM_SIZE + (16u << 20))

/* A file whose size says at once that it holds no program for this RAM:
 * refused before a byte of it is read (it is sparse: a good header, then
 * nothing). */
static void test_file_too_large(void **state)
{
    struct hx *h = *state;
    uint8_t buf[512];
    size_t n = good_image(buf, sizeof buf);
    char path[] = "/tmp/vm74-test-loader-big-XXXXXX";
    assert_int_equal(elf_write_temp(path, buf, n), 0);
    assert_int_equal(truncate(path, HX_FILE_MAX + 1), 0);
    int rc = vm74_load_elf(h->m, path, last_err, sizeof last_err);
    assert_int_equal(rc, VM74_LOAD_TOO_LARGE);
    expect_message("more than");
    assert_int_equal(truncate(path, HX_FILE_MAX), 0);
    rc = vm74_load_elf(h->m, path, last_err, sizeof last_err);
    unlink(path);
    assert_int_equal(rc, VM74_LOAD_OK); /* the segment is at its start */
}

/* A file with no size (a device, a pipe) is read only up to that bound. */
static void test_endless_file(void **state)
{
    struct hx *h = *state;
    int rc = vm74_load_elf(h->m, "/dev/zero", last_err, sizeof last_err);
    assert_int_equal(rc, VM74_LOAD_TOO_LARGE);
    expect_message("more than");
}

static void test_not_elf(void **state)
{
    const char text[] = "#!/bin/sh\necho this is not an ELF file at all, really\n";
    int rc = load_bytes(*state, (const uint8_t *)text, sizeof text - 1);
    assert_int_equal(rc, VM74_LOAD_NOT_ELF);
}

/* Change one byte or half-word of a good image and expect rc. */
static void check_patched(struct hx *h, size_t off, uint32_t value, int width,
                          int expect)
{
    uint8_t buf[512];
    size_t n = good_image(buf, sizeof buf);
    if (width == 1)
        buf[off] = (uint8_t)value;
    else if (width == 2)
        elf_put16(buf + off, value);
    else
        elf_put32(buf + off, value);
    int rc = load_bytes(h, buf, n);
    if (rc != expect)
        fail_msg("offset %zu := %#x: got %d, expected %d", off, value, rc, expect);
}

static void test_elf64(void **state)
{
    check_patched(*state, ELF_OFF_CLASS, 2, 1, VM74_LOAD_NOT_RV32);
}

static void test_big_endian(void **state)
{
    check_patched(*state, ELF_OFF_DATA, 2, 1, VM74_LOAD_NOT_RV32);
}

static void test_wrong_machine(void **state)
{
    check_patched(*state, ELF_OFF_MACHINE, ELF_MACHINE_X86_64, 2, VM74_LOAD_NOT_RV32);
    check_patched(*state, ELF_OFF_MACHINE, 40 /* ARM */, 2, VM74_LOAD_NOT_RV32);
}

/* EV_CURRENT (1) is the only ELF version, in e_ident and in e_version. */
static void test_bad_elf_version(void **state)
{
    check_patched(*state, ELF_OFF_IDENT_VERSION, 0, 1, VM74_LOAD_NOT_ELF);
    expect_message("ELF version 0");
    check_patched(*state, ELF_OFF_IDENT_VERSION, 2, 1, VM74_LOAD_NOT_ELF);
    expect_message("ELF version 2");
    check_patched(*state, ELF_OFF_VERSION, 0, 4, VM74_LOAD_NOT_ELF);
    expect_message("ELF version 0");
}

/* The entry point is where P starts (docs/isa.md §1): a word in RAM.  The
 * last word of RAM is one, though no segment covers it. */
static void test_entry_outside_ram(void **state)
{
    struct hx *h = *state;
    check_patched(h, ELF_OFF_ENTRY, HX_RAM_SIZE - 4, 4, VM74_LOAD_OK);
    check_patched(h, ELF_OFF_ENTRY, HX_RAM_SIZE, 4, VM74_LOAD_OUTSIDE_RAM);
    expect_message("entry point 0x00010000");
    check_patched(h, ELF_OFF_ENTRY, VM74_UART_BASE, 4, VM74_LOAD_OUTSIDE_RAM);
    expect_message("entry point");
    check_patched(h, ELF_OFF_ENTRY, 0xfffffffc, 4, VM74_LOAD_OUTSIDE_RAM);
    expect_message("entry point");
}

/* A fetch from a P that is not a multiple of 4 faults (docs/isa.md §5). */
static void test_entry_misaligned(void **state)
{
    check_patched(*state, ELF_OFF_ENTRY, LOAD_AT + 2, 4, VM74_LOAD_MALFORMED);
    expect_message("entry point 0x00001002 is not a multiple of 4");
    check_patched(*state, ELF_OFF_ENTRY, LOAD_AT + 1, 4, VM74_LOAD_MALFORMED);
    expect_message("not a multiple of 4");
}

static void test_relocatable(void **state)
{
    check_patched(*state, ELF_OFF_TYPE, 1 /* ET_REL */, 2, VM74_LOAD_NOT_RV32);
    check_patched(*state, ELF_OFF_TYPE, 3 /* ET_DYN */, 2, VM74_LOAD_NOT_RV32);
}

static void test_truncated_program_headers(void **state)
{
    uint8_t buf[512];
    good_image(buf, sizeof buf);
    /* the file ends in the middle of the program header table */
    int rc = load_bytes(*state, buf, ELF_EHDR_SIZE + ELF_PHDR_SIZE / 2);
    assert_int_equal(rc, VM74_LOAD_TRUNCATED);
}

static void test_truncated_segment(void **state)
{
    uint8_t buf[512];
    size_t n = good_image(buf, sizeof buf);
    int rc = load_bytes(*state, buf, n - 4); /* the last word is missing */
    assert_int_equal(rc, VM74_LOAD_TRUNCATED);
}

static void test_segment_outside_ram(void **state)
{
    struct hx *h = *state;
    /* at the very end of RAM: fits; one word further: does not */
    check_patched(h, ELF_EHDR_SIZE + ELF_PHDR_PADDR, HX_RAM_SIZE - 8, 4, VM74_LOAD_OK);
    check_patched(h, ELF_EHDR_SIZE + ELF_PHDR_PADDR, HX_RAM_SIZE - 4, 4,
                  VM74_LOAD_OUTSIDE_RAM);
    check_patched(h, ELF_EHDR_SIZE + ELF_PHDR_PADDR, VM74_UART_BASE, 4,
                  VM74_LOAD_OUTSIDE_RAM);
    /* p_paddr + p_memsz wrapping past 2^32 must not pass as "fits" */
    check_patched(h, ELF_EHDR_SIZE + ELF_PHDR_PADDR, 0xfffffffc, 4,
                  VM74_LOAD_OUTSIDE_RAM);
    /* memsz past the end even though filesz fits */
    check_patched(h, ELF_EHDR_SIZE + ELF_PHDR_MEMSZ, HX_RAM_SIZE, 4,
                  VM74_LOAD_OUTSIDE_RAM);
}

/* Headers that contradict themselves: more file bytes than memory bytes,
 * or a program-header entry size that is not Elf32_Phdr's. */
static void test_malformed_headers(void **state)
{
    check_patched(*state, ELF_EHDR_SIZE + ELF_PHDR_MEMSZ, 4, 4,
                  VM74_LOAD_MALFORMED);
    check_patched(*state, ELF_OFF_PHENTSIZE, ELF_PHDR_SIZE + 4, 2,
                  VM74_LOAD_MALFORMED);
}

static void test_no_pt_load(void **state)
{
    check_patched(*state, ELF_EHDR_SIZE + ELF_PHDR_TYPE, ELF_PT_NOTE, 4,
                  VM74_LOAD_NO_SEGMENTS);
    check_patched(*state, ELF_OFF_PHNUM, 0, 2, VM74_LOAD_NO_SEGMENTS);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, hx_setup, hx_teardown)

static const struct CMUnitTest tests[] = {
    T(test_good_image_loads),
    T(test_entry_bss_and_two_segments),
    T(test_firmware_hello_loads),
    T(test_missing_file),
    T(test_empty_file),
    T(test_not_elf),
    T(test_file_too_large),
    T(test_endless_file),
    T(test_elf64),
    T(test_big_endian),
    T(test_wrong_machine),
    T(test_relocatable),
    T(test_bad_elf_version),
    T(test_entry_outside_ram),
    T(test_entry_misaligned),
    T(test_truncated_program_headers),
    T(test_truncated_segment),
    T(test_segment_outside_ram),
    T(test_malformed_headers),
    T(test_no_pt_load),
};

HX_MAIN("loader", tests)
