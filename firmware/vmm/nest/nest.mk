# firmware/vmm/nest/nest.mk - the VMM under itself (docs/vmm.md "Recursion:
# the VMM under itself").  Included from firmware/vmm/vmm.mk.
#
# One VMM code, compiled once ($(VMM_CODE_OBJS)), linked once per level
# with that level's guest set; only the guest table, the guests' images and
# the RAM differ.  A stack S is a directory of set-ups l1.conf, l2.conf,
# l3.conf (the guests.conf format) whose nested VMMs are named P2, P3
# (P = $(NEST_VMM_S)):
#
#   level  set-up       image                            RAM
#   1      DIR/l1.conf  build/firmware/vmm-S.elf         where l1's last partition ends
#   k > 1  DIR/lk.conf  build/firmware/guests/Pk.elf     Pk's partition size in l(k-1)
#
# A level's image is an ordinary guest of the level above (a line "Pk" in
# its set-up): vmm-pack takes its RAM from its __vmm_ram_size.  Every level
# is also a VMM on its own: P3.elf run bare puts l3's guests at depth 1,
# P2.elf at depth 2, vmm-S.elf at depth 3.
#
#   stack  directory                 nested VMMs  what
#   nest   firmware/vmm/nest         vmm2, vmm3   small guests: RTL in well under a minute
#   full   firmware/vmm/nest/full    fvmm2, fvmm3 cpu, os and echo three deep (ISS)
#
#   make vmm-nest       build/tools/vmm-nest on the ISS, stack nest: each
#                       ordinary guest at depths 0-3, equivalence, resource
#                       control, the cost per level
#   make vmm-nest-rtl   the same on the RTL (about 100 times slower)
#   make vmm-nest-full  stack full on the ISS

NEST_STACKS   := nest full
NEST_DIR_nest := firmware/vmm/nest
NEST_VMM_nest := vmm
NEST_DIR_full := firmware/vmm/nest/full
NEST_VMM_full := fvmm
NEST_LEVELS   := 1 2 3
# Set-ups of one level, for tests, built by the rules of a stack's top:
# build/firmware/vmm-S.elf from DIR/l1.conf, and vmm-S-hybrid.elf, the
# same with the hybrid VMM's code.
#   far    firmware/vmm/nest/far    a WFI for a deadline just below 2^64 - 1
NEST_SINGLES  := far
NEST_DIR_far  := firmware/vmm/nest/far
NEST_MK       := firmware/vmm/nest/nest.mk
VMM_CODE_OBJS := $(patsubst $(FW_SRC)/%,$(FW_OBJ)/%.o,$(basename $(VMM_SRCS)))

# $(1) = stack, $(2) = level
nest_conf        = $(NEST_DIR_$(1))/l$(2).conf
nest_image       = $(if $(filter 1,$(2)),$(FW_OUT)/vmm-$(1).elf,\
                     $(VMM_GUEST_OUT)/$(NEST_VMM_$(1))$(2).elf)
nest_out         = $(FW_OUT)/$(1)/l$(2)
conf_guests      = $(shell awk '!/^[ \t]*(\#|$$)/ {print $$1}' $(1))
conf_inputs      = $(filter-out -,$(shell awk '!/^[ \t]*(\#|$$)/ {print $$6}' $(1)))
# The partition size of guest $(2) in the stack $(1) set-up that lists it.
nest_guest_size  = $(shell awk '$$1 == "$(2)" {print $$3}' $(NEST_DIR_$(1))/l*.conf)
# Where the last partition of a set-up ends: the smallest RAM that holds it.
conf_end         = $(shell awk '!/^[ \t]*(\#|$$)/ {print $$2, $$3}' $(1) | \
                     while read b s; do echo $$((b + s)); done | sort -n | tail -1)
nest_ram         = $(if $(filter 1,$(2)),$(call conf_end,$(call nest_conf,$(1),1)),$(call \
                     nest_guest_size,$(1),$(NEST_VMM_$(1))$(2)))

# Ordinary guests only the nested levels run (mini): built as guests.conf's.
NEST_ALL_GUESTS := $(sort $(foreach s,$(NEST_STACKS),$(foreach k,$(NEST_LEVELS),\
                     $(call conf_guests,$(call nest_conf,$(s),$(k))))) \
                     $(foreach s,$(NEST_SINGLES),$(call conf_guests,$(call nest_conf,$(s),1))))
NEST_VMMS       := $(foreach s,$(NEST_STACKS),$(foreach k,$(filter-out 1,$(NEST_LEVELS)),\
                     $(NEST_VMM_$(s))$(k)))
NEST_OWN_GUESTS := $(filter-out $(VMM_GUESTS) $(NEST_VMMS),$(NEST_ALL_GUESTS))
$(foreach g,$(NEST_OWN_GUESTS),$(eval $(call vmm_guest,$(g))))
NEST_GUEST_ELFS := $(NEST_OWN_GUESTS:%=$(VMM_GUEST_OUT)/%.elf)

# nest_level(S, k): the rules of stack S's level k image.
define nest_level
NEST_GUESTS_$(1)_$(2) := $$(call conf_guests,$(call nest_conf,$(1),$(2)))
NEST_RAM_$(1)_$(2)    := $$(call nest_ram,$(1),$(2))

$(call nest_out,$(1),$(2))/vmm.ld: $(FW_SRC)/lib/vm74.ld.S include/vm74_arch.h $(VMM_MK) \
        $(NEST_MK) $(VMM_LAYOUT_STAMP) | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(call quiet,LDS,$$@)$(TARGET_CC) -E -P -x assembler-with-cpp -Iinclude \
	    -DVM74_FW_RAM_SIZE=$(VMM_SIZE) -DVM74_FW_STACK_SIZE=$(VMM_STACK) \
	    -DVM74_FW_PLACED='"$(call nest_out,$(1),$(2))/guest_images.ld"' $$< -o $$@

$(call nest_out,$(1),$(2))/guest_table.c $(call nest_out,$(1),$(2))/guest_images.S \
$(call nest_out,$(1),$(2))/guest_images.ld &: $(call nest_conf,$(1),$(2)) $(VMM_PACK) \
        $$(NEST_GUESTS_$(1)_$(2):%=$(VMM_GUEST_OUT)/%.elf) \
        $$(NEST_GUESTS_$(1)_$(2):%=$(VMM_GUEST_OUT)/%.bin) \
        $$(call conf_inputs,$(call nest_conf,$(1),$(2))) $(NEST_MK) $(VMM_LAYOUT_STAMP)
	@mkdir -p $$(@D)
	$(call quiet,GEN,$(call nest_out,$(1),$(2))/guest_table.c)$(VMM_PACK) \
	    --conf $(call nest_conf,$(1),$(2)) --elf-dir $(VMM_GUEST_OUT) \
	    --vmm-size $(VMM_SIZE) --ram $$(NEST_RAM_$(1)_$(2)) \
	    --out-c $(call nest_out,$(1),$(2))/guest_table.c \
	    --out-s $(call nest_out,$(1),$(2))/guest_images.S \
	    --out-ld $(call nest_out,$(1),$(2))/guest_images.ld
$(call nest_out,$(1),$(2))/guest_images.o: $$(NEST_GUESTS_$(1)_$(2):%=$(VMM_GUEST_OUT)/%.bin)

$(call nest_out,$(1),$(2))/%.o: $(call nest_out,$(1),$(2))/%.c $(FW_FLAGS_STAMP)
	$(call quiet,CC,$$<)$(TARGET_CC) $(FW_CFLAGS) $(VMM_FW_CFLAGS) -c $$< -o $$@
$(call nest_out,$(1),$(2))/%.o: $(call nest_out,$(1),$(2))/%.S $(FW_FLAGS_STAMP)
	$(call quiet,AS,$$<)$(TARGET_CC) $(FW_CFLAGS) -c $$< -o $$@

endef

# nest_link(S, k, IMAGE, CODE): IMAGE, the VMM code CODE (objects) linked
# with stack S's level k guest set.
define nest_link
$(3): $(FW_CRT0) $(4) \
        $(call nest_out,$(1),$(2))/guest_table.o $(call nest_out,$(1),$(2))/guest_images.o \
        $(FW_LIBA) $(call nest_out,$(1),$(2))/vmm.ld \
        $(call nest_out,$(1),$(2))/guest_images.ld | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(call quiet,LD,$$@)$(TARGET_CC) $(VMM_FW_LDFLAGS) -T $(call nest_out,$(1),$(2))/vmm.ld \
	    -o $$@ $(FW_CRT0) \
	    $(4) $(call nest_out,$(1),$(2))/guest_table.o \
	    $(call nest_out,$(1),$(2))/guest_images.o -Wl,--start-group $(FW_LIBA) -lc \
	    -Wl,--end-group
	$(Q)$(FW_OBJDUMP) -d $$@ > $$(@:.elf=.lst)
endef
$(foreach s,$(NEST_STACKS),$(foreach k,$(NEST_LEVELS),$(eval $(call nest_level,$(s),$(k)))\
    $(eval $(call nest_link,$(s),$(k),$(call nest_image,$(s),$(k)),$(VMM_CODE_OBJS)))))
# A single set-up is linked with the hybrid VMM's code too: vmm-S-hybrid.elf.
VMM_HYBRID_CODE_OBJS := $(filter-out $(VMM_OUT)/%,$(VMM_HYBRID_OBJS))
nest_hybrid_image     = $(FW_OUT)/vmm-$(1)-hybrid.elf
$(foreach s,$(NEST_SINGLES),$(eval $(call nest_level,$(s),1))\
    $(eval $(call nest_link,$(s),1,$(call nest_image,$(s),1),$(VMM_CODE_OBJS)))\
    $(eval $(call nest_link,$(s),1,$(call nest_hybrid_image,$(s)),$(VMM_HYBRID_CODE_OBJS))))

NEST_IMAGES := $(foreach s,$(NEST_STACKS),$(foreach k,$(NEST_LEVELS),$(call nest_image,$(s),$(k))))
NEST_SINGLE_IMAGES := $(foreach s,$(NEST_SINGLES),$(call nest_image,$(s),1) \
                        $(call nest_hybrid_image,$(s)))

# The host side: build/tools/vmm-nest (tools/vmm/vmm_nest_main.c, vmm_nest.c).
VMM_NEST     := $(VMM_TOOLS)/vmm-nest
VMM_NEST_OBJ := $(VMM_TOOLS)/obj/vmm_nest.o
$(VMM_NEST): $(VMM_TOOLS)/obj/vmm_nest_main.o $(VMM_NEST_OBJ) $(VMM_HOST_OBJS) $(RTL_OBJS) $(SIM_LIB)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(SIM_LDLIBS) $(RTL_LDLIBS)

# A stack for vmm-nest: its top image, and for each nested VMM its set-up.
nest_args = --conf $(call nest_conf,$(1),1) --elf-dir $(VMM_GUEST_OUT) \
    $(foreach k,$(filter-out 1,$(NEST_LEVELS)),\
        --sub $(NEST_VMM_$(1))$(k)=$(call nest_conf,$(1),$(k))) \
    $(call nest_image,$(1),1)

.PHONY: vmm-nest-build vmm-nest vmm-nest-rtl vmm-nest-full
vmm-nest-build: $(NEST_IMAGES) $(VMM_GUEST_ELFS) $(NEST_GUEST_ELFS) $(VMM_NEST)

vmm-nest: vmm-nest-build
	$(VMM_NEST) --backend=iss $(call nest_args,nest)

vmm-nest-rtl: vmm-nest-build
	$(VMM_NEST) --backend=rtl $(call nest_args,nest)

vmm-nest-full: vmm-nest-build
	$(VMM_NEST) --backend=iss $(call nest_args,full)
