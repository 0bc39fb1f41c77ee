// vm74_uart: the console UART (docs/isa.md §6).  vm74_bus decodes its
// registers and reads RXDATA/STATUS from rx_valid_o, rx_byte_o, tx_ready_o.
//
// SIM_CONSOLE = 1: the simulation fast path.  TX is always ready and every
//   TXDATA write is a one-cycle pulse on con_tx_valid_o; the host offers a
//   byte on con_rx_*, and an RXDATA load that takes it pulses con_rx_pop_o.
// SIM_CONSOLE = 0: a real 8N1 serial port (vm74_uart_tx, vm74_uart_rx) at
//   BAUD on uart_tx_o / uart_rx_i.
`default_nettype none

module vm74_uart #(
    parameter SIM_CONSOLE = 1,
    parameter CLK_HZ = 12000000,
    parameter BAUD = 115200
) (
    input  wire        clk_i,
    input  wire        rst_ni,
    // From vm74_bus: a TXDATA store, an RXDATA load.
    input  wire        tx_we_i,
    input  wire        rx_pop_i,
    input  wire [7:0]  wdata_i,
    // Read through UART_RXDATA / UART_STATUS (vm74_bus).
    output wire        rx_valid_o,
    output wire [7:0]  rx_byte_o,
    output wire        tx_ready_o,
    // Fast path.
    output wire        con_tx_valid_o,
    output wire [7:0]  con_tx_byte_o,
    input  wire        con_rx_valid_i,
    input  wire [7:0]  con_rx_byte_i,
    output wire        con_rx_pop_o,
    // Serial pins.
    output wire        uart_tx_o,
    input  wire        uart_rx_i
);
    wire       tx_ready;
    wire       rx_valid;
    wire [7:0] rx_byte;

    generate
        if (SIM_CONSOLE != 0) begin : g_fast
            reg       tx_valid_q;
            reg [7:0] tx_byte_q, tx_byte_d;
            reg       pop_q;
            always @(*) begin
                tx_byte_d = tx_byte_q;
                if (tx_we_i)
                    tx_byte_d = wdata_i;
            end
            always @(posedge clk_i) begin
                if (!rst_ni) begin
                    tx_valid_q <= 1'b0;
                    tx_byte_q <= 8'd0;
                    pop_q <= 1'b0;
                end else begin
                    tx_valid_q <= tx_we_i;
                    tx_byte_q <= tx_byte_d;
                    pop_q <= rx_pop_i & con_rx_valid_i;
                end
            end
            assign tx_ready = 1'b1;
            assign rx_valid = con_rx_valid_i;
            assign rx_byte = con_rx_byte_i;
            assign con_tx_valid_o = tx_valid_q;
            assign con_tx_byte_o = tx_byte_q;
            assign con_rx_pop_o = pop_q;
            assign uart_tx_o = 1'b1;
        end else begin : g_serial
            localparam DIV = CLK_HZ / BAUD;
            wire tx_busy;
            vm74_uart_tx #(.DIV(DIV)) u_tx (
                .clk_i   (clk_i),
                .rst_ni  (rst_ni),
                .start_i (tx_we_i),
                .byte_i  (wdata_i),
                .busy_o  (tx_busy),
                .tx_o    (uart_tx_o)
            );
            vm74_uart_rx #(.DIV(DIV)) u_rx (
                .clk_i   (clk_i),
                .rst_ni  (rst_ni),
                .rx_i    (uart_rx_i),
                .pop_i   (rx_pop_i),
                .valid_o (rx_valid),
                .byte_o  (rx_byte)
            );
            assign tx_ready = ~tx_busy;
            assign con_tx_valid_o = 1'b0;
            assign con_tx_byte_o = 8'd0;
            assign con_rx_pop_o = 1'b0;
        end
    endgenerate

    assign rx_valid_o = rx_valid;
    assign rx_byte_o = rx_byte;
    assign tx_ready_o = tx_ready;
endmodule

`default_nettype wire
