/*
 * timeline.c - the VMM's schedule from the retirement records of its run
 * (timeline.h).
 */
#include "timeline.h"

#include <stdlib.h>
#include <string.h>

#include "vmm_layout.h"

void tl_init(struct timeline *t, const struct guestconf *g, int n)
{
    memset(t, 0, sizeof *t);
    t->g = g;
    t->n = n;
    t->psw.mode = VM74_MODE_SUPERVISOR; /* reset state */
    t->trap_who = TL_NOBODY;
    t->vmm_who = TL_NOBODY;             /* the boot */
}

void tl_free(struct timeline *t)
{
    free(t->slices);
    free(t->vmm);
    free(t->ticks);
    memset(t, 0, sizeof *t);
}

int tl_guest_of(const struct timeline *t, uint32_t paddr)
{
    for (int i = 0; i < t->n; i++)
        if (paddr >= t->g[i].base && paddr - t->g[i].base < t->g[i].size)
            return i;
    return TL_NOBODY;
}

/* Room for one more element of size elem in *p (*cap of them). */
static void *room_for_one(void *p, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return p;
    *cap = *cap ? 2 * *cap : 1024;
    p = realloc(p, *cap * elem);
    if (!p)
        abort();
    return p;
}

static void add_span(struct tl_span **v, size_t *n, size_t *cap, struct tl_span s)
{
    *v = room_for_one(*v, *n, cap, sizeof **v);
    (*v)[(*n)++] = s;
}

static void add_tick(struct timeline *t, struct tl_tick k)
{
    t->ticks = room_for_one(t->ticks, t->nticks, &t->cap_ticks, sizeof *t->ticks);
    t->ticks[t->nticks++] = k;
    if (k.who != TL_NOBODY)
        t->total[k.who].traps[k.cause]++;
}

/* The VMM's stretch up to at, charged as the VMM charges it. */
static void close_vmm_stretch(struct timeline *t, uint64_t at)
{
    add_span(&t->vmm, &t->nvmm, &t->cap_vmm,
             (struct tl_span){t->vmm_from, at, t->vmm_who});
    if (t->vmm_who != TL_NOBODY)
        t->total[t->vmm_who].vmm += at - t->vmm_from;
}

/* LC_ENTER_TIME: a guest's slice begins. */
static void guest_entered(struct timeline *t, uint64_t at)
{
    close_vmm_stretch(t, at);
    t->enter_at = at;
}

/* LC_TRAP_TIME: the trapping guest's slice ends, the VMM's stretch begins. */
static void trap_arrived(struct timeline *t, uint64_t at)
{
    int who = t->trap_who;
    add_span(&t->slices, &t->nslices, &t->cap_slices,
             (struct tl_span){t->enter_at, at, who});
    if (who != TL_NOBODY)
        t->total[who].run += at - t->enter_at;
    add_tick(t, (struct tl_tick){at, who, t->trap_cause});
    t->vmm_from = at;
    t->vmm_who = who;
}

/* TIME from the low word the VMM stored, as sched.c's time_now() does. */
static uint64_t time_from_low(struct timeline *t, uint32_t lo)
{
    t->time += (uint32_t)(lo - (uint32_t)t->time);
    return t->time;
}

/* The VMM's two TIME stores (vmm_layout.h); supervisor R is (0, all). */
static void supervisor_step(struct timeline *t, const struct vm74_retire *r)
{
    if (!r->mem_write || r->mem_size != 4)
        return;
    if (r->mem_paddr == LC_TRAP_TIME)
        trap_arrived(t, time_from_low(t, r->mem_data));
    else if (r->mem_paddr == LC_ENTER_TIME)
        guest_entered(t, time_from_low(t, r->mem_data));
}

void tl_step(void *ctx, const struct vm74_retire *r)
{
    struct timeline *t = ctx;
    if (r->mode == VM74_MODE_SUPERVISOR) {
        supervisor_step(t, r);
    } else if (r->trap) {
        t->trap_who = tl_guest_of(t, t->psw.base);
        t->trap_cause = r->cause;
    }
    t->psw = r->next;
}

/* What follows the last trap is the VMM's table and exit, charged to no
 * guest: the VMM's accounting ends at that trap. */
void tl_finish(struct timeline *t, uint64_t end)
{
    t->vmm_who = TL_NOBODY;
    close_vmm_stretch(t, end);
    t->end = end;
}
