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
// the first one is the leading one (1, or 0 for a zero dividend).  k is one
// more than the top set bit of |a|.  So a division takes max(k, 1) steps
// plus two cycles for the result, which is registered (its sign's carry
// chain is not in front of the core's register file write): 3..34 cycles
// from start_i to done_o, as documented in docs/rtl.md.
//
// |a| is ready a cycle early: the operands must be steady in the cycle
// before start_i too (the core's X cycle, whose operands hold into its
// S_MULDIV), and a_q loads |a| in every cycle the unit is not stepping, so
// in start_i's cycle it holds this division's |a| and the leading-one
// search reads a flip-flop, not the register file's output.  (So start_i
// must not come while a division is stepping; the core waits for done_o.)
// -a = ~(a - 1), and a - 1's carry chain is the OR of the bits below: one
// logic cell per bit (the carry, and a LUT of a, na and the carry), where
// (a ^ na) + na would need a LUT in front of each carry for the XOR.
//
// The divisor is not negated: d_q holds b for a negative b and ~b otherwise,
// with carry-in 0 or 1, so {1, d_q} + cin is -|b| in 33 bits and the trial
// subtraction is an addition whose carry out says "it fits".
//
// The result's sign is one carry chain fed straight by r_q and q_q, one
// logic cell per bit with no result mux in front: y = (r + q + c0) ^ (REM ?
// q : r), whose carries must be those of negating the result or all 0.  For
// that the register the instruction does not want is made a constant by
// the end: REM holds q_q at {neg} (its carries are then the OR of the
// remainder's lower bits for neg, 0 otherwise), DIV clears r_q in its last
// step and keeps q_q as q ^ {neg} with c0 = neg (the carries are then the
// AND of ~q's lower bits, ~q + 1 = -q, or 0).
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
    reg  [31:0] a_q;            // |a|
    reg  [31:0] d_q;            // -|b| = {1, d_q} + cin_q
    reg  [31:0] r_q;            // partial remainder (DIV: 0 at the end)
    reg  [31:0] q_q;            // DIV: q ^ {neg}, bits shift in; REM: {neg}
    reg  [4:0]  idx_q;          // the dividend bit this step takes
    reg         xb_q;           // ... its value
    reg         cin_q, busy_q, last_q, done_q, neg_q, rem_q;
    reg  [31:0] y_q;

    wire        sgn = ~funct3_i[0];
    wire        na = sgn & a_i[31];
    wire        nb = sgn & b_i[31];
    wire        bz = (b_i == 32'd0);
    // a - 1 (a + ~0) inverted for a negative a, a as it is otherwise.
    wire [31:0] a_abs = (a_i + {32{na}}) ^ {32{na}};
    // The first step's index, the top set bit of |a| (0 if a = 0), by groups
    // (a few LUT levels): each 4-bit group's flag and position, the top group.
`ifdef SYNTHESIS   // simulation: at the end
    wire [7:0]  g_nz;
    wire [15:0] g_pos;                          // 2 bits per group
    genvar g;
    for (g = 0; g < 8; g = g + 1) begin : g_grp
        assign g_nz[g] = |a_q[4 * g +: 4];
        assign g_pos[2 * g +: 2] = {a_q[4 * g + 3] | a_q[4 * g + 2],
                                    a_q[4 * g + 3] | (~a_q[4 * g + 2] & a_q[4 * g + 1])};
    end
    wire [2:0]  top_g = g_nz[7] ? 3'd7 : g_nz[6] ? 3'd6 : g_nz[5] ? 3'd5 :
                        g_nz[4] ? 3'd4 : g_nz[3] ? 3'd3 : g_nz[2] ? 3'd2 :
                        g_nz[1] ? 3'd1 : 3'd0;
    wire [4:0]  idx0 = {top_g, g_pos[2 * top_g +: 2]};
`endif
    // One step: x = 2r + bit; it fits if t = x - |b| >= 0.  x < 2|b|, so
    // t is in [-|b|, |b|) and its 33-bit sign says it.
    wire [32:0] x = {r_q, xb_q};
    wire [32:0] t = x + {1'b1, d_q} + {32'd0, cin_q};
    wire        fits = ~t[32];
    wire [31:0] a_sh = {a_q[30:0], 1'b0};       // a_sh[j] = |a|[j - 1]

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

    // REM takes the dividend's sign, DIV the sign of the quotient.
    wire        neg = funct3_i[1] ? na : ((na ^ nb) & ~bz);
    wire        fin = busy_q & (idx_q == 5'd0) & ~rem_q;   // DIV's last step

    always @(posedge clk_i) begin
        if (start_i) begin
            d_q <= b_i ^ {32{~nb}};
            cin_q <= ~nb;
            idx_q <= idx0;
            xb_q <= |g_nz;                      // the leading one, if any
            neg_q <= neg;
            rem_q <= funct3_i[1];
        end else if (busy_q) begin
            xb_q <= a_sh[idx_q];                // the next step's bit
            idx_q <= idx_q - 5'd1;
        end
    end

    // The quotient register as the result's chain wants it (see the top).
    // A zero divisor's quotient is all ones above its k bits too (neg is 0).
    always @(posedge clk_i)
        if (start_i)
            q_q <= {32{neg | (bz & ~funct3_i[1])}};
        else if (busy_q & ~rem_q)
            q_q <= {q_q[30:0], fits ^ neg_q};

    always @(posedge clk_i)
        if (start_i | fin)
            r_q <= 32'd0;
        else if (busy_q)
            r_q <= fits ? t[31:0] : x[31:0];

    always @(posedge clk_i)
        if (!busy_q)
            a_q <= a_abs;

    // The signed result, in the cycle after the last step (see the top).
    wire [31:0] ys = r_q + q_q + {31'd0, neg_q & ~rem_q};
    always @(posedge clk_i)
        y_q <= ys ^ (rem_q ? q_q : r_q);
    assign y_o = y_q;
    assign done_o = done_q;
`ifndef SYNTHESIS
    // The same in simulation (after every line synthesis reads, which keep
    // their numbers and so the netlist), as one expression that the model
    // evaluates in start_i's cycle alone, where idx_q takes it: by groups,
    // every cycle, it was about a twentieth of the whole model's work.
    wire [7:0]  g_nz = {7'd0, |a_q};            // only their OR is used
    wire [4:0]  idx0 = (a_q == 32'd0) ? 5'd0 : 5'($clog2({1'b0, a_q} + 33'd1) - 1);
`endif
endmodule

`default_nettype wire
