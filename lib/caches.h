/*
 * caches.h: the data and unified caches of one CPU, from sysfs
 * (<sysfs>/devices/system/cpu/cpuN/cache/indexM/{level,type,size};
 * instruction caches left out), smallest level first. VMs often hide the
 * directory: then there are none.
 */
#ifndef NUMAPROBE_CACHES_H
#define NUMAPROBE_CACHES_H

#include <stddef.h>

struct np_cache_level {
	int level;     /* 1, 2, 3... */
	char type[16]; /* "Data" or "Unified", as sysfs says */
	size_t bytes;
};
#define NP_MAX_CACHE_LEVELS 8

/* Fills caches (at most NP_MAX_CACHE_LEVELS) and returns how many; the
 * largest level's size (of any type) goes to *largest when not NULL. */
size_t np_caches_read(const char *sysfs, int cpu, struct np_cache_level *caches, size_t *largest);

#endif
