/*
 * vmm_fuzz_main.c - vmm-fuzz: the VMM under generated guests, compared
 * with bare vm74 (docs/fuzz.md "The VMM under random guests"; what `make
 * vmm-fuzz` runs).
 *
 *   vmm-fuzz [--backend=iss|rtl] [--seeds=N] [--start=S] [--size=K]
 *            [--far-wfi] [--hybrid-every=B] [--drop=SLOT:LIST]... --conf FILE
 *            VMM.elf [HYBRID.elf]
 *   vmm-fuzz --image ELF OUT.bin
 *
 * Runs seeds S .. S+N-1 (N rounded up to whole batches of the conf's slots)
 * with vf_batch; on a terminal a line says how many (progress.h).  --hybrid-every=B runs
 * the second VMM (the hybrid one, which interprets the guests' supervisor
 * code: ~16 times the steps) on every B-th batch only (default 1: all).
 * At the first difference it shrinks the batch: it leaves out each block
 * of each program in turn (the failing guest's first) and keeps every drop
 * under which the batch still fails, then prints the command that
 * reproduces the smallest failure (--drop=SLOT:LIST, one per program that
 * lost blocks: SLOT is its place in the batch).  The last line is
 * "N seeds, N differences".  Exit status 0 iff no seed differed, 1 on a
 * difference, 2 if a run could not be made.  --image writes the raw RAM
 * image of a generated ELF (the .bin vmm-pack places; objcopy needs
 * sections, which it has none of).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen.h"
#include "progress.h"
#include "vmm_fuzz.h"

struct opts {
    const char *conf;
    uint64_t seeds, start, hybrid_every;
    int backend_rtl;
    struct vf_config c;
};

static void usage(void)
{
    fprintf(stderr, "usage: vmm-fuzz [--backend=iss|rtl] [--seeds=N] [--start=S] "
            "[--size=K] [--far-wfi] [--hybrid-every=B] [--drop=SLOT:LIST]... --conf FILE "
            "VMM.elf [HYBRID.elf]\n       vmm-fuzz --image ELF OUT.bin\n");
    exit(2);
}

static uint64_t number(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 0);
    if (*s == '\0' || *end != '\0')
        usage();
    return v;
}

/* "2:0,5" -> slot 2's program leaves out blocks 0 and 5. */
static void slot_drop(struct vf_config *c, const char *v)
{
    char *end;
    unsigned long slot = strtoul(v, &end, 10);
    if (end == v || *end != ':' || slot >= VMM_MAX_GUESTS)
        usage();
    c->drop[slot] = 0;
    if (!gen_parse_drop(end + 1, &c->drop[slot]))
        usage();
}

static void parse_args(int argc, char **argv, struct opts *o)
{
    o->seeds = 100;
    o->start = 1;
    o->hybrid_every = 1;
    o->c.blocks = GEN_DEFAULT_BLOCKS;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = strchr(a, '=');
        v = v ? v + 1 : "";
        if (!strcmp(a, "--backend=iss")) o->c.be = VM74_BACKEND_ISS;
        else if (!strcmp(a, "--backend=rtl")) o->c.be = VM74_BACKEND_RTL;
        else if (!strncmp(a, "--seeds=", 8)) o->seeds = number(v);
        else if (!strncmp(a, "--start=", 8)) o->start = number(v);
        else if (!strncmp(a, "--size=", 7)) o->c.blocks = (unsigned)number(v);
        else if (!strncmp(a, "--drop=", 7)) slot_drop(&o->c, v);
        else if (!strcmp(a, "--far-wfi")) o->c.far_wfi = 1;
        else if (!strncmp(a, "--hybrid-every=", 15)) o->hybrid_every = number(v);
        else if (!strcmp(a, "--conf") && i + 1 < argc) o->conf = argv[++i];
        else if (a[0] != '-' && o->c.n_vmm < VF_MAX_VMMS) o->c.vmm_elf[o->c.n_vmm++] = a;
        else usage();
    }
    if (!o->conf || o->c.n_vmm == 0 || o->c.blocks < 1 || o->hybrid_every < 1 ||
        o->c.blocks > GEN_MAX_BLOCKS)
        usage();
}

static void print_drop(FILE *f, uint64_t drop)
{
    const char *sep = "";
    for (int i = 0; i < GEN_MAX_BLOCKS; i++)
        if (drop & (1ull << i)) {
            fprintf(f, "%s%d", sep, i);
            sep = ",";
        }
}

/* Greedy, as make fuzz: keep each block out if the batch still fails.
 * The failing guest's program first; then the others', since one guest
 * may be what breaks another. */
static void shrink(struct vf_config *c, uint64_t first, struct vf_failure *f)
{
    struct vf_totals t = {0};
    struct vf_failure g;
    char err[600];
    struct progress bar;
    progress_start(&bar, "vmm-fuzz: shrinking", (uint64_t)c->n_slots * c->blocks, "blocks");
    for (int k = 0; k < c->n_slots; k++) {
        int slot = k == 0 ? f->slot : k <= f->slot ? k - 1 : k;
        for (unsigned i = 0; i < c->blocks; i++) {
            progress_show(&bar, (uint64_t)k * c->blocks + i, NULL);
            uint64_t keep = c->drop[slot];
            c->drop[slot] |= 1ull << i;
            if (vf_batch(c, first, &t, &g, err, sizeof err) == 1)
                *f = g;
            else
                c->drop[slot] = keep;
        }
    }
    progress_clear(&bar);
}

static void report(const struct opts *o, uint64_t first, const struct vf_failure *f)
{
    const struct vf_config *c = &o->c;
    printf("  %s: %s\n", f->vmm < 0 ? "bare" : c->vmm_elf[f->vmm], f->why);
    printf("reproduce with:\n    build/tools/vmm-fuzz --backend=%s --start=%llu "
           "--seeds=%d --size=%u%s", c->be == VM74_BACKEND_RTL ? "rtl" : "iss",
           (unsigned long long)first, c->n_slots, c->blocks,
           c->far_wfi ? " --far-wfi" : "");
    for (int i = 0; i < c->n_slots; i++)
        if (c->drop[i]) {
            printf(" --drop=%d:", i);
            print_drop(stdout, c->drop[i]);
        }
    printf(" --conf %s", o->conf);
    for (int k = 0; k < c->n_vmm; k++)
        printf(" %s", c->vmm_elf[k]);
    printf("\n");
}

static int image_main(int argc, char **argv)
{
    char err[600];
    if (argc != 4)
        usage();
    if (vf_write_image(argv[2], argv[3], err, sizeof err)) {
        fprintf(stderr, "vmm-fuzz: %s\n", err);
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--image"))
        return image_main(argc, argv);
    struct opts o = {0};
    struct vf_totals t = {0};
    struct vf_failure f;
    char err[600];
    parse_args(argc, argv, &o);
    if (vf_init(&o.c, o.conf, err, sizeof err)) {
        fprintf(stderr, "vmm-fuzz: %s\n", err);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = 0;
    uint64_t first = o.start, hybrid_runs = 0;
    int n_vmm = o.c.n_vmm;
    uint64_t slots = (uint64_t)o.c.n_slots;
    struct progress bar;
    progress_start(&bar, "vmm-fuzz", (o.seeds + slots - 1) / slots * slots, "seeds");
    for (uint64_t k = 0; rc == 0 && first < o.start + o.seeds; k++, first += slots) {
        progress_show(&bar, t.seeds, o.c.be == VM74_BACKEND_RTL ? "rtl" : "iss");
        o.c.n_vmm = k % o.hybrid_every == 0 ? n_vmm : 1;
        hybrid_runs += o.c.n_vmm > 1;
        rc = vf_batch(&o.c, first, &t, &f, err, sizeof err);
    }
    progress_clear(&bar);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (rc < 0)
        fprintf(stderr, "vmm-fuzz: %s\n", err);
    if (rc == 1) {
        first -= (uint64_t)o.c.n_slots;
        printf("seed %llu DIFFERS (backend %s):\n", (unsigned long long)f.seed,
               o.c.be == VM74_BACKEND_RTL ? "rtl" : "iss");
        printf("  %s: %s\n", f.vmm < 0 ? "bare" : o.c.vmm_elf[f.vmm], f.why);
        printf("shrinking (dropping blocks while it still fails)...\n");
        shrink(&o.c, first, &f);
        printf("smallest failure:\n");
        report(&o, first, &f);
    }
    printf("bare runs: %llu cycles", (unsigned long long)t.bare_cycles);
    for (int k = 0; k < n_vmm; k++)
        printf("; %s: %llu steps", o.c.vmm_elf[k], (unsigned long long)t.vmm_steps[k]);
    if (n_vmm > 1)
        printf(" (%llu batches)", (unsigned long long)hybrid_runs);
    printf("\n%llu seeds in %llu batches of %d, %.1f s (%.1f seeds/s)\n",
           (unsigned long long)t.seeds, (unsigned long long)t.batches, o.c.n_slots,
           secs, secs > 0 ? (double)t.seeds / secs : 0.0);
    printf("%llu seeds, %d differences\n", (unsigned long long)t.seeds,
           rc == 1);
    vf_cleanup(&o.c);
    return rc < 0 ? 2 : rc;
}
