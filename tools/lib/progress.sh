# tools/lib/progress.sh - where a long run is, for the shell scripts (POSIX
# sh; tools/lib/progress.h is the same for C).  On a terminal, one line on
# standard error, "LABEL: DONE/TOTAL UNIT, NOTE, ELAPSED", redrawn in place
# every second; in a log (CI, a pipe, make test) nothing, and the run's
# own lines and summary say the rest.  Sourced:
#
#   . tools/lib/progress.sh
#   progress_start LABEL TOTAL UNIT   the clock starts
#   progress DONE [NOTE]              the line now (it keeps ticking)
#   progress_clear                    the line off, before any other output
#   progress_step N TAG WHAT CMD...   step N of TOTAL: runs CMD with the
#                                     line up, then prints "  TAG  WHAT (ELAPSED)",
#                                     on a terminal or not; CMD's status

progress_tty=
if [ -t 2 ]; then progress_tty=1; fi
progress_pid=

# "42 s" or "3m05s": the seconds since $1 (date +%s).
progress_since() {
    s=$(( $(date +%s) - $1 ))
    if [ $s -lt 60 ]; then echo "$s s"; else printf '%dm%02ds\n' $((s / 60)) $((s % 60)); fi
}

progress_start() {
    progress_label=$1 progress_total=$2 progress_unit=$3 progress_t0=$(date +%s)
}

# The ticker is a subshell of its own; it stops when this shell is gone,
# and holds no standard output open (a $(...) or a pipe ends without it).
progress() {
    [ -n "$progress_tty" ] || return 0
    progress_clear
    progress_text="$progress_label: $1/$progress_total $progress_unit${2:+, $2}"
    (
        while kill -0 $$ 2>/dev/null; do
            printf '\r\033[K%s, %s' "$progress_text" "$(progress_since "$progress_t0")" >&2
            sleep 1
        done
    ) >/dev/null &
    progress_pid=$!
}

progress_clear() {
    [ -n "$progress_pid" ] || return 0
    kill "$progress_pid" 2>/dev/null || :
    wait "$progress_pid" 2>/dev/null || :
    progress_pid=
    printf '\r\033[K' >&2
}

progress_step() {
    step_n=$1 step_tag=$2 step_what=$3
    shift 3
    step_t0=$(date +%s)
    progress $((step_n - 1)) "$step_what"
    step_rc=0
    "$@" || step_rc=$?
    progress_clear
    printf '  %-7s %s (%s)\n' "$step_tag" "$step_what" "$(progress_since "$step_t0")"
    return $step_rc
}
