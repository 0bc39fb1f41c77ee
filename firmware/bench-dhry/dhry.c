/*
 * bench-dhry - a Dhrystone-like mix of string, struct and integer work.
 *
 * Each iteration formats a record name, copies and compares strings,
 * parses the number back, updates a ring of records through pointers and
 * a switch, and does some integer arithmetic.  Checks:
 *   - parsing every formatted name gives back its number;
 *   - the total length of all names equals a count made from digit ranges;
 *   - the sum kept in the records equals the same sum from a plain loop.
 */
#include <string.h>

#include "bench.h"

#define DHRY_ITERATIONS 80000 /* tune: ~530 instructions per iteration */
#define DHRY_RING       8
#define NAME_PREFIX     "RECORD-"

enum kind { KIND_ADD, KIND_XOR, KIND_SHIFT };

struct record {
    struct record *next;
    enum kind kind;
    uint32_t value;
    uint32_t count;
    char name[24];
};

static struct record ring[DHRY_RING];

static void ring_init(void)
{
    for (int i = 0; i < DHRY_RING; i++) {
        ring[i].next = &ring[(i + 1) % DHRY_RING];
        ring[i].kind = (enum kind)(i % 3);
    }
}

/* Decimal digits of v, written at out; returns the number of digits. */
static int format_decimal(char *out, uint32_t v)
{
    char tmp[10];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
    return n;
}

static uint32_t parse_decimal(const char *s)
{
    uint32_t v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (uint32_t)(*s++ - '0');
    return v;
}

static void make_name(char *out, uint32_t i)
{
    strcpy(out, NAME_PREFIX);
    format_decimal(out + strlen(NAME_PREFIX), i);
}

/* The value an iteration contributes, computed by both paths. */
static uint32_t contribution(uint32_t i)
{
    return i * 7 + (i >> 2);
}

/* Apply the record's operation: the "procedure call" part of the mix. */
static uint32_t record_apply(struct record *r, uint32_t i)
{
    switch (r->kind) {
    case KIND_ADD: return r->value + i;
    case KIND_XOR: return r->value ^ i;
    case KIND_SHIFT: return (r->value << 1) | (i & 1);
    }
    return 0;
}

/* Total length of the names of 0..n-1, counted by digit ranges. */
static uint32_t expected_name_length(uint32_t n)
{
    uint32_t total = n * (uint32_t)strlen(NAME_PREFIX);
    for (uint32_t lo = 0, hi = 10, digits = 1; lo < n;
         lo = hi, hi *= 10, digits++)
        total += ((n < hi ? n : hi) - lo) * digits;
    return total;
}

int main(void)
{
    struct record *r = &ring[0];
    char previous[24] = "";
    uint32_t name_length = 0, noise = 0, checksum = 0;
    bool ok = true;

    ring_init();
    for (uint32_t i = 0; i < DHRY_ITERATIONS; i++) {
        struct record scratch;
        make_name(scratch.name, i);
        name_length += (uint32_t)strlen(scratch.name);
        ok &= parse_decimal(scratch.name + strlen(NAME_PREFIX)) == i;
        ok &= strcmp(scratch.name, previous) != 0;
        strcpy(previous, scratch.name);

        memcpy(r->name, scratch.name, sizeof r->name);
        r->value += contribution(i);
        r->count++;
        noise = noise * 31 + record_apply(r, i) + (uint32_t)r->name[7];
        r = r->next;
    }

    uint32_t record_sum = 0, plain_sum = 0, record_count = 0;
    for (int k = 0; k < DHRY_RING; k++) {
        record_sum += ring[k].value;
        record_count += ring[k].count;
    }
    for (uint32_t i = 0; i < DHRY_ITERATIONS; i++)
        plain_sum += contribution(i);
    ok &= record_sum == plain_sum && record_count == DHRY_ITERATIONS;
    ok &= name_length == expected_name_length(DHRY_ITERATIONS);

    checksum = bench_mix(bench_mix(bench_mix(0, record_sum), name_length), noise);
    printf("bench-dhry: %d iterations, names %lu bytes, last \"%s\"\n",
           DHRY_ITERATIONS, (unsigned long)name_length, previous);
    return bench_finish("bench-dhry", checksum, ok);
}
