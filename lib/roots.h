/*
 * roots.h: where numaprobe reads the kernel's and libvirt's files from.
 *
 * Every reader of /sys, /proc, the libvirt run dir and the cgroup tree
 * builds its paths from one np_roots, so tests can point any reader at a
 * fixture tree. Precedence: command-line option, then the NUMAPROBE_*
 * environment variable, then the live default.
 */
#ifndef NUMAPROBE_ROOTS_H
#define NUMAPROBE_ROOTS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct np_roots {
	char sysfs[PATH_MAX];	    /* default /sys, NUMAPROBE_SYSFS_ROOT */
	char proc[PATH_MAX];	    /* default /proc, NUMAPROBE_PROC_ROOT */
	char libvirt_run[PATH_MAX]; /* default /run/libvirt/qemu, NUMAPROBE_LIBVIRT_RUN_DIR */
	char cgroup[PATH_MAX];	    /* default /sys/fs/cgroup, NUMAPROBE_CGROUP_ROOT */
	bool overridden;	    /* any root differs from the live default */
};

enum np_root_kind { NP_ROOT_SYSFS, NP_ROOT_PROC, NP_ROOT_LIBVIRT_RUN, NP_ROOT_CGROUP };

/* Defaults, then the environment. */
int np_roots_init(struct np_roots *roots, struct np_error *err);
/* An option's value overrides the environment. */
int np_roots_set(struct np_roots *roots, enum np_root_kind kind, const char *dir,
		 struct np_error *err);

/* Joins a root and a relative path ("devices/system/node/online").
 * Fails when the result would not fit PATH_MAX. */
int np_root_path(char *out, size_t out_size, const char *root, const char *relative,
		 struct np_error *err);

#endif
