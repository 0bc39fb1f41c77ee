#!/bin/bash
# values.sh - a make variable that changes rebuilds what depends on it
# (value_stamp in the Makefile), however old the files it names.
#
#   tests/make/values.sh        from the top of the repository
#
# In a temporary build directory: the VMM's guest table follows VMM_CONF
# (a conf older than the table included), the firmware's objects
# FW_DEFINES and FW_FLAW, the RTL model VM74_RTL_RAM_BYTES (that one with
# made-up up-to-date files: `make -q` only looks at dates).  One line per
# check; the last line is "values: N passed, N failed".

set -u
# A make of its own: not the variables of a `make test` that runs this.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vm74-values.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
build=$tmp/build
table=$build/firmware/vmm/guest_table.c
passed=0 failed=0

mk() { make --no-print-directory -s BUILD="$build" "$@"; }

check() { # check WHAT CONDITION...
    local what=$1
    shift
    if "$@"; then
        echo "PASS $what"
        passed=$((passed + 1))
    else
        echo "FAIL $what"
        failed=$((failed + 1))
    fi
}

guests_in() { sed -n 's/^const uint32_t vmm_nsetups = \([0-9]*\);/\1/p' "$1"; }
made_from() { head -n 1 "$1" | grep -q "from $2:"; }
up_to_date() { mk -q "$@" 2>/dev/null; }
out_of_date() { ! up_to_date "$@"; }

# A conf of two of guests.conf's guests, dated before any build.
conf=$tmp/two.conf
grep -E '^(cpu|echo) ' firmware/vmm/guests.conf > "$conf"
touch -d 2000-01-01 "$conf"

if ! mk "$table" > "$tmp/log" 2>&1; then
    cat "$tmp/log"
    echo "values: 0 passed, 1 failed"
    exit 1
fi
n=$(guests_in "$table")
mk VMM_CONF="$conf" "$table" > /dev/null 2>&1
check "VMM_CONF=an older conf: the table has its 2 guests (had $n)" \
    test "$(guests_in "$table")" = 2
check "VMM_CONF=an older conf: the table says where it came from" \
    made_from "$table" "$conf"
mk "$table" > /dev/null 2>&1
check "VMM_CONF back to guests.conf: $n guests again" test "$(guests_in "$table")" = "$n"

obj=$build/firmware/obj/lib/console.o
check "firmware objects up to date as built" up_to_date "$obj"
check "FW_DEFINES=-DVALUES_TEST=1 rebuilds the firmware's objects" \
    out_of_date FW_DEFINES=-DVALUES_TEST=1 "$obj"
check "FW_FLAW=2 rebuilds the firmware's objects" out_of_date FW_FLAW=2 "$obj"

# The model's rule looks at dates only under -q: files that are up to date.
model=$build/rtl/obj/Vvm74_soc__ALL.a
mkdir -p "$build/rtl/obj"
touch "$build/rtl/gen_arch_vh" "$build/rtl/vm74_arch.vh" "$model"
check "RTL model up to date as made" up_to_date "$model"
check "VM74_RTL_RAM_BYTES=8388608 rebuilds the RTL model" \
    out_of_date VM74_RTL_RAM_BYTES=8388608 "$model"

echo "values: $passed passed, $failed failed"
(( failed == 0 ))
