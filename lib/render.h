/*
 * render.h: the output formats of a command as a table of renderers,
 * { "table", fn }, { "csv", fn }, ... so that --format is one lookup and a
 * new format is one more row.
 *
 * Every renderer appends its whole output to one strbuf; the command
 * writes the buffer out once (so an error never leaves half a document).
 * `report` is the command's own report struct (bench, stats, ...).
 */
#ifndef NUMAPROBE_RENDER_H
#define NUMAPROBE_RENDER_H

#include "error.h"
#include "strbuf.h"

struct np_renderer {
	const char *name;
	void (*render)(const void *report, struct np_strbuf *out);
};

/* The row named `name` of a table ended by a row with a NULL name, or
 * NULL with "--format 'x' is unknown: expected table, csv or json". */
const struct np_renderer *np_renderer_find(const struct np_renderer *table, const char *name,
					   struct np_error *err);

/* "table, csv or json": the names of a table, for messages and help. */
void np_renderer_names(const struct np_renderer *table, struct np_strbuf *out);

#endif
