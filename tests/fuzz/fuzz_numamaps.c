/* fuzz_numamaps.c: /proc/PID/numa_maps lines. */
#include "../../lib/numamaps.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = np_fuzz_text(data, size);
	struct np_node_memory *memory = malloc(sizeof(*memory));
	if (!memory)
		abort();
	np_node_memory_clear(memory);
	struct np_error err;
	if (np_numamaps_parse(text, 4, memory, &err) == 0) {
		uint64_t sum = 0;
		for (int node = 0; node <= memory->max_node; node++)
			sum += np_node_memory_node_total(memory, node);
		NP_FUZZ_ASSERT(sum == np_node_memory_total(memory));
		NP_FUZZ_ASSERT(memory->max_node < NP_MAX_NODES);
	}
	free(memory);
	free(text);
	return 0;
}
