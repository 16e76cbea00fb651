/*
 * placement.h: where a guest's vCPUs and memory land on the host's nodes,
 * predicted from its domain XML, WITH its <cpu><numa> cell declaration and
 * WITHOUT it (one guest cell 0 holding every vCPU and all memory, governed
 * by <numatune><memory> alone).
 *
 * For each guest cell:
 *   p_v(n)  the share of vCPU v's host CPUs on node n; its CPUs are its
 *           <vcpupin>, else <vcpu cpuset>, else every host CPU;
 *   P(n)    the mean of p_v(n) over the cell's vCPUs;
 *   m(n)    the share of the cell's memory on node n, by the policy that
 *           governs it (the cell's <memnode>, else <numatune><memory>):
 *             strict on one node      all of it there (exact);
 *             interleave              even over the nodeset (exact);
 *             strict on several nodes, restrictive
 *                                     first touch within the nodeset:
 *                                     P restricted to it and rescaled
 *                                     (even when P is 0 there); bounds:
 *                                     all of it on the nodeset's worst or
 *                                     best node;
 *             preferred               all on the preferred node (where
 *                                     the kernel puts it while the node
 *                                     has room); bounds: any node;
 *             none (unbound)          first touch: m = P over the nodes
 *                                     with memory; bounds: any node.
 *   local_fraction   sum_n P(n) m(n) (docs/design.md's locality), with the
 *                    bounds' minimum and maximum;
 *   expected_latency sum_n sum_k P(n) m(k) L(n, k), L the bench matrix
 *                    (ns) or the SLIT distance.
 * A CPU-less cell (CXL-style far memory) has no vCPUs of its own: every
 * vCPU of the guest reaches it, so its P is the mean over all of them.
 * The variant's summary weights each cell by its memory, since each byte
 * is what a vCPU reaches:
 *   expected_latency = sum_c bytes_c L_c / sum_c bytes_c, likewise the
 *   local fraction;
 * so a memory-only cell counts for its bytes. A guest without any vCPU
 * (or memory) gets NAN. Such a cell bound to CPU-less host nodes only is
 * far memory by design and not flagged cross-mapped.
 */
#ifndef NUMAPROBE_PLACEMENT_H
#define NUMAPROBE_PLACEMENT_H

#include <stdbool.h>

#include "../lib/error.h"
#include "../lib/idset.h"
#include "../lib/topology.h"
#include "domain.h"
#include "host.h"

enum np_placement_flag {
	NP_FLAG_SPLIT_PINS = 1 << 0,	  /* a vCPU's pins span host nodes */
	NP_FLAG_SPLIT_CELL = 1 << 1,	  /* the cell's vCPUs span host nodes */
	NP_FLAG_CROSS_MAPPED = 1 << 2,	  /* memory nodes differ from vCPU nodes */
	NP_FLAG_HIDDEN_NUMA = 1 << 3,	  /* one guest cell over several host nodes */
	NP_FLAG_FAKE_NUMA = 1 << 4,	  /* several cells' vCPUs on the same single host node */
	NP_FLAG_TOO_BIG = 1 << 5,	  /* more memory than the nodes it may use have */
	NP_FLAG_HUGEPAGES_SHORT = 1 << 6, /* more than their free huge pages of its size */
	NP_FLAG_NO_MEMNODE = 1 << 7,
	NP_FLAG_UNBOUND = 1 << 8,
	NP_FLAG_UNCOVERED_VCPUS = 1 << 9,
	NP_FLAG_MEMORY_MISMATCH = 1 << 10,
	NP_FLAG_NO_ROOM = 1 << 11, /* more memory than the nodes it may use have free now */
	NP_FLAG_COUNT = 12
};

struct np_placement_cell {
	int cell;
	int vcpus;
	uint64_t memory_bytes;
	enum np_mem_mode mode;	   /* the policy that governs its memory */
	struct np_idset cpu_nodes; /* host nodes with P(n) > 0 */
	struct np_idset mem_nodes; /* host nodes with m(n) > 0 */
	double local_fraction, local_fraction_min, local_fraction_max;
	double expected_latency;
	unsigned flags;
};

struct np_placement {
	bool with_cells; /* the variant */
	int cell_count;
	struct np_placement_cell cells[NP_DOMAIN_MAX_CELLS];
	double local_fraction; /* weighted by each cell's memory */
	double expected_latency;
	const char *latency_unit; /* "ns" or "slit" */
};

/* Predicts one variant. latency may be NULL (SLIT is used then); a pair
 * the bench matrix lacks is an error naming it. */
int np_place(const struct np_domain *domain, const struct np_topology *host,
	     const struct np_latency_matrix *latency, bool with_cells, struct np_placement *out,
	     struct np_error *err);

/* "split-pins;cross-mapped", "" when none. */
void np_flags_format(unsigned flags, char *out, size_t size);

#endif
