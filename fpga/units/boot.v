// Timing wrapper for vm74_boot (fpga/unit-timing.sh), at 30 MHz's
// parameters.
module unit_timing (input clk, input sin, input ld, output sout);
    reg [1:0] in_q;
    always @(posedge clk) in_q <= {in_q[0], sin & ld};
    wire        sck, cs, mosi, ld_we, run, loading, bad, tx;
    wire [31:0] ld_addr, ld_wdata, entry;
    vm74_boot #(.RAM_BYTES(131072), .CLK_HZ(30000000)) u (
        .clk_i(clk), .rst_ni(in_q[0]), .flash_sck_o(sck), .flash_cs_no(cs),
        .flash_mosi_o(mosi), .flash_miso_i(in_q[1]), .ld_we_o(ld_we), .ld_addr_o(ld_addr),
        .ld_wdata_o(ld_wdata), .run_o(run), .entry_o(entry), .loading_o(loading),
        .bad_o(bad), .tx_o(tx));
    reg [103:0] o_q;
    always @(posedge clk) o_q <= {sck, cs, mosi, ld_we, run, loading, bad, tx, ld_addr,
                                  ld_wdata, entry};
    assign sout = ^o_q;
endmodule
