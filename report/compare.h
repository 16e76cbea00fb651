/*
 * compare.h: `numaprobe report compare BEFORE.csv AFTER.csv`: two bench
 * runs, or two stats files, side by side. The engine computes rows;
 * compare_render.c prints them.
 *
 * Bench rows are matched by test, mode, cpu_node, peer_node, mem_node,
 * threads, page, size_bytes, load_level and policy, within the run each
 * file's selector picks (benchcsv.h's rule; a --run-id that only the other
 * file holds leaves this file on its latest run, so an old run can be set
 * against a new file). Stats files are compared per node
 * (numa_miss_per_s, other_node_per_s) and per guest (local_fraction),
 * over each file's samples with the label, if one is asked for.
 *
 * Every pair is tested with Welch's t-test (lib/welch.h) on the means,
 * from the CSV's mean, stddev and samples for bench rows and from each
 * series' values for stats: the p-value, and the relative change of the
 * means with its (1 - alpha) interval (the interval of the difference
 * over the BEFORE mean). The verdict is "too few samples" when a side
 * has fewer than 3, else better or worse when p < alpha (lower is better
 * for ns and for the remote-access rates, higher for MB/s and the local
 * fraction), else "no significant change". Files of different kinds, or
 * with no rows in common, are refused, saying why.
 */
#ifndef NUMAPROBE_COMPARE_H
#define NUMAPROBE_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/benchcsv.h"
#include "../lib/csvread.h"
#include "../lib/error.h"
#include "../lib/render.h"
#include "../lib/statscsv.h"

/* The columns after a row's key, in both CSVs. */
#define NP_COMPARE_TEST_COLUMNS                                                                    \
	"before_mean,after_mean,before_samples,after_samples,change_pct,change_low_pct,"           \
	"change_high_pct,p_value,verdict"
#define NP_COMPARE_BENCH_HEADER                                                                    \
	"test,mode,cpu_node,peer_node,mem_node,threads,page,size_bytes,load_level,policy,"         \
	"unit," NP_COMPARE_TEST_COLUMNS
#define NP_COMPARE_STATS_HEADER "scope,entity,node,metric,unit," NP_COMPARE_TEST_COLUMNS

/* Fewer samples than this on either side: no verdict. */
#define NP_COMPARE_MIN_SAMPLES 3

enum np_verdict { NP_VERDICT_TOO_FEW, NP_VERDICT_NO_CHANGE, NP_VERDICT_BETTER, NP_VERDICT_WORSE };
/* "too few samples", "no significant change", "better", "worse" */
const char *np_verdict_name(enum np_verdict verdict);

/* What a numaprobe CSV holds, from its columns. */
enum np_csv_kind {
	NP_CSV_UNKNOWN,
	NP_CSV_BENCH,
	NP_CSV_STATS,
	NP_CSV_PLACEMENT,
	NP_CSV_FIT,  /* report fit --format csv */
	NP_CSV_TOPO, /* topo --format csv */
};
enum np_csv_kind np_csv_kind_of(const struct np_csv_table *table);
/* "bench", "stats", "placement", "fit", "topo", "not a numaprobe CSV" */
const char *np_csv_kind_name(enum np_csv_kind kind);

/* One matched pair. Bench rows fill the bench key, stats rows the stats
 * key; strings point into the CSVs the comparison holds. */
struct np_compare_row {
	const struct np_bench_record *bench; /* the BEFORE row (bench) */
	const char *scope, *entity, *metric; /* stats */
	int node;			     /* stats: -1 for a guest's row */
	const char *unit;
	double before, after;	  /* the means */
	double before_n, after_n; /* their sample counts */
	double change_pct;	  /* of the means; NAN when before is 0 */
	double change_low_pct;	  /* its (1 - alpha) interval; NAN without a test */
	double change_high_pct;
	double p; /* Welch's two-sided p-value; NAN without a test */
	enum np_verdict verdict;
};

struct np_comparison {
	enum np_csv_kind kind;
	const char *before_path, *after_path;
	const char *before_run, *after_run; /* bench */
	double alpha;
	struct np_compare_row *rows;
	size_t count;
	struct np_bench_csv bench[2]; /* what the rows point into */
	struct np_stats_csv stats[2];
};

/* Which rows of each file to compare: run ids and labels, the first for
 * BEFORE and the second for AFTER (NULL: none asked). */
struct np_compare_selection {
	struct np_run_selector before, after;
	double alpha; /* what is called significant: p < alpha */
};

/* Compares two CSVs already read; the comparison takes both tables over
 * (also on failure). Free it with np_comparison_free. */
int np_compare_tables(struct np_csv_table *before, struct np_csv_table *after,
		      const struct np_compare_selection *selection, struct np_comparison *out,
		      struct np_error *err);
void np_comparison_free(struct np_comparison *comparison);

/* table, csv, json; each takes a struct np_comparison. */
extern const struct np_renderer np_compare_renderers[];

#endif
