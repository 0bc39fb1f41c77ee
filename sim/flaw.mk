# sim/flaw.mk - the deliberately flawed variants of the machine
# (docs/isa.md §4.3): vm74 plus one instruction that is sensitive and not
# privileged.  Each variant in $(FLAW_VARIANTS) (from include/vm74_arch.h,
# see the top-level Makefile) is built for both backends in
# build/flaw-<name>/:
#
#   libvm74.a        the ISS compiled with -DVM74_FLAW=n      $(FLAW_LIB_<name>)
#   vm74-sim         the CLI on it and on rtl/, the RTL       $(FLAW_CLI_<name>)
#                    verilated with FLAW=n ($(RTL_FLAW_OBJS_<name>), rtl/rtl.mk)
#   vm74-gen         the random program generator, which     $(FLAW_GEN_<name>)
#                    emits the variant's instruction (docs/fuzz.md)
#   tests/test_flaw_<name>  tests/test_flaws.c on that machine,  in TEST_BINS
#   pgcheck          the classifier (tools/pgcheck/pgcheck.mk)
#
#   make flaw FLAW=<name>        one variant (FLAW=1, 2, 3: by number)
#   make fuzz-flaw FLAW=<name> SEEDS=N [START=S] [BACKEND=..] [SIZE=K]
#
# Included after tools/tools.mk and tests/tests.mk, before
# tools/pgcheck/pgcheck.mk.  A variant's objects live in its own directory,
# so no object is ever shared between two machines.

flaw_dir = $(BUILD)/flaw-$(1)

# flaw_variant(NAME): the rules of one variant.
define flaw_variant
FLAW_CFLAGS_$(1)   := $(CFLAGS) -DVM74_FLAW=$(call flaw_number,$(1)) -MMD -MP
FLAW_LIB_$(1)      := $(call flaw_dir,$(1))/libvm74.a
FLAW_CLI_$(1)      := $(call flaw_dir,$(1))/vm74-sim
FLAW_GEN_$(1)      := $(call flaw_dir,$(1))/vm74-gen
FLAW_TEST_$(1)     := $(call flaw_dir,$(1))/tests/test_flaw_$(1)
FLAW_LIB_OBJS_$(1) := $(SIM_LIB_SRCS:sim/%.c=$(call flaw_dir,$(1))/sim/%.o)
FLAW_GEN_OBJS_$(1) := $(GEN_OBJS:$(TOOLS_OUT)/gen/%=$(call flaw_dir,$(1))/gen/%)
FLAW_GDB_OBJS_$(1) := $(SIM_GDB_OBJS:$(BUILD)/sim/%=$(call flaw_dir,$(1))/sim/%)
# What a program of this variant links after its own objects: both backends.
FLAW_LINK_$(1)     := $(RTL_FLAW_OBJS_$(1)) $(call flaw_dir,$(1))/libvm74.a \
                      $(SIM_LDLIBS) $(RTL_LDLIBS)

$(call flaw_dir,$(1))/sim/%.o: sim/%.c | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(call quiet,CC,$$< [$(1)])$(CC) $$(FLAW_CFLAGS_$(1)) -c -o $$@ $$<

$(call flaw_dir,$(1))/gen/%.o: tools/gen/%.c | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(call quiet,CC,$$< [$(1)])$(CC) $$(FLAW_CFLAGS_$(1)) -Itools/lib -Itools/gen -c -o $$@ $$<

$(call flaw_dir,$(1))/tests/%.o: tests/%.c | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(call quiet,CC,$$< [$(1)])$(CC) $$(FLAW_CFLAGS_$(1)) -Itests -Itools/lib -Itools/gen \
	    -c -o $$@ $$<

$$(FLAW_LIB_$(1)): $$(FLAW_LIB_OBJS_$(1))
	$(call quiet,AR,$$@)rm -f $$@
	$(Q)ar rcs $$@ $$^

$$(FLAW_CLI_$(1)): $(call flaw_dir,$(1))/sim/main.o $$(FLAW_GDB_OBJS_$(1)) \
                   $$(FLAW_LIB_$(1)) $(RTL_FLAW_OBJS_$(1))
	$(call quiet,LD,$$@)$(CC) $(LDFLAGS) -o $$@ $$< $$(FLAW_GDB_OBJS_$(1)) \
	    $$(FLAW_LINK_$(1))

$$(FLAW_GEN_$(1)): $(call flaw_dir,$(1))/gen/main.o $$(FLAW_GEN_OBJS_$(1)) \
                   $(ELFWRITE_OBJ) $$(FLAW_LIB_$(1)) $(RTL_FLAW_OBJS_$(1))
	$(call quiet,LD,$$@)$(CC) $(LDFLAGS) -o $$@ $$< $$(FLAW_GEN_OBJS_$(1)) $(ELFWRITE_OBJ) \
	    $$(FLAW_LINK_$(1))

$$(FLAW_TEST_$(1)): $(call flaw_dir,$(1))/tests/test_flaws.o \
                    $$(FLAW_GEN_OBJS_$(1)) $(TEST_DIR)/harness.o \
                    $(ELFWRITE_OBJ) $$(FLAW_LIB_$(1)) $(RTL_FLAW_OBJS_$(1))
	@mkdir -p $$(@D)
	$(call quiet,LD,$$@)$(CC) $(LDFLAGS) -o $$@ $$< $$(FLAW_GEN_OBJS_$(1)) $(TEST_DIR)/harness.o \
	    $(ELFWRITE_OBJ) $$(FLAW_LINK_$(1)) -lcmocka

.SECONDARY: $$(FLAW_LIB_OBJS_$(1)) $$(FLAW_GEN_OBJS_$(1)) $$(FLAW_GDB_OBJS_$(1)) \
            $(call flaw_dir,$(1))/sim/main.o $(call flaw_dir,$(1))/gen/main.o \
            $(call flaw_dir,$(1))/tests/test_flaws.o
-include $(wildcard $(call flaw_dir,$(1))/*/*.d)
endef
$(foreach v,$(FLAW_VARIANTS),$(eval $(call flaw_variant,$(v))))

FLAW_TESTS := $(foreach v,$(FLAW_VARIANTS),$(FLAW_TEST_$(v)))
TEST_BINS  += $(FLAW_TESTS)

all: $(foreach v,$(FLAW_VARIANTS),$(FLAW_CLI_$(v)) $(FLAW_GEN_$(v)))

# FLAW=<name>, or its number: the variant `make flaw` and `make fuzz-flaw`
# build or run.
FLAW ?= rdmode
FLAW_NAME := $(or $(filter $(FLAW),$(FLAW_VARIANTS)), \
                  $(patsubst %:$(FLAW),%,$(filter %:$(FLAW),$(FLAW_TABLE))))

.PHONY: flaw fuzz-flaw flaw-known
flaw-known:
	@$(if $(FLAW_NAME),:,echo "FLAW=$(FLAW): not one of $(FLAW_VARIANTS) \
	    (or their numbers)" >&2; exit 2)

# The pgcheck of the variant is added by tools/pgcheck/pgcheck.mk.
flaw: flaw-known $(FLAW_CLI_$(FLAW_NAME)) $(FLAW_GEN_$(FLAW_NAME)) \
      $(FLAW_TEST_$(FLAW_NAME))

# Random programs with the variant's instruction, co-simulated against the
# variant's ISS (docs/fuzz.md).
fuzz-flaw: flaw-known $(FLAW_CLI_$(FLAW_NAME)) $(FLAW_GEN_$(FLAW_NAME))
	@VM74_GEN=$(FLAW_GEN_$(FLAW_NAME)) VM74_SIM=$(FLAW_CLI_$(FLAW_NAME)) \
	    tools/fuzz.sh $(SEEDS) $(START) $(BACKEND) $(SIZE)
