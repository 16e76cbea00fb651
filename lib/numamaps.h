/*
 * numamaps.h: a process's resident memory per node, from
 * /proc/PID/numa_maps, split by the kind of mapping.
 *
 * Each line is a mapping: an address, a policy (which can contain spaces:
 * "prefer (many)", "weighted interleave"), then key=value and bare tokens.
 * Tokens are read by key, never by position. N<node>=<pages> counts that
 * mapping's resident pages on the node, in units of that line's
 * kernelpagesize_kB (huge pages for hugetlb, base pages for THP); a line
 * without kernelpagesize_kB counts base pages.
 *
 * Kinds: huge (hugetlb, the bare token "huge"); anon (no file, or a guest
 * RAM backend: memfd, /dev/shm, a deleted file); file (any other file).
 */
#ifndef NUMAPROBE_NUMAMAPS_H
#define NUMAPROBE_NUMAMAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bounds.h"
#include "error.h"
#include "roots.h"

enum np_mem_kind { NP_MEM_HUGE, NP_MEM_ANON, NP_MEM_FILE, NP_MEM_KINDS };

struct np_node_memory {
	uint64_t bytes[NP_MAX_NODES][NP_MEM_KINDS];
	int max_node;	/* highest node with any bytes, -1 if none */
	uint64_t total; /* of every node and kind; never wraps (see np_node_memory_add) */
};

/* Adds every line of `text` to `out` (which the caller zeroes with
 * np_node_memory_clear). `base_page_kb` is used for lines without
 * kernelpagesize_kB. Node ids past NP_MAX_NODES are an error. */
int np_numamaps_parse(const char *text, uint64_t base_page_kb, struct np_node_memory *out,
		      struct np_error *err);
void np_node_memory_clear(struct np_node_memory *memory);
/* Adds bytes to a node's kind. False, changing nothing, for a node outside
 * 0..NP_MAX_NODES-1 or when the total would pass 2^64 - 1. */
bool np_node_memory_add(struct np_node_memory *memory, int node, enum np_mem_kind kind,
			uint64_t bytes);
/* Sum of one node's kinds, and of every node. */
uint64_t np_node_memory_node_total(const struct np_node_memory *memory, int node);
uint64_t np_node_memory_total(const struct np_node_memory *memory);

/* The kind's name: huge, anon, file. */
const char *np_mem_kind_name(enum np_mem_kind kind);

#endif
