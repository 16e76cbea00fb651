/*
 * json.h: a small streaming JSON writer into a strbuf.
 *
 * It tracks nesting and commas so callers only say what comes next.
 * Objects print one member a line, indented by two spaces per level;
 * arrays opened with np_json_array_inline print on one line, for lists of
 * ids. Strings are escaped per RFC 8259, and bytes that are not valid
 * UTF-8 become U+FFFD, so any input yields a valid document.
 */
#ifndef NUMAPROBE_JSON_H
#define NUMAPROBE_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "idset.h"
#include "strbuf.h"

#define NP_JSON_MAX_DEPTH 32

struct np_json {
	struct np_strbuf *out;
	int depth;
	bool has_items[NP_JSON_MAX_DEPTH];
	bool is_inline[NP_JSON_MAX_DEPTH];
	bool after_key;
};

void np_json_init(struct np_json *json, struct np_strbuf *out);
void np_json_object(struct np_json *json);
void np_json_object_end(struct np_json *json);
void np_json_array(struct np_json *json);
void np_json_array_inline(struct np_json *json);
void np_json_array_end(struct np_json *json);
void np_json_key(struct np_json *json, const char *key);
void np_json_string(struct np_json *json, const char *text);
void np_json_int(struct np_json *json, int64_t value);
void np_json_uint(struct np_json *json, uint64_t value);
/* Non-finite values are written as null, which JSON requires. */
void np_json_double(struct np_json *json, double value, int decimals);
/* `digits` significant digits (%g: 0.0123, 5.41e-09), for values that
 * can be tiny, such as p-values; non-finite values are null. */
void np_json_significant(struct np_json *json, double value, int digits);
void np_json_bool(struct np_json *json, bool value);
void np_json_null(struct np_json *json);
/* An array of strings, one per line of text (notes, warnings). */
void np_json_lines(struct np_json *json, const char *text);
/* An inline array of the set's ids. */
void np_json_idset(struct np_json *json, const struct np_idset *set);
/* A key and its value, the common case: np_json_kv_uint(json, "total", n). */
void np_json_kv_string(struct np_json *json, const char *key, const char *value);
void np_json_kv_int(struct np_json *json, const char *key, int64_t value);
void np_json_kv_uint(struct np_json *json, const char *key, uint64_t value);
void np_json_kv_double(struct np_json *json, const char *key, double value, int decimals);
void np_json_kv_bool(struct np_json *json, const char *key, bool value);
void np_json_kv_idset(struct np_json *json, const char *key, const struct np_idset *set);
void np_json_kv_lines(struct np_json *json, const char *key, const char *text);
/* Ends the document with a newline. */
void np_json_finish(struct np_json *json);

/* Appends text as a quoted, escaped JSON string. */
void np_json_escape(struct np_strbuf *out, const char *text);

#endif
