/*
 * benchcsv.h: the bench CSV, written by `numaprobe bench` and read back by
 * `report compare`, `report chart` and `report placement --latency`.
 *
 * NP_BENCH_CSV_HEADER is the one list of columns: the writer prints it,
 * the reader takes its column names from it. The reader finds columns by
 * name, so extra and reordered columns are fine; a column of the list
 * that a file lacks is an error, unless the column is one added after the
 * first release, which then has a default: peer_node and load_level empty
 * (-1), policy "bind".
 * Every number is parsed by lib/number.h with the file, line and column in
 * the message.
 *
 * Which run of a file is meant is decided by one rule, everywhere:
 * --run-id if given (it must be in the file), else among the rows with
 * --label (if given) the run with the latest timestamp.
 */
#ifndef NUMAPROBE_BENCHCSV_H
#define NUMAPROBE_BENCHCSV_H

#include <stddef.h>
#include <stdint.h>

#include "csvread.h"
#include "error.h"

#define NP_BENCH_CSV_HEADER                                                                        \
	"timestamp,run_id,host,label,test,mode,cpu_node,mem_node,threads,size_bytes,page,unit,"    \
	"min,median,mean,max,stddev,p90,p99,samples,placed_pct,peer_node,load_level,policy"

/* The header of the first release, still read (the three last columns
 * take their defaults), but never appended to. */
#define NP_BENCH_CSV_HEADER_V1                                                                     \
	"timestamp,run_id,host,label,test,mode,cpu_node,mem_node,threads,size_bytes,page,unit,"    \
	"min,median,mean,max,stddev,p90,p99,samples,placed_pct"

/* One row. Strings point into the table the rows were read from. */
struct np_bench_record {
	const char *timestamp, *run_id, *host, *label;
	const char *test; /* latency, bandwidth, ... */
	const char *mode; /* chase, read, ... */
	int cpu_node;
	struct np_csv_node_ref mem; /* a node, or a group such as 0+2 (node -1) */
	uint64_t threads;
	uint64_t size_bytes;
	const char *page; /* 4k, thp, 2m, 1g */
	const char *unit; /* ns, MB/s */
	double min, median, mean, max, stddev, p90, p99;
	uint64_t samples;
	double placed_pct;
	int peer_node;	    /* c2c: the second CPU's node; -1 empty */
	int load_level;	    /* loaded latency: 0 idle, 1.. loaded; -1 empty */
	const char *policy; /* bind, interleave, weighted */
	int line;	    /* in the file, for messages */
};

struct np_bench_csv {
	struct np_csv_table table;
	struct np_bench_record *rows;
	size_t count;
};

/* Reads a bench CSV (np_csv_read, then every row checked). */
int np_bench_csv_read(const char *path, struct np_bench_csv *csv, struct np_error *err);
/* The same from a table already read; the csv takes the table over. */
int np_bench_csv_from_table(struct np_csv_table *table, struct np_bench_csv *csv,
			    struct np_error *err);
void np_bench_csv_free(struct np_bench_csv *csv);

/* The specs behind the reader, in NP_BENCH_CSV_HEADER's order. */
const struct np_csv_spec *np_bench_csv_specs(size_t *count);

/* Which run to read (each may be NULL). */
struct np_run_selector {
	const char *run_id;
	const char *label;
};

/* The run_id the selector picks (a pointer into the table), or NULL with
 * a message naming the file and what was asked. */
const char *np_bench_csv_select(const struct np_bench_csv *csv, const struct np_run_selector *sel,
				struct np_error *err);

#endif
