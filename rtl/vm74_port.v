// vm74_port: the one memory port's arbiter.  One user per cycle by
// construction, the address chosen by registered state only, in this
// order:
//   the trap unit's sequence (t_busy_i: vm74_trap's port_o; LPSW's reads
//   from its S_MEM on)
//   a store's write cycle (st_go_i, after its checks passed)
//   X's read: a load's in S_MEM (x_read_i)
//   a load's read in its execute cycle (x_fast_i), at x_addr_i: the end of
//   X's address chain, so it enters the address's last LUT
//   else the fetch stream, which issues only when port_free_o says so
`default_nettype none

module vm74_port (
    // The trap unit.
    input  wire        t_busy_i,
    input  wire        t_req_i,
    input  wire        t_we_i,
    input  wire [31:0] t_addr_i,
    input  wire [31:0] t_wdata_i,
    // X's data access, at the physical address of its checks.
    input  wire        st_go_i,     // a store's write cycle
    input  wire        st_dev_i,    // ... to a device register
    input  wire        x_read_i,    // a load's read in S_MEM
    input  wire [31:0] pa_i,
    input  wire        x_fast_i,    // a load's read in its execute cycle ...
    input  wire [31:0] x_addr_i,    // ... at this address (late)
    input  wire [3:0]  st_be_i,
    input  wire [31:0] st_data_i,
    // The fetch stream.
    input  wire        f_req_i,
    input  wire [31:0] f_paddr_i,
    output wire        port_free_o, // the fetch may issue
    // The port.
    output reg         bus_req_o,
    output reg         bus_we_o,
    output reg  [31:0] bus_addr_o,
    output wire [31:0] bus_daddr_o, // ... but never x_addr_i (see below)
    output reg  [3:0]  bus_be_o,
    output reg  [31:0] bus_wdata_o,
    output wire [31:0] dev_wdata_o, // the data a device store writes
    output wire        dev_we_o,    // ... now, at dev_waddr_o
    output wire [31:0] dev_waddr_o
);
    assign port_free_o = ~x_read_i & ~x_fast_i & ~st_go_i & ~t_busy_i;

    // The address of every user but the execute cycle's load, from
    // registers; kept apart so that x_addr_i enters last.
    (* keep *) wire [31:0] addr_early;
    assign addr_early = t_busy_i ? t_addr_i : (st_go_i | x_read_i) ? pa_i : f_paddr_i;
    // The address but X's and the trap unit's: the RAM's write enables and
    // the device decode read this one, so that they wait neither for X's
    // address chain (that read is a load's, which writes nothing and uses
    // only RAM data) nor for LPSW's operand address (the trap unit's reads
    // are of RAM, checked, and its writes of low memory: RAM's first bank).
    assign bus_daddr_o = t_busy_i ? 32'd0 : (st_go_i | x_read_i) ? pa_i : f_paddr_i;

    always @(*) begin
        bus_req_o = 1'b0;
        bus_we_o = 1'b0;
        bus_addr_o = x_fast_i ? x_addr_i : addr_early;
        bus_be_o = 4'b1111;
        bus_wdata_o = st_data_i;
        if (t_busy_i) begin
            bus_req_o = t_req_i;
            bus_we_o = t_we_i;
            bus_wdata_o = t_wdata_i;
        end else if (st_go_i) begin
            bus_req_o = 1'b1;
            bus_we_o = 1'b1;
            bus_be_o = st_be_i;
            bus_wdata_o = st_data_i;
        end else if (x_read_i | x_fast_i) begin
            bus_req_o = 1'b1;
        end else begin
            bus_req_o = f_req_i;
        end
    end

    // Only a store's write cycle (st_go_i) writes a device (the trap
    // sequence's writes are to low memory), so the devices take its data
    // register straight, not through the port's mux: the timer compares it
    // in a carry chain in the same cycle.
    assign dev_wdata_o = st_data_i;
    // Likewise its strobe and address, from registers: the port's mux (the
    // trap sequencer's state) is not in front of the devices' enables.
    assign dev_we_o = st_go_i & st_dev_i;
    assign dev_waddr_o = pa_i;
endmodule

`default_nettype wire
