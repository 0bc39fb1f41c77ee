// vm74_timer: the 64-bit TIME counter (one per clock) and CMP (docs/isa.md §6).
// The interrupt is pending while TIME >= CMP.
`default_nettype none
`include "vm74_arch.vh"

module vm74_timer (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        sel_i,
    input  wire        we_i,
    input  wire [31:0] addr_i,
    input  wire [31:0] wdata_i,
    output reg  [31:0] rdata_o,
    output wire [63:0] time_o,
    output wire        pending_o,
    output wire        disarmed_o
);
    // Backdoor: the harness may read these while the core is idle.
    reg [63:0] time_q /* verilator public_flat_rw */;
    reg [63:0] cmp_q  /* verilator public_flat_rw */;
    reg [63:0] cmp_d;

    always @(*) begin
        cmp_d = cmp_q;
        if (sel_i && we_i) begin
            if (addr_i == `VM74_TIMER_CMP_LO)
                cmp_d[31:0] = wdata_i;
            else if (addr_i == `VM74_TIMER_CMP_HI)
                cmp_d[63:32] = wdata_i;
        end
    end

    always @(*) begin
        case (addr_i)
            `VM74_TIMER_TIME_LO: rdata_o = time_q[31:0];
            `VM74_TIMER_TIME_HI: rdata_o = time_q[63:32];
            `VM74_TIMER_CMP_LO:  rdata_o = cmp_q[31:0];
            `VM74_TIMER_CMP_HI:  rdata_o = cmp_q[63:32];
            default:             rdata_o = 32'd0;
        endcase
    end

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            time_q <= 64'd0;
            cmp_q <= 64'hffff_ffff_ffff_ffff;
        end else begin
            time_q <= time_q + 64'd1;
            cmp_q <= cmp_d;
        end
    end

    assign time_o = time_q;
    assign pending_o = (time_q >= cmp_q);
    assign disarmed_o = (cmp_q == 64'hffff_ffff_ffff_ffff);
endmodule

`default_nettype wire
