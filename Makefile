# vm74 - top-level Makefile.  Every output goes under build/.
#
#   make run     the VMM demo: five guests on one machine (installs what it needs)
#   make sv-demo the single-task supervisor demo
#   make test    all tests; ends with "N passed, N failed"
#   make bench   simulator speed and VMM cycle figures (docs/performance.md)
#   make all     everything that builds
#   make flaw FLAW=<name>  one flawed variant (rdmode, jrstu, rdbase; or 1-3)
#   make clean   remove build/
#   make help    every target and every variable, one line each (mk/help.mk)
#
# Each part of the tree adds its rules through one fragment, included below
# in this order (a fragment that uses another's variables comes after it;
# the indented ones are included by the fragment above them):
#   mk/quiet.mk                   one line per build step (the command with V=1)
#   rtl/rtl.mk                    the Verilator model of rtl/, make lint
#   sim/sim.mk                    libvm74.a (C API, ISS backend), build/vm74-sim
#   firmware/firmware.mk          build/firmware/NAME.elf and NAME.lst
#     firmware/vmm/vmm.mk         the VMM, its guests and host tools, make run
#       firmware/vmm/nest/nest.mk the VMM under itself
#   tools/tools.mk                the ELF writer, the program generator, fuzz
#   tests/tests.mk                the test drivers
#     tests/rtl/rtl-units.mk      the RTL unit testbenches
#   firmware/vmm/fuzz/fuzz.mk     the VMM under generated guests
#   sim/flaw.mk                   the flawed variants, build/flaw-<name>/
#   tools/pgcheck/pgcheck.mk      the Popek-Goldberg classifier
#   tests/interp.mk               the hybrid VMM's interpreter against the ISS
#   tests/conformance/conformance.mk  the trap-behaviour conformance suite
#   tools/theorems/theorems.mk    make theorems
#   fpga/fpga.mk                  the iCEBreaker: synth, prog, the board test
#   formal/formal.mk              make formal
#   mk/help.mk                    make help

include mk/quiet.mk

BUILD   := build
CC      := gcc
CFLAGS  := -std=c11 -O2 -g -Wall -Wextra -Werror=implicit-function-declaration \
           -Iinclude -Isim
LDFLAGS :=

CROSS        := riscv64-unknown-elf-
TARGET_CC    := $(CROSS)gcc
TARGET_ARCH  := -march=rv32im -mabi=ilp32

# The machine that run, fuzz and the VMM bench use: rtl (the Verilator model
# of the Verilog CPU) or iss (the reference simulator): make run BACKEND=iss
BACKEND ?= rtl

# The deliberately flawed variants of the machine (docs/isa.md §4.3), from
# include/vm74_arch.h's VM74_FLAW_<NAME> n, as "rdmode:1 jrstu:2 rdbase:3";
# each is built for both backends in build/flaw-<name>/ (sim/flaw.mk).
FLAW_TABLE    := $(shell sed -n 's/^\#define VM74_FLAW_\([A-Z]*\) *\([0-9]*\).*/\1:\2/p' \
                   include/vm74_arch.h | tr A-Z a-z)
FLAW_VARIANTS := $(foreach v,$(FLAW_TABLE),$(firstword $(subst :, ,$(v))))
flaw_number    = $(patsubst $(1):%,%,$(filter $(1):%,$(FLAW_TABLE)))

# The backends make test, conformance and theorems run on (iss: the
# reference simulator, rtl: the Verilator model); make test TEST_BACKENDS=iss
TEST_BACKENDS ?= iss rtl
comma         := ,
CONF_BACKENDS ?= $(subst $(eval) ,$(comma),$(strip $(TEST_BACKENDS)))

# A command of each package tools/install-deps.sh installs, and the headers
# and library it brings: when one is missing, the script has not run yet.
DEPS_COMMANDS := $(TARGET_CC) verilator yosys yosys-smtbmc nextpnr-ice40 icepack \
                 z3 boolector gdb-multiarch xmllint rsvg-convert
DEPS_PATHS    := /usr/include/libelf.h /usr/include/cmocka.h \
                 /usr/lib/picolibc/riscv64-unknown-elf
DEPS_STAMP := $(BUILD)/.deps-ok
$(DEPS_STAMP):
	@if ! (for c in $(DEPS_COMMANDS); do command -v $$c || exit 1; done) \
	         >/dev/null 2>&1 || \
	    ! (for p in $(DEPS_PATHS); do test -e $$p || exit 1; done); then \
	    echo "make: installing dependencies (tools/install-deps.sh)"; \
	    tools/install-deps.sh; \
	fi
	@mkdir -p $(BUILD) && touch $@

# $(call value_stamp,FILE,TEXT): FILE, rewritten with TEXT (variables'
# values) only when it holds anything else.  A target that depends on it
# is rebuilt when one of those variables changes, which the files' dates
# miss: `make VMM_CONF=other.conf` with an other.conf older than the
# guest table kept the table of the last conf.  A new stamp is dated 1970:
# what a build directory already holds is taken as built with the values
# of the make that creates it, not all rebuilt.
value_stamp = $(if $(wildcard $(1)),$(if $(call value_equal,$(file <$(1)),$(2)),,$(call \
                value_write,$(1),$(2))),$(call value_write,$(1),$(2))$(shell touch -d @0 \
                $(1)))$(1)
# Compared stripped: GNU make 4.3's $(file <) returned the RTL's stamp
# with its final newline, so every make rewrote that stamp, dated it now
# and rebuilt the model (tests/make/values.sh).
value_equal = $(if $(subst x$(strip $(1)),,x$(strip $(2)))$(subst \
                x$(strip $(2)),,x$(strip $(1))),,same)
value_write = $(shell mkdir -p $(dir $(1)))$(file >$(1),$(2))

.PHONY: all run sv-demo test bench clean conformance fuzz
.DEFAULT_GOAL := all

include rtl/rtl.mk
include sim/sim.mk
include firmware/firmware.mk
include tools/tools.mk
include tests/tests.mk
include firmware/vmm/fuzz/fuzz.mk
include sim/flaw.mk
include tools/pgcheck/pgcheck.mk
include tests/interp.mk
include tests/conformance/conformance.mk
include tools/theorems/theorems.mk
include fpga/fpga.mk
include formal/formal.mk
include mk/help.mk
include docs/docs.mk

all: $(SIM_CLI) $(FIRMWARE_ELFS) $(TEST_BINS) vmm

# The main demo: the VMM with its guests, the three properties measured
# (docs/vmm.md).
run: vmm-run

# The single-task supervisor demo of firmware/sv-demo.
sv-demo: $(SIM_CLI) $(BUILD)/firmware/sv-demo.elf
	$(SIM_CLI) --stats $(BUILD)/firmware/sv-demo.elf

# The trap-behaviour conformance suite on both backends, then the
# Popek-Goldberg verdicts of vm74 and of every flawed variant on both
# (docs/conformance.md, docs/pgcheck.md); ends with "N passed, N failed".
CONF_DEPS := $(CONF_ELFS) $(CONF_RUNNER) $(THEOREMS_VERDICTS)
CONF_CMD   = tests/conformance/run-all.sh $(CONF_RUNNER) $(THEOREMS_DIR) \
             $(subst $(eval) ,$(comma),$(THEOREMS_MACHINES)) $(CONF_BACKENDS) \
             $(CONF_ELFS)
conformance: $(CONF_DEPS)
	@$(CONF_CMD)

# Every test driver on both backends, then the conformance suite and the
# Popek-Goldberg verdicts (`make conformance`), the board test, the RTL
# unit testbenches (tests/rtl/), the theorems (`make theorems`) and the
# checks of the build itself (tests/make/: a changed variable's rebuilds,
# make help); one total at the end.
test: $(SIM_CLI) $(FIRMWARE_ELFS) $(TEST_BINS) $(CONF_DEPS) \
      $(BOARD_TEST_DEPS) $(RTL_UNIT_BINS) $(THEOREMS_DEPS) $(FORMAL_TEST_DEPS)
	@VM74_BACKENDS="$(TEST_BACKENDS)" tests/run-tests.sh $(TEST_BINS) -- \
	    $(CONF_CMD) -- $(BOARD_TEST_CMD) -- $(RTL_UNIT_CMD) -- $(THEOREMS_CMD) -- \
	    $(MAKE_TESTS_CMD) -- $(FORMAL_TEST_CMD)

# Random programs co-simulated against the ISS (docs/fuzz.md):
#   make fuzz SEEDS=N [START=S] [BACKEND=iss|rtl] [SIZE=K] [FAR_WFI=1]
fuzz: $(SIM_CLI) $(GEN_BIN)
	@tools/fuzz.sh $(SEEDS) $(START) $(BACKEND) $(SIZE) $(GEN_FAR_WFI)

bench: $(BENCH_BIN) $(BENCH_ELFS) vmm
	$(BENCH_BIN) $(BENCH_ELFS)
	$(BENCH_BIN) --backend=rtl $(BENCH_ELFS)
	$(Q)$(MAKE) --no-print-directory vmm-bench BACKEND=iss
	$(Q)$(MAKE) --no-print-directory vmm-bench BACKEND=rtl

clean:
	$(call quiet,CLEAN,$(BUILD))rm -rf $(BUILD)
