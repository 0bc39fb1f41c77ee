/*
 * bench-sort - quicksort of pseudo-random 32-bit numbers.
 *
 * Each round fills the array, sorts it and checks the two properties that
 * define a sort: the output is in order, and it is a permutation of the
 * input (same element sum, sum of squares and xor).
 */
#include "bench.h"

#define SORT_N      4096 /* elements per round */
#define SORT_ROUNDS 64   /* tune: ~0.54M instructions per round */

static uint32_t data[SORT_N];

struct fingerprint {
    uint32_t sum, sum_sq, xor_all;
};

static struct fingerprint fingerprint_of(const uint32_t *a, int n)
{
    struct fingerprint f = { 0, 0, 0 };
    for (int i = 0; i < n; i++) {
        f.sum += a[i];
        f.sum_sq += a[i] * a[i];
        f.xor_all ^= a[i];
    }
    return f;
}

static void swap(uint32_t *a, uint32_t *b)
{
    uint32_t t = *a;
    *a = *b;
    *b = t;
}

static void insertion_sort(uint32_t *a, int n)
{
    for (int i = 1; i < n; i++) {
        uint32_t v = a[i];
        int j = i - 1;
        for (; j >= 0 && a[j] > v; j--)
            a[j + 1] = a[j];
        a[j + 1] = v;
    }
}

/* Median of three to a[0]; Hoare partition; recurse on the smaller side. */
static void quicksort(uint32_t *a, int n)
{
    while (n > 16) {
        int mid = n / 2;
        if (a[mid] < a[0]) swap(&a[mid], &a[0]);
        if (a[n - 1] < a[0]) swap(&a[n - 1], &a[0]);
        if (a[n - 1] < a[mid]) swap(&a[n - 1], &a[mid]);
        uint32_t pivot = a[mid];
        int i = -1, j = n;
        for (;;) {
            do i++; while (a[i] < pivot);
            do j--; while (a[j] > pivot);
            if (i >= j)
                break;
            swap(&a[i], &a[j]);
        }
        int left = j + 1;
        if (left < n - left) {
            quicksort(a, left);
            a += left;
            n -= left;
        } else {
            quicksort(a + left, n - left);
            n = left;
        }
    }
    insertion_sort(a, n);
}

static bool is_sorted(const uint32_t *a, int n)
{
    for (int i = 1; i < n; i++)
        if (a[i - 1] > a[i])
            return false;
    return true;
}

int main(void)
{
    uint32_t seed = 0x12345678, checksum = 0;
    bool ok = true;

    for (int round = 0; round < SORT_ROUNDS; round++) {
        for (int i = 0; i < SORT_N; i++)
            data[i] = bench_random(&seed) >> (round % 8); /* some duplicates */
        struct fingerprint before = fingerprint_of(data, SORT_N);
        quicksort(data, SORT_N);
        struct fingerprint after = fingerprint_of(data, SORT_N);
        ok &= is_sorted(data, SORT_N) && before.sum == after.sum &&
              before.sum_sq == after.sum_sq && before.xor_all == after.xor_all;
        checksum = bench_mix(checksum, data[0]);
        checksum = bench_mix(checksum, data[SORT_N / 2]);
        checksum = bench_mix(checksum, data[SORT_N - 1]);
    }
    printf("bench-sort: %d rounds of quicksort on %d numbers\n", SORT_ROUNDS, SORT_N);
    return bench_finish("bench-sort", checksum, ok);
}
