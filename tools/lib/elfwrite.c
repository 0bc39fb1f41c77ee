/*
 * elfwrite.c - a minimal ELF32 writer (see elfwrite.h).
 *
 * Layout: ELF header, the program headers right after it, then each
 * segment's bytes at a 4-aligned file offset.
 */
#define _DEFAULT_SOURCE /* mkstemp */
#include "elfwrite.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void elf_put16(uint8_t *p, uint32_t v)
{
    p[0] = v & 0xff;
    p[1] = (v >> 8) & 0xff;
}

void elf_put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (v >> (8 * i)) & 0xff;
}

static void put_ehdr(uint8_t *b, uint32_t entry, int nsegs)
{
    static const uint8_t ident[8] = {0x7f, 'E', 'L', 'F', 1 /* ELFCLASS32 */,
                                     1 /* ELFDATA2LSB */, 1 /* EV_CURRENT */, 0};
    memcpy(b, ident, sizeof ident);
    elf_put16(b + ELF_OFF_TYPE, 2); /* ET_EXEC */
    elf_put16(b + ELF_OFF_MACHINE, ELF_MACHINE_RISCV);
    elf_put32(b + 20, 1); /* e_version */
    elf_put32(b + ELF_OFF_ENTRY, entry);
    elf_put32(b + ELF_OFF_PHOFF, ELF_EHDR_SIZE);
    elf_put16(b + 40, ELF_EHDR_SIZE); /* e_ehsize */
    elf_put16(b + 42, ELF_PHDR_SIZE); /* e_phentsize */
    elf_put16(b + ELF_OFF_PHNUM, (uint32_t)nsegs);
    elf_put16(b + 46, 40); /* e_shentsize of ELF32; there are no sections */
}

static void put_phdr(uint8_t *p, const struct elf_seg *s, uint32_t offset)
{
    elf_put32(p + ELF_PHDR_TYPE, s->type);
    elf_put32(p + ELF_PHDR_OFFSET, offset);
    elf_put32(p + 8, s->paddr); /* p_vaddr = p_paddr: no virtual memory */
    elf_put32(p + ELF_PHDR_PADDR, s->paddr);
    elf_put32(p + ELF_PHDR_FILESZ, s->filesz);
    elf_put32(p + ELF_PHDR_MEMSZ, s->memsz);
    elf_put32(p + 24, 7); /* PF_R | PF_W | PF_X */
    elf_put32(p + 28, 4); /* p_align */
}

size_t elf_build(uint8_t *buf, size_t cap, uint32_t entry,
                 const struct elf_seg *segs, int nsegs)
{
    size_t offset = ELF_EHDR_SIZE + (size_t)nsegs * ELF_PHDR_SIZE;
    if (cap < offset)
        return 0;
    memset(buf, 0, offset);
    put_ehdr(buf, entry, nsegs);
    for (int i = 0; i < nsegs; i++) {
        size_t aligned = (offset + 3) & ~(size_t)3;
        if (aligned + segs[i].filesz > cap)
            return 0;
        memset(buf + offset, 0, aligned - offset); /* padding */
        offset = aligned;
        put_phdr(buf + ELF_EHDR_SIZE + (size_t)i * ELF_PHDR_SIZE, &segs[i],
                 (uint32_t)offset);
        memcpy(buf + offset, segs[i].data, segs[i].filesz);
        offset += segs[i].filesz;
    }
    return offset;
}

size_t elf_build_program(uint8_t *buf, size_t cap, uint32_t paddr,
                         const uint32_t *words, size_t nwords)
{
    uint8_t *bytes = malloc(nwords * 4 + 1);
    if (bytes == NULL)
        return 0;
    for (size_t i = 0; i < nwords; i++)
        elf_put32(bytes + 4 * i, words[i]);
    struct elf_seg seg = {ELF_PT_LOAD, paddr, bytes, (uint32_t)nwords * 4,
                          (uint32_t)nwords * 4};
    size_t size = elf_build(buf, cap, paddr, &seg, 1);
    free(bytes);
    return size;
}

int elf_write_temp(char *template, const uint8_t *buf, size_t len)
{
    int fd = mkstemp(template);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, buf + done, len - done);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)n;
    }
    return close(fd);
}
