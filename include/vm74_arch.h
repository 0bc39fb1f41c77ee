/*
 * vm74_arch.h - the one place for vm74's architectural constants.
 *
 * Memory map, low-core layout, PSW bits, trap causes and the encodings of
 * vm74's own instructions.  docs/isa.md explains every value; this header is
 * what the reference simulator, the Verilator harness, the firmware, the
 * linker script (through cpp) and the tests include.  The RTL takes it as
 * build/rtl/vm74_arch.vh, which tools/gen_arch_vh.c prints from the tables
 * (the X-macros, VM74_DEVICE_REGISTERS, VM74_CAUSES, VM74_FLAWS and the
 * VM74_VERILOG_* lists at the end).
 *
 * Usable from C (host or cross), C++, assembly and linker scripts: #defines
 * and X-macros, but for the device registers' addresses, which are an enum
 * in C and C++ and symbols in assembly (VM74_DEVICE_REGISTER_SYMBOLS).
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

/* The devices: each one's registers sit at its base + an offset. */
#define VM74_UART_BASE          VM74_U32(0x10000000) /* console */
#define VM74_TIMER_BASE         VM74_U32(0x10001000)
#define VM74_PERF_BASE          VM74_U32(0x10002000) /* counters, read-only */
#define VM74_SIMCTL_BASE        VM74_U32(0x10003000) /* simulation control */

/*
 * The device registers (docs/isa.md §6), one line each, in address order:
 *   X(DEVICE, REGISTER, offset from VM74_<DEVICE>_BASE, access, meaning)
 * with access R, W or RW.  VM74_<DEVICE>_<REGISTER> is its address: an
 * enumeration constant in C and C++, a symbol in assembly (write
 * VM74_DEVICE_REGISTER_SYMBOLS once before the first use), a `define in
 * Verilog (tools/gen_arch_vh.c).  The reference simulator, the VMM's
 * virtual devices and the tests take the list from here, so a new register
 * is a line here plus its behaviour in each machine.
 */
#define VM74_DEVICE_REGISTERS(X)                                              \
    X(UART,   TXDATA,      0x000, W,  "send bits 7:0")                        \
    X(UART,   RXDATA,      0x004, R,  "the next byte, or VM74_UART_RX_EMPTY") \
    X(UART,   STATUS,      0x008, R,  "VM74_UART_STATUS_* ready flags")       \
    X(TIMER,  TIME_LO,     0x000, R,  "TIME bits 31:0, clock cycles")         \
    X(TIMER,  TIME_HI,     0x004, R,  "TIME bits 63:32")                      \
    X(TIMER,  CMP_LO,      0x008, RW, "CMP bits 31:0: pending iff TIME >= CMP") \
    X(TIMER,  CMP_HI,      0x00c, RW, "CMP bits 63:32")                       \
    X(PERF,   CYCLE_LO,    0x000, R,  "clock cycles since reset, bits 31:0") \
    X(PERF,   CYCLE_HI,    0x004, R,  "bits 63:32")                           \
    X(PERF,   INSTRET_S_LO, 0x008, R, "retired in supervisor mode, 31:0")     \
    X(PERF,   INSTRET_S_HI, 0x00c, R, "bits 63:32")                           \
    X(PERF,   INSTRET_U_LO, 0x010, R, "retired in user mode, 31:0")           \
    X(PERF,   INSTRET_U_HI, 0x014, R, "bits 63:32")                           \
    X(SIMCTL, EXIT,        0x000, W,  "end the run with this exit code")

#ifdef __ASSEMBLER__
#define VM74_DEVICE_REGISTER_EQU(dev, reg, offset, access, meaning) \
    .equ VM74_##dev##_##reg, VM74_##dev##_BASE + (offset);
#define VM74_DEVICE_REGISTER_SYMBOLS VM74_DEVICE_REGISTERS(VM74_DEVICE_REGISTER_EQU)
#else
#define VM74_DEVICE_REGISTER_ENUM(dev, reg, offset, access, meaning) \
    VM74_##dev##_##reg = VM74_##dev##_BASE + (offset),
enum vm74_device_register { VM74_DEVICE_REGISTERS(VM74_DEVICE_REGISTER_ENUM) };

/* Case labels: every register, or the read-only ones, e.g.
 *   switch (p) { VM74_DEVICE_REGISTERS(VM74_DEVICE_REGISTER_CASE) ... } */
#define VM74_DEVICE_REGISTER_CASE(dev, reg, offset, access, meaning) \
    case VM74_##dev##_##reg:
#define VM74_READ_ONLY_REGISTER_CASE(dev, reg, offset, access, meaning) \
    VM74_IF_READ_ONLY_##access(case VM74_##dev##_##reg:)
#define VM74_IF_READ_ONLY_R(x) x
#define VM74_IF_READ_ONLY_W(x)
#define VM74_IF_READ_ONLY_RW(x)
#endif

/* UART bits */
#define VM74_UART_RX_EMPTY      VM74_U32(0x80000000) /* RXDATA bit 31 */
#define VM74_UART_STATUS_RX_READY VM74_U32(0x00000001)
#define VM74_UART_STATUS_TX_READY VM74_U32(0x00000002)

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

/* The causes, in number order: X(NAME) for each VM74_CAUSE_<NAME>. */
#define VM74_CAUSES(X)                                                      \
    X(FETCH_MISALIGNED) X(FETCH_FAULT) X(ILLEGAL) X(BREAKPOINT)             \
    X(LOAD_MISALIGNED) X(LOAD_FAULT) X(STORE_MISALIGNED) X(STORE_FAULT)     \
    X(ECALL) X(PRIVILEGED) X(TIMER)

#if !defined(__ASSEMBLER__) && !defined(__cplusplus)
/* The causes' names (docs/isa.md §5), for an array indexed by cause:
 *   static const char *const names[VM74_NUM_CAUSES] = VM74_CAUSE_NAMES;
 * Reserved causes are left NULL. */
#define VM74_CAUSE_NAME(name) [VM74_CAUSE_##name] = #name,
#define VM74_CAUSE_NAMES { VM74_CAUSES(VM74_CAUSE_NAME) }
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

/* The flawed variants, in number order: X(NAME) for each VM74_FLAW_<NAME>
 * and its VM74_F3_<NAME>. */
#define VM74_FLAWS(X) X(RDMODE) X(JRSTU) X(RDBASE)

/* ---- The RTL's view: build/rtl/vm74_arch.vh (tools/gen_arch_vh.c) ---- */
/* Verilog takes these as `defines of the same names: the memory map, the
 * device registers (VM74_DEVICE_REGISTERS), the low core, the PSW and the
 * encodings as 32'h words; the major opcode, funct3 values, variants
 * (VM74_FLAWS) and causes (VM74_CAUSES) as sized decimals.  A register, a
 * cause or a variant reaches the RTL with its table line; any other
 * constant the RTL needs is named in one of the lists below.  The #defines
 * above stay the values' home because assembly, linker scripts and #if
 * need macros. */
#define VM74_VERILOG_MAP(X)                                                 \
    X(VM74_RAM_SIZE_MIN) X(VM74_RAM_SIZE_MAX) X(VM74_RAM_SIZE_DEFAULT)      \
    X(VM74_RAM_SIZE_BOARD) X(VM74_BOARD_IMAGE_OFFSET)                       \
    X(VM74_MMIO_BASE) X(VM74_MMIO_SIZE)                                     \
    X(VM74_UART_RX_EMPTY) X(VM74_UART_STATUS_RX_READY)                      \
    X(VM74_UART_STATUS_TX_READY)
#define VM74_VERILOG_WORDS(X)                                               \
    X(VM74_LC_OLD_FLAGS) X(VM74_LC_OLD_P) X(VM74_LC_OLD_BASE)               \
    X(VM74_LC_OLD_BOUND) X(VM74_LC_CAUSE) X(VM74_LC_INFO) X(VM74_LC_VECTOR) \
    X(VM74_RESET_P) X(VM74_FLAG_SUPERVISOR) X(VM74_FLAG_IE)                 \
    X(VM74_BOUND_ALL) X(VM74_BASE_MASK)                                     \
    X(VM74_INSN_WFI) X(VM74_INSN_ECALL) X(VM74_INSN_EBREAK)
/* X(name, width in bits) */
#define VM74_VERILOG_FIELDS(X)                                              \
    X(VM74_OPC_CUSTOM0, 7) X(VM74_F3_LPSW, 3) X(VM74_F3_WFI, 3)

#endif /* VM74_ARCH_H */
