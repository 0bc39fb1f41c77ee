// vm74_reloc: relocation and bounds of one access (docs/isa.md §2).
//
// n bytes at logical a under R = (l, b), with RAM of ram_size bytes:
//   1 misaligned  a mod min(n, 4) != 0
//   2 bound       a + n > b
//   3 wrap        l + a + n > 2^32
//   4 nothing     p + n > ram_size, unless a word data access (dev_ok_i)
//                 to one device register
// Checks 2-4 matter only for an aligned access, and l is a multiple of 4,
// so they are made on the access's last byte without a second adder:
//   * last = a + n - 1 is a | (n - 1) for n <= 4; for n = 16 (a multiple
//     of 4) it is {a[31:2] + 3, 2'b11}, 33 bits;  2 is last >= b;
//   * p = l + a, 33 bits.  An aligned p with n <= 4 ends in the same word,
//     so 3 is the carry of p, and 4 is p's 4 KiB page against ram_size's
//     (a multiple of 4 KiB).  With n = 16 the last byte is in the next
//     16-byte line or page when p[11:4] are all ones and p[3:2] != 0.
`default_nettype none
`include "vm74_arch.vh"

module vm74_reloc (
    input  wire [31:0] a_i,
    input  wire [4:0]  n_i,        // 1, 2, 4 or 16
    input  wire        dev_ok_i,   // a LW/SW: may reach a device register
    input  wire [31:0] base_i,     // l: bits 1:0 are 0
    input  wire [31:0] bound_i,
    input  wire [31:0] ram_size_i, // a multiple of 4 KiB
    output wire        misaligned_o,
    output wire        fault_o,    // checks 2-4 (only meaningful if aligned)
    output wire [31:0] paddr_o,
    output wire        device_o    // the legal access is to a device
);
    wire n16 = n_i[4];

    assign misaligned_o = (n_i == 5'd1) ? 1'b0 :
                          (n_i == 5'd2) ? a_i[0] : (a_i[1:0] != 2'b00);

    // 2 bound: the last byte at or past b.
    wire [30:0] last_w = {1'b0, a_i[31:2]} + {29'd0, n16, n16};
    wire [1:0]  last_lo = a_i[1:0] | {n16 | n_i[2], n16 | n_i[2] | n_i[1]};
    wire        bound_bad = {last_w, last_lo} >= {1'b0, bound_i};

    // 3 wrap and 4 in RAM, on p.
    wire [32:0] p33 = {1'b0, base_i} + {1'b0, a_i};
    wire [31:0] p = p33[31:0];
    wire        line_cross = n16 & (p[3:2] != 2'b00);  // last byte in the next line
    wire        wrap_bad = p33[32] | (line_cross & (p[31:4] == 28'hfff_ffff));
    wire [19:0] p_pg = p[31:12];
    wire [19:0] r_pg = ram_size_i[31:12];
    wire        pg_cross = line_cross & (p[11:4] == 8'hff);
    wire        in_ram = (p_pg < r_pg) & ~(pg_cross & (p_pg == r_pg - 20'd1));

    reg is_reg;
    always @(*) begin
        case (p)
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
    wire dev = dev_ok_i && (n_i == 5'd4) && is_reg;

    assign fault_o  = bound_bad | wrap_bad | ~(in_ram | dev);
    assign paddr_o  = p;
    assign device_o = ~in_ram;
endmodule

`default_nettype wire
