// vm74_decode: RV32IM + vm74's custom-0 instructions (docs/isa.md §4, §9).
//
// Splits a word into the class of instruction, its operands and immediate,
// and flags every encoding §4 does not define as illegal.
`default_nettype none
`include "vm74_alu_fn.vh"
`include "vm74_arch.vh"

module vm74_decode #(
    // 0: vm74; a flawed variant (docs/isa.md §4.3) adds one custom-0
    // instruction: `VM74_FLAW_RDMODE, `VM74_FLAW_JRSTU or `VM74_FLAW_RDBASE
    parameter FLAW = 0
) (
    input  wire [31:0] insn_i,
    output wire [4:0]  rd_o,
    output wire [4:0]  rs1_o,
    output wire [4:0]  rs2_o,
    output wire [2:0]  funct3_o,
    output reg  [31:0] imm_o,
    output reg  [3:0]  alu_fn_o,
    output reg         alu_imm_o,    // ALU b operand: 1 imm, 0 rs2
    output reg         alu_pc_o,     // ALU a operand: 1 P (AUIPC), 0 rs1
    output reg         rd_we_o,      // writes rd (before the x0 check)
    output reg         is_jal_o,
    output reg         is_jalr_o,
    output reg         is_branch_o,
    output reg         is_load_o,
    output reg         is_store_o,
    output reg         is_mul_o,
    output reg         is_div_o,
    output reg         is_ecall_o,
    output reg         is_ebreak_o,
    output reg         is_lpsw_o,
    output reg         is_wfi_o,
    output reg         is_rdmode_o,  // FLAW variants: rd = M
    output reg         is_rdbase_o,  // ... rd = l
    output reg         is_jrstu_o,   // ... JALR x0, 0(rs1) that lowers M
    output reg  [4:0]  mem_size_o,   // data access: 1, 2, 4, 16 (LPSW), 0 none
    output reg         illegal_o,
    // The adder's controls, for the core's registers: taken straight from
    // the word's bits (a LUT level or two), not from alu_fn_o.  Each only
    // has to be right where the adder's result is used (see below); for
    // an illegal word nothing is.
    output wire        sub_o,        // a - b: SUB, SLT(I), SLT(I)U, branches
    output wire        sx_o,         // signed compare: SLT(I), BLT, BGE
    output wire [32:0] adder_imm_o   // the adder's b when alu_imm_o
);

    wire [6:0] opcode = insn_i[6:0];
    wire [2:0] f3 = insn_i[14:12];
    wire [6:0] f7 = insn_i[31:25];

    assign rd_o = insn_i[11:7];
    assign rs1_o = insn_i[19:15];
    assign rs2_o = insn_i[24:20];
    assign funct3_o = f3;

    wire [31:0] imm_i = {{20{insn_i[31]}}, insn_i[31:20]};
    wire [31:0] imm_s = {{20{insn_i[31]}}, insn_i[31:25], insn_i[11:7]};
    wire [31:0] imm_b = {{19{insn_i[31]}}, insn_i[31], insn_i[7],
                         insn_i[30:25], insn_i[11:8], 1'b0};
    wire [31:0] imm_u = {insn_i[31:12], 12'd0};
    wire [31:0] imm_j = {{11{insn_i[31]}}, insn_i[31], insn_i[19:12],
                         insn_i[20], insn_i[30:21], 1'b0};

    // The opcodes by the bits that tell them apart among the legal ones
    // (bits 6:2; LOAD 00000, STORE 01000, BRANCH 11000, JALR 11001,
    // JAL 11011, OP-IMM 00100, OP 01100, LUI 01101, AUIPC 00101,
    // MISC-MEM 00011, SYSTEM 11100, custom-0 00010).
    wire op_alu = ~insn_i[6] & insn_i[4] & ~insn_i[2];   // OP-IMM, OP
    wire op_branch = insn_i[6] & ~insn_i[4] & ~insn_i[2]; // BRANCH (JAL: unused)
    wire slt_f3 = (f3[2:1] == 2'b01);                      // SLT, SLTU
    assign sub_o = op_branch | (op_alu & (slt_f3 | (insn_i[5] & (f3 == 3'b000) & insn_i[30])));
    assign sx_o = (op_branch & ~f3[1]) | (op_alu & (f3 == 3'b010));
    // The immediate the adder takes (loads, stores, JALR, OP-IMM, LUI,
    // AUIPC, LPSW): the I, S or U form, 33 bits, inverted for SLTI/SLTIU
    // and sign-extended for SLTI, so that the core's adder b is one LUT
    // after the register file.  Other words never use it.
    wire u_form = insn_i[4] & insn_i[2];                  // LUI, AUIPC
    wire s_form = insn_i[5] & ~insn_i[4] & ~insn_i[2];    // STORE (BRANCH: unused)
    wire slti = op_alu & slt_f3;                           // (OP: unused)
    wire [31:0] imm_isu = u_form ? imm_u : s_form ? imm_s : imm_i;
    assign adder_imm_o = {slti & ~f3[0] & insn_i[31], imm_isu} ^ {33{slti}};

    // funct3 -> ALU function for OP and OP-IMM (funct7 bit 5 picks SUB/SRA).
    reg [3:0] fn_f3;
    always @(*) begin
        case (f3)
            3'b000:  fn_f3 = `ALU_ADD;
            3'b001:  fn_f3 = `ALU_SLL;
            3'b010:  fn_f3 = `ALU_SLT;
            3'b011:  fn_f3 = `ALU_SLTU;
            3'b100:  fn_f3 = `ALU_XOR;
            3'b101:  fn_f3 = `ALU_SRL;
            3'b110:  fn_f3 = `ALU_OR;
            3'b111:  fn_f3 = `ALU_AND;
            default: fn_f3 = `ALU_ADD;
        endcase
    end

    always @(*) begin
        imm_o = imm_i;
        alu_fn_o = `ALU_ADD;
        alu_imm_o = 1'b1;
        alu_pc_o = 1'b0;
        rd_we_o = 1'b0;
        is_jal_o = 1'b0;
        is_jalr_o = 1'b0;
        is_branch_o = 1'b0;
        is_load_o = 1'b0;
        is_store_o = 1'b0;
        is_mul_o = 1'b0;
        is_div_o = 1'b0;
        is_ecall_o = 1'b0;
        is_ebreak_o = 1'b0;
        is_lpsw_o = 1'b0;
        is_wfi_o = 1'b0;
        is_rdmode_o = 1'b0;
        is_rdbase_o = 1'b0;
        is_jrstu_o = 1'b0;
        mem_size_o = 5'd0;
        illegal_o = 1'b0;
        case (opcode)
            7'b0110111: begin // LUI
                imm_o = imm_u; alu_fn_o = `ALU_B; rd_we_o = 1'b1;
            end
            7'b0010111: begin // AUIPC
                imm_o = imm_u; alu_pc_o = 1'b1; rd_we_o = 1'b1;
            end
            7'b1101111: begin // JAL
                imm_o = imm_j; is_jal_o = 1'b1; rd_we_o = 1'b1;
            end
            7'b1100111: begin // JALR
                is_jalr_o = 1'b1; rd_we_o = 1'b1;
                illegal_o = (f3 != 3'b000);
            end
            7'b1100011: begin // BRANCH
                // The ALU compares rs1 with rs2 (vm74_alu's branch input).
                imm_o = imm_b; is_branch_o = 1'b1; alu_imm_o = 1'b0;
                alu_fn_o = f3[1] ? `ALU_SLTU : `ALU_SLT;
                illegal_o = (f3 == 3'b010) || (f3 == 3'b011);
            end
            7'b0000011: begin // LOAD
                is_load_o = 1'b1; rd_we_o = 1'b1;
                case (f3)
                    3'b000, 3'b100: mem_size_o = 5'd1;
                    3'b001, 3'b101: mem_size_o = 5'd2;
                    3'b010:         mem_size_o = 5'd4;
                    default:        illegal_o = 1'b1;
                endcase
            end
            7'b0100011: begin // STORE
                imm_o = imm_s; is_store_o = 1'b1;
                case (f3)
                    3'b000:  mem_size_o = 5'd1;
                    3'b001:  mem_size_o = 5'd2;
                    3'b010:  mem_size_o = 5'd4;
                    default: illegal_o = 1'b1;
                endcase
            end
            7'b0010011: begin // OP-IMM
                rd_we_o = 1'b1; alu_fn_o = fn_f3;
                if (f3 == 3'b001)
                    illegal_o = (f7 != 7'b0000000);
                else if (f3 == 3'b101) begin
                    illegal_o = (f7 != 7'b0000000) && (f7 != 7'b0100000);
                    if (f7[5]) alu_fn_o = `ALU_SRA;
                end
            end
            7'b0110011: begin // OP, M extension
                alu_imm_o = 1'b0; rd_we_o = 1'b1;
                if (f7 == 7'b0000001) begin
                    is_mul_o = ~f3[2];
                    is_div_o = f3[2];
                end else if (f7 == 7'b0000000) begin
                    alu_fn_o = fn_f3;
                end else if (f7 == 7'b0100000 && f3 == 3'b000) begin
                    alu_fn_o = `ALU_SUB;
                end else if (f7 == 7'b0100000 && f3 == 3'b101) begin
                    alu_fn_o = `ALU_SRA;
                end else begin
                    illegal_o = 1'b1;
                end
            end
            7'b0001111: begin // MISC-MEM: FENCE is a no-op, the rest illegal
                illegal_o = (f3 != 3'b000);
            end
            7'b1110011: begin // SYSTEM: only ECALL and EBREAK exist
                is_ecall_o = (insn_i == `VM74_INSN_ECALL);
                is_ebreak_o = (insn_i == `VM74_INSN_EBREAK);
                illegal_o = (insn_i != `VM74_INSN_ECALL) &&
                            (insn_i != `VM74_INSN_EBREAK);
            end
            `VM74_OPC_CUSTOM0: begin
                if (f3 == `VM74_F3_LPSW && insn_i[11:7] == 5'd0) begin
                    is_lpsw_o = 1'b1; mem_size_o = 5'd16;
                end else if (insn_i == `VM74_INSN_WFI) begin
                    is_wfi_o = 1'b1;
                end else if (FLAW == `VM74_FLAW_RDMODE && f3 == `VM74_F3_RDMODE &&
                             insn_i[31:15] == 17'd0) begin
                    is_rdmode_o = 1'b1; rd_we_o = 1'b1;
                end else if (FLAW == `VM74_FLAW_RDBASE && f3 == `VM74_F3_RDBASE &&
                             insn_i[31:15] == 17'd0) begin
                    is_rdbase_o = 1'b1; rd_we_o = 1'b1;
                end else if (FLAW == `VM74_FLAW_JRSTU && f3 == `VM74_F3_JRSTU &&
                             insn_i[31:20] == 12'd0 && insn_i[11:7] == 5'd0) begin
                    // A JALR in all but its opcode (rd = x0: no link).
                    is_jrstu_o = 1'b1; is_jalr_o = 1'b1;
                end else begin
                    illegal_o = 1'b1;
                end
            end
            default: illegal_o = 1'b1;
        endcase
    end
endmodule

`default_nettype wire
