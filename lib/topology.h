/*
 * topology.h: the host's NUMA layout, read from sysfs (and /proc for the
 * allowed sets), under the roots of roots.h so tests can use fixture trees.
 *
 * Nodes come from the `online` list, never from counting node0, node1, ...
 * so sparse ids, CPU-less nodes (CXL, HBM) and memoryless nodes all work.
 * A kernel without /sys/devices/system/node is modelled as one node 0
 * holding every online CPU and all memory, with `numa_sysfs` false.
 */
#ifndef NUMAPROBE_TOPOLOGY_H
#define NUMAPROBE_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bounds.h"
#include "error.h"
#include "idset.h"
#include "roots.h"

/* One huge page pool of a node. */
struct np_hugepage_pool {
	uint64_t page_bytes; /* 2097152, 1073741824, ... */
	uint64_t total;	     /* pages (nr_hugepages) */
	uint64_t free;	     /* pages (free_hugepages) */
	uint64_t surplus;    /* pages (surplus_hugepages) */
	bool has_surplus;    /* the kernel gave surplus_hugepages */
};

#define NP_HMAT_ABSENT (-1)

/* HMAT performance of memory node `target` as seen from its best
 * initiators, as the kernel publishes it in nodeN/accessK/initiators/.
 * access0: any initiator (CPU or generic); access1: CPU initiators only. */
struct np_hmat_access {
	bool present;
	struct np_idset initiators;
	int64_t read_latency_ns; /* NP_HMAT_ABSENT if the file is absent */
	int64_t write_latency_ns;
	int64_t read_bandwidth; /* MB/s as the kernel ABI names it (QEMU: 2^20 B/s) */
	int64_t write_bandwidth;
};

struct np_node {
	int id;
	struct np_idset cpus; /* online CPUs of the node */
	bool has_cpu;
	bool has_memory;
	uint64_t mem_total_bytes;	/* MemTotal of nodeN/meminfo */
	uint64_t mem_free_bytes;	/* MemFree */
	uint64_t memory_blocks;		/* nodeN/memoryM entries; 0 if none listed */
	struct np_hugepage_pool *pools; /* ascending page size */
	size_t pool_count;
	struct np_hmat_access access[2];
};

struct np_topology {
	bool numa_sysfs; /* false: no node directory, single-node fallback */
	struct np_idset possible;
	struct np_idset online;
	struct np_node *nodes; /* one per online node, ascending id */
	size_t node_count;
	uint8_t
	    *distance; /* node_count x node_count, by index, row = from; SLIT values fit 1-255 */
	uint64_t memory_block_bytes;  /* 0 when block_size_bytes is absent */
	struct np_idset allowed_cpus; /* <proc>/self/status */
	struct np_idset allowed_nodes;
};

/* Reads the layout. Node ids from NP_MAX_NODES up (in `possible`,
 * `online` or a node directory's name) are refused with a message. */
int np_topology_read(const struct np_roots *roots, struct np_topology *topo, struct np_error *err);
void np_topology_free(struct np_topology *topo);

/* Index of node `id` in topo->nodes, or -1. */
int np_topology_index(const struct np_topology *topo, int id);
/* SLIT distance between two node ids; 0 when either is unknown. */
uint32_t np_topology_distance(const struct np_topology *topo, int from_id, int to_id);
/* qsort order of pools: ascending page size. */
int np_hugepage_pool_order(const void *a, const void *b);
/* True when any node has HMAT data. */
bool np_topology_has_hmat(const struct np_topology *topo);

#endif
