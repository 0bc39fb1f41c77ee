/*
 * vmm_fuzz.c - generated programs as guests: bare runs, VMM runs, the
 * comparison (vmm_fuzz.h).
 */
#include "vmm_fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"

/* A quantum from this range, per slot and batch: preemption lands at
 * unrelated points of the programs (a few per program). */
#define VF_QUANTUM_MIN 1000u
#define VF_QUANTUM_SPAN 9000u

/* Limits that only a broken run reaches: a program takes at most 2 M steps
 * (the generator's own check), a batch under the hybrid VMM ~10 M. */
#define VF_BARE_STEPS 4000000u
#define VF_VMM_STEPS 400000000u

/* ---- Slots ---------------------------------------------------------------- */

struct slot_run {
    uint64_t seed;
    uint8_t input[GEN_INPUT_MAX];
    size_t input_len;
    uint32_t quantum;
    uint8_t *image;          /* the partition's contents, slot size bytes */
    struct vh_result bare;
};

struct batch {
    struct vf_config *c;
    struct slot_run run[VMM_MAX_GUESTS];
    uint32_t setups;         /* address of vmm_setups in the VMM's image */
};

int vf_init(struct vf_config *c, const char *conf, char *err, size_t errlen)
{
    c->n_slots = guestconf_read(conf, c->slot, err, errlen);
    if (c->n_slots < 0)
        return -1;
    snprintf(c->dir, sizeof c->dir, "/tmp/vmm-fuzz.XXXXXX");
    if (!mkdtemp(c->dir))
        return vmm_fail(err, errlen, "cannot make a directory in /tmp");
    for (int i = 0; i < c->n_slots; i++) {
        snprintf(c->slot[i].input, sizeof c->slot[i].input, "%s/%s.in", c->dir,
                 c->slot[i].name);
        c->slot[i].budget = VF_BARE_STEPS; /* the bare runs' limit only */
    }
    return 0;
}

void vf_cleanup(struct vf_config *c)
{
    char path[sizeof c->dir + 80];
    for (int i = 0; i < c->n_slots; i++) {
        snprintf(path, sizeof path, "%s/%s.elf", c->dir, c->slot[i].name);
        unlink(path);
        unlink(c->slot[i].input);
    }
    rmdir(c->dir);
}

static int write_file(const char *path, const void *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(buf, 1, len, f) == len;
    if (f && fclose(f))
        ok = false;
    return ok ? 0 : -1;
}

/* RAM [0, size) of a fresh ISS machine with the ELF loaded (malloc'd). */
static uint8_t *image_of(const char *elf, uint32_t size, char *err, size_t errlen)
{
    struct vm74_config cfg = {.backend = VM74_BACKEND_ISS, .ram_size = size};
    uint8_t *img = malloc(size);
    vm74 *m = img ? vm74_create(&cfg, err, errlen) : NULL;
    bool ok = m && vm74_load_elf(m, elf, err, errlen) == VM74_LOAD_OK &&
              vm74_read_phys(m, 0, img, size) == 0;
    vm74_destroy(m);
    if (!ok) {
        free(img);
        return NULL;
    }
    return img;
}

int vf_write_image(const char *elf, const char *out, char *err, size_t errlen)
{
    struct elfinfo info;
    if (elfinfo_read(elf, &info, err, errlen))
        return -1;
    uint8_t *img = image_of(elf, info.mem_hi, err, errlen);
    if (!img)
        return -1;
    int rc = write_file(out, img, info.mem_hi);
    free(img);
    return rc ? vmm_fail(err, errlen, "%s: cannot write", out) : 0;
}

/* Generate seed's program for slot i, its ELF and input in the work
 * directory, and its partition image. */
static int make_slot(struct batch *b, int i, uint64_t seed, char *err, size_t errlen)
{
    struct vf_config *c = b->c;
    struct slot_run *s = &b->run[i];
    struct rng st = {seed ^ 0x1f83d9abfb41bd6bu}; /* the seed's input */
    s->seed = seed;
    s->input_len = rng_next(&st) % (GEN_INPUT_MAX + 1);
    for (size_t k = 0; k < s->input_len; k++)
        s->input[k] = (uint8_t)rng_next(&st);
    struct gen_options o = {
        .seed = seed, .blocks = c->blocks, .ram_size = c->slot[i].size,
        .input = s->input, .input_len = s->input_len, .far_wfi = c->far_wfi,
        .drop = c->drop[i],
    };
    struct gen_result r;
    char path[sizeof c->dir + 80];
    if (gen_generate(&o, &r, err, errlen))
        return -1;
    snprintf(path, sizeof path, "%s/%s.elf", c->dir, c->slot[i].name);
    int rc = write_file(path, r.elf, r.elf_len) ||
             write_file(c->slot[i].input, s->input, s->input_len);
    gen_result_free(&r);
    if (rc)
        return vmm_fail(err, errlen, "cannot write in %s", c->dir);
    s->image = image_of(path, c->slot[i].size, err, errlen);
    return s->image ? 0 : -1;
}

/* ---- The VMM's machine: this batch's guests in its partitions ------------ */

static void write_u32(vm74 *m, uint32_t addr, uint32_t v)
{
    if (vm74_write_phys(m, addr, &v, sizeof v))
        abort(); /* inside the VMM's image: vh_run_vmm loaded it */
}

/* Each partition's image, console input and quantum (the setup's input
 * array has room for GEN_INPUT_MAX bytes: firmware/vmm/fuzz/input.txt). */
static void prepare(vm74 *m, void *ctx)
{
    struct batch *b = ctx;
    for (int i = 0; i < b->c->n_slots; i++) {
        const struct guestconf *g = &b->c->slot[i];
        const struct slot_run *s = &b->run[i];
        uint32_t setup = b->setups + (uint32_t)i * VMM_SETUP_SIZE, input;
        if (vm74_write_phys(m, g->base, s->image, g->size) ||
            vm74_read_phys(m, setup + VMM_SETUP_INPUT, &input, sizeof input) ||
            vm74_write_phys(m, input, s->input, s->input_len))
            abort();
        write_u32(m, setup + VMM_SETUP_INPUT_LEN, (uint32_t)s->input_len);
        write_u32(m, setup + VMM_SETUP_QUANTUM, s->quantum);
    }
    if (b->c->mutate)
        b->c->mutate(m, b->c->mutate_ctx);
}

static int vmm_check(struct batch *b, int k, const struct vh_vmm *v,
                     struct vf_failure *f)
{
    const struct vf_config *c = b->c;
    f->vmm = k;
    f->seed = b->run[0].seed;
    f->slot = 0;
    for (int i = 0; i < c->n_slots; i++) {
        char why[500];
        if (!vh_compare(&b->run[i].bare, &v->guest[i], why, sizeof why)) {
            f->seed = b->run[i].seed;
            f->slot = i;
            snprintf(f->why, sizeof f->why, "guest %s (seed %llu): %s",
                     c->slot[i].name, (unsigned long long)b->run[i].seed, why);
            return 1;
        }
    }
    if (v->status != VM74_EXITED || v->exit_code != 0)
        return snprintf(f->why, sizeof f->why, "the VMM did not end cleanly "
                        "(%s, exit %u)", vm74_status_name(v->status),
                        v->exit_code), 1;
    if (v->check.outside || !v->check.vmm_code_intact)
        return snprintf(f->why, sizeof f->why, "isolation: %llu user accesses "
                        "outside the partition (first at pc 0x%x, address 0x%x), "
                        "VMM code %s", (unsigned long long)v->check.outside,
                        v->check.first_outside_pc, v->check.first_outside_addr,
                        v->check.vmm_code_intact ? "intact" : "changed"), 1;
    return 0;
}

/* Bare runs: each program must pass its own check (exit 0). */
static int run_bare(struct batch *b, struct vf_totals *t, struct vf_failure *f,
                    char *err, size_t errlen)
{
    struct vf_config *c = b->c;
    char path[sizeof c->dir + 80];
    for (int i = 0; i < c->n_slots; i++) {
        struct slot_run *s = &b->run[i];
        snprintf(path, sizeof path, "%s/%s.elf", c->dir, c->slot[i].name);
        if (vh_run_bare(c->be, &c->slot[i], path, &s->bare, err, errlen))
            return -1;
        t->bare_cycles += s->bare.cycles;
        if (s->bare.status != VMM_GUEST_EXITED || s->bare.exit_code != 0) {
            f->seed = s->seed;
            f->slot = i;
            f->vmm = -1;
            snprintf(f->why, sizeof f->why, "seed %llu alone on bare vm74: end "
                     "%u, exit %u (its own check failed)",
                     (unsigned long long)s->seed, s->bare.status,
                     s->bare.exit_code);
            return 1;
        }
    }
    return 0;
}

static int run_vmms(struct batch *b, struct vf_totals *t, struct vf_failure *f,
                    char *err, size_t errlen)
{
    struct vf_config *c = b->c;
    for (int k = 0; k < c->n_vmm; k++) {
        struct vh_vmm *v = calloc(1, sizeof *v);
        if (!v || elfinfo_symbol(c->vmm_elf[k], "vmm_setups", &b->setups)) {
            free(v);
            return vmm_fail(err, errlen, "%s: no vmm_setups", c->vmm_elf[k]);
        }
        struct vh_prepare prep = {.fn = prepare, .ctx = b, .max_steps = VF_VMM_STEPS};
        int rc = vh_run_vmm_prepared(c->be, c->vmm_elf[k], c->slot, c->n_slots,
                                     c->dir, true, false, &prep, v, err, errlen);
        if (rc == 0) {
            t->vmm_steps[k] += v->steps;
            rc = vmm_check(b, k, v, f);
        }
        vh_vmm_free(v);
        free(v);
        if (rc)
            return rc;
    }
    return 0;
}

int vf_batch(struct vf_config *c, uint64_t first, struct vf_totals *t,
             struct vf_failure *f, char *err, size_t errlen)
{
    struct batch *b = calloc(1, sizeof *b);
    if (!b)
        return vmm_fail(err, errlen, "out of memory");
    b->c = c;
    struct rng qs = {first ^ 0x7c3a1f2e9d5b4861u}; /* the batch's quanta */
    int rc = 0;
    for (int i = 0; rc == 0 && i < c->n_slots; i++) {
        b->run[i].quantum = VF_QUANTUM_MIN + (uint32_t)(rng_next(&qs) % VF_QUANTUM_SPAN);
        rc = make_slot(b, i, first + (uint64_t)i, err, errlen);
    }
    if (rc == 0)
        rc = run_bare(b, t, f, err, errlen);
    if (rc == 0)
        rc = run_vmms(b, t, f, err, errlen);
    if (rc >= 0) {
        t->seeds += (uint64_t)c->n_slots;
        t->batches++;
    }
    for (int i = 0; i < c->n_slots; i++) {
        free(b->run[i].image);
        vh_result_free(&b->run[i].bare);
    }
    free(b);
    return rc;
}
