#!/bin/sh
# run-all.sh: every test numaprobe has, in one run, ending with the line
# "N passed, N failed" (exit 1 if any failed). `make check` calls it after
# building build/ and the sanitizer tree build/san/.
#
# Counts: each cmocka test case, and each PASS/FAIL line of the shell
# suites. Layers (docs/design.md): unit tests, in both builds; fixture-tree CLI
# tests, in both builds; live checks against numactl and a real
# node_exporter and Prometheus; the QEMU testbed.
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count_cmocka() {
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\.$/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:$/\1/p' "$log" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	[ -n "$p$f" ] || failed=$((failed + 1)) # crashed before its summary
}

count_suite() {
	p=$(grep -c '^PASS: ' "$log")
	f=$(grep -c '^FAIL: ' "$log")
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$1" -ne 0 ] && [ "$f" -eq 0 ]; then
		failed=$((failed + 1)) # the suite failed without saying what
		echo "FAIL: $2 exited $1"
	fi
}

section() {
	printf '\n== %s\n' "$1"
}

for tree in build build/san; do
	section "unit tests ($tree)"
	for test in tests/unit/test_*.c; do
		name=$(basename "$test" .c)
		"$tree/tests/$name" >"$log" 2>&1
		rc=$?
		grep -E '^\[ *(PASSED|FAILED|ERROR|LINE) *\]|FAILED TEST' "$log" | sed "s|^|$name: |"
		count_cmocka
		# a sanitizer's report (a leak found at exit) comes after cmocka's
		# summary: the exit status is what says the binary was clean
		if [ "$rc" -ne 0 ] && ! grep -q '^\[  FAILED  \]' "$log"; then
			echo "FAIL: $tree/tests/$name exited $rc after its tests:"
			grep -E 'ERROR: |SUMMARY: |^    #[0-9] ' "$log" | head -20 | sed 's/^/    /'
			failed=$((failed + 1))
		fi
	done
done

run_suite() { # NAME COMMAND...
	name=$1
	shift
	section "$name"
	"$@" >"$log" 2>&1
	rc=$?
	grep -v '^PASS: ' "$log"
	echo "$(grep -c '^PASS: ' "$log") checks passed"
	# SKIP lines (a check that cannot run here, saying why) are shown above
	# and counted apart.
	skipped=$((skipped + $(grep -c '^SKIP: ' "$log")))
	count_suite "$rc" "$name"
}

run_suite "topo on fixture trees" tests/cli/test_topo.sh build/numaprobe
run_suite "topo on fixture trees (sanitizers)" tests/cli/test_topo.sh build/san/numaprobe
run_suite "bench on this machine" tests/cli/test_bench.sh build/numaprobe
run_suite "bench on this machine (sanitizers)" tests/cli/test_bench.sh build/san/numaprobe
run_suite "stats on fixtures and this machine" tests/cli/test_stats.sh build/numaprobe
run_suite "stats on fixtures and this machine (sanitizers)" tests/cli/test_stats.sh build/san/numaprobe
run_suite "report on fixtures" tests/cli/test_report.sh build/numaprobe
run_suite "report on fixtures (sanitizers)" tests/cli/test_report.sh build/san/numaprobe
run_suite "every chart kind, read back from its SVG" tests/cli/test_charts.sh build/numaprobe
run_suite "every chart kind, read back from its SVG (sanitizers)" tests/cli/test_charts.sh build/san/numaprobe
run_suite "report html, read back and opened in headless Chromium" tests/cli/test_html.sh build/numaprobe
run_suite "report html, read back and opened in headless Chromium (sanitizers)" tests/cli/test_html.sh build/san/numaprobe
run_suite "hostile files, trees and names" tests/cli/test_hostile.sh build/numaprobe
run_suite "hostile files, trees and names (sanitizers)" tests/cli/test_hostile.sh build/san/numaprobe
run_suite "fuzz corpora and regressions replayed" tests/fuzz/replay.sh build
run_suite "fuzz corpora and regressions replayed (sanitizers)" tests/fuzz/replay.sh build/san
run_suite "a real libvirt daemon and guest (skipped on a host with its own libvirt)" tests/libvirt/test_libvirt.sh build/numaprobe
run_suite "documentation and install" tests/cli/test_docs_install.sh build/numaprobe
run_suite "live machine against numactl" tests/live/test_numactl_agrees.sh build/numaprobe
run_suite "a real process moved into a fresh memory cgroup" tests/live/test_cgroup_charges.sh build/numaprobe
run_suite "a real process moved into a fresh memory cgroup (sanitizers)" tests/live/test_cgroup_charges.sh build/san/numaprobe
run_suite "Prometheus: our own node_exporter and Prometheus read stats and bench" tests/live/test_prometheus.sh build/numaprobe
run_suite "Prometheus: our own node_exporter and Prometheus read stats and bench (sanitizers)" tests/live/test_prometheus.sh build/san/numaprobe

if [ "${NUMAPROBE_SKIP_VM:-0}" = 1 ]; then
	section "QEMU testbed: skipped (NUMAPROBE_SKIP_VM=1)"
else
	for layout in 2node 4node-hmat; do
		run_suite "QEMU testbed: topo in the $layout guest" tests/vm/check-topo.sh "$layout"
		run_suite "QEMU testbed: bench in the $layout guest" tests/vm/check-bench.sh "$layout"
	done
	if [ -x tests/vm/check-stats.sh ]; then
		run_suite "QEMU testbed: stats in the 2node guest" tests/vm/check-stats.sh 2node
	fi
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
