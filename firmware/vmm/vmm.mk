# firmware/vmm/vmm.mk - the VMM: its guests, the guest table and
# the host tools.  Included from the end of firmware/firmware.mk.
#
#   $(VMM_ELF)          build/firmware/vmm.elf     the VMM with every guest
#                                                  of $(VMM_CONF) embedded
#   $(VMM_HYBRID_ELF)   build/firmware/vmm-hybrid.elf  the same, built as the
#                                                  hybrid VMM (-DVMM_HYBRID=1)
#   $(VMM_GUEST_ELFS)   build/firmware/guests/NAME.elf  each guest, linked for
#                                                  RAM = its partition size,
#                                                  runnable on bare vm74
#   $(VMM_PACK)         build/tools/vmm-pack       guests.conf -> C table (checks)
#   $(VMM_RUN)          build/tools/vmm-run        runs the VMM, the bare
#                                                  guests, compares (docs/vmm.md)
#   make vmm-run        the demo: the VMM, then equivalence and resource checks
#   make vmm-bench      the VMM's cycle figures
#   make vmm-hybrid-run the same checks for the hybrid VMM
#
# The guests and their partitions are data: $(VMM_CONF), one line per guest.
# vmm-pack rejects overlapping or oversized partitions with a clear message.

VMM_CONF      := firmware/vmm/guests.conf
# VMM_SIZE: the VMM's own memory, physical 0 .. VMM_SIZE-1; VMM_RAM: the
# RAM the VMM image is built for, the iCEBreaker's 128 KiB
# (VM74_RAM_SIZE_BOARD), also on the simulators (docs/vmm.md "Memory").
# The main stacks, the VMM's (boot only: vmm_trap() has its own,
# vmm_layout.h) and each guest's; the deepest measured is under 400 bytes.
VMM_SIZE        := 0x6000
VMM_RAM         := 0x20000
VMM_STACK       := 0x400
VMM_GUEST_STACK := 0x800
VMM_MK          := firmware/vmm/vmm.mk

VMM_OUT       := $(FW_OUT)/vmm
# What the guest table and the linker scripts are made from besides files
# (value_stamp, Makefile): another VMM_CONF, or another layout, rebuilds
# them whatever the files' dates.
VMM_CONF_STAMP   := $(call value_stamp,$(VMM_OUT)/.values/conf,VMM_CONF=$(VMM_CONF))
VMM_LAYOUT_STAMP := $(call value_stamp,$(VMM_OUT)/.values/layout,VMM_SIZE=$(VMM_SIZE) \
                      VMM_RAM=$(VMM_RAM) VMM_STACK=$(VMM_STACK) VMM_GUEST_STACK=$(VMM_GUEST_STACK))
VMM_GUEST_OUT := $(FW_OUT)/guests
VMM_ELF       := $(FW_OUT)/vmm.elf
VMM_TOOLS     := $(BUILD)/tools
VMM_PACK      := $(VMM_TOOLS)/vmm-pack
VMM_RUN       := $(VMM_TOOLS)/vmm-run

VMM_GUESTS     := $(shell awk '!/^[ \t]*(\#|$$)/ {print $$1}' $(VMM_CONF))
# A guest's partition size, from guests.conf or a nested level's set-up
# (firmware/vmm/nest/nest.mk): its ELF is linked for it.
VMM_NEST_CONFS := $(wildcard firmware/vmm/nest/l*.conf firmware/vmm/nest/*/l*.conf)
vmm_guest_size  = $(firstword $(shell awk '$$1 == "$(1)" {print $$3}' $(VMM_CONF) $(VMM_NEST_CONFS)))
vmm_guest_input = $(filter-out -,$(shell awk '$$1 == "$(1)" {print $$6}' $(VMM_CONF)))
VMM_GUEST_ELFS := $(VMM_GUESTS:%=$(VMM_GUEST_OUT)/%.elf)
VMM_GUEST_BINS := $(VMM_GUESTS:%=$(VMM_GUEST_OUT)/%.bin)
VMM_INPUTS     := $(foreach g,$(VMM_GUESTS),$(call vmm_guest_input,$(g)))

VMM_FW_CFLAGS := -I$(FW_SRC)/vmm
# picolibc's integer-only printf for the VMM and its guests (the specs file
# maps vfprintf to __i_vfprintf): nothing prints floating point, and the
# default one (dtoa, ryu tables) was most of each image's code.  The VMM's
# %llu works with it (test_vmm_table_figures).
VMM_FW_LDFLAGS := $(FW_LDFLAGS) -DPICOLIBC_INTEGER_PRINTF_SCANF

# ---- Host tools -----------------------------------------------------------

VMM_TOOL_CFLAGS := $(CFLAGS) -D_DEFAULT_SOURCE -I$(FW_SRC)/vmm -Itools/vmm -MMD -MP
VMM_HOST_OBJS   := $(VMM_TOOLS)/obj/guestconf.o $(VMM_TOOLS)/obj/vmm_host.o

$(VMM_TOOLS)/obj/%.o: tools/vmm/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(VMM_TOOL_CFLAGS) -c $< -o $@

$(VMM_PACK): $(VMM_TOOLS)/obj/vmm_pack_main.o $(VMM_TOOLS)/obj/guestconf.o
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(SIM_LDLIBS)

# The picture of the VMM's schedule (vmm-run --timeline, docs/vmm.md).
VMM_TIMELINE_OBJS := $(VMM_TOOLS)/obj/timeline.o $(VMM_TOOLS)/obj/svg_timeline.o
VMM_TIMELINE      := $(BUILD)/vmm-timeline.svg

$(VMM_RUN): $(VMM_TOOLS)/obj/vmm_run_main.o $(VMM_HOST_OBJS) $(VMM_TIMELINE_OBJS) $(RTL_OBJS) $(SIM_LIB)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(SIM_LDLIBS) $(RTL_LDLIBS)

# ---- Guests: ordinary programs, each linked for RAM = its partition ---------

$(VMM_GUEST_OUT)/ram-%.ld: $(FW_SRC)/lib/vm74.ld.S include/vm74_arch.h $(VMM_MK) \
        $(VMM_LAYOUT_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,LDS,$@)$(TARGET_CC) -E -P -x assembler-with-cpp -Iinclude -DVM74_FW_RAM_SIZE=$* \
	    -DVM74_FW_STACK_SIZE=$(VMM_GUEST_STACK) $< -o $@

define vmm_guest
VMM_OBJS_$(1) := $$(patsubst $(FW_SRC)/%,$(FW_OBJ)/%.o,$$(basename \
    $$(wildcard $(FW_SRC)/guests/$(1)/*.c $(FW_SRC)/guests/$(1)/*.S)))
$(VMM_GUEST_OUT)/$(1).elf: $(FW_CRT0) $$(VMM_OBJS_$(1)) $(FW_LIBA) \
        $(VMM_GUEST_OUT)/ram-$(call vmm_guest_size,$(1)).ld $(VMM_MK) | $(DEPS_STAMP)
	$(call quiet,LD,$$@)$(TARGET_CC) $(VMM_FW_LDFLAGS) \
	    -T $(VMM_GUEST_OUT)/ram-$(call vmm_guest_size,$(1)).ld -o $$@ $(FW_CRT0) \
	    $$(VMM_OBJS_$(1)) -Wl,--start-group $(FW_LIBA) -lc -Wl,--end-group
	$(Q)$(FW_OBJDUMP) -d $$@ > $(VMM_GUEST_OUT)/$(1).lst
endef
$(foreach g,$(VMM_GUESTS),$(eval $(call vmm_guest,$(g))))

$(VMM_GUEST_OUT)/%.bin: $(VMM_GUEST_OUT)/%.elf
	$(call quiet,OBJCOPY,$@)$(FW_OBJCOPY) -O binary $< $@

# ---- The guest OS's user task: linked at logical 0, embedded as a binary ---

VMM_OSTASK_DIR  := $(FW_SRC)/guests/os/task
VMM_OSTASK_OUT  := $(FW_OBJ)/guests/os/task
VMM_OSTASK_OBJS := $(VMM_OSTASK_OUT)/task_crt0.o $(VMM_OSTASK_OUT)/task.o
VMM_OSTASK_BIN  := $(VMM_OSTASK_OUT)/task.bin

$(VMM_OSTASK_OUT)/%.o: $(VMM_OSTASK_DIR)/%.c $(FW_FLAGS_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,CC,$<$(FW_NOTE))$(TARGET_CC) $(FW_LIB_CFLAGS) -I$(FW_SRC)/guests/os -c $< -o $@

$(VMM_OSTASK_OUT)/%.o: $(VMM_OSTASK_DIR)/%.S $(FW_FLAGS_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,AS,$<$(FW_NOTE))$(TARGET_CC) $(FW_LIB_CFLAGS) -I$(FW_SRC)/guests/os -c $< -o $@

$(VMM_OSTASK_OUT)/task.ld: $(FW_SRC)/lib/task.ld.S $(FW_SRC)/guests/os/os_abi.h \
        $(FW_FLAGS_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,LDS,$@)$(TARGET_CC) -E -P -x assembler-with-cpp $(FW_CPPFLAGS) \
	    -I$(FW_SRC)/guests/os \
	    -DTASK_ABI_H='"os_abi.h"' $< -o $@

$(VMM_OSTASK_OUT)/task.elf: $(VMM_OSTASK_OBJS) $(VMM_OSTASK_OUT)/task.ld | $(DEPS_STAMP)
	$(call quiet,LD,$@)$(TARGET_CC) $(FW_LDFLAGS) -nostdlib -T $(VMM_OSTASK_OUT)/task.ld -o $@ \
	    $(VMM_OSTASK_OBJS) -lgcc

$(VMM_OSTASK_BIN): $(VMM_OSTASK_OUT)/task.elf
	$(call quiet,OBJCOPY,$@)$(FW_OBJCOPY) -O binary $< $@

$(FW_OBJ)/guests/os/task_image.o: $(VMM_OSTASK_BIN)
$(FW_OBJ)/guests/os/task_image.o: FW_CFLAGS += -DTASK_BIN='"$(VMM_OSTASK_BIN)"'

# ---- The VMM: its code, the generated guest table, the guests' images ------

# The hybrid VMM's own files (interp.c, hybrid.c) are in its build only.
VMM_HYBRID_ONLY := $(FW_SRC)/vmm/interp.c $(FW_SRC)/vmm/hybrid.c
VMM_SRCS := $(filter-out $(VMM_HYBRID_ONLY),$(wildcard $(FW_SRC)/vmm/*.c $(FW_SRC)/vmm/*.S))
VMM_OBJS := $(patsubst $(FW_SRC)/%,$(FW_OBJ)/%.o,$(basename $(VMM_SRCS))) \
            $(VMM_OUT)/guest_table.o $(VMM_OUT)/guest_images.o
VMM_LDSCRIPT := $(VMM_OUT)/vmm.ld
# vmm-pack's placement of the guests' images, which vmm.ld includes.
VMM_PLACED   := $(VMM_OUT)/guest_images.ld

$(VMM_LDSCRIPT): $(FW_SRC)/lib/vm74.ld.S include/vm74_arch.h $(VMM_MK) $(VMM_LAYOUT_STAMP) \
        | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,LDS,$@)$(TARGET_CC) -E -P -x assembler-with-cpp -Iinclude \
	    -DVM74_FW_RAM_SIZE=$(VMM_SIZE) -DVM74_FW_STACK_SIZE=$(VMM_STACK) \
	    -DVM74_FW_PLACED='"$(VMM_PLACED)"' $< -o $@

# One vmm-pack run writes all three (a grouped target: make re-reads their
# dates, so a new guest image also rebuilds guest_images.o, whose .incbin
# dependencies -MMD does not see).
$(VMM_OUT)/guest_table.c $(VMM_OUT)/guest_images.S $(VMM_PLACED) &: $(VMM_CONF) \
        $(VMM_PACK) $(VMM_GUEST_ELFS) $(VMM_GUEST_BINS) $(VMM_INPUTS) $(VMM_MK) \
        $(VMM_CONF_STAMP) $(VMM_LAYOUT_STAMP)
	@mkdir -p $(@D)
	$(call quiet,GEN,$(VMM_OUT)/guest_table.c)$(VMM_PACK) --conf $(VMM_CONF) \
	    --elf-dir $(VMM_GUEST_OUT) --vmm-size $(VMM_SIZE) \
	    --ram $(VMM_RAM) --out-c $(VMM_OUT)/guest_table.c \
	    --out-s $(VMM_OUT)/guest_images.S --out-ld $(VMM_PLACED)
$(VMM_OUT)/guest_images.o: $(VMM_GUEST_BINS)

$(VMM_OUT)/%.o: $(VMM_OUT)/%.c $(FW_FLAGS_STAMP)
	$(call quiet,CC,$<)$(TARGET_CC) $(FW_CFLAGS) $(VMM_FW_CFLAGS) -c $< -o $@
$(VMM_OUT)/%.o: $(VMM_OUT)/%.S $(FW_FLAGS_STAMP)
	$(call quiet,AS,$<)$(TARGET_CC) $(FW_CFLAGS) -c $< -o $@

# $(1): the objects; the listing goes beside the ELF.
define vmm_link
	$(call quiet,LD,$@)$(TARGET_CC) $(VMM_FW_LDFLAGS) -T $(VMM_LDSCRIPT) -o $@ $(FW_CRT0) \
	    $(1) -Wl,--start-group $(FW_LIBA) -lc -Wl,--end-group
	$(Q)$(FW_OBJDUMP) -d $@ > $(@:.elf=.lst)
endef

$(VMM_ELF): $(FW_CRT0) $(VMM_OBJS) $(FW_LIBA) $(VMM_LDSCRIPT) $(VMM_PLACED) | $(DEPS_STAMP)
	$(call vmm_link,$(VMM_OBJS))

# The same VMM with its fast paths off (-DVMM_FAST_PATHS=0: every trap
# takes the C path): the same guests must end the same (test_vmm).
VMM_NOFAST_ELF  := $(FW_OUT)/vmm-nofast.elf
VMM_NOFAST_OBJS := $(VMM_OBJS:$(FW_OBJ)/vmm/entry.o=$(FW_OBJ)/vmm/entry-nofast.o)

$(FW_OBJ)/vmm/entry-nofast.o: $(FW_SRC)/vmm/entry.S $(FW_FLAGS_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,AS,$< [nofast]$(FW_NOTE))$(TARGET_CC) $(FW_CFLAGS) $(VMM_FW_CFLAGS) \
	    -DVMM_FAST_PATHS=0 -c $< -o $@

$(VMM_NOFAST_ELF): $(FW_CRT0) $(VMM_NOFAST_OBJS) $(FW_LIBA) $(VMM_LDSCRIPT) \
                   $(VMM_PLACED) | $(DEPS_STAMP)
	$(call vmm_link,$(VMM_NOFAST_OBJS))

# ---- The hybrid VMM: the same sources with -DVMM_HYBRID=1, plus hybrid.c
# and interp.c, the same guest table and images (docs/vmm.md "The hybrid
# VMM") ---------------------------------------------------------------------

VMM_HYBRID_ELF  := $(FW_OUT)/vmm-hybrid.elf
VMM_HYBRID_OBJ  := $(FW_OBJ)/vmm-hybrid
VMM_HYBRID_OBJS := $(patsubst $(FW_SRC)/vmm/%,$(VMM_HYBRID_OBJ)/%.o,$(basename \
                       $(VMM_SRCS) $(VMM_HYBRID_ONLY))) \
                   $(VMM_OUT)/guest_table.o $(VMM_OUT)/guest_images.o

# To fit VMM_SIZE (the partitions start right after it): everything but
# the interpreter, whose speed is the hybrid VMM's, built for size, and a
# 640-byte trap stack (the deepest measured in the hybrid VMM is in
# docs/vmm.md).
VMM_HYBRID_CFLAGS := $(FW_CFLAGS) -DVMM_HYBRID=1 -DVMM_TRAP_STACK_SIZE=640 -Os
$(VMM_HYBRID_OBJ)/interp.o: VMM_HYBRID_CFLAGS += -O2

$(VMM_HYBRID_OBJ)/%.o: $(FW_SRC)/vmm/%.c $(FW_FLAGS_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,CC,$< [hybrid]$(FW_NOTE))$(TARGET_CC) $(VMM_HYBRID_CFLAGS) -c $< -o $@
$(VMM_HYBRID_OBJ)/%.o: $(FW_SRC)/vmm/%.S $(FW_FLAGS_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,AS,$< [hybrid]$(FW_NOTE))$(TARGET_CC) $(VMM_HYBRID_CFLAGS) -c $< -o $@

$(VMM_HYBRID_ELF): $(FW_CRT0) $(VMM_HYBRID_OBJS) $(FW_LIBA) $(VMM_LDSCRIPT) \
                   $(VMM_PLACED) | $(DEPS_STAMP)
	$(call vmm_link,$(VMM_HYBRID_OBJS))

.PHONY: vmm vmm-run vmm-bench vmm-hybrid-run
vmm: $(VMM_ELF) $(VMM_NOFAST_ELF) $(VMM_HYBRID_ELF) $(VMM_GUEST_ELFS) $(VMM_RUN)

# $(BACKEND) comes from the top-level Makefile.
# The timeline's µs are at the board's clock (FPGA_CLK_MHZ, fpga/fpga.mk).
vmm-run: vmm
	$(VMM_RUN) --backend=$(BACKEND) --conf $(VMM_CONF) \
	    --timeline=$(VMM_TIMELINE) --clock-mhz=$(FPGA_CLK_MHZ) \
	    --elf-dir $(VMM_GUEST_OUT) $(VMM_ELF)

vmm-bench: vmm
	$(VMM_RUN) --bench --backend=$(BACKEND) --conf $(VMM_CONF) \
	    --elf-dir $(VMM_GUEST_OUT) $(VMM_ELF)

# The hybrid VMM, the same three checks (docs/vmm.md "The hybrid VMM";
# minutes on the RTL).
vmm-hybrid-run: vmm
	$(VMM_RUN) --backend=$(BACKEND) --conf $(VMM_CONF) \
	    --elf-dir $(VMM_GUEST_OUT) $(VMM_HYBRID_ELF)

-include $(wildcard $(VMM_TOOLS)/obj/*.d $(FW_OBJ)/guests/*/*.d $(FW_OBJ)/vmm/*.d \
                    $(VMM_HYBRID_OBJ)/*.d)

# The VMM under itself: the same code linked per level (docs/vmm.md "Recursion").
include firmware/vmm/nest/nest.mk
