/* arena.c: node-bound buffers and placement checks; see arena.h. */
#include "arena.h"

#include <errno.h>
#include <stdbool.h>
#include <numaif.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Linux 6.9's weighted interleave; older numaif.h lacks the name. */
#ifndef MPOL_WEIGHTED_INTERLEAVE
#define MPOL_WEIGHTED_INTERLEAVE 6
#endif

#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif
#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB (21 << MAP_HUGE_SHIFT)
#endif
#ifndef MAP_HUGE_1GB
#define MAP_HUGE_1GB (30 << MAP_HUGE_SHIFT)
#endif

#define NODE_MASK_BITS	1024
#define CHECK_ALL_LIMIT 262144
#define SPREAD_CHECKS	65536
#define QUERY_CHUNK	16384

const char *const np_page_mode_names[] = {"4k", "thp", "2m", "1g", NULL};

const char *np_page_mode_name(enum np_page_mode mode)
{
	return np_page_mode_names[mode];
}

size_t np_page_mode_bytes(enum np_page_mode mode)
{
	switch (mode) {
	case NP_PAGE_4K:
		return 4096;
	case NP_PAGE_THP:
	case NP_PAGE_2M:
		return 2u << 20;
	case NP_PAGE_1G:
		return 1u << 30;
	}
	return 4096;
}

int np_arena_map(struct np_arena *arena, size_t bytes, enum np_page_mode mode, int node,
		 struct np_error *err)
{
	if (node < 0 || node >= NODE_MASK_BITS) {
		memset(arena, 0, sizeof(*arena));
		return np_fail(err, "memory node %d is outside 0-%d", node, NODE_MASK_BITS - 1);
	}
	struct np_idset nodes;
	np_idset_clear(&nodes);
	np_idset_add(&nodes, node);
	return np_arena_map_policy(arena, bytes, mode, &nodes, NP_POLICY_BIND, err);
}

int np_arena_map_policy(struct np_arena *arena, size_t bytes, enum np_page_mode mode,
			const struct np_idset *nodes, enum np_mem_policy policy,
			struct np_error *err)
{
	memset(arena, 0, sizeof(*arena));
	int node = np_idset_next(nodes, 0);
	int last = node;
	for (int n = node; n >= 0; n = np_idset_next(nodes, n + 1))
		last = n;
	if (node < 0 || last >= NODE_MASK_BITS)
		return np_fail(err, "memory nodes must be within 0-%d", NODE_MASK_BITS - 1);
	size_t page = np_page_mode_bytes(mode);
	bytes = (bytes + page - 1) / page * page;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
	if (mode == NP_PAGE_2M)
		flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_2MB;
	if (mode == NP_PAGE_1G)
		flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_1GB;
	void *base = mmap(NULL, bytes, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (base == MAP_FAILED) {
		int saved = errno;
		if (mode == NP_PAGE_2M || mode == NP_PAGE_1G)
			return np_fail(err,
				       "cannot map %zu bytes of %s huge pages: %s; the huge page "
				       "pool is too small (see 'numaprobe topo')",
				       bytes, np_page_mode_names[mode], strerror(saved));
		return np_fail(err, "cannot map %zu bytes: %s", bytes, strerror(saved));
	}
	if (mode == NP_PAGE_4K || mode == NP_PAGE_THP) {
		int advice = mode == NP_PAGE_4K ? MADV_NOHUGEPAGE : MADV_HUGEPAGE;
		if (madvise(base, bytes, advice) != 0) {
			int saved = errno;
			munmap(base, bytes);
			return np_fail(err, "madvise(%s) failed: %s",
				       mode == NP_PAGE_4K ? "MADV_NOHUGEPAGE" : "MADV_HUGEPAGE",
				       strerror(saved));
		}
	}
	unsigned long mask[NODE_MASK_BITS / (8 * sizeof(unsigned long))] = {0};
	for (int n = node; n >= 0; n = np_idset_next(nodes, n + 1))
		mask[n / (8 * sizeof(unsigned long))] |= 1UL << (n % (8 * sizeof(unsigned long)));
	static const int modes[] = {MPOL_BIND, MPOL_INTERLEAVE, MPOL_WEIGHTED_INTERLEAVE};
	if (mbind(base, bytes, modes[policy], mask, NODE_MASK_BITS, 0) != 0) {
		int saved = errno;
		munmap(base, bytes);
		if (policy == NP_POLICY_WEIGHTED && saved == EINVAL)
			return np_fail(err,
				       "this kernel refuses MPOL_WEIGHTED_INTERLEAVE (Linux 6.9 and "
				       "later have it)");
		return np_fail(err, "cannot give %zu bytes the %s policy on node%s %d%s (mbind): %s",
			       bytes, np_mem_policy_names[policy], last > node ? "s" : "", node,
			       last > node ? " and more" : "", strerror(saved));
	}
	arena->base = base;
	arena->bytes = bytes;
	arena->page_bytes = page;
	arena->mode = mode;
	arena->node = node;
	arena->nodes = *nodes;
	arena->policy = policy;
	return 0;
}

int np_arena_verify(const struct np_arena *arena, double *placed_pct, struct np_error *err)
{
	struct np_census census;
	memset(&census, 0, sizeof(census));
	if (np_arena_count(arena, &census, err) < 0)
		return -1;
	*placed_pct = np_census_placed_pct(&census);
	return 0;
}

double np_census_placed_pct(const struct np_census *census)
{
	size_t on = 0;
	for (size_t i = 0; i < census->count; i++)
		on += census->pages[i];
	return census->checked ? 100.0 * (double)on / (double)census->checked : 0.0;
}

double np_census_share(const struct np_census *census, int node)
{
	for (size_t i = 0; i < census->count; i++)
		if (census->node[i] == node)
			return census->checked ? 100.0 * (double)census->pages[i] /
						     (double)census->checked
					       : 0.0;
	return 0;
}

int np_arena_count(const struct np_arena *arena, struct np_census *census, struct np_error *err)
{
	for (int n = np_idset_next(&arena->nodes, 0); n >= 0; n = np_idset_next(&arena->nodes, n + 1)) {
		bool listed = false;
		for (size_t i = 0; i < census->count; i++)
			listed |= census->node[i] == n;
		if (!listed && census->count < NP_MAX_GROUP_NODES)
			census->node[census->count++] = n;
	}
	/* Base pages for 4k and THP (THP may be split); huge pages for hugetlb. */
	size_t step =
	    arena->mode == NP_PAGE_2M || arena->mode == NP_PAGE_1G ? arena->page_bytes : 4096;
	size_t pages = arena->bytes / step;
	size_t checks = pages <= CHECK_ALL_LIMIT ? pages : SPREAD_CHECKS;
	void **addresses = malloc(QUERY_CHUNK * sizeof(*addresses));
	int *status = malloc(QUERY_CHUNK * sizeof(*status));
	if (!addresses || !status) {
		free(addresses);
		free(status);
		return np_fail(err, "out of memory checking page placement");
	}
	int rc = 0;
	for (size_t done = 0; done < checks && rc == 0;) {
		size_t chunk = checks - done < QUERY_CHUNK ? checks - done : QUERY_CHUNK;
		for (size_t i = 0; i < chunk; i++) {
			/* Evenly spread: page index = (done + i) * pages / checks. */
			size_t page = (size_t)(((unsigned __int128)(done + i) * pages) / checks);
			addresses[i] = (char *)arena->base + page * step;
		}
		if (move_pages(0, (unsigned long)chunk, addresses, NULL, status, 0) != 0) {
			rc = np_fail(err, "move_pages (query) failed: %s", strerror(errno));
			break;
		}
		for (size_t i = 0; i < chunk; i++)
			for (size_t k = 0; k < census->count; k++)
				if (status[i] == census->node[k] &&
				    np_idset_has(&arena->nodes, status[i]))
					census->pages[k]++;
		done += chunk;
	}
	free(addresses);
	free(status);
	if (rc == 0)
		census->checked += checks;
	return rc;
}

void np_arena_unmap(struct np_arena *arena)
{
	if (arena->base)
		munmap(arena->base, arena->bytes);
	arena->base = NULL;
}
