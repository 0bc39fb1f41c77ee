# mk/quiet.mk - what the build prints: one short line per step, the way
# the Linux kernel's build does it, and every command in full with
# `make V=1`.  Included first by the top-level Makefile; every fragment
# writes its recipes with it:
#
#   $(BUILD)/sim/%.o: sim/%.c
#   	$(call quiet,CC,$<)$(CC) $(SIM_CFLAGS) -c -o $@ $<
#   	$(Q)a second command of the same step
#
#   quiet(TAG,WHAT)   prints "  TAG     WHAT" and hides the command after it
#   Q                 hides a command that has no line of its own
#   quiet_say(TAG,WHAT)  the shell command that prints that line (for a
#                     step inside a shell loop), ':' when nothing is printed
#   quiet_log(FILE)   a redirection of a tool's standard output (its own
#                     command lines and chatter) to FILE; standard error,
#                     where compilers and Verilator put their warnings and
#                     errors, is never redirected
#
# With V=1 none of them hides or prints anything: make shows every command
# as it runs it.
# `make -s` prints no step lines either: only what the commands print
# themselves, warnings and errors.

V ?= 0

# GNU make 4.x puts the one-letter options first in MAKEFLAGS ("s", "ks"),
# after a space when there are none.
quiet_silent := $(findstring s,$(firstword -$(MAKEFLAGS)))

ifeq ($(V),1)
  Q         :=
  quiet      =
  quiet_say  = :
  quiet_log  =
else
  Q         := @
  quiet      = @$(call quiet_say,$(1),$(2));
  quiet_log  = >$(1)
  ifeq ($(quiet_silent),)
    quiet_say = printf '  %-7s %s\n' "$(1)" "$(2)"
  else
    quiet_say = :
  endif
endif
