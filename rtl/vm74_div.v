// vm74_div: DIV, DIVU, REM, REMU, one quotient bit per cycle.
//
// Restoring division on magnitudes; the sign is applied at the end, to the
// one result the instruction wants.
// Early out: the dividend's leading zero bits would only shift zeros into
// the quotient, so they are skipped: a dividend of k significant bits takes
// max(k, 1) cycles plus one for the result (2..33).
// Division by zero needs no extra state: with a zero divisor every trial
// subtraction succeeds, so the remainder ends as |a| (with a's sign: a, as
// docs/isa.md §4.1 asks) and only the quotient is forced to all ones.
// -2^31 / -1 needs no special case: |a| / 1 = 2^31, which read as a signed
// word is -2^31, with remainder 0.
`default_nettype none

module vm74_div (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        start_i,   // one-cycle pulse: latch the operands
    input  wire [1:0]  funct3_i,  // low bits of funct3: 00 DIV 01 DIVU 10 REM 11 REMU
    input  wire [31:0] a_i,
    input  wire [31:0] b_i,
    output wire        done_o,    // one-cycle pulse: y_o is the result
    output wire [31:0] y_o
);
    reg  [31:0] quo_q, quo_d;   // dividend shifting out, quotient shifting in
    reg  [31:0] rem_q, rem_d;
    reg  [31:0] den_q, den_d;
    reg  [5:0]  cnt_q, cnt_d;   // bits left; 0 = idle
    reg         neg_q, neg_d, rem_sel_q, rem_sel_d, zero_q, zero_d;
    reg         done_q, done_d;

    wire        sgn = ~funct3_i[0];
    wire [31:0] a_abs = (sgn & a_i[31]) ? (32'd0 - a_i) : a_i;
    wire [31:0] b_abs = (sgn & b_i[31]) ? (32'd0 - b_i) : b_i;

    // Normalize |a|: shift out its leading zeros in five binary steps;
    // lz counts them (32 if a = 0).
    wire        z16 = (a_abs[31:16] == 16'd0);
    wire [31:0] n16 = z16 ? {a_abs[15:0], 16'd0} : a_abs;
    wire        z8 = (n16[31:24] == 8'd0);
    wire [31:0] n8 = z8 ? {n16[23:0], 8'd0} : n16;
    wire        z4 = (n8[31:28] == 4'd0);
    wire [31:0] n4 = z4 ? {n8[27:0], 4'd0} : n8;
    wire        z2 = (n4[31:30] == 2'd0);
    wire [31:0] n2 = z2 ? {n4[29:0], 2'd0} : n4;
    wire        z1 = ~n2[31];
    wire [31:0] a_norm = z1 ? {n2[30:0], 1'b0} : n2;
    wire [5:0]  lz = {1'b0, z16, z8, z4, z2, z1} + {5'd0, ~a_norm[31]};
    wire [5:0]  bits = (lz == 6'd32) ? 6'd1 : (6'd32 - lz);

    wire [32:0] trial = {rem_q, quo_q[31]} - {1'b0, den_q};

    always @(*) begin
        quo_d = quo_q; rem_d = rem_q; den_d = den_q; cnt_d = cnt_q;
        neg_d = neg_q; rem_sel_d = rem_sel_q; zero_d = zero_q;
        done_d = 1'b0;
        if (start_i) begin
            quo_d = a_norm;
            rem_d = 32'd0;
            den_d = b_abs;
            cnt_d = bits;
            // REM takes the dividend's sign, DIV the sign of the quotient.
            neg_d = sgn & (funct3_i[1] ? a_i[31] : (a_i[31] ^ b_i[31]));
            rem_sel_d = funct3_i[1];
            zero_d = (b_i == 32'd0);
        end else if (cnt_q != 6'd0) begin
            if (!trial[32]) begin
                rem_d = trial[31:0];
                quo_d = {quo_q[30:0], 1'b1};
            end else begin
                rem_d = {rem_q[30:0], quo_q[31]};
                quo_d = {quo_q[30:0], 1'b0};
            end
            cnt_d = cnt_q - 6'd1;
            done_d = (cnt_q == 6'd1);
        end
    end

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            quo_q <= 32'd0; rem_q <= 32'd0; den_q <= 32'd0; cnt_q <= 6'd0;
            neg_q <= 1'b0; rem_sel_q <= 1'b0; zero_q <= 1'b0;
            done_q <= 1'b0;
        end else begin
            quo_q <= quo_d; rem_q <= rem_d; den_q <= den_d; cnt_q <= cnt_d;
            neg_q <= neg_d; rem_sel_q <= rem_sel_d; zero_q <= zero_d;
            done_q <= done_d;
        end
    end

    wire [31:0] mag = rem_sel_q ? rem_q : quo_q;
    wire [31:0] res = neg_q ? (32'd0 - mag) : mag;
    assign done_o = done_q;
    assign y_o = (zero_q & ~rem_sel_q) ? 32'hffff_ffff : res;
endmodule

`default_nettype wire
