/*
 * plan.h: which cells a benchmark run measures, on which CPUs, with what
 * buffer sizes, worked out before anything is measured so that every bad
 * request fails at once (exit status 2, no CSV row).
 *
 * Restrictions are respected, never fought: a CPU node's usable CPUs are
 * those of the process's allowed CPUs (taskset, cgroup cpusets,
 * numactl --cpunodebind); a memory node is usable when it has memory, is
 * in Mems_allowed, and, under a bind memory policy (numactl --membind),
 * is in the policy's nodes. Every node left out is named with the reason.
 */
#ifndef NUMAPROBE_PLAN_H
#define NUMAPROBE_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/error.h"
#include "../lib/idset.h"
#include "../lib/strbuf.h"
#include "../lib/topology.h"
#include "arena.h"
#include "environment.h"
#include "kernels.h"
#include "policy.h"

#define NP_PLAN_MAX_NODES 64

struct np_bench_request {
	bool latency;
	bool bandwidth;
	bool cpu_nodes_given;
	struct np_idset cpu_nodes;
	bool mem_nodes_given;
	struct np_idset mem_nodes; /* single nodes */
	struct np_mem_group mem_groups[NP_MAX_GROUPS];
	size_t mem_group_count;
	int policy; /* an np_mem_policy, or -1: bind a node, interleave a group */
	size_t size_bytes; /* 0: the default */
	size_t threads;	   /* 0: all */
	bool smt;
	bool modes[NP_BW_MODE_COUNT];
	enum np_page_mode page;
	bool force;
	/* buffers of the cell size live at once on a node (loaded: the chased
	 * one and the injectors'); the free-memory rules apply to them all.
	 * 0 means 1. */
	unsigned buffers;
};

struct np_plan_node {
	/* A CPU node's id; a memory target's node id, or for a group of
	 * nodes a key below -1 (-2 - its index) that no node has. */
	int id;
	int cpu_count;
	int cpus[1024];	   /* bandwidth workers' CPUs, cores first */
	size_t size_bytes; /* memory nodes: the cell buffer size */
	/* memory targets: the name in output ("2", "0+2"), the nodes, the
	 * policy, and the share (%) it should put on each node (-1: none) */
	char name[96];
	struct np_idset nodes;
	enum np_mem_policy policy;
	double expected[NP_MAX_GROUP_NODES]; /* by node, ascending */
};

struct np_bench_plan {
	struct np_plan_node cpu_nodes[NP_PLAN_MAX_NODES];
	size_t cpu_node_count;
	struct np_plan_node mem_nodes[NP_PLAN_MAX_NODES];
	size_t mem_node_count;
	size_t threads;		   /* bandwidth workers per CPU node */
	struct np_strbuf skipped;  /* one "node N (cpu|memory): reason" a line */
	struct np_strbuf warnings; /* size cap notes */
};

/* Fills plan (free it with np_bench_plan_free, also after a failure) or
 * returns -1 with a message fit for a usage error. The
 * physical core of each CPU comes from `core_of` (a CPU id -> the lowest
 * id of its SMT siblings; may be NULL to treat every CPU as a core). */
int np_bench_plan_make(const struct np_topology *topo, const struct np_environment *env,
		       const struct np_bench_request *request, const int *core_of,
		       struct np_bench_plan *plan, struct np_error *err);

void np_bench_plan_free(struct np_bench_plan *plan);

/* Reads the SMT siblings of `cpus` from the live sysfs into core_of[cpu]
 * (size NP_ID_MAX + 1): the lowest id of the CPU's core. Other CPUs, and
 * CPUs without topology files, are their own core. */
void np_read_core_map(const struct np_idset *cpus, int *core_of);

#endif
