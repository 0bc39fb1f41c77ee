/*
 * elf_load.c - vm74_load_elf: put a RV32 ELF executable's PT_LOAD segments
 * into RAM and start it at its entry point.  Backend-independent: it uses
 * only the public API (write_phys, get/set state).
 *
 * The whole file is read into memory first (a file larger than any
 * program for the RAM is refused) and every offset is checked against its
 * size by this code, so a truncated or hostile file produces an error,
 * never a read past the end.  Nothing is written into RAM until
 * every segment has passed its checks.
 */
#define _POSIX_C_SOURCE 200809L /* fileno, fstat */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vm74_api.h"

struct elf_file {
    const char *path;
    char *image;
    size_t size;
    Elf *elf;
    char *err;
    size_t errlen;
};

static int fail(struct elf_file *f, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes "<path>: <reason>" into err and returns code. */
static int fail(struct elf_file *f, int code, const char *fmt, ...)
{
    char reason[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    snprintf(f->err, f->errlen, "%s: %s", f->path, reason);
    return code;
}

static void format_size(uint32_t bytes, char *buf, size_t len)
{
    if (bytes % (1u << 20) == 0)
        snprintf(buf, len, "%u MiB", bytes >> 20);
    else if (bytes % (1u << 10) == 0)
        snprintf(buf, len, "%u KiB", bytes >> 10);
    else
        snprintf(buf, len, "%u bytes", bytes);
}

/*
 * A program's loadable bytes fit in RAM; its file may hold this much more
 * (headers, symbols, debugging information: our firmware's is ~100 KiB).
 * A larger file is no program for the machine, so it is not read further:
 * /dev/zero would otherwise fill the host's memory.
 */
#define FILE_EXTRA_MAX (16u << 20)

static int too_large(struct elf_file *f, size_t max)
{
    char size[32];
    format_size((uint32_t)max, size, sizeof size);
    return fail(f, VM74_LOAD_TOO_LARGE,
                "more than %s, larger than a program for this RAM can be",
                size);
}

/* The file's bytes, at most max of them: past that, too_large().  A file
 * whose size is known is refused before it is read. */
static int read_bounded(struct elf_file *f, FILE *fp, size_t max)
{
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) &&
        (uintmax_t)st.st_size > max)
        return too_large(f, max);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        len += fread(buf + len, 1, cap - len, fp);
        if (len < cap)
            break;
        if (len > max) {
            free(buf);
            return too_large(f, max);
        }
        size_t want = cap * 2 < max + 1 ? cap * 2 : max + 1;
        char *bigger = realloc(buf, want);
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap = want;
    }
    if (buf == NULL || ferror(fp)) {
        free(buf);
        return fail(f, VM74_LOAD_OPEN, "cannot read: %s", strerror(errno));
    }
    f->image = buf;
    f->size = len;
    return VM74_LOAD_OK;
}

static int read_whole_file(struct elf_file *f, uint32_t ram_size)
{
    FILE *fp = fopen(f->path, "rb");
    if (fp == NULL)
        return fail(f, VM74_LOAD_OPEN, "cannot open: %s", strerror(errno));
    int rc = read_bounded(f, fp, (size_t)ram_size + FILE_EXTRA_MAX);
    fclose(fp);
    return rc;
}

static const char *class_name(unsigned char c)
{
    return c == ELFCLASS64 ? "64-bit" : c == ELFCLASS32 ? "32-bit" : "?-bit";
}

static const char *elf_type_name(unsigned type)
{
    switch (type) {
    case ET_REL: return "relocatable object";
    case ET_DYN: return "shared object or PIE";
    case ET_CORE: return "core dump";
    default: return "unknown type";
    }
}

/* libelf's reason for its last failure; some failures leave none. */
static const char *libelf_reason(void)
{
    int e = elf_errno();
    return e != 0 ? elf_errmsg(e) : "libelf gives no reason";
}

static int bad_version(struct elf_file *f, unsigned version)
{
    return fail(f, VM74_LOAD_NOT_ELF, "ELF version %u, need EV_CURRENT (%u)",
                version, EV_CURRENT);
}

/* Identification and ELF header: 32-bit little-endian RISC-V executable. */
static int check_header(struct elf_file *f, GElf_Ehdr *eh)
{
    if (f->size < SELFMAG || memcmp(f->image, ELFMAG, SELFMAG) != 0)
        return fail(f, VM74_LOAD_NOT_ELF, "not an ELF file (bad magic)");
    if (f->size < sizeof(Elf32_Ehdr))
        return fail(f, VM74_LOAD_TRUNCATED,
                    "truncated ELF header (%zu bytes)", f->size);
    unsigned char cls = (unsigned char)f->image[EI_CLASS];
    if (cls != ELFCLASS32)
        return fail(f, VM74_LOAD_NOT_RV32,
                    "%s ELF, need ELFCLASS32 (RV32)", class_name(cls));
    if ((unsigned char)f->image[EI_DATA] != ELFDATA2LSB)
        return fail(f, VM74_LOAD_NOT_RV32, "big-endian ELF, need little-endian");
    /* libelf refuses another version without setting its error number. */
    if ((unsigned char)f->image[EI_VERSION] != EV_CURRENT)
        return bad_version(f, (unsigned char)f->image[EI_VERSION]);
    f->elf = elf_memory(f->image, f->size);
    if (f->elf == NULL || elf_kind(f->elf) != ELF_K_ELF ||
        gelf_getehdr(f->elf, eh) == NULL)
        return fail(f, VM74_LOAD_NOT_ELF, "not a valid ELF file: %s",
                    libelf_reason());
    if (eh->e_version != EV_CURRENT)
        return bad_version(f, eh->e_version);
    if (eh->e_machine != EM_RISCV)
        return fail(f, VM74_LOAD_NOT_RV32,
                    "machine %u is not RISC-V (EM_RISCV = %u)",
                    eh->e_machine, EM_RISCV);
    if (eh->e_type != ET_EXEC)
        return fail(f, VM74_LOAD_NOT_RV32,
                    "ELF type %u (%s) is not an executable (ET_EXEC)",
                    eh->e_type, elf_type_name(eh->e_type));
    return VM74_LOAD_OK;
}

static int count_phdrs(struct elf_file *f, const GElf_Ehdr *eh, size_t *n)
{
    /* Take the count the header claims: libelf's elf_getphdrnum() quietly
     * shrinks it to the headers that fit in the file, which would turn a
     * truncated file into one that merely has no segments. */
    if (eh->e_phnum != PN_XNUM)
        *n = eh->e_phnum;
    else if (elf_getphdrnum(f->elf, n) != 0)
        return fail(f, VM74_LOAD_TRUNCATED, "cannot read program headers: %s",
                    libelf_reason());
    if (*n > 0 && eh->e_phentsize != sizeof(Elf32_Phdr))
        return fail(f, VM74_LOAD_MALFORMED,
                    "program header size %u, expected %zu",
                    eh->e_phentsize, sizeof(Elf32_Phdr));
    if ((uint64_t)eh->e_phoff + (uint64_t)*n * sizeof(Elf32_Phdr) > f->size)
        return fail(f, VM74_LOAD_TRUNCATED,
                    "program headers end past the end of the file");
    return VM74_LOAD_OK;
}


static int check_segment(struct elf_file *f, const GElf_Phdr *ph,
                         uint32_t ram_size)
{
    if (ph->p_filesz > ph->p_memsz)
        return fail(f, VM74_LOAD_MALFORMED,
                    "segment 0x%08llx has p_filesz 0x%llx > p_memsz 0x%llx",
                    (unsigned long long)ph->p_paddr,
                    (unsigned long long)ph->p_filesz,
                    (unsigned long long)ph->p_memsz);
    if (ph->p_offset + ph->p_filesz > f->size)
        return fail(f, VM74_LOAD_TRUNCATED,
                    "segment 0x%08llx+0x%llx at file offset 0x%llx ends past "
                    "the end of the file (%zu bytes)",
                    (unsigned long long)ph->p_paddr,
                    (unsigned long long)ph->p_filesz,
                    (unsigned long long)ph->p_offset, f->size);
    if (ph->p_paddr + ph->p_memsz > ram_size) {
        char ram[32];
        format_size(ram_size, ram, sizeof ram);
        return fail(f, VM74_LOAD_OUTSIDE_RAM,
                    "segment 0x%08llx+0x%llx does not fit in %s of RAM",
                    (unsigned long long)ph->p_paddr,
                    (unsigned long long)ph->p_memsz, ram);
    }
    return VM74_LOAD_OK;
}

/* P starts at the entry point: a whole word of RAM, or the first fetch
 * faults (docs/isa.md §5), which no program means. */
static int check_entry(struct elf_file *f, uint64_t entry, uint32_t ram_size)
{
    if (entry % 4 != 0)
        return fail(f, VM74_LOAD_MALFORMED,
                    "entry point 0x%08llx is not a multiple of 4",
                    (unsigned long long)entry);
    if (entry + 4 > ram_size) {
        char ram[32];
        format_size(ram_size, ram, sizeof ram);
        return fail(f, VM74_LOAD_OUTSIDE_RAM,
                    "entry point 0x%08llx is outside %s of RAM",
                    (unsigned long long)entry, ram);
    }
    return VM74_LOAD_OK;
}

/* Copy the file part, zero the rest (bss).  check_segment() made both fit. */
static void load_segment(vm74 *m, const struct elf_file *f,
                         const GElf_Phdr *ph)
{
    uint32_t p = (uint32_t)ph->p_paddr;
    size_t filesz = (size_t)ph->p_filesz, memsz = (size_t)ph->p_memsz;
    vm74_write_phys(m, p, f->image + ph->p_offset, filesz);
    if (memsz > filesz) {
        size_t bss = memsz - filesz;
        void *zeros = calloc(1, bss);
        if (zeros != NULL) {
            vm74_write_phys(m, p + (uint32_t)filesz, zeros, bss);
            free(zeros);
        } else {
            static const uint8_t zero[256];
            for (size_t off = 0; off < bss; off += sizeof zero) {
                size_t chunk = bss - off < sizeof zero ? bss - off : sizeof zero;
                vm74_write_phys(m, p + (uint32_t)(filesz + off), zero, chunk);
            }
        }
    }
}

/* Pass 1 (load == 0) checks every PT_LOAD, pass 2 copies them. */
static int for_each_load(vm74 *m, struct elf_file *f, size_t phnum, int load,
                         size_t *loads)
{
    *loads = 0;
    for (size_t i = 0; i < phnum; i++) {
        GElf_Phdr ph;
        if (gelf_getphdr(f->elf, (int)i, &ph) == NULL)
            return fail(f, VM74_LOAD_TRUNCATED,
                        "cannot read program header %zu: %s", i,
                        libelf_reason());
        if (ph.p_type != PT_LOAD)
            continue;
        (*loads)++;
        if (!load) {
            int rc = check_segment(f, &ph, vm74_ram_size(m));
            if (rc != VM74_LOAD_OK)
                return rc;
        } else {
            load_segment(m, f, &ph);
        }
    }
    return VM74_LOAD_OK;
}

static int load_checked(vm74 *m, struct elf_file *f)
{
    GElf_Ehdr eh;
    size_t phnum, loads;
    int rc = read_whole_file(f, vm74_ram_size(m));
    if (rc == VM74_LOAD_OK)
        rc = check_header(f, &eh);
    if (rc == VM74_LOAD_OK)
        rc = count_phdrs(f, &eh, &phnum);
    if (rc == VM74_LOAD_OK)
        rc = for_each_load(m, f, phnum, 0, &loads);
    if (rc == VM74_LOAD_OK && loads == 0)
        rc = fail(f, VM74_LOAD_NO_SEGMENTS, "no PT_LOAD segment to load");
    if (rc == VM74_LOAD_OK)
        rc = check_entry(f, eh.e_entry, vm74_ram_size(m));
    if (rc != VM74_LOAD_OK)
        return rc;
    for_each_load(m, f, phnum, 1, &loads);

    struct vm74_state s;
    vm74_get_state(m, &s);
    s.psw.pc = (uint32_t)eh.e_entry;
    vm74_set_state(m, &s);
    return VM74_LOAD_OK;
}

int vm74_load_elf(vm74 *m, const char *path, char *err, size_t errlen)
{
    struct elf_file f = { path, NULL, 0, NULL, err, errlen };
    if (elf_version(EV_CURRENT) == EV_NONE)
        return fail(&f, VM74_LOAD_OPEN, "libelf is out of date: %s",
                    elf_errmsg(-1));
    int rc = load_checked(m, &f);
    if (f.elf != NULL)
        elf_end(f.elf);
    free(f.image);
    return rc;
}
