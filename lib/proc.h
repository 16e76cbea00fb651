/*
 * proc.h: readers of /proc/PID files shared by every component.
 *
 * Paths come from np_roots, so `pid` "self" under a fixture proc root
 * reads the fixture's status file, which keeps fixture outputs exact.
 */
#ifndef NUMAPROBE_PROC_H
#define NUMAPROBE_PROC_H

#include "error.h"
#include "idset.h"
#include "roots.h"

/* Cpus_allowed_list and Mems_allowed_list of <proc>/<pid>/status.
 * *errno_out (if not NULL) gets the errno of a failed read, 0 otherwise. */
int np_proc_read_allowed(const struct np_roots *roots, const char *pid, struct np_idset *cpus,
			 struct np_idset *nodes, int *errno_out, struct np_error *err);

#endif
