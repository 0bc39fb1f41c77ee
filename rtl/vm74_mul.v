// vm74_mul: MUL, MULH, MULHSU, MULHU.  MUL's done_o comes one cycle after
// start_i (two cycles, start_i's included), the others' two cycles after.
//
// One 32x32 unsigned product (Yosys splits it into four 16x16 SB_MAC16 on
// iCE40) and the usual corrections for signed operands:
//   signed(a) = a - 2^32*a[31], so the high word of a signed product is
//   hi(a*b) - (a[31] ? b : 0) - (b[31] ? a : 0) (mod 2^32).
// MUL's low word needs no correction: it is the registered product's.
// The operands come from the core's registers and stay put until done_o.
// Each step has a register behind it so that no cycle holds more than one
// carry chain or the DSP blocks:
//   start_i   product; the correction fix = fix_a + fix_b beside it
//   +1        MUL: done_o with the product's low word; else the high word
//   +2        MULH*: done_o with y_o
`default_nettype none

module vm74_mul (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        start_i,   // one-cycle pulse: the operands are valid
    input  wire [1:0]  funct3_i,  // low two bits of MUL* funct3
    input  wire [31:0] a_i,
    input  wire [31:0] b_i,
    output wire        done_o,    // one-cycle pulse: y_o is the result
    output wire [31:0] y_o
);
    reg  [31:0] fix_q, y_q;
    reg  [63:0] prod_q;
    reg  [1:0]  busy_q;          // product, result
    // Which of the two: MUL (funct3 0) at start_i, a cycle later, so that
    // done_o and y_o read flip-flops only, not the (then changing) funct3_i.
    reg         lo_q, lo2_q;

    wire [31:0] fix_a = (funct3_i != 2'b11 && a_i[31]) ? b_i : 32'd0; // a signed
    wire [31:0] fix_b = (funct3_i == 2'b01 && b_i[31]) ? a_i : 32'd0; // b signed

    always @(posedge clk_i) begin
        prod_q <= a_i * b_i;
        fix_q <= fix_a + fix_b;
        y_q <= prod_q[63:32] - fix_q;
        lo_q <= start_i & (funct3_i == 2'b00);
        lo2_q <= lo_q;
    end

    always @(posedge clk_i) begin
        if (!rst_ni)
            busy_q <= 2'd0;
        else
            busy_q <= {busy_q[0], start_i};
    end

    assign done_o = (busy_q[0] & lo_q) | (busy_q[1] & ~lo2_q);
    assign y_o = lo_q ? prod_q[31:0] : y_q;
endmodule

`default_nettype wire
