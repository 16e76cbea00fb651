/*
 * runner.h: the matrix runner. Walks every cell of a plan (latency for
 * each CPU node x memory node, then each bandwidth mode the same way),
 * measures it, and summarises its samples into one row.
 */
#ifndef NUMAPROBE_RUNNER_H
#define NUMAPROBE_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/benchcsv.h"
#include "../lib/error.h"
#include "../lib/histogram.h"
#include "../lib/summary.h"
#include "loaded.h"
#include "measure.h"
#include "plan.h"

/* A cell below this share of pages on its node is flagged. */
#define NP_PLACED_PCT_MIN 99.0

struct np_bench_settings {
	bool latency;
	bool bandwidth;
	bool c2c; /* core-to-core: the c2c module's pairs, not the matrix */
	/* sweep: latency (test "sweep") at each of these sizes instead of the
	 * plan's one size a cell; NULL and 0 otherwise */
	const size_t *sweep_sizes;
	size_t sweep_count;
	/* loaded: the loaded-latency curves (bench/loaded.h) of each mix */
	bool loaded;
	enum np_mix mixes[NP_MIX_COUNT]; /* in the order given */
	size_t mix_count;
	unsigned levels;
	enum np_bw_mode modes[NP_BW_MODE_COUNT]; /* in the order given */
	size_t mode_count;
	enum np_page_mode page;
	size_t tlb_locality; /* bytes */
	size_t stride;	     /* latency: bytes between visited pointers */
	unsigned batch_loads; /* latency: loads a timed batch; 0 untimed; NP_BATCH_AUTO */
	double seconds;	     /* per cell */
	unsigned repeat;
	uint64_t seed;
};

struct np_bench_row {
	const char *test; /* "latency", "bandwidth", "c2c", "sweep", "loaded" */
	const char *mode; /* "chase", the kernel's name, the c2c protocol */
	int cpu_node;
	int mem_node;	      /* the plan target's id: a node, or a group's key */
	const char *mem_name; /* as output: "2", "0+2" (NULL: mem_node itself) */
	int peer_node;	    /* c2c: the second CPU's node; else -1 */
	int load_level;	    /* loaded latency's level; else -1 */
	const char *policy; /* the buffer's memory policy: "bind" */
	size_t threads;
	size_t size_bytes;
	const char *page; /* 4k, thp, 2m, 1g */
	const char *unit; /* "ns" or "MB/s" */
	struct np_summary summary;
	double placed_pct;
	/* the pages on each node of the target, and the share the policy
	 * should give each (-1: none); a group's distribution is checked */
	struct np_census census;
	double expected[NP_MAX_GROUP_NODES];
	bool misplaced; /* placed_pct < NP_PLACED_PCT_MIN, or a share off */
	double measured_seconds; /* time the samples took (the --time budget, as kept) */
	/* latency with timed batches: the mean ns per load of each batch of
	 * batch_loads loads (NULL when untimed), read by a timer whose read
	 * and histogram update cost batch_overhead_ns, subtracted */
	struct np_histogram *batches;
	unsigned batch_loads;
	double batch_overhead_ns;
	const char *timer; /* "tsc" or "clock_gettime" */
};

/* Called before each cell (done = cells finished so far) and once at the
 * end (done == total), with an estimate of the time left. */
typedef void (*np_progress_fn)(void *ctx, size_t done, size_t total, const char *cell,
			       double eta_seconds);

/* Measures every cell into *rows (one row a cell; free them with
 * np_bench_rows_free). Stops at the first cell that fails. */
/* A share may differ from the policy's by this many points (pages land
 * in whole pages and interleave starts anywhere). */
#define NP_SHARE_TOLERANCE 5.0
/* ... when the census checked at least this many pages. */
#define NP_SHARE_MIN_PAGES 64

/* Fills a row's placement from a measurement's census on a target: the
 * share on its nodes, each node's share against the policy's, and
 * `misplaced`. */
void np_bench_row_placement(struct np_bench_row *row, const struct np_plan_node *target,
			    const struct np_census *census);

int np_bench_run(const struct np_bench_plan *plan, const struct np_bench_settings *settings,
		 np_progress_fn progress, void *progress_ctx, struct np_bench_row **rows,
		 size_t *count, struct np_error *err);

void np_bench_rows_free(struct np_bench_row *rows, size_t count);

#endif
