// vm74_core: the vm74 CPU, pipelined for the iCE40's short cycle, on one
// memory port.
//
//   F  the fetch stream (vm74_fetch): issues reads from registered
//      addresses, checks them beside the read, guesses JAL and backward
//      branches taken, and queues up to two words
//   D  the word X takes next addresses the (block RAM) register file and
//      is decoded into X's registers (vm74_xdec)
//   X  execute: ALU, branch, jump; or start a data access (S_MEM checks
//      and issues it from registered addresses: vm74_dcheck), a
//      multiply/divide (vm74_muldiv), LPSW, WFI, a trap (registered: the
//      trap unit starts next cycle)
//
// This file is the wiring of the core's units and X's exceptions: X's
// result (vm74_exec: ALU, rd's value), P's next value (vm74_nextpc), X's
// controller (vm74_ctrl: states, exceptions' priority, retire, take, trap
// start), the load/store unit (vm74_lsu), the PSW and trap unit
// (vm74_trap), the memory port's arbiter (vm74_port) and the retirement
// record (vm74_rvfi).
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
    `VM74_RVFI_PORTS(wire)   // sim/vm74_api.h's table
);
    // ---- Control (vm74_ctrl): X's state and its decisions --------------
    wire        x_run;          // S_RUN: rd's value is X's, not a held one
    wire        x_active;       // ... and X executes its instruction now
    wire        s_mem, s_loadwb, s_muldiv;   // the other states X's data path tells apart
    wire        take;           // X takes the fetch's word now
    wire        x_trap;         // X traps (docs/isa.md §5)
    wire        trap_go_q;      // the trap unit starts (see u_trap)
    wire [4:0]  trap_cause_q;   // ... with this cause and info
    wire [31:0] trap_info_q;
    wire        lpsw_go, pc_we, x_to_user, rf_we, md_go_q;
    wire        jalr_wr_q;      // a JALR's link (pc_alt_q) is written now (see rf_we)
    wire        f_allow, f_stop, f_resync;
    // The record of the step that retires or traps now (vm74_rvfi).
    wire        rv_valid, rv_ram_store;
    wire        rv_ram_load;    // a load read in X: valid if its checks pass
    `VM74_RV_WIRES      // rv_<field>: the record's fields (sim/vm74_api.h)

    // ---- PSW and trap unit ---------------------------------------------
    wire        mode, ie;
    wire [31:0] pc, base;
    wire [31:0] base_fetch;     // l for the fetch's resync (a trap's last cycle: 0)
    wire        mode_d, ie_d;                 // the PSW after this cycle
    wire [31:0] pc_d, base_d, bound_d;
    wire        t_req, t_we, t_busy, t_port, t_done, t_resync, t_done_trap;
    wire [31:0] t_addr, t_wdata;
    wire [31:0] t_flags;
    wire [32:0] hi_q;           // R's end, l + b, for the checks

    // ---- Fetch -----------------------------------------------------------
    wire        f_go, f_req, f_empty, f_running, f_store_hit;
    wire [31:0] f_paddr;
    wire        cand_valid, cand_fault, cand_pred, cand_step;
    wire [31:0] cand_insn;
    wire [4:0]  cand_cause;
    // A store's write has a cycle of its own after its checks (st_go_q);
    // in a store's S_MEM the port is the fetch's.
    wire        st_go_q;
    wire        port_free;   // the fetch may issue (vm74_port)
    // X surely takes a word now (a RAM store's or a load's S_MEM: vm74_dcheck).
    wire        take_sure;

    // ---- X: the instruction being executed (vm74_xdec's registers) ------
    wire        x_pred_q, x_ffault_q, x_brk_q;
    wire [4:0]  x_fcause_q;
    wire [31:0] x_insn_q;
    wire [4:0]  x_rd_q, x_size_q;
    wire [2:0]  x_f3_q;
    wire [31:0] x_imm_q;
    wire [3:0]  x_alu_fn_q;
    wire        x_alu_imm_q, x_rd_we_q, x_jal_q, x_jalr_q;
    wire        x_branch_q, x_load_q, x_store_q, x_mul_q, x_div_q;
    wire        x_ecall_q, x_ebreak_q, x_lpsw_q, x_wfi_q;
    wire        x_illegal_q, x_sub_q, x_sx_q;
    wire        x_plain_q, x_rd_nz_q, x_exc_q;
    wire        x_sel_add_q, x_sel_sll_q, x_sel_sr_q, x_sel_slt_q, x_sel_logic_q;
    wire        x_sel_link_q, x_sel_auipc_q, x_sel_mode_q, x_sel_base_q;
    wire        x_jrstu_q;
    wire [1:0]  x_lop_q;
    wire [32:0] x_imm_x_q;

    // ---- X's outcomes, registered for the next cycle -----------------
    // br_wrong_q: the branch X executed last cycle went the other way than
    // guessed (vm74_nextpc): the word X took behind it does not execute.
    wire        br_wrong_q;
    // m_trap_q: the data access of the last cycle's S_MEM failed its checks,
    // or the jump X executed last cycle has a misaligned target (vm74_dcheck).
    wire        m_trap_q;
    wire [4:0]  m_cause_q;      // ... with this cause and info
    wire [31:0] m_info_q;
    wire [31:0] pc_alt_q;       // the way a branch did not move P; a JALR's link
    wire [31:0] pc_plus4, pc_tgt, restart_pc;   // P's next values (vm74_nextpc)
    // The data access's physical address, X's and registered (vm74_dcheck).
    wire [31:0] rs1_imm_pa, pa_q;
    wire [31:0] k_pc_q;         // the step's own P (vm74_ctrl), which a trap saves

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
        .psw_pc_i      (restart_pc),
        .psw_base_i    (base[31:2]),
        .resync_base_i (base_fetch),
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

    // ---- D: the word X takes next, decoded into X's registers ----------
    wire [4:0]  c_rs1, c_rs2;
    vm74_xdec #(.FLAW(FLAW)) u_xdec (
        .clk_i         (clk_i),
        .take_i        (take),
        .cand_insn_i   (cand_insn),
        .cand_pred_i   (cand_pred),
        .cand_fault_i  (cand_fault),
        .cand_cause_i  (cand_cause),
        .rs1_o         (c_rs1),
        .rs2_o         (c_rs2),
        .x_insn_o      (x_insn_q),
        .x_pred_o      (x_pred_q),
        .x_brk_o       (x_brk_q),
        .x_ffault_o    (x_ffault_q),
        .x_fcause_o    (x_fcause_q),
        .x_rd_o        (x_rd_q),
        .x_size_o      (x_size_q),
        .x_f3_o        (x_f3_q),
        .x_imm_o       (x_imm_q),
        .x_alu_fn_o    (x_alu_fn_q),
        .x_sub_o       (x_sub_q),
        .x_sx_o        (x_sx_q),
        .x_imm_x_o     (x_imm_x_q),
        .x_sel_add_o   (x_sel_add_q),
        .x_sel_sll_o   (x_sel_sll_q),
        .x_sel_sr_o    (x_sel_sr_q),
        .x_sel_slt_o   (x_sel_slt_q),
        .x_sel_logic_o (x_sel_logic_q),
        .x_lop_o       (x_lop_q),
        .x_sel_link_o  (x_sel_link_q),
        .x_sel_auipc_o (x_sel_auipc_q),
        .x_sel_mode_o  (x_sel_mode_q),
        .x_sel_base_o  (x_sel_base_q),
        .x_jrstu_o     (x_jrstu_q),
        .x_alu_imm_o   (x_alu_imm_q),
        .x_rd_we_o     (x_rd_we_q),
        .x_jal_o       (x_jal_q),
        .x_jalr_o      (x_jalr_q),
        .x_branch_o    (x_branch_q),
        .x_load_o      (x_load_q),
        .x_store_o     (x_store_q),
        .x_mul_o       (x_mul_q),
        .x_div_o       (x_div_q),
        .x_ecall_o     (x_ecall_q),
        .x_ebreak_o    (x_ebreak_q),
        .x_lpsw_o      (x_lpsw_q),
        .x_wfi_o       (x_wfi_q),
        .x_illegal_o   (x_illegal_q),
        .x_plain_o     (x_plain_q),
        .x_rd_nz_o     (x_rd_nz_q),
        .x_exc_o       (x_exc_q)
    );

    // ---- Registers -----------------------------------------------------
    // The candidate's rs1/rs2 fields are read as it enters X (a register
    // written at that edge is forwarded), and the outputs hold X's operands
    // until its next instruction enters: a multi-cycle step keeps using them.
    wire [31:0] rs1v, rs2v, rf_wd;

    vm74_regfile u_regfile (
        .clk_i (clk_i),
        .re_i  (take),
        .ra_i  (c_rs1),
        .ra_o  (rs1v),
        .rb_i  (c_rs2),
        .rb_o  (rs2v),
        .we_i  (rf_we),
        .wa_i  (x_rd_q),
        .wd_i  (rf_wd)
    );

    wire        rs_eq = rs1v == rs2v;

    // ---- X's result: the ALU and rd's value (vm74_exec) ----------------
    wire [31:0] alu_sum, md_y, ld_val;
    wire        br_taken, br_lt;
    vm74_exec u_exec (
        .x_run_i       (x_run),
        .s_muldiv_i    (s_muldiv),
        .x_alu_fn_i    (x_alu_fn_q),
        .x_lop_i       (x_lop_q),
        .x_sub_i       (x_sub_q),
        .x_sx_i        (x_sx_q),
        .x_alu_imm_i   (x_alu_imm_q),
        .x_imm_i       (x_imm_q),
        .x_imm_x_i     (x_imm_x_q),
        .x_br_lt_i     (x_f3_q[2]),
        .x_br_inv_i    (x_f3_q[0]),
        .x_sel_add_i   (x_sel_add_q),
        .x_sel_sll_i   (x_sel_sll_q),
        .x_sel_sr_i    (x_sel_sr_q),
        .x_sel_slt_i   (x_sel_slt_q),
        .x_sel_logic_i (x_sel_logic_q),
        .x_sel_link_i  (x_sel_link_q),
        .x_sel_auipc_i (x_sel_auipc_q),
        .x_sel_mode_i  (x_sel_mode_q),
        .x_sel_base_i  (x_sel_base_q),
        .rs1_i         (rs1v),
        .rs2_i         (rs2v),
        .eq_i          (rs_eq),
        .mode_i        (mode),
        .base_i        (base),
        .md_y_i        (md_y),
        .jalr_wr_i     (jalr_wr_q),
        .pc_alt_i      (pc_alt_q),
        .ld_val_i      (ld_val),
        .pc_plus4_i    (pc_plus4),
        .pc_tgt_i      (pc_tgt),
        .sum_o         (alu_sum),
        .lt_o          (br_lt),
        .taken_o       (br_taken),
        .rd_o          (rf_wd)
    );


    // ---- P's next value, a branch's outcome (vm74_nextpc) ---------------
    wire        jalr_bit1, jump_bad, branch_odd, pc_sum;
    wire [31:0] pc_wd, rv_next_pc;
    vm74_nextpc u_nextpc (
        .clk_i         (clk_i),
        .rst_ni        (rst_ni),
        .exit_i        (exit_i),
        .dbg_restart_i (dbg_restart_i),
        .x_active_i    (x_active),
        .x_run_i       (x_run),
        .x_trap_i      (x_trap),
        .x_jal_i       (x_jal_q),
        .x_jalr_i      (x_jalr_q),
        .x_branch_i    (x_branch_q),
        .x_pred_i      (x_pred_q),
        .x_brk_i       (x_brk_q),
        .x_br_lt_i     (x_f3_q[2]),
        .x_imm_i       (x_imm_q),
        .rs1_lo_i      (rs1v[1:0]),
        .br_lt_i       (br_lt),
        .eq_i          (rs_eq),
        .pc_i          (pc),
        .pc_d_i        (pc_d),
        .pc_plus4_o    (pc_plus4),
        .pc_tgt_o      (pc_tgt),
        .jalr_bit1_o   (jalr_bit1),
        .jump_bad_o    (jump_bad),
        .branch_odd_o  (branch_odd),
        .pc_alt_o      (pc_alt_q),
        .br_wrong_o    (br_wrong_q),
        .pc_sum_o      (pc_sum),
        .pc_wd_o       (pc_wd),
        .restart_pc_o  (restart_pc),
        .rv_next_pc_o  (rv_next_pc)
    );

    // ---- S_MEM: the data access's checks, then the access --------------
    wire        m_bad, m_dev;
    wire        ld_x, ld_slow, ld_ret_q;   // a load's read in X (vm74_dcheck)
    vm74_dcheck u_dcheck (
        .clk_i         (clk_i),
        .rst_ni        (rst_ni),
        .exit_i        (exit_i),
        .dbg_halt_i    (dbg_halt_i),
        .dbg_restart_i (dbg_restart_i),
        .x_active_i    (x_active),
        .x_run_i       (x_run),
        .s_mem_i       (s_mem),
        .s_loadwb_i    (s_loadwb),
        .x_trap_i      (x_trap),
        .x_load_i      (x_load_q),
        .x_store_i     (x_store_q),
        .x_jal_i       (x_jal_q),
        .x_size_i      (x_size_q),
        .jump_bad_i    (jump_bad),
        .rs1_i         (rs1v),
        .imm_i         (x_imm_q),
        .sum_i         (alu_sum),
        .pc_tgt_i      (pc_tgt),
        .base_i        (base),
        .hi_i          (hi_q),
        .ram_size_i    (ram_size_i),
        .pa_x_o        (rs1_imm_pa),
        .pa_o          (pa_q),
        .m_bad_o       (m_bad),
        .m_dev_o       (m_dev),
        .take_sure_o   (take_sure),
        .rv_ram_load_i (rv_ram_load),
        .ld_x_o        (ld_x),
        .ld_slow_o     (ld_slow),
        .ld_ret_o      (ld_ret_q),
        .commit_o      (bus_commit_o),
        .st_go_o       (st_go_q),
        .m_trap_o      (m_trap_q),
        .m_cause_o     (m_cause_q),
        .m_info_o      (m_info_q)
    );

    // ---- Multiply, divide (S_MULDIV) ------------------------------------
    wire        md_done;
    vm74_muldiv u_muldiv (
        .clk_i    (clk_i),
        .rst_ni   (rst_ni),
        .go_i     (md_go_q),
        .x_go_i   (x_active),
        .mul_i    (x_mul_q),
        .div_i    (x_div_q),
        .funct3_i (x_f3_q[1:0]),
        .rs1_i    (rs1v),
        .rs2_i    (rs2v),
        .done_o   (md_done),
        .y_o      (md_y)
    );

    // ---- The load/store unit: byte lanes, byte enables, load data ------
    wire [31:0] st_rec, st_data_q, ld_raw;
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
        .x_load_i       (x_load_q),
        .x_store_i      (x_store_q),
        .x_lpsw_i       (x_lpsw_q),
        .x_mul_i        (x_mul_q),
        .x_div_i        (x_div_q),
        .x_wfi_i        (x_wfi_q),
        .ie_i           (ie),
        .x_exc_i        (x_exc_q),
        .x_trap_o       (x_trap),
        .x_fcause_i     (x_fcause_q),
        .x_ecall_i      (x_ecall_q),
        .x_ebreak_i     (x_ebreak_q),
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
        .t_resync_i     (t_resync),
        .t_done_trap_i  (t_done_trap),
        .pc_i           (pc),
        .mode_i         (mode),
        .pc_plus4_i     (pc_plus4),
        .pc_tgt_i       (pc_tgt),
        .rf_wd_i        (rf_wd),
        .va_i           (alu_sum),   // a data access's logical address
        .pa_i           (pa_q),
        .st_rec_i       (st_rec),
        .ld_raw_i       (ld_raw),
        .t_flags_i      (t_flags),
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
        .k_pc_o         (k_pc_q),
        .rv_valid_o     (rv_valid),
        .rv_ram_store_o (rv_ram_store),
        .rv_ram_load_o  (rv_ram_load),
        `VM74_RV_CONNECT_CTRL
        .dbg_idle_o     (dbg_idle_o),
        .wfi_sleeping_o (wfi_sleeping_o),
        .wfi_deadlock_o (wfi_deadlock_o)
    );

    vm74_trap u_trap (
        .clk_i        (clk_i),
        .rst_ni       (rst_ni),
        .boot_pc_i    (boot_pc_i),
        .trap_i       (trap_go_q),
        .cause_i      (trap_cause_q),
        .info_i       (trap_info_q),
        .trap_pc_i    (k_pc_q),
        .lpsw_i       (lpsw_go),
        .lpsw_mem_i   (s_mem & x_lpsw_q),
        .lpsw_rd_i    (s_loadwb & x_lpsw_q),
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
        .port_o       (t_port),
        .done_o       (t_done),
        .resync_o     (t_resync),
        .done_trap_o  (t_done_trap),
        .lpsw_flags_o (t_flags),
        .mode_o       (mode),
        .ie_o         (ie),
        .pc_o         (pc),
        .base_o       (base),
        .base_fetch_o (base_fetch),
        .hi_o         (hi_q),
        .mode_d_o     (mode_d),
        .ie_d_o       (ie_d),
        .pc_d_o       (pc_d),
        .base_d_o     (base_d),
        .bound_d_o    (bound_d)
    );

    // The memory port, one user per cycle (vm74_port): the trap unit's
    // sequence, a store's write cycle, X's read, else the fetch.
    vm74_port u_port (
        .t_busy_i    (t_port),
        .t_req_i     (t_req),
        .t_we_i      (t_we),
        .t_addr_i    (t_addr),
        .t_wdata_i   (t_wdata),
        .st_go_i     (st_go_q),
        .st_dev_i    (m_dev),
        .x_read_i    (s_mem & x_load_q & ld_slow),
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

    // The retirement record, registered (vm74_rvfi).
    vm74_rvfi u_rvfi (
        .clk_i           (clk_i),
        .rst_ni          (rst_ni),
        .valid_i         (rv_valid | ((rv_ram_store | rv_ram_load) & ~m_bad)),
        `VM74_RV_CONNECT_RVFI
        .next_mode_i     (mode_d),
        .next_ie_i       (ie_d),
        .next_pc_i       (rv_next_pc),
        .next_base_i     (base_d),
        .next_bound_i    (bound_d),
        .count_i         (rv_valid),
        .st_write_i      ((st_go_q & ~m_dev) | ld_ret_q),
        .retire_o        (retire_o),
        .retire_mode_o   (retire_mode_o),
        `VM74_RVFI_CONNECT
    );
endmodule

`default_nettype wire
