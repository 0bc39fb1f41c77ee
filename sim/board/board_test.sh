#!/bin/sh
# sim/board/board_test.sh TB ISS PROGRAM.elf IMAGE.bin run|all [ELF IMAGE]...
#
# run: boots IMAGE.bin on the board model TB (sim/board/board_tb.cpp: flash
#      model, boot loader, UART receiver) and compares the decoded serial
#      output and the exit state (LEDs) with PROGRAM.elf on the ISS (ISS,
#      128 KiB RAM as on the board).
# all: run, then images the loader must refuse, each with its report on
#      the serial line: a corrupt payload or CRC word (checksum), a bad header (length
#      past the end of RAM), a payload that would pass the end of RAM
#      (header, found while loading) and an empty flash (magic); and the
#      payload that ends exactly at the end of RAM, which it must load.
# Then each further ELF IMAGE pair runs as in run (devtest: its exit status
# says which device checks failed, sim/board/devtest.c).
# Prints one PASS/FAIL line per case and "board-test: N passed, N failed".
set -u
tb=$1 iss=$2 elf=$3 img=$4 mode=$5
shift 5
ram=131072   # VM74_RAM_SIZE_BOARD
work=$(dirname "$img")/board-test.$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

result() {   # result NAME OK DETAIL
    if [ "$2" = 1 ]; then echo "PASS $1"; pass=$((pass + 1))
    else echo "FAIL $1: $3"; fail=$((fail + 1)); fi
}

# A program: same output and the same exit state as on the ISS.
run_program() {   # run_program ELF IMAGE
    "$iss" --ram=128K "$1" > "$work/iss.out"
    iss_rc=$?
    [ $iss_rc -eq 0 ] && want=0 || want=1
    t0=$(date +%s.%N)
    "$tb" "$2" > "$work/board.out" 2> "$work/board.err"
    rc=$?
    t1=$(date +%s.%N)
    cat "$work/board.err"
    ok=0
    cmp -s "$work/iss.out" "$work/board.out" && [ $rc -eq $want ] && ok=1
    name="$(basename "$1"): serial output and exit match the ISS"
    name="$name ($(wc -c < "$work/board.out") bytes, exit $iss_rc,"
    name="$name $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s host time)"
    result "$name" $ok \
           "board status $rc (want $want); diff: $(diff "$work/iss.out" "$work/board.out" | head -5)"
}
run_program "$elf" "$img"

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
    # Flip a bit of the header's CRC word (its top byte, offset 19): the
    # loader reads that word again after the payload.
    cp "$img" "$work/crcw.img"
    b=$(od -An -tu1 -j19 -N1 "$img" | tr -d ' ')
    printf "$(printf '\\%03o' $(( b ^ 0x80 )))" |
        dd of="$work/crcw.img" bs=1 seek=19 conv=notrunc status=none
    check_refused "corrupt checksum word" "$work/crcw.img" checksum
    # Length 0x00100000: past the end of the 128 KiB RAM.
    cp "$img" "$work/hdr.img"
    printf '\000\000\020\000' | dd of="$work/hdr.img" bs=1 seek=8 conv=notrunc status=none
    check_refused "length past RAM" "$work/hdr.img" header
    # A payload placed so that it would pass the end of RAM: the loader
    # finds out when the load reaches the last RAM word (docs/fpga.md).
    len=$(od -An -tu4 -j8 -N4 "$img" | tr -d ' ')
    put_word() {   # put_word FILE OFFSET VALUE: a little-endian word
        printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($3 & 255)) $((($3 >> 8) & 255)) \
            $((($3 >> 16) & 255)) $((($3 >> 24) & 255)))" |
            dd of="$1" bs=1 seek="$2" conv=notrunc status=none
    }
    cp "$img" "$work/end.img"
    put_word "$work/end.img" 4 $((ram - len + 4))
    check_refused "payload past the end of RAM" "$work/end.img" header
    # The same payload ending exactly at the end of RAM is loaded (and the
    # core then runs the zeroed RAM at the entry: no exit, no report).
    put_word "$work/end.img" 4 $((ram - len))
    "$tb" --max-cycles=$((8 * len * 2 + 400000)) "$work/end.img" > "$work/fit.out" 2> "$work/fit.err"
    rc=$?
    ok=0
    [ $rc -eq 124 ] && [ ! -s "$work/fit.out" ] &&
        grep -q 'boot loader done at cycle [1-9]' "$work/fit.err" && ok=1
    result "payload ending at the end of RAM: loaded, not refused" $ok \
           "status $rc, $(cat "$work/fit.err"), output: $(od -c "$work/fit.out" | head -3)"
    # Erased flash: all ones.
    printf '\377\377\377\377' > "$work/empty.img"
    check_refused "empty flash" "$work/empty.img" magic
fi
while [ $# -ge 2 ]; do
    run_program "$1" "$2"
    shift 2
done
echo "board-test: $pass passed, $fail failed"
[ $fail -eq 0 ]
