/*
 * stats_render.h: a statistics sample as a table (the system counters laid
 * out like numastat, then one block per guest or process), CSV (long, one
 * value a row), JSON, or the Prometheus text exposition format for
 * node_exporter's textfile collector. Each is built whole in a strbuf.
 */
#ifndef NUMAPROBE_STATS_RENDER_H
#define NUMAPROBE_STATS_RENDER_H

#include <stdbool.h>

#include "../lib/render.h"
#include "../lib/statscsv.h"
#include "../lib/strbuf.h"
#include "collect.h"
#include "rates.h"

struct np_stats_report {
	const struct np_stats_sample *sample;
	const struct np_rates *rates;
	const char *label;
	bool csv_header; /* csv: the header line first (the first sample of a run) */
};

/* table, csv, json, prom; each takes a struct np_stats_report. */
extern const struct np_renderer np_stats_renderers[];
/* The CSV rows without the header (--append), and the Prometheus text
 * (--prom-file). */
void np_stats_render_csv_rows(const struct np_stats_report *report, struct np_strbuf *out);
void np_stats_render_prom(const struct np_stats_report *report, struct np_strbuf *out);
/* numastat -m's table: every field of the nodes' meminfo (rows, in the
 * first node's order), a column per node and a Total column, in MB
 * (2^20 bytes); HugePages_* as MB of the default huge page size. */
void np_stats_render_meminfo(const struct np_stats_report *report, struct np_strbuf *out);

#endif
