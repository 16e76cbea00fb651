/* chart.c: gnuplot charts of numaprobe's CSVs; see chart.h. */
#include "chart.h"

#include <errno.h>
#include <float.h>
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

#include "../cli/cli.h"
#include "../lib/bounds.h"
#include "../lib/csvread.h"
#include "../lib/strbuf.h"
#include "compare.h"
#include "gnuplot_text.h"

struct chart_run {
	const char *dir;
	const char *format;
	int width, height;
	int written;
	bool gnuplot_missing;
	char produced[8192]; /* one image path a line */
	struct np_error *err;
};

static int write_file(struct chart_run *run, const char *name, const struct np_strbuf *text)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", run->dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		return np_fail(run->err, "%s: cannot create: %s", path, strerror(errno));
	size_t wrote = fwrite(np_sb_str(text), 1, text->len, f);
	if (fclose(f) != 0 || wrote != text->len)
		return np_fail(run->err, "%s: cannot write: %s", path, strerror(errno));
	return 0;
}

/* Runs `gnuplot NAME.gp` in the output directory. */
static int run_gnuplot(struct chart_run *run, const char *name)
{
	if (run->gnuplot_missing)
		return 0;
	pid_t pid = fork();
	if (pid < 0)
		return np_fail(run->err, "cannot start gnuplot: %s", strerror(errno));
	if (pid == 0) {
		if (chdir(run->dir) != 0)
			_exit(126);
		char script[PATH_MAX];
		snprintf(script, sizeof(script), "%s.gp", name);
		execlp("gnuplot", "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return np_fail(run->err, "waiting for gnuplot: %s", strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		run->gnuplot_missing = true;
		return 0;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return np_fail(run->err, "gnuplot failed on %s/%s.gp (its messages are above)",
			       run->dir, name);
	size_t used = strlen(run->produced);
	snprintf(run->produced + used, sizeof(run->produced) - used, "%s/%s.%s\n", run->dir, name,
		 run->format);
	run->written++;
	return 0;
}

/* The script header every chart shares: terminal, size, output, title. */
static void script_head(struct chart_run *run, struct np_strbuf *gp, const char *name,
			const char *title)
{
	np_sb_printf(gp,
		     "# %s.gp: written by numaprobe report chart; edit and run 'gnuplot %s.gp'\n",
		     name, name);
	if (strcmp(run->format, "svg") == 0)
		np_sb_printf(gp, "set terminal svg size %d,%d fixed background rgb 'white'\n",
			     run->width, run->height);
	else
		np_sb_printf(gp, "set terminal pngcairo size %d,%d\n", run->width, run->height);
	/* name is made of [A-Za-z0-9_-] (see base_name); the title may hold
	 * text from the inputs, so it goes through np_gnuplot_string. */
	np_sb_printf(gp, "set termoption noenhanced\nset encoding utf8\nset output '%s.%s'\n", name,
		     run->format);
	np_sb_puts(gp, "set title ");
	np_gnuplot_string(gp, title);
	np_sb_puts(gp, " noenhanced\nset key outside right\n");
}

static int finish_chart(struct chart_run *run, const char *name, struct np_strbuf *dat,
			struct np_strbuf *gp)
{
	char file[PATH_MAX];
	snprintf(file, sizeof(file), "%s.dat", name);
	int rc = write_file(run, file, dat);
	snprintf(file, sizeof(file), "%s.gp", name);
	if (rc == 0)
		rc = write_file(run, file, gp);
	if (rc == 0)
		rc = run_gnuplot(run, name);
	np_sb_free(dat); /* the chart owns them from here */
	np_sb_free(gp);
	return rc;
}

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

/* Column indexes of a bench CSV, and its latest run id. */
struct bench_cols {
	int test, mode, cpu, mem, median, ts, run;
	const char *latest;
};

static int bench_columns(const struct np_csv_table *t, struct bench_cols *c, struct np_error *err)
{
	static const char *const names[] = {"test",   "mode",	   "cpu_node", "mem_node",
					    "median", "timestamp", "run_id"};
	int col[7];
	if (np_csv_require(t, names, col, 7, err) < 0)
		return -1;
	*c = (struct bench_cols){col[0], col[1], col[2], col[3], col[4], col[5], col[6], NULL};
	const char *latest_ts = NULL;
	for (size_t r = 0; r < t->row_count; r++)
		if (!latest_ts || strcmp(t->rows[r][c->ts], latest_ts) > 0) {
			latest_ts = t->rows[r][c->ts];
			c->latest = t->rows[r][c->run];
		}
	return 0;
}

/* Node ids seen in a column for the rows of (test, mode) in the run;
 * returns their count, or -1 for a field that is not a node id. */
static int distinct_nodes(const struct np_csv_table *t, const struct bench_cols *c, int column,
			  const char *test, const char *mode, int *ids, int max,
			  struct np_error *err)
{
	int n = 0;
	for (size_t r = 0; r < t->row_count; r++) {
		char **row = t->rows[r];
		if (strcmp(row[c->run], c->latest) || strcmp(row[c->test], test) ||
		    strcmp(row[c->mode], mode))
			continue;
		int id;
		if (np_csv_index(t, r, column, NP_MAX_NODES - 1, &id, err) < 0)
			return -1;
		bool seen = false;
		for (int i = 0; i < n; i++)
			seen |= ids[i] == id;
		if (!seen && n < max)
			ids[n++] = id;
	}
	for (int i = 1; i < n; i++) /* ascending */
		for (int j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
			int tmp = ids[j];
			ids[j] = ids[j - 1];
			ids[j - 1] = tmp;
		}
	return n;
}

static int heatmap(struct chart_run *run, const struct np_csv_table *t, const struct bench_cols *c,
		   const char *base, const char *test, const char *mode)
{
	int cpus[64], mems[64];
	int nc = distinct_nodes(t, c, c->cpu, test, mode, cpus, 64, run->err);
	int nm = nc < 0 ? -1 : distinct_nodes(t, c, c->mem, test, mode, mems, 64, run->err);
	if (nc < 0 || nm < 0)
		return -1;
	if (nc == 0 || nm == 0)
		return 0;
	struct np_strbuf dat, gp;
	np_sb_init(&dat);
	np_sb_init(&gp);
	np_sb_puts(&dat, "# x(memory node position) y(CPU node position) median\n");
	for (size_t r = 0; r < t->row_count; r++) {
		char **row = t->rows[r];
		if (strcmp(row[c->run], c->latest) || strcmp(row[c->test], test) ||
		    strcmp(row[c->mode], mode))
			continue;
		int x = 0, y = 0, mem, cpu;
		double median;
		if (np_csv_index(t, r, c->mem, NP_MAX_NODES - 1, &mem, run->err) < 0 ||
		    np_csv_index(t, r, c->cpu, NP_MAX_NODES - 1, &cpu, run->err) < 0 ||
		    np_csv_number(t, r, c->median, -DBL_MAX, DBL_MAX, &median, run->err) < 0) {
			np_sb_free(&dat);
			np_sb_free(&gp);
			return -1;
		}
		while (x < nm && mems[x] != mem)
			x++;
		while (y < nc && cpus[y] != cpu)
			y++;
		if (x < nm && y < nc) /* past the 64 nodes a heatmap shows */
			np_sb_printf(&dat, "%d %d %.17g\n", x, y, median);
	}
	char name[300], title[200];
	bool latency = strcmp(test, "latency") == 0;
	snprintf(name, sizeof(name), "%s-%s-heatmap%s%s", base, test, latency ? "" : "-",
		 latency ? "" : mode);
	snprintf(title, sizeof(title),
		 latency ? "Latency, ns per load (median)" : "Bandwidth %s, MB/s (median)", mode);
	script_head(run, &gp, name, title);
	np_sb_puts(&gp, "set xlabel 'memory node'\nset ylabel 'CPU node'\nunset key\nset xtics (");
	for (int i = 0; i < nm; i++)
		np_sb_printf(&gp, "%s'%d' %d", i ? ", " : "", mems[i], i);
	np_sb_puts(&gp, ")\nset ytics (");
	for (int i = 0; i < nc; i++)
		np_sb_printf(&gp, "%s'%d' %d", i ? ", " : "", cpus[i], i);
	np_sb_printf(&gp, ")\nset xrange [-0.5:%d.5]\nset yrange [-0.5:%d.5] reverse\n", nm - 1,
		     nc - 1);
	np_sb_printf(&gp, "set palette defined (0 '%s', 1 '#ffffbf', 2 '%s')\n",
		     latency ? "#1a9641" : "#d7191c", latency ? "#d7191c" : "#1a9641");
	/* Boxes rather than `with image`, which needs at least a 2x2 grid
	 * (a single CPU node is a 1xN matrix). */
	np_sb_printf(&gp,
		     "set style fill solid 1.0 noborder\n"
		     "plot '%s.dat' using 1:2:(0.5):(0.5):3 with boxxy lc palette, '' using "
		     "1:2:(sprintf('%s', $3)) with labels\n",
		     name, latency ? "%.1f" : "%.0f");
	return finish_chart(run, name, &dat, &gp);
}

static int bench_charts(struct chart_run *run, const struct np_csv_table *t, const char *path)
{
	struct bench_cols c;
	if (bench_columns(t, &c, run->err) < 0)
		return -1;
	char base[256];
	base_name(path, base, sizeof(base));
	if (heatmap(run, t, &c, base, "latency", "chase") < 0)
		return -1;
	const char *modes[] = {"read", "write", "ntwrite", "copy", "ntcopy", "triad"};
	for (size_t m = 0; m < 6; m++)
		if (heatmap(run, t, &c, base, "bandwidth", modes[m]) < 0)
			return -1;
	return 0;
}

static int before_after(struct chart_run *run, const struct np_csv_table *a, const char *pa,
			const struct np_csv_table *b, const char *pb)
{
	struct bench_cols ca, cb;
	if (bench_columns(a, &ca, run->err) < 0 || bench_columns(b, &cb, run->err) < 0)
		return -1;
	const char *tests[] = {"latency", "bandwidth"};
	for (int t = 0; t < 2; t++) {
		struct np_strbuf dat, gp;
		np_sb_init(&dat);
		np_sb_init(&gp);
		np_sb_puts(&dat, "pair before after\n");
		int rows = 0;
		for (size_t ra = 0; ra < a->row_count; ra++) {
			char **x = a->rows[ra];
			if (strcmp(x[ca.run], ca.latest) || strcmp(x[ca.test], tests[t]))
				continue;
			for (size_t rb = 0; rb < b->row_count; rb++) {
				char **y = b->rows[rb];
				if (strcmp(y[cb.run], cb.latest) || strcmp(y[cb.test], tests[t]) ||
				    strcmp(y[cb.mode], x[ca.mode]) ||
				    strcmp(y[cb.cpu], x[ca.cpu]) || strcmp(y[cb.mem], x[ca.mem]))
					continue;
				double before, after;
				char label[96];
				if (np_csv_number(a, ra, ca.median, -DBL_MAX, DBL_MAX, &before,
						  run->err) < 0 ||
				    np_csv_number(b, rb, cb.median, -DBL_MAX, DBL_MAX, &after,
						  run->err) < 0) {
					np_sb_free(&dat);
					np_sb_free(&gp);
					return -1;
				}
				snprintf(label, sizeof(label), "%.32s %.16s>%.16s",
					 t ? x[ca.mode] : "", x[ca.cpu], x[ca.mem]);
				np_gnuplot_datum(&dat, label);
				np_sb_printf(&dat, " %.17g %.17g\n", before, after);
				rows++;
			}
		}
		if (rows == 0) {
			np_sb_free(&dat);
			np_sb_free(&gp);
			continue;
		}
		char name[600], title[800], ba[256], bb[256];
		base_name(pa, ba, sizeof(ba));
		base_name(pb, bb, sizeof(bb));
		snprintf(name, sizeof(name), "%s-vs-%s-%s", ba, bb, tests[t]);
		snprintf(title, sizeof(title),
			 "%s (%s), before (%s) and after (%s); CPU node > memory node", tests[t],
			 t ? "MB/s" : "ns", ba, bb);
		script_head(run, &gp, name, title);
		np_sb_printf(
		    &gp,
		    "set style data histogram\nset style histogram cluster gap 1\nset style fill "
		    "solid border -1\n"
		    "set ylabel '%s'\nset yrange [0:*]\nset xtics rotate by -30\n"
		    "plot '%s.dat' using 2:xtic(1) title 'before', '' using 3 title 'after'\n",
		    t ? "MB/s (median)" : "ns per load (median)", name);
		int rc = finish_chart(run, name, &dat, &gp);
		np_sb_free(&dat);
		np_sb_free(&gp);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* A row's timestamp (ISO 8601 UTC, as numaprobe writes it) in seconds
 * since the epoch; -1 with a message naming the file, line and text. */
static long long epoch_of(const struct np_csv_table *t, size_t row, int column,
			  struct np_error *err)
{
	const char *iso = t->rows[row][column];
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	const char *end = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end || (*end != '\0' && *end != '.' && *end != 'Z')) {
		np_fail(err,
			"%s line %d, column timestamp: '%.40s' is not a time such as "
			"2026-11-26T09:30:00.123Z",
			t->path, t->row_lines[row], iso);
		return -1;
	}
	return (long long)timegm(&tm);
}

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

static int series_chart(struct chart_run *run, struct series *s, const char *name,
			const char *title, const char *ylabel, bool stacked)
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
	struct np_strbuf dat, gp;
	np_sb_init(&dat);
	np_sb_init(&gp);
	np_sb_puts(&dat, "time");
	for (int c = 0; c < s->count; c++) {
		np_sb_putc(&dat, ' ');
		np_gnuplot_datum(&dat, s->names[c]);
	}
	np_sb_putc(&dat, '\n');
	for (int r = 0; r < s->points; r++) {
		np_sb_printf(&dat, "%lld", s->times[r]);
		for (int c = 0; c < s->count; c++)
			if (s->present[r][c])
				np_sb_printf(&dat, " %.6g", s->values[r][c]);
			else
				np_sb_puts(&dat, " NaN");
		np_sb_putc(&dat, '\n');
	}
	script_head(run, &gp, name, title);
	np_sb_puts(&gp,
		   "set xdata time\nset timefmt '%s'\nset format x '%m-%d\\n%H:%M'\nset ylabel ");
	np_gnuplot_string(&gp, ylabel);
	np_sb_puts(&gp, "\nset key autotitle columnhead\nset yrange [0:*]\n");
	if (stacked)
		np_sb_printf(&gp,
			     "plot for [i=%d:2:-1] '%s.dat' using 1:(sum [c=2:i] column(c)) with "
			     "filledcurves x1 title columnhead(i)\n",
			     s->count + 1, name);
	else
		np_sb_printf(
		    &gp,
		    "plot for [i=2:%d] '%s.dat' using 1:i with linespoints title columnhead(i)\n",
		    s->count + 1, name);
	int rc = finish_chart(run, name, &dat, &gp);
	np_sb_free(&dat);
	np_sb_free(&gp);
	return rc;
}

static int stats_charts(struct chart_run *run, struct np_csv_table *const *tables, int count,
			const char *base)
{
	static const char *const names[] = {"timestamp", "scope",  "entity",
					    "node",	 "metric", "value"};
	struct series *s = calloc(1, sizeof(*s));
	if (!s)
		return np_fail(run->err, "out of memory");
	int rc = 0;
	/* pass 0: miss/other rates; 1: memory used; 2..: per guest */
	char guests[32][256];
	int guest_count = 0;
	for (int pass = 0; rc == 0 && pass < 2 + guest_count; pass++) {
		memset(s, 0, sizeof(*s));
		for (int f = 0; rc == 0 && f < count; f++) {
			const struct np_csv_table *t = tables[f];
			int col[6];
			if (np_csv_require(t, names, col, 6, run->err) < 0) {
				rc = -1;
				break;
			}
			for (size_t r = 0; rc == 0 && r < t->row_count; r++) {
				char **row = t->rows[r];
				long long time = epoch_of(t, r, col[0], run->err);
				if (time < 0) {
					rc = -1;
					break;
				}
				const char *scope = row[col[1]], *metric = row[col[4]];
				char label[280];
				bool node_rate = pass == 0 && strcmp(scope, "node") == 0 &&
						 (strcmp(metric, "numa_miss_per_s") == 0 ||
						  strcmp(metric, "other_node_per_s") == 0);
				bool node_used = pass == 1 && strcmp(scope, "node") == 0 &&
						 strcmp(metric, "mem_used_bytes") == 0;
				bool guest_mem = strcmp(scope, "guest") == 0 && row[col[3]][0] &&
						 strncmp(metric, "mem_bytes_", 10) == 0;
				int node = 0;
				double value = 0;
				if ((node_rate || node_used || guest_mem) &&
				    (np_csv_index(t, r, col[3], NP_MAX_NODES - 1, &node, run->err) <
					 0 ||
				     np_csv_number(t, r, col[5], 0, DBL_MAX, &value, run->err) <
					 0)) {
					rc = -1;
					break;
				}
				if (node_rate) {
					snprintf(label, sizeof(label), "node%d %s", node, metric);
					series_add(s, time, label, value);
				} else if (node_used) {
					snprintf(label, sizeof(label), "node%d", node);
					series_add(s, time, label, value / (1 << 20));
				} else if (guest_mem) {
					bool known = false;
					for (int g = 0; g < guest_count; g++)
						known |= strcmp(guests[g], row[col[2]]) == 0;
					if (!known && guest_count < 32)
						snprintf(guests[guest_count++], sizeof(guests[0]),
							 "%s", row[col[2]]);
					if (pass >= 2 &&
					    strcmp(guests[pass - 2], row[col[2]]) == 0) {
						snprintf(label, sizeof(label), "node%d", node);
						series_add(s, time, label, value / (1 << 20));
					}
				}
			}
		}
		if (rc < 0)
			break;
		char name[600], title[400];
		if (pass == 0) {
			snprintf(name, sizeof(name), "%s-numa-miss", base);
			rc = series_chart(run, s, name,
					  "numa_miss and other_node per second, per node",
					  "per second", false);
		} else if (pass == 1) {
			snprintf(name, sizeof(name), "%s-memory-used", base);
			rc = series_chart(run, s, name, "Memory used per node", "MiB", false);
		} else {
			char safe[80];
			file_name_part(guests[pass - 2], safe, sizeof(safe));
			snprintf(name, sizeof(name), "%s-guest-%s-memory", base, safe);
			snprintf(title, sizeof(title), "Guest %s: memory per host node (stacked)",
				 guests[pass - 2]);
			rc = series_chart(run, s, name, title, "MiB", true);
		}
	}
	free(s);
	return rc;
}

static int placement_charts(struct chart_run *run, const struct np_csv_table *t, const char *path)
{
	static const char *const names[] = {"guest",	      "variant",	  "cell",
					    "local_fraction", "expected_latency", "latency_unit"};
	int col[6];
	if (np_csv_require(t, names, col, 6, run->err) < 0)
		return -1;
	char base[256];
	base_name(path, base, sizeof(base));
	for (int which = 0; which < 2; which++) {
		struct np_strbuf dat, gp;
		np_sb_init(&dat);
		np_sb_init(&gp);
		np_sb_puts(&dat, "cell with without\n");
		const char *unit = "";
		int rc = 0;
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
							   &without, run->err);
			if (rc == 0 && row[col[3 + which]][0])
				rc = np_csv_number(t, r, col[3 + which], -DBL_MAX, DBL_MAX, &with,
						   run->err);
			char label[320];
			snprintf(label, sizeof(label), "%.256s cell %.16s", row[col[0]],
				 row[col[2]]);
			np_gnuplot_datum(&dat, label);
			np_sb_printf(&dat, " %.17g %.17g\n", with, without);
		}
		if (rc < 0) {
			np_sb_free(&dat);
			return -1;
		}
		char name[300];
		snprintf(name, sizeof(name), "%s-%s", base,
			 which ? "expected-latency" : "local-fraction");
		script_head(run, &gp, name,
			    which
				? "Expected latency per guest cell: with the cells against without"
				: "Local fraction per guest cell: with the cells against without");
		char ylabel[128];
		snprintf(ylabel, sizeof(ylabel), "%s%.32s",
			 which ? "expected latency, " : "local fraction", which ? unit : "");
		np_sb_puts(&gp, "set style data histogram\nset style histogram cluster gap 1\nset "
				"style fill solid border -1\nset ylabel ");
		np_gnuplot_string(&gp, ylabel);
		np_sb_printf(&gp,
			     "\nset yrange [0:%s]\n"
			     "plot '%s.dat' using 2:xtic(1) title 'with cells', '' using 3 title "
			     "'without (one cell)'\n",
			     which ? "*" : "1", name);
		rc = finish_chart(run, name, &dat, &gp);
		np_sb_free(&dat);
		np_sb_free(&gp);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int np_report_chart(const char *const *files, int count, const char *out_dir, const char *format,
		    int width, int height)
{
	struct np_error err;
	if (mkdir(out_dir, 0755) != 0 && errno != EEXIST)
		return np_cli_failure("report", strerror(errno));
	struct np_csv_table **tables = calloc((size_t)count, sizeof(*tables));
	int rc = tables ? 0 : np_fail(&err, "out of memory");
	for (int i = 0; rc == 0 && i < count; i++) {
		tables[i] = calloc(1, sizeof(**tables));
		if (!tables[i] || np_csv_read(files[i], tables[i], &err) < 0)
			rc = -1;
		else if (np_csv_kind_of(tables[i]) == NP_CSV_UNKNOWN)
			rc = np_fail(&err,
				     "%s: not a numaprobe bench, stats or placement CSV (no "
				     "test/median, scope/metric or variant columns)",
				     files[i]);
	}
	struct chart_run run = {out_dir, format, width, height, 0, false, "", &err};
	struct np_csv_table *stats[64];
	int stats_count = 0, first_stats = -1, bench_index[2], bench_count = 0;
	for (int i = 0; rc == 0 && i < count; i++) {
		enum np_csv_kind kind = np_csv_kind_of(tables[i]);
		if (kind == NP_CSV_BENCH) {
			rc = bench_charts(&run, tables[i], files[i]);
			if (bench_count < 2)
				bench_index[bench_count] = i;
			bench_count++;
		} else if (kind == NP_CSV_PLACEMENT) {
			rc = placement_charts(&run, tables[i], files[i]);
		} else if (stats_count < 64) {
			if (first_stats < 0)
				first_stats = i;
			stats[stats_count++] = tables[i];
		}
	}
	if (rc == 0 && bench_count == 2)
		rc = before_after(&run, tables[bench_index[0]], files[bench_index[0]],
				  tables[bench_index[1]], files[bench_index[1]]);
	if (rc == 0 && stats_count) {
		char base[256];
		base_name(files[first_stats], base, sizeof(base));
		rc = stats_charts(&run, stats, stats_count, stats_count == 1 ? base : "stats");
	}
	for (int i = 0; tables && i < count; i++) {
		if (tables[i])
			np_csv_table_free(tables[i]);
		free(tables[i]);
	}
	free(tables);
	if (rc < 0)
		return np_cli_failure("report", err.message);
	if (run.gnuplot_missing) {
		char message[PATH_MAX + 128];
		snprintf(message, sizeof(message),
			 "gnuplot is not installed (apt-get install gnuplot-nox): the data and "
			 "scripts are in %s, run 'gnuplot NAME.gp' there",
			 out_dir);
		return np_cli_failure("report", message);
	}
	fputs(run.produced, stdout);
	return fflush(stdout) == 0 ? NP_EXIT_OK : NP_EXIT_FAILURE;
}
