// vm74_simctl: SIMCTL_EXIT.  A store ends the run with the stored code; the
// core issues nothing more (on the board the LEDs show the code).
`default_nettype none

module vm74_simctl (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        we_i,      // a SIMCTL_EXIT store (vm74_bus)
    input  wire [31:0] wdata_i,
    output wire        exit_o,
    output wire [31:0] code_o
);
    reg        exit_q;
    reg [31:0] code_q;

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            exit_q <= 1'b0;
            code_q <= 32'd0;
        end else if (we_i && !exit_q) begin
            exit_q <= 1'b1;
            code_q <= wdata_i;
        end
    end

    assign exit_o = exit_q;
    assign code_o = code_q;
endmodule

`default_nettype wire
