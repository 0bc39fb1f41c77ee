// vm74_perf: the performance counters INSTRET_S and INSTRET_U (docs/isa.md
// §6): retirements by the mode the instruction began in.  CYCLE is TIME
// (vm74_timer); vm74_bus reads all of them.
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

    // Each is one carry chain: the increment is its carry-in.
    always @(posedge clk_i) begin
        if (!rst_ni) begin
            instret_s_q <= 64'd0;
            instret_u_q <= 64'd0;
        end else begin
            instret_s_q <= instret_s_q + {63'd0, retire_i & retire_mode_i};
            instret_u_q <= instret_u_q + {63'd0, retire_i & ~retire_mode_i};
        end
    end

    assign instret_s_o = instret_s_q;
    assign instret_u_o = instret_u_q;
endmodule

`default_nettype wire
