// Timing wrapper for vm74_mul (fpga/unit-timing.sh): operands and start
// from flip-flops, as from a core that registers them.
module unit_timing (input clk, input sin, input ld, output sout);
    reg [67:0] in_q;
    always @(posedge clk) in_q <= {in_q[66:0], sin};
    wire        done;
    wire [31:0] y;
    vm74_mul u (.clk_i(clk), .rst_ni(in_q[0]), .start_i(in_q[1] & ld), .funct3_i(in_q[3:2]),
                .a_i(in_q[35:4]), .b_i(in_q[67:36]), .done_o(done), .y_o(y));
    reg [32:0] o_q;
    always @(posedge clk) o_q <= {done, y};
    assign sout = ^o_q;
endmodule
