// vm74_nextpc: P's next value, and a branch's outcome against the fetch's
// guess.
//
// Targets are logical; JALR's, rs1 + imm, is the ALU adder's sum, which
// enters P's register in its last LUT (vm74_trap's sum_take).  A branch
// moves P as the fetch guessed, without waiting for its compare, and keeps
// the other way (pc_alt_o); if the guess was wrong that is registered
// (br_wrong_o), and in the next cycle P takes the other way, the word X
// took behind the branch does not execute and the fetch restarts from it.
// So nothing but flip-flops waits for the compare.
`default_nettype none

module vm74_nextpc (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        exit_i,
    input  wire        dbg_restart_i,
    // X (vm74_ctrl's states, vm74_xdec's registers).
    input  wire        x_active_i,     // X executes its instruction now
    input  wire        x_run_i,        // S_RUN
    input  wire        x_trap_i,       // X traps (vm74_core)
    input  wire        x_jal_i,
    input  wire        x_jalr_i,
    input  wire        x_branch_i,
    input  wire        x_pred_i,       // the fetch guessed X's branch taken
    input  wire        x_brk_i,        // funct3[0] ^ the guess
    input  wire        x_br_lt_i,      // funct3[2]: BLT/BGE/BLTU/BGEU, else BEQ/BNE
    input  wire [31:0] x_imm_i,
    input  wire [1:0]  rs1_lo_i,       // rs1's low bits, for JALR's bit 1
    input  wire        br_lt_i,        // the ALU's less-than
    input  wire        eq_i,           // rs1 = rs2
    input  wire [31:0] pc_i,           // P
    input  wire [31:0] pc_d_i,         // the PSW's P after this cycle
    output wire [31:0] pc_plus4_o,
    output wire [31:0] pc_tgt_o,       // P + imm
    output wire        jalr_bit1_o,    // bit 1 of JALR's target
    output wire        jump_bad_o,     // X's jump has a misaligned target
    output wire        branch_odd_o,   // X's branch has one (traps if taken)
    output reg  [31:0] pc_alt_o,       // the way a branch did not move P; a JALR's link
    output reg         br_wrong_o,     // last cycle's branch went against its guess
    output wire        pc_sum_o,       // P takes JALR's target (vm74_trap's sum_i)
    output wire [31:0] pc_wd_o,        // ... else this, when P is written
    output wire [31:0] restart_pc_o,   // where the fetch resyncs or restarts
    output wire [31:0] rv_next_pc_o    // the record's next P: the right way
);
    assign pc_plus4_o = pc_i + 32'd4;
    assign pc_tgt_o = pc_i + x_imm_i;

    // A misaligned target: P is aligned (else X holds a fetch fault), so a
    // JAL's or branch's target is misaligned by imm[1] alone, known before
    // the compare; JALR's by bit 1 of rs1 + imm, taken straight from the
    // operands' low bits (not through the ALU's operand mux and carry
    // chain): it decides a trap.  Such a branch traps only if taken: it
    // takes a second cycle (S_BRBAD), so that nothing in the execute cycle
    // waits for the compare but flip-flops.  Such a jump traps a cycle
    // later too (vm74_dcheck's m_trap_o), its target registered.
    assign jalr_bit1_o = rs1_lo_i[1] ^ x_imm_i[1] ^ (rs1_lo_i[0] & x_imm_i[0]);
    assign jump_bad_o = (x_jal_i & x_imm_i[1]) | (x_jalr_i & jalr_bit1_o);
    assign branch_odd_o = x_branch_i & x_imm_i[1];

    // P's next value: the target when X's step (in its execute cycle) jumps
    // or is a branch guessed taken, else P + 4 (every other step that moves
    // P on).  A JALR keeps its link, P + 4, in pc_alt_o (it is never
    // guessed, and writes rd a cycle later: vm74_ctrl's jalr_wr_o).
    wire guess_taken = x_jal_i | (x_branch_i & x_pred_i);
    always @(posedge clk_i)
        if (x_active_i)
            pc_alt_o <= (x_pred_i | x_jalr_i) ? pc_plus4_o : pc_tgt_o;
    assign pc_sum_o = x_run_i & x_jalr_i & ~br_wrong_o;
    assign pc_wd_o = br_wrong_o ? pc_alt_o :
                     (guess_taken & x_run_i) ? pc_tgt_o : pc_plus4_o;
    assign restart_pc_o = br_wrong_o ? pc_alt_o : pc_i;

    // A branch resolved in its execute cycle that went the other way than
    // guessed is registered, with the compare feeding nothing else: the
    // fetch's restart (flush and resync in one cycle) then costs what a
    // stop in the execute cycle did.  x_br_check and x_brk_i are known
    // before the compare.
    wire x_br_check = x_active_i & x_branch_i & ~x_trap_i & ~branch_odd_o;
    wire br_cmp = x_br_lt_i ? br_lt_i : eq_i;
    wire br_wrong = x_br_check & (br_cmp ^ x_brk_i);
    always @(posedge clk_i) begin
        if (!rst_ni)
            br_wrong_o <= 1'b0;
        else
            br_wrong_o <= br_wrong & ~exit_i & ~dbg_restart_i;
    end
    // A branch guessed wrong retires with P as guessed; its record carries
    // the right way.
    assign rv_next_pc_o = br_wrong ? (x_pred_i ? pc_plus4_o : pc_tgt_o) : pc_d_i;
endmodule

`default_nettype wire
