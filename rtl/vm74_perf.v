// vm74_perf: the performance counters (docs/isa.md §6).  CYCLE is TIME;
// INSTRET_S/U count retirements by the mode the instruction began in.
`default_nettype none
`include "vm74_arch.vh"

module vm74_perf (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire [31:0] addr_i,
    output reg  [31:0] rdata_o,
    input  wire [63:0] time_i,
    input  wire        retire_i,
    input  wire        retire_mode_i   // 1 supervisor, 0 user
);
    reg [63:0] instret_s_q /* verilator public_flat_rw */;
    reg [63:0] instret_u_q /* verilator public_flat_rw */;

    always @(*) begin
        case (addr_i)
            `VM74_PERF_CYCLE_LO:     rdata_o = time_i[31:0];
            `VM74_PERF_CYCLE_HI:     rdata_o = time_i[63:32];
            `VM74_PERF_INSTRET_S_LO: rdata_o = instret_s_q[31:0];
            `VM74_PERF_INSTRET_S_HI: rdata_o = instret_s_q[63:32];
            `VM74_PERF_INSTRET_U_LO: rdata_o = instret_u_q[31:0];
            `VM74_PERF_INSTRET_U_HI: rdata_o = instret_u_q[63:32];
            default:                 rdata_o = 32'd0;
        endcase
    end

    wire [63:0] inc_s = {63'd0, retire_i & retire_mode_i};
    wire [63:0] inc_u = {63'd0, retire_i & ~retire_mode_i};

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            instret_s_q <= 64'd0;
            instret_u_q <= 64'd0;
        end else begin
            instret_s_q <= instret_s_q + inc_s;
            instret_u_q <= instret_u_q + inc_u;
        end
    end
endmodule

`default_nettype wire
