// vm74_alu_fn.vh - the ALU's function codes: the decoder picks one, the ALU
// implements it.  One home, included by both.
`ifndef VM74_ALU_FN_VH
`define VM74_ALU_FN_VH
`define ALU_ADD  4'd0
`define ALU_SUB  4'd1
`define ALU_SLL  4'd2
`define ALU_SLT  4'd3
`define ALU_SLTU 4'd4
`define ALU_XOR  4'd5
`define ALU_SRL  4'd6
`define ALU_SRA  4'd7
`define ALU_OR   4'd8
`define ALU_AND  4'd9
`define ALU_B    4'd10 // pass b (LUI)
`endif
