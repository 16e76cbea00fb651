/* kvfile.c: key/value files by field name; see kvfile.h. */
#include "kvfile.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

/* Splits one line into a key and a value (both trimmed, pointing into
 * line, which is modified). Returns false for a line without a key. */
static bool split_line(char *line, enum np_kv_shape shape, char **key, char **value)
{
	char *sep = shape == NP_KV_COLON ? strchr(line, ':') : strpbrk(line, " \t");
	if (!sep)
		return false;
	*sep = '\0';
	char *k = line;
	while (isspace((unsigned char)*k))
		k++;
	char *end = sep;
	while (end > k && isspace((unsigned char)end[-1]))
		*--end = '\0';
	/* nodeN/meminfo prefixes every key with "Node N "; the key is the
	 * last word before the colon. */
	if (shape == NP_KV_COLON) {
		char *last_space = strrchr(k, ' ');
		if (last_space)
			k = last_space + 1;
	}
	char *v = sep + 1;
	while (isspace((unsigned char)*v))
		v++;
	end = v + strlen(v);
	while (end > v && isspace((unsigned char)end[-1]))
		*--end = '\0';
	*key = k;
	*value = v;
	return *k != '\0';
}

/* Parses "123", "123 kB" into *out (bytes for kB). */
static bool parse_value(const char *text, uint64_t *out)
{
	const char *p = text;
	uint64_t v;
	if (np_scan_uint(&p, NULL, UINT64_MAX, &v) != NP_SCAN_OK)
		return false;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0') {
		*out = v;
		return true;
	}
	return strcmp(p, "kB") == 0 && np_mul_u64(v, 1024, out);
}

int np_kv_parse(const char *path, const char *text, enum np_kv_shape shape,
		struct np_kv_field *fields, int field_count, struct np_error *err)
{
	for (int i = 0; i < field_count; i++)
		fields[i].found = false;
	int line_no = 0;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		line_no++;
		char line[512];
		if (len < sizeof(line)) {
			memcpy(line, p, len);
			line[len] = '\0';
			char *key;
			char *value;
			if (split_line(line, shape, &key, &value)) {
				for (int i = 0; i < field_count; i++) {
					if (strcmp(fields[i].name, key) != 0)
						continue;
					if (!parse_value(value, fields[i].value))
						return np_fail(err,
							       "%s line %d: field '%s' has value "
							       "'%s', expected an integer "
							       "(optionally followed by kB)",
							       path, line_no, key, value);
					fields[i].found = true;
				}
			}
		}
		p = nl ? nl + 1 : p + len;
	}
	for (int i = 0; i < field_count; i++)
		if (fields[i].required && !fields[i].found)
			return np_fail(err, "%s: field '%s' is missing", path, fields[i].name);
	return 0;
}

static bool key_ok(const char *key)
{
	if (!*key || strlen(key) >= NP_KV_KEY_MAX)
		return false;
	for (const char *p = key; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '(' && *p != ')')
			return false;
	return true;
}

int np_kv_parse_all(const char *path, const char *text, enum np_kv_shape shape, size_t max,
		    struct np_kv_entry **entries, size_t *count, struct np_error *err)
{
	*entries = NULL;
	*count = 0;
	struct np_kv_entry *list = calloc(max ? max : 1, sizeof(*list));
	if (!list)
		return np_fail(err, "out of memory");
	int line_no = 0, rc = 0;
	for (const char *p = text; rc == 0 && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		line_no++;
		char line[512];
		if (len >= sizeof(line)) {
			rc = np_fail(err, "%s line %d: longer than %zu bytes", path, line_no,
				     sizeof(line) - 1);
			break;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : p + len;
		char *key, *value;
		if (!split_line(line, shape, &key, &value)) {
			bool blank = true;
			for (size_t i = 0; i < len; i++)
				blank &= isspace((unsigned char)line[i]) != 0;
			if (!blank)
				rc = np_fail(err, "%s line %d: expected a key and a value", path,
					     line_no);
			continue;
		}
		if (!key_ok(key)) {
			rc = np_fail(err,
				     "%s line %d: '%.60s' is not a key (letters, digits, _ and "
				     "parentheses, under %d bytes)",
				     path, line_no, key, NP_KV_KEY_MAX);
			break;
		}
		for (size_t i = 0; rc == 0 && i < *count; i++)
			if (strcmp(list[i].key, key) == 0)
				rc = np_fail(err, "%s line %d: '%s' is given twice", path, line_no,
					     key);
		if (rc == 0 && *count == max)
			rc = np_fail(err, "%s line %d: more than %zu keys", path, line_no, max);
		if (rc < 0)
			break;
		struct np_kv_entry *e = &list[*count];
		if (!parse_value(value, &e->value)) {
			rc =
			    np_fail(err,
				    "%s line %d: field '%s' has value '%.60s', expected an integer "
				    "(optionally followed by kB)",
				    path, line_no, key, value);
			break;
		}
		snprintf(e->key, sizeof(e->key), "%s", key);
		e->kb = strstr(value, "kB") != NULL;
		(*count)++;
	}
	if (rc < 0 || *count == 0) {
		free(list);
		list = NULL;
		if (rc < 0)
			*count = 0;
	}
	*entries = list;
	return rc;
}

bool np_snake_case(const char *key, char *out, size_t size)
{
	size_t n = 0;
	for (size_t i = 0; key[i]; i++) {
		unsigned char c = (unsigned char)key[i];
		bool underscore = c == '_' || c == '(' || c == ')';
		if (isupper(c) && i > 0) {
			unsigned char prev = (unsigned char)key[i - 1];
			unsigned char next = (unsigned char)key[i + 1];
			if (islower(prev) || isdigit(prev) || (isupper(prev) && islower(next))) {
				if (n + 1 >= size)
					return false;
				if (n > 0 && out[n - 1] != '_')
					out[n++] = '_';
			}
		}
		if (underscore) {
			if (n > 0 && out[n - 1] != '_') {
				if (n + 1 >= size)
					return false;
				out[n++] = '_';
			}
			continue;
		}
		if (n + 1 >= size)
			return false;
		out[n++] = (char)tolower(c);
	}
	while (n > 0 && out[n - 1] == '_')
		n--;
	if (size == 0)
		return false;
	out[n] = '\0';
	return true;
}

int np_kv_find_string(const char *text, const char *key, char *out, size_t out_size)
{
	size_t key_len = strlen(key);
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len > key_len && strncmp(p, key, key_len) == 0 && p[key_len] == ':') {
			const char *v = p + key_len + 1;
			const char *end = p + len;
			while (v < end && isspace((unsigned char)*v))
				v++;
			while (end > v && isspace((unsigned char)end[-1]))
				end--;
			size_t vlen = (size_t)(end - v);
			if (vlen >= out_size)
				return -2;
			memcpy(out, v, vlen);
			out[vlen] = '\0';
			return 0;
		}
		p = nl ? nl + 1 : p + len;
	}
	return -1;
}
