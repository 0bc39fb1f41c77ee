/*
 * bench-crc32 - CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320).
 *
 * Checked three ways: the standard test vector "123456789" -> 0xCBF43926;
 * every buffer's CRC computed both bit by bit and with a 256-entry table;
 * and the CRC residue property: appending a message's CRC (little-endian)
 * gives a CRC of 0x2144DF1C over the whole.
 */
#include <string.h>

#include "bench.h"

#define CRC_BUF_SIZE 4096 /* bytes per round */
#define CRC_ROUNDS   96   /* tune: ~0.33M instructions per round */

#define CRC_POLY     0xedb88320u
#define CRC_CHECK    0xcbf43926u /* CRC-32 of "123456789" */
#define CRC_RESIDUE  0x2144df1cu /* CRC-32 of any message followed by its CRC */

static uint8_t buffer[CRC_BUF_SIZE + 4];
static uint32_t table[256];

static uint32_t crc32_bitwise(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xffffffffu;
    while (n--) {
        crc ^= *p++;
        for (int bit = 0; bit < 8; bit++)
            crc = (crc >> 1) ^ (CRC_POLY & -(crc & 1));
    }
    return ~crc;
}

static void crc32_make_table(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int bit = 0; bit < 8; bit++)
            c = (c >> 1) ^ (CRC_POLY & -(c & 1));
        table[i] = c;
    }
}

static uint32_t crc32_table(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xffffffffu;
    while (n--)
        crc = (crc >> 8) ^ table[(crc ^ *p++) & 0xff];
    return ~crc;
}

static void append_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

int main(void)
{
    const char *vector = "123456789";
    uint32_t seed = 0xcafef00d, checksum = 0;
    bool ok = crc32_bitwise((const uint8_t *)vector, strlen(vector)) == CRC_CHECK;

    crc32_make_table();
    ok &= crc32_table((const uint8_t *)vector, strlen(vector)) == CRC_CHECK;
    for (size_t i = 0; i < CRC_BUF_SIZE; i++)
        buffer[i] = (uint8_t)bench_random(&seed);

    for (int round = 0; round < CRC_ROUNDS; round++) {
        buffer[(uint32_t)round * 97 % CRC_BUF_SIZE] ^= (uint8_t)(round + 1);
        uint32_t fast = crc32_table(buffer, CRC_BUF_SIZE);
        uint32_t slow = crc32_bitwise(buffer, CRC_BUF_SIZE);
        append_le32(buffer + CRC_BUF_SIZE, fast);
        ok &= fast == slow &&
              crc32_table(buffer, CRC_BUF_SIZE + 4) == CRC_RESIDUE;
        checksum = bench_mix(checksum, fast);
    }
    printf("bench-crc32: \"123456789\" -> 0x%08lx; %d rounds over %d bytes\n",
           (unsigned long)crc32_table((const uint8_t *)vector, strlen(vector)),
           CRC_ROUNDS, CRC_BUF_SIZE);
    return bench_finish("bench-crc32", checksum, ok);
}
