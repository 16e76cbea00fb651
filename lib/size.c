/* size.c: sizes with libvirt's unit rules; see size.h. */
#include "size.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "number.h"

static int power_of(char letter)
{
	static const char letters[] = "kmgtpe";
	const char *hit = strchr(letters, tolower((unsigned char)letter));
	return (hit && letter) ? (int)(hit - letters) + 1 : 0;
}

int np_size_unit_scale(const char *unit, uint64_t default_scale, uint64_t *scale,
		       struct np_error *err)
{
	if (!unit || !*unit) {
		*scale = default_scale;
		return 0;
	}
	if (!strcasecmp(unit, "b") || !strcasecmp(unit, "byte") || !strcasecmp(unit, "bytes")) {
		*scale = 1;
		return 0;
	}
	int power = power_of(unit[0]);
	uint64_t base = 0;
	if (power && unit[1] == '\0')
		base = 1024;
	else if (power && !strcasecmp(unit + 1, "ib"))
		base = 1024;
	else if (power && tolower((unsigned char)unit[1]) == 'b' && unit[2] == '\0')
		base = 1000;
	if (!base)
		return np_fail(
		    err,
		    "unknown unit '%s': expected b, bytes, k/KiB, M/MiB, G/GiB, T/TiB, P/PiB, "
		    "E/EiB (powers of 1024) or KB, MB, GB, TB, PB, EB (powers of 1000)",
		    unit);
	uint64_t result = 1;
	for (int i = 0; i < power; i++)
		result *= base;
	*scale = result;
	return 0;
}

static int multiply(const char *what, uint64_t value, uint64_t scale, uint64_t *bytes,
		    struct np_error *err)
{
	if (scale && value > UINT64_MAX / scale)
		return np_fail(err, "size '%s' is too large: it overflows 64 bits of bytes", what);
	*bytes = value * scale;
	return 0;
}

/* Reads optional blanks and the leading digits of text into *value and
 * sets *end past them. Returns 0 or -1 (message set). */
static int read_digits(const char *text, uint64_t *value, const char **end, struct np_error *err)
{
	const char *p = text;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '-')
		return np_fail(err, "size '%s' is negative: expected a size of 0 or more", text);
	if (*p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return np_fail(err,
			       "size '%s' does not start with a number: expected e.g. 256M or 4096",
			       text);
	uint64_t v;
	if (np_scan_uint(&p, NULL, UINT64_MAX, &v) != NP_SCAN_OK)
		return np_fail(err, "size '%s' is too large: it overflows 64 bits", text);
	*value = v;
	*end = p;
	return 0;
}

int np_parse_size(const char *text, uint64_t default_scale, uint64_t *bytes, struct np_error *err)
{
	uint64_t value;
	const char *p;
	if (read_digits(text, &value, &p, err) < 0)
		return -1;
	while (*p == ' ' || *p == '\t')
		p++;
	char unit[16];
	size_t len = strlen(p);
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\n'))
		len--;
	if (len >= sizeof(unit))
		return np_fail(
		    err, "size '%s' has an unknown unit: expected e.g. K, MiB, GB or bytes", text);
	memcpy(unit, p, len);
	unit[len] = '\0';
	uint64_t scale;
	if (np_size_unit_scale(unit, default_scale, &scale, err) < 0)
		return np_fail_prefix(err, "size '%s'", text);
	return multiply(text, value, scale, bytes, err);
}

int np_parse_size_with_unit(const char *value, const char *unit, uint64_t *bytes,
			    struct np_error *err)
{
	uint64_t number;
	const char *p;
	if (read_digits(value, &number, &p, err) < 0)
		return -1;
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (*p)
		return np_fail(err, "size '%s' is not a whole number: expected digits only", value);
	uint64_t scale;
	if (np_size_unit_scale(unit, 1024, &scale, err) < 0)
		return -1;
	return multiply(value, number, scale, bytes, err);
}
