/*
 * bench-matmul - integer matrix multiply, C = A * B, modulo 2^32.
 *
 * Checked with Freivalds' method: for vectors x, C*x must equal A*(B*x).
 * Integers modulo 2^32 form a ring, so the identity is exact, and the
 * check uses only matrix-vector products, a different computation.
 */
#include "bench.h"

#define MAT_N      48 /* matrices are MAT_N x MAT_N */
#define MAT_ROUNDS 36 /* tune: ~1.04M instructions per round */
#define MAT_CHECKS 2  /* random vectors per round */

static int32_t a[MAT_N][MAT_N], b[MAT_N][MAT_N], c[MAT_N][MAT_N];

static void fill_random(int32_t m[MAT_N][MAT_N], uint32_t *seed)
{
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++)
            m[i][j] = (int32_t)(bench_random(seed) % 2001) - 1000;
}

/* i-k-j order: the inner loop walks rows of b and c sequentially. */
static void matmul(void)
{
    for (int i = 0; i < MAT_N; i++) {
        for (int j = 0; j < MAT_N; j++)
            c[i][j] = 0;
        for (int k = 0; k < MAT_N; k++) {
            uint32_t aik = (uint32_t)a[i][k];
            for (int j = 0; j < MAT_N; j++)
                c[i][j] = (int32_t)((uint32_t)c[i][j] + aik * (uint32_t)b[k][j]);
        }
    }
}

static void mat_vec(int32_t m[MAT_N][MAT_N], const uint32_t *x, uint32_t *y)
{
    for (int i = 0; i < MAT_N; i++) {
        uint32_t sum = 0;
        for (int j = 0; j < MAT_N; j++)
            sum += (uint32_t)m[i][j] * x[j];
        y[i] = sum;
    }
}

static bool freivalds_check(uint32_t *seed)
{
    uint32_t x[MAT_N], bx[MAT_N], abx[MAT_N], cx[MAT_N];
    for (int j = 0; j < MAT_N; j++)
        x[j] = bench_random(seed);
    mat_vec(b, x, bx);
    mat_vec(a, bx, abx);
    mat_vec(c, x, cx);
    for (int i = 0; i < MAT_N; i++)
        if (abx[i] != cx[i])
            return false;
    return true;
}

int main(void)
{
    uint32_t seed = 0x9e3779b9, checksum = 0;
    bool ok = true;

    fill_random(a, &seed);
    fill_random(b, &seed);
    for (int round = 0; round < MAT_ROUNDS; round++) {
        a[round % MAT_N][(round * 7) % MAT_N] += round + 1; /* new product */
        matmul();
        for (int k = 0; k < MAT_CHECKS; k++)
            ok &= freivalds_check(&seed);
        for (int i = 0; i < MAT_N; i++)
            checksum = bench_mix(checksum, (uint32_t)c[i][(i + round) % MAT_N]);
    }
    printf("bench-matmul: %d rounds of %dx%d integer matrix multiply\n",
           MAT_ROUNDS, MAT_N, MAT_N);
    return bench_finish("bench-matmul", checksum, ok);
}
