#!/bin/sh
# fpga/unit-timing.sh OUT UNIT... - each unit around the core on its own:
# fpga/units/UNIT.v wraps it with every input from a flip-flop and every
# output into one; yosys synth_ice40 -dsp and nextpnr-ice40 --up5k (asking
# for 60 MHz, --timing-allow-fail) give its logic cells and the Fmax of its
# own register-to-register paths, and the critical path's ends
# (OUT/UNIT/nextpnr.log has all of it).  `make unit-timing`.  On a
# terminal a line says which unit runs (tools/lib/progress.sh).
set -eu
. tools/lib/progress.sh
out=$1
shift
progress_start unit-timing $# units
done_units=0
for unit in "$@"; do
    progress $done_units "$unit"
    case $unit in
        timer) srcs="rtl/vm74_timer.v rtl/vm74_lc.v" ;;
        perf)  srcs="rtl/vm74_perf.v" ;;
        div)   srcs="rtl/vm74_div.v" ;;
        mul)   srcs="rtl/vm74_mul.v" ;;
        bus)   srcs="rtl/vm74_bus.v" ;;
        boot)  srcs="rtl/board/vm74_boot.v rtl/board/vm74_spi_flash.v rtl/vm74_uart_tx.v" ;;
        *) progress_clear; echo "unit-timing: unknown unit $unit" >&2; exit 2 ;;
    esac
    d=$out/$unit
    mkdir -p "$d"
    yosys -q -l "$d/yosys.log" -p "read_verilog -Ibuild/rtl -Irtl fpga/units/$unit.v $srcs;
        synth_ice40 -dsp -top unit_timing -json $d/unit.json" >/dev/null
    printf 'set_io clk 35\nset_io sin 6\nset_io ld 10\nset_io sout 9\n' > "$d/unit.pcf"
    nextpnr-ice40 --up5k --package sg48 --pcf "$d/unit.pcf" --json "$d/unit.json" \
        --freq 60 --timing-allow-fail > "$d/nextpnr.log" 2>&1
    lc=$(sed -n 's/^Info:[[:space:]]*ICESTORM_LC:[[:space:]]*\([0-9]*\)\/.*/\1/p' "$d/nextpnr.log" | head -1)
    fmax=$(grep "Max frequency for clock" "$d/nextpnr.log" | tail -1 | sed 's/.*: \([0-9.]*\) MHz.*/\1/')
    ends=$(awk "/Critical path report for clock/ { p = 1; next }
                p && /Critical path report|Max delay/ { exit }
                p && /Source|Setup/ { print \$NF }" "$d/nextpnr.log" | sed -n '1p;$p' | tr '\n' ' ')
    progress_clear
    echo "$unit: $lc logic cells with its wrapper, Fmax $fmax MHz; critical path $ends"
    done_units=$((done_units + 1))
done
