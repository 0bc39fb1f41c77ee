// vm74_perf: the performance counters INSTRET_S and INSTRET_U (docs/isa.md
// §6): retirements by the mode the instruction began in.  CYCLE is TIME
// (vm74_timer); vm74_bus reads all of them.
//
// The retirement comes late in the core's cycle, so each 64-bit counter is
// two 32-bit halves: the high half's carry-in is the increment and a flag,
// registered a cycle ahead, that the low half is all ones.  The counters
// stay exact in every cycle.
//
// DSP = 1 (the board): each half is a 32-bit accumulator in a DSP block of
// the iCE40 UP5K (VM74_MAC_ACC32, fpga/vm74_mac_map.v), four
// blocks in all, so that the counters take almost no logic cells.  INIT_S
// and INIT_U are the counters' values after reset (0; other values only
// for tests/rtl/perf_tb, which cannot reach the DSP blocks' registers).
`default_nettype none

module vm74_perf #(
    parameter DSP = 0,
    parameter [63:0] INIT_S = 64'd0,
    parameter [63:0] INIT_U = 64'd0
) (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        retire_i,
    input  wire        retire_mode_i,  // 1 supervisor, 0 user
    output wire [63:0] instret_s_o,
    output wire [63:0] instret_u_o
);
    wire inc_s = retire_i & retire_mode_i;
    wire inc_u = retire_i & ~retire_mode_i;
    reg  s_lo_ones_q, u_lo_ones_q;    // the low half is all ones

    // Low half all ones next cycle: it is now and stays, or it is one less
    // and counts.
    function automatic ones_next(input [31:0] lo, input inc);
        ones_next = (&lo[31:1]) & (lo[0] ^ inc);
    endfunction

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            s_lo_ones_q <= &INIT_S[31:0];
            u_lo_ones_q <= &INIT_U[31:0];
        end else begin
            s_lo_ones_q <= ones_next(instret_s_o[31:0], inc_s);
            u_lo_ones_q <= ones_next(instret_u_o[31:0], inc_u);
        end
    end

    generate
        if (DSP) begin : g_dsp
            VM74_MAC_ACC32 #(.INIT(INIT_S[31:0])) u_s_lo (
                .CLK (clk_i), .LOAD (~rst_ni), .CI (inc_s), .O (instret_s_o[31:0]));
            VM74_MAC_ACC32 #(.INIT(INIT_S[63:32])) u_s_hi (
                .CLK (clk_i), .LOAD (~rst_ni), .CI (inc_s & s_lo_ones_q),
                .O (instret_s_o[63:32]));
            VM74_MAC_ACC32 #(.INIT(INIT_U[31:0])) u_u_lo (
                .CLK (clk_i), .LOAD (~rst_ni), .CI (inc_u), .O (instret_u_o[31:0]));
            VM74_MAC_ACC32 #(.INIT(INIT_U[63:32])) u_u_hi (
                .CLK (clk_i), .LOAD (~rst_ni), .CI (inc_u & u_lo_ones_q),
                .O (instret_u_o[63:32]));
        end else begin : g_lc
            // Backdoor: the harness may read these while the core is idle.
            reg [63:0] instret_s_q /* verilator public_flat_rw */;
            reg [63:0] instret_u_q /* verilator public_flat_rw */;
            always @(posedge clk_i) begin
                if (!rst_ni) begin
                    instret_s_q <= INIT_S;
                    instret_u_q <= INIT_U;
                end else begin
                    instret_s_q[31:0] <= instret_s_q[31:0] + {31'd0, inc_s};
                    instret_s_q[63:32] <= instret_s_q[63:32] +
                                          {31'd0, inc_s & s_lo_ones_q};
                    instret_u_q[31:0] <= instret_u_q[31:0] + {31'd0, inc_u};
                    instret_u_q[63:32] <= instret_u_q[63:32] +
                                          {31'd0, inc_u & u_lo_ones_q};
                end
            end
            assign instret_s_o = instret_s_q;
            assign instret_u_o = instret_u_q;
        end
    endgenerate
endmodule

`default_nettype wire
