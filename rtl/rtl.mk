# rtl/rtl.mk - the vm74 RTL: the Verilator model behind backend "rtl", lint,
# and a Yosys synthesis check.  Included by the top-level Makefile (before
# sim/sim.mk, whose link lines use $(RTL_OBJS) and $(RTL_LDLIBS)).
#
#   make rtl         the verilated model and the harness ($(RTL_OBJS))
#   make lint        verilator --lint-only -Wall (vm74 and each FLAW variant),
#                    waivers in rtl/lint.vlt; also the board top (lint-board,
#                    fpga/fpga.mk)
#   make rtl-yosys   synth_ice40 -top vm74_soc (small RAM), cell count
#   make rtl-pnr     = make synth: the board top through nextpnr-ice40 (UP5K)
#
# Build parameters (docs/rtl.md "Build parameters"):
#   VM74_RTL_RAM_BYTES  RAM the simulation model is built with (16 MiB);
#                       vm74_create(rtl) accepts any ram_size up to it
#   VM74_RTL_OPT        C++ optimisation of the model (-O3)

RTL_DIR      := $(BUILD)/rtl
RTL_MDIR     := $(RTL_DIR)/obj
RTL_SRCS     := $(wildcard rtl/*.v)
RTL_INCS     := $(wildcard rtl/*.vh)
RTL_VLT      := rtl/lint.vlt
RTL_ARCH_VH  := $(RTL_DIR)/vm74_arch.vh
RTL_GEN      := $(RTL_DIR)/gen_arch_vh
VM74_RTL_RAM_BYTES ?= 16777216
VM74_RTL_OPT ?= -O3

VERILATOR    := verilator
# A recipe's prefix for Verilator --build, which runs a make of its own:
# '+' hands that make our jobserver (make -j2 is two jobs in all), except
# under make -n, where '+' would run Verilator for real.
VL_SUBMAKE    = $(if $(findstring n,$(firstword -$(MAKEFLAGS))),,+)
VL_ROOT      := /usr/share/verilator/include
VL_DEFS      := -DVM_COVERAGE=0 -DVM_SC=0 -DVM_TRACE=1 -DVM_TRACE_FST=1 \
                -DVM_TRACE_VCD=0
VL_CXXFLAGS  := -std=gnu++17 -O2 -g -faligned-new -I$(VL_ROOT) \
                -I$(VL_ROOT)/vltstd $(VL_DEFS) -Wno-unused-parameter
# Verilator's optimisations for a fast model (docs/rtl.md "Simulation
# speed"): three of its passes made this design's model larger, each
# measured in host instructions per simulated cycle: -fno-split keeps an
# always block's outputs in one block (split, a case's conditions are
# evaluated again for every output), -fno-dfg and -fno-case keep
# expressions and case statements as written.
VL_OPT       := -O3 --x-assign fast --x-initial fast -fno-split -fno-dfg -fno-case
VL_FLAGS     := --cc --build $(VL_OPT) \
                --trace-fst -Wall -Wno-fatal -I$(RTL_DIR) -Irtl \
                --top-module vm74_soc -GRAM_BYTES=$(VM74_RTL_RAM_BYTES) \
                -MAKEFLAGS "OPT_FAST=$(VM74_RTL_OPT) OPT_SLOW=-O1 OPT_GLOBAL=-O2"

# Another VM74_RTL_RAM_BYTES or VM74_RTL_OPT rebuilds every model and
# harness (value_stamp, Makefile).
RTL_FLAGS_STAMP := $(call value_stamp,$(RTL_DIR)/.values/flags,VL_FLAGS=$(VL_FLAGS) \
                     VM74_RTL_RAM_BYTES=$(VM74_RTL_RAM_BYTES))

RTL_MODEL_LIB := $(RTL_MDIR)/Vvm74_soc__ALL.a
RTL_RUNTIME   := $(RTL_DIR)/verilated.o $(RTL_DIR)/verilated_fst_c.o \
                 $(RTL_DIR)/verilated_threads.o
RTL_HARNESS   := $(RTL_DIR)/rtl_backend.o
# What a program links to get backend "rtl" (the object itself, not an
# archive member: vm74.c refers to vm74_rtl_ops through a weak symbol).
RTL_OBJS      := $(RTL_HARNESS) $(RTL_MODEL_LIB) $(RTL_RUNTIME)
RTL_LDLIBS    := -lz -lpthread -lstdc++ -lm

# The deliberately flawed variants (docs/isa.md §4.3, $(FLAW_VARIANTS)):
# the same RTL verilated with -GFLAW=n into build/flaw-<name>/rtl/, each
# with its own copy of the harness compiled against that model.  Programs
# link $(RTL_OBJS) or one $(RTL_FLAW_OBJS_<name>), never two (the model
# classes share a name).
rtl_flaw_dir = $(BUILD)/flaw-$(1)/rtl
$(foreach v,$(FLAW_VARIANTS),$(eval RTL_FLAW_OBJS_$(v) := \
    $(call rtl_flaw_dir,$(v))/rtl_backend.o \
    $(call rtl_flaw_dir,$(v))/obj/Vvm74_soc__ALL.a $(RTL_RUNTIME)))

.PHONY: rtl lint rtl-yosys rtl-pnr

rtl: $(RTL_OBJS)

$(RTL_GEN): tools/gen_arch_vh.c include/vm74_arch.h sim/vm74_api.h
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(CFLAGS) -Isim -o $@ $<

$(RTL_ARCH_VH): $(RTL_GEN)
	$(call quiet,GEN,$@)$(RTL_GEN) > $@

# rtl_model(DIR, VERILATOR-FLAGS, NOTE): DIR/obj/Vvm74_soc__ALL.a, the
# model, and DIR/rtl_backend.o, the harness compiled against it (NOTE: for
# its step line).  Verilator rebuilds the library itself, by a make of its
# own that takes its jobs from ours (VL_SUBMAKE, no -j); make only needs
# to know when.  It leaves the library's date alone when nothing in the
# model changed (a new comment in this file): the touch keeps make from
# asking again.
define rtl_model
$(1)/obj/Vvm74_soc__ALL.a: $(RTL_SRCS) $(RTL_INCS) $(RTL_VLT) $(RTL_ARCH_VH) rtl/rtl.mk \
                          $(RTL_FLAGS_STAMP)
	@mkdir -p $$(@D)
	$(VL_SUBMAKE)$(call quiet,VERILATE,rtl/ → $$(@D))$(VERILATOR) $(VL_FLAGS) $(2) --Mdir $$(@D) \
	    $(RTL_VLT) $(RTL_SRCS) $(call quiet_log,$$(@D)/build.log)
	@touch $$@

$(1)/rtl_backend.o: sim/rtl_backend.cpp sim/backend.h sim/vm74_api.h \
                    include/vm74_arch.h $(1)/obj/Vvm74_soc__ALL.a
	$(call quiet,CXX,$$<$(3))g++ $(VL_CXXFLAGS) -Wall -Wextra -Iinclude -Isim -I$(1)/obj \
	    -DVM74_RTL_RAM_BYTES=$(VM74_RTL_RAM_BYTES)u -c -o $$@ $$<
endef
$(eval $(call rtl_model,$(RTL_DIR),,))
$(foreach v,$(FLAW_VARIANTS),$(eval $(call rtl_model,$(call rtl_flaw_dir,$(v)),\
    -GFLAW=$(call flaw_number,$(v)), [$(v)])))

$(RTL_RUNTIME): $(RTL_DIR)/%.o: $(VL_ROOT)/%.cpp
	@mkdir -p $(@D)
	$(call quiet,CXX,$<)g++ $(VL_CXXFLAGS) -c -o $@ $<

# vm74 and every flawed variant.
lint: $(RTL_ARCH_VH)
	$(call quiet,LINT,rtl/)$(VERILATOR) --lint-only -Wall -I$(RTL_DIR) -Irtl \
	    --top-module vm74_soc $(RTL_VLT) $(RTL_SRCS)
	$(Q)for n in $(foreach v,$(FLAW_VARIANTS),$(call flaw_number,$(v))); do \
	    $(call quiet_say,LINT,rtl/ FLAW=$$n); \
	    $(VERILATOR) --lint-only -Wall -I$(RTL_DIR) -Irtl --top-module vm74_soc \
	        -GFLAW=$$n $(RTL_VLT) $(RTL_SRCS) || exit 1; \
	done
	@echo "lint: clean"

# Synthesis check of the SoC alone for the iCE40 UP5K, with a small RAM
# (the board's SPRAM is make synth's).  Prints the cell count.
rtl-yosys: $(RTL_ARCH_VH)
	$(call quiet,YOSYS,vm74_soc)yosys -q -l $(RTL_DIR)/yosys.log -p "read_verilog \
	    -I$(RTL_DIR) -Irtl $(RTL_SRCS); chparam -set RAM_BYTES 4096 vm74_soc; \
	    synth_ice40 -dsp -top vm74_soc; stat" >/dev/null
	@grep -A60 "=== vm74_soc ===" $(RTL_DIR)/yosys.log | \
	    sed -n '/Number of cells/,/^$$/p'

# Place and route for the UP5K: the one board top, the full iCEBreaker
# flow (fpga/fpga.mk, docs/fpga.md).
rtl-pnr: synth
