# tests/interp.mk - tests/test_interp.c, the hybrid VMM's interpreter
# (firmware/vmm/interp.c) against the ISS.  Included from the top-level
# Makefile after sim/flaw.mk, whose $(FLAW_LIB_<name>) it links.
#
# ISS-only by nature (the ISS is the reference whatever VM74_BACKEND says):
# run-tests.sh runs the binaries named in VM74_ISS_ONLY once, on the ISS.
# One binary per machine, the interpreter and the ISS both compiled with
# that machine's -DVM74_FLAW (no RTL linked: the ISS is the only backend
# they use):
#   test_interp          vm74, $(SIM_LIB)
#   test_interp-NAME     each flawed variant, $(FLAW_LIB_NAME) (sim/flaw.mk)
INTERP_SRC       := $(FW_SRC)/vmm/interp.c
INTERP_TESTS     := $(TEST_DIR)/test_interp \
                    $(FLAW_VARIANTS:%=$(TEST_DIR)/test_interp-%)
INTERP_CFLAGS    := $(TEST_CFLAGS) -I$(FW_SRC)/vmm
INTERP_LINK       = $(call quiet,LD,$@)$(CC) $(LDFLAGS) $(filter %.o,$^) $(GEN_LIB) $(1) \
                    $(SIM_LDLIBS) -lcmocka -o $@
TEST_BINS        += $(INTERP_TESTS)
VM74_ISS_ONLY    += $(notdir $(INTERP_TESTS))

# $(1): variant name, $(2): VM74_FLAW, $(3): its ISS library
define interp_test
$(TEST_DIR)/interp-$(1)/interp.o: $(INTERP_SRC) | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(call quiet,CC,$$< [$(1)])$(CC) $(INTERP_CFLAGS) -DVM74_FLAW=$(2) -c $$< -o $$@
$(TEST_DIR)/interp-$(1)/test_interp.o: tests/test_interp.c | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(call quiet,CC,$$< [$(1)])$(CC) $(INTERP_CFLAGS) -DVM74_FLAW=$(2) -c $$< -o $$@
$(TEST_DIR)/test_interp$(if $(filter plain,$(1)),,-$(1)): \
        $(TEST_DIR)/interp-$(1)/test_interp.o $(TEST_DIR)/interp-$(1)/interp.o \
        $(TEST_COMMON) $(GEN_LIB) $(3)
	$$(call INTERP_LINK,$(3))
endef
$(eval $(call interp_test,plain,0,$(SIM_LIB)))
$(foreach v,$(FLAW_VARIANTS),$(eval $(call interp_test,$(v),$(call \
    flaw_number,$(v)),$(FLAW_LIB_$(v)))))
-include $(wildcard $(TEST_DIR)/interp-*/*.d)
