/* fuzz_idset.c: the cpuset/nodeset list syntax; what parses formats back
 * to a list that parses to the same set. */
#include "../../lib/idset.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = np_fuzz_text(data, size);
	struct np_idset set, again;
	struct np_error err;
	if (np_idset_parse_kernel(text, &set, &err) == 0) {
		struct np_strbuf out;
		np_sb_init(&out);
		np_idset_format(&set, &out);
		NP_FUZZ_ASSERT(np_idset_parse_kernel(np_sb_str(&out), &again, &err) == 0);
		NP_FUZZ_ASSERT(np_idset_equal(&set, &again));
		np_sb_free(&out);
	}
	free(text);
	return 0;
}
