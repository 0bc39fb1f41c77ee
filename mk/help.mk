# mk/help.mk - `make help`: every target and every variable a user may
# set, one line each.  The one place for that text: tests/make/help.sh
# fails when a .PHONY target or a `?=` variable of any fragment is missing
# here, or when this names one that no fragment has.  Included last by the
# top-level Makefile, so the values shown are the ones in effect.

# Targets that are steps of others, not for users: help leaves them out
# (and so does tests/make/help.sh).
HELP_INTERNAL := flaw-known theorems-fw-images theorems-firmware-%

define HELP_TEXT
vm74: make [TARGET...] [VARIABLE=value...]   (docs: README.md, docs/*.md)

Demos and figures
  all               everything that builds (the default)
  run               the VMM with five guests, equivalence and resource checks (= vmm-run)
  sv-demo           the single-task supervisor demo (firmware/sv-demo)
  bench             simulator speed and VMM cycle figures (docs/performance.md)
  vmm               the VMM, the hybrid VMM, their guests and build/tools/vmm-run
  vmm-run           make run: the VMM on BACKEND, then its checks
  vmm-bench         the VMM's cycle figures on BACKEND
  vmm-hybrid-run    the hybrid VMM, the same checks (minutes on the RTL)
  vmm-nest          the VMM under itself three deep on the ISS (stack nest)
  vmm-nest-rtl      the same on the RTL
  vmm-nest-full     stack full (cpu, os, echo three deep) on the ISS
  vmm-nest-build    what the vmm-nest targets run
  firmware          build/firmware/NAME.elf and NAME.lst for every program
  figures           the docs' figures (docs/images/*.svg) from their Graphviz sources

Tests and checks
  test              every test on TEST_BACKENDS; last line "N passed, N failed"
  conformance       the trap-behaviour suite and the Popek-Goldberg verdicts
  conformance-build what make conformance runs
  theorems          every machine's verdicts and the VMMs they predict (docs/theorems.md)
  fuzz              SEEDS random programs from START, co-simulated on BACKEND (docs/fuzz.md)
  vmm-fuzz          the VMM (and the hybrid VMM) under random guests on BACKEND
  vmm-fuzz-build    what make vmm-fuzz runs
  formal            every formal check and its mutants (docs/formal.md; ~18 min)
  lint              verilator --lint-only -Wall: vm74, every flawed variant, lint-board
  lint-board        the same on the board top, in each clock configuration
  flaw              one flawed variant FLAW: build/flaw-NAME/ (sim, gen, pgcheck, test)
  fuzz-flaw         make fuzz on the flawed variant FLAW

RTL and the board (docs/rtl.md, docs/fpga.md)
  rtl               the Verilator model behind backend rtl
  rtl-yosys         synth_ice40 of vm74_soc with a small RAM: the cell count
  rtl-pnr           = make synth
  synth             yosys, nextpnr-ice40, icetime, icepack: build/fpga/vm74_icebreaker.bin
  prog              flash an attached iCEBreaker: the bitstream and FPGA_PROG's image
  prog-check        make prog on a simulated flash, then boot the board model from it
  board-test        the board in simulation: boot, refused images, devtest, the VMM
  board-sim         FPGA_PROG on the board model, compared with the ISS
  postsynth         hello and devtest on the synthesized netlist
  unit-timing       the units around the core each on its own: cells and Fmax
  imgpack           build/tools/imgpack (ELF to boot-flash image)

Housekeeping
  clean             remove $(BUILD)/
  help              this list

Variables [value now]
  V=1               show every command in full, not one line per step [$(V)]
  BUILD=DIR         where everything is built [$(BUILD)]
  BACKEND=rtl|iss   the machine of run, vmm-bench, vmm-hybrid-run, fuzz, vmm-fuzz [$(BACKEND)]
  TEST_BACKENDS     the backends of make test, conformance, theorems [$(TEST_BACKENDS)]
  CONF_BACKENDS     the same, comma-separated, for conformance and theorems only [$(CONF_BACKENDS)]
  FLAW=NAME|N       the variant of flaw and fuzz-flaw: $(FLAW_VARIANTS) or 1-3 [$(FLAW)]
  SEEDS=N           how many seeds fuzz, fuzz-flaw and vmm-fuzz run [$(SEEDS)]
  START=S           the first seed [$(START)]
  SIZE=K            blocks per generated program [$(SIZE)]
  FAR_WFI=1         generate with --far-wfi (fuzz, vmm-fuzz) [$(FAR_WFI)]
  HYBRID_EVERY=B    vmm-fuzz runs the hybrid VMM on every B-th batch [$(HYBRID_EVERY)]
  VMM_CONF=FILE     the VMM's guest set, one line per guest [$(VMM_CONF)]
  FW_RAM_SIZE       the RAM the firmware programs are linked for [$(FW_RAM_SIZE)]
  FW_FLAW=N         build the firmware for flawed variant N (0: vm74) [$(FW_FLAW)]
  FW_DEFINES        more -D options for every firmware object [$(FW_DEFINES)]
  FW_OUT=DIR        where the firmware is built [$(FW_OUT)]
  VM74_RTL_RAM_BYTES  the RAM the RTL model is built with [$(VM74_RTL_RAM_BYTES)]
  VM74_RTL_OPT      C++ optimisation of the RTL model [$(VM74_RTL_OPT)]
  FORMAL_DEPTH=N    the bound of formal's bounded checks [$(FORMAL_DEPTH)]
  FORMAL_WHAT       all, checks, mutants or patterns: what make formal runs [$(FORMAL_WHAT)]
  FPGA_CLK_MHZ      the board's design clock in MHz [$(FPGA_CLK_MHZ)]
  FPGA_SEED         nextpnr's placement seed [$(FPGA_SEED)]
  FPGA_SEED_TRIES   seeds tried from FPGA_SEED on until one meets the clock [$(FPGA_SEED_TRIES)]
  FPGA_CORE_DIR     where the board build takes the core's *.v from [$(FPGA_CORE_DIR)]
  FPGA_PROG=NAME    the program prog, prog-check and board-sim use [$(FPGA_PROG)]
  ICEPROG           the flash programmer make prog runs [$(ICEPROG)]
endef

.PHONY: help
help:
	$(info $(HELP_TEXT))
	@:
