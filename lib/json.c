/* json.c: streaming JSON writer; see json.h. */
#include "json.h"

#include <math.h>
#include <string.h>

#include "utf8.h"

void np_json_init(struct np_json *json, struct np_strbuf *out)
{
	memset(json, 0, sizeof(*json));
	json->out = out;
}

static void newline_indent(struct np_json *json)
{
	np_sb_putc(json->out, '\n');
	for (int i = 0; i < json->depth; i++)
		np_sb_puts(json->out, "  ");
}

/* Separator and indentation before a value or a key. */
static void before_item(struct np_json *json)
{
	if (json->after_key) {
		json->after_key = false;
		return;
	}
	if (json->depth == 0)
		return;
	if (json->has_items[json->depth])
		np_sb_putc(json->out, ',');
	json->has_items[json->depth] = true;
	if (json->is_inline[json->depth]) {
		if (json->out->len && json->out->data[json->out->len - 1] == ',')
			np_sb_putc(json->out, ' ');
	} else {
		newline_indent(json);
	}
}

static void open_container(struct np_json *json, char bracket, bool is_inline)
{
	before_item(json);
	np_sb_putc(json->out, bracket);
	if (json->depth + 1 < NP_JSON_MAX_DEPTH) {
		json->depth++;
		json->has_items[json->depth] = false;
		json->is_inline[json->depth] = is_inline;
	} else {
		json->out->failed = true;
	}
}

static void close_container(struct np_json *json, char bracket)
{
	bool had_items = json->has_items[json->depth];
	bool was_inline = json->is_inline[json->depth];
	if (json->depth > 0)
		json->depth--;
	if (had_items && !was_inline)
		newline_indent(json);
	np_sb_putc(json->out, bracket);
}

void np_json_object(struct np_json *json)
{
	open_container(json, '{', false);
}

void np_json_object_end(struct np_json *json)
{
	close_container(json, '}');
}

void np_json_array(struct np_json *json)
{
	open_container(json, '[', false);
}

void np_json_array_inline(struct np_json *json)
{
	open_container(json, '[', true);
}

void np_json_array_end(struct np_json *json)
{
	close_container(json, ']');
}

void np_json_key(struct np_json *json, const char *key)
{
	before_item(json);
	np_json_escape(json->out, key);
	np_sb_puts(json->out, ": ");
	json->after_key = true;
}

void np_json_escape(struct np_strbuf *out, const char *text)
{
	np_sb_putc(out, '"');
	const unsigned char *p = (const unsigned char *)text;
	while (*p) {
		unsigned char c = *p;
		if (c == '"' || c == '\\') {
			np_sb_putc(out, '\\');
			np_sb_putc(out, (char)c);
			p++;
		} else if (c < 0x20) {
			static const char short_forms[] = "btn\0fr";
			if (c >= '\b' && c <= '\r' && short_forms[c - '\b'])
				np_sb_printf(out, "\\%c", short_forms[c - '\b']);
			else
				np_sb_printf(out, "\\u%04x", c);
			p++;
		} else {
			int len = (int)np_utf8_length(p);
			if (len == 0) {
				np_sb_puts(out, "\\ufffd");
				p++;
			} else {
				np_sb_append(out, (const char *)p, (size_t)len);
				p += len;
			}
		}
	}
	np_sb_putc(out, '"');
}

void np_json_string(struct np_json *json, const char *text)
{
	before_item(json);
	np_json_escape(json->out, text);
}

void np_json_int(struct np_json *json, int64_t value)
{
	before_item(json);
	np_sb_printf(json->out, "%lld", (long long)value);
}

void np_json_uint(struct np_json *json, uint64_t value)
{
	before_item(json);
	np_sb_printf(json->out, "%llu", (unsigned long long)value);
}

void np_json_double(struct np_json *json, double value, int decimals)
{
	before_item(json);
	if (!isfinite(value))
		np_sb_puts(json->out, "null");
	else
		np_sb_printf(json->out, "%.*f", decimals, value);
}

void np_json_significant(struct np_json *json, double value, int digits)
{
	before_item(json);
	if (!isfinite(value))
		np_sb_puts(json->out, "null");
	else
		np_sb_printf(json->out, "%.*g", digits, value);
}

void np_json_bool(struct np_json *json, bool value)
{
	before_item(json);
	np_sb_puts(json->out, value ? "true" : "false");
}

void np_json_null(struct np_json *json)
{
	before_item(json);
	np_sb_puts(json->out, "null");
}

void np_json_idset(struct np_json *json, const struct np_idset *set)
{
	np_json_array_inline(json);
	for (int id = np_idset_next(set, 0); id >= 0; id = np_idset_next(set, id + 1))
		np_json_int(json, id);
	np_json_array_end(json);
}

static void json_line(void *ctx, const char *line, int length)
{
	struct np_json *json = ctx;
	before_item(json);
	struct np_strbuf text;
	np_sb_init(&text);
	np_sb_append(&text, line, (size_t)length);
	np_json_escape(json->out, np_sb_str(&text));
	np_sb_free(&text);
}

void np_json_lines(struct np_json *json, const char *text)
{
	np_json_array(json);
	np_each_line(text, json_line, json);
	np_json_array_end(json);
}

void np_json_finish(struct np_json *json)
{
	np_sb_putc(json->out, '\n');
}

void np_json_kv_string(struct np_json *json, const char *key, const char *value)
{
	np_json_key(json, key);
	np_json_string(json, value);
}

void np_json_kv_int(struct np_json *json, const char *key, int64_t value)
{
	np_json_key(json, key);
	np_json_int(json, value);
}

void np_json_kv_uint(struct np_json *json, const char *key, uint64_t value)
{
	np_json_key(json, key);
	np_json_uint(json, value);
}

void np_json_kv_double(struct np_json *json, const char *key, double value, int decimals)
{
	np_json_key(json, key);
	np_json_double(json, value, decimals);
}

void np_json_kv_bool(struct np_json *json, const char *key, bool value)
{
	np_json_key(json, key);
	np_json_bool(json, value);
}

void np_json_kv_idset(struct np_json *json, const char *key, const struct np_idset *set)
{
	np_json_key(json, key);
	np_json_idset(json, set);
}

void np_json_kv_lines(struct np_json *json, const char *key, const char *text)
{
	np_json_key(json, key);
	np_json_lines(json, text);
}
