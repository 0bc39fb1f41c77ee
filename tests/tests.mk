# tests/tests.mk - the C test drivers (cmocka), one binary per area.
#
# Each driver is written against sim/vm74_api.h only and picks its backend from
# VM74_BACKEND at run time, so the same binaries test the ISS and the RTL.
# `make test` runs them all through tests/run-tests.sh.

TEST_AREAS := enc rv32im traps bounds lpsw interrupts devices loader cli api
TEST_BINS  := $(TEST_AREAS:%=$(BUILD)/tests/test_%)

TEST_DIR     := $(BUILD)/tests
TEST_CFLAGS  := $(CFLAGS) -Itests -MMD -MP
TEST_COMMON  := $(TEST_DIR)/harness.o $(TEST_DIR)/elfwrite.o
TEST_LDLIBS  := $(SIM_LIB) $(SIM_LDLIBS) -lcmocka

$(TEST_DIR)/%.o: tests/%.c | $(DEPS_STAMP)
	@mkdir -p $(TEST_DIR)
	$(CC) $(TEST_CFLAGS) -c $< -o $@

$(TEST_DIR)/test_%: $(TEST_DIR)/test_%.o $(TEST_COMMON) $(SIM_LIB) | $(DEPS_STAMP)
	$(CC) $(LDFLAGS) $< $(TEST_COMMON) $(TEST_LDLIBS) -o $@

# Keep the objects: make would otherwise delete them as intermediates.
.SECONDARY: $(TEST_BINS:%=%.o) $(TEST_COMMON)

-include $(wildcard $(TEST_DIR)/*.d)
