#!/bin/sh
# test_docs_install.sh: every option a subcommand's --help lists is in the
# man page and the README, and `make install` honours PREFIX and DESTDIR.
# Usage: tests/cli/test_docs_install.sh [NUMAPROBE_BINARY]
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
bin=${1:-build/numaprobe}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for command in $("$bin" --help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'); do
	"$bin" "$command" --help >"$tmp/help"
	for option in $(grep -oE -- '^ +(-[a-z], )?--[a-z][a-z-]+' "$tmp/help" | grep -oE -- '--[a-z-]+' | sort -u); do
		# the man page escapes '-' as '\-'
		man_form=$(printf '%s' "$option" | sed 's/-/\\\\-/g')
		if grep -q -- "$man_form" man/numaprobe.1; then
			pass "$command $option is in the man page"
		else
			fail "$command $option is in the man page" "not found in man/numaprobe.1"
		fi
		check_contains "$command $option is in the README" "$option" README.md
	done
done

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
