#!/bin/sh
# replay.sh TREE: feeds every file of tests/fuzz/corpus/NAME and
# tests/fuzz/regressions/NAME to TREE/replay/NAME (the harness linked with
# replay.c by gcc), one PASS or FAIL line per harness. Deterministic, no
# clang needed; `make check` runs it for build and build/san.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
tree=${1:-build}
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	name=${name#fuzz_}
	log=$(mktemp)
	# git keeps no empty directory: a harness without regressions has no
	# regressions/NAME in a fresh clone
	regressions=tests/fuzz/regressions/$name
	[ -d "$regressions" ] || regressions=
	"$tree/replay/$name" "tests/fuzz/corpus/$name" ${regressions:+"$regressions"} >"$log" 2>&1
	rc=$?
	count=$(sed -n 's/^replayed \([0-9]*\) inputs$/\1/p' "$log")
	if [ "$rc" -eq 0 ] && [ -n "$count" ] && [ "$count" -gt 0 ]; then
		pass "replay $name: $count inputs"
	else
		fail "replay $name" "exit $rc after $(grep -c '^replay: ' "$log") inputs; the end of its output:"
		tail -n 15 "$log" | sed 's/^/    /'
	fi
	rm -f "$log"
done
finish
