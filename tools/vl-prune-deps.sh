#!/bin/bash
# vl-prune-deps.sh DIR - drop the compiler's dependency files in a
# Verilator --Mdir that name a file which no longer exists, with the
# object each one describes.
#
#   tools/vl-prune-deps.sh build/fpga/board-rtl
#
# Verilator's --build includes every DIR/*.d (gcc -MMD).  When a source
# given to --exe moves, its old .d still names the old path, and make
# stops with "No rule to make target" before compiling anything: an
# incremental build breaks where a clean one works.  Removing the .d and
# its object makes that one file compile again; everything else keeps
# its objects.  Exits 0 when DIR does not exist (a first build).

set -eu
dir=${1:?usage: vl-prune-deps.sh DIR}
[[ -d $dir ]] || exit 0

shopt -s nullglob
for dep in "$dir"/*.d; do
    # The compiler's files only: "X.o: source headers...", relative names
    # relative to DIR, where Verilator's make runs.  Verilator's own
    # V*__ver.d (its list of inputs, relative to where it was started)
    # is Verilator's to read.
    rule=$(sed -e ':a' -e '/\\$/N; s/\\\n/ /; ta' "$dep" | head -n 1)
    [[ $rule == *.o:* ]] || continue
    obj=${rule%%.o:*}.o
    for f in ${rule#*.o:}; do
        [[ $f == /* ]] || f=$dir/$f
        if [[ ! -e $f ]]; then
            echo "vl-prune-deps: ${dep##*/} names $f, which is gone: dropping it and $obj"
            rm -f -- "$dep" "$dir/$obj"
            break
        fi
    done
done
