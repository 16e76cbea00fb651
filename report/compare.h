/*
 * compare.h: `numaprobe report compare BEFORE.csv AFTER.csv`: two bench
 * runs, or two stats files, side by side.
 *
 * Bench rows are matched by test, mode, cpu_node, mem_node, threads, page
 * and size_bytes; of a file with several runs, --run-id or --label picks
 * one, else the latest (by timestamp). A change is significant only when
 * each median lies outside the other run's [min, max]. Stats files are
 * compared per node (numa_miss_per_s, other_node_per_s) and per guest
 * (local_fraction), as means over each file's samples. Files of different
 * kinds, or with no rows in common, are refused, saying why.
 */
#ifndef NUMAPROBE_COMPARE_H
#define NUMAPROBE_COMPARE_H

#include "../cli/cli.h"

#define NP_COMPARE_BENCH_HEADER                                                                    \
	"test,mode,cpu_node,mem_node,threads,page,size_bytes,unit,before,after,change_pct,"        \
	"significant,better"
#define NP_COMPARE_STATS_HEADER "scope,entity,node,metric,unit,before,after,change_pct"

/* Prints the comparison; returns the exit status. */
int np_report_compare(const char *before, const char *after, const char *run_id, const char *label,
		      enum np_format format);

/* What a numaprobe CSV holds, from its columns. */
enum np_csv_kind { NP_CSV_UNKNOWN, NP_CSV_BENCH, NP_CSV_STATS, NP_CSV_PLACEMENT };
struct np_csv_table;
enum np_csv_kind np_csv_kind_of(const struct np_csv_table *table);

#endif
