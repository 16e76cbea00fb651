/* html.c: the self-contained HTML report; see html.h. */
#include "html.h"

#include <float.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/html.h"
#include "../lib/number.h"

/* The page's only style: no fonts or images from elsewhere. */
static const char style[] =
    "body{font-family:sans-serif;margin:1.5em auto;max-width:90em;padding:0 1em;color:#222}"
    "h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;margin-top:2em}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}"
    "thead th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".cap{font-style:italic;margin:.8em 0 .2em}"
    ".chart svg{max-width:100%;height:auto}.note{color:#555}"
    ".verdict-better{background:#e3f3e3}.verdict-worse{background:#f8e0e0}"
    "nav a{margin-right:1em}.scroll{overflow-x:auto}";

static bool numeric(const char *text)
{
	char *end;
	if (!*text)
		return false;
	strtod(text, &end); /* only for the alignment of a cell */
	return *end == '\0';
}

/* Escaped text with a line-break opportunity (<wbr>) after each '_' and
 * '/', so that long column names and paths wrap there and nowhere else. */
static void escape_breakable(struct np_strbuf *out, const char *text)
{
	char *copy = strdup(text);
	if (!copy) {
		np_html_escape(out, text);
		return;
	}
	for (char *p = copy; *p;) {
		size_t n = strcspn(p, "_/");
		if (!p[n]) {
			np_html_escape(out, p);
			break;
		}
		char after = p[n + 1]; /* cut after the '_' or '/', escape, restore */
		p[n + 1] = '\0';
		np_html_escape(out, p);
		np_sb_puts(out, "<wbr>");
		p[n + 1] = after;
		p += n + 1;
	}
	free(copy);
}

static void cell_html(struct np_strbuf *out, const char *tag, const char *text, bool row_head)
{
	bool number = numeric(text);
	np_sb_printf(out, "<%s%s%s>", tag, row_head ? " scope=\"row\"" : "",
		     number && !row_head ? " class=\"n\"" : "");
	if (strcmp(tag, "th") == 0)
		escape_breakable(out, text);
	else
		np_html_escape(out, text);
	np_sb_printf(out, "</%s>", tag);
}

/* A CSV table as an HTML table; the first column heads its row. A
 * column named "verdict" colours its row better or worse, and "fits"
 * (report fit) yes or no the same way. */
static void table_html(struct np_strbuf *out, const struct np_csv_table *t, const char *caption)
{
	int verdict = np_csv_column(t, "verdict"), fits = np_csv_column(t, "fits");
	if (caption) {
		np_sb_puts(out, "<p class=\"cap\">");
		np_html_escape(out, caption);
		np_sb_puts(out, "</p>");
	}
	np_sb_puts(out, "<div class=\"scroll\"><table>");
	np_sb_puts(out, "<thead><tr>");
	for (size_t c = 0; c < t->column_count; c++)
		cell_html(out, "th", t->columns[c], false);
	np_sb_puts(out, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < t->row_count; r++) {
		const char *v = verdict >= 0 ? t->rows[r][verdict]
				: fits >= 0
				    ? (!strcmp(t->rows[r][fits], "yes") ? "better" : "worse")
				    : "";
		np_sb_puts(out, !strcmp(v, "better")  ? "<tr class=\"verdict-better\">"
				: !strcmp(v, "worse") ? "<tr class=\"verdict-worse\">"
						      : "<tr>");
		for (size_t c = 0; c < t->column_count; c++)
			cell_html(out, c == 0 ? "th" : "td", t->rows[r][c], c == 0);
		np_sb_puts(out, "</tr>\n");
	}
	np_sb_puts(out, "</tbody></table></div>\n");
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* A long time series (time, then a column per series) as one row per
 * series: its samples, min, median, max and last value. */
static int series_summary(struct np_strbuf *out, const struct np_csv_table *t, struct np_error *err)
{
	double *values = calloc(t->row_count + 1, sizeof(*values));
	if (!values)
		return np_fail(err, "out of memory");
	np_sb_printf(
	    out,
	    "<p class=\"cap\">%zu samples from %s to %s UTC, summarised per series (more "
	    "than %d)</p><div "
	    "class=\"scroll\"><table><thead><tr><th>series</th><th>samples</th><th>min</th>"
	    "<th>median</th><th>max</th><th>last</th></tr></thead>\n<tbody>\n",
	    t->row_count, t->rows[0][0], t->rows[t->row_count - 1][0], NP_HTML_MAX_ROWS);
	int rc = 0;
	for (size_t c = 1; rc == 0 && c < t->column_count; c++) {
		size_t n = 0;
		double last = 0;
		for (size_t r = 0; rc == 0 && r < t->row_count; r++) {
			if (!t->rows[r][c][0])
				continue; /* the series has no value at this time */
			rc = np_csv_number(t, r, (int)c, -DBL_MAX, DBL_MAX, &values[n], err);
			last = values[n++];
		}
		if (rc < 0)
			break;
		qsort(values, n, sizeof(*values), compare_doubles);
		np_sb_puts(out, "<tr>");
		cell_html(out, "th", t->columns[c], true);
		if (n == 0) {
			np_sb_puts(out,
				   "<td class=\"n\">0</td><td></td><td></td><td></td><td></td>");
		} else {
			double median =
			    n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
			np_sb_printf(out,
				     "<td class=\"n\">%zu</td><td class=\"n\">%.6g</td><td "
				     "class=\"n\">%.6g</td><td class=\"n\">%.6g</td><td "
				     "class=\"n\">%.6g</td>",
				     n, values[0], median, values[n - 1], last);
		}
		np_sb_puts(out, "</tr>\n");
	}
	np_sb_puts(out, "</tbody></table></div>\n");
	free(values);
	return rc;
}

/* ---- inline SVG ---------------------------------------------------------------- */

static bool starts_with_nocase(const char *p, const char *word)
{
	return strncasecmp(p, word, strlen(word)) == 0;
}

/* Whether the SVG carries anything that could run: gnuplot's SVG
 * terminal, without `mouse`, writes none of it. */
static bool active_content(const char *svg)
{
	bool in_tag = false;
	for (const char *p = svg; *p; p++) {
		if (*p == '<') {
			in_tag = true;
			if (starts_with_nocase(p, "<script") ||
			    starts_with_nocase(p, "<foreignobject"))
				return true;
		} else if (*p == '>') {
			in_tag = false;
		} else if (starts_with_nocase(p, "javascript:")) {
			return true;
		} else if (in_tag && (*p == ' ' || *p == '\t' || *p == '\n') &&
			   starts_with_nocase(p + 1, "on")) {
			const char *q = p + 3;
			while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))
				q++;
			if (q > p + 3 && *q == '=')
				return true; /* an event attribute: onload=, onclick= */
		}
	}
	return false;
}

int np_html_inline_svg(struct np_strbuf *out, const char *svg, const char *prefix)
{
	const char *start = strstr(svg, "<svg");
	if (!start || active_content(start))
		return -1;
	static const char *const refs[] = {"id='", "id=\"", "href='#", "href=\"#", "url(#"};
	bool in_tag = false; /* ids are attributes: text is left as it is */
	for (const char *p = start; *p;) {
		/* gnuplot's own titles, "Gnuplot" and "gnuplot_plot_N", would
		 * show as tooltips that mean nothing to a reader */
		const char *end = strncmp(p, "<title>", 7) == 0 ? strstr(p, "</title>") : NULL;
		if (end && (strncmp(p + 7, "Gnuplot<", 8) == 0 ||
			    strncmp(p + 7, "gnuplot_plot_", 13) == 0)) {
			p = end + 8;
			continue;
		}
		in_tag = *p == '<' ? true : *p == '>' ? false : in_tag;
		size_t matched = 0;
		for (size_t i = 0; in_tag && i < sizeof(refs) / sizeof(refs[0]) && !matched; i++)
			if (strncmp(p, refs[i], strlen(refs[i])) == 0)
				matched = strlen(refs[i]);
		if (matched) {
			np_sb_append(out, p, matched);
			np_sb_puts(out, prefix);
			p += matched;
		} else {
			np_sb_putc(out, *p++);
		}
	}
	return 0;
}

/* ---- the inputs ---------------------------------------------------------------- */

static int compare_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct values of a column, the first three in file order and a
 * count (sorted copies: a stats file has a row per value per sample). */
static void distinct(struct np_strbuf *out, const struct np_csv_table *t, const char *name)
{
	int c = np_csv_column(t, name);
	const char **sorted = c >= 0 ? calloc(t->row_count + 1, sizeof(*sorted)) : NULL;
	if (!sorted) {
		np_sb_puts(out, "<td class=\"note\">not recorded</td>");
		return;
	}
	for (size_t r = 0; r < t->row_count; r++)
		sorted[r] = t->rows[r][c];
	qsort(sorted, t->row_count, sizeof(*sorted), compare_text);
	size_t count = 0;
	for (size_t r = 0; r < t->row_count; r++)
		count += r == 0 || strcmp(sorted[r], sorted[r - 1]) != 0;
	free(sorted);
	const char *first[3];
	size_t shown = 0;
	np_sb_puts(out, "<td>");
	for (size_t r = 0; r < t->row_count && shown < 3; r++) {
		const char *v = t->rows[r][c];
		bool seen = false;
		for (size_t k = 0; k < shown && !seen; k++)
			seen = strcmp(first[k], v) == 0;
		if (seen)
			continue;
		np_sb_puts(out, shown ? ", " : "");
		np_html_escape(out, v[0] ? v : "(none)");
		first[shown++] = v;
	}
	if (count > shown)
		np_sb_printf(out, " (%zu in all)", count);
	np_sb_puts(out, "</td>");
}

/* The first and last timestamp (ISO 8601 UTC sorts as text). */
static void time_span(struct np_strbuf *out, const struct np_csv_table *t)
{
	int c = np_csv_column(t, "timestamp");
	if (c < 0 || t->row_count == 0) {
		np_sb_puts(out, "<td class=\"note\">not recorded</td><td></td>");
		return;
	}
	const char *first = t->rows[0][c], *last = t->rows[0][c];
	for (size_t r = 1; r < t->row_count; r++) {
		if (strcmp(t->rows[r][c], first) < 0)
			first = t->rows[r][c];
		if (strcmp(t->rows[r][c], last) > 0)
			last = t->rows[r][c];
	}
	np_sb_puts(out, "<td>");
	np_html_escape(out, first);
	np_sb_puts(out, "</td><td>");
	np_html_escape(out, last);
	np_sb_puts(out, "</td>");
}

static void inputs_section(struct np_strbuf *out, const struct np_html_page *page)
{
	np_sb_puts(out, "<h2 id=\"inputs\">Inputs: when and where each was measured</h2>\n"
			"<div "
			"class=\"scroll\"><table><thead><tr><th>file</th><th>kind</th><th>rows</"
			"th><th>host</th>"
			"<th>run_id</th><th>label</th><th>first</th><th>last</th></tr></thead>\n"
			"<tbody>\n");
	for (size_t i = 0; i < page->input_count; i++) {
		const struct np_csv_table *t = page->inputs[i].table;
		np_sb_puts(out, "<tr>");
		cell_html(out, "th", t->path, true);
		cell_html(out, "td", page->inputs[i].kind, false);
		np_sb_printf(out, "<td class=\"n\">%zu</td>", t->row_count);
		distinct(out, t, "host");
		distinct(out, t, "run_id");
		distinct(out, t, "label");
		time_span(out, t);
		np_sb_puts(out, "</tr>\n");
	}
	np_sb_puts(out, "</tbody></table></div>\n");
}

/* ---- the host ------------------------------------------------------------------ */

enum host_rows { HOST_NODES, HOST_HMAT };

static bool host_row_in(const char *metric, const char *peer, enum host_rows which)
{
	bool hmat = strncmp(metric, "hmat_", 5) == 0;
	return !peer[0] && strcmp(metric, "distance") != 0 && (which == HOST_HMAT) == hmat;
}

/* A value as shown: bytes in MiB, the rest as written. */
static void host_value(struct np_strbuf *out, const char *value, const char *unit)
{
	uint64_t bytes;
	if (strcmp(unit, "bytes") == 0 && np_parse_uint(value, UINT64_MAX, &bytes, NULL) == 0)
		np_sb_printf(out, "%.1f", (double)bytes / (1 << 20));
	else
		np_html_escape(out, value);
}

/* A row per node, a column per metric (in the order first seen). */
static void host_pivot(struct np_strbuf *out, const struct np_csv_table *t, const int *col,
		       enum host_rows which, const char *caption)
{
	enum { NODE, METRIC, PEER, VALUE, UNIT };
	const char *metrics[64], *units[64], *nodes[1024];
	int nm = 0, nn = 0;
	for (size_t r = 0; r < t->row_count; r++) {
		char **row = t->rows[r];
		if (!row[col[NODE]][0] || !host_row_in(row[col[METRIC]], row[col[PEER]], which))
			continue;
		int m = 0, n = 0;
		while (m < nm && strcmp(metrics[m], row[col[METRIC]]) != 0)
			m++;
		if (m == nm && nm < 64) {
			metrics[nm] = row[col[METRIC]];
			units[nm++] = row[col[UNIT]];
		}
		while (n < nn && strcmp(nodes[n], row[col[NODE]]) != 0)
			n++;
		if (n == nn && nn < 1024)
			nodes[nn++] = row[col[NODE]];
	}
	if (nm == 0)
		return;
	np_sb_puts(out, "<p class=\"cap\">");
	np_html_escape(out, caption);
	np_sb_puts(out, "</p><div class=\"scroll\"><table><thead><tr><th>node</th>");
	for (int m = 0; m < nm; m++) {
		np_sb_puts(out, "<th>");
		size_t len = strlen(metrics[m]);
		bool bytes = strcmp(units[m], "bytes") == 0;
		if (bytes && len > 6 && strcmp(metrics[m] + len - 6, "_bytes") == 0)
			len -= 6;
		char name[128];
		snprintf(name, sizeof(name), "%.*s", (int)(len < 127 ? len : 127), metrics[m]);
		escape_breakable(out, name);
		if (bytes)
			np_sb_puts(out, ", MiB");
		else if (strcmp(units[m], "ns") == 0 || strcmp(units[m], "MB/s") == 0) {
			np_sb_puts(out, ", ");
			np_html_escape(out, units[m]);
		}
		np_sb_puts(out, "</th>");
	}
	np_sb_puts(out, "</tr></thead>\n<tbody>\n");
	for (int n = 0; n < nn; n++) {
		np_sb_puts(out, "<tr>");
		cell_html(out, "th", nodes[n], true);
		for (int m = 0; m < nm; m++) {
			const char *value = "", *unit = "";
			for (size_t r = 0; r < t->row_count; r++) {
				char **row = t->rows[r];
				if (!strcmp(row[col[NODE]], nodes[n]) &&
				    !strcmp(row[col[METRIC]], metrics[m]) && !row[col[PEER]][0]) {
					value = row[col[VALUE]];
					unit = row[col[UNIT]];
					break;
				}
			}
			np_sb_puts(out, numeric(value) ? "<td class=\"n\">" : "<td>");
			host_value(out, value, unit);
			np_sb_puts(out, "</td>");
		}
		np_sb_puts(out, "</tr>\n");
	}
	np_sb_puts(out, "</tbody></table></div>\n");
}

/* The SLIT distances: a row per node, a column per peer. */
static void host_distances(struct np_strbuf *out, const struct np_csv_table *t, const int *col)
{
	enum { NODE, METRIC, PEER, VALUE };
	const char *nodes[1024];
	int nn = 0;
	for (size_t r = 0; r < t->row_count; r++) {
		char **row = t->rows[r];
		if (strcmp(row[col[METRIC]], "distance") != 0)
			continue;
		int n = 0;
		while (n < nn && strcmp(nodes[n], row[col[NODE]]) != 0)
			n++;
		if (n == nn && nn < 1024)
			nodes[nn++] = row[col[NODE]];
	}
	if (nn == 0)
		return;
	np_sb_puts(out,
		   "<p class=\"cap\">Distances (SLIT, 10 is local): the node of the CPU "
		   "down, the node of the memory across</p><div class=\"scroll\"><table><thead>"
		   "<tr><th>node</th>");
	for (int n = 0; n < nn; n++)
		cell_html(out, "th", nodes[n], false);
	np_sb_puts(out, "</tr></thead>\n<tbody>\n");
	for (int a = 0; a < nn; a++) {
		np_sb_puts(out, "<tr>");
		cell_html(out, "th", nodes[a], true);
		for (int b = 0; b < nn; b++) {
			const char *value = "";
			for (size_t r = 0; r < t->row_count; r++) {
				char **row = t->rows[r];
				if (!strcmp(row[col[METRIC]], "distance") &&
				    !strcmp(row[col[NODE]], nodes[a]) &&
				    !strcmp(row[col[PEER]], nodes[b]))
					value = row[col[VALUE]];
			}
			cell_html(out, "td", value, false);
		}
		np_sb_puts(out, "</tr>\n");
	}
	np_sb_puts(out, "</tbody></table></div>\n");
}

static void host_section(struct np_strbuf *out, const struct np_html_page *page)
{
	np_sb_puts(out, "<h2 id=\"host\">Host layout</h2>\n");
	static const char *const names[] = {"node", "metric", "peer", "value", "unit"};
	int col[5];
	if (!page->host || np_csv_require(page->host, names, col, 5, NULL) < 0) {
		np_sb_puts(out, "<p class=\"note\">host layout not given: add a "
				"<code>numaprobe topo --format csv</code> file of the host to the "
				"inputs, or make the page on the host the CSVs name.</p>\n");
		return;
	}
	np_sb_puts(out, "<p>From ");
	np_html_escape(out, page->host_source ? page->host_source : page->host->path);
	np_sb_puts(out, ".</p>\n<p class=\"cap\">The system</p><div "
			"class=\"scroll\"><table><thead><tr><th>setting</th>"
			"<th>value</th><th>unit</th></tr></thead>\n<tbody>\n");
	const struct np_csv_table *t = page->host;
	for (size_t r = 0; r < t->row_count; r++) {
		char **row = t->rows[r];
		if (row[col[0]][0])
			continue;
		np_sb_puts(out, "<tr>");
		cell_html(out, "th", row[col[1]], true);
		cell_html(out, "td", row[col[3]], false);
		cell_html(out, "td", row[col[4]], false);
		np_sb_puts(out, "</tr>\n");
	}
	np_sb_puts(out, "</tbody></table></div>\n");
	host_pivot(out, t, col, HOST_NODES,
		   "Nodes: CPUs, memory, huge pages, memory tier and interleave weight");
	host_distances(out, t, col);
	host_pivot(out, t, col, HOST_HMAT,
		   "The firmware's HMAT: each memory node's latency and bandwidth from its "
		   "initiators (access0: any initiator, access1: CPUs)");
}

/* ---- charts -------------------------------------------------------------------- */

static int chart_html(struct np_strbuf *out, const struct np_html_page *page, size_t i,
		      struct np_error *err)
{
	const struct np_chart *chart = &page->charts->charts[i];
	np_sb_printf(out, "<section class=\"chart\" id=\"chart-%s\">\n<h3>", chart->name);
	np_html_escape(out, chart->title);
	np_sb_puts(out, "</h3>\n");
	char prefix[32];
	snprintf(prefix, sizeof(prefix), "c%zu-", i);
	const char *svg = page->svgs ? page->svgs[i] : NULL;
	if (!svg || np_html_inline_svg(out, svg, prefix) < 0)
		np_sb_printf(out, "<p class=\"note\">no image: %s</p>\n",
			     svg ? "the SVG holds active content and was left out"
			     : page->charts_note
				 ? page->charts_note
				 : "no SVG was read (gnuplot drew none, or it is over 16 MiB)");
	struct np_csv_table table;
	char path[200];
	snprintf(path, sizeof(path), "the table of chart %s", chart->name);
	if (np_csv_parse(path, np_sb_str(&chart->table), &table, err) < 0)
		return -1;
	int rc = 0;
	if (chart->time_series && table.row_count > NP_HTML_MAX_ROWS)
		rc = series_summary(out, &table, err);
	else
		table_html(out, &table, "The values the chart shows");
	np_csv_table_free(&table);
	np_sb_puts(out, "</section>\n");
	return rc;
}

static size_t count_kind(const struct np_html_page *page, enum np_chart_kind kind)
{
	size_t n = 0;
	for (size_t i = 0; page->charts && i < page->charts->count; i++)
		n += page->charts->charts[i].kind == kind;
	return n;
}

static int charts_of(struct np_strbuf *out, const struct np_html_page *page,
		     enum np_chart_kind kind, struct np_error *err)
{
	for (size_t i = 0; page->charts && i < page->charts->count; i++)
		if (page->charts->charts[i].kind == kind && chart_html(out, page, i, err) < 0)
			return -1;
	return 0;
}

static size_t inputs_of(const struct np_html_page *page, const char *kind)
{
	size_t n = 0;
	for (size_t i = 0; i < page->input_count; i++)
		n += strcmp(page->inputs[i].kind, kind) == 0;
	return n;
}

/* ---- the page ------------------------------------------------------------------- */

int np_html_render(const struct np_html_page *page, struct np_strbuf *out, struct np_error *err)
{
	/* the title names the hosts of the inputs, the first four */
	const char *hosts[4];
	size_t host_count = 0;
	bool more = false;
	for (size_t i = 0; i < page->input_count; i++) {
		const struct np_csv_table *t = page->inputs[i].table;
		int c = np_csv_column(t, "host");
		for (size_t r = 0; c >= 0 && r < t->row_count; r++) {
			const char *h = t->rows[r][c];
			bool seen = !h[0];
			for (size_t k = 0; k < host_count && !seen; k++)
				seen = strcmp(hosts[k], h) == 0;
			if (!seen && host_count < 4)
				hosts[host_count++] = h;
			else if (!seen)
				more = true;
		}
	}
	struct np_strbuf title;
	np_sb_init(&title);
	for (size_t k = 0; k < host_count; k++) {
		np_sb_puts(&title, k ? ", " : ": ");
		np_html_escape(&title, hosts[k]);
	}
	if (more)
		np_sb_puts(&title, " and others");
	np_sb_printf(out,
		     "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		     "<title>numaprobe report%s</title>\n<style>%s</style>\n</head>\n<body>\n"
		     "<h1>numaprobe report%s</h1>\n<p>Made ",
		     np_sb_str(&title), style, np_sb_str(&title));
	np_sb_free(&title);
	np_html_escape(out, page->generated);
	np_sb_puts(out, " by numaprobe ");
	np_html_escape(out, page->version);
	np_sb_printf(out,
		     " from %zu input%s. Every chart has the values it shows in a table "
		     "beside it.</p>\n<nav>",
		     page->input_count, page->input_count == 1 ? "" : "s");
	bool bench = count_kind(page, NP_CHART_BENCH) > 0;
	bool compare = page->comparisons[0] || page->compare_notes[0] || page->comparisons[1] ||
		       page->compare_notes[1] || count_kind(page, NP_CHART_COMPARE);
	bool stats = count_kind(page, NP_CHART_STATS) > 0 || inputs_of(page, "stats");
	bool placement = inputs_of(page, "placement") + inputs_of(page, "fit") > 0;
	np_sb_puts(out, "<a href=\"#inputs\">Inputs</a><a href=\"#host\">Host</a>");
	if (bench)
		np_sb_puts(out, "<a href=\"#bench\">Measurements</a>");
	if (compare)
		np_sb_puts(out, "<a href=\"#compare\">Before and after</a>");
	if (stats)
		np_sb_puts(out, "<a href=\"#stats\">Over time</a>");
	if (placement)
		np_sb_puts(out, "<a href=\"#placement\">Placement and fit</a>");
	np_sb_puts(out, "</nav>\n");
	if (page->charts_note) {
		np_sb_puts(out, "<p class=\"note\">");
		np_html_escape(out, page->charts_note);
		np_sb_puts(out, "</p>\n");
	}
	inputs_section(out, page);
	host_section(out, page);
	if (bench) {
		np_sb_puts(out,
			   "<h2 id=\"bench\">Measurements: latency, bandwidth, loaded latency, "
			   "working-set sweep, core to core</h2>\n");
		if (charts_of(out, page, NP_CHART_BENCH, err) < 0)
			return -1;
	}
	if (compare) {
		np_sb_puts(out, "<h2 id=\"compare\">Before and after</h2>\n");
		static const char *const captions[] = {
		    "report compare of the two bench runs: each pair's means, change with its "
		    "interval, Welch's p-value and verdict",
		    "report compare of the two stats files: each series' means, change with its "
		    "interval, Welch's p-value and verdict"};
		for (int k = 0; k < 2; k++) {
			if (page->comparisons[k]) {
				table_html(out, page->comparisons[k], captions[k]);
			} else if (page->compare_notes[k]) {
				np_sb_puts(out, "<p class=\"note\">");
				np_html_escape(out, page->compare_notes[k]);
				np_sb_puts(out, "</p>\n");
			}
		}
		if (charts_of(out, page, NP_CHART_COMPARE, err) < 0)
			return -1;
	}
	if (stats) {
		np_sb_puts(out, "<h2 id=\"stats\">Over time: per-node rates, memory, tiering and "
				"guests</h2>\n");
		if (count_kind(page, NP_CHART_STATS) == 0)
			np_sb_puts(out, "<p class=\"note\">no chart: the stats inputs hold no "
					"per-node or guest series</p>\n");
		if (charts_of(out, page, NP_CHART_STATS, err) < 0)
			return -1;
	}
	if (placement) {
		np_sb_puts(out, "<h2 id=\"placement\">Placement and fit</h2>\n");
		if (charts_of(out, page, NP_CHART_PLACEMENT, err) < 0)
			return -1;
		for (size_t i = 0; i < page->input_count; i++) {
			const char *kind = page->inputs[i].kind;
			if (strcmp(kind, "placement") && strcmp(kind, "fit"))
				continue;
			char caption[400];
			snprintf(caption, sizeof(caption), "%.300s: every %s result, with %s",
				 page->inputs[i].table->path, kind,
				 strcmp(kind, "fit") ? "its flags" : "its verdict and reason");
			table_html(out, page->inputs[i].table, caption);
		}
	}
	np_sb_puts(out, "</body>\n</html>\n");
	return 0;
}
