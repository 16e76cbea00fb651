/* fuzz_state.c: the stats state file; what parses writes back to text
 * that parses to the same snapshot. */
#include "../../stats/rates.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = np_fuzz_text(data, size);
	struct np_counter_snapshot *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	if (!a || !b)
		abort();
	struct np_error err;
	if (np_snapshot_parse("state", text, a, &err) == 0) {
		struct np_strbuf out;
		np_sb_init(&out);
		np_snapshot_format(a, &out);
		NP_FUZZ_ASSERT(np_snapshot_parse("state", np_sb_str(&out), b, &err) == 0);
		NP_FUZZ_ASSERT(memcmp(a, b, sizeof(*a)) == 0);
		np_sb_free(&out);
	}
	free(a);
	free(b);
	free(text);
	return 0;
}
