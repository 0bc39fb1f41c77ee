/*
 * conf.h - the conformance programs' view of the machine and of their own
 * runtime (lib/conf_rt.S, lib/conf_lib.c).
 *
 * Usable from C and from assembly (through cpp): the layout constants come
 * first, the C declarations after them.  Every architectural value comes
 * from include/vm74_arch.h; what it means is in docs/isa.md.
 *
 * How a check runs (docs/conformance.md):
 *   1. C builds a PSW and a full register file (struct conf_regs);
 *   2. conf_try() loads all 31 registers and then the PSW with LPSW, which
 *      starts a snippet of assembly in any mode, at any P, under any R;
 *   3. the snippet ends in a trap (the one under test, or ECALL as a
 *      "finished" marker); the trap entry saves every register with
 *      x0-relative stores, copies the old PSW, cause and info into
 *      conf_last and resumes the C code that called conf_try();
 *   4. C compares conf_last with the values docs/isa.md gives.
 * The first mismatch prints "FAIL <check>: ..." and ends the run with the
 * check's number as exit code.
 */
#ifndef VM74_CONF_H
#define VM74_CONF_H

#include "vm74_arch.h"

/* The RAM the runner gives every program: the simulators' default. */
#define CONF_RAM_SIZE VM74_RAM_SIZE_DEFAULT

/* The program itself (text, data, stack) lies below this address; the RAM
 * above it is free for the checks (conf.ld.S). */
#define CONF_IMAGE_TOP 0x00020000

/* Free RAM the checks use as partitions and code slots: above the image,
 * zero at reset. */
#define CONF_PART_A 0x00040000
#define CONF_PART_B 0x00060000
#define CONF_SLOT   0x00080000

/* ---- Low core used by the runtime (docs/isa.md §3.1: 0x020-0x0ff) ---- */
#define CONF_LC_CONT     0x020 /* where the next trap resumes; 0: unexpected */
#define CONF_LC_COUNT    0x024 /* traps taken since the program started */
#define CONF_LC_FATAL    0x028 /* 1: reporting an unexpected trap already */
#define CONF_LC_TRY_PSW  0x030 /* 4 words: the PSW conf_try() loads */
#define CONF_LC_SCRATCH  0x040 /* 0x040-0x07f: free for the programs */

/* The value conf_regs_fill() gives xn: distinct in every byte position, so
 * a register written with another register's value is noticed too. */
#define CONF_REG_PATTERN(n) (0xa5000000 + (n) * 0x00010101)

/* Exit code of a run that ended in the runtime itself, not in a check. */
#define CONF_EXIT_INTERNAL 0xfe

/* The rest is for the programs (cross-compiled C), not for the host runner. */
#if !defined(__ASSEMBLER__) && defined(__riscv)

#include <stddef.h>
#include <stdint.h>

/* Register numbers, for struct conf_regs and the checks. */
enum {
    RA = 1, SP = 2, GP = 3, TP = 4, T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9,
    A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A6 = 16, A7 = 17,
    S2 = 18, S3 = 19, S4 = 20, S5 = 21, S6 = 22, S7 = 23, S8 = 24, S9 = 25,
    S10 = 26, S11 = 27, T3 = 28, T4 = 29, T5 = 30, T6 = 31,
};

/* A PSW as it sits in memory (docs/isa.md §1.1). */
struct conf_psw {
    uint32_t flags, p, base, bound;
};

/* Flags words. */
#define CONF_U   0u
#define CONF_UI  VM74_FLAG_IE
#define CONF_S   VM74_FLAG_SUPERVISOR
#define CONF_SI  (VM74_FLAG_SUPERVISOR | VM74_FLAG_IE)

/* The register file conf_try() starts a snippet with (x[0] is ignored). */
struct conf_regs {
    uint32_t x[32];
};

/* What the last trap left, copied by the trap entry. */
struct conf_trap {
    struct conf_psw old; /* the old PSW: low core 0x000-0x00f */
    uint32_t cause;      /* low core 0x010 */
    uint32_t info;       /* low core 0x014 */
    uint32_t x[32];      /* the registers at the trap; x[0] reads 0 */
};

extern struct conf_trap conf_last;

/* ---- lib/conf_rt.S ---------------------------------------------------- */

/* Load regs, then the PSW *psw, and run until the next trap; conf_last
 * holds what it left.  Must be called in supervisor mode with R = (0, all),
 * as the C code always runs. */
void conf_try(const struct conf_psw *psw, const struct conf_regs *regs);

/* The trap entry every vector normally points to. */
void conf_trap_entry(void);

/* ---- lib/conf_lib.c: building a check --------------------------------- */

/* Every register = CONF_REG_PATTERN(n). */
void conf_regs_fill(struct conf_regs *r);

static inline struct conf_psw conf_psw(uint32_t flags, uint32_t p,
                                       uint32_t base, uint32_t bound)
{
    struct conf_psw w = { flags, p, base, bound };
    return w;
}

/* A PSW that runs the code at physical address phys as logical address p:
 * the base is phys - p. */
static inline struct conf_psw conf_psw_at(uint32_t flags, uint32_t phys,
                                          uint32_t p, uint32_t bound)
{
    return conf_psw(flags, p, phys - p, bound);
}

/* Physical (= supervisor logical) address of a symbol. */
#define CONF_ADDR(sym) ((uint32_t)(uintptr_t)(sym))

/* Word and byte access to physical memory from C (R = (0, all)). */
static inline uint32_t conf_rd32(uint32_t paddr)
{
    return *(volatile uint32_t *)(uintptr_t)paddr;
}
static inline void conf_wr32(uint32_t paddr, uint32_t v)
{
    *(volatile uint32_t *)(uintptr_t)paddr = v;
}
static inline uint8_t conf_rd8(uint32_t paddr)
{
    return *(volatile uint8_t *)(uintptr_t)paddr;
}
static inline void conf_wr8(uint32_t paddr, uint8_t v)
{
    *(volatile uint8_t *)(uintptr_t)paddr = v;
}

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

/* Copy the snippet [start, end) to physical dst (code written to memory is
 * fetched as written: no FENCE.I on vm74). */
void conf_copy_code(uint32_t dst, const void *start, const void *end);

/* The timer (docs/isa.md §6): CMP set without a spurious interrupt. */
uint64_t conf_time(void);
void conf_set_cmp(uint64_t cmp);
void conf_timer_disarm(void);

/* The common snippets of lib/conf_snips.S. */
extern const uint32_t snip_ecall[], snip_addi_ecall[];
extern const uint32_t snip_lb[], snip_lbu[], snip_lh[], snip_lhu[],
    snip_lw[], snip_sb[], snip_sh[], snip_sw[], snip_lpsw[];

/* Instruction words: the encoders of tools/lib/enc.h (enc_r, enc_i,
 * enc_jal, enc_beq, enc_lpsw, ...; checked against GNU as by
 * tests/test_enc.c).  The macros below are constant expressions, for
 * static tables. */
#include "enc.h"

/* I-type as a constant expression, for tables */
#define CONF_ENC_I(imm, rs1, f3, rd, op)                                   \
    ((((uint32_t)(imm) & 0xfffu) << 20) | ((uint32_t)(rs1) << 15) |        \
     ((uint32_t)(f3) << 12) | ((uint32_t)(rd) << 7) | (uint32_t)(op))

/* A few whole instructions the checks write into code slots. */
#define CONF_INSN_ADDI(rd, rs1, imm) CONF_ENC_I((imm), (rs1), 0, (rd), 0x13)
#define CONF_INSN_JALR(rd, rs1, imm) CONF_ENC_I((imm), (rs1), 0, (rd), 0x67)
#define CONF_INSN_LW(rd, rs1, imm)   CONF_ENC_I((imm), (rs1), 2, (rd), 0x03)
#define CONF_INSN_SW(rs2, rs1, imm)                                         \
    ((((uint32_t)(imm) >> 5 & 0x7fu) << 25) | ((uint32_t)(rs2) << 20) |    \
     ((uint32_t)(rs1) << 15) | (2u << 12) | (((uint32_t)(imm) & 0x1fu) << 7) | \
     0x23u)

/* ---- lib/conf_lib.c: checking ---------------------------------------- */

/* Start the check called name: its number (1, 2, ...) is the exit code if
 * it fails.  Names are snake_case, area first: "lpsw_misaligned_p". */
void conf_check(const char *name);

/* Report "FAIL <check>: <what> 0x<got> expected 0x<expected>" and stop. */
void conf_expect_eq(const char *what, uint32_t got, uint32_t expected);

/* The last trap had this cause, info and old PSW. */
void conf_expect_trap(uint32_t cause, uint32_t info,
                      const struct conf_psw *old);

/* Every register at the trap equals regs, except those in the mask
 * (bit n = xn), which the snippet was meant to write. */
void conf_expect_regs(const struct conf_regs *regs, uint32_t except);

/* One register at the trap. */
void conf_expect_reg(int n, uint32_t value);

/* A label and value printed after the check's name in a failure, e.g.
 * "FAIL illegal_custom0_user [word 0x0000200b]: ...", until the next
 * conf_check(); label NULL clears it. */
void conf_context(const char *label, uint32_t value);

/* Fail the current check with a message (no values). */
__attribute__((noreturn)) void conf_fail(const char *what);

/* Console output, for messages. */
void conf_puts(const char *s);
void conf_puthex(uint32_t v);

/* Called by conf_rt.S; the programs do not call these. */
int main(void);
__attribute__((noreturn)) void conf_exit(int status);
__attribute__((noreturn)) void conf_unexpected_trap(void);

#endif /* !__ASSEMBLER__ && __riscv */

#endif /* VM74_CONF_H */
