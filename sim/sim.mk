# sim/sim.mk - the C API library (reference simulator backend), the CLI and
# the speed benchmark.  Included by the top-level Makefile.
#
#   $(SIM_LIB)    build/libvm74.a   vm74_api.h API + ELF loader + ISS backend
#   $(SIM_CLI)    build/vm74-sim    command-line simulator (docs/sim.md)
#   $(BENCH_BIN)  build/vm74-bench  MIPS of the ISS on $(BENCH_ELFS)
#
# Programs that link $(SIM_LIB) also need $(SIM_LDLIBS).

SIM_LIB    := $(BUILD)/libvm74.a
SIM_CLI    := $(BUILD)/vm74-sim
BENCH_BIN  := $(BUILD)/vm74-bench
SIM_LDLIBS := -lelf

SIM_LIB_SRCS := sim/vm74.c sim/elf_load.c sim/iss.c sim/iss_mem.c sim/iss_trap.c \
                sim/iss_cosim.c sim/cosim.c sim/irq_oracle.c \
                sim/iss_machine.c
SIM_LIB_OBJS := $(SIM_LIB_SRCS:sim/%.c=$(BUILD)/sim/%.o)
# The CLI's gdb stub (docs/debugging.md), on the C API like the CLI itself.
SIM_GDB_OBJS := $(BUILD)/sim/gdbstub.o $(BUILD)/sim/gdb_run.o $(BUILD)/sim/gdb_target.o \
                $(BUILD)/sim/rsp.o
SIM_ALL_OBJS := $(SIM_LIB_OBJS) $(BUILD)/sim/main.o $(BUILD)/sim/bench.o $(SIM_GDB_OBJS)

# CFLAGS' -O2: -O3 measured no faster on the interpreter (docs/sim.md).
# -MMD keeps the header dependencies exact.
SIM_CFLAGS := $(CFLAGS) -MMD -MP

$(BUILD)/sim/%.o: sim/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(SIM_CFLAGS) -c -o $@ $<

$(SIM_LIB): $(SIM_LIB_OBJS)
	$(call quiet,AR,$@)rm -f $@
	$(Q)ar rcs $@ $^

$(SIM_CLI): $(BUILD)/sim/main.o $(SIM_GDB_OBJS) $(SIM_LIB) $(RTL_OBJS)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(SIM_LDLIBS) $(RTL_LDLIBS)

$(BENCH_BIN): $(BUILD)/sim/bench.o $(SIM_LIB) $(RTL_OBJS)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(SIM_LDLIBS) $(RTL_LDLIBS)

-include $(SIM_ALL_OBJS:.o=.d)
