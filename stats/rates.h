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
#include "collect.h"

/* The counters of one sample, all a later sample needs for rates. */
struct np_counter_snapshot {
	bool present;
	char boot_id[64];
	uint64_t boottime_ns;
	size_t node_count;
	int node_ids[NP_MAX_NODES];
	uint64_t node_counters[NP_MAX_NODES][NP_NODE_COUNTERS];
	uint64_t system[NP_SYSTEM_COUNTERS];
};

struct np_rates {
	double node[NP_MAX_NODES][NP_NODE_COUNTERS]; /* by index into sample->nodes */
	bool node_valid[NP_MAX_NODES][NP_NODE_COUNTERS];
	double system[NP_SYSTEM_COUNTERS];
	bool system_valid[NP_SYSTEM_COUNTERS];
};

void np_snapshot_from_sample(const struct np_stats_sample *sample, struct np_counter_snapshot *out);
/* Rates of `sample` against `previous` (which may be absent); why some
 * rates are missing goes to `notes`, a line each. */
void np_rates_compute(const struct np_counter_snapshot *previous,
		      const struct np_stats_sample *sample, struct np_rates *rates,
		      struct np_strbuf *notes);

/* Serialises and parses a snapshot (the state file's text). */
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
