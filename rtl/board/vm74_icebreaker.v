// vm74_icebreaker: the top for the iCEBreaker (iCE40 UP5K-SG48).
//
// 12 MHz pin -> vm74_pll -> the design clock (CLK_HZ).  After power-up or
// while the user button is held, everything is in reset; then vm74_boot
// clears the SPRAM, copies the image from the SPI flash (FLASH_OFFSET)
// into it and releases the core at the image's entry.  The console is the
// SoC's serial UART at 115200 baud on the FTDI's second channel (TX/RX);
// the boot loader's error report goes out on the same line.
//
// Port names are the iCEBreaker schematic's (constraints/icebreaker.pcf).
// LEDs (LEDR_N/LEDG_N are active low, PMOD2 LED1-5 active high):
//
//   state                  LEDG_N (green)   LEDR_N (red)     PMOD2
//   loading the image      fast blink       off              LED5
//   running                on               off              LED1
//   exited with code 0     slow blink       off              LED2
//   exited, code != 0      off              on               LED3
//   bad image              off              fast blink       LED4
`default_nettype none
`include "vm74_arch.vh"

module vm74_icebreaker #(
    parameter CLK_HZ = 18000000,      // the design clock, for the baud rate
    parameter USE_PLL = 1,
    parameter CLK_DIV2 = 0,           // no PLL: the 12 MHz pin clock / 2
    parameter [3:0] PLL_DIVR = 4'd0,  // icepll -i 12 -o 18
    parameter [6:0] PLL_DIVF = 7'd47,
    parameter [2:0] PLL_DIVQ = 3'd5,
    parameter [2:0] PLL_FILTER_RANGE = 3'd1,
    parameter RAM_BYTES = `VM74_RAM_SIZE_BOARD,     // all four SPRAMs
    parameter [31:0] FLASH_OFFSET = `VM74_BOARD_IMAGE_OFFSET,
    parameter RESET_LOG2 = 16         // reset held 2^N cycles after release
) (
    input  wire CLK,
    input  wire BTN_N,
    input  wire RX,
    output wire TX,
    output wire LEDR_N,
    output wire LEDG_N,
    output wire LED1,
    output wire LED2,
    output wire LED3,
    output wire LED4,
    output wire LED5,
    output wire FLASH_SCK,
    output wire FLASH_SSB,
    output wire FLASH_IO0,            // MOSI
    input  wire FLASH_IO1             // MISO
);
    wire clk, lock;

    vm74_pll #(
        .USE_PLL      (USE_PLL),
        .DIV2         (CLK_DIV2),
        .DIVR         (PLL_DIVR),
        .DIVF         (PLL_DIVF),
        .DIVQ         (PLL_DIVQ),
        .FILTER_RANGE (PLL_FILTER_RANGE)
    ) u_pll (
        .pin_clk_i (CLK),
        .clk_o     (clk),
        .lock_o    (lock)
    );

    // ---- Reset: power-up, PLL lock, button (also a debounce) -----------
    // One free-running counter serves the reset stretch and the LEDs' blink:
    // a press or a lost lock clears it and reset; reset is released when it
    // has counted 2^RESET_LOG2 cycles since.
    localparam BW = (RESET_LOG2 + 1 > 25) ? RESET_LOG2 + 1 : 25;
    reg [1:0]    btn_sync_q = 2'b00;
    reg [BW-1:0] cnt_q = 0;
    reg          rst_n_q = 1'b0;
    always @(posedge clk) begin
        btn_sync_q <= {btn_sync_q[0], BTN_N};
        if (!btn_sync_q[1] || !lock) begin
            cnt_q <= 0;
            rst_n_q <= 1'b0;
        end else begin
            cnt_q <= cnt_q + 1'b1;
            rst_n_q <= rst_n_q | cnt_q[RESET_LOG2];
        end
    end
    wire rst_n = rst_n_q;

    // ---- Boot loader and SoC ---------------------------------------------
    wire        ld_we, run, loading, bad, boot_tx, soc_tx, exited;
    wire [31:0] ld_addr, ld_wdata, entry, exit_code;

    vm74_boot #(
        .RAM_BYTES    (RAM_BYTES),
        .CLK_HZ       (CLK_HZ),
        .FLASH_OFFSET (FLASH_OFFSET)
    ) u_boot (
        .clk_i        (clk),
        .rst_ni       (rst_n),
        .flash_sck_o  (FLASH_SCK),
        .flash_cs_no  (FLASH_SSB),
        .flash_mosi_o (FLASH_IO0),
        .flash_miso_i (FLASH_IO1),
        .ld_we_o      (ld_we),
        .ld_addr_o    (ld_addr),
        .ld_wdata_o   (ld_wdata),
        .run_o        (run),
        .entry_o      (entry),
        .loading_o    (loading),
        .bad_o        (bad),
        .tx_o         (boot_tx)
    );

    // The SoC as the board builds it: SPRAM, the serial UART, the load
    // port driven by the loader; the retirement port, the debug controls and
    // the console fast path are left open or tied off, so that synthesis
    // removes the logic behind them; of the exit code only whether it is
    // zero is kept.
    localparam [31:0] RAM_SIZE = RAM_BYTES;

    /* verilator lint_off PINCONNECTEMPTY */
    vm74_soc #(
        .RAM_BYTES   (RAM_BYTES),
        .SIM_CONSOLE    (0),
        .CLK_HZ         (CLK_HZ),
        .SPRAM          (1),
        .EXIT_CODE_FULL (0),    // the LEDs show zero or not
        .PERF_DSP       (1)     // INSTRET_S/U in four DSP blocks
    ) u_soc (
        .clk_i           (clk),
        .rst_ni          (rst_n & run),
        .boot_pc_i       (entry),
        .ram_size_i      (RAM_SIZE),
        .ld_we_i         (ld_we),
        .ld_addr_i       (ld_addr),
        .ld_wdata_i      (ld_wdata),
        .con_tx_valid_o  (),
        .con_tx_byte_o   (),
        .con_rx_valid_i  (1'b0),
        .con_rx_byte_i   (8'd0),
        .con_rx_pop_o    (),
        .uart_tx_o       (soc_tx),
        .uart_rx_i       (RX),
        .exit_valid_o    (exited),
        .exit_code_o     (exit_code),
        .dbg_halt_i      (1'b0),
        .dbg_step_i      (1'b0),
        .dbg_restart_i   (1'b0),
        .dbg_idle_o      (),
        .wfi_sleeping_o  (),
        .wfi_deadlock_o  (),
        .rvfi_valid      (),
        .rvfi_order      (),
        .rvfi_pc         (),
        .rvfi_insn       (),
        .rvfi_mode       (),
        .rvfi_trap       (),
        .rvfi_intr       (),
        .rvfi_rd         (),
        .rvfi_rd_wdata   (),
        .rvfi_cause      (),
        .rvfi_info       (),
        .rvfi_mem_size   (),
        .rvfi_mem_write  (),
        .rvfi_mem_addr   (),
        .rvfi_mem_paddr  (),
        .rvfi_mem_data   (),
        .rvfi_next_mode  (),
        .rvfi_next_ie    (),
        .rvfi_next_pc    (),
        .rvfi_next_base  (),
        .rvfi_next_bound ()
    );
    /* verilator lint_on PINCONNECTEMPTY */

    // Both transmitters idle high and never send at the same time.
    assign TX = boot_tx & soc_tx;

    // ---- LEDs ---------------------------------------------------------------
    wire fast = cnt_q[21];            // ~4 Hz at 16-18 MHz
    wire slow = cnt_q[24];            // ~0.5 Hz

    wire running = run & ~exited;
    wire exit_ok = exited & (exit_code == 32'd0);
    wire exit_bad = exited & (exit_code != 32'd0);

    assign LEDG_N = ~(running | (exit_ok & slow) | (loading & fast));
    assign LEDR_N = ~(exit_bad | (bad & fast));
    assign LED1 = running;
    assign LED2 = exit_ok;
    assign LED3 = exit_bad;
    assign LED4 = bad;
    assign LED5 = loading;
endmodule

`default_nettype wire
