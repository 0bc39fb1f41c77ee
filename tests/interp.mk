# tests/interp.mk - tests/test_interp.c, the hybrid VMM's interpreter
# (firmware/vmm/interp.c) against the ISS.  Included from the top-level
# Makefile after tools/pgcheck/pgcheck.mk, whose $(FLAW_LIB) it links.
#
# ISS-only by nature (the ISS is the reference whatever VM74_BACKEND says):
# run-tests.sh runs the binaries named in VM74_ISS_ONLY once, on the ISS.
# One binary per variant of the flaw family, the interpreter and the ISS
# both compiled with that variant's -DVM74_FLAW (no RTL linked: the ISS is
# the only backend they use):
#   test_interp          plain vm74, $(SIM_LIB)
#   test_interp-rdmode   $(FLAW_LIB) (tools/pgcheck/pgcheck.mk, FLAW=1)
#   test_interp-jrstu    the ISS compiled here with -DVM74_FLAW=2
#   test_interp-rdbase   the ISS compiled here with -DVM74_FLAW=3
# The last two once include/vm74_arch.h names their instruction
# (VM74_F3_JRSTU, VM74_F3_RDBASE), which comes with the ISS's support for
# it; until then sim/iss.c built with any VM74_FLAW is the RDMODE machine.
INTERP_SRC       := $(FW_SRC)/vmm/interp.c
INTERP_VARIANTS  := $(foreach v,jrstu rdbase,$(if $(shell grep -l \
                        'define VM74_F3_$(shell echo $(v) | tr a-z A-Z)\b' \
                        include/vm74_arch.h),$(v)))
INTERP_FLAW_jrstu  := 2
INTERP_FLAW_rdbase := 3
INTERP_TESTS     := $(TEST_DIR)/test_interp $(TEST_DIR)/test_interp-rdmode \
                    $(INTERP_VARIANTS:%=$(TEST_DIR)/test_interp-%)
INTERP_CFLAGS    := $(TEST_CFLAGS) -I$(FW_SRC)/vmm
INTERP_LINK       = $(CC) $(LDFLAGS) $(filter %.o,$^) $(GEN_LIB) $(1) \
                    $(SIM_LDLIBS) -lcmocka -o $@
TEST_BINS        += $(INTERP_TESTS)
VM74_ISS_ONLY    += $(notdir $(INTERP_TESTS))

# $(1): variant name, $(2): VM74_FLAW, $(3): its ISS library
define interp_test
$(TEST_DIR)/interp-$(1)/interp.o: $(INTERP_SRC) | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(CC) $(INTERP_CFLAGS) -DVM74_FLAW=$(2) -c $$< -o $$@
$(TEST_DIR)/interp-$(1)/test_interp.o: tests/test_interp.c | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(CC) $(INTERP_CFLAGS) -DVM74_FLAW=$(2) -c $$< -o $$@
$(TEST_DIR)/test_interp$(if $(filter plain,$(1)),,-$(1)): \
        $(TEST_DIR)/interp-$(1)/test_interp.o $(TEST_DIR)/interp-$(1)/interp.o \
        $(TEST_COMMON) $(GEN_LIB) $(3)
	$$(call INTERP_LINK,$(3))
endef
$(eval $(call interp_test,plain,0,$(SIM_LIB)))
$(eval $(call interp_test,rdmode,1,$(FLAW_LIB)))

# The variants' ISS, from the same sources as $(SIM_LIB).
define interp_iss
INTERP_ISS_$(1) := $(BUILD)/interp-iss-$(1)/libvm74.a
INTERP_ISS_OBJS_$(1) := $(SIM_LIB_SRCS:sim/%.c=$(BUILD)/interp-iss-$(1)/%.o)
$(BUILD)/interp-iss-$(1)/%.o: sim/%.c | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(CC) $(SIM_CFLAGS) -DVM74_FLAW=$(2) -c $$< -o $$@
$$(INTERP_ISS_$(1)): $$(INTERP_ISS_OBJS_$(1))
	rm -f $$@
	ar rcs $$@ $$^
-include $$(INTERP_ISS_OBJS_$(1):.o=.d)
$$(eval $$(call interp_test,$(1),$(2),$$(INTERP_ISS_$(1))))
endef
$(foreach v,$(INTERP_VARIANTS),$(eval $(call interp_iss,$(v),$(INTERP_FLAW_$(v)))))
-include $(wildcard $(TEST_DIR)/interp-*/*.d)
