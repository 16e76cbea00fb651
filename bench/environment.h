/*
 * environment.h: what a reader of a benchmark result needs to judge it,
 * recorded in the JSON and the table header (not in every CSV row): host,
 * kernel, CPU model, virtualisation, NUMA balancing, THP mode, memory
 * policy, last-level cache, and the numaprobe version.
 */
#ifndef NUMAPROBE_ENVIRONMENT_H
#define NUMAPROBE_ENVIRONMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/caches.h"
#include "../lib/idset.h"

struct np_environment {
	char kernel[256];		 /* uname -r and -v */
	char cpu_model[256];		 /* /proc/cpuinfo "model name" */
	char virtualised[64];		 /* "no", or "yes" plus the hypervisor when known */
	int numa_balancing;		 /* /proc/sys/kernel/numa_balancing; -1 unknown */
	char thp_enabled[32];		 /* the bracketed word of transparent_hugepage/enabled */
	char mempolicy[64];		 /* get_mempolicy mode: default, bind, preferred, ... */
	struct np_idset mempolicy_nodes; /* its nodes (empty for default/local) */
	size_t llc_bytes;		 /* largest cache level of CPU 0; 0 if unknown */
	/* CPU 0's data and unified caches by level, from sysfs (none when a VM
	 * hides them) */
	struct np_cache_level caches[NP_MAX_CACHE_LEVELS];
	size_t cache_count;
	const char *kernel_isa;		 /* the bandwidth kernels' vector width */
};

/* Reads the live machine; fields that cannot be read say "unknown". */
void np_environment_read(struct np_environment *env);

#endif
