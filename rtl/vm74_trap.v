// vm74_trap: the PSW and its two micro-sequences (docs/isa.md §3, §4.3).
//
// Trap (7 cycles from trap_i, each a port cycle; the core raises trap_i a
// cycle after its decision, from a register, and holds cause_i and info_i
// in its own registers from that cycle until done_o):
//   trap_i read vector    0x018 (nothing else wants the port: X is empty)
//   seq 1  write flags -> 0x000   (the vector arrives: P)
//   seq 2  write P     -> 0x004
//   seq 3  write l     -> 0x008
//   seq 4  write b     -> 0x00C
//   seq 5  write cause -> 0x010
//   seq 6  write info  -> 0x014, and the new PSW (S, IE=0, l=0, b=all)
//          is installed; the fetch resyncs at P (l = 0: base_fetch_o)
// The vector is read first so that the install needs no cycle of its own:
// six writes and a read are the port cycles docs/isa.md §3 asks for.  P
// takes the vector as it arrives (seq 1): the old P the trap saves is the
// core's (trap_pc_i), and the fetch's resync in the last cycle needs the
// new P there already.  M, IE, l and b change in the last cycle only.
// LPSW (4 cycles from lpsw_i): the unit reads the operand from the cycle
//   of its checks on (a read has no effect), at lpsw_paddr_i, which the
//   core holds through the sequence, P, l and b first, for the fetch:
//   check  read P      (lpsw_mem_i)
//   seq 0  read l      (lpsw_rd_i, whatever the checks say); if the
//          checks passed (lpsw_i, their registered outcome), install P
//   seq 1  read b, install l
//   seq 2  read the flags word, install b; the fetch resyncs at P + l, and
//          hi_o is l + the arriving b, so its first read issues next
//   seq 3  install M and IE; the port is the fetch's
//   Nothing runs meanwhile and the operand was checked whole, so the PSW
//   may change a field at a time; the core keeps the old P and mode for
//   the retirement record.
// A trap keeps the old M, IE and R until its last cycle, which is when
// the retirement record is written.  The fetch resyncs once P and l are
// the new PSW's (resync_o: a trap's last cycle, LPSW's one before) and
// issues in the next cycle, under the new R.
`default_nettype none
`include "vm74_arch.vh"

module vm74_trap (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire [31:0] boot_pc_i,
    // From the execute stage.
    input  wire        trap_i,       // start a trap now
    input  wire [4:0]  cause_i,      // steady from trap_i until done_o
    input  wire [31:0] info_i,
    input  wire [31:0] trap_pc_i,    // P of the trapping step (saved as old P)
    input  wire        lpsw_i,       // LPSW's checks passed; its P is here
    input  wire        lpsw_mem_i,   // the cycle of LPSW's checks: read P
    input  wire        lpsw_rd_i,    // the cycle lpsw_i may come in: read l
    input  wire [31:0] lpsw_paddr_i, // steady from lpsw_mem_i until done_o
    input  wire        pc_we_i,      // ordinary P update
    input  wire        user_i,       // M = user now (JRSTU, a FLAW variant)
    input  wire [31:0] pc_i,
    input  wire        pc_sum_i,     // ... and it is sum_i (JALR: the adder's, latest)
    input  wire [31:0] sum_i,
    // The one memory port, while a sequence runs (physical addresses).
    output reg         bus_req_o,
    output reg         bus_we_o,
    output reg  [31:0] bus_addr_o,
    output reg  [31:0] bus_wdata_o,
    input  wire [31:0] bus_rdata_i,
    // Status.
    output wire        busy_o,       // a sequence runs (from trap_i, lpsw_i)
    output wire        port_o,       // the sequence has the port
    output wire        done_o,       // its last cycle: the PSW changes now
    output wire        resync_o,     // P and l are the new PSW's from the next cycle
    output wire        done_trap_o,  // ... and it is a trap (else an LPSW)
    output wire [31:0] lpsw_flags_o, // the flags word LPSW loads (in done_o)
    // The PSW now and after this cycle.
    output wire        mode_o,
    output wire        ie_o,
    output wire [31:0] pc_o,
    output wire [31:0] base_o,
    output wire [31:0] base_fetch_o, // l for the fetch's resync: the new l in done_o
    output reg  [32:0] hi_o,         // l + b, R's end, for the checks (vm74_reloc)
    output reg         mode_d_o,
    output reg         ie_d_o,
    output reg  [31:0] pc_d_o,
    output reg  [31:0] base_d_o,
    output reg  [31:0] bound_d_o
);
    // The PSW: the harness reads and writes these while the core is idle.
    reg        mode_q  /* verilator public_flat_rw */;
    reg        ie_q    /* verilator public_flat_rw */;
    reg [31:0] pc_q    /* verilator public_flat_rw */;
    reg [31:0] base_q  /* verilator public_flat_rw */;
    reg [31:0] bound_q /* verilator public_flat_rw */;

    reg  [3:0]  seq_q, seq_d;
    reg         is_trap_q, is_trap_d;

    wire        seq_on = (seq_q != 4'd0);
    wire        trap_last = is_trap_q & (seq_q == 4'd6);
    wire        lpsw_last = ~is_trap_q & (seq_q == 4'd3);
    wire        lpsw_b = ~is_trap_q & (seq_q == 4'd2);
    wire [31:0] flags = {30'd0, ie_q, mode_q};

    assign busy_o = seq_on | trap_i;
    // From registers only (lpsw_mem_i and lpsw_rd_i, not lpsw_i): the
    // port's address waits for nothing else.  LPSW's last cycle reads
    // nothing: the port is the fetch's.
    assign port_o = (busy_o & ~lpsw_last) | lpsw_mem_i | lpsw_rd_i;
    assign done_o = trap_last | lpsw_last;
    assign done_trap_o = trap_last;
    assign resync_o = trap_last | lpsw_b;
    assign lpsw_flags_o = bus_rdata_i;

    // Sequencer.
    always @(*) begin
        seq_d = seq_q;
        is_trap_d = is_trap_q;
        if (trap_i) begin
            seq_d = 4'd1; is_trap_d = 1'b1;
        end else if (lpsw_i) begin
            seq_d = 4'd1; is_trap_d = 1'b0;
        end else if (done_o) begin
            seq_d = 4'd0;
        end else if (seq_on) begin
            seq_d = seq_q + 4'd1;
        end
    end

    // Memory port.
    always @(*) begin
        bus_req_o = 1'b0;
        bus_we_o = 1'b0;
        bus_addr_o = 32'd0;
        bus_wdata_o = 32'd0;
        if (trap_i) begin
            bus_req_o = 1'b1;
            bus_addr_o = `VM74_LC_VECTOR;
        end else if (seq_on && is_trap_q) begin
            bus_req_o = 1'b1;
            bus_we_o = 1'b1;
            case (seq_q)
                4'd1:    begin bus_addr_o = `VM74_LC_OLD_FLAGS; bus_wdata_o = flags; end
                4'd2:    begin bus_addr_o = `VM74_LC_OLD_P;     bus_wdata_o = trap_pc_i; end
                4'd3:    begin bus_addr_o = `VM74_LC_OLD_BASE;  bus_wdata_o = base_q; end
                4'd4:    begin bus_addr_o = `VM74_LC_OLD_BOUND; bus_wdata_o = bound_q; end
                4'd5:    begin bus_addr_o = `VM74_LC_CAUSE;     bus_wdata_o = {27'd0, cause_i}; end
                default: begin bus_addr_o = `VM74_LC_INFO;      bus_wdata_o = info_i; end
            endcase
        end else if (port_o) begin
            // LPSW's words 1, 2, 3 (P, l, b), then 0 (the flags word).
            bus_req_o = 1'b1;
            bus_addr_o = lpsw_paddr_i +
                         {28'd0, lpsw_mem_i ? 2'd1 : seq_q[1:0] + 2'd2, 2'b00};
        end
    end

    // The PSW's next value.  P's: JALR's target, the end of a carry chain,
    // enters in the last LUT; every other source, reset included, is kept
    // apart for that.  Either sequence's P is the first word it reads: the
    // trap's vector, LPSW's operand word 1 (installed once its checks
    // passed).
    (* keep *) wire [31:0] pc_rest;
    (* keep *) wire        sum_take;
    assign pc_rest = !rst_ni ? boot_pc_i :
                     pc_we_i ? pc_i :
                     (lpsw_i | (is_trap_q & (seq_q == 4'd1))) ? bus_rdata_i :
                     pc_q;
    assign sum_take = pc_we_i & pc_sum_i & rst_ni;
    always @(*) begin
        mode_d_o = mode_q & ~user_i;
        ie_d_o = ie_q;
        pc_d_o = sum_take ? sum_i : pc_rest;
        if (trap_last) begin
            mode_d_o = 1'b1;
            ie_d_o = 1'b0;
        end else if (lpsw_last) begin
            mode_d_o = bus_rdata_i[0];
            ie_d_o = bus_rdata_i[1];
        end
    end
    // R's: from the sequencer's registers alone.
    always @(*) begin
        base_d_o = base_q;
        bound_d_o = bound_q;
        if (trap_last) begin
            base_d_o = 32'd0;
            bound_d_o = `VM74_BOUND_ALL;
        end else if (seq_on && !is_trap_q) begin
            case (seq_q)
                4'd1: base_d_o = bus_rdata_i & `VM74_BASE_MASK; // l is word-aligned
                4'd2: bound_d_o = bus_rdata_i;
                default: ;   // M and IE (above)
            endcase
        end
    end

    always @(posedge clk_i)
        pc_q <= pc_d_o;   // reset included (pc_other)

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            mode_q <= 1'b1;
            ie_q <= 1'b0;
            base_q <= 32'd0;
            bound_q <= `VM74_BOUND_ALL;
            seq_q <= 4'd0;
            is_trap_q <= 1'b0;
        end else begin
            mode_q <= mode_d_o;
            ie_q <= ie_d_o;
            base_q <= base_d_o;
            bound_q <= bound_d_o;
            seq_q <= seq_d;
            is_trap_q <= is_trap_d;
        end
    end

    assign mode_o = mode_q;
    assign ie_o = ie_q;
    assign pc_o = pc_q;
    assign base_o = base_q;
    // The fetch resyncs in a trap's last cycle (its l is 0 from the next
    // cycle on) and as LPSW installs b (its l is installed by then).
    assign base_fetch_o = trap_last ? 32'd0 : base_q;
    // R's end, right from the cycle after the fetch's resync, in which the
    // new PSW's first fetch issues: a trap's is all, LPSW's is l + the b
    // arriving as it installs b.
    always @(posedge clk_i)
        hi_o <= trap_last ? {1'b0, `VM74_BOUND_ALL} :
                {1'b0, base_q} + {1'b0, lpsw_b ? bus_rdata_i : bound_q};
endmodule

`default_nettype wire
