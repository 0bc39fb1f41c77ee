#!/bin/bash
# formal/run-formal.sh - the formal checks of docs/formal.md, and the mutants that
# show each can fail.
#
#   formal/run-formal.sh BUILD-DIR ARCH-VH-DIR [DEPTH [checks|mutants|all
#                        [STARTS [PROPS]]]]
#
# One line per check, "formal: NAME PASS|FAIL ...", then exactly
# "N passed, N failed" (tests/run-tests.sh adds it to make test's total).
# Exit status 0 only if nothing failed.  Models and logs go to BUILD-DIR.
# STARTS and PROPS (or the variables FORMAL_STARTS, FORMAL_PROPS), each a
# space-separated list, select the core's checks: STARTS from FROM_RESET
# DRAINED (default both), PROPS from USER_WRITES USER_FETCH FETCH_WORD
# LOAD_DATA TRAP_PSW USER_PSW (default all) and FETCH_INV (not by default:
# docs/formal.md).
#
# Engines: vm74_reloc's check is combinational, one step of yosys-smtbmc
# with z3 over all inputs.  The core's are sequential: yosys writes the
# harness (formal/core_check.sv) as an AIGER bit-level model and yosys-abc
# first tries an unbounded proof from any drained state (pdr, property
# directed reachability: it finds its own inductive invariant), then runs
# a bounded model check (bmc3) of DEPTH cycles; single-threaded.
# (Debian's z3 4.8.12 does not finish reading the core's word-level SMT
# model, and its boolector 1.5 has no incremental SMT-LIB 2 for smtbmc.)
set -u

out=$1
arch=$2
depth=${3:-20}
what=${4:-all}
starts=${5:-${FORMAL_STARTS:-FROM_RESET DRAINED}}
props=${6:-${FORMAL_PROPS:-USER_WRITES USER_FETCH FETCH_WORD LOAD_DATA TRAP_PSW USER_PSW}}
pdr_limit=60     # s: an unbounded proof (pdr) from any drained state
bmc_limit=400    # s: else a bounded one, which must reach depth
mkdir -p "$out"
passed=0
failed=0

RTL_CORE="vm74_core.v vm74_fetch.v vm74_decode.v vm74_regfile.v vm74_alu.v vm74_lsu.v
          vm74_reloc.v vm74_trap.v vm74_mul.v vm74_div.v vm74_rvfi.v vm74_port.v
          vm74_ctrl.v vm74_xdec.v vm74_dcheck.v vm74_muldiv.v"

report() {   # NAME OK DETAIL
    if [[ $2 == 1 ]]; then
        printf 'formal: %-28s PASS  %s\n' "$1" "$3"
        passed=$((passed + 1))
    else
        printf 'formal: %-28s FAIL  %s\n' "$1" "$3"
        failed=$((failed + 1))
    fi
}

# reloc_verdict RTL-DIR TAG: "proved" or "counterexample" (or "error").
reloc_verdict() {
    local rtl=$1 tag=$2 log
    log=$out/$tag.log
    if ! yosys -q -l "$log.yosys" -p "read_verilog -formal -sv -I$arch -I$rtl \
            $rtl/vm74_reloc.v formal/spec_access.v formal/reloc_check.sv; \
            prep -top reloc_check; write_smt2 -wires $out/$tag.smt2" >/dev/null 2>&1; then
        echo error; return
    fi
    yosys-smtbmc -s z3 -t 1 "$out/$tag.smt2" >"$log" 2>&1
    if grep -q 'Status: PASSED' "$log"; then echo proved
    elif grep -q 'Status: FAILED' "$log"; then echo counterexample
    else echo error; fi
}

# core_verdict RTL-DIR TAG START PROPERTY: "proved (pdr, unbounded)",
# "bounded N" (no counterexample in N cycles), "counterexample at cycle
# N" (or "error").
core_verdict() {
    local rtl=$1 tag=$2 start=$3 prop=$4 src="" f log res
    for f in $RTL_CORE; do src="$src $rtl/$f"; done
    log=$out/$tag.log
    if ! yosys -q -l "$log.yosys" -p "read_verilog -formal -sv -DSYNTHESIS -D$start -D$prop \
            -I$arch -I$rtl $src formal/spec_access.v formal/core_check.sv; \
            script formal/core.ys; write_aiger -zinit -map $out/$tag.aim $out/$tag.aig" \
            >/dev/null 2>&1; then
        echo error; return
    fi
    if [[ $start == DRAINED && -z ${mutant_run:-} ]] &&
       yosys-abc -c "read_aiger $out/$tag.aig; fold; pdr -T $pdr_limit" >"$log.pdr" 2>&1 &&
       grep -q 'Property proved' "$log.pdr"; then
        echo "proved (pdr, unbounded)"; return
    fi
    yosys-abc -c "read_aiger $out/$tag.aig; fold; bmc3 -F $depth -T $bmc_limit" >"$log" 2>&1
    res=$(grep -E 'was asserted in frame|No output asserted' "$log" | tail -n 1)
    case $res in
        *"was asserted in frame"*)
            echo "counterexample at cycle $(sed 's/.*frame \([0-9]*\).*/\1/' <<<"$res")" ;;
        *"No output asserted in"*)
            echo "bounded $(sed 's/.*asserted in \([0-9]*\) frames.*/\1/' <<<"$res")" ;;
        *) echo error ;;
    esac
}

# mutant NAME FILE SED-SCRIPT: a copy of rtl/ with FILE changed, in
# $out/NAME/rtl; the sed script must change it.
mutant() {
    local dir=$out/$1/rtl
    rm -rf "$out/$1"; mkdir -p "$dir"
    cp rtl/*.v rtl/*.vh "$dir"/ 2>/dev/null
    sed -i "$3" "$dir/$2"
    if cmp -s "rtl/$2" "$dir/$2"; then
        echo "formal: mutant $1 does not apply to rtl/$2" >&2
        return 1
    fi
    echo "$dir"
}

t0=$SECONDS
if [[ $what != mutants ]]; then
v=$(reloc_verdict rtl reloc)
report "reloc (all inputs)" "$([[ $v == proved ]] && echo 1)" \
    "vm74_reloc = docs/isa.md §2 for every input: $v"

for start in $starts; do
    for prop in $props; do
        name="$(tr 'A-Z_' 'a-z-' <<<"$prop") ($(tr 'A-Z_' 'a-z-' <<<"$start"))"
        v=$(core_verdict rtl "$prop-$start" "$start" "$prop")
        report "$name" "$([[ $v == proved* || $v == "bounded $depth" ]] && echo 1)" "$v"
    done
done
fi

# catches NAME FILE SED-SCRIPT CHECK VERDICT-FUNCTION ARGS...: the check
# must find a counterexample on rtl/ with FILE broken by the sed script.
catches() {
    local name=$1 file=$2 expr=$3 check=$4 fn=$5 m v=""
    shift 5
    m=$(mutant "$name" "$file" "$expr") && v=$(mutant_run=1 "$fn" "$m" "mut-$name" "$@")
    report "mutant: $name" "$([[ $v == counterexample* ]] && echo 1)" \
        "$check: ${v:-not applied}"
}

# Each check must catch a deliberately broken RTL (a temporary copy).
[[ $what == checks ]] || {
catches reloc-without-wrap vm74_reloc.v \
    's/assign wrap_lt = p_i\[31:2\] < base_i;/assign wrap_lt = 1'"'"'b0;/' \
    reloc reloc_verdict
catches store-past-bound vm74_dcheck.v \
    's/st_go_q <= st_en & ~m_over & ~m_under;/st_go_q <= st_en \& ~m_under;/' \
    user-writes core_verdict DRAINED USER_WRITES
catches fetch-fault-ignored vm74_fetch.v \
    's/fl_fault_q <= chk_fault;/fl_fault_q <= chk_mis;/' \
    user-fetch core_verdict DRAINED USER_FETCH
catches stale-buffer-word vm74_fetch.v \
    's/e0_insn_d = e1_insn_q;/e0_insn_d = e0_insn_q;/' \
    fetch-word core_verdict DRAINED FETCH_WORD
catches load-data-unchecked vm74_dcheck.v \
    's/assign commit_o = s_loadwb_i \& ~m_trap_q \& ~exit_i;/assign commit_o = s_loadwb_i \& ~exit_i;/' \
    load-data core_verdict DRAINED LOAD_DATA
catches trap-saves-b-as-l vm74_trap.v \
    's/bus_wdata_o = base_q; end/bus_wdata_o = bound_q; end/' \
    trap-psw core_verdict DRAINED TRAP_PSW
catches jal-info-not-target vm74_dcheck.v \
    's/m_info_o <= (x_run_i \& x_jal_i) ? pc_tgt_i :/m_info_o <= (x_run_i \& x_jal_i) ? {pc_tgt_i[31:2], 2'"'"'b00} :/' \
    trap-psw core_verdict DRAINED TRAP_PSW
catches lpsw-in-user-mode vm74_core.v \
    's/wire privileged = (x_lpsw_q | x_wfi_q) & ~mode;/wire privileged = x_wfi_q \& ~mode;/' \
    user-psw core_verdict DRAINED USER_PSW
}

echo "formal: $((SECONDS - t0)) s"
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
