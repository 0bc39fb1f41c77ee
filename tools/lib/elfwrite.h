/*
 * elfwrite.h - a minimal ELF32 writer, the one in the tree: used by the
 * loader and CLI tests and by the random program generator (tools/gen).
 *
 * It builds little-endian RISC-V ET_EXEC images with PT_LOAD segments and
 * no sections, from the ELF specification's field layout (System V gABI,
 * "ELF Header" and "Program Header").  test_loader derives its broken files
 * from such a valid image by changing one field or truncating it.
 */
#ifndef VM74_ELFWRITE_H
#define VM74_ELFWRITE_H

#include <stddef.h>
#include <stdint.h>

/* Byte offsets of the fields the tests change (ELF32). */
#define ELF_OFF_CLASS 4    /* e_ident[EI_CLASS]: 1 = 32-bit, 2 = 64-bit */
#define ELF_OFF_DATA 5     /* e_ident[EI_DATA]: 1 = LE, 2 = BE */
#define ELF_OFF_IDENT_VERSION 6 /* e_ident[EI_VERSION]: 1 = EV_CURRENT */
#define ELF_OFF_TYPE 16    /* e_type: 2 = EXEC, 1 = REL */
#define ELF_OFF_MACHINE 18 /* e_machine: 243 = RISC-V, 62 = x86-64 */
#define ELF_OFF_VERSION 20 /* e_version: 1 = EV_CURRENT */
#define ELF_OFF_ENTRY 24
#define ELF_OFF_PHOFF 28
#define ELF_OFF_PHENTSIZE 42 /* e_phentsize: 32 for ELF32 */
#define ELF_OFF_PHNUM 44
#define ELF_EHDR_SIZE 52
#define ELF_PHDR_SIZE 32
#define ELF_PHDR_TYPE 0   /* offsets inside a program header */
#define ELF_PHDR_OFFSET 4
#define ELF_PHDR_PADDR 12
#define ELF_PHDR_FILESZ 16
#define ELF_PHDR_MEMSZ 20

#define ELF_MACHINE_RISCV 243
#define ELF_MACHINE_X86_64 62
#define ELF_PT_LOAD 1
#define ELF_PT_NOTE 4

struct elf_seg {
    uint32_t type; /* ELF_PT_LOAD, or another type to test the loader */
    uint32_t paddr;
    const void *data;
    uint32_t filesz;
    uint32_t memsz; /* >= filesz; the rest is zero-filled by a loader */
};

/* Build the image into buf; returns its size, or 0 if cap is too small. */
size_t elf_build(uint8_t *buf, size_t cap, uint32_t entry,
                 const struct elf_seg *segs, int nsegs);

/* One PT_LOAD segment of instruction words at paddr, entry = paddr. */
size_t elf_build_program(uint8_t *buf, size_t cap, uint32_t paddr,
                         const uint32_t *words, size_t nwords);

/* Write len bytes to a new file made from template (mkstemp, e.g.
 * "/tmp/vm74-XXXXXX"), whose name is left in template.  Returns 0 or -1. */
int elf_write_temp(char *template, const uint8_t *buf, size_t len);

/* Little-endian field access. */
void elf_put16(uint8_t *p, uint32_t v);
void elf_put32(uint8_t *p, uint32_t v);

#endif /* VM74_ELFWRITE_H */
