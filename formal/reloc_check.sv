// reloc_check: vm74_reloc against spec_access for every input (docs/formal.md
// property "reloc").  Combinational: a one-step check with the inputs free
// covers every (l, b, a, n, kind, RAM size).
//
// The core's side of the interface, which this check assumes and the core
// check (core_check.sv) holds the core to: p_i = (l + a) mod 2^32,
// hi_i = l + b (33 bits), base_i = l[31:2], ge_lo_i and lt_lo_i =
// vm74_reloc_lo's on the same p (registered beside p in the core).
`default_nettype none
`include "vm74_arch.vh"

module reloc_check (
    input wire [31:0] l_any,
    input wire [31:0] b,
    input wire [31:0] a,
    input wire [1:0]  n_sel,
    input wire        dev_ok,
    input wire [31:0] ram_size
);
    wire [31:0] l = {l_any[31:2], 2'b00};   // §1: l is word-aligned
    wire [4:0]  n = (n_sel == 2'd0) ? 5'd1 : (n_sel == 2'd1) ? 5'd2 :
                    (n_sel == 2'd2) ? 5'd4 : 5'd16;

    // docs/isa.md §6: a multiple of 4 KiB, 4 KiB to 256 MiB.
    always @(*)
        assume(ram_size[11:0] == 12'd0 && ram_size >= `VM74_RAM_SIZE_MIN &&
               ram_size <= `VM74_RAM_SIZE_MAX);

    wire [31:0] p = l + a;
    wire [32:0] hi = {1'b0, l} + {1'b0, b};
    wire        ge_lo, lt_lo;
    vm74_reloc_lo lo (
        .p_i (p[17:0]), .n_i (n), .hi_i (hi[15:0]), .base_i (l[17:2]),
        .ge_lo_o (ge_lo), .lt_lo_o (lt_lo)
    );
    wire        mis, fault, over, under, rest;
    vm74_reloc dut (
        .p_i (p), .n_i (n), .ge_lo_i (ge_lo), .lt_lo_i (lt_lo), .dev_ok_i (dev_ok),
        .base_i (l[31:2]), .hi_i (hi), .ram_size_i (ram_size),
        .misaligned_o (mis), .fault_o (fault),
        .over_o (over), .under_o (under), .rest_o (rest)
    );

    wire spec_mis, spec_ok;
    wire [31:0] spec_p;
    spec_access spec (
        .l (l), .b (b), .a (a), .n (n), .dev_ok (dev_ok), .ram_size (ram_size),
        .misaligned (spec_mis), .ok (spec_ok), .p (spec_p)
    );

    always @(*) begin
        assert(mis == spec_mis);
        if (!spec_mis)
            assert(fault == !spec_ok);
        assert(fault == (over | under | rest));
        assert(p == spec_p);
    end
endmodule

`default_nettype wire
