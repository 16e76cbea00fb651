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

/* One key of a file, in file order (np_kv_parse_all). */
#define NP_KV_KEY_MAX 48
/* The most a key's snake case (np_snake_case) takes, its NUL included: a
 * '_' at most before each character. */
#define NP_KV_SNAKE_MAX (2 * NP_KV_KEY_MAX)
struct np_kv_entry {
	char key[NP_KV_KEY_MAX];
	uint64_t value; /* bytes when the file says kB */
	bool kb;	/* the file gave it in kB */
};

/*
 * Every key of text with its value, in file order, for files whose keys
 * are not known in advance (a newer kernel's meminfo or vmstat). Each key
 * must be letters, digits, '_' and parentheses, shorter than
 * NP_KV_KEY_MAX and given once; each value an integer, optionally with
 * kB. More than `max` keys, or anything else, is an error naming the file
 * and line. *entries is malloc'ed (NULL when there are none).
 */
int np_kv_parse_all(const char *path, const char *text, enum np_kv_shape shape, size_t max,
		    struct np_kv_entry **entries, size_t *count, struct np_error *err);

/*
 * A kernel key in snake case, for metric names: "AnonHugePages" ->
 * "anon_huge_pages", "Active(anon)" -> "active_anon", "KReclaimable" ->
 * "k_reclaimable", "NFS_Unstable" -> "nfs_unstable". A '_' goes before an
 * upper-case letter that follows a lower-case letter or a digit, or that
 * starts a word after a run of capitals; parentheses become '_'; runs of
 * '_' collapse, and none is left at either end. Returns false when out
 * is too small.
 */
bool np_snake_case(const char *key, char *out, size_t size);

/*
 * Finds the string value of `key` in a NP_KV_COLON text (e.g.
 * "Cpus_allowed_list" in /proc/PID/status), trimmed, into out. Returns 0,
 * -1 when the key is absent, -2 when the value does not fit out_size.
 */
int np_kv_find_string(const char *text, const char *key, char *out, size_t out_size);

#endif
