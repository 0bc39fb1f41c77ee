// vm74_soc: the vm74 CPU with its RAM and devices; the top for simulation
// (docs/rtl.md gives the contract with the harness) and the SoC of the
// board top (rtl/board/vm74_icebreaker.v), which selects the SPRAM RAM
// (SPRAM = 1) and fills it through the load port while the core is in reset.
`default_nettype none
`include "vm74_arch.vh"

module vm74_soc #(
    parameter RAM_BYTES = 1048576,  // RAM built; ram_size_i may decode less
    parameter SIM_CONSOLE = 1,
    parameter CLK_HZ = 12000000,
    parameter FLAW = 0,
    parameter SPRAM = 0,            // 1: RAM of SB_SPRAM256KA (iCE40 UP5K)
    parameter EXIT_CODE_FULL = 1,   // 0: exit_code_o is 1 for a non-zero code
    parameter PERF_DSP = 0          // 1: INSTRET_S/U in iCE40 UP5K DSP blocks
) (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire [31:0] boot_pc_i,
    input  wire [31:0] ram_size_i,   // RAM decoded, <= RAM_BYTES (4 KiB multiple)
    // Load port: writes a RAM word while rst_ni is low (the board's boot
    // loader); tied to 0 by the harness.
    input  wire        ld_we_i,
    input  wire [31:0] ld_addr_i,
    input  wire [31:0] ld_wdata_i,
    output wire        con_tx_valid_o,
    output wire [7:0]  con_tx_byte_o,
    input  wire        con_rx_valid_i,
    input  wire [7:0]  con_rx_byte_i,
    output wire        con_rx_pop_o,
    output wire        uart_tx_o,
    input  wire        uart_rx_i,
    output wire        exit_valid_o,
    output wire [31:0] exit_code_o,
    input  wire        dbg_halt_i,
    input  wire        dbg_step_i,
    input  wire        dbg_restart_i,
    output wire        dbg_idle_o,
    output wire        wfi_sleeping_o,
    output wire        wfi_deadlock_o,
    `VM74_RVFI_PORTS(wire)
);
    wire        bus_req, bus_we, bus_commit;
    wire [31:0] bus_addr, bus_wdata, bus_rdata, ram_rdata;
    wire [31:0] dev_wdata;   // a device store's data (vm74_core) ...
    wire        dev_we;      // ... its strobe
    wire [31:0] dev_waddr;   // ... and its address
    wire [31:0] dev_rdata;   // a device load's data (vm74_bus)
    wire [3:0]  bus_be;
    wire        irq_pending, cmp_disarmed, retire, retire_mode;
    wire [63:0] time_now;

    vm74_core #(.FLAW(FLAW)) u_core (
        .clk_i           (clk_i),
        .rst_ni          (rst_ni),
        .boot_pc_i       (boot_pc_i),
        .ram_size_i      (ram_size_i),
        .bus_req_o       (bus_req),
        .bus_we_o        (bus_we),
        .bus_addr_o      (bus_addr),
        .bus_be_o        (bus_be),
        .bus_wdata_o     (bus_wdata),
        .dev_wdata_o     (dev_wdata),
        .dev_we_o        (dev_we),
        .dev_waddr_o     (dev_waddr),
        .bus_rdata_i     (bus_rdata),
        .ram_rdata_i     (ram_rdata),
        .dev_rdata_i     (dev_rdata),
        .bus_commit_o    (bus_commit),
        .irq_pending_i   (irq_pending),
        .cmp_disarmed_i  (cmp_disarmed),
        .exit_i          (exit_valid_o),
        .retire_o        (retire),
        .retire_mode_o   (retire_mode),
        .dbg_halt_i      (dbg_halt_i),
        .dbg_step_i      (dbg_step_i),
        .dbg_restart_i   (dbg_restart_i),
        .dbg_idle_o      (dbg_idle_o),
        .wfi_sleeping_o  (wfi_sleeping_o),
        .wfi_deadlock_o  (wfi_deadlock_o),
        `VM74_RVFI_CONNECT
    );

    wire        ram_req, ram_we, uart_tx_we, uart_rx_pop, cmp_lo_we, cmp_hi_we, exit_we;
    wire        uart_rx_valid, uart_tx_ready;
    wire [7:0]  uart_rx_byte;
    wire [63:0] cmp_now, instret_s, instret_u;

    vm74_bus u_bus (
        .clk_i           (clk_i),
        .rst_ni          (rst_ni),
        .req_i           (bus_req),
        .we_i            (bus_we),
        .commit_i        (bus_commit),
        .addr_i          (bus_addr),
        .dev_we_i        (dev_we),
        .dev_waddr_i     (dev_waddr),
        .rdata_o         (bus_rdata),
        .dev_rdata_o     (dev_rdata),
        .ram_req_o       (ram_req),
        .ram_we_o        (ram_we),
        .ram_rdata_i     (ram_rdata),
        .uart_tx_we_o    (uart_tx_we),
        .uart_rx_pop_o   (uart_rx_pop),
        .cmp_lo_we_o     (cmp_lo_we),
        .cmp_hi_we_o     (cmp_hi_we),
        .exit_we_o       (exit_we),
        .uart_rx_valid_i (uart_rx_valid),
        .uart_rx_byte_i  (uart_rx_byte),
        .uart_tx_ready_i (uart_tx_ready),
        .time_i          (time_now),
        .cmp_i           (cmp_now),
        .instret_s_i     (instret_s),
        .instret_u_i     (instret_u)
    );

    // The RAM port: the load port's while the core is in reset, else the bus's.
    wire        loading = ~rst_ni;
    wire        m_req = loading ? ld_we_i : ram_req;
    wire        m_we = loading ? ld_we_i : ram_we;   // implies m_req
    wire [3:0]  m_be = loading ? 4'hf : bus_be;
    wire [31:0] m_addr = loading ? ld_addr_i : bus_addr;
    wire [31:0] m_wdata = loading ? ld_wdata_i : bus_wdata;

    generate
        if (SPRAM) begin : g_spram
            vm74_spram #(.RAM_BYTES(RAM_BYTES)) u_ram (
                .clk_i   (clk_i),
                .req_i   (m_req),
                .we_i    (m_we),
                .be_i    (m_be),
                .addr_i  (m_addr),
                .wdata_i (m_wdata),
                .rdata_o (ram_rdata)
            );
        end else begin : g_ram
            vm74_ram #(.RAM_BYTES(RAM_BYTES)) u_ram (
                .clk_i   (clk_i),
                .req_i   (m_req),
                .we_i    (m_we),
                .be_i    (m_be),
                .addr_i  (m_addr),
                .wdata_i (m_wdata),
                .rdata_o (ram_rdata)
            );
        end
    endgenerate

    vm74_uart #(.SIM_CONSOLE(SIM_CONSOLE), .CLK_HZ(CLK_HZ)) u_uart (
        .clk_i          (clk_i),
        .rst_ni         (rst_ni),
        .tx_we_i        (uart_tx_we),
        .rx_pop_i       (uart_rx_pop),
        .wdata_i        (dev_wdata[7:0]),
        .rx_valid_o     (uart_rx_valid),
        .rx_byte_o      (uart_rx_byte),
        .tx_ready_o     (uart_tx_ready),
        .con_tx_valid_o (con_tx_valid_o),
        .con_tx_byte_o  (con_tx_byte_o),
        .con_rx_valid_i (con_rx_valid_i),
        .con_rx_byte_i  (con_rx_byte_i),
        .con_rx_pop_o   (con_rx_pop_o),
        .uart_tx_o      (uart_tx_o),
        .uart_rx_i      (uart_rx_i)
    );

    vm74_timer u_timer (
        .clk_i       (clk_i),
        .rst_ni      (rst_ni),
        .cmp_lo_we_i (cmp_lo_we),
        .cmp_hi_we_i (cmp_hi_we),
        .wdata_i     (dev_wdata),
        .time_o      (time_now),
        .cmp_o       (cmp_now),
        .pending_o   (irq_pending),
        .disarmed_o  (cmp_disarmed)
    );

    vm74_perf #(.DSP(PERF_DSP)) u_perf (
        .clk_i         (clk_i),
        .rst_ni        (rst_ni),
        .retire_i      (retire),
        .retire_mode_i (retire_mode),
        .instret_s_o   (instret_s),
        .instret_u_o   (instret_u)
    );

    vm74_simctl #(.FULL_CODE(EXIT_CODE_FULL)) u_simctl (
        .clk_i   (clk_i),
        .rst_ni  (rst_ni),
        .we_i    (exit_we),
        .wdata_i (dev_wdata),
        .exit_o  (exit_valid_o),
        .code_o  (exit_code_o)
    );
endmodule

`default_nettype wire
