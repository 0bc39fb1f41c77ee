// vm74_uart_rx: 8N1 serial receiver with a one-byte buffer.  Samples each
// bit in its middle; a byte arriving while the buffer is full is dropped.
`default_nettype none

module vm74_uart_rx #(
    parameter DIV = 104
) (
    input  wire       clk_i,
    input  wire       rst_ni,
    input  wire       rx_i,
    input  wire       pop_i,     // RXDATA read
    output wire       valid_o,
    output wire [7:0] byte_o
);
    reg [1:0]  sync_q;            // two-flop synchronizer
    reg [3:0]  bits_q, bits_d;    // 0 idle; else bits left incl. stop
    localparam CW = $clog2(DIV);    // the bit counter's width
    localparam integer LAST_I = DIV - 1;
    localparam integer HALF_I = DIV / 2;
    localparam [CW-1:0] LAST = LAST_I[CW-1:0];
    localparam [CW-1:0] HALF = HALF_I[CW-1:0];
    reg [CW-1:0] cnt_q, cnt_d;
    reg [7:0]  shift_q, shift_d;
    reg        full_q, full_d;
    reg [7:0]  buf_q, buf_d;

    wire rx = sync_q[1];

    always @(*) begin
        bits_d = bits_q;
        cnt_d = cnt_q;
        shift_d = shift_q;
        full_d = full_q & ~pop_i;
        buf_d = buf_q;
        if (bits_q == 4'd0) begin
            if (!rx) begin            // start bit: sample in the middle
                bits_d = 4'd10;
                cnt_d = HALF;
            end
        end else if (cnt_q == {CW{1'b0}}) begin
            cnt_d = LAST;
            bits_d = bits_q - 4'd1;
            if (bits_q == 4'd10) begin
                if (rx) bits_d = 4'd0;  // a glitch, not a start bit
            end else if (bits_q == 4'd1) begin
                if (rx && !full_d) begin
                    full_d = 1'b1;
                    buf_d = shift_q;
                end
            end else begin
                shift_d = {rx, shift_q[7:1]};
            end
        end else begin
            cnt_d = cnt_q - 1'b1;
        end
    end

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            sync_q <= 2'b11;
            bits_q <= 4'd0;
            cnt_q <= {CW{1'b0}};
            shift_q <= 8'd0;
            full_q <= 1'b0;
            buf_q <= 8'd0;
        end else begin
            sync_q <= {sync_q[0], rx_i};
            bits_q <= bits_d;
            cnt_q <= cnt_d;
            shift_q <= shift_d;
            full_q <= full_d;
            buf_q <= buf_d;
        end
    end

    assign valid_o = full_q;
    assign byte_o = buf_q;
endmodule

`default_nettype wire
