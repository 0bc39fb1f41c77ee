/*
 * test_vmm.c - the VMM: equivalence, resource control and
 * efficiency, the hostile guest's attempts, reflection of every cause,
 * virtual interrupts, guests that end early or never, and bad guest tables.
 *
 * The group set-up runs build/firmware/vmm.elf twice on the backend of
 * VM74_BACKEND: checked (a retirement hook on vm74_run sees every step, so
 * every user-mode access is checked against the partitions) and plain
 * free-running (the efficiency figures), and
 * each guest of firmware/vmm/guests.conf alone on a bare vm74 with RAM =
 * its partition.  The tests then look at the results.
 * Run from the repository root.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "vmm_host.h"

#define CONF    "firmware/vmm/guests.conf"
#define ELF_DIR "build/firmware/guests"
#define VMM_ELF "build/firmware/vmm.elf"
#define PACK    "build/tools/vmm-pack"
#define CLI     "build/vm74-sim"

static struct {
    struct guestconf g[VMM_MAX_GUESTS];
    int n;
    struct vh_vmm *v;     /* checked */
    struct vh_vmm *free;  /* free-running */
    struct vh_result bare[VMM_MAX_GUESTS];
} run;

static int group_setup(void **state)
{
    char err[600];
    (void)state;
    run.n = guestconf_read(CONF, run.g, err, sizeof err);
    run.v = calloc(1, sizeof *run.v);
    run.free = calloc(1, sizeof *run.free);
    if (run.n < 0 || !run.v || !run.free ||
        vh_run_vmm(hx_backend(), VMM_ELF, run.g, run.n, ELF_DIR, true, false,
                   run.v, err, sizeof err) ||
        vh_run_vmm(hx_backend(), VMM_ELF, run.g, run.n, ELF_DIR, false, false,
                   run.free, err, sizeof err)) {
        fprintf(stderr, "test_vmm: %s\n", err);
        return -1;
    }
    if (vh_run_bare_all(hx_backend(), run.g, run.n, ELF_DIR, run.bare, err,
                        sizeof err)) {
        fprintf(stderr, "test_vmm: %s\n", err);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    for (int i = 0; i < run.n; i++)
        vh_result_free(&run.bare[i]);
    vh_vmm_free(run.v);
    free(run.v);
    vh_vmm_free(run.free);
    free(run.free);
    return 0;
}

static int guest_index(const char *name)
{
    for (int i = 0; i < run.n; i++)
        if (!strcmp(run.g[i].name, name))
            return i;
    fail_msg("no guest '%s' in " CONF, name);
    return -1;
}

static const struct vmm_guest_report *report(const char *name)
{
    return &run.v->rep.guest[guest_index(name)];
}

static const char *transcript(const char *name)
{
    return run.v->guest[guest_index(name)].transcript;
}

static void expect_in(const char *name, const char *text)
{
    if (!strstr(transcript(name), text))
        fail_msg("guest %s never printed \"%s\"", name, text);
}

/* expect_in with the text formatted from the set-up (its partition size). */
static void expect_inf(const char *name, const char *fmt, ...)
{
    char text[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    expect_in(name, text);
}

/* ---- Equivalence ------------------------------------------------------------ */

/* Bare against both VMM runs: their timings differ, their results must not. */
static void check_equivalent(const char *name)
{
    int i = guest_index(name);
    char why[300];
    if (!vh_compare(&run.bare[i], &run.v->guest[i], why, sizeof why))
        fail_msg("guest %s: bare vs VMM, checked run: %s", name, why);
    if (!vh_compare(&run.bare[i], &run.free->guest[i], why, sizeof why))
        fail_msg("guest %s: bare vs VMM, free run: %s", name, why);
}

static void test_equivalence_cpu(void **state) { (void)state; check_equivalent("cpu"); }
static void test_equivalence_os(void **state) { (void)state; check_equivalent("os"); }
static void test_equivalence_echo(void **state) { (void)state; check_equivalent("echo"); }
static void test_equivalence_hostile(void **state) { (void)state; check_equivalent("hostile"); }
static void test_equivalence_spinner(void **state) { (void)state; check_equivalent("spinner"); }

/*
 * The os guest's final memory must not depend on where its timer interrupts
 * land (docs/isa.md §6: no program may depend on the ratio of TIME to
 * instructions), or equivalence fails on a backend with other timing.  On
 * the ISS, with its quantum moved, the interrupts land elsewhere: end, exit
 * code, transcript and memory hash must all stay those of the default.
 * Small quanta move the preemption points; quanta of 1.3-2.4 M cycles, near
 * the tasks' stretches between yields, also change which task ends last, as
 * the RTL's slower division does at the default quantum.  (Past ~2.5 M the
 * timer never preempts, and the kernel says so: not timing-independent.)
 */
static void test_os_timing_independent(void **state)
{
    static const uint32_t quanta[] = {1000, 3001, 7919, 30011, 200003,
                                      1400000, 1800000, 2300000};
    char elf[600], err[600], why[300];
    int i = guest_index("os");
    struct vh_result ref, r;
    (void)state;
    snprintf(elf, sizeof elf, "%s/os.elf", ELF_DIR);
    if (vh_run_bare(VM74_BACKEND_ISS, &run.g[i], elf, &ref, err, sizeof err))
        fail_msg("%s", err);
    for (size_t k = 0; k < sizeof quanta / sizeof quanta[0]; k++) {
        struct vh_poke poke = {"os_quantum", quanta[k]};
        if (vh_run_bare_poked(VM74_BACKEND_ISS, &run.g[i], elf, &poke, &r, err,
                              sizeof err))
            fail_msg("%s", err);
        int same = vh_compare(&ref, &r, why, sizeof why);
        vh_result_free(&r);
        if (!same)
            fail_msg("os with quantum %u instead of the default: %s", quanta[k], why);
    }
    vh_result_free(&ref);
}

/* ---- Resource control --------------------------------------------------------- */

static void test_no_access_outside_partition(void **state)
{
    (void)state;
    assert_true(run.v->check.user_steps > 1000000);
    if (run.v->check.outside)
        fail_msg("%llu user accesses outside the running partition, first at "
                 "pc 0x%08x, address 0x%08x",
                 (unsigned long long)run.v->check.outside,
                 run.v->check.first_outside_pc, run.v->check.first_outside_addr);
}

static void test_vmm_code_intact(void **state)
{
    (void)state;
    assert_true(run.v->check.vmm_code_intact);
}

/* Nobody keeps the CPU past its quantum, not even with IE = 0. */
static void test_no_guest_starves_others(void **state)
{
    (void)state;
    for (int i = 0; i < run.n; i++) {
        const struct vmm_guest_report *r = &run.v->rep.guest[i];
        assert_true(r->slices > 0);
        if (r->max_span > r->quantum)
            fail_msg("%s ran %llu cycles in one stretch, quantum %u", r->name,
                     (unsigned long long)r->max_span, r->quantum);
    }
}

static void test_all_guests_exit(void **state)
{
    (void)state;
    assert_int_equal(run.free->status, VM74_EXITED);
    assert_int_equal(run.free->exit_code, 0);
    assert_int_equal(run.v->status, VM74_EXITED);
    assert_int_equal(run.v->exit_code, 0);
    assert_int_equal(run.v->rep.finished, 1);
    assert_int_equal(run.v->rep.nguests, run.n);
    for (int i = 0; i < run.n; i++)
        assert_int_not_equal(run.v->rep.guest[i].status, VMM_GUEST_RUNNING);
    assert_int_equal(report("cpu")->status, VMM_GUEST_EXITED);
    assert_int_equal(report("cpu")->exit_code, 0);
    assert_int_equal(report("os")->exit_code, 0);
    assert_int_equal(report("echo")->exit_code, 0);
}

/* echo is done long before cpu; cpu and the rest go on and finish. */
static void test_guest_exits_early(void **state)
{
    (void)state;
    assert_true(report("echo")->finish_order < report("cpu")->finish_order);
    assert_int_equal(report("cpu")->status, VMM_GUEST_EXITED);
}

/* ---- The hostile guests -------------------------------------------------------- */

static void test_hostile_every_attempt_contained(void **state)
{
    (void)state;
    expect_in("hostile", "hostile: 25 of 25 attempts trapped as bare vm74 says");
    assert_null(strstr(transcript("hostile"), "UNEXPECTED"));
    assert_null(strstr(transcript("hostile"), "NO TRAP"));
    uint32_t size = run.g[guest_index("hostile")].size;
    expect_inf("hostile", "load just past my memory: LOAD_FAULT info 0x%08x", size);
    expect_inf("hostile", "load from another partition's physical address: "
               "LOAD_FAULT info 0x%08x", run.g[guest_index("cpu")].base);
    expect_inf("hostile", "store to another partition's physical address: "
               "STORE_FAULT info 0x%08x", run.g[guest_index("os")].base);
    expect_in("hostile", "the trap went to the vector I wrote (my own low core)");
    expect_in("hostile", "(written to the UART directly)");
    expect_in("hostile", "spun 200000 loops with IE = 0 and my timer pending");
}

/* WFI with the virtual timer disarmed ends that guest, not the machine. */
static void test_hostile_wfi_without_timer(void **state)
{
    (void)state;
    assert_int_equal(report("hostile")->status, VMM_GUEST_DEADLOCK);
    assert_int_equal(run.bare[guest_index("hostile")].status, VMM_GUEST_DEADLOCK);
    expect_in("hostile", "last attempt: WFI with my timer disarmed");
    assert_null(strstr(transcript("hostile"), "WFI RETURNED"));
}

/*
 * The budget counts the guest's retired instructions, as the bare run's
 * step limit does: cycles would depend on the backend, the quanta and the
 * VMM's depth (in cycles the spinner retired 997 305 instructions of a
 * 1 000 000 budget on the ISS, 440 863 two VMMs deep on the RTL), so a
 * guest that ends bare within its budget could be stopped under the VMM.
 */
static void test_spinner_stopped_by_budget(void **state)
{
    (void)state;
    const struct vmm_guest_report *r = report("spinner");
    assert_int_equal(r->status, VMM_GUEST_BUDGET);
    uint64_t retired = r->native[0] + r->native[1] + r->emulated[0] + r->emulated[1];
    if (retired < r->budget)
        fail_msg("spinner stopped after %llu instructions, budget %llu",
                 (unsigned long long)retired, (unsigned long long)r->budget);
    assert_true(r->slices > 10); /* preempted over and over with IE = 0 */
}

/* ---- Reflection and emulation ------------------------------------------------- */

/* Every exception cause reached some guest's own handler. */
static void test_reflection_every_cause(void **state)
{
    (void)state;
    for (uint32_t c = 0; c < VM74_NUM_CAUSES; c++) {
        if (c > VM74_CAUSE_PRIVILEGED && c != VM74_CAUSE_TIMER)
            continue;
        uint32_t total = 0;
        for (int i = 0; i < run.n; i++)
            total += run.v->rep.guest[i].reflected[c];
        if (total == 0)
            fail_msg("cause %s was never reflected", vm74_cause_name(c));
    }
}

static void test_lpsw_varied_virtual_r(void **state)
{
    uint32_t size = run.g[guest_index("hostile")].size;
    (void)state;
    expect_inf("hostile", "user mode with R past the end of my memory: FETCH_FAULT "
               "info 0x00000000, old PSW U IE 0 P 0x00000000 R (0x%08x, 0x00001000)",
               size);
    expect_in("hostile", "user mode with R wrapping around 2^32: FETCH_FAULT info "
              "0x00000000, old PSW U IE 0 P 0x00000000 R (0xfffff000, 0x00002000)");
    expect_in("hostile", "user mode, bound past my memory, load beyond it: LOAD_FAULT");
    expect_in("hostile", "user mode inside my memory, then ECALL: ECALL info 0x00000073");
    expect_in("hostile", "the user store landed at my");
    expect_inf("hostile", "LPSW whose operand crosses the end of my memory: "
               "LOAD_FAULT info 0x%08x", size - 8);
    assert_true(report("os")->emulated[VM74_MODE_SUPERVISOR] > 100);
}

static void test_virtual_interrupts(void **state)
{
    (void)state;
    expect_in("echo", "echo: 5 interrupts, each right after its WFI: yes");
    expect_in("os", "os: the timer preempted the tasks: yes");
    assert_true(report("echo")->reflected[VM74_CAUSE_TIMER] >= 5);
    assert_true(report("os")->reflected[VM74_CAUSE_TIMER] > 10);
}

static void test_cpu_guest_native_share(void **state)
{
    (void)state;
    const struct vmm_guest_report *r = report("cpu");
    uint64_t nat = r->native[0] + r->native[1], emu = r->emulated[0] + r->emulated[1];
    assert_true(nat * 1000 >= 999 * (nat + emu)); /* >= 99.9 % native */
}

/*
 * The cpu guest's slowdown, free run against free bare run, on this
 * backend: its own cycles plus the VMM's on its traps within 1 % of bare
 * (docs/vmm.md: 0.47 % on the ISS).  Measured from single-stepping it
 * would measure the stepping instead (181 % on the RTL): a regression
 * test for that mistake.
 */
static void test_cpu_guest_slowdown(void **state)
{
    (void)state;
    int i = guest_index("cpu");
    uint64_t virt = run.free->guest[i].cycles, bare = run.bare[i].cycles;
    assert_true(bare > 0);
    if (virt * 100 > bare * 101)
        fail_msg("cpu: %llu cycles under the VMM, %llu bare: over 1 %% slower",
                 (unsigned long long)virt, (unsigned long long)bare);
}

/* ---- The fast paths against the C path ------------------------------------------ */

#define NOFAST_ELF "build/firmware/vmm-nofast.elf"

/*
 * The same VMM with its fast paths off (every trap through the C path,
 * firmware/vmm/vmm.mk) runs the same guests to the same ends: exits,
 * transcripts and memory hashes equal the fast VMM's free run and the bare
 * runs, and the switch did switch (no fast LPSW or timer trap off, some
 * of each on).
 */
/* A guest's native instructions in virtual user mode do not depend on
 * which path counted them: entry.S's LPSW path leaves its split into
 * virtual user mode to the next count.  (Its supervisor mode's depend on
 * how long it waits for its timer, and its budget on where it stops.) */
static void same_user_count(const struct vmm_guest_report *on,
                            const struct vmm_guest_report *off)
{
    uint64_t u_on = on->native[VM74_MODE_USER], u_off = off->native[VM74_MODE_USER];
    if (on->status != VMM_GUEST_BUDGET && u_on != u_off)
        fail_msg("guest %s: %llu native instructions in virtual user mode with the "
                 "fast paths, %llu without", on->name, (unsigned long long)u_on,
                 (unsigned long long)u_off);
}

static void test_fast_paths_off_same_results(void **state)
{
    (void)state;
    struct vh_vmm *off = calloc(1, sizeof *off);
    char err[600];
    assert_non_null(off);
    if (vh_run_vmm(hx_backend(), NOFAST_ELF, run.g, run.n, ELF_DIR, false, false, off,
                   err, sizeof err))
        fail_msg("%s", err);
    if (!vh_vmm_ended(off, err, sizeof err))
        fail_msg(NOFAST_ELF ": %s", err);
    uint64_t fast_on = 0, fast_off = 0, timer_on = 0, timer_off = 0;
    for (int i = 0; i < run.n; i++) {
        fast_on += run.free->rep.guest[i].fast_lpsw;
        fast_off += off->rep.guest[i].fast_lpsw;
        timer_on += run.free->rep.guest[i].fast_timer;
        timer_off += off->rep.guest[i].fast_timer;
        if (!vh_compare(&run.free->guest[i], &off->guest[i], err, sizeof err))
            fail_msg("guest %s: fast paths on vs off: %s", run.g[i].name, err);
        if (!vh_compare(&run.bare[i], &off->guest[i], err, sizeof err))
            fail_msg("guest %s: bare vs fast paths off: %s", run.g[i].name, err);
        same_user_count(&run.free->rep.guest[i], &off->rep.guest[i]);
    }
    assert_true(fast_on > 0);
    assert_int_equal(fast_off, 0);
    assert_true(timer_on > 0);
    assert_int_equal(timer_off, 0);
    vh_vmm_free(off);
    free(off);
}

/*
 * The fast paths' lengths in steps, checked run (a step count: the same on
 * both backends but for which paths the timing picks): the median LPSW
 * and device access within what their assembly takes (docs/performance.md,
 * "Path lengths"), a quarter of the C path's (about 380 and 410 with the
 * fast paths off).  A path that falls to C, or grows, fails it.
 */
static void test_fast_path_lengths(void **state)
{
    (void)state;
    struct vh_check *c = &run.v->check;
    uint64_t lpsw = vh_series_median(&c->path[VH_PATH_LPSW].steps);
    uint64_t dev = vh_series_median(&c->path[VH_PATH_DEVICE].steps);
    if (lpsw > 95 || dev > 110)
        fail_msg("median steps: LPSW %llu (want <= 95), device access %llu (<= 110)",
                 (unsigned long long)lpsw, (unsigned long long)dev);
}

/*
 * A virtual timer interrupt's and a guest switch's lengths in steps,
 * checked run: the medians within what entry.S's timer path takes
 * (docs/performance.md, "Path lengths"), well under the C path's (347
 * and 414 steps).  A path that
 * falls to C, or grows, fails it.
 */
static void test_timer_path_lengths(void **state)
{
    (void)state;
    struct vh_check *c = &run.v->check;
    uint64_t vtimer = vh_series_median(&c->path[VH_PATH_VTIMER].steps);
    uint64_t sw = vh_series_median(&c->path[VH_PATH_SWITCH].steps);
    if (vtimer > 170 || sw > 280)
        fail_msg("median steps: virtual timer interrupt %llu (want <= 170), "
                 "guest switch %llu (<= 280)",
                 (unsigned long long)vtimer, (unsigned long long)sw);
}

/*
 * The fast paths do not add up their own VMM cycles (the VMM derives them
 * from real time, LC_VMM_MARK); the bench measures each trap's from the
 * checked run's records.  Both must agree with the VMM's table: every
 * trap's VMM cycles add up to the guests' cycles_vmm, and the traps the
 * records show taking each fast path are the VMM's own counts of them.
 * Every trap has a way back but the last, after which the VMM exits.
 */
static void test_trap_cycles_add_up(void **state)
{
    (void)state;
    const struct vh_stints *s = &run.v->check.stints;
    uint64_t vmm = 0, traps = 0, lpsw = 0, dev = 0, timer = 0, seen = 0, cycles = 0;
    for (int i = 0; i < run.n; i++) {
        const struct vmm_guest_report *r = &run.v->rep.guest[i];
        vmm += r->cycles_vmm;
        for (int c = 0; c < VM74_NUM_CAUSES; c++)
            traps += r->traps[c];
        lpsw += r->fast_lpsw;
        dev += r->fast_dev;
        timer += r->fast_timer;
    }
    for (int k = 0; k < VH_NUM_STINTS; k++) {
        seen += s->n[k];
        cycles += s->cycles[k];
    }
    assert_true(lpsw > 0 && dev > 0 && timer > 0);
    assert_int_equal(s->n[VH_STINT_LPSW], lpsw);
    assert_int_equal(s->n[VH_STINT_DEVICE], dev);
    assert_int_equal(s->n[VH_STINT_TIMER], timer);
    assert_int_equal(seen, traps - 1);
    assert_int_equal(cycles, vmm);
}

/* ---- A WFI for a deadline just below 2^64 - 1 ---------------------------------- */

#define FAR_CONF "firmware/vmm/nest/far/l1.conf"

/*
 * The guest's CMP is armed, ~2^64 cycles ahead.  Bare vm74 ends that WFI
 * with TIME = CMP (the reference simulator at once) and the guest prints
 * its line and exits 0; the VMM must wake it as well, not take its wait
 * for the end of every guest.  Both backends end such a wait at once
 * in the state the whole wait would leave, so the bare run is the
 * reference on each.
 */
static void check_far_future_wfi(const char *vmm_elf)
{
    struct guestconf g[VMM_MAX_GUESTS];
    struct vh_vmm *v = calloc(1, sizeof *v);
    char err[600];
    assert_non_null(v);
    assert_int_equal(guestconf_read(FAR_CONF, g, err, sizeof err), 1);
    if (vh_run_vmm(hx_backend(), vmm_elf, g, 1, ELF_DIR, true, false, v, err,
                   sizeof err))
        fail_msg("%s", err);
    if (!vh_vmm_ended(v, err, sizeof err))
        fail_msg("%s: %s", vmm_elf, err);
    assert_int_equal(v->rep.guest[0].status, VMM_GUEST_EXITED);
    assert_int_equal(v->rep.guest[0].exit_code, 0);
    assert_int_equal(v->check.outside, 0);
    if (!strstr(v->guest[0].transcript, "ended with TIME >= CMP (TIME was below it)"))
        fail_msg("farwait printed \"%s\"", v->guest[0].transcript);
    struct vh_result bare;
    if (vh_run_bare(hx_backend(), &g[0], ELF_DIR "/farwait.elf", &bare, err, sizeof err))
        fail_msg("%s", err);
    int same = vh_compare(&bare, &v->guest[0], err, sizeof err);
    vh_result_free(&bare);
    if (!same)
        fail_msg("%s: farwait: bare vs VMM: %s", vmm_elf, err);
    vh_vmm_free(v);
    free(v);
}

/* Both VMMs: the hybrid one interprets the guest's WFI, the same wait. */
static void test_far_future_wfi(void **state)
{
    (void)state;
    check_far_future_wfi("build/firmware/vmm-far.elf");
    check_far_future_wfi("build/firmware/vmm-far-hybrid.elf");
}

/* The VMM's run is over only when each guest is: an exit, a deadlock or
 * its budget.  Its "all guests finished" and exit 0 with a guest still
 * ready or waiting is a guest dropped. */
static void test_vmm_end_needs_every_guest(void **state)
{
    struct vh_vmm *v = calloc(1, sizeof *v);
    char why[300] = "";
    (void)state;
    assert_non_null(v);
    v->status = VM74_EXITED;
    v->rep.finished = 1;
    v->rep.nguests = 2;
    strcpy(v->rep.guest[0].name, "first");
    strcpy(v->rep.guest[1].name, "second");
    v->rep.guest[0].status = VMM_GUEST_EXITED;
    v->rep.guest[1].status = VMM_GUEST_DEADLOCK;
    assert_true(vh_vmm_ended(v, why, sizeof why));
    v->rep.guest[1].status = VMM_GUEST_RUNNING;
    assert_false(vh_vmm_ended(v, why, sizeof why));
    assert_non_null(strstr(why, "second"));
    v->rep.guest[1].status = VMM_GUEST_BUDGET;
    v->exit_code = 1;
    assert_false(vh_vmm_ended(v, why, sizeof why));
    v->exit_code = 0;
    v->rep.finished = 0;
    assert_false(vh_vmm_ended(v, why, sizeof why));
    free(v);
}

/* ---- The VMM's image and table ------------------------------------------------ */

/*
 * The VMM's image holds each guest's loadable bytes in its partition, the
 * bytes the guest's own ELF loads: a regression test for a build that
 * linked the VMM with stale guest images (their object did not depend on
 * the guests' .bin files, which -MMD does not see through .incbin).
 */
static void test_vmm_image_holds_current_guests(void **state)
{
    char err[600], elf[600];
    struct vm74_config cfg = {.backend = VM74_BACKEND_ISS};
    (void)state;
    vm74 *vmm = vm74_create(&cfg, err, sizeof err);
    assert_non_null(vmm);
    assert_int_equal(vm74_load_elf(vmm, VMM_ELF, err, sizeof err), VM74_LOAD_OK);
    for (int i = 0; i < run.n; i++) {
        struct vm74_config gcfg = {.backend = VM74_BACKEND_ISS, .ram_size = run.g[i].size};
        struct elfinfo info;
        snprintf(elf, sizeof elf, "%s/%s.elf", ELF_DIR, run.g[i].name);
        vm74 *bare = vm74_create(&gcfg, err, sizeof err);
        assert_non_null(bare);
        assert_int_equal(elfinfo_read(elf, &info, err, sizeof err), 0);
        assert_int_equal(vm74_load_elf(bare, elf, err, sizeof err), VM74_LOAD_OK);
        size_t len = info.load_hi - info.load_lo;
        uint8_t *want = malloc(len), *got = malloc(len);
        assert_true(want && got);
        assert_int_equal(vm74_read_phys(bare, info.load_lo, want, len), 0);
        assert_int_equal(vm74_read_phys(vmm, run.g[i].base + info.load_lo, got, len), 0);
        if (memcmp(want, got, len))
            fail_msg("guest %s: the VMM's image holds other bytes than %s", run.g[i].name,
                     elf);
        free(want);
        free(got);
        vm74_destroy(bare);
    }
    vm74_destroy(vmm);
}

/*
 * The VMM's own table shows its 64-bit figures (%llu): it links picolibc's
 * integer-only printf, and picolibc documents builds of that one without
 * long long, which would cut the line short.  The cpu guest's counts are
 * the same on every backend; the table is the VMM's on the ISS, through
 * the CLI.
 */
static void test_vmm_table_figures(void **state)
{
    char cmd[300], row[100], *out = calloc(1, 1 << 16);
    uint32_t ram;
    const struct vmm_guest_report *r = report("cpu");
    (void)state;
    assert_non_null(out);
    assert_int_equal(elfinfo_symbol(VMM_ELF, "__vmm_ram_size", &ram), 0);
    snprintf(cmd, sizeof cmd, CLI " --backend=iss --ram=%u " VMM_ELF, ram);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t len = fread(out, 1, (1 << 16) - 1, p);
    out[len] = '\0';
    assert_int_equal(pclose(p), 0);
    snprintf(row, sizeof row, "\n" VMM_TIMING_MARK "cpu       99.99%% %10llu %9llu ",
             (unsigned long long)(r->native[0] + r->native[1]),
             (unsigned long long)(r->emulated[0] + r->emulated[1]));
    if (!strstr(out, row))
        fail_msg("the VMM's table has no row \"%s\"", row + 1);
    free(out);
}

/* ---- Results through a file (vmm-run's child processes) ----------------------- */

/* What a child writes the parent must read back unchanged: every figure
 * and every transcript byte, or a check would judge another run. */
static void test_results_through_a_file(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    struct vh_vmm *v = calloc(1, sizeof *v);
    struct vh_result bare;
    char why[300];
    assert_non_null(f);
    assert_non_null(v);
    assert_int_equal(vh_vmm_write(f, run.v), 0);
    assert_int_equal(vh_result_write(f, &run.bare[0]), 0);
    rewind(f);
    assert_int_equal(vh_vmm_read(f, v), 0);
    assert_int_equal(vh_result_read(f, &bare), 0);
    assert_memory_equal(&v->rep, &run.v->rep, sizeof v->rep);
    assert_memory_equal(&v->check, &run.v->check, sizeof v->check);
    for (int i = 0; i < run.n; i++) {
        if (!vh_compare(&run.v->guest[i], &v->guest[i], why, sizeof why))
            fail_msg("guest %s read back: %s", run.g[i].name, why);
        assert_memory_equal(v->guest[i].transcript, run.v->guest[i].transcript,
                            v->guest[i].transcript_kept);
    }
    assert_int_equal(bare.transcript_kept, run.bare[0].transcript_len);
    assert_memory_equal(bare.transcript, run.bare[0].transcript, bare.transcript_kept);
    vh_result_free(&bare);
    assert_int_equal(vh_result_read(f, &bare), -1); /* nothing more: no result */
    assert_null(bare.transcript);
    vh_vmm_free(v);
    free(v);
    fclose(f);
}

/* A transcript that differs is named by its first differing line, with
 * both sides, so a reader sees what the guest saw. */
static void test_compare_names_first_different_line(void **state)
{
    (void)state;
    static char bare_text[] = "os: start\nos: mode supervisor\nos: done\n";
    static char virt_text[] = "os: start\nos: mode user\nos: done\n";
    struct vh_result bare = { .transcript = bare_text,
                              .transcript_len = sizeof bare_text - 1,
                              .transcript_kept = sizeof bare_text - 1,
                              .transcript_hash = 1 };
    struct vh_result virt = { .transcript = virt_text,
                              .transcript_len = sizeof virt_text - 1,
                              .transcript_kept = sizeof virt_text - 1,
                              .transcript_hash = 2 };
    char why[300];
    assert_false(vh_compare(&bare, &virt, why, sizeof why));
    assert_string_equal(why, "transcripts differ at line 2: bare \"os: mode "
                             "supervisor\", VMM \"os: mode user\"");
    virt.transcript_kept = 10; /* the VMM's guest stopped after line 1 */
    virt.transcript_len = 10;
    assert_false(vh_compare(&bare, &virt, why, sizeof why));
    assert_string_equal(why, "transcripts differ at line 2: bare \"os: mode "
                             "supervisor\", VMM (none)");
}

/* ---- Bad guest tables: vmm-pack refuses them ---------------------------------- */

static void pack_rejects(const char *conf_text, const char *message)
{
    char conf[] = "/tmp/vmm-conf-XXXXXX", cmd[512], out[1024] = "";
    int fd = mkstemp(conf);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, conf_text, strlen(conf_text)), (ssize_t)strlen(conf_text));
    close(fd);
    snprintf(cmd, sizeof cmd, "%s --conf %s --elf-dir %s --vmm-size 0x40000 "
             "--ram 0x100000 --out-c /dev/null --out-s /dev/null "
             "--out-ld /dev/null 2>&1", PACK, conf, ELF_DIR);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t len = fread(out, 1, sizeof out - 1, p);
    out[len] = '\0';
    int status = pclose(p);
    unlink(conf);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
    if (!strstr(out, message))
        fail_msg("vmm-pack said \"%s\", expected \"%s\"", out, message);
}

static void test_bad_conf_overlap(void **state)
{
    (void)state;
    pack_rejects("cpu 0x40000 0x10000 1000 0 -\necho 0x48000 0x10000 1000 0 -\n",
                 "guest 'echo': partition 0x48000+0x10000 overlaps guest 'cpu'");
}

static void test_bad_conf_past_ram(void **state)
{
    (void)state;
    pack_rejects("cpu 0xf8000 0x10000 1000 0 -\n", "ends past the RAM");
}

static void test_bad_conf_overlaps_vmm(void **state)
{
    (void)state;
    pack_rejects("cpu 0x30000 0x10000 1000 0 -\n", "overlaps the VMM");
}

static void test_bad_conf_size(void **state)
{
    (void)state;
    pack_rejects("cpu 0x40000 0x10800 1000 0 -\n", "is not a vm74 RAM size");
}

/* Every field's range, checked at build time with file:line: a quantum
 * of 2^31 cycles or more made the VMM panic at boot (its slices are
 * counted in 32 bits), an input file that is not there, a line with
 * more than six fields. */
static void test_bad_conf_field_ranges(void **state)
{
    (void)state;
    pack_rejects("cpu 0x40000 0x8000 2147483648 0 -\n",
                 ":1: guest 'cpu': quantum 2147483648 is not in 1..2147483647");
    pack_rejects("# a comment\ncpu 0x40000 0x8000 0 0 -\n",
                 ":2: guest 'cpu': quantum 0 is not in 1..2147483647");
    pack_rejects("cpu 0x40000 0x8000 4294967296 0 -\n",
                 ":1: guest 'cpu': quantum 4294967296 is not in 1..2147483647");
    pack_rejects("cpu 0x40000 0x8000 1000 -1 -\n",
                 ":1: guest 'cpu': budget -1 is not in 0..4294967295");
    pack_rejects("cpu 0x40000 0x8000 1000 0 /nonexistent/vm74/input\n",
                 ":1: guest 'cpu': cannot read input file /nonexistent/vm74/input");
    pack_rejects("cpu 0x40000 0x8000 1000 0 - 7\n",
                 ":1: expected 6 fields");
}

/* The image must be linked for its partition: cpu.elf is for its own. */
static void test_bad_conf_image_size(void **state)
{
    uint32_t size = run.g[guest_index("cpu")].size;
    char conf[100], message[100];
    (void)state;
    snprintf(conf, sizeof conf, "cpu 0x40000 0x%x 1000 0 -\n", 2 * size);
    snprintf(message, sizeof message, "is linked for RAM 0x%x", size);
    pack_rejects(conf, message);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equivalence_cpu),
        cmocka_unit_test(test_equivalence_os),
        cmocka_unit_test(test_equivalence_echo),
        cmocka_unit_test(test_equivalence_hostile),
        cmocka_unit_test(test_equivalence_spinner),
        cmocka_unit_test(test_os_timing_independent),
        cmocka_unit_test(test_no_access_outside_partition),
        cmocka_unit_test(test_vmm_code_intact),
        cmocka_unit_test(test_no_guest_starves_others),
        cmocka_unit_test(test_all_guests_exit),
        cmocka_unit_test(test_guest_exits_early),
        cmocka_unit_test(test_hostile_every_attempt_contained),
        cmocka_unit_test(test_hostile_wfi_without_timer),
        cmocka_unit_test(test_spinner_stopped_by_budget),
        cmocka_unit_test(test_reflection_every_cause),
        cmocka_unit_test(test_lpsw_varied_virtual_r),
        cmocka_unit_test(test_virtual_interrupts),
        cmocka_unit_test(test_cpu_guest_native_share),
        cmocka_unit_test(test_cpu_guest_slowdown),
        cmocka_unit_test(test_fast_paths_off_same_results),
        cmocka_unit_test(test_fast_path_lengths),
        cmocka_unit_test(test_timer_path_lengths),
        cmocka_unit_test(test_trap_cycles_add_up),
        cmocka_unit_test(test_far_future_wfi),
        cmocka_unit_test(test_vmm_end_needs_every_guest),
        cmocka_unit_test(test_vmm_image_holds_current_guests),
        cmocka_unit_test(test_vmm_table_figures),
        cmocka_unit_test(test_results_through_a_file),
        cmocka_unit_test(test_compare_names_first_different_line),
        cmocka_unit_test(test_bad_conf_overlap),
        cmocka_unit_test(test_bad_conf_past_ram),
        cmocka_unit_test(test_bad_conf_overlaps_vmm),
        cmocka_unit_test(test_bad_conf_size),
        cmocka_unit_test(test_bad_conf_image_size),
        cmocka_unit_test(test_bad_conf_field_ranges),
    };
    hx_apply_filter(argc, argv);
    return cmocka_run_group_tests_name("vmm", tests, group_setup, group_teardown);
}
