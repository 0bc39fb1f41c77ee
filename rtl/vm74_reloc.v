// vm74_reloc: the checks of one access (docs/isa.md §2), made on its
// physical address p = (l + a) mod 2^32 alone, which the stage before has
// already computed and registered, so that no adder sits in front of the
// compares.  The core keeps hi = l + b (33 bits) in a register.
//
// n bytes at logical a under R = (l, b), with RAM of ram_size bytes:
//   1 misaligned  a mod min(n, 4) != 0          (p's low bits are a's: l is
//                                                a multiple of 4)
//   2 bound       a + n > b
//   3 wrap        l + a + n > 2^32
//   4 nothing     p + n > ram_size, unless a word data access (dev_ok_i)
//                 to one device register
// For an aligned access:
//   * 3: l + a wraps exactly when p < l; for n = 16 the last byte also
//     wraps when p[31:4] are all ones and p[3:2] != 0;
//   * 2 (without wrap, p = l + a): a + n <= b is p + n <= hi; for n <= 4
//     the last byte p | (n - 1) must be below hi, for n = 16 p + 16 <= hi
//     (see chain_ge: one compare chain for both, no hi - 16);
//   * 4: p's 4 KiB page against ram_size's (a multiple of 4 KiB); with
//     n = 16 the last byte is in the next page when p[11:4] are all ones
//     and p[3:2] != 0.
`default_nettype none
`include "vm74_arch.vh"

module vm74_reloc (
    input  wire [31:0] p_i,        // (l + a) mod 2^32
    input  wire [4:0]  n_i,        // 1, 2, 4 or 16
    input  wire        ge_lo_i,    // the compares' low parts, made on the
    input  wire        lt_lo_i,    // same p by vm74_reloc_lo a cycle before
                                   // and registered (see there)
    input  wire        dev_ok_i,   // a LW/SW: may reach a device register
    input  wire [31:2] base_i,     // l (its bits 1:0 are 0)
    input  wire [32:0] hi_i,       // l + b
    input  wire [31:0] ram_size_i, // a multiple of 4 KiB
    output wire        misaligned_o,
    output wire        fault_o,    // checks 2-4 (only meaningful if aligned)
    // fault_o in three parts, for a user whose flip-flops take the two
    // compare chains' ends in their last LUT (ABC does not know that the
    // chains' carries arrive last): fault_o = over_o | under_o | rest_o.
    output wire        over_o,     // the bound compare's chain: past l + b
    output wire        under_o,    // the wrap compare's chain: p < l
    output wire        rest_o      // the rest, a few LUTs from the inputs
);
    wire n16 = n_i[4];

    assign misaligned_o = (n_i == 5'd1) ? 1'b0 :
                          (n_i == 5'd2) ? p_i[0] : (p_i[1:0] != 2'b00);

    // 3 wrap.
    wire line_cross = n16 & (p_i[3:2] != 2'b00);  // last byte in the next line
    // The low 16 bits of the compare come registered (lt_lo_i), as above.
    (* keep *) wire wrap_lt;
    assign wrap_lt = {p_i[31:18], ~lt_lo_i} < {base_i[31:18], 1'b1};
    wire wrap_line = line_cross & (p_i[31:4] == 28'hfff_ffff);

    // 2 bound, in 16-byte lines: Q = p[31:4] against G = hi[32:4].
    //   n <= 4: the last byte {p[31:2], p[1:0] | (n - 1)} >= hi: the one
    //     compare chain, {Q, lo4} >= hi.
    //   n = 16: p + 16 > hi.  With p = 16Q + 4r, hi = 16G + 4s + t (t < 4),
    //     that is 4(Q + 1 - G) > s - r, where |s - r| <= 3: Q >= G, or
    //     Q + 1 = G and r > s.  The same chain says Q >= G (lo4 is all
    //     ones); Q + 1 = G is tested without a carry chain, beside it.
    //     (hi < 16 is G = 0: Q >= G, every n = 16 access faults.)
    // So there is no l + b - 16 to keep, and only one compare chain.
    // Its low 16 bits come registered from vm74_reloc_lo (ge_lo_i), so the
    // chain here is the upper 17 bits, with the low part as its carry in.
    (* keep *) wire chain_ge;
    assign chain_ge = {1'b0, p_i[31:16], ge_lo_i} >= {hi_i[32:16], 1'b1};
    // Q + 1 = G bit by bit: G's bit i is Q's plus the carry into it, so
    // that carry must be q ^ g; it is 1 into bit 0 and q & ~g of the bit
    // below (the carry out of a bit whose sum came out as g).  Each bit's
    // test reads two bits of Q and G: a LUT each, then an AND.
    wire [28:0] q = {1'b0, p_i[31:4]};
    wire [28:0] g = hi_i[32:4];
    wire        q1_is_g = ((q ^ g) == {q[27:0] & ~g[27:0], 1'b1});
    wire        bound_line = n16 & (p_i[3:2] > hi_i[3:2]) & q1_is_g;

    // 4 in RAM or one device register.  For synthesis the page compare is
    // written out bit by bit, not as `<`, which Yosys makes a carry chain
    // even when the RAM size is a constant (the board's): then it is a few
    // LUTs, the upper page bits all zero.  Verilator would evaluate those
    // 20 steps one by one in every cycle: simulation has the `<`.
    wire [19:0] p_pg = p_i[31:12];
    wire [19:0] r_pg = ram_size_i[31:12];
`ifdef SYNTHESIS
    function automatic page_below(input [19:0] x, input [19:0] y);
        integer i;
        begin
            page_below = 1'b0;
            for (i = 0; i < 20; i = i + 1)
                page_below = (~x[i] & y[i]) | (~(x[i] ^ y[i]) & page_below);
        end
    endfunction
    wire        pg_below = page_below(p_pg, r_pg);
`else
    wire        pg_below = p_pg < r_pg;
`endif
    wire        pg_cross = line_cross & (p_i[11:4] == 8'hff);
    wire        in_ram = pg_below & ~(pg_cross & (p_pg == r_pg - 20'd1));

    reg is_reg;
    always @(*) begin
        case (p_i)   // include/vm74_arch.h's VM74_DEVICE_REGISTERS
            `VM74_DEVICE_REGISTER_CASES: is_reg = 1'b1;
            default:                     is_reg = 1'b0;
        endcase
    end
    wire dev = dev_ok_i && n_i[2] && is_reg;
`ifdef SYNTHESIS   // simulation: below
    (* keep *) wire rest;
    assign rest = bound_line | wrap_line | ~(in_ram | dev);
    assign over_o = chain_ge;
    assign under_o = wrap_lt;
    assign rest_o = rest;
    assign fault_o = chain_ge | wrap_lt | rest;
`else
    // The same in simulation, each part read only where it can matter:
    // below 16 bytes nothing crosses a line or a page (bound_line,
    // wrap_line are 0, in_ram is pg_below), a device register only outside
    // RAM, and 16 bytes are never one (dev is 0).  As an OR the model
    // evaluated every part, the device register list's compares too, in
    // every cycle.  (The synthesized lines keep their numbers, and so the
    // netlist: docs/rtl.md "Simulation speed".)
    reg rest;
    always @(*) begin
        if (n16)
            rest = bound_line | wrap_line | ~in_ram;
        else if (pg_below)
            rest = 1'b0;
        else
            rest = ~(dev_ok_i & n_i[2] & is_reg);
    end
    assign over_o = chain_ge;
    assign under_o = wrap_lt;
    assign rest_o = rest;
    assign fault_o = chain_ge | wrap_lt | rest;
`endif
endmodule

`default_nettype wire
