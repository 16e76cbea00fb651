/* fuzz_numbers.c: the checked number parsers and the size parser. */
#include "../../lib/number.h"
#include "../../lib/size.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = np_fuzz_text(data, size);
	struct np_error err;
	uint64_t value;
	double real;
	if (np_parse_uint(text, 1023, &value, &err) == 0)
		NP_FUZZ_ASSERT(value <= 1023);
	if (np_parse_uint(text, UINT64_MAX, &value, &err) == 0) {
		char back[32];
		snprintf(back, sizeof(back), "%llu", (unsigned long long)value);
		/* what was accepted is the number's digits, leading zeros aside */
		const char *digits = text;
		while (digits[0] == '0' && digits[1])
			digits++;
		NP_FUZZ_ASSERT(strcmp(back, digits) == 0);
	}
	np_parse_hex(text, &value, &err);
	if (np_parse_real(text, -1e6, 1e6, &real, &err) == 0)
		NP_FUZZ_ASSERT(real >= -1e6 && real <= 1e6);
	uint64_t bytes;
	np_parse_size(text, 1, &bytes, &err);
	np_parse_size(text, 1024, &bytes, &err);
	/* value and unit apart, split at the first blank */
	char *blank = strchr(text, ' ');
	if (blank) {
		*blank = '\0';
		np_parse_size_with_unit(text, blank + 1, &bytes, &err);
	}
	free(text);
	return 0;
}
