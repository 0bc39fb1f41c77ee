#!/bin/bash
# prune-deps.sh - tools/vl-prune-deps.sh drops exactly the dependency
# files (and their objects) that name a file that is gone, so that an
# incremental board build survives a moved testbench:
#
#   tests/make/prune-deps.sh        from the top of the repository
#
# One line per check; the last line is "prune-deps: N passed, N failed".

set -u
passed=0 failed=0
check() { # check WHAT CONDITION...
    local what=$1; shift
    if "$@"; then echo "PASS $what"; passed=$((passed + 1))
    else echo "FAIL $what"; failed=$((failed + 1)); fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mdir=$tmp/obj
mkdir -p "$mdir" "$tmp/src"
touch "$tmp/src/tb.cpp" "$mdir/Vtop.h" "$tmp/src/moved.cpp"
# A live rule over continuation lines, a generated file named relatively.
printf 'tb.o: %s \\\n Vtop.h\n\nVtop.h:\n' "$tmp/src/tb.cpp" > "$mdir/tb.d"
# The testbench that moved: its source is gone, its header is not.
printf 'old.o: %s \\\n Vtop.h\n' "$tmp/src/gone/old_tb.cpp" > "$mdir/old.d"
# A header that is gone, on a continuation line.
printf 'hdr.o: %s \\\n %s\n' "$tmp/src/moved.cpp" "$tmp/src/gone.h" > "$mdir/hdr.d"
touch "$mdir/tb.o" "$mdir/old.o" "$mdir/hdr.o"
# Verilator's own list of its inputs, relative to where it ran: not ours.
printf 'Vtop.cpp Vtop.h : rtl/top.v build/rtl/arch.vh\n' > "$mdir/Vtop__ver.d"

out=$(tools/vl-prune-deps.sh "$mdir")
status=$?
check "exits 0" test $status -eq 0
check "keeps a rule whose files all exist" test -e "$mdir/tb.d" -a -e "$mdir/tb.o"
check "drops a rule whose source is gone, with its object" \
    test ! -e "$mdir/old.d" -a ! -e "$mdir/old.o"
check "drops a rule naming a gone header on a continuation line" \
    test ! -e "$mdir/hdr.d" -a ! -e "$mdir/hdr.o"
check "leaves Verilator's own list alone" test -e "$mdir/Vtop__ver.d"
check "says what it dropped" grep -q 'old.d names .*old_tb.cpp' <<<"$out"
check "a directory not yet made is a first build" tools/vl-prune-deps.sh "$tmp/none"
check "no directory is a usage error" bash -c '! tools/vl-prune-deps.sh 2>/dev/null'

echo "prune-deps: $passed passed, $failed failed"
((failed == 0))
