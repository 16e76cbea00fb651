/* cgroup.c: per-node memory from memory.numa_stat; see cgroup.h. */
#include "cgroup.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "fileio.h"
#include "number.h"
#include "proctask.h"

/* Adds one "N<node>=<value>" token (value x scale bytes) to out. */
static int add_node_value(const char *path, int line_no, const char *token, const char *end,
			  uint64_t scale, enum np_mem_kind kind, struct np_node_memory *out,
			  struct np_error *err)
{
	const char *p = token + 1;
	uint64_t node = 0, value = 0, bytes = 0;
	bool ok = *token == 'N' && np_scan_uint(&p, end, NP_MAX_NODES - 1, &node) == NP_SCAN_OK &&
		  p < end && *p == '=';
	if (ok) {
		p++;
		ok = np_scan_uint(&p, end, UINT64_MAX, &value) == NP_SCAN_OK && p == end;
	}
	if (!ok)
		return np_fail(err,
			       "%s line %d: expected N<node>=<value> with a node from 0 to %d, "
			       "found '%.*s'",
			       path, line_no, NP_MAX_NODES - 1, (int)(end - token), token);
	if (!np_mul_u64(value, scale, &bytes) || !np_node_memory_add(out, (int)node, kind, bytes))
		return np_fail(err, "%s line %d: '%.*s' overflows 64 bits of bytes", path, line_no,
			       (int)(end - token), token);
	return 0;
}

int np_cgroup_numa_stat_parse(const char *path, const char *text, uint64_t page_bytes,
			      struct np_node_memory *out, struct np_error *err)
{
	int line_no = 0;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		line_no++;
		/* v1: "anon=N N0=.." (pages); v2: "anon N0=.." (bytes). */
		const char *key_end = p;
		while (key_end < end && *key_end != '=' && *key_end != ' ')
			key_end++;
		bool v1 = key_end < end && *key_end == '=';
		size_t key_len = (size_t)(key_end - p);
		enum np_mem_kind kind = NP_MEM_KINDS;
		if (key_len == 4 && memcmp(p, "anon", 4) == 0)
			kind = NP_MEM_ANON;
		else if (key_len == 4 && memcmp(p, "file", 4) == 0)
			kind = NP_MEM_FILE;
		if (kind != NP_MEM_KINDS) {
			const char *q = key_end;
			if (v1) /* skip the total */
				while (q < end && *q != ' ')
					q++;
			while (q < end) {
				while (q < end && *q == ' ')
					q++;
				if (q >= end)
					break;
				const char *token = q;
				while (q < end && *q != ' ')
					q++;
				if (add_node_value(path, line_no, token, q, v1 ? page_bytes : 1,
						   kind, out, err) < 0)
					return -1;
			}
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

static bool only_process(const char *procs_path, pid_t pid)
{
	struct np_strbuf text;
	np_sb_init(&text);
	bool only = false;
	if (np_read_file(procs_path, &text, NULL, NULL) == 0) {
		uint64_t first;
		char *nl = strchr(text.data ? text.data : "", '\n');
		if (nl)
			*nl = '\0';
		only = text.len && np_parse_uint(np_sb_str(&text), NP_PID_MAX, &first, NULL) == 0 &&
		       first == (uint64_t)pid && (!nl || nl[1] == '\0');
	}
	np_sb_free(&text);
	return only;
}

int np_cgroup_numa_stat_path(const struct np_roots *roots, pid_t pid, char *path, size_t size,
			     bool *exclusive, struct np_error *err)
{
	char relative[64], file[PATH_MAX];
	snprintf(relative, sizeof(relative), "%d/cgroup", (int)pid);
	if (np_root_path(file, sizeof(file), roots->proc, relative, err) < 0)
		return -1;
	struct np_strbuf text;
	np_sb_init(&text);
	if (np_read_file(file, &text, NULL, err) < 0) {
		np_sb_free(&text);
		return -1;
	}
	char group[PATH_MAX] = "";
	const char *controller_dir = NULL;
	for (char *line = text.data; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		/* "ID:controllers:path" */
		char *first = strchr(line, ':');
		char *second = first ? strchr(first + 1, ':') : NULL;
		if (second) {
			*second = '\0';
			const char *controllers = first + 1;
			bool memory = false;
			for (const char *c = controllers; *c;) {
				size_t n = strcspn(c, ",");
				memory |= n == 6 && strncmp(c, "memory", 6) == 0;
				c += n + (c[n] == ',');
			}
			if (memory) {
				snprintf(group, sizeof(group), "%s", second + 1);
				controller_dir = "memory";
				break;
			}
			if (!controller_dir && strncmp(line, "0", 1) == 0 && *controllers == '\0') {
				snprintf(group, sizeof(group), "%s", second + 1);
				controller_dir = "";
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	np_sb_free(&text);
	if (!controller_dir || strcmp(group, "/") == 0 || group[0] == '\0')
		return np_fail(err, "process %d has no memory cgroup of its own", (int)pid);
	char dir[PATH_MAX];
	int n = snprintf(dir, sizeof(dir), "%s%s%s%s", roots->cgroup, *controller_dir ? "/" : "",
			 controller_dir, group);
	if (n < 0 || (size_t)n >= sizeof(dir))
		return np_fail(err, "cgroup path of process %d is too long", (int)pid);
	n = snprintf(path, size, "%s/memory.numa_stat", dir);
	if (n < 0 || (size_t)n >= size || !np_path_exists(path))
		return np_fail(err, "%s: absent", path);
	char procs[PATH_MAX + 16];
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
	*exclusive = only_process(procs, pid);
	return 0;
}
