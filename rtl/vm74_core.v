// vm74_core: the vm74 CPU, pipelined for the iCE40's short cycle, on one
// memory port.
//
//   F  the fetch stream (vm74_fetch): issues reads from registered
//      addresses, checks them beside the read, guesses JAL and backward
//      branches taken, and queues up to two words
//   D  the word X takes next addresses the (block RAM) register file and
//      is decoded into X's registers
//   X  execute: ALU, branch, jump; or start a data access (S_MEM checks
//      and issues it from registered addresses), a multiply/divide, LPSW,
//      WFI, a trap (registered: the trap unit starts next cycle)
//
// This file is X's data path and the wiring of the core's units: X's
// controller (vm74_ctrl: states, retire, take, trap start), the load/store
// unit (vm74_lsu), the PSW and trap unit (vm74_trap), the memory port's
// arbiter (vm74_port) and the retirement record (vm74_rvfi).
//
// No cycle holds two carry chains in a row, and the memory port's address
// is chosen by registered state.  See docs/rtl.md ("Microarchitecture").
`default_nettype none
`include "vm74_alu_fn.vh"
`include "vm74_arch.vh"

module vm74_core #(
    parameter FLAW = 0   // a flawed variant (vm74_decode, docs/isa.md §4.3)
) (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire [31:0] boot_pc_i,
    input  wire [31:0] ram_size_i,
    // The memory port: RAM and devices, read data the next cycle.
    output wire        bus_req_o,
    output wire        bus_we_o,
    output wire [31:0] bus_addr_o,
    output wire [31:0] bus_daddr_o,     // bus_addr_o but a load's in X (registers only)
    output wire [3:0]  bus_be_o,
    output wire [31:0] bus_wdata_o,
    output wire [31:0] dev_wdata_o,     // the data a device store writes
    output wire        dev_we_o,        // ... now, at dev_waddr_o
    output wire [31:0] dev_waddr_o,
    input  wire [31:0] bus_rdata_i,
    input  wire [31:0] ram_rdata_i,     // the RAM's read data (fetches: no device)
    input  wire [31:0] dev_rdata_i,     // a device register's, registered (vm74_bus)
    output wire        bus_commit_o,    // the load read last cycle passed its checks
    // Timer and simulation control.
    input  wire        irq_pending_i,   // TIME >= CMP
    input  wire        cmp_disarmed_i,  // CMP = 2^64 - 1
    input  wire        exit_i,          // SIMCTL_EXIT was written
    output wire        retire_o,        // an instruction retired
    output wire        retire_mode_o,   // ... in this mode
    // Debug.
    input  wire        dbg_halt_i,
    input  wire        dbg_step_i,
    input  wire        dbg_restart_i,
    output wire        dbg_idle_o,
    output wire        wfi_sleeping_o,
    output wire        wfi_deadlock_o,
    // Retirement port.
    output wire        rvfi_valid,
    output wire [63:0] rvfi_order,
    output wire [31:0] rvfi_pc,
    output wire [31:0] rvfi_insn,
    output wire        rvfi_mode,
    output wire        rvfi_trap,
    output wire        rvfi_intr,
    output wire [4:0]  rvfi_rd,
    output wire [31:0] rvfi_rd_wdata,
    output wire [4:0]  rvfi_cause,
    output wire [31:0] rvfi_info,
    output wire [4:0]  rvfi_mem_size,
    output wire        rvfi_mem_write,
    output wire [31:0] rvfi_mem_addr,
    output wire [31:0] rvfi_mem_paddr,
    output wire [31:0] rvfi_mem_data,
    output wire        rvfi_next_mode,
    output wire        rvfi_next_ie,
    output wire [31:0] rvfi_next_pc,
    output wire [31:0] rvfi_next_base,
    output wire [31:0] rvfi_next_bound
);
    // ---- Control (vm74_ctrl): X's state and its decisions --------------
    wire        x_valid_q;      // X holds an instruction
    wire        x_run;          // S_RUN: rd's value is X's, not a held one
    wire        x_active;       // ... and X executes its instruction now
    wire        s_mem, s_loadwb, s_muldiv;   // the other states X's data path tells apart
    wire        take;           // X takes the fetch's word now
    wire        trap_go_q;      // the trap unit starts (see u_trap)
    wire [4:0]  trap_cause_q;   // ... with this cause and info
    wire [31:0] trap_info_q;
    wire        lpsw_go, pc_we, x_to_user, rf_we, md_go_q;
    wire        jalr_wr_q;      // a JALR's link (pc_alt_q) is written now (see rf_we)
    wire        f_allow, f_stop, f_resync;
    // The record of the step that retires or traps now (vm74_rvfi).
    wire        rv_valid, rv_trap, rv_intr, rv_mem_write, rv_mode;
    // A RAM store's S_MEM: its record is valid if its checks pass (m_bad,
    // the end of their compare chains); it leaves X either way.
    wire        rv_ram_store;
    wire        rv_ram_load;    // ... a load read in X: likewise
    wire [31:0] rv_pc, rv_insn, rv_rd_wdata, rv_info, rv_mem_addr;
    wire [31:0] rv_mem_paddr, rv_mem_data;
    wire [4:0]  rv_rd, rv_cause, rv_mem_size;

    // ---- PSW and trap unit ---------------------------------------------
    wire        mode, ie;
    wire [31:0] pc, base, bound;
    wire        mode_d, ie_d;                 // the PSW after this cycle
    wire [31:0] pc_d, base_d, bound_d;
    wire        t_req, t_we, t_busy, t_done, t_done_trap;
    wire [31:0] t_addr, t_wdata;
    wire [31:0] t_flags;

    // ---- Fetch -----------------------------------------------------------
    wire        f_go, f_req, f_empty, f_running, f_store_hit;
    wire [31:0] f_paddr;
    wire        cand_valid, cand_fault, cand_pred, cand_step;
    wire [31:0] cand_insn;
    wire [4:0]  cand_cause;
    // A store's write has a cycle of its own after its checks (st_go_q);
    // in a store's S_MEM the port is the fetch's.
    reg         st_go_q;
    wire        port_free;   // the fetch may issue (vm74_port)
    wire        take_sure;   // X surely takes a word now (see its assign)

    // R's end, l + b, for the checks (vm74_reloc).
    reg  [32:0] hi_q;
    always @(posedge clk_i)
        hi_q <= {1'b0, base} + {1'b0, bound};

    // ---- X: the instruction being executed, decoded on its way in -------
    reg         x_pred_q, x_ffault_q, x_brk_q;
    reg  [4:0]  x_fcause_q;
    reg  [31:0] x_insn_q;
    reg  [4:0]  x_rd_q, x_size_q;
    reg  [2:0]  x_f3_q;
    reg  [31:0] x_imm_q;
    reg  [3:0]  x_alu_fn_q;
    reg         x_alu_imm_q, x_rd_we_q, x_jal_q, x_jalr_q;
    reg         x_branch_q, x_load_q, x_store_q, x_mul_q, x_div_q;
    reg         x_ecall_q, x_ebreak_q, x_lpsw_q, x_wfi_q;
    reg         x_illegal_q, x_sub_q, x_sx_q;
    // Its opcode is one whose step, unless illegal, faulting, interrupted or
    // a JALR to a misaligned target, retires in its execute cycle: OP-IMM
    // and OP without M, LUI, AUIPC, MISC-MEM, JALR, and JAL and
    // branches whose target is aligned (imm[1] = 0); and a flawed variant's
    // instruction (JRSTU as a JALR).  From the word's bits alone, but for
    // the variant's, which only a FLAW build decodes.
    reg         x_plain_q;
    reg         x_rd_nz_q;   // it writes rd, not x0
    reg         x_exc_q;     // it traps whatever the mode (see x_trap)
    wire [4:0]  c_opc = cand_insn[6:2];
    wire        c_plain = (c_opc == 5'b00100) | (c_opc == 5'b01101) |
                          (c_opc == 5'b00101) |
                          ((c_opc == 5'b01100) & ~cand_insn[25]) |
                          (c_opc == 5'b00011) |
                          (c_opc == 5'b11001) | ((c_opc == 5'b11011) & ~cand_insn[21]) |
                          ((c_opc == 5'b11000) & ~cand_insn[8]);
    // The result's sources (vm74_alu's sel_*), one-hot or none; link = JAL,
    // JALR (P + 4), auipc = AUIPC (P + imm, the branch target's adder: so
    // the ALU's adder takes rs1 with no P mux in front), mode = RDMODE and
    // base = RDBASE (FLAW variants).
    reg         x_sel_add_q, x_sel_sll_q, x_sel_sr_q, x_sel_slt_q, x_sel_logic_q;
    reg         x_sel_link_q, x_sel_auipc_q, x_sel_mode_q, x_sel_base_q;
    reg         x_jrstu_q;   // JRSTU (x_jalr_q too): M = user as it retires
    reg  [1:0]  x_lop_q;
    reg  [32:0] x_imm_x_q;   // the adder's b when it is the immediate

    // ---- X's outcomes, registered for the next cycle -----------------
    // br_wrong_q: the branch X executed last cycle went the other way than
    // guessed, so the word X took behind it is on the wrong path: it does
    // not execute, and the fetch restarts from the new P (see below).
    reg         br_wrong_q;
    // m_trap_q: the data access of the last cycle's S_MEM failed its checks
    // (S_MEM registers them): it traps now, from S_LOADWB (a load, LPSW),
    // S_MEM (a device store) or S_RUN (a RAM store, which has left X: the
    // word taken behind it does not execute).  A jump whose target is
    // misaligned traps the same way from S_RUN, a cycle after its execute
    // cycle, so that the target (the end of a carry chain for JALR) goes
    // to a register, not through the trap's info mux.
    reg         m_trap_q;
    reg  [31:0] pc_alt_q;       // the way a branch did not move P; a JALR's link

    // ---- What a multi-cycle step keeps (X's registers hold the rest) ---
    // P and mode stay put until a step retires, except under LPSW, which
    // installs the PSW a field at a time, and a store, whose P moves on in
    // its memory cycle: k_pc_q/k_mode_q keep the step's own (for the old P
    // a trap saves, and the records).
    reg  [31:0] pa_q, k_pc_q, k_insn_q;
    // A load's read went out in its execute cycle, at rs1_imm_pa (ld_x):
    // its data arrives in S_MEM, where it retires unless its checks fail.
    reg         ld_x_q;
    reg  [3:0]  pa_lo4_q;       // the bound compare's low bits (vm74_reloc)
    reg         k_intr_q, k_mode_q;

    vm74_fetch u_fetch (
        .clk_i         (clk_i),
        .rst_ni        (rst_ni),
        .allow_i       (f_allow),
        .step_i        (dbg_halt_i),
        .port_free_i   (port_free),
        .take_sure_i   (take_sure),
        .stop_i        (f_stop),
        .resync_i      (f_resync),
        .restart_i     (br_wrong_q),
        .psw_pc_i      (br_wrong_q ? pc_alt_q : pc),   // restart: P's new value
        .psw_base_i    (base),
        .hi_i          (hi_q),
        .ram_size_i    (ram_size_i),
        .go_o          (f_go),
        .req_o         (f_req),
        .paddr_o       (f_paddr),
        .rdata_i       (ram_rdata_i),
        .cand_valid_o  (cand_valid),
        .cand_insn_o   (cand_insn),
        .cand_fault_o  (cand_fault),
        .cand_cause_o  (cand_cause),
        .cand_pred_o   (cand_pred),
        .cand_step_o   (cand_step),
        .take_i        (take),
        .store_word_i  (pa_q[13:2]),
        .store_hit_o   (f_store_hit),
        .empty_o       (f_empty),
        .running_o     (f_running)
    );

    // ---- Decode of the word X takes next --------------------------------
    wire [4:0]  c_rd, c_rs1, c_rs2, c_size;
    wire [2:0]  c_f3;
    wire [31:0] c_imm;
    wire [3:0]  c_alu_fn;
    wire        c_alu_imm, c_alu_pc, c_rd_we, c_jal, c_jalr, c_branch;
    wire        c_load, c_store, c_mul, c_div, c_ecall, c_ebreak;
    wire        c_lpsw, c_wfi, c_rdmode, c_rdbase, c_jrstu, c_illegal;
    // The result's selects straight from the word's bits (not through the
    // decoder's ALU function: fewer LUT levels after the arriving word):
    // the integer OP and OP-IMM words by funct3, LUI as the logic
    // operations' B.  Every other word's selects are 0: it writes no rd in
    // its execute cycle (a load, MUL/DIV write it in later states, whose
    // x_run is 0), or its value has a select of its own (JAL, AUIPC,
    // RDMODE, RDBASE) or comes later (JALR, JRSTU: none).  An illegal word
    // traps.
    wire        c_alu_int = ((c_opc == 5'b00100) | (c_opc == 5'b01100)) &
                            ~((c_opc == 5'b01100) & cand_insn[25]);
    wire        c_lui = (c_opc == 5'b01101);
    wire        c_sub, c_sx;
    wire [32:0] c_adder_imm;

    vm74_decode #(.FLAW(FLAW)) u_decode (
        .insn_i      (cand_insn),
        .rd_o        (c_rd),
        .rs1_o       (c_rs1),
        .rs2_o       (c_rs2),
        .funct3_o    (c_f3),
        .imm_o       (c_imm),
        .alu_fn_o    (c_alu_fn),
        .alu_imm_o   (c_alu_imm),
        .alu_pc_o    (c_alu_pc),
        .rd_we_o     (c_rd_we),
        .is_jal_o    (c_jal),
        .is_jalr_o   (c_jalr),
        .is_branch_o (c_branch),
        .is_load_o   (c_load),
        .is_store_o  (c_store),
        .is_mul_o    (c_mul),
        .is_div_o    (c_div),
        .is_ecall_o  (c_ecall),
        .is_ebreak_o (c_ebreak),
        .is_lpsw_o   (c_lpsw),
        .is_wfi_o    (c_wfi),
        .is_rdmode_o (c_rdmode),
        .is_rdbase_o (c_rdbase),
        .is_jrstu_o  (c_jrstu),
        .mem_size_o  (c_size),
        .illegal_o   (c_illegal),
        .sub_o       (c_sub),
        .sx_o        (c_sx),
        .adder_imm_o (c_adder_imm)
    );

    // ---- Registers -----------------------------------------------------
    // The candidate's rs1/rs2 fields are read as it enters X (a register
    // written at that edge is forwarded), and the outputs hold X's operands
    // until its next instruction enters: a multi-cycle step keeps using them.
    wire [31:0] rf_a, rf_b;
    wire [4:0]  rf_wa = x_rd_q;
    wire [31:0] rf_wd;

    vm74_regfile u_regfile (
        .clk_i (clk_i),
        .re_i  (take),
        .ra_i  (c_rs1),
        .ra_o  (rf_a),
        .rb_i  (c_rs2),
        .rb_o  (rf_b),
        .we_i  (rf_we),
        .wa_i  (rf_wa),
        .wd_i  (rf_wd)
    );

    wire [31:0] rs1v = rf_a;
    wire [31:0] rs2v = rf_b;

    // ---- Execute -----------------------------------------------------

    wire [31:0] alu_y, alu_sh, alu_sum;
    wire        br_taken, br_lt;
    vm74_alu u_alu (
        .fn_i     (x_alu_fn_q),
        .sel_sll_i   (x_sel_sll_q & x_run),
        .sel_sr_i    (x_sel_sr_q & x_run),
        .sel_logic_i (x_sel_logic_q & x_run),
        .lop_i       (x_lop_q),
        .sub_i    (x_sub_q),
        .sx_i     (x_sx_q),
        .rs1_i    (rs1v),
        .b_i      (x_alu_imm_q ? x_imm_q : rs2v),
        .use_imm_i (x_alu_imm_q),
        .imm_x_i  (x_imm_x_q),
        .rs2_i    (rs2v),
        .y_o      (alu_y),
        .sh_o     (alu_sh),
        .sum_o    (alu_sum),
        .br_lt_i  (x_f3_q[2]),
        .br_inv_i (x_f3_q[0]),
        .eq_i     (rs1v == rs2v),
        .lt_o     (br_lt),
        .taken_o  (br_taken)
    );

    // The physical address of rs1 + imm (JALR's target, a data access):
    // rs1 + imm + l in one carry chain after a carry-save step, so that it
    // is ready as early as the logical one.
    wire [31:0] csa_s = rs1v ^ x_imm_q ^ base;
    wire [30:0] csa_c = (rs1v[30:0] & x_imm_q[30:0]) | (rs1v[30:0] & base[30:0]) |
                        (x_imm_q[30:0] & base[30:0]);
    wire [31:0] rs1_imm_pa = csa_s + {csa_c, 1'b0};

    // Control transfer: targets are logical; JALR clears bit 0.  When the
    // fetch guessed otherwise it is stopped, and restarts at the new P.
    wire [31:0] pc_plus4 = pc + 32'd4;
    wire [31:0] pc_tgt = pc + x_imm_q;
    // JALR's target, rs1 + imm, is taken from the adder itself (alu_sum),
    // not through the ALU's result mux, whose SLT input waits for the
    // compare.
    // A misaligned target: P is aligned (else X holds a fetch fault), so a
    // JAL's or branch's target is misaligned by imm[1] alone, known before
    // the compare; JALR's by bit 1 of rs1 + imm.  Such a branch traps only
    // if taken: it takes a second cycle (S_BRBAD), so that nothing in the
    // execute cycle waits for the compare but flip-flops.  Such a jump
    // traps a cycle later too (m_trap_q), its target registered.
    // JALR's bit 1 of rs1 + imm straight from the operands' low bits (not
    // through the ALU's operand mux and carry chain): it decides a trap.
    wire        jalr_bit1 = rs1v[1] ^ x_imm_q[1] ^ (rs1v[0] & x_imm_q[0]);
    wire        jump_bad = (x_jal_q & x_imm_q[1]) | (x_jalr_q & jalr_bit1);
    wire        branch_odd = x_branch_q & x_imm_q[1];
    // P's next value: the target when X's step (in its execute cycle) jumps
    // or is a branch guessed taken, else P + 4 (every other step that moves
    // P on).  A branch moves P as the fetch guessed, without waiting for its
    // compare; the other way (pc_alt_q) is kept, and if the guess was wrong
    // P takes it in the next cycle (br_wrong_q), in which nothing executes
    // and the fetch restarts from it.  So nothing but flip-flops waits for
    // the compare.  JALR's target, the adder's sum, enters P's register in
    // its last LUT (vm74_trap).  A JALR keeps its link, P + 4, there
    // instead (it is never guessed, and writes rd a cycle later: rf_we).
    wire        guess_taken = x_jal_q | (x_branch_q & x_pred_q);
    always @(posedge clk_i)
        if (x_active)
            pc_alt_q <= (x_pred_q | x_jalr_q) ? pc_plus4 : pc_tgt;
    wire        pc_sum = x_run & x_jalr_q & ~br_wrong_q;
    wire [31:0] pc_wd = br_wrong_q ? pc_alt_q :
                        (guess_taken & x_run) ? pc_tgt : pc_plus4;

    // Exceptions of X, in docs/isa.md §5's priority order (a data access's
    // own faults are found in S_MEM, after all of these).
    wire irq = ie & irq_pending_i;
    wire privileged = (x_lpsw_q | x_wfi_q) & ~mode;
    // Whether X traps: a sum of registered terms (x_exc_q: a fetch fault,
    // an illegal word or any SYSTEM word, which is ECALL, EBREAK or
    // illegal), so that the trap's start is a few LUTs from flip-flops;
    // which cause, below, in priority order.
    wire x_trap = irq | x_exc_q | privileged;
    reg  [4:0]  x_cause;
    reg  [31:0] x_info;
    always @(*) begin
        x_cause = `VM74_CAUSE_ILLEGAL;
        x_info = x_insn_q;
        if (irq) begin
            x_cause = `VM74_CAUSE_TIMER; x_info = 32'd0;
        end else if (x_ffault_q) begin
            x_cause = x_fcause_q; x_info = pc;
        end else if (x_illegal_q) begin
            x_cause = `VM74_CAUSE_ILLEGAL;
        end else if (privileged) begin
            x_cause = `VM74_CAUSE_PRIVILEGED;
        end else if (x_ecall_q) begin
            x_cause = `VM74_CAUSE_ECALL;
        end else if (x_ebreak_q) begin
            x_cause = `VM74_CAUSE_BREAKPOINT;
        end
    end

    wire x_is_mem = x_load_q | x_store_q | x_lpsw_q;

    wire [31:0] va = alu_sum;   // a data access's logical address


    always @(posedge clk_i) begin
        if (x_active) begin
            pa_q <= rs1_imm_pa;
            // The last byte's low bits, p[3:0] | (n - 1): all ones for
            // LPSW's 16 bytes.
            pa_lo4_q <= rs1_imm_pa[3:0] | {{2{x_size_q[4]}}, x_size_q[4] | x_size_q[2],
                                           x_size_q[4] | x_size_q[2] | x_size_q[1]};
            k_pc_q <= pc;
            k_insn_q <= (irq | x_ffault_q) ? 32'd0 : x_insn_q;
            k_mode_q <= mode;
            k_intr_q <= irq;
        end
    end

    // ---- S_MEM: the data access's checks, then the access --------------
    wire m_mis, m_fault, m_over, m_under, m_rest;
    vm74_reloc u_dcheck (
        .p_i          (pa_q),
        .n_i          (x_size_q),
        .lo4_i        (pa_lo4_q),
        .dev_ok_i     (x_load_q | x_store_q),
        .base_i       (base[31:2]),
        .hi_i         (hi_q),
        .ram_size_i   (ram_size_i),
        .misaligned_o (m_mis),
        .fault_o      (m_fault),
        .over_o       (m_over),
        .under_o      (m_under),
        .rest_o       (m_rest)
    );
    wire m_bad = m_mis | m_fault;
    // The checks' two compare chains (m_over, m_under) end last: they
    // enter st_go_q's and m_trap_q's last LUT, and the rest of those is
    // kept apart (ABC does not know when a chain's carry arrives).
    (* keep *) wire m_en, m_trap_other, st_en;
    assign m_en = s_mem & ~st_go_q & ~m_trap_q & ~exit_i & ~dbg_restart_i;
    assign m_trap_other = (m_en & (m_mis | m_rest)) |
                          (x_active & ~x_trap & jump_bad & ~exit_i & ~dbg_restart_i);
    assign st_en = s_mem & x_store_q & ~(m_mis | m_rest) & ~exit_i & ~st_go_q;
    // The port is driven from registered state only: a load's read is
    // issued in S_MEM whatever its checks say (a RAM read has no effect; a
    // device read's only effect, the UART's pop, waits for bus_commit_o,
    // the registered outcome of its checks, in S_LOADWB),
    // LPSW's first read in S_LOADWB, once its checks have passed, and a
    // store writes in the cycle after S_MEM, from registers, once its
    // checks have passed.  A RAM store retires in
    // S_MEM and its write overlaps the next step's X; a device store
    // retires in its write cycle (it stays in S_MEM: st_go_q), so that the
    // next step sees the device as written (the timer's interrupt, SIMCTL).
    // A device register, not RAM: bit 28 tells them apart for any access
    // that passes its checks (RAM is at most 256 MiB; vm74_bus stops the
    // build if the device map moves).
    wire m_dev = pa_q[28];
    // A load reads in its execute cycle, at rs1_imm_pa, unless a store
    // writes then (st_go_q; the trap unit is idle while X executes): the
    // port's address is then the end of X's address chain, chosen by
    // registered state.  Its data arrives in S_MEM, which retires it unless
    // its checks fail (m_bad: rd is not written, and it traps in the next
    // cycle, m_trap_q, as a RAM store does).  A read that did not go out in
    // X, and a device register's (whose read has an effect, the UART's pop,
    // and returns TIME as of X), is issued again in S_MEM and written in
    // S_LOADWB.
    wire ld_x = x_active & x_load_q & ~st_go_q;
    always @(posedge clk_i)
        ld_x_q <= ld_x;
    wire ld_slow = ~ld_x_q | m_dev;
    // Such a load retired (its checks passed): the counters count it in
    // the next cycle, from a register, as a RAM store in its write cycle.
    reg  ld_ret_q;
    always @(posedge clk_i) begin
        if (!rst_ni)
            ld_ret_q <= 1'b0;
        else
            ld_ret_q <= rv_ram_load & ~m_bad;
    end
    // A RAM store, and a load read in X, leave X in S_MEM whatever their
    // checks say (a trap kills the word taken): the fetch may count on
    // that take.
    assign take_sure = s_mem & ((x_store_q & ~m_dev & ~st_go_q) | (x_load_q & ~ld_slow)) &
                       ~exit_i & ~dbg_halt_i & ~dbg_restart_i;
    // A load's checks decide in S_LOADWB, registered (m_trap_q): no compare
    // chain is in front of the UART's pop.
    assign bus_commit_o = s_loadwb & ~m_trap_q & ~exit_i;
    always @(posedge clk_i) begin
        if (!rst_ni)
            st_go_q <= 1'b0;
        else
            st_go_q <= st_en & ~m_over & ~m_under;   // S_MEM, a store, its checks passed
    end
    wire [4:0] m_cause = x_store_q ?
        (m_mis ? `VM74_CAUSE_STORE_MISALIGNED : `VM74_CAUSE_STORE_FAULT) :
        (m_mis ? `VM74_CAUSE_LOAD_MISALIGNED : `VM74_CAUSE_LOAD_FAULT);
    // The checks' outcome, for the cycle after S_MEM.
    reg [4:0]  m_cause_q;
    reg [31:0] m_info_q;
    always @(posedge clk_i) begin
        if (!rst_ni)
            m_trap_q <= 1'b0;
        else
            // S_MEM's checks failed, or X's jump has a misaligned target.
            m_trap_q <= m_trap_other | (m_en & (m_over | m_under));
        m_cause_q <= x_run ? `VM74_CAUSE_FETCH_MISALIGNED : m_cause;
        // S_RUN: the jump's target (JALR clears bit 0); S_MEM: the address.
        m_info_q <= (x_run & x_jal_q) ? pc_tgt : {alu_sum[31:1], alu_sum[0] & ~x_run};
    end

    // ---- Multiply and divide: operands from registers -------------------
    wire        mul_done, div_done;
    wire [31:0] mul_y, div_y;
    vm74_mul u_mul (
        .clk_i    (clk_i),
        .rst_ni   (rst_ni),
        .start_i  (md_go_q & x_mul_q),
        .funct3_i (x_f3_q[1:0]),
        .a_i      (rs1v),
        .b_i      (rs2v),
        .done_o   (mul_done),
        .y_o      (mul_y)
    );
    vm74_div u_div (
        .clk_i    (clk_i),
        .rst_ni   (rst_ni),
        .start_i  (md_go_q & x_div_q),
        .funct3_i (x_f3_q[1:0]),
        .a_i      (rs1v),
        .b_i      (rs2v),
        .done_o   (div_done),
        .y_o      (div_y)
    );

    // ---- The load/store unit: byte lanes, byte enables, load data ------
    // Store data and enables are registered in S_MEM for the write cycle
    // (st_go_q); a load's lanes in S_MEM, its value assembled in S_LOADWB.
    wire [31:0] st_rec, st_data_q, ld_val, ld_raw;
    wire [3:0]  st_be_q;
    vm74_lsu u_lsu (
        .clk_i       (clk_i),
        .size_i      (x_size_q),
        .signed_i    (~x_f3_q[2]),
        .lane_i      (x_run ? rs1_imm_pa[1:0] : pa_q[1:0]),
        .st_cap_i    (s_mem),
        .rs2_i       (rs2v),
        .st_rec_o    (st_rec),
        .st_data_o   (st_data_q),
        .st_be_o     (st_be_q),
        .ld_go_i     (ld_x | (s_mem & x_load_q & ld_slow & ~m_trap_q)),
        .ld_dev_i    (~x_run & m_dev),   // X: RAM's lanes (a device's read goes again)
        .ram_rdata_i (ram_rdata_i),
        .dev_rdata_i (dev_rdata_i),
        .bus_rdata_i (bus_rdata_i),
        .ld_val_o    (ld_val),
        .ld_raw_o    (ld_raw)
    );

    // The result a held instruction retires with: a load's (S_LOADWB; its
    // data comes late, from the RAM, so it has a term of its own in rd's
    // value below) or a multiply's or divide's (S_MULDIV).
    wire [31:0] md_y = x_mul_q ? mul_y : div_y;
    wire        md_done = x_mul_q ? mul_done : div_done;

    // rd's value: an OR of sources of which at most one is selected.  The
    // adder's sum and SLT's bit (the carry chain's end) and the load data
    // (the RAM's output) come last, so they enter one LUT after the rest,
    // which is kept apart for that (ABC does not know when the chain's or
    // the RAM's outputs arrive); so are the selects of that last LUT.  The
    // sum's bit 0 is early.
    // The link, P + 4, and AUIPC's P + imm are carry chains' ends too; they
    // enter with the load data (wd_late), one LUT before the last.
    (* keep *) wire [31:0] wd_rest, wd_late;
    (* keep *) wire        g_add, g_slt;
    assign g_add = x_sel_add_q & x_run;
    assign g_slt = x_sel_slt_q & x_run;
    assign wd_rest = alu_y | alu_sh | {31'd0, x_sel_mode_q & x_run & mode} |
                     ({32{x_sel_base_q & x_run}} & base) |
                     ({32{s_muldiv}} & md_y) | ({32{jalr_wr_q}} & pc_alt_q) |
                     {31'd0, g_add & alu_sum[0]};
    assign wd_late = ld_val |   // zero but in a load's S_LOADWB
                     ({32{x_sel_link_q & x_run}} & pc_plus4) |
                     ({32{x_sel_auipc_q & x_run}} & pc_tgt);
    assign rf_wd = wd_rest | wd_late | ({32{g_add}} & {alu_sum[31:1], 1'b0}) |
                   {31'd0, g_slt & br_lt};

    // A branch resolved in its execute cycle that went the other way than
    // guessed is registered (br_wrong_q), with the compare feeding nothing
    // else but P's next value: in the next cycle the word X took behind it
    // is dropped and the fetch restarts at the new P (vm74_fetch's
    // restart_i: flush and resync in one cycle, so a wrong guess costs what
    // it did with a stop in the execute cycle).  x_br_check and x_brk_q =
    // funct3[0] ^ guess are known before the compare.
    wire x_br_check = x_active & x_branch_q & ~x_trap & ~branch_odd;
    wire br_cmp = x_f3_q[2] ? br_lt : (rs1v == rs2v);
    wire br_wrong = x_br_check & (br_cmp ^ x_brk_q);
    always @(posedge clk_i) begin
        if (!rst_ni)
            br_wrong_q <= 1'b0;
        else
            br_wrong_q <= br_wrong & ~exit_i & ~dbg_restart_i;
    end
`ifndef SYNTHESIS
    always @(posedge clk_i)
        if (rst_ni && x_valid_q && x_trap != (irq | x_ffault_q | x_illegal_q | privileged |
                                              x_ecall_q | x_ebreak_q))
            $fatal(1, "vm74_core: x_trap %0d disagrees with its causes (insn %08x)",
                   x_trap, x_insn_q);
`endif

    // ---- Control: X's state, retirement, take, trap start ---------------
    vm74_ctrl #(.FLAW(FLAW)) u_ctrl (
        .clk_i          (clk_i),
        .rst_ni         (rst_ni),
        .exit_i         (exit_i),
        .irq_pending_i  (irq_pending_i),
        .cmp_disarmed_i (cmp_disarmed_i),
        .dbg_halt_i     (dbg_halt_i),
        .dbg_step_i     (dbg_step_i),
        .dbg_restart_i  (dbg_restart_i),
        .cand_valid_i   (cand_valid),
        .cand_step_i    (cand_step),
        .f_go_i         (f_go),
        .f_store_hit_i  (f_store_hit),
        .f_empty_i      (f_empty),
        .f_running_i    (f_running),
        .x_insn_i       (x_insn_q),
        .x_pred_i       (x_pred_q),
        .x_ffault_i     (x_ffault_q),
        .x_illegal_i    (x_illegal_q),
        .x_plain_i      (x_plain_q),
        .x_rd_i         (x_rd_q),
        .x_rd_we_i      (x_rd_we_q),
        .x_rd_nz_i      (x_rd_nz_q),
        .x_size_i       (x_size_q),
        .x_jal_i        (x_jal_q),
        .x_jalr_i       (x_jalr_q),
        .x_jrstu_i      (x_jrstu_q),
        .x_branch_i     (x_branch_q),
        .x_is_mem_i     (x_is_mem),
        .x_store_i      (x_store_q),
        .x_lpsw_i       (x_lpsw_q),
        .x_mul_i        (x_mul_q),
        .x_div_i        (x_div_q),
        .x_wfi_i        (x_wfi_q),
        .irq_i          (irq),
        .x_trap_i       (x_trap),
        .x_cause_i      (x_cause),
        .x_info_i       (x_info),
        .jump_bad_i     (jump_bad),
        .jalr_bit1_i    (jalr_bit1),
        .branch_odd_i   (branch_odd),
        .br_taken_i     (br_taken),
        .br_wrong_i     (br_wrong_q),
        .m_trap_i       (m_trap_q),
        .m_cause_i      (m_cause_q),
        .m_info_i       (m_info_q),
        .m_dev_i        (m_dev),
        .m_bad_i        (m_bad),
        .ld_fast_i      (x_load_q & ~ld_slow),
        .st_go_i        (st_go_q),
        .md_done_i      (md_done),
        .t_busy_i       (t_busy),
        .t_done_i       (t_done),
        .t_done_trap_i  (t_done_trap),
        .pc_i           (pc),
        .mode_i         (mode),
        .pc_plus4_i     (pc_plus4),
        .pc_tgt_i       (pc_tgt),
        .rf_wd_i        (rf_wd),
        .va_i           (va),
        .pa_i           (pa_q),
        .st_rec_i       (st_rec),
        .ld_raw_i       (ld_raw),
        .t_flags_i      (t_flags),
        .k_pc_i         (k_pc_q),
        .k_insn_i       (k_insn_q),
        .k_mode_i       (k_mode_q),
        .k_intr_i       (k_intr_q),
        .x_valid_o      (x_valid_q),
        .x_run_o        (x_run),
        .x_active_o     (x_active),
        .s_mem_o        (s_mem),
        .s_loadwb_o     (s_loadwb),
        .s_muldiv_o     (s_muldiv),
        .take_o         (take),
        .f_allow_o      (f_allow),
        .f_stop_o       (f_stop),
        .f_resync_o     (f_resync),
        .pc_we_o        (pc_we),
        .x_to_user_o    (x_to_user),
        .rf_we_o        (rf_we),
        .jalr_wr_o      (jalr_wr_q),
        .md_go_o        (md_go_q),
        .lpsw_go_o      (lpsw_go),
        .trap_go_o      (trap_go_q),
        .trap_cause_o   (trap_cause_q),
        .trap_info_o    (trap_info_q),
        .rv_valid_o     (rv_valid),
        .rv_ram_store_o (rv_ram_store),
        .rv_ram_load_o  (rv_ram_load),
        .rv_pc_o        (rv_pc),
        .rv_insn_o      (rv_insn),
        .rv_mode_o      (rv_mode),
        .rv_trap_o      (rv_trap),
        .rv_intr_o      (rv_intr),
        .rv_rd_o        (rv_rd),
        .rv_rd_wdata_o  (rv_rd_wdata),
        .rv_cause_o     (rv_cause),
        .rv_info_o      (rv_info),
        .rv_mem_size_o  (rv_mem_size),
        .rv_mem_write_o (rv_mem_write),
        .rv_mem_addr_o  (rv_mem_addr),
        .rv_mem_paddr_o (rv_mem_paddr),
        .rv_mem_data_o  (rv_mem_data),
        .dbg_idle_o     (dbg_idle_o),
        .wfi_sleeping_o (wfi_sleeping_o),
        .wfi_deadlock_o (wfi_deadlock_o)
    );

    // X's decoded word: loaded as the word enters, held until it retires.
    always @(posedge clk_i) begin
        if (take) begin
            x_insn_q <= cand_insn;
            x_pred_q <= cand_pred;
            x_brk_q <= c_f3[0] ^ cand_pred;
            x_ffault_q <= cand_fault;
            x_fcause_q <= cand_cause;
            x_rd_q <= c_rd;
            x_size_q <= c_size;
            x_f3_q <= c_f3;
            x_imm_q <= c_imm;
            x_alu_fn_q <= c_alu_fn;
            x_sub_q <= c_sub;
            x_sx_q <= c_sx;
            x_sel_add_q <= c_alu_int & (c_f3 == 3'b000);
            x_imm_x_q <= c_adder_imm;
            x_sel_sll_q <= c_alu_int & (c_f3 == 3'b001);
            x_sel_sr_q <= c_alu_int & (c_f3 == 3'b101);
            x_sel_slt_q <= c_alu_int & (c_f3[2:1] == 2'b01);
            x_sel_logic_q <= c_lui | (c_alu_int & c_f3[2] & (c_f3[1:0] != 2'b01));
            x_lop_q <= c_lui ? 2'd3 : {c_f3[1] & c_f3[0], c_f3[1] & ~c_f3[0]};
            x_sel_link_q <= c_jal;   // JALR's link: jalr_wr_q
            x_sel_mode_q <= c_rdmode;
            x_sel_base_q <= c_rdbase;
            x_jrstu_q <= c_jrstu;
            x_alu_imm_q <= c_alu_imm;
            x_sel_auipc_q <= c_alu_pc;
            x_rd_we_q <= c_rd_we;
            x_jal_q <= c_jal;
            x_jalr_q <= c_jalr;
            x_branch_q <= c_branch;
            x_load_q <= c_load;
            x_store_q <= c_store;
            x_mul_q <= c_mul;
            x_div_q <= c_div;
            x_ecall_q <= c_ecall;
            x_ebreak_q <= c_ebreak;
            x_lpsw_q <= c_lpsw;
            x_wfi_q <= c_wfi;
            x_illegal_q <= c_illegal;
            x_plain_q <= c_plain | c_rdmode | c_rdbase | c_jrstu;
            x_exc_q <= cand_fault | c_illegal | (cand_insn[6:0] == 7'b1110011);
            x_rd_nz_q <= c_rd_we & (c_rd != 5'd0);
        end
    end

    vm74_trap u_trap (
        .clk_i        (clk_i),
        .rst_ni       (rst_ni),
        .boot_pc_i    (boot_pc_i),
        .trap_i       (trap_go_q),
        .cause_i      (trap_cause_q),
        .info_i       (trap_info_q),
        .trap_pc_i    (k_pc_q),
        .lpsw_i       (lpsw_go),
        .lpsw_paddr_i (pa_q),          // X is idle until the LPSW is done
        .pc_we_i      (pc_we),
        .user_i       (x_to_user),
        .pc_i         (pc_wd),
        .pc_sum_i     (pc_sum),
        .sum_i        ({alu_sum[31:1], 1'b0}),
        .bus_req_o    (t_req),
        .bus_we_o     (t_we),
        .bus_addr_o   (t_addr),
        .bus_wdata_o  (t_wdata),
        .bus_rdata_i  (ram_rdata_i),   // the vector and LPSW's words are in RAM
        .busy_o       (t_busy),
        .done_o       (t_done),
        .done_trap_o  (t_done_trap),
        .lpsw_flags_o (t_flags),
        .mode_o       (mode),
        .ie_o         (ie),
        .pc_o         (pc),
        .base_o       (base),
        .bound_o      (bound),
        .mode_d_o     (mode_d),
        .ie_d_o       (ie_d),
        .pc_d_o       (pc_d),
        .base_d_o     (base_d),
        .bound_d_o    (bound_d)
    );

    // The memory port, one user per cycle (vm74_port): the trap unit's
    // sequence, a store's write cycle, X's read, else the fetch.
    vm74_port u_port (
        .t_busy_i    (t_busy),
        .t_req_i     (t_req),
        .t_we_i      (t_we),
        .t_addr_i    (t_addr),
        .t_wdata_i   (t_wdata),
        .st_go_i     (st_go_q),
        .st_dev_i    (m_dev),
        .x_read_i    ((s_mem & x_load_q & ld_slow) | (s_loadwb & x_lpsw_q)),
        .pa_i        (pa_q),
        .x_fast_i    (ld_x),
        .x_addr_i    (rs1_imm_pa),
        .st_be_i     (st_be_q),
        .st_data_i   (st_data_q),
        .f_req_i     (f_req),
        .f_paddr_i   (f_paddr),
        .port_free_o (port_free),
        .bus_req_o   (bus_req_o),
        .bus_we_o    (bus_we_o),
        .bus_addr_o  (bus_addr_o),
        .bus_daddr_o (bus_daddr_o),
        .bus_be_o    (bus_be_o),
        .bus_wdata_o (bus_wdata_o),
        .dev_wdata_o (dev_wdata_o),
        .dev_we_o    (dev_we_o),
        .dev_waddr_o (dev_waddr_o)
    );


    // The retirement record, registered (vm74_rvfi).  A branch guessed
    // wrong retires with P as guessed; P takes the other way in the next
    // cycle.
    vm74_rvfi u_rvfi (
        .clk_i           (clk_i),
        .rst_ni          (rst_ni),
        .valid_i         (rv_valid | ((rv_ram_store | rv_ram_load) & ~m_bad)),
        .pc_i            (rv_pc),
        .insn_i          (rv_insn),
        .mode_i          (rv_mode),
        .trap_i          (rv_trap),
        .intr_i          (rv_intr),
        .rd_i            (rv_rd),
        .rd_wdata_i      (rv_rd_wdata),
        .cause_i         (rv_cause),
        .info_i          (rv_info),
        .mem_size_i      (rv_mem_size),
        .mem_write_i     (rv_mem_write),
        .mem_addr_i      (rv_mem_addr),
        .mem_paddr_i     (rv_mem_paddr),
        .mem_data_i      (rv_mem_data),
        .next_mode_i     (mode_d),
        .next_ie_i       (ie_d),
        .next_pc_i       (br_wrong ? (x_pred_q ? pc_plus4 : pc_tgt) : pc_d),
        .next_base_i     (base_d),
        .next_bound_i    (bound_d),
        .count_i         (rv_valid),
        .st_write_i      ((st_go_q & ~m_dev) | ld_ret_q),
        .retire_o        (retire_o),
        .retire_mode_o   (retire_mode_o),
        .rvfi_valid      (rvfi_valid),
        .rvfi_order      (rvfi_order),
        .rvfi_pc         (rvfi_pc),
        .rvfi_insn       (rvfi_insn),
        .rvfi_mode       (rvfi_mode),
        .rvfi_trap       (rvfi_trap),
        .rvfi_intr       (rvfi_intr),
        .rvfi_rd         (rvfi_rd),
        .rvfi_rd_wdata   (rvfi_rd_wdata),
        .rvfi_cause      (rvfi_cause),
        .rvfi_info       (rvfi_info),
        .rvfi_mem_size   (rvfi_mem_size),
        .rvfi_mem_write  (rvfi_mem_write),
        .rvfi_mem_addr   (rvfi_mem_addr),
        .rvfi_mem_paddr  (rvfi_mem_paddr),
        .rvfi_mem_data   (rvfi_mem_data),
        .rvfi_next_mode  (rvfi_next_mode),
        .rvfi_next_ie    (rvfi_next_ie),
        .rvfi_next_pc    (rvfi_next_pc),
        .rvfi_next_base  (rvfi_next_base),
        .rvfi_next_bound (rvfi_next_bound)
    );
endmodule

`default_nettype wire
