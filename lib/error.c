/* error.c: message-buffer error reporting; see error.h. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int np_fail(struct np_error *err, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
		va_end(ap);
	}
	return -1;
}

int np_fail_prefix(struct np_error *err, const char *fmt, ...)
{
	if (err) {
		char old[NP_ERROR_MAX];
		memcpy(old, err->message, sizeof(old));
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(err->message, sizeof(err->message), fmt, ap);
		va_end(ap);
		size_t used = n < 0 ? 0 : (size_t)n;
		if (used < sizeof(err->message) - 1) {
			/* Append ": old", truncating at the buffer's end. */
			size_t room = sizeof(err->message) - used;
			size_t old_len = strnlen(old, sizeof(old) - 1);
			char *p = err->message + used;
			const char sep[] = ": ";
			size_t sep_len = room - 1 < 2 ? room - 1 : 2;
			memcpy(p, sep, sep_len);
			p += sep_len;
			room -= sep_len;
			size_t copy = old_len < room - 1 ? old_len : room - 1;
			memcpy(p, old, copy);
			p[copy] = '\0';
		}
	}
	return -1;
}
