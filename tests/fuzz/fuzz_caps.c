/* fuzz_caps.c: `virsh capabilities` XML as --host-caps reads it. */
#include "../../report/host.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct np_topology host;
	struct np_error err;
	if (np_host_from_caps("caps.xml", (const char *)data, size, &host, &err) == 0) {
		NP_FUZZ_ASSERT(host.node_count >= 1 && host.node_count <= NP_MAX_NODES);
		for (size_t i = 0; i < host.node_count; i++) {
			NP_FUZZ_ASSERT(host.nodes[i].id >= 0 && host.nodes[i].id < NP_MAX_NODES);
			NP_FUZZ_ASSERT(host.distance[i * host.node_count + i] == 10);
			for (size_t j = 0; j < host.node_count; j++)
				NP_FUZZ_ASSERT(host.distance[i * host.node_count + j] >= 10);
		}
		np_topology_free(&host);
	}
	return 0;
}
