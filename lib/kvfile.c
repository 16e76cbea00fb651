/* kvfile.c: key/value files by field name; see kvfile.h. */
#include "kvfile.h"

#include <ctype.h>
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
