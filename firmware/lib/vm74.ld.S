/*
 * vm74.ld.S - linker script for vm74 firmware, run through cpp -P so that
 * the addresses come from include/vm74_arch.h.
 *
 * Layout of physical RAM (a supervisor program runs with R = (0, all), so
 * its logical addresses are physical):
 *
 *   0x000 - 0x0ff   low core: owned by the trap hardware and trap handlers.
 *                   No section is placed here, so the ELF loader never
 *                   writes it; crt0 stores the trap vector at run time.
 *   0x100           .text, _start first (VM74_RESET_P)
 *                   .rodata, .data, TLS, .bss
 *                   heap (picolibc's malloc/sbrk): __heap_start..__heap_end
 *   top - STACK     stack, growing down from __stack_top = RAM size
 *
 * VM74_FW_RAM_SIZE is set by the build (make FW_RAM_SIZE=...).  The default
 * is the iCEBreaker's RAM, so every program also fits the board.
 *
 * VM74_FW_PLACED (the VMM only) names a linker script to include, whose
 * sections go to their own addresses past this program's RAM, in one more
 * loadable segment: the VMM's guests, each in its partition
 * (tools/vmm/vmm-pack writes it).
 */
#include "vm74_arch.h"

#ifndef VM74_FW_RAM_SIZE
#define VM74_FW_RAM_SIZE VM74_RAM_SIZE_BOARD
#endif
#ifndef VM74_FW_STACK_SIZE
#define VM74_FW_STACK_SIZE 0x2000
#endif

OUTPUT_ARCH("riscv")
ENTRY(_start)

MEMORY
{
    lowcore (rw)  : ORIGIN = VM74_RAM_BASE, LENGTH = VM74_LC_END
    ram     (rwx) : ORIGIN = VM74_RESET_P, LENGTH = VM74_FW_RAM_SIZE - VM74_RESET_P
}

PHDRS
{
    text PT_LOAD;
    data PT_LOAD;
    tls  PT_TLS;
#ifdef VM74_FW_PLACED
    placed PT_LOAD;
#endif
}

SECTIONS
{
    __ram_size = VM74_FW_RAM_SIZE;
    __stack_top = VM74_FW_RAM_SIZE;
    __stack_size = VM74_FW_STACK_SIZE;

    .text : {
        KEEP(*(.text.start))            /* crt0's _start, at VM74_RESET_P */
        *(.text.unlikely .text.unlikely.*)
        *(.text.startup .text.startup.*)
        *(.text .text.*)
        __text_end = .;
    } >ram :text

    .rodata : {
        *(.rodata .rodata.*)
        *(.srodata .srodata.*)
        . = ALIGN(4);
        /* constructor tables, run by picolibc's __libc_init_array */
        PROVIDE_HIDDEN(__preinit_array_start = .);
        KEEP(*(.preinit_array))
        PROVIDE_HIDDEN(__preinit_array_end = .);
        PROVIDE_HIDDEN(__init_array_start = .);
        KEEP(*(SORT_BY_INIT_PRIORITY(.init_array.*)))
        KEEP(*(.init_array))
        PROVIDE_HIDDEN(__init_array_end = .);
        PROVIDE_HIDDEN(__fini_array_start = .);
        KEEP(*(SORT_BY_INIT_PRIORITY(.fini_array.*)))
        KEEP(*(.fini_array))
        PROVIDE_HIDDEN(__fini_array_end = .);
    } >ram :text

    .data : ALIGN(8) {
        *(.data .data.*)
        *(.sdata .sdata.*)
    } >ram :data

    /*
     * picolibc keeps errno and friends in thread-local storage.  There is
     * one thread, so the initial image in .tdata is used in place: crt0
     * points tp at __tls_base and zeroes .tbss along with .bss.
     */
    .tdata : ALIGN(8) {
        *(.tdata .tdata.*)
    } >ram :tls :data
    .tbss (NOLOAD) : ALIGN(8) {
        *(.tbss .tbss.*)
        *(.tcommon)
    } >ram :tls
    __tls_base = ADDR(.tdata);
    __tls_align = MAX(ALIGNOF(.tdata), ALIGNOF(.tbss));
    __tdata_size = SIZEOF(.tdata);
    __tbss_size = SIZEOF(.tbss);

    /* The linker does not advance "." over .tbss; reserve its room here. */
    .tbss_space (NOLOAD) : {
        . = ADDR(.tbss) + SIZEOF(.tbss);
    } >ram :data

    .bss (NOLOAD) : ALIGN(8) {
        *(.sbss .sbss.*)
        *(.bss .bss.*)
        *(COMMON)
        . = ALIGN(16);
    } >ram :data
    __bss_start = ADDR(.tbss);          /* crt0 zeroes .tbss and .bss */
    __bss_end = ADDR(.bss) + SIZEOF(.bss);

    __heap_start = __bss_end;
    __heap_end = __stack_top - __stack_size;

    /* Reserve the stack so that a program too big for RAM fails to link. */
    .stack __heap_end (NOLOAD) : {
        . += __stack_size;
    } >ram :data

    /DISCARD/ : {
        *(.note .note.*)
        *(.eh_frame .eh_frame.*)
        *(.comment)
    }
}

#ifdef VM74_FW_PLACED
INCLUDE VM74_FW_PLACED
#endif

ASSERT(__heap_start <= __heap_end, "vm74.ld: program and stack do not fit in RAM")
ASSERT(_start == VM74_RESET_P, "vm74.ld: _start must be at VM74_RESET_P")
