/*
 * conf.ld.S - linker script of the conformance programs (through cpp -P).
 *
 *   0x000-0x0ff          low core: the trap's and the runtime's (conf.h)
 *   0x100                _start, .text, .rodata, .data, .bss
 *   .. CONF_IMAGE_TOP    the stack, growing down from CONF_IMAGE_TOP
 *   CONF_IMAGE_TOP ..    free RAM for the checks, up to CONF_RAM_SIZE
 */
#include "conf.h"

OUTPUT_ARCH("riscv")
ENTRY(_start)

MEMORY
{
    image (rwx) : ORIGIN = VM74_RESET_P, LENGTH = CONF_IMAGE_TOP - VM74_RESET_P
}

SECTIONS
{
    .text : {
        KEEP(*(.text.start))
        *(.text .text.*)
    } >image

    .rodata : {
        *(.rodata .rodata.*)
        *(.srodata .srodata.*)
    } >image

    .data : ALIGN(8) {
        *(.data .data.*)
        *(.sdata .sdata.*)
    } >image

    .bss (NOLOAD) : ALIGN(8) {
        __bss_start = .;
        *(.sbss .sbss.*)
        *(.bss .bss.*)
        *(COMMON)
        . = ALIGN(4);
        __bss_end = .;
    } >image

    __stack_top = CONF_IMAGE_TOP;
    .stack (NOLOAD) : {
        . = ALIGN(16);
        . += 0x2000;
    } >image

    /DISCARD/ : {
        *(.note .note.*)
        *(.eh_frame .eh_frame.*)
        *(.comment)
    }
}

ASSERT(_start == VM74_RESET_P, "conf.ld: _start must be at VM74_RESET_P")
