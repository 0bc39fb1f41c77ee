// vm74_boot: the board's boot loader, a hardware state machine.
//
// While it runs, the core is held in reset (run_o = 0) and the loader owns
// the RAM's port through the board SoC's load port.  It
//   1. writes zeros to all of RAM (SPRAM powers up with unknown contents;
//      the simulators start from zeroed RAM);
//   2. wakes the flash (0xAB, "release from power-down") and waits 5 us;
//   3. reads (0x03) from FLASH_OFFSET: a 20-byte header, then the payload
//      (tools/imgpack, docs/fpga.md "Image format"):
//        +0 magic "VM74"  +4 load address  +8 length  +12 entry  +16 CRC
//      all little-endian words; the payload goes to RAM from the load
//      address on, one word per four bytes;
//   4. checks the header before loading (a payload that would pass the end
//      of RAM: when the load reaches it) and the CRC after (CRC-32/MPEG-2:
//      polynomial 0x04C11DB7, MSB first, initial value all ones, no final
//      XOR, computed bit by bit as the bits arrive).  The header's CRC word
//      is not kept: at the end it is read from the flash again, most
//      significant byte first (one read command per byte), through the
//      same CRC, which then is 0 exactly when it matched;
//   5. good: releases the core with boot P = entry (run_o = 1).  Bad: sends
//      "vm74 boot: bad image: <reason>\r\n" on its own transmitter (tx_o)
//      and stays stopped with bad_o = 1.
`default_nettype none
`include "vm74_arch.vh"

module vm74_boot #(
    parameter RAM_BYTES = `VM74_RAM_SIZE_BOARD,
    parameter CLK_HZ = 12000000,
    parameter BAUD = 115200,
    // A word of include/vm74_arch.h; the read command sends its bits 23:0
    // (the flash's 16 MiB).
    parameter [31:0] FLASH_OFFSET = `VM74_BOARD_IMAGE_OFFSET
) (
    input  wire        clk_i,
    input  wire        rst_ni,
    // Flash.
    output wire        flash_sck_o,
    output wire        flash_cs_no,
    output wire        flash_mosi_o,
    input  wire        flash_miso_i,
    // RAM load port of the board SoC.
    output reg         ld_we_o,
    output reg  [31:0] ld_addr_o,
    output reg  [31:0] ld_wdata_o,
    // Result.
    output wire        run_o,        // the core may run (reset released)
    output wire [31:0] entry_o,      // its boot P
    output wire        loading_o,
    output wire        bad_o,
    output wire        tx_o          // the loader's own serial output
);
    localparam [31:0] MAGIC = 32'h3437_4d56;      // "VM74", little-endian
    localparam AW = $clog2(RAM_BYTES / 4);          // word index bits
    localparam [AW-1:0] LAST_WORD = {AW{1'b1}};
    localparam integer WAKE_INT = CLK_HZ / 200000 + 1;  // 5 us
    localparam [AW-1:0] WAKE_CYCLES = WAKE_INT[AW-1:0];
    // The last byte of the header's CRC word (+19), low address byte.
    localparam [7:0] CRC_BYTE_LO = FLASH_OFFSET[7:0] + 8'd19;
    generate
        if (WAKE_INT >= (1 << AW)) begin : g_wait_too_long
            vm74_boot_wake_wait_needs_a_wider_count u_stop ();
        end
        if (FLASH_OFFSET[7:0] > 8'd236) begin : g_offset_carry
            // The CRC bytes' addresses differ in the low address byte only.
            vm74_boot_flash_offset_needs_another_crc_reread u_stop ();
        end
    endgenerate

    localparam [3:0] S_CLEAR = 4'd0;    // zero RAM
    localparam [3:0] S_WAKE = 4'd1;     // 0xAB
    localparam [3:0] S_WAIT = 4'd2;     // tRES1
    localparam [3:0] S_CMD = 4'd3;      // 0x03 and the 24-bit address
    localparam [3:0] S_HDR = 4'd4;      // header words
    localparam [3:0] S_CHKHDR = 4'd5;
    localparam [3:0] S_DATA = 4'd6;     // payload to RAM
    localparam [3:0] S_CHKCRC = 4'd7;
    localparam [3:0] S_RUN = 4'd8;
    localparam [3:0] S_REPORT = 4'd9;   // sending the message
    localparam [3:0] S_BAD = 4'd10;
    localparam [3:0] S_READ = 4'd11;    // 0x03: the header, or a CRC byte
    localparam [3:0] S_CRCB = 4'd12;    // that byte, into the CRC

    localparam [1:0] R_MAGIC = 2'd1;
    localparam [1:0] R_HEADER = 2'd2;
    localparam [1:0] R_CRC = 2'd3;

    reg [3:0]  state_q, state_d;
    reg        cs_n_q, cs_n_d;
    reg [4:0]  n_q, n_d;          // bytes done in this phase
    reg [31:0] word_q, word_d;    // bytes assembled, first byte lowest
    // The header is checked word by word as it arrives (hdr_bad_q), so
    // only what loading needs is kept, as word indices and counts.
    reg        magic_bad_q, magic_bad_d, hdr_bad_q, hdr_bad_d;
    reg [AW:0] len_q, len_d;      // words still to load
    reg [AW-1:0] entry_q, entry_d;
    reg        rd_crc_q, rd_crc_d;    // S_CMD reads a CRC byte, not the header
    reg [1:0]  k_q, k_d;              // CRC bytes read again, most significant first
    reg [AW-1:0] addr_q, addr_d;  // next RAM word (clear, then load)
    reg [31:0] crc_q, crc_d;
    reg [1:0]  reason_q, reason_d;
    reg [5:0]  msg_i_q, msg_i_d;
    reg        sent_q;            // a character started last cycle

    reg        spi_start;
    reg [7:0]  spi_tx;
    wire       spi_done, spi_bit_valid, spi_bit;
    wire [7:0] spi_rx;

    vm74_spi_flash u_spi (
        .clk_i       (clk_i),
        .rst_ni      (rst_ni),
        .start_i     (spi_start),
        .tx_i        (spi_tx),
        .done_o      (spi_done),
        .rx_o        (spi_rx),
        .bit_valid_o (spi_bit_valid),
        .bit_o       (spi_bit),
        .sck_o       (flash_sck_o),
        .mosi_o      (flash_mosi_o),
        .miso_i      (flash_miso_i)
    );

    // ---- The report ----------------------------------------------------
    // The report, one 64-byte row per reason (row 0 unused), NUL-ended:
    // a synchronous ROM, which Yosys puts in one block RAM.  msg_ch is the
    // character at the index of the previous cycle; sent_q covers the one
    // cycle after a start, when it is not yet the next character.
    localparam [8*22-1:0] MSG_HEAD = "vm74 boot: bad image: ";
    localparam [8*7-1:0] MSG_MAGIC = "magic\r\n";
    localparam [8*8-1:0] MSG_HEADER = "header\r\n";
    localparam [8*10-1:0] MSG_CRC = "checksum\r\n";

    function automatic [7:0] msg_byte(input [1:0] r, input [5:0] i);
        reg [5:0] j;
        begin
            j = i - 6'd22;
            msg_byte = 8'd0;
            if (i < 6'd22)
                msg_byte = MSG_HEAD[8 * (21 - i) +: 8];
            else if (r == R_MAGIC && j < 6'd7)
                msg_byte = MSG_MAGIC[8 * (6 - j) +: 8];
            else if (r == R_HEADER && j < 6'd8)
                msg_byte = MSG_HEADER[8 * (7 - j) +: 8];
            else if (r == R_CRC && j < 6'd10)
                msg_byte = MSG_CRC[8 * (9 - j) +: 8];
        end
    endfunction

    reg [7:0] msg_rom [0:255];
    integer k;
    initial begin
        for (k = 0; k < 256; k = k + 1)
            msg_rom[k] = msg_byte(k[7:6], k[5:0]);
    end
    reg [7:0] msg_ch;
    always @(posedge clk_i)
        msg_ch <= msg_rom[{reason_q, msg_i_q}];
    wire       tx_busy;
    wire       tx_start = (state_q == S_REPORT) && !tx_busy && !sent_q &&
                          msg_ch != 8'd0;

    vm74_uart_tx #(.DIV(CLK_HZ / BAUD)) u_tx (
        .clk_i   (clk_i),
        .rst_ni  (rst_ni),
        .start_i (tx_start),
        .byte_i  (msg_ch),
        .busy_o  (tx_busy),
        .tx_o    (tx_o)
    );

    // ---- Header check, one word at a time ----------------------------------
    // Header checks in words (RAM_BYTES is a power of two, 2^AW words): an
    // address is word-aligned and below RAM_BYTES; a length is word-aligned,
    // not zero and below twice the RAM.  Whether the payload passes the end
    // of RAM is seen while loading: a word written to the last RAM word
    // with more to come ends the load with the "header" report.
    wire          addr_bad = (word_in[1:0] != 2'd0) ||
                             (word_in[31:AW+2] != {(30 - AW){1'b0}});
    wire [AW:0]   len_w = word_in[AW+2:2];
    wire          len_bad = (word_in[1:0] != 2'd0) ||
                            (word_in[31:AW+3] != {(29 - AW){1'b0}}) ||
                            (len_w == {(AW + 1){1'b0}});

    wire [31:0] word_in = {spi_rx, word_q[31:8]};   // with the byte just in

    always @(*) begin
        state_d = state_q;
        cs_n_d = cs_n_q;
        n_d = n_q;
        word_d = word_q;
        magic_bad_d = magic_bad_q;
        hdr_bad_d = hdr_bad_q;
        len_d = len_q;
        entry_d = entry_q;
        rd_crc_d = rd_crc_q;
        k_d = k_q;
        addr_d = addr_q;
        crc_d = crc_q;
        reason_d = reason_q;
        msg_i_d = msg_i_q;
        spi_start = 1'b0;
        spi_tx = 8'h00;
        ld_we_o = 1'b0;
        ld_addr_o = {{(30 - AW){1'b0}}, addr_q, 2'b00};
        // The word being assembled: 0 until the first flash byte, so the
        // clearing writes zeros; the payload words in S_DATA.
        ld_wdata_o = word_in;

        if ((state_q == S_DATA || state_q == S_CRCB) && spi_bit_valid)
            crc_d = {crc_q[30:0], 1'b0} ^
                    ((crc_q[31] ^ spi_bit) ? 32'h04c1_1db7 : 32'd0);

        case (state_q)
            S_CLEAR: begin
                ld_we_o = 1'b1;
                addr_d = addr_q + 1'b1;
                if (addr_q == LAST_WORD) begin
                    state_d = S_WAKE;
                    cs_n_d = 1'b0;
                    spi_start = 1'b1;
                    spi_tx = 8'hab;
                end
            end
            S_WAKE: begin
                if (spi_done) begin
                    cs_n_d = 1'b1;
                    state_d = S_WAIT;
                end
            end
            S_WAIT: begin
                // addr_q is free until the header: it counts the wait
                // (it wrapped to 0 at the end of S_CLEAR).
                addr_d = addr_q + 1'b1;
                if (addr_q == WAKE_CYCLES)
                    state_d = S_READ;
            end
            S_CMD: begin
                if (spi_done) begin
                    spi_start = 1'b1;
                    n_d = n_q + 5'd1;
                    case (n_q[1:0])
                        2'd0: spi_tx = FLASH_OFFSET[23:16];
                        2'd1: spi_tx = FLASH_OFFSET[15:8];
                        2'd2: spi_tx = rd_crc_q ? CRC_BYTE_LO - {6'd0, k_q} : FLASH_OFFSET[7:0];
                        default: begin
                            spi_tx = 8'h00;   // first header byte, or the CRC byte
                            n_d = 5'd0;
                            state_d = rd_crc_q ? S_CRCB : S_HDR;
                        end
                    endcase
                end
            end
            S_HDR: begin
                if (spi_done) begin
                    word_d = word_in;
                    n_d = n_q + 5'd1;
                    spi_start = (n_q != 5'd19);
                    if (n_q[1:0] == 2'd3) begin
                        case (n_q[4:2])
                            3'd0: magic_bad_d = (word_in != MAGIC);
                            3'd1: begin
                                hdr_bad_d = addr_bad;
                                addr_d = word_in[AW+1:2];
                            end
                            3'd2: begin
                                hdr_bad_d = hdr_bad_q | len_bad;
                                len_d = word_in[AW+2:2];
                            end
                            3'd3: begin
                                hdr_bad_d = hdr_bad_q | addr_bad;
                                entry_d = word_in[AW+1:2];
                            end
                            default: ;        // the CRC: read again at the end
                        endcase
                    end
                    if (n_q == 5'd19)
                        state_d = S_CHKHDR;
                end
            end
            S_CHKHDR: begin
                if (magic_bad_q) begin
                    reason_d = R_MAGIC;
                    cs_n_d = 1'b1;
                    state_d = S_REPORT;
                end else if (hdr_bad_q) begin
                    reason_d = R_HEADER;
                    cs_n_d = 1'b1;
                    state_d = S_REPORT;
                end else begin
                    crc_d = 32'hffff_ffff;
                    n_d = 5'd0;
                    spi_start = 1'b1;
                    state_d = S_DATA;
                end
            end
            S_DATA: begin
                if (spi_done) begin
                    word_d = word_in;
                    n_d = n_q + 5'd1;
                    spi_start = 1'b1;
                    if (n_q[1:0] == 2'd3) begin
                        ld_we_o = 1'b1;
                        addr_d = addr_q + 1'b1;
                        len_d = len_q - 1'b1;
                        if (len_q == {{AW{1'b0}}, 1'b1}) begin
                            spi_start = 1'b0;
                            cs_n_d = 1'b1;
                            rd_crc_d = 1'b1;
                            state_d = S_READ;
                        end else if (addr_q == LAST_WORD) begin
                            // The payload goes past the end of RAM.
                            spi_start = 1'b0;
                            cs_n_d = 1'b1;
                            reason_d = R_HEADER;
                            state_d = S_REPORT;
                        end
                    end
                end
            end
            // A read command: the header's, or one of the four for the
            // header's CRC word, read again one byte per command from its
            // most significant byte down after the payload, through the
            // CRC: the CRC then ends as 0 exactly when the payload's CRC was
            // that word.
            S_READ: begin
                cs_n_d = 1'b0;
                spi_start = 1'b1;
                spi_tx = 8'h03;
                n_d = 5'd0;
                state_d = S_CMD;
            end
            S_CRCB: begin
                if (spi_done) begin
                    cs_n_d = 1'b1;
                    k_d = k_q + 2'd1;
                    state_d = (k_q == 2'd3) ? S_CHKCRC : S_READ;
                end
            end
            S_CHKCRC: begin
                if (crc_q == 32'd0) begin
                    state_d = S_RUN;
                end else begin
                    reason_d = R_CRC;
                    state_d = S_REPORT;
                end
            end
            S_RUN: ;
            S_REPORT: begin
                if (tx_start)
                    msg_i_d = msg_i_q + 6'd1;
                if (msg_ch == 8'd0)
                    state_d = S_BAD;
            end
            default: ;   // S_BAD
        endcase
    end

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            state_q <= S_CLEAR;
            cs_n_q <= 1'b1;
            n_q <= 5'd0;
            word_q <= 32'd0;
            magic_bad_q <= 1'b0;
            hdr_bad_q <= 1'b0;
            len_q <= {(AW + 1){1'b0}};
            entry_q <= {AW{1'b0}};
            rd_crc_q <= 1'b0;
            k_q <= 2'd0;
            addr_q <= {AW{1'b0}};
            crc_q <= 32'd0;
            reason_q <= 2'd0;
            msg_i_q <= 6'd0;
            sent_q <= 1'b0;
        end else begin
            state_q <= state_d;
            cs_n_q <= cs_n_d;
            n_q <= n_d;
            word_q <= word_d;
            magic_bad_q <= magic_bad_d;
            hdr_bad_q <= hdr_bad_d;
            len_q <= len_d;
            entry_q <= entry_d;
            rd_crc_q <= rd_crc_d;
            k_q <= k_d;
            addr_q <= addr_d;
            crc_q <= crc_d;
            reason_q <= reason_d;
            msg_i_q <= msg_i_d;
            sent_q <= tx_start;
        end
    end

    assign flash_cs_no = cs_n_q;
    assign run_o = (state_q == S_RUN);
    assign entry_o = {{(30 - AW){1'b0}}, entry_q, 2'b00};
    assign loading_o = (state_q != S_RUN) && (state_q != S_REPORT) &&
                       (state_q != S_BAD);
    assign bad_o = (state_q == S_REPORT) || (state_q == S_BAD);
endmodule

`default_nettype wire
