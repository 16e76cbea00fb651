#!/bin/sh
# test_numactl_agrees.sh: on the live machine, the first section of
# `numaprobe topo` is `numactl --hardware`'s output; they must agree on
# everything but free memory, which moves between the two calls.
# Usage: tests/live/test_numactl_agrees.sh [NUMAPROBE_BINARY]
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
bin=${1:-build/numaprobe}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v numactl >/dev/null 2>&1; then
	fail "numactl --hardware agrees" "numactl is not installed (scripts/setup.sh installs it)"
	finish
	exit
fi

# The numactl section runs up to the first empty line. Node sizes can
# move too when the host balloons memory, so a mismatch is retried once.
compare() {
	numactl --hardware | grep -v '^node [0-9]* free:' >"$tmp/numactl"
	"$bin" topo | sed '/^$/q' | sed '/^$/d' | grep -v '^node [0-9]* free:' >"$tmp/numaprobe"
	cmp -s "$tmp/numactl" "$tmp/numaprobe"
}
if compare || compare; then
	pass "numaprobe topo agrees with numactl --hardware (all but free memory)"
else
	fail "numaprobe topo agrees with numactl --hardware" "$(diff "$tmp/numactl" "$tmp/numaprobe")"
fi

csv_value() { # METRIC: the value of a node-less row of topo --format csv
	grep ",,$1,," | cut -d, -f8 | tr -d '"'
}
"$bin" topo --format csv >"$tmp/topo.csv"
check_eq "live: allowed CPUs are the kernel's Cpus_allowed_list" \
	"$(grep Cpus_allowed_list /proc/self/status | cut -f2)" \
	"$(csv_value allowed_cpus <"$tmp/topo.csv")"
if command -v taskset >/dev/null 2>&1; then
	last_cpu=$(grep Cpus_allowed_list /proc/self/status | cut -f2 | tr ',-' '\n\n' | tail -n 1)
	taskset -c "$last_cpu" "$bin" topo --format csv >"$tmp/taskset.csv"
	check_eq "live: under taskset -c $last_cpu only CPU $last_cpu is allowed" "$last_cpu" \
		"$(csv_value allowed_cpus <"$tmp/taskset.csv")"
fi
"$bin" topo --format json >"$tmp/topo.json"
check_eq "live: node count matches numactl" \
	"$(numactl --hardware | sed -n 's/^available: \([0-9]*\) nodes.*/\1/p')" \
	"$(jq '.nodes | length' "$tmp/topo.json")"
finish
