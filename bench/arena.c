/* arena.c: node-bound buffers and placement checks; see arena.h. */
#include "arena.h"

#include <errno.h>
#include <numaif.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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
	memset(arena, 0, sizeof(*arena));
	if (node < 0 || node >= NODE_MASK_BITS)
		return np_fail(err, "memory node %d is outside 0-%d", node, NODE_MASK_BITS - 1);
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
	mask[node / (8 * sizeof(unsigned long))] |= 1UL << (node % (8 * sizeof(unsigned long)));
	if (mbind(base, bytes, MPOL_BIND, mask, NODE_MASK_BITS, 0) != 0) {
		int saved = errno;
		munmap(base, bytes);
		return np_fail(err, "cannot bind %zu bytes to node %d (mbind): %s", bytes, node,
			       strerror(saved));
	}
	arena->base = base;
	arena->bytes = bytes;
	arena->page_bytes = page;
	arena->mode = mode;
	arena->node = node;
	return 0;
}

int np_arena_verify(const struct np_arena *arena, double *placed_pct, struct np_error *err)
{
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
	size_t on_node = 0;
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
			if (status[i] == arena->node)
				on_node++;
		done += chunk;
	}
	free(addresses);
	free(status);
	if (rc == 0)
		*placed_pct = checks ? 100.0 * (double)on_node / (double)checks : 0.0;
	return rc;
}

void np_arena_unmap(struct np_arena *arena)
{
	if (arena->base)
		munmap(arena->base, arena->bytes);
	arena->base = NULL;
}
