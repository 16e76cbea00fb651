#!/bin/sh
# run.sh SECONDS NAME...: `make fuzz`. Runs each harness build/fuzz/fuzz_NAME
# under libFuzzer for SECONDS, starting from its seeds (seed.sh) and its
# kept corpus (tests/fuzz/corpus/NAME). Crash inputs land in
# tests/fuzz/regressions/NAME/, where `make check` replays them for good.
# The corpus is then minimised (-merge=1) back into tests/fuzz/corpus/NAME.
# Prints one line per harness: executions, coverage, time, crashes; exits 1
# if any harness crashed.
set -u
cd "$(dirname "$0")/../.."
seconds=$1
shift
work=build/fuzz/work.$$
rm -rf "$work"
mkdir -p "$work"
tests/fuzz/seed.sh "$work/seeds"
status=0
printf '%-16s %12s %8s %8s %6s %s\n' harness executions cov ft seconds crashes
for name in "$@"; do
	corpus=tests/fuzz/corpus/$name
	found=tests/fuzz/regressions/$name
	mkdir -p "$corpus" "$found" "$work/$name" "$work/seeds/$name"
	log=$work/$name.log
	start=$(date +%s)
	# -dict-free, single process; -rss_limit_mb guards against a parser
	# that eats memory, which counts as a finding too.
	build/fuzz/fuzz_$name -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 \
		-timeout=10 -artifact_prefix="$found/" "$work/$name" "$corpus" "$work/seeds/$name" \
		>"$log" 2>&1
	rc=$?
	elapsed=$(($(date +%s) - start))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	crashes=$(grep -c '^artifact_prefix=\|Test unit written to' "$log")
	if [ "$rc" -ne 0 ]; then
		status=1
		echo "$name: libFuzzer exited $rc; the end of $log:" >&2
		tail -n 30 "$log" >&2
	fi
	printf '%-16s %12s %8s %8s %6s %s\n' "$name" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$elapsed" "$crashes"
	# Keep the smallest corpus with the same coverage.
	rm -rf "$work/merged"
	mkdir -p "$work/merged"
	build/fuzz/fuzz_$name -merge=1 -timeout=10 "$work/merged" "$corpus" "$work/$name" \
		"$work/seeds/$name" >"$work/$name.merge.log" 2>&1 &&
		rm -rf "$corpus" && mv "$work/merged" "$corpus"
done
exit $status
