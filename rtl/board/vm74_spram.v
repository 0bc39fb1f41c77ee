// vm74_spram: the board RAM, the UP5K's SPRAM (SB_SPRAM256KA, 16K x 16).
//
// The same ports and the same one-cycle read latency as rtl/vm74_ram.v, so
// the board SoC uses it in its place.  Two SPRAMs side by side make one
// 16K x 32 bank (64 KiB); RAM_BYTES = 131072 uses two banks (all four
// SPRAMs), selected by word-index bit 14.  A 4-bit MASKWREN masks nibbles:
// byte enable n drives nibbles 2n and 2n+1 of its halfword.
//
// The SPRAMs are always selected: a read has no effect, so every cycle
// that does not write reads (the core uses read data only in the cycle
// after a read it asked for).  So the chip select is a constant, and no
// request logic sits in front of the SPRAMs' CHIPSELECT; a write's strobe
// comes from registers (the core's store and trap writes).  Unlike
// rtl/vm74_ram.v, rdata_o is therefore not held after a read.
//
// we_i writes (it implies req_i: vm74_soc); req_i is not used here.
`default_nettype none

module vm74_spram #(
    parameter RAM_BYTES = 131072   // 65536 (one bank) or 131072 (two)
) (
    input  wire        clk_i,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire        req_i,      // same ports as vm74_ram; unused (above)
    /* verilator lint_on UNUSEDSIGNAL */
    input  wire        we_i,
    input  wire [3:0]  be_i,
    input  wire [31:0] addr_i,     // byte address; bits 1:0 ignored
    input  wire        wbank_i,    // a write's addr_i[16], from registers
    input  wire [31:0] wdata_i,
    output wire [31:0] rdata_o
);
    localparam BANKS = RAM_BYTES / 65536;

    wire [13:0] row = addr_i[15:2];
    wire [7:0]  nib_we = {be_i[3], be_i[3], be_i[2], be_i[2],
                          be_i[1], be_i[1], be_i[0], be_i[0]};
    wire [31:0] bank_rdata [0:1];

    genvar b, h;
    generate
        if (BANKS != 1 && BANKS != 2) begin : g_bad_size
            // Elaboration stops here: the UP5K has 128 KiB of SPRAM.
            vm74_spram_needs_64k_or_128k u_stop ();
        end
        for (b = 0; b < BANKS; b = b + 1) begin : g_bank
            wire wr = we_i & (BANKS == 1 || wbank_i == b[0]);
            for (h = 0; h < 2; h = h + 1) begin : g_half   // bits 15:0, 31:16
                SB_SPRAM256KA u_ram (
                    .ADDRESS    (row),
                    .DATAIN     (wdata_i[16 * h +: 16]),
                    .MASKWREN   (nib_we[4 * h +: 4]),
                    .WREN       (wr),
                    .CHIPSELECT (1'b1),
                    .CLOCK      (clk_i),
                    .STANDBY    (1'b0),
                    .SLEEP      (1'b0),
                    .POWEROFF   (1'b1),
                    .DATAOUT    (bank_rdata[b][16 * h +: 16])
                );
            end
        end
        if (BANKS == 1) begin : g_one
            assign bank_rdata[1] = 32'd0;
        end
    endgenerate

    // Which bank answered the last read.
    reg bank_q;
    always @(posedge clk_i) begin
        if (!we_i)
            bank_q <= (BANKS == 2) & addr_i[16];
    end

    assign rdata_o = bank_q ? bank_rdata[1] : bank_rdata[0];
endmodule

`default_nettype wire
