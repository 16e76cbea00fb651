/*
 * arena.h: benchmark buffers placed on a memory node (or spread over a
 * group of nodes by a policy, see policy.h), and the check that they
 * really are there.
 *
 * A buffer is mapped, given its page mode (4k: MADV_NOHUGEPAGE so THP
 * cannot creep in; thp: MADV_HUGEPAGE; 2m and 1g: hugetlbfs pages) and
 * given its policy with mbind (MPOL_BIND, MPOL_INTERLEAVE or
 * MPOL_WEIGHTED_INTERLEAVE) BEFORE any page exists, so the pinned worker's
 * first touch allocates every page by it. Placement is then verified with
 * move_pages in query mode, never assumed.
 */
#ifndef NUMAPROBE_ARENA_H
#define NUMAPROBE_ARENA_H

#include <stddef.h>

#include "../lib/error.h"
#include "../lib/idset.h"
#include "policy.h"

enum np_page_mode { NP_PAGE_4K, NP_PAGE_THP, NP_PAGE_2M, NP_PAGE_1G };

struct np_arena {
	void *base;
	size_t bytes;	   /* a multiple of page_bytes */
	size_t page_bytes; /* 4096, or the huge page size for thp/2m/1g */
	enum np_page_mode mode;
	int node;		/* the first node of `nodes` */
	struct np_idset nodes;	/* where its pages may go */
	enum np_mem_policy policy;
};

/* Pages found per node by move_pages, over one or more arenas. */
struct np_census {
	size_t checked;				/* pages queried */
	size_t count;				/* nodes listed */
	int node[NP_MAX_GROUP_NODES];		/* the arenas' nodes */
	size_t pages[NP_MAX_GROUP_NODES];	/* pages found on each */
};

/* "4k", "thp", "2m", "1g" in enum order, then NULL. */
extern const char *const np_page_mode_names[];
const char *np_page_mode_name(enum np_page_mode mode);
/* Bytes per page of a mode (THP counts its 2 MiB pages). */
size_t np_page_mode_bytes(enum np_page_mode mode);

/* Maps `bytes` (rounded up to whole pages) bound to `node`. Nothing is
 * touched yet. */
int np_arena_map(struct np_arena *arena, size_t bytes, enum np_page_mode mode, int node,
		 struct np_error *err);
/* The same over `nodes` with `policy`. */
int np_arena_map_policy(struct np_arena *arena, size_t bytes, enum np_page_mode mode,
			const struct np_idset *nodes, enum np_mem_policy policy,
			struct np_error *err);
/* Queries where the pages are. Checks every base page up to 262144 of
 * them, else 65536 evenly spread; *placed_pct is the share on the
 * arena's nodes. */
int np_arena_verify(const struct np_arena *arena, double *placed_pct, struct np_error *err);
/* The same query, adding each of the arena's nodes' pages to `census`
 * (clear it first with memset). */
int np_arena_count(const struct np_arena *arena, struct np_census *census, struct np_error *err);
/* The share (%) of a census's pages on its nodes, and on one of them. */
double np_census_placed_pct(const struct np_census *census);
double np_census_share(const struct np_census *census, int node);
void np_arena_unmap(struct np_arena *arena);

#endif
