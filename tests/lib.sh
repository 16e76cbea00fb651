# tests/lib.sh: what every shell test suite shares (tests/cli, tests/live,
# tests/libvirt, tests/vm and tests/fuzz). Source it.
#
# Each check prints one line, "PASS: what" or "FAIL: what: why", which
# tests/run-all.sh counts; a check that cannot run here prints
# "SKIP: what: why", counted apart. A suite exits 0 when none failed
# (`finish`, or `exit "$failed"`).

TESTS_FAILED=0
# The same count under the name the VM checkers exit with.
failed=0

pass() {
	printf 'PASS: %s\n' "$1"
}

fail() {
	printf 'FAIL: %s: %s\n' "$1" "$2"
	TESTS_FAILED=$((TESTS_FAILED + 1))
	failed=1
}

skip() {
	printf 'SKIP: %s: %s\n' "$1" "$2"
}

note() {
	printf 'note: %s\n' "$*"
}

# check_eq WHAT EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "expected '$2', got '$3'"
	fi
}

# check_files WHAT EXPECTED_FILE ACTUAL_FILE: byte-for-byte, diff on failure
# With NUMAPROBE_UPDATE_EXPECTED=1 (a developer's run after a deliberate
# change of output), a differing EXPECTED_FILE is replaced by the actual
# one; the check still fails, so the run is repeated and the diff read
# before committing.
check_files() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1" "differs from $2:"
		diff -u "$2" "$3" | head -40 | sed 's/^/    /'
		if [ "${NUMAPROBE_UPDATE_EXPECTED:-0}" = 1 ]; then
			cp "$3" "$2" && printf '    (updated %s)\n' "$2"
		fi
	fi
}

# check_contains WHAT NEEDLE FILE
check_contains() {
	if grep -qF -- "$2" "$3"; then
		pass "$1"
	else
		if [ "$(wc -c <"$3")" -le 400 ]; then
			fail "$1" "'$2' not found in: $(cat "$3")"
		else
			fail "$1" "'$2' not found in $3"
		fi
	fi
}

# check_empty WHAT FILE: the file is empty (no stray warnings on stderr).
check_empty() {
	if [ ! -s "$2" ]; then
		pass "$1"
	else
		fail "$1" "$(oneline "$2")"
	fi
}

# words ARGS: the arguments' words, one blank apart.
words() {
	printf '%s\n' "$*" | tr -s ' \n\t' '   ' | sed 's/^ //; s/ $//'
}

# oneline FILE: the file's non-empty lines joined by " | ", for a FAIL line.
oneline() {
	awk 'NF { if (n++) printf " | "; printf "%s", $0 }' "$1"
}

finish() {
	[ "$TESTS_FAILED" -eq 0 ]
}
