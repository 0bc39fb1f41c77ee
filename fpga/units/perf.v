// Timing wrapper for vm74_perf (fpga/unit-timing.sh).
module unit_timing (input clk, input sin, input ld, output sout);
    reg [3:0] in_q;
    always @(posedge clk) in_q <= {in_q[2:0], sin};
    wire [63:0] s, u;
    vm74_perf up (.clk_i(clk), .rst_ni(in_q[0]), .retire_i(in_q[1] & ld),
                  .retire_mode_i(in_q[2]), .instret_s_o(s), .instret_u_o(u));
    reg [127:0] o_q;
    always @(posedge clk) o_q <= {s, u};
    assign sout = ^o_q;
endmodule
