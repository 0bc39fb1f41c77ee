// vm74_btb: the fetch stream's table of taken jumps, in block RAM.  An
// entry says "the word issued after the word at this index is a jump the
// fetch guesses taken, at this address, to this target" (vm74_fetch).
// It is only a hint: the fetch checks every answer against the jump's
// word when it arrives, so any contents are safe.
//
// One read port with a read enable, one write port.  After reset the table
// clears itself, an entry a cycle (256 cycles), and answers "no entry"
// meanwhile, so that a run's cycles do not depend on what an earlier run
// left in it.
`default_nettype none

module vm74_btb (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        re_i,       // read the entry at ra_i ...
    input  wire [7:0]  ra_i,
    output wire        hit_ok_o,   // ... answered next cycle, held until the next read
    output wire [14:0] tag_o,      // the jump's address, bits 16:2
    output wire [15:0] tgt_o,      // its target, bits 17:2
    input  wire        we_i,
    input  wire [7:0]  wa_i,
    input  wire        wvalid_i,
    input  wire [14:0] wtag_i,
    input  wire [15:0] wtgt_i
);
    // no_rw_check: a read of the entry written at the same edge may return
    // either; without it Yosys adds a bypass of flip-flops and muxes.
    (* no_rw_check *) reg [31:0] tab [0:255];
    reg [31:0] q;
    reg [7:0]  clr_q;        // the entry cleared now, while clearing
    reg        ready_q;      // cleared: answers count
    reg        q_ok_q;       // q was read from the cleared table

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            clr_q <= 8'd0;
            ready_q <= 1'b0;
        end else if (!ready_q) begin
            clr_q <= clr_q + 8'd1;
            ready_q <= (clr_q == 8'd255);
        end
    end

    // Clearing writes an invalid entry; its other bits do not matter.
    always @(posedge clk_i) begin
        if (we_i || !ready_q)
            tab[ready_q ? wa_i : clr_q] <= {wvalid_i & ready_q, wtag_i, wtgt_i};
        if (re_i)
            q <= tab[ra_i];
    end

    always @(posedge clk_i) begin
        if (!rst_ni)
            q_ok_q <= 1'b0;
        else if (re_i)
            q_ok_q <= ready_q;
    end

    assign hit_ok_o = q[31] & q_ok_q;
    assign tag_o = q[30:16];
    assign tgt_o = q[15:0];
endmodule

`default_nettype wire
