/*
 * guestconf.c - read and check firmware/vmm/guests.conf; read what the
 * tools need from guest ELFs (libelf).
 */
#include "guestconf.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int vmm_fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* A numeric field and its range: the partition's fields are checked
 * further against each other and the RAM (check_one). */
struct field {
    const char *name, *text;
    uint32_t *value;
    uint32_t min, max;
};

static int parse_field(const char *path, int lineno, const char *guest,
                       const struct field *f, char *err, size_t errlen)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(f->text, &end, 0);
    if (f->text[0] == '-' || errno || *end || end == f->text || x < f->min ||
        x > f->max)
        return vmm_fail(err, errlen, "%s:%d: guest '%s': %s %s is not in %u..%u",
                        path, lineno, guest, f->name, f->text, f->min, f->max);
    *f->value = (uint32_t)x;
    return 0;
}

static int name_ok(const char *s)
{
    if (!*s || strlen(s) >= VMM_NAME_SIZE)
        return 0;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
            *s != '_' && *s != '-')
            return 0;
    return 1;
}

/* One non-comment line: six fields, each in its range. */
static int parse_line(const char *path, int lineno, char *text,
                      struct guestconf *g, char *err, size_t errlen)
{
    char name[64], base[32], size[32], quantum[32], budget[32], input[256];
    int used = 0;
    if (sscanf(text, "%63s %31s %31s %31s %31s %255s %n", name, base, size,
               quantum, budget, input, &used) != 6 || text[used] != '\0')
        return vmm_fail(err, errlen, "%s:%d: expected 6 fields: name base size "
                    "quantum budget input", path, lineno);
    if (!name_ok(name))
        return vmm_fail(err, errlen, "%s:%d: bad guest name '%s' (1-15 of a-z 0-9 _ -)",
                    path, lineno, name);
    memset(g, 0, sizeof *g);
    strcpy(g->name, name);
    g->line = lineno;
    const struct field fields[] = {
        {"base", base, &g->base, 0, UINT32_MAX},
        {"size", size, &g->size, 0, UINT32_MAX},
        {"quantum", quantum, &g->quantum, 1, VMM_QUANTUM_MAX},
        {"budget", budget, &g->budget, 0, UINT32_MAX},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (parse_field(path, lineno, name, &fields[i], err, errlen))
            return -1;
    if (strcmp(input, "-") != 0)
        snprintf(g->input, sizeof g->input, "%s", input);
    return 0;
}

int guestconf_read(const char *path, struct guestconf *out, char *err,
                   size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return vmm_fail(err, errlen, "%s: %s", path, strerror(errno));
    char text[512];
    int n = 0, lineno = 0, rc = 0;
    while (rc == 0 && fgets(text, sizeof text, f)) {
        lineno++;
        char *p = text + strspn(text, " \t");
        if (*p == '#' || *p == '\n' || *p == '\0')
            continue;
        if (n == VMM_MAX_GUESTS)
            rc = vmm_fail(err, errlen, "%s:%d: more than %d guests", path, lineno,
                      VMM_MAX_GUESTS);
        else
            rc = parse_line(path, lineno, p, &out[n++], err, errlen);
    }
    fclose(f);
    if (rc == 0 && n == 0)
        rc = vmm_fail(err, errlen, "%s: no guests", path);
    return rc ? -1 : n;
}

/* ---- Checks -------------------------------------------------------------- */

static int check_one(const char *path, const struct guestconf *g,
                     uint32_t vmm_size, uint32_t ram_size, char *err,
                     size_t errlen)
{
    uint64_t end = (uint64_t)g->base + g->size;
    if (g->size < VM74_RAM_SIZE_MIN || g->size % VM74_RAM_SIZE_ALIGN)
        return vmm_fail(err, errlen, "%s:%d: guest '%s': size 0x%x is not a vm74 RAM "
                    "size (a multiple of 4 KiB, at least 4 KiB)", path, g->line,
                    g->name, g->size);
    if (g->base % VM74_RAM_SIZE_ALIGN)
        return vmm_fail(err, errlen, "%s:%d: guest '%s': base 0x%x is not 4 KiB-aligned",
                    path, g->line, g->name, g->base);
    if (g->base < vmm_size)
        return vmm_fail(err, errlen, "%s:%d: guest '%s': partition 0x%x+0x%x overlaps "
                    "the VMM (0x0-0x%x)", path, g->line, g->name, g->base,
                    g->size, vmm_size - 1);
    if (end > ram_size)
        return vmm_fail(err, errlen, "%s:%d: guest '%s': partition 0x%x+0x%x ends past "
                    "the RAM (0x%x bytes)", path, g->line, g->name, g->base,
                    g->size, ram_size);
    if (g->input[0] && access(g->input, R_OK) != 0)
        return vmm_fail(err, errlen, "%s:%d: guest '%s': cannot read input file %s: "
                    "%s", path, g->line, g->name, g->input, strerror(errno));
    return 0;
}

static int overlaps(const struct guestconf *a, const struct guestconf *b)
{
    return (uint64_t)a->base < (uint64_t)b->base + b->size &&
           (uint64_t)b->base < (uint64_t)a->base + a->size;
}

int guestconf_check(const char *path, const struct guestconf *g, int n,
                    uint32_t vmm_size, uint32_t ram_size, char *err,
                    size_t errlen)
{
    for (int i = 0; i < n; i++) {
        if (check_one(path, &g[i], vmm_size, ram_size, err, errlen))
            return -1;
        for (int j = 0; j < i; j++) {
            if (strcmp(g[i].name, g[j].name) == 0)
                return vmm_fail(err, errlen, "%s:%d: guest '%s' is defined twice",
                            path, g[i].line, g[i].name);
            if (overlaps(&g[i], &g[j]))
                return vmm_fail(err, errlen, "%s:%d: guest '%s': partition 0x%x+0x%x "
                            "overlaps guest '%s' (0x%x+0x%x, line %d)", path,
                            g[i].line, g[i].name, g[i].base, g[i].size,
                            g[j].name, g[j].base, g[j].size, g[j].line);
        }
    }
    return 0;
}

/* ---- ELF ----------------------------------------------------------------- */

static Elf *elf_open_path(const char *path, int *fd)
{
    elf_version(EV_CURRENT);
    *fd = open(path, O_RDONLY);
    if (*fd < 0)
        return NULL;
    Elf *e = elf_begin(*fd, ELF_C_READ, NULL);
    if (!e)
        close(*fd);
    return e;
}

static void elf_close_path(Elf *e, int fd)
{
    elf_end(e);
    close(fd);
}

int elfinfo_read(const char *path, struct elfinfo *info, char *err, size_t errlen)
{
    int fd;
    Elf *e = elf_open_path(path, &fd);
    GElf_Ehdr eh;
    size_t nph;
    if (!e || !gelf_getehdr(e, &eh) || elf_getphdrnum(e, &nph)) {
        if (e)
            elf_close_path(e, fd);
        return vmm_fail(err, errlen, "%s: cannot read as an ELF file", path);
    }
    *info = (struct elfinfo){.entry = (uint32_t)eh.e_entry, .load_lo = UINT32_MAX};
    for (size_t i = 0; i < nph; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD)
            continue;
        if (ph.p_filesz && ph.p_paddr < info->load_lo)
            info->load_lo = (uint32_t)ph.p_paddr;
        if (ph.p_filesz && ph.p_paddr + ph.p_filesz > info->load_hi)
            info->load_hi = (uint32_t)(ph.p_paddr + ph.p_filesz);
        if (ph.p_paddr + ph.p_memsz > info->mem_hi)
            info->mem_hi = (uint32_t)(ph.p_paddr + ph.p_memsz);
    }
    elf_close_path(e, fd);
    if (info->load_lo == UINT32_MAX)
        return vmm_fail(err, errlen, "%s: nothing to load", path);
    return 0;
}

int elfinfo_symbol(const char *path, const char *name, uint32_t *value)
{
    int fd, rc = -1;
    Elf *e = elf_open_path(path, &fd);
    if (!e)
        return -1;
    for (Elf_Scn *scn = NULL; rc && (scn = elf_nextscn(e, scn));) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
            continue;
        Elf_Data *d = elf_getdata(scn, NULL);
        for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
            GElf_Sym sym;
            const char *s;
            if (gelf_getsym(d, (int)i, &sym) &&
                (s = elf_strptr(e, sh.sh_link, sym.st_name)) && !strcmp(s, name)) {
                *value = (uint32_t)sym.st_value;
                rc = 0;
                break;
            }
        }
    }
    elf_close_path(e, fd);
    return rc;
}
