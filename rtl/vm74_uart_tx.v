// vm74_uart_tx: 8N1 serial transmitter, DIV clocks per bit.
`default_nettype none

module vm74_uart_tx #(
    parameter DIV = 104
) (
    input  wire       clk_i,
    input  wire       rst_ni,
    input  wire       start_i,   // ignored while busy (TX not ready)
    input  wire [7:0] byte_i,
    output wire       busy_o,
    output wire       tx_o
);
    reg [9:0]  shift_q, shift_d;  // stop, data[7:0], start; LSB goes first
    reg [3:0]  bits_q, bits_d;    // bits left to send
    localparam CW = $clog2(DIV);    // the bit counter's width
    localparam integer LAST_I = DIV - 1;
    localparam [CW-1:0] LAST = LAST_I[CW-1:0];
    reg [CW-1:0] cnt_q, cnt_d;

    always @(*) begin
        shift_d = shift_q;
        bits_d = bits_q;
        cnt_d = cnt_q;
        if (bits_q == 4'd0) begin
            if (start_i) begin
                shift_d = {1'b1, byte_i, 1'b0};
                bits_d = 4'd10;
                cnt_d = LAST;
            end
        end else if (cnt_q == {CW{1'b0}}) begin
            shift_d = {1'b1, shift_q[9:1]};
            bits_d = bits_q - 4'd1;
            cnt_d = LAST;
        end else begin
            cnt_d = cnt_q - 1'b1;
        end
    end

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            shift_q <= 10'h3ff;
            bits_q <= 4'd0;
            cnt_q <= {CW{1'b0}};
        end else begin
            shift_q <= shift_d;
            bits_q <= bits_d;
            cnt_q <= cnt_d;
        end
    end

    assign busy_o = (bits_q != 4'd0);
    assign tx_o = shift_q[0];
endmodule

`default_nettype wire
