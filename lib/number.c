/* number.c: checked number parsing; see number.h. */
#include "number.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum np_scan np_scan_uint(const char **cursor, const char *end, uint64_t max, uint64_t *value)
{
	const char *p = *cursor;
	bool more = end ? p < end : true;
	if (more && *p == '-' && (end ? p + 1 < end : true) && isdigit((unsigned char)p[1]))
		return NP_SCAN_NEGATIVE;
	if (!more || !isdigit((unsigned char)*p))
		return NP_SCAN_NONE;
	uint64_t v = 0;
	bool over = false;
	for (; (end ? p < end : true) && isdigit((unsigned char)*p); p++) {
		unsigned digit = (unsigned)(*p - '0');
		if (digit > max || v > (max - digit) / 10)
			over = true;
		else if (!over)
			v = v * 10 + digit;
	}
	*cursor = p;
	if (over)
		return NP_SCAN_RANGE;
	*value = v;
	return NP_SCAN_OK;
}

/* The common message for a number that is not what was expected. */
static int refuse(struct np_error *err, const char *text, uint64_t max, enum np_scan why)
{
	const char *reason = why == NP_SCAN_NEGATIVE ? "is negative"
			     : why == NP_SCAN_RANGE  ? "is too large"
						     : "is not a whole number";
	return np_fail(err, "'%.64s%s' %s: expected a whole number from 0 to %llu", text,
		       strlen(text) > 64 ? "..." : "", reason, (unsigned long long)max);
}

int np_parse_uint(const char *text, uint64_t max, uint64_t *value, struct np_error *err)
{
	const char *p = text;
	uint64_t v = 0;
	enum np_scan why = np_scan_uint(&p, NULL, max, &v);
	if (why == NP_SCAN_OK && *p != '\0')
		why = NP_SCAN_NONE;
	if (why != NP_SCAN_OK)
		return refuse(err, text, max, why);
	*value = v;
	return 0;
}

int np_parse_index(const char *text, int max, int *value, struct np_error *err)
{
	uint64_t v;
	if (np_parse_uint(text, max < 0 ? 0 : (uint64_t)max, &v, err) < 0)
		return -1;
	*value = (int)v;
	return 0;
}

int np_parse_hex(const char *text, uint64_t *value, struct np_error *err)
{
	uint64_t v = 0;
	const char *p = text;
	for (; isxdigit((unsigned char)*p); p++) {
		if (v > UINT64_MAX / 16)
			return np_fail(err,
				       "'%.64s' is too large: expected at most 16 hexadecimal "
				       "digits' worth",
				       text);
		int c = tolower((unsigned char)*p);
		v = v * 16 + (uint64_t)(isdigit(c) ? c - '0' : c - 'a' + 10);
	}
	if (p == text || *p != '\0')
		return np_fail(err, "'%.64s' is not a hexadecimal number", text);
	*value = v;
	return 0;
}

int np_parse_real(const char *text, double min, double max, double *value, struct np_error *err)
{
	/* strtod also reads hexadecimal floats, "inf", "nan" and leading
	 * blanks: allow only what a person or numaprobe writes. */
	const char *p = text;
	if (*p == '-' || *p == '+')
		p++;
	bool digits = false;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits = true;
		else if (!strchr(".eE+-", *p))
			break;
	}
	char *end = NULL;
	errno = 0;
	double v = *p == '\0' && digits ? strtod(text, &end) : NAN;
	if (!end || *end != '\0' || errno == ERANGE || !isfinite(v))
		return np_fail(err, "'%.64s' is not a finite number", text);
	if (v < min || v > max)
		return np_fail(err, "'%.64s' is out of range: expected a number from %g to %g",
			       text, min, max);
	*value = v;
	return 0;
}

bool np_mul_u64(uint64_t a, uint64_t b, uint64_t *out)
{
	uint64_t r;
	if (__builtin_mul_overflow(a, b, &r))
		return false;
	*out = r;
	return true;
}

bool np_add_u64(uint64_t a, uint64_t b, uint64_t *out)
{
	uint64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return false;
	*out = r;
	return true;
}
