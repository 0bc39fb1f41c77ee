#!/bin/bash
# formal/run-formal.sh - the formal checks of docs/formal.md, and the mutants that
# show each can fail.
#
#   formal/run-formal.sh BUILD-DIR ARCH-VH-DIR [DEPTH [checks|mutants|patterns|all
#                        [STARTS [PROPS]]]]
#
# One line per check, "formal: NAME PASS|FAIL ...", then exactly
# "N passed, N failed" (tests/run-tests.sh adds it to make test's total).
# Exit status 0 only if nothing failed.  Models and logs go to BUILD-DIR.
# STARTS and PROPS (or the variables FORMAL_STARTS, FORMAL_PROPS), each a
# space-separated list, select the core's checks: STARTS from FROM_RESET
# DRAINED (default both), PROPS from USER_WRITES USER_FETCH FETCH_WORD
# LOAD_DATA TRAP_PSW BRANCH_MIS USER_PSW (default all).
#
# Engines: vm74_reloc's check is combinational, one step of yosys-smtbmc
# with z3 over all inputs.  The core's are sequential: yosys writes the
# harness (formal/core_check.sv) as an AIGER bit-level model for yosys-abc.
# USER_FETCH and FETCH_WORD are proved by induction over the fetch
# pipeline's invariants (FETCH_INV in core_check.sv; bmc3 of two cycles
# for the base and for the step).  The others: first an unbounded proof
# from any drained state (pdr, property directed reachability: it finds
# its own inductive invariant), else a bounded model check (bmc3) of DEPTH
# cycles; single-threaded.
# (Debian's z3 4.8.12 does not finish reading the core's word-level SMT
# model, and its boolector 1.5 has no incremental SMT-LIB 2 for smtbmc.)
set -u

out=$1
arch=$2
depth=${3:-20}
what=${4:-all}
starts=${5:-${FORMAL_STARTS:-FROM_RESET DRAINED}}
all_props="USER_WRITES USER_FETCH FETCH_WORD LOAD_DATA TRAP_PSW BRANCH_MIS USER_PSW"
props=${6:-${FORMAL_PROPS:-$all_props}}
pdr_limit=60     # s: an unbounded proof (pdr) from any drained state
bmc_limit=400    # s: else a bounded one, which must reach depth
mkdir -p "$out"
rm -f "$out"/*-INDUCT.verdict     # induction steps proved in this run only
passed=0
failed=0


report() {   # NAME OK DETAIL
    if [[ $2 == 1 ]]; then
        printf 'formal: %-34s PASS  %s\n' "$1" "$3"
        passed=$((passed + 1))
    else
        printf 'formal: %-34s FAIL  %s\n' "$1" "$3"
        failed=$((failed + 1))
    fi
}

# reloc_verdict RTL-DIR TAG: "proved" or "counterexample" (or "error").
reloc_verdict() {
    local rtl=$1 tag=$2 log
    log=$out/$tag.log
    if ! yosys -q -l "$log.yosys" -p "read_verilog -formal -sv -DSYNTHESIS -I$arch -I$rtl \
            $rtl/vm74_reloc.v $rtl/vm74_reloc_lo.v formal/spec_access.v formal/reloc_check.sv; \
            prep -top reloc_check; write_smt2 -wires $out/$tag.smt2" >/dev/null 2>&1; then
        echo error; return
    fi
    yosys-smtbmc -s z3 -t 1 "$out/$tag.smt2" >"$log" 2>&1
    if grep -q 'Status: PASSED' "$log"; then echo proved
    elif grep -q 'Status: FAILED' "$log"; then echo counterexample
    else echo error; fi
}

# core_model RTL-DIR TAG DEFINE...: the core check's AIGER model, with
# formal/core_check.sv's start and properties selected by the defines, in
# $out/TAG.aig (its log $out/TAG.log.yosys).  False if yosys fails.
core_model() {
    local rtl=$1 tag=$2 defs="" d
    shift 2
    for d in "$@"; do defs="$defs -D$d"; done
    # Every RTL file: the hierarchy keeps vm74_core's modules, wherever
    # the core's code lives.
    yosys -q -l "$out/$tag.log.yosys" -p "read_verilog -formal -sv -DSYNTHESIS $defs \
            -I$arch -I$rtl $rtl/*.v formal/spec_access.v formal/core_check.sv; \
            script formal/core.ys; write_aiger -zinit -map $out/$tag.aim $out/$tag.aig" \
        >/dev/null 2>&1
}

# bmc_verdict TAG FRAMES: bmc3 on $out/TAG.aig: "bounded N" (no
# counterexample in N cycles), "counterexample at cycle N" or "error".
bmc_verdict() {
    local tag=$1 frames=$2 log=$out/$1.log res
    yosys-abc -c "read_aiger $out/$tag.aig; fold; bmc3 -F $frames -T $bmc_limit" >"$log" 2>&1
    res=$(grep -E 'was asserted in frame|No output asserted' "$log" | tail -n 1)
    case $res in
        *"was asserted in frame"*)
            echo "counterexample at cycle $(sed 's/.*frame \([0-9]*\).*/\1/' <<<"$res")" ;;
        *"No output asserted in"*)
            echo "bounded $(sed 's/.*asserted in \([0-9]*\) frames.*/\1/' <<<"$res")" ;;
        *) echo error ;;
    esac
}

# core_verdict RTL-DIR TAG START PROPERTY [DEFINE...]: "proved (pdr,
# unbounded)", "bounded N" (no counterexample in N cycles), "counterexample
# at cycle N" (or "error").
core_verdict() {
    local rtl=$1 tag=$2 start=$3 prop=$4
    shift 4
    core_model "$rtl" "$tag" "$start" "$prop" "$@" || { echo error; return; }
    if [[ $start == DRAINED && -z ${mutant_run:-} ]] &&
       yosys-abc -c "read_aiger $out/$tag.aig; fold; pdr -T $pdr_limit" \
           >"$out/$tag.log.pdr" 2>&1 &&
       grep -q 'Property proved' "$out/$tag.log.pdr"; then
        echo "proved (pdr, unbounded)"; return
    fi
    bmc_verdict "$tag" "$depth"
}

# induct_verdict RTL-DIR TAG START PROPERTY: PROPERTY by induction over the
# fetch pipeline's invariants (FETCH_INV): they hold in the start's first
# cycles (base) and, from any state in which they hold, in the next cycle,
# where they imply PROPERTY (step: start INDUCT, built once per property).
# "proved (1-induction, unbounded)"; else (an RTL change the invariants
# do not describe) the bounded check's verdict, and what of the induction
# failed.
induct_verdict() {
    local rtl=$1 tag=$2 start=$3 prop=$4 v
    core_model "$rtl" "$tag" "$start" FETCH_INV "$prop" || { echo error; return; }
    v=$(bmc_verdict "$tag" 2)
    if [[ $v == "bounded 2" ]]; then
        if [[ ! -s $out/$prop-INDUCT.verdict ]]; then
            core_model "$rtl" "$prop-INDUCT" INDUCT FETCH_INV "$prop" &&
                bmc_verdict "$prop-INDUCT" 2 >"$out/$prop-INDUCT.verdict" ||
                echo error >"$out/$prop-INDUCT.verdict"
        fi
        v=$(cat "$out/$prop-INDUCT.verdict")
        [[ $v == "bounded 2" ]] && { echo "proved (1-induction, unbounded)"; return; }
        v="step: $v"
    else
        v="base: $v"
    fi
    echo "$(core_verdict "$rtl" "$tag-bmc" "$start" "$prop"); induction $v"
}

# mutant NAME FROM TO: a copy of rtl/ in $out/NAME/rtl in which the text
# FROM, found wherever it is in rtl/*.v, becomes TO.  FROM is literal but
# for white space (any run of blanks and line ends matches any other), and
# must occur exactly once in all the RTL, so that a mutant follows code
# moved between files, and an RTL edit that changes or duplicates that
# text stops it with a message instead of leaving the copy unbroken.
# Prints the copy's directory, or why it does not apply (status 1).
mutant() {
    local dir=$out/$1/rtl hits
    rm -rf "$out/$1"; mkdir -p "$dir"
    cp rtl/*.v rtl/*.vh "$dir"/ 2>/dev/null
    hits=$(FROM=$2 TO=$3 perl -e '
        my $re = join("\\s+", map { quotemeta } split(" ", $ENV{FROM}));
        my ($n, @in) = (0);
        for my $f (@ARGV) {
            open(my $h, "<", $f) or die "$f: $!"; local $/; my $t = <$h>; close $h;
            my $c = () = $t =~ /$re/g;
            next unless $c;
            $n += $c; (my $b = $f) =~ s{.*/}{}; push @in, "rtl/$b";
            $t =~ s/$re/$ENV{TO}/;
            open($h, ">", $f) or die "$f: $!"; print $h $t; close $h;
        }
        print "$n @in";' "$dir"/*.v)
    if [[ ${hits%% *} != 1 ]]; then
        echo "not applied: its text is in rtl/*.v ${hits%% *} times, not once" \
             "(${hits#* }): the RTL changed, update the mutant in formal/run-formal.sh"
        return 1
    fi
    echo "$dir"
}

t0=$SECONDS
if [[ $what != mutants && $what != patterns ]]; then
v=$(reloc_verdict rtl reloc)
report "reloc (all inputs)" "$([[ $v == proved ]] && echo 1)" \
    "vm74_reloc = docs/isa.md §2 for every input: $v"

for start in $starts; do
    for prop in $props; do
        name="$(tr 'A-Z_' 'a-z-' <<<"$prop") ($(tr 'A-Z_' 'a-z-' <<<"$start"))"
        case $prop in
            USER_FETCH|FETCH_WORD) verdict=induct_verdict ;;
            *) verdict=core_verdict ;;
        esac
        v=$($verdict rtl "$prop-$start" "$start" "$prop")
        report "$name" "$([[ $v == proved* || $v == "bounded $depth" ||
                             $v == "bounded $depth;"* ]] && echo 1)" "$v"
    done
done
fi

# catches NAME FROM TO CHECK VERDICT-FUNCTION ARGS...: the check must find
# a counterexample on rtl/ with the text FROM made TO (mutant above).
catches() {
    local name=$1 from=$2 to=$3 check=$4 fn=$5 m v
    shift 5
    if m=$(mutant "$name" "$from" "$to"); then
        v=$(mutant_run=1 "$fn" "$m" "mut-$name" "$@")
    else
        v=$m
    fi
    report "mutant: $name" "$([[ $v == counterexample* ]] && echo 1)" "$check: $v"
}

# Each check must catch a deliberately broken RTL (a temporary copy).  With
# what = patterns, only whether each mutant applies (a second each).
[[ $what == patterns ]] && catches() {
    local m
    if m=$(mutant "$1" "$2" "$3"); then report "mutant applies: $1" 1 "$4"
    else report "mutant applies: $1" "" "$m"; fi
}
[[ $what == checks ]] || {
catches reloc-without-wrap \
    'assign wrap_lt = ~wrap_c;' \
    "assign wrap_lt = 1'b0;" \
    reloc reloc_verdict
catches store-past-bound \
    'st_go_q <= st_en & ~m_over & ~m_under;' \
    'st_go_q <= st_en & ~m_under;' \
    user-writes core_verdict DRAINED USER_WRITES
catches fetch-fault-ignored \
    'fl_fault_q <= chk_fault;' \
    'fl_fault_q <= chk_mis;' \
    user-fetch core_verdict DRAINED USER_FETCH
# (With the table of taken jumps silent: the buffer's fault does not need
# it, and with its answers free the bounded check takes minutes, not
# seconds; turn-unchecked is the table's.)
catches stale-buffer-word \
    'e0_insn_d = e1_insn_q;' \
    'e0_insn_d = e0_insn_q;' \
    fetch-word core_verdict DRAINED FETCH_WORD TURN_NONE
catches turn-unchecked \
    "wire        turn_good = a_pred & ~a_imm[1] &" \
    "wire        turn_good = 1'b1 | a_imm[1] |" \
    fetch-word core_verdict DRAINED FETCH_WORD
catches load-data-unchecked \
    'assign commit_o = s_loadwb_i & ~m_trap_q & ~exit_i;' \
    'assign commit_o = s_loadwb_i & ~exit_i;' \
    load-data core_verdict DRAINED LOAD_DATA
catches trap-saves-b-as-l \
    'bus_wdata_o = base_q; end' \
    'bus_wdata_o = bound_q; end' \
    trap-psw core_verdict DRAINED TRAP_PSW
catches jal-info-not-target \
    'm_info_o <= (x_run_i & x_jal_i) ? pc_tgt_i :' \
    "m_info_o <= (x_run_i & x_jal_i) ? {pc_tgt_i[31:2], 2'b00} :" \
    trap-psw core_verdict DRAINED TRAP_PSW
catches lpsw-in-user-mode \
    'wire        privileged = (x_lpsw_i | x_wfi_i) & ~mode_i;' \
    'wire        privileged = x_wfi_i & ~mode_i;' \
    user-psw core_verdict DRAINED USER_PSW
catches branch-odd-always-traps \
    'if (brbad_taken_q) begin' \
    "if (1'b1) begin" \
    branch-mis core_verdict DRAINED BRANCH_MIS
catches branch-odd-never-traps \
    'if (brbad_taken_q) begin' \
    "if (1'b0) begin" \
    branch-mis core_verdict DRAINED BRANCH_MIS
}

echo "formal: $((SECONDS - t0)) s"
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
