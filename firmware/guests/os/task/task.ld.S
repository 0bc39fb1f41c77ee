/*
 * task.ld.S - the os guest's task, linked at logical address 0: code and
 * data from 0, stack at the top of its TASK_SIZE bytes.  The kernel copies
 * the raw image into a zeroed region, so .bss needs no clearing.
 */
#include "os_abi.h"

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
    __stack_top = TASK_SIZE;
    /DISCARD/ : { *(.note .note.*) *(.eh_frame .eh_frame.*) *(.comment) }
}

ASSERT(ADDR(.bss) + SIZEOF(.bss) <= TASK_SIZE - TASK_STACK_SIZE,
       "task.ld: the task does not fit in its region")
