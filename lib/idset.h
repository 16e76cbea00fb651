/*
 * idset.h: sets of CPU or node ids, and their list syntax.
 *
 * The syntax is libvirt's cpuset/nodeset syntax, which the kernel's own
 * lists (`0-3,8`) are a subset of: comma-separated tokens `N`, `N-M` and
 * `^N`, applied left to right, with spaces allowed around tokens. Ids run
 * from 0 to NP_ID_MAX (libvirt's limit). A set is a fixed-size bitmap, so
 * it can live inside other structs without allocation.
 */
#ifndef NUMAPROBE_IDSET_H
#define NUMAPROBE_IDSET_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "strbuf.h"

#define NP_ID_MAX   16383
#define NP_ID_WORDS ((NP_ID_MAX + 1) / 64)

struct np_idset {
	uint64_t words[NP_ID_WORDS];
};

void np_idset_clear(struct np_idset *set);
/* Ids outside 0..NP_ID_MAX are ignored by add/remove and never members. */
void np_idset_add(struct np_idset *set, int id);
void np_idset_remove(struct np_idset *set, int id);
bool np_idset_has(const struct np_idset *set, int id);
int np_idset_count(const struct np_idset *set);
bool np_idset_empty(const struct np_idset *set);
bool np_idset_equal(const struct np_idset *a, const struct np_idset *b);
/* The smallest member >= from, or -1. Iterate with
 * for (int id = np_idset_next(s, 0); id >= 0; id = np_idset_next(s, id + 1)) */
int np_idset_next(const struct np_idset *set, int from);

/*
 * Parses `text` in the list syntax above into `out`. Rejects an empty list,
 * a list that ends up empty (`0,^0`), reversed ranges (`3-1`), negated
 * ranges (`^1-2`), ids above NP_ID_MAX and trailing junk; the message
 * quotes the input and gives the 1-based position of the problem. A
 * trailing comma ends the list, as in libvirt.
 */
int np_idset_parse(const char *text, struct np_idset *out, struct np_error *err);

/*
 * Like np_idset_parse, but an empty or all-blank text gives the empty set.
 * For kernel files such as `nodeN/cpulist` of a CPU-less node or
 * `has_generic_initiator`, which are legitimately empty.
 */
int np_idset_parse_kernel(const char *text, struct np_idset *out, struct np_error *err);

/* Appends the canonical list (`0-3,8,10-11`; "" for the empty set). */
void np_idset_format(const struct np_idset *set, struct np_strbuf *out);
/* The same, but `if_empty` (e.g. "none") for the empty set: for prose. */
void np_idset_format_or(const struct np_idset *set, const char *if_empty, struct np_strbuf *out);

#endif
