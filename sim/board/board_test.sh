#!/bin/sh
# sim/board/board_test.sh TB ISS PROGRAM.elf IMAGE.bin run|all
#
# run: boots IMAGE.bin on the board model TB (sim/board/board_tb.cpp: flash
#      model, boot loader, UART receiver) and compares the decoded serial
#      output and the exit state (LEDs) with PROGRAM.elf on the ISS (ISS,
#      128 KiB RAM as on the board).
# all: run, then three images the loader must refuse, each with its report
#      on the serial line: a corrupt payload (checksum), a bad header
#      (length past the end of RAM) and an empty flash (magic).
# Prints one PASS/FAIL line per case and "board-test: N passed, N failed".
set -u
tb=$1 iss=$2 elf=$3 img=$4 mode=$5
work=$(dirname "$img")/board-test.$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

result() {   # result NAME OK DETAIL
    if [ "$2" = 1 ]; then echo "PASS $1"; pass=$((pass + 1))
    else echo "FAIL $1: $3"; fail=$((fail + 1)); fi
}

# The program: same output and the same exit state as on the ISS.
"$iss" --ram=128K "$elf" > "$work/iss.out"
iss_rc=$?
[ $iss_rc -eq 0 ] && want=0 || want=1
t0=$(date +%s.%N)
"$tb" "$img" > "$work/board.out" 2> "$work/board.err"
rc=$?
t1=$(date +%s.%N)
cat "$work/board.err"
ok=0
cmp -s "$work/iss.out" "$work/board.out" && [ $rc -eq $want ] && ok=1
name="$(basename "$elf"): serial output and exit match the ISS"
name="$name ($(wc -c < "$work/board.out") bytes, $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s host time)"
result "$name" $ok \
       "board status $rc (want $want); diff: $(diff "$work/iss.out" "$work/board.out" | head -5)"

check_refused() {   # check_refused NAME IMAGE REASON
    "$tb" "$2" > "$work/bad.out" 2> "$work/bad.err"
    rc=$?
    printf 'vm74 boot: bad image: %s\r\n' "$3" > "$work/bad.want"
    ok=0
    cmp -s "$work/bad.out" "$work/bad.want" && [ $rc -eq 3 ] && ok=1
    result "$1: refused, report \"vm74 boot: bad image: $3\"" $ok \
           "status $rc, output: $(od -c "$work/bad.out" | head -3)"
}

if [ "$mode" = all ]; then
    # Flip one payload byte (offset 20 + 100).
    cp "$img" "$work/crc.img"
    b=$(od -An -tu1 -j120 -N1 "$img" | tr -d ' ')
    printf "$(printf '\\%03o' $(( b ^ 0x5a )))" |
        dd of="$work/crc.img" bs=1 seek=120 conv=notrunc status=none
    check_refused "corrupt payload" "$work/crc.img" checksum
    # Length 0x00100000: past the end of the 128 KiB RAM.
    cp "$img" "$work/hdr.img"
    printf '\000\000\020\000' | dd of="$work/hdr.img" bs=1 seek=8 conv=notrunc status=none
    check_refused "length past RAM" "$work/hdr.img" header
    # Erased flash: all ones.
    printf '\377\377\377\377' > "$work/empty.img"
    check_refused "empty flash" "$work/empty.img" magic
fi
echo "board-test: $pass passed, $fail failed"
[ $fail -eq 0 ]
