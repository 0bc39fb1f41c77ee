// vm74_lc: one iCE40 logic cell's LUT and carry, for the few places that
// need them packed together in a way synthesis does not find by itself.
//
// The carry is co = majority(i1, i2, ci); the LUT sees i0 and the carry's
// own inputs, o = LUT[{ci, i2, i1, i0}].  nextpnr packs the LUT, the carry
// and a flip-flop whose D is o into one logic cell when the LUT's I1/I2 are
// the carry's inputs and its I3 is the carry-in, as here.  So a chain of
// these computes a carry and, in the same cells, any function of
// (i0, i1, i2, carry-in) per bit.  vm74_timer uses it to keep CMP's
// flip-flops in the cells of the carry chains that compare CMP (the LUT
// passes the store data, i0, to the flip-flop).  (Yosys itself folds a
// LUT that uses a sum into the sum's cell; what it does not do is put an
// unrelated register into a chain whose sums are unused.)
//
// Synthesis (SYNTHESIS is defined by yosys) gets SB_LUT4 and SB_CARRY;
// simulation and lint get the same function in plain Verilog.
`default_nettype none

module vm74_lc #(
    parameter [15:0] LUT = 16'h0000
) (
    input  wire i0,
    input  wire i1,
    input  wire i2,
    input  wire ci,
    output wire o,
    output wire co
);
`ifdef SYNTHESIS
    SB_LUT4 #(.LUT_INIT(LUT)) u_lut (.I0(i0), .I1(i1), .I2(i2), .I3(ci), .O(o));
    SB_CARRY u_carry (.I0(i1), .I1(i2), .CI(ci), .CO(co));
`else
    assign o = LUT[{ci, i2, i1, i0}];
    assign co = (i1 & i2) | (ci & (i1 | i2));
`endif
endmodule

`default_nettype wire
