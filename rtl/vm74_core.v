// vm74_core: the vm74 CPU, a three-stage pipeline on one memory port.
//
//   F  fetch: relocate P, read RAM (vm74_fetch)
//   D  the fetched word addresses the (block RAM) register file; its
//      predicted successor is fetched when it moves on
//   X  execute: decode, ALU / branch / multiply, write rd; or start a
//      load/store, divide, LPSW, WFI, trap; drop D on a wrong guess
//
// See docs/rtl.md ("Microarchitecture") for the full picture.
`default_nettype none
`include "vm74_arch.vh"

module vm74_core #(
    parameter FLAW = 0
) (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire [31:0] boot_pc_i,
    input  wire [31:0] ram_size_i,
    // The memory port: RAM and devices, read data the next cycle.
    output reg         bus_req_o,
    output reg         bus_we_o,
    output reg  [31:0] bus_addr_o,
    output reg  [3:0]  bus_be_o,
    output reg  [31:0] bus_wdata_o,
    input  wire [31:0] bus_rdata_i,
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
    output reg         rvfi_valid,
    output reg  [63:0] rvfi_order,
    output reg  [31:0] rvfi_pc,
    output reg  [31:0] rvfi_insn,
    output reg         rvfi_mode,
    output reg         rvfi_trap,
    output reg         rvfi_intr,
    output reg  [4:0]  rvfi_rd,
    output reg  [31:0] rvfi_rd_wdata,
    output reg  [4:0]  rvfi_cause,
    output reg  [31:0] rvfi_info,
    output reg  [4:0]  rvfi_mem_size,
    output reg         rvfi_mem_write,
    output reg  [31:0] rvfi_mem_addr,
    output reg  [31:0] rvfi_mem_paddr,
    output reg  [31:0] rvfi_mem_data,
    output reg         rvfi_next_mode,
    output reg         rvfi_next_ie,
    output reg  [31:0] rvfi_next_pc,
    output reg  [31:0] rvfi_next_base,
    output reg  [31:0] rvfi_next_bound
);
    localparam [2:0] S_RUN = 3'd0;    // fetch / execute
    localparam [2:0] S_LOADWB = 3'd1; // load data returns, rd written
    localparam [2:0] S_DIV = 3'd2;    // divider busy
    localparam [2:0] S_LPSW = 3'd3;   // LPSW reads its operand
    localparam [2:0] S_TRAP = 3'd4;   // PSW swap
    localparam [2:0] S_WFI = 3'd5;    // waiting for TIME >= CMP

    reg  [2:0] state_q, state_d;

    // ---- PSW and trap unit ---------------------------------------------
    wire        mode, ie;
    wire [31:0] pc, base, bound;
    wire        mode_n, ie_n;
    wire [31:0] pc_n, base_n, bound_n;
    wire        t_req, t_we;
    wire [31:0] t_addr, t_wdata;
    wire        t_busy_unused, t_done, t_done_trap;
    wire [4:0]  t_cause;
    wire [31:0] t_info, t_flags;
    reg         trap_go, lpsw_go, pc_we;
    reg  [4:0]  x_cause;
    reg  [31:0] x_info, pc_wd;

    // ---- Fetch -----------------------------------------------------------
    reg         f_want;
    reg         credit_q, credit_d; // one step may issue while halted
    wire        f_allow = ~exit_i & (~dbg_halt_i | credit_q);
    wire        f_go, f_req, f_valid, f_fault;
    wire [31:0] f_paddr, f_pc;
    wire [4:0]  f_cause;
    reg         x_done, x_flush, x_drop;

    vm74_fetch u_fetch (
        .clk_i      (clk_i),
        .rst_ni     (rst_ni),
        .want_i     (f_want_go),
        .allow_i    (f_allow),
        .flush_i    (dbg_restart_i),
        .pc_i       (f_pc),
        .base_i     (base_n),
        .bound_i    (bound_n),
        .ram_size_i (ram_size_i),
        .go_o       (f_go),
        .req_o      (f_req),
        .paddr_o    (f_paddr),
        .valid_o    (f_valid),
        .fault_o    (f_fault),
        .cause_o    (f_cause)
    );

    // ---- D: the fetched word reads its registers ------------------------
    // The word arrives from RAM (f_valid) or waits here (d_held_q) while X
    // is busy.  Its rs1/rs2 fields address the register file every cycle, so
    // the operands are current in the cycle it enters X.  fpc_q/fpaddr_q are
    // the address of the last fetch, i.e. of the word in D.
    reg         d_held_q, d_fault_q, d_step_q;
    reg  [4:0]  d_cause_q;
    reg  [31:0] d_insn_q, fpc_q, fpaddr_q;
    wire        d_valid = f_valid | d_held_q;
    wire [31:0] d_insn = f_valid ? (f_fault ? 32'd0 : bus_rdata_i) : d_insn_q;
    wire        dw_fault = f_valid ? f_fault : d_fault_q;
    wire [4:0]  d_cause = f_valid ? f_cause : d_cause_q;
    // A word fetched before dbg_halt_i rose is dropped; one fetched by a
    // step credit (d_step_q) may enter X.
    wire        d_flush = x_flush | exit_i | dbg_restart_i |
                          (dbg_halt_i & ~d_step_q);
    reg         x_valid_q;
    wire        d_adv = d_valid & ~d_flush & (~x_valid_q | x_done);
    // Prefetch: when D's word enters X, fetch its predicted successor
    // (static: JAL and backward branches taken, all else P + 4); otherwise
    // fetch at the PSW's next P.  X drops D's word if the guess was wrong.
    wire        d_is_jal = (d_insn[6:0] == 7'b1101111);
    wire        d_is_br = (d_insn[6:0] == 7'b1100011);
    wire        d_pred = d_is_jal | (d_is_br & d_insn[31]);
    wire [31:0] d_imm_j = {{12{d_insn[31]}}, d_insn[19:12], d_insn[20],
                           d_insn[30:21], 1'b0};
    wire [31:0] d_imm_b = {{20{d_insn[31]}}, d_insn[7], d_insn[30:25],
                           d_insn[11:8], 1'b0};
    wire [31:0] d_target = fpc_q + (d_is_jal ? d_imm_j : d_imm_b);
    assign f_pc = !d_adv ? pc_n : d_pred ? d_target : fpc_q + 32'd4;

    // ---- X: the instruction being executed -----------------------------
    reg         x_ffault_q, x_pred_q;
    reg  [4:0]  x_fcause_q;
    reg  [31:0] x_insn_q;
    wire        xv = x_valid_q;
    wire        x_ffault = x_ffault_q;
    wire [4:0]  x_fcause = x_fcause_q;

    // ---- Decode ------------------------------------------------------------
    wire        x_active = (state_q == S_RUN) & xv & ~exit_i;
    wire [31:0] insn = x_insn_q;
    wire [4:0]  rd, rs1, rs2;
    wire [2:0]  f3;
    wire [31:0] imm;
    wire [3:0]  alu_fn;
    wire        alu_imm, alu_pc, rd_we, is_jal, is_jalr, is_branch;
    wire        is_load, is_store, is_mul, is_div, is_ecall, is_ebreak;
    wire        is_lpsw, is_wfi, is_rdmode, illegal;
    wire [4:0]  mem_size;

    vm74_decode #(.FLAW(FLAW)) u_decode (
        .insn_i      (insn),
        .rd_o        (rd),
        .rs1_o       (rs1),
        .rs2_o       (rs2),
        .funct3_o    (f3),
        .imm_o       (imm),
        .alu_fn_o    (alu_fn),
        .alu_imm_o   (alu_imm),
        .alu_pc_o    (alu_pc),
        .rd_we_o     (rd_we),
        .is_jal_o    (is_jal),
        .is_jalr_o   (is_jalr),
        .is_branch_o (is_branch),
        .is_load_o   (is_load),
        .is_store_o  (is_store),
        .is_mul_o    (is_mul),
        .is_div_o    (is_div),
        .is_ecall_o  (is_ecall),
        .is_ebreak_o (is_ebreak),
        .is_lpsw_o   (is_lpsw),
        .is_wfi_o    (is_wfi),
        .is_rdmode_o (is_rdmode),
        .mem_size_o  (mem_size),
        .illegal_o   (illegal)
    );

    // ---- Registers -----------------------------------------------------
    wire [31:0] rf_a, rf_b;
    wire [31:0] rs1v = (rs1 == 5'd0) ? 32'd0 : rf_a;
    wire [31:0] rs2v = (rs2 == 5'd0) ? 32'd0 : rf_b;
    reg         rf_we;
    reg  [4:0]  rf_wa;
    reg  [31:0] rf_wd;

    vm74_regfile u_regfile (
        .clk_i (clk_i),
        .ra_i  (d_insn[19:15]),
        .ra_o  (rf_a),
        .rb_i  (d_insn[24:20]),
        .rb_o  (rf_b),
        .we_i  (rf_we),
        .wa_i  (rf_wa),
        .wd_i  (rf_wd)
    );

    // ---- Execute -----------------------------------------------------
    wire [31:0] alu_y;
    wire        br_taken;
    vm74_alu u_alu (
        .fn_i     (alu_fn),
        .a_i      (alu_pc ? pc : rs1v),
        .b_i      (alu_imm ? imm : rs2v),
        .y_o      (alu_y),
        .br_lt_i  (f3[2]),
        .br_inv_i (f3[0]),
        .taken_o  (br_taken)
    );

    wire [31:0] mul_y;
    vm74_mul u_mul (
        .funct3_i (f3[1:0]),
        .a_i      (rs1v),
        .b_i      (rs2v),
        .y_o      (mul_y)
    );

    wire        div_start = x_active & is_div & ~trap_go;
    wire        div_done;
    wire [31:0] div_y;
    vm74_div u_div (
        .clk_i    (clk_i),
        .rst_ni   (rst_ni),
        .start_i  (div_start),
        .funct3_i (f3[1:0]),
        .a_i      (rs1v),
        .b_i      (rs2v),
        .done_o   (div_done),
        .y_o      (div_y)
    );

    // Control transfer: targets are logical; JALR clears bit 0.
    wire [31:0] pc_plus4 = pc + 32'd4;
    wire [31:0] jalr_sum = rs1v + imm;
    wire [31:0] target = is_jalr ? (jalr_sum & 32'hffff_fffe) : pc + imm;
    wire        taken = is_jal | is_jalr | (is_branch & br_taken);
    wire        target_bad = taken & (target[1:0] != 2'b00);
    wire [31:0] x_next = taken ? target : pc_plus4;

    // Data access (loads, stores, the LPSW operand).
    wire [31:0] d_addr = rs1v + imm;
    wire        is_mem = is_load | is_store | is_lpsw;
    wire        d_mis, d_fault, d_dev_unused;
    wire [31:0] d_paddr;
    vm74_reloc u_dreloc (
        .a_i          (d_addr),
        .n_i          (mem_size),
        .dev_ok_i     (is_load | is_store),
        .base_i       (base),
        .bound_i      (bound),
        .ram_size_i   (ram_size_i),
        .misaligned_o (d_mis),
        .fault_o      (d_fault),
        .paddr_o      (d_paddr),
        .device_o     (d_dev_unused)
    );

    // Exceptions, in docs/isa.md §5's priority order.
    wire irq = ie & irq_pending_i;
    wire privileged = (is_lpsw | is_wfi) & ~mode;
    always @(*) begin
        trap_go = x_active;
        x_cause = `VM74_CAUSE_ILLEGAL;
        x_info = insn;
        if (irq) begin
            x_cause = `VM74_CAUSE_TIMER; x_info = 32'd0;
        end else if (x_ffault) begin
            x_cause = x_fcause; x_info = pc;
        end else if (illegal) begin
            x_cause = `VM74_CAUSE_ILLEGAL;
        end else if (privileged) begin
            x_cause = `VM74_CAUSE_PRIVILEGED;
        end else if (is_ecall) begin
            x_cause = `VM74_CAUSE_ECALL;
        end else if (is_ebreak) begin
            x_cause = `VM74_CAUSE_BREAKPOINT;
        end else if (target_bad) begin
            x_cause = `VM74_CAUSE_FETCH_MISALIGNED; x_info = target;
        end else if (is_mem && (d_mis || d_fault)) begin
            x_info = d_addr;
            if (is_store)
                x_cause = d_mis ? `VM74_CAUSE_STORE_MISALIGNED
                                : `VM74_CAUSE_STORE_FAULT;
            else
                x_cause = d_mis ? `VM74_CAUSE_LOAD_MISALIGNED
                                : `VM74_CAUSE_LOAD_FAULT;
        end else begin
            trap_go = 1'b0;
        end
    end

    wire x_ok = x_active & ~trap_go;
    wire x_wfi_wait = x_ok & is_wfi & ~irq_pending_i;

    // Store data on its byte lanes.
    reg [31:0] st_data, st_rec;
    reg [3:0]  st_be;
    always @(*) begin
        case (mem_size)
            5'd1: begin
                st_data = {4{rs2v[7:0]}}; st_rec = {24'd0, rs2v[7:0]};
                st_be = 4'b0001 << d_paddr[1:0];
            end
            5'd2: begin
                st_data = {2{rs2v[15:0]}}; st_rec = {16'd0, rs2v[15:0]};
                st_be = d_paddr[1] ? 4'b1100 : 4'b0011;
            end
            default: begin
                st_data = rs2v; st_rec = rs2v; st_be = 4'b1111;
            end
        endcase
    end

    // ---- What a multi-cycle step keeps for its last cycle --------------
    reg  [31:0] k_pc_q, k_insn_q, k_addr_q, k_paddr_q;
    reg  [4:0]  k_rd_q, k_size_q;
    reg  [2:0]  k_f3_q;
    reg         k_mode_q, k_intr_q;
    reg  [31:0] k_pc_d, k_insn_d, k_addr_d, k_paddr_d;
    reg  [4:0]  k_rd_d, k_size_d;
    reg  [2:0]  k_f3_d;
    reg         k_mode_d, k_intr_d;

    always @(*) begin
        k_pc_d = k_pc_q; k_insn_d = k_insn_q; k_addr_d = k_addr_q;
        k_paddr_d = k_paddr_q; k_rd_d = k_rd_q; k_size_d = k_size_q;
        k_f3_d = k_f3_q; k_mode_d = k_mode_q; k_intr_d = k_intr_q;
        if (x_active) begin
            k_pc_d = pc;
            k_insn_d = (irq | x_ffault) ? 32'd0 : insn;
            k_addr_d = d_addr;
            k_paddr_d = d_paddr;
            k_rd_d = rd;
            k_size_d = mem_size;
            k_f3_d = f3;
            k_mode_d = mode;
            k_intr_d = irq;
        end
    end

    // Load data: the addressed lanes, zero-extended (recorded), then
    // sign-extended for LB/LH.
    wire [31:0] ld_word = bus_rdata_i >> {k_paddr_q[1:0], 3'b000};
    reg  [31:0] ld_raw, ld_val;
    always @(*) begin
        case (k_size_q)
            5'd1:    ld_raw = {24'd0, ld_word[7:0]};
            5'd2:    ld_raw = {16'd0, ld_word[15:0]};
            default: ld_raw = ld_word;
        endcase
        case (k_f3_q)
            3'b000:  ld_val = {{24{ld_raw[7]}}, ld_raw[7:0]};
            3'b001:  ld_val = {{16{ld_raw[15]}}, ld_raw[15:0]};
            default: ld_val = ld_raw;
        endcase
    end

    // The result the held instruction retires with (S_LOADWB or S_DIV).
    wire [31:0] held_y = (state_q == S_LOADWB) ? ld_val : div_y;

    // ---- Control -------------------------------------------------------
    reg        rv_valid, rv_trap, rv_intr, rv_mode, rv_mem_write;
    reg [31:0] rv_pc, rv_insn, rv_rd_wdata, rv_info, rv_mem_addr;
    reg [31:0] rv_mem_paddr, rv_mem_data;
    reg [4:0]  rv_rd, rv_cause, rv_mem_size;
    reg        d_req, d_we;
    reg [31:0] x_result;

    always @(*) begin
        if (is_jal | is_jalr)
            x_result = pc_plus4;
        else if (is_mul)
            x_result = mul_y;
        else if (is_rdmode)
            x_result = {31'd0, mode};
        else
            x_result = alu_y;
    end

    always @(*) begin
        state_d = state_q;
        f_want = 1'b0;
        pc_we = 1'b0;
        pc_wd = pc_plus4;
        lpsw_go = 1'b0;
        rf_we = 1'b0;
        rf_wa = rd;
        rf_wd = x_result;
        d_req = 1'b0;
        d_we = 1'b0;
        rv_valid = 1'b0;
        rv_trap = 1'b0;
        rv_intr = 1'b0;
        rv_pc = pc;
        rv_insn = insn;
        rv_mode = mode;
        rv_rd = 5'd0;
        rv_rd_wdata = 32'd0;
        rv_cause = 5'd0;
        rv_info = 32'd0;
        rv_mem_size = 5'd0;
        rv_mem_write = 1'b0;
        rv_mem_addr = 32'd0;
        rv_mem_paddr = 32'd0;
        rv_mem_data = 32'd0;
        credit_d = credit_q | dbg_step_i;
        x_drop = exit_i | dbg_restart_i;

        case (state_q)
            S_RUN: begin
                if (exit_i) begin
                    // SIMCTL_EXIT was written: the machine has stopped.
                    // The instruction behind the exit store must have no
                    // effect at all (x_drop discards it at the edge).
                end else if (!xv) begin
                    f_want = 1'b1;
                end else if (trap_go) begin
                    state_d = S_TRAP;
                end else if (is_load) begin
                    d_req = 1'b1;
                    pc_we = 1'b1;
                    state_d = S_LOADWB;
                end else if (is_div) begin
                    pc_we = 1'b1;
                    state_d = S_DIV;
                end else if (is_lpsw) begin
                    lpsw_go = 1'b1;
                    state_d = S_LPSW;
                end else if (x_wfi_wait) begin
                    state_d = S_WFI;
                end else begin
                    // Retires now.
                    pc_we = 1'b1;
                    pc_wd = x_next;
                    rv_valid = 1'b1;
                    if (is_store) begin
                        d_req = 1'b1;
                        d_we = 1'b1;
                        rv_mem_size = mem_size;
                        rv_mem_write = 1'b1;
                        rv_mem_addr = d_addr;
                        rv_mem_paddr = d_paddr;
                        rv_mem_data = st_rec;
                    end else begin
                        f_want = 1'b1;
                    end
                    if (rd_we && rd != 5'd0) begin
                        rf_we = 1'b1;
                        rv_rd = rd;
                        rv_rd_wdata = x_result;
                    end
                end
            end
            // The held instruction (k_*) retires with its result: a load
            // in its writeback cycle, a division when the divider is done.
            S_LOADWB, S_DIV: begin
                if (state_q == S_LOADWB || div_done) begin
                    f_want = 1'b1;
                    state_d = S_RUN;
                    rv_valid = 1'b1;
                    rv_pc = k_pc_q;
                    rv_insn = k_insn_q;
                    rv_mode = k_mode_q;
                    rf_wa = k_rd_q;
                    rf_wd = held_y;
                    if (k_rd_q != 5'd0) begin
                        rf_we = 1'b1;
                        rv_rd = k_rd_q;
                        rv_rd_wdata = held_y;
                    end
                    if (state_q == S_LOADWB) begin
                        rv_mem_size = k_size_q;
                        rv_mem_addr = k_addr_q;
                        rv_mem_paddr = k_paddr_q;
                        rv_mem_data = ld_raw;
                    end
                end
            end
            S_LPSW, S_TRAP: begin
                if (t_done) begin
                    f_want = 1'b1;
                    state_d = S_RUN;
                    rv_valid = 1'b1;
                    rv_pc = k_pc_q;
                    rv_insn = k_insn_q;
                    rv_mode = k_mode_q;
                    if (t_done_trap) begin
                        rv_trap = 1'b1;
                        rv_intr = k_intr_q;
                        rv_cause = t_cause;
                        rv_info = t_info;
                    end else begin
                        rv_mem_size = 5'd16;
                        rv_mem_addr = k_addr_q;
                        rv_mem_paddr = k_paddr_q;
                        rv_mem_data = t_flags;
                    end
                end
            end
            S_WFI: begin
                if (irq_pending_i) begin
                    f_want = 1'b1;
                    pc_we = 1'b1;
                    state_d = S_RUN;
                    rv_valid = 1'b1;
                    rv_pc = k_pc_q;
                    rv_insn = k_insn_q;
                    rv_mode = k_mode_q;
                end else if (dbg_halt_i && cmp_disarmed_i) begin
                    // Would wait for ever: give up, as if never started.
                    state_d = S_RUN;
                    x_drop = 1'b1;
                end
            end
            default: state_d = S_RUN;
        endcase
        if (f_go)
            credit_d = 1'b0;
        if (dbg_restart_i)
            state_d = S_RUN;
    end

    // X hands over to D's word when its step completes (the record), drops
    // D when it leaves the sequential path or overwrites D's word.
    wire smc_hit = is_store & (fpaddr_q[31:2] == d_paddr[31:2]);
    always @(*) begin
        x_done = rv_valid;
        x_flush = x_active & (trap_go | is_lpsw | x_wfi_wait |
                              (taken != x_pred_q) | smc_hit);
    end

    // The fetch: D's successor when D's word moves on (unless a store holds
    // the port), else at the PSW's next P where the step sequence asks.
    wire f_want_go = d_adv ? ~d_req : (f_want & ~(d_valid & ~d_flush));

    reg        d_held_d, d_step_d, x_valid_d, x_ffault_d, x_pred_d;
    reg [4:0]  x_fcause_d;
    reg [31:0] fpc_d, fpaddr_d, x_insn_d;
    always @(*) begin
        d_held_d = d_valid & ~d_flush & ~d_adv;
        d_step_d = f_go ? dbg_halt_i : d_step_q;
        fpc_d = f_go ? f_pc : fpc_q;
        fpaddr_d = f_go ? f_paddr : fpaddr_q;
        x_valid_d = x_valid_q & ~(x_done | x_drop);
        x_insn_d = x_insn_q;
        x_ffault_d = x_ffault_q;
        x_pred_d = x_pred_q;
        x_fcause_d = x_fcause_q;
        if (d_adv) begin
            x_valid_d = 1'b1;
            x_insn_d = d_insn;
            x_ffault_d = dw_fault;
            x_pred_d = d_pred;
            x_fcause_d = d_cause;
        end
    end

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            d_held_q <= 1'b0; d_step_q <= 1'b0; d_fault_q <= 1'b0;
            d_cause_q <= 5'd0; d_insn_q <= 32'd0;
            fpc_q <= 32'd0; fpaddr_q <= 32'd0;
            x_valid_q <= 1'b0; x_insn_q <= 32'd0;
            x_ffault_q <= 1'b0; x_fcause_q <= 5'd0; x_pred_q <= 1'b0;
        end else begin
            d_held_q <= d_held_d; d_step_q <= d_step_d; d_fault_q <= dw_fault;
            d_cause_q <= d_cause; d_insn_q <= d_insn;
            fpc_q <= fpc_d; fpaddr_q <= fpaddr_d;
            x_valid_q <= x_valid_d; x_insn_q <= x_insn_d;
            x_ffault_q <= x_ffault_d; x_fcause_q <= x_fcause_d;
            x_pred_q <= x_pred_d;
        end
    end

    vm74_trap u_trap (
        .clk_i        (clk_i),
        .rst_ni       (rst_ni),
        .boot_pc_i    (boot_pc_i),
        .trap_i       (trap_go),
        .cause_i      (x_cause),
        .info_i       (x_info),
        .lpsw_i       (lpsw_go),
        .lpsw_paddr_i (d_paddr),
        .pc_we_i      (pc_we),
        .pc_i         (pc_wd),
        .bus_req_o    (t_req),
        .bus_we_o     (t_we),
        .bus_addr_o   (t_addr),
        .bus_wdata_o  (t_wdata),
        .bus_rdata_i  (bus_rdata_i),
        .busy_o       (t_busy_unused),
        .done_o       (t_done),
        .done_trap_o  (t_done_trap),
        .cause_o      (t_cause),
        .info_o       (t_info),
        .lpsw_flags_o (t_flags),
        .mode_o       (mode),
        .ie_o         (ie),
        .pc_o         (pc),
        .base_o       (base),
        .bound_o      (bound),
        .mode_d_o     (mode_n),
        .ie_d_o       (ie_n),
        .pc_d_o       (pc_n),
        .base_d_o     (base_n),
        .bound_d_o    (bound_n)
    );

    // The memory port: one user per cycle by construction.
    always @(*) begin
        bus_req_o = 1'b0;
        bus_we_o = 1'b0;
        bus_addr_o = f_paddr;
        bus_be_o = 4'b1111;
        bus_wdata_o = t_wdata;
        if (t_req) begin
            bus_req_o = 1'b1;
            bus_we_o = t_we;
            bus_addr_o = t_addr;
        end else if (d_req) begin
            bus_req_o = 1'b1;
            bus_we_o = d_we;
            bus_addr_o = d_paddr;
            bus_be_o = st_be;
            bus_wdata_o = st_data;
        end else if (f_req) begin
            bus_req_o = 1'b1;
        end
    end

    // ---- Registers -----------------------------------------------------
    reg [63:0] order_q;

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            state_q <= S_RUN;
            credit_q <= 1'b0;
            k_pc_q <= 32'd0; k_insn_q <= 32'd0; k_addr_q <= 32'd0;
            k_paddr_q <= 32'd0; k_rd_q <= 5'd0; k_size_q <= 5'd0;
            k_f3_q <= 3'd0; k_mode_q <= 1'b0; k_intr_q <= 1'b0;
            order_q <= 64'd0;
        end else begin
            state_q <= state_d;
            credit_q <= credit_d;
            k_pc_q <= k_pc_d; k_insn_q <= k_insn_d; k_addr_q <= k_addr_d;
            k_paddr_q <= k_paddr_d; k_rd_q <= k_rd_d; k_size_q <= k_size_d;
            k_f3_q <= k_f3_d; k_mode_q <= k_mode_d; k_intr_q <= k_intr_d;
            order_q <= order_q + {63'd0, rv_valid};
        end
    end

    // The retirement record, registered: it appears with the state it
    // describes, one cycle after the step's last cycle.
    always @(posedge clk_i) begin
        if (!rst_ni) begin
            rvfi_valid <= 1'b0;
            rvfi_order <= 64'd0;
            rvfi_pc <= 32'd0;
            rvfi_insn <= 32'd0;
            rvfi_mode <= 1'b0;
            rvfi_trap <= 1'b0;
            rvfi_intr <= 1'b0;
            rvfi_rd <= 5'd0;
            rvfi_rd_wdata <= 32'd0;
            rvfi_cause <= 5'd0;
            rvfi_info <= 32'd0;
            rvfi_mem_size <= 5'd0;
            rvfi_mem_write <= 1'b0;
            rvfi_mem_addr <= 32'd0;
            rvfi_mem_paddr <= 32'd0;
            rvfi_mem_data <= 32'd0;
            rvfi_next_mode <= 1'b0;
            rvfi_next_ie <= 1'b0;
            rvfi_next_pc <= 32'd0;
            rvfi_next_base <= 32'd0;
            rvfi_next_bound <= 32'd0;
        end else begin
            rvfi_valid <= rv_valid;
            rvfi_order <= order_q;
            rvfi_pc <= rv_pc;
            rvfi_insn <= rv_insn;
            rvfi_mode <= rv_mode;
            rvfi_trap <= rv_trap;
            rvfi_intr <= rv_intr;
            rvfi_rd <= rv_rd;
            rvfi_rd_wdata <= rv_rd_wdata;
            rvfi_cause <= rv_cause;
            rvfi_info <= rv_info;
            rvfi_mem_size <= rv_mem_size;
            rvfi_mem_write <= rv_mem_write;
            rvfi_mem_addr <= rv_mem_addr;
            rvfi_mem_paddr <= rv_mem_paddr;
            rvfi_mem_data <= rv_mem_data;
            rvfi_next_mode <= mode_n;
            rvfi_next_ie <= ie_n;
            rvfi_next_pc <= pc_n;
            rvfi_next_base <= base_n;
            rvfi_next_bound <= bound_n;
        end
    end

    assign retire_o = rv_valid & ~rv_trap;
    assign retire_mode_o = rv_mode;
    assign dbg_idle_o = (dbg_halt_i | exit_i) & (state_q == S_RUN) & ~xv &
                        ~d_valid & ~credit_q;
    assign wfi_sleeping_o = (state_q == S_WFI);
    assign wfi_deadlock_o = (state_q == S_WFI) & cmp_disarmed_i;
endmodule

`default_nettype wire
