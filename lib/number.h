/*
 * number.h: the one place numbers in text are turned into values.
 *
 * Every number numaprobe reads from a file, a command line option, a CSV
 * or an XML attribute goes through these functions, so none can wrap
 * around, lose its sign or silently turn into another value. They accept
 * plain decimal digits only (no sign, no blanks, no 0x), refuse values
 * above the caller's maximum, and say why in a message that quotes the
 * text; callers prefix it with the file, line and field.
 *
 * Products of a count and a size go through np_mul_u64, sums of counters
 * through np_add_u64, so they cannot wrap either.
 */
#ifndef NUMAPROBE_NUMBER_H
#define NUMAPROBE_NUMBER_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

/* What np_scan_uint found at the cursor. */
enum np_scan {
	NP_SCAN_OK,	  /* digits, within the maximum */
	NP_SCAN_NONE,	  /* no digit at the cursor */
	NP_SCAN_NEGATIVE, /* a '-' followed by a digit */
	NP_SCAN_RANGE	  /* digits whose value is above the maximum */
};

/*
 * Reads the decimal digits at *cursor (stopping at `end`, or at the first
 * non-digit when end is NULL) into *value and moves *cursor past them. On
 * NP_SCAN_RANGE the cursor is still moved past every digit, so callers can
 * quote the whole number.
 */
enum np_scan np_scan_uint(const char **cursor, const char *end, uint64_t max, uint64_t *value);

/* The whole of `text` as a decimal number from 0 to max. */
int np_parse_uint(const char *text, uint64_t max, uint64_t *value, struct np_error *err);
/* The same for an int from 0 to max (max <= INT_MAX). */
int np_parse_index(const char *text, int max, int *value, struct np_error *err);
/* The whole of `text` as hexadecimal digits (no 0x, as sysfs prints them). */
int np_parse_hex(const char *text, uint64_t *value, struct np_error *err);
/*
 * The whole of `text` as a finite decimal number (strtod's syntax without
 * hexadecimal, inf or nan) from min to max.
 */
int np_parse_real(const char *text, double min, double max, double *value, struct np_error *err);

/* a * b and a + b; false (and *out untouched) when the result would wrap. */
bool np_mul_u64(uint64_t a, uint64_t b, uint64_t *out);
bool np_add_u64(uint64_t a, uint64_t b, uint64_t *out);

#endif
