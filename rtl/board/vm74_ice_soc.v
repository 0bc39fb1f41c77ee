// vm74_ice_soc: the SoC as the iCEBreaker builds it.  The same units as
// rtl/vm74_soc.v (core, bus, UART, timer, counters, SIMCTL), with three
// differences that vm74_soc has no way to express today:
//   * the RAM is vm74_spram (SPRAM) instead of the behavioural vm74_ram;
//   * a load port (ld_*) writes RAM while the core is held in reset, which
//     is how the boot loader (vm74_boot) puts the image in RAM;
//   * the retirement port, the debug controls and the console fast path are
//     left open or tied off, so that synthesis removes the logic behind them.
// The UART is always the real serial port (SIM_CONSOLE = 0).
`default_nettype none
`include "vm74_arch.vh"

module vm74_ice_soc #(
    parameter RAM_BYTES = 131072,
    parameter CLK_HZ = 12000000,
    parameter FLAW = 0
) (
    input  wire        clk_i,
    input  wire        rst_ni,       // core and devices; low while loading
    input  wire [31:0] boot_pc_i,
    // Load port: used only while rst_ni is low.
    input  wire        ld_we_i,
    input  wire [31:0] ld_addr_i,
    input  wire [31:0] ld_wdata_i,
    // Serial console and exit.
    output wire        uart_tx_o,
    input  wire        uart_rx_i,
    output wire        exit_valid_o,
    output wire [31:0] exit_code_o
);
    localparam [31:0] RAM_SIZE = RAM_BYTES;

    wire        bus_req, bus_we;
    wire [31:0] bus_addr, bus_wdata, bus_rdata;
    wire [3:0]  bus_be;
    wire        irq_pending, cmp_disarmed, retire, retire_mode;
    wire [63:0] time_now;

    /* verilator lint_off PINCONNECTEMPTY */
    vm74_core #(.FLAW(FLAW)) u_core (
        .clk_i           (clk_i),
        .rst_ni          (rst_ni),
        .boot_pc_i       (boot_pc_i),
        .ram_size_i      (RAM_SIZE),
        .bus_req_o       (bus_req),
        .bus_we_o        (bus_we),
        .bus_addr_o      (bus_addr),
        .bus_be_o        (bus_be),
        .bus_wdata_o     (bus_wdata),
        .bus_rdata_i     (bus_rdata),
        .irq_pending_i   (irq_pending),
        .cmp_disarmed_i  (cmp_disarmed),
        .exit_i          (exit_valid_o),
        .retire_o        (retire),
        .retire_mode_o   (retire_mode),
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

    wire        ram_req, uart_sel, timer_sel, simctl_sel;
    wire [31:0] ram_rdata, uart_rdata, timer_rdata, perf_rdata;

    vm74_bus u_bus (
        .clk_i         (clk_i),
        .rst_ni        (rst_ni),
        .req_i         (bus_req),
        .we_i          (bus_we),
        .addr_i        (bus_addr),
        .rdata_o       (bus_rdata),
        .ram_req_o     (ram_req),
        .ram_rdata_i   (ram_rdata),
        .uart_sel_o    (uart_sel),
        .timer_sel_o   (timer_sel),
        .simctl_sel_o  (simctl_sel),
        .uart_rdata_i  (uart_rdata),
        .timer_rdata_i (timer_rdata),
        .perf_rdata_i  (perf_rdata)
    );

    // The RAM port: the loader's while the core is in reset, else the bus's.
    wire        loading = ~rst_ni;
    wire        m_req = loading ? ld_we_i : ram_req;
    wire        m_we = loading ? 1'b1 : bus_we;
    wire [3:0]  m_be = loading ? 4'hf : bus_be;
    wire [31:0] m_addr = loading ? ld_addr_i : bus_addr;
    wire [31:0] m_wdata = loading ? ld_wdata_i : bus_wdata;

    vm74_spram #(.RAM_BYTES(RAM_BYTES)) u_ram (
        .clk_i   (clk_i),
        .req_i   (m_req),
        .we_i    (m_we),
        .be_i    (m_be),
        .addr_i  (m_addr),
        .wdata_i (m_wdata),
        .rdata_o (ram_rdata)
    );

    /* verilator lint_off PINCONNECTEMPTY */
    vm74_uart #(.SIM_CONSOLE(0), .CLK_HZ(CLK_HZ)) u_uart (
        .clk_i          (clk_i),
        .rst_ni         (rst_ni),
        .sel_i          (uart_sel),
        .we_i           (bus_we),
        .addr_i         (bus_addr),
        .wdata_i        (bus_wdata),
        .rdata_o        (uart_rdata),
        .con_tx_valid_o (),
        .con_tx_byte_o  (),
        .con_rx_valid_i (1'b0),
        .con_rx_byte_i  (8'd0),
        .con_rx_pop_o   (),
        .uart_tx_o      (uart_tx_o),
        .uart_rx_i      (uart_rx_i)
    );
    /* verilator lint_on PINCONNECTEMPTY */

    vm74_timer u_timer (
        .clk_i      (clk_i),
        .rst_ni     (rst_ni),
        .sel_i      (timer_sel),
        .we_i       (bus_we),
        .addr_i     (bus_addr),
        .wdata_i    (bus_wdata),
        .rdata_o    (timer_rdata),
        .time_o     (time_now),
        .pending_o  (irq_pending),
        .disarmed_o (cmp_disarmed)
    );

    vm74_perf u_perf (
        .clk_i         (clk_i),
        .rst_ni        (rst_ni),
        .addr_i        (bus_addr),
        .rdata_o       (perf_rdata),
        .time_i        (time_now),
        .retire_i      (retire),
        .retire_mode_i (retire_mode)
    );

    vm74_simctl u_simctl (
        .clk_i   (clk_i),
        .rst_ni  (rst_ni),
        .sel_i   (simctl_sel),
        .we_i    (bus_we),
        .addr_i  (bus_addr),
        .wdata_i (bus_wdata),
        .exit_o  (exit_valid_o),
        .code_o  (exit_code_o)
    );
endmodule

`default_nettype wire
