/* strbuf.c: growable buffer; see strbuf.h. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void np_sb_init(struct np_strbuf *sb)
{
	sb->data = NULL;
	sb->len = 0;
	sb->cap = 0;
	sb->failed = false;
}

void np_sb_free(struct np_strbuf *sb)
{
	free(sb->data);
	np_sb_init(sb);
}

void np_sb_reset(struct np_strbuf *sb)
{
	sb->len = 0;
	if (sb->data)
		sb->data[0] = '\0';
}

static bool reserve(struct np_strbuf *sb, size_t extra)
{
	if (sb->failed)
		return false;
	if (extra > ((size_t)-1) / 2 - sb->len) {
		sb->failed = true;
		return false;
	}
	size_t need = sb->len + extra + 1;
	if (need <= sb->cap)
		return true;
	size_t cap = sb->cap ? sb->cap : 256;
	while (cap < need)
		cap *= 2;
	char *data = realloc(sb->data, cap);
	if (!data) {
		sb->failed = true;
		return false;
	}
	sb->data = data;
	sb->cap = cap;
	return true;
}

void np_sb_append(struct np_strbuf *sb, const char *bytes, size_t len)
{
	if (!reserve(sb, len))
		return;
	memcpy(sb->data + sb->len, bytes, len);
	sb->len += len;
	sb->data[sb->len] = '\0';
}

void np_sb_puts(struct np_strbuf *sb, const char *text)
{
	np_sb_append(sb, text, strlen(text));
}

void np_sb_putc(struct np_strbuf *sb, char c)
{
	np_sb_append(sb, &c, 1);
}

void np_sb_printf(struct np_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->failed = true;
		return;
	}
	if (!reserve(sb, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

const char *np_sb_str(const struct np_strbuf *sb)
{
	return sb->data ? sb->data : "";
}

void np_appendf(char *buffer, size_t size, const char *fmt, ...)
{
	size_t used = strnlen(buffer, size);
	if (used + 1 >= size)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buffer + used, size - used, fmt, ap);
	va_end(ap);
}

void np_each_line(const char *text, void (*fn)(void *ctx, const char *line, int length), void *ctx)
{
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		int length = end ? (int)(end - line) : (int)strlen(line);
		fn(ctx, line, length);
		line += length + (end ? 1 : 0);
	}
}
