/* proctask.c: processes, threads and QEMU guests under /proc; see proctask.h. */
#include "proctask.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "idset.h"
#include "number.h"

int np_parse_task_stat(const char *text, struct np_task_stat *out, struct np_error *err)
{
	const char *open = strchr(text, '(');
	const char *close = strrchr(text, ')');
	if (!open || !close || close < open)
		return np_fail(err, "stat line '%.60s' has no (comm)", text);
	size_t comm_len = (size_t)(close - open - 1);
	if (comm_len >= sizeof(out->comm))
		comm_len = sizeof(out->comm) - 1;
	memcpy(out->comm, open + 1, comm_len);
	out->comm[comm_len] = '\0';
	/* Field 3 (state) is the first after ')'; field 39 is 36 further. */
	const char *p = close + 1;
	int field = 2;
	out->processor = -1;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p || *p == '\n')
			break;
		field++;
		const char *start = p;
		while (*p && *p != ' ' && *p != '\n')
			p++;
		if (field == 3)
			out->state = *start;
		if (field == 39) {
			const char *digits = start;
			uint64_t cpu;
			if (np_scan_uint(&digits, p, NP_ID_MAX, &cpu) != NP_SCAN_OK || digits != p)
				return np_fail(
				    err,
				    "stat field 39 (processor) is '%.*s', expected a CPU "
				    "number from 0 to %d",
				    (int)(p - start), start, NP_ID_MAX);
			out->processor = (int)cpu;
			return 0;
		}
	}
	return np_fail(err, "stat line has %d fields, expected at least 39", field);
}

static int compare_pids(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

int np_proc_list(const struct np_roots *roots, const char *pid, pid_t **ids, size_t *count,
		 struct np_error *err)
{
	char relative[64], path[PATH_MAX];
	snprintf(relative, sizeof(relative), "%s%s", pid ? pid : "", pid ? "/task" : "");
	if (np_root_path(path, sizeof(path), roots->proc, relative, err) < 0)
		return -1;
	*ids = NULL;
	*count = 0;
	DIR *dir = opendir(path);
	if (!dir)
		return np_fail(err, "%s: cannot list: %s", path, strerror(errno));
	size_t cap = 0;
	struct dirent *entry;
	while ((entry = readdir(dir)) != NULL) {
		uint64_t id;
		if (np_parse_uint(entry->d_name, NP_PID_MAX, &id, NULL) < 0)
			continue;
		if (*count == cap) {
			cap = cap ? cap * 2 : 256;
			pid_t *grown = realloc(*ids, cap * sizeof(**ids));
			if (!grown) {
				closedir(dir);
				free(*ids);
				*ids = NULL;
				return np_fail(err, "out of memory listing %s", path);
			}
			*ids = grown;
		}
		(*ids)[(*count)++] = (pid_t)id;
	}
	closedir(dir);
	if (*count > 1)
		qsort(*ids, *count, sizeof(**ids), compare_pids);
	return 0;
}

bool np_is_vcpu_comm(const char *comm, int *index)
{
	/* Exactly what QEMU writes ("CPU %d/KVM"): any local user can name a
	 * thread, so "CPU -1/KVM", "CPU+1/KVM" or "CPU 99999999999/TCG" must
	 * not become an index. */
	if (strncmp(comm, "CPU ", 4) != 0)
		return false;
	const char *p = comm + 4;
	uint64_t n;
	if (np_scan_uint(&p, NULL, NP_MAX_VCPUS - 1, &n) != NP_SCAN_OK)
		return false;
	if (strcmp(p, "/KVM") != 0 && strcmp(p, "/TCG") != 0)
		return false;
	*index = (int)n;
	return true;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

bool np_is_qemu_cmdline(const char *cmdline, size_t len)
{
	if (len == 0)
		return false;
	const char *name = base_name(cmdline); /* argv[0] ends at the first NUL */
	return strncmp(name, "qemu-system-", 12) == 0 || strcmp(name, "qemu-kvm") == 0;
}

/* Copies QEMU option element [start, end) to out, turning ",," into ",". */
static void unescape(const char *start, const char *end, char *out, size_t size)
{
	size_t used = 0;
	for (const char *p = start; p < end && used + 1 < size; p++) {
		out[used++] = *p;
		if (*p == ',' && p + 1 < end && p[1] == ',')
			p++;
	}
	out[used] = '\0';
}

bool np_qemu_guest_name(const char *cmdline, size_t len, char *name, size_t size)
{
	const char *end = cmdline + len;
	for (const char *arg = cmdline; arg < end; arg += strlen(arg) + 1) {
		if (strcmp(arg, "-name") != 0 && strcmp(arg, "--name") != 0)
			continue;
		const char *value = arg + strlen(arg) + 1;
		if (value >= end)
			return false;
		/* Split on single commas; ",," is an escaped comma. */
		const char *element = value;
		bool first = true;
		for (const char *p = value;; p++) {
			if (*p == ',' && p[1] == ',') {
				p++;
				continue;
			}
			if (*p != ',' && *p != '\0')
				continue;
			if (strncmp(element, "guest=", 6) == 0) {
				unescape(element + 6, p, name, size);
				return true;
			}
			if (first && !memchr(element, '=', (size_t)(p - element))) {
				unescape(element, p, name, size); /* -name NAME,... */
				return true;
			}
			first = false;
			if (*p == '\0')
				return false;
			element = p + 1;
		}
	}
	return false;
}

static int proc_read(const struct np_roots *roots, pid_t pid, const char *file, bool bytes,
		     struct np_strbuf *out, bool *gone, int *errno_out, struct np_error *err)
{
	char relative[128], path[PATH_MAX];
	snprintf(relative, sizeof(relative), "%d/%s", (int)pid, file);
	*gone = false;
	if (np_root_path(path, sizeof(path), roots->proc, relative, err) < 0)
		return -1;
	int saved = 0;
	int rc =
	    bytes ? np_read_bytes(path, out, &saved, err) : np_read_file(path, out, &saved, err);
	if (errno_out)
		*errno_out = saved;
	if (rc < 0 && (saved == ENOENT || saved == ESRCH))
		*gone = true;
	return rc;
}

int np_proc_read(const struct np_roots *roots, pid_t pid, const char *file, struct np_strbuf *out,
		 bool *gone, int *errno_out, struct np_error *err)
{
	return proc_read(roots, pid, file, false, out, gone, errno_out, err);
}

int np_proc_read_cmdline(const struct np_roots *roots, pid_t pid, struct np_strbuf *out, bool *gone,
			 struct np_error *err)
{
	return proc_read(roots, pid, "cmdline", true, out, gone, NULL, err);
}
