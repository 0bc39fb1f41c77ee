#!/bin/bash
# run-units.sh TB... - run the RTL unit testbenches (tests/rtl/rtl_units.mk).
# Each prints its own summary line and exits 0 only if everything passed;
# one PASS/FAIL line per testbench, then "N passed, N failed".
set -u
passed=0 failed=0
for tb in "$@"; do
    if out=$("$tb" 2>&1); then
        echo "PASS $(basename "$tb"): $(tail -n 1 <<<"$out")"
        passed=$((passed + 1))
    else
        echo "FAIL $(basename "$tb"):"
        sed 's/^/    /' <<<"$out" | tail -n 25
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
(( failed == 0 ))
