// vm74_timer: the 64-bit TIME counter (one per clock) and CMP (docs/isa.md
// §6, §7).  The interrupt is pending while TIME >= CMP.
//
// pending_o and disarmed_o come straight from flip-flops, and are exact: in
// every cycle pending_o = (TIME >= CMP) and disarmed_o = (CMP = 2^64 - 1) of
// that cycle's TIME and CMP, including the cycle right after a CMP store
// and the wrap of TIME.  Each is computed a cycle ahead from the next
// cycle's values:
//
//   TIME' = TIME + 1 (mod 2^64), kept ready as a register: vn_q = ~TIME'.
//   CMP'  = CMP, or with one half replaced by the stored word w.
//   pending' = TIME' >= CMP' = gt_hi | (eq_hi & ge_lo), over the halves:
//     ge_lo = TIME'.lo >= CMP'.lo, gt_hi = TIME'.hi > CMP'.hi,
//     eq_hi = TIME'.hi == CMP'.hi.
//
// The comparisons are additions of vn_q (TIME' inverted) to CMP's halves
// and to w (a carry out means CMP or w is the larger), with no inverter in
// front of a carry chain.  Each half is compared with CMP and with w in
// parallel, and the store strobes only choose among the results, so a
// store's path to the flip-flops is short.  vn_q is recomputed from
// time_q every cycle, as two 32-bit halves: the carry into the high half
// (the low half of time_q + 2 overflows) is a flag registered a cycle
// ahead.  So a backdoor write of time_q (docs/rtl.md) is followed exactly
// from the third clock edge on.
`default_nettype none

module vm74_timer (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        cmp_lo_we_i,  // a CMP_LO store this cycle
    input  wire        cmp_hi_we_i,  // a CMP_HI store this cycle
    input  wire [31:0] wdata_i,
    output wire [63:0] time_o,
    output wire [63:0] cmp_o,
    output wire        pending_o,    // TIME >= CMP
    output wire        disarmed_o    // CMP = 2^64 - 1
);
    // Backdoor: the harness may read these while the core is idle.
    reg [63:0] time_q /* verilator public_flat_rw */;
    reg [63:0] cmp_q  /* verilator public_flat_rw */;
    reg [63:0] vn_q /* verilator public_flat_rw */;  // ~(time_q + 1)
    reg        vc_q /* verilator public_flat_rw */;  // time_q[31:1] all ones
    reg        pending_q, disarmed_q;

    wire [31:0] w = wdata_i;
    wire [31:0] c_lo = cmp_q[31:0], c_hi = cmp_q[63:32];
    wire [31:0] vn_lo = vn_q[31:0], vn_hi = vn_q[63:32];

    // Four carry chains of logic cells (vm74_lc), x + vn + ci: x + ~v
    // carries iff x > v, x + ~v + 1 iff x >= v.  Two compare CMP's halves
    // with TIME', two the store data; their LUTs carry registers for free:
    // in the CMP chains they pass the store data to CMP's flip-flops, in the
    // store-data chains they give ~vn = TIME', the next TIME, to TIME's
    // flip-flops (under synthesis; in simulation TIME counts itself, so
    // that a backdoor write of time_q alone is followed).
    wire [31:0] cmp_lo_d, cmp_hi_d;
    /* verilator lint_off UNUSEDSIGNAL */   // used under synthesis only
    wire [31:0] time_lo_d, time_hi_d;
    /* verilator lint_on UNUSEDSIGNAL */
`ifdef SYNTHESIS
    wire        c_lo_gt, c_hi_ge, w_lo_gt, w_hi_ge;
    wire [32:0] cy_lo, cy_hi, cy_wlo, cy_whi;
    assign cy_lo[0] = 1'b0;
    assign cy_hi[0] = 1'b1;
    assign cy_wlo[0] = 1'b0;
    assign cy_whi[0] = 1'b1;
    genvar i;
    generate
        for (i = 0; i < 32; i = i + 1) begin : g_cmp
            // o = i0: the store data
            vm74_lc #(.LUT(16'haaaa)) u_lo (
                .i0 (w[i]), .i1 (c_lo[i]), .i2 (vn_lo[i]), .ci (cy_lo[i]),
                .o (cmp_lo_d[i]), .co (cy_lo[i + 1]));
            vm74_lc #(.LUT(16'haaaa)) u_hi (
                .i0 (w[i]), .i1 (c_hi[i]), .i2 (vn_hi[i]), .ci (cy_hi[i]),
                .o (cmp_hi_d[i]), .co (cy_hi[i + 1]));
            // o = ~i2: TIME'
            vm74_lc #(.LUT(16'h0f0f)) u_wlo (
                .i0 (1'b0), .i1 (w[i]), .i2 (vn_lo[i]), .ci (cy_wlo[i]),
                .o (time_lo_d[i]), .co (cy_wlo[i + 1]));
            vm74_lc #(.LUT(16'h0f0f)) u_whi (
                .i0 (1'b0), .i1 (w[i]), .i2 (vn_hi[i]), .ci (cy_whi[i]),
                .o (time_hi_d[i]), .co (cy_whi[i + 1]));
        end
    endgenerate
    assign c_lo_gt = cy_lo[32];
    assign c_hi_ge = cy_hi[32];
    assign w_lo_gt = cy_wlo[32];
    assign w_hi_ge = cy_whi[32];
`else
    // TIME' >= CMP' as one 64-bit compare (the carries above say the same,
    // a word at a time), and CMP' and TIME' as they are: Verilator would
    // evaluate a chain of vm74_lc cells one cell at a time, every cycle,
    // which made the whole SoC model about five times slower, and the
    // carries' AND-OR every cycle too.  timer_ice40-tb checks the cells.
    // (The synthesized lines keep their numbers, and so the netlist.)
    wire [63:0] cmp_n = {cmp_hi_we_i ? w : c_hi, cmp_lo_we_i ? w : c_lo};
    wire        pending_d = (~vn_q >= cmp_n);
    assign cmp_lo_d = w;
    assign cmp_hi_d = w;
    assign time_lo_d = ~vn_lo;
    assign time_hi_d = ~vn_hi;

`endif
`ifdef SYNTHESIS   // simulation: pending_d above
    wire        eq_hi_w = (w == ~vn_hi);
    wire        eq_hi_c = (c_hi == ~vn_hi);

    // CMP' and its halves' results, as the strobes choose.
    wire        ge_lo = cmp_lo_we_i ? ~w_lo_gt : ~c_lo_gt;
    wire        gt_hi = cmp_hi_we_i ? ~w_hi_ge : ~c_hi_ge;
    wire        eq_hi = cmp_hi_we_i ? eq_hi_w : eq_hi_c;
    wire        pending_d = gt_hi | (eq_hi & ge_lo);
`endif
    // CMP = 2^64 - 1 next cycle.  Under synthesis each half's "all ones"
    // is a flag set by its stores (CMP changes only by stores); in
    // simulation it is read off cmp_q, so that a backdoor write of cmp_q is
    // followed.
    wire        w_ones = &w;
`ifdef SYNTHESIS
    reg         lo_ones_q, hi_ones_q;
    always @(posedge clk_i) begin
        if (!rst_ni) begin
            lo_ones_q <= 1'b1;
            hi_ones_q <= 1'b1;
        end else begin
            if (cmp_lo_we_i) lo_ones_q <= w_ones;
            if (cmp_hi_we_i) hi_ones_q <= w_ones;
        end
    end
    wire        lo_ones = lo_ones_q, hi_ones = hi_ones_q;
`else
    wire        lo_ones = &c_lo, hi_ones = &c_hi;
`endif
    wire        disarmed_d = (cmp_lo_we_i ? w_ones : lo_ones) &
                             (cmp_hi_we_i ? w_ones : hi_ones);

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            time_q <= 64'd0;
            vn_q <= ~64'd1;
            vc_q <= 1'b0;
            cmp_q <= ~64'd0;
            pending_q <= 1'b0;
            disarmed_q <= 1'b1;
        end else begin
`ifdef SYNTHESIS
            time_q <= {time_hi_d, time_lo_d};
`else
            time_q <= time_q + 64'd1;
`endif
            vn_q[31:0] <= ~(time_q[31:0] + 32'd2);
            vn_q[63:32] <= ~(time_q[63:32] + {31'd0, vc_q});
            // Next cycle's time_q[31:1] all ones: time_q[31:0] + 1 is
            // 0xffff_fffe or 0xffff_ffff.
            vc_q <= (&time_q[31:2]) & (time_q[1] ^ time_q[0]);
            if (cmp_lo_we_i)
                cmp_q[31:0] <= cmp_lo_d;
            if (cmp_hi_we_i)
                cmp_q[63:32] <= cmp_hi_d;
            pending_q <= pending_d;
            disarmed_q <= disarmed_d;
        end
    end

    assign time_o = time_q;
    assign cmp_o = cmp_q;
    assign pending_o = pending_q;
    assign disarmed_o = disarmed_q;
endmodule

`default_nettype wire
