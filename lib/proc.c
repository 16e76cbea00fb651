/* proc.c: /proc/PID readers; see proc.h. */
#include "proc.h"

#include <stdio.h>

#include "fileio.h"
#include "kvfile.h"

static int read_list_field(const char *path, const char *text, const char *key,
			   struct np_idset *out, struct np_error *err)
{
	char value[8192];
	int rc = np_kv_find_string(text, key, value, sizeof(value));
	if (rc == -1)
		return np_fail(err, "%s: field '%s' is missing", path, key);
	if (rc == -2)
		return np_fail(err, "%s: field '%s' is longer than %zu bytes", path, key,
			       sizeof(value) - 1);
	if (np_idset_parse(value, out, err) < 0)
		return np_fail_prefix(err, "%s: field '%s'", path, key);
	return 0;
}

int np_proc_read_allowed(const struct np_roots *roots, const char *pid, struct np_idset *cpus,
			 struct np_idset *nodes, int *errno_out, struct np_error *err)
{
	char relative[64];
	char path[PATH_MAX];
	snprintf(relative, sizeof(relative), "%s/status", pid);
	if (np_root_path(path, sizeof(path), roots->proc, relative, err) < 0)
		return -1;
	struct np_strbuf text;
	np_sb_init(&text);
	int rc = np_read_file(path, &text, errno_out, err);
	if (rc == 0)
		rc = read_list_field(path, np_sb_str(&text), "Cpus_allowed_list", cpus, err);
	if (rc == 0)
		rc = read_list_field(path, np_sb_str(&text), "Mems_allowed_list", nodes, err);
	np_sb_free(&text);
	return rc;
}
