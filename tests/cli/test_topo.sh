#!/bin/sh
# test_topo.sh: `numaprobe topo` on every fixture tree, against the exact
# expected output checked in beside it, plus bad sysfs content and bad
# options. Usage: tests/cli/test_topo.sh [NUMAPROBE_BINARY]
#
# Timestamps, run ids and the version differ per run, so they are checked
# for their format and then replaced by placeholders before comparing.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
bin=${1:-build/numaprobe}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

TS_RE='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z'
RUN_RE='[0-9a-f]{16}'

normalise_json() {
	sed -E -e "s/\"timestamp\": \"$TS_RE\"/\"timestamp\": \"TIMESTAMP\"/" \
		-e "s/\"run_id\": \"$RUN_RE\"/\"run_id\": \"RUN_ID\"/" \
		-e 's/"numaprobe_version": "[^"]*"/"numaprobe_version": "VERSION"/' "$1"
}

normalise_csv() {
	sed -E "2,\$ s/^$TS_RE,$RUN_RE,/TIMESTAMP,RUN_ID,/" "$1"
}

good_fixtures="host-1node 2node 4node-hmat sparse-0-2-5 8node node0-offline no-numa"
for name in $good_fixtures; do
	dir=tests/fixtures/$name
	roots="--sysfs-root $dir/sys --proc-root $dir/proc"
	for format in table json csv; do
		# shellcheck disable=SC2086
		"$bin" topo --format "$format" $roots >"$tmp/out.$format" 2>"$tmp/err"
		rc=$?
		check_eq "$name: topo --format $format exits 0" 0 "$rc"
		check_eq "$name: topo --format $format writes nothing to stderr" "" "$(cat "$tmp/err")"
	done
	check_files "$name: table is exact" "$dir/expected.table" "$tmp/out.table"

	if jq -e . "$tmp/out.json" >/dev/null 2>&1; then
		pass "$name: json parses"
	else
		fail "$name: json parses" "jq rejected it"
	fi
	check_eq "$name: json timestamp and run_id have their formats" 2 \
		"$(grep -cE "\"(timestamp\": \"$TS_RE|run_id\": \"$RUN_RE)\"" "$tmp/out.json")"
	normalise_json "$tmp/out.json" >"$tmp/norm.json"
	check_files "$name: json is exact" "$dir/expected.json" "$tmp/norm.json"

	check_eq "$name: csv header" "timestamp,run_id,host,label,node,metric,peer,value,unit" \
		"$(head -n 1 "$tmp/out.csv")"
	check_eq "$name: every csv row starts with a timestamp and a run id" \
		"$(($(wc -l <"$tmp/out.csv") - 1))" \
		"$(grep -cE "^$TS_RE,$RUN_RE," "$tmp/out.csv")"
	check_eq "$name: one run id for the whole run" 1 \
		"$(tail -n +2 "$tmp/out.csv" | cut -d, -f2 | sort -u | wc -l)"
	normalise_csv "$tmp/out.csv" >"$tmp/norm.csv"
	check_files "$name: csv is exact" "$dir/expected.csv" "$tmp/norm.csv"

	# The environment variables select the same trees as the options.
	NUMAPROBE_SYSFS_ROOT=$dir/sys NUMAPROBE_PROC_ROOT=$dir/proc "$bin" topo >"$tmp/env.table"
	check_files "$name: NUMAPROBE_SYSFS_ROOT/NUMAPROBE_PROC_ROOT work like the options" \
		"$dir/expected.table" "$tmp/env.table"
done

# --label lands in json and csv
dir=tests/fixtures/2node
"$bin" topo --format json --label 'before, "tuned"' --sysfs-root $dir/sys --proc-root $dir/proc >"$tmp/label.json"
check_eq "--label is carried into json, escaped" 'before, "tuned"' "$(jq -r .label "$tmp/label.json")"
"$bin" topo --format csv --label 'before, "tuned"' --sysfs-root $dir/sys --proc-root $dir/proc >"$tmp/label.csv"
check_eq "--label is carried into csv, RFC 4180 quoted" 1 \
	"$(sed -n 2p "$tmp/label.csv" | grep -c ',"before, ""tuned""",')"

# Malformed sysfs content: a message naming the file, what was found and
# what was expected; exit status 1; nothing on stdout.
for name in bad-empty-distance bad-meminfo-value bad-distance-length; do
	dir=tests/fixtures/$name
	"$bin" topo --sysfs-root $dir/sys --proc-root $dir/proc >"$tmp/out" 2>"$tmp/err"
	check_eq "$name: exits 1" 1 $?
	check_files "$name: error message is exact" "$dir/expected.err" "$tmp/err"
	check_eq "$name: prints nothing on stdout" 0 "$(wc -c <"$tmp/out")"
done

# A root that does not exist at all is an error, not an empty machine.
"$bin" topo --sysfs-root "$tmp/nowhere" --proc-root "$tmp/nowhere" >"$tmp/out" 2>"$tmp/err"
check_eq "missing sysfs root: exits 1" 1 $?
check_contains "missing sysfs root: names the file it wanted" "$tmp/nowhere/devices/system/cpu/online" "$tmp/err"

# Usage errors exit 2 with a message, the hint, and nothing on stdout.
usage_case() { # WHAT MESSAGE ARGS...
	what=$1 message=$2
	shift 2
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	check_eq "$what: exits 2" 2 $?
	check_eq "$what: explains, then the hint" \
		"numaprobe topo: $message|Try 'numaprobe topo --help'." "$(tr '\n' '|' <"$tmp/err" | sed 's/|$//')"
	check_eq "$what: nothing on stdout" 0 "$(wc -c <"$tmp/out")"
}
usage_case "topo --format yaml" "--format 'yaml' is unknown: expected table, csv or json" topo --format yaml
usage_case "topo --bogus" "unknown option '--bogus'" topo --bogus
usage_case "topo --format without a value" "option '--format' needs a value" topo --format
usage_case "topo with a stray argument" "unexpected argument 'extra'" topo extra
usage_case "topo --sysfs-root ''" "--sysfs-root: an empty directory was given as a root: expected a path" \
	topo --sysfs-root ""
"$bin" frobnicate >/dev/null 2>"$tmp/err"
check_eq "unknown subcommand exits 2" 2 $?
check_contains "unknown subcommand is named" "unknown subcommand 'frobnicate'" "$tmp/err"
check_contains "unknown subcommand prints usage" "Usage: numaprobe SUBCOMMAND" "$tmp/err"
"$bin" >/dev/null 2>"$tmp/err"
check_eq "no subcommand exits 2" 2 $?

# Help and version.
"$bin" --help >"$tmp/out"
check_eq "--help exits 0" 0 $?
check_contains "--help lists topo" "  topo " "$tmp/out"
"$bin" topo --help >"$tmp/out"
check_eq "topo --help exits 0" 0 $?
check_contains "topo --help lists --format" "--format FMT" "$tmp/out"
check_eq "--version prints VERSION" "numaprobe $(cat VERSION)" "$("$bin" --version)"

# A failed write to stdout is an error, not a silent success.
if [ -w /dev/full ]; then
	dir=tests/fixtures/2node
	"$bin" topo --sysfs-root $dir/sys --proc-root $dir/proc >/dev/full 2>"$tmp/err"
	check_eq "stdout on a full device: exits 1" 1 $?
	check_contains "stdout on a full device: says so" "cannot write to standard output" "$tmp/err"
else
	skip "stdout on a full device" "/dev/full is not writable here"
fi

finish
