/* compare.c: before/after comparisons of bench and stats CSVs; see compare.h. */
#include "compare.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/csv.h"
#include "../lib/csvread.h"
#include "../lib/json.h"

static const char *const bench_key[] = {"test",	   "mode", "cpu_node",	"mem_node",
					"threads", "page", "size_bytes"};
static const char *const bench_values[] = {"unit",	"median", "min",  "max",
					   "timestamp", "run_id", "label"};

enum np_csv_kind np_csv_kind_of(const struct np_csv_table *t)
{
	if (np_csv_column(t, "test") >= 0 && np_csv_column(t, "mem_node") >= 0 &&
	    np_csv_column(t, "median") >= 0)
		return NP_CSV_BENCH;
	if (np_csv_column(t, "scope") >= 0 && np_csv_column(t, "metric") >= 0 &&
	    np_csv_column(t, "value") >= 0)
		return NP_CSV_STATS;
	if (np_csv_column(t, "variant") >= 0 && np_csv_column(t, "local_fraction") >= 0)
		return NP_CSV_PLACEMENT;
	return NP_CSV_UNKNOWN;
}

static const char *kind_name(enum np_csv_kind kind)
{
	static const char *const names[] = {"not a numaprobe CSV", "bench", "stats", "placement"};
	return names[kind];
}

struct bench_run {
	int key[7];
	int value[7];
	const char *run_id; /* the rows used */
};

/* Picks the run of a bench file: --run-id when it is in the file, rows
 * with --label, and of those the latest run. */
static void pick_run(const struct np_csv_table *t, const struct bench_run *cols, const char *run_id,
		     const char *label, const char **chosen)
{
	const char *latest_ts = NULL;
	*chosen = NULL;
	for (size_t r = 0; r < t->row_count; r++) {
		char **row = t->rows[r];
		if (run_id && strcmp(row[cols->value[5]], run_id) == 0) {
			*chosen = row[cols->value[5]];
			return;
		}
		if (label && strcmp(row[cols->value[6]], label) != 0)
			continue;
		if (!latest_ts || strcmp(row[cols->value[4]], latest_ts) > 0) {
			latest_ts = row[cols->value[4]];
			*chosen = row[cols->value[5]];
		}
	}
}

static bool same_key(const struct np_csv_table *a, size_t ra, const struct bench_run *ca,
		     const struct np_csv_table *b, size_t rb, const struct bench_run *cb)
{
	for (int k = 0; k < 7; k++)
		if (strcmp(a->rows[ra][ca->key[k]], b->rows[rb][cb->key[k]]) != 0)
			return false;
	return true;
}

static int compare_bench(const struct np_csv_table *a, const struct np_csv_table *b,
			 const char *run_id, const char *label, enum np_format format,
			 struct np_strbuf *out, struct np_error *err)
{
	struct bench_run ca, cb;
	if (np_csv_require(a, bench_key, ca.key, 7, err) < 0 ||
	    np_csv_require(a, bench_values, ca.value, 7, err) < 0 ||
	    np_csv_require(b, bench_key, cb.key, 7, err) < 0 ||
	    np_csv_require(b, bench_values, cb.value, 7, err) < 0)
		return -1;
	const char *run_a, *run_b;
	pick_run(a, &ca, run_id, label, &run_a);
	pick_run(b, &cb, run_id, label, &run_b);
	if (!run_a || !run_b)
		return np_fail(err, "%s: no rows%s%s", !run_a ? a->path : b->path,
			       label ? " with --label " : "", label ? label : "");
	struct np_json json;
	if (format == NP_FORMAT_CSV) {
		np_sb_puts(out, NP_COMPARE_BENCH_HEADER "\n");
	} else if (format == NP_FORMAT_JSON) {
		np_json_init(&json, out);
		np_json_object(&json);
		np_json_key(&json, "kind");
		np_json_string(&json, "bench");
		np_json_key(&json, "before_run_id");
		np_json_string(&json, run_a);
		np_json_key(&json, "after_run_id");
		np_json_string(&json, run_b);
		np_json_key(&json, "rows");
		np_json_array(&json);
	} else {
		np_sb_printf(out, "before: %s (run %s)\nafter:  %s (run %s)\n\n", a->path, run_a,
			     b->path, run_b);
		np_sb_puts(out, "test       mode     cpu mem threads page  size MiB      before    "
				"   after   change  significant\n");
	}
	int matched = 0;
	for (size_t ra = 0; ra < a->row_count; ra++) {
		if (strcmp(a->rows[ra][ca.value[5]], run_a) != 0)
			continue;
		for (size_t rb = 0; rb < b->row_count; rb++) {
			if (strcmp(b->rows[rb][cb.value[5]], run_b) != 0 ||
			    !same_key(a, ra, &ca, b, rb, &cb))
				continue;
			char **x = a->rows[ra];
			double before, after, bmin, bmax, amin, amax, size;
			if (np_csv_number(a, ra, ca.value[1], -DBL_MAX, DBL_MAX, &before, err) <
				0 ||
			    np_csv_number(a, ra, ca.value[2], -DBL_MAX, DBL_MAX, &bmin, err) < 0 ||
			    np_csv_number(a, ra, ca.value[3], -DBL_MAX, DBL_MAX, &bmax, err) < 0 ||
			    np_csv_number(a, ra, ca.key[6], 0, DBL_MAX, &size, err) < 0 ||
			    np_csv_number(b, rb, cb.value[1], -DBL_MAX, DBL_MAX, &after, err) < 0 ||
			    np_csv_number(b, rb, cb.value[2], -DBL_MAX, DBL_MAX, &amin, err) < 0 ||
			    np_csv_number(b, rb, cb.value[3], -DBL_MAX, DBL_MAX, &amax, err) < 0)
				return -1;
			matched++;
			double change = before != 0 ? (after - before) / before * 100 : NAN;
			bool significant =
			    (after < bmin || after > bmax) && (before < amin || before > amax);
			bool latency = strcmp(x[ca.key[0]], "latency") == 0;
			const char *better = !significant ? ""
					     : (latency ? after < before : after > before)
						 ? "better"
						 : "worse";
			if (format == NP_FORMAT_CSV) {
				char b_text[32], a_text[32], c_text[32];
				snprintf(b_text, sizeof(b_text), "%.3f", before);
				snprintf(a_text, sizeof(a_text), "%.3f", after);
				snprintf(c_text, sizeof(c_text), "%.2f", change);
				const char *fields[] = {
				    x[ca.key[0]], x[ca.key[1]],	  x[ca.key[2]],
				    x[ca.key[3]], x[ca.key[4]],	  x[ca.key[5]],
				    x[ca.key[6]], x[ca.value[0]], b_text,
				    a_text,	  c_text,	  significant ? "yes" : "no",
				    better};
				for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
					np_csv_field(out, f == 0, fields[f]);
				np_csv_end_row(out);
			} else if (format == NP_FORMAT_JSON) {
				np_json_object(&json);
				for (int k = 0; k < 7; k++) {
					np_json_key(&json, bench_key[k]);
					np_json_string(&json, x[ca.key[k]]);
				}
				np_json_key(&json, "unit");
				np_json_string(&json, x[ca.value[0]]);
				np_json_key(&json, "before");
				np_json_double(&json, before, 3);
				np_json_key(&json, "after");
				np_json_double(&json, after, 3);
				np_json_key(&json, "change_pct");
				np_json_double(&json, change, 2);
				np_json_key(&json, "significant");
				np_json_bool(&json, significant);
				np_json_key(&json, "better");
				np_json_string(&json, better);
				np_json_object_end(&json);
			} else {
				np_sb_printf(out,
					     "%-10s %-8s %3s %3s %7s %-5s %8.0f %11.2f %11.2f "
					     "%+7.1f%%  %s%s%s\n",
					     x[ca.key[0]], x[ca.key[1]], x[ca.key[2]], x[ca.key[3]],
					     x[ca.key[4]], x[ca.key[5]], size / (1 << 20), before,
					     after, change, significant ? "yes, " : "no", better,
					     "");
			}
		}
	}
	if (format == NP_FORMAT_JSON) {
		np_json_array_end(&json);
		np_json_object_end(&json);
		np_json_finish(&json);
	}
	if (matched == 0)
		return np_fail(err,
			       "%s and %s have no rows in common (matched by test, mode, cpu_node, "
			       "mem_node, threads, page and size_bytes)",
			       a->path, b->path);
	return 0;
}

/* Mean of each (scope, entity, node, metric) over a stats file's rows. */
struct stat_mean {
	char key[512];
	char scope[16], entity[256], node[16], metric[64], unit[16];
	double sum;
	int count;
};

static int stats_means(const struct np_csv_table *t, const char *label, struct stat_mean **out,
		       int *count, struct np_error *err)
{
	static const char *const names[] = {"scope", "entity", "node", "metric",
					    "value", "unit",   "label"};
	int col[7];
	if (np_csv_require(t, names, col, 7, err) < 0)
		return -1;
	*out = NULL;
	*count = 0;
	int cap = 0;
	for (size_t r = 0; r < t->row_count; r++) {
		char **row = t->rows[r];
		const char *metric = row[col[3]];
		bool wanted =
		    (strcmp(row[col[0]], "node") == 0 &&
		     (strcmp(metric, "numa_miss_per_s") == 0 ||
		      strcmp(metric, "other_node_per_s") == 0)) ||
		    (strcmp(row[col[0]], "guest") == 0 && strcmp(metric, "local_fraction") == 0);
		if (!wanted || (label && strcmp(row[col[6]], label) != 0))
			continue;
		double v;
		if (np_csv_number(t, r, col[4], -DBL_MAX, DBL_MAX, &v, err) < 0)
			return -1;
		char key[512];
		snprintf(key, sizeof(key), "%s|%s|%s|%s", row[col[0]], row[col[1]], row[col[2]],
			 metric);
		int i = 0;
		while (i < *count && strcmp((*out)[i].key, key) != 0)
			i++;
		if (i == *count) {
			if (*count == cap) {
				cap = cap ? cap * 2 : 32;
				struct stat_mean *grown =
				    realloc(*out, (size_t)cap * sizeof(*grown));
				if (!grown)
					return np_fail(err, "out of memory");
				*out = grown;
			}
			struct stat_mean *m = &(*out)[(*count)++];
			memset(m, 0, sizeof(*m));
			snprintf(m->key, sizeof(m->key), "%s", key);
			snprintf(m->scope, sizeof(m->scope), "%s", row[col[0]]);
			snprintf(m->entity, sizeof(m->entity), "%s", row[col[1]]);
			snprintf(m->node, sizeof(m->node), "%s", row[col[2]]);
			snprintf(m->metric, sizeof(m->metric), "%s", metric);
			snprintf(m->unit, sizeof(m->unit), "%s", row[col[5]]);
		}
		(*out)[i].sum += v;
		(*out)[i].count++;
	}
	return 0;
}

static int compare_stats(const struct np_csv_table *a, const struct np_csv_table *b,
			 const char *label, enum np_format format, struct np_strbuf *out,
			 struct np_error *err)
{
	struct stat_mean *ma = NULL, *mb = NULL;
	int na = 0, nb = 0, matched = 0, rc = 0;
	if (stats_means(a, label, &ma, &na, err) < 0 || stats_means(b, label, &mb, &nb, err) < 0)
		rc = -1;
	struct np_json json;
	if (rc == 0) {
		if (format == NP_FORMAT_CSV) {
			np_sb_puts(out, NP_COMPARE_STATS_HEADER "\n");
		} else if (format == NP_FORMAT_JSON) {
			np_json_init(&json, out);
			np_json_object(&json);
			np_json_key(&json, "kind");
			np_json_string(&json, "stats");
			np_json_key(&json, "rows");
			np_json_array(&json);
		} else {
			np_sb_printf(out,
				     "before: %s\nafter:  %s\n(means over each file's samples)\n\n",
				     a->path, b->path);
			np_sb_puts(out, "scope  entity            node  metric                 "
					"before       after   change\n");
		}
	}
	for (int i = 0; rc == 0 && i < na; i++)
		for (int j = 0; j < nb; j++) {
			if (strcmp(ma[i].key, mb[j].key) != 0)
				continue;
			matched++;
			double before = ma[i].sum / ma[i].count, after = mb[j].sum / mb[j].count;
			double change = before != 0 ? (after - before) / before * 100 : NAN;
			if (format == NP_FORMAT_CSV) {
				char b_text[32], a_text[32], c_text[32];
				snprintf(b_text, sizeof(b_text), "%.4f", before);
				snprintf(a_text, sizeof(a_text), "%.4f", after);
				if (isnan(change))
					c_text[0] = '\0';
				else
					snprintf(c_text, sizeof(c_text), "%.2f", change);
				const char *fields[] = {ma[i].scope,  ma[i].entity, ma[i].node,
							ma[i].metric, ma[i].unit,   b_text,
							a_text,	      c_text};
				for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
					np_csv_field(out, f == 0, fields[f]);
				np_csv_end_row(out);
			} else if (format == NP_FORMAT_JSON) {
				np_json_object(&json);
				np_json_key(&json, "scope");
				np_json_string(&json, ma[i].scope);
				np_json_key(&json, "entity");
				np_json_string(&json, ma[i].entity);
				np_json_key(&json, "node");
				np_json_string(&json, ma[i].node);
				np_json_key(&json, "metric");
				np_json_string(&json, ma[i].metric);
				np_json_key(&json, "before");
				np_json_double(&json, before, 4);
				np_json_key(&json, "after");
				np_json_double(&json, after, 4);
				np_json_key(&json, "change_pct");
				np_json_double(&json, change, 2);
				np_json_object_end(&json);
			} else {
				np_sb_printf(out, "%-6s %-17s %4s  %-18s %11.4f %11.4f ",
					     ma[i].scope, ma[i].entity, ma[i].node, ma[i].metric,
					     before, after);
				if (isnan(change))
					np_sb_puts(out, "      -\n");
				else
					np_sb_printf(out, "%+7.1f%%\n", change);
			}
		}
	if (rc == 0 && format == NP_FORMAT_JSON) {
		np_json_array_end(&json);
		np_json_object_end(&json);
		np_json_finish(&json);
	}
	if (rc == 0 && matched == 0)
		rc = np_fail(err,
			     "%s and %s have no rates or local fractions in common (a stats CSV "
			     "needs two samples, or --state, for rates)",
			     a->path, b->path);
	free(ma);
	free(mb);
	return rc;
}

int np_report_compare(const char *before, const char *after, const char *run_id, const char *label,
		      enum np_format format)
{
	struct np_csv_table a, b;
	struct np_error err;
	if (np_csv_read(before, &a, &err) < 0)
		return np_cli_failure("report", err.message);
	if (np_csv_read(after, &b, &err) < 0) {
		np_csv_table_free(&a);
		return np_cli_failure("report", err.message);
	}
	enum np_csv_kind ka = np_csv_kind_of(&a), kb = np_csv_kind_of(&b);
	struct np_strbuf out;
	np_sb_init(&out);
	int rc;
	if (ka != kb || ka == NP_CSV_UNKNOWN || ka == NP_CSV_PLACEMENT)
		rc = np_fail(&err,
			     "cannot compare %s (%s) with %s (%s): expected two bench CSVs or two "
			     "stats CSVs",
			     before, kind_name(ka), after, kind_name(kb));
	else if (ka == NP_CSV_BENCH)
		rc = compare_bench(&a, &b, run_id, label, format, &out, &err);
	else
		rc = compare_stats(&a, &b, label, format, &out, &err);
	int status = rc < 0 ? np_cli_failure("report", err.message) : np_cli_emit("report", &out);
	np_sb_free(&out);
	np_csv_table_free(&a);
	np_csv_table_free(&b);
	return status;
}
