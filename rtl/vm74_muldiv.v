// vm74_muldiv: the results a step writes in S_MULDIV, a cycle or more
// after its execute cycle: MUL* (vm74_mul, three cycles), DIV*/REM*
// (vm74_div, iterative) and a shift's, whose result (five levels of muxes
// after the register file) is registered in its execute cycle (sh_q) and
// written from there.  Operands from registers: the register file's
// outputs hold them until X takes its next word.
`default_nettype none

module vm74_muldiv (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        go_i,         // S_MULDIV starts (vm74_ctrl's md_go)
    input  wire        mul_i,        // X holds a MUL*
    input  wire        div_i,        // ... a DIV*/REM*; neither: a shift
    input  wire [1:0]  funct3_i,
    input  wire [31:0] rs1_i,
    input  wire [31:0] rs2_i,
    input  wire [31:0] sh_i,         // the ALU's shift result, this cycle
    output wire        done_o,       // y_o is the result
    output wire [31:0] y_o
);
    wire        mul_done, div_done;
    wire [31:0] mul_y, div_y;
    vm74_mul u_mul (
        .clk_i    (clk_i),
        .rst_ni   (rst_ni),
        .start_i  (go_i & mul_i),
        .funct3_i (funct3_i),
        .a_i      (rs1_i),
        .b_i      (rs2_i),
        .done_o   (mul_done),
        .y_o      (mul_y)
    );
    vm74_div u_div (
        .clk_i    (clk_i),
        .rst_ni   (rst_ni),
        .start_i  (go_i & div_i),
        .funct3_i (funct3_i),
        .a_i      (rs1_i),
        .b_i      (rs2_i),
        .done_o   (div_done),
        .y_o      (div_y)
    );
    reg  [31:0] sh_q;
    always @(posedge clk_i)
        sh_q <= sh_i;
    assign y_o = mul_i ? mul_y : div_i ? div_y : sh_q;
    assign done_o = mul_i ? mul_done : div_i ? div_done : 1'b1;
endmodule

`default_nettype wire
