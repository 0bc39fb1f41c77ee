// core_check: the isolation properties of vm74_core (docs/formal.md).
//
// The core alone, its memory abstracted: every input is free in every
// cycle (read data, the timer's pending line, SIMCTL's exit) except for
// the assumptions below, so a property proved here holds whatever the
// memory, the devices and the program contain.  One RAM word at a free,
// fixed address W is modelled exactly (its reads return what was last
// written to it), which lets FETCH_WORD say that the word executed
// is the word at l + P: W is any word, so that holds for every address.
//
// The core's internal signals come in through the h_* wires, undriven
// here and connected to the flattened core by formal/core.ys, so that
// neither the RTL nor this file needs hierarchical references.
//
// Properties, each one assert label prefix (formal/run-formal.sh selects them
// with -D):
//   USER_WRITES   every write (a RAM store, a device store) is the write of
//                 a store step whose access docs/isa.md §2 allows under the
//                 R of that step, at p = l + a with a = rs1 + imm, and only
//                 those bytes; trap sequence writes are low core only
//   FETCH_INV     the fetch pipeline's invariants (below): every fetched
//                 word is at the address the stream's guesses give (X's at
//                 l + P), carries §2's verdict for it under the current R,
//                 and is the memory's word there; the control states that
//                 makes them hold
//   USER_FETCH    a step that executes without a fetch fault has P inside
//                 R (§2 with n = 4, RAM only); a fetch fault is flagged
//                 only where §2 says so
//   FETCH_WORD    the word a step executes is the word in memory at l + P
//   LOAD_DATA     a load's data is used only if §2 allows the access
//   TRAP_PSW      a trap writes exactly the old PSW (that of the trapping
//                 step), the cause and the info to 0x000-0x014 in order,
//                 changes no register, and installs (S, IE 0, P = the
//                 vector, l 0, b all); the step has a cause by §5 (in its
//                 priority order), and cause and info are the ones §5
//                 gives it: TIMER, FETCH_MISALIGNED/FETCH_FAULT of the
//                 fetch, ILLEGAL, PRIVILEGED, ECALL, BREAKPOINT, a jump's
//                 or taken branch's misaligned target, a load's, store's or
//                 LPSW operand's check
//   BRANCH_MIS    a branch to a misaligned target traps (FETCH_MISALIGNED,
//                 info the target) if its compare takes it, and goes on at
//                 P + 4 without a trap if not
//   USER_PSW      in user mode M, IE and R change only in a trap's last
//                 cycle
// Start: from reset (FROM_RESET), or from any drained state: the core
// between two steps with nothing in flight, as the simulators' harness
// stops it, with any PSW and registers (every PSW is reachable: LPSW loads
// any; docs/formal.md); or, for the induction step over FETCH_INV
// (INDUCT), from any state at all in which the invariants hold.
`default_nettype none
`include "vm74_arch.vh"

// USER_FETCH and LOAD_DATA read no memory value (MEM_FREE below).
`ifdef USER_FETCH
`define MEM_FREE
`endif
`ifdef LOAD_DATA
`define MEM_FREE
`endif

// Each assertion has a number: with -DONLY=n only that one is checked (the
// engines report a failing property, not which assertion of it failed).
// Each is one flat implication (yosys 0.23 leaves a case compare of
// nested ifs around formal cells undriven).
`ifdef ONLY
`define CHECK(n, en, e) always @(*) if ((n) == `ONLY) assert(!(on && (en)) || (e))
`else
`define CHECK(n, en, e) always @(*) assert(!(on && (en)) || (e))
`endif
// An invariant (FETCH_INV) is checked in every cycle out of reset, the
// first one included (from a drained state: the base of the induction).
// For the induction step (start INDUCT) it is also assumed in the first
// INDUCT_K cycles, from a state in which nothing else is assumed.
`ifdef ONLY
`define INV_CHECK(n, en, e) always @(*) if ((n) == `ONLY) assert(!(rst_ni && (en)) || (e))
`else
`define INV_CHECK(n, en, e) always @(*) assert(!(rst_ni && (en)) || (e))
`endif
`ifdef INDUCT
`ifndef INDUCT_K
`define INDUCT_K 1
`endif
`define INV(n, en, e) always @(*) assume(!(ind_hyp && (en)) || (e)); `INV_CHECK(n, en, e)
`else
`define INV(n, en, e) `INV_CHECK(n, en, e)
`endif

module core_check (
    input wire        clk_i,
    input wire        rst_ni,
    input wire [31:0] boot_pc_i,
    input wire [31:0] ram_size_i,
    input wire [31:0] bus_rdata_i,
    input wire [31:0] ram_rdata_i,
    input wire [31:0] dev_rdata_i,
    input wire        irq_pending_i,
    input wire        cmp_disarmed_i,
    input wire        exit_i,
    input wire [29:0] mem_w       // the modelled RAM word's address (fixed)
);
    localparam [2:0] S_RUN = 3'd0, S_MEM = 3'd1, S_LOADWB = 3'd2, S_MULDIV = 3'd3,
                     S_LPSW = 3'd4, S_TRAP = 3'd5, S_WFI = 3'd6, S_BRBAD = 3'd7;

    wire        bus_req, bus_we, dev_we, bus_commit;
    wire [31:0] bus_addr, bus_wdata, dev_wdata, dev_waddr;
    wire [3:0]  bus_be;

    vm74_core #(.FLAW(0)) u_core (
        .clk_i (clk_i), .rst_ni (rst_ni), .boot_pc_i (boot_pc_i),
        .ram_size_i (ram_size_i),
        .bus_req_o (bus_req), .bus_we_o (bus_we), .bus_addr_o (bus_addr),
        .bus_be_o (bus_be), .bus_wdata_o (bus_wdata),
        .dev_wdata_o (dev_wdata), .dev_we_o (dev_we), .dev_waddr_o (dev_waddr),
        .bus_rdata_i (bus_rdata_i), .ram_rdata_i (ram_rdata_i),
        .dev_rdata_i (dev_rdata_i), .bus_commit_o (bus_commit),
        .irq_pending_i (irq_pending_i), .cmp_disarmed_i (cmp_disarmed_i),
        .exit_i (exit_i), .retire_o (), .retire_mode_o (),
        .dbg_halt_i (1'b0), .dbg_step_i (1'b0), .dbg_restart_i (1'b0),
        .dbg_idle_o (), .wfi_sleeping_o (), .wfi_deadlock_o ()
        // the retirement port (rvfi_*) is left unconnected: no property reads it
    );

    // ---- The core's state, connected by formal/core.ys -------------------
    wire        h_mode, h_ie;                 // the PSW
    wire [31:0] h_pc, h_base, h_bound;
    wire [2:0]  h_state;                      // X's state
    wire        h_x_active;                   // X executes a step now
    wire        h_x_ffault;                   // ... whose fetch faulted
    wire [31:0] h_x_insn;                     // ... this word
    wire [31:0] h_rs1, h_rs2;                 // ... with these operands
    wire        h_st_go;                      // a store writes now
    wire        h_trap_go;                    // a trap sequence starts
    wire [4:0]  h_trap_cause;                 // ... with this cause and info
    wire [31:0] h_trap_info;
    wire        h_trap_last;                  // ... ends (the PSW changes)
    wire        h_t_busy;                     // a trap or LPSW sequence runs
    wire        h_rf_we;                      // a register is written
    // The drained state (only read at the start).
    wire        h_x_valid, h_m_trap, h_br_wrong, h_jalr_wr, h_md_go, h_credit;
    wire        h_nf_ok, h_fl, h_a_far;
    wire [1:0]  h_cnt;
    wire [3:0]  h_seq;
    wire [32:0] h_hi;
    // The fetch pipeline (its invariants: FETCH_INV).
    wire        h_take;                       // X takes the next word now
    wire        h_fl_fault, h_fl_mis, h_fl_ok; // the word in flight's verdict
    wire        h_e0_fault, h_e0_mis, h_e1_fault, h_e1_mis; // the buffer's words'
    wire        h_e0_pred, h_e1_pred, h_x_pred; // ... guessed taken
    wire [31:0] h_nf_pa, h_fl_pa;             // the next fetch's, in flight's address
    wire        h_fl_turn;                    // the stream went on at its table's target
    wire        h_bt_ok;                      // the table answers (vm74_btb, free)
    wire [16:0] h_fl_dist;                    // ... that far from the word in flight
    wire [31:0] h_e0_insn, h_e1_insn;
    wire [31:0] h_x_imm;                      // X's decoded word
    wire [31:0] h_pa;                         // a data access's physical address
    wire        h_is_trap;                    // the trap unit runs a trap, not LPSW
    wire [11:0] h_e0_pa, h_e1_pa;             // the buffer's address bits 13:2
    wire        h_ge_lo, h_lt_lo;             // the access's compares' low parts
    wire        h_m_mis, h_m_over, h_m_under, h_m_rest; // its check's parts now
    wire        h_x_jal, h_x_jalr, h_x_branch, h_x_load, h_x_store, h_x_lpsw;
    wire        h_x_plain, h_x_exc, h_x_illegal, h_x_mul, h_x_div, h_x_wfi;
    wire        h_x_ecall, h_x_ebreak, h_x_sll, h_x_sr, h_x_brk;
    wire [4:0]  h_x_size;
    wire [2:0]  h_x_f3;

    // ---- Assumptions ------------------------------------------------------
    reg init = 1'b1;
    always @(posedge clk_i)
        init <= 1'b0;

    reg [31:0] ram_size_q, boot_pc_q;
    always @(posedge clk_i) begin
        ram_size_q <= ram_size_i;
        boot_pc_q <= boot_pc_i;
    end
`ifdef INDUCT
    reg exit_q;               // any value at the start (the register does)
`else
    reg exit_q = 1'b0;
`endif
    always @(posedge clk_i)
        exit_q <= exit_i;

    // A build parameter: a multiple of 4 KiB, 4 KiB to 256 MiB (§6).
    always @(*)
        assume(ram_size_i[11:0] == 12'd0 && ram_size_i >= `VM74_RAM_SIZE_MIN &&
               ram_size_i <= `VM74_RAM_SIZE_MAX);
    always @(*)
        assume(init || (ram_size_i == ram_size_q && boot_pc_i == boot_pc_q));
    // SIMCTL_EXIT stops the machine for good.
    always @(*)
        assume(!exit_q || exit_i);
`ifdef TURN_NONE
    // The table of taken jumps never answers (a mutant's check that does
    // not need it: run-formal.sh).
    always @(*)
        assume(!h_bt_ok);
`endif
`ifdef FROM_RESET
    always @(*)
        assume(rst_ni == !init);
`elsif INDUCT
    // The induction step: any state of the core and the harness in which
    // the invariants hold for INDUCT_K cycles (ind_hyp); they, and the
    // properties, are checked in every cycle, the first included.
    always @(*)
        assume(rst_ni);
    reg [3:0] ind_n = 4'd0;
    always @(posedge clk_i)
        ind_n <= (ind_n == 4'd15) ? ind_n : ind_n + 4'd1;
    wire ind_hyp = ind_n < `INDUCT_K;
`else
    always @(*)
        assume(rst_ni);
    always @(*)
        assume(!init || (h_state == S_RUN && !h_x_valid && !h_m_trap && !h_br_wrong &&
                         !h_jalr_wr && !h_md_go && !h_credit && !h_st_go && !h_trap_go &&
                         !h_nf_ok && !h_fl && !h_fl_ok && h_cnt == 2'd0 && !h_a_far &&
                         h_seq == 4'd0 &&
                         h_base[1:0] == 2'b00 &&
                         h_hi == {1'b0, h_base} + {1'b0, h_bound} && !exit_i));
`endif

    // One RAM word modelled: at the word address mem_w (fixed, any), value
    // mem_v (any at the start, then as written).  USER_FETCH and LOAD_DATA
    // read no memory value, so they leave every read free (fewer
    // constraints: an over-approximation).
    reg  [29:0] mem_w_q;
    always @(posedge clk_i)
        mem_w_q <= mem_w;
    always @(*)
        assume(init || mem_w == mem_w_q);
    reg  [31:0] mem_v;
    // (No read before the start, but in the induction step's any state.)
`ifdef INDUCT
    reg         rd_w_q;       // last cycle read that word ...
`else
    reg         rd_w_q = 1'b0; // last cycle read that word ...
`endif
    reg  [31:0] rd_v_q;       // ... and it held this
    wire        wr_w = bus_req && bus_we && !bus_addr[28] && bus_addr[31:2] == mem_w;
    wire [31:0] be_mask = {{8{bus_be[3]}}, {8{bus_be[2]}}, {8{bus_be[1]}}, {8{bus_be[0]}}};
    always @(posedge clk_i) begin
        mem_v <= wr_w ? (mem_v & ~be_mask) | (bus_wdata & be_mask) : mem_v;
        rd_w_q <= bus_req && !bus_we && !bus_addr[28] && bus_addr[31:2] == mem_w &&
                  (!init || rst_ni);
        rd_v_q <= mem_v;
    end
`ifndef MEM_FREE
`ifdef INDUCT
    always @(*)
        assume(!rd_w_q || ram_rdata_i == rd_v_q);
`else
    always @(*)
        assume(!(rd_w_q && !init) || ram_rdata_i == rd_v_q);
`endif
`endif

    // ---- The step X executes, as the harness decodes it ------------------
    wire [6:0]  opc = h_x_insn[6:0];
    wire [2:0]  f3 = h_x_insn[14:12];
    wire        is_load = opc == 7'h03 && (f3 == 3'd0 || f3 == 3'd1 || f3 == 3'd2 ||
                                           f3 == 3'd4 || f3 == 3'd5);
    wire        is_store = opc == 7'h23 && (f3 == 3'd0 || f3 == 3'd1 || f3 == 3'd2);
    wire        is_lpsw = opc == 7'h0b && f3 == 3'd0 && h_x_insn[11:7] == 5'd0;
    wire        is_wfi = h_x_insn == 32'h0000_100b;
    wire        is_ecall = h_x_insn == 32'h0000_0073;
    wire        is_ebreak = h_x_insn == 32'h0010_0073;
    wire [31:0] imm = is_store ? {{20{h_x_insn[31]}}, h_x_insn[31:25], h_x_insn[11:7]} :
                                 {{20{h_x_insn[31]}}, h_x_insn[31:20]};
    wire [31:0] x_a = h_rs1 + imm;      // a data access's logical address
    // §4's legal words; every other word raises ILLEGAL (§4.4).
    wire [6:0]  f7 = h_x_insn[31:25];
    wire        legal =
        opc == 7'h37 || opc == 7'h17 || opc == 7'h6f ||            // LUI AUIPC JAL
        (opc == 7'h67 && f3 == 3'd0) ||                            // JALR
        (opc == 7'h63 && f3 != 3'd2 && f3 != 3'd3) ||              // branches
        is_load || is_store ||
        (opc == 7'h13 && (f3 == 3'd1 ? f7 == 7'h00 :               // OP-IMM
                          f3 == 3'd5 ? (f7 == 7'h00 || f7 == 7'h20) : 1'b1)) ||
        (opc == 7'h33 && (f7 == 7'h00 || f7 == 7'h01 ||            // OP, M
                          (f7 == 7'h20 && (f3 == 3'd0 || f3 == 3'd5)))) ||
        (opc == 7'h0f && f3 == 3'd0) ||                            // FENCE
        is_ecall || is_ebreak || is_lpsw || is_wfi;
    // A jump's or branch's target (§4.1: JALR clears bit 0).  A branch
    // traps on a misaligned target only if taken, by §4.1's compare of
    // its operands.
    wire        is_jal = opc == 7'h6f;
    wire        is_jalr = opc == 7'h67 && f3 == 3'd0;
    wire        is_branch = opc == 7'h63 && f3 != 3'd2 && f3 != 3'd3;
    wire [31:0] j_target =
        is_jal ? h_pc + {{12{h_x_insn[31]}}, h_x_insn[19:12], h_x_insn[20],
                         h_x_insn[30:21], 1'b0} :
        is_jalr ? (h_rs1 + imm) & ~32'd1 :
        h_pc + {{20{h_x_insn[31]}}, h_x_insn[7], h_x_insn[30:25], h_x_insn[11:8], 1'b0};
    wire        br_taken = (f3 == 3'd0) ? h_rs1 == h_rs2 :
                           (f3 == 3'd1) ? h_rs1 != h_rs2 :
                           (f3 == 3'd4) ? $signed(h_rs1) < $signed(h_rs2) :
                           (f3 == 3'd5) ? $signed(h_rs1) >= $signed(h_rs2) :
                           (f3 == 3'd6) ? h_rs1 < h_rs2 : h_rs1 >= h_rs2;
    wire        j_odd = (is_jal || is_jalr || is_branch) && j_target[1:0] != 2'b00;
    wire        j_mis = j_odd && (!is_branch || br_taken);
    wire [4:0]  x_n = is_lpsw ? 5'd16 : (f3[1:0] == 2'd0) ? 5'd1 :
                      (f3[1:0] == 2'd1) ? 5'd2 : 5'd4;

    wire acc_mis, acc_ok, f_mis, f_ok;
    wire [31:0] acc_p, f_p;
    spec_access spec_acc (
        .l (h_base), .b (h_bound), .a (x_a), .n (x_n), .dev_ok (!is_lpsw),
        .ram_size (ram_size_i), .misaligned (acc_mis), .ok (acc_ok), .p (acc_p)
    );
    spec_access spec_fetch (
        .l (h_base), .b (h_bound), .a (h_pc), .n (5'd4), .dev_ok (1'b0),
        .ram_size (ram_size_i), .misaligned (f_mis), .ok (f_ok), .p (f_p)
    );

    // The step last executed: its PSW, kind and what §5 says of it.
    reg        s_valid;       // a step has executed since the start
    reg        s_mode, s_ie;
    reg [31:0] s_pc, s_base, s_bound, s_insn;
    reg        s_irq, s_ffault, s_priv, s_ecall, s_ebreak, s_acc, s_store, s_lpsw;
    reg        s_illegal, s_jmis;
    reg [31:0] s_jtarget;
    reg        s_acc_mis, s_acc_ok;
    reg [31:0] s_a, s_p;
    reg [4:0]  s_n;
    reg        s_store_pending;   // its write may come (S_MEM of a store)
    // (Every harness register is one assignment: yosys 0.23 leaves some
    // case compares of if/else chains in clocked blocks undriven.)
    always @(posedge clk_i) begin
        s_valid <= !init && (s_valid || h_x_active);
        if (h_x_active) begin
            s_mode <= h_mode; s_ie <= h_ie; s_pc <= h_pc;
            s_base <= h_base; s_bound <= h_bound; s_insn <= h_x_insn;
            s_irq <= h_ie && irq_pending_i;
            s_ffault <= h_x_ffault;
            s_priv <= !h_mode && (is_lpsw || is_wfi);
            s_ecall <= is_ecall; s_ebreak <= is_ebreak;
            s_illegal <= !legal; s_jmis <= j_mis; s_jtarget <= j_target;
            s_acc <= is_load || is_store || is_lpsw;
            s_store <= is_store; s_lpsw <= is_lpsw;
            s_a <= x_a; s_n <= x_n; s_p <= acc_p;
            s_acc_mis <= acc_mis; s_acc_ok <= acc_ok;
        end
        s_store_pending <= !init && h_state == S_MEM && s_store && !h_st_go;
    end
    // The cause and info §5 gives a trap of that step, in its priority
    // order; e_any = 0 if §5 gives it none (it must not trap).  A data
    // access's trap is taken as a fault or misaligned one, as its address
    // says: whether it should fault is USER_WRITES' and LOAD_DATA's.
    reg        e_any;
    reg [31:0] e_cause, e_info;
    always @(*) begin
        e_any = 1'b1; e_cause = 32'd0; e_info = 32'd0;
        if (s_irq) begin
            e_cause = `VM74_CAUSE_TIMER;
        end else if (s_ffault) begin
            e_cause = (s_pc[1:0] != 2'b00) ? `VM74_CAUSE_FETCH_MISALIGNED :
                                              `VM74_CAUSE_FETCH_FAULT;
            e_info = s_pc;
        end else if (s_illegal) begin
            e_cause = `VM74_CAUSE_ILLEGAL; e_info = s_insn;
        end else if (s_priv) begin
            e_cause = `VM74_CAUSE_PRIVILEGED; e_info = s_insn;
        end else if (s_ecall) begin
            e_cause = `VM74_CAUSE_ECALL; e_info = s_insn;
        end else if (s_ebreak) begin
            e_cause = `VM74_CAUSE_BREAKPOINT; e_info = s_insn;
        end else if (s_jmis) begin
            e_cause = `VM74_CAUSE_FETCH_MISALIGNED; e_info = s_jtarget;
        end else if (s_acc) begin
            e_cause = s_store ?
                (s_acc_mis ? `VM74_CAUSE_STORE_MISALIGNED : `VM74_CAUSE_STORE_FAULT) :
                (s_acc_mis ? `VM74_CAUSE_LOAD_MISALIGNED : `VM74_CAUSE_LOAD_FAULT);
            e_info = s_a;
        end else begin
            e_any = 1'b0;
        end
    end

    // ---- The trap sequence, as seen on the port ---------------------------
    reg        t_on;          // between the start and the last cycle
    reg [2:0]  t_writes;      // words written so far
    reg        t_vec_read;    // the vector word was read (last cycle: t_vec_now)
    reg        t_vec_now;
    reg [31:0] t_vec;
    reg        t_end;         // the last cycle was the trap's last
    reg        t_s_access;    // the trapping step was a data access
    always @(posedge clk_i) begin
        t_on <= !init && rst_ni && (h_trap_go || (t_on && !h_trap_last));
        t_writes <= h_trap_go ? 3'd0 : t_writes + {2'd0, bus_req && bus_we && t_on};
        t_vec_now <= (t_on || h_trap_go) && bus_req && !bus_we &&
                     bus_addr == `VM74_LC_VECTOR;
        t_vec_read <= !h_trap_go && (t_vec_read || t_vec_now);
        t_vec <= t_vec_now ? ram_rdata_i : t_vec;
        t_end <= !init && rst_ni && h_trap_last;
    end
    // What the n-th write of a trap must be.
    wire [31:0] t_want = (t_writes == 3'd0) ? {30'd0, s_ie, s_mode} :
                         (t_writes == 3'd1) ? s_pc :
                         (t_writes == 3'd2) ? s_base :
                         (t_writes == 3'd3) ? s_bound :
                         (t_writes == 3'd4) ? e_cause : e_info;

    reg past_mode, past_ie, past_user_ok;
    reg [31:0] past_base, past_bound;
    always @(posedge clk_i) begin
        past_mode <= h_mode; past_ie <= h_ie;
        past_base <= h_base; past_bound <= h_bound;
        // The LPSW of a supervisor installs a user PSW a field at a time
        // (vm74_trap): the step that runs must be a user one.
        past_user_ok <= !init && rst_ni && !h_mode && s_valid && !s_mode && !h_trap_last;
    end

    // ---- The fetch pipeline's invariants (FETCH_INV) -------------------------
    // USER_FETCH and FETCH_WORD follow from them in the same cycle, and
    // they are inductive (one step: start INDUCT; docs/formal.md): every
    // fetched word sits at the address the stream's own guesses
    // give, l + P for X's, and carries §2's verdict for that address under
    // the current R, which does not change while any word is fetched.
    // The harness shadows the buffer's full addresses (the fetch keeps
    // bits 13:2 only) as the fetch moves its words.
`ifdef FETCH_INV
    wire        dx_jal, dx_jalr, dx_branch, dx_load, dx_store, dx_lpsw;
    wire        dx_illegal, dx_mul, dx_div, dx_wfi, dx_ecall, dx_ebreak;
    wire [4:0]  dx_size;
    wire [31:0] dx_imm;
    vm74_decode #(.FLAW(0)) x_dec (
        .insn_i (h_x_insn), .rd_o (), .rs1_o (), .rs2_o (), .funct3_o (),
        .imm_o (dx_imm), .alu_fn_o (), .alu_imm_o (), .alu_pc_o (), .rd_we_o (),
        .is_jal_o (dx_jal), .is_jalr_o (dx_jalr), .is_branch_o (dx_branch),
        .is_load_o (dx_load), .is_store_o (dx_store), .is_mul_o (dx_mul),
        .is_div_o (dx_div), .is_ecall_o (dx_ecall), .is_ebreak_o (dx_ebreak),
        .is_lpsw_o (dx_lpsw), .is_wfi_o (dx_wfi), .is_rdmode_o (), .is_rdbase_o (),
        .is_jrstu_o (), .mem_size_o (dx_size), .illegal_o (dx_illegal), .sub_o (),
        .sx_o (), .adder_imm_o ()
    );

    // The buffer's full addresses, moved as vm74_fetch moves its entries.
    reg  [31:0] g_e0, g_e1, g_x;
    wire        f_head = h_cnt != 2'd0;
    wire        f_pop = h_take && f_head;
    wire        f_push = h_fl && !(h_take && !f_head);
    wire [1:0]  f_cnt_pop = h_cnt - {1'b0, f_pop};
    always @(posedge clk_i) begin
        g_e0 <= (f_push && f_cnt_pop == 2'd0) ? h_fl_pa : f_pop ? g_e1 : g_e0;
        g_e1 <= (f_push && f_cnt_pop != 2'd0) ? h_fl_pa : g_e1;
        g_x <= h_take ? (f_head ? g_e0 : h_fl_pa) : g_x;
    end

    // The address the stream goes on at after a word: its target if the
    // fetch guessed it taken (JAL or branch by opcode bit 3), else + 4.
    function automatic [31:0] next_pa(input [31:0] pa, input [31:0] w, input pred);
        next_pa = !pred ? pa + 32'd4 :
                  w[3] ? pa + {{12{w[31]}}, w[19:12], w[20], w[30:21], 1'b0} :
                         pa + {{20{w[31]}}, w[7], w[30:25], w[11:8], 1'b0};
    endfunction
    function automatic pred_bits(input [31:0] w);   // JAL, backward branch
        pred_bits = w[6:4] == 3'b110 && (w[3] || (w[3:2] == 2'b00 && w[31]));
    endfunction
    // The entries in order, X's word first: each where the one before
    // sends the stream (the first at l + P when X is empty).
    // (LPSW's last cycle: the stream was resynced under the new PSW.)
    wire [31:0] a_x  = (h_x_valid && h_state != S_LPSW) ? next_pa(g_x, h_x_insn, h_x_pred) :
                       h_base + h_pc;
    wire [31:0] a_e1 = next_pa(g_e0, h_e0_insn, h_e0_pred);
    wire [31:0] a_fl = (h_cnt == 2'd2) ? next_pa(g_e1, h_e1_insn, h_e1_pred) :
                       (h_cnt == 2'd1) ? a_e1 : a_x;
    // A word in flight after which the stream turned at issue, at its
    // table's target (vm74_btb, free here: any contents): the stream is
    // anywhere until the word arrives and checks the turn.
    wire [31:0] a_nf = !h_fl ? a_fl : h_fl_turn ? h_nf_pa : h_fl_pa + 32'd4;

    // §2's verdict (misaligned or not allowed) for a fetch at physical pa.
    wire bad_fl, bad_e0, bad_e1, bad_x;
    fetch_bad v_fl (.l (h_base), .b (h_bound), .pa (h_fl_pa), .ram_size (ram_size_i),
                    .bad (bad_fl));
    fetch_bad v_e0 (.l (h_base), .b (h_bound), .pa (g_e0), .ram_size (ram_size_i),
                    .bad (bad_e0));
    fetch_bad v_e1 (.l (h_base), .b (h_bound), .pa (g_e1), .ram_size (ram_size_i),
                    .bad (bad_e1));
    fetch_bad v_x (.l (h_base), .b (h_bound), .pa (g_x), .ram_size (ram_size_i),
                   .bad (bad_x));

    wire f_any = h_nf_ok || h_fl || f_head;
    wire x_fetched = h_x_valid && h_state == S_RUN;   // X's word not yet executed
    // The step's P, where it has moved on already (a device store's S_MEM).
    wire x_pc_moved = h_state == S_MEM && h_x_store && (h_st_go || h_m_trap);
    wire x_pc_kept = h_state == S_RUN || h_state == S_MEM || h_state == S_LOADWB ||
                     h_state == S_MULDIV || h_state == S_WFI || h_state == S_BRBAD;

    // R stands still while anything is fetched, and l + b is in hi_q
    // (LPSW's last cycle, which installs M and IE, fetches under the new R).
    wire lpsw_last = h_state == S_LPSW && h_seq == 4'd3;
    `INV(30, f_any || x_fetched, (h_state != S_LPSW || lpsw_last) && h_state != S_TRAP &&
                                   (!h_t_busy || lpsw_last) && !h_trap_go &&
                                   h_hi == {1'b0, h_base} + {1'b0, h_bound});
    // X's decoded registers are its word's.
    `INV(31, h_x_valid, h_x_imm == dx_imm && h_x_jal == dx_jal &&
                          h_x_jalr == dx_jalr && h_x_branch == dx_branch &&
                          h_x_load == dx_load && h_x_store == dx_store &&
                          h_x_lpsw == dx_lpsw);
    // ... and the classes vm74_core decodes from its bits.
    wire [4:0]  xo = h_x_insn[6:2];
    wire        x_alu_int = (xo == 5'b00100 || xo == 5'b01100) &&
                            !(xo == 5'b01100 && h_x_insn[25]);
    wire        x_plain = xo == 5'b00100 || xo == 5'b01101 ||
                          xo == 5'b00101 ||
                          (xo == 5'b01100 && !h_x_insn[25]) ||
                          xo == 5'b00011 || xo == 5'b11001 ||
                          (xo == 5'b11011 && !h_x_insn[21]) ||
                          (xo == 5'b11000 && !h_x_insn[8]);
    `INV(76, h_x_valid, h_x_plain == x_plain && h_x_illegal == dx_illegal &&
                        h_x_exc == (h_x_ffault || dx_illegal ||
                                    h_x_insn[6:0] == 7'b1110011) &&
                        h_x_mul == dx_mul && h_x_div == dx_div && h_x_wfi == dx_wfi &&
                        h_x_ecall == dx_ecall && h_x_ebreak == dx_ebreak &&
                        h_x_size == dx_size && h_x_f3 == h_x_insn[14:12] &&
                        h_x_sll == (x_alu_int && h_x_insn[14:12] == 3'b001) &&
                        h_x_sr == (x_alu_int && h_x_insn[14:12] == 3'b101) &&
                        h_x_brk == (h_x_insn[12] ^ h_x_pred));
    // The addresses.
    `INV(32, h_x_valid && x_pc_kept && !(h_x_lpsw && h_state == S_LOADWB) && !h_m_trap &&
           !x_pc_moved,
           g_x == h_base + h_pc);
    `INV(33, h_x_valid && x_pc_moved, g_x + 32'd4 == h_base + h_pc);
    `INV(34, f_head, g_e0 == a_x);
    `INV(35, h_cnt == 2'd2, g_e1 == a_e1);
    `INV(36, h_fl, h_fl_pa == a_fl);
    `INV(37, h_nf_ok && !h_a_far, h_nf_pa == a_nf);
    // A turn at issue keeps the word's bits 31:18, goes to a word address
    // and registers its distance (bits 18:2), so that the check of that
    // distance is the whole address's.
    `INV(79, h_fl && h_fl_turn, h_nf_pa[31:18] == h_fl_pa[31:18] && h_nf_pa[1:0] == 2'b00 &&
                                h_fl_dist == h_nf_pa[18:2] - h_fl_pa[18:2]);
    // The verdicts.
    `INV(38, h_fl, (h_fl_fault || h_fl_mis) == bad_fl && h_fl_ok == !bad_fl);
    `INV(39, f_head, (h_e0_fault || h_e0_mis) == bad_e0);
    `INV(40, h_cnt == 2'd2, (h_e1_fault || h_e1_mis) == bad_e1);
    `INV(41, x_fetched, h_x_ffault == bad_x);
    `INV(42, 1'b1, h_cnt != 2'd3 && !(h_cnt == 2'd2 && h_fl));
    `INV(67, f_head, h_e0_pa == g_e0[13:2]);
    `INV(68, h_cnt == 2'd2, h_e1_pa == g_e1[13:2]);
    // A word is guessed taken iff the fetch's decode says so (its word is
    // 0 if its fetch faulted).
    `INV(55, h_x_valid, h_x_pred == pred_bits(h_x_insn));
    `INV(56, f_head, h_e0_pred == pred_bits(h_e0_insn));
    `INV(57, h_cnt == 2'd2, h_e1_pred == pred_bits(h_e1_insn));
    // A JALR writes its link with X and the fetch empty.
    `INV(58, h_jalr_wr, !h_x_valid && !h_nf_ok && !h_fl && !h_fl_ok && h_cnt == 2'd0 &&
                        h_state == S_RUN);
    // X holds the step in every state but S_RUN and S_TRAP, a step of the
    // state's kind; LPSW and a misaligned branch have stopped the fetch.
    `INV(59, h_state != S_RUN && h_state != S_TRAP && !exit_q, h_x_valid);
    `INV(60, h_state == S_MEM, h_x_load || h_x_store || h_x_lpsw);
    `INV(61, h_state == S_LOADWB, h_x_load || h_x_lpsw);
    `INV(62, h_state == S_LPSW, h_x_lpsw);
    `INV(65, h_state == S_MULDIV, h_x_insn[6:0] == 7'h13 || h_x_insn[6:0] == 7'h33);
    `INV(66, h_state == S_WFI, h_x_insn == 32'h0000_100b);
    `INV(63, h_state == S_BRBAD, h_x_branch && !f_any);
    `INV(64, h_x_lpsw && h_state != S_RUN && !lpsw_last, !f_any);
    // Only a word in flight can pass its check or send the stream on.
    `INV(74, h_fl_ok, h_fl);
    `INV(75, h_a_far, !h_fl);
    // The data access's check: its physical address and its compares' low
    // parts are X's (rs1 + imm + l, held through the step), and a trap
    // or write registered from S_MEM is that check's verdict.
    wire h_m_bad = h_m_mis || h_m_over || h_m_under || h_m_rest;
    wire x_acc_held = h_x_valid && !exit_q && (h_x_load || h_x_store || h_x_lpsw) &&
                      (h_state == S_MEM || h_state == S_LOADWB);
    wire [3:0] h_pa_lo4 = h_pa[3:0] | {{2{h_x_size[4]}}, h_x_size[4] | h_x_size[2],
                                       h_x_size[4] | h_x_size[2] | h_x_size[1]};
    `INV(77, x_acc_held, h_pa == h_rs1 + h_x_imm + h_base &&
                           h_hi == {1'b0, h_base} + {1'b0, h_bound} &&
                           h_ge_lo == ({h_pa[15:4], h_pa_lo4} >= h_hi[15:0]) &&
                           h_lt_lo == (h_pa[17:2] < h_base[17:2]));
    `INV(78, x_acc_held && (h_state == S_LOADWB ||
                              (h_state == S_MEM && (h_st_go || h_m_trap))),
           h_m_trap == h_m_bad && (h_state == S_LOADWB || h_st_go == !h_m_bad));
    // The one-cycle events exclude each other.
    `INV(70, h_m_trap, !h_br_wrong && !h_trap_go && h_seq == 4'd0 && !h_st_go &&
                       !h_jalr_wr && (h_state == S_RUN || h_state == S_MEM ||
                                      h_state == S_LOADWB));
    `INV(71, h_br_wrong, h_state == S_RUN && !h_trap_go && h_seq == 4'd0 && !h_st_go &&
                         !h_jalr_wr);
    `INV(72, h_st_go, !h_trap_go && h_seq == 4'd0 && !h_jalr_wr &&
                      (h_state == S_RUN || (h_state == S_MEM && h_x_store)));
    `INV(73, h_trap_go || h_seq != 4'd0, !h_jalr_wr);
    // The trap unit runs in S_TRAP (a trap) or S_LPSW (LPSW) only.
    `INV(50, 1'b1, h_seq <= 4'd6);
    `INV(51, h_seq != 4'd0, h_is_trap ? h_state == S_TRAP :
                                        h_state == S_LPSW && h_seq <= 4'd3);
    `INV(52, h_state == S_TRAP, (h_trap_go && h_seq == 4'd0) ||
                                (h_seq != 4'd0 && h_is_trap));
    `INV(53, h_state == S_LPSW, h_seq != 4'd0 && !h_is_trap);
    `INV(54, h_trap_go, h_state == S_TRAP && h_seq == 4'd0);
`ifndef MEM_FREE
    // The words: each fetched word is the modelled RAM word if it is at
    // its address (a store to a fetched word stops the fetch first).
    `INV(43, rd_w_q, rd_v_q == mem_v);
    `INV(44, h_fl && !bad_fl && h_fl_pa[31:2] == mem_w, rd_w_q);
    `INV(45, f_head && !bad_e0 && g_e0[31:2] == mem_w, h_e0_insn == mem_v);
    `INV(46, h_cnt == 2'd2 && !bad_e1 && g_e1[31:2] == mem_w, h_e1_insn == mem_v);
    `INV(47, x_fetched && !bad_x && g_x[31:2] == mem_w, h_x_insn == mem_v);
    `INV(48, h_st_go && !h_pa[28], !(f_head && g_e0[31:2] == h_pa[31:2]) &&
                                   !(h_cnt == 2'd2 && g_e1[31:2] == h_pa[31:2]) &&
                                   !(h_fl && h_fl_pa[31:2] == h_pa[31:2]) &&
                                   !(x_fetched && g_x[31:2] == h_pa[31:2]));
`endif
`endif

    // ---- Properties --------------------------------------------------------
`ifdef INDUCT
    wire on = rst_ni;
`else
    wire on = !init && rst_ni;
`endif
    wire [31:0] lanes = (s_n == 5'd1) ? (32'd1 << s_p[1:0]) :
                        (s_n == 5'd2) ? (32'd3 << s_p[1:0]) : 32'd15;
`ifdef USER_WRITES
    // A write outside a trap sequence is a store's, checked whole.
    wire w_store = bus_req && bus_we && !h_t_busy;
    `CHECK(1, w_store, s_valid && s_store_pending && s_store);
    `CHECK(2, w_store, !s_acc_mis && s_acc_ok);
    `CHECK(3, w_store, bus_addr == s_p && {28'd0, bus_be} == lanes);
    // The port carries a device store too; the bus takes it for RAM only
    // below 2^28.
    `CHECK(4, w_store, !bus_addr[28] || dev_we);
    `CHECK(5, dev_we, s_valid && s_store_pending && s_store);
    `CHECK(6, dev_we, !s_acc_mis && s_acc_ok);
    `CHECK(7, dev_we, dev_waddr == s_p && s_n == 5'd4);
    // The trap sequence writes low core only.
    `CHECK(8, bus_req && bus_we && h_t_busy, t_on && bus_addr <= `VM74_LC_INFO);
`endif
`ifdef USER_FETCH
    `CHECK(9, h_x_active && !h_x_ffault, !f_mis && f_ok);
    `CHECK(10, h_x_active && h_x_ffault, f_mis || !f_ok);
`endif
`ifdef LOAD_DATA
    // A load's data (or LPSW's operand) is used only if its access is
    // allowed.
    `CHECK(12, bus_commit && h_state == S_LOADWB,
           s_acc && !s_acc_mis && s_acc_ok);
`endif
`ifdef FETCH_WORD
    `CHECK(11, h_x_active && !h_x_ffault && f_p[31:2] == mem_w, h_x_insn == mem_v);
`endif
`ifdef TRAP_PSW
    wire w_trap = t_on && bus_req && bus_we;
    `CHECK(13, w_trap, s_valid && t_writes <= 3'd5);
    `CHECK(14, w_trap, bus_addr == {27'd0, t_writes, 2'b00} && bus_be == 4'hf);
    `CHECK(15, w_trap, bus_wdata == t_want);
    `CHECK(20, w_trap, e_any);
    `CHECK(16, t_on, !h_rf_we && !dev_we);
    // The last cycle installs the new PSW; its own write is the sixth.
    `CHECK(17, h_trap_last, t_on && t_writes + {2'd0, w_trap} == 3'd6 &&
                            (t_vec_read || t_vec_now));
    `CHECK(18, t_end, h_mode && !h_ie && h_base == 32'd0 &&
                      h_bound == `VM74_BOUND_ALL && h_pc == t_vec);
`endif
`ifdef BRANCH_MIS
    // A branch to a misaligned target, executed with no cause §5 puts
    // before its target's (no interrupt, no fetch fault; a branch word is
    // legal and never privileged): its trap starts within 4 cycles, with
    // FETCH_MISALIGNED and info = the target, no step executing before it,
    // if §4.1's compare takes it; else it never traps and the next step
    // is at P + 4.
    reg        b_on, b_taken;
    reg [31:0] b_pc, b_tgt;
    reg [3:0]  b_age;         // cycles since it executed, less one
    always @(posedge clk_i) begin
        b_on <= on && !exit_i && (h_x_active ? is_branch && j_odd && !h_x_ffault &&
                                               !(h_ie && irq_pending_i) :
                                               b_on && !h_trap_go);
        b_taken <= h_x_active ? br_taken : b_taken;
        b_pc <= h_x_active ? h_pc : b_pc;
        b_tgt <= h_x_active ? j_target : b_tgt;
        b_age <= h_x_active ? 4'd0 : b_age + {3'd0, b_age != 4'd15};
    end
    `CHECK(21, b_on && b_taken, !h_x_active && b_age < 4'd4);
    `CHECK(22, b_on && b_taken && h_trap_go, h_trap_cause == `VM74_CAUSE_FETCH_MISALIGNED &&
                                            h_trap_info == b_tgt);
    `CHECK(23, b_on && !b_taken, !h_trap_go);
    `CHECK(24, b_on && !b_taken && h_x_active, h_pc == b_pc + 32'd4);
`endif
`ifdef USER_PSW
    `CHECK(19, past_user_ok, h_mode == past_mode && h_ie == past_ie &&
                             h_base == past_base && h_bound == past_bound);
`endif
endmodule

// fetch_bad: docs/isa.md §2's verdict on a fetch (n = 4, RAM only) at the
// physical address pa, that is at logical pa - l.
module fetch_bad (
    input  wire [31:0] l,
    input  wire [31:0] b,
    input  wire [31:0] pa,
    input  wire [31:0] ram_size,
    output wire        bad        // misaligned or not allowed
);
    wire mis, ok;
    spec_access spec (
        .l (l), .b (b), .a (pa - l), .n (5'd4), .dev_ok (1'b0),
        .ram_size (ram_size), .misaligned (mis), .ok (ok), .p ()
    );
    assign bad = mis || !ok;
endmodule

`default_nettype wire
