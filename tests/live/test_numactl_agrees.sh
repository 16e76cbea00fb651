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
# stats --meminfo against numastat -m, bracketed by a run before and after
# (tests/helpers/meminfo_bracket.awk says how).
if command -v numastat >/dev/null 2>&1; then
	numastat -m >"$tmp/ms-before" 2>&1
	"$bin" stats --meminfo --system-only >"$tmp/ms-ours" 2>"$tmp/ms-err"
	ours_rc=$?
	numastat -m >"$tmp/ms-after" 2>&1
	# numaprobe's own mapped files count in Mapped while it runs: its
	# RssFile + RssShmem (a tmpfs root's files are shmem) widens Mapped's
	# bracket; its private memory (RssAnon + VmPTE) widens MemFree's,
	# MemUsed's and the anon counters' (see the awk)
	"$bin" stats --system-only --interval 2 --count 2 --quiet 2>/dev/null &
	self=$!
	sleep 0.5
	self_mb=$(awk '/^Rss(File|Shmem):/ { kb += $2 } END { printf "%.2f", kb / 1024 }' \
		"/proc/$self/status")
	anon_mb=$(awk '/^(RssAnon|VmPTE):/ { kb += $2 } END { printf "%.2f", kb / 1024 }' \
		"/proc/$self/status")
	wait "$self"
	# and the pages in flight to the CPUs' lists: a batch of each CPU
	free_mb=$(awk -v anon="$anon_mb" '/^Node/ { n = $2 } /^ *batch:/ { b[n] += $2 }
		END { m = 0; for (k in b) if (b[k] > m) m = b[k]; printf "%.2f", anon + m * 4 / 1024 }' /proc/zoneinfo)
	slack="Mapped:${self_mb:-0},MemFree:${free_mb:-0},MemUsed:${free_mb:-0}"
	for f in AnonPages 'Active(anon)' 'Inactive(anon)' PageTables; do
		slack="$slack,$f:${anon_mb:-0}"
	done
	awk -v slack="$slack" -f tests/helpers/meminfo_bracket.awk \
		"$tmp/ms-before" "$tmp/ms-ours" "$tmp/ms-after" >"$tmp/ms-check"
	checked=$(sed -n 's/^checked //p' "$tmp/ms-check")
	# numastat's fields, and the columns: "Node 0 ... Node N Total"
	fields=$(grep -cE '^[A-Za-z_()]+ +[0-9]' "$tmp/ms-before")
	columns=$(sed -n 2p "$tmp/ms-ours" | awk '{ print (NF + 1) / 2 }')
	check_eq "live: stats --meminfo exits 0" 0 "$ours_rc"
	check_eq "live: stats --meminfo lies within numastat -m's runs before and after (±1 MB), every value" \
		"" "$(grep -v '^checked ' "$tmp/ms-check")"
	check_eq "live: stats --meminfo: every field and column numastat -m prints was compared" \
		"$((fields * columns))" "$checked"
else
	fail "stats --meminfo agrees with numastat -m" "numastat is not installed (scripts/setup.sh installs numactl)"
fi
"$bin" topo --format json >"$tmp/topo.json"
check_eq "live: node count matches numactl" \
	"$(numactl --hardware | sed -n 's/^available: \([0-9]*\) nodes.*/\1/p')" \
	"$(jq '.nodes | length' "$tmp/topo.json")"
finish
