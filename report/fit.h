/*
 * fit.h: `numaprobe report fit GUEST.xml...`: which guests fit the host,
 * and where, placed one after another in the order given by the advise
 * rules (advise.h), each taking its room from the next; and how many
 * copies of one guest fit (--count). Greedy, not an optimal packing.
 */
#ifndef NUMAPROBE_FIT_H
#define NUMAPROBE_FIT_H

#include <stdbool.h>
#include <stdint.h>

#include "../lib/render.h"
#include "advise.h"

/* The CSV's first columns; then, for each host node N in the host's order,
 * NP_FIT_NODE_COLUMNS with N: what this guest takes there (memory in base
 * pages: a guest backed by huge pages takes from the pools and shows 0)
 * and the room there before the first guest. */
#define NP_FIT_HEADER "guest,fits,nodes,cells,vcpus,memory_bytes,hugepage_bytes,reason"
#define NP_FIT_NODE_COLUMNS                                                                        \
	"node%d_memory_bytes,node%d_vcpus,node%d_room_memory_bytes,node%d_room_vcpus"

struct np_fit_row {
	char guest[256];
	bool fits;
	char nodes[256]; /* the host nodes used, "0-1" */
	int cells;	 /* guest cells the advice needs (1: none declared) */
	int vcpus;
	uint64_t memory_bytes;	 /* in base pages */
	uint64_t hugepage_bytes; /* in huge pages */
	char reason[512];	 /* why it does not fit */
	/* per host node, after this guest: memory (base pages) and vCPU
	 * places left */
	uint64_t *left_bytes;
	int *left_vcpus;
};

struct np_fit {
	const struct np_topology *host;
	struct np_fit_row *rows;
	size_t count;
	/* per host node, before the first guest: memory (base pages) and
	 * vCPU places; NULL after --count alone */
	uint64_t *room_bytes;
	int *room_vcpus;
	/* --count: copies of the first guest that fit on one node each, and
	 * with guests spread over nodes */
	bool counted;
	int copies_one_node, copies_spread;
};

/* Places the guests in order; *fit holds a row each. */
int np_fit_guests(const struct np_domain *guests, size_t count, const struct np_topology *host,
		  const struct np_latency_matrix *latency, const struct np_advise_options *o,
		  struct np_fit *fit, struct np_error *err);
/* Counts the copies of `guest` that fit (fit->counted). */
int np_fit_count(const struct np_domain *guest, const struct np_topology *host,
		 const struct np_latency_matrix *latency, const struct np_advise_options *o,
		 struct np_fit *fit, struct np_error *err);
void np_fit_free(struct np_fit *fit);

/* table, csv, json; each takes a struct np_fit. */
extern const struct np_renderer np_fit_renderers[];

#endif
