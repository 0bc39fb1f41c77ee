// vm74_bus: routes the core's one memory port to the RAM or to a device.
//
// The core has already checked the access (docs/isa.md §2), so a physical
// address at or above MMIO_BASE is a device register, and anything else is
// RAM.  Device read data is registered here so that every read, RAM or
// device, returns its data the cycle after the request.
`default_nettype none
`include "vm74_arch.vh"

module vm74_bus (
    input  wire        clk_i,
    input  wire        rst_ni,
    // From the core.
    input  wire        req_i,
    input  wire        we_i,
    input  wire [31:0] addr_i,
    output wire [31:0] rdata_o,
    // RAM.
    output wire        ram_req_o,
    input  wire [31:0] ram_rdata_i,
    // Devices: one select each, shared address/data/write.
    output wire        uart_sel_o,
    output wire        timer_sel_o,
    output wire        simctl_sel_o,
    input  wire [31:0] uart_rdata_i,
    input  wire [31:0] timer_rdata_i,
    input  wire [31:0] perf_rdata_i
);
    localparam [31:0] UART_PAGE = `VM74_UART_TXDATA;
    localparam [31:0] TIMER_PAGE = `VM74_TIMER_TIME_LO;
    localparam [31:0] PERF_PAGE = `VM74_PERF_CYCLE_LO;
    localparam [31:0] SIMCTL_PAGE = `VM74_SIMCTL_EXIT;

    wire is_dev = (addr_i >= `VM74_MMIO_BASE);
    wire [19:0] page = addr_i[31:12];
    wire perf_sel = req_i & (page == PERF_PAGE[31:12]);

    assign ram_req_o = req_i & ~is_dev;
    assign uart_sel_o = req_i & (page == UART_PAGE[31:12]);
    assign timer_sel_o = req_i & (page == TIMER_PAGE[31:12]);
    assign simctl_sel_o = req_i & (page == SIMCTL_PAGE[31:12]);

    reg [31:0] dev_rdata;
    always @(*) begin
        if (uart_sel_o)
            dev_rdata = uart_rdata_i;
        else if (timer_sel_o)
            dev_rdata = timer_rdata_i;
        else if (perf_sel)
            dev_rdata = perf_rdata_i;
        else
            dev_rdata = 32'd0; // SIMCTL_EXIT is write-only
    end

    reg        dev_q, dev_d;
    reg [31:0] dev_rdata_q, dev_rdata_d;
    always @(*) begin
        dev_d = dev_q;
        dev_rdata_d = dev_rdata_q;
        if (req_i && !we_i) begin
            dev_d = is_dev;
            dev_rdata_d = dev_rdata;
        end
    end

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            dev_q <= 1'b0;
            dev_rdata_q <= 32'd0;
        end else begin
            dev_q <= dev_d;
            dev_rdata_q <= dev_rdata_d;
        end
    end

    assign rdata_o = dev_q ? dev_rdata_q : ram_rdata_i;
endmodule

`default_nettype wire
