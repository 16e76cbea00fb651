/*
 * collect.h: one sample of the NUMA statistics: per-node counters and
 * memory from sysfs, system-wide NUMA-balancing counters from
 * /proc/vmstat, and for each selected guest or process its memory per
 * host node and where its vCPU threads last ran.
 *
 * Nodes are enumerated afresh every sample (they hotplug, ids are sparse).
 * A process that exits while it is read is skipped and counted; a
 * numa_maps that cannot be read is marked denied, never reported as zero.
 */
#ifndef NUMAPROBE_COLLECT_H
#define NUMAPROBE_COLLECT_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../lib/error.h"
#include "../lib/guestview.h"
#include "../lib/idset.h"
#include "../lib/kvfile.h"
#include "../lib/numamaps.h"
#include "../lib/roots.h"
#include "../lib/runinfo.h"
#include "../lib/strbuf.h"
#include "../lib/tiering.h"
#include "../lib/topology.h"

#define NP_NODE_COUNTERS   6
#define NP_SYSTEM_COUNTERS 7
#define NP_NODE_MEMS	   6
/* The most keys read from one nodeN/meminfo or nodeN/vmstat (6.12 has 39
 * and 78). */
#define NP_NODE_KEYS_MAX 256

/* numa_hit numa_miss numa_foreign interleave_hit local_node other_node */
extern const char *const np_node_counter_names[NP_NODE_COUNTERS];
/* numa_hint_faults numa_hint_faults_local numa_pages_migrated numa_pte_updates
 * numa_huge_pte_updates pgmigrate_success pgmigrate_fail: NUMA balancing
 * and migration, which the kernel counts only system-wide */
extern const char *const np_system_counter_names[NP_SYSTEM_COUNTERS];
/* mem_total_bytes mem_free_bytes mem_used_bytes mem_file_bytes mem_anon_bytes mem_shmem_bytes */
extern const char *const np_node_mem_names[NP_NODE_MEMS];

struct np_stats_node {
	int id;
	uint64_t counters[NP_NODE_COUNTERS]; /* allocations, since boot */
	uint64_t mem[NP_NODE_MEMS];	     /* bytes */
	struct np_hugepage_pool *pools;	     /* ascending page size; NULL when none */
	size_t pool_count;
	/* every field of nodeN/meminfo, in file order (kB fields in bytes) */
	struct np_kv_entry *meminfo;
	size_t meminfo_count;
	/* the event counters of nodeN/vmstat (promotion, demotion, refaults,
	 * ...) in file order; its nr_* gauges are left out (meminfo has them
	 * in bytes), as are workingset_nodes (a gauge) and numa_* (numastat's
	 * counters again); none when the file is absent */
	struct np_kv_entry *events;
	size_t event_count;
};

struct np_stats_entity {
	bool guest;	/* else a process (--pid, --match) */
	char name[256]; /* the guest's name, or the process's comm */
	pid_t pid;
	bool denied;		       /* numa_maps unreadable: no memory figures */
	const char *source;	       /* "numa_maps" or "cgroup" */
	struct np_node_memory *memory; /* bytes per node and kind */
	int vcpu_count;
	int *vcpu_nodes;	 /* node each vCPU thread last ran on; -1 unknown */
	const char *vcpu_source; /* how they were found (guestview.h) */
	struct np_idset allowed_cpus;
	struct np_idset allowed_nodes;
	double local_fraction; /* docs/design.md's locality; NAN without vCPUs or memory */
};

struct np_stats_request {
	bool system_only;
	const char *const *guest_names; /* --guest; none: every guest */
	size_t guest_count;
	const pid_t *pids; /* --pid */
	size_t pid_count;
	const regex_t *match; /* --match, or NULL */
	enum np_mem_source source;
	pid_t self; /* never matched by --match */
};

struct np_stats_sample {
	struct np_runinfo run;
	uint64_t boottime_ns; /* CLOCK_BOOTTIME, for rates across runs */
	char boot_id[64];
	struct np_stats_node *nodes; /* ascending id */
	size_t node_count;
	uint64_t system[NP_SYSTEM_COUNTERS];
	bool system_found[NP_SYSTEM_COUNTERS]; /* in /proc/vmstat: only these are recorded */
	struct np_tiering tiering;	       /* memory tiers, demotion, balancing, weights */
	uint64_t default_huge_page_bytes;      /* /proc/meminfo's Hugepagesize; 0 unknown */
	struct np_stats_entity *entities;      /* guests first (by name), then processes (by pid) */
	size_t entity_count;
	size_t gone;		/* processes that exited while read */
	size_t skipped;		/* processes whose files held bad values (named in notes) */
	struct np_strbuf notes; /* for stderr: unreadable files, denied reads, skips */
};

/* Takes one sample. A process whose files hold bad values is skipped,
 * counted and named in the notes; the sample goes on. */
int np_stats_collect(const struct np_roots *roots, const struct np_stats_request *request,
		     struct np_stats_sample *sample, struct np_error *err);
void np_stats_sample_free(struct np_stats_sample *sample);

#endif
