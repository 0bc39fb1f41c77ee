/*
 * harness.h - fixture helpers shared by the test drivers.
 *
 * Everything goes through the C API of sim/vm74_api.h, never a backend's
 * internals, so each driver runs unchanged on the ISS and on the RTL model.
 * The backend comes from the environment: VM74_BACKEND=iss (default) or rtl.
 *
 * The check helpers take the caller's file and line (through the HX_*
 * macros) so that a failure points at the test, not at this file.
 */
#ifndef VM74_TESTS_HARNESS_H
#define VM74_TESTS_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "enc.h"
#include "vm74_api.h"

/* Where the tests put things, as physical addresses in HX_RAM_SIZE. */
#define HX_RAM_SIZE 0x10000u /* 64 KiB: small, so creating one is cheap */
#define HX_CODE VM74_RESET_P /* first instruction after reset */
#define HX_HANDLER 0x800u    /* the trap vector points here */
#define HX_DATA 0x2000u      /* scratch data */

#define HX_FLAGS_S VM74_FLAG_SUPERVISOR
#define HX_FLAGS_SI (VM74_FLAG_SUPERVISOR | VM74_FLAG_IE)
#define HX_FLAGS_U 0u
#define HX_FLAGS_UI VM74_FLAG_IE

/* A machine with its console captured. */
struct hx {
    vm74 *m;
    char out[4096];
    size_t out_len;
    const char *in;
    size_t in_len, in_pos;
};

/* The trap part of low core (docs/isa.md §3.1), read physically. */
struct hx_lowcore {
    uint32_t flags, p, l, b, cause, info;
};

enum vm74_backend hx_backend(void);
const char *hx_backend_env(void);

/* A machine in the reset state, vector word = HX_HANDLER, console captured.
 * Fails the current test when the backend cannot create it. */
struct hx *hx_new(uint32_t ram_size);
void hx_free(struct hx *h);

/* cmocka fixtures: *state becomes a struct hx with HX_RAM_SIZE of RAM. */
int hx_setup(void **state);
int hx_teardown(void **state);

/* Physical memory. */
void hx_place(struct hx *h, uint32_t paddr, const uint32_t *words, size_t n);
#define HX_WORDS(...) ((const uint32_t[]){__VA_ARGS__})
#define HX_NWORDS(...) (sizeof(HX_WORDS(__VA_ARGS__)) / sizeof(uint32_t))
#define HX_PLACE(h, paddr, ...) \
    hx_place((h), (paddr), HX_WORDS(__VA_ARGS__), HX_NWORDS(__VA_ARGS__))
uint32_t hx_rd32(struct hx *h, uint32_t paddr);
void hx_wr32(struct hx *h, uint32_t paddr, uint32_t value);
uint8_t hx_rd8(struct hx *h, uint32_t paddr);
void hx_wr8(struct hx *h, uint32_t paddr, uint8_t value);
/* Write a 4-word PSW image (flags, P, l, b) at a physical address. */
void hx_put_psw(struct hx *h, uint32_t paddr, uint32_t flags, uint32_t p,
                uint32_t l, uint32_t b);

/* Architectural state. */
uint32_t hx_reg(struct hx *h, int n);
void hx_set_reg(struct hx *h, int n, uint32_t value);
struct vm74_psw hx_psw(struct hx *h);
void hx_set_psw(struct hx *h, uint32_t mode, uint32_t ie, uint32_t pc,
                uint32_t base, uint32_t bound);
void hx_state(struct hx *h, struct vm74_state *s);

/* Execution. */
int hx_step(struct hx *h, struct vm74_retire *rec);
/* Step up to n times; stops early when a step does not return RUNNING. */
int hx_steps(struct hx *h, int n);
/* Place insn at the physical address of the current P (l + P) and step. */
int hx_exec(struct hx *h, uint32_t insn, struct vm74_retire *rec);

/* Low core. */
void hx_lowcore(struct hx *h, struct hx_lowcore *lc);
void hx_set_vector(struct hx *h, uint32_t handler);

/* Console. */
void hx_console_input(struct hx *h, const char *bytes, size_t len);
const char *hx_console_output(struct hx *h);

/* ---- Checks ---------------------------------------------------------- */

void hx_check_old_psw(struct hx *h, uint32_t flags, uint32_t p, uint32_t l,
                      uint32_t b, const char *file, int line);
void hx_check_trap(struct hx *h, const struct vm74_state *before,
                   uint32_t cause, uint32_t info, const char *file, int line);
void hx_check_psw(struct hx *h, uint32_t mode, uint32_t ie, uint32_t pc,
                  uint32_t base, uint32_t bound, const char *file, int line);
void hx_step_traps(struct hx *h, uint32_t cause, uint32_t info,
                   struct vm74_retire *rec, const char *file, int line);

/* The saved old PSW in low core is (flags, p, l, b). */
#define HX_EXPECT_OLD_PSW(h, flags, p, l, b) \
    hx_check_old_psw((h), (flags), (p), (l), (b), __FILE__, __LINE__)
/* Low core holds cause/info, the machine runs the handler with the trap's
 * new PSW, and no GPR differs from *before. */
#define HX_EXPECT_TRAP(h, before, cause, info) \
    hx_check_trap((h), (before), (cause), (info), __FILE__, __LINE__)
#define HX_EXPECT_PSW(h, mode, ie, pc, base, bound) \
    hx_check_psw((h), (mode), (ie), (pc), (base), (bound), __FILE__, __LINE__)
/* Step once and expect a trap with this cause and info whose saved PSW is
 * the PSW before the step (true of every exception, and of an interrupt). */
#define HX_STEP_TRAPS(h, cause, info) \
    hx_step_traps((h), (cause), (info), NULL, __FILE__, __LINE__)
#define HX_STEP_TRAPS_REC(h, cause, info, rec) \
    hx_step_traps((h), (cause), (info), (rec), __FILE__, __LINE__)

/* ---- Whole programs ---------------------------------------------------- */

/* Write the program tools/gen makes of (seed, blocks) to a new temporary
 * file; path is a mkstemp template ("/tmp/...-XXXXXX"), filled in. */
void hx_generate(uint64_t seed, unsigned blocks, char *path);
/* The same with any options (tools/gen/gen.h). */
struct gen_options;
void hx_generate_with(const struct gen_options *o, char *path);

/* Co-simulate the ELF at path, the machine of VM74_BACKEND against the ISS
 * (cosim.h), every step of that machine also given to hook (NULL: none),
 * until it exits.  Fails the test on a mismatch (the report names what),
 * on no exit within max_steps, or on an exit code other than 0 (a
 * generated program's own signature check). */
void hx_cosim_to_exit(const char *path, uint64_t max_steps,
                      vm74_retire_fn hook, void *ctx, const char *what);

/* One main() for every driver: optional test-name filter from argv[1] or
 * VM74_TEST_FILTER (cmocka's glob, e.g. "test_div*"). */
void hx_apply_filter(int argc, char **argv);
#define HX_MAIN(group_name, tests)                                          \
    int main(int argc, char **argv)                                         \
    {                                                                       \
        hx_apply_filter(argc, argv);                                        \
        return cmocka_run_group_tests_name(group_name, tests, NULL, NULL); \
    }

#endif /* VM74_TESTS_HARNESS_H */
