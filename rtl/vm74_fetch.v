// vm74_fetch: the fetch stage.  Relocates and checks the address of the next
// instruction (docs/isa.md §2 with n = 4), issues the RAM read, and tells the
// execute stage next cycle whether it holds an instruction (the RAM's read
// data) or a fetch fault.
`default_nettype none
`include "vm74_arch.vh"

module vm74_fetch (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        want_i,     // the core wants the instruction at pc_i
    input  wire        allow_i,    // not halted (or a step credit), not exited
    input  wire        flush_i,    // drop whatever was fetched (restart)
    input  wire [31:0] pc_i,       // logical P, under the R below
    input  wire [31:0] base_i,
    input  wire [31:0] bound_i,
    input  wire [31:0] ram_size_i,
    output wire        go_o,       // a fetch issues this cycle
    output wire        req_o,      // ... and it reads RAM (no fault)
    output wire [31:0] paddr_o,
    output wire        valid_o,    // execute stage holds a fetched step
    output wire        fault_o,    // ... which is a fetch fault
    output wire [4:0]  cause_o     // FETCH_MISALIGNED or FETCH_FAULT
);
    wire misaligned, fault, device_unused;

    vm74_reloc u_reloc (
        .a_i          (pc_i),
        .n_i          (5'd4),
        .dev_ok_i     (1'b0),
        .base_i       (base_i),
        .bound_i      (bound_i),
        .ram_size_i   (ram_size_i),
        .misaligned_o (misaligned),
        .fault_o      (fault),
        .paddr_o      (paddr_o),
        .device_o     (device_unused)
    );

    reg       valid_q, valid_d;
    reg       fault_q, fault_d;
    reg [4:0] cause_q, cause_d;

    assign go_o = want_i & allow_i;
    assign req_o = go_o & ~misaligned & ~fault;

    always @(*) begin
        valid_d = go_o & ~flush_i;
        fault_d = misaligned | fault;
        cause_d = misaligned ? `VM74_CAUSE_FETCH_MISALIGNED
                             : `VM74_CAUSE_FETCH_FAULT;
    end

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            valid_q <= 1'b0;
            fault_q <= 1'b0;
            cause_q <= 5'd0;
        end else begin
            valid_q <= valid_d;
            fault_q <= fault_d;
            cause_q <= cause_d;
        end
    end

    assign valid_o = valid_q;
    assign fault_o = fault_q;
    assign cause_o = cause_q;
endmodule

`default_nettype wire
