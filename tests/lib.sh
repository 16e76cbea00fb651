# tests/lib.sh: what every shell test suite shares. Source it.
#
# Each check prints one line, "PASS: what" or "FAIL: what: why", which
# tests/run-all.sh counts. A suite exits 0 when none failed.

TESTS_FAILED=0

pass() {
	printf 'PASS: %s\n' "$1"
}

fail() {
	printf 'FAIL: %s: %s\n' "$1" "$2"
	TESTS_FAILED=$((TESTS_FAILED + 1))
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
check_files() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1" "differs from $2:"
		diff -u "$2" "$3" | head -40 | sed 's/^/    /'
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

finish() {
	[ "$TESTS_FAILED" -eq 0 ]
}
