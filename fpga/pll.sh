#!/bin/sh
# fpga/pll.sh MHZ - the PLL settings for a design clock of MHZ from the
# iCEBreaker's 12 MHz oscillator, as computed by icepll, printed as
# shell assignments: USE_PLL DIV2 DIVR DIVF DIVQ FILTER_RANGE CLK_HZ.
# 12 MHz needs no PLL, and 6 MHz is the pin clock halved by a flip-flop
# (DIV2): the PLL cannot make less than 16 MHz.
set -eu
mhz=$1
case $mhz in
12) echo "USE_PLL=0 DIV2=0 DIVR=0 DIVF=0 DIVQ=0 FILTER_RANGE=0 CLK_HZ=12000000"; exit 0 ;;
6)  echo "USE_PLL=0 DIV2=1 DIVR=0 DIVF=0 DIVQ=0 FILTER_RANGE=0 CLK_HZ=6000000"; exit 0 ;;
esac
out=$(icepll -i 12 -o "$mhz" -p) || { echo "pll.sh: icepll failed for $mhz MHz" >&2; exit 1; }
field() { echo "$out" | sed -n "s/^$1: *\([0-9]*\).*/\1/p"; }
divr=$(field DIVR); divf=$(field DIVF); divq=$(field DIVQ); filt=$(field FILTER_RANGE)
# The exact output frequency: 12 MHz * (DIVF+1) / ((DIVR+1) * 2^DIVQ).
hz=$(( 12000000 * (divf + 1) / ((divr + 1) * (1 << divq)) ))
echo "USE_PLL=1 DIV2=0 DIVR=$divr DIVF=$divf DIVQ=$divq FILTER_RANGE=$filt CLK_HZ=$hz"
