#!/bin/bash
# fuzz.sh - generate random programs and co-simulate each (docs/fuzz.md).
#
#   tools/fuzz.sh SEEDS START BACKEND SIZE [GEN_OPT]   (what `make fuzz` runs)
#
# GEN_OPT: one more generator option for every seed (--far-wfi).
#
# For seeds START .. START+SEEDS-1: build/vm74-gen writes the program,
# build/vm74-sim --cosim --backend=BACKEND runs it against the ISS.  A seed
# fails if the generator fails, the co-simulation reports a mismatch, or
# the program does not exit 0 (its signature check).  At the first failing
# seed the script shrinks it: it drops one block at a time and keeps each
# drop under which the run still fails, then prints the command line that
# reproduces the smallest failure.  The last line is
# "N seeds, N passed, N failed".  Exit status 0 only if every seed passed.
# On a terminal a line says which seed runs (tools/lib/progress.sh).

set -u
. "$(dirname "$0")/lib/progress.sh"

seeds=$1 start=$2 backend=$3 size=$4 gen_opt=${5:-}
gen=${VM74_GEN:-build/vm74-gen} # VM74_GEN: another generator (a flawed variant's)
sim=${VM74_SIM:-build/vm74-sim} # VM74_SIM: another CLI, e.g. to test this script
work=$(mktemp -d /tmp/vm74-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT

steps_total=0

# Generate seed $1 with drop list $2 and co-simulate it; the output of both
# is left in $work/out.  Returns 0 if it passed.
run_seed() {
    local seed=$1 drop=$2
    "$gen" --seed="$seed" --size="$size" --drop="$drop" $gen_opt \
        --out="$work/p.elf" >"$work/out" 2>&1 || return 1
    "$sim" --cosim --stats --backend="$backend" --max-instructions=50000000 \
        "$work/p.elf" >>"$work/out" 2>&1 </dev/null
}

# The run's output without the --stats counters (kept: the report).
report_of_last_run() {
    grep -v -E '^(  (retired|steps|cycles|traps|host) |vm74-sim: [a-z]+ backend)' \
        "$work/out" | sed 's/^/    /' | head -n 40
}

steps_of_last_run() {
    sed -n 's/^cosim: \([0-9]*\) steps compared.*/\1/p' "$work/out"
}

repro_command() {
    local seed=$1 drop=$2 opt=${gen_opt:+ $gen_opt}
    [[ -n $drop ]] && opt+=" --drop=$drop"
    echo "$gen --seed=$seed --size=$size$opt --out=fuzz-$seed.elf &&" \
         "$sim --cosim --backend=$backend fuzz-$seed.elf"
}

# Greedy: try leaving out each block in turn; keep it out if the failure
# stays.  Prints the final drop list.
shrink() {
    local seed=$1 drop="" i trial
    for (( i = 0; i < size; i++ )); do
        trial=${drop:+$drop,}$i
        if ! run_seed "$seed" "$trial" && ! grep -q '^vm74-gen:' "$work/out"
        then
            drop=$trial
        fi
    done
    echo "$drop"
}

passed=0
failed=0
progress_start fuzz "$seeds" seeds
for (( seed = start; seed < start + seeds; seed++ )); do
    progress $(( seed - start )) "seed $seed on $backend"
    if run_seed "$seed" ""; then
        passed=$(( passed + 1 ))
        steps_total=$(( steps_total + $(steps_of_last_run) ))
        continue
    fi
    failed=1
    progress_clear
    echo "seed $seed FAILED (backend $backend):"
    report_of_last_run
    echo "shrinking (dropping blocks while it still fails)..."
    drop=$(shrink "$seed")
    run_seed "$seed" "$drop"
    echo "smallest failure (blocks dropped: ${drop:-none}):"
    report_of_last_run
    echo "reproduce with:"
    echo "    $(repro_command "$seed" "$drop")"
    break
done
progress_clear

echo "co-simulated $steps_total steps with 0 mismatches in the passing seeds"
echo "$(( passed + failed )) seeds, $passed passed, $failed failed"
(( failed == 0 ))
