// vm74_ctrl: the controller of X, the execute stage: the state of a
// multi-cycle step (S_*, below), whether X's step retires, traps or
// stays, when X takes the next word (take_o, x_valid), when the fetch
// stops, the register file's and P's write enables, the trap's start
// (registered: the trap unit starts a cycle after the decision), and the
// record of what retires (rv_*, registered by vm74_rvfi).
//
// Its inputs are X's decoded word (registers, loaded as the word enters X)
// and the decisions of X's data path (vm74_core): exceptions, a jump's
// misaligned target, the data access's registered checks.  Nothing here
// waits for a carry chain but the record's values.
//
//   S_RUN     execute; or start a step: S_MEM (load, store, LPSW),
//             S_MULDIV (MUL/DIV), S_WFI, S_BRBAD, S_TRAP
//   S_MEM     the data access's checks and its read; a store's write cycle;
//             a load read in S_RUN writes rd
//   S_LOADWB  a load read in S_MEM writes rd; LPSW starts its sequence (S_LPSW)
//   S_LPSW, S_TRAP  the trap unit's sequences (vm74_trap)
`default_nettype none
`include "vm74_arch.vh"

module vm74_ctrl #(
    parameter FLAW = 0   // a flawed variant (vm74_decode, docs/isa.md §4.3)
) (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        exit_i,          // SIMCTL_EXIT was written
    input  wire        irq_pending_i,   // TIME >= CMP
    input  wire        cmp_disarmed_i,  // CMP = 2^64 - 1
    input  wire        dbg_halt_i,
    input  wire        dbg_step_i,
    input  wire        dbg_restart_i,
    // The fetch stream.
    input  wire        cand_valid_i,    // a word waits for X
    input  wire        cand_step_i,     // ... fetched for the single step
    input  wire        f_go_i,          // a read issues now
    input  wire        f_store_hit_i,   // a RAM store overwrites a fetched word
    input  wire        f_empty_i,
    input  wire        f_running_i,
    // X's decoded word.
    input  wire [31:0] x_insn_i,
    input  wire        x_pred_i,        // guessed taken
    input  wire        x_ffault_i,      // a fetch fault
    input  wire        x_illegal_i,
    input  wire        x_plain_i,       // retires in its execute cycle (vm74_core)
    input  wire [4:0]  x_rd_i,
    input  wire        x_rd_we_i,
    input  wire        x_rd_nz_i,       // it writes rd, not x0
    input  wire [4:0]  x_size_i,
    input  wire        x_jal_i,
    input  wire        x_jalr_i,
    input  wire        x_jrstu_i,
    input  wire        x_branch_i,
    input  wire        x_load_i,
    input  wire        x_store_i,
    input  wire        x_lpsw_i,
    input  wire        x_mul_i,
    input  wire        x_div_i,
    input  wire        x_wfi_i,
    // X's data path: its decisions.
    input  wire        ie_i,            // IE
    input  wire        x_exc_i,         // X traps whatever the mode (vm74_xdec)
    output wire        x_trap_o,        // X traps (which cause: x_cause, below)
    input  wire [4:0]  x_fcause_i,      // a fetch fault's cause
    input  wire        x_ecall_i,
    input  wire        x_ebreak_i,
    input  wire        jump_bad_i,      // a jump to a misaligned target
    input  wire        jalr_bit1_i,     // ... a JALR's (bit 1 of rs1 + imm)
    input  wire        branch_odd_i,    // a branch to a misaligned target
    input  wire        br_taken_i,      // the branch compare
    input  wire        br_wrong_i,      // last cycle's branch went the other way
    input  wire        m_trap_i,        // last cycle's checks failed (or a jump's target)
    input  wire [4:0]  m_cause_i,
    input  wire [31:0] m_info_i,
    input  wire        m_dev_i,         // the access is to a device register
    input  wire        m_bad_i,         // S_MEM's checks fail (the end of their chains)
    input  wire        ld_fast_i,       // a RAM load whose read went out in S_RUN
    input  wire        st_go_i,         // a store's write cycle
    input  wire        md_done_i,       // multiply or divide done
    // The trap unit.
    input  wire        t_busy_i,
    input  wire        t_done_i,
    input  wire        t_resync_i,      // P and l are the new PSW's from the next cycle
    input  wire        t_done_trap_i,
    // The record's values.
    input  wire [31:0] pc_i,
    input  wire        mode_i,
    input  wire [31:0] pc_plus4_i,
    input  wire [31:0] pc_tgt_i,
    input  wire [31:0] rf_wd_i,
    input  wire [31:0] va_i,
    input  wire [31:0] pa_i,
    input  wire [31:0] st_rec_i,
    input  wire [31:0] ld_raw_i,
    input  wire [31:0] t_flags_i,
    // X's state.
    output wire        x_run_o,         // S_RUN: rd's value is X's, not a held one
    output wire        x_active_o,      // ... and X executes its instruction now
    output wire        s_mem_o,         // S_MEM
    output wire        s_loadwb_o,      // S_LOADWB
    output wire        s_muldiv_o,      // S_MULDIV
    output wire        take_o,          // X takes the fetch's word now
    // The fetch.
    output wire        f_allow_o,
    output wire        f_stop_o,
    output wire        f_resync_o,
    // Write enables and starts.
    output wire        pc_we_o,
    output wire        x_to_user_o,     // JRSTU retires: M = user
    output wire        rf_we_o,
    output wire        jalr_wr_o,       // a JALR's link is written now
    output wire        md_go_o,
    output wire        lpsw_go_o,
    output wire        trap_go_o,       // the trap unit starts
    output wire [4:0]  trap_cause_o,    // ... with this cause and info
    output wire [31:0] trap_info_o,
    output wire [31:0] k_pc_o,          // the step's own P, which a trap saves
    // The record of the step that retires now.
    output wire        rv_valid_o,
    output wire        rv_ram_store_o,  // a RAM store (valid if its checks pass)
    output wire        rv_ram_load_o,   // a load read in S_RUN (likewise)
    `VM74_RV_OUTPUTS    // rv_<field>_o: the record's fields (sim/vm74_api.h)
    // Debug.
    output wire        dbg_idle_o,
    output wire        wfi_sleeping_o,
    output wire        wfi_deadlock_o
);
    localparam [2:0] S_RUN = 3'd0;    // execute (one cycle) or start a step
    localparam [2:0] S_MEM = 3'd1;    // check the data access and issue it
    localparam [2:0] S_LOADWB = 3'd2; // load data returns, rd written
    localparam [2:0] S_MULDIV = 3'd3; // multiplier or divider busy
    localparam [2:0] S_LPSW = 3'd4;   // LPSW reads its operand
    localparam [2:0] S_TRAP = 3'd5;   // PSW swap
    localparam [2:0] S_WFI = 3'd6;    // waiting for TIME >= CMP
    localparam [2:0] S_BRBAD = 3'd7;  // a branch whose target is misaligned

    // ---- X's state ----------------------------------------------------
    reg  [2:0]  state_q, state_d;
    reg         x_valid_q;      // X holds an instruction
    wire        x_run = (state_q == S_RUN);   // rd's value is X's, not a held one
    // X's word is on a wrong path (a branch guessed wrong) or behind a
    // failing store, whose trap starts now.
    wire        x_kill = br_wrong_i | (m_trap_i & (state_q == S_RUN));
    wire        x_active = (state_q == S_RUN) & x_valid_q & ~exit_i & ~x_kill;
    reg         x_drop;         // X's word is dropped (x_valid_d)
    reg         x_retire_case;  // S_RUN's retiring case (checked against x_retire)

    // ---- X's exceptions, in docs/isa.md §5's priority order -------------
    // (a data access's own faults are found in S_MEM, after all of these).
    // Whether X traps: a sum of registered terms (x_exc_i: a fetch fault,
    // an illegal word or any SYSTEM word, which is ECALL, EBREAK or
    // illegal), so that the trap's start is a few LUTs from flip-flops.
    wire        irq = ie_i & irq_pending_i;
    wire        privileged = (x_lpsw_i | x_wfi_i) & ~mode_i;
    wire        x_trap = irq | x_exc_i | privileged;
    wire        x_is_mem = x_load_i | x_store_i | x_lpsw_i;
    assign x_trap_o = x_trap;
    reg  [4:0]  x_cause;
    reg  [31:0] x_info;
    always @(*) begin
        x_cause = `VM74_CAUSE_ILLEGAL;
        x_info = x_insn_i;
        if (irq) begin
            x_cause = `VM74_CAUSE_TIMER; x_info = 32'd0;
        end else if (x_ffault_i) begin
            x_cause = x_fcause_i; x_info = pc_i;
        end else if (x_illegal_i) begin
            x_cause = `VM74_CAUSE_ILLEGAL;
        end else if (privileged) begin
            x_cause = `VM74_CAUSE_PRIVILEGED;
        end else if (x_ecall_i) begin
            x_cause = `VM74_CAUSE_ECALL;
        end else if (x_ebreak_i) begin
            x_cause = `VM74_CAUSE_BREAKPOINT;
        end
    end
`ifndef SYNTHESIS
    always @(posedge clk_i)
        if (rst_ni && x_valid_q && x_trap != (irq | x_ffault_i | x_illegal_i | privileged |
                                              x_ecall_i | x_ebreak_i))
            $fatal(1, "vm74_ctrl: x_trap %0d disagrees with its causes (insn %08x)",
                   x_trap, x_insn_i);
`endif

    // ---- What a multi-cycle step keeps (X's registers hold the rest) ---
    // P and mode stay put until a step retires, except under LPSW, which
    // installs the PSW a field at a time, and a store, whose P moves on in
    // its memory cycle: k_pc_q/k_mode_q keep the step's own (for the old P
    // a trap saves, and the records).
    reg  [31:0] k_pc_q, k_insn_q;
    reg         k_intr_q, k_mode_q;
    always @(posedge clk_i) begin
        if (x_active) begin
            k_pc_q <= pc_i;
            k_insn_q <= (irq | x_ffault_i) ? 32'd0 : x_insn_i;
            k_mode_q <= mode_i;
            k_intr_q <= irq;
        end
    end

    // ---- The fetch -----------------------------------------------------
    reg         credit_q, credit_d; // one step may issue while halted
    wire        f_allow = ~exit_i & (~dbg_halt_i | credit_q);
    reg         f_stop_misc, take;
    wire        f_stop;
    // The stream resyncs once X has settled P: in S_RUN with X empty, or
    // as a trap or LPSW installs P and l (t_resync_i; the fetch is
    // stopped and empty while a sequence runs), so that the new PSW's
    // first read issues as the port comes free.
    wire        f_resync = ((~f_running_i & f_empty_i & ~x_valid_q & (state_q == S_RUN)) |
                            t_resync_i) & ~exit_i;

    // ---- Write enables and starts --------------------------------------
    reg         pc_we_seq;      // P moves on as a multi-cycle step retires
    wire        pc_we, rf_we;
    reg         rf_we_seq;      // a load's or MUL/DIV's write
    reg         jalr_wr_q;      // a JALR's link (pc_alt_q) is written now (see rf_we)
    reg         md_go, md_go_q; // the multiplier or divider starts
    reg         lpsw_go;
    reg         trap_go, trap_go_q;      // the trap unit starts (a cycle later)
    reg  [4:0]  trap_cause, trap_cause_q; // ... with this cause and info
    reg  [31:0] trap_info, trap_info_q;

    // ---- The record of the step that retires now -----------------------
    reg         rv_valid;
    // A RAM store's S_MEM: its record is valid if its checks pass (m_bad,
    // the end of their compare chains); it leaves X either way.
    reg         rv_ram_store;
    reg         rv_ram_load;    // ... a load read in S_RUN, likewise
    reg         rf_we_ld;       // ... its write of rd, if its checks pass
    reg         wr_res;         // a held step (load, MUL/DIV) writes its result now
    `VM74_RV_REGS

    // S_BRBAD's decision, registered so that it does not wait for the compare.
    reg brbad_taken_q;
    always @(posedge clk_i)
        brbad_taken_q <= br_taken_i;

    // Does X's instruction leave X this cycle (retired, or trapped from
    // its execute cycle)?  From registered state only.
    reg x_leaves;
    always @(*) begin
        case (state_q)
            S_RUN:    x_leaves = x_active & ~x_is_mem & ~x_mul_i & ~x_div_i &
                                 ~branch_odd_i & ~(x_wfi_i & ~irq_pending_i);
            S_BRBAD:  x_leaves = 1'b1;
            S_MEM:    x_leaves = ((x_store_i & (~m_dev_i | st_go_i)) | ld_fast_i) & ~exit_i;
            S_LOADWB: x_leaves = ~x_lpsw_i;   // a load retires or traps
            S_MULDIV: x_leaves = md_done_i;
            S_WFI:    x_leaves = irq_pending_i;
            default:  x_leaves = t_done_i;   // S_LPSW, S_TRAP
        endcase
    end

    always @(*) begin
        state_d = state_q;
        pc_we_seq = 1'b0;
        x_retire_case = 1'b0;
        trap_go = 1'b0;
        trap_cause = x_cause;
        trap_info = x_info;
        lpsw_go = 1'b0;
        md_go = 1'b0;
        wr_res = 1'b0;
        f_stop_misc = 1'b0;
        rv_valid = 1'b0;
        rv_ram_store = 1'b0;
        rv_ram_load = 1'b0;
        rv_pc = pc_i;
        rv_mode = mode_i;
        rv_trap = 1'b0;
        rv_intr = 1'b0;
        rv_insn = x_insn_i;
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
        x_drop = exit_i | dbg_restart_i | x_kill;

        // A data access that failed its checks last cycle traps now, in
        // whichever state its step is in (see m_trap_q).
        if (m_trap_i && !exit_i) begin
            trap_go = 1'b1;
            trap_cause = m_cause_i;
            trap_info = m_info_i;
            f_stop_misc = 1'b1;
            state_d = S_TRAP;
        end else case (state_q)
            S_RUN: begin
                if (!x_active) begin
                    // Nothing to execute (or SIMCTL_EXIT was written: the
                    // instruction behind the exit store has no effect).
                end else if (x_trap) begin
                    trap_go = 1'b1;
                    f_stop_misc = 1'b1;
                    state_d = S_TRAP;
                end else if (jump_bad_i) begin
                    // A jump to a misaligned target: it traps in the next
                    // cycle (m_trap_q), with the target registered.
                    f_stop_misc = 1'b1;
                end else if (x_is_mem) begin
                    // LPSW replaces the PSW: nothing fetched after it counts.
                    f_stop_misc = x_lpsw_i;
                    state_d = S_MEM;
                end else if (x_mul_i | x_div_i) begin
                    md_go = 1'b1;
                    state_d = S_MULDIV;
                end else if (x_wfi_i && !irq_pending_i) begin
                    state_d = S_WFI;
                end else if (branch_odd_i) begin
                    f_stop_misc = 1'b1;
                    state_d = S_BRBAD;
                end else begin
                    // Retires now (P: x_retire below).
                    rv_valid = 1'b1;
                    x_retire_case = 1'b1;
                    // A branch's wrong guess: f_stop below.
                    if (!x_branch_i && (x_jal_i | x_jalr_i) != x_pred_i)
                        f_stop_misc = 1'b1;
                    if (x_rd_we_i && x_rd_i != 5'd0) begin
                        rv_rd = x_rd_i;
                        // JALR's link is written a cycle later (jalr_wr_q).
                        rv_rd_wdata = x_jalr_i ? pc_plus4_i : rf_wd_i;
                    end
                end
            end
            S_MEM: begin
                // A store's and a fast load's P moves on without waiting for
                // their checks: if they fail, the trap saves k_pc_q, and
                // installs a new P.
                pc_we_seq = (x_store_i | ld_fast_i) & ~exit_i & ~st_go_i;
                if (exit_i) begin
                    // Stopped.
                end else if (st_go_i) begin
                    // A device store's write cycle: it retires (its P has
                    // moved on already).
                    rv_valid = 1'b1;
                    rv_pc = k_pc_q;
                    state_d = S_RUN;
                end else if (ld_fast_i) begin
                    // A RAM load whose read went out in S_RUN: its data is
                    // here, it writes rd and retires now unless its checks
                    // fail (then rd is not written, and it traps next
                    // cycle: m_trap_q).
                    rv_ram_load = 1'b1;
                    wr_res = 1'b1;
                    state_d = S_RUN;
                end else if (!x_store_i) begin
                    // A load or LPSW: its checks, registered, decide in the
                    // next cycle (S_LOADWB).
                    state_d = S_LOADWB;
                end else if (m_dev_i) begin
                    // A device store: writes next cycle and retires then,
                    // or traps then (m_trap_q).
                end else begin
                    // A RAM store retires now, unless its checks fail (then
                    // it traps next cycle: m_trap_q); it writes next cycle.
                    // If it overwrites a word already fetched (or being
                    // fetched now), the fetch starts again after it (a
                    // failing store's trap stops it anyway).
                    rv_ram_store = 1'b1;
                    state_d = S_RUN;
                    if (f_store_hit_i)
                        f_stop_misc = 1'b1;
                end
                // A retiring store's or load's record.
                rv_mem_size = x_size_i;
                rv_mem_write = x_store_i;
                rv_mem_addr = va_i;
                rv_mem_paddr = pa_i;
                rv_mem_data = x_store_i ? st_rec_i : ld_raw_i;
            end
            // The held instruction retires with its result: a load in its
            // writeback cycle, a multiply or divide when the unit is done.
            // A load or LPSW whose checks failed has trapped above (m_trap_q);
            // LPSW starts its sequence here (its P, read in S_MEM, is
            // here).
            S_LOADWB: begin
                if (x_lpsw_i) begin
                    lpsw_go = 1'b1;
                    state_d = S_LPSW;
                end else begin
                    rv_valid = 1'b1; pc_we_seq = 1'b1;
                    wr_res = 1'b1;
                    state_d = S_RUN;
                    rv_mem_size = x_size_i;
                    rv_mem_addr = va_i;
                    rv_mem_paddr = pa_i;
                    rv_mem_data = ld_raw_i;
                end
            end
            S_MULDIV: begin
                if (md_done_i) begin
                    rv_valid = 1'b1; pc_we_seq = 1'b1;
                    wr_res = 1'b1;
                    state_d = S_RUN;
                end
            end
            S_LPSW, S_TRAP: begin
                if (t_done_i) begin
                    state_d = S_RUN;
                    rv_valid = 1'b1;
                    rv_pc = k_pc_q;
                    if (t_done_trap_i) begin
                        rv_trap = 1'b1;
                        rv_intr = k_intr_q;
                        rv_cause = trap_cause_q;
                        rv_info = trap_info_q;
                        rv_insn = k_insn_q;
                    end else begin
                        rv_mode = k_mode_q;
                        rv_mem_size = 5'd16;
                        rv_mem_addr = va_i;
                        rv_mem_paddr = pa_i;
                        rv_mem_data = t_flags_i;
                    end
                end
            end
            // Taken (as compared in the execute cycle) traps, else it retires.
            S_BRBAD: begin
                state_d = S_RUN;
                if (brbad_taken_q) begin
                    trap_go = 1'b1;
                    trap_cause = `VM74_CAUSE_FETCH_MISALIGNED;
                    trap_info = pc_tgt_i;
                    state_d = S_TRAP;
                end else begin
                    rv_valid = 1'b1; pc_we_seq = 1'b1;
                end
            end
            S_WFI: begin
                if (irq_pending_i) begin
                    rv_valid = 1'b1; pc_we_seq = 1'b1;
                    state_d = S_RUN;
                end else if (dbg_halt_i && cmp_disarmed_i) begin
                    // Would wait for ever: give up, as if never started.
                    state_d = S_RUN;
                    x_drop = 1'b1;
                    f_stop_misc = 1'b1;
                end
            end
            default: state_d = S_RUN;
        endcase

        // A held step's result goes to rd (the register file's write enable
        // below; a load read in S_RUN's waits for its checks).
        if (wr_res && x_rd_i != 5'd0) begin
            rv_rd = x_rd_i;
            rv_rd_wdata = rf_wd_i;
        end
        rf_we_seq = wr_res & ~rv_ram_load & (x_rd_i != 5'd0);
        rf_we_ld = wr_res & rv_ram_load & (x_rd_i != 5'd0);
        // The fetched words: dropped when the machine stops, restarts, or
        // is halted with words that no single step fetched.
        if (exit_i || dbg_restart_i ||
            (dbg_halt_i && cand_valid_i && !cand_step_i))
            f_stop_misc = 1'b1;
        // X takes the next word when its own instruction leaves X, decided
        // without the branch compare or the data access's checks: a word
        // taken behind a trap is killed (x_valid_d) by the same f_stop that
        // drops the fetched words, one taken behind a branch guessed wrong
        // by br_wrong_q in the next cycle, in which X takes nothing (the
        // word arriving then is on the wrong path too).
        // Not behind a JALR: its link is written in the next cycle to X's
        // rd (jalr_wr_q), so X's registers must still be the JALR's (the
        // word would be dropped anyway: a JALR stops the fetch).
        take = cand_valid_i & ~exit_i & ~dbg_restart_i & ~x_kill &
               ~(dbg_halt_i & ~cand_step_i) & (~x_valid_q | (x_leaves & ~x_jalr_i));
        // P takes the other way of a branch guessed wrong (see pc_wd).
        if (br_wrong_i)
            pc_we_seq = 1'b1;
        if (f_go_i)
            credit_d = 1'b0;
        if (dbg_restart_i)
            state_d = S_RUN;
    end
    assign f_stop = f_stop_misc;

    // X's step retires in its execute cycle: S_RUN's last case above, as a
    // sum of a few registered terms (x_plain_q: the word's opcode is one
    // whose step can, see its decode), so that P's write enable, which
    // selects all of P's 32 bits, is a few LUTs from flip-flops.
    // x_retire_any: the same but for a JALR whatever its target, whose
    // misalignment (bit 1 of rs1 + imm) is the end of a longer path.
    wire x_retire_any = x_active & ~irq & ~x_illegal_i & ~x_ffault_i &
                        (x_plain_i | (x_wfi_i & mode_i & irq_pending_i));
    wire x_retire = x_retire_any & ~(x_jalr_i & jalr_bit1_i);
    // JRSTU lowers M as it retires, not when its target is misaligned (the
    // trap saves the old M).  It stops the fetch like any JALR, so the next
    // word enters X after M has changed.
    wire x_to_user = (FLAW == `VM74_FLAW_JRSTU) & x_retire & x_jrstu_i;
    // A JALR to a misaligned target moves P too: it traps in the next
    // cycle (m_trap_q), which saves k_pc_q, the JALR's own P, and
    // installs the vector; nothing runs in between (the fetch is stopped
    // and X holds the JALR, killed by m_trap_q).
    assign pc_we = x_retire_any | pc_we_seq;
    // rd's write in the execute cycle, likewise, but JALR's: whether a JALR
    // retires depends on bit 1 of rs1 + imm (a misaligned target traps),
    // which is not to be in front of the register file's write enable, so
    // it writes its link in the next cycle, from registers (jalr_wr_q,
    // pc_alt_q).  X is empty then: the fetch was stopped by the JALR and
    // resyncs in that cycle, so nothing reads or writes a register.
    always @(posedge clk_i) begin
        if (!rst_ni)
            jalr_wr_q <= 1'b0;
        else
            jalr_wr_q <= x_retire & x_jalr_i & x_rd_nz_i;
    end
    assign rf_we = (x_retire_any & x_rd_nz_i & ~x_jalr_i) | jalr_wr_q | rf_we_seq |
                   (rf_we_ld & ~m_bad_i);
`ifndef SYNTHESIS
    // rd's write in the execute cycle as S_RUN's cases say it: not on a
    // trap (a branch writes no rd).  The simulation checks rf_we against it.
    wire x_rd_write = x_leaves & (state_q == S_RUN) & ~x_trap & ~jump_bad_i &
                      ~x_wfi_i & x_rd_we_i & (x_rd_i != 5'd0);
    // x_retire is S_RUN's retiring case, written another way.
    always @(posedge clk_i)
        if (rst_ni && (x_retire != x_retire_case || (x_retire & x_rd_nz_i) != x_rd_write))
            $fatal(1, "vm74_ctrl: x_retire %0d, but S_RUN's case says %0d (insn %08x)",
                   x_retire, x_retire_case, x_insn_i);
`endif

    reg x_valid_d;
    always @(*) begin
        x_valid_d = x_valid_q & ~(rv_valid | rv_ram_store | rv_ram_load | x_drop);
        if (take)
            x_valid_d = ~f_stop;
    end

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            x_valid_q <= 1'b0;
            md_go_q <= 1'b0;
        end else begin
            x_valid_q <= x_valid_d;
            md_go_q <= md_go;
        end
    end

    // The trap unit starts a cycle after the decision, from registers: the
    // decision is the end of X's control (x_active, x_trap), and the unit's
    // sequencer, cause and info must not wait for it.  The core is in
    // S_TRAP meanwhile, with the fetch stopped.  Cause and info are taken
    // in every cycle in which no trap is starting or running, so their
    // enable comes from registers too, and they are the trap unit's only
    // copy: they hold from its start to its last cycle (the old PSW's
    // cause and info words, and the record).
    always @(posedge clk_i) begin
        if (!rst_ni)
            trap_go_q <= 1'b0;
        else
            trap_go_q <= trap_go;
        if (!trap_go_q && !t_busy_i) begin
            trap_cause_q <= trap_cause;
            trap_info_q <= trap_info;
        end
    end

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            state_q <= S_RUN;
            credit_q <= 1'b0;
        end else begin
            state_q <= state_d;
            credit_q <= credit_d;
        end
    end

    assign dbg_idle_o = (dbg_halt_i | exit_i) & (state_q == S_RUN) & ~st_go_i & ~m_trap_i &
                        ~br_wrong_i & ~jalr_wr_q &
                        ~x_valid_q & f_empty_i & ~credit_q;
    assign wfi_sleeping_o = (state_q == S_WFI);
    assign wfi_deadlock_o = (state_q == S_WFI) & cmp_disarmed_i;

    assign x_run_o = x_run;
    assign x_active_o = x_active;
    assign s_mem_o = (state_q == S_MEM);
    assign s_loadwb_o = (state_q == S_LOADWB);
    assign s_muldiv_o = (state_q == S_MULDIV);
    assign take_o = take;
    assign f_allow_o = f_allow;
    assign f_stop_o = f_stop;
    assign f_resync_o = f_resync;
    assign pc_we_o = pc_we;
    assign x_to_user_o = x_to_user;
    assign rf_we_o = rf_we;
    assign jalr_wr_o = jalr_wr_q;
    assign md_go_o = md_go_q;
    assign lpsw_go_o = lpsw_go;
    assign trap_go_o = trap_go_q;
    assign trap_cause_o = trap_cause_q;
    assign trap_info_o = trap_info_q;
    assign k_pc_o = k_pc_q;
    assign rv_valid_o = rv_valid;
    assign rv_ram_store_o = rv_ram_store;
    assign rv_ram_load_o = rv_ram_load;
    `VM74_RV_ASSIGN
endmodule

`default_nettype wire
