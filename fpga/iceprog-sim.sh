#!/bin/sh
# fpga/iceprog-sim.sh FLASH.bin [-o OFFSET] FILE - what `iceprog [-o OFFSET]
# FILE` does to a board's flash, done to the file FLASH.bin instead (16 MiB,
# made all ones if it does not exist): iceprog's default erase mode erases
# the 64 KiB blocks that the write touches (all of each, so bytes before
# and after the written ones in those blocks become 0xff), then writes FILE
# at OFFSET.  OFFSET in bytes, or with a k or M suffix, as iceprog takes
# it.  For `make prog-check`: `make prog ICEPROG="fpga/iceprog-sim.sh
# FLASH.bin"`.
set -eu
flash=$1
shift
offset=0
if [ "$#" -ge 2 ] && [ "$1" = -o ]; then
    offset=$2
    shift 2
fi
[ "$#" -eq 1 ] || { echo "iceprog-sim: usage: FLASH.bin [-o OFFSET] FILE" >&2; exit 2; }
file=$1
case $offset in
    *k) offset=$(( ${offset%k} * 1024 )) ;;
    *M) offset=$(( ${offset%M} * 1024 * 1024 )) ;;
    *)  offset=$(( offset )) ;;
esac
size=16777216
block=65536
len=$(wc -c < "$file")
if [ $(( offset + len )) -gt $size ]; then
    echo "iceprog-sim: $file ($len bytes) at $offset passes the end of the 16 MiB flash" >&2
    exit 1
fi
ones() { head -c "$1" /dev/zero | tr '\000' '\377'; }
[ -f "$flash" ] || ones $size > "$flash"
first=$(( offset / block ))
last=$(( (offset + len - 1) / block ))
ones $(( (last - first + 1) * block )) |
    dd of="$flash" bs=$block seek=$first conv=notrunc status=none
dd if="$file" of="$flash" bs=1 seek="$offset" conv=notrunc status=none
echo "iceprog-sim: $file ($len bytes) at $offset, blocks $first-$last erased"
