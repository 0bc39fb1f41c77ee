#!/bin/sh
# fpga/yosys.sh OUT MHZ SOURCES... - synthesis for the iCEBreaker: the PLL
# settings (fpga/pll.sh), then yosys synth_ice40 -dsp -dffe_min_ce_use 2
# with the board top's parameters set, giving OUT/vm74_icebreaker.json (for
# nextpnr), the netlist OUT/vm74_icebreaker_syn.v (for make postsynth) and
# the cell count (OUT/summary.txt, which fpga/pnr.sh continues).  The
# flow's step 1 of 4 (tools/lib/progress.sh: a line with its time; on a
# terminal the time ticks while it runs).
set -eu
. tools/lib/progress.sh
progress_start synth 4 steps
out=$1 mhz=$2
shift 2
top=vm74_icebreaker
mkdir -p "$out"

# ---- Clock: PLL settings from icepll --------------------------------------
eval "$(fpga/pll.sh "$mhz")"
echo "$mhz MHz requested: USE_PLL=$USE_PLL DIV2=$DIV2 DIVR=$DIVR DIVF=$DIVF DIVQ=$DIVQ" \
     "FILTER_RANGE=$FILTER_RANGE, design clock $CLK_HZ Hz" | tee "$out/pll.txt"
echo "$CLK_HZ" > "$out/clk_hz.txt"

# ---- Synthesis ----------------------------------------------------------------
# -dffe_min_ce_use 2: a clock enable that would serve one flip-flop alone
# becomes a LUT in front of it instead.  The eight flip-flops of a logic
# tile share one clock enable, so such lone enables cost tiles: measured
# 4532 -> 4483 logic cells (4486 -> 4470 with the SoC's devices in another
# order), see docs/history.md.
# The DSP counters (VM74_MAC_ACC32, fpga/vm74_mac_map.v) are black boxes
# for synth_ice40, whose DSP inference would rewrite any SB_MAC16 it meets
# as a multiplier of its own; the same file then maps them onto their
# SB_MAC16 blocks.
synthesize() {
    yosys -q -l "$out/yosys.log" -p "
    read_verilog -Ibuild/rtl -Irtl $*;
    read_verilog -lib fpga/vm74_mac_map.v;
    chparam -set CLK_HZ $CLK_HZ -set USE_PLL $USE_PLL -set CLK_DIV2 $DIV2 \
        -set PLL_DIVR $DIVR -set PLL_DIVF $DIVF -set PLL_DIVQ $DIVQ \
        -set PLL_FILTER_RANGE $FILTER_RANGE $top;
    synth_ice40 -dsp -dffe_min_ce_use 2 -top $top;
    techmap -map fpga/vm74_mac_map.v;
    write_json $out/$top.json;
    write_verilog -noattr $out/${top}_syn.v;
    tee -o $out/yosys-stat.txt stat" >/dev/null
}
progress_step 1 YOSYS "synth_ice40 -dsp -top $top, log $out/yosys.log" synthesize "$@"
cells() { awk -v c="$1" '$1 == c { n = $2 } END { print n + 0 }' "$out/yosys-stat.txt"; }
ffs=$(awk '$1 ~ /^SB_DFF/ { n += $2 } END { print n + 0 }' "$out/yosys-stat.txt")
{
    echo "synth_ice40: SB_LUT4 $(cells SB_LUT4), SB_CARRY $(cells SB_CARRY)," \
         "flip-flops $ffs, SB_RAM40_4K $(cells SB_RAM40_4K)," \
         "SB_SPRAM256KA $(cells SB_SPRAM256KA), SB_MAC16 $(cells SB_MAC16)," \
         "SB_PLL40_PAD $(cells SB_PLL40_PAD)"
} | tee "$out/summary.txt"

