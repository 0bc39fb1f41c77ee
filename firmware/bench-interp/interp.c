/*
 * bench-interp - a small stack-machine bytecode interpreter.
 *
 * The bytecode program counts the primes below a limit by trial division
 * and sums them.  The same algorithm in C computes the expected count and
 * sum, and the count for limit 100 must be 25.
 */
#include "bench.h"

#define PRIME_LIMIT 12000 /* tune: ~57M instructions; grows as limit^1.5 */

enum opcode {
    OP_PUSH,  /* push the next word */
    OP_LOAD,  /* push var[next word] */
    OP_STORE, /* var[next word] = pop */
    OP_ADD, OP_SUB, OP_MUL, OP_MOD,
    OP_LT,    /* push (a < b), b on top */
    OP_JMP,   /* P = next word */
    OP_JZ,    /* if pop == 0: P = next word */
    OP_HALT,
};

enum variable { V_N, V_D, V_COUNT, V_SUM, V_LIMIT, V_IS_PRIME, NUM_VARS };

#define CODE_MAX 128
#define STACK_MAX 16

struct program {
    int32_t code[CODE_MAX];
    int size;
};

/* ---- A tiny assembler: emit words, patch forward jumps ---------------- */

static void emit(struct program *p, int32_t word)
{
    p->code[p->size++] = word;
}

static void emit2(struct program *p, enum opcode op, int32_t arg)
{
    emit(p, op);
    emit(p, arg);
}

/* Emit a jump whose target is not known yet; returns where to patch. */
static int emit_jump(struct program *p, enum opcode op)
{
    emit2(p, op, -1);
    return p->size - 1;
}

static void patch(struct program *p, int at)
{
    p->code[at] = p->size;
}

/*
 * for (n = 2; n < limit; n++) {
 *     is_prime = 1;
 *     for (d = 2; d * d < n + 1; d++)
 *         if (n % d == 0) { is_prime = 0; break; }
 *     count += is_prime; sum += is_prime * n;
 * }
 */
static void build_primes(struct program *p)
{
    emit2(p, OP_PUSH, 2); emit2(p, OP_STORE, V_N);
    int outer = p->size;
    emit2(p, OP_LOAD, V_N); emit2(p, OP_LOAD, V_LIMIT); emit(p, OP_LT);
    int exit_outer = emit_jump(p, OP_JZ);
    emit2(p, OP_PUSH, 1); emit2(p, OP_STORE, V_IS_PRIME);
    emit2(p, OP_PUSH, 2); emit2(p, OP_STORE, V_D);
    int inner = p->size;
    emit2(p, OP_LOAD, V_D); emit2(p, OP_LOAD, V_D); emit(p, OP_MUL);
    emit2(p, OP_LOAD, V_N); emit2(p, OP_PUSH, 1); emit(p, OP_ADD); emit(p, OP_LT);
    int exit_inner = emit_jump(p, OP_JZ);
    emit2(p, OP_LOAD, V_N); emit2(p, OP_LOAD, V_D); emit(p, OP_MOD);
    int not_divisor = emit_jump(p, OP_JZ);
    emit2(p, OP_LOAD, V_D); emit2(p, OP_PUSH, 1); emit(p, OP_ADD);
    emit2(p, OP_STORE, V_D);
    emit2(p, OP_JMP, inner);
    patch(p, not_divisor); /* n % d == 0: composite */
    emit2(p, OP_PUSH, 0); emit2(p, OP_STORE, V_IS_PRIME);
    patch(p, exit_inner);
    emit2(p, OP_LOAD, V_COUNT); emit2(p, OP_LOAD, V_IS_PRIME); emit(p, OP_ADD);
    emit2(p, OP_STORE, V_COUNT);
    emit2(p, OP_LOAD, V_SUM); emit2(p, OP_LOAD, V_IS_PRIME);
    emit2(p, OP_LOAD, V_N); emit(p, OP_MUL); emit(p, OP_ADD);
    emit2(p, OP_STORE, V_SUM);
    emit2(p, OP_LOAD, V_N); emit2(p, OP_PUSH, 1); emit(p, OP_ADD);
    emit2(p, OP_STORE, V_N);
    emit2(p, OP_JMP, outer);
    patch(p, exit_outer);
    emit(p, OP_HALT);
}

/* ---- The interpreter ---------------------------------------------------- */

/* Runs until HALT; returns the number of bytecodes executed. */
static uint32_t run(const struct program *p, int32_t *vars)
{
    int32_t stack[STACK_MAX];
    int sp = 0, pc = 0;
    uint32_t executed = 0;
    for (;;) {
        int32_t op = p->code[pc++], a, b;
        executed++;
        switch (op) {
        case OP_PUSH: stack[sp++] = p->code[pc++]; break;
        case OP_LOAD: stack[sp++] = vars[p->code[pc++]]; break;
        case OP_STORE: vars[p->code[pc++]] = stack[--sp]; break;
        case OP_ADD: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a + b; break;
        case OP_SUB: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a - b; break;
        case OP_MUL: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a * b; break;
        case OP_MOD: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a % b; break;
        case OP_LT: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a < b; break;
        case OP_JMP: pc = p->code[pc]; break;
        case OP_JZ: pc = stack[--sp] == 0 ? p->code[pc] : pc + 1; break;
        case OP_HALT: return executed;
        default: return 0; /* a bad opcode: the caller's check fails */
        }
    }
}

/* The same algorithm as build_primes, in C. */
static void primes_native(int32_t limit, int32_t *count, int32_t *sum)
{
    *count = 0;
    *sum = 0;
    for (int32_t n = 2; n < limit; n++) {
        int32_t is_prime = 1;
        for (int32_t d = 2; d * d < n + 1; d++)
            if (n % d == 0) {
                is_prime = 0;
                break;
            }
        *count += is_prime;
        *sum += is_prime * n;
    }
}

static uint32_t interpret_primes(const struct program *p, int32_t limit,
                                 int32_t *count, int32_t *sum)
{
    int32_t vars[NUM_VARS] = { 0 };
    vars[V_LIMIT] = limit;
    uint32_t executed = run(p, vars);
    *count = vars[V_COUNT];
    *sum = vars[V_SUM];
    return executed;
}

int main(void)
{
    static struct program prog;
    int32_t small_count, small_sum, count, sum, want_count, want_sum;

    build_primes(&prog);
    interpret_primes(&prog, 100, &small_count, &small_sum);
    uint32_t executed = interpret_primes(&prog, PRIME_LIMIT, &count, &sum);
    primes_native(PRIME_LIMIT, &want_count, &want_sum);

    bool ok = small_count == 25 && small_sum == 1060 && executed != 0 &&
              count == want_count && sum == want_sum;
    printf("bench-interp: %ld primes below %d, sum %ld, %lu bytecodes\n",
           (long)count, PRIME_LIMIT, (long)sum, (unsigned long)executed);
    return bench_finish("bench-interp",
                        bench_mix(bench_mix((uint32_t)count, (uint32_t)sum), executed),
                        ok);
}
