#!/bin/bash
# run-all.sh - `make conformance`: the trap-behaviour suite on every backend,
# then the Popek-Goldberg verdict of pgcheck for vm74 and for each flawed
# variant on each backend.  Each verdict is one check: vm74 must be judged
# virtualizable, a variant must not be, and must be caught on its own
# instruction (jrstu on JRSTU); pgcheck's table must agree with
# docs/isa.md §8.1.
# The last line totals both parts: "N passed, N failed".
#
#   run-all.sh RUNNER VERDICT_DIR MACHINES BACKENDS ELF...
#
# MACHINES ("vm74,rdmode,...") and BACKENDS are comma-separated lists;
# VERDICT_DIR/MACHINE/pgcheck-BACKEND.txt is pgcheck's output for each
# (tools/theorems/theorems.mk makes them; make theorems reads them too).
set -u
runner=$1 verdict_dir=$2 machines=$3 backends=$4
shift 4

suite_log=$(mktemp)
trap 'rm -f "$suite_log"' EXIT
"$runner" --backends="$backends" "$@" | tee "$suite_log"
read -r passed failed < <(tail -n 1 "$suite_log" |
    sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
if [ -z "${passed:-}" ]; then
    echo "run-all.sh: the suite printed no summary line" >&2
    passed=0 failed=1
fi

# verdict MACHINE BACKEND EXPECTED_PATTERN
verdict() {
    local file="$verdict_dir/$1/pgcheck-$2.txt" line hybrid agree
    line=$(grep -m1 '^VIRTUALIZABLE:' "$file" 2>/dev/null)
    hybrid=$(grep -m1 '^HYBRID-VIRTUALIZABLE:' "$file" 2>/dev/null)
    agree=$(grep -m1 -E '^(agrees with|disagrees)' "$file" 2>/dev/null)
    if grep -q "$3" <<<"$line" && [[ $agree == agrees* ]]; then
        printf '%-7s %-4s PASS  %s\n' "$1" "$2" "$line"
        passed=$((passed + 1))
    else
        printf '%-7s %-4s FAIL  %s (%s)\n' "$1" "$2" "${line:-no verdict}" \
            "${agree:-no comparison with docs/isa.md: see $file}"
        failed=$((failed + 1))
    fi
    [ -n "$hybrid" ] && printf '                   %s\n' "$hybrid"
}

echo
echo "Popek-Goldberg verdicts (tools/pgcheck, from the machine's behaviour)"
IFS=, read -r -a list <<<"$backends"
IFS=, read -r -a names <<<"$machines"
for b in "${list[@]}"; do
    for m in "${names[@]}"; do
        if [ "$m" = vm74 ]; then
            verdict vm74 "$b" '^VIRTUALIZABLE: yes'
        else
            verdict "$m" "$b" "^VIRTUALIZABLE: no — ${m^^} "
        fi
    done
done
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
