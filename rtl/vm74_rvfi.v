// vm74_rvfi: the retirement record (docs/rtl.md "Retirement port"), one per
// step in program order, registered: it appears with the state it
// describes, one cycle after the step's last cycle.  The controller says
// what retires and with which fields (rv_* in vm74_core); this module
// numbers the records and holds them.
//
// Simulation only, but for retire_o: the board leaves the record
// unconnected and synthesis removes it, except the trap bit the counters
// read.
`default_nettype none
`include "vm74_arch.vh"

module vm74_rvfi (
    input  wire        clk_i,
    input  wire        rst_ni,
    // This cycle's record: a step retires (or traps) now.
    input  wire        valid_i,
    `VM74_RVFI_INPUTS   // the fields (sim/vm74_api.h) but order, and next_*
    // For the counters (see retire_o).
    input  wire        count_i,     // valid_i but for RAM stores
    input  wire        st_write_i,  // a RAM store's write cycle: it retired
    output wire        retire_o,    // an instruction retired
    output wire        retire_mode_o,
    // The record: rvfi_valid, rvfi_<field> (sim/vm74_api.h's
    // VM74_RETIRE_FIELDS), rvfi_next_<PSW field>.
    `VM74_RVFI_PORTS(reg)
);
    // Records emitted so far, this cycle's included: the next record's order.
    reg  [63:0] order_q;
    wire [63:0] order_d = order_q + {63'd0, rvfi_valid};

    always @(posedge clk_i) begin
        if (!rst_ni)
            order_q <= 64'd0;
        else
            order_q <= order_d;
    end

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            `VM74_RVFI_RESET
        end else begin
            rvfi_valid <= valid_i;
            rvfi_order <= order_d;
            `VM74_RVFI_LOAD
        end
    end

    // From registers: the counters see a retirement one cycle later, still
    // before any later load's memory cycle reads them.  The record's valid
    // bit but for RAM stores (count_q), whose retirement is their write
    // cycle (st_write_i, which needs their checks passed, as the record
    // does): so no compare chain of the checks is in front of the counters.
    reg count_q;
    always @(posedge clk_i) begin
        if (!rst_ni)
            count_q <= 1'b0;
        else
            count_q <= count_i;
    end
    assign retire_o = (count_q & ~rvfi_trap) | st_write_i;
`ifndef SYNTHESIS
    always @(posedge clk_i)
        if (rst_ni && retire_o != (rvfi_valid & ~rvfi_trap))
            $fatal(1, "vm74_rvfi: retire_o %0d, but the record says %0d (pc %08x)",
                   retire_o, rvfi_valid & ~rvfi_trap, rvfi_pc);
`endif
    assign retire_mode_o = rvfi_mode;
endmodule

`default_nettype wire
