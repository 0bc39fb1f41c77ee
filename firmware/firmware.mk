# firmware/firmware.mk - vm74 firmware, cross-compiled for RV32IM with
# picolibc.  Included by the top-level Makefile.
#
# Each program is a directory firmware/NAME/ whose *.c and *.S files are
# linked with the runtime in firmware/lib/ into
#   $(BUILD)/firmware/NAME.elf   the program, entry _start at 0x100
#   $(BUILD)/firmware/NAME.lst   its disassembly (objdump -d)
# To add a program, create firmware/NAME/ and add NAME to FW_PROGRAMS (and
# to FW_BENCHMARKS if it is a benchmark).
#
# FW_RAM_SIZE is the RAM the programs are linked for (stack at its top);
# the default, 128 KiB, is the iCEBreaker's, so every program fits the board.

FW_BENCHMARKS := bench-sort bench-crc32 bench-matmul bench-dhry bench-interp
FW_PROGRAMS   := hello sv-demo $(FW_BENCHMARKS)

FW_RAM_SIZE   ?= 0x20000

FW_SRC   := firmware
FW_OUT   ?= $(BUILD)/firmware
FW_OBJ   := $(FW_OUT)/obj
# A step line's note on what is built into another FW_OUT than the
# default (make theorems builds the firmware once per machine).
FW_NOTE  := $(if $(filter $(BUILD)/firmware,$(FW_OUT)),, [$(FW_OUT:$(BUILD)/%=%)])

FIRMWARE_ELFS := $(FW_PROGRAMS:%=$(FW_OUT)/%.elf)
FIRMWARE_LSTS := $(FW_PROGRAMS:%=$(FW_OUT)/%.lst)
BENCH_ELFS    := $(FW_BENCHMARKS:%=$(FW_OUT)/%.elf)

FW_OBJDUMP := $(CROSS)objdump
FW_OBJCOPY := $(CROSS)objcopy
FW_AR      := $(CROSS)ar

# FW_FLAW: the machine the firmware is built for, as VM74_FLAW: 0 for vm74,
# or a flawed variant's number (docs/isa.md §4.3), whose programs may use
# its instruction (firmware/include/vm74.h).  `make theorems` builds the
# firmware once per machine, each into its own FW_OUT.
FW_FLAW ?= 0
# FW_DEFINES: more -D options for every firmware object (make theorems).
FW_DEFINES ?=

FW_ARCHFLAGS := $(TARGET_ARCH) --specs=picolibc.specs
FW_CPPFLAGS  := -Iinclude -I$(FW_SRC)/include -DVM74_FLAW=$(FW_FLAW) $(FW_DEFINES)
FW_CFLAGS    := $(FW_ARCHFLAGS) -std=gnu11 -O2 -g -Wall -Wextra \
                -fno-common -MMD -MP $(FW_CPPFLAGS)
# The runtime and the user task are freestanding; programs use picolibc.
FW_LIB_CFLAGS := $(FW_CFLAGS) -ffreestanding
# Every firmware object and preprocessed script depends on it: another
# FW_FLAW or FW_DEFINES (value_stamp, Makefile) rebuilds them all.
FW_FLAGS_STAMP := $(call value_stamp,$(FW_OUT)/.values/flags,FW_CFLAGS=$(FW_CFLAGS))
FW_LDFLAGS   := $(FW_ARCHFLAGS) -nostartfiles -Wl,--gc-sections

FW_LDSCRIPT := $(FW_OUT)/vm74.ld

# ---- Runtime: crt0 linked first, the rest from an archive ---------------

FW_CRT0     := $(FW_OBJ)/lib/crt0.o
FW_LIB_SRCS := console.c cause_name.c fatal.c trap.S
FW_LIB_OBJS := $(addprefix $(FW_OBJ)/lib/,$(addsuffix .o,$(basename $(FW_LIB_SRCS))))
FW_LIBA     := $(FW_OBJ)/lib/libvm74fw.a

# A stamp named after FW_RAM_SIZE: a different size regenerates the script
# and so relinks every program.
FW_RAM_STAMP := $(FW_OUT)/.ram-size-$(FW_RAM_SIZE)
$(FW_RAM_STAMP): | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@rm -f $(FW_OUT)/.ram-size-*
	@touch $@

$(FW_LDSCRIPT): $(FW_SRC)/lib/vm74.ld.S include/vm74_arch.h $(FW_RAM_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,LDS,$@)$(TARGET_CC) -E -P -x assembler-with-cpp -Iinclude \
	    -DVM74_FW_RAM_SIZE=$(FW_RAM_SIZE) $< -o $@

$(FW_OBJ)/lib/%.o: $(FW_SRC)/lib/%.c $(FW_FLAGS_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,CC,$<$(FW_NOTE))$(TARGET_CC) $(FW_LIB_CFLAGS) -c $< -o $@

$(FW_OBJ)/lib/%.o: $(FW_SRC)/lib/%.S $(FW_FLAGS_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,AS,$<$(FW_NOTE))$(TARGET_CC) $(FW_LIB_CFLAGS) -c $< -o $@

$(FW_LIBA): $(FW_LIB_OBJS)
	$(call quiet,AR,$@)rm -f $@
	$(Q)$(FW_AR) rcs $@ $^

# ---- Programs ----------------------------------------------------------

$(FW_OBJ)/%.o: $(FW_SRC)/%.c $(FW_FLAGS_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,CC,$<$(FW_NOTE))$(TARGET_CC) $(FW_CFLAGS) -c $< -o $@

$(FW_OBJ)/%.o: $(FW_SRC)/%.S $(FW_FLAGS_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,AS,$<$(FW_NOTE))$(TARGET_CC) $(FW_CFLAGS) -c $< -o $@

# fw_program(NAME): NAME.elf from firmware/NAME/*.{c,S} and the runtime;
# the .lst is written with it, so `make all` leaves both.
# The runtime archive sits in one group with libc, so libc's references
# to stdout and _exit find console.o.
define fw_program
FW_OBJS_$(1) := $$(patsubst $(FW_SRC)/%,$(FW_OBJ)/%.o,$$(basename \
    $$(wildcard $(FW_SRC)/$(1)/*.c $(FW_SRC)/$(1)/*.S)))
$(FW_OUT)/$(1).elf: $(FW_CRT0) $$(FW_OBJS_$(1)) $(FW_LIBA) $(FW_LDSCRIPT) | $(DEPS_STAMP)
	$(call quiet,LD,$$@)$(TARGET_CC) $(FW_LDFLAGS) -T $(FW_LDSCRIPT) -o $$@ $(FW_CRT0) \
	    $$(FW_OBJS_$(1)) -Wl,--start-group $(FW_LIBA) -lc -Wl,--end-group
	$(Q)$(FW_OBJDUMP) -d $$@ > $(FW_OUT)/$(1).lst
endef
$(foreach p,$(FW_PROGRAMS),$(eval $(call fw_program,$(p))))

$(FW_OUT)/%.lst: $(FW_OUT)/%.elf
	$(call quiet,OBJDUMP,$@)$(FW_OBJDUMP) -d $< > $@

# ---- sv-demo's user task: linked at logical 0, embedded as a binary ----
#
# The task is a separate program linked to run at logical address 0 in its
# own partition; the supervisor copies the raw image (objcopy -O binary)
# into the partition and runs it with R = (partition, size).  It has no
# library stdio: it talks to the supervisor only through ECALL.

FW_TASK_DIR  := $(FW_SRC)/sv-demo/task
FW_TASK_OUT  := $(FW_OBJ)/sv-demo/task
FW_TASK_OBJS := $(FW_TASK_OUT)/task_crt0.o $(FW_TASK_OUT)/task.o
FW_TASK_LD   := $(FW_TASK_OUT)/task.ld
FW_TASK_ELF  := $(FW_TASK_OUT)/task.elf
FW_TASK_BIN  := $(FW_TASK_OUT)/task.bin

$(FW_TASK_OUT)/%.o: $(FW_TASK_DIR)/%.c $(FW_FLAGS_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,CC,$<$(FW_NOTE))$(TARGET_CC) $(FW_LIB_CFLAGS) -I$(FW_SRC)/sv-demo -c $< -o $@

$(FW_TASK_OUT)/%.o: $(FW_TASK_DIR)/%.S $(FW_FLAGS_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,AS,$<$(FW_NOTE))$(TARGET_CC) $(FW_LIB_CFLAGS) -I$(FW_SRC)/sv-demo -c $< -o $@

$(FW_TASK_LD): $(FW_SRC)/lib/task.ld.S $(FW_SRC)/sv-demo/sv_abi.h $(FW_FLAGS_STAMP) \
        | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,LDS,$@)$(TARGET_CC) -E -P -x assembler-with-cpp $(FW_CPPFLAGS) \
	    -I$(FW_SRC)/sv-demo \
	    -DTASK_ABI_H='"sv_abi.h"' $< -o $@

$(FW_TASK_ELF): $(FW_TASK_OBJS) $(FW_TASK_LD) | $(DEPS_STAMP)
	$(call quiet,LD,$@)$(TARGET_CC) $(FW_LDFLAGS) -nostdlib -T $(FW_TASK_LD) -o $@ \
	    $(FW_TASK_OBJS) -lgcc

$(FW_TASK_BIN): $(FW_TASK_ELF)
	$(call quiet,OBJCOPY,$@)$(FW_OBJCOPY) -O binary $< $@

$(FW_OUT)/sv-demo-task.lst: $(FW_TASK_ELF)
	$(call quiet,OBJDUMP,$@)$(FW_OBJDUMP) -d $< > $@

$(FW_OBJ)/sv-demo/task_image.o: $(FW_TASK_BIN)
$(FW_OBJ)/sv-demo/task_image.o: FW_CFLAGS += -DTASK_BIN='"$(FW_TASK_BIN)"'

.PHONY: firmware
firmware: $(FIRMWARE_ELFS) $(FIRMWARE_LSTS) $(FW_OUT)/sv-demo-task.lst

-include $(wildcard $(FW_OBJ)/*/*.d $(FW_OBJ)/*/*/*.d)

# ---- The VMM, its guests and host tools ----------------------------------
# Everything is in firmware/vmm/vmm.mk (targets: vmm, vmm-run, vmm-bench).
include firmware/vmm/vmm.mk
