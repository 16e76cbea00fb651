/* fuzz_state.c: the stats state file; what parses writes back to text
 * that parses to the same snapshot. */
#include "../../stats/rates.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = np_fuzz_text(data, size);
	struct np_counter_snapshot a, b;
	struct np_error err;
	if (np_snapshot_parse("state", text, &a, &err) == 0) {
		struct np_strbuf out;
		np_sb_init(&out);
		np_snapshot_format(&a, &out);
		NP_FUZZ_ASSERT(np_snapshot_parse("state", np_sb_str(&out), &b, &err) == 0);
		NP_FUZZ_ASSERT(np_snapshot_equal(&a, &b));
		np_sb_free(&out);
		np_snapshot_free(&a);
		np_snapshot_free(&b);
	}
	free(text);
	return 0;
}
