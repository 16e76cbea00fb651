/*
 * advise.h: the placement a guest should be given on a host
 * (`report advise`), and whether guests fit at all (`report fit`).
 *
 * Capacity of a host node for a guest:
 *   CPUs   its CPUs less --reserve-cpus (with --pin-cores one per core,
 *          siblings too with --smt), each carrying --cpu-ratio vCPUs
 *          (1.0; pinned cores carry one), less the vCPUs already
 *          committed there;
 *   memory its free memory (MemFree from sysfs; from capabilities, which
 *          give totals only, the total), less what is committed there;
 *          with huge pages, the free pages of the guest's size instead.
 * Memory is never overcommitted.
 *
 * The advice, in order:
 *   1. one node: among the nodes that hold all its vCPUs and memory, the
 *      one with the most free memory, then the fewest committed vCPUs,
 *      then the lowest id;
 *   2. else the fewest nodes that hold it: from each node, add the node
 *      closest to those taken (the measured latency, else SLIT) until
 *      the CPUs and the memory suffice; of those sets the smallest, then
 *      the closest together. Nodes without CPUs are not used. vCPUs fill
 *      the nodes in id order, each up to its capacity, in contiguous
 *      ranges; memory goes in proportion to the vCPUs on each node,
 *      never more than a node has free (the rest to the next with room).
 * Greedy and documented, not an optimal solver.
 */
#ifndef NUMAPROBE_ADVISE_H
#define NUMAPROBE_ADVISE_H

#include <stdbool.h>
#include <stdint.h>

#include "../lib/error.h"
#include "../lib/idset.h"
#include "../lib/strbuf.h"
#include "../lib/topology.h"
#include "domain.h"
#include "host.h"

struct np_advise_options {
	double cpu_ratio;	       /* vCPUs a host CPU may carry (1.0) */
	struct np_idset reserve;       /* host CPUs never given out */
	bool pin_cores, smt;	       /* one vCPU per core (siblings too with smt) */
	const int *core_of;	       /* CPU -> its core's lowest CPU; NULL: each CPU a core */
	bool free_is_total;	       /* the host gives no free memory (capabilities) */
	const uint64_t *committed_bytes; /* per host node index, or NULL */
	const int *committed_vcpus;	 /* per host node index, or NULL */
};

/* What a host node can still take. */
struct np_node_room {
	int node;
	struct np_idset cpus; /* the CPUs vCPUs may be pinned to */
	int vcpu_slots;	      /* vCPUs it may still carry */
	uint64_t free_bytes;  /* memory (or huge pages of the guest's size) left */
	int committed_vcpus;
};

struct np_capacity {
	size_t count;
	struct np_node_room *nodes; /* one per host node, in the host's order */
	uint64_t page_bytes;	    /* the guest's huge page size, 0 for none */
};

int np_capacity_make(const struct np_topology *host, const struct np_advise_options *o,
		     uint64_t page_bytes, struct np_capacity *cap, struct np_error *err);
void np_capacity_free(struct np_capacity *cap);

struct np_advice_cell {
	int node;		 /* host node */
	int first_vcpu, vcpus;	 /* a contiguous range */
	uint64_t memory_bytes;	 /* KiB multiple */
	struct np_idset cpus;	 /* the host CPUs its vCPUs are pinned to */
	int cpu_list[1024];	 /* with pin_cores: vCPU i of the cell on cpu_list[i] */
};

struct np_advice {
	bool fits;
	bool one_to_one; /* pin_cores: each vCPU on one CPU */
	int cell_count;
	struct np_advice_cell cells[NP_DOMAIN_MAX_CELLS];
	struct np_strbuf decisions; /* one line each */
	char reason[512];	    /* when it does not fit */
};

/* The guest's huge page size (its default <page>, else the first), 0
 * without huge pages. */
uint64_t np_domain_page_bytes(const struct np_domain *domain);

/* Places the guest on the capacity (taking it out when it fits). */
int np_advise(const struct np_domain *domain, const struct np_topology *host,
	      const struct np_latency_matrix *latency, struct np_capacity *cap, bool pin_cores,
	      struct np_advice *out, struct np_error *err);
void np_advice_free(struct np_advice *advice);

/* What guests placed so far hold on each host node (by the host's node
 * index): memory in base pages, memory in huge pages of each size, vCPUs. */
struct np_commitments {
	size_t count;
	uint64_t *bytes;      /* [node] */
	uint64_t *huge_bytes; /* [node * NP_COMMIT_PAGE_SIZES + size index] */
	uint64_t page_sizes[4];
	int *vcpus; /* [node] */
};
#define NP_COMMIT_PAGE_SIZES 4

int np_commitments_init(struct np_commitments *c, size_t nodes, struct np_error *err);
void np_commitments_free(struct np_commitments *c);
/* The room each node has left for a guest with huge pages of page_bytes (0
 * for none): o's rules less what c holds. */
int np_capacity_after(const struct np_topology *host, const struct np_advise_options *o,
		      const struct np_commitments *c, uint64_t page_bytes, struct np_capacity *cap,
		      struct np_error *err);
/* Adds an advice's cells to what c holds. */
int np_commit(struct np_commitments *c, const struct np_topology *host, uint64_t page_bytes,
	      const struct np_advice *advice, struct np_error *err);

/* The advised domain XML: `text` with only <vcpu>, <cputune>, <numatune>,
 * <cpu><numa> and <memoryBacking><hugepages> edited, every other byte as
 * it was. */
int np_advice_xml(const char *text, size_t len, const struct np_domain *domain,
		  const struct np_topology *host, const struct np_advice *advice,
		  struct np_strbuf *out, struct np_error *err);

#endif
