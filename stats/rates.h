/*
 * rates.h: per-second rates of the counters between two samples, and the
 * state file that carries the previous sample's counters between cron
 * runs.
 *
 * No rate is produced for the first sample, after a reboot (the boot id
 * changed), or for a counter that went down (a reset: vm.numa_stat was
 * switched off and on, or the node was replaced); each case adds a note
 * for stderr. A negative rate is never produced.
 *
 * The state file is replaced by an atomic rename, under an exclusive
 * flock on "<state>.lock", so concurrent cron runs never see half of it.
 */
#ifndef NUMAPROBE_RATES_H
#define NUMAPROBE_RATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/error.h"
#include "../lib/kvfile.h"
#include "collect.h"

/* A node's counters in a snapshot: numastat's six, then its vmstat
 * events by name. */
struct np_snapshot_node {
	int id;
	uint64_t counters[NP_NODE_COUNTERS];
	struct np_kv_entry *events; /* malloc'ed; NULL when none */
	size_t event_count;
};

/* The counters of one sample, all a later sample needs for rates. */
struct np_counter_snapshot {
	bool present;
	char boot_id[64];
	uint64_t boottime_ns;
	size_t node_count;
	struct np_snapshot_node *nodes; /* malloc'ed */
	uint64_t system[NP_SYSTEM_COUNTERS];
	bool system_found[NP_SYSTEM_COUNTERS];
};

/* The rates of one node of a sample, by index into its counters and its
 * events. */
struct np_node_rates {
	double counters[NP_NODE_COUNTERS];
	bool counter_valid[NP_NODE_COUNTERS];
	double *events; /* [event index]; NULL when the node has none */
	bool *event_valid;
};

struct np_rates {
	size_t node_count;
	struct np_node_rates *nodes; /* by index into sample->nodes; NULL: no rates */
	double system[NP_SYSTEM_COUNTERS];
	bool system_valid[NP_SYSTEM_COUNTERS];
};

int np_snapshot_from_sample(const struct np_stats_sample *sample, struct np_counter_snapshot *out,
			    struct np_error *err);
void np_snapshot_free(struct np_counter_snapshot *snapshot);
/* Whether two snapshots hold the same values (for round-trip checks). */
bool np_snapshot_equal(const struct np_counter_snapshot *a, const struct np_counter_snapshot *b);
/* Rates of `sample` against `previous` (which may be absent or not
 * present); why some rates are missing goes to `notes`, a line each.
 * Fails only when out of memory. */
int np_rates_compute(const struct np_counter_snapshot *previous,
		     const struct np_stats_sample *sample, struct np_rates *rates,
		     struct np_strbuf *notes, struct np_error *err);
void np_rates_free(struct np_rates *rates);
/* Whether a rate of node index i's counter c (or event e) was computed. */
bool np_rate_counter(const struct np_rates *rates, size_t i, int c, double *rate);
bool np_rate_event(const struct np_rates *rates, size_t i, size_t e, double *rate);

/* Serialises and parses a snapshot (the state file's text, format 2:
 * "node ID C1..C6 [EVENT=VALUE]...", "system NAME=VALUE..."; format 1,
 * without events and with four positional system counters, is still
 * read). A parsed snapshot is freed with np_snapshot_free. */
void np_snapshot_format(const struct np_counter_snapshot *snapshot, struct np_strbuf *out);
int np_snapshot_parse(const char *path, const char *text, struct np_counter_snapshot *out,
		      struct np_error *err);

/* Under the state lock: reads the previous snapshot from `path` (absent
 * file: none), writes `current` in its place, and returns the previous
 * one in *previous. A file that does not parse (truncated, garbage, a
 * negative or overflowing counter) is moved aside to `path`.bad, replacing
 * an older one, with a line in `notes`; there is no previous snapshot
 * then, and the call still succeeds. */
int np_state_exchange(const char *path, const struct np_counter_snapshot *current,
		      struct np_counter_snapshot *previous, struct np_strbuf *notes,
		      struct np_error *err);

#endif
