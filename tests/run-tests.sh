#!/bin/bash
# run-tests.sh - run the cmocka test drivers on every backend and total them.
#
#   tests/run-tests.sh build/tests/test_rv32im build/tests/test_traps ... \
#       [-- SUITE-COMMAND ARGS... [-- SUITE-COMMAND ARGS...]]
#
# After each "--" comes one more suite (e.g. the conformance suite): its
# output is shown as it is, and its own closing "N passed, N failed" line is
# added to the totals (no such line, or a non-zero exit with no failure
# counted, is one failure).
#
# Backends come from VM74_BACKENDS (default "iss"; e.g. "iss rtl").  A
# binary whose name is in VM74_ISS_ONLY (names, space-separated; set by
# tests/tests.mk and tests/interp.mk) runs once, on the ISS: it tests
# something against the ISS whatever the backend (test_interp), or its RTL
# run takes too long for `make test` (test_hybrid, run by hand).  Each
# binary runs with cmocka's TAP output; a binary that crashes, exits non-zero
# without reporting a failure, or reports fewer results than its plan counts
# as failed, never as skipped.  One line per binary and backend, the failing
# test names under it, and the last line is exactly "N passed, N failed".
# Exit status: 0 only if nothing failed.

set -u

total_passed=0
total_failed=0

# Run one binary on one backend; print its line; add to the totals.
run_one() {
    local backend=$1 bin=$2
    local out status plan passed failed missing names
    out=$(VM74_BACKEND=$backend CMOCKA_MESSAGE_OUTPUT=TAP "$bin" 2>&1)
    status=$?
    plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' <<<"$out" | head -n 1)
    passed=$(grep -c '^ok ' <<<"$out")
    failed=$(grep -c '^not ok ' <<<"$out")
    names=$(sed -n 's/^not ok [0-9]* - //p' <<<"$out")

    # Tests announced but never reported: the binary died in the middle.
    missing=$(( ${plan:-0} - passed - failed ))
    if (( missing > 0 )); then
        failed=$(( failed + missing ))
        names+=$'\n'"($missing test(s) never reported)"
    fi
    # A crash or a bad exit with nothing reported is still a failure.
    if (( status != 0 && failed == 0 )); then
        failed=1
        if (( status >= 128 )); then
            names+=$'\n'"(crashed: signal $(( status - 128 )))"
        else
            names+=$'\n'"(exit status $status)"
        fi
    fi

    printf '%-4s %-32s %4d passed %4d failed\n' "$backend" "$(basename "$bin")" \
        "$passed" "$failed"
    if (( failed > 0 )); then
        grep -v '^$' <<<"$names" | sed 's/^/       FAIL: /'
        # the diagnostics cmocka printed for the failures
        grep -E '^# |\[ *(ERROR|LINE) *\]' <<<"$out" | grep -v '^# ok - ' |
            head -n 40 | sed 's/^/       /'
    fi
    total_passed=$(( total_passed + passed ))
    total_failed=$(( total_failed + failed ))
}

# Run the extra suite; add its closing line to the totals.
run_suite() {
    local out status passed failed
    echo
    echo "== $(basename "$1")"
    out=$("$@" 2>&1)
    status=$?
    printf '%s\n' "$out" | sed '$d'
    # "N passed, N failed", possibly after one "word:" (as CI reads it)
    read -r passed failed < <(tail -n 1 <<<"$out" |
        sed -n 's/^\([A-Za-z0-9_-]*: \)\{0,1\}\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*$/\2 \3/p')
    if [[ -z ${passed:-} ]]; then
        echo "(no summary line; exit status $status)"
        passed=0 failed=1
    elif (( status != 0 && failed == 0 )); then
        echo "(exit status $status)"
        failed=1
    fi
    echo "== $(basename "$1"): $passed passed, $failed failed"
    total_passed=$(( total_passed + passed ))
    total_failed=$(( total_failed + failed ))
}

is_iss_only() {
    [[ " ${VM74_ISS_ONLY:-} " == *" $(basename "$1") "* ]]
}

bins=()
while (( $# > 0 )) && [[ $1 != -- ]]; do
    bins+=("$1")
    shift
done

first_backend=$(set -- ${VM74_BACKENDS:-iss}; echo "$1")
for backend in ${VM74_BACKENDS:-iss}; do
    for bin in "${bins[@]}"; do
        run_backend=$backend
        if is_iss_only "$bin"; then
            [[ $backend == "$first_backend" ]] || continue
            run_backend=iss
        fi
        if [[ ! -x $bin ]]; then
            printf '%-4s %-32s missing\n' "$backend" "$(basename "$bin")"
            total_failed=$(( total_failed + 1 ))
            continue
        fi
        run_one "$run_backend" "$bin"
    done
done

# The suites after the binaries, one per "--".
while (( $# > 0 )); do
    shift # the "--"
    suite=()
    while (( $# > 0 )) && [[ $1 != -- ]]; do
        suite+=("$1")
        shift
    done
    (( ${#suite[@]} > 0 )) && run_suite "${suite[@]}"
done

echo "$total_passed passed, $total_failed failed"
(( total_failed == 0 ))
