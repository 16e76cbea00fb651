/* csv.c: RFC 4180 fields and torn-write-free appends; see csv.h. */
#include "csv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static bool needs_quotes(const char *text)
{
	if (!*text)
		return false;
	if (text[0] == ' ' || text[strlen(text) - 1] == ' ')
		return true;
	return strpbrk(text, ",\"\r\n") != NULL;
}

void np_csv_field(struct np_strbuf *row, bool first, const char *text)
{
	if (!first)
		np_sb_putc(row, ',');
	if (!needs_quotes(text)) {
		np_sb_puts(row, text);
		return;
	}
	np_sb_putc(row, '"');
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			np_sb_putc(row, '"');
		np_sb_putc(row, *p);
	}
	np_sb_putc(row, '"');
}

void np_csv_end_row(struct np_strbuf *row)
{
	np_sb_putc(row, '\n');
}

/* Reads the first line of fd (at most max bytes) into buf. Returns its
 * length, or -1. Sets *complete when a newline ended it. */
static ssize_t read_first_line(int fd, char *buf, size_t max, bool *complete)
{
	ssize_t got = pread(fd, buf, max, 0);
	if (got < 0)
		return -1;
	char *nl = memchr(buf, '\n', (size_t)got);
	*complete = nl != NULL;
	return nl ? nl - buf : got;
}

static int check_existing(int fd, const char *path, const char *header, off_t size,
			  struct np_error *err)
{
	size_t header_len = strlen(header);
	size_t max = header_len + 4096; /* enough to quote another header */
	char *line = malloc(max);
	if (!line)
		return np_fail(err, "%s: out of memory", path);
	bool complete;
	ssize_t len = read_first_line(fd, line, max, &complete);
	int rc = 0;
	if (len < 0) {
		rc = np_fail(err, "%s: cannot read its header: %s", path, strerror(errno));
	} else if ((size_t)len != header_len || memcmp(line, header, header_len) != 0 ||
		   !complete) {
		rc = np_fail(err,
			     "%s: its header is not numaprobe's current one; refusing to append: "
			     "start a new file (found '%.*s%s', expected '%s')",
			     path, len > 2048 ? 2048 : (int)len, line, len > 2048 ? "..." : "",
			     header);
	} else {
		char last;
		if (pread(fd, &last, 1, size - 1) != 1)
			rc = np_fail(err, "%s: cannot read its last byte: %s", path,
				     strerror(errno));
		else if (last != '\n')
			rc = np_fail(err,
				     "%s: its last line is incomplete (no newline at the end); "
				     "refusing to append: repair or start a new file",
				     path);
	}
	free(line);
	return rc;
}

static int write_all_once(int fd, const char *path, const char *data, size_t len, off_t size,
			  struct np_error *err)
{
	ssize_t wrote = write(fd, data, len);
	if (wrote == (ssize_t)len)
		return 0;
	int saved = wrote < 0 ? errno : ENOSPC;
	/* Undo whatever part landed so the file ends on a complete line. */
	if (wrote > 0 && ftruncate(fd, size) < 0)
		return np_fail(
		    err, "%s: write failed (%s) and the partial rows could not be removed (%s)",
		    path, strerror(saved), strerror(errno));
	return np_fail(err, "%s: cannot append %zu bytes: %s; the file is unchanged", path, len,
		       strerror(saved));
}

int np_csv_append_file(const char *path, const char *header, const char *rows, size_t rows_len,
		       struct np_error *err)
{
	int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return np_fail(err, "%s: cannot open for appending: %s", path, strerror(errno));
	int rc = -1;
	struct stat st;
	if (flock(fd, LOCK_EX) < 0) {
		np_fail(err, "%s: cannot lock: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) < 0) {
		np_fail(err, "%s: cannot stat: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		np_fail(err, "%s: not a regular file", path);
		goto out;
	}
	struct np_strbuf out;
	np_sb_init(&out);
	if (st.st_size == 0) {
		np_sb_puts(&out, header);
		np_sb_putc(&out, '\n');
	} else if (check_existing(fd, path, header, st.st_size, err) < 0) {
		np_sb_free(&out);
		goto out;
	}
	np_sb_append(&out, rows, rows_len);
	if (out.failed)
		np_fail(err, "%s: out of memory building the rows", path);
	else
		rc = write_all_once(fd, path, out.data, out.len, st.st_size, err);
	np_sb_free(&out);
out:
	close(fd); /* also releases the lock */
	return rc;
}
