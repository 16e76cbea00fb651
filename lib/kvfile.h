/*
 * kvfile.h: table-driven parsing of the kernel's key/value files.
 *
 * Fields are looked up by name, never by line number, because new kernels
 * add fields (KReclaimable in 4.20, SecPageTables in 6.0, ...). Two shapes:
 *   NP_KV_COLON  "Key: value [kB]" (meminfo, nodeN/meminfo with its
 *                "Node N " prefix, /proc/PID/status); split on the colon,
 *                so a value printed with no space after it still parses.
 *   NP_KV_SPACE  "key value" (nodeN/numastat, /proc/vmstat).
 * A value followed by "kB" is converted to bytes.
 */
#ifndef NUMAPROBE_KVFILE_H
#define NUMAPROBE_KVFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

enum np_kv_shape { NP_KV_COLON, NP_KV_SPACE };

struct np_kv_field {
	const char *name;
	uint64_t *value; /* filled in; bytes when the file says kB */
	bool required;	 /* missing -> error naming the file and field */
	bool found;	 /* set by the parser */
};

/*
 * Fills every listed field from text. Unknown keys are skipped. A listed
 * field whose value is not an integer is an error naming the file, the
 * line, the value and what was expected.
 */
int np_kv_parse(const char *path, const char *text, enum np_kv_shape shape,
		struct np_kv_field *fields, int field_count, struct np_error *err);

/*
 * Finds the string value of `key` in a NP_KV_COLON text (e.g.
 * "Cpus_allowed_list" in /proc/PID/status), trimmed, into out. Returns 0,
 * -1 when the key is absent, -2 when the value does not fit out_size.
 */
int np_kv_find_string(const char *text, const char *key, char *out, size_t out_size);

#endif
