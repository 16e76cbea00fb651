/*
 * strbuf.h: a growable byte buffer.
 *
 * Every writer (table, CSV, JSON) builds its whole output here first and
 * only then hands it to stdout or a file in one write, so an error found
 * half-way never leaves half a document behind. An allocation failure sets
 * `failed` and turns later appends into no-ops; check it once at the end.
 */
#ifndef NUMAPROBE_STRBUF_H
#define NUMAPROBE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct np_strbuf {
	char *data; /* always NUL-terminated when len > 0 or after init */
	size_t len;
	size_t cap;
	bool failed;
};

void np_sb_init(struct np_strbuf *sb);
void np_sb_free(struct np_strbuf *sb);
void np_sb_reset(struct np_strbuf *sb);
void np_sb_append(struct np_strbuf *sb, const char *bytes, size_t len);
void np_sb_puts(struct np_strbuf *sb, const char *text);
void np_sb_putc(struct np_strbuf *sb, char c);
void np_sb_printf(struct np_strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The contents as a C string ("" for an empty buffer). */
const char *np_sb_str(const struct np_strbuf *sb);

/* Appends to a fixed, NUL-terminated char buffer (notes and warnings that
 * travel inside structs), truncating at its end. */
void np_appendf(char *buffer, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Calls fn(ctx, line, length) for each line of text (without the '\n'). */
void np_each_line(const char *text, void (*fn)(void *ctx, const char *line, int length), void *ctx);

#endif
