// vm74_spi_flash: SPI mode-0 byte engine for the board's serial flash.
//
// start_i (while idle) sends tx_i MSB first and receives a byte at the same
// time; done_o pulses for one cycle with rx_o, and the engine is idle again
// in that cycle, so the next start_i can follow at once.  SCK = clk_i / 2:
//
//   cycle    ... | rise  | fall  | rise  | fall  | ...
//   sck_o         0 -> 1  1 -> 0  0 -> 1  1 -> 0
//   miso_i sampled at each rise (the flash changed it after the last fall,
//   half an SCK period earlier); mosi_o changes at each fall (the flash
//   samples it at the next rise).
//
// bit_valid_o/bit_o give every received bit once, in order, for a
// bit-serial checksum.  Chip select belongs to the user (vm74_boot).
`default_nettype none

module vm74_spi_flash (
    input  wire       clk_i,
    input  wire       rst_ni,
    input  wire       start_i,
    input  wire [7:0] tx_i,
    output wire       done_o,
    output wire [7:0] rx_o,
    output wire       bit_valid_o,
    output wire       bit_o,
    output wire       sck_o,
    output wire       mosi_o,
    input  wire       miso_i
);
    reg [7:0] shift_q, shift_d;   // out: bit 7 is on MOSI; in: LSB last
    reg [3:0] bits_q, bits_d;     // bits left in this byte
    reg       sck_q, sck_d;
    reg       rxbit_q, rxbit_d;   // sampled at the last rise
    reg       bvalid_q, bvalid_d;
    reg       done_q, done_d;

    always @(*) begin
        shift_d = shift_q;
        bits_d = bits_q;
        sck_d = sck_q;
        rxbit_d = rxbit_q;
        bvalid_d = 1'b0;
        done_d = 1'b0;
        if (bits_q == 4'd0) begin
            if (start_i) begin
                shift_d = tx_i;
                bits_d = 4'd8;
            end
        end else if (!sck_q) begin
            sck_d = 1'b1;          // rise: sample MISO
            rxbit_d = miso_i;
            bvalid_d = 1'b1;
        end else begin
            sck_d = 1'b0;          // fall: shift, next bit onto MOSI
            shift_d = {shift_q[6:0], rxbit_q};
            bits_d = bits_q - 4'd1;
            done_d = (bits_q == 4'd1);
        end
    end

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            shift_q <= 8'd0;
            bits_q <= 4'd0;
            sck_q <= 1'b0;
            rxbit_q <= 1'b0;
            bvalid_q <= 1'b0;
            done_q <= 1'b0;
        end else begin
            shift_q <= shift_d;
            bits_q <= bits_d;
            sck_q <= sck_d;
            rxbit_q <= rxbit_d;
            bvalid_q <= bvalid_d;
            done_q <= done_d;
        end
    end

    assign done_o = done_q;
    assign rx_o = shift_q;
    assign bit_valid_o = bvalid_q;
    assign bit_o = rxbit_q;
    assign sck_o = sck_q;
    assign mosi_o = shift_q[7];
endmodule

`default_nettype wire
