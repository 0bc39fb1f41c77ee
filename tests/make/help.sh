#!/bin/bash
# help.sh - `make help` (mk/help.mk) lists every target and every variable
# a user may set, and nothing that does not exist:
#
#   tests/make/help.sh        from the top of the repository
#
# The targets are the .PHONY ones of the Makefile and all its fragments
# (as make itself reads them), less mk/help.mk's HELP_INTERNAL; the
# variables are every one a fragment gives a default with ?=.  A name
# make help lists must be such a target, or a variable some fragment
# uses.  One line per check; the last line is "help: N passed, N failed".

set -u
# A make of its own: not the variables of a `make test` that runs this.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL

passed=0 failed=0
check() { # check WHAT MISSING: passes when MISSING is empty
    if [[ -z $2 ]]; then
        echo "PASS $1"
        passed=$((passed + 1))
    else
        echo "FAIL $1:" $2
        failed=$((failed + 1))
    fi
}

# $(1) of the Makefile as make expands it, e.g. MAKEFILE_LIST.
make_value() {
    make --no-print-directory -s -f Makefile -f - help-test-value <<<"help-test-value:
	@echo \$($1)"
}
# The words of $1 not among the words of $2 (% in $2 matches anything).
missing_from() {
    local w p found out=""
    for w in $1; do
        found=
        for p in $2; do
            [[ $w == ${p//%/*} ]] && { found=1; break; }
        done
        [[ -z $found ]] && out+=" $w"
    done
    echo $out
}

help=$(make --no-print-directory help)
status=$?
makefiles=$(make_value 'filter Makefile %.mk,$(MAKEFILE_LIST)')
fragments=$(tr ' ' '\n' <<<"$makefiles" | grep -v '^mk/help.mk$')

targets=$(sed -n '1,/^Variables/s/^  \([a-z][a-z0-9-]*\) .*/\1/p' <<<"$help")
variables=$(sed -n '/^Variables/,$s/^  \([A-Z][A-Z0-9_]*\).*/\1/p' <<<"$help")
phony=$(make --no-print-directory -pq help 2>/dev/null | sed -n 's/^\.PHONY: //p' |
        tr ' ' '\n' | grep -v '\$' | sort -u)
internal=$(make_value HELP_INTERNAL)
defaults=$(sed -n 's/^ *\([A-Za-z_][A-Za-z0-9_]*\) *?=.*/\1/p' $fragments | sort -u)
used=$(for v in $variables; do grep -qw -- "$v" $fragments || echo "$v"; done)
wide=$(awk 'length > 100 { printf "%d ", NR }' <<<"$help")

check "make help exits 0" "$( ((status == 0)) || echo "status $status")"
check "every .PHONY target is listed ($(wc -w <<<"$phony") less the internal)" \
    "$(missing_from "$phony" "$targets $internal")"
check "every listed target is a .PHONY target" "$(missing_from "$targets" "$phony")"
check "every ?= variable is listed ($(wc -w <<<"$defaults"))" \
    "$(missing_from "$defaults" "$variables")"
check "every listed variable is used by a fragment" "$used"
check "one line each, none over 100 columns" "$wide"

echo "help: $passed passed, $failed failed"
((failed == 0))
