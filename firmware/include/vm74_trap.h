/*
 * vm74_trap.h - the trap frame of lib/trap.S, for supervisor programs.
 *
 * A program that wants to handle traps itself stores vm74_trap_entry in the
 * trap vector (vm74_lc_set_vector) and defines trap_handler().  The entry
 * saves every register, copies them with the old PSW, cause and info into a
 * struct trap_frame on the supervisor's trap stack, and calls
 *
 *     void trap_handler(struct trap_frame *tf);
 *
 * When trap_handler returns, the registers and the PSW in *tf are loaded
 * back (LPSW), so the handler resumes, redirects or replaces the
 * interrupted program by editing *tf.  vm74_trap_return(tf) does the same
 * for a frame built by hand: that is how a supervisor first enters a task.
 *
 * Usable from assembly: the TF_* offsets are checked against the struct.
 */
#ifndef VM74_TRAP_H
#define VM74_TRAP_H

#define TF_X(n)   (4 * (n))     /* x[n]; x[0] reads as 0 */
#define TF_PSW    128           /* struct vm74_psw_words: where to resume */
#define TF_CAUSE  144
#define TF_INFO   148
#define TF_SIZE   160           /* sizeof, rounded up to keep sp 16-aligned */

/* Size of the stack the entry switches to when the trap came from user mode. */
#define VM74_TRAP_STACK_SIZE 4096

#ifndef __ASSEMBLER__
#include "vm74.h"

struct trap_frame {
    uint32_t x[32];
    struct vm74_psw_words psw;
    uint32_t cause;
    uint32_t info;
    uint32_t pad[2];
};

static_assert(offsetof(struct trap_frame, x[5]) == TF_X(5), "trap_frame.x");
static_assert(offsetof(struct trap_frame, psw) == TF_PSW, "trap_frame.psw");
static_assert(offsetof(struct trap_frame, cause) == TF_CAUSE, "trap_frame.cause");
static_assert(offsetof(struct trap_frame, info) == TF_INFO, "trap_frame.info");
static_assert(sizeof(struct trap_frame) == TF_SIZE, "trap_frame size");

/* Register numbers for tf->x[], by ABI name. */
enum { REG_RA = 1, REG_SP = 2, REG_A0 = 10, REG_A1 = 11, REG_A2 = 12,
       REG_A7 = 17 };

/* The assembly entry: store its address in the trap vector. */
void vm74_trap_entry(void);

/* Provided by the program; called with IE = 0 and R = (0, all). */
void trap_handler(struct trap_frame *tf);

/* Load the registers and PSW of *tf: never returns. */
__attribute__((noreturn)) void vm74_trap_return(const struct trap_frame *tf);
#endif

#endif /* VM74_TRAP_H */
