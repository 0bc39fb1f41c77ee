#!/bin/bash
# run-all.sh - `make conformance`: the trap-behaviour suite on every backend,
# then the Popek-Goldberg verdict of pgcheck for vm74 and for each flawed
# variant on each backend.  Each verdict is one check: vm74 must be judged
# virtualizable, a variant must not be, and must be caught on its own
# instruction (build/flaw-jrstu/pgcheck on JRSTU).
# The last line totals both parts: "N passed, N failed".
#
#   run-all.sh RUNNER PGCHECK FLAW_PGCHECKS BACKENDS ELF...
#
# FLAW_PGCHECKS and BACKENDS are comma-separated lists; each flawed
# pgcheck lies in build/flaw-<name>/, which names its instruction.
set -u
runner=$1 pgcheck=$2 flaw_pgchecks=$3 backends=$4
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

# verdict MACHINE BACKEND PROGRAM EXPECTED_STATUS EXPECTED_PATTERN
verdict() {
    local out status line
    out=$("$3" --backend="$2" 2>&1)
    status=$?
    line=$(grep '^VIRTUALIZABLE:' <<<"$out")
    agree=$(grep -E '^(agrees with|disagrees)' <<<"$out" | head -n 1)
    if [ "$status" -eq "$4" ] && grep -q "$5" <<<"$line"; then
        printf '%-7s %-4s PASS  %s\n' "$1" "$2" "$line"
        passed=$((passed + 1))
    else
        printf '%-7s %-4s FAIL  %s (exit %d)\n' "$1" "$2" "${line:-no verdict}" "$status"
        failed=$((failed + 1))
    fi
    [ -n "$agree" ] && printf '             %s\n' "$agree"
}

echo
echo "Popek-Goldberg verdicts (tools/pgcheck, from the machine's behaviour)"
IFS=, read -r -a list <<<"$backends"
IFS=, read -r -a flawed <<<"$flaw_pgchecks"
for b in "${list[@]}"; do
    verdict vm74 "$b" "$pgcheck" 0 '^VIRTUALIZABLE: yes'
    for p in "${flawed[@]}"; do
        name=$(basename "$(dirname "$p")")
        name=${name#flaw-}
        verdict "$name" "$b" "$p" 1 "^VIRTUALIZABLE: no — ${name^^}"
    done
done
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
