/*
 * tiering.h: how the kernel tiers memory and moves pages between nodes:
 *   - memory tiers, /sys/devices/virtual/memory_tiering/memory_tierN/
 *     nodelist (6.1 on): N orders them, lower N is faster memory; sysfs
 *     shows no abstract distance. Before 6.10 CPU-less nodes present at
 *     boot share the DRAM tier (6.7 already placed dax/kmem memory by
 *     its HMAT figures); later kernels put slower ones (CXL) lower;
 *   - /sys/kernel/mm/numa/demotion_enabled (5.15 on): whether reclaim
 *     demotes pages to a lower tier instead of dropping them;
 *   - /proc/sys/kernel/numa_balancing: 0 off, 1 normal NUMA balancing,
 *     2 memory tiering (hot pages promoted to a faster tier), 3 both;
 *   - /sys/kernel/mm/mempolicy/weighted_interleave/nodeN (6.9 on): the
 *     weights MPOL_WEIGHTED_INTERLEAVE gives each node.
 * Each is optional: what the kernel lacks is marked absent, never an
 * error. A file that is there but holds garbage is an error.
 */
#ifndef NUMAPROBE_TIERING_H
#define NUMAPROBE_TIERING_H

#include <stdbool.h>
#include <stddef.h>

#include "bounds.h"
#include "error.h"
#include "idset.h"
#include "json.h"
#include "roots.h"
#include "strbuf.h"

#define NP_MAX_TIERS 16
/* memory_tierN: N is the abstract distance over 2^7; 16 bits of distance
 * hold every tier a kernel can make */
#define NP_MAX_TIER_ID 65535

struct np_memory_tier {
	int id;
	struct np_idset nodes;
};

struct np_tiering {
	size_t tier_count;			   /* 0 without memory_tiering */
	struct np_memory_tier tiers[NP_MAX_TIERS]; /* ascending id */
	int demotion_enabled;			   /* 1 or 0; -1 absent */
	int numa_balancing;			   /* 0-3; -1 absent */
	size_t weight_count;			   /* 0 without weighted interleave */
	int weight_nodes[NP_MAX_NODES];		   /* ascending node id */
	unsigned weights[NP_MAX_NODES];
};

int np_tiering_read(const struct np_roots *roots, struct np_tiering *out, struct np_error *err);

/* "off", "normal", "memory tiering", "normal and memory tiering", or
 * "unknown" (absent, or a mode a later kernel adds). */
const char *np_balancing_mode_name(int mode);

/* Four lines, "memory tiers", "demotion", "numa_balancing" and "weighted
 * interleave", each label padded to 24 columns, for the tables of topo
 * and stats. */
void np_tiering_text(const struct np_tiering *t, struct np_strbuf *out);
/* The tiering as one JSON object (its key already written):
 * memory_tiers [{tier, nodes}], demotion_enabled (bool or null),
 * numa_balancing (int or null), numa_balancing_mode, weighted_interleave
 * {node: weight}. */
void np_tiering_json(struct np_json *json, const struct np_tiering *t);

#endif
