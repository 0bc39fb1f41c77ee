// board_tb: the iCEBreaker top (vm74_icebreaker) in Verilator, with models
// of what is on the board around the FPGA:
//   * the SPI flash (25Q128-style: 0xAB release from power-down, 0x03 read;
//     it starts powered down, and refuses commands within tRES1 = 3 us of
//     the wake-up), holding the packed image at FLASH_OFFSET;
//   * a UART receiver on TX at 115200 baud, 8N1, at the design clock:
//     every byte decoded goes to stdout;
//   * the button held for the first cycles (the power-on reset).
// The clock is the design clock (the PLL is modelled as ideal).
//
//   board-tb [--clk-hz=N] [--max-cycles=N] IMAGE.bin
//   board-tb [--clk-hz=N] [--max-cycles=N] --flash FLASH.bin
//
// IMAGE.bin (tools/imgpack) is placed at FLASH_OFFSET; FLASH.bin is the
// whole flash from address 0, as `make prog-check` leaves it.
//
// Exit status: 0 the program exited with code 0 (LED2), 1 it exited with a
// non-zero code (LED3), 3 the loader reported a bad image (LED4), 124 the
// cycle limit, 2 bad command line.  A summary line goes to stderr.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "Vvm74_icebreaker.h"
#include "Vvm74_icebreaker___024root.h"
#include "vm74_arch.h"
#include "verilated.h"

// The model's NBA region (Clock below); absent in a Verilator that names
// it otherwise.
void Vvm74_icebreaker___024root___eval_nba(Vvm74_icebreaker___024root *)
    __attribute__((weak));

namespace {

constexpr uint32_t kFlashBytes = 16u << 20;
constexpr uint32_t kImageOffset = VM74_BOARD_IMAGE_OFFSET;  // vm74_boot's default
constexpr double kBaud = 115200.0;

// SPI flash, mode 0: samples SI on SCK rising, shifts SO after SCK falling.
struct Flash {
    std::vector<uint8_t> mem = std::vector<uint8_t>(kFlashBytes, 0xff);
    bool powered_down = true;
    uint64_t ready_at = 0;   // cycle from which it accepts commands
    uint64_t cycles_per_us = 12;
    bool last_cs = true, last_sck = false;
    unsigned bits = 0;       // bits received since CS fell
    uint32_t shift_in = 0, cmd = 0, addr = 0;
    uint8_t out_byte = 0xff;
    unsigned out_bit = 8;
    bool ignoring = false;
    int so = 1;

    void step(uint64_t cycle, bool cs_n, bool sck, bool si) {
        if (cs_n) {
            if (!last_cs && bits == 8 && cmd == 0xab) {
                powered_down = false;
                ready_at = cycle + 3 * cycles_per_us;
            }
            bits = 0, out_bit = 8, so = 1, ignoring = false;
        } else if (last_cs && cycle < ready_at) {
            std::fprintf(stderr, "flash model: command within tRES1 of the "
                                 "wake-up: ignored\n");
            ignoring = true;
        } else if (sck && !last_sck && !ignoring) {
            shift_in = (shift_in << 1) | (si ? 1u : 0u);
            if (++bits == 8)
                cmd = shift_in & 0xff;
            if (bits == 32 && cmd == 0x03 && !powered_down)
                addr = shift_in & 0xffffff;
        } else if (!sck && last_sck && !ignoring && bits >= 32 &&
                   cmd == 0x03 && !powered_down) {
            if (out_bit == 8) {
                out_byte = mem[addr % kFlashBytes];
                addr++;
                out_bit = 0;
            }
            so = (out_byte >> (7 - out_bit)) & 1;
            out_bit++;
        }
        last_cs = cs_n, last_sck = sck;
    }
};

// 8N1 receiver: start bit found on a falling edge, bits sampled mid-cell.
struct UartRx {
    double bit_cycles;
    bool busy = false;
    double next_sample = 0;
    int bitno = 0;
    unsigned byte = 0;
    bool last = true;
    uint64_t idle_since = 0;
    unsigned framing_errors = 0;

    void step(uint64_t cycle, bool line) {
        if (!busy) {
            if (last && !line) {
                busy = true;
                bitno = 0;
                byte = 0;
                next_sample = (double)cycle + 1.5 * bit_cycles;
            }
        } else if ((double)cycle >= next_sample) {
            if (bitno < 8) {
                byte |= (line ? 1u : 0u) << bitno++;
                next_sample += bit_cycles;
            } else {
                if (!line)
                    framing_errors++;
                std::putchar((int)byte);
                std::fflush(stdout);
                busy = false;
                idle_since = cycle;
            }
        }
        last = line;
    }
};

// An image from tools/imgpack goes to kImageOffset; a whole flash (as
// `make prog` leaves it: the bitstream at 0, the image at its offset)
// from 0.
bool load_image(Flash &f, const char *path, bool whole_flash)
{
    FILE *fp = std::fopen(path, "rb");
    if (!fp)
        return false;
    uint32_t at = whole_flash ? 0 : kImageOffset;
    size_t n = std::fread(&f.mem[at], 1, kFlashBytes - at, fp);
    std::fclose(fp);
    return n > 0;
}

// One clock cycle of the model, with as little of Verilator's scheduling
// as gives the same result.  A whole eval() at each edge recomputes the
// input region (the logic that depends on the pins) every time; but the
// board's logic is clocked on CLK's rising edge only, so (as in
// sim/rtl_backend.cpp, which does the same for vm74_soc):
//   * the falling edge changes nothing but Verilator's record of CLK,
//     __Vtrigrprev__TOP__CLK: set that, no eval();
//   * a rising edge with the other pins as the last eval() saw them is the
//     NBA region alone (the flops, then the logic after them).
// These are Verilator 5.006's internal names (the NBA region's function is
// declared weak, above).  A model with other names, or with any trigger
// but the one edge of CLK (the synthesized netlist's cells may have more),
// takes the second overloads: two whole eval()s.
template <size_t N> constexpr size_t trigger_count(const VlTriggerVec<N> &)
{
    return N;
}

template <typename Root>
auto rising_edge_only(Root *root, int)
    -> decltype(root->__Vtrigrprev__TOP__CLK = 0, root->__VnbaTriggered.at(0), bool())
{
    return trigger_count(root->__VactTriggered) == 1 &&
           Vvm74_icebreaker___024root___eval_nba != nullptr;
}

template <typename Root> bool rising_edge_only(Root *, long) { return false; }

template <typename Root>
auto nba_cycle(Root *root, int) -> decltype(root->__Vtrigrprev__TOP__CLK = 0, void())
{
    root->CLK = 1;
    root->__Vtrigrprev__TOP__CLK = 1;
    root->__VnbaTriggered.at(0) = true;
    Vvm74_icebreaker___024root___eval_nba(root);
}

template <typename Root> void nba_cycle(Root *, long) {}

template <typename Root>
auto clk_fall_quietly(Root *root, int) -> decltype(root->__Vtrigrprev__TOP__CLK = 0, void())
{
    root->CLK = 0;
    root->__Vtrigrprev__TOP__CLK = 0;
}

template <typename Root> void clk_fall_quietly(Root *, long) {}

struct Clock {
    bool fast;
    uint8_t pins[3] = {2, 2, 2};  // BTN_N, RX, FLASH_IO1 at the last eval()

    // The first eval() initialises the model, its record of CLK included:
    // it must see CLK low, or the first rising edge would go unseen.
    explicit Clock(Vvm74_icebreaker *top) : fast(rising_edge_only(top->rootp, 0)) {
        top->CLK = 0;
        top->eval();
    }

    void cycle(Vvm74_icebreaker *top) {
        const uint8_t now[3] = {top->BTN_N, top->RX, top->FLASH_IO1};
        if (!fast) {
            top->CLK = 0;
            top->eval();
            top->CLK = 1;
            top->eval();
            return;
        }
        clk_fall_quietly(top->rootp, 0);
        if (std::memcmp(now, pins, sizeof now) == 0) {
            nba_cycle(top->rootp, 0);
            return;
        }
        std::memcpy(pins, now, sizeof now);
        top->CLK = 1;
        top->eval();
    }
};

}  // namespace

int main(int argc, char **argv)
{
    uint64_t clk_hz = BOARD_CLK_HZ, max_cycles = 50000000;
    const char *image = nullptr;
    bool whole_flash = false;
    for (int i = 1; i < argc; i++) {
        if (!std::strcmp(argv[i], "--flash"))
            whole_flash = true;
        else if (!std::strncmp(argv[i], "--clk-hz=", 9))
            clk_hz = std::strtoull(argv[i] + 9, nullptr, 0);
        else if (!std::strncmp(argv[i], "--max-cycles=", 13))
            max_cycles = std::strtoull(argv[i] + 13, nullptr, 0);
        else if (argv[i][0] != '-' && !image)
            image = argv[i];
        else
            image = nullptr, i = argc;
    }
    Flash flash;
    if (!image || !load_image(flash, image, whole_flash)) {
        std::fprintf(stderr, "usage: board-tb [--clk-hz=N] [--max-cycles=N] [--flash] "
                             "IMAGE.bin (an image from tools/imgpack; with --flash "
                             "the whole flash, from offset 0)\n");
        return 2;
    }
    flash.cycles_per_us = clk_hz / 1000000 + 1;
    UartRx rx{(double)clk_hz / kBaud};

    auto ctx = std::make_unique<VerilatedContext>();
    ctx->commandArgs(argc, argv);
    auto top = std::make_unique<Vvm74_icebreaker>(ctx.get());
    top->RX = 1;
    top->FLASH_IO1 = 1;
    Clock clock(top.get());
    uint64_t cycle = 0, boot_done = 0, ended_at = 0;
    const uint64_t char_cycles = (uint64_t)(10.5 * rx.bit_cycles);
    int status = 124;
    for (; cycle < max_cycles; cycle++) {
        top->BTN_N = cycle >= 16;            // held down for 16 cycles
        clock.cycle(top.get());
        flash.step(cycle, top->FLASH_SSB, top->FLASH_SCK, top->FLASH_IO0);
        top->FLASH_IO1 = flash.so;
        rx.step(cycle, top->TX);
        if (!boot_done && top->LED1)
            boot_done = cycle;
        // Ended: an exit or a refused image, and the line idle since.
        bool ended = top->LED2 || top->LED3 || top->LED4;
        if (ended && !ended_at)
            ended_at = cycle;
        uint64_t quiet = ended_at > rx.idle_since ? ended_at : rx.idle_since;
        if (ended && !rx.busy && top->TX && cycle - quiet > char_cycles) {
            status = top->LED2 ? 0 : top->LED3 ? 1 : 3;
            break;
        }
    }
    top->final();
    const char *what = status == 0 ? "exited with code 0 (LED2)"
                     : status == 1 ? "exited with a non-zero code (LED3)"
                     : status == 3 ? "bad image (LED4)"
                                   : "cycle limit reached";
    std::fprintf(stderr, "board-tb: %s after %llu cycles (boot loader done at "
                         "cycle %llu, %.1f ms at %llu Hz)%s\n", what,
                 (unsigned long long)cycle, (unsigned long long)boot_done,
                 1e3 * (double)cycle / (double)clk_hz,
                 (unsigned long long)clk_hz,
                 rx.framing_errors ? ", UART framing errors" : "");
    return status;
}
