/*
 * bench_render.h: a benchmark run as a table, JSON or CSV, each built
 * whole in a strbuf.
 *
 *  table  the environment header, then per test and mode the matrix of
 *         medians (rows: CPU nodes, columns: memory nodes), and under it
 *         the remote/local ratio next to the SLIT distance / 10 and, where
 *         the firmware publishes HMAT, next to its figures.
 *  json   the environment, the settings, skipped nodes and the rows.
 *  csv    NP_BENCH_CSV_HEADER and one row per cell.
 *  prom   the Prometheus text of the latency and bandwidth medians, as
 *         gauges in base units (seconds, bytes per second), and the run's
 *         timestamp; the other tests' rows are left out (loaded, sweep
 *         and c2c would repeat a matrix cell's labels many times).
 */
#ifndef NUMAPROBE_BENCH_RENDER_H
#define NUMAPROBE_BENCH_RENDER_H

#include <stdbool.h>

#include "../lib/render.h"
#include "../lib/runinfo.h"
#include "../lib/strbuf.h"
#include "../lib/topology.h"
#include "environment.h"
#include "c2c.h"
#include "plan.h"
#include "runner.h"

struct np_bench_report {
	const struct np_runinfo *run;
	const char *label;
	const struct np_environment *env;
	const struct np_topology *topo;
	const struct np_bench_plan *plan;
	const struct np_bench_settings *settings;
	const struct np_bench_row *rows;
	size_t row_count;
	const struct np_c2c_pair *pairs; /* c2c: every CPU pair measured */
	size_t pair_count;
};

/* table, csv, json, prom; each takes a struct np_bench_report. */
extern const struct np_renderer np_bench_renderers[];
/* The CSV rows without the header, for --append. */
void np_bench_render_csv_rows(const struct np_bench_report *report, struct np_strbuf *out);
/* The Prometheus text (--prom-file); reads only the report's run and rows. */
void np_bench_render_prom(const struct np_bench_report *report, struct np_strbuf *out);

#endif
