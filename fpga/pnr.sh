#!/bin/sh
# fpga/pnr.sh OUT PCF [SEED] - the rest of the iCEBreaker flow (make synth), after
# fpga/yosys.sh:  nextpnr-ice40 --up5k --package sg48 -> icetime -> icepack
# OUT/vm74_icebreaker.bin.  It prints the utilisation, the achieved Fmax
# (nextpnr and icetime) and the critical path, appends them to
# OUT/summary.txt, and fails if the design does not fit (status 1) or does
# not meet timing at the design clock, OUT/clk_hz.txt (status 2: another
# seed may place it so that it does; fpga/fpga.mk tries the next ones).
# SEED is nextpnr's placement seed (default 1): the achieved Fmax varies by
# some percent from seed to seed, so the figure is given with its seed.
# Steps 2 to 4 of the flow's 4 (fpga/yosys.sh is 1; tools/lib/progress.sh):
# each prints a line with its time; on a terminal the time ticks.
set -eu
. tools/lib/progress.sh
progress_start synth 4 steps
out=$1 pcf=$2 seed=${3:-1}
top=vm74_icebreaker
CLK_HZ=$(cat "$out/clk_hz.txt")
fmhz=$(awk "BEGIN { printf \"%.3f\", $CLK_HZ / 1e6 }")
sed -i '/^nextpnr\|^icetime\|^icepack\|^synth:\|^    /d' "$out/summary.txt"

# ---- Place and route --------------------------------------------------------------
# The heap placer's timing weight doubled (default 10): at 90 % of the part
# the critical paths' routing is most of their delay, and the weight moved
# the Fmax of five seeds from 25.8-27.4 MHz to 26.8-28.3 (docs/history.md).
PNR_TIMING_WEIGHT=20
place_and_route() {
    nextpnr-ice40 --up5k --package sg48 --pcf "$pcf" --json "$out/$top.json" \
        --asc "$out/$top.asc" --freq "$fmhz" --seed "$seed" \
        --placer-heap-timingweight "$PNR_TIMING_WEIGHT" \
        --report "$out/nextpnr-report.json" \
        > "$out/nextpnr.log" 2>&1
}
pnr=0
progress_step 2 NEXTPNR "--up5k --package sg48 --freq $fmhz --seed $seed --placer-heap-timingweight $PNR_TIMING_WEIGHT, log $out/nextpnr.log" \
    place_and_route || pnr=$?
util() { sed -n "s/^Info:[[:space:]]*$1:[[:space:]]*\([0-9]*\/[[:space:]]*[0-9]*\) .*/\1/p" "$out/nextpnr.log" | head -1 | tr -d ' '; }
echo "nextpnr utilisation: logic cells (ICESTORM_LC) $(util ICESTORM_LC)," \
     "BRAM $(util ICESTORM_RAM), SPRAM $(util ICESTORM_SPRAM)," \
     "DSP $(util ICESTORM_DSP), PLL $(util ICESTORM_PLL), IO $(util SB_IO)," \
     "global buffers $(util SB_GB)" | tee -a "$out/summary.txt"
if [ $pnr -ne 0 ]; then
    err=$(grep -m1 '^ERROR' "$out/nextpnr.log" || true)
    echo "synth: FAILED in nextpnr (seed $seed): $err" | tee -a "$out/summary.txt"
    lc=$(util ICESTORM_LC)
    if echo "$err" | grep -q 'no BELs remaining.*ICESTORM_LC'; then
        echo "synth: the design needs ${lc%/*} logic cells; the UP5K has ${lc#*/}." \
             "It does not fit: no bitstream, no timing figures." | tee -a "$out/summary.txt"
    fi
    # nextpnr itself stops when its placement misses the clock.
    if echo "$err" | grep -q 'Max frequency.*FAIL'; then exit 2; fi
    exit 1
fi

# ---- Timing -------------------------------------------------------------------------
# The design clock is the net 'clk' (the PLL's or the divider's global
# buffer); every other clock nextpnr lists must pass too.
fmax_line=$(grep "Max frequency for clock *'clk'" "$out/nextpnr.log" | tail -1 | sed 's/^Info: //')
clocks=$(grep "Max frequency for clock" "$out/nextpnr.log" | awk '{ k = $5 } { last[k] = $0 } END { for (k in last) print last[k] }')
echo "nextpnr: $fmax_line" | tee -a "$out/summary.txt"
echo "nextpnr critical path of clk (from $out/nextpnr.log), first and last cells:" | tee -a "$out/summary.txt"
awk "/Critical path report for clock 'clk'/ { p = 1; next }
     p && /Critical path report/ { exit }
     p { sub(/^Info: */, \"\"); print }" "$out/nextpnr.log" > "$out/critical.txt"
{ grep -m1 Source "$out/critical.txt"; grep Setup "$out/critical.txt" | tail -1
  grep 'ns logic' "$out/critical.txt" | tail -1; } | sed 's/^/    /' | tee -a "$out/summary.txt"

timing() {
    icetime -d up5k -P sg48 -p "$pcf" -c "$fmhz" -t -r "$out/icetime.txt" \
        "$out/$top.asc" > "$out/icetime.log" 2>&1 || true
}
progress_step 3 ICETIME "up5k at $fmhz MHz, report $out/icetime.txt" timing
echo "icetime: $(grep -m1 'Total path delay' "$out/icetime.txt" || echo 'no figure (see icetime.log)')" |
    tee -a "$out/summary.txt"

progress_step 4 ICEPACK "$out/$top.bin" icepack "$out/$top.asc" "$out/$top.bin"
echo "icepack: $out/$top.bin ($(wc -c < "$out/$top.bin") bytes)" | tee -a "$out/summary.txt"

if [ -z "$fmax_line" ] || echo "$clocks" | grep -q FAIL; then
    echo "synth: FAILED: timing not met at $fmhz MHz (seed $seed):" $clocks | tee -a "$out/summary.txt"
    exit 2
fi
echo "synth: timing met at $fmhz MHz (seed $seed)" | tee -a "$out/summary.txt"
