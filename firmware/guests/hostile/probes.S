/*
 * probes.S - the hostile guest's attempts, each a few instructions that
 * trap.  A probe sets a0 = 0 first; when it traps, the handler (hostile.c)
 * records the trap and resumes after the trapping instruction, or, for a
 * trap from user mode, returns from run_user() with a0 = the cause.
 */
#include "vm74_arch.h"

#define LPSW(off, rs) .insn i VM74_OPC_CUSTOM0, VM74_F3_LPSW, x0, off(rs)

    .text
    .balign 4

    .globl probe_load               /* uint32_t probe_load(uint32_t addr) */
probe_load:
    mv      t0, a0
    li      a0, 0
    lw      a0, 0(t0)
    ret

    .globl probe_store              /* void probe_store(uint32_t addr, uint32_t v) */
probe_store:
    sw      a1, 0(a0)
    ret

    .globl probe_store_byte         /* void probe_store_byte(uint32_t addr) */
probe_store_byte:
    sb      zero, 0(a0)
    ret

    .globl probe_lpsw               /* void probe_lpsw(uint32_t operand) */
probe_lpsw:
    LPSW(0, a0)
    ret

    .globl probe_illegal_zero       /* the all-zero word */
probe_illegal_zero:
    .word   0x00000000
    ret

    .globl probe_csr_cycle          /* RISC-V rdcycle: no CSRs on vm74 */
probe_csr_cycle:
    .word   0xc0002573
    ret

    .globl probe_mret               /* RISC-V mret */
probe_mret:
    .word   0x30200073
    ret

    .globl probe_ebreak
probe_ebreak:
    ebreak
    ret

    .globl probe_ecall
probe_ecall:
    ecall
    ret

    .globl probe_jump_misaligned    /* jump to a target that is 2 mod 4 */
probe_jump_misaligned:
    la      t0, 1f
    addi    t0, t0, 2
    jr      t0
1:  ret

/*
 * uint32_t run_user(const struct vm74_psw_words *psw, uint32_t arg):
 * LPSW into the PSW with a0 = arg.  Whatever traps next returns from here
 * with a0 = its cause (hostile.c's handler).
 */
    .globl run_user
run_user:
    mv      t0, a0
    mv      a0, a1
    LPSW(0, t0)

/*
 * User-mode snippets, copied into a region and run there at logical 0
 * under their own R.  Position-independent: x0-relative accesses only.
 */
    .globl user_snippet, user_snippet_end
user_snippet:
    lw      a1, 0x40(x0)            /* inside its R: fine */
    li      a2, 0x5a5a5a5a
    sw      a2, 0x44(x0)            /* inside its R: fine, relocated */
    lw      a1, 0(a0)               /* at arg: traps when arg is outside R */
    ecall                           /* otherwise: back to the supervisor */
user_snippet_end:

    .globl user_lpsw, user_lpsw_end
user_lpsw:
    LPSW(0, x0)                     /* privileged in user mode */
user_lpsw_end:

    .globl user_wfi, user_wfi_end
user_wfi:
    .insn i VM74_OPC_CUSTOM0, VM74_F3_WFI, x0, x0, 0
user_wfi_end:

/* Another trap entry, installed by writing the guest's own vector word. */
    .globl alt_trap_entry
alt_trap_entry:
    sw      t0, 0x7c(x0)
    li      t0, 1
    sw      t0, 0x78(x0)            /* "the alternate vector was used" */
    lw      t0, 0x7c(x0)
    j       vm74_trap_entry
