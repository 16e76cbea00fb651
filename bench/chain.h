/*
 * chain.h: the pointer chain the latency test chases.
 *
 * The buffer is cut into slots of `stride` bytes, and the chain visits one
 * pointer in each slot: ONE cycle through every slot (no short cycles, no
 * slot twice), randomised so hardware prefetchers cannot follow, yet with
 * bounded TLB reach. The buffer is split into TLB-locality groups of whole
 * 4 KiB pages (whatever the page size the buffer is mapped with, as
 * multichase does), the groups are visited in a random order, and inside
 * a group every slot is visited in a random order before the chase moves
 * on. Within its slot, each pointer sits at an 8-byte-aligned offset taken
 * from a table of 64 random offsets by the slot's index (slot mod 64), as
 * multichase's "mixer" places it, so the touched lines do not all share
 * one offset in their slot. The pattern matters more than one would think:
 * on a Xeon VM with a very large last-level cache, a fresh random offset
 * for every slot read 5% slower than multichase, offset 0 everywhere 35%
 * faster; the 64-entry table reads as multichase does.
 *
 * The stride matters: with 64 bytes the chase visits every line of a
 * group, and the adjacent-line and spatial prefetchers and DRAM rows that
 * are already open make loads cheaper than a random access is; 256 bytes
 * (multichase's default, and ours) leaves them nothing to help with.
 */
#ifndef NUMAPROBE_CHAIN_H
#define NUMAPROBE_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "../lib/error.h"

#define NP_LINE_BYTES 64
#define NP_CHAIN_UNIT 4096 /* the unit TLB-locality groups are counted in */

struct np_chain_params {
	size_t buffer_bytes; /* a multiple of 4096 */
	size_t stride;	     /* bytes between visited pointers: a multiple of 8, >= 8 */
	size_t tlb_locality; /* bytes; rounded down to whole 4 KiB pages and to a multiple
				of the stride, at least one stride; 0: the whole buffer */
	uint64_t seed;
};

/* The number of pointers the chain visits in one lap. */
size_t np_chain_length(const struct np_chain_params *params);

/* Writes the chain into buffer and returns the first pointer's address in
 * *start. Fails for sizes that are not whole 4 KiB pages, a stride that is
 * not a multiple of 8, or fewer than 2 slots. */
int np_chain_build(void *buffer, const struct np_chain_params *params, void **start,
		   struct np_error *err);

/* Follows `loads` links from start and returns where it ended; the loads
 * are dependent and unrolled so nothing but memory latency limits them. */
void *np_chain_chase(void *start, uint64_t loads);

/* Uniform in [0, bound) without modulo bias, from a small fast generator
 * (splitmix64) whose state is the caller's. bound >= 1. */
uint64_t np_random_below(uint64_t *state, uint64_t bound);

#endif
