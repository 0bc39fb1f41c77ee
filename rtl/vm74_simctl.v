// vm74_simctl: SIMCTL_EXIT.  A store ends the run with the stored code; the
// core issues nothing more (on the board the LEDs show the code).
// FULL_CODE = 0 keeps only whether the code was zero (code_o = 1 for a
// non-zero code): what the board's LEDs show.
`default_nettype none

module vm74_simctl #(
    parameter FULL_CODE = 1
) (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        we_i,      // a SIMCTL_EXIT store (vm74_bus)
    input  wire [31:0] wdata_i,
    output wire        exit_o,
    output wire [31:0] code_o
);
    localparam CW = FULL_CODE ? 32 : 1;
    reg          exit_q;
    reg [CW-1:0] code_q;

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            exit_q <= 1'b0;
            code_q <= {CW{1'b0}};
        end else if (we_i && !exit_q) begin
            exit_q <= 1'b1;
            code_q <= FULL_CODE ? wdata_i[CW-1:0] : {{(CW - 1){1'b0}}, wdata_i != 32'd0};
        end
    end

    assign exit_o = exit_q;
    assign code_o = {{(32 - CW){1'b0}}, code_q};
endmodule

`default_nettype wire
