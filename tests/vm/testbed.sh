#!/bin/bash
# tests/vm/testbed.sh - run one command inside a throw-away multi-node NUMA
# Linux guest (QEMU, TCG) and hand back its output and exit status.
#
# Usage: tests/vm/testbed.sh LAYOUT [--timeout SEC] [--add HOST[:GUEST]]... -- COMMAND...
#
# Why: the development and CI machines have a single NUMA node.  Everything
# NUMA-specific that numaprobe does (remote placement, per-node counters,
# distance matrices, memory-only nodes, HMAT) has to be checked against a
# real kernel's view of a real multi-node topology; a QEMU guest booted
# straight into an initramfs gives that in a few seconds, with no disk
# image, no network and no root file system to maintain.
#
# What it does:
#   * LAYOUT names tests/vm/layouts/LAYOUT.sh (or is a path to such a file);
#     sourcing it must set QEMU_ARGS (memory, -smp, -machine, -numa ...),
#     split on white space.  The layout's other variables are expectations
#     for the checkers, not used here.
#   * builds a gzip'd newc cpio initramfs (with `busybox cpio`) holding
#     busybox (/init makes its applet links at boot), /init, the numaprobe binary at
#     /usr/bin/numaprobe, the host's numactl and numastat, every library
#     `ldd` lists for them at the same path, and the dynamic loader;
#   * boots the kernel that kernel.sh provides with
#       -accel tcg -nographic -no-reboot -nic none -monitor none
#       -append "console=ttyS0 quiet panic=-1 nokaslr"
#     ttyS0 (the console: kernel messages, /init's own messages) goes to
#     console.log, ttyS1 (only the command's stdout+stderr, then a marker
#     line with its exit status) goes to out.txt, so kernel messages never
#     interleave with the command's output;
#   * /init mounts proc, sysfs and devtmpfs, runs COMMAND with `sh -c`
#     (stdin /dev/null, cwd /root, stdout and stderr one pipe: not a tty),
#     writes the marker and calls poweroff -f.
#
# COMMAND: a single argument is a shell script (`sh -c "$1"`); several
# arguments are one command and its arguments, quoted so that the guest
# runs exactly that argv.  The guest's PATH holds /usr/bin, /bin, /usr/sbin,
# /sbin; numaprobe, numactl and numastat are on it.
#
# Output: the command's stdout and stderr (merged, in order) on stdout;
# exit status: the command's.  125 when the guest did not boot, timed out,
# or left no exit marker; the guest console log then goes to stderr (and
# whatever partial output came back).  2 for a usage error.
#
# Options and environment:
#   --timeout SEC     wall-clock limit for the whole QEMU run (default 300,
#                     or $TESTBED_TIMEOUT); TCG boots a 4-vCPU guest in ~4 s.
#   --add HOST[:GUEST]  also copy file HOST into the guest (at GUEST, default
#                     the same path) with its ldd libraries; repeatable.
#   NUMAPROBE=PATH    binary under test (default build/numaprobe of this
#                     checkout; built with `make all` if missing).
#   TESTBED_KEEP=1    keep the temp dir (initramfs, console.log, out.txt,
#                     qemu.log) and print its path on stderr.
#   TESTBED_VERBOSE=1 print the QEMU command line and timings on stderr.
#   TESTBED_QEMU      QEMU binary (default qemu-system-x86_64).
#   TESTBED_KERNEL_ARGS  extra guest kernel command line arguments.
#   TESTBED_CACHE     cache directory (default tests/vm/cache), see kernel.sh.
#
# The initramfs is rebuilt on every run: that takes ~0.5 s, against 3-5 s of
# boot, and it can never be stale.
set -euo pipefail
# Any unexpected failure of this script is a testbed failure (125), never
# to be mistaken for the command's own exit status.
trap 'printf "%s: internal error at line %s\n" testbed.sh "$LINENO" >&2; exit 125' ERR

me=testbed.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)

usage() {
    sed -n 's/^# \(Usage: .*\)/\1/p' "${BASH_SOURCE[0]}" >&2
    exit 2
}
die() { printf '%s: %s\n' "$me" "$*" >&2; exit 125; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# ---- arguments -----------------------------------------------------------
[ $# -ge 1 ] || usage
layout=$1
shift
timeout_s=${TESTBED_TIMEOUT:-300}
adds=()
while [ $# -gt 0 ]; do
    case $1 in
        --timeout) [ $# -ge 2 ] || usage; timeout_s=$2; shift 2 ;;
        --timeout=*) timeout_s=${1#--timeout=}; shift ;;
        --add) [ $# -ge 2 ] || usage; adds+=("$2"); shift 2 ;;
        --add=*) adds+=("${1#--add=}"); shift ;;
        --) shift; break ;;
        -h|--help) usage ;;
        *) printf '%s: unexpected argument %s (COMMAND goes after --)\n' "$me" "$1" >&2; usage ;;
    esac
done
[ $# -ge 1 ] || usage
case $timeout_s in ''|*[!0-9]*) printf '%s: --timeout wants whole seconds\n' "$me" >&2; exit 2 ;; esac

case $layout in
    */*|*.sh) layout_file=$layout ;;
    *) layout_file=$here/layouts/$layout.sh ;;
esac
if [ ! -f "$layout_file" ]; then
    have=
    for f in "$here"/layouts/*.sh; do
        [ -f "$f" ] && have+=" $(basename "$f" .sh)"
    done
    printf '%s: no layout %s (have:%s)\n' "$me" "$layout_file" "${have:- none}" >&2
    exit 2
fi
QEMU_ARGS=
# shellcheck source=/dev/null
. "$layout_file"
[ -n "$QEMU_ARGS" ] || die "layout $layout_file sets no QEMU_ARGS"

# The guest command, as a script for `sh -c`.
if [ $# -eq 1 ]; then
    guest_cmd=$1
else
    guest_cmd=
    for a in "$@"; do
        guest_cmd+="'${a//\'/\'\\\'\'}' "
    done
fi

# ---- tools ---------------------------------------------------------------
qemu=${TESTBED_QEMU:-qemu-system-x86_64}
command -v "$qemu" >/dev/null 2>&1 || die "$qemu not found: apt-get install -y --no-install-recommends qemu-system-x86"
# busybox-static's /bin/busybox; a dynamically linked one works too (its
# libraries get copied like everyone else's).
busybox=
for b in /bin/busybox /usr/bin/busybox "$(command -v busybox 2>/dev/null || true)"; do
    if [ -n "$b" ] && [ -x "$b" ]; then busybox=$b; break; fi
done
[ -n "$busybox" ] || die "busybox not found: apt-get install -y --no-install-recommends busybox-static"
for t in numactl numastat; do
    command -v "$t" >/dev/null 2>&1 || die "$t not found: apt-get install -y --no-install-recommends numactl"
done

numaprobe=${NUMAPROBE:-$top/build/numaprobe}
if [ ! -x "$numaprobe" ] && [ -z "${NUMAPROBE:-}" ]; then
    make -C "$top" all >&2 || die "make -C $top all failed"
fi
[ -x "$numaprobe" ] || die "binary under test $numaprobe is missing"

kernel=$("$here/kernel.sh") || die "no guest kernel (kernel.sh failed)"

# ---- temp dir ------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/numaprobe-testbed.XXXXXX")
qpid=
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    if [ -n "$qpid" ]; then kill "$qpid" 2>/dev/null || true; fi
    if [ "${TESTBED_KEEP:-0}" = 1 ]; then
        printf '%s: kept %s\n' "$me" "$tmp" >&2
    else
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- initramfs -----------------------------------------------------------
t0=$(now)
root=$tmp/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,root,etc,testbed}
chmod 1777 "$root/tmp"

# install_file HOST GUEST: copy a file (following links) and, for a
# dynamically linked ELF, every library ldd lists plus the loader, each at
# the path ldd shows.
install_file() {
    local src=$1 dst=$2 lib
    [ -e "$src" ] || die "cannot add $src: no such file"
    mkdir -p "$root$(dirname "$dst")"
    rm -f "$root$dst"
    cp -L "$src" "$root$dst"
    # ldd prints "name => /path (addr)" and "/path/ld-linux.so (addr)";
    # vdso and static binaries have no path.
    # ldd fails on a static binary: that just means no libraries.
    for lib in $( { ldd "$src" 2>/dev/null || true; } | awk '
        $2 == "=>" && $3 ~ /^\// { print $3; next }
        $2 == "=>" && $3 == "not" { print "MISSING:" $1; next }
        $1 ~ /^\// { print $1 }'); do
        case $lib in MISSING:*) die "$src needs ${lib#MISSING:}, which ldd cannot find" ;; esac
        if [ ! -e "$root$lib" ]; then
            mkdir -p "$root$(dirname "$lib")"
            cp -L "$lib" "$root$lib" || die "cannot copy $lib"
        fi
    done
}

install_file "$busybox" /bin/busybox
# The applet links (/bin/sh, /sbin/poweroff, ...) are made by /init with
# `busybox --install -s` as its first step: making ~270 links here costs a
# fork each, seconds on a slow host, against milliseconds in the guest.
# --install never replaces an existing file, so numactl & co. stay.
install_file "$numaprobe" /usr/bin/numaprobe
install_file "$(command -v numactl)" /usr/bin/numactl
install_file "$(command -v numastat)" /usr/bin/numastat
for a in ${adds[@]+"${adds[@]}"}; do
    case $a in
        *:*) install_file "${a%%:*}" "${a#*:}" ;;
        *) install_file "$a" "$(readlink -f "$a")" ;;
    esac
done
echo testbed > "$root/etc/hostname"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"

# A nonce makes the marker impossible to produce by accident.
nonce=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
marker="@@TESTBED-EXIT-$nonce@@"
printf '%s\n' "$guest_cmd" > "$root/testbed/cmd"

cat > "$root/init" <<EOF
#!/bin/busybox sh
# /init of the numaprobe QEMU testbed (generated by tests/vm/testbed.sh).
/bin/busybox --install -s
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
hostname testbed
echo "testbed: uptime at command start: \$(cut -d' ' -f1 /proc/uptime) s"
out=/dev/ttyS1
# Raw output (no CR added) when stty works; the marker says which.
if stty -F \$out raw -echo 2>/dev/null; then crlf=0; else crlf=1; fi
cd /root
# Through a pipe, so that the command's stdout and stderr are not a tty (as
# when a test captures them on the host: no colours, no tty buffering).
{ sh -c "\$(cat /testbed/cmd)" testbed </dev/null 2>&1; echo \$? >/testbed/rc; } | cat >\$out
rc=\$(cat /testbed/rc 2>/dev/null || echo 125)
printf '\n%s %s %s\n' '$marker' "\$rc" "\$crlf" >\$out
# busybox stty applies its settings with TCSADRAIN: waits until the UART
# has sent everything. QEMU can still hold the last bytes in its emulated
# FIFO, sent by a timer; about one boot in 30 lost the marker line to
# poweroff before this pause was added.
stty -F \$out raw -echo 2>/dev/null
sleep 0.3
echo "testbed: command exited \$rc at uptime \$(cut -d' ' -f1 /proc/uptime) s"
poweroff -f
EOF
chmod 0755 "$root/init"

(cd "$root" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort | "$busybox" cpio -o -H newc 2>/dev/null) |
    gzip -1 > "$tmp/initramfs.cpio.gz" || die "building the initramfs failed"
t1=$(now)

# ---- boot ----------------------------------------------------------------
# shellcheck disable=SC2206 # QEMU_ARGS is split on white space by design
layout_args=($QEMU_ARGS)
# -nic none: no network, and no iPXE option ROM to wait for at boot.
# nokaslr: the kernel image (~32 MiB with its bss and page tables) always
# lands on node 0.  With KASLR it lands on a random node, and a 256 MiB
# memory-only node that gets it shows only ~86% of its size as MemTotal
# (98% otherwise): checks on node sizes would pass or fail by chance.
qemu_cmd=("$qemu" -accel tcg -nographic -no-reboot -monitor none -nic none
    "${layout_args[@]}"
    -kernel "$kernel" -initrd "$tmp/initramfs.cpio.gz"
    -append "console=ttyS0 quiet panic=-1 nokaslr${TESTBED_KERNEL_ARGS:+ $TESTBED_KERNEL_ARGS}"
    -serial "file:$tmp/console.log"
    -serial "file:$tmp/out.txt")
if [ "${TESTBED_VERBOSE:-0}" = 1 ]; then
    printf '%s: %s\n' "$me" "${qemu_cmd[*]}" >&2
fi
# In the background, so that an INT or TERM of this script gets to kill it.
boot() {
    : > "$tmp/console.log"
    : > "$tmp/out.txt"
    timeout -k 5 "$timeout_s" "${qemu_cmd[@]}" </dev/null >"$tmp/qemu.log" 2>&1 &
    qpid=$!
    qrc=0
    wait "$qpid" || qrc=$?
    qpid=
}
boot
# Under TCG the kernel has hung before it ran /init (seen once, in a
# fresh-clone make check on 2026-12-02: the console stopped after
# SeaBIOS' "Booting from ROM", nothing on ttyS1). Nothing of the test ran,
# so boot once more, saying so; a hang after /init started is a failure
# as before.
if { [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; } &&
    ! grep -q 'testbed: uptime at command start' "$tmp/console.log"; then
    printf '%s: note: the guest kernel did not reach /init within %s s (an emulator hang); booting once more\n' \
        "$me" "$timeout_s" >&2
    boot
fi
t2=$(now)

if [ "${TESTBED_VERBOSE:-0}" = 1 ]; then
    up=$(sed -n 's/^.*testbed: uptime at command start: \([0-9.]*\) s.*/\1/p' "$tmp/console.log" | tr -d '\r' | head -n 1)
    printf '%s: initramfs %s s, qemu start to power-off %s s (guest uptime at command start: %s s)\n' \
        "$me" "$(elapsed "$t0" "$t1")" "$(elapsed "$t1" "$t2")" "${up:-?}" >&2
fi

# ---- results -------------------------------------------------------------
fail() {
    printf '%s: %s\n' "$me" "$1" >&2
    if [ -s "$tmp/qemu.log" ]; then
        printf -- '----- qemu output -----\n' >&2
        cat "$tmp/qemu.log" >&2
    fi
    printf -- '----- guest console (ttyS0) -----\n' >&2
    # Without CRs and the BIOS's terminal escape sequences.
    tr -d '\r' < "$tmp/console.log" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1bc//g' >&2
    if [ -s "$tmp/out.txt" ]; then
        printf -- '----- partial command output (ttyS1) -----\n' >&2
        tr -d '\r' < "$tmp/out.txt" >&2
    fi
    printf -- '-----\n' >&2
    exit 125
}

if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
    fail "guest timed out after ${timeout_s} s"
fi
last=$(tail -n 1 "$tmp/out.txt" | tr -d '\r')
case $last in
    "$marker "[0-9]*" "[01]) ;;
    *)
        if [ "$qrc" -ne 0 ]; then
            fail "qemu exited with status $qrc before the guest reported"
        fi
        fail "no exit marker from the guest (it crashed, or /init failed)" ;;
esac
read -r _ rc crlf <<<"$last"
if [ "$crlf" = 1 ]; then
    tr -d '\r' < "$tmp/out.txt" > "$tmp/out.clean"
else
    cp "$tmp/out.txt" "$tmp/out.clean"
fi
# The guest wrote "\n<marker line>\n" after the command's output: drop
# exactly those bytes, so output without a final newline stays as it was.
size=$(wc -c < "$tmp/out.clean")
head -c "$((size - ${#last} - 2))" "$tmp/out.clean"
exit "$rc"
