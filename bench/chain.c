/* chain.c: building and chasing the latency chain; see chain.h. */
#include "chain.h"

#include <stdlib.h>

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

int np_chain_build(void *buffer, const struct np_chain_params *params, void **start,
		   struct np_error *err)
{
	size_t page = params->page_bytes;
	size_t size = params->buffer_bytes;
	if (page < NP_LINE_BYTES || page % NP_LINE_BYTES || size % page || size / NP_LINE_BYTES < 2)
		return np_fail(err,
			       "chain: buffer of %zu bytes is not a whole number of %zu-byte pages "
			       "holding 2 or more lines",
			       size, page);
	size_t group_bytes = params->tlb_locality / page * page;
	if (group_bytes == 0)
		group_bytes = params->tlb_locality == 0 ? size : page;
	if (group_bytes > size)
		group_bytes = size;
	size_t groups = (size + group_bytes - 1) / group_bytes;
	size_t lines_per_group = group_bytes / NP_LINE_BYTES;
	size_t *group_order = malloc(groups * sizeof(*group_order));
	size_t *line_order = malloc(lines_per_group * sizeof(*line_order));
	if (!group_order || !line_order) {
		free(group_order);
		free(line_order);
		return np_fail(err, "chain: out of memory for a %zu-line shuffle", lines_per_group);
	}
	uint64_t state = params->seed;
	for (size_t g = 0; g < groups; g++)
		group_order[g] = g;
	shuffle(group_order, groups, &state);

	char *base = buffer;
	char *first = NULL;
	char *previous = NULL;
	for (size_t g = 0; g < groups; g++) {
		size_t group_start = group_order[g] * group_bytes;
		/* The last group is short when the size is not a multiple. */
		size_t bytes = size - group_start < group_bytes ? size - group_start : group_bytes;
		size_t lines = bytes / NP_LINE_BYTES;
		for (size_t i = 0; i < lines; i++)
			line_order[i] = i;
		shuffle(line_order, lines, &state);
		for (size_t i = 0; i < lines; i++) {
			char *line = base + group_start + line_order[i] * NP_LINE_BYTES;
			if (previous)
				*(void **)previous = line;
			else
				first = line;
			previous = line;
		}
	}
	*(void **)previous = first; /* close the cycle */
	free(group_order);
	free(line_order);
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
