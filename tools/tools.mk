# tools/tools.mk - host tools: the shared ELF writer and encoders
# (tools/lib), the random program generator (tools/gen) and `make fuzz`.
# Included by the top-level Makefile before tests/tests.mk, whose drivers
# link $(ELFWRITE_OBJ) and $(GEN_OBJS).
#
#   $(GEN_BIN)   build/vm74-gen   one random self-checking program (docs/fuzz.md)
#   tools/fuzz.sh                 generate + co-simulate seeds (make fuzz)

TOOLS_OUT    := $(BUILD)/tools
TOOLS_CFLAGS := $(CFLAGS) -Itools/lib -Itools/gen -MMD -MP
ELFWRITE_OBJ := $(TOOLS_OUT)/lib/elfwrite.o
PROGRESS_OBJ := $(TOOLS_OUT)/lib/progress.o # a long run's line on a terminal
GEN_OBJS     := $(TOOLS_OUT)/gen/gen.o $(TOOLS_OUT)/gen/gen_sv.o \
                $(TOOLS_OUT)/gen/gen_body.o
GEN_LIB      := $(TOOLS_OUT)/libvm74gen.a # the generator, for test_fuzz
GEN_BIN      := $(BUILD)/vm74-gen

# make fuzz SEEDS=N [START=S] [BACKEND=iss|rtl] [SIZE=K] [FAR_WFI=1]
SEEDS   ?= 100
START   ?= 1
SIZE    ?= 12
# FAR_WFI=1: generate with --far-wfi (make fuzz, make vmm-fuzz)
GEN_FAR_WFI := $(if $(filter 1,$(FAR_WFI)),--far-wfi)

$(TOOLS_OUT)/%.o: tools/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(TOOLS_CFLAGS) -c -o $@ $<

$(GEN_LIB): $(GEN_OBJS)
	$(call quiet,AR,$@)rm -f $@
	$(Q)ar rcs $@ $^

$(GEN_BIN): $(TOOLS_OUT)/gen/main.o $(GEN_OBJS) $(ELFWRITE_OBJ) $(SIM_LIB)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(SIM_LDLIBS)

.SECONDARY: $(GEN_OBJS) $(ELFWRITE_OBJ) $(PROGRESS_OBJ) $(TOOLS_OUT)/gen/main.o

-include $(wildcard $(TOOLS_OUT)/*/*.d)
