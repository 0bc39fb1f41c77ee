# fpga/fpga.mk - the iCEBreaker (iCE40 UP5K) build, board simulation and
# programming (docs/fpga.md).  Included by the top-level Makefile.
#
#   make synth        yosys -> nextpnr-ice40 -> icetime -> icepack:
#                     build/fpga/vm74_icebreaker.bin; prints utilisation,
#                     Fmax and the critical path; fails if it does not fit
#                     or does not meet timing at FPGA_CLK_MHZ
#   make prog         iceprog the bitstream at 0 and FPGA_PROG's image
#                     (default the VMM with its guests) at
#                     VM74_BOARD_IMAGE_OFFSET of flash (include/vm74_arch.h:
#                     `imgpack --flash-offset`)
#   make prog-check   make prog on a simulated flash (fpga/iceprog-sim.sh),
#                     then the board model booted from that flash: PASS/FAIL
#   make board-test   board top in Verilator (RTL): flash model -> boot
#                     loader -> hello, UART decoded, compared with the ISS;
#                     bad images refused; devtest (tests/board/devtest.c,
#                     the devices checked by a program); the VMM with its
#                     guests compared with make run on the ISS; PASS/FAIL
#   make board-sim    one program the same way: FPGA_PROG=NAME (default vmm,
#                     compared as board-test compares it)
#   make postsynth    the synthesized netlist (Yosys cells_sim.v models) in
#                     Verilator running hello and devtest, compared with
#                     the ISS
#   make imgpack      build/tools/imgpack
#   make unit-timing  the units around the core each on its own, inputs and
#                     outputs registered (fpga/unit-timing.sh): logic cells
#                     and the Fmax of their own paths
#   make lint-board   verilator --lint-only -Wall on the board top in each of
#                     its clock configurations (part of make lint), waivers
#                     in rtl/lint.vlt and rtl/board/lint.vlt
#
# Variables:
#   FPGA_CLK_MHZ       design clock (MHz, default 27: the PLL at 27.000 MHz;
#                      6 = the 12 MHz pin / 2; 12 = the pin; 16 and up:
#                      icepll computes the PLL)
#   FPGA_SEED          nextpnr's placement seed (default 1: docs/history.md)
#   FPGA_SEED_TRIES    seeds to try, from FPGA_SEED on, until one meets the
#                      design clock (default 3; 1 = that seed alone)
#   FPGA_CORE_DIR      where the core's rtl/*.v come from (default rtl)
#   FPGA_PROG          firmware program to pack, flash or simulate
#                      (build/firmware/NAME.elf; default vmm)

FPGA_OUT          := $(BUILD)/fpga
FPGA_CLK_MHZ      ?= 27
FPGA_SEED         ?= 1
FPGA_SEED_TRIES   ?= 3
FPGA_CORE_DIR     ?= rtl
FPGA_PROG         ?= vmm
FPGA_PCF          := constraints/icebreaker.pcf
FPGA_TOP          := vm74_icebreaker
# The SoC (vm74_soc with SPRAM = 1) and the board's own units.
FPGA_CORE_SRCS    := $(wildcard $(FPGA_CORE_DIR)/*.v)
FPGA_BOARD_SRCS   := $(wildcard rtl/board/*.v)
FPGA_SRCS         := $(FPGA_CORE_SRCS) $(FPGA_BOARD_SRCS)
FPGA_JSON         := $(FPGA_OUT)/$(FPGA_TOP).json
FPGA_NETLIST      := $(FPGA_OUT)/$(FPGA_TOP)_syn.v
FPGA_BIN          := $(FPGA_OUT)/$(FPGA_TOP).bin
# Lazy: icepll runs only when a board target needs the design clock.
FPGA_CLK_HZ        = $(shell fpga/pll.sh $(FPGA_CLK_MHZ) | sed 's/.*CLK_HZ=//')
# The netlist's CLK pin: twice the design clock when the divider halves it.
FPGA_PIN_HZ        = $(shell eval "$$(fpga/pll.sh $(FPGA_CLK_MHZ))"; echo $$((CLK_HZ * (1 + DIV2))))
FPGA_CELLS_SIM    := /usr/share/yosys/ice40/cells_sim.v

IMGPACK := $(BUILD)/tools/imgpack

.PHONY: synth prog prog-check board-test board-sim postsynth imgpack unit-timing lint-board

imgpack: $(IMGPACK)

$(IMGPACK): tools/imgpack/imgpack.c include/vm74_arch.h | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(CFLAGS) -o $@ $< -lelf

$(FPGA_OUT)/%.img: $(FW_OUT)/%.elf $(IMGPACK)
	@mkdir -p $(@D)
	$(call quiet,IMGPACK,$@)$(IMGPACK) $< $@

$(FPGA_OUT)/devtest.img: $(FPGA_OUT)/devtest.elf $(IMGPACK)
	$(call quiet,IMGPACK,$@)$(IMGPACK) $< $@

# A stamp named after the clock: another FPGA_CLK_MHZ resynthesizes.
FPGA_CLK_STAMP := $(FPGA_OUT)/.clk-$(FPGA_CLK_MHZ)
$(FPGA_CLK_STAMP):
	@mkdir -p $(@D)
	@rm -f $(FPGA_OUT)/.clk-*
	@touch $@

# Another FPGA_CORE_DIR resynthesizes too (value_stamp, Makefile): its
# files may be older than the netlist.
FPGA_CORE_STAMP := $(call value_stamp,$(FPGA_OUT)/.values/core,FPGA_CORE_DIR=$(FPGA_CORE_DIR))

$(FPGA_JSON) $(FPGA_NETLIST) &: $(FPGA_SRCS) $(RTL_ARCH_VH) $(FPGA_CLK_STAMP) $(FPGA_CORE_STAMP) \
                                fpga/yosys.sh fpga/pll.sh fpga/vm74_mac_map.v
	$(Q)fpga/yosys.sh $(FPGA_OUT) $(FPGA_CLK_MHZ) $(FPGA_SRCS)

# The design fills 90 % of the UP5K and its Fmax moves by about a MHz from
# seed to seed around the 27 MHz clock, so a seed that misses the clock
# (pnr.sh's status 2) is followed by the next, up to FPGA_SEED_TRIES; the
# summary names the seed whose bitstream is built.
synth: $(FPGA_JSON) $(FPGA_PCF) fpga/pnr.sh
	$(Q)seed=$(FPGA_SEED); tries=$(FPGA_SEED_TRIES); \
	while :; do \
	    st=0; fpga/pnr.sh $(FPGA_OUT) $(FPGA_PCF) $$seed || st=$$?; \
	    [ $$st -eq 2 ] && [ $$tries -gt 1 ] || exit $$st; \
	    tries=$$((tries - 1)); seed=$$((seed + 1)); \
	    echo "synth: trying seed $$seed"; \
	done

# Writes the flash of an attached iCEBreaker.  prog-check runs the same
# recipe on a simulated flash (fpga/iceprog-sim.sh: iceprog's erase and
# write on a file), checks where everything landed and boots the board
# model from that flash (fpga/prog-check.sh).
ICEPROG ?= iceprog
prog: synth $(FPGA_OUT)/$(FPGA_PROG).img $(IMGPACK)
	$(ICEPROG) $(FPGA_BIN)
	$(ICEPROG) -o $$($(IMGPACK) --flash-offset) $(FPGA_OUT)/$(FPGA_PROG).img

# ---- Board-level simulation ---------------------------------------------
# The board's RTL is held to the core's rules: -Wall, with the waivers of
# FPGA_VLT (among them Yosys's cell models, which carry a timescale, so
# our modules get one too).
FPGA_VLT      := rtl/lint.vlt rtl/board/lint.vlt
FPGA_VL_LINT  := -Wall -DNO_ICE40_DEFAULT_ASSIGNMENTS --timescale 1ns/1ps \
                 --top-module $(FPGA_TOP) $(FPGA_VLT)
FPGA_VL_FLAGS := --cc --exe --build $(VL_OPT) -Wno-fatal \
                 -MAKEFLAGS "OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O1"
# Other Verilator flags rebuild both board models (value_stamp, Makefile).
FPGA_VL_STAMP := $(call value_stamp,$(FPGA_OUT)/.values/vl-flags,FPGA_VL_FLAGS=$(FPGA_VL_FLAGS))
FPGA_RTL_TB   := $(FPGA_OUT)/board-rtl/board-tb
FPGA_SYN_TB   := $(FPGA_OUT)/board-syn/board-tb

# make prog on a simulated flash (see prog above).
FPGA_SIM_FLASH := $(FPGA_OUT)/flash-sim.bin
prog-check: $(FPGA_RTL_TB) $(IMGPACK)
	$(Q)rm -f $(FPGA_SIM_FLASH)
	$(Q)$(MAKE) --no-print-directory prog \
	    ICEPROG="$(abspath fpga/iceprog-sim.sh) $(abspath $(FPGA_SIM_FLASH))"
	$(Q)fpga/prog-check.sh $(FPGA_SIM_FLASH) $(FPGA_BIN) $(FPGA_OUT)/$(FPGA_PROG).img \
	    $$($(IMGPACK) --flash-offset) $(FPGA_RTL_TB)

# The RTL with the PLL bypassed (an ideal PLL) and a short reset.  Both
# board models are built by Verilator's --build, whose make includes the
# compiler's .d files: tools/vl-prune-deps.sh drops those that name a
# file since moved, which would otherwise stop an incremental build.
$(FPGA_RTL_TB): tests/board/board_tb.cpp include/vm74_arch.h $(FPGA_SRCS) $(RTL_ARCH_VH) \
                fpga/vm74_mac_map.v $(FPGA_VLT) $(FPGA_CLK_STAMP) $(FPGA_VL_STAMP)
	@mkdir -p $(@D)
	$(Q)tools/vl-prune-deps.sh $(@D)
	$(VL_SUBMAKE)$(call quiet,VERILATE,$(FPGA_TOP) → $(@D))$(VERILATOR) $(FPGA_VL_FLAGS) \
	    $(FPGA_VL_LINT) -I$(RTL_DIR) \
	    -I$(FPGA_CORE_DIR) -GUSE_PLL=0 -GCLK_HZ=$(FPGA_CLK_HZ) -GRESET_LOG2=4 \
	    -CFLAGS -DBOARD_CLK_HZ=$(FPGA_CLK_HZ) -CFLAGS -I$(abspath include) \
	    --Mdir $(@D) -o board-tb \
	    $(abspath tests/board/board_tb.cpp) $(FPGA_SRCS) fpga/vm74_mac_map.v $(FPGA_CELLS_SIM) \
	    $(call quiet_log,$(@D)/build.log)

# The synthesized netlist: Yosys's cell models, with the empty PLL model
# replaced by an ideal one.  The netlist is Yosys's output, not written to
# any rules: no lint warnings.
$(FPGA_OUT)/cells_sim_nopll.v: $(FPGA_CELLS_SIM)
	@mkdir -p $(@D)
	$(call quiet,GEN,$@)awk '/^module SB_PLL40_PAD /{skip=1} !skip{print} \
	    skip&&/^endmodule/{skip=0}' $< > $@

$(FPGA_SYN_TB): tests/board/board_tb.cpp include/vm74_arch.h tests/board/sb_pll40_pad_ideal.v $(FPGA_NETLIST) \
                $(FPGA_OUT)/cells_sim_nopll.v $(FPGA_VL_STAMP)
	@mkdir -p $(@D)
	$(Q)tools/vl-prune-deps.sh $(@D)
	$(VL_SUBMAKE)$(call quiet,VERILATE,$(FPGA_NETLIST) → $(@D))$(VERILATOR) $(FPGA_VL_FLAGS) \
	    -Wno-lint -Wno-style -DNO_ICE40_DEFAULT_ASSIGNMENTS --timescale 1ns/1ps \
	    --top-module $(FPGA_TOP) -CFLAGS -DBOARD_CLK_HZ=$(FPGA_PIN_HZ) -CFLAGS -I$(abspath include) --Mdir $(@D) \
	    -o board-tb $(abspath tests/board/board_tb.cpp) $(FPGA_NETLIST) \
	    $(FPGA_OUT)/cells_sim_nopll.v tests/board/sb_pll40_pad_ideal.v \
	    $(call quiet_log,$(@D)/build.log)

# How board_test.sh checks a program: the VMM against make run on the ISS
# (its guests' lines, ends and exit codes), any other against the ISS.
board_case = $(if $(filter vmm,$(1)),vmm $(VMM_ELF) $(FPGA_OUT)/vmm.img $(VMM_RUN) \
                 $(VMM_CONF) $(VMM_GUEST_OUT),run $(FW_OUT)/$(1).elf $(FPGA_OUT)/$(1).img)
board_deps = $(FPGA_OUT)/$(1).img $(if $(filter vmm,$(1)),$(VMM_RUN) $(VMM_GUEST_ELFS))

# A self-checking program for the devices as the board builds them
# (tests/board/devtest.c), written by a host tool.
DEVTEST_GEN := $(FPGA_OUT)/devtest-gen
$(DEVTEST_GEN): tests/board/devtest.c tools/lib/enc.h include/vm74_arch.h $(ELFWRITE_OBJ) \
                | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(CFLAGS) -Itools/lib -o $@ $< $(ELFWRITE_OBJ)
$(FPGA_OUT)/devtest.elf: $(DEVTEST_GEN)
	$(call quiet,GEN,$@)$(DEVTEST_GEN) $@
DEVTEST      := $(FPGA_OUT)/devtest.elf $(FPGA_OUT)/devtest.img
DEVTEST_CASE := run $(DEVTEST)

# The board in simulation: hello booted from the flash model, the boot
# loader refusing bad images, devtest, and the VMM with its five guests
# (about 15 s).  Also part of `make test`.
BOARD_TEST_DEPS := $(FPGA_RTL_TB) $(SIM_CLI) $(call board_deps,hello) $(call board_deps,vmm) \
                   $(DEVTEST)
BOARD_TEST_CMD  := tests/board/board_test.sh $(FPGA_RTL_TB) $(SIM_CLI) \
                   $(call board_case,hello) refused $(FPGA_OUT)/hello.img \
                   $(DEVTEST_CASE) $(call board_case,vmm)
board-test: $(BOARD_TEST_DEPS)
	@$(BOARD_TEST_CMD)

board-sim: $(FPGA_RTL_TB) $(SIM_CLI) $(call board_deps,$(FPGA_PROG))
	@tests/board/board_test.sh $(FPGA_RTL_TB) $(SIM_CLI) $(call board_case,$(FPGA_PROG))

postsynth: $(FPGA_SYN_TB) $(FPGA_OUT)/hello.img $(SIM_CLI) $(DEVTEST)
	@tests/board/board_test.sh $(FPGA_SYN_TB) $(SIM_CLI) $(call board_case,hello) $(DEVTEST_CASE)

# The units around the core, each on its own (docs/history.md).
FPGA_UNITS := timer perf div bus boot
unit-timing: $(RTL_ARCH_VH)
	@fpga/unit-timing.sh $(FPGA_OUT)/units $(FPGA_UNITS)

# The board top as synthesized (the PLL), as the board test builds it (the
# pin clock) and at 6 MHz (the pin clock halved): each configuration has
# its own generate branches.
FPGA_LINT_CONFIGS := -GUSE_PLL=1 -GUSE_PLL=0 -GUSE_PLL=0,-GCLK_DIV2=1
lint: lint-board
lint-board: $(RTL_ARCH_VH)
	$(Q)for g in $(FPGA_LINT_CONFIGS); do \
	    g=$$(echo $$g | tr , ' '); \
	    $(call quiet_say,LINT,$(FPGA_TOP) $$g); \
	    $(VERILATOR) --lint-only $(FPGA_VL_LINT) -I$(RTL_DIR) -I$(FPGA_CORE_DIR) $$g \
	        $(FPGA_SRCS) fpga/vm74_mac_map.v $(FPGA_CELLS_SIM) || exit 1; \
	done
