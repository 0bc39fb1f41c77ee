// vm74_alu: the RV32I integer ALU and the branch comparator.
//
// One adder (ADD, SUB, SLT, SLTU and the branch's less-than) keeps it
// small; SLL and SRL/SRA have a shifter each (one cycle, see below).
`default_nettype none
`include "vm74_alu_fn.vh"

module vm74_alu (
    input  wire [3:0]  fn_i,   // `ALU_* of vm74_alu_fn.vh, chosen by vm74_decode
    // The result's other sources, one-hot or none (registered by the core,
    // so that y_o is an AND-OR of them, not a mux tree on fn_i).  ADD/SUB
    // and SLT/SLTU are not in y_o: the core adds sum_o and lt_o in the very
    // last LUT before the register file, as they come last.
    input  wire        sel_sll_i,   // SLL
    input  wire        sel_sr_i,    // SRL, SRA
    input  wire        sel_logic_i, // XOR, OR, AND, B: lop_i says which
    input  wire [1:0]  lop_i,       // 0 XOR, 1 OR, 2 AND, 3 B
    // The adder's controls, decoded from fn_i a cycle early by the core
    // (registered), so that they are not logic in front of the carry chain:
    input  wire        sub_i,  // SUB, SLT, SLTU (and branches)
    input  wire        sx_i,   // SLT: the operands are signed
    input  wire [31:0] rs1_i,   // the adder's, the shifter's and the logic
                                // operations' a: always rs1, so no P mux in
                                // front of them (the core takes AUIPC's
                                // P + imm from its branch target adder)
    input  wire [31:0] b_i,     // rs2, or the immediate when use_imm_i
    // The adder's b: rs2 or the immediate, sign-extended for SLT and
    // inverted to subtract.  The immediate's form is ready in a register
    // (imm_x_i, used when use_imm_i), so that one LUT stands between the
    // register file and the carry chain.
    input  wire        use_imm_i,
    input  wire [32:0] imm_x_i,
    input  wire [31:0] rs2_i,
    output wire [31:0] y_o,     // the logic operations' result, 0 unless selected
    output wire [31:0] sh_o,    // the shifts', 0 unless selected
    output wire [31:0] sum_o,  // the adder's a + b (or a - b), for addresses
    // Branch condition: the decoder makes a branch's operands rs1 and rs2
    // and its function SLT (BLT/BGE) or SLTU (BLTU/BGEU).
    input  wire        br_lt_i,  // funct3[2]: BLT/BGE/BLTU/BGEU, else BEQ/BNE
    input  wire        br_inv_i, // funct3[0]: BNE/BGE/BGEU
    input  wire        eq_i,     // rs1 == rs2
    output wire        lt_o,     // a < b (SLT/SLTU's bit)
    output wire        taken_o
);

    // a + b, or a - b as a + ~b + 1: the carry-in is the low bit of a
    // 35-bit sum whose lowest bit is dropped.  Bit 32 of the 33-bit result
    // is "a < b" (signed for SLT: both operands sign-extended).
    wire [32:0] a33 = {sx_i & rs1_i[31], rs1_i};
    wire [32:0] b33 = use_imm_i ? imm_x_i : ({sx_i & rs2_i[31], rs2_i} ^ {33{sub_i}});
    wire [31:0] add_y;
    wire        lt, cin_unused;
    assign {lt, add_y, cin_unused} = {a33, 1'b1} + {b33, sub_i};

    // Shifts: a left and a right shifter, so that no reversal of the
    // operand stands between the register file and rd's value (a shift
    // writes rd in its execute cycle).
    wire [31:0] sr, sl;
    wire        fill_unused;
    assign {fill_unused, sr} =
        $signed({(fn_i == `ALU_SRA) & rs1_i[31], rs1_i}) >>> b_i[4:0];
    assign sl = rs1_i << b_i[4:0];
    // The logic operations: one LUT per bit (a, b and the two lop bits).
    reg [31:0] logic_y;
    always @(*) begin
        case (lop_i)
            2'd0:    logic_y = rs1_i ^ b_i;
            2'd1:    logic_y = rs1_i | b_i;
            2'd2:    logic_y = rs1_i & b_i;
            default: logic_y = b_i;
        endcase
    end
`ifdef SYNTHESIS   // simulation: at the end
    assign y_o = {32{sel_logic_i}} & logic_y;
    assign sh_o = ({32{sel_sll_i}} & sl) | ({32{sel_sr_i}} & sr);
`endif
    // Branches: funct3 000 BEQ, 001 BNE, 100 BLT, 101 BGE, 110 BLTU, 111 BGEU
    // (bit 0 inverts; 010/011 are illegal, so their value does not matter).
    // eq_i is compared beside the adder by the core, on the register values.
    assign taken_o = (br_lt_i ? lt : eq_i) ^ br_inv_i;
    assign lt_o = lt;
    assign sum_o = add_y;
`ifndef SYNTHESIS
    // The same in simulation (after every line synthesis reads, which keep
    // their numbers and so the netlist), each shift computed only when
    // selected: as an AND-OR the model computed both in every cycle.
    assign y_o = sel_logic_i ? logic_y : 32'd0;
    assign sh_o = (sel_sll_i ? sl : 32'd0) | (sel_sr_i ? sr : 32'd0);
`endif
endmodule

`default_nettype wire
