// vm74_muldiv: the results a step writes in S_MULDIV, a cycle or more
// after its execute cycle: MUL* (vm74_mul, three cycles) and DIV*/REM*
// (vm74_div, iterative).  Operands from registers: the register file's
// outputs hold them until X takes its next word.
`default_nettype none

module vm74_muldiv (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        go_i,         // S_MULDIV starts (vm74_ctrl's md_go)
    input  wire        x_go_i,       // X executes its instruction now: a
                                     // MUL's product starts with it (the
                                     // operands are X's from then on)
    input  wire        mul_i,        // X holds a MUL*
    input  wire        div_i,        // ... a DIV*/REM*
    input  wire [1:0]  funct3_i,
    input  wire [31:0] rs1_i,
    input  wire [31:0] rs2_i,
    output wire        done_o,       // y_o is the result
    output wire [31:0] y_o
);
    wire        mul_done, div_done;
    wire [31:0] mul_y, div_y;
    vm74_mul u_mul (
        .clk_i    (clk_i),
        .rst_ni   (rst_ni),
        .start_i  (x_go_i & mul_i),
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
    assign y_o = mul_i ? mul_y : div_y;
    assign done_o = mul_i ? mul_done : div_done;
endmodule

`default_nettype wire
