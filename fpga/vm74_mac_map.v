// fpga/vm74_mac_map.v - VM74_MAC_ACC32 (vm74_perf with DSP = 1): a 32-bit
// counter in one iCE40 UP5K DSP block, an SB_MAC16, O <= LOAD ? INIT :
// O + CI.  Both 16-bit
// adders of the block make one 32-bit accumulator: the bottom one adds its
// own register (BOTADDSUB_UPPERINPUT 0), B = 0 and the carry-in CI
// (CARRYSELECT 3); the top one its own register, A = 0 and the bottom's
// carry (CARRYSELECT 2); both outputs registered (OUTPUT_SELECT 1).  OLOAD
// loads C:D = INIT, synchronously.
//
// The module for the board's Verilator models (with Yosys's cells_sim.v).
// fpga/yosys.sh reads it as a black box for synth_ice40 (whose DSP
// inference would rewrite any SB_MAC16 it meets as a multiplier of its
// own), then as the techmap rule that puts the SB_MAC16 in its place.
`default_nettype none
module VM74_MAC_ACC32 #(
    parameter [31:0] INIT = 32'd0
) (
    input  wire        CLK,
    input  wire        LOAD,
    input  wire        CI,
    output wire [31:0] O
);
    /* verilator lint_off PINCONNECTEMPTY */
    SB_MAC16 #(
        .NEG_TRIGGER              (1'b0),
        .C_REG                    (1'b0),
        .A_REG                    (1'b0),
        .B_REG                    (1'b0),
        .D_REG                    (1'b0),
        .TOP_8x8_MULT_REG         (1'b0),
        .BOT_8x8_MULT_REG         (1'b0),
        .PIPELINE_16x16_MULT_REG1 (1'b0),
        .PIPELINE_16x16_MULT_REG2 (1'b0),
        .TOPOUTPUT_SELECT         (2'b01),
        .TOPADDSUB_LOWERINPUT     (2'b00),
        .TOPADDSUB_UPPERINPUT     (1'b0),
        .TOPADDSUB_CARRYSELECT    (2'b10),
        .BOTOUTPUT_SELECT         (2'b01),
        .BOTADDSUB_LOWERINPUT     (2'b00),
        .BOTADDSUB_UPPERINPUT     (1'b0),
        .BOTADDSUB_CARRYSELECT    (2'b11),
        .MODE_8x8                 (1'b0),
        .A_SIGNED                 (1'b0),
        .B_SIGNED                 (1'b0)
    ) _TECHMAP_REPLACE_ (
        .CLK        (CLK),
        .CE         (1'b1),
        .C          (INIT[31:16]),
        .A          (16'd0),
        .B          (16'd0),
        .D          (INIT[15:0]),
        .AHOLD      (1'b0),
        .BHOLD      (1'b0),
        .CHOLD      (1'b0),
        .DHOLD      (1'b0),
        .IRSTTOP    (1'b0),
        .IRSTBOT    (1'b0),
        .ORSTTOP    (1'b0),
        .ORSTBOT    (1'b0),
        .OLOADTOP   (LOAD),
        .OLOADBOT   (LOAD),
        .ADDSUBTOP  (1'b0),
        .ADDSUBBOT  (1'b0),
        .OHOLDTOP   (1'b0),
        .OHOLDBOT   (1'b0),
        .CI         (CI),
        .ACCUMCI    (1'b0),
        .SIGNEXTIN  (1'b0),
        .O          (O),
        .CO         (),
        .ACCUMCO    (),
        .SIGNEXTOUT ()
    );
    /* verilator lint_on PINCONNECTEMPTY */
endmodule
`default_nettype wire
