/* chain.c: building and chasing the latency chain; see chain.h. */
#include "chain.h"

#include <stdlib.h>

/* Where the pointer sits in its slot: one of MIXER_SLOTS random 8-byte
 * offsets, chosen by the slot's index, as multichase's mixer does. */
#define MIXER_SLOTS 64

static uint64_t random_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t np_random_below(uint64_t *state, uint64_t bound)
{
	/* Reject the top partial block so every value is equally likely. */
	uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
	uint64_t value;
	do {
		value = random_next(state);
	} while (value >= limit);
	return value % bound;
}

static void shuffle(size_t *items, size_t count, uint64_t *state)
{
	for (size_t i = count; i > 1; i--) {
		size_t j = (size_t)np_random_below(state, i);
		size_t tmp = items[i - 1];
		items[i - 1] = items[j];
		items[j] = tmp;
	}
}

/* The group size: the locality in whole 4 KiB pages, then whole strides,
 * at least one stride, at most the buffer. */
static size_t group_bytes(const struct np_chain_params *p)
{
	size_t group = p->tlb_locality == 0 ? p->buffer_bytes
					    : p->tlb_locality / NP_CHAIN_UNIT * NP_CHAIN_UNIT;
	group -= group % p->stride;
	if (group < p->stride)
		group = p->stride;
	return group > p->buffer_bytes ? p->buffer_bytes - p->buffer_bytes % p->stride : group;
}

size_t np_chain_length(const struct np_chain_params *params)
{
	return params->stride ? params->buffer_bytes / params->stride : 0;
}

int np_chain_build(void *buffer, const struct np_chain_params *params, void **start,
		   struct np_error *err)
{
	size_t size = params->buffer_bytes, stride = params->stride;
	if (size == 0 || size % NP_CHAIN_UNIT || stride < 8 || stride % 8 || size / stride < 2)
		return np_fail(err,
			       "chain: a buffer of %zu bytes with a stride of %zu bytes: expected "
			       "whole 4 KiB pages, a stride that is a multiple of 8, and 2 or more "
			       "strides",
			       size, stride);
	size_t group = group_bytes(params);
	size_t groups = (size - size % stride + group - 1) / group;
	size_t slots_per_group = group / stride;
	size_t *group_order = malloc(groups * sizeof(*group_order));
	size_t *slot_order = malloc(slots_per_group * sizeof(*slot_order));
	if (!group_order || !slot_order) {
		free(group_order);
		free(slot_order);
		return np_fail(err, "chain: out of memory for a %zu-slot shuffle", slots_per_group);
	}
	uint64_t state = params->seed;
	size_t mixer[MIXER_SLOTS];
	for (size_t m = 0; m < MIXER_SLOTS; m++)
		mixer[m] = (size_t)np_random_below(&state, stride / 8) * 8;
	for (size_t g = 0; g < groups; g++)
		group_order[g] = g;
	shuffle(group_order, groups, &state);

	char *base = buffer;
	char *first = NULL;
	char *previous = NULL;
	size_t whole = size - size % stride; /* a last partial stride is not visited */
	for (size_t g = 0; g < groups; g++) {
		size_t group_start = group_order[g] * group;
		/* The last group is short when the size is not a multiple. */
		size_t bytes = whole - group_start < group ? whole - group_start : group;
		size_t slots = bytes / stride;
		for (size_t i = 0; i < slots; i++)
			slot_order[i] = i;
		shuffle(slot_order, slots, &state);
		for (size_t i = 0; i < slots; i++) {
			size_t slot = (group_start / stride) + slot_order[i];
			size_t offset = mixer[slot % MIXER_SLOTS];
			char *element = base + group_start + slot_order[i] * stride + offset;
			if (previous)
				*(void **)previous = element;
			else
				first = element;
			previous = element;
		}
	}
	*(void **)previous = first; /* close the cycle */
	free(group_order);
	free(slot_order);
	*start = first;
	return 0;
}

#define LOAD1 p = *(void *const *)p
#define LOAD8                                                                                      \
	LOAD1;                                                                                     \
	LOAD1;                                                                                     \
	LOAD1;                                                                                     \
	LOAD1;                                                                                     \
	LOAD1;                                                                                     \
	LOAD1;                                                                                     \
	LOAD1;                                                                                     \
	LOAD1

void *np_chain_chase(void *start, uint64_t loads)
{
	void *p = start;
	uint64_t blocks = loads / 32;
	for (uint64_t i = 0; i < blocks; i++) {
		LOAD8;
		LOAD8;
		LOAD8;
		LOAD8;
	}
	for (uint64_t i = 0; i < loads % 32; i++)
		LOAD1;
	return p;
}
