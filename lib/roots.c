/* roots.c: the one place that knows where /sys and /proc are; see roots.h. */
#include "roots.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	enum np_root_kind kind;
	const char *env;
	const char *live;
} root_table[] = {
    {NP_ROOT_SYSFS, "NUMAPROBE_SYSFS_ROOT", "/sys"},
    {NP_ROOT_PROC, "NUMAPROBE_PROC_ROOT", "/proc"},
    {NP_ROOT_LIBVIRT_RUN, "NUMAPROBE_LIBVIRT_RUN_DIR", "/run/libvirt/qemu"},
    {NP_ROOT_CGROUP, "NUMAPROBE_CGROUP_ROOT", "/sys/fs/cgroup"},
};

static char *slot(struct np_roots *roots, enum np_root_kind kind)
{
	switch (kind) {
	case NP_ROOT_SYSFS:
		return roots->sysfs;
	case NP_ROOT_PROC:
		return roots->proc;
	case NP_ROOT_LIBVIRT_RUN:
		return roots->libvirt_run;
	case NP_ROOT_CGROUP:
		return roots->cgroup;
	}
	return roots->sysfs;
}

static void recompute_overridden(struct np_roots *roots)
{
	roots->overridden = false;
	for (size_t i = 0; i < sizeof(root_table) / sizeof(root_table[0]); i++)
		if (strcmp(slot(roots, root_table[i].kind), root_table[i].live) != 0)
			roots->overridden = true;
}

int np_roots_set(struct np_roots *roots, enum np_root_kind kind, const char *dir,
		 struct np_error *err)
{
	if (!dir || !*dir)
		return np_fail(err, "an empty directory was given as a root: expected a path");
	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (len >= PATH_MAX)
		return np_fail(err, "root directory '%.64s...' is longer than PATH_MAX", dir);
	char *target = slot(roots, kind);
	memcpy(target, dir, len);
	target[len] = '\0';
	recompute_overridden(roots);
	return 0;
}

int np_roots_init(struct np_roots *roots, struct np_error *err)
{
	memset(roots, 0, sizeof(*roots));
	for (size_t i = 0; i < sizeof(root_table) / sizeof(root_table[0]); i++) {
		const char *env = getenv(root_table[i].env);
		const char *dir = env && *env ? env : root_table[i].live;
		if (np_roots_set(roots, root_table[i].kind, dir, err) < 0)
			return np_fail_prefix(err, "%s", root_table[i].env);
	}
	return 0;
}

int np_root_path(char *out, size_t out_size, const char *root, const char *relative,
		 struct np_error *err)
{
	int n = snprintf(out, out_size, "%s/%s", strcmp(root, "/") ? root : "", relative);
	if (n < 0 || (size_t)n >= out_size)
		return np_fail(err, "path %s/%s is too long", root, relative);
	return 0;
}
