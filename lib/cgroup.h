/*
 * cgroup.h: a process's memory per node from its memory cgroup's
 * memory.numa_stat, whose cost does not grow with the memory's size (unlike
 * numa_maps, which walks the page tables).
 *
 *   v1 (<cgroup-root>/memory/<group>): "anon=265842 N0=265842 ..." in pages
 *   v2 (<cgroup-root>/<group>):        "anon N0=<bytes> N1=<bytes>" in bytes
 *
 * Hugetlb pages are not charged to the memory controller.
 */
#ifndef NUMAPROBE_CGROUP_H
#define NUMAPROBE_CGROUP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "numamaps.h"
#include "roots.h"

/* Adds the anon and file figures of a memory.numa_stat text (either
 * version) to `out` in bytes; `page_bytes` converts v1's pages. */
int np_cgroup_numa_stat_parse(const char *path, const char *text, uint64_t page_bytes,
			      struct np_node_memory *out, struct np_error *err);

/* Finds pid's memory cgroup and the path of its memory.numa_stat (v1's
 * memory controller line, else v2's "0::" line). *exclusive tells whether
 * the group holds no other process, so its figures are the process's own.
 * Returns 0, or -1 when the process has no memory cgroup of its own (the
 * root group) or the file is absent. */
int np_cgroup_numa_stat_path(const struct np_roots *roots, pid_t pid, char *path, size_t size,
			     bool *exclusive, struct np_error *err);

#endif
