// Timing wrapper for vm74_bus (fpga/unit-timing.sh): the request and the
// device state from flip-flops.
module unit_timing (input clk, input sin, input ld, output sout);
    reg [301:0] in_q;
    always @(posedge clk) in_q <= {in_q[300:0], sin & ld};
    wire [31:0] rd;
    wire        ram_req, txwe, rxpop, clwe, chwe, exwe;
    vm74_bus u (.clk_i(clk), .rst_ni(in_q[0]), .req_i(in_q[1]), .we_i(in_q[2]),
                .commit_i(in_q[301]),
                .addr_i(in_q[34:3]), .daddr_i(in_q[34:3]), .dev_we_i(in_q[2] & in_q[1] & in_q[31]),
                .dev_waddr_i(in_q[34:3]), .rdata_o(rd), .ram_req_o(ram_req),
                .ram_rdata_i(in_q[66:35]), .uart_tx_we_o(txwe), .uart_rx_pop_o(rxpop),
                .cmp_lo_we_o(clwe), .cmp_hi_we_o(chwe), .exit_we_o(exwe),
                .uart_rx_valid_i(in_q[67]), .uart_rx_byte_i(in_q[75:68]),
                .uart_tx_ready_i(in_q[76]), .time_i(in_q[140:77]), .cmp_i(in_q[204:141]),
                .instret_s_i(in_q[268:205]), .instret_u_i({in_q[300:269], in_q[31:0]}));
    reg [37:0] o_q;
    always @(posedge clk) o_q <= {rd, ram_req, txwe, rxpop, clwe, chwe, exwe};
    assign sout = ^o_q;
endmodule
