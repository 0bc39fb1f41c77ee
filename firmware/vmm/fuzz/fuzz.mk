# firmware/vmm/fuzz/fuzz.mk - the VMM under generated guests (docs/fuzz.md
# "The VMM under random guests").  Included from the top-level Makefile
# after tools/tools.mk (it needs the generator).
#
#   $(VMMF_VMM)     build/firmware/fuzz/vmm.elf         the VMM and
#   $(VMMF_HYBRID)  build/firmware/fuzz/vmm-hybrid.elf  the hybrid VMM, both
#                   with the slots of firmware/vmm/fuzz/guests.conf
#   $(VMM_FUZZ)     build/tools/vmm-fuzz                 the runs, the comparison
#
#   make vmm-fuzz SEEDS=N [START=S] [BACKEND=iss|rtl] [SIZE=K] [HYBRID_EVERY=B]
#                 [FAR_WFI=1]
#
# The slots' images are generated programs (seed = the slot's number): they
# only give vmm-pack a table and the partitions their size; vmm-fuzz puts
# each batch's programs in their place before it runs the VMM.

VMMF_CONF   := firmware/vmm/fuzz/guests.conf
# The VMM's own memory: VMM_SIZE's code and a table with four input
# buffers, which the hybrid build does not fit in VMM_SIZE.
VMMF_SIZE   := 0x8000
VMMF_OUT    := $(FW_OUT)/fuzz
VMMF_GUESTS := $(call conf_guests,$(VMMF_CONF))
VMMF_INPUT  := firmware/vmm/fuzz/input.txt
VMMF_VMM    := $(VMMF_OUT)/vmm.elf
VMMF_HYBRID := $(VMMF_OUT)/vmm-hybrid.elf
VMMF_MK     := firmware/vmm/fuzz/fuzz.mk
VMM_FUZZ    := $(VMM_TOOLS)/vmm-fuzz
VMMF_TABLE  := $(VMMF_OUT)/guest_table.o $(VMMF_OUT)/guest_images.o
# The hybrid VMM on every B-th batch of guests only (it is ~16 times slower).
HYBRID_EVERY ?= 1

$(VMM_FUZZ): $(VMM_TOOLS)/obj/vmm-fuzz.o $(VMM_TOOLS)/obj/vmm_fuzz.o $(VMM_HOST_OBJS) \
        $(GEN_LIB) $(ELFWRITE_OBJ) $(PROGRESS_OBJ) $(RTL_OBJS) $(SIM_LIB)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(SIM_LDLIBS) $(RTL_LDLIBS)
$(VMM_TOOLS)/obj/vmm-fuzz.o $(VMM_TOOLS)/obj/vmm_fuzz.o: VMM_TOOL_CFLAGS += -Itools/gen
$(VMM_TOOLS)/obj/vmm-fuzz.o: VMM_TOOL_CFLAGS += -Itools/lib

# A slot's placeholder: slot fuzzN is seed N+1's program for its partition.
$(VMMF_OUT)/guests/%.elf: $(GEN_BIN) $(VMMF_CONF) $(VMMF_INPUT) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,GEN,$@)$(GEN_BIN) --seed=$$(( $(subst fuzz,,$*) + 1 )) \
	    --input=$(VMMF_INPUT) --out=$@ \
	    --ram=$(shell awk '$$1 == "$*" {print $$3}' $(VMMF_CONF)) >/dev/null
$(VMMF_OUT)/guests/%.bin: $(VMMF_OUT)/guests/%.elf $(VMM_FUZZ)
	$(call quiet,GEN,$@)$(VMM_FUZZ) --image $< $@

$(VMMF_OUT)/vmm.ld: $(FW_SRC)/lib/vm74.ld.S include/vm74_arch.h $(VMM_MK) $(VMMF_MK) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,LDS,$@)$(TARGET_CC) -E -P -x assembler-with-cpp -Iinclude \
	    -DVM74_FW_RAM_SIZE=$(VMMF_SIZE) \
	    -DVM74_FW_STACK_SIZE=$(VMM_STACK) \
	    -DVM74_FW_PLACED='"$(VMMF_OUT)/guest_images.ld"' $< -o $@

$(VMMF_OUT)/guest_table.c $(VMMF_OUT)/guest_images.S $(VMMF_OUT)/guest_images.ld &: \
        $(VMMF_CONF) $(VMM_PACK) $(VMMF_GUESTS:%=$(VMMF_OUT)/guests/%.elf) \
        $(VMMF_GUESTS:%=$(VMMF_OUT)/guests/%.bin) $(VMMF_INPUT) $(VMMF_MK)
	@mkdir -p $(@D)
	$(call quiet,GEN,$(VMMF_OUT)/guest_table.c)$(VMM_PACK) --conf $(VMMF_CONF) \
	    --elf-dir $(VMMF_OUT)/guests --vmm-size $(VMMF_SIZE) \
	    --ram $(call conf_end,$(VMMF_CONF)) --out-c $(VMMF_OUT)/guest_table.c \
	    --out-s $(VMMF_OUT)/guest_images.S --out-ld $(VMMF_OUT)/guest_images.ld
$(VMMF_OUT)/guest_images.o: $(VMMF_GUESTS:%=$(VMMF_OUT)/guests/%.bin)

$(VMMF_OUT)/%.o: $(VMMF_OUT)/%.c
	$(call quiet,CC,$<)$(TARGET_CC) $(FW_CFLAGS) $(VMM_FW_CFLAGS) -c $< -o $@
$(VMMF_OUT)/%.o: $(VMMF_OUT)/%.S
	$(call quiet,AS,$<)$(TARGET_CC) $(FW_CFLAGS) -c $< -o $@

# $(1): the VMM's own objects (the plain or the hybrid build).
define vmmf_link
	$(call quiet,LD,$@)$(TARGET_CC) $(VMM_FW_LDFLAGS) -T $(VMMF_OUT)/vmm.ld -o $@ $(FW_CRT0) $(1) \
	    $(VMMF_TABLE) -Wl,--start-group $(FW_LIBA) -lc -Wl,--end-group
endef
VMMF_HYBRID_CODE := $(filter-out $(VMM_OUT)/%,$(VMM_HYBRID_OBJS))

$(VMMF_VMM): $(FW_CRT0) $(VMM_CODE_OBJS) $(VMMF_TABLE) $(FW_LIBA) $(VMMF_OUT)/vmm.ld \
        $(VMMF_OUT)/guest_images.ld | $(DEPS_STAMP)
	$(call vmmf_link,$(VMM_CODE_OBJS))
$(VMMF_HYBRID): $(FW_CRT0) $(VMMF_HYBRID_CODE) $(VMMF_TABLE) $(FW_LIBA) $(VMMF_OUT)/vmm.ld \
        $(VMMF_OUT)/guest_images.ld | $(DEPS_STAMP)
	$(call vmmf_link,$(VMMF_HYBRID_CODE))

.PHONY: vmm-fuzz vmm-fuzz-build
vmm-fuzz-build: $(VMMF_VMM) $(VMMF_HYBRID) $(VMM_FUZZ)
vmm-fuzz: vmm-fuzz-build
	$(VMM_FUZZ) --backend=$(BACKEND) --seeds=$(SEEDS) --start=$(START) --size=$(SIZE) \
	    --hybrid-every=$(HYBRID_EVERY) $(GEN_FAR_WFI) --conf $(VMMF_CONF) $(VMMF_VMM) $(VMMF_HYBRID)

# tests/test_vmmfuzz: a fixed set of seeds and the mutations that must fail.
TEST_BINS += $(BUILD)/tests/test_vmmfuzz
$(BUILD)/tests/test_vmmfuzz.o: TEST_CFLAGS += -D_DEFAULT_SOURCE -I$(FW_SRC)/vmm -Itools/vmm
$(BUILD)/tests/test_vmmfuzz: TEST_COMMON += $(VMM_HOST_OBJS) $(VMM_TOOLS)/obj/vmm_fuzz.o
$(BUILD)/tests/test_vmmfuzz: $(VMM_HOST_OBJS) $(VMM_TOOLS)/obj/vmm_fuzz.o $(VMMF_VMM) $(VMMF_HYBRID)
