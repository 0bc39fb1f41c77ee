// vm74_regfile: x0..x31 in block RAM: two synchronous read ports with a
// read enable, one write port.  A read issued at a clock edge returns the
// register as written by that same edge (write-first, by a bypass
// register), so the value is current in the cycle after the read; the
// outputs then hold until the next read, which lets the core use them for
// as long as its instruction executes.  x0 is never written; the core
// reads of x0 return 0 here (a flag beside the bypass, so that the output
// is one LUT after the block RAM), and the array's word 0 is not relied on.
`default_nettype none

module vm74_regfile (
    input  wire        clk_i,
    input  wire        re_i,
    input  wire [4:0]  ra_i,
    output wire [31:0] ra_o,
    input  wire [4:0]  rb_i,
    output wire [31:0] rb_o,
    input  wire        we_i,
    input  wire [4:0]  wa_i,
    input  wire [31:0] wd_i
);
    // The harness reads and writes the registers here while the core is idle.
    // no_rw_check: a read of the register written at the same edge is
    // answered by the bypass below, so what the block RAM returns then does
    // not matter; without it Yosys adds its own bypass (64 flip-flops and a
    // LUT level on every operand).
    (* no_rw_check *) reg [31:0] regs [0:31] /* verilator public_flat_rw */;
    reg [31:0] ra_q, rb_q, wd_q;
    reg        byp_a_q, byp_b_q, zero_a_q, zero_b_q;

    wire byp_a_d = we_i & (wa_i == ra_i);
    wire byp_b_d = we_i & (wa_i == rb_i);

    always @(posedge clk_i) begin
        if (we_i && wa_i != 5'd0)
            regs[wa_i] <= wd_i;
    end

    always @(posedge clk_i) begin
        if (re_i) begin
            ra_q <= regs[ra_i];
            rb_q <= regs[rb_i];
            wd_q <= wd_i;
            byp_a_q <= byp_a_d;
            byp_b_q <= byp_b_d;
            zero_a_q <= (ra_i == 5'd0);
            zero_b_q <= (rb_i == 5'd0);
        end
    end

    assign ra_o = zero_a_q ? 32'd0 : byp_a_q ? wd_q : ra_q;
    assign rb_o = zero_b_q ? 32'd0 : byp_b_q ? wd_q : rb_q;
endmodule

`default_nettype wire
