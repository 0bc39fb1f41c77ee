// vm74_perf: the performance counters INSTRET_S and INSTRET_U (docs/isa.md
// §6): retirements by the mode the instruction began in.  CYCLE is TIME
// (vm74_timer); vm74_bus reads all of them.
//
// The retirement comes late in the core's cycle, so each 64-bit counter is
// two 32-bit carry chains: the high half's carry-in is the increment and a
// flag, registered a cycle ahead, that the low half is all ones.  The
// counters stay exact in every cycle.
`default_nettype none

module vm74_perf (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        retire_i,
    input  wire        retire_mode_i,  // 1 supervisor, 0 user
    output wire [63:0] instret_s_o,
    output wire [63:0] instret_u_o
);
    // Backdoor: the harness may read these while the core is idle.
    reg [63:0] instret_s_q /* verilator public_flat_rw */;
    reg [63:0] instret_u_q /* verilator public_flat_rw */;
    reg        s_lo_ones_q, u_lo_ones_q;   // the low half is all ones

    wire inc_s = retire_i & retire_mode_i;
    wire inc_u = retire_i & ~retire_mode_i;

    // Low half all ones next cycle: it is now and stays, or it is one less
    // and counts.
    function automatic ones_next(input [31:0] lo, input inc);
        ones_next = (&lo[31:1]) & (lo[0] ^ inc);
    endfunction

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            instret_s_q <= 64'd0;
            instret_u_q <= 64'd0;
            s_lo_ones_q <= 1'b0;
            u_lo_ones_q <= 1'b0;
        end else begin
            instret_s_q[31:0] <= instret_s_q[31:0] + {31'd0, inc_s};
            instret_s_q[63:32] <= instret_s_q[63:32] + {31'd0, inc_s & s_lo_ones_q};
            instret_u_q[31:0] <= instret_u_q[31:0] + {31'd0, inc_u};
            instret_u_q[63:32] <= instret_u_q[63:32] + {31'd0, inc_u & u_lo_ones_q};
            s_lo_ones_q <= ones_next(instret_s_q[31:0], inc_s);
            u_lo_ones_q <= ones_next(instret_u_q[31:0], inc_u);
        end
    end

    assign instret_s_o = instret_s_q;
    assign instret_u_o = instret_u_q;
endmodule

`default_nettype wire
