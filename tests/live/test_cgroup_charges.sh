#!/bin/sh
# test_cgroup_charges.sh: a real process moved into a fresh memory cgroup
# after it allocated leaves its charges behind (cgroup v1 moves them only
# with memory.move_charge_at_immigrate, which stays 0 here; v2 never), so
# the new group's memory.numa_stat reads near 0. `stats --source auto`
# must notice (the group's total against the process's resident memory)
# and read numa_maps instead, saying why; `--source cgroup` shows the
# near-zero figure it would otherwise have reported.
# Root only; skipped where no memory controller can be written.
# Usage: tests/live/test_cgroup_charges.sh [NUMAPROBE_BINARY]
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
bin=${1:-build/numaprobe}
tmp=$(mktemp -d)
group=
pids=
cleanup() {
	for p in $pids; do kill -KILL "$p" 2>/dev/null; done
	wait 2>/dev/null
	[ -n "$group" ] && rmdir "$group" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

if [ "$(id -u)" != 0 ]; then
	skip "cgroup charges left behind" "needs root to make a memory cgroup"
	finish
	exit
fi
if [ -w /sys/fs/cgroup/memory/cgroup.procs ]; then
	version=v1
	group=/sys/fs/cgroup/memory/numaprobe-test-$$
elif grep -qw memory /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null; then
	version=v2
	group=/sys/fs/cgroup/numaprobe-test-$$
else
	skip "cgroup charges left behind" "no writable memory controller (v1 memory/ or v2 with memory in subtree_control)"
	finish
	exit
fi

# 64 MiB of anonymous memory, touched, in the group the shell is in: dd
# reads /dev/zero into one malloc'ed 64 MiB buffer, then blocks writing
# it into a FIFO whose reader takes one byte and sleeps.
mkfifo "$tmp/fifo"
(head -c 1 >"$tmp/got"; exec sleep 600) <"$tmp/fifo" &
pids="$!"
dd if=/dev/zero of="$tmp/fifo" bs=64M count=1 2>/dev/null &
dd_pid=$!
pids="$pids $dd_pid"
i=0
while [ ! -s "$tmp/got" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ ! -s "$tmp/got" ]; then
	fail "cgroup charges left behind: dd filled its buffer" "no byte arrived in 10 s"
	finish
	exit
fi
mkdir "$group"
echo "$dd_pid" >"$group/cgroup.procs"
note "$version group $group holds dd (pid $dd_pid) with its 64 MiB charged elsewhere"

"$bin" stats --pid "$dd_pid" --source cgroup --format json >"$tmp/cgroup.json" 2>/dev/null
"$bin" stats --pid "$dd_pid" --format json >"$tmp/auto.json" 2>"$tmp/auto.err"
"$bin" stats --pid "$dd_pid" --source maps --format json >"$tmp/maps.json" 2>/dev/null
mib() { jq -r ".processes[0].mem_bytes / 1048576 | floor" "$1"; }
cgroup_mib=$(mib "$tmp/cgroup.json")
auto_mib=$(mib "$tmp/auto.json")
maps_mib=$(mib "$tmp/maps.json")
note "mem_bytes: --source cgroup $cgroup_mib MiB, auto $auto_mib MiB, maps $maps_mib MiB"
if [ "$cgroup_mib" -lt 4 ] 2>/dev/null; then
	pass "the fresh group's numa_stat holds under 4 MiB ($cgroup_mib MiB): the charges stayed behind"
else
	fail "the fresh group's numa_stat holds under 4 MiB" "$cgroup_mib MiB"
fi
check_eq "auto: memory from numa_maps after the cross-check" numa_maps \
	"$(jq -r '.processes[0].memory_source' "$tmp/auto.json")"
check_eq "auto: the same memory as --source maps" "$maps_mib" "$auto_mib"
if [ "$auto_mib" -ge 64 ] 2>/dev/null; then
	pass "auto: dd's 64 MiB buffer is counted ($auto_mib MiB)"
else
	fail "auto: dd's 64 MiB buffer is counted" "$auto_mib MiB"
fi
check_contains "auto: stderr says why" "its resident memory is" "$tmp/auto.err"
check_contains "auto: ...and what it did" "memory from numa_maps instead" "$tmp/auto.err"
finish
