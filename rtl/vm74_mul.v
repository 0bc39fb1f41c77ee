// vm74_mul: MUL, MULH, MULHSU, MULHU in one cycle.
//
// One 32x32 unsigned product (Yosys splits it into four 16x16 SB_MAC16 on
// iCE40) and the usual corrections for signed operands:
//   signed(a) = a - 2^32*a[31], so the high word of a signed product is
//   hi(a*b) - (a[31] ? b : 0) - (b[31] ? a : 0) (mod 2^32).
`default_nettype none

module vm74_mul (
    input  wire [1:0]  funct3_i, // low two bits of MUL* funct3
    input  wire [31:0] a_i,
    input  wire [31:0] b_i,
    output reg  [31:0] y_o
);
    wire [63:0] prod = a_i * b_i;
    wire [31:0] fix_a = a_i[31] ? b_i : 32'd0; // a signed
    wire [31:0] fix_b = b_i[31] ? a_i : 32'd0; // b signed

    always @(*) begin
        case (funct3_i)
            2'b00:   y_o = prod[31:0];                        // MUL
            2'b01:   y_o = prod[63:32] - fix_a - fix_b;       // MULH
            2'b10:   y_o = prod[63:32] - fix_a;               // MULHSU
            2'b11:   y_o = prod[63:32];                       // MULHU
            default: y_o = 32'd0;
        endcase
    end
endmodule

`default_nettype wire
