// Timing wrapper for vm74_timer (fpga/unit-timing.sh): every input from a
// flip-flop (a serial chain), every output into one, so that nextpnr times
// the unit's own register-to-register paths.
module unit_timing (input clk, input sin, input ld, output sout);
    reg [33:0] in_q;
    reg [33:0] st_q;
    always @(posedge clk) begin
        in_q <= {in_q[32:0], sin};
        st_q <= ld ? in_q : 34'd0;
    end
    wire [63:0] t, c;
    wire        pend, dis;
    vm74_timer u (.clk_i(clk), .rst_ni(in_q[0]), .cmp_lo_we_i(st_q[32]),
                  .cmp_hi_we_i(st_q[33]), .wdata_i(st_q[31:0]), .time_o(t),
                  .cmp_o(c), .pending_o(pend), .disarmed_o(dis));
    reg [129:0] o_q;
    always @(posedge clk) o_q <= {pend, dis, t, c};
    assign sout = ^o_q;
endmodule
