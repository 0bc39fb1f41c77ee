# tests/conformance/conformance.mk - the trap-behaviour conformance suite.
# Included by the top-level Makefile (docs/conformance.md).
#
#   $(CONF_ELFS)    build/conformance/NAME.elf (+ NAME.lst): self-checking
#                   programs, one per area, from tests/conformance/NAME.c and
#                   the snippets in tests/conformance/NAME.S (if any), linked
#                   with the runtime in tests/conformance/lib/
#   $(CONF_RUNNER)  build/conformance-run: runs every program on every
#                   backend and prints the results table
#   $(CONF_RUN)     the command `make conformance` runs
#
# To add a program, create NAME.c (and NAME.S) and add NAME to CONF_PROGRAMS.

CONF_PROGRAMS := privileged ecall_ebreak illegal_sweep misaligned bounds \
                 trap_state nested_trap lpsw interrupts

CONF_SRC    := tests/conformance
CONF_OUT    := $(BUILD)/conformance
CONF_OBJ    := $(CONF_OUT)/obj
CONF_ELFS   := $(CONF_PROGRAMS:%=$(CONF_OUT)/%.elf)
CONF_RUNNER := $(BUILD)/conformance-run
CONF_RUN    := $(CONF_RUNNER) $(CONF_ELFS)

# -mno-relax: differences of labels stay what the source says.
# No loop-to-memcpy rewriting: conf_lib.c defines memcpy itself.
# min-pagesize=0: low core (0x000-0x0ff) is real memory, not a null page.
CONF_CPPFLAGS := -Iinclude -I$(CONF_SRC)/lib -Itools/lib
CONF_CFLAGS   := $(TARGET_ARCH) -mno-relax -std=gnu11 -O2 -g -Wall -Wextra \
                 -ffreestanding -fno-tree-loop-distribute-patterns \
                 --param=min-pagesize=0 \
                 -fno-common -MMD -MP $(CONF_CPPFLAGS)
# One RWX segment on purpose: the checks copy code into RAM and run it.
CONF_LDFLAGS  := $(TARGET_ARCH) -nostdlib -nostartfiles -Wl,--gc-sections \
                 -Wl,--no-warn-rwx-segments
CONF_LDSCRIPT := $(CONF_OUT)/conf.ld
CONF_LIB_OBJS := $(CONF_OBJ)/lib/conf_rt.o $(CONF_OBJ)/lib/conf_lib.o \
                 $(CONF_OBJ)/lib/conf_snips.o

$(CONF_LDSCRIPT): $(CONF_SRC)/lib/conf.ld.S $(CONF_SRC)/lib/conf.h \
                  include/vm74_arch.h | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,CPP,$@)$(TARGET_CC) -E -P -x assembler-with-cpp $(CONF_CPPFLAGS) $< -o $@

$(CONF_OBJ)/%.o: $(CONF_SRC)/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(TARGET_CC) $(CONF_CFLAGS) -c $< -o $@

$(CONF_OBJ)/lib/%.o: $(CONF_SRC)/lib/%.S | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,AS,$<)$(TARGET_CC) $(CONF_CFLAGS) -c $< -o $@

# The snippets' object gets its own name: NAME.c and NAME.S share a stem.
$(CONF_OBJ)/%.s.o: $(CONF_SRC)/%.S | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,AS,$<)$(TARGET_CC) $(CONF_CFLAGS) -c $< -o $@

# conf_program(NAME): NAME.elf and NAME.lst from NAME.c [+ NAME.S].
define conf_program
CONF_OBJS_$(1) := $(CONF_OBJ)/$(1).o \
    $$(if $$(wildcard $(CONF_SRC)/$(1).S),$(CONF_OBJ)/$(1).s.o)
$(CONF_OUT)/$(1).elf: $$(CONF_OBJS_$(1)) $(CONF_LIB_OBJS) $(CONF_LDSCRIPT) | $(DEPS_STAMP)
	$(call quiet,LD,$$@)$(TARGET_CC) $(CONF_LDFLAGS) -T $(CONF_LDSCRIPT) -o $$@ \
	    $(CONF_LIB_OBJS) $$(CONF_OBJS_$(1)) -lgcc
	$(Q)$(CROSS)objdump -d $$@ > $(CONF_OUT)/$(1).lst
endef
$(foreach p,$(CONF_PROGRAMS),$(eval $(call conf_program,$(p))))

# The runner: host C against the C API only, like the test drivers, and
# linked like them (the RTL backend's objects explicitly: vm74.c refers to
# it through a weak symbol).
$(BUILD)/conformance-run.o: $(CONF_SRC)/runner.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(CFLAGS) -I$(CONF_SRC)/lib -MMD -MP -c $< -o $@

$(CONF_RUNNER): $(BUILD)/conformance-run.o $(SIM_LIB) $(RTL_OBJS) | $(DEPS_STAMP)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) $< $(RTL_OBJS) $(SIM_LIB) $(SIM_LDLIBS) $(RTL_LDLIBS) -o $@

.PHONY: conformance-build
conformance-build: $(CONF_ELFS) $(CONF_RUNNER)

.SECONDARY: $(CONF_LIB_OBJS)

-include $(wildcard $(CONF_OBJ)/*.d $(CONF_OBJ)/lib/*.d $(BUILD)/conformance-run.d)
