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
	/* every key at most once, each a kernel key, each snake-cased into
	 * a metric name that fits */
	for (int shape = 0; shape < 2; shape++) {
		struct np_kv_entry *all;
		size_t count;
		if (np_kv_parse_all("vmstat", text, (enum np_kv_shape)shape, 64, &all, &count,
				    &err) < 0)
			continue;
		NP_FUZZ_ASSERT(count <= 64);
		for (size_t i = 0; i < count; i++) {
			char snake[NP_KV_SNAKE_MAX];
			NP_FUZZ_ASSERT(strlen(all[i].key) > 0 &&
				       strlen(all[i].key) < NP_KV_KEY_MAX);
			NP_FUZZ_ASSERT(np_snake_case(all[i].key, snake, sizeof(snake)));
			for (const char *p = snake; *p; p++)
				NP_FUZZ_ASSERT((*p >= 'a' && *p <= 'z') ||
					       (*p >= '0' && *p <= '9') || *p == '_');
			for (size_t j = 0; j < i; j++)
				NP_FUZZ_ASSERT(strcmp(all[i].key, all[j].key) != 0);
		}
		free(all);
	}
	char value[64];
	if (np_kv_find_string(text, "Cpus_allowed_list", value, sizeof(value)) == 0)
		NP_FUZZ_ASSERT(strlen(value) < sizeof(value));
	free(text);
	return 0;
}
