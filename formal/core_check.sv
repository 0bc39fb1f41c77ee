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
//   USER_FETCH    a step that executes without a fetch fault has P inside
//                 R (§2 with n = 4, RAM only); a fetch fault is flagged
//                 only where §2 says so; a load's data is used only if §2
//                 allows the access
//   FETCH_WORD    the word a step executes is the word in memory at l + P
//   TRAP_PSW      a trap writes exactly the old PSW (that of the trapping
//                 step), the cause and the info to 0x000-0x014 in order,
//                 changes no register, and installs (S, IE 0, P = the
//                 vector, l 0, b all); cause and info are those §5 gives
//                 for interrupts, fetch faults, PRIVILEGED, ECALL, EBREAK
//                 and loads/stores
//   USER_PSW      in user mode M, IE and R change only in a trap's last
//                 cycle
// Start: from reset (FROM_RESET), or from any drained state: the core
// between two steps with nothing in flight, as the simulators' harness
// stops it, with any PSW and registers (every PSW is reachable: LPSW loads
// any; docs/formal.md).
`default_nettype none
`include "vm74_arch.vh"

// Each assertion has a number: with -DONLY=n only that one is checked (the
// engines report a failing property, not which assertion of it failed).
// Each is one flat implication (yosys 0.23 leaves a case compare of
// nested ifs around formal cells undriven).
`ifdef ONLY
`define CHECK(n, en, e) always @(*) if ((n) == `ONLY) assert(!(on && (en)) || (e))
`else
`define CHECK(n, en, e) always @(*) assert(!(on && (en)) || (e))
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
    localparam [2:0] S_RUN = 3'd0, S_MEM = 3'd1, S_LOADWB = 3'd2;

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
        .dbg_idle_o (), .wfi_sleeping_o (), .wfi_deadlock_o (),
        .rvfi_valid (), .rvfi_order (), .rvfi_pc (), .rvfi_insn (), .rvfi_mode (),
        .rvfi_trap (), .rvfi_intr (), .rvfi_rd (), .rvfi_rd_wdata (),
        .rvfi_cause (), .rvfi_info (), .rvfi_mem_size (), .rvfi_mem_write (),
        .rvfi_mem_addr (), .rvfi_mem_paddr (), .rvfi_mem_data (),
        .rvfi_next_mode (), .rvfi_next_ie (), .rvfi_next_pc (),
        .rvfi_next_base (), .rvfi_next_bound ()
    );

    // ---- The core's state, connected by formal/core.ys -------------------
    wire        h_mode, h_ie;                 // the PSW
    wire [31:0] h_pc, h_base, h_bound;
    wire [2:0]  h_state;                      // X's state
    wire        h_x_active;                   // X executes a step now
    wire        h_x_ffault;                   // ... whose fetch faulted
    wire [31:0] h_x_insn;                     // ... this word
    wire [31:0] h_rs1;                        // ... with this rs1 operand
    wire        h_st_go;                      // a store writes now
    wire        h_trap_go;                    // a trap sequence starts
    wire        h_trap_last;                  // ... ends (the PSW changes)
    wire        h_t_busy;                     // a trap or LPSW sequence runs
    wire        h_rf_we;                      // a register is written
    // The drained state (only read at the start).
    wire        h_x_valid, h_m_trap, h_br_wrong, h_jalr_wr, h_md_go, h_credit;
    wire        h_nf_ok, h_fl, h_a_far;
    wire [1:0]  h_cnt;
    wire [3:0]  h_seq;
    wire [32:0] h_hi;

    // ---- Assumptions ------------------------------------------------------
    reg init = 1'b1;
    always @(posedge clk_i)
        init <= 1'b0;

    reg [31:0] ram_size_q, boot_pc_q;
    always @(posedge clk_i) begin
        ram_size_q <= ram_size_i;
        boot_pc_q <= boot_pc_i;
    end
    reg exit_q = 1'b0;
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
`ifdef FROM_RESET
    always @(*)
        assume(rst_ni == !init);
`else
    always @(*)
        assume(rst_ni);
    always @(*)
        assume(!init || (h_state == S_RUN && !h_x_valid && !h_m_trap && !h_br_wrong &&
                         !h_jalr_wr && !h_md_go && !h_credit && !h_st_go && !h_trap_go &&
                         !h_nf_ok && !h_fl && h_cnt == 2'd0 && !h_a_far && h_seq == 4'd0 &&
                         h_base[1:0] == 2'b00 &&
                         h_hi == {1'b0, h_base} + {1'b0, h_bound} && !exit_i));
`endif

    // One RAM word modelled: at the word address mem_w (fixed, any), value
    // mem_v (any at the start, then as written).  USER_FETCH reads no
    // memory value, so it leaves every read free (fewer constraints: an
    // over-approximation).
    reg  [29:0] mem_w_q;
    always @(posedge clk_i)
        mem_w_q <= mem_w;
    always @(*)
        assume(init || mem_w == mem_w_q);
    reg  [31:0] mem_v;
    reg         rd_w_q;       // last cycle read that word ...
    reg  [31:0] rd_v_q;       // ... and it held this
    wire        wr_w = bus_req && bus_we && !bus_addr[28] && bus_addr[31:2] == mem_w;
    wire [31:0] be_mask = {{8{bus_be[3]}}, {8{bus_be[2]}}, {8{bus_be[1]}}, {8{bus_be[0]}}};
    always @(posedge clk_i) begin
        mem_v <= wr_w ? (mem_v & ~be_mask) | (bus_wdata & be_mask) : mem_v;
        rd_w_q <= bus_req && !bus_we && !bus_addr[28] && bus_addr[31:2] == mem_w &&
                  (!init || rst_ni);
        rd_v_q <= mem_v;
    end
`ifndef USER_FETCH
    always @(*)
        assume(!(rd_w_q && !init) || ram_rdata_i == rd_v_q);
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
            s_acc <= is_load || is_store || is_lpsw;
            s_store <= is_store; s_lpsw <= is_lpsw;
            s_a <= x_a; s_n <= x_n; s_p <= acc_p;
            s_acc_mis <= acc_mis; s_acc_ok <= acc_ok;
        end
        s_store_pending <= !init && h_state == S_MEM && s_store && !h_st_go;
    end
    // The cause and info §5 gives a trap of that step, where the harness
    // knows them: an interrupt, a fetch fault, PRIVILEGED, ECALL, EBREAK,
    // or a load's, store's or LPSW operand's check (§2; a legal word that
    // has no other cause).
    reg        e_known;
    reg [31:0] e_cause, e_info;
    always @(*) begin
        e_known = 1'b1; e_cause = 32'd0; e_info = 32'd0;
        if (s_irq) begin
            e_cause = `VM74_CAUSE_TIMER;
        end else if (s_ffault) begin
            e_cause = (s_pc[1:0] != 2'b00) ? `VM74_CAUSE_FETCH_MISALIGNED :
                                              `VM74_CAUSE_FETCH_FAULT;
            e_info = s_pc;
        end else if (s_priv) begin
            e_cause = `VM74_CAUSE_PRIVILEGED; e_info = s_insn;
        end else if (s_ecall) begin
            e_cause = `VM74_CAUSE_ECALL; e_info = s_insn;
        end else if (s_ebreak) begin
            e_cause = `VM74_CAUSE_BREAKPOINT; e_info = s_insn;
        end else if (s_acc) begin
            e_cause = s_store ?
                (s_acc_mis ? `VM74_CAUSE_STORE_MISALIGNED : `VM74_CAUSE_STORE_FAULT) :
                (s_acc_mis ? `VM74_CAUSE_LOAD_MISALIGNED : `VM74_CAUSE_LOAD_FAULT);
            e_info = s_a;
        end else begin
            e_known = 1'b0;
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
        t_vec_now <= t_on && bus_req && !bus_we && bus_addr == `VM74_LC_VECTOR;
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

    // ---- Properties --------------------------------------------------------
    wire on = !init && rst_ni;
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
    `CHECK(15, w_trap && (t_writes <= 3'd3 || e_known), bus_wdata == t_want);
    `CHECK(16, t_on, !h_rf_we && !dev_we);
    `CHECK(17, h_trap_last, t_on && t_writes == 3'd6 && (t_vec_read || t_vec_now));
    `CHECK(18, t_end, h_mode && !h_ie && h_base == 32'd0 &&
                      h_bound == `VM74_BOUND_ALL && h_pc == t_vec);
`endif
`ifdef USER_PSW
    `CHECK(19, past_user_ok, h_mode == past_mode && h_ie == past_ie &&
                             h_base == past_base && h_bound == past_bound);
`endif
endmodule

`default_nettype wire
