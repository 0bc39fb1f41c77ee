// vm74_div: DIV, DIVU, REM, REMU, one quotient bit per cycle.
//
// Restoring division on magnitudes; the sign is applied at the end, to the
// one result the instruction wants.
//
// Early out without a normalizer: a dividend of k significant bits needs only
// k steps (its leading zeros would only shift zeros into the quotient), so
// the steps take the dividend's bits from bit k-1 down to 0, one per cycle,
// read out of the unshifted |a| (a_q) by index.  The bit a step needs is
// fetched in the cycle before (xb_q), so the mux is not in the step's path;
// the first one is the leading one (1, or 0 for a zero dividend).  k comes
// from the operand itself: the top set bit of a, or for a negative a of
// y = ~a = |a| - 1, plus one when y is a run of ones (then |a| is a power of
// two, one bit longer).  So a division takes max(k, 1) steps plus two
// cycles for the result, which is registered (its sign's carry chain is not
// in front of the core's register file write): 3..34 cycles from start_i
// to done_o, as documented in docs/rtl.md.
//
// The divisor is not negated: d_q holds b for a negative b and ~b otherwise,
// with carry-in 0 or 1, so {1, d_q} + cin is -|b| in 33 bits and the trial
// subtraction is an addition whose carry out says "it fits".
//
// The leading one is searched a cycle early: the operands must be steady in
// the cycle before start_i too (the core's X cycle, whose operands hold
// into its S_MULDIV), and the search's first level is registered then, so
// that it is not behind the register file's output in one cycle.
//
// Division by zero: -|b| = 0, so every trial succeeds; the remainder ends as
// |a| (with a's sign: a, as docs/isa.md §4.1 asks) and the quotient register,
// loaded with all ones for a zero divisor, stays all ones (not negated).
// -2^31 / -1 needs no special case: |a| / 1 = 2^31, which read as a signed
// word is -2^31, with remainder 0.
`default_nettype none

module vm74_div (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        start_i,   // one-cycle pulse: latch the operands
    input  wire [1:0]  funct3_i,  // low bits of funct3: 00 DIV 01 DIVU 10 REM 11 REMU
    input  wire [31:0] a_i,       // a_i, b_i, funct3_i: steady from the cycle before start_i
    input  wire [31:0] b_i,
    output wire        done_o,    // one-cycle pulse: y_o is the result
    output wire [31:0] y_o
);
    reg  [31:1] a_q;            // |a| << 1 (bit 31 of |a| is only ever the leading one)
    reg  [31:0] d_q;            // -|b| = {1, d_q} + cin_q
    reg  [31:0] r_q;            // partial remainder
    reg  [31:0] q_q;            // quotient bits shift in
    reg  [4:0]  idx_q;          // the dividend bit this step takes
    reg         xb_q;           // ... its value
    reg         cin_q, busy_q, last_q, done_q, neg_q, rem_q;
    reg  [31:0] y_q;

    wire        sgn = ~funct3_i[0];
    wire        na = sgn & a_i[31];
    wire        nb = sgn & b_i[31];
    wire        bz = (b_i == 32'd0);
    wire [31:0] y = a_i ^ {32{na}};             // |a| - na
    wire [30:0] a_abs = y[30:0] + {30'd0, na};  // |a| but its bit 31
    // The first step's index: the top set bit of |a| (0 if a = 0).  top
    // is y's top set bit, found by groups so that it is a few LUT levels
    // deep: each 4-bit group's flag and position, registered a cycle
    // before start_i (in the flip-flops of the LUTs that make them), then
    // the top group.
    reg  [7:0]  g_nz;
    reg  [15:0] g_pos;                          // 2 bits per group
    reg         ones_run;
    integer g;
    always @(posedge clk_i) begin
        for (g = 0; g < 8; g = g + 1) begin
            g_nz[g] <= |y[4 * g +: 4];
            g_pos[2 * g +: 2] <= {y[4 * g + 3] | y[4 * g + 2],
                                  y[4 * g + 3] | (~y[4 * g + 2] & y[4 * g + 1])};
        end
        ones_run <= ((y[31:1] & ~y[30:0]) == 31'd0);
    end
    wire [2:0]  top_g = g_nz[7] ? 3'd7 : g_nz[6] ? 3'd6 : g_nz[5] ? 3'd5 :
                        g_nz[4] ? 3'd4 : g_nz[3] ? 3'd3 : g_nz[2] ? 3'd2 :
                        g_nz[1] ? 3'd1 : 3'd0;
    wire [4:0]  top = {top_g, g_pos[2 * top_g +: 2]};
    // For a negative a, one more when y is a (non-empty) run of ones: then
    // |a| = y + 1 is a power of two.  (y = 0, |a| = 1: top is 0 already.)
    wire        yz = ~|g_nz;
    wire [4:0]  idx0 = top + {4'd0, na & ones_run & ~yz};

    // One step: x = 2r + bit; it fits if t = x - |b| >= 0.  x < 2|b|, so
    // t is in [-|b|, |b|) and its 33-bit sign says it.
    wire [32:0] x = {r_q, xb_q};
    wire [32:0] t = x + {1'b1, d_q} + {32'd0, cin_q};
    wire        fits = ~t[32];
    wire [31:0] a_sh = {a_q, 1'b0};             // a_sh[j] = |a|[j - 1]

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            busy_q <= 1'b0;
            last_q <= 1'b0;
            done_q <= 1'b0;
        end else begin
            last_q <= busy_q & ~start_i & (idx_q == 5'd0);
            done_q <= last_q;
            if (start_i)
                busy_q <= 1'b1;
            else if (idx_q == 5'd0)
                busy_q <= 1'b0;
        end
    end

    always @(posedge clk_i) begin
        if (start_i) begin
            a_q <= a_abs;
            d_q <= b_i ^ {32{~nb}};
            cin_q <= ~nb;
            r_q <= 32'd0;
            q_q <= {32{bz}};
            idx_q <= idx0;
            xb_q <= ~yz | na;                   // the leading one, if any
            // REM takes the dividend's sign, DIV the sign of the quotient.
            neg_q <= funct3_i[1] ? na : ((na ^ nb) & ~bz);
            rem_q <= funct3_i[1];
        end else if (busy_q) begin
            r_q <= fits ? t[31:0] : x[31:0];
            q_q <= {q_q[30:0], fits};
            xb_q <= a_sh[idx_q];                // the next step's bit
            idx_q <= idx_q - 5'd1;
        end
    end

    wire [31:0] mag = rem_q ? r_q : q_q;
    always @(posedge clk_i)
        y_q <= (mag ^ {32{neg_q}}) + {31'd0, neg_q};
    assign y_o = y_q;
    assign done_o = done_q;
endmodule

`default_nettype wire
