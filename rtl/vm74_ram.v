// vm74_ram: the RAM, one port, synchronous read, byte-enable write.
//
// A behavioural array here; the board build swaps this module for one made
// of SB_SPRAM256KA blocks (same ports, same one-cycle read latency).
`default_nettype none

module vm74_ram #(
    parameter RAM_BYTES = 1048576
) (
    input  wire        clk_i,
    input  wire        req_i,
    input  wire        we_i,
    input  wire [3:0]  be_i,
    input  wire [31:0] addr_i,   // byte address; bits 1:0 ignored
    input  wire [31:0] wdata_i,
    output wire [31:0] rdata_o
);
    localparam WORDS = RAM_BYTES / 4;
    localparam AW = $clog2(WORDS);

    // The harness loads programs and reads memory here while the core is idle.
    reg [31:0] mem [0:WORDS-1] /* verilator public_flat_rw */;
    reg [31:0] rdata_q;

    wire [AW-1:0] idx = addr_i[AW+1:2];

    always @(posedge clk_i) begin
        if (req_i && we_i) begin
            if (be_i[0]) mem[idx][7:0] <= wdata_i[7:0];
            if (be_i[1]) mem[idx][15:8] <= wdata_i[15:8];
            if (be_i[2]) mem[idx][23:16] <= wdata_i[23:16];
            if (be_i[3]) mem[idx][31:24] <= wdata_i[31:24];
        end
    end

    always @(posedge clk_i) begin
        if (req_i && !we_i)
            rdata_q <= mem[idx];
    end

    assign rdata_o = rdata_q;
endmodule

`default_nettype wire
