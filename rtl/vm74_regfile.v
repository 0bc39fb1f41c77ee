// vm74_regfile: x1..x31, two asynchronous read ports, one write port.
// x0 reads as 0 and is never written.
`default_nettype none

module vm74_regfile (
    input  wire        clk_i,
    input  wire [4:0]  ra_i,
    output wire [31:0] ra_o,
    input  wire [4:0]  rb_i,
    output wire [31:0] rb_o,
    input  wire        we_i,
    input  wire [4:0]  wa_i,
    input  wire [31:0] wd_i
);
    // The harness reads and writes the registers here while the core is idle.
    reg [31:0] regs [0:31] /* verilator public_flat_rw */;

    always @(posedge clk_i) begin
        if (we_i && wa_i != 5'd0)
            regs[wa_i] <= wd_i;
    end

    assign ra_o = (ra_i == 5'd0) ? 32'd0 : regs[ra_i];
    assign rb_o = (rb_i == 5'd0) ? 32'd0 : regs[rb_i];
endmodule

`default_nettype wire
