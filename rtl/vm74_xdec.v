// vm74_xdec: D, the word X takes next decoded into X's registers.
//
// D is not a stage of registers but the cycle in which X takes the next
// word (take_i): vm74_decode decodes it and these registers load the
// result at that edge, so X starts from flip-flops; they hold it until X
// takes its next word.  Decisions that must be quick in X are decoded here
// into single flags from the word's bits (x_plain_o, x_exc_o, x_rd_nz_o,
// the result's one-hot selects).  See docs/rtl.md ("Overview").
`default_nettype none

module vm74_xdec #(
    parameter FLAW = 0   // a flawed variant (vm74_decode, docs/isa.md §4.3)
) (
    input  wire        clk_i,
    input  wire        take_i,         // X takes the word now
    // The word X takes (vm74_fetch's candidate).
    input  wire [31:0] cand_insn_i,
    input  wire        cand_pred_i,    // the fetch guessed it taken
    input  wire        cand_fault_i,   // its fetch failed ...
    input  wire [4:0]  cand_cause_i,   // ... with this cause
    // Its register fields, for the register file's read as it is taken.
    output wire [4:0]  rs1_o,
    output wire [4:0]  rs2_o,
    // X's registers.
    output reg  [31:0] x_insn_o,
    output reg         x_pred_o,
    output reg         x_brk_o,        // funct3[0] ^ guess: see vm74_core's br_wrong
    output reg         x_ffault_o,
    output reg  [4:0]  x_fcause_o,
    output reg  [4:0]  x_rd_o,
    output reg  [4:0]  x_size_o,
    output reg  [2:0]  x_f3_o,
    output reg  [31:0] x_imm_o,
    output reg  [3:0]  x_alu_fn_o,
    output reg         x_sub_o,
    output reg         x_sx_o,
    output reg  [32:0] x_imm_x_o,      // the adder's b when it is the immediate
    // The result's sources (vm74_alu's sel_*), one-hot or none; link = JAL
    // (P + 4), auipc = AUIPC (P + imm, the branch target's adder: so the
    // ALU's adder takes rs1 with no P mux in front), mode = RDMODE and
    // base = RDBASE (FLAW variants).
    output reg         x_sel_add_o,
    output reg         x_sel_sll_o,
    output reg         x_sel_sr_o,
    output reg         x_sel_slt_o,
    output reg         x_sel_logic_o,
    output reg  [1:0]  x_lop_o,
    output reg         x_sel_link_o,
    output reg         x_sel_auipc_o,
    output reg         x_sel_mode_o,
    output reg         x_sel_base_o,
    output reg         x_jrstu_o,      // JRSTU (x_jalr_o too): M = user as it retires
    output reg         x_alu_imm_o,
    output reg         x_rd_we_o,
    output reg         x_jal_o,
    output reg         x_jalr_o,
    output reg         x_branch_o,
    output reg         x_load_o,
    output reg         x_store_o,
    output reg         x_mul_o,
    output reg         x_div_o,
    output reg         x_ecall_o,
    output reg         x_ebreak_o,
    output reg         x_lpsw_o,
    output reg         x_wfi_o,
    output reg         x_illegal_o,
    // Its opcode is one whose step, unless illegal, faulting, interrupted
    // or a JALR to a misaligned target, retires in its execute cycle: OP-IMM
    // and OP without M but shifts, LUI, AUIPC, MISC-MEM, JALR, and JAL and
    // branches whose target is aligned (imm[1] = 0); and a flawed variant's
    // instruction (JRSTU as a JALR).  From the word's bits alone, but for
    // the variant's, which only a FLAW build decodes.
    output reg         x_plain_o,
    output reg         x_rd_nz_o,      // it writes rd, not x0
    output reg         x_exc_o         // it traps whatever the mode (vm74_core's x_trap)
);
    wire [4:0]  c_opc = cand_insn_i[6:2];
    wire        c_shift_f3 = (cand_insn_i[13:12] == 2'b01);   // SLL(I), SRL(I), SRA(I)
    wire        c_plain = ((c_opc == 5'b00100) & ~c_shift_f3) | (c_opc == 5'b01101) |
                          (c_opc == 5'b00101) |
                          ((c_opc == 5'b01100) & ~cand_insn_i[25] & ~c_shift_f3) |
                          (c_opc == 5'b00011) |
                          (c_opc == 5'b11001) | ((c_opc == 5'b11011) & ~cand_insn_i[21]) |
                          ((c_opc == 5'b11000) & ~cand_insn_i[8]);

    wire [4:0]  c_rd, c_size;
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
                            ~((c_opc == 5'b01100) & cand_insn_i[25]);
    wire        c_lui = (c_opc == 5'b01101);
    wire        c_sub, c_sx;
    wire [32:0] c_adder_imm;

    vm74_decode #(.FLAW(FLAW)) u_decode (
        .insn_i      (cand_insn_i),
        .rd_o        (c_rd),
        .rs1_o       (rs1_o),
        .rs2_o       (rs2_o),
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

    // Loaded as the word enters, held until X takes the next.
    always @(posedge clk_i) begin
        if (take_i) begin
            x_insn_o <= cand_insn_i;
            x_pred_o <= cand_pred_i;
            x_brk_o <= c_f3[0] ^ cand_pred_i;
            x_ffault_o <= cand_fault_i;
            x_fcause_o <= cand_cause_i;
            x_rd_o <= c_rd;
            x_size_o <= c_size;
            x_f3_o <= c_f3;
            x_imm_o <= c_imm;
            x_alu_fn_o <= c_alu_fn;
            x_sub_o <= c_sub;
            x_sx_o <= c_sx;
            x_sel_add_o <= c_alu_int & (c_f3 == 3'b000);
            x_imm_x_o <= c_adder_imm;
            x_sel_sll_o <= c_alu_int & (c_f3 == 3'b001);
            x_sel_sr_o <= c_alu_int & (c_f3 == 3'b101);
            x_sel_slt_o <= c_alu_int & (c_f3[2:1] == 2'b01);
            x_sel_logic_o <= c_lui | (c_alu_int & c_f3[2] & (c_f3[1:0] != 2'b01));
            x_lop_o <= c_lui ? 2'd3 : {c_f3[1] & c_f3[0], c_f3[1] & ~c_f3[0]};
            x_sel_link_o <= c_jal;   // JALR's link: vm74_core's jalr_wr_q
            x_sel_mode_o <= c_rdmode;
            x_sel_base_o <= c_rdbase;
            x_jrstu_o <= c_jrstu;
            x_alu_imm_o <= c_alu_imm;
            x_sel_auipc_o <= c_alu_pc;
            x_rd_we_o <= c_rd_we;
            x_jal_o <= c_jal;
            x_jalr_o <= c_jalr;
            x_branch_o <= c_branch;
            x_load_o <= c_load;
            x_store_o <= c_store;
            x_mul_o <= c_mul;
            x_div_o <= c_div;
            x_ecall_o <= c_ecall;
            x_ebreak_o <= c_ebreak;
            x_lpsw_o <= c_lpsw;
            x_wfi_o <= c_wfi;
            x_illegal_o <= c_illegal;
            x_plain_o <= c_plain | c_rdmode | c_rdbase | c_jrstu;
            x_exc_o <= cand_fault_i | c_illegal | (cand_insn_i[6:0] == 7'b1110011);
            x_rd_nz_o <= c_rd_we & (c_rd != 5'd0);
        end
    end
endmodule

`default_nettype wire
