// vm74_bus: routes the core's one memory port to the RAM or to a device,
// decodes the device registers and reads them.
//
// The core has already checked the access (docs/isa.md §2): a request is a
// word of RAM below ram_size (at most 256 MiB, so below MMIO_BASE =
// 2^28) or one of the device registers of docs/isa.md §6, word-sized.  So
// few address bits decide:
//
//   bit 28        device (1) or RAM (0)
//   bits 13:12    the device page: 0 UART, 1 TIMER, 2 PERF, 3 SIMCTL
//   bits 4:2      the register in its page; bit 2 is the HI half of every
//                 64-bit counter (TIME, CMP, CYCLE, INSTRET_S, INSTRET_U)
//
// Writes: one strobe per writable register (TXDATA, CMP_LO, CMP_HI,
// SIMCTL_EXIT), decoded from the core's device store strobe and address,
// which come from its registers (its store write cycle), not through the
// port's mux; a store to a read-only register does nothing.  Only a
// store writes a device (the trap sequence writes low memory), and the
// core issues only checked stores, so writes need no commit.  An RXDATA
// read pops the UART's byte in the next cycle, once the core commits the
// load (commit_i: its checks, registered, passed).
//
// Reads: every readable register is a few bits of device state, so the read
// data is one AND-OR over them (each 64-bit counter gives its HI or LO half
// by bit 2), registered in the request cycle, and every read, RAM or
// device, returns its data the cycle after the request.  A load of a
// counter returns its value when the load began (docs/isa.md §6,
// docs/rtl.md "Counters"): INSTRET as it is in the request cycle (the
// load's own retirement is not counted yet), TIME as it was in the cycle
// before, the load's X cycle.
`default_nettype none
`include "vm74_arch.vh"

module vm74_bus (
    input  wire        clk_i,
    input  wire        rst_ni,
    // From the core.
    input  wire        req_i,
    input  wire        we_i,
    input  wire        commit_i,        // last cycle's load passed its checks (pop)
    input  wire [31:0] addr_i,
    input  wire [31:0] daddr_i,         // addr_i but the core's loads in X (registers)
    input  wire        dev_we_i,        // a device store writes now ...
    input  wire [31:0] dev_waddr_i,     // ... at this address
    output wire [31:0] rdata_o,
    output wire [31:0] dev_rdata_o,     // a device read's data (registered)
    // RAM.
    output wire        ram_req_o,
    output wire        ram_we_o,        // a RAM write (the core writes from registers)
    input  wire [31:0] ram_rdata_i,
    // Device strobes (with the core's write data).
    output wire        uart_tx_we_o,    // TXDATA store
    output wire        uart_rx_pop_o,   // RXDATA load
    output wire        cmp_lo_we_o,     // CMP_LO store
    output wire        cmp_hi_we_o,     // CMP_HI store
    output wire        exit_we_o,       // SIMCTL_EXIT store
    // Device state read through the registers.
    input  wire        uart_rx_valid_i,
    input  wire [7:0]  uart_rx_byte_i,
    input  wire        uart_tx_ready_i,
    input  wire [63:0] time_i,          // TIME = CYCLE
    input  wire [63:0] cmp_i,
    input  wire [63:0] instret_s_i,
    input  wire [63:0] instret_u_i
);
    // The map this decoder assumes (include/vm74_arch.h); elaboration stops
    // at a module that does not exist if it changes.
    generate
        if (`VM74_MMIO_BASE != 32'h1000_0000 ||
            `VM74_UART_TXDATA != 32'h1000_0000 || `VM74_UART_RXDATA != 32'h1000_0004 ||
            `VM74_UART_STATUS != 32'h1000_0008 ||
            `VM74_TIMER_TIME_LO != 32'h1000_1000 || `VM74_TIMER_TIME_HI != 32'h1000_1004 ||
            `VM74_TIMER_CMP_LO != 32'h1000_1008 || `VM74_TIMER_CMP_HI != 32'h1000_100c ||
            `VM74_PERF_CYCLE_LO != 32'h1000_2000 || `VM74_PERF_CYCLE_HI != 32'h1000_2004 ||
            `VM74_PERF_INSTRET_S_LO != 32'h1000_2008 ||
            `VM74_PERF_INSTRET_S_HI != 32'h1000_200c ||
            `VM74_PERF_INSTRET_U_LO != 32'h1000_2010 ||
            `VM74_PERF_INSTRET_U_HI != 32'h1000_2014 ||
            `VM74_SIMCTL_EXIT != 32'h1000_3000) begin : g_map_changed
            vm74_bus_decoder_needs_the_new_map u_stop ();
        end
    endgenerate

    // The device decode reads daddr_i, the address from registers: the
    // core also reads RAM in a load's execute cycle, at the end of its
    // address chain (addr_i), and then uses only the RAM's data.
    wire dev = daddr_i[28];
    wire pg1 = daddr_i[12], pg2 = daddr_i[13];
    wire uart_pg = ~pg2 & ~pg1;
    wire timer_pg = ~pg2 & pg1;
    wire perf_pg = pg2 & ~pg1;
    (* keep *) wire hi;
    assign hi = daddr_i[2];

    // ---- Strobes ---------------------------------------------------------
    wire w_pg1 = dev_waddr_i[12], w_pg2 = dev_waddr_i[13];
    assign ram_req_o = req_i & ~addr_i[28];
    // The core requests every write it makes (its trap and store writes),
    // so the write strobe needs no request term: it comes from registers,
    // not through the port's request mux (vm74_spram's writes).
    assign ram_we_o = we_i & ~dev;
    assign uart_tx_we_o = dev_we_i & ~w_pg2 & ~w_pg1 & ~dev_waddr_i[3] & ~dev_waddr_i[2];
    assign cmp_lo_we_o = dev_we_i & ~w_pg2 & w_pg1 & dev_waddr_i[3] & ~dev_waddr_i[2];
    assign cmp_hi_we_o = dev_we_i & ~w_pg2 & w_pg1 & dev_waddr_i[3] & dev_waddr_i[2];
    assign exit_we_o = dev_we_i & w_pg2 & w_pg1;
    // A load is issued before its checks are known (the core's S_MEM):
    // its one side effect waits for them in the next cycle, when they come
    // from a register (the pop comes the cycle after the read, before any
    // later load can read the UART).
    reg rx_read_q;
    always @(posedge clk_i) begin
        if (!rst_ni)
            rx_read_q <= 1'b0;
        else
            rx_read_q <= req_i & ~we_i & dev & uart_pg & hi;
    end
    assign uart_rx_pop_o = rx_read_q & commit_i;

    // ---- Read data ---------------------------------------------------------
    // TIME: TIMER +0/+4 and PERF +0/+4; CMP: TIMER +8/+C; INSTRET_S: PERF
    // +8/+C; INSTRET_U: PERF +10/+14 (the only registers with bit 4 set).
    // UART: RXDATA (+4) and STATUS (+8); TXDATA and SIMCTL_EXIT read 0.
    // The selects and the four counter terms are kept as they are written
    // (one LUT per term and bit: select & (HI ? high half : low half)), so
    // that ABC does not smear the decode into the data.
    (* keep *) wire sel_time, sel_cmp, sel_s, sel_u;
    assign sel_time = ~daddr_i[4] & ~daddr_i[3] & (pg2 ^ pg1);
    assign sel_cmp = timer_pg & daddr_i[3];
    assign sel_s = perf_pg & daddr_i[3];
    assign sel_u = daddr_i[4];
    wire sel_rx = uart_pg & hi;
    wire sel_st = uart_pg & daddr_i[3];

    // TIME one cycle late.  The core decides in a load's X cycle, from
    // that cycle's TIME >= CMP, that no interrupt comes first; the request
    // is the next cycle, when TIME is one more, and may have reached CMP.
    // A load returning that would have retired past a due interrupt.
    reg [63:0] time_x_q;
    always @(posedge clk_i) begin
        if (!rst_ni)
            time_x_q <= 64'd0;
        else
            time_x_q <= time_i;
    end

    (* keep *) wire [31:0] rd_time, rd_cmp, rd_s, rd_u;
    assign rd_time = {32{sel_time}} & (hi ? time_x_q[63:32] : time_x_q[31:0]);
    assign rd_cmp = {32{sel_cmp}} & (hi ? cmp_i[63:32] : cmp_i[31:0]);
    assign rd_s = {32{sel_s}} & (hi ? instret_s_i[63:32] : instret_s_i[31:0]);
    assign rd_u = {32{sel_u}} & (hi ? instret_u_i[63:32] : instret_u_i[31:0]);
    wire [31:0] rd_uart = sel_rx ? (uart_rx_valid_i ? {24'd0, uart_rx_byte_i} :
                                                       `VM74_UART_RX_EMPTY) :
                          sel_st ? ((uart_tx_ready_i ? `VM74_UART_STATUS_TX_READY : 32'd0) |
                                    (uart_rx_valid_i ? `VM74_UART_STATUS_RX_READY : 32'd0)) :
                          32'd0;
    wire [31:0] dev_rdata = rd_time | rd_cmp | rd_s | rd_u | rd_uart;

    // Registered every cycle, not only on a read: a read's data is used
    // only in the cycle after it, and the fetch's requests (which never
    // reach a device) stay out of these registers' enables.
    reg        dev_q;
    reg [31:0] dev_rdata_q;
    always @(posedge clk_i) begin
        if (!rst_ni) begin
            dev_q <= 1'b0;
            dev_rdata_q <= 32'd0;
        end else begin
            dev_q <= addr_i[28];
            dev_rdata_q <= dev_rdata;
        end
    end

    assign rdata_o = dev_q ? dev_rdata_q : ram_rdata_i;
    assign dev_rdata_o = dev_rdata_q;
endmodule

`default_nettype wire
