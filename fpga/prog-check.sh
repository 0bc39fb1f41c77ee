#!/bin/sh
# fpga/prog-check.sh FLASH.bin BITSTREAM IMAGE OFFSET BOARD_TB - checks what
# `make prog` wrote to a simulated flash (fpga/iceprog-sim.sh): the
# bitstream at 0, the image at OFFSET, and the board model booting from that
# flash exactly as from the image alone (same serial output, same exit
# state).  Prints PASS/FAIL lines and "prog-check: N passed, N failed".
set -u
flash=$1 bit=$2 img=$3 off=$(( $4 )) tb=$5
pass=0 fail=0
result() {   # result NAME OK DETAIL
    if [ "$2" = 1 ]; then echo "PASS $1"; pass=$((pass + 1))
    else echo "FAIL $1: $3"; fail=$((fail + 1)); fi
}
same_bytes() {   # same_bytes FILE AT: FILE's bytes are FLASH's from AT
    n=$(wc -c < "$1")
    tail -c +"$(( $2 + 1 ))" "$flash" | head -c "$n" | cmp -s - "$1"
}
bitlen=$(wc -c < "$bit")
if same_bytes "$bit" 0; then ok=1; else ok=0; fi
result "bitstream at 0 ($bitlen bytes)" $ok "the flash's first $bitlen bytes differ"
if same_bytes "$img" "$off"; then ok=1; else ok=0; fi
result "image at $off ($(wc -c < "$img") bytes)" $ok "the flash's bytes at $off differ"
if [ "$bitlen" -le "$off" ]; then ok=1; else ok=0; fi
result "the bitstream ends before the image" $ok "$bitlen bytes reach past $off"

work=$(mktemp -d "${TMPDIR:-/tmp}/prog-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$tb" --max-cycles=200000000 --flash "$flash" > "$work/flash.out" 2> "$work/flash.err"
st_flash=$?
"$tb" --max-cycles=200000000 "$img" > "$work/img.out" 2> "$work/img.err"
st_img=$?
if [ $st_flash = $st_img ] && cmp -s "$work/flash.out" "$work/img.out" &&
   [ $st_flash = 0 ]; then ok=1; else ok=0; fi
result "boots from the flash as from the image (exit $st_flash, $(wc -c < "$work/flash.out") bytes of output)" \
    $ok "exit $st_flash from the flash, $st_img from the image; $(tail -n 1 "$work/flash.err")"
echo "prog-check: $pass passed, $fail failed"
[ $fail = 0 ]
