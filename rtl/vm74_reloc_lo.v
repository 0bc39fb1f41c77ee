`default_nettype none

// vm74_reloc_lo: the low parts of vm74_reloc's two compare chains, made
// where p is computed (the end of X's address chain, whose low bits come
// first) and registered beside p, so that the check's cycle has half the
// chains left:
//   ge_lo_o  {p[15:4], lo4} >= hi[15:0], lo4 the last byte's low bits:
//            {p[3:2], p[1:0] | (n - 1)} for n <= 4, all ones for n = 16
//   lt_lo_o  p[17:2] < l[17:2]
module vm74_reloc_lo (
    input  wire [17:0] p_i,        // p's bits 17:0
    input  wire [4:0]  n_i,        // 1, 2, 4 or 16
    input  wire [15:0] hi_i,       // (l + b)'s bits 15:0
    input  wire [17:2] base_i,     // l's bits 17:2
    output wire        ge_lo_o,
    output wire        lt_lo_o
);
    wire [3:0] lo4 = p_i[3:0] | {{2{n_i[4]}}, n_i[4] | n_i[2], n_i[4] | n_i[2] | n_i[1]};
    assign ge_lo_o = {p_i[15:4], lo4} >= hi_i;
    assign lt_lo_o = p_i[17:2] < base_i;
endmodule

`default_nettype wire
