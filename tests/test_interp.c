/*
 * test_interp.c - the hybrid VMM's interpreter (firmware/vmm/interp.c)
 * against the reference simulator, in lockstep.
 *
 * The same memory goes into the ISS and into the interpreter's RAM; both
 * step once, then everything is compared: all registers, the PSW, the
 * step's outcome (retired, trapped with cause and info, WFI, exit,
 * deadlock), the bytes a store or a trap wrote, the devices' clock and
 * counters, and the whole RAM every HASH_EVERY steps and at the end.  The
 * interpreter's devices are the test's model of the ISS's (sim/iss_mem.c):
 * one cycle per step, a WFI idles to CMP, the same console script.
 *
 * Programs: the project's random generator (tools/gen, docs/fuzz.md:
 * relocation, timer interrupts, WFI, device loads), "chaos" programs of
 * random instruction words under random PSWs (every LPSW field, devices,
 * misaligned jumps, the flaw instruction), and directed ones (devices, the
 * timer and WFI, LPSW fields, bounds edges, deadlock).
 *
 * ISS-only by nature: the reference is the ISS whatever VM74_BACKEND says
 * (run-tests.sh runs ISS-only binaries once).  Built once per variant of
 * the flaw family, against that variant's ISS (tests/tests.mk); a variant
 * whose ISS does not have its instruction yet skips the tests that need it.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfwrite.h"
#include "gen.h"
#include "interp.h"

#ifndef VM74_FLAW
#define VM74_FLAW 0 /* plain vm74 */
#endif

#define HASH_EVERY 4096
#define GEN_SEEDS 60
#define GEN_BLOCKS 16
#define GEN_STEP_LIMIT 2000000u
#define CHAOS_SEEDS 300
#define CHAOS_STEPS 3000u
#define CHAOS_RAM 0x10000u
#define CMP_DISARMED UINT64_MAX

/* ---- The interpreter's devices: the ISS's, modelled -------------------- */

/* A console script read by a cursor, and what was written. */
struct console {
    const char *in;
    size_t in_len, in_pos;
    char out[4096];
    size_t out_len;
};

static int console_getc(void *ctx)
{
    struct console *c = ctx;
    return c->in_pos < c->in_len ? (uint8_t)c->in[c->in_pos++] : -1;
}

static void console_putc(void *ctx, uint8_t byte)
{
    struct console *c = ctx;
    if (c->out_len < sizeof c->out)
        c->out[c->out_len++] = (char)byte;
}

struct model {
    uint64_t time, cmp;
    uint64_t instret[2];
    int rx_byte;             /* a byte a STATUS read took from the console */
    struct console con;
    uint32_t exit_code;
};

static enum interp_timer model_timer(void *ctx)
{
    const struct model *d = ctx;
    if (d->time >= d->cmp)
        return INTERP_TIMER_PENDING;
    return d->cmp == CMP_DISARMED ? INTERP_TIMER_NEVER : INTERP_TIMER_LATER;
}

static int model_peek(struct model *d)
{
    if (d->rx_byte < 0)
        d->rx_byte = console_getc(&d->con);
    return d->rx_byte;
}

static uint32_t model_rxdata(struct model *d)
{
    int c = model_peek(d);
    d->rx_byte = -1;
    return c < 0 ? VM74_UART_RX_EMPTY : (uint32_t)c;
}

static uint32_t model_status(struct model *d)
{
    return VM74_UART_STATUS_TX_READY |
           (model_peek(d) >= 0 ? VM74_UART_STATUS_RX_READY : 0);
}

static uint32_t half(uint64_t v, uint32_t paddr) /* _LO or _HI by address */
{
    return paddr & 4 ? (uint32_t)(v >> 32) : (uint32_t)v;
}

static enum interp_dev model_load(void *ctx, uint32_t p, uint32_t *v)
{
    struct model *d = ctx;
    switch (p) {
    case VM74_UART_TXDATA: case VM74_SIMCTL_EXIT: *v = 0; break;
    case VM74_UART_RXDATA: *v = model_rxdata(d); break;
    case VM74_UART_STATUS: *v = model_status(d); break;
    case VM74_TIMER_TIME_LO: case VM74_TIMER_TIME_HI:
    case VM74_PERF_CYCLE_LO: case VM74_PERF_CYCLE_HI: *v = half(d->time, p); break;
    case VM74_TIMER_CMP_LO: case VM74_TIMER_CMP_HI: *v = half(d->cmp, p); break;
    case VM74_PERF_INSTRET_S_LO: case VM74_PERF_INSTRET_S_HI:
        *v = half(d->instret[VM74_MODE_SUPERVISOR], p);
        break;
    case VM74_PERF_INSTRET_U_LO: case VM74_PERF_INSTRET_U_HI:
        *v = half(d->instret[VM74_MODE_USER], p);
        break;
    default: return INTERP_DEV_NONE;
    }
    return INTERP_DEV_DONE;
}

static enum interp_dev model_store(void *ctx, uint32_t p, uint32_t v)
{
    struct model *d = ctx;
    uint32_t dummy;
    switch (p) {
    case VM74_UART_TXDATA: console_putc(&d->con, (uint8_t)v); break;
    case VM74_TIMER_CMP_LO: d->cmp = (d->cmp & ~0xffffffffull) | v; break;
    case VM74_TIMER_CMP_HI: d->cmp = (d->cmp & 0xffffffffull) | (uint64_t)v << 32; break;
    case VM74_SIMCTL_EXIT: d->exit_code = v; return INTERP_DEV_EXIT;
    default: /* the read-only registers ignore stores */
        if (p == VM74_UART_RXDATA || p == VM74_UART_STATUS)
            break;
        return model_load(ctx, p, &dummy); /* NONE if nothing is there */
    }
    return INTERP_DEV_DONE;
}

static const struct interp_ops model_ops = {model_load, model_store, model_timer};

/* The step's cost on the ISS's clock, after the step (interp.h). */
static void model_account(struct model *d, const struct interp_step *s)
{
    if (s->end == INTERP_DEADLOCK)
        return;
    d->time = s->end == INTERP_WAITING ? d->cmp : d->time + 1;
    if (s->end != INTERP_TRAPPED)
        d->instret[s->mode]++;
}

/* ---- The two machines in lockstep ---------------------------------------- */

struct pair {
    vm74 *iss;
    struct console iss_con;
    struct interp it;
    struct model dev;
    uint8_t *iss_ram; /* scratch for reading the ISS's RAM */
    uint64_t steps;
};

static struct pair *pair_new(uint32_t ram_size, const char *input)
{
    struct pair *p = calloc(1, sizeof *p);
    assert_non_null(p);
    struct vm74_config cfg = {.backend = VM74_BACKEND_ISS, .ram_size = ram_size};
    char err[256];
    p->iss = vm74_create(&cfg, err, sizeof err);
    if (p->iss == NULL)
        fail_msg("vm74_create: %s", err);
    size_t in_len = input ? strlen(input) : 0;
    p->iss_con = (struct console){.in = input, .in_len = in_len};
    vm74_set_console(p->iss, console_putc, console_getc, &p->iss_con);
    p->it.ram = calloc(1, ram_size);
    p->iss_ram = malloc(ram_size);
    assert_true(p->it.ram && p->iss_ram);
    p->it.ram_size = ram_size;
    p->it.ops = &model_ops;
    p->it.ctx = &p->dev;
    p->dev = (struct model){.cmp = CMP_DISARMED, .rx_byte = -1,
                            .con = {.in = input, .in_len = in_len}};
    return p;
}

static void pair_free(struct pair *p)
{
    vm74_destroy(p->iss);
    free(p->it.ram);
    free(p->iss_ram);
    free(p);
}

/* The interpreter takes the ISS's state and RAM as they are now (before
 * the first step: both machines' devices are at reset). */
static void pair_copy_from_iss(struct pair *p)
{
    struct vm74_state s;
    vm74_get_state(p->iss, &s);
    memcpy(p->it.cpu.x, s.x, sizeof s.x);
    p->it.cpu.m = s.psw.mode;
    p->it.cpu.ie = s.psw.ie;
    p->it.cpu.p = s.psw.pc;
    p->it.cpu.l = s.psw.base;
    p->it.cpu.b = s.psw.bound;
    assert_int_equal(vm74_read_phys(p->iss, 0, p->it.ram, p->it.ram_size), 0);
}

static const char *end_name(enum interp_end e)
{
    static const char *const names[] = {"retired", "trapped", "waiting",
                                        "exited", "deadlock"};
    return names[e];
}

#define MISMATCH(p, rec, ...)                                                 \
    do {                                                                      \
        print_error("step %llu (P %#x, insn %#010x):\n",                      \
                    (unsigned long long)(p)->steps, (rec)->pc, (rec)->insn);  \
        fail_msg(__VA_ARGS__);                                                \
    } while (0)

static void compare_outcome(struct pair *p, int st, const struct vm74_retire *rec,
                            const struct interp_step *s)
{
    bool iss_trap = st != VM74_DEADLOCK && rec->trap;
    if ((st == VM74_DEADLOCK) != (s->end == INTERP_DEADLOCK) ||
        (st == VM74_EXITED) != (s->end == INTERP_EXITED) ||
        iss_trap != (s->end == INTERP_TRAPPED))
        MISMATCH(p, rec, "ISS status %s trap %d, interpreter %s",
                 vm74_status_name(st), iss_trap, end_name(s->end));
    if (st != VM74_DEADLOCK && rec->mode != s->mode)
        MISMATCH(p, rec, "mode %u vs %u", rec->mode, s->mode);
    if (iss_trap && (rec->cause != s->cause || rec->info != s->info))
        MISMATCH(p, rec, "ISS trap %s info %#x, interpreter %s info %#x",
                 vm74_cause_name(rec->cause), rec->info,
                 vm74_cause_name(s->cause), s->info);
    if (st == VM74_EXITED && vm74_exit_code(p->iss) != p->dev.exit_code)
        MISMATCH(p, rec, "exit code %u vs %u", vm74_exit_code(p->iss),
                 p->dev.exit_code);
}

static void compare_state(struct pair *p, const struct vm74_retire *rec)
{
    struct vm74_state s;
    const struct interp_cpu *c = &p->it.cpu;
    vm74_get_state(p->iss, &s);
    for (int r = 0; r < 32; r++)
        if (s.x[r] != c->x[r])
            MISMATCH(p, rec, "x%d: ISS %#x, interpreter %#x", r, s.x[r], c->x[r]);
    if (s.psw.mode != c->m || s.psw.ie != c->ie || s.psw.pc != c->p ||
        s.psw.base != c->l || s.psw.bound != c->b)
        MISMATCH(p, rec, "PSW: ISS M %u IE %u P %#x l %#x b %#x, interpreter "
                 "M %u IE %u P %#x l %#x b %#x", s.psw.mode, s.psw.ie, s.psw.pc,
                 s.psw.base, s.psw.bound, c->m, c->ie, c->p, c->l, c->b);
}

static void compare_bytes(struct pair *p, const struct vm74_retire *rec,
                          uint32_t paddr, uint32_t len)
{
    if (paddr >= p->it.ram_size || len > p->it.ram_size - paddr)
        return; /* a device */
    assert_int_equal(vm74_read_phys(p->iss, paddr, p->iss_ram, len), 0);
    if (memcmp(p->iss_ram, p->it.ram + paddr, len) != 0)
        MISMATCH(p, rec, "memory at %#x (%u bytes) differs", paddr, len);
}

static void compare_ram(struct pair *p, const struct vm74_retire *rec)
{
    assert_int_equal(vm74_read_phys(p->iss, 0, p->iss_ram, p->it.ram_size), 0);
    for (uint32_t a = 0; a < p->it.ram_size; a++)
        if (p->iss_ram[a] != p->it.ram[a])
            MISMATCH(p, rec, "RAM byte %#x: ISS %#x, interpreter %#x", a,
                     p->iss_ram[a], p->it.ram[a]);
}

static void compare_devices(struct pair *p, const struct vm74_retire *rec)
{
    struct vm74_stats st;
    vm74_get_stats(p->iss, &st);
    if (st.cycles != p->dev.time || st.instret[0] != p->dev.instret[0] ||
        st.instret[1] != p->dev.instret[1])
        MISMATCH(p, rec, "TIME/INSTRET_U/S: ISS %llu/%llu/%llu, model %llu/%llu/%llu",
                 (unsigned long long)st.cycles, (unsigned long long)st.instret[0],
                 (unsigned long long)st.instret[1], (unsigned long long)p->dev.time,
                 (unsigned long long)p->dev.instret[0],
                 (unsigned long long)p->dev.instret[1]);
    if (p->iss_con.out_len != p->dev.con.out_len ||
        memcmp(p->iss_con.out, p->dev.con.out, p->dev.con.out_len) != 0)
        MISMATCH(p, rec, "console output differs");
}

/* One step of both, compared; returns the ISS's status. */
static int pair_step(struct pair *p, struct interp_step *out)
{
    struct vm74_retire rec;
    int st = vm74_step(p->iss, &rec);
    struct interp_step s = interp_step(&p->it);
    model_account(&p->dev, &s);
    compare_outcome(p, st, &rec, &s);
    compare_state(p, &rec);
    if (st != VM74_DEADLOCK && rec.mem_write)
        compare_bytes(p, &rec, rec.mem_paddr, rec.mem_size);
    if (s.end == INTERP_TRAPPED)
        compare_bytes(p, &rec, 0, VM74_LC_VECTOR);
    compare_devices(p, &rec);
    if (++p->steps % HASH_EVERY == 0)
        compare_ram(p, &rec);
    if (out)
        *out = s;
    return st;
}

/* "CAUSE=n ..." of the ISS's traps so far, for the test's output. */
static const char *trap_summary(struct pair *p)
{
    static char buf[400];
    struct vm74_stats st;
    size_t n = 0;
    vm74_get_stats(p->iss, &st);
    buf[0] = '\0';
    for (uint32_t c = 0; c < VM74_NUM_CAUSES; c++)
        if (st.traps[c] && n < sizeof buf)
            n += (size_t)snprintf(buf + n, sizeof buf - n, " %s=%llu",
                                  vm74_cause_name(c), (unsigned long long)st.traps[c]);
    return buf;
}

/* Lockstep until the ISS stops or limit steps; the whole RAM at the end. */
static int pair_run(struct pair *p, uint64_t limit)
{
    int st = VM74_RUNNING;
    while (st == VM74_RUNNING && p->steps < limit)
        st = pair_step(p, NULL);
    struct vm74_retire last = {.pc = p->it.cpu.p};
    compare_ram(p, &last);
    return st;
}

/* ---- The generator's programs -------------------------------------------- */

/*
 * A variant's ISS runs the generator's check too, so a seed whose random
 * illegal words happen to be the variant's instruction may not pass it:
 * such seeds are left out (counted), the rest must all run.
 */
static void test_generated_programs(void **state)
{
    (void)state;
    int run = 0;
    uint64_t steps = 0;
    for (uint64_t seed = 1; seed <= GEN_SEEDS; seed++) {
        struct gen_options o = {.seed = seed, .blocks = GEN_BLOCKS};
        struct gen_result r;
        char err[256], path[] = "/tmp/vm74-interp-XXXXXX";
        if (gen_generate(&o, &r, err, sizeof err) != 0) {
            assert_true(VM74_FLAW != 0); /* plain vm74: a generator bug */
            continue;
        }
        assert_int_equal(elf_write_temp(path, r.elf, r.elf_len), 0);
        gen_result_free(&r);
        struct pair *p = pair_new(GEN_RAM_SIZE, NULL);
        int rc = vm74_load_elf(p->iss, path, err, sizeof err);
        unlink(path);
        if (rc != VM74_LOAD_OK)
            fail_msg("%s", err);
        pair_copy_from_iss(p);
        int st = pair_run(p, GEN_STEP_LIMIT);
        if (st != VM74_EXITED || (VM74_FLAW == 0 && p->dev.exit_code != 0))
            fail_msg("seed %llu: %s, exit code %u", (unsigned long long)seed,
                     vm74_status_name(st), p->dev.exit_code);
        steps += p->steps;
        run++;
        pair_free(p);
    }
    print_message("%d generated programs, %llu steps in lockstep\n", run,
                  (unsigned long long)steps);
    assert_true(run >= GEN_SEEDS * 3 / 4);
}

/* ---- Chaos: random words under random PSWs ------------------------------- */

static uint64_t rng_state;

static uint32_t rnd(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static uint32_t rnd_below(uint32_t n) { return rnd() % n; }

static uint32_t pick(const uint32_t *v, size_t n) { return v[rnd_below((uint32_t)n)]; }
#define PICK(...) pick(HX_WORDS(__VA_ARGS__), HX_NWORDS(__VA_ARGS__))

#define CHAOS_CODE 0x1000u   /* code: 0x1000-0x3fff */
#define CHAOS_CODE_END 0x4000u
#define CHAOS_PSWS 0x4000u   /* 64 PSW images for LPSW, x8 points here */
#define CHAOS_DATA 0x8000u   /* random data, x9..x11 point into it */
#define CHAOS_START 0x40u    /* the random start PSW */
#define CHAOS_HANDLER 0xc00u /* the trap vector */
#define N_ADDR_REGS 8        /* x1..x8 hold addresses */

/* Address registers: RAM, the devices, the PSW table, the edges. */
static uint32_t chaos_address(void)
{
    return PICK(CHAOS_DATA + rnd_below(0x4000), CHAOS_DATA + 0x3ffc,
                VM74_UART_BASE, VM74_TIMER_BASE, VM74_PERF_BASE,
                VM74_TIMER_BASE, CHAOS_PSWS + 16 * rnd_below(64), 0,
                CHAOS_RAM - 8, 0xfffffff0u, VM74_MMIO_BASE + 0x100);
}

static int reg(void) { return (int)rnd_below(32); }
/* Destinations spare the address registers most of the time. */
static int dest(void) { return rnd_below(8) ? N_ADDR_REGS + 1 + (int)rnd_below(18) : reg(); }
static int addr_reg(void) { return 1 + (int)rnd_below(N_ADDR_REGS); }
static int32_t small_off(void) { return (int32_t)rnd_below(48) - 16; }

/* The flaw family's words, valid and not, in every variant. */
static uint32_t chaos_custom0(void)
{
    uint32_t f3 = rnd_below(8);
    int32_t imm = rnd_below(4) ? 0 : (int32_t)rnd_below(4096) - 2048;
    int rd = rnd_below(3) ? 0 : dest(), rs1 = rnd_below(3) ? 0 : reg();
    if (f3 == VM74_F3_JRSTU && rnd_below(2))
        rs1 = addr_reg(); /* somewhere to go */
    return enc_i(imm, rs1, f3, rd, OPC_CUSTOM0);
}

static uint32_t chaos_alu(void)
{
    uint32_t f7 = PICK(0x00, 0x20, 0x01, 0x00, 0x01, rnd_below(128));
    if (rnd_below(2))
        return enc_r(f7, reg(), reg(), rnd_below(8), dest(), OPC_OP);
    uint32_t f3 = rnd_below(8), sh = rnd_below(32);
    if (f3 == 1 || f3 == 5) /* shifts: imm[11:5] checked */
        return enc_i((int32_t)((PICK(0x00, 0x20, 0x00, rnd_below(128)) << 5) | sh),
                     reg(), f3, dest(), OPC_OP_IMM);
    return enc_i((int32_t)rnd_below(4096) - 2048, reg(), f3, dest(), OPC_OP_IMM);
}

static uint32_t chaos_control(void)
{
    int32_t off = (int32_t)(rnd_below(32) * 4) - 64 + (rnd_below(6) ? 0 : 2);
    switch (rnd_below(4)) {
    case 0: return enc_jal(dest(), off);
    case 1: return enc_i(small_off(), addr_reg(), rnd_below(8) ? 0 : 1, dest(), OPC_JALR);
    default: return enc_b(off, reg(), reg(), rnd_below(8), OPC_BRANCH);
    }
}

static uint32_t chaos_word(void)
{
    switch (rnd_below(20)) {
    case 0: case 1: case 2: case 3: case 18: return chaos_alu();
    case 4: case 5: case 6:
        return enc_i(small_off(), addr_reg(), rnd_below(8), dest(), OPC_LOAD);
    case 7: case 8:
        return enc_s(small_off(), reg(), addr_reg(), rnd_below(4), OPC_STORE);
    case 9: case 10: return chaos_control();
    case 11: return enc_u(rnd(), dest(), rnd_below(2) ? OPC_LUI : OPC_AUIPC);
    case 12: return enc_lpsw_rd(rnd_below(6) ? 0 : reg(), 8, 16 * (int32_t)rnd_below(8) + (rnd_below(8) ? 0 : 2));
    case 13: return PICK(VM74_INSN_WFI, VM74_INSN_ECALL, VM74_INSN_EBREAK,
                         enc_fence(rnd_below(16), rnd_below(16)), enc_fence_i(),
                         enc_fence_tso(), enc_csrrs(reg(), CSR_TIME, 0), enc_mret());
    case 14: case 15: return chaos_custom0();
    case 16: /* arm the timer a little ahead: x3 is kept at the timer */
        return enc_sw(rnd_below(2) ? 0 : reg(), 3, PICK(8, 12, 8));
    case 17: return enc_lw(dest(), addr_reg(), 4 * (int32_t)rnd_below(6));
    default: return rnd();
    }
}

/* PSW images: every field varied (flags with junk bits, P misaligned or
 * outside, l with bits 1:0 set or near 2^32, b of every size). */
static void chaos_psw(uint8_t *ram, uint32_t at)
{
    uint32_t l = PICK(0, 0, 4 * rnd_below(0x200), 0xfffff000u, CHAOS_RAM - 0x100,
                      0x2000) | (rnd_below(4) ? 0 : rnd_below(4));
    uint32_t base_code = (CHAOS_CODE + 4 * rnd_below(0xc00)) - (l & ~3u);
    uint32_t w[4] = {
        rnd_below(4) | (rnd_below(4) ? 0 : rnd() << 2),
        PICK(base_code, base_code, base_code + 2, rnd(), 0x100 - (l & ~3u)),
        l,
        PICK(VM74_BOUND_ALL, CHAOS_RAM, rnd(), CHAOS_CODE_END, 0, rnd_below(0x4000),
             base_code + 4 * rnd_below(8) + rnd_below(4)),
    };
    memcpy(ram + at, w, sizeof w);
}

/*
 * The handler resumes after the trapped instruction (saved P + 4), and
 * every 8th trap enters one of the PSW images instead; it counts in the
 * low-core word 0x24 and uses x27..x29.  A timer interrupt moves CMP far
 * ahead (CMP_HI = the count) so that it does not come back at once.  Random stores may hit it: chaos.
 */
static void chaos_handler(uint8_t *ram)
{
    uint32_t h[32], n = 0;
    h[n++] = enc_lw(29, 0, VM74_LC_CAUSE);           /* the timer: CMP_HI = */
    h[n++] = enc_addi(29, 29, -VM74_CAUSE_TIMER);    /* the count, far ahead */
    h[n++] = enc_bne(29, 0, 12);
    h[n++] = enc_lui(27, VM74_TIMER_BASE >> 12);
    h[n++] = enc_sw(28, 27, 12);
    h[n++] = enc_lw(29, 0, VM74_LC_OLD_P);
    h[n++] = enc_addi(29, 29, 4);
    h[n++] = enc_sw(29, 0, VM74_LC_OLD_P);
    h[n++] = enc_lw(28, 0, 0x24);
    h[n++] = enc_addi(28, 28, 1);
    h[n++] = enc_sw(28, 0, 0x24);
    h[n++] = enc_andi(29, 28, 7);
    h[n++] = enc_beq(29, 0, 8);
    h[n++] = enc_lpsw(0, VM74_LC_OLD_PSW);           /* resume */
    h[n++] = enc_andi(28, 28, 0x3f0);                /* 16 * (count / 16 % 64) */
    n = enc_li(h, n, 27, CHAOS_PSWS);
    h[n++] = enc_add(28, 28, 27);
    h[n++] = enc_lpsw(28, 0);
    memcpy(ram + CHAOS_HANDLER, h, 4 * n);
}

/*
 * The preamble at 0x100 arms the timer a random distance ahead and enters
 * the start PSW; the vector points into the random code.  x1..x8 hold
 * addresses (x3 the timer, x8 the PSW images), the rest random values.
 */
static void chaos_build(struct pair *p, uint64_t seed)
{
    uint8_t ram[CHAOS_RAM];
    uint32_t pre[8], n = 0;
    rng_state = seed * 0x2545f4914f6cdd1dull;
    for (uint32_t a = 0; a < CHAOS_RAM; a += 4) { /* data may run as code */
        uint32_t w = chaos_word();
        memcpy(ram + a, &w, 4);
    }
    memset(ram, 0, VM74_LC_END);
    for (uint32_t k = 0; k < 64; k++)
        chaos_psw(ram, CHAOS_PSWS + 16 * k);
    chaos_psw(ram, CHAOS_START);
    uint32_t vector = CHAOS_HANDLER;
    memcpy(ram + VM74_LC_VECTOR, &vector, 4);
    chaos_handler(ram);
    n = enc_li(pre, n, 31, VM74_TIMER_BASE);
    pre[n++] = enc_addi(30, 0, (int32_t)rnd_below(2000));
    pre[n++] = enc_sw(30, 31, 8);
    pre[n++] = enc_sw(0, 31, 12);
    pre[n++] = enc_lpsw(0, CHAOS_START);
    memcpy(ram + VM74_RESET_P, pre, 4 * n);
    assert_int_equal(vm74_write_phys(p->iss, 0, ram, CHAOS_RAM), 0);

    struct vm74_state s;
    vm74_get_state(p->iss, &s);
    for (int r = 1; r < 32; r++)
        s.x[r] = r <= N_ADDR_REGS ? chaos_address()
                                  : PICK(rnd(), 0, 1, 0xffffffffu, 0x80000000u,
                                         0x7fffffffu, rnd_below(64));
    s.x[3] = VM74_TIMER_BASE;
    s.x[8] = CHAOS_PSWS;
    vm74_set_state(p->iss, &s);
}

static void test_chaos_programs(void **state)
{
    (void)state;
    uint64_t steps = 0, traps = 0, by_cause[VM74_NUM_CAUSES] = {0};
    int exits = 0, deadlocks = 0;
    for (uint64_t seed = 1; seed <= CHAOS_SEEDS; seed++) {
        struct pair *p = pair_new(CHAOS_RAM, "chaos\n");
        chaos_build(p, seed);
        pair_copy_from_iss(p);
        int st = pair_run(p, CHAOS_STEPS);
        struct vm74_stats sts;
        vm74_get_stats(p->iss, &sts);
        for (int c = 0; c < VM74_NUM_CAUSES; c++)
            by_cause[c] += sts.traps[c];
        exits += st == VM74_EXITED;
        deadlocks += st == VM74_DEADLOCK;
        steps += p->steps;
        pair_free(p);
    }
    print_message("%d chaos programs, %llu steps, %d exits, %d deadlocks, traps:",
                  CHAOS_SEEDS, (unsigned long long)steps, exits, deadlocks);
    for (int c = 0; c < VM74_NUM_CAUSES; c++) {
        if (by_cause[c])
            print_message(" %s=%llu", vm74_cause_name((uint32_t)c),
                          (unsigned long long)by_cause[c]);
        traps += by_cause[c];
    }
    print_message("\n");
    /* every cause is reached, and most steps are not traps */
    for (int c = 0; c <= VM74_CAUSE_PRIVILEGED; c++)
        assert_true(by_cause[c] > 0);
    assert_true(by_cause[VM74_CAUSE_TIMER] > 0);
    assert_true(traps < steps / 2);
}

/* ---- interp_run: many steps at a time ------------------------------------ */

/*
 * A model whose clock is interp_run's step count (as the hybrid VMM's is):
 * before the devices or the timer look, the run's steps so far are added.
 */
struct run_model {
    struct model d;          /* first: model_ops see it */
    struct interp *it;
    uint32_t synced;         /* steps taken into the clock */
};

static void run_model_sync(struct run_model *r)
{
    r->synced += r->it->steps;
    r->d.time += r->it->steps;
    for (int m = 0; m < 2; m++)
        r->d.instret[m] += r->it->retired[m];
    r->it->steps = r->it->retired[0] = r->it->retired[1] = 0;
}

static enum interp_dev run_load(void *ctx, uint32_t p, uint32_t *v)
{
    run_model_sync(ctx);
    return model_load(ctx, p, v);
}

static enum interp_dev run_store(void *ctx, uint32_t p, uint32_t v)
{
    run_model_sync(ctx);
    return model_store(ctx, p, v);
}

static enum interp_timer run_timer(void *ctx)
{
    run_model_sync(ctx);
    return model_timer(ctx);
}

static const struct interp_ops run_ops = {run_load, run_store, run_timer};

/* Chaos programs run by interp_run in batches of random length and by
 * interp_step one at a time: the same state, memory and devices after
 * every batch. */
static void test_run_equals_steps(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        struct pair *p = pair_new(CHAOS_RAM, "chaos\n");
        chaos_build(p, seed);
        pair_copy_from_iss(p);
        struct interp b = p->it;
        struct run_model rm = {.d = p->dev, .it = &b};
        b.ram = malloc(CHAOS_RAM);
        assert_non_null(b.ram);
        memcpy(b.ram, p->it.ram, CHAOS_RAM);
        b.ops = &run_ops;
        b.ctx = &rm;
        uint64_t done = 0;
        struct interp_step s = {.end = INTERP_RETIRED};
        while (done < CHAOS_STEPS && s.end != INTERP_EXITED && s.end != INTERP_DEADLOCK) {
            rm.synced = 0;
            s = interp_run(&b, 1 + rnd_below(40));
            run_model_sync(&rm);
            uint32_t n = rm.synced + (s.end == INTERP_DEADLOCK); /* A tries it too */
            if (s.end == INTERP_WAITING)
                rm.d.time = rm.d.cmp;
            for (uint32_t k = 0; k < n; k++)
                model_account(&p->dev, (struct interp_step[]){interp_step(&p->it)});
            done += n;
            if (memcmp(&b.cpu, &p->it.cpu, sizeof b.cpu) != 0 ||
                memcmp(b.ram, p->it.ram, CHAOS_RAM) != 0 ||
                rm.d.time != p->dev.time ||
                memcmp(rm.d.instret, p->dev.instret, sizeof rm.d.instret) != 0)
                fail_msg("seed %llu: interp_run and interp_step differ after %llu steps",
                         (unsigned long long)seed, (unsigned long long)done);
        }
        free(b.ram);
        pair_free(p);
    }
}

/* ---- Directed programs ----------------------------------------------------- */

#define D_RAM 0x10000u
#define D_HANDLER 0x800u
#define D_TABLE 0x2000u   /* scenario PSWs, 16 bytes each */
#define D_INDEX 0x20u     /* low core: the current scenario's PSW address */
#define D_USER_L 0x4000u

static void put_words(struct pair *p, uint32_t at, const uint32_t *w, size_t n)
{
    assert_int_equal(vm74_write_phys(p->iss, at, w, 4 * n), 0);
}
#define PUT(p, at, ...) put_words((p), (at), HX_WORDS(__VA_ARGS__), HX_NWORDS(__VA_ARGS__))

/*
 * A driver that enters each PSW of a table in turn: the handler (any trap)
 * disarms the timer and moves to the next one (it uses x5 and x6).  The last PSW's P leads to the exit.  So every
 * scenario runs from its PSW to its first trap, both machines in lockstep.
 */
static struct pair *scenario_pair(const char *input)
{
    struct pair *p = pair_new(D_RAM, input);
    uint32_t h[] = {
        enc_lui(6, VM74_TIMER_BASE >> 12),  /* disarm the timer */
        enc_addi(5, 0, -1),
        enc_sw(5, 6, 12),
        enc_sw(5, 6, 8),
        enc_lw(5, 0, D_INDEX),
        enc_addi(5, 5, 16),
        enc_sw(5, 0, D_INDEX),
        enc_lpsw(5, 0),
    };
    uint32_t start[8];
    size_t n = enc_li(start, 0, 5, D_TABLE);
    start[n++] = enc_sw(5, 0, D_INDEX);
    start[n++] = enc_lpsw(5, 0);
    uint32_t vector = D_HANDLER;
    assert_int_equal(vm74_write_phys(p->iss, D_HANDLER, h, sizeof h), 0);
    put_words(p, VM74_RESET_P, start, n);
    assert_int_equal(vm74_write_phys(p->iss, VM74_LC_VECTOR, &vector, 4), 0);
    return p;
}


/* The table: the given PSWs, then one into an exit with code 0. */
static void scenario_table(struct pair *p, const uint32_t (*psws)[4], size_t n)
{
    uint32_t exit_code[] = {enc_lui(6, VM74_SIMCTL_EXIT >> 12), enc_sw(0, 6, 0)};
    put_words(p, 0x3f00, exit_code, 2);
    for (size_t k = 0; k < n; k++)
        put_words(p, D_TABLE + 16 * (uint32_t)k, psws[k], 4);
    PUT(p, D_TABLE + 16 * (uint32_t)n, VM74_FLAG_SUPERVISOR, 0x3f00, 0, VM74_BOUND_ALL);
}

static void run_scenarios(struct pair *p, uint64_t limit)
{
    pair_copy_from_iss(p);
    int st = pair_run(p, limit);
    print_message("%llu steps:%s\n", (unsigned long long)p->steps, trap_summary(p));
    assert_int_equal(st, VM74_EXITED);
    assert_int_equal(p->dev.exit_code, 0);
    pair_free(p);
}

/* Every register of §6 read and written, plus what is not one. */
static void test_devices(void **state)
{
    (void)state;
    struct pair *p = scenario_pair("xy");
    uint32_t code[64], n = 0;
    n = enc_li(code, n, 10, VM74_UART_BASE);
    n = enc_li(code, n, 11, VM74_TIMER_BASE);
    n = enc_li(code, n, 12, VM74_PERF_BASE);
    for (int32_t off = 0; off < 0x18; off += 4)
        code[n++] = enc_lw(13 + off / 4, 12, off);  /* CYCLE, INSTRET_S/U */
    for (int32_t off = 0; off < 0x10; off += 4)
        code[n++] = enc_lw(20 + off / 4, 11, off);  /* TIME, CMP */
    code[n++] = enc_lw(24, 10, 8);                  /* STATUS: takes 'x' */
    code[n++] = enc_lw(25, 10, 4);                  /* RXDATA 'x' */
    code[n++] = enc_lw(0, 10, 4);                   /* RXDATA 'y' into x0 */
    code[n++] = enc_lw(26, 10, 4);                  /* RXDATA: empty */
    code[n++] = enc_lw(27, 10, 0);                  /* TXDATA reads 0 */
    code[n++] = enc_sw(25, 10, 0);                  /* send 'x' */
    code[n++] = enc_sw(25, 10, 4);                  /* read-only: ignored */
    code[n++] = enc_sw(25, 11, 0);
    code[n++] = enc_sw(25, 12, 8);
    code[n++] = enc_addi(28, 0, -1);
    code[n++] = enc_sw(28, 11, 12);                 /* CMP_HI */
    code[n++] = enc_sw(28, 11, 8);                  /* CMP_LO */
    code[n++] = enc_lw(29, 11, 12);
    code[n++] = enc_ecall();
    put_words(p, 0x1000, code, n);
    uint32_t faults[] = {enc_lb(5, 10, 4), enc_lh(5, 10, 4), enc_sb(5, 10, 0),
                         enc_lw(5, 10, 12), enc_sw(5, 11, 16), enc_lw(5, 12, 0x18),
                         enc_lw(5, 11, 0x10), enc_lw(5, 10, 2)};
    put_words(p, 0x1200, faults, 8);
    uint32_t psws[10][4] = {{VM74_FLAG_SUPERVISOR, 0x1000, 0, VM74_BOUND_ALL}};
    for (uint32_t k = 0; k < 8; k++) /* each fault alone, registers as left */
        memcpy(psws[1 + k], (uint32_t[]){VM74_FLAG_SUPERVISOR, 0x1200 + 4 * k, 0,
                                         VM74_BOUND_ALL}, 16);
    /* a user whose R reaches the devices does reach them */
    memcpy(psws[9], (uint32_t[]){0, 0x1000, 0, VM74_BOUND_ALL}, 16);
    scenario_table(p, psws, 10);
    run_scenarios(p, 10000);
}

/*
 * The timer: an interrupt taken in supervisor and user mode, IE turned on
 * by LPSW with the timer already pending, WFI that waits, that completes
 * at once, with IE = 1 (the interrupt follows), and with the timer
 * disarmed (deadlock).
 */
static void test_timer_and_wfi(void **state)
{
    (void)state;
    struct pair *p = scenario_pair(NULL);
    uint32_t arm[32], n = 0;
    n = enc_li(arm, n, 11, VM74_TIMER_BASE);
    arm[n++] = enc_lw(12, 11, 0);          /* TIME */
    arm[n++] = enc_addi(12, 12, 40);
    arm[n++] = enc_sw(0, 11, 12);
    arm[n++] = enc_sw(12, 11, 8);          /* CMP = TIME + 40 */
    arm[n++] = enc_addi(13, 13, 1);        /* spin until the interrupt */
    arm[n++] = enc_jal(0, -4);
    put_words(p, 0x1000, arm, n);
    uint32_t pending[16], k = 0;  /* CMP = TIME, then IE on by LPSW */
    k = enc_li(pending, k, 11, VM74_TIMER_BASE);
    pending[k++] = enc_lw(12, 11, 0);
    pending[k++] = enc_sw(0, 11, 12);
    pending[k++] = enc_sw(12, 11, 8);
    pending[k++] = enc_lpsw(0, 0x7e0);
    put_words(p, 0x1040, pending, k);
    PUT(p, 0x7e0, VM74_FLAG_SUPERVISOR | VM74_FLAG_IE, 0x1000, 0, VM74_BOUND_ALL);
    uint32_t wfi[] = {
        enc_lw(12, 11, 0), enc_addi(12, 12, 100), enc_sw(0, 11, 12),
        enc_sw(12, 11, 8),                 /* CMP ahead */
        VM74_INSN_WFI,                     /* waits */
        VM74_INSN_WFI,                     /* pending: at once */
        enc_addi(12, 0, -1), enc_sw(12, 11, 8), enc_sw(12, 11, 12), /* disarm */
        enc_ecall(),
    };
    put_words(p, 0x1100, wfi, sizeof wfi / 4);
    uint32_t psws[][4] = {
        {VM74_FLAG_SUPERVISOR | VM74_FLAG_IE, 0x1000, 0, VM74_BOUND_ALL},
        {VM74_FLAG_IE, 0x1000, 0, VM74_BOUND_ALL},      /* user, devices in R */
        {VM74_FLAG_SUPERVISOR, 0x1040, 0, VM74_BOUND_ALL}, /* pending at LPSW */
        {VM74_FLAG_SUPERVISOR, 0x1100, 0, VM74_BOUND_ALL},
        {VM74_FLAG_SUPERVISOR | VM74_FLAG_IE, 0x1100, 0, VM74_BOUND_ALL},
    };
    scenario_table(p, psws, 5);
    run_scenarios(p, 10000);

    /* WFI with the timer disarmed: both report a deadlock, nothing changes. */
    p = scenario_pair(NULL);
    PUT(p, 0x1000, VM74_INSN_WFI);
    scenario_table(p, (const uint32_t[][4]){{VM74_FLAG_SUPERVISOR, 0x1000, 0, 0x2000}}, 1);
    pair_copy_from_iss(p);
    assert_int_equal(pair_run(p, 100), VM74_DEADLOCK);
    pair_free(p);
}

/* LPSW: every flags value (junk bits too), l with bits 1:0, P misaligned
 * or past b, b = 0, R past RAM, relocation near 2^32; the operand
 * misaligned, straddling b, wrapping, past RAM; LPSW in user mode and with
 * rd != 0. */
static void test_lpsw_fields(void **state)
{
    (void)state;
    struct pair *p = scenario_pair(NULL);
    uint32_t user_code[] = {enc_addi(6, 6, 1), enc_ecall()};
    put_words(p, D_USER_L + 0x10, user_code, 2);
    PUT(p, 0x1000, enc_lpsw(7, 0));                     /* x7: the operand */
    PUT(p, 0x1004, enc_lpsw_rd(5, 0, 0x40), enc_ecall());
    uint32_t psws[64][4], n = 0;
    for (uint32_t f = 0; f < 8; f++) /* bit 2: junk in bits 31:2 */
        memcpy(psws[n++], (uint32_t[]){(f & 3) | (f & 4 ? 0xfffffff0u : 0), 0x10,
                                       D_USER_L | (f & 3), 0x100}, 16);
    uint32_t ps[][4] = {
        {VM74_FLAG_SUPERVISOR, 0x12, D_USER_L, 0x100},       /* P misaligned */
        {0, 0x100, D_USER_L, 0x100},                         /* P at b */
        {0, 0x10, D_USER_L, 0x13},                           /* b cuts the word */
        {0, 0x10, D_USER_L, 0},                              /* b = 0 */
        {0, 0x10, D_RAM - 0x10, VM74_BOUND_ALL},             /* past RAM */
        {0, 0x10, 0xfffffff0u, VM74_BOUND_ALL},              /* wraps */
        {VM74_FLAG_SUPERVISOR, 0x1004, 0, VM74_BOUND_ALL},   /* rd != 0 */
        {VM74_FLAG_IE, 0x1000, 0, VM74_BOUND_ALL},           /* user LPSW */
    };
    memcpy(psws[n], ps, sizeof ps);
    n += sizeof ps / 16;
    scenario_table(p, (const uint32_t(*)[4])psws, n);
    run_scenarios(p, 10000);

    /* The operand's own checks, supervisor under a small R. */
    static const uint32_t operands[] = {0x102, 0x0f4, 0x0f8, 0x0f0, 0xfffffffcu, 0x0};
    for (size_t k = 0; k < sizeof operands / 4; k++) {
        p = scenario_pair(NULL);
        PUT(p, D_USER_L, enc_lpsw(7, 0), enc_ecall());
        PUT(p, D_RAM - 8, enc_lpsw(7, 0), enc_ecall());    /* operand past RAM */
        scenario_table(p, (const uint32_t[][4]){{VM74_FLAG_SUPERVISOR, 0, D_USER_L, 0x100},
                                                {VM74_FLAG_SUPERVISOR, 0, D_RAM - 0x8,
                                                 VM74_BOUND_ALL}}, 2);
        struct vm74_state s;
        vm74_get_state(p->iss, &s);
        s.x[7] = operands[k];
        vm74_set_state(p->iss, &s);
        pair_copy_from_iss(p);
        assert_int_equal(pair_run(p, 1000), VM74_EXITED);
        pair_free(p);
    }
}

/* Jumps and branches to targets = 2 mod 4, JALR's bit 0, targets past b,
 * and accesses at b - 4 .. b + 3 under relocation. */
static void test_jumps_and_bounds(void **state)
{
    (void)state;
    struct pair *p = scenario_pair(NULL);
    uint32_t b = 0x200, code[] = {
        enc_jal(1, 6), enc_jalr(1, 9, 1), enc_jalr(1, 9, 2), enc_beq(0, 0, 10),
        enc_bne(0, 0, 10), enc_jalr(1, 10, 0), enc_lw(5, 11, 0), enc_lw(5, 11, 4),
        enc_lh(5, 11, 2), enc_lh(5, 11, 4), enc_lb(5, 11, 3), enc_lb(5, 11, 4),
        enc_sw(5, 11, -4), enc_sw(5, 11, 0), enc_sh(5, 11, 2), enc_sb(5, 11, 3),
        enc_sb(5, 11, 4), enc_lw(5, 11, 1), enc_sh(5, 11, 1), enc_jal(1, 0x200 - 4 * 19), /* to b */
    };
    size_t n = sizeof code / 4;
    uint32_t psws[32][4];
    for (size_t k = 0; k < n; k++) {
        PUT(p, D_USER_L + 4 * (uint32_t)k, code[k]);
        memcpy(psws[k], (uint32_t[]){k % 2, 4 * (uint32_t)k, D_USER_L, b}, 16);
    }
    scenario_table(p, (const uint32_t(*)[4])psws, n);
    struct vm74_state s;
    vm74_get_state(p->iss, &s);
    s.x[9] = 0x10;        /* JALR targets 0x10, 0x11 -> 0x10, 0x12 */
    s.x[10] = b;          /* at the bound: completes, the fetch faults */
    s.x[11] = b - 4;      /* the last word under b */
    s.x[5] = 0x5a5aa5a5u;
    vm74_set_state(p->iss, &s);
    pair_copy_from_iss(p);
    assert_int_equal(pair_run(p, 1000), VM74_EXITED);
    pair_free(p);
}

/*
 * The variant's instruction (include/vm74_arch.h): in supervisor and user
 * mode, with every register, beside its near misses (which stay ILLEGAL).
 * On plain vm74 all of them are ILLEGAL.  tests/interp.mk builds a
 * variant's binary once vm74_arch.h names its instruction, and by then
 * its ISS must have it.
 */
static uint32_t flaw_word(int r)
{
    switch (VM74_FLAW) {
    case VM74_FLAW_JRSTU: return enc_i(0, r, VM74_F3_JRSTU, 0, OPC_CUSTOM0);
    case VM74_FLAW_RDBASE: return enc_i(0, 0, VM74_F3_RDBASE, r, OPC_CUSTOM0);
    default: return enc_i(0, 0, VM74_F3_RDMODE, r, OPC_CUSTOM0);
    }
}

static bool iss_has_flaw(void)
{
    if (VM74_FLAW == 0)
        return true;
    struct pair *p = pair_new(D_RAM, NULL);
    struct vm74_retire rec;
    uint32_t w = flaw_word(1), lowcore_vector = 0x800;
    put_words(p, VM74_RESET_P, &w, 1);
    assert_int_equal(vm74_write_phys(p->iss, VM74_LC_VECTOR, &lowcore_vector, 4), 0);
    struct vm74_state s;
    vm74_get_state(p->iss, &s);
    s.x[1] = 0x200;
    vm74_set_state(p->iss, &s);
    vm74_step(p->iss, &rec);
    pair_free(p);
    return !(rec.trap && rec.cause == VM74_CAUSE_ILLEGAL);
}

static void test_flaw_instruction(void **state)
{
    (void)state;
    if (!iss_has_flaw())
        fail_msg("the ISS of VM74_FLAW=%d does not have its instruction", VM74_FLAW);
    struct pair *p = scenario_pair(NULL);
    uint32_t psws[80][4], n = 0;
    for (int r = 0; r < 32; r += 3) {
        uint32_t at = 0x1000 + 16 * (uint32_t)r;
        uint32_t near = flaw_word(r) | (1u << 20);   /* imm != 0: illegal */
        PUT(p, at, flaw_word(r), enc_ecall(), near);
        for (uint32_t mode = 0; mode < 2; mode++) {
            memcpy(psws[n++], (uint32_t[]){mode, at, 0, VM74_BOUND_ALL}, 16);
            memcpy(psws[n++], (uint32_t[]){mode | VM74_FLAG_IE, at - 0x800, 0x800,
                                           0x1000}, 16);
            memcpy(psws[n++], (uint32_t[]){mode, at + 8, 0, VM74_BOUND_ALL}, 16);
        }
    }
    scenario_table(p, (const uint32_t(*)[4])psws, n);
    struct vm74_state s;
    vm74_get_state(p->iss, &s);
    for (int r = 1; r < 32; r++) /* JRSTU targets: aligned, odd, = 2 mod 4 */
        s.x[r] = 0x1000 + 16 * (uint32_t)(r % 8) + (uint32_t)(r % 4);
    vm74_set_state(p->iss, &s);
    pair_copy_from_iss(p);
    assert_int_equal(pair_run(p, 10000), VM74_EXITED);
    pair_free(p);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_devices),
        cmocka_unit_test(test_timer_and_wfi),
        cmocka_unit_test(test_lpsw_fields),
        cmocka_unit_test(test_jumps_and_bounds),
        cmocka_unit_test(test_flaw_instruction),
        cmocka_unit_test(test_chaos_programs),
        cmocka_unit_test(test_run_equals_steps),
        cmocka_unit_test(test_generated_programs),
    };
    hx_apply_filter(argc, argv);
    return cmocka_run_group_tests_name("interp", tests, NULL, NULL);
}
