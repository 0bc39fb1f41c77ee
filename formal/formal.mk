# formal/formal.mk - the formal checks (docs/formal.md).  Included by the
# top-level Makefile.
#
#   make formal [FORMAL_DEPTH=N]   every check and its mutants; one line per
#                                  check, ends with "N passed, N failed"
#   make formal FORMAL_WHAT=checks|mutants   only the checks, only the mutants
#   make formal FORMAL_WHAT=patterns   only whether each mutant's text is
#                                      in the RTL exactly once (a second)
#
# yosys and yosys-abc (the yosys package) and yosys-smtbmc with z3; each
# solver runs single-threaded, one at a time.

FORMAL_DIR   := $(BUILD)/formal
FORMAL_DEPTH ?= 20
FORMAL_WHAT  ?= all
FORMAL_CMD    = formal/run-formal.sh $(FORMAL_DIR) $(RTL_DIR) $(FORMAL_DEPTH) $(FORMAL_WHAT)

# make test runs the quick part: the reloc proof, the unbounded user-psw
# and fetch-word proofs from a drained state and every mutant (each check
# must catch its broken RTL); ~5 min CPU.  The other core checks: `make
# formal`.
FORMAL_TEST_DEPS := $(RTL_ARCH_VH)
FORMAL_TEST_CMD   = formal/run-formal.sh $(FORMAL_DIR)/test $(RTL_DIR) $(FORMAL_DEPTH) all \
                    DRAINED "USER_PSW FETCH_WORD"

.PHONY: formal
formal: $(RTL_ARCH_VH)
	@$(FORMAL_CMD)
