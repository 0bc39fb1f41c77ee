/*
 * task.ld.S - a user task linked at logical address 0: sv-demo's task and
 * the os guest's tasks.
 *
 * The task owns logical 0..TASK_SIZE-1: code and data from 0, stack at the
 * top.  Its supervisor copies the loadable image (objcopy -O binary, which
 * starts at 0) into a zeroed region, so .bss needs no clearing.  TASK_SIZE
 * and TASK_STACK_SIZE come from the supervisor's ABI header, named by
 * -DTASK_ABI_H="..." (its one home).
 */
#include TASK_ABI_H

OUTPUT_ARCH("riscv")
ENTRY(_start)

MEMORY
{
    task (rwx) : ORIGIN = 0, LENGTH = TASK_SIZE
}

SECTIONS
{
    .text : {
        KEEP(*(.text.start))
        *(.text .text.*)
    } >task
    .rodata : { *(.rodata .rodata.* .srodata .srodata.*) } >task
    .data : { *(.data .data.* .sdata .sdata.*) } >task
    .bss (NOLOAD) : { *(.sbss .sbss.* .bss .bss.* COMMON) } >task
    __image_end = ADDR(.data) + SIZEOF(.data);
    __stack_top = TASK_SIZE;
    /DISCARD/ : { *(.note .note.*) *(.eh_frame .eh_frame.*) *(.comment) }
}

ASSERT(ADDR(.bss) + SIZEOF(.bss) <= TASK_SIZE - TASK_STACK_SIZE,
       "task.ld: the task does not fit in its region")
