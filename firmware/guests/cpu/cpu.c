/*
 * cpu - a CPU-bound guest: sorting, CRC-32 and a matrix multiply, with a
 * checksum of all three printed at the end.
 *
 * An ordinary vm74 program: it knows nothing of the VMM.  It prints two
 * lines in ~24 million instructions, so nearly every instruction it executes
 * runs natively under the VMM (the efficiency property).  Every result depends only on the input, never
 * on time, so bare and virtual runs print the same.
 */
#include <stdint.h>
#include <stdio.h>

#define SORT_N   2048  /* ~0.6 M instructions per sort */
#define CRC_LEN  8192  /* ~0.2 M instructions per pass */
#define MAT_N    24    /* ~0.2 M instructions per product */
#define ROUNDS   24

static uint32_t data[SORT_N];
static uint8_t message[CRC_LEN];
static uint32_t ma[MAT_N][MAT_N], mb[MAT_N][MAT_N], mc[MAT_N][MAT_N];

static uint32_t rng_state = 2463534242u;

static uint32_t rng_next(void)
{
    rng_state ^= rng_state << 13; /* xorshift32 */
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

/* ---- Sorting ------------------------------------------------------------- */

static void sort_range(uint32_t *a, int lo, int hi)
{
    while (lo < hi) {
        uint32_t pivot = a[(lo + hi) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) {
                uint32_t t = a[i]; a[i] = a[j]; a[j] = t;
                i++; j--;
            }
        }
        if (j - lo < hi - i) { sort_range(a, lo, j); lo = i; }
        else { sort_range(a, i, hi); hi = j; }
    }
}

/* Sort fresh numbers; the checksum weighs each by its position. */
static uint32_t sort_round(void)
{
    for (int i = 0; i < SORT_N; i++)
        data[i] = rng_next();
    sort_range(data, 0, SORT_N - 1);
    uint32_t sum = 0;
    for (int i = 0; i < SORT_N; i++) {
        if (i > 0 && data[i - 1] > data[i])
            return 0xdead0000u | (uint32_t)i; /* not sorted: a visible failure */
        sum = sum * 31 + data[i];
    }
    return sum;
}

/* ---- CRC-32 (IEEE, bit by bit) ------------------------------------------- */

static uint32_t crc32(const uint8_t *p, uint32_t len)
{
    uint32_t crc = 0xffffffffu;
    for (uint32_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (int b = 0; b < 8; b++)
            crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
    }
    return ~crc;
}

static uint32_t crc_round(void)
{
    for (uint32_t i = 0; i < CRC_LEN; i++)
        message[i] = (uint8_t)rng_next();
    return crc32(message, CRC_LEN);
}

/* ---- Matrix multiply (mod 2^32) ------------------------------------------ */

static uint32_t matmul_round(void)
{
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            ma[i][j] = rng_next();
            mb[i][j] = rng_next();
        }
    uint32_t sum = 0;
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            uint32_t acc = 0;
            for (int k = 0; k < MAT_N; k++)
                acc += ma[i][k] * mb[k][j];
            mc[i][j] = acc;
            sum ^= acc + (uint32_t)(i * MAT_N + j);
        }
    return sum;
}

int main(void)
{
    static const uint8_t check[] = "123456789";
    uint32_t total = 0;

    printf("cpu: sort %d, crc32 %d bytes, matmul %dx%d, %d rounds\n", SORT_N,
           CRC_LEN, MAT_N, MAT_N, ROUNDS);
    if (crc32(check, 9) != 0xcbf43926u) {
        printf("cpu: CRC-32 test vector FAILED\n");
        return 1;
    }
    for (int r = 0; r < ROUNDS; r++) {
        uint32_t s = sort_round(), c = crc_round(), m = matmul_round();
        total = (total * 0x01000193u) ^ s ^ (c << 1) ^ (m << 2);
    }
    printf("cpu: checksum %08lx\n", (unsigned long)total);
    return 0;
}
