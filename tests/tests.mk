# tests/tests.mk - the C test drivers (cmocka), one binary per area.
#
# Each driver is written against sim/vm74_api.h only and picks its backend from
# VM74_BACKEND at run time, so the same binaries test the ISS and the RTL.
# `make test` runs them all through tests/run-tests.sh.

TEST_AREAS := enc rv32im traps bounds lpsw interrupts devices loader cli api \
              cosim fuzz
TEST_BINS  := $(TEST_AREAS:%=$(BUILD)/tests/test_%)

TEST_DIR     := $(BUILD)/tests
# enc.h, elfwrite.[ch] and the generator live in tools/ (tools/tools.mk).
TEST_CFLAGS  := $(CFLAGS) -Itests -Itools/lib -Itools/gen -MMD -MP
TEST_COMMON  := $(TEST_DIR)/harness.o $(ELFWRITE_OBJ)
TEST_LDLIBS  := $(GEN_LIB) $(SIM_LIB) $(SIM_LDLIBS) -lcmocka

$(TEST_DIR)/%.o: tests/%.c | $(DEPS_STAMP)
	@mkdir -p $(TEST_DIR)
	$(call quiet,CC,$<)$(CC) $(TEST_CFLAGS) -c $< -o $@

# $(GEN_LIB) here, not beside TEST_BINS: binaries are added to TEST_BINS
# below and in later fragments (tests/make/link-deps.sh).
$(TEST_DIR)/test_%: $(TEST_DIR)/test_%.o $(TEST_COMMON) $(SIM_LIB) $(GEN_LIB) $(RTL_OBJS) | $(DEPS_STAMP)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) $< $(TEST_COMMON) $(RTL_OBJS) $(TEST_LDLIBS) \
	    $(RTL_LDLIBS) -o $@

# Keep the objects: make would otherwise delete them as intermediates.
.SECONDARY: $(TEST_BINS:%=%.o) $(TEST_COMMON)

-include $(wildcard $(TEST_DIR)/*.d)

# ---- The VMM's tests (firmware/vmm/vmm.mk) --------------------------------
# test_vmm links the host side of tools/vmm and runs the VMM image and the
# guests, so it depends on them.
TEST_BINS += $(BUILD)/tests/test_vmm
$(BUILD)/tests/test_vmm.o: TEST_CFLAGS += -D_DEFAULT_SOURCE -I$(FW_SRC)/vmm -Itools/vmm
$(BUILD)/tests/test_vmm: TEST_COMMON += $(VMM_HOST_OBJS)
$(BUILD)/tests/test_vmm: $(VMM_HOST_OBJS) $(VMM_ELF) $(VMM_NOFAST_ELF) $(VMM_GUEST_ELFS) $(VMM_PACK) \
    $(NEST_SINGLE_IMAGES) $(NEST_GUEST_ELFS)

# test_nest: the VMM under itself (firmware/vmm/nest/nest.mk), every level's
# image and the nested guests.
TEST_BINS += $(BUILD)/tests/test_nest
$(BUILD)/tests/test_nest.o: TEST_CFLAGS += -D_DEFAULT_SOURCE -I$(FW_SRC)/vmm -Itools/vmm
$(BUILD)/tests/test_nest: TEST_COMMON += $(VMM_HOST_OBJS) $(VMM_NEST_OBJ)
$(BUILD)/tests/test_nest: $(VMM_HOST_OBJS) $(VMM_NEST_OBJ) $(NEST_IMAGES) $(VMM_GUEST_ELFS) \
    $(NEST_GUEST_ELFS)

# ---- Unit testbenches of the RTL around the core (tests/rtl/) -------------
include tests/rtl/rtl_units.mk

# The hybrid VMM (firmware/vmm/hybrid.c): the same host side as test_vmm.
# Its runs take ~2 billion cycles (over half an hour on the RTL): `make
# test` runs it on the ISS only
# (run-tests.sh, VM74_ISS_ONLY); on the RTL, by hand (docs/vmm.md).
TEST_BINS += $(BUILD)/tests/test_hybrid
export VM74_ISS_ONLY := test_hybrid
$(BUILD)/tests/test_hybrid.o: TEST_CFLAGS += -D_DEFAULT_SOURCE -I$(FW_SRC)/vmm -Itools/vmm
$(BUILD)/tests/test_hybrid: TEST_COMMON += $(VMM_HOST_OBJS)
$(BUILD)/tests/test_hybrid: $(VMM_HOST_OBJS) $(VMM_HYBRID_ELF) $(VMM_ELF) $(VMM_GUEST_ELFS)

# The build itself: a changed make variable rebuilds what it feeds
# (value_stamp, Makefile; tests/make/values.sh, a few seconds in a build
# directory of its own), make help lists every target and variable
# (mk/help.mk; tests/make/help.sh), a stale dependency file does not stop
# a build (tests/make/prune-deps.sh), and every test binary builds on its
# own from an empty build directory (tests/make/link-deps.sh, dry runs).
MAKE_TESTS_CMD := tests/make/values.sh -- tests/make/help.sh -- tests/make/prune-deps.sh -- \
                  tests/make/link-deps.sh

# test_timeline: the picture of the VMM's schedule (vmm-run --timeline):
# the recorder and the SVG writer of tools/vmm, one VMM run, vmm-run's
# option, xmllint and rsvg-convert.
TEST_BINS += $(BUILD)/tests/test_timeline
$(BUILD)/tests/test_timeline.o: TEST_CFLAGS += -D_DEFAULT_SOURCE -I$(FW_SRC)/vmm -Itools/vmm
$(BUILD)/tests/test_timeline: TEST_COMMON += $(VMM_HOST_OBJS) $(VMM_TIMELINE_OBJS)
$(BUILD)/tests/test_timeline: $(VMM_HOST_OBJS) $(VMM_TIMELINE_OBJS) $(VMM_ELF) $(VMM_GUEST_ELFS) \
    $(VMM_RUN)

# The gdb stub of build/vm74-sim (docs/debugging.md): gdb-multiarch in batch
# mode and a raw protocol client against the simulator, on each backend.
TEST_BINS += $(BUILD)/tests/test_gdb
# It also runs tools/gdb/vm74.py on the VMM as `make run` builds it.
$(BUILD)/tests/test_gdb.o: TEST_CFLAGS += -DTEST_VMM_RAM='"$(VMM_RAM)"' \
    -DTEST_VMM_CONF='"$(VMM_CONF)"'
$(BUILD)/tests/test_gdb: $(SIM_CLI) $(BUILD)/firmware/hello.elf $(GEN_LIB) $(VMM_ELF) \
    $(VMM_GUEST_OUT)/os.elf
