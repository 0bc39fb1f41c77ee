// vm74_lsu: the data path of a load or store: the store data on its byte
// lanes with its byte enables, and the load data assembled from the
// addressed lanes.  The core's controller decides when; this unit only
// places bytes.
//
//   S_MEM        store: st_data_o/st_be_o are registered for the write cycle
//   a load's read (X, or S_MEM): which RAM byte goes where is registered
//                (one-hot)
//   the next     (S_MEM, or S_LOADWB): ld_val_o, an AND-OR of the RAM's
//                bytes, the device register and the sign: no shifter, no
//                mux on the port's two sources
//
// The lanes of the logical address are the physical one's (l is
// word-aligned), so lane_i is the physical address's low bits.
`default_nettype none

module vm74_lsu (
    input  wire        clk_i,
    input  wire [4:0]  size_i,      // bytes: 1, 2 or 4 (X's, steady through the step)
    input  wire        signed_i,    // LB, LH: sign-extend (LW: no extension)
    input  wire [1:0]  lane_i,      // the access's physical address, bits 1:0
    // Store.
    input  wire        st_cap_i,    // S_MEM: register the lanes for the write cycle
    input  wire [31:0] rs2_i,       // the data, steady through the step
    output wire [31:0] st_rec_o,    // the data as recorded: the stored bytes, zero-extended
    output reg  [31:0] st_data_o,   // the write cycle's data on its lanes
    output reg  [3:0]  st_be_o,     // ... and byte enables
    // Load.
    input  wire        ld_go_i,     // S_MEM of a load whose read goes out now
    input  wire        ld_dev_i,    // ... to a device register, not RAM
    input  wire [31:0] ram_rdata_i, // S_LOADWB: the RAM's word (late)
    input  wire [31:0] dev_rdata_i, // ... the device register (registered by vm74_bus)
    input  wire [31:0] bus_rdata_i, // ... the port's word, for the record
    output wire [31:0] ld_val_o,    // rd's value, zero but in a load's S_LOADWB
    output reg  [31:0] ld_raw_o     // the loaded bytes as recorded, zero-extended
);
    // ---- Store: data on its byte lanes, and as recorded -----------------
    reg [31:0] st_data, st_rec;
    reg [3:0]  st_be;
    always @(*) begin
        case (size_i)
            5'd1: begin
                st_data = {4{rs2_i[7:0]}}; st_rec = {24'd0, rs2_i[7:0]};
                st_be = 4'b0001 << lane_i;
            end
            5'd2: begin
                st_data = {2{rs2_i[15:0]}}; st_rec = {16'd0, rs2_i[15:0]};
                st_be = lane_i[1] ? 4'b1100 : 4'b0011;
            end
            default: begin
                st_data = rs2_i; st_rec = rs2_i; st_be = 4'b1111;
            end
        endcase
    end
    assign st_rec_o = st_rec;

    always @(posedge clk_i)
        if (st_cap_i) begin
            st_data_o <= st_data;
            st_be_o <= st_be;
        end

    // ---- Load data as recorded: the addressed lanes, zero-extended ------
    // (Simulation only: the board leaves the record unconnected.)
    wire [31:0] ld_word = bus_rdata_i >> {lane_i, 3'b000};
    always @(*) begin
        case (size_i)
            5'd1:    ld_raw_o = {24'd0, ld_word[7:0]};
            5'd2:    ld_raw_o = {16'd0, ld_word[15:0]};
            default: ld_raw_o = ld_word;
        endcase
    end
    // ---- Load data for rd, sign-extended for LB/LH ----------------------
    // The RAM's output comes late, so S_MEM registers which byte goes where
    // (one-hot, all zero unless the next cycle is a load's S_LOADWB).
    reg [3:0] ld_b_q;     // bits 7:0 are RAM byte k
    reg [1:0] ld_h_q;     // bits 15:8 are RAM byte 1, byte 3
    reg       ld_w_q;     // bits 31:16 are RAM's
    reg       ld_dev_q;   // all bits are the device register's
    reg [3:0] ld_sg_q;    // the sign is bit 7 of RAM byte k
    reg       ld_sxh_q;   // bits 15:8 are the sign (LB)
    reg       ld_sxw_q;   // bits 31:16 are the sign (LB, LH)
    wire      ld_ram = ld_go_i & ~ld_dev_i;
    wire [3:0] ld_lane = 4'b0001 << lane_i;
    always @(posedge clk_i) begin
        ld_dev_q <= ld_go_i & ld_dev_i;
        ld_b_q <= {4{ld_ram}} & ld_lane;
        ld_h_q <= {2{ld_ram & (size_i != 5'd1)}} & {lane_i[1], ~lane_i[1]};
        ld_w_q <= ld_ram & (size_i == 5'd4);
        ld_sg_q <= {4{ld_ram & signed_i}} &
                   ((size_i == 5'd1) ? ld_lane :
                    (size_i == 5'd2) ? {lane_i[1], 1'b0, ~lane_i[1], 1'b0} : 4'd0);
        ld_sxh_q <= ld_ram & signed_i & (size_i == 5'd1);
        ld_sxw_q <= ld_ram & signed_i & (size_i != 5'd4);
    end
    wire [31:0] r = ram_rdata_i;
    wire        sign = |(ld_sg_q & {r[31], r[23], r[15], r[7]});
    wire [7:0]  b0 = ({8{ld_b_q[0]}} & r[7:0]) | ({8{ld_b_q[1]}} & r[15:8]) |
                     ({8{ld_b_q[2]}} & r[23:16]) | ({8{ld_b_q[3]}} & r[31:24]);
    wire [7:0]  b1 = ({8{ld_h_q[0]}} & r[15:8]) | ({8{ld_h_q[1]}} & r[31:24]) |
                     {8{ld_sxh_q & sign}};
    wire [15:0] hw = ({16{ld_w_q}} & r[31:16]) | {16{ld_sxw_q & sign}};
`ifdef SYNTHESIS   // simulation: below
    assign ld_val_o = {hw, b1, b0} | ({32{ld_dev_q}} & dev_rdata_i);
`else
    // The same in simulation, read only in a load's data cycle (a lane flag
    // or ld_dev_q is set): as an AND-OR the model evaluated every lane in
    // every cycle.  (The synthesized lines keep their order, and so the
    // netlist: docs/rtl.md "Simulation speed".)
    assign ld_val_o = (ld_dev_q | (|ld_b_q)) ?
                      ({hw, b1, b0} | ({32{ld_dev_q}} & dev_rdata_i)) : 32'd0;
`endif
endmodule

`default_nettype wire
