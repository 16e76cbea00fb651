/*
 * csv.h: RFC 4180 CSV rows, and appending them to a file without ever
 * tearing, truncating or rewriting what is already there.
 *
 * Rows end in "\n". A field is quoted when it holds a comma, a double
 * quote, CR, LF, or leading/trailing spaces; quotes inside are doubled.
 *
 * The append rules (docs/design.md): take an exclusive flock, fstat the size,
 * refuse a file whose header line differs from ours (so old files stay
 * readable as formats grow), write the header only into an empty file,
 * write everything with ONE write() on an O_APPEND descriptor, and on a
 * short write (ENOSPC) ftruncate back to the size seen and fail.
 */
#ifndef NUMAPROBE_CSV_H
#define NUMAPROBE_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "strbuf.h"

/* Appends one field, quoted if needed, preceded by ',' unless first. */
void np_csv_field(struct np_strbuf *row, bool first, const char *text);
void np_csv_end_row(struct np_strbuf *row);

/*
 * Appends `rows` (complete lines) to path, creating it with `header` (one
 * line, without "\n") when empty. Fails, leaving the file as it was, when
 * the existing header differs, the file's last line is incomplete, or the
 * write falls short.
 */
int np_csv_append_file(const char *path, const char *header, const char *rows, size_t rows_len,
		       struct np_error *err);

#endif
