/*
 * compare.h: `numaprobe report compare BEFORE.csv AFTER.csv`: two bench
 * runs, or two stats files, side by side. The engine computes rows;
 * compare_render.c prints them.
 *
 * Bench rows are matched by test, mode, cpu_node, mem_node, threads, page
 * and size_bytes, within the run each file's selector picks (benchcsv.h's
 * rule; a --run-id that only the other file holds leaves this file on its
 * latest run, so an old run can be set against a new file). A change is
 * significant only when each median lies outside the other run's
 * [min, max]. Stats files are compared per node (numa_miss_per_s,
 * other_node_per_s) and per guest (local_fraction), as means over each
 * file's samples with the label, if one is asked for. Files of different
 * kinds, or with no rows in common, are refused, saying why.
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

#define NP_COMPARE_BENCH_HEADER                                                                    \
	"test,mode,cpu_node,mem_node,threads,page,size_bytes,unit,before,after,change_pct,"        \
	"significant,better"
#define NP_COMPARE_STATS_HEADER "scope,entity,node,metric,unit,before,after,change_pct"

/* What a numaprobe CSV holds, from its columns. */
enum np_csv_kind { NP_CSV_UNKNOWN, NP_CSV_BENCH, NP_CSV_STATS, NP_CSV_PLACEMENT };
enum np_csv_kind np_csv_kind_of(const struct np_csv_table *table);
/* "bench", "stats", "placement", "not a numaprobe CSV" */
const char *np_csv_kind_name(enum np_csv_kind kind);

/* One matched pair. Bench rows fill the bench key, stats rows the stats
 * key; strings point into the CSVs the comparison holds. */
struct np_compare_row {
	const struct np_bench_record *bench; /* the BEFORE row (bench) */
	const char *scope, *entity, *metric; /* stats */
	int node;			     /* stats: -1 for a guest's row */
	const char *unit;
	double before, after; /* bench: medians; stats: means over the samples */
	double change_pct;    /* NAN when before is 0 */
	bool significant;     /* bench only */
	const char *better;   /* "better", "worse", or "" when not significant */
};

struct np_comparison {
	enum np_csv_kind kind;
	const char *before_path, *after_path;
	const char *before_run, *after_run; /* bench */
	struct np_compare_row *rows;
	size_t count;
	struct np_bench_csv bench[2]; /* what the rows point into */
	struct np_stats_csv stats[2];
};

/* Which rows of each file to compare: run ids and labels, the first for
 * BEFORE and the second for AFTER (NULL: none asked). */
struct np_compare_selection {
	struct np_run_selector before, after;
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
