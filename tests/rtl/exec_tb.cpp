// exec_tb: rd's value in vm74_exec (rtl/vm74_exec.v), the OR of X's result
// sources of which at most one is selected.  Built twice
// (tests/rtl/rtl_units.mk): as simulated, where each source is read only
// when selected, and with SYNTHESIS defined, the AND-OR the netlist has,
// which the SoC model never runs.  Each source, selected alone with every
// other source holding a random word: rd is that source (the adder's sum
// for ADD), or 0 when its gate (S_RUN for X's sources) is off.
#include "Vvm74_exec.h"
#include "verilated.h"
#include "rtl_tb.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

enum { ADD, LINK, AUIPC, MODE, BASE, MULDIV, JALR, LOAD, N_SRC };
static const char *const src_name[N_SRC] = {"ADD", "LINK", "AUIPC", "MODE",
                                            "BASE", "MULDIV", "JALR", "LOAD"};

static Vvm74_exec *dut;
static unsigned long long failures, checks;
static TbRandom tb_rng(0x452821e638d01377ull);
static uint32_t rnd() { return (uint32_t)tb_rng.next(); }

// Every input random but the selects, which are all off.
static void randomize() {
    dut->x_alu_fn_i = 0; // ADD (rtl/vm74_alu_fn.vh)
    dut->x_lop_i = 0;
    dut->x_sub_i = 0;
    dut->x_sx_i = 0;
    dut->x_alu_imm_i = 0;
    dut->x_imm_i = rnd();
    dut->x_imm_x_i = ((uint64_t)(rnd() & 1) << 32) | rnd();
    dut->x_br_lt_i = 0;
    dut->x_br_inv_i = 0;
    dut->x_sel_add_i = dut->x_sel_sll_i = dut->x_sel_sr_i = dut->x_sel_slt_i = 0;
    dut->x_sel_logic_i = dut->x_sel_link_i = dut->x_sel_auipc_i = 0;
    dut->x_sel_mode_i = dut->x_sel_base_i = 0;
    dut->rs1_i = rnd();
    dut->rs2_i = rnd();
    dut->eq_i = dut->rs1_i == dut->rs2_i;
    dut->mode_i = rnd() & 1;
    dut->base_i = rnd();
    dut->md_y_i = rnd();
    dut->jalr_wr_i = 0;
    dut->pc_alt_i = rnd();
    dut->ld_val_i = 0; // zero but after a load's read (vm74_lsu)
    dut->pc_plus4_i = rnd();
    dut->pc_tgt_i = rnd();
    dut->s_muldiv_i = 0;
}

// Select src with X in S_RUN or not; return what rd must be.
static uint32_t select(int src, bool run) {
    dut->x_run_i = run;
    switch (src) {
    case ADD: dut->x_sel_add_i = 1; return run ? dut->rs1_i + dut->rs2_i : 0;
    case LINK: dut->x_sel_link_i = 1; return run ? dut->pc_plus4_i : 0;
    case AUIPC: dut->x_sel_auipc_i = 1; return run ? dut->pc_tgt_i : 0;
    case MODE: dut->x_sel_mode_i = 1; return run ? dut->mode_i : 0;
    case BASE: dut->x_sel_base_i = 1; return run ? dut->base_i : 0;
    // Not X's: S_MULDIV, a JALR's late link and load data are not gated.
    case MULDIV: dut->s_muldiv_i = 1; return dut->md_y_i;
    case JALR: dut->jalr_wr_i = 1; return dut->pc_alt_i;
    default: dut->ld_val_i = rnd(); return dut->ld_val_i;
    }
}

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    unsigned long n = argc > 1 ? strtoul(argv[argc - 1], nullptr, 0) : 20000;
    dut = new Vvm74_exec;
    for (unsigned long i = 0; i < n; i++)
        for (int src = 0; src < N_SRC; src++)
            for (int run = 0; run < 2; run++) {
                randomize();
                uint32_t want = select(src, run);
                dut->eval();
                checks++;
                if (dut->rd_o != want && failures++ < 10)
                    printf("exec_tb: %s%s: rd 0x%08x, want 0x%08x\n", src_name[src],
                           run ? "" : " (not S_RUN)", dut->rd_o, want);
            }
    delete dut;
    printf("exec_tb: %llu checks, %llu failed\n", checks, failures);
    return failures ? 1 : 0;
}
