/* cgroup.c: per-node memory from memory.numa_stat; see cgroup.h. */
#include "cgroup.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "fileio.h"

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
				unsigned node = 0;
				unsigned long long value = 0;
				int used = 0;
				if (sscanf(q, "N%u=%llu%n", &node, &value, &used) != 2 ||
				    node >= NP_MAX_NODES)
					return np_fail(
					    err,
					    "%s line %d: expected N<node>=<value>, found '%.*s'",
					    path, line_no, (int)(end - q), q);
				out->bytes[node][kind] += v1 ? value * page_bytes : value;
				if ((int)node > out->max_node)
					out->max_node = (int)node;
				q += used;
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
		unsigned long long first;
		char *nl = strchr(text.data ? text.data : "", '\n');
		if (nl)
			*nl = '\0';
		only = text.len && np_parse_u64(np_sb_str(&text), &first) == 0 &&
		       first == (unsigned long long)pid && (!nl || nl[1] == '\0');
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
