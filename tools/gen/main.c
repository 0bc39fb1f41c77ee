/*
 * main.c - build/vm74-gen: write one random vm74 program (docs/fuzz.md).
 *
 *   vm74-gen --seed=N [--out=FILE.elf] [--size=K] [--drop=I,J,...]
 *            [--ram=BYTES] [--input=FILE] [--far-wfi]
 *
 * Prints "seed N: K blocks, S steps on the ISS, signature 0x..." to
 * stdout.  Exit status 0, 1 on a generator error, 2 on a bad command line.
 */
#define _GNU_SOURCE /* getopt_long under -std=c11 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

static const char usage_text[] =
    "usage: vm74-gen --seed=N [--out=FILE.elf] [--size=K] [--drop=LIST]\n"
    "Write a random, self-checking vm74 program (docs/fuzz.md).\n"
    "\n"
    "  --seed=N       the program's seed (decimal or 0x hex); required\n"
    "  --out=FILE     where to write the ELF (default: fuzz-N.elf)\n"
    "  --size=K       number of blocks, 1..64 (default 12)\n"
    "  --drop=LIST    leave out blocks, e.g. 0,3,7 (the other blocks do not\n"
    "                 change: this is how make fuzz shrinks a failure)\n"
    "  --ram=BYTES    the machine's RAM (default 1 MiB; from 0x30000)\n"
    "  --input=FILE   the console input the program gets (at most 64 bytes)\n"
    "  --far-wfi      also wait with WFI for deadlines near 2^64\n"
    "  --help         show this text\n";

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return false;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno != 0 || *end != '\0')
        return false;
    *out = v;
    return true;
}

/* At most GEN_INPUT_MAX bytes of FILE into buf. */
static bool read_input(const char *path, uint8_t *buf, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return false;
    *len = fread(buf, 1, GEN_INPUT_MAX + 1, f);
    fclose(f);
    return *len <= GEN_INPUT_MAX;
}

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "vm74-gen: %s '%s' (try 'vm74-gen --help')\n", what, arg);
    return 2;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "seed", required_argument, NULL, 's' },
        { "out", required_argument, NULL, 'o' },
        { "size", required_argument, NULL, 'k' },
        { "drop", required_argument, NULL, 'd' },
        { "ram", required_argument, NULL, 'r' },
        { "input", required_argument, NULL, 'i' },
        { "far-wfi", no_argument, NULL, 'w' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct gen_options o = { .blocks = GEN_DEFAULT_BLOCKS };
    uint8_t input[GEN_INPUT_MAX + 1];
    bool have_seed = false;
    const char *out = NULL;
    uint64_t v;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (opt) {
        case 's':
            if (!parse_u64(optarg, &o.seed))
                return usage_error("bad --seed", optarg);
            have_seed = true;
            break;
        case 'o': out = optarg; break;
        case 'k':
            if (!parse_u64(optarg, &v) || v < 1 || v > GEN_MAX_BLOCKS)
                return usage_error("bad --size (1..64)", optarg);
            o.blocks = (unsigned)v;
            break;
        case 'd':
            if (!gen_parse_drop(optarg, &o.drop))
                return usage_error("bad --drop list", optarg);
            break;
        case 'r':
            if (!parse_u64(optarg, &v) || v > 0xfffff000u)
                return usage_error("bad --ram", optarg);
            o.ram_size = (uint32_t)v;
            break;
        case 'i':
            if (!read_input(optarg, input, &o.input_len))
                return usage_error("unreadable or too long --input", optarg);
            o.input = input;
            break;
        case 'w': o.far_wfi = 1; break;
        case 'h': fputs(usage_text, stdout); return 0;
        default: return usage_error("bad option", argv[optind - 1]);
        }
    }
    if (!have_seed || optind != argc)
        return usage_error("expected --seed=N and no other argument",
                           optind < argc ? argv[optind] : "");

    char name[64], err[256];
    if (out == NULL) {
        snprintf(name, sizeof name, "fuzz-%llu.elf",
                 (unsigned long long)o.seed);
        out = name;
    }
    struct gen_result r;
    if (gen_generate(&o, &r, err, sizeof err) != 0) {
        fprintf(stderr, "vm74-gen: %s\n", err);
        return 1;
    }
    FILE *f = fopen(out, "wb");
    bool ok = f && fwrite(r.elf, 1, r.elf_len, f) == r.elf_len;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok) {
        fprintf(stderr, "vm74-gen: %s: cannot write: %s\n", out,
                strerror(errno));
        gen_result_free(&r);
        return 1;
    }
    printf("seed %llu: %u blocks, %llu steps on the ISS, signature 0x%08x\n",
           (unsigned long long)o.seed, o.blocks,
           (unsigned long long)r.steps, r.signature);
    gen_result_free(&r);
    return 0;
}
