/* fileio.c: small-file reading; see fileio.h. */
#include "fileio.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int np_read_bytes(const char *path, struct np_strbuf *out, int *errno_out, struct np_error *err)
{
	np_sb_reset(out);
	if (errno_out)
		*errno_out = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno_out)
			*errno_out = errno;
		return np_fail(err, "%s: cannot open: %s", path, strerror(errno));
	}
	char chunk[8192];
	for (;;) {
		ssize_t got = read(fd, chunk, sizeof(chunk));
		if (got < 0) {
			if (errno == EINTR)
				continue;
			int saved = errno;
			close(fd);
			if (errno_out)
				*errno_out = saved;
			return np_fail(err, "%s: cannot read: %s", path, strerror(saved));
		}
		if (got == 0)
			break;
		if (out->len + (size_t)got > NP_SMALL_FILE_MAX) {
			close(fd);
			if (errno_out)
				*errno_out = EFBIG;
			return np_fail(err,
				       "%s: larger than %u bytes, expected a small kernel file",
				       path, NP_SMALL_FILE_MAX);
		}
		np_sb_append(out, chunk, (size_t)got);
	}
	close(fd);
	np_sb_append(out, "", 0); /* an empty file still yields "" */
	if (out->failed)
		return np_fail(err, "%s: out of memory", path);
	return 0;
}

int np_read_file(const char *path, struct np_strbuf *out, int *errno_out, struct np_error *err)
{
	if (np_read_bytes(path, out, errno_out, err) < 0)
		return -1;
	/* Every parser stops at a NUL, so text after one would be dropped
	 * without a word: a cpulist "0-1\0,8" must not read as "0-1". */
	const char *nul = memchr(np_sb_str(out), '\0', out->len);
	if (nul) {
		if (errno_out)
			*errno_out = EINVAL;
		return np_fail(err, "%s: holds a NUL byte at offset %zu, expected text", path,
			       (size_t)(nul - np_sb_str(out)));
	}
	return 0;
}

int np_read_line_file(const char *path, struct np_strbuf *out, int *errno_out, struct np_error *err)
{
	if (np_read_file(path, out, errno_out, err) < 0)
		return -1;
	while (out->len && isspace((unsigned char)out->data[out->len - 1]))
		out->data[--out->len] = '\0';
	return 0;
}

bool np_path_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 || lstat(path, &st) == 0;
}

int np_write_file_atomic(const char *path, const char *data, size_t len, struct np_error *err)
{
	char temp[PATH_MAX];
	if (snprintf(temp, sizeof(temp), "%s.tmp.%d", path, (int)getpid()) >= (int)sizeof(temp))
		return np_fail(err, "%s: path too long", path);
	int fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return np_fail(err, "%s: cannot create: %s", temp, strerror(errno));
	ssize_t wrote = write(fd, data, len);
	int saved = wrote < 0 ? errno : ENOSPC;
	if (close(fd) != 0 && wrote == (ssize_t)len) {
		wrote = -1;
		saved = errno;
	}
	if (wrote != (ssize_t)len) {
		unlink(temp);
		return np_fail(err, "%s: cannot write: %s; %s is unchanged", temp, strerror(saved),
			       path);
	}
	if (rename(temp, path) != 0) {
		saved = errno;
		unlink(temp);
		return np_fail(err, "%s: cannot replace: %s", path, strerror(saved));
	}
	return 0;
}
