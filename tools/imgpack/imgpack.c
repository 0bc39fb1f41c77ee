/*
 * imgpack - pack a vm74 program (ELF) into a boot image for the iCEBreaker's
 * boot loader (rtl/board/vm74_boot.v, docs/fpga.md "Image format").
 *
 *   imgpack [--ram=BYTES] PROGRAM.elf IMAGE.bin
 *
 * The image is a 20-byte header of little-endian words, then the payload:
 *   +0 magic "VM74"   +4 load address   +8 length (bytes)
 *   +12 entry         +16 CRC-32/MPEG-2 of the payload
 * The payload is physical memory from the lowest loaded byte to the highest
 * (file contents; gaps zero), both ends rounded out to a word.  .bss needs
 * no bytes: the loader zeroes all of RAM first.  imgpack refuses a program
 * whose memory (including .bss) does not fit the RAM (default 128 KiB).
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vm74_arch.h"

#define IMG_MAGIC 0x34374d56u /* "VM74" read as a little-endian word */
#define IMG_HEADER_BYTES 20

struct image {
    uint32_t load, length, entry; /* length: payload bytes */
    uint8_t *payload;
};

static int die(const char *fmt, const char *arg)
{
    fprintf(stderr, "imgpack: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    return 1;
}

/* CRC-32/MPEG-2: poly 0x04C11DB7, MSB first, init ~0, no final XOR -- the
 * loader computes it bit by bit in the order the flash sends the bits. */
static uint32_t crc32_mpeg2(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        crc ^= (uint32_t)p[i] << 24;
        for (int b = 0; b < 8; b++)
            crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04c11db7u : crc << 1;
    }
    return crc;
}

/* The span of the loadable segments: file bytes [*lo, *hi), memory < *top. */
static int segment_span(Elf *e, uint64_t *lo, uint64_t *hi, uint64_t *top)
{
    size_t n;
    if (elf_getphdrnum(e, &n) != 0)
        return -1;
    *lo = UINT64_MAX, *hi = 0, *top = 0;
    for (size_t i = 0; i < n; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)i, &ph))
            return -1;
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (ph.p_paddr + ph.p_memsz > *top)
            *top = ph.p_paddr + ph.p_memsz;
        if (ph.p_filesz == 0)
            continue;
        if (ph.p_paddr < *lo)
            *lo = ph.p_paddr;
        if (ph.p_paddr + ph.p_filesz > *hi)
            *hi = ph.p_paddr + ph.p_filesz;
    }
    return *hi > 0 ? 0 : -1;
}

/* Copy every segment's file bytes into the payload. */
static int copy_segments(Elf *e, struct image *img)
{
    size_t n, fsize;
    /* elf_rawfile gives the whole file: segments are found by offset. */
    const char *raw = elf_rawfile(e, &fsize);
    if (!raw || elf_getphdrnum(e, &n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        GElf_Phdr ph;
        gelf_getphdr(e, (int)i, &ph);
        if (ph.p_type != PT_LOAD || ph.p_filesz == 0)
            continue;
        if (ph.p_offset + ph.p_filesz > fsize)
            return -1;
        memcpy(img->payload + (ph.p_paddr - img->load), raw + ph.p_offset,
               ph.p_filesz);
    }
    return 0;
}

static int read_program(const char *path, uint32_t ram, struct image *img)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return die("cannot open %s", path);
    elf_version(EV_CURRENT);
    Elf *e = elf_begin(fd, ELF_C_READ, NULL);
    GElf_Ehdr eh;
    uint64_t lo, hi, top;
    int rc = 1;
    if (!e || !gelf_getehdr(e, &eh) || gelf_getclass(e) != ELFCLASS32 ||
        eh.e_machine != EM_RISCV) {
        die("%s: not a 32-bit RISC-V ELF program", path);
    } else if (segment_span(e, &lo, &hi, &top) != 0) {
        die("%s: no loadable segment", path);
    } else if (top > ram) {
        char msg[160];
        snprintf(msg, sizeof msg, "%%s: needs RAM up to 0x%llx, the board has "
                 "0x%lx bytes", (unsigned long long)top, (unsigned long)ram);
        die(msg, path);
    } else {
        img->load = (uint32_t)lo & ~3u;
        img->length = (((uint32_t)hi + 3u) & ~3u) - img->load;
        img->entry = (uint32_t)eh.e_entry;
        img->payload = calloc(1, img->length);
        if (!img->payload || copy_segments(e, img) != 0)
            die("%s: cannot read the segments", path);
        else if (img->entry % 4 != 0 || img->entry >= ram)
            die("%s: entry point not a word inside RAM", path);
        else
            rc = 0;
    }
    if (e)
        elf_end(e);
    close(fd);
    return rc;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static int write_image(const char *path, const struct image *img)
{
    uint8_t hdr[IMG_HEADER_BYTES];
    uint32_t crc = crc32_mpeg2(img->payload, img->length);
    put32(hdr + 0, IMG_MAGIC);
    put32(hdr + 4, img->load);
    put32(hdr + 8, img->length);
    put32(hdr + 12, img->entry);
    put32(hdr + 16, crc);
    FILE *f = fopen(path, "wb");
    if (!f)
        return die("cannot create %s", path);
    int ok = fwrite(hdr, 1, sizeof hdr, f) == sizeof hdr &&
             fwrite(img->payload, 1, img->length, f) == img->length;
    if (fclose(f) != 0 || !ok)
        return die("cannot write %s", path);
    printf("imgpack: %s: load 0x%05x, %u bytes, entry 0x%05x, crc 0x%08x\n",
           path, img->load, img->length, img->entry, crc);
    return 0;
}

int main(int argc, char **argv)
{
    uint32_t ram = VM74_RAM_SIZE_BOARD;
    int argi = 1;
    /* For `make prog`: where iceprog must write the image (one source of
     * truth, include/vm74_arch.h). */
    if (argc == 2 && strcmp(argv[1], "--flash-offset") == 0) {
        printf("0x%08x\n", VM74_BOARD_IMAGE_OFFSET);
        return 0;
    }
    if (argc > 1 && strncmp(argv[1], "--ram=", 6) == 0) {
        ram = (uint32_t)strtoul(argv[1] + 6, NULL, 0);
        argi++;
    }
    if (argc - argi != 2) {
        fprintf(stderr, "usage: imgpack [--ram=BYTES] PROGRAM.elf IMAGE.bin\n"
                        "       imgpack --flash-offset\n");
        return 2;
    }
    struct image img = {0};
    if (read_program(argv[argi], ram, &img) != 0)
        return 1;
    int rc = write_image(argv[argi + 1], &img);
    free(img.payload);
    return rc;
}
