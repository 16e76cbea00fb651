/*
 * fuzz.h: what every harness in tests/fuzz shares.
 *
 * Each fuzz_NAME.c defines LLVMFuzzerTestOneInput for one parser and
 * nothing else. `make fuzz` links it with libFuzzer (clang,
 * -fsanitize=fuzzer,address,undefined); `make check` links the same file
 * with replay.c (gcc, both builds) and feeds it every file of
 * corpus/NAME and regressions/NAME. A harness must never print or exit:
 * a crash, a sanitizer report or a failed NP_FUZZ_ASSERT is the finding.
 */
#ifndef NUMAPROBE_FUZZ_H
#define NUMAPROBE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a NUL-terminated string (parsers of text files get what
 * np_read_file would give them: text up to the first NUL). Free it. */
static inline char *np_fuzz_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	return text;
}

/* A property the parser must keep, whatever the input. */
#define NP_FUZZ_ASSERT(condition)                                                                  \
	do {                                                                                       \
		if (!(condition)) {                                                                \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__,        \
				#condition);                                                       \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#endif
