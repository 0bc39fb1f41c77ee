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

module vm74_rvfi (
    input  wire        clk_i,
    input  wire        rst_ni,
    // This cycle's record: a step retires (or traps) now.
    input  wire        valid_i,
    input  wire [31:0] pc_i,
    input  wire [31:0] insn_i,
    input  wire        mode_i,
    input  wire        trap_i,
    input  wire        intr_i,
    input  wire [4:0]  rd_i,
    input  wire [31:0] rd_wdata_i,
    input  wire [4:0]  cause_i,
    input  wire [31:0] info_i,
    input  wire [4:0]  mem_size_i,
    input  wire        mem_write_i,
    input  wire [31:0] mem_addr_i,
    input  wire [31:0] mem_paddr_i,
    input  wire [31:0] mem_data_i,
    input  wire        next_mode_i,
    input  wire        next_ie_i,
    input  wire [31:0] next_pc_i,
    input  wire [31:0] next_base_i,
    input  wire [31:0] next_bound_i,
    // For the counters (see retire_o).
    input  wire        count_i,     // valid_i but for RAM stores
    input  wire        st_write_i,  // a RAM store's write cycle: it retired
    output wire        retire_o,    // an instruction retired
    output wire        retire_mode_o,
    // The record.
    output reg         rvfi_valid,
    output reg  [63:0] rvfi_order,
    output reg  [31:0] rvfi_pc,
    output reg  [31:0] rvfi_insn,
    output reg         rvfi_mode,
    output reg         rvfi_trap,
    output reg         rvfi_intr,
    output reg  [4:0]  rvfi_rd,
    output reg  [31:0] rvfi_rd_wdata,
    output reg  [4:0]  rvfi_cause,
    output reg  [31:0] rvfi_info,
    output reg  [4:0]  rvfi_mem_size,
    output reg         rvfi_mem_write,
    output reg  [31:0] rvfi_mem_addr,
    output reg  [31:0] rvfi_mem_paddr,
    output reg  [31:0] rvfi_mem_data,
    output reg         rvfi_next_mode,
    output reg         rvfi_next_ie,
    output reg  [31:0] rvfi_next_pc,
    output reg  [31:0] rvfi_next_base,
    output reg  [31:0] rvfi_next_bound
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
            rvfi_valid <= 1'b0;
            rvfi_order <= 64'd0;
            rvfi_pc <= 32'd0;
            rvfi_insn <= 32'd0;
            rvfi_mode <= 1'b0;
            rvfi_trap <= 1'b0;
            rvfi_intr <= 1'b0;
            rvfi_rd <= 5'd0;
            rvfi_rd_wdata <= 32'd0;
            rvfi_cause <= 5'd0;
            rvfi_info <= 32'd0;
            rvfi_mem_size <= 5'd0;
            rvfi_mem_write <= 1'b0;
            rvfi_mem_addr <= 32'd0;
            rvfi_mem_paddr <= 32'd0;
            rvfi_mem_data <= 32'd0;
            rvfi_next_mode <= 1'b0;
            rvfi_next_ie <= 1'b0;
            rvfi_next_pc <= 32'd0;
            rvfi_next_base <= 32'd0;
            rvfi_next_bound <= 32'd0;
        end else begin
            rvfi_valid <= valid_i;
            rvfi_order <= order_d;
            rvfi_pc <= pc_i;
            rvfi_insn <= insn_i;
            rvfi_mode <= mode_i;
            rvfi_trap <= trap_i;
            rvfi_intr <= intr_i;
            rvfi_rd <= rd_i;
            rvfi_rd_wdata <= rd_wdata_i;
            rvfi_cause <= cause_i;
            rvfi_info <= info_i;
            rvfi_mem_size <= mem_size_i;
            rvfi_mem_write <= mem_write_i;
            rvfi_mem_addr <= mem_addr_i;
            rvfi_mem_paddr <= mem_paddr_i;
            rvfi_mem_data <= mem_data_i;
            rvfi_next_mode <= next_mode_i;
            rvfi_next_ie <= next_ie_i;
            rvfi_next_pc <= next_pc_i;
            rvfi_next_base <= next_base_i;
            rvfi_next_bound <= next_bound_i;
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
