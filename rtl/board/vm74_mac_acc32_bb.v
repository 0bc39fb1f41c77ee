// VM74_MAC_ACC32: a 32-bit counter in one iCE40 UP5K DSP block, O <= LOAD ?
// INIT : O + CI (vm74_perf with DSP = 1).  The block itself, an SB_MAC16,
// is in fpga/vm74_mac_map.v: the board's Verilator models compile that file
// as the module, and fpga/yosys.sh uses it after synth_ice40 as the techmap
// rule that replaces this placeholder.  Synthesis sees only the black box
// below, because synth_ice40's DSP inference rewrites any SB_MAC16 it meets
// as a multiplier of its own.
`default_nettype none
`ifdef SYNTHESIS
(* blackbox *)
module VM74_MAC_ACC32 #(
    parameter [31:0] INIT = 32'd0
) (
    input  wire        CLK,
    input  wire        LOAD,
    input  wire        CI,
    output wire [31:0] O
);
endmodule
`endif
`default_nettype wire
