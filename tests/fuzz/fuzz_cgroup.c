/* fuzz_cgroup.c: a cgroup's memory.numa_stat, v1 (pages) and v2 (bytes). */
#include "../../lib/cgroup.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = np_fuzz_text(data, size);
	struct np_node_memory *memory = malloc(sizeof(*memory));
	if (!memory)
		abort();
	struct np_error err;
	np_node_memory_clear(memory);
	if (np_cgroup_numa_stat_parse("numa_stat", text, 4096, memory, &err) == 0)
		NP_FUZZ_ASSERT(memory->max_node < NP_MAX_NODES);
	free(memory);
	free(text);
	return 0;
}
