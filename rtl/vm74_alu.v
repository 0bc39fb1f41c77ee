// vm74_alu: the RV32I integer ALU and the branch comparator.
`default_nettype none

module vm74_alu (
    input  wire [3:0]  fn_i,   // ALU_* below (vm74_decode.v uses the same codes)
    input  wire [31:0] a_i,
    input  wire [31:0] b_i,
    output reg  [31:0] y_o,
    // Branch conditions on the two register operands.
    input  wire [31:0] rs1_i,
    input  wire [31:0] rs2_i,
    input  wire [2:0]  funct3_i,
    output reg         taken_o
);
    localparam [3:0] ALU_ADD  = 4'd0;
    localparam [3:0] ALU_SUB  = 4'd1;
    localparam [3:0] ALU_SLL  = 4'd2;
    localparam [3:0] ALU_SLT  = 4'd3;
    localparam [3:0] ALU_SLTU = 4'd4;
    localparam [3:0] ALU_XOR  = 4'd5;
    localparam [3:0] ALU_SRL  = 4'd6;
    localparam [3:0] ALU_SRA  = 4'd7;
    localparam [3:0] ALU_OR   = 4'd8;
    localparam [3:0] ALU_AND  = 4'd9;
    localparam [3:0] ALU_B    = 4'd10; // pass b (LUI)

    // One 33-bit subtractor gives SUB, SLT and SLTU.
    wire        sub_signed = (fn_i == ALU_SLT);
    wire [32:0] diff = {sub_signed & a_i[31], a_i} - {sub_signed & b_i[31], b_i};
    wire [4:0]  shamt = b_i[4:0];
    wire [31:0] sra = $signed(a_i) >>> shamt;

    always @(*) begin
        case (fn_i)
            ALU_ADD:  y_o = a_i + b_i;
            ALU_SUB:  y_o = diff[31:0];
            ALU_SLL:  y_o = a_i << shamt;
            ALU_SLT:  y_o = {31'd0, diff[32]};
            ALU_SLTU: y_o = {31'd0, diff[32]};
            ALU_XOR:  y_o = a_i ^ b_i;
            ALU_SRL:  y_o = a_i >> shamt;
            ALU_SRA:  y_o = sra;
            ALU_OR:   y_o = a_i | b_i;
            ALU_AND:  y_o = a_i & b_i;
            ALU_B:    y_o = b_i;
            default:  y_o = 32'd0;
        endcase
    end

    // Branches: funct3 000 BEQ, 001 BNE, 100 BLT, 101 BGE, 110 BLTU, 111 BGEU.
    wire        eq  = (rs1_i == rs2_i);
    wire        lt  = ($signed(rs1_i) < $signed(rs2_i));
    wire        ltu = (rs1_i < rs2_i);
    always @(*) begin
        case (funct3_i)
            3'b000:  taken_o = eq;
            3'b001:  taken_o = ~eq;
            3'b100:  taken_o = lt;
            3'b101:  taken_o = ~lt;
            3'b110:  taken_o = ltu;
            3'b111:  taken_o = ~ltu;
            default: taken_o = 1'b0;
        endcase
    end
endmodule

`default_nettype wire
