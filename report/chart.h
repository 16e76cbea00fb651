/*
 * chart.h: `numaprobe report chart FILE.csv... --out DIR`: gnuplot charts
 * of bench, stats, placement and fit CSVs.
 *
 * np_chart_build turns the CSVs into charts, each a gnuplot script and its
 * data, without touching the file system (so unit tests read the scripts
 * as text); np_chart_write writes each NAME.gp and NAME.dat into DIR and
 * runs gnuplot on it, so users can adjust a chart and re-run it
 * (`cd DIR && gnuplot NAME.gp`). Without gnuplot the scripts and data are
 * still written and the caller is told.
 *
 *   bench CSV            latency heatmap, bandwidth heatmap per mode,
 *                        values in the cells (the selected run); loaded
 *                        latency against injected bandwidth, a line per
 *                        CPU node, memory target and mix; the sweep's
 *                        latency against size (log scale), with the
 *                        cache levels marked when the CSV comes from the
 *                        machine whose caches the request holds; the
 *                        core-to-core heatmap (one per line node when the
 *                        line sat elsewhere than on CPU a's node)
 *   two bench CSVs       grouped bars, before against after
 *   stats CSVs           per-node numa_miss_per_s and other_node_per_s over
 *                        time; per-node memory used over time; promotions
 *                        and demotions, and refaults, per node over time;
 *                        per guest, its memory per node stacked over time
 *   placement CSV        local fraction and expected latency per cell,
 *                        with the cells against without
 *   fit CSV              per host node, the memory and vCPU places each
 *                        guest that fits takes, stacked in order, inside
 *                        the room there before the first
 *
 * Beside its script and data, each chart holds the values it shows as a
 * CSV table (np_chart.table), which `report html` prints next to it.
 */
#ifndef NUMAPROBE_CHART_H
#define NUMAPROBE_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/caches.h"
#include "../lib/csvread.h"
#include "../lib/error.h"
#include "../lib/render.h"
#include "../lib/strbuf.h"

/* What a chart draws from; `report html` groups the charts by it. */
enum np_chart_kind {
	NP_CHART_BENCH,	    /* one bench run: heatmaps, loaded, sweep, c2c */
	NP_CHART_COMPARE,   /* two bench runs, before and after */
	NP_CHART_STATS,	    /* stats samples over time */
	NP_CHART_PLACEMENT, /* a placement CSV */
};

/* One chart: NAME.gp renders NAME.dat into NAME.<format>. */
struct np_chart {
	char name[160]; /* [A-Za-z0-9_-] only */
	char title[400];
	enum np_chart_kind kind;
	struct np_strbuf script;
	struct np_strbuf data;
	/* every value the chart shows, as CSV: a header line naming the
	 * columns, then a row each (a heatmap's rows are its y axis); for
	 * people who cannot see the colours, and for `report html` */
	struct np_strbuf table;
	bool time_series; /* the table's first column is a time (UTC) */
};

struct np_chart_set {
	struct np_chart *charts;
	size_t count;
	const char *format; /* png or svg: the images' extension */
};

/* The image format, a row of np_chart_formats, and the size in pixels. */
struct np_chart_request {
	const struct np_renderer *format;
	int width, height;
	/* the caches of `host` (this machine), to mark on a sweep of it;
	 * NULL host: none */
	const char *host;
	const struct np_cache_level *caches;
	size_t cache_count;
};

/* png (pngcairo) and svg; each renders a struct np_chart_request as the
 * script's `set terminal` line. */
extern const struct np_renderer np_chart_formats[];

/*
 * Builds every chart of the tables (bench, stats or placement CSVs, read
 * with np_csv_read; their paths name the charts), taking the tables over.
 * Fails naming the file, line and column of a bad field.
 */
int np_chart_build(struct np_csv_table *tables, size_t count,
		   const struct np_chart_request *request, struct np_chart_set *set,
		   struct np_error *err);
void np_chart_set_free(struct np_chart_set *set);

/*
 * Writes every chart's script and data into dir (created if missing) and
 * runs gnuplot there. The images written are appended to `produced`, one
 * path a line. When gnuplot is not installed *gnuplot_missing is set and
 * the call still succeeds: the scripts and data are there.
 */
int np_chart_write(const struct np_chart_set *set, const char *dir, struct np_strbuf *produced,
		   bool *gnuplot_missing, struct np_error *err);

#endif
