/* splice.c: element spans in XML text and edits to them; see splice.h. */
#include "splice.h"

#include <ctype.h>
#include <string.h>

/* The index just past `close` from pos, or `to` when it is not there. */
static size_t skip_past(const char *text, size_t pos, size_t to, const char *close)
{
	size_t n = strlen(close);
	for (size_t i = pos; i + n <= to; i++)
		if (memcmp(text + i, close, n) == 0)
			return i + n;
	return to;
}

/* The index just past the '>' of the tag starting at pos, with quoted
 * attribute values skipped; *empty says whether it ended in "/>". */
static size_t tag_end(const char *text, size_t pos, size_t to, bool *empty)
{
	char quote = 0;
	for (size_t i = pos + 1; i < to; i++) {
		char c = text[i];
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '>') {
			*empty = text[i - 1] == '/';
			return i + 1;
		}
	}
	*empty = true;
	return to;
}

static size_t name_length(const char *text, size_t pos, size_t to)
{
	size_t n = 0;
	while (pos + n < to && !isspace((unsigned char)text[pos + n]) && text[pos + n] != '>' &&
	       text[pos + n] != '/')
		n++;
	return n;
}

void np_splice_children(const char *text, size_t from, size_t to,
			void (*fn)(void *ctx, const char *name, size_t name_len,
				   const struct np_span *span),
			void *ctx)
{
	int depth = 0;
	struct np_span child = {0};
	size_t child_name = 0, child_name_len = 0;
	for (size_t pos = from; pos < to;) {
		const char *lt = memchr(text + pos, '<', to - pos);
		if (!lt)
			break;
		pos = (size_t)(lt - text);
		if (to - pos >= 4 && memcmp(text + pos, "<!--", 4) == 0) {
			pos = skip_past(text, pos + 4, to, "-->");
		} else if (to - pos >= 9 && memcmp(text + pos, "<![CDATA[", 9) == 0) {
			pos = skip_past(text, pos + 9, to, "]]>");
		} else if (to - pos >= 2 && text[pos + 1] == '?') {
			pos = skip_past(text, pos + 2, to, "?>");
		} else if (to - pos >= 2 && text[pos + 1] == '!') {
			pos = skip_past(text, pos + 2, to, ">");
		} else if (to - pos >= 2 && text[pos + 1] == '/') {
			size_t after = skip_past(text, pos + 2, to, ">");
			if (depth == 0)
				return; /* the parent's end tag */
			if (--depth == 0) {
				child.inner_end = pos;
				child.end = after;
				fn(ctx, text + child_name, child_name_len, &child);
			}
			pos = after;
		} else {
			bool empty;
			size_t after = tag_end(text, pos, to, &empty);
			if (depth == 0) {
				child.start = pos;
				child_name = pos + 1;
				child_name_len = name_length(text, pos + 1, to);
				child.indent_start = pos;
				while (child.indent_start > from &&
				       (text[child.indent_start - 1] == ' ' ||
					text[child.indent_start - 1] == '\t'))
					child.indent_start--;
				child.inner = child.inner_end = after;
				if (empty) {
					child.end = after;
					fn(ctx, text + child_name, child_name_len, &child);
				} else {
					depth = 1;
				}
			} else if (!empty) {
				depth++;
			}
			pos = after;
		}
	}
}

struct finder {
	const char *name;
	struct np_span *span;
	bool found;
};

static void find_one(void *ctx, const char *name, size_t len, const struct np_span *span)
{
	struct finder *f = ctx;
	if (!f->found && strlen(f->name) == len && memcmp(f->name, name, len) == 0) {
		*f->span = *span;
		f->found = true;
	}
}

bool np_splice_find(const char *text, size_t from, size_t to, const char *name,
		    struct np_span *span)
{
	struct finder f = {name, span, false};
	np_splice_children(text, from, to, find_one, &f);
	return f.found;
}

static void first_element(void *ctx, const char *name, size_t len, const struct np_span *span)
{
	(void)name, (void)len;
	struct finder *f = ctx;
	if (!f->found) {
		*f->span = *span;
		f->found = true;
	}
}

bool np_splice_root(const char *text, size_t len, struct np_span *span)
{
	struct finder f = {NULL, span, false};
	np_splice_children(text, 0, len, first_element, &f);
	return f.found;
}

int np_splice_apply(const char *text, size_t len, const struct np_splice_edit *edits, size_t count,
		    struct np_strbuf *out)
{
	size_t at = 0;
	for (size_t i = 0; i < count; i++) {
		if (edits[i].start < at || edits[i].end < edits[i].start || edits[i].end > len)
			return -1;
		np_sb_append(out, text + at, edits[i].start - at);
		np_sb_puts(out, edits[i].with);
		at = edits[i].end;
	}
	np_sb_append(out, text + at, len - at);
	return out->failed ? -1 : 0;
}
