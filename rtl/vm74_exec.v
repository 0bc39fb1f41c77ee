// vm74_exec: X's result: the ALU (vm74_alu) and rd's value, an OR of
// sources of which at most one is selected (vm74_xdec's one-hot x_sel_*).
//
// The adder's sum and SLT's bit (the carry chain's end) come last, so they
// enter in the very last LUT before the register file, after the rest,
// which is kept apart for that (wd_rest: ABC does not know when a carry
// chain's or a RAM's outputs arrive); so are the selects of that last LUT.
// The sum's bit 0 is early.  The load data (the RAM's output), the link
// (P + 4) and AUIPC's P + imm (carry chains' ends too) enter one LUT
// before the last (wd_late).
`default_nettype none

module vm74_exec (
    input  wire        x_run_i,        // S_RUN: rd's value is X's, not a held one
    input  wire        s_muldiv_i,     // S_MULDIV: rd's value is md_y_i
    // X's registers (vm74_xdec).
    input  wire [3:0]  x_alu_fn_i,
    input  wire [1:0]  x_lop_i,
    input  wire        x_sub_i,
    input  wire        x_sx_i,
    input  wire        x_alu_imm_i,
    input  wire [31:0] x_imm_i,
    input  wire [32:0] x_imm_x_i,
    input  wire        x_br_lt_i,      // funct3[2]: BLT/BGE/BLTU/BGEU, else BEQ/BNE
    input  wire        x_br_inv_i,     // funct3[0]: BNE/BGE/BGEU
    input  wire        x_sel_add_i, x_sel_sll_i, x_sel_sr_i, x_sel_slt_i,
    input  wire        x_sel_logic_i, x_sel_link_i, x_sel_auipc_i,
    input  wire        x_sel_mode_i, x_sel_base_i,
    // Operands.
    input  wire [31:0] rs1_i,
    input  wire [31:0] rs2_i,
    input  wire        eq_i,           // rs1 = rs2
    // rd's other sources.
    input  wire        mode_i,         // M (RDMODE)
    input  wire [31:0] base_i,         // l (RDBASE)
    input  wire [31:0] md_y_i,         // MUL*/DIV*'s result (vm74_muldiv)
    input  wire        jalr_wr_i,      // a JALR's link is written now
    input  wire [31:0] pc_alt_i,       // ... which is this (vm74_nextpc)
    input  wire [31:0] ld_val_i,       // load data, zero but after a load's read
    input  wire [31:0] pc_plus4_i,
    input  wire [31:0] pc_tgt_i,
    output wire [31:0] sum_o,          // the adder's rs1 + b (or rs1 - b)
    output wire        lt_o,           // the adder's less-than
    output wire        taken_o,        // a branch's condition holds
    output wire [31:0] rd_o            // rd's value
);
    wire [31:0] alu_y, alu_sh;
    vm74_alu u_alu (
        .fn_i     (x_alu_fn_i),
        .sel_sll_i   (x_sel_sll_i & x_run_i),
        .sel_sr_i    (x_sel_sr_i & x_run_i),
        .sel_logic_i (x_sel_logic_i & x_run_i),
        .lop_i       (x_lop_i),
        .sub_i    (x_sub_i),
        .sx_i     (x_sx_i),
        .rs1_i    (rs1_i),
        .b_i      (x_alu_imm_i ? x_imm_i : rs2_i),
        .use_imm_i (x_alu_imm_i),
        .imm_x_i  (x_imm_x_i),
        .rs2_i    (rs2_i),
        .y_o      (alu_y),
        .sh_o     (alu_sh),
        .sum_o    (sum_o),
        .br_lt_i  (x_br_lt_i),
        .br_inv_i (x_br_inv_i),
        .eq_i     (eq_i),
        .lt_o     (lt_o),
        .taken_o  (taken_o)
    );
`ifdef SYNTHESIS   // simulation: below
    (* keep *) wire [31:0] wd_rest, wd_late;
    (* keep *) wire        g_add, g_slt;
    assign g_add = x_sel_add_i & x_run_i;
    assign g_slt = x_sel_slt_i & x_run_i;
    assign wd_rest = alu_y | alu_sh | {31'd0, x_sel_mode_i & x_run_i & mode_i} |
                     ({32{x_sel_base_i & x_run_i}} & base_i) |
                     ({32{s_muldiv_i}} & md_y_i) | ({32{jalr_wr_i}} & pc_alt_i) |
                     {31'd0, g_add & sum_o[0]};
    assign wd_late = ld_val_i |
                     ({32{x_sel_link_i & x_run_i}} & pc_plus4_i) |
                     ({32{x_sel_auipc_i & x_run_i}} & pc_tgt_i);
    assign rd_o = wd_rest | wd_late | ({32{g_add}} & {sum_o[31:1], 1'b0}) |
                  {31'd0, g_slt & lt_o};
`else
    // The same OR in simulation (after every line synthesis reads, which
    // keep their numbers and so the netlist), each source read only when
    // selected: as an AND-OR the model evaluated every term in every cycle,
    // rd's value alone about a twentieth of its work.
    reg [31:0] rd;
    always @(*) begin
        rd = ld_val_i | alu_y | alu_sh;
        if (x_run_i) begin
            if (x_sel_add_i) rd = rd | sum_o;
            if (x_sel_slt_i) rd = rd | {31'd0, lt_o};
            if (x_sel_link_i) rd = rd | pc_plus4_i;
            if (x_sel_auipc_i) rd = rd | pc_tgt_i;
            if (x_sel_mode_i) rd = rd | {31'd0, mode_i};
            if (x_sel_base_i) rd = rd | base_i;
        end
        if (s_muldiv_i) rd = rd | md_y_i;
        if (jalr_wr_i) rd = rd | pc_alt_i;
    end
    assign rd_o = rd;
`endif
endmodule

`default_nettype wire
