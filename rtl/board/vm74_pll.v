// vm74_pll: the design clock from the board's 12 MHz oscillator pin.
//
// USE_PLL = 1: the UP5K's PLL (SB_PLL40_PAD, simple feedback) with the
// dividers that `icepll -i 12 -o MHZ` computes (fpga/fpga.mk passes them):
//   F_out = 12 MHz * (DIVF + 1) / ((DIVR + 1) * 2^DIVQ)
// USE_PLL = 0: the pin clock itself (12 MHz), or with DIV2 = 1 half of it
// (6 MHz: a toggle flip-flop on a global buffer, for a core slower than the
// PLL's 16 MHz minimum); lock_o = 1.  The Verilator board testbench of the
// RTL uses the pin clock (USE_PLL = 0, DIV2 = 0).
`default_nettype none

module vm74_pll #(
    parameter USE_PLL = 1,
    parameter DIV2 = 0,              // USE_PLL = 0 only: pin clock / 2
    parameter [3:0] DIVR = 4'd0,
    parameter [6:0] DIVF = 7'd47,
    parameter [2:0] DIVQ = 3'd5,
    parameter [2:0] FILTER_RANGE = 3'd1
) (
    input  wire pin_clk_i,
    output wire clk_o,
    output wire lock_o
);
    generate
        if (USE_PLL != 0) begin : g_pll
            /* verilator lint_off PINCONNECTEMPTY */
            SB_PLL40_PAD #(
                .FEEDBACK_PATH ("SIMPLE"),
                .DIVR          (DIVR),
                .DIVF          (DIVF),
                .DIVQ          (DIVQ),
                .FILTER_RANGE  (FILTER_RANGE)
            ) u_pll (
                .PACKAGEPIN      (pin_clk_i),
                .PLLOUTCORE      (),
                .PLLOUTGLOBAL    (clk_o),
                .EXTFEEDBACK     (1'b0),
                .DYNAMICDELAY    (8'd0),
                .LOCK            (lock_o),
                .BYPASS          (1'b0),
                .RESETB          (1'b1),
                .LATCHINPUTVALUE (1'b0),
                .SDO             (),
                .SDI             (1'b0),
                .SCLK            (1'b0)
            );
            /* verilator lint_on PINCONNECTEMPTY */
        end else if (DIV2 != 0) begin : g_div2
            reg half_q = 1'b0;
            always @(posedge pin_clk_i)
                half_q <= ~half_q;
            SB_GB u_gb (
                .USER_SIGNAL_TO_GLOBAL_BUFFER (half_q),
                .GLOBAL_BUFFER_OUTPUT         (clk_o)
            );
            assign lock_o = 1'b1;
        end else begin : g_pin
            assign clk_o = pin_clk_i;
            assign lock_o = 1'b1;
        end
    endgenerate
endmodule

`default_nettype wire
