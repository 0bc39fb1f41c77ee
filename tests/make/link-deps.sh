#!/bin/bash
# link-deps.sh - every test binary builds on its own from an empty build
# directory: each archive of ours that its link names (the simulator's
# libvm74.a, the generator's libvm74gen.a) is made before the link.
#
#   tests/make/link-deps.sh     from the top of the repository
#
# `make -n` of each binary of TEST_BINS alone, in a temporary build
# directory (nothing is built).  One line per binary; the last line is
# "link-deps: N passed, N failed".

set -u
# A make of its own: not the variables of a `make test` that runs this.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vm74-link-deps.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
build=$tmp/build
passed=0 failed=0

bins=$(make --no-print-directory -s BUILD="$build" -f Makefile -f - link-deps-value <<<"link-deps-value:
	@echo \$(TEST_BINS)")
[[ -n $bins ]] || { echo "FAIL TEST_BINS is empty"; echo "link-deps: 0 passed, 1 failed"; exit 1; }

# The archives of ours a dry run's link line of $1 names but no earlier
# `ar` command of the same run makes.
unmade_archives() {
    local plan link a missing=""
    # Recipes continued with a backslash joined into one line each.
    plan=$(make --no-print-directory -n BUILD="$build" "$1" 2>&1 |
           sed -e ':a' -e '/\\$/N; s/\\\n//; ta')
    link=$(grep -F -- "-o $1" <<<"$plan" | tail -1)
    for a in "$build/libvm74.a" "$build/tools/libvm74gen.a" \
             "$build"/flaw-*/libvm74.a; do
        [[ $link == *"$a"* ]] || continue
        grep -q -F -- "ar rcs $a " <<<"$plan" || missing="$missing ${a#$build/}"
    done
    [[ -n $link ]] || missing="(no link line)"
    echo "$missing"
}

for b in $bins; do
    m=$(unmade_archives "$b")
    if [[ -z $m ]]; then
        echo "PASS ${b#$build/}"
        passed=$((passed + 1))
    else
        echo "FAIL ${b#$build/}: links, but does not make:$m"
        failed=$((failed + 1))
    fi
done
echo "link-deps: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
