// vm74_reloc: relocation and bounds of one access (docs/isa.md §2).
//
// n bytes at logical a under R = (l, b), with RAM of ram_size bytes:
//   1 misaligned  a mod min(n, 4) != 0
//   2 bound       a + n > b
//   3 wrap        l + a + n > 2^32
//   4 nothing     p + n > ram_size, unless a word data access (dev_ok_i)
//                 to one device register
// All sums are 34 bits wide so that none of them wraps.
`default_nettype none
`include "vm74_arch.vh"

module vm74_reloc (
    input  wire [31:0] a_i,
    input  wire [4:0]  n_i,        // 1, 2, 4 or 16
    input  wire        dev_ok_i,   // a LW/SW: may reach a device register
    input  wire [31:0] base_i,
    input  wire [31:0] bound_i,
    input  wire [31:0] ram_size_i,
    output wire        misaligned_o,
    output wire        fault_o,    // checks 2-4 (only meaningful if aligned)
    output wire [31:0] paddr_o,
    output wire        device_o    // the legal access is to a device
);
    wire [33:0] n = {29'd0, n_i};
    wire [33:0] a_end = {2'b00, a_i} + n;
    wire [33:0] p_end = {2'b00, base_i} + a_end;
    wire [31:0] p = base_i + a_i;

    assign misaligned_o = (n_i == 5'd1) ? 1'b0 :
                          (n_i == 5'd2) ? a_i[0] : (a_i[1:0] != 2'b00);

    wire bound_bad = a_end > {2'b00, bound_i};
    wire wrap_bad  = p_end > 34'h1_0000_0000;
    wire in_ram    = p_end <= {2'b00, ram_size_i};

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
