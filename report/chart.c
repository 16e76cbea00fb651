/* chart.c: gnuplot charts of numaprobe's CSVs; see chart.h. */
#include "chart.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../lib/benchcsv.h"
#include "../lib/bounds.h"
#include "../lib/csv.h"
#include "../lib/number.h"
#include "../lib/statscsv.h"
#include "compare.h"
#include "gnuplot_text.h"

struct builder {
	const struct np_chart_request *request;
	struct np_chart_set *set;
	struct np_error *err;
	enum np_chart_kind kind; /* of the charts being built */
};

/* ---- a chart's table ---------------------------------------------------------- */

/* Appends one formatted field to a CSV table row; first starts the row. */
__attribute__((format(printf, 3, 4))) static void cell(struct np_strbuf *table, bool first,
						       const char *format, ...)
{
	char text[512];
	va_list args;
	va_start(args, format);
	vsnprintf(text, sizeof(text), format, args);
	va_end(args);
	np_csv_field(table, first, text);
}

/* ---- names ---------------------------------------------------------------- */

/* A CSV's base name without .csv, as part of chart names. */
static void base_name(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	snprintf(out, size, "%s", slash ? slash + 1 : path);
	char *dot = strrchr(out, '.');
	if (dot && strcmp(dot, ".csv") == 0)
		*dot = '\0';
	for (char *p = out; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			*p = '_';
}

/* A guest name as part of a file name: [A-Za-z0-9_-] only, at most 48 of
 * them; a name that had to change gets a hash of the original, so "a/x"
 * and "b/x" never write the same chart. */
static void file_name_part(const char *text, char *out, size_t size)
{
	size_t used = 0;
	bool changed = false;
	uint32_t hash = 2166136261u; /* FNV-1a */
	for (const char *p = text; *p; p++) {
		hash = (hash ^ (unsigned char)*p) * 16777619u;
		bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			  (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';
		changed |= !ok || used == 48;
		if (used < 48 && used + 1 < size)
			out[used++] = ok ? *p : '_';
	}
	out[used] = '\0';
	if (changed || used == 0)
		snprintf(out + used, size - used, "-%08x", hash);
}

/* ---- a chart and its script's head ---------------------------------------- */

/* A new chart: the script header every chart shares (terminal, size,
 * output, title). The name is made of [A-Za-z0-9_-] (base_name,
 * file_name_part); the title may hold text from the inputs, so it goes
 * through np_gnuplot_string. */
static struct np_chart *new_chart(struct builder *b, const char *name, const char *title)
{
	struct np_chart_set *set = b->set;
	struct np_chart *grown = realloc(set->charts, (set->count + 1) * sizeof(*grown));
	if (!grown) {
		np_fail(b->err, "out of memory");
		return NULL;
	}
	set->charts = grown;
	struct np_chart *chart = &set->charts[set->count++];
	memset(chart, 0, sizeof(*chart));
	snprintf(chart->name, sizeof(chart->name), "%s", name);
	snprintf(chart->title, sizeof(chart->title), "%s", title);
	chart->kind = b->kind;
	np_sb_init(&chart->script);
	np_sb_init(&chart->data);
	np_sb_init(&chart->table);
	struct np_strbuf *gp = &chart->script;
	np_sb_printf(gp,
		     "# %s.gp: written by numaprobe report chart; edit and run 'gnuplot %s.gp'\n",
		     chart->name, chart->name);
	b->request->format->render(b->request, gp);
	np_sb_printf(gp, "set termoption noenhanced\nset encoding utf8\nset output '%s.%s'\n",
		     chart->name, b->request->format->name);
	np_sb_puts(gp, "set title ");
	np_gnuplot_string(gp, title);
	/* the key below the plot: outside right it took a third of the
	 * width from the data */
	np_sb_puts(gp, " noenhanced\nset key below\n");
	return chart;
}

static void terminal_png(const void *request, struct np_strbuf *out)
{
	const struct np_chart_request *r = request;
	np_sb_printf(out, "set terminal pngcairo size %d,%d\n", r->width, r->height);
}

static void terminal_svg(const void *request, struct np_strbuf *out)
{
	const struct np_chart_request *r = request;
	np_sb_printf(out, "set terminal svg size %d,%d fixed background rgb 'white'\n", r->width,
		     r->height);
}

const struct np_renderer np_chart_formats[] = {
    {"png", terminal_png},
    {"svg", terminal_svg},
    {NULL, NULL},
};

/* ---- bench: heatmaps and before/after bars -------------------------------- */

static bool in_cell(const struct np_bench_record *row, const char *run, const char *test,
		    const char *mode)
{
	return strcmp(row->run_id, run) == 0 && strcmp(row->test, test) == 0 &&
	       strcmp(row->mode, mode) == 0;
}

/* Node ids of a cell's rows, ascending; `cpu` picks cpu_node or mem_node. */
static int distinct_nodes(const struct np_bench_csv *csv, const char *run, const char *test,
			  const char *mode, bool cpu, int *ids, int max)
{
	int n = 0;
	for (size_t r = 0; r < csv->count; r++) {
		/* a group (memory over several nodes) has no column here */
		if (!in_cell(&csv->rows[r], run, test, mode) || csv->rows[r].mem.node < 0)
			continue;
		int id = cpu ? csv->rows[r].cpu_node : csv->rows[r].mem.node;
		bool seen = false;
		for (int i = 0; i < n; i++)
			seen |= ids[i] == id;
		if (!seen && n < max)
			ids[n++] = id;
	}
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
			int tmp = ids[j];
			ids[j] = ids[j - 1];
			ids[j - 1] = tmp;
		}
	return n;
}

static int index_of(const int *ids, int n, int id)
{
	int i = 0;
	while (i < n && ids[i] != id)
		i++;
	return i;
}

/* One value, or all equal, is an empty colour range to gnuplot, which
 * warns on the user's terminal and picks one: give it 1% either side. */
static void colour_range(struct np_strbuf *gp, double low, double high)
{
	if (low == high && isfinite(low)) {
		double pad = fabs(low) > 0 ? fabs(low) / 100 : 1;
		np_sb_printf(gp, "set cbrange [%.17g:%.17g]\n", low - pad, high + pad);
	}
}

/* A heatmap's cells: a row (y, top first) and a column (x) per node id,
 * each cell the median of the first record that fills it, NAN where none
 * does. The chart's data, its labels and its table are all drawn from it. */
struct grid {
	int rows[64], cols[64];
	int row_count, col_count;
	double cell[64][64];
};

static void grid_init(struct grid *g)
{
	g->row_count = g->col_count = 0;
	for (int y = 0; y < 64; y++)
		for (int x = 0; x < 64; x++)
			g->cell[y][x] = NAN;
}

static void grid_set(struct grid *g, int row_id, int col_id, double value)
{
	int y = index_of(g->rows, g->row_count, row_id);
	int x = index_of(g->cols, g->col_count, col_id);
	if (y < g->row_count && x < g->col_count && isnan(g->cell[y][x]))
		g->cell[y][x] = value;
}

/* What differs between the heatmaps: their axes, names and colours. */
struct heatmap_look {
	const char *x_label, *y_label; /* the axes */
	const char *x_data, *y_data;   /* the .dat file's header */
	const char *corner;	       /* the table's top-left cell */
	const char *unit;	       /* the colour box's label */
	int decimals;		       /* of a value in a cell and in the table */
	bool low_is_good;	       /* green for low values (else for high) */
};

static int heatmap_chart(struct builder *b, const char *name, const char *title,
			 const struct grid *g, const struct heatmap_look *look)
{
	struct np_chart *chart = new_chart(b, name, title);
	if (!chart)
		return -1;
	struct np_strbuf *dat = &chart->data, *tab = &chart->table, *gp = &chart->script;
	np_sb_printf(dat, "# x(%s position) y(%s position) median\n", look->x_data, look->y_data);
	cell(tab, true, "%s", look->corner);
	for (int x = 0; x < g->col_count; x++)
		cell(tab, false, "%d", g->cols[x]);
	np_csv_end_row(tab);
	double low = INFINITY, high = -INFINITY;
	for (int y = 0; y < g->row_count; y++) {
		cell(tab, true, "%d", g->rows[y]);
		for (int x = 0; x < g->col_count; x++) {
			double v = g->cell[y][x];
			if (isnan(v)) {
				cell(tab, false, "%s", "");
				continue;
			}
			np_sb_printf(dat, "%d %d %.17g\n", x, y, v);
			cell(tab, false, "%.*f", look->decimals, v);
			low = fmin(low, v);
			high = fmax(high, v);
		}
		np_csv_end_row(tab);
	}
	colour_range(gp, low, high);
	np_sb_printf(gp, "set xlabel '%s'\nset ylabel '%s'\nunset key\nset xtics (", look->x_label,
		     look->y_label);
	for (int x = 0; x < g->col_count; x++)
		np_sb_printf(gp, "%s'%d' %d", x ? ", " : "", g->cols[x], x);
	np_sb_puts(gp, ")\nset ytics (");
	for (int y = 0; y < g->row_count; y++)
		np_sb_printf(gp, "%s'%d' %d", y ? ", " : "", g->rows[y], y);
	/* an explicit range upside down: gnuplot ignores `reverse` with one */
	np_sb_printf(gp, ")\nset xrange [-0.5:%d.5]\nset yrange [%d.5:-0.5]\n", g->col_count - 1,
		     g->row_count - 1);
	np_sb_printf(gp, "set palette defined (0 '%s', 1 '#ffffbf', 2 '%s')\nset cblabel '%s'\n",
		     look->low_is_good ? "#1a9641" : "#d7191c",
		     look->low_is_good ? "#d7191c" : "#1a9641", look->unit);
	/* Boxes rather than `with image`, which needs at least a 2x2 grid
	 * (a single CPU node is a 1xN matrix). */
	np_sb_printf(gp,
		     "set style fill solid 1.0 noborder\n"
		     "plot '%s.dat' using 1:2:(0.5):(0.5):3 with boxxy lc palette, '' using "
		     "1:2:(sprintf('%%.%df', $3)) with labels\n",
		     name, look->decimals);
	return 0;
}

static int heatmap(struct builder *b, const struct np_bench_csv *csv, const char *run,
		   const char *base, const char *test, const char *mode)
{
	struct grid *g = malloc(sizeof(*g));
	if (!g)
		return np_fail(b->err, "out of memory");
	grid_init(g);
	g->row_count = distinct_nodes(csv, run, test, mode, true, g->rows, 64);
	g->col_count = distinct_nodes(csv, run, test, mode, false, g->cols, 64);
	for (size_t r = 0; r < csv->count; r++)
		if (in_cell(&csv->rows[r], run, test, mode))
			grid_set(g, csv->rows[r].cpu_node, csv->rows[r].mem.node,
				 csv->rows[r].median);
	int rc = 0;
	if (g->row_count > 0 && g->col_count > 0) {
		bool latency = strcmp(test, "latency") == 0;
		char name[300], title[200];
		snprintf(name, sizeof(name), "%s-%s-heatmap%s%s", base, test, latency ? "" : "-",
			 latency ? "" : mode);
		snprintf(title, sizeof(title),
			 latency ? "Latency, ns per load (median)" : "Bandwidth %s, MB/s (median)",
			 mode);
		struct heatmap_look look = {"memory node",
					    "CPU node",
					    "memory node",
					    "CPU node",
					    "CPU node \\ memory node",
					    latency ? "ns per load" : "MB/s",
					    latency ? 1 : 0,
					    latency};
		rc = heatmap_chart(b, name, title, g, &look);
	}
	free(g);
	return rc;
}

/* One line of points per series of a run's rows of `test`: a series is a
 * CPU node, a memory target and a mode, the points ordered by `key`
 * (load level or size). Writes gnuplot data blocks (one per series,
 * separated by two blank lines) and returns the series' titles in
 * `titles` (one a line); 0 when the run has no such rows. */
struct point {
	double key, x, y;
};

static int compare_points(const void *a, const void *b)
{
	const struct point *p = a, *q = b;
	return (p->key > q->key) - (p->key < q->key);
}

static bool same_series(const struct np_bench_record *a, const struct np_bench_record *b)
{
	return a->cpu_node == b->cpu_node && strcmp(a->mem.text, b->mem.text) == 0 &&
	       strcmp(a->mode, b->mode) == 0 && strcmp(a->policy, b->policy) == 0;
}

/* A row of the run's `test`, in `unit` (any unit when NULL). */
static bool of_test(const struct np_bench_record *row, const char *run, const char *test,
		    const char *unit)
{
	return !strcmp(row->run_id, run) && !strcmp(row->test, test) &&
	       (!unit || !strcmp(row->unit, unit));
}

/* Whether row i is the first of its series among the rows of_test. */
static bool starts_series(const struct np_bench_csv *csv, size_t i, const char *run,
			  const char *test, const char *unit)
{
	if (!of_test(&csv->rows[i], run, test, unit))
		return false;
	for (size_t k = 0; k < i; k++)
		if (of_test(&csv->rows[k], run, test, unit) &&
		    same_series(&csv->rows[k], &csv->rows[i]))
			return false;
	return true;
}

/* The loaded-latency curves: latency (ns) against the injected bandwidth
 * (MB/s) of the same level. */
static int loaded_chart(struct builder *b, const struct np_bench_csv *csv, const char *run,
			const char *base)
{
	struct point *points = calloc(csv->count + 1, sizeof(*points));
	if (!points)
		return np_fail(b->err, "out of memory");
	struct np_strbuf dat, plot, tab;
	np_sb_init(&dat);
	np_sb_init(&plot);
	np_sb_init(&tab);
	np_sb_puts(&tab, "CPU node,memory,mix,level,\"injected, MB/s\",\"latency, ns per load\"\n");
	int series = 0;
	for (size_t i = 0; i < csv->count; i++) {
		const struct np_bench_record *first = &csv->rows[i];
		if (!starts_series(csv, i, run, "loaded",
				   "ns")) /* each series at its first ns row */
			continue;
		size_t n = 0;
		for (size_t k = 0; k < csv->count; k++) {
			const struct np_bench_record *ns = &csv->rows[k];
			if (!of_test(ns, run, "loaded", "ns") || !same_series(ns, first))
				continue;
			for (size_t j = 0; j < csv->count; j++) {
				const struct np_bench_record *mbs = &csv->rows[j];
				if (of_test(mbs, run, "loaded", "MB/s") && same_series(mbs, ns) &&
				    mbs->load_level == ns->load_level)
					points[n++] =
					    (struct point){ns->load_level, mbs->median, ns->median};
			}
		}
		qsort(points, n, sizeof(*points), compare_points);
		np_sb_printf(&dat, "%s# CPU node %d, memory %s, mix ", series ? "\n\n" : "",
			     first->cpu_node, first->mem.text);
		np_gnuplot_datum(&dat, first->mode);
		np_sb_puts(&dat, "\n# level injected_MB/s ns\n");
		for (size_t k = 0; k < n; k++) {
			np_sb_printf(&dat, "%.0f %.17g %.17g\n", points[k].key, points[k].x,
				     points[k].y);
			cell(&tab, true, "%d", first->cpu_node);
			cell(&tab, false, "%s", first->mem.text);
			cell(&tab, false, "%s", first->mode);
			cell(&tab, false, "%.0f", points[k].key);
			cell(&tab, false, "%.0f", points[k].x);
			cell(&tab, false, "%.1f", points[k].y);
			np_csv_end_row(&tab);
		}
		char title[160];
		snprintf(title, sizeof(title), "CPU %d > mem %s, %.32s", first->cpu_node,
			 first->mem.text, first->mode);
		np_sb_printf(&plot, "%s'%s-loaded.dat' index %d using 2:3 with linespoints title ",
			     series ? ", \\\n     " : "plot ", base, series);
		np_gnuplot_string(&plot, title);
		series++;
	}
	free(points);
	int rc = 0;
	if (series) {
		char name[300];
		snprintf(name, sizeof(name), "%s-loaded", base);
		struct np_chart *chart = new_chart(
		    b, name, "Loaded latency: the chase's ns per load against the injected MB/s");
		if (!chart) {
			rc = -1;
		} else {
			np_sb_puts(&chart->data, np_sb_str(&dat));
			np_sb_puts(&chart->table, np_sb_str(&tab));
			np_sb_puts(&chart->script,
				   "set xlabel 'injected bandwidth, MB/s'\n"
				   "set ylabel 'latency, ns per load'\n"
				   "set xrange [0:*]\nset yrange [0:*]\nset grid\n");
			np_sb_printf(&chart->script, "%s\n", np_sb_str(&plot));
		}
	}
	np_sb_free(&dat);
	np_sb_free(&plot);
	np_sb_free(&tab);
	return rc;
}

/* The sweep: latency against the working-set size, on a log scale, with a
 * dashed line at each cache level of the machine the CSV came from (when
 * the request knows that machine's caches). */
static int sweep_chart(struct builder *b, const struct np_bench_csv *csv, const char *run,
		       const char *base)
{
	struct point *points = calloc(csv->count + 1, sizeof(*points));
	if (!points)
		return np_fail(b->err, "out of memory");
	struct np_strbuf dat, plot, tab;
	np_sb_init(&dat);
	np_sb_init(&plot);
	np_sb_init(&tab);
	np_sb_puts(&tab, "CPU node,memory,\"working set, KiB\",\"latency, ns per load\"\n");
	int series = 0;
	const char *host = NULL;
	double smallest = INFINITY, largest = 0; /* KiB */
	for (size_t i = 0; i < csv->count; i++) {
		const struct np_bench_record *first = &csv->rows[i];
		if (!of_test(first, run, "sweep", NULL))
			continue;
		host = first->host;
		if (!starts_series(csv, i, run, "sweep", NULL))
			continue;
		size_t n = 0;
		for (size_t k = 0; k < csv->count; k++) {
			const struct np_bench_record *row = &csv->rows[k];
			if (of_test(row, run, "sweep", NULL) && same_series(row, first))
				points[n++] =
				    (struct point){(double)row->size_bytes,
						   (double)row->size_bytes / 1024, row->median};
		}
		qsort(points, n, sizeof(*points), compare_points);
		for (size_t k = 0; k < n; k++) {
			smallest = fmin(smallest, points[k].x);
			largest = fmax(largest, points[k].x);
		}
		np_sb_printf(&dat, "%s# CPU node %d, memory %s\n# KiB ns\n", series ? "\n\n" : "",
			     first->cpu_node, first->mem.text);
		for (size_t k = 0; k < n; k++) {
			np_sb_printf(&dat, "%.17g %.17g\n", points[k].x, points[k].y);
			cell(&tab, true, "%d", first->cpu_node);
			cell(&tab, false, "%s", first->mem.text);
			cell(&tab, false, "%.17g", points[k].x);
			cell(&tab, false, "%.1f", points[k].y);
			np_csv_end_row(&tab);
		}
		char title[160];
		snprintf(title, sizeof(title), "CPU %d > mem %s", first->cpu_node, first->mem.text);
		np_sb_printf(&plot, "%s'%s-sweep.dat' index %d using 1:2 with linespoints title ",
			     series ? ", \\\n     " : "plot ", base, series);
		np_gnuplot_string(&plot, title);
		series++;
	}
	free(points);
	int rc = 0;
	if (series) {
		char name[300];
		snprintf(name, sizeof(name), "%s-sweep", base);
		struct np_chart *chart =
		    new_chart(b, name, "Latency over working-set sizes, ns per load (median)");
		if (!chart) {
			rc = -1;
		} else {
			struct np_strbuf *gp = &chart->script;
			np_sb_puts(&chart->data, np_sb_str(&dat));
			np_sb_puts(&chart->table, np_sb_str(&tab));
			np_sb_puts(gp, "set xlabel 'working set, KiB (log scale)'\n"
				       "set ylabel 'latency, ns per load'\n"
				       "set logscale x 2\nset yrange [0:*]\nset grid\n");
			bool ours = host && b->request->host && !strcmp(host, b->request->host);
			for (size_t c = 0; ours && c < b->request->cache_count; c++) {
				const struct np_cache_level *cache = &b->request->caches[c];
				double kib = (double)cache->bytes / 1024;
				/* only the levels within the sizes measured */
				if (kib < smallest || kib > largest)
					continue;
				char size[32];
				if (cache->bytes % (1u << 20) == 0)
					snprintf(size, sizeof(size), "%zu MiB", cache->bytes >> 20);
				else
					snprintf(size, sizeof(size), "%zu KiB", cache->bytes >> 10);
				np_sb_printf(
				    gp,
				    "set arrow from %.17g, graph 0 to %.17g, graph 1 nohead "
				    "dashtype 2 lc rgb '#888888'\n"
				    "set label 'L%d %s' at %.17g, graph 0.97 left "
				    "offset 0.5,0 textcolor rgb '#555555'\n",
				    kib, kib, cache->level, size, kib);
			}
			np_sb_printf(gp, "%s\n", np_sb_str(&plot));
		}
	}
	np_sb_free(&dat);
	np_sb_free(&plot);
	np_sb_free(&tab);
	return rc;
}

static bool c2c_row(const struct np_bench_record *row, const char *run)
{
	return !strcmp(row->run_id, run) && !strcmp(row->test, "c2c") && row->mem.node >= 0 &&
	       row->peer_node >= 0;
}

/* Core to core: the median half round trip between a CPU of node a (rows)
 * and one of node b (columns). By default the line sits on a's node (one
 * chart); with --mem-nodes, one chart per node holding it. */
static int c2c_heatmaps(struct builder *b, const struct np_bench_csv *csv, const char *run,
			const char *base)
{
	bool on_a = true;
	int lines[64], nl = 0;
	for (size_t r = 0; r < csv->count; r++) {
		const struct np_bench_record *row = &csv->rows[r];
		if (!c2c_row(row, run))
			continue;
		on_a &= row->mem.node == row->cpu_node;
		if (index_of(lines, nl, row->mem.node) == nl && nl < 64)
			lines[nl++] = row->mem.node;
	}
	if (on_a && nl > 0)
		nl = 1; /* one chart: each row's line on its own a */
	struct grid *g = malloc(sizeof(*g));
	if (!g)
		return np_fail(b->err, "out of memory");
	for (int l = 0; l < nl; l++) {
		/* node a's down, node b's across, in the order first seen */
		grid_init(g);
		for (size_t r = 0; r < csv->count; r++) {
			const struct np_bench_record *row = &csv->rows[r];
			if (!c2c_row(row, run) || (!on_a && row->mem.node != lines[l]))
				continue;
			if (index_of(g->rows, g->row_count, row->cpu_node) == g->row_count &&
			    g->row_count < 64)
				g->rows[g->row_count++] = row->cpu_node;
			if (index_of(g->cols, g->col_count, row->peer_node) == g->col_count &&
			    g->col_count < 64)
				g->cols[g->col_count++] = row->peer_node;
		}
		char name[300], title[200];
		snprintf(name, sizeof(name), "%s-c2c-heatmap", base);
		if (!on_a && nl > 1)
			snprintf(name + strlen(name), sizeof(name) - strlen(name), "-line%d",
				 lines[l]);
		if (on_a)
			snprintf(title, sizeof(title),
				 "Core to core, ns (half the round trip; median over CPU pairs), "
				 "the line on a's node");
		else
			snprintf(title, sizeof(title),
				 "Core to core, ns (half the round trip; median over CPU pairs), "
				 "the line on node %d",
				 lines[l]);
		for (size_t r = 0; r < csv->count; r++) {
			const struct np_bench_record *row = &csv->rows[r];
			if (c2c_row(row, run) && (on_a || row->mem.node == lines[l]))
				grid_set(g, row->cpu_node, row->peer_node, row->median);
		}
		static const struct heatmap_look look = {"node of CPU b",
							 "node of CPU a",
							 "node b",
							 "node a",
							 "node of CPU a \\ node of CPU b",
							 "ns",
							 1,
							 true};
		if (heatmap_chart(b, name, title, g, &look) < 0) {
			free(g);
			return -1;
		}
	}
	free(g);
	return 0;
}

static int bench_charts(struct builder *b, const struct np_bench_csv *csv)
{
	struct np_run_selector latest = {NULL, NULL};
	const char *run = np_bench_csv_select(csv, &latest, b->err);
	if (!run)
		return -1;
	char base[256];
	base_name(csv->table.path, base, sizeof(base));
	if (heatmap(b, csv, run, base, "latency", "chase") < 0)
		return -1;
	const char *modes[] = {"read", "write", "ntwrite", "copy", "ntcopy", "triad"};
	for (size_t m = 0; m < 6; m++)
		if (heatmap(b, csv, run, base, "bandwidth", modes[m]) < 0)
			return -1;
	if (loaded_chart(b, csv, run, base) < 0 || sweep_chart(b, csv, run, base) < 0 ||
	    c2c_heatmaps(b, csv, run, base) < 0)
		return -1;
	return 0;
}

static int before_after(struct builder *b, const struct np_bench_csv *a,
			const struct np_bench_csv *after)
{
	struct np_run_selector latest = {NULL, NULL};
	const char *run_a = np_bench_csv_select(a, &latest, b->err);
	const char *run_b = run_a ? np_bench_csv_select(after, &latest, b->err) : NULL;
	if (!run_b)
		return -1;
	const char *tests[] = {"latency", "bandwidth"};
	for (int t = 0; t < 2; t++) {
		struct np_strbuf dat, tab;
		np_sb_init(&dat);
		np_sb_init(&tab);
		/* a comment: as a first row, gnuplot would draw it as an empty
		 * cluster and push the bars to the right */
		np_sb_puts(&dat, "# pair before after\n");
		np_sb_printf(&tab, "%s,\"before, %s\",\"after, %s\",\"change, %%\"\n",
			     t ? "\"mode, CPU node > memory node\"" : "CPU node > memory node",
			     t ? "MB/s" : "ns", t ? "MB/s" : "ns");
		int rows = 0;
		for (size_t i = 0; i < a->count; i++) {
			const struct np_bench_record *x = &a->rows[i];
			if (strcmp(x->run_id, run_a) || strcmp(x->test, tests[t]))
				continue;
			for (size_t j = 0; j < after->count; j++) {
				const struct np_bench_record *y = &after->rows[j];
				if (strcmp(y->run_id, run_b) || strcmp(y->test, tests[t]) ||
				    strcmp(y->mode, x->mode) || y->cpu_node != x->cpu_node ||
				    strcmp(y->mem.text, x->mem.text) != 0 ||
				    strcmp(y->policy, x->policy) != 0)
					continue;
				char label[96];
				snprintf(label, sizeof(label), "%.32s %d>%.24s", t ? x->mode : "",
					 x->cpu_node, x->mem.text);
				np_gnuplot_datum(&dat, label);
				np_sb_printf(&dat, " %.17g %.17g\n", x->median, y->median);
				cell(&tab, true, "%s", t ? label : label + 1);
				cell(&tab, false, t ? "%.0f" : "%.1f", x->median);
				cell(&tab, false, t ? "%.0f" : "%.1f", y->median);
				if (x->median != 0)
					cell(&tab, false, "%+.1f",
					     100 * (y->median - x->median) / x->median);
				else
					cell(&tab, false, "%s", "");
				np_csv_end_row(&tab);
				rows++;
			}
		}
		if (rows == 0) {
			np_sb_free(&dat);
			np_sb_free(&tab);
			continue;
		}
		char name[600], title[800], ba[256], bb[256];
		base_name(a->table.path, ba, sizeof(ba));
		base_name(after->table.path, bb, sizeof(bb));
		snprintf(name, sizeof(name), "%s-vs-%s-%s", ba, bb, tests[t]);
		snprintf(title, sizeof(title),
			 "%s (%s), before (%s) and after (%s); CPU node > memory node", tests[t],
			 t ? "MB/s" : "ns", ba, bb);
		struct np_chart *chart = new_chart(b, name, title);
		if (!chart) {
			np_sb_free(&dat);
			np_sb_free(&tab);
			return -1;
		}
		np_sb_free(&chart->data);
		chart->data = dat;
		chart->table = tab;
		np_sb_printf(
		    &chart->script,
		    "set style data histogram\nset style histogram cluster gap 1\nset style fill "
		    "solid border -1\n"
		    "set xlabel '%s'\nset ylabel '%s'\nset yrange [0:*]\nset xtics rotate by -30\n"
		    "plot '%s.dat' using 2:xtic(1) title 'before', '' using 3 title 'after'\n",
		    t ? "mode, CPU node > memory node" : "CPU node > memory node",
		    t ? "MB/s (median)" : "ns per load (median)", name);
	}
	return 0;
}

/* ---- stats: series over time ------------------------------------------------ */

/* A time series: one line per timestamp, one column per series. */
struct series {
	char names[64][280];
	int count;
	long long times[4096];
	double values[4096][64];
	bool present[4096][64];
	int points;
};

static void series_add(struct series *s, long long time, const char *name, double value)
{
	int col = 0;
	while (col < s->count && strcmp(s->names[col], name) != 0)
		col++;
	if (col == s->count) {
		if (s->count == 64)
			return;
		snprintf(s->names[s->count++], sizeof(s->names[0]), "%s", name);
	}
	int row = 0;
	while (row < s->points && s->times[row] != time)
		row++;
	if (row == s->points) {
		if (s->points == 4096)
			return;
		s->times[s->points++] = time;
	}
	s->values[row][col] += value;
	s->present[row][col] = true;
}

static int series_chart(struct builder *b, struct series *s, const char *name, const char *title,
			const char *ylabel, bool stacked)
{
	if (s->points == 0 || s->count == 0)
		return 0;
	/* Points in time order. */
	for (int i = 1; i < s->points; i++)
		for (int j = i; j > 0 && s->times[j - 1] > s->times[j]; j--) {
			long long t = s->times[j];
			s->times[j] = s->times[j - 1];
			s->times[j - 1] = t;
			for (int c = 0; c < s->count; c++) {
				double v = s->values[j][c];
				bool p = s->present[j][c];
				s->values[j][c] = s->values[j - 1][c];
				s->present[j][c] = s->present[j - 1][c];
				s->values[j - 1][c] = v;
				s->present[j - 1][c] = p;
			}
		}
	struct np_chart *chart = new_chart(b, name, title);
	if (!chart)
		return -1;
	struct np_strbuf *dat = &chart->data, *gp = &chart->script, *tab = &chart->table;
	chart->time_series = true;
	np_sb_puts(dat, "time");
	cell(tab, true, "time, UTC");
	for (int c = 0; c < s->count; c++) {
		np_sb_putc(dat, ' ');
		np_gnuplot_datum(dat, s->names[c]);
		cell(tab, false, "%s (%s)", s->names[c], ylabel);
	}
	np_sb_putc(dat, '\n');
	np_csv_end_row(tab);
	for (int r = 0; r < s->points; r++) {
		np_sb_printf(dat, "%lld", s->times[r]);
		time_t when = (time_t)s->times[r];
		struct tm utc;
		char stamp[32] = "";
		if (gmtime_r(&when, &utc))
			strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &utc);
		cell(tab, true, "%s", stamp);
		for (int c = 0; c < s->count; c++)
			if (s->present[r][c]) {
				np_sb_printf(dat, " %.6g", s->values[r][c]);
				cell(tab, false, "%.6g", s->values[r][c]);
			} else {
				np_sb_puts(dat, " NaN");
				cell(tab, false, "%s", "");
			}
		np_sb_putc(dat, '\n');
		np_csv_end_row(tab);
	}
	/* A tick is the date over the time (double quotes: gnuplot turns \n
	 * into a line break only there), with seconds when the samples span
	 * under ten minutes, where minutes alone would repeat; a right margin
	 * so that the last tick is not cut. */
	bool seconds = s->times[s->points - 1] - s->times[0] < 600;
	np_sb_printf(gp,
		     "set xdata time\nset timefmt '%%s'\nset format x \"%%m-%%d\\n%%H:%%M%s\"\n"
		     "set xlabel 'time, UTC'\nset rmargin 6\nset ylabel ",
		     seconds ? ":%S" : "");
	np_gnuplot_string(gp, ylabel);
	np_sb_puts(gp, "\nset key autotitle columnhead\n");
	/* One instant, or nothing but zeros, is an empty range to gnuplot
	 * (it warns and picks one): give it a minute either side, and 0-1. */
	if (s->times[0] == s->times[s->points - 1])
		np_sb_printf(gp, "set xrange ['%lld':'%lld']\n", s->times[0] - 60,
			     s->times[0] + 60);
	bool any = false;
	for (int r = 0; r < s->points; r++)
		for (int c = 0; c < s->count; c++)
			any |= s->present[r][c] && s->values[r][c] != 0;
	np_sb_puts(gp, any ? "set yrange [0:*]\n" : "set yrange [0:1]\n");
	/* An area needs two instants: one sample is drawn as a stacked bar
	 * a minute wide (the x range is two minutes then). */
	if (stacked && s->points == 1)
		np_sb_printf(gp,
			     "set boxwidth 60\nset style fill solid 1.0 border -1\n"
			     "plot for [i=%d:2:-1] '%s.dat' using 1:(sum [c=2:i] column(c)) with "
			     "boxes title columnhead(i)\n",
			     s->count + 1, name);
	else if (stacked)
		np_sb_printf(gp,
			     "plot for [i=%d:2:-1] '%s.dat' using 1:(sum [c=2:i] column(c)) with "
			     "filledcurves x1 title columnhead(i)\n",
			     s->count + 1, name);
	else
		np_sb_printf(
		    gp,
		    "plot for [i=2:%d] '%s.dat' using 1:i with linespoints title columnhead(i)\n",
		    s->count + 1, name);
	return 0;
}

/* The guests of the files, in the order they first appear (at most 32). */
static int guests_of(const struct np_stats_csv *files, size_t count, const char **names, int max)
{
	int n = 0;
	for (size_t f = 0; f < count; f++)
		for (size_t r = 0; r < files[f].count; r++) {
			const struct np_stats_record *row = &files[f].rows[r];
			if (strcmp(row->scope, "guest") != 0 || row->node < 0 ||
			    strncmp(row->metric, "mem_bytes_", 10) != 0)
				continue;
			bool known = false;
			for (int g = 0; g < n; g++)
				known |= strcmp(names[g], row->entity) == 0;
			if (!known && n < max)
				names[n++] = row->entity;
		}
	return n;
}

/* What a chart of stats rows shows: per row, whether it belongs and the
 * name of its series; `guest` is the guest of a per-guest chart. */
enum stats_view { VIEW_RATES, VIEW_USED, VIEW_TIERING, VIEW_REFAULTS, VIEW_GUEST };

/* Whether `metric` is "vmstat_<prefix>..._per_s"; *event gets the part
 * after "vmstat_". */
static bool vmstat_rate(const char *metric, const char *prefix, const char **event)
{
	size_t len = strlen(metric);
	if (strncmp(metric, "vmstat_", 7) != 0 ||
	    strncmp(metric + 7, prefix, strlen(prefix)) != 0 || len < 7 + 6 ||
	    strcmp(metric + len - 6, "_per_s") != 0)
		return false;
	*event = metric + 7;
	return true;
}

static bool series_of(const struct np_stats_record *row, enum stats_view view, const char *guest,
		      char *label, size_t size, double *value)
{
	if (view == VIEW_RATES && strcmp(row->scope, "node") == 0 && row->node >= 0 &&
	    (strcmp(row->metric, "numa_miss_per_s") == 0 ||
	     strcmp(row->metric, "other_node_per_s") == 0)) {
		snprintf(label, size, "node%d %s", row->node, row->metric);
		*value = row->value;
		return true;
	}
	if (view == VIEW_USED && strcmp(row->scope, "node") == 0 && row->node >= 0 &&
	    strcmp(row->metric, "mem_used_bytes") == 0) {
		snprintf(label, size, "node%d", row->node);
		*value = row->value / (1 << 20);
		return true;
	}
	const char *event;
	if ((view == VIEW_TIERING || view == VIEW_REFAULTS) && strcmp(row->scope, "node") == 0 &&
	    row->node >= 0 &&
	    (view == VIEW_TIERING ? vmstat_rate(row->metric, "pgpromote_", &event) ||
					vmstat_rate(row->metric, "pgdemote_", &event)
				  : vmstat_rate(row->metric, "workingset_refault_", &event))) {
		/* the event's name without _per_s */
		snprintf(label, size, "node%d %.*s", row->node, (int)(strlen(event) - 6), event);
		*value = row->value;
		return true;
	}
	if (view == VIEW_GUEST && strcmp(row->scope, "guest") == 0 && row->node >= 0 &&
	    strncmp(row->metric, "mem_bytes_", 10) == 0 && strcmp(row->entity, guest) == 0) {
		snprintf(label, size, "node%d", row->node);
		*value = row->value / (1 << 20);
		return true;
	}
	return false;
}

static int stats_charts(struct builder *b, const struct np_stats_csv *files, size_t count,
			const char *base)
{
	struct series *s = calloc(1, sizeof(*s));
	if (!s)
		return np_fail(b->err, "out of memory");
	const char *guests[32];
	int guest_count = guests_of(files, count, guests, 32);
	int rc = 0;
	static const enum stats_view views[] = {VIEW_RATES, VIEW_USED, VIEW_TIERING, VIEW_REFAULTS};
	int fixed = (int)(sizeof(views) / sizeof(views[0]));
	for (int pass = 0; rc == 0 && pass < fixed + guest_count; pass++) {
		enum stats_view view = pass < fixed ? views[pass] : VIEW_GUEST;
		const char *guest = pass >= fixed ? guests[pass - fixed] : NULL;
		memset(s, 0, sizeof(*s));
		for (size_t f = 0; f < count; f++)
			for (size_t r = 0; r < files[f].count; r++) {
				char label[280];
				double value;
				if (series_of(&files[f].rows[r], view, guest, label, sizeof(label),
					      &value))
					series_add(s, files[f].rows[r].time, label, value);
			}
		char name[600], title[400];
		if (view == VIEW_RATES) {
			snprintf(name, sizeof(name), "%s-numa-miss", base);
			rc = series_chart(b, s, name,
					  "numa_miss and other_node per second, per node",
					  "allocations per second", false);
		} else if (view == VIEW_USED) {
			snprintf(name, sizeof(name), "%s-memory-used", base);
			rc = series_chart(b, s, name, "Memory used per node", "memory used, MiB",
					  false);
		} else if (view == VIEW_TIERING) {
			snprintf(name, sizeof(name), "%s-tiering", base);
			rc = series_chart(
			    b, s, name, "Pages promoted to and demoted from each node, per second",
			    "pages per second", false);
		} else if (view == VIEW_REFAULTS) {
			snprintf(name, sizeof(name), "%s-refaults", base);
			rc =
			    series_chart(b, s, name,
					 "Working-set refaults per node, per second (pages evicted "
					 "too early)",
					 "pages per second", false);
		} else {
			char safe[80];
			file_name_part(guest, safe, sizeof(safe));
			snprintf(name, sizeof(name), "%s-guest-%s-memory", base, safe);
			snprintf(title, sizeof(title), "Guest %s: memory per host node (stacked)",
				 guest);
			rc = series_chart(b, s, name, title, "memory, MiB", true);
		}
	}
	free(s);
	return rc;
}

/* ---- placement: with against without ---------------------------------------- */

static int placement_charts(struct builder *b, const struct np_csv_table *t)
{
	static const char *const names[] = {"guest",	      "variant",	  "cell",
					    "local_fraction", "expected_latency", "latency_unit"};
	int col[6];
	if (np_csv_require(t, names, col, 6, b->err) < 0)
		return -1;
	char base[256];
	base_name(t->path, base, sizeof(base));
	for (int which = 0; which < 2; which++) {
		struct np_strbuf dat, tab;
		np_sb_init(&dat);
		np_sb_init(&tab);
		/* a comment: as a first row, gnuplot would draw it as an empty
		 * cluster and push the bars to the right */
		np_sb_puts(&dat, "# cell with without\n");
		const char *unit = "";
		int rc = 0;
		cell(&tab, true, "cell");
		cell(&tab, false,
		     which ? "expected latency, with cells" : "local fraction, with cells");
		cell(&tab, false, which ? "expected latency, without" : "local fraction, without");
		np_csv_end_row(&tab);
		for (size_t r = 0; rc == 0 && r < t->row_count; r++) {
			char **row = t->rows[r];
			if (strcmp(row[col[1]], "with") != 0)
				continue;
			unit = row[col[5]];
			double with = NAN, without = NAN;
			for (size_t q = 0; rc == 0 && q < t->row_count; q++)
				if (strcmp(t->rows[q][col[1]], "without") == 0 &&
				    strcmp(t->rows[q][col[0]], row[col[0]]) == 0 &&
				    strcmp(t->rows[q][col[2]], "0") == 0 &&
				    t->rows[q][col[3 + which]][0])
					rc = np_csv_number(t, q, col[3 + which], -DBL_MAX, DBL_MAX,
							   &without, b->err);
			if (rc == 0 && row[col[3 + which]][0])
				rc = np_csv_number(t, r, col[3 + which], -DBL_MAX, DBL_MAX, &with,
						   b->err);
			char label[320];
			snprintf(label, sizeof(label), "%.256s cell %.16s", row[col[0]],
				 row[col[2]]);
			np_gnuplot_datum(&dat, label);
			np_sb_printf(&dat, " %.17g %.17g\n", with, without);
			cell(&tab, true, "%s", label);
			cell(&tab, false, "%.4g", with);
			cell(&tab, false, "%.4g", without);
			np_csv_end_row(&tab);
		}
		char name[300];
		snprintf(name, sizeof(name), "%s-%s", base,
			 which ? "expected-latency" : "local-fraction");
		struct np_chart *chart =
		    rc < 0 ? NULL
			   : new_chart(b, name,
				       which ? "Expected latency per guest cell: with the cells "
					       "against without"
					     : "Local fraction per guest cell: with the cells "
					       "against without");
		if (!chart) {
			np_sb_free(&dat);
			np_sb_free(&tab);
			return -1;
		}
		np_sb_free(&chart->data);
		chart->data = dat;
		chart->table = tab;
		char ylabel[128];
		snprintf(ylabel, sizeof(ylabel), "%s%.32s",
			 which ? "expected latency, " : "local fraction", which ? unit : "");
		np_sb_puts(&chart->script,
			   "set style data histogram\nset style histogram cluster gap 1\nset "
			   "style fill solid border -1\nset xtics rotate by -20 left\nset ylabel ");
		np_gnuplot_string(&chart->script, ylabel);
		np_sb_printf(&chart->script,
			     "\nset yrange [0:%s]\n"
			     "plot '%s.dat' using 2:xtic(1) title 'with cells', '' using 3 title "
			     "'without (one cell)'\n",
			     which ? "*" : "1", name);
	}
	return 0;
}

/* ---- fit: what each guest takes of each node, against the room ----------------- */

/* The node id of a fit CSV column "node<ID><suffix>", or -1. */
static int fit_node_of(const char *column, const char *suffix)
{
	size_t len = strlen(column), tail = strlen(suffix);
	if (strncmp(column, "node", 4) != 0 || len <= 4 + tail ||
	    strcmp(column + len - tail, suffix) != 0)
		return -1;
	char digits[16];
	size_t n = len - 4 - tail;
	if (n >= sizeof(digits))
		return -1;
	memcpy(digits, column + 4, n);
	digits[n] = '\0';
	int id;
	return np_parse_index(digits, NP_MAX_NODES - 1, &id, NULL) == 0 ? id : -1;
}

/* Two charts of a fit CSV (report fit --format csv): per host node, the
 * memory and the vCPU places each guest that fits takes, stacked, inside
 * an outline of the room there before the first guest. */
static int fit_charts(struct builder *b, const struct np_csv_table *t)
{
	static const char *const names[] = {"guest", "fits"};
	int col[2];
	if (np_csv_require(t, names, col, 2, b->err) < 0)
		return -1;
	int ids[64], taken_col[2][64], room_col[2][64], nn = 0;
	static const char *const taken_suffix[] = {"_memory_bytes", "_vcpus"};
	static const char *const room_suffix[] = {"_room_memory_bytes", "_room_vcpus"};
	for (size_t c = 0; c < t->column_count && nn < 64; c++) {
		int id = fit_node_of(t->columns[c], "_memory_bytes");
		if (id < 0 || fit_node_of(t->columns[c], "_room_memory_bytes") >= 0)
			continue;
		ids[nn] = id;
		for (int w = 0; w < 2; w++) {
			char name[64];
			snprintf(name, sizeof(name), "node%d%s", id, taken_suffix[w]);
			taken_col[w][nn] = np_csv_column(t, name);
			snprintf(name, sizeof(name), "node%d%s", id, room_suffix[w]);
			room_col[w][nn] = np_csv_column(t, name);
			if (taken_col[w][nn] < 0 || room_col[w][nn] < 0)
				return np_fail(b->err, "%s: column %s missing beside %s", t->path,
					       name, t->columns[c]);
		}
		nn++;
	}
	if (nn == 0 || t->row_count == 0)
		return 0; /* no node columns (an older fit CSV) or no guest: nothing to draw */
	char base[256];
	base_name(t->path, base, sizeof(base));
	for (int w = 0; w < 2; w++) {
		bool memory = w == 0;
		double scale = memory ? 1.0 / (1ull << 30) : 1;
		char name[300];
		snprintf(name, sizeof(name), "%s-fit-%s", base, memory ? "memory" : "vcpus");
		struct np_chart *chart = new_chart(
		    b, name,
		    memory
			? "Fit: memory each guest takes per host node (stacked), in the room there"
			: "Fit: vCPU places each guest takes per host node (stacked), in the room "
			  "there");
		if (!chart)
			return -1;
		struct np_strbuf *dat = &chart->data, *tab = &chart->table;
		/* the header names the columns (gnuplot's columnhead); a guest
		 * that does not fit takes nothing and is left out */
		np_sb_puts(dat, "position node room");
		cell(tab, true, "host node");
		cell(tab, false, memory ? "room, GiB" : "room, vCPU places");
		int guests = 0;
		for (size_t r = 0; r < t->row_count; r++) {
			if (strcmp(t->rows[r][col[1]], "yes") != 0)
				continue;
			/* numbered in the order placed: two guests may share a name */
			char label[320];
			snprintf(label, sizeof(label), "%zu %.280s", r + 1, t->rows[r][col[0]]);
			np_sb_putc(dat, ' ');
			np_gnuplot_datum(dat, label);
			cell(tab, false, "%s", label);
			guests++;
		}
		np_sb_putc(dat, '\n');
		np_csv_end_row(tab);
		double highest = 1;
		for (int n = 0; n < nn; n++) {
			double room;
			if (np_csv_number(t, 0, room_col[w][n], 0, DBL_MAX, &room, b->err) < 0)
				return -1;
			highest = fmax(highest, room * scale);
			np_sb_printf(dat, "%d %d %.17g", n, ids[n], room * scale);
			cell(tab, true, "%d", ids[n]);
			cell(tab, false, memory ? "%.2f" : "%.0f", room * scale);
			for (size_t r = 0; r < t->row_count; r++) {
				if (strcmp(t->rows[r][col[1]], "yes") != 0)
					continue;
				double v;
				if (np_csv_number(t, r, taken_col[w][n], 0, DBL_MAX, &v, b->err) <
				    0)
					return -1;
				np_sb_printf(dat, " %.17g", v * scale);
				cell(tab, false, memory ? "%.2f" : "%.0f", v * scale);
			}
			np_sb_putc(dat, '\n');
			np_csv_end_row(tab);
		}
		struct np_strbuf *gp = &chart->script;
		np_sb_printf(gp,
			     "set xlabel 'host node'\nset ylabel '%s'\nset yrange [0:*]\n"
			     "set xrange [-0.6:%d.6]\nset boxwidth 0.6\nset grid ytics\n"
			     "set key autotitle columnhead\nset xtics (",
			     memory ? "memory, GiB" : "vCPU places", nn - 1);
		for (int n = 0; n < nn; n++)
			np_sb_printf(gp, "%s'%d' %d", n ? ", " : "", ids[n], n);
		np_sb_puts(gp, ")\nset style fill solid 1.0 border -1\n");
		/* vCPU places are whole: about eight whole steps up the axis */
		if (!memory)
			np_sb_printf(gp, "set ytics %.0f\n", ceil(highest / 8));
		np_sb_puts(gp, "plot ");
		/* the room first, an outline; then each guest as a box from the
		 * top of the ones before it to its own top, in the order placed
		 * (none where it takes nothing) */
		np_sb_printf(gp,
			     "'%s.dat' using 1:3 with boxes fill empty lc rgb 'black' lw 2 "
			     "title 'room before the guests'",
			     name);
		if (guests)
			np_sb_printf(
			    gp,
			    ", \\\n     for [i=4:%d] '%s.dat' using 1:(column(i) > 0 ? "
			    "(sum [c=4:i] column(c)) - column(i) / 2.0 : NaN):(0.3):(column(i) "
			    "/ 2.0) with boxxyerror title columnhead(i)",
			    guests + 3, name);
		np_sb_putc(gp, '\n');
	}
	return 0;
}

/* ---- building and writing ------------------------------------------------------ */

int np_chart_build(struct np_csv_table *tables, size_t count,
		   const struct np_chart_request *request, struct np_chart_set *set,
		   struct np_error *err)
{
	memset(set, 0, sizeof(*set));
	set->format = request->format->name;
	struct builder b = {request, set, err};
	struct np_bench_csv *bench = calloc(count + 1, sizeof(*bench));
	struct np_stats_csv *stats = calloc(count + 1, sizeof(*stats));
	size_t bench_count = 0, stats_count = 0;
	int rc = bench && stats ? 0 : np_fail(err, "out of memory");
	char stats_base[256] = "stats";
	for (size_t i = 0; rc == 0 && i < count; i++) {
		enum np_csv_kind kind = np_csv_kind_of(&tables[i]);
		if (kind == NP_CSV_BENCH) {
			b.kind = NP_CHART_BENCH;
			rc = np_bench_csv_from_table(&tables[i], &bench[bench_count], err);
			if (rc == 0)
				rc = bench_charts(&b, &bench[bench_count++]);
		} else if (kind == NP_CSV_PLACEMENT) {
			b.kind = NP_CHART_PLACEMENT;
			rc = placement_charts(&b, &tables[i]);
		} else if (kind == NP_CSV_FIT) {
			b.kind = NP_CHART_PLACEMENT;
			rc = fit_charts(&b, &tables[i]);
		} else if (kind == NP_CSV_STATS) {
			if (stats_count == 0)
				base_name(tables[i].path, stats_base, sizeof(stats_base));
			rc = np_stats_csv_from_table(&tables[i], &stats[stats_count++], err);
		} else {
			rc = np_fail(err,
				     "%s: %s%s: report chart draws bench, stats, placement and fit "
				     "CSVs (test/median, scope/metric, variant or fits columns)",
				     tables[i].path, kind == NP_CSV_TOPO ? "a " : "",
				     kind == NP_CSV_TOPO ? "topo CSV has no chart"
							 : "not a numaprobe CSV");
		}
	}
	b.kind = NP_CHART_COMPARE;
	if (rc == 0 && bench_count == 2)
		rc = before_after(&b, &bench[0], &bench[1]);
	b.kind = NP_CHART_STATS;
	if (rc == 0 && stats_count)
		rc = stats_charts(&b, stats, stats_count, stats_count == 1 ? stats_base : "stats");
	for (size_t i = 0; i < count; i++)
		np_csv_table_free(&tables[i]);
	for (size_t i = 0; bench && i < bench_count; i++)
		np_bench_csv_free(&bench[i]);
	for (size_t i = 0; stats && i < stats_count; i++)
		np_stats_csv_free(&stats[i]);
	free(bench);
	free(stats);
	if (rc < 0)
		np_chart_set_free(set);
	return rc;
}

void np_chart_set_free(struct np_chart_set *set)
{
	for (size_t i = 0; i < set->count; i++) {
		np_sb_free(&set->charts[i].script);
		np_sb_free(&set->charts[i].data);
		np_sb_free(&set->charts[i].table);
	}
	free(set->charts);
	set->charts = NULL;
	set->count = 0;
}

static int write_file(const char *dir, const char *name, const char *extension,
		      const struct np_strbuf *text, struct np_error *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s.%s", dir, name, extension);
	FILE *f = fopen(path, "w");
	if (!f)
		return np_fail(err, "%s: cannot create: %s", path, strerror(errno));
	size_t wrote = fwrite(np_sb_str(text), 1, text->len, f);
	if (fclose(f) != 0 || wrote != text->len)
		return np_fail(err, "%s: cannot write: %s", path, strerror(errno));
	return 0;
}

/* Runs `gnuplot NAME.gp` in dir; 1 when gnuplot is not installed. */
static int run_gnuplot(const char *dir, const char *name, struct np_error *err)
{
	pid_t pid = fork();
	if (pid < 0)
		return np_fail(err, "cannot start gnuplot: %s", strerror(errno));
	if (pid == 0) {
		if (chdir(dir) != 0)
			_exit(126);
		char script[PATH_MAX];
		snprintf(script, sizeof(script), "%s.gp", name);
		execlp("gnuplot", "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return np_fail(err, "waiting for gnuplot: %s", strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return 1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return np_fail(err, "gnuplot failed on %s/%s.gp (its messages are above)", dir,
			       name);
	return 0;
}

int np_chart_write(const struct np_chart_set *set, const char *dir, struct np_strbuf *produced,
		   bool *gnuplot_missing, struct np_error *err)
{
	*gnuplot_missing = false;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return np_fail(err, "%s: cannot create: %s", dir, strerror(errno));
	for (size_t i = 0; i < set->count; i++) {
		const struct np_chart *chart = &set->charts[i];
		if (write_file(dir, chart->name, "dat", &chart->data, err) < 0 ||
		    write_file(dir, chart->name, "gp", &chart->script, err) < 0)
			return -1;
		if (*gnuplot_missing)
			continue;
		int rc = run_gnuplot(dir, chart->name, err);
		if (rc < 0)
			return -1;
		*gnuplot_missing = rc == 1;
		if (rc == 0)
			np_sb_printf(produced, "%s/%s.%s\n", dir, chart->name, set->format);
	}
	return 0;
}
