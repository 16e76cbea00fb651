# shellcheck shell=bash
# tests/vm/checklib.sh - what the VM checkers (check-topo.sh, check-bench.sh,
# check-stats.sh) have in common; sourced by them, never run on its own.
#
# Why: every checker boots one testbed.sh guest with the topology of a
# layout, runs a guest script that prints marked sections, splits them on
# the host and prints one line per check, `PASS: <what>` or
# `FAIL: <what>: <details>`.  That plumbing lives here, so that each checker
# keeps only its guest script and its own checks.
#
# The sourcing script sets `set -uo pipefail`, here (its directory,
# tests/vm) and me (its file name, for messages) before sourcing this file.
#
#   layout_args DEFAULT ARGS...   the command line: sets layout, layout_file
#   load_layout                   sources the layout file
#   make_tmp                      sets tmp, a directory removed on exit
#   boot_guest SCRIPT [OPTION...] boots the layout, runs SCRIPT in the
#                                 guest, splits its output into sections
#   require_sections NAME...      each section must be in the guest output
#   check, exit_check             one PASS or FAIL line (pass, fail, words,
#                                 oneline: tests/lib.sh); fail sets failed=1
#
# Guest output: a section starts with a line "@@@ NAME" and ends with
# "@@@ end NAME rc=N" or "@@@ end NAME rc=N s=SECONDS" (NAME: a-z, 0-9,
# "-"); boot_guest writes the lines in between to $tmp/sec.NAME, N to
# $tmp/rc.NAME and SECONDS, where given, to $tmp/s.NAME.  Lines outside a
# section are dropped.
#
# Exit statuses the checkers share: 0 when every check passed (exit
# "$failed"), 1 when one failed, 125 when the guest could not be run (as
# testbed.sh), 2 for a usage error.
# The awk programs are single-quoted on purpose:
# shellcheck disable=SC2016

# pass, fail, check_eq, words, oneline and `failed` come from the one
# shell test library.
# shellcheck source=tests/lib.sh
. "${here:?}/../lib.sh"

# The helpers every guest script starts with (boot_guest prepends them):
#   up                      seconds since the guest booted
#   secs T0                 seconds since T0 (an `up`), one decimal
#   show FILE               the file, with a final newline if it lacks one
#                           (so the next marker starts a line)
#   sec NAME / end NAME RC  a section's start and end markers
#   run NAME SECS COMMAND...  COMMAND under `timeout SECS`, its stdout in
#                           section NAME (with rc= and s=), its stderr in
#                           section NAME-err
guest_lib='
up() { cut -d" " -f1 /proc/uptime; }
secs() { awk -v a="$1" -v b="$(up)" "BEGIN { printf \"%.1f\", b - a }"; }
show() { cat "$1"; if [ -s "$1" ] && [ -n "$(tail -c 1 "$1")" ]; then echo; fi; }
sec() { echo "@@@ $1"; }
end() { echo "@@@ end $1 rc=$2 s=0"; }
run() {
    name=$1 secs=$2
    shift 2
    t0=$(up)
    timeout "$secs" "$@" >"/tmp/$name.out" 2>"/tmp/$name.err"
    rc=$?
    s=$(secs "$t0")
    echo "@@@ $name"; show "/tmp/$name.out"
    echo "@@@ end $name rc=$rc s=$s"
    echo "@@@ $name-err"; show "/tmp/$name.err"; echo "@@@ end $name-err rc=0 s=0"
}
'

# layout_args DEFAULT ARGS...: the checker's command line.  ARGS is one
# LAYOUT (a name in tests/vm/layouts/, or a path to a layout file), or
# nothing when DEFAULT is not empty.  Sets layout and layout_file; a bad
# command line or a missing layout file is a usage error (exit 2).
layout_args() {
    local default=$1
    shift
    if [ $# -gt 1 ] || { [ $# -eq 0 ] && [ -z "$default" ]; } ||
        { [ $# -eq 1 ] && [ "${1#-}" != "$1" ]; }; then
        if [ -n "$default" ]; then
            echo "usage: tests/vm/${me:?} [LAYOUT]" >&2
        else
            echo "usage: tests/vm/${me:?} LAYOUT" >&2
        fi
        exit 2
    fi
    layout=${1:-$default}
    case $layout in
        */*|*.sh) layout_file=$layout ;;
        *) layout_file=${here:?}/layouts/$layout.sh ;;
    esac
    [ -f "$layout_file" ] || { echo "$me: no layout $layout_file" >&2; exit 2; }
}

# load_layout: source the layout file (it sets QEMU_ARGS and the declared
# expectations: NODES, NODE_CPUS_N, NODE_SIZE_N, ...); one that declares no
# NODES is a usage error (exit 2).  Set the other variables the checker
# reads to their defaults before calling this.
load_layout() {
    NODES=
    # shellcheck source=/dev/null
    . "$layout_file"
    [ -n "$NODES" ] || { echo "$me: layout $layout_file declares no NODES" >&2; exit 2; }
}

# make_tmp: tmp, a fresh directory, removed when the checker exits.
make_tmp() {
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/numaprobe-${me%.sh}.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
}

# boot_guest SCRIPT [TESTBED_OPTION...]: boot the layout once with
# testbed.sh and run SCRIPT in the guest.  Prints the PASS line of the boot
# with its wall-clock time; on a testbed failure, the FAIL line and the
# guest's output, and exits 125 when testbed.sh did, 1 otherwise.  Then
# splits the output into $tmp/sec.NAME etc. (see above).
boot_guest() {
    local script=$1 trc t0 t1
    shift
    t0=$(date +%s.%N)
    "$here/testbed.sh" "$layout" "$@" -- "$guest_lib$script" > "$tmp/guest.txt"
    trc=$?
    t1=$(date +%s.%N)
    if [ "$trc" -ne 0 ]; then
        echo "FAIL: boot $layout and run the guest script: testbed.sh exited $trc"
        sed 's/^/  guest: /' "$tmp/guest.txt"
        [ "$trc" -eq 125 ] && exit 125
        exit 1
    fi
    echo "PASS: boot $layout and run the guest script ($(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s)"

    awk -v dir="$tmp" '
        /^@@@ end [a-z0-9-]+ rc=[0-9]+( s=[0-9.]+)?$/ {
            split($4, r, "=")
            print r[2] > (dir "/rc." $3); close(dir "/rc." $3)
            if (NF == 5) {
                split($5, s, "=")
                print s[2] > (dir "/s." $3); close(dir "/s." $3)
            }
            name = ""; next
        }
        /^@@@ [a-z0-9-]+$/ { name = $2; printf "" > (dir "/sec." name); next }
        name != "" { print > (dir "/sec." name) }
    ' "$tmp/guest.txt"
}

# section_missing NAME: the FAIL line for a section missing from the guest
# output, then the whole guest output; exits 1.
section_missing() {
    fail "guest section $1" "missing from the guest output"
    sed 's/^/  guest: /' "$tmp/guest.txt"
    exit 1
}

# require_sections NAME...: section_missing the first NAME whose section or
# exit status is not in the guest output.
require_sections() {
    local s
    for s in "$@"; do
        if [ ! -f "$tmp/sec.$s" ] || [ ! -f "$tmp/rc.$s" ]; then
            section_missing "$s"
        fi
    done
}

# check WHAT EXPECTED ACTUAL: tests/lib.sh's check_eq.
check() { check_eq "$@"; }

# exit_check WHAT SECTION EXPECTED: the exit status of SECTION's command,
# with the guest seconds it took (s=); its stderr (section SECTION-err) in
# the FAIL line.
exit_check() {
    local rc secs why=''
    rc=$(cat "$tmp/rc.$2")
    secs=$(cat "$tmp/s.$2")
    [ "$rc" = 143 ] && why=" (killed by the guest-side timeout: a hang?)"
    if [ "$rc" = "$3" ]; then
        pass "$1 exits $3 (guest ${secs} s)"
    else
        fail "$1 exits $3" "exit status $rc$why after ${secs} s; stderr: $(oneline "$tmp/sec.$2-err")"
    fi
}

