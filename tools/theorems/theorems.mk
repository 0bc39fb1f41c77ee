# tools/theorems/theorems.mk - `make theorems` (docs/theorems.md): every
# machine's verdicts, and the VMMs they predict run on that machine.
# Included by the top-level Makefile after the simulator, RTL, firmware and
# pgcheck fragments.
#
# For each machine M of $(THEOREMS_MACHINES) (vm74 and the flawed
# variants of sim/flaw.mk):
#   build/theorems/M/firmware/   the firmware built for M (FW_FLAW), with
#                                the guest set $(THEOREMS_CONF): vmm.elf
#                                (trap-and-emulate), vmm-hybrid.elf, guests/
#   build/theorems/M/pgcheck-B.txt   pgcheck's output on backend B
#   build/flaw-M/vmm-run         vmm-run on M's simulator (vm74: build/tools)
# and tools/theorems/theorems.sh reads and runs them all.

THEOREMS_MACHINES := vm74 $(FLAW_VARIANTS)
THEOREMS_CONF     := firmware/theorems/guests.conf
THEOREMS_DIR      := $(BUILD)/theorems
THEOREMS_BACKENDS := $(CONF_BACKENDS)

# The os guest's kernel ticks every 40 000 cycles here, not 4 000: the
# hybrid VMM interprets every tick, and on the RTL the tasks' 3 M cycles
# would cost it 1.1 M kernel instructions to interpret.
THEOREMS_FW_DEFINES := -DOS_QUANTUM=40000

theorems_fw     = $(THEOREMS_DIR)/$(1)/firmware
theorems_flaw   = $(if $(filter vm74,$(1)),0,$(call flaw_number,$(1)))
theorems_pgcheck = $(if $(filter vm74,$(1)),$(PGCHECK_BIN),$(FLAW_PGCHECK_$(1)))
theorems_vmm_run = $(if $(filter vm74,$(1)),$(VMM_RUN),$(BUILD)/flaw-$(1)/vmm-run)

# A variant's vmm-run: the same objects, that variant's ISS and RTL.
define theorems_vmm_run_rule
$(BUILD)/flaw-$(1)/vmm-run: $(VMM_TOOLS)/obj/vmm-run.o $(VMM_HOST_OBJS) $(VMM_TIMELINE_OBJS) \
                            $(FLAW_LIB_$(1)) $(RTL_FLAW_OBJS_$(1))
	$(call quiet,LD,$$@)$(CC) $(LDFLAGS) -o $$@ $(VMM_TOOLS)/obj/vmm-run.o $(VMM_HOST_OBJS) \
	    $(VMM_TIMELINE_OBJS) $(FLAW_LINK_$(1))
endef
$(foreach v,$(FLAW_VARIANTS),$(eval $(call theorems_vmm_run_rule,$(v))))

# The firmware of machine M, by a make of its own: the same rules with
# FW_OUT, FW_FLAW and VMM_CONF set, so every object is built for M.  It
# runs every time (its own make decides what is stale); vmm-pack, which
# it shares, is built first.  Its goal has a recipe, so an up-to-date
# firmware is not announced.
.PHONY: theorems-fw-images
theorems-fw-images: $(FW_OUT)/vmm.elf $(FW_OUT)/vmm-hybrid.elf
	@:

define theorems_fw_rule
.PHONY: theorems-firmware-$(1)
theorems-firmware-$(1): $(VMM_PACK) | $(DEPS_STAMP)
	+$(Q)$(MAKE) --no-print-directory FW_OUT=$(call theorems_fw,$(1)) \
	    FW_FLAW=$(call theorems_flaw,$(1)) VMM_CONF=$(THEOREMS_CONF) \
	    FW_DEFINES=$(THEOREMS_FW_DEFINES) theorems-fw-images

# pgcheck's verdicts (read by make conformance too): exit status 0
# (virtualizable) or 1 (not) both make a verdict; 2 is an error.
$(THEOREMS_DIR)/$(1)/pgcheck-%.txt: $(call theorems_pgcheck,$(1)) docs/isa.md
	@mkdir -p $$(@D)
	$(call quiet,PGCHECK,$$@)$(call theorems_pgcheck,$(1)) --backend=$$* > $$@.tmp; \
	    test $$$$? -le 1 && mv $$@.tmp $$@
endef
$(foreach m,$(THEOREMS_MACHINES),$(eval $(call theorems_fw_rule,$(m))))

THEOREMS_BACKEND_LIST := $(subst $(comma), ,$(THEOREMS_BACKENDS))
THEOREMS_VERDICTS := $(foreach m,$(THEOREMS_MACHINES), \
    $(foreach b,$(THEOREMS_BACKEND_LIST),$(THEOREMS_DIR)/$(m)/pgcheck-$(b).txt))
THEOREMS_DEPS := $(THEOREMS_VERDICTS) vmm-nest-build \
    $(foreach m,$(THEOREMS_MACHINES), \
        theorems-firmware-$(m) $(call theorems_vmm_run,$(m)))

# Theorem 2: the VMM under itself, three levels (firmware/vmm/nest/): on the
# ISS the stack with cpu, os and echo three deep, on the RTL the small one.
THEOREMS_NEST_iss := full
THEOREMS_NEST_rtl := nest
THEOREMS_NEST_ARGS = $(foreach b,$(THEOREMS_BACKEND_LIST), \
    --nest="$(b):$(call nest_args,$(THEOREMS_NEST_$(b)))")

THEOREMS_CMD = tools/theorems/theorems.sh --build=$(BUILD) \
    --conf=$(THEOREMS_CONF) --backends=$(THEOREMS_BACKENDS) \
    --machines="$(THEOREMS_MACHINES)" $(THEOREMS_NEST_ARGS)

.PHONY: theorems
theorems: $(THEOREMS_DEPS)
	@$(THEOREMS_CMD)
