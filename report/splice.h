/*
 * splice.h: editing a few elements of an XML document as text, keeping
 * every other byte as the user wrote it (libxml2 would re-serialise the
 * whole document: quotes, spacing, the declaration, comments' places).
 *
 * The text must already be well-formed (np_domain_parse checked it); the
 * scanner only finds where elements start and end, skipping comments,
 * CDATA, processing instructions and quoted attribute values.
 */
#ifndef NUMAPROBE_SPLICE_H
#define NUMAPROBE_SPLICE_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/strbuf.h"

/* Where an element is: [start, end) covers it from '<' to the end of its
 * end tag (or of its empty-element tag); [inner, inner_end) its content
 * (empty for <x/>); `indent` the blanks before it on its line. */
struct np_span {
	size_t start, end;
	size_t inner, inner_end;
	size_t indent_start; /* the start of the blanks before it on its line */
};

/* The first child element named `name` of the element whose content is
 * [from, to) of text; false when there is none. */
bool np_splice_find(const char *text, size_t from, size_t to, const char *name,
		    struct np_span *span);

/* The content span of the document's root element. */
bool np_splice_root(const char *text, size_t len, struct np_span *span);

/* Every child element of [from, to), in order, calling fn for each. */
void np_splice_children(const char *text, size_t from, size_t to,
			void (*fn)(void *ctx, const char *name, size_t name_len,
				   const struct np_span *span),
			void *ctx);

/* One replacement: bytes [start, end) of the text become `with`. */
struct np_splice_edit {
	size_t start, end;
	const char *with;
};

/* Applies edits (sorted by start, not overlapping) to text into out. */
int np_splice_apply(const char *text, size_t len, const struct np_splice_edit *edits, size_t count,
		    struct np_strbuf *out);

#endif
