/*
 * chain.h: the pointer chain the latency test chases.
 *
 * The buffer is cut into cache lines; the first word of each line points
 * to the next line to visit. The visiting order is ONE cycle through every
 * line (no short cycles, no line twice), randomised so hardware
 * prefetchers cannot follow, yet with bounded TLB reach: the buffer is
 * split into TLB-locality groups of whole pages, the groups are visited in
 * a random order, and inside a group every line of every page is visited
 * in a random order before the chase moves on (so both the pages within a
 * group and the lines within a page are shuffled). A locality of 0, or one
 * at least the buffer size, makes the whole buffer one group.
 */
#ifndef NUMAPROBE_CHAIN_H
#define NUMAPROBE_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "../lib/error.h"

#define NP_LINE_BYTES 64

struct np_chain_params {
	size_t buffer_bytes; /* multiple of page_bytes */
	size_t page_bytes;   /* 4096, 2 MiB, 1 GiB */
	size_t tlb_locality; /* bytes; rounded down to whole pages, min one */
	uint64_t seed;
};

/* Writes the chain into buffer and returns the start line's address in
 * *start. Fails for sizes that are not whole pages or hold < 2 lines. */
int np_chain_build(void *buffer, const struct np_chain_params *params, void **start,
		   struct np_error *err);

/* Follows `loads` links from start and returns where it ended; the loads
 * are dependent and unrolled so nothing but memory latency limits them. */
void *np_chain_chase(void *start, uint64_t loads);

/* Uniform in [0, bound) without modulo bias, from a small fast generator
 * (splitmix64) whose state is the caller's. bound >= 1. */
uint64_t np_random_below(uint64_t *state, uint64_t bound);

#endif
