# tools/pgcheck/pgcheck.mk - the Popek-Goldberg classifier, for vm74 and
# for each deliberately flawed variant (docs/pgcheck.md).  Included by the
# top-level Makefile after sim/sim.mk, tests/tests.mk and sim/flaw.mk.
#
#   $(PGCHECK_BIN)          build/pgcheck               classifier, vm74
#   $(FLAW_PGCHECK_<name>)  build/flaw-<name>/pgcheck   classifier, variant
#   $(FLAW_PGCHECKS)        all of those
#   $(FLAW_PGCHECK)         build/flaw-rdmode/pgcheck, what test_pgcheck runs
#   $(PGCHECK_TEST)         build/tests/test_pgcheck, added to TEST_BINS
#
# A variant's classifier links that variant's ISS and RTL ($(FLAW_LINK_<name>),
# sim/flaw.mk), so it has both backends of the flawed machine.

PGCHECK_BIN   := $(BUILD)/pgcheck
PGCHECK_DIR   := $(BUILD)/pgcheck-obj
PGCHECK_SRCS  := tools/pgcheck/pgcheck_lib.c tools/pgcheck/pg_experiment.c \
                 tools/pgcheck/pg_decode.c tools/pgcheck/pg_doctable.c
PGCHECK_OBJS  := $(PGCHECK_SRCS:tools/pgcheck/%.c=$(PGCHECK_DIR)/%.o)
PGCHECK_CFLAGS := $(CFLAGS) -Itools/pgcheck -MMD -MP

PGCHECK_TEST  := $(BUILD)/tests/test_pgcheck

# ---- the classifier --------------------------------------------------------

$(PGCHECK_DIR)/%.o: tools/pgcheck/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(PGCHECK_CFLAGS) -c -o $@ $<

# --backend=rtl needs the Verilator model (rtl/rtl.mk; empty if not built).
$(PGCHECK_BIN): $(PGCHECK_DIR)/pgcheck_main.o $(PGCHECK_OBJS) $(SIM_LIB) \
                $(RTL_OBJS)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $(PGCHECK_DIR)/pgcheck_main.o $(PGCHECK_OBJS) \
	    $(RTL_OBJS) $(SIM_LIB) $(SIM_LDLIBS) $(RTL_LDLIBS)

# flaw_pgcheck(NAME): main is compiled once more per variant, with
# -DVM74_FLAW=n (its banner names the build; the verdict comes from the
# machine's behaviour).
define flaw_pgcheck
FLAW_PGCHECK_$(1) := $(call flaw_dir,$(1))/pgcheck

$(call flaw_dir,$(1))/pgcheck_main.o: tools/pgcheck/pgcheck_main.c | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(call quiet,CC,$$< [$(1)])$(CC) $(PGCHECK_CFLAGS) -DVM74_FLAW=$(call flaw_number,$(1)) \
	    -c -o $$@ $$<

$$(FLAW_PGCHECK_$(1)): $(call flaw_dir,$(1))/pgcheck_main.o $(PGCHECK_OBJS) \
                      $$(FLAW_LIB_$(1)) $(RTL_FLAW_OBJS_$(1))
	$(call quiet,LD,$$@)$(CC) $(LDFLAGS) -o $$@ $$< $(PGCHECK_OBJS) $$(FLAW_LINK_$(1))

-include $(call flaw_dir,$(1))/pgcheck_main.d
endef
$(foreach v,$(FLAW_VARIANTS),$(eval $(call flaw_pgcheck,$(v))))

FLAW_PGCHECKS := $(foreach v,$(FLAW_VARIANTS),$(FLAW_PGCHECK_$(v)))
FLAW_PGCHECK  := $(FLAW_PGCHECK_rdmode)

all: $(PGCHECK_BIN) $(FLAW_PGCHECKS)
flaw: $(FLAW_PGCHECK_$(FLAW_NAME))

# ---- the test driver (tests/test_pgcheck.c) --------------------------------
# The generic rule of tests/tests.mk links it; it also needs the classifier's
# objects, and every build/flaw-<name>/pgcheck to run as a subprocess.

TEST_BINS += $(PGCHECK_TEST)
$(PGCHECK_TEST): $(PGCHECK_OBJS) | $(FLAW_PGCHECKS)
$(PGCHECK_TEST): TEST_COMMON += $(PGCHECK_OBJS)
$(BUILD)/tests/test_pgcheck.o: TEST_CFLAGS += -Itools/pgcheck

-include $(PGCHECK_OBJS:.o=.d) $(PGCHECK_DIR)/pgcheck_main.d
