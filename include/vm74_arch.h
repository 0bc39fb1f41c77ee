/*
 * vm74_arch.h - the one place for vm74's architectural constants.
 *
 * Memory map, low-core layout, PSW bits, trap causes and the encodings of
 * vm74's own instructions.  docs/isa.md explains every value; this header is
 * what the reference simulator, the Verilator harness, the firmware, the
 * linker script (through cpp) and the tests include.  RTL takes it through
 * a generated include, checked by a test.
 *
 * Usable from C (host or cross), C++ and assembly: only #defines here.
 */
#ifndef VM74_ARCH_H
#define VM74_ARCH_H

#ifdef __ASSEMBLER__
#define VM74_U32(x) x
#else
#define VM74_U32(x) x##u
#endif

/* ---- Physical memory map (docs/isa.md "Memory map") ------------------- */

#define VM74_RAM_BASE           VM74_U32(0x00000000)
#define VM74_RAM_SIZE_MIN       VM74_U32(0x00001000) /*   4 KiB */
#define VM74_RAM_SIZE_MAX       VM74_U32(0x10000000) /* 256 MiB */
#define VM74_RAM_SIZE_ALIGN     VM74_U32(0x00001000) /* size granule */
#define VM74_RAM_SIZE_DEFAULT   VM74_U32(0x00100000) /*   1 MiB, simulators */
#define VM74_RAM_SIZE_BOARD     VM74_U32(0x00020000) /* 128 KiB, iCEBreaker */

/* iCEBreaker: where the boot loader finds the program image in SPI flash
 * (the bitstream sits at 0); docs/fpga.md */
#define VM74_BOARD_IMAGE_OFFSET VM74_U32(0x00100000) /* 1 MiB */

#define VM74_MMIO_BASE          VM74_U32(0x10000000)
#define VM74_MMIO_SIZE          VM74_U32(0x00004000)

/* Console UART */
#define VM74_UART_BASE          VM74_U32(0x10000000)
#define VM74_UART_TXDATA        VM74_U32(0x10000000) /* W: send bits 7:0 */
#define VM74_UART_RXDATA        VM74_U32(0x10000004) /* R: byte, or EMPTY */
#define VM74_UART_STATUS        VM74_U32(0x10000008) /* R: ready flags */
#define VM74_UART_RX_EMPTY      VM74_U32(0x80000000) /* RXDATA bit 31 */
#define VM74_UART_STATUS_RX_READY VM74_U32(0x00000001)
#define VM74_UART_STATUS_TX_READY VM74_U32(0x00000002)

/* Timer: 64-bit TIME counts clock cycles; interrupt pending iff TIME >= CMP */
#define VM74_TIMER_BASE         VM74_U32(0x10001000)
#define VM74_TIMER_TIME_LO      VM74_U32(0x10001000) /* R */
#define VM74_TIMER_TIME_HI      VM74_U32(0x10001004) /* R */
#define VM74_TIMER_CMP_LO       VM74_U32(0x10001008) /* R/W */
#define VM74_TIMER_CMP_HI       VM74_U32(0x1000100c) /* R/W */

/* Performance counters, all read-only */
#define VM74_PERF_BASE          VM74_U32(0x10002000)
#define VM74_PERF_CYCLE_LO      VM74_U32(0x10002000)
#define VM74_PERF_CYCLE_HI      VM74_U32(0x10002004)
#define VM74_PERF_INSTRET_S_LO  VM74_U32(0x10002008) /* retired, supervisor */
#define VM74_PERF_INSTRET_S_HI  VM74_U32(0x1000200c)
#define VM74_PERF_INSTRET_U_LO  VM74_U32(0x10002010) /* retired, user */
#define VM74_PERF_INSTRET_U_HI  VM74_U32(0x10002014)

/* Simulation control: a store to EXIT ends the run with that exit code */
#define VM74_SIMCTL_BASE        VM74_U32(0x10003000)
#define VM74_SIMCTL_EXIT        VM74_U32(0x10003000) /* W */

/* ---- Low core: fixed physical words used by the trap (docs/isa.md) ---- */

#define VM74_LC_OLD_PSW         0x000 /* 4 words: flags, P, l, b */
#define VM74_LC_OLD_FLAGS       0x000
#define VM74_LC_OLD_P           0x004
#define VM74_LC_OLD_BASE        0x008
#define VM74_LC_OLD_BOUND       0x00c
#define VM74_LC_CAUSE           0x010
#define VM74_LC_INFO            0x014
#define VM74_LC_VECTOR          0x018 /* the new P after every trap */
#define VM74_LC_RESERVED        0x01c /* reads as written; keep 0 */
#define VM74_LC_SOFTWARE        0x020 /* 0x020-0x0ff: free for handlers */
#define VM74_LC_SAVE_AREA       0x080 /* convention: x0..x31 at 0x80+4*n */
#define VM74_LC_END             0x100
#define VM74_RESET_P            VM74_U32(0x00000100)

/* ---- PSW ------------------------------------------------------------- */
/* In memory (old PSW, LPSW operand) a PSW is 4 words: flags, P, l, b. */
#define VM74_PSW_SIZE           16
#define VM74_PSW_FLAGS          0
#define VM74_PSW_P              4
#define VM74_PSW_BASE           8
#define VM74_PSW_BOUND          12

#define VM74_FLAG_SUPERVISOR    VM74_U32(0x00000001) /* M: 1 = supervisor */
#define VM74_FLAG_IE            VM74_U32(0x00000002) /* interrupts enabled */
#define VM74_FLAG_MASK          VM74_U32(0x00000003) /* others: ignored, 0 */

/* l is word-aligned: bits 1:0 are hardwired to 0 (docs/isa.md §1) */
#define VM74_BASE_MASK          VM74_U32(0xfffffffc)

#define VM74_MODE_USER          0
#define VM74_MODE_SUPERVISOR    1

/* R after a trap and at reset: all of the address space but its last byte */
#define VM74_BOUND_ALL          VM74_U32(0xffffffff)

/* ---- Trap causes: the one table (docs/isa.md "Trap causes") ---------- */

#define VM74_CAUSE_FETCH_MISALIGNED 0  /* info: the misaligned target/P */
#define VM74_CAUSE_FETCH_FAULT      1  /* info: logical P */
#define VM74_CAUSE_ILLEGAL          2  /* info: instruction word */
#define VM74_CAUSE_BREAKPOINT       3  /* info: instruction word */
#define VM74_CAUSE_LOAD_MISALIGNED  4  /* info: logical address */
#define VM74_CAUSE_LOAD_FAULT       5  /* info: logical address */
#define VM74_CAUSE_STORE_MISALIGNED 6  /* info: logical address */
#define VM74_CAUSE_STORE_FAULT      7  /* info: logical address */
#define VM74_CAUSE_ECALL            8  /* info: instruction word */
#define VM74_CAUSE_PRIVILEGED       9  /* info: instruction word */
#define VM74_CAUSE_TIMER            16 /* info: 0 */
#define VM74_NUM_CAUSES             17 /* causes 10-15 are reserved */

#if !defined(__ASSEMBLER__) && !defined(__cplusplus)
/* The causes' names (docs/isa.md §5), for an array indexed by cause:
 *   static const char *const names[VM74_NUM_CAUSES] = VM74_CAUSE_NAMES;
 * Reserved causes are left NULL. */
#define VM74_CAUSE_NAMES { \
    [VM74_CAUSE_FETCH_MISALIGNED] = "FETCH_MISALIGNED", \
    [VM74_CAUSE_FETCH_FAULT] = "FETCH_FAULT",           \
    [VM74_CAUSE_ILLEGAL] = "ILLEGAL",                   \
    [VM74_CAUSE_BREAKPOINT] = "BREAKPOINT",             \
    [VM74_CAUSE_LOAD_MISALIGNED] = "LOAD_MISALIGNED",   \
    [VM74_CAUSE_LOAD_FAULT] = "LOAD_FAULT",             \
    [VM74_CAUSE_STORE_MISALIGNED] = "STORE_MISALIGNED", \
    [VM74_CAUSE_STORE_FAULT] = "STORE_FAULT",           \
    [VM74_CAUSE_ECALL] = "ECALL",                       \
    [VM74_CAUSE_PRIVILEGED] = "PRIVILEGED",             \
    [VM74_CAUSE_TIMER] = "TIMER",                       \
}
#endif

/* ---- vm74's own instructions, in RISC-V's custom-0 opcode space ------ */

#define VM74_OPC_CUSTOM0        0x0b
#define VM74_F3_LPSW            0 /* LPSW imm(rs1): I-type, rd must be x0 */
#define VM74_F3_WFI             1 /* WFI: the exact word VM74_INSN_WFI */
/* The deliberately flawed variants (docs/isa.md §4.3): each adds one
 * instruction that is sensitive but not privileged.  Software is built for
 * one with -DVM74_FLAW=n (0 or absent: vm74), the RTL with FLAW = n. */
#define VM74_FLAW_RDMODE        1 /* RDMODE rd:  x[rd] = M */
#define VM74_FLAW_JRSTU         2 /* JRSTU rs1:  jump, and M = user */
#define VM74_FLAW_RDBASE        3 /* RDBASE rd:  x[rd] = l */
#define VM74_F3_RDMODE          2 /* in variant VM74_FLAW_RDMODE only */
#define VM74_F3_JRSTU           3 /* in variant VM74_FLAW_JRSTU only */
#define VM74_F3_RDBASE          4 /* in variant VM74_FLAW_RDBASE only */
#define VM74_INSN_WFI           VM74_U32(0x0000100b)
#define VM74_INSN_ECALL         VM74_U32(0x00000073)
#define VM74_INSN_EBREAK        VM74_U32(0x00100073)

#endif /* VM74_ARCH_H */
