/* fuzz_kvfile.c: the kernel's key/value files (meminfo, numastat, status). */
#include "../../lib/kvfile.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = np_fuzz_text(data, size);
	uint64_t a = 0, b = 0, c = 0;
	struct np_kv_field colon[] = {{"MemTotal", &a, true, false},
				      {"MemFree", &b, false, false},
				      {"Shmem", &c, false, false}};
	struct np_kv_field space[] = {{"numa_hit", &a, true, false},
				      {"numa_miss", &b, false, false}};
	struct np_error err;
	np_kv_parse("meminfo", text, NP_KV_COLON, colon, 3, &err);
	np_kv_parse("numastat", text, NP_KV_SPACE, space, 2, &err);
	char value[64];
	if (np_kv_find_string(text, "Cpus_allowed_list", value, sizeof(value)) == 0)
		NP_FUZZ_ASSERT(strlen(value) < sizeof(value));
	free(text);
	return 0;
}
