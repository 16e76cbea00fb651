/*
 * fileio.h: reading the small text files of /sys and /proc.
 *
 * Files there report a size of 4096 or 0 whatever they hold, so they are
 * read until EOF into a growing buffer, with a cap so a wrong path (or a
 * fixture mistake) cannot make numaprobe read gigabytes.
 */
#ifndef NUMAPROBE_FILEIO_H
#define NUMAPROBE_FILEIO_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "strbuf.h"

#define NP_SMALL_FILE_MAX (16u << 20)

/* Reads the whole text file into out (replacing its contents). On failure
 * the message names the path and errno's text; *errno_out (if not NULL)
 * gets the errno so callers can tell ENOENT from EACCES. A NUL byte is an
 * error (EINVAL): text files never hold one, and every parser would stop
 * at it. */
int np_read_file(const char *path, struct np_strbuf *out, int *errno_out, struct np_error *err);
/* The same for files whose bytes may include NULs (/proc/PID/cmdline). */
int np_read_bytes(const char *path, struct np_strbuf *out, int *errno_out, struct np_error *err);

/* Reads a one-line file and strips trailing whitespace. */
int np_read_line_file(const char *path, struct np_strbuf *out, int *errno_out,
		      struct np_error *err);

bool np_path_exists(const char *path);

/*
 * Replaces `path` with `len` bytes of `data`: written to "<path>.tmp.<pid>"
 * in the same directory, then renamed over it, so a reader (node_exporter,
 * the next cron run) sees the old file or the new one, never half of one.
 * On failure the old file is left as it was.
 */
int np_write_file_atomic(const char *path, const char *data, size_t len, struct np_error *err);

#endif
