/*
 * html.h: `numaprobe report html --out REPORT.html FILE...`: one page a
 * planner can mail or put on a wiki. It needs nothing but itself: no
 * script, no style sheet, font or image from elsewhere; the charts are
 * the SVG that gnuplot drew from chart.h's scripts, inlined.
 *
 * The page holds, in this order: where and when each input was measured
 * (host, run_id, label, first and last timestamp); the host's layout
 * (nodes, CPUs, memory, SLIT, HMAT, tiers) from a topo CSV; each bench
 * run's charts; before against after, with report compare's p-values and
 * verdicts; the stats charts over time; the placement and fit results
 * with their verdicts and flags. Every chart has a table of the values it
 * shows beside it (np_chart.table); a time series of more than
 * NP_HTML_MAX_ROWS rows is summarised as min, median, max and last per
 * series.
 *
 * Text from inputs reaches the page only through np_html_escape.
 */
#ifndef NUMAPROBE_REPORT_HTML_H
#define NUMAPROBE_REPORT_HTML_H

#include <stddef.h>

#include "../lib/csvread.h"
#include "../lib/error.h"
#include "../lib/strbuf.h"
#include "chart.h"

#define NP_HTML_MAX_ROWS 200

struct np_html_input {
	const struct np_csv_table *table;
	const char *kind; /* "bench", "stats", "placement", "fit", "topo" */
};

struct np_html_page {
	const struct np_html_input *inputs;
	size_t input_count;
	/* the host's layout as a topo CSV (NP_TOPO_CSV_HEADER), and where it
	 * came from; NULL: "host layout not given" */
	const struct np_csv_table *host;
	const char *host_source;
	/* the charts of the inputs, and per chart gnuplot's SVG (NULL where
	 * there is none); charts_note says why there are none, or NULL */
	const struct np_chart_set *charts;
	const char *const *svgs;
	const char *charts_note;
	/* report compare's CSV of the two bench runs ([0]) and of the two
	 * stats files ([1]), or NULL; with compare_notes[i] saying why not,
	 * when two were given */
	const struct np_csv_table *comparisons[2];
	const char *compare_notes[2];
	const char *generated; /* when the page was made, UTC */
	const char *version;   /* numaprobe's */
};

/* The whole page. Fails only on a chart table that is not CSV (a bug). */
int np_html_render(const struct np_html_page *page, struct np_strbuf *out, struct np_error *err);

/*
 * Appends gnuplot's SVG document as an element of the page: the XML
 * prolog dropped, and every id and reference to one prefixed with
 * `prefix` (gnuplot names the same ids in every chart). Refuses (returns
 * -1, appending nothing) an SVG holding a script, a foreignObject, an
 * event attribute or a javascript: URL, which gnuplot never writes.
 */
int np_html_inline_svg(struct np_strbuf *out, const char *svg, const char *prefix);

#endif
