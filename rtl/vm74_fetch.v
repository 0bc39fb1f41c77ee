// vm74_fetch: the fetch stream.  It keeps the physical address of the next
// word to fetch in a register (so the memory port's address comes straight
// from a flip-flop), issues a read whenever the port is free and there is
// room for the word, checks the access (docs/isa.md §2, n = 4, on the
// physical address: vm74_reloc) in the cycle the read is issued, and hands
// the words to X in order through a two-entry buffer.
//
//   issue     cycle t: bus address = nf_pa_q; its check runs beside it
//             and is registered with the word
//   arrive    cycle t+1: the word (RAM read data) with its fault flag; it
//             goes to X at once or into the buffer
//   predict   an arriving JAL or backward branch moves the stream to its
//             target (fetched at t+2); the sequential word issued at t+1
//             is dropped.  A target outside the word's own 256 KiB stops
//             the stream at t+2 instead (resynced once X has moved P)
//   turn      earlier, at issue: the table of taken jumps (vm74_btb),
//             read as the word before is issued, says that the word
//             issued now is such a jump and where it goes; the stream
//             goes on there at t+1, and the guess above, when the word
//             arrives, checks it instead: if the word is not that jump
//             the stream stops (as for a far target) and the table
//             learns the word
//
// A read is issued only when cnt_q + fl_q <= 1, computed from registers, so
// the issue never waits for X's decision; the word it returns always finds
// room.  A word at a device address is not read (the port would reach the
// device): the check marks it as a fault anyway.
//
// stop_i (a JALR, a trap, LPSW, a store over a fetched word, a restart)
// drops everything fetched and stops the stream; resync_i starts it again
// at the PSW's P, relocated, once X has settled the PSW (or in a trap's or
// LPSW's last cycle: P is installed, and resync_base_i is the new l).
// restart_i (a branch guessed wrong, registered) does both in one cycle: P
// is settled.  A word keeps the low bits of its address, enough for the
// store check (a false hit only costs a refetch).
`default_nettype none
`include "vm74_arch.vh"

module vm74_fetch (
    input  wire        clk_i,
    input  wire        rst_ni,
    input  wire        allow_i,     // may issue this cycle (not halted or a step credit)
    input  wire        step_i,      // an issue now is a single step's (halted)
    input  wire        port_free_i, // nothing else uses the memory port now
    input  wire        take_sure_i, // X takes a word now, known from registers
    input  wire        stop_i,
    input  wire        resync_i,    // only while stopped and nothing in flight
    input  wire        restart_i,   // drop everything and resync now (P is settled)
    input  wire [31:0] psw_pc_i,
    input  wire [31:2] psw_base_i,  // l, for the check (word-aligned)
    input  wire [31:0] resync_base_i, // l of the resync: the new l in a sequence's last cycle
    input  wire [32:0] hi_i,        // l + b
    input  wire [31:0] ram_size_i,
    // The memory port.
    output wire        go_o,        // a read issues now (at paddr_o) ...
    output wire        req_o,       // ... and goes to RAM
    output wire [31:0] paddr_o,
    input  wire [31:0] rdata_i,
    // The word X takes next.
    output wire        cand_valid_o,
    output wire [31:0] cand_insn_o,
    output wire        cand_fault_o,
    output wire [4:0]  cand_cause_o,
    output wire        cand_pred_o,  // the stream went on at its target
    output wire        cand_step_o,  // fetched by a single step
    input  wire        take_i,
    // Self-modifying code: does a store to this word hit a fetched word?
    input  wire [11:0] store_word_i, // bits 13:2 of the store's address
    output wire        store_hit_o,
    output wire        empty_o,      // nothing fetched, nothing in flight
    output wire        running_o     // the stream is on (nf_ok_q)
);
    // ---- The stream ----------------------------------------------------
    reg        nf_ok_q;
    reg [31:0] nf_pa_q;

    // ---- In flight: issued last cycle, arriving now --------------------
    reg        fl_q, fl_fault_q, fl_mis_q, fl_step_q;
    reg        fl_ok_q;     // in flight and passed its check (one flag for a_pred)
    reg [31:0] fl_pa_q;
    reg        fl_turn_q;   // ... and the stream went on at its table's target
    reg [16:0] fl_dist_q;   // ... that far from it, in words (bits 18:2)
    reg [7:0]  fl_ix_q;     // ... the table's entry that said so (or would)

    // ---- The buffer: e0 is the head ------------------------------------
    reg  [1:0]  cnt_q;
    reg  [31:0] e0_insn_q, e1_insn_q;
    reg  [11:0] e0_pa_q, e1_pa_q;     // address bits 13:2
    reg         e0_fault_q, e1_fault_q, e0_mis_q, e1_mis_q;
    reg         e0_pred_q, e1_pred_q, e0_step_q, e1_step_q;

    // The check of the word being issued (n = 4, no device).
    // The compares' low parts in the same cycle (the data access's come
    // registered from its X cycle).
    wire        chk_mis, chk_fault, chk_over, chk_under, chk_rest, chk_ge_lo, chk_lt_lo;
    vm74_reloc_lo u_check_lo (
        .p_i     (nf_pa_q[17:0]),
        .n_i     (5'd4),
        .hi_i    (hi_i[15:0]),
        .base_i  (psw_base_i[17:2]),
        .ge_lo_o (chk_ge_lo),
        .lt_lo_o (chk_lt_lo)
    );
    vm74_reloc u_check (
        .p_i          (nf_pa_q),
        .n_i          (5'd4),
        .ge_lo_i      (chk_ge_lo),
        .lt_lo_i      (chk_lt_lo),
        .dev_ok_i     (1'b0),
        .base_i       (psw_base_i[31:2]),
        .hi_i         (hi_i),
        .ram_size_i   (ram_size_i),
        .misaligned_o (chk_mis),
        .fault_o      (chk_fault),
        .over_o       (chk_over),
        .under_o      (chk_under),
        .rest_o       (chk_rest)
    );
    // The two compare chains' ends enter fl_ok_q's last LUT (see vm74_reloc).
    (* keep *) wire chk_early_bad;
    assign chk_early_bad = chk_mis | chk_rest;

    // ---- The table of taken jumps: the stream turns at issue ----------
    // Entry i says where the word issued after a word at bits 9:2 = i
    // goes; it is read as that word issues (so it is there, from the
    // block RAM's register, when the next one does), and lg_ix_q keeps
    // which entry was read last.  The answer is for the word issued now if
    // the entry's tag is its address's bits 16:2 (a word of 128 KiB: the
    // word after the same one may be at + 4 or at its own turn's target;
    // a match elsewhere is only a wrong turn, which the check below
    // catches).  Its target keeps the word's bits
    // 31:18 (entries are made for targets within the word's own 256 KiB).
    reg  [7:0]  lg_ix_q;
    wire        bt_ok;
    wire [14:0] bt_tag;
    wire [15:0] bt_tgt;
    wire        bt_we, bt_wvalid;
    wire [15:0] a_near_sum_w;   // a_near_sum's word address bits, 17:2
    vm74_btb u_btb (
        .clk_i    (clk_i),
        .rst_ni   (rst_ni),
        .re_i     (go_o),
        .ra_i     (nf_pa_q[9:2]),
        .hit_ok_o (bt_ok),
        .tag_o    (bt_tag),
        .tgt_o    (bt_tgt),
        .we_i     (bt_we),
        .wa_i     (fl_ix_q),
        .wvalid_i (bt_wvalid),
        .wtag_i   (fl_pa_q[16:2]),
        .wtgt_i   (a_near_sum_w)
    );
    wire        bt_hit = bt_ok & (bt_tag == nf_pa_q[16:2]);
    wire [31:0] bt_pa = {nf_pa_q[31:18], bt_tgt, 2'b00};

    // Room for the word issued now: at most one word buffered or arriving,
    // or two when X surely takes one this cycle (a store's S_MEM, whose
    // write then takes the port for a cycle).
    wire room = (~cnt_q[1] & ~(cnt_q[0] & fl_q)) | (take_sure_i & ~(cnt_q[1] & fl_q));
    assign go_o = nf_ok_q & allow_i & port_free_i & room;
    // Below VM74_MMIO_BASE, 0x1000_0000 (vm74_bus stops the build if it
    // moves): one LUT, where Yosys makes a carry chain of the compare.
    assign req_o = go_o & (nf_pa_q[31:28] == 4'd0);
    assign paddr_o = nf_pa_q;

    // The arriving word and its guess: JAL and backward branches taken.
    wire [31:0] a_insn = rdata_i;
    // JAL (1101111) and BRANCH (1100011) by the fewest bits: 110 in bits
    // 6:4, then bit 3 (JAL) or bits 3:2 = 00 (not JALR, 1100111).  The
    // other words these match are illegal (reserved opcodes, or bits 1:0
    // not 11): X traps on them, so guessing them costs nothing.
    wire        a_is_jal = (a_insn[6:4] == 3'b110) & a_insn[3];
    wire        a_is_br = (a_insn[6:4] == 3'b110) & (a_insn[3:2] == 2'b00);
    wire [31:0] cand_insn_arrive = (fl_fault_q | fl_mis_q) ? 32'd0 : a_insn;
    // JAL and the branches differ in opcode bit 3; the target of any other
    // word is not used (a_pred), so bit 3 alone chooses the immediate (its
    // bits 17:0: see a_near).
    wire [17:0] a_imm = a_insn[3] ?
        {a_insn[17:12], a_insn[20], a_insn[30:21], 1'b0} :
        {{6{a_insn[31]}}, a_insn[7], a_insn[30:25], a_insn[11:8], 1'b0};
    wire        a_pred = fl_ok_q & (a_is_jal | (a_is_br & a_insn[31]));
    // The target within the word's own 256 KiB (the board's RAM is 128
    // KiB), so that the carry chain is 18 bits, not 32: exact when the sum
    // does not carry into or borrow from bit 18 (its carry out equals the
    // immediate's sign) and the immediate's bits 19:18 (a JAL's) are sign
    // bits too.  Otherwise the stream went to a wrong address: that is
    // found a cycle later, from a register (a_far_q), and the stream stops
    // there, dropping the word it issues then, so that the chain's end is
    // not in front of the stream's controls.  The jump itself goes on as
    // guessed; once X has taken it and moved P, the stream resyncs at P.
    wire [18:0] a_near_sum = {1'b0, fl_pa_q[17:0]} + {1'b0, a_imm};
    wire        a_near = (a_near_sum[18] == a_insn[31]) &
                         (~a_insn[3] | (a_insn[19:18] == {2{a_insn[31]}}));
    wire [31:0] a_target_pa = {fl_pa_q[31:18], a_near_sum[17:0]};
    assign a_near_sum_w = a_near_sum[17:2];
    reg         a_far_q;

    // A word the stream turned after at issue (fl_turn_q): the stream is
    // at nf_pa_q, the table's target.  Right if the word is a guessed jump
    // whose target that is: the distance from the word to the target
    // (fl_dist_q, registered as the word issued: the same bits 31:18)
    // equals its immediate, sign bits included, so that no carry chain is
    // after the word (both are word addresses, so the immediate's bit 1
    // must be 0).  Else the stream stops now, dropping the read it issues,
    // and resyncs once X has taken the word and moved P (as after a far
    // target).
    wire        turn_good = a_pred & ~a_imm[1] & (fl_dist_q == {a_insn[31], a_imm[17:2]}) &
                            (~a_insn[3] | (a_insn[19:18] == {2{a_insn[31]}}));
    wire        turn_bad = fl_q & fl_turn_q & ~turn_good;
    // The guess at arrival turns the stream only if the table did not.
    wire        a_turn = a_pred & ~fl_turn_q;
    // The table learns a guessed jump it did not know, and forgets or
    // corrects an entry found wrong (and writes a right one again: its
    // write enable does not wait for the check).  A target with bit 1 set
    // (the jump traps) is not kept: the table's targets are word
    // addresses.
    assign bt_we = fl_q & (fl_turn_q | a_pred);
    assign bt_wvalid = a_pred & a_near & ~a_imm[1];

    // The candidate: the buffer's head, else the arriving word.
    wire head = (cnt_q != 2'd0);
    assign cand_valid_o = head | fl_q;
    assign cand_insn_o = head ? e0_insn_q : cand_insn_arrive;
    assign cand_fault_o = head ? (e0_fault_q | e0_mis_q) : (fl_fault_q | fl_mis_q);
    assign cand_cause_o = (head ? e0_mis_q : fl_mis_q) ?
                          `VM74_CAUSE_FETCH_MISALIGNED : `VM74_CAUSE_FETCH_FAULT;
    assign cand_pred_o = head ? e0_pred_q : a_pred;
    assign cand_step_o = head ? e0_step_q : fl_step_q;

    wire [11:0] sw = store_word_i;
    // The word issued now counts: a store writes in the cycle after its
    // S_MEM, in which the fetch may read.
    assign store_hit_o = (go_o & (nf_pa_q[13:2] == sw)) |
                         (fl_q & (fl_pa_q[13:2] == sw)) |
                         (head & (e0_pa_q == sw)) |
                         (cnt_q[1] & (e1_pa_q == sw));
    assign empty_o = ~fl_q & ~head;
    assign running_o = nf_ok_q;


    // ---- Next state ----------------------------------------------------
    reg        nf_ok_d, fl_d;
    reg [31:0] nf_pa_d;
    reg [1:0]  cnt_d;
    reg [31:0] e0_insn_d, e1_insn_d;
    reg [11:0] e0_pa_d, e1_pa_d;
    reg        e0_fault_d, e1_fault_d, e0_mis_d, e1_mis_d;
    reg        e0_pred_d, e1_pred_d, e0_step_d, e1_step_d;

    always @(*) begin
        nf_ok_d = nf_ok_q;
        nf_pa_d = nf_pa_q;
        fl_d = go_o;
        cnt_d = cnt_q;
        e0_insn_d = e0_insn_q; e0_pa_d = e0_pa_q; e0_fault_d = e0_fault_q;
        e0_mis_d = e0_mis_q; e0_pred_d = e0_pred_q; e0_step_d = e0_step_q;
        e1_insn_d = e1_insn_q; e1_pa_d = e1_pa_q; e1_fault_d = e1_fault_q;
        e1_mis_d = e1_mis_q; e1_pred_d = e1_pred_q; e1_step_d = e1_step_q;

        if (go_o)
            nf_pa_d = bt_hit ? bt_pa : nf_pa_q + 32'd4;

        // The buffer: pop the head X takes, push the arriving word.
        if (take_i && head) begin
            e0_insn_d = e1_insn_q; e0_pa_d = e1_pa_q; e0_fault_d = e1_fault_q;
            e0_mis_d = e1_mis_q; e0_pred_d = e1_pred_q; e0_step_d = e1_step_q;
            cnt_d = cnt_q - 2'd1;
        end
        if (fl_q && !(take_i && !head)) begin
            if (cnt_d == 2'd0) begin
                e0_insn_d = cand_insn_arrive; e0_pa_d = fl_pa_q[13:2];
                e0_fault_d = fl_fault_q; e0_mis_d = fl_mis_q;
                e0_pred_d = a_pred; e0_step_d = fl_step_q;
            end else begin
                e1_insn_d = cand_insn_arrive; e1_pa_d = fl_pa_q[13:2];
                e1_fault_d = fl_fault_q; e1_mis_d = fl_mis_q;
                e1_pred_d = a_pred; e1_step_d = fl_step_q;
            end
            cnt_d = cnt_d + 2'd1;
        end

        // A guessed jump: on at its target; the word issued now is dropped.
        if (a_turn) begin
            nf_pa_d = a_target_pa;
            fl_d = 1'b0;
        end
        // The table's turn was wrong: stop (see turn_good).
        if (turn_bad) begin
            fl_d = 1'b0;
            nf_ok_d = 1'b0;
        end

        // A guess whose target left the word's 256 KiB (see a_near): the
        // read issued now is at a wrong address; drop it and stop.
        if (a_far_q) begin
            fl_d = 1'b0;
            nf_ok_d = 1'b0;
        end

        // A stopped stream's address does not matter, so it need not wait
        // for stop_i (which comes late: a branch's compare).
        if (resync_i | restart_i)
            nf_pa_d = psw_pc_i + resync_base_i;
        if (stop_i | restart_i) begin
            fl_d = 1'b0;
            cnt_d = 2'd0;
            nf_ok_d = restart_i & ~stop_i;
        end else if (resync_i) begin
            nf_ok_d = 1'b1;
        end
    end

    always @(posedge clk_i) begin
        if (!rst_ni) begin
            nf_ok_q <= 1'b0;
            nf_pa_q <= 32'd0;
            fl_q <= 1'b0;
            fl_ok_q <= 1'b0;
            cnt_q <= 2'd0;
            a_far_q <= 1'b0;
        end else begin
            // Not gated by stop_i, which comes late: a stopped stream stays
            // stopped, and a resync in that cycle still wins below.
            a_far_q <= a_turn & ~a_near & ~restart_i;
            nf_ok_q <= nf_ok_d;
            nf_pa_q <= nf_pa_d;
            fl_q <= fl_d;
            fl_ok_q <= fl_d & ~chk_early_bad & ~chk_over & ~chk_under;
            cnt_q <= cnt_d;
        end
    end

    // Data registers: no reset needed (qualified by fl_q / cnt_q).
    always @(posedge clk_i) begin
        fl_pa_q <= nf_pa_q;
        fl_turn_q <= bt_hit;
        fl_dist_q <= {nf_pa_q[18], bt_tgt} - nf_pa_q[18:2];
        fl_ix_q <= lg_ix_q;
        if (go_o)
            lg_ix_q <= nf_pa_q[9:2];
        fl_fault_q <= chk_fault;
        fl_mis_q <= chk_mis;
        fl_step_q <= step_i;
        e0_insn_q <= e0_insn_d; e0_pa_q <= e0_pa_d; e0_fault_q <= e0_fault_d;
        e0_mis_q <= e0_mis_d; e0_pred_q <= e0_pred_d; e0_step_q <= e0_step_d;
        e1_insn_q <= e1_insn_d; e1_pa_q <= e1_pa_d; e1_fault_q <= e1_fault_d;
        e1_mis_q <= e1_mis_d; e1_pred_q <= e1_pred_d; e1_step_q <= e1_step_d;
    end
endmodule

`default_nettype wire
