/*
 * statscsv.h: the stats CSV, written by `numaprobe stats` and read back by
 * `report compare` and `report chart`. As for bench CSVs (benchcsv.h),
 * NP_STATS_CSV_HEADER is the one list of columns, columns are found by
 * name, and every number and time is checked with the file, line and
 * column in the message.
 */
#ifndef NUMAPROBE_STATSCSV_H
#define NUMAPROBE_STATSCSV_H

#include <stddef.h>
#include <stdint.h>

#include "csvread.h"
#include "error.h"

#define NP_STATS_CSV_HEADER "timestamp,run_id,host,label,scope,entity,pid,node,metric,value,unit"

/* One row. Strings point into the table the rows were read from. */
struct np_stats_record {
	const char *timestamp, *run_id, *host, *label;
	const char *scope;  /* node, system, guest, process */
	const char *entity; /* a guest's or process's name; "" otherwise */
	const char *pid;    /* "" for node and system rows */
	int node;	    /* -1 for totals and system rows */
	const char *metric;
	double value;
	const char *unit;
	long long time; /* the timestamp in seconds since the epoch */
	int line;
};

struct np_stats_csv {
	struct np_csv_table table;
	struct np_stats_record *rows;
	size_t count;
};

int np_stats_csv_read(const char *path, struct np_stats_csv *csv, struct np_error *err);
/* The same from a table already read; the csv takes the table over. */
int np_stats_csv_from_table(struct np_csv_table *table, struct np_stats_csv *csv,
			    struct np_error *err);
void np_stats_csv_free(struct np_stats_csv *csv);

/* The specs behind the reader, in NP_STATS_CSV_HEADER's order. */
const struct np_csv_spec *np_stats_csv_specs(size_t *count);

#endif
