# tests/rtl/rtl_units.mk - unit testbenches for single RTL modules around the
# core (Verilator, one C++ driver each), included by tests/tests.mk.
#
#   $(RTL_UNIT_BINS)  build/tests/rtl/NAME/NAME-tb, from tests/rtl/NAME_tb.cpp
#   $(RTL_UNIT_CMD)   runs them all (tests/rtl/run-units.sh); the last line is
#                     "N passed, N failed".  Part of `make test`.
#
# A unit is NAME: TOP (the module under test), its sources and Verilator
# flags: RTL_UNIT_TOP_NAME, RTL_UNIT_SRCS_NAME, RTL_UNIT_FLAGS_NAME; its
# driver is tests/rtl/DRIVER_tb.cpp, DRIVER = RTL_UNIT_TB_NAME or NAME.
# timer_ice40 runs timer_tb on the cells synthesis makes of vm74_lc
# (SYNTHESIS defined: SB_LUT4 and SB_CARRY, from Yosys's cells_sim.v);
# perf_dsp runs perf_tb on vm74_perf with DSP = 1 (SB_MAC16 models).
# mul_ice40 runs mul_tb on Yosys's netlist of vm74_mul (SB_MAC16 models).
# lsu_ice40 runs lsu_tb on Yosys's netlist of vm74_lsu (the core's byte
# lanes as synthesis builds them).
# reloc_synth runs reloc_tb on vm74_reloc with SYNTHESIS defined (its page
# compare bit by bit, as synthesis builds it; simulation has a `<`);
# div_synth and alu_synth likewise run div_tb and alu_tb on the forms
# synthesis builds (DIV's leading-one search by groups, the ALU's AND-OR
# outputs; simulation has a loop in the start cycle and selects), and
# exec_synth runs exec_tb on vm74_exec's rd value as synthesis builds it.

RTL_UNITS := div div_synth mul mul_ice40 timer timer_ice40 perf perf_dsp alu \
             alu_synth exec exec_synth reloc reloc_synth lsu lsu_ice40

# A unit on Yosys's iCE40 cell models: their style is not ours, and they
# carry a timescale, which our modules then take too.
RTL_UNIT_CELLS_FLAGS := -DNO_ICE40_DEFAULT_ASSIGNMENTS -Wno-lint -Wno-style \
                        --timescale 1ns/1ps

RTL_UNIT_TOP_alu  := vm74_alu
RTL_UNIT_SRCS_alu := rtl/vm74_alu.v
RTL_UNIT_TOP_alu_synth   := vm74_alu
RTL_UNIT_TB_alu_synth    := alu
RTL_UNIT_SRCS_alu_synth  := rtl/vm74_alu.v
RTL_UNIT_FLAGS_alu_synth := -DSYNTHESIS
RTL_UNIT_TOP_exec  := vm74_exec
RTL_UNIT_SRCS_exec := rtl/vm74_exec.v rtl/vm74_alu.v
RTL_UNIT_TOP_exec_synth   := vm74_exec
RTL_UNIT_TB_exec_synth    := exec
RTL_UNIT_SRCS_exec_synth  := $(RTL_UNIT_SRCS_exec)
RTL_UNIT_FLAGS_exec_synth := -DSYNTHESIS
# mul_ice40: mul_tb on Yosys's netlist of vm74_mul (its DSP mapping: one
# rewrite once synthesized to a wrong multiplier from right Verilog).
RTL_UNIT_TOP_mul_ice40   := vm74_mul
RTL_UNIT_TB_mul_ice40    := mul
RTL_UNIT_SRCS_mul_ice40   = $(RTL_UNIT_OUT)/mul_ice40/vm74_mul_syn.v $(FPGA_CELLS_SIM)
RTL_UNIT_FLAGS_mul_ice40 := $(RTL_UNIT_CELLS_FLAGS)
RTL_UNIT_TOP_reloc   := vm74_reloc
RTL_UNIT_SRCS_reloc  := rtl/vm74_reloc.v
RTL_UNIT_FLAGS_reloc := -CFLAGS -I$(abspath include)
RTL_UNIT_TOP_reloc_synth   := vm74_reloc
RTL_UNIT_TB_reloc_synth    := reloc
RTL_UNIT_SRCS_reloc_synth  := rtl/vm74_reloc.v
RTL_UNIT_FLAGS_reloc_synth := -DSYNTHESIS $(RTL_UNIT_FLAGS_reloc)
RTL_UNIT_TOP_lsu  := vm74_lsu
RTL_UNIT_SRCS_lsu := rtl/vm74_lsu.v
RTL_UNIT_TOP_lsu_ice40   := vm74_lsu
RTL_UNIT_TB_lsu_ice40    := lsu
RTL_UNIT_SRCS_lsu_ice40   = $(RTL_UNIT_OUT)/lsu_ice40/vm74_lsu_syn.v $(FPGA_CELLS_SIM)
RTL_UNIT_FLAGS_lsu_ice40 := $(RTL_UNIT_CELLS_FLAGS)
RTL_UNIT_TOP_div  := vm74_div
RTL_UNIT_SRCS_div := rtl/vm74_div.v
RTL_UNIT_TOP_div_synth   := vm74_div
RTL_UNIT_TB_div_synth    := div
RTL_UNIT_SRCS_div_synth  := rtl/vm74_div.v
RTL_UNIT_FLAGS_div_synth := -DSYNTHESIS
RTL_UNIT_TOP_mul  := vm74_mul
RTL_UNIT_SRCS_mul := rtl/vm74_mul.v
RTL_UNIT_TOP_timer  := vm74_timer
RTL_UNIT_SRCS_timer := rtl/vm74_timer.v rtl/vm74_lc.v
RTL_UNIT_TOP_perf  := vm74_perf
RTL_UNIT_SRCS_perf := rtl/vm74_perf.v
RTL_UNIT_TOP_perf_dsp   := vm74_perf
RTL_UNIT_TB_perf_dsp    := perf
RTL_UNIT_SRCS_perf_dsp   = rtl/vm74_perf.v fpga/vm74_mac_map.v $(FPGA_CELLS_SIM)
RTL_UNIT_FLAGS_perf_dsp := -GDSP=1 -GINIT_S=64\'hfffffffefffe0000 \
                           -GINIT_U=64\'hfffffffffffe0000 -CFLAGS -DPERF_DSP \
                           -CFLAGS -DPERF_INIT_S=0xfffffffefffe0000ull \
                           -CFLAGS -DPERF_INIT_U=0xfffffffffffe0000ull \
                           $(RTL_UNIT_CELLS_FLAGS)
RTL_UNIT_TOP_timer_ice40   := vm74_timer
RTL_UNIT_TB_timer_ice40    := timer
RTL_UNIT_SRCS_timer_ice40   = $(RTL_UNIT_SRCS_timer) $(FPGA_CELLS_SIM)
RTL_UNIT_FLAGS_timer_ice40 := -DSYNTHESIS $(RTL_UNIT_CELLS_FLAGS)

RTL_UNIT_OUT  := $(BUILD)/tests/rtl
# The netlists mul_ice40 and lsu_ice40 run on (fpga/yosys.sh's synth_ice40
# options): rtl_unit_netlist(UNIT) makes UNIT_ice40/vm74_UNIT_syn.v.
define rtl_unit_netlist
$(RTL_UNIT_OUT)/$(1)_ice40/vm74_$(1)_syn.v: rtl/vm74_$(1).v | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(call quiet,YOSYS,$$@)yosys -q -l $$(@D)/yosys.log -p "read_verilog $$<; \
	    synth_ice40 -dsp -dffe_min_ce_use 2 -top vm74_$(1); write_verilog -noattr $$@" >/dev/null
endef
$(foreach u,mul lsu,$(eval $(call rtl_unit_netlist,$(u))))

RTL_UNIT_BINS := $(foreach u,$(RTL_UNITS),$(RTL_UNIT_OUT)/$(u)/$(u)-tb)
RTL_UNIT_CMD  := tests/rtl/run-units.sh $(RTL_UNIT_BINS)

rtl_unit_tb = $(or $(RTL_UNIT_TB_$(1)),$(1))

.SECONDEXPANSION:
$(RTL_UNIT_OUT)/%-tb: tests/rtl/$$(call rtl_unit_tb,$$(notdir $$*))_tb.cpp \
                      $$(RTL_UNIT_SRCS_$$(notdir $$*)) $(RTL_ARCH_VH) $(RTL_VLT) \
                      tests/rtl/rtl_units.mk \
                      tests/rtl/rtl_tb.h
	@mkdir -p $(@D)
	$(VL_SUBMAKE)$(call quiet,VERILATE,$(notdir $*) → $(@D))$(VERILATOR) --cc --exe --build -O2 -Wall \
	    -Wno-fatal -I$(RTL_DIR) -Irtl $(RTL_UNIT_FLAGS_$(notdir $*)) \
	    --top-module $(RTL_UNIT_TOP_$(notdir $*)) --Mdir $(@D) -o $(@F) \
	    $(RTL_VLT) $(abspath $<) $(RTL_UNIT_SRCS_$(notdir $*)) $(call quiet_log,$(@D)/build.log)
