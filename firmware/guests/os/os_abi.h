/*
 * os_abi.h - the contract between the "os" guest's kernel and its tasks.
 *
 * Each task runs in user mode with R = (its region, TASK_SIZE), starts at
 * logical 0 with its task number in a0, and calls the kernel with ECALL:
 * a7 = call number, a0/a1 = arguments, result in a0.
 */
#ifndef OS_ABI_H
#define OS_ABI_H

#define TASK_SIZE        0x2000  /* bytes: each task's region and bound */
#define TASK_STACK_SIZE  0x800

#define SYS_WRITE  1  /* a0 = logical buffer, a1 = length -> 0 or -1 */
#define SYS_YIELD  2  /* give the CPU to the next task */
#define SYS_EXIT   3  /* a0 = exit code; does not return */

#endif /* OS_ABI_H */
