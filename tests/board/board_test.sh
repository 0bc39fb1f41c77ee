#!/bin/sh
# tests/board/board_test.sh TB ISS CASE...
#
# Boots images on the board model TB (tests/board/board_tb.cpp: flash model,
# boot loader, UART receiver at 115200 baud) and checks what comes out of
# the serial line.  ISS is build/vm74-sim.  The cases, in any number:
#
#   run PROGRAM.elf IMAGE.bin
#       the decoded serial output and the exit state (LEDs) equal
#       PROGRAM.elf's on the ISS (128 KiB RAM, as on the board)
#   refused IMAGE.bin
#       images the loader must refuse, each with its report on the serial
#       line: IMAGE with a corrupt payload or a corrupt CRC word in its
#       header (checksum), with a length past
#       the end of RAM (header), placed so that the payload would pass the
#       end of RAM (header, found while loading), and an empty flash
#       (magic); and IMAGE placed to end exactly at the end of RAM, which
#       it must load
#       (devtest, tests/board/devtest.c, is a run case: its exit status says
#       which device checks failed)
#   vmm VMM.elf IMAGE.bin VMM_RUN CONF ELF_DIR
#       the VMM with its guests against `make run` on the ISS (VMM_RUN
#       --backend=iss --conf CONF --elf-dir ELF_DIR VMM.elf, which must pass
#       its own checks): the VMM exits 0 on the board, and the deterministic
#       part of the two consoles is the same (vmm_digest below)
#
# Prints one PASS/FAIL line per check and "board-test: N passed, N failed";
# on a terminal also a line with the checks done (tools/lib/progress.sh).
set -u
. "$(dirname "$0")/../../tools/lib/progress.sh"
tb=$1 iss=$2
ram=131072   # VM74_RAM_SIZE_BOARD
shift 2
work=$(mktemp -d "${TMPDIR:-/tmp}/board-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

result() {   # result NAME OK DETAIL
    progress_clear
    if [ "$2" = 1 ]; then echo "PASS $1"; pass=$((pass + 1))
    else echo "FAIL $1: $3"; fail=$((fail + 1)); fi
    progress $((pass + fail))
}

# The checks the cases make: a run or vmm case one, a refused case six
# (case_refused below).
checks_in() {
    n=0
    while [ $# -gt 0 ]; do
        case $1 in
        run) n=$((n + 1)); shift 3 ;;
        refused) n=$((n + 6)); shift 2 ;;
        vmm) n=$((n + 1)); shift 6 ;;
        *) break ;;
        esac
    done
    echo $n
}

# board OUT IMAGE [TB OPTIONS]: boot IMAGE, serial output to OUT, the
# board-tb summary to OUT.err (and shown); sets rc and secs.
board() {
    out=$1 img=$2
    shift 2
    t0=$(date +%s.%N)
    "$tb" "$@" "$img" > "$out" 2> "$out.err"
    rc=$?
    t1=$(date +%s.%N)
    progress_clear
    cat "$out.err"
    progress $((pass + fail))
    secs=$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }")
}

# The program: same output and the same exit state as on the ISS.
case_run() {   # case_run PROGRAM.elf IMAGE.bin
    "$iss" --ram=128K "$1" > "$work/iss.out"
    [ $? -eq 0 ] && want=0 || want=1
    board "$work/board.out" "$2"
    ok=0
    cmp -s "$work/iss.out" "$work/board.out" && [ $rc -eq $want ] && ok=1
    result "$(basename "$1"): serial output and exit match the ISS ($(wc -c < "$work/board.out") bytes, $secs s host time)" \
           $ok "board status $rc (want $want); diff: $(diff "$work/iss.out" "$work/board.out" | head -5)"
}

check_refused() {   # check_refused NAME IMAGE REASON
    board "$work/bad.out" "$2"
    printf 'vm74 boot: bad image: %s\r\n' "$3" > "$work/bad.want"
    ok=0
    cmp -s "$work/bad.out" "$work/bad.want" && [ $rc -eq 3 ] && ok=1
    result "$1: refused, report \"vm74 boot: bad image: $3\"" $ok \
           "status $rc, output: $(od -c "$work/bad.out" | head -3)"
}

case_refused() {   # case_refused IMAGE.bin
    # Flip one payload byte (offset 20 + 100).
    cp "$1" "$work/crc.img"
    b=$(od -An -tu1 -j120 -N1 "$1" | tr -d ' ')
    printf "$(printf '\\%03o' $(( b ^ 0x5a )))" |
        dd of="$work/crc.img" bs=1 seek=120 conv=notrunc status=none
    check_refused "corrupt payload" "$work/crc.img" checksum
    # Flip a bit of the header's CRC word (its top byte, offset 19): the
    # loader reads that word again after the payload.
    cp "$1" "$work/crcw.img"
    b=$(od -An -tu1 -j19 -N1 "$1" | tr -d ' ')
    printf "$(printf '\\%03o' $(( b ^ 0x80 )))" |
        dd of="$work/crcw.img" bs=1 seek=19 conv=notrunc status=none
    check_refused "corrupt checksum word" "$work/crcw.img" checksum
    # Length 0x00100000: past the end of the 128 KiB RAM.
    cp "$1" "$work/hdr.img"
    printf '\000\000\020\000' | dd of="$work/hdr.img" bs=1 seek=8 conv=notrunc status=none
    check_refused "length past RAM" "$work/hdr.img" header
    # A payload placed so that it would pass the end of RAM: the loader
    # finds out when the load reaches the last RAM word (docs/fpga.md).
    len=$(od -An -tu4 -j8 -N4 "$1" | tr -d ' ')
    put_word() {   # put_word FILE OFFSET VALUE: a little-endian word
        printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($3 & 255)) $((($3 >> 8) & 255)) \
            $((($3 >> 16) & 255)) $((($3 >> 24) & 255)))" |
            dd of="$1" bs=1 seek="$2" conv=notrunc status=none
    }
    cp "$1" "$work/end.img"
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
}

# What of the VMM's console does not depend on timing (docs/fpga.md): its
# banner (the guests and their partitions), each guest's tagged lines in
# the guest's own order (how the guests' lines interleave depends on the
# timing, here on the UART's 115200 baud), and each guest's end and exit
# code from the VMM's closing table (not its counts and cycles, which are
# on lines marked "~ ", VMM_TIMING_MARK).  One line each, sorted stably by
# their first word, so guest by guest.
vmm_digest() {
    LC_ALL=C awk '
        /^~ / { next }
        /^vm74 VMM: / || /^  [a-z0-9_-]+ +partition / { print "setup: " $0; next }
        /^\[[a-z0-9_-]+\] / { print; next }
        /^vmm: all guests finished/ { table = 1; next }
        table && /^guest / { next }
        table && NF == 0 { table = 0; next }
        table { print "end: " $1, $2, $3 }
    ' "$1" | LC_ALL=C sort -s -k1,1
}

case_vmm() {   # case_vmm VMM.elf IMAGE.bin VMM_RUN CONF ELF_DIR
    "$3" --backend=iss --conf "$4" --elf-dir "$5" "$1" > "$work/run.out" 2>&1
    run_rc=$?
    # About 60 M cycles at 6 MHz (UART waits included); the limit is loose.
    board "$work/vmm.out" "$2" --max-cycles=250000000
    vmm_digest "$work/run.out" > "$work/run.digest"
    vmm_digest "$work/vmm.out" > "$work/vmm.digest"
    ok=0
    [ $run_rc -eq 0 ] && [ $rc -eq 0 ] && ! grep -q "framing errors" "$work/vmm.out.err" &&
        [ -s "$work/run.digest" ] && cmp -s "$work/run.digest" "$work/vmm.digest" && ok=1
    result "$(basename "$1"): every guest's serial lines, end and exit code match make run on the ISS ($(grep -c '^\[' "$work/vmm.out") guest lines, $secs s host time)" \
           $ok "make run status $run_rc, board status $rc (want 0 and 0); diff: $(diff "$work/run.digest" "$work/vmm.digest" | head -5)"
}

progress_start board-test "$(checks_in "$@")" checks
progress 0
while [ $# -gt 0 ]; do
    case $1 in
    run) case_run "$2" "$3"; shift 3 ;;
    refused) case_refused "$2"; shift 2 ;;
    vmm) case_vmm "$2" "$3" "$4" "$5" "$6"; shift 6 ;;
    *) echo "board_test.sh: unknown case '$1'"; fail=$((fail + 1)); break ;;
    esac
done
progress_clear
echo "board-test: $pass passed, $fail failed"
[ $fail -eq 0 ]
