/* idset.c: id bitmaps and the libvirt list syntax; see idset.h. */
#include "idset.h"

#include <ctype.h>
#include <string.h>

#include "number.h"

void np_idset_clear(struct np_idset *set)
{
	memset(set, 0, sizeof(*set));
}

static bool in_range(int id)
{
	return id >= 0 && id <= NP_ID_MAX;
}

void np_idset_add(struct np_idset *set, int id)
{
	if (in_range(id))
		set->words[id / 64] |= UINT64_C(1) << (id % 64);
}

void np_idset_remove(struct np_idset *set, int id)
{
	if (in_range(id))
		set->words[id / 64] &= ~(UINT64_C(1) << (id % 64));
}

bool np_idset_has(const struct np_idset *set, int id)
{
	return in_range(id) && (set->words[id / 64] >> (id % 64)) & 1;
}

int np_idset_count(const struct np_idset *set)
{
	int count = 0;
	for (int w = 0; w < NP_ID_WORDS; w++)
		count += __builtin_popcountll(set->words[w]);
	return count;
}

bool np_idset_empty(const struct np_idset *set)
{
	return np_idset_next(set, 0) < 0;
}

bool np_idset_equal(const struct np_idset *a, const struct np_idset *b)
{
	return memcmp(a->words, b->words, sizeof(a->words)) == 0;
}

int np_idset_next(const struct np_idset *set, int from)
{
	if (from < 0)
		from = 0;
	for (int w = from / 64; w < NP_ID_WORDS; w++) {
		uint64_t word = set->words[w];
		if (w == from / 64)
			word &= ~UINT64_C(0) << (from % 64);
		if (word)
			return w * 64 + __builtin_ctzll(word);
	}
	return -1;
}

static const char *skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	return p;
}

/* Reads a decimal id at *p. Returns 0 and advances *p, or -1 (message set). */
static int read_id(const char *text, const char **p, int *id, struct np_error *err)
{
	const char *start = *p;
	if (!isdigit((unsigned char)*start))
		return np_fail(
		    err, "invalid list '%s' at position %d: expected an id (0-%d), found %s", text,
		    (int)(start - text) + 1, NP_ID_MAX, *start ? "another character" : "the end");
	const char *q = start;
	uint64_t value;
	if (np_scan_uint(&q, NULL, NP_ID_MAX, &value) != NP_SCAN_OK)
		return np_fail(err, "invalid list '%s' at position %d: id is above %d", text,
			       (int)(start - text) + 1, NP_ID_MAX);
	*id = (int)value;
	*p = q;
	return 0;
}

int np_idset_parse(const char *text, struct np_idset *out, struct np_error *err)
{
	np_idset_clear(out);
	const char *p = skip_spaces(text);
	if (*p == '\0')
		return np_fail(err, "invalid list '%s': it is empty, expected ids such as 0-3,8",
			       text);
	while (*p) {
		bool negate = false;
		if (*p == '^') {
			negate = true;
			p++;
		}
		int first;
		if (read_id(text, &p, &first, err) < 0)
			return -1;
		p = skip_spaces(p);
		int last = first;
		if (*p == '-') {
			if (negate)
				return np_fail(err,
					       "invalid list '%s' at position %d: '^' excludes a "
					       "single id, not a range",
					       text, (int)(p - text) + 1);
			p = skip_spaces(p + 1);
			const char *range_end = p;
			if (read_id(text, &p, &last, err) < 0)
				return -1;
			if (last < first)
				return np_fail(err,
					       "invalid list '%s' at position %d: range end %d is "
					       "below its start %d",
					       text, (int)(range_end - text) + 1, last, first);
			p = skip_spaces(p);
		}
		for (int id = first; id <= last; id++) {
			if (negate)
				np_idset_remove(out, id);
			else
				np_idset_add(out, id);
		}
		if (*p == ',') {
			p = skip_spaces(p + 1);
		} else if (*p != '\0') {
			return np_fail(
			    err,
			    "invalid list '%s' at position %d: expected ',' or the end, found '%c'",
			    text, (int)(p - text) + 1, *p);
		}
	}
	if (np_idset_empty(out))
		return np_fail(err, "invalid list '%s': it leaves no id selected", text);
	return 0;
}

int np_idset_parse_kernel(const char *text, struct np_idset *out, struct np_error *err)
{
	if (*skip_spaces(text) == '\0') {
		np_idset_clear(out);
		return 0;
	}
	return np_idset_parse(text, out, err);
}

void np_idset_format(const struct np_idset *set, struct np_strbuf *out)
{
	bool first = true;
	int id = np_idset_next(set, 0);
	while (id >= 0) {
		int end = id;
		while (end < NP_ID_MAX && np_idset_has(set, end + 1))
			end++;
		np_sb_printf(out, first ? "%d" : ",%d", id);
		if (end > id)
			np_sb_printf(out, "-%d", end);
		first = false;
		id = end < NP_ID_MAX ? np_idset_next(set, end + 1) : -1;
	}
}

void np_idset_format_or(const struct np_idset *set, const char *if_empty, struct np_strbuf *out)
{
	if (np_idset_empty(set))
		np_sb_puts(out, if_empty);
	else
		np_idset_format(set, out);
}
