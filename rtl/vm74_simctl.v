// vm74_simctl: SIMCTL_EXIT.  A store ends the run with the stored code; the
// core issues nothing more (on the board the LEDs show the code).
`default_nettype none
`include "vm74_arch.vh"

module vm74_simctl (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        sel_i,
    input  wire        we_i,
    input  wire [31:0] addr_i,
    input  wire [31:0] wdata_i,
    output wire        exit_o,
    output wire [31:0] code_o
);
    reg        exit_q, exit_d;
    reg [31:0] code_q, code_d;

    always @(*) begin
        exit_d = exit_q;
        code_d = code_q;
        if (sel_i && we_i && addr_i == `VM74_SIMCTL_EXIT && !exit_q) begin
            exit_d = 1'b1;
            code_d = wdata_i;
        end
    end

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            exit_q <= 1'b0;
            code_q <= 32'd0;
        end else begin
            exit_q <= exit_d;
            code_q <= code_d;
        end
    end

    assign exit_o = exit_q;
    assign code_o = code_q;
endmodule

`default_nettype wire
