/*
 * devtest - writes a small self-checking vm74 program for the board
 * simulations (make board-test, make postsynth): the devices around the
 * core as the board builds them (INSTRET in DSP blocks, the timer's
 * registered pending flag and its synthesized carry chains, the divider),
 * checked against docs/isa.md.  The program exits with a bit mask of the
 * checks that failed (0: all passed), so board_test.sh compares its exit
 * status with the ISS's.
 *
 *   devtest OUT.elf
 *
 * bit 0  two back-to-back loads of INSTRET_S differ by exactly 1
 * bit 1  INSTRET_U (both halves) and INSTRET_S_HI are 0 (supervisor only)
 * bit 2  CYCLE loaded right after TIME is 1 to 15 larger
 * bit 3  with CMP = TIME + 64 (stored as docs/isa.md §6 says), WFI ends
 *        when the timer is pending: TIME is then 0 to 15 past CMP
 * bit 4  DIV, REM, DIVU, REMU: -7 / 2, -2^31 / -1, division by zero
 */
#include <stdio.h>
#include <stdlib.h>

#include "elfwrite.h"
#include "enc.h"
#include "vm74_arch.h"

#define ENTRY 0x100u   /* where every firmware program starts (docs/fpga.md) */

enum { ZERO = 0, T0 = 5, T1 = 6, T2 = 7, S0 = 8, A0 = 10, A1, A2, A3, A4 };

static uint32_t code[128];
static size_t n;

static void emit(uint32_t w) { code[n++] = w; }

/* s0 |= (reg != 0) << bit */
static void fail_if_nonzero(int reg, int bit)
{
    emit(enc_sltu(reg, ZERO, reg));
    if (bit)
        emit(enc_slli(reg, reg, (uint32_t)bit));
    emit(enc_or(S0, S0, reg));
}

/* hi 20 bits of a device register's address, and its offset in the page */
#define PAGE(a) ((uint32_t)(a) >> 12)
#define OFF(a) ((int32_t)((a) & 0xfff))

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: devtest OUT.elf\n");
        return 2;
    }
    emit(enc_lui(T0, PAGE(VM74_PERF_CYCLE_LO)));
    emit(enc_lui(T1, PAGE(VM74_TIMER_TIME_LO)));
    emit(enc_lui(T2, PAGE(VM74_SIMCTL_EXIT)));
    emit(enc_addi(S0, ZERO, 0));

    /* bit 0: INSTRET_S back to back */
    emit(enc_lw(A0, T0, OFF(VM74_PERF_INSTRET_S_LO)));
    emit(enc_lw(A1, T0, OFF(VM74_PERF_INSTRET_S_LO)));
    emit(enc_sub(A2, A1, A0));
    emit(enc_addi(A2, A2, -1));
    fail_if_nonzero(A2, 0);

    /* bit 1: INSTRET_U and INSTRET_S_HI */
    emit(enc_lw(A0, T0, OFF(VM74_PERF_INSTRET_U_LO)));
    emit(enc_lw(A1, T0, OFF(VM74_PERF_INSTRET_U_HI)));
    emit(enc_or(A0, A0, A1));
    emit(enc_lw(A1, T0, OFF(VM74_PERF_INSTRET_S_HI)));
    emit(enc_or(A0, A0, A1));
    fail_if_nonzero(A0, 1);

    /* bit 2: CYCLE after TIME */
    emit(enc_lw(A0, T1, OFF(VM74_TIMER_TIME_LO)));
    emit(enc_lw(A1, T0, OFF(VM74_PERF_CYCLE_LO)));
    emit(enc_sub(A2, A1, A0));
    emit(enc_addi(A2, A2, -1));
    emit(enc_sltiu(A2, A2, 15));         /* 1 if 1 <= diff <= 15 */
    emit(enc_xori(A2, A2, 1));
    fail_if_nonzero(A2, 2);

    /* bit 3: CMP = TIME + 64 (CMP_HI = ones, CMP_LO, CMP_HI), WFI */
    emit(enc_addi(A4, ZERO, -1));
    emit(enc_sw(A4, T1, OFF(VM74_TIMER_CMP_HI)));
    emit(enc_lw(A0, T1, OFF(VM74_TIMER_TIME_LO)));
    emit(enc_lw(A1, T1, OFF(VM74_TIMER_TIME_HI)));
    emit(enc_addi(A0, A0, 64));          /* TIME is small: no carry */
    emit(enc_sw(A0, T1, OFF(VM74_TIMER_CMP_LO)));
    emit(enc_sw(A1, T1, OFF(VM74_TIMER_CMP_HI)));
    emit(enc_wfi());
    emit(enc_lw(A2, T1, OFF(VM74_TIMER_TIME_LO)));
    emit(enc_sub(A2, A2, A0));
    emit(enc_sltiu(A2, A2, 16));
    emit(enc_xori(A2, A2, 1));
    fail_if_nonzero(A2, 3);

    /* bit 4: the divider */
    emit(enc_addi(A0, ZERO, -7));
    emit(enc_addi(A1, ZERO, 2));
    emit(enc_div(A2, A0, A1));           /* -3 */
    emit(enc_rem(A3, A0, A1));           /* -1 */
    emit(enc_addi(A2, A2, 3));
    emit(enc_addi(A3, A3, 1));
    emit(enc_or(A2, A2, A3));
    emit(enc_lui(A0, 0x80000));
    emit(enc_addi(A1, ZERO, -1));
    emit(enc_div(A3, A0, A1));           /* -2^31 */
    emit(enc_xor(A3, A3, A0));
    emit(enc_or(A2, A2, A3));
    emit(enc_divu(A3, A0, ZERO));        /* all ones */
    emit(enc_addi(A3, A3, 1));
    emit(enc_or(A2, A2, A3));
    emit(enc_remu(A3, A0, ZERO));        /* the dividend */
    emit(enc_xor(A3, A3, A0));
    emit(enc_or(A2, A2, A3));
    fail_if_nonzero(A2, 4);

    emit(enc_sw(S0, T2, OFF(VM74_SIMCTL_EXIT)));
    emit(enc_jal(ZERO, 0));

    static uint8_t buf[4096];
    size_t len = elf_build_program(buf, sizeof buf, ENTRY, code, n);
    FILE *f = len ? fopen(argv[1], "wb") : NULL;
    if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "devtest: cannot write %s\n", argv[1]);
        return 1;
    }
    return 0;
}
