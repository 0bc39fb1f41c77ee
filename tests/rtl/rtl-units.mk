# tests/rtl/rtl-units.mk - unit testbenches for single RTL modules around the
# core (Verilator, one C++ driver each), included by tests/tests.mk.
#
#   $(RTL_UNIT_BINS)  build/tests/rtl/NAME/NAME-tb, from tests/rtl/NAME_tb.cpp
#   $(RTL_UNIT_CMD)   runs them all (tests/rtl/run-units.sh); the last line is
#                     "N passed, N failed".  Part of `make test`.
#
# A unit is NAME: TOP (the module under test) and its sources:
#   RTL_UNIT_TOP_NAME, RTL_UNIT_SRCS_NAME.

RTL_UNITS := div timer

RTL_UNIT_TOP_div  := vm74_div
RTL_UNIT_SRCS_div := rtl/vm74_div.v
RTL_UNIT_TOP_timer  := vm74_timer
RTL_UNIT_SRCS_timer := rtl/vm74_timer.v

RTL_UNIT_OUT  := $(BUILD)/tests/rtl
RTL_UNIT_BINS := $(foreach u,$(RTL_UNITS),$(RTL_UNIT_OUT)/$(u)/$(u)-tb)
RTL_UNIT_CMD  := tests/rtl/run-units.sh $(RTL_UNIT_BINS)

.SECONDEXPANSION:
$(RTL_UNIT_OUT)/%-tb: tests/rtl/$$(notdir $$*)_tb.cpp $$(RTL_UNIT_SRCS_$$(notdir $$*)) \
                      $(RTL_ARCH_VH) tests/rtl/rtl-units.mk
	@mkdir -p $(@D)
	$(VERILATOR) --cc --exe --build -O2 -Wall -Wno-fatal -I$(RTL_DIR) -Irtl \
	    --top-module $(RTL_UNIT_TOP_$(notdir $*)) --Mdir $(@D) -o $(@F) \
	    $(abspath $<) $(RTL_UNIT_SRCS_$(notdir $*)) >$(@D)/build.log 2>&1 \
	    || { tail -20 $(@D)/build.log; exit 1; }
