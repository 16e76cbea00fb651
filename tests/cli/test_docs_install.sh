#!/bin/sh
# test_docs_install.sh: the options each command's --help lists (generated
# from its option table) are exactly those its section of the man page
# lists, and each is in the README; `make install` honours PREFIX and
# DESTDIR.
# Usage: tests/cli/test_docs_install.sh [NUMAPROBE_BINARY]
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
bin=${1:-build/numaprobe}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# help_options ARGS...: the long options `numaprobe ARGS --help` lists,
# one a line, sorted, without --help.
help_options() {
	"$bin" "$@" --help | grep -oE -- '^ +(-[a-zA-Z], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+' |
		grep -vx -- '--help' | sort -u
}

# man_options START END: the long options of the .TP items between the
# line matching START and the next line matching END, one a line, sorted
# (the man page escapes '-' as '\-').
man_options() {
	awk -v start="$1" -v end="$2" '
		$0 ~ start { on = 1; next }
		on && $0 ~ end { on = 0 }
		on && tp { print }
		{ tp = on && $0 == ".TP" }
	' man/numaprobe.1 | sed 's/\\-/-/g' | grep -oE -- '--[a-z][a-z-]*' | grep -vx -- '--help' | sort -u
}

# same_options WHAT HELP_FILE MAN_FILE
same_options() {
	count=$(wc -l <"$2")
	if [ "$count" -ge 2 ]; then
		pass "$1 --help lists its options ($count)"
	else
		fail "$1 --help lists its options" "found $count: has the --help layout changed?"
	fi
	for option in $(comm -23 "$2" "$3"); do
		fail "$1 $option is in the man page" "not among the options of its section"
	done
	for option in $(comm -13 "$2" "$3"); do
		fail "$1 $option of the man page exists" "not in '$1 --help'"
	done
	[ -z "$(comm -3 "$2" "$3")" ] && pass "$1: --help and the man page list the same options"
	for option in $(cat "$2"); do
		check_contains "$1 $option is in the README" "$option" README.md
	done
}

commands=$("$bin" --help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p')
check_eq "numaprobe --help lists the subcommands" "topo bench stats report" "$(words "$commands")"
for command in topo bench stats; do
	upper=$(echo "$command" | tr a-z A-Z)
	help_options "$command" >"$tmp/help"
	man_options "^\\.SH $upper\$" '^\.SH ' >"$tmp/man"
	same_options "$command" "$tmp/help" "$tmp/man"
done
actions=$("$bin" report --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
check_eq "numaprobe report --help lists the actions" "placement compare chart advise fit html" "$(words "$actions")"
for action in $actions; do
	help_options report "$action" >"$tmp/help"
	man_options "^\\.SS report $action\$" '^\.S[SH] ' >"$tmp/man"
	same_options "report $action" "$tmp/help" "$tmp/man"
done

# The CSV headers the man page and the README state are the ones written.
# man_headers: the man page's bold lines that look like CSV headers, with
# its break points (\:) taken out.
man_headers() {
	sed -n 's/^\.B \([a-z_]*,[a-z0-9_,\\:]*\)$/\1/p' man/numaprobe.1 | sed 's/\\://g'
}
headers_stated() {
	written=$(head -n 1 "$tmp/csv")
	if [ -z "$written" ]; then
		fail "$1 writes a CSV header" "none"
		return
	fi
	if man_headers | grep -qxF -- "$written"; then
		pass "$1: the man page states its CSV header"
	else
		fail "$1: the man page states its CSV header" "'$written' is not among: $(man_headers | tr '\n' ' ')"
	fi
	check_contains "$1: the README states its CSV header" "\`$written\`" README.md
}
"$bin" topo --format csv >"$tmp/csv" 2>/dev/null
headers_stated topo
"$bin" bench latency --size 1M --time 0.01 --repeat 1 --quiet --format csv >"$tmp/csv" 2>/dev/null
headers_stated bench
"$bin" stats --once --format csv >"$tmp/csv" 2>/dev/null
headers_stated stats
"$bin" report placement configs/domain-2cell.xml --format csv >"$tmp/csv" 2>/dev/null
headers_stated "report placement"

make --no-print-directory -s install DESTDIR="$tmp/root" PREFIX=/opt/np >"$tmp/log" 2>&1
check_eq "make install DESTDIR=... PREFIX=/opt/np succeeds" 0 $?
for file in bin/numaprobe share/man/man1/numaprobe.1 share/doc/numaprobe/README.md; do
	if [ -f "$tmp/root/opt/np/$file" ]; then
		pass "make install puts $file under DESTDIR/PREFIX"
	else
		fail "make install puts $file under DESTDIR/PREFIX" "missing; install log: $(cat "$tmp/log")"
	fi
done
check_eq "installed binary runs" "numaprobe $(cat VERSION)" "$("$tmp/root/opt/np/bin/numaprobe" --version)"
finish
