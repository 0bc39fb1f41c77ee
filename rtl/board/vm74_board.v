// vm74_board: the board top for the iCE40 UP5K.  The SoC with its
// simulation-only ports tied off or left open (the retirement port, the
// debug controls, the console fast path), so that synthesis removes the
// logic behind them, and a power-on reset.
`default_nettype none

module vm74_board #(
    parameter RAM_BYTES = 4096,       // BRAM here; SPRAM is a later step
    parameter CLK_HZ = 12000000,
    parameter [31:0] BOOT_PC = 32'h0000_0100
) (
    input  wire clk_i,
    input  wire uart_rx_i,
    output wire uart_tx_o,
    output wire led_exit_o            // the program wrote SIMCTL_EXIT
);
    // Reset held for 16 cycles after configuration.
    reg  [4:0] por_q = 5'd0;
    wire [4:0] por_d = por_q[4] ? por_q : por_q + 5'd1;
    always @(posedge clk_i)
        por_q <= por_d;

    vm74_soc #(
        .RAM_BYTES   (RAM_BYTES),
        .SIM_CONSOLE (0),
        .CLK_HZ      (CLK_HZ)
    ) u_soc (
        .clk_i           (clk_i),
        .rst_ni          (por_q[4]),
        .boot_pc_i       (BOOT_PC),
        .ram_size_i      (RAM_BYTES),
        .con_tx_valid_o  (),
        .con_tx_byte_o   (),
        .con_rx_valid_i  (1'b0),
        .con_rx_byte_i   (8'd0),
        .con_rx_pop_o    (),
        .uart_tx_o       (uart_tx_o),
        .uart_rx_i       (uart_rx_i),
        .exit_valid_o    (led_exit_o),
        .exit_code_o     (),
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
endmodule

`default_nettype wire
