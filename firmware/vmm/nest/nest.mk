# firmware/vmm/nest/nest.mk - the VMM under itself (docs/vmm.md "Recursion:
# the VMM under itself").  Included from firmware/vmm/vmm.mk.
#
# One VMM code, compiled once ($(VMM_CODE_OBJS)), linked once per level
# with that level's guest set; only the guest table, the guests' images and
# the RAM differ:
#
#   level  set-up                     image                        RAM
#   1      firmware/vmm/nest/l1.conf  build/firmware/vmm-nest.elf  where l1's last partition ends
#   k > 1  firmware/vmm/nest/lk.conf  build/firmware/guests/vmmk.elf  vmmk's partition size in l(k-1)
#
# A level's image is an ordinary guest of the level above (a line "vmmk" in
# its set-up): vmm-pack takes its RAM from its __vmm_ram_size.  Every level
# is also a VMM on its own: build/firmware/guests/vmm3.elf run bare puts
# l3's guests at depth 1, vmm2.elf at depth 2, vmm-nest.elf at depth 3.
#
#   make vmm-nest       build/tools/vmm-nest on the ISS: each ordinary guest at
#                       depths 0-3, equivalence, resource control, the cost
#                       per level
#   make vmm-nest-rtl   the same on the RTL (about 100 times slower)

NEST_DIR    := firmware/vmm/nest
NEST_LEVELS := 1 2 3
NEST_MK     := $(NEST_DIR)/nest.mk
NEST_ELF    := $(FW_OUT)/vmm-nest.elf
VMM_CODE_OBJS := $(patsubst $(FW_SRC)/%,$(FW_OBJ)/%.o,$(basename $(VMM_SRCS)))

nest_conf        = $(NEST_DIR)/l$(1).conf
nest_image       = $(if $(filter 1,$(1)),$(NEST_ELF),$(VMM_GUEST_OUT)/vmm$(1).elf)
nest_out         = $(FW_OUT)/nest/l$(1)
conf_guests      = $(shell awk '!/^[ \t]*(\#|$$)/ {print $$1}' $(1))
conf_inputs      = $(filter-out -,$(shell awk '!/^[ \t]*(\#|$$)/ {print $$6}' $(1)))
# The set-up that lists guest $(1), and its partition size there.
nest_host_conf   = $(firstword $(shell grep -l '^$(1)[ \t]' $(NEST_DIR)/l*.conf))
nest_guest_size  = $(shell awk '$$1 == "$(1)" {print $$3}' $(call nest_host_conf,$(1)))
# Where the last partition of a set-up ends: the smallest RAM that holds it.
conf_end         = $(shell awk '!/^[ \t]*(\#|$$)/ {print $$2, $$3}' $(1) | \
                     while read b s; do echo $$((b + s)); done | sort -n | tail -1)
nest_ram         = $(if $(filter 1,$(1)),$(call conf_end,$(call nest_conf,1)),$(call \
                     nest_guest_size,vmm$(1)))

# Ordinary guests only the nested levels run (mini): built as guests.conf's.
NEST_ALL_GUESTS := $(sort $(foreach k,$(NEST_LEVELS),$(call conf_guests,$(call nest_conf,$(k)))))
NEST_VMMS       := $(foreach k,$(filter-out 1,$(NEST_LEVELS)),vmm$(k))
NEST_OWN_GUESTS := $(filter-out $(VMM_GUESTS) $(NEST_VMMS),$(NEST_ALL_GUESTS))
$(foreach g,$(NEST_OWN_GUESTS),$(eval $(call vmm_guest,$(g))))
NEST_GUEST_ELFS := $(NEST_OWN_GUESTS:%=$(VMM_GUEST_OUT)/%.elf)

# nest_level(k): the rules of level k's image.
define nest_level
NEST_GUESTS_$(1) := $$(call conf_guests,$(call nest_conf,$(1)))
NEST_RAM_$(1)    := $$(call nest_ram,$(1))

$(call nest_out,$(1))/vmm.ld: $(FW_SRC)/lib/vm74.ld.S include/vm74_arch.h $(VMM_MK) $(NEST_MK) | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(TARGET_CC) -E -P -x assembler-with-cpp -Iinclude -DVM74_FW_RAM_SIZE=$(VMM_SIZE) \
	    -DVM74_FW_STACK_SIZE=$(VMM_STACK) \
	    -DVM74_FW_PLACED='"$(call nest_out,$(1))/guest_images.ld"' $$< -o $$@

$(call nest_out,$(1))/guest_table.c $(call nest_out,$(1))/guest_images.S \
$(call nest_out,$(1))/guest_images.ld &: $(call nest_conf,$(1)) $(VMM_PACK) \
        $$(NEST_GUESTS_$(1):%=$(VMM_GUEST_OUT)/%.elf) \
        $$(NEST_GUESTS_$(1):%=$(VMM_GUEST_OUT)/%.bin) \
        $$(call conf_inputs,$(call nest_conf,$(1))) $(NEST_MK)
	@mkdir -p $$(@D)
	$(VMM_PACK) --conf $(call nest_conf,$(1)) --elf-dir $(VMM_GUEST_OUT) \
	    --vmm-size $(VMM_SIZE) --ram $$(NEST_RAM_$(1)) \
	    --out-c $(call nest_out,$(1))/guest_table.c \
	    --out-s $(call nest_out,$(1))/guest_images.S \
	    --out-ld $(call nest_out,$(1))/guest_images.ld
$(call nest_out,$(1))/guest_images.o: $$(NEST_GUESTS_$(1):%=$(VMM_GUEST_OUT)/%.bin)

$(call nest_out,$(1))/%.o: $(call nest_out,$(1))/%.c
	$(TARGET_CC) $(FW_CFLAGS) $(VMM_FW_CFLAGS) -c $$< -o $$@
$(call nest_out,$(1))/%.o: $(call nest_out,$(1))/%.S
	$(TARGET_CC) $(FW_CFLAGS) -c $$< -o $$@

$(call nest_image,$(1)): $(FW_CRT0) $(VMM_CODE_OBJS) $(call nest_out,$(1))/guest_table.o \
        $(call nest_out,$(1))/guest_images.o $(FW_LIBA) $(call nest_out,$(1))/vmm.ld \
        $(call nest_out,$(1))/guest_images.ld | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(TARGET_CC) $(VMM_FW_LDFLAGS) -T $(call nest_out,$(1))/vmm.ld -o $$@ $(FW_CRT0) \
	    $(VMM_CODE_OBJS) $(call nest_out,$(1))/guest_table.o \
	    $(call nest_out,$(1))/guest_images.o -Wl,--start-group $(FW_LIBA) -lc -Wl,--end-group
	$(FW_OBJDUMP) -d $$@ > $$(@:.elf=.lst)
endef
$(foreach k,$(NEST_LEVELS),$(eval $(call nest_level,$(k))))

NEST_IMAGES := $(foreach k,$(NEST_LEVELS),$(call nest_image,$(k)))

# The host side: build/tools/vmm-nest (tools/vmm/vmm-nest.c, vmm_nest.c).
VMM_NEST     := $(VMM_TOOLS)/vmm-nest
VMM_NEST_OBJ := $(VMM_TOOLS)/obj/vmm_nest.o
$(VMM_NEST): $(VMM_TOOLS)/obj/vmm-nest.o $(VMM_NEST_OBJ) $(VMM_HOST_OBJS) $(RTL_OBJS) $(SIM_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(SIM_LDLIBS) $(RTL_LDLIBS)

# The stack: the top image, and for each nested VMM its set-up.
NEST_ARGS = --conf $(call nest_conf,1) --elf-dir $(VMM_GUEST_OUT) \
    $(foreach k,$(filter-out 1,$(NEST_LEVELS)),--sub vmm$(k)=$(call nest_conf,$(k))) \
    $(NEST_ELF)

.PHONY: vmm-nest-build vmm-nest vmm-nest-rtl
vmm-nest-build: $(NEST_IMAGES) $(VMM_GUEST_ELFS) $(NEST_GUEST_ELFS) $(VMM_NEST)

vmm-nest: vmm-nest-build
	$(VMM_NEST) --backend=iss $(NEST_ARGS)

vmm-nest-rtl: vmm-nest-build
	$(VMM_NEST) --backend=rtl $(NEST_ARGS)
