# tools/pgcheck/pgcheck.mk - the Popek-Goldberg classifier and the
# deliberately flawed FLAW=1 machine (docs/pgcheck.md).  Included by the
# top-level Makefile after sim/sim.mk and tests/tests.mk.
#
#   $(PGCHECK_BIN)   build/pgcheck          classifier, normal library
#   $(FLAW_LIB)      build/flaw/libvm74.a   the ISS with RDMODE (-DVM74_FLAW=1)
#   $(FLAW_CLI)      build/flaw/vm74-sim    the CLI on that library
#   $(FLAW_PGCHECK)  build/flaw/pgcheck     classifier, flawed library
#   $(PGCHECK_TEST)  build/tests/test_pgcheck, added to TEST_BINS
#
# The flawed library is built from the same $(SIM_LIB_SRCS) as $(SIM_LIB),
# into its own directory, so the two never share an object file.  It is the
# RTL side is $(RTL_FLAW_OBJS) from rtl/rtl.mk (the RTL verilated with
# FLAW=1), so both backends of the flawed machine are in these binaries.

PGCHECK_BIN   := $(BUILD)/pgcheck
PGCHECK_DIR   := $(BUILD)/pgcheck-obj
PGCHECK_SRCS  := tools/pgcheck/pgcheck_lib.c tools/pgcheck/pg_experiment.c \
                 tools/pgcheck/pg_decode.c tools/pgcheck/pg_doctable.c
PGCHECK_OBJS  := $(PGCHECK_SRCS:tools/pgcheck/%.c=$(PGCHECK_DIR)/%.o)
PGCHECK_CFLAGS := $(CFLAGS) -Itools/pgcheck -MMD -MP

FLAW_DIR      := $(BUILD)/flaw
FLAW_LIB      := $(FLAW_DIR)/libvm74.a
FLAW_CLI      := $(FLAW_DIR)/vm74-sim
FLAW_PGCHECK  := $(FLAW_DIR)/pgcheck
FLAW_CFLAGS   := $(CFLAGS) -DVM74_FLAW=1 -MMD -MP
FLAW_LIB_OBJS := $(SIM_LIB_SRCS:sim/%.c=$(FLAW_DIR)/sim/%.o)

PGCHECK_TEST  := $(BUILD)/tests/test_pgcheck

all: $(PGCHECK_BIN) $(FLAW_CLI) $(FLAW_PGCHECK)

# ---- the classifier --------------------------------------------------------

$(PGCHECK_DIR)/%.o: tools/pgcheck/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(PGCHECK_CFLAGS) -c -o $@ $<

# main is compiled twice: the flawed build's banner says so (nothing else
# differs; the verdict comes from the machine's behaviour).
$(FLAW_DIR)/pgcheck_main.o: tools/pgcheck/pgcheck_main.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(PGCHECK_CFLAGS) -DVM74_FLAW=1 -c -o $@ $<

# --backend=rtl needs the Verilator model (rtl/rtl.mk; empty if not built).
$(PGCHECK_BIN): $(PGCHECK_DIR)/pgcheck_main.o $(PGCHECK_OBJS) $(SIM_LIB) \
                $(RTL_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(PGCHECK_DIR)/pgcheck_main.o $(PGCHECK_OBJS) \
	    $(RTL_OBJS) $(SIM_LIB) $(SIM_LDLIBS) $(RTL_LDLIBS)

$(FLAW_PGCHECK): $(FLAW_DIR)/pgcheck_main.o $(PGCHECK_OBJS) $(FLAW_LIB) \
                 $(RTL_FLAW_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(FLAW_DIR)/pgcheck_main.o $(PGCHECK_OBJS) \
	    $(RTL_FLAW_OBJS) $(FLAW_LIB) $(SIM_LDLIBS) $(RTL_LDLIBS)

# ---- the FLAW=1 machine ----------------------------------------------------

$(FLAW_DIR)/sim/%.o: sim/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(FLAW_CFLAGS) -c -o $@ $<

$(FLAW_LIB): $(FLAW_LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(FLAW_CLI): $(FLAW_DIR)/sim/main.o $(FLAW_LIB) $(RTL_FLAW_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(FLAW_DIR)/sim/main.o $(RTL_FLAW_OBJS) \
	    $(FLAW_LIB) $(SIM_LDLIBS) $(RTL_LDLIBS)

# ---- the test driver (tests/test_pgcheck.c) --------------------------------
# The generic rule of tests/tests.mk links it; it also needs the classifier's
# objects, and build/flaw/pgcheck to run as a subprocess.

TEST_BINS += $(PGCHECK_TEST)
$(PGCHECK_TEST): $(PGCHECK_OBJS) | $(FLAW_PGCHECK)
$(PGCHECK_TEST): TEST_COMMON += $(PGCHECK_OBJS)
$(BUILD)/tests/test_pgcheck.o: TEST_CFLAGS += -Itools/pgcheck

-include $(PGCHECK_OBJS:.o=.d) $(PGCHECK_DIR)/pgcheck_main.d \
         $(FLAW_DIR)/pgcheck_main.d $(FLAW_LIB_OBJS:.o=.d) \
         $(FLAW_DIR)/sim/main.d
