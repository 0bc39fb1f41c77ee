// vm74_reloc: the checks of one access (docs/isa.md §2), made on its
// physical address p = (l + a) mod 2^32 alone, which the stage before has
// already computed and registered, so that no adder sits in front of the
// compares.  The core keeps hi = l + b (33 bits) and hi - 16 in registers.
//
// n bytes at logical a under R = (l, b), with RAM of ram_size bytes:
//   1 misaligned  a mod min(n, 4) != 0          (p's low bits are a's: l is
//                                                a multiple of 4)
//   2 bound       a + n > b
//   3 wrap        l + a + n > 2^32
//   4 nothing     p + n > ram_size, unless a word data access (dev_ok_i)
//                 to one device register
// For an aligned access:
//   * 3: l + a wraps exactly when p < l; for n = 16 the last byte also
//     wraps when p[31:4] are all ones and p[3:2] != 0;
//   * 2 (without wrap, p = l + a): a + n <= b is p + n <= hi; for n <= 4
//     the last byte p | (n - 1) must be below hi, for n = 16 p <= hi - 16;
//   * 4: p's 4 KiB page against ram_size's (a multiple of 4 KiB); with
//     n = 16 the last byte is in the next page when p[11:4] are all ones
//     and p[3:2] != 0.
`default_nettype none
`include "vm74_arch.vh"

module vm74_reloc (
    input  wire [31:0] p_i,        // (l + a) mod 2^32
    input  wire [4:0]  n_i,        // 1, 2, 4 or 16
    input  wire [1:0]  last_lo_i,  // p[1:0] | (n - 1) for n <= 4: the last
                                   // byte's low bits, from a register (so
                                   // that no LUT is in front of the compare)
    input  wire        dev_ok_i,   // a LW/SW: may reach a device register
    input  wire [31:2] base_i,     // l (its bits 1:0 are 0)
    input  wire [32:0] hi_i,       // l + b
    input  wire [32:0] hi16_i,     // l + b - 16, two's complement
    input  wire [31:0] ram_size_i, // a multiple of 4 KiB
    output wire        misaligned_o,
    output wire        fault_o     // checks 2-4 (only meaningful if aligned)
);
    wire n16 = n_i[4];

    assign misaligned_o = (n_i == 5'd1) ? 1'b0 :
                          (n_i == 5'd2) ? p_i[0] : (p_i[1:0] != 2'b00);

    // 3 wrap.
    wire line_cross = n16 & (p_i[3:2] != 2'b00);  // last byte in the next line
    wire wrap_bad = (p_i[31:2] < base_i) |
                    (line_cross & (p_i[31:4] == 28'hfff_ffff));

    // 2 bound.
    wire       bound_bad_small = {1'b0, p_i[31:2], last_lo_i} >= hi_i;
    wire       bound_bad_16 = hi16_i[32] | ({1'b0, p_i} > hi16_i);
    wire       bound_bad = n16 ? bound_bad_16 : bound_bad_small;

    // 4 in RAM or one device register.
    wire [19:0] p_pg = p_i[31:12];
    wire [19:0] r_pg = ram_size_i[31:12];
    wire        pg_cross = line_cross & (p_i[11:4] == 8'hff);
    wire        in_ram = (p_pg < r_pg) & ~(pg_cross & (p_pg == r_pg - 20'd1));

    reg is_reg;
    always @(*) begin
        case (p_i)
            `VM74_UART_TXDATA, `VM74_UART_RXDATA, `VM74_UART_STATUS,
            `VM74_TIMER_TIME_LO, `VM74_TIMER_TIME_HI,
            `VM74_TIMER_CMP_LO, `VM74_TIMER_CMP_HI,
            `VM74_PERF_CYCLE_LO, `VM74_PERF_CYCLE_HI,
            `VM74_PERF_INSTRET_S_LO, `VM74_PERF_INSTRET_S_HI,
            `VM74_PERF_INSTRET_U_LO, `VM74_PERF_INSTRET_U_HI,
            `VM74_SIMCTL_EXIT: is_reg = 1'b1;
            default:           is_reg = 1'b0;
        endcase
    end
    wire dev = dev_ok_i && n_i[2] && is_reg;

    assign fault_o = bound_bad | wrap_bad | ~(in_ram | dev);
endmodule

`default_nettype wire
