// vm74_dcheck: the data access's checks (docs/isa.md §2) and their
// registered outcome.
//
// X computes the access's physical address (rs1 + imm + l, pa_x_o) and
// registers it in its execute cycle; S_MEM checks it (vm74_reloc) and
// registers the outcome: a store's write cycle (st_go_o), or a trap for
// the next cycle (m_trap_o with its cause and info), taken from S_LOADWB
// (a load, LPSW), S_MEM (a device store) or S_RUN (a RAM store, which has
// left X: the word taken behind it does not execute).  A jump to a
// misaligned target traps the same way from S_RUN, a cycle after its
// execute cycle, so that the target (the end of a carry chain for JALR)
// goes to a register, not through the trap's info mux.
`default_nettype none
`include "vm74_arch.vh"

module vm74_dcheck (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        exit_i,
    input  wire        dbg_halt_i,
    input  wire        dbg_restart_i,
    // X (vm74_ctrl's states, vm74_xdec's registers).
    input  wire        x_active_i,     // X executes now: register the address
    input  wire        x_run_i,        // S_RUN
    input  wire        s_mem_i,
    input  wire        s_loadwb_i,
    input  wire        x_trap_i,
    input  wire        x_load_i,
    input  wire        x_store_i,
    input  wire        x_jal_i,
    input  wire [4:0]  x_size_i,       // bytes: 1, 2, 4, 16 (LPSW)
    input  wire        jump_bad_i,     // X's jump has a misaligned target
    input  wire [31:0] rs1_i,
    input  wire [31:0] imm_i,
    input  wire [31:0] sum_i,          // rs1 + imm: the logical address, JALR's target
    input  wire [31:0] pc_tgt_i,       // JAL's target
    // R and the RAM.
    input  wire [31:0] base_i,         // l
    input  wire [32:0] hi_i,           // l + b
    input  wire [31:0] ram_size_i,
    // The checks.
    output wire [31:0] pa_x_o,         // rs1 + imm + l, now (X's; JALR's too)
    output reg  [31:0] pa_o,           // ... registered
    output wire        m_bad_o,        // the access fails (the compare chains' end)
    output wire        m_dev_o,        // a device register, not RAM
    output wire        take_sure_o,    // X surely takes a word now (see its assign)
    input  wire        rv_ram_load_i,  // a load read in X retires now if its checks pass
    output wire        ld_x_o,         // a load's read goes out now, in X
    output wire        ld_slow_o,      // S_MEM: the load's read goes out now
    output reg         ld_ret_o,       // the load read in X retired last cycle
    output wire        commit_o,       // the load read last cycle passed its checks
    output wire        st_go_o,        // a store's write cycle
    output wire        m_trap_o,       // last cycle's checks failed (or a jump's target)
    output reg  [4:0]  m_cause_o,      // ... with this cause and info
    output reg  [31:0] m_info_o
);
    // rs1 + imm + l in one carry chain after a carry-save step, so that it
    // is ready as early as the logical one.
    wire [31:0] csa_s = rs1_i ^ imm_i ^ base_i;
    wire [30:0] csa_c = (rs1_i[30:0] & imm_i[30:0]) | (rs1_i[30:0] & base_i[30:0]) |
                        (imm_i[30:0] & base_i[30:0]);
    wire [31:0] pa_i = csa_s + {csa_c, 1'b0};
    assign pa_x_o = pa_i;

    // The compares' low parts, from the low bits of X's chain, which come
    // first (vm74_reloc_lo).
    wire        ge_lo, lt_lo;
    vm74_reloc_lo u_reloc_lo (
        .p_i     (pa_i[17:0]),
        .n_i     (x_size_i),
        .hi_i    (hi_i[15:0]),
        .base_i  (base_i[17:2]),
        .ge_lo_o (ge_lo),
        .lt_lo_o (lt_lo)
    );
    reg         ge_lo_q, lt_lo_q;
    always @(posedge clk_i) begin
        if (x_active_i) begin
            pa_o <= pa_i;
            ge_lo_q <= ge_lo;
            lt_lo_q <= lt_lo;
        end
    end

    wire m_mis, m_fault, m_over, m_under, m_rest;
    vm74_reloc u_reloc (
        .p_i          (pa_o),
        .n_i          (x_size_i),
        .ge_lo_i      (ge_lo_q),
        .lt_lo_i      (lt_lo_q),
        .dev_ok_i     (x_load_i | x_store_i),
        .base_i       (base_i[31:2]),
        .hi_i         (hi_i),
        .ram_size_i   (ram_size_i),
        .misaligned_o (m_mis),
        .fault_o      (m_fault),
        .over_o       (m_over),
        .under_o      (m_under),
        .rest_o       (m_rest)
    );
    reg st_go_q, m_trap_q;
    // The checks' two compare chains (m_over, m_under) end last: they
    // enter st_go_q's and m_trap_q's last LUT, and the rest of those is
    // kept apart (ABC does not know when a chain's carry arrives).
    (* keep *) wire m_en, m_trap_other, st_en;
    assign m_en = s_mem_i & ~st_go_q & ~m_trap_q & ~exit_i & ~dbg_restart_i;
    assign m_trap_other = (m_en & (m_mis | m_rest)) |
                          (x_active_i & ~x_trap_i & jump_bad_i & ~exit_i & ~dbg_restart_i);
    assign st_en = s_mem_i & x_store_i & ~(m_mis | m_rest) & ~exit_i & ~st_go_q;
    // The port is driven from registered state only: a load's read is
    // issued in X or S_MEM whatever its checks say (a RAM read has no
    // effect; a device read's only effect, the UART's pop, waits for
    // commit_o, the registered outcome of its checks, in S_LOADWB), LPSW's
    // first read in S_LOADWB, once its checks have passed, and a store writes in the
    // cycle after S_MEM, from registers, once its checks have passed.  A
    // RAM store retires in S_MEM and its write overlaps the next step's X;
    // a device store retires in its write cycle (it stays in S_MEM:
    // st_go_q), so that the next step sees the device as written (the
    // timer's interrupt, SIMCTL).
    // A device register, not RAM: bit 28 tells them apart for any access
    // that passes its checks (RAM is at most 256 MiB; vm74_bus stops the
    // build if the device map moves).
    assign m_dev_o = pa_o[28];
    // A load reads in its execute cycle, at pa_i, unless a store writes
    // then (st_go_q; the trap unit is idle while X executes): the port's
    // address is then the end of X's address chain, chosen by registered
    // state.  Its data arrives in S_MEM, which retires it unless its checks
    // fail (m_bad_o: rd is not written, and it traps in the next cycle,
    // m_trap_q, as a RAM store does).  A read that did not go out in X,
    // and a device register's (whose read has an effect, the UART's pop,
    // and returns TIME as of X), is issued again in S_MEM and written in
    // S_LOADWB.
    reg ld_x_q;
    assign ld_x_o = x_active_i & x_load_i & ~st_go_q;
    always @(posedge clk_i)
        ld_x_q <= ld_x_o;
    assign ld_slow_o = ~ld_x_q | m_dev_o;
    // Such a load retired (its checks passed): the counters count it in
    // the next cycle, from a register, as a RAM store in its write cycle.
    always @(posedge clk_i) begin
        if (!rst_ni)
            ld_ret_o <= 1'b0;
        else
            ld_ret_o <= rv_ram_load_i & ~m_bad_o;
    end
    // A RAM store, and a load read in X, leave X in S_MEM whatever their
    // checks say (a trap kills the word taken): the fetch may count on
    // that take.
    assign take_sure_o = s_mem_i & ((x_store_i & ~m_dev_o & ~st_go_q) | (x_load_i & ~ld_slow_o)) &
                         ~exit_i & ~dbg_halt_i & ~dbg_restart_i;
    // A load's checks decide in S_LOADWB, registered (m_trap_q): no compare
    // chain is in front of the UART's pop.
    assign commit_o = s_loadwb_i & ~m_trap_q & ~exit_i;
    always @(posedge clk_i) begin
        if (!rst_ni)
            st_go_q <= 1'b0;
        else
            st_go_q <= st_en & ~m_over & ~m_under;   // S_MEM, a store, its checks passed
    end
    wire [4:0] m_cause = x_store_i ?
        (m_mis ? `VM74_CAUSE_STORE_MISALIGNED : `VM74_CAUSE_STORE_FAULT) :
        (m_mis ? `VM74_CAUSE_LOAD_MISALIGNED : `VM74_CAUSE_LOAD_FAULT);
    // The checks' outcome, for the cycle after S_MEM.
    always @(posedge clk_i) begin
        if (!rst_ni)
            m_trap_q <= 1'b0;
        else
            // S_MEM's checks failed, or X's jump has a misaligned target.
            m_trap_q <= m_trap_other | (m_en & (m_over | m_under));
        m_cause_o <= x_run_i ? `VM74_CAUSE_FETCH_MISALIGNED : m_cause;
        // S_RUN: the jump's target (JALR clears bit 0); S_MEM: the address.
        m_info_o <= (x_run_i & x_jal_i) ? pc_tgt_i : {sum_i[31:1], sum_i[0] & ~x_run_i};
    end
    assign m_bad_o = m_mis | m_fault;
    assign st_go_o = st_go_q;
    assign m_trap_o = m_trap_q;
endmodule

`default_nettype wire
