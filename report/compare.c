/* compare.c: before/after comparisons of bench and stats CSVs; see compare.h. */
#include "compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/welch.h"

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
	if (np_csv_column(t, "fits") >= 0 && np_csv_column(t, "reason") >= 0)
		return NP_CSV_FIT;
	if (np_csv_column(t, "node") >= 0 && np_csv_column(t, "metric") >= 0 &&
	    np_csv_column(t, "peer") >= 0 && np_csv_column(t, "value") >= 0)
		return NP_CSV_TOPO;
	return NP_CSV_UNKNOWN;
}

const char *np_csv_kind_name(enum np_csv_kind kind)
{
	static const char *const names[] = {"not a numaprobe CSV", "bench", "stats",
					    "placement",	   "fit",   "topo"};
	return names[kind];
}

static int add_row(struct np_comparison *c, size_t *cap, const struct np_compare_row *row,
		   struct np_error *err)
{
	if (c->count == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		struct np_compare_row *grown = realloc(c->rows, *cap * sizeof(*grown));
		if (!grown)
			return np_fail(err, "out of memory");
		c->rows = grown;
	}
	c->rows[c->count++] = *row;
	return 0;
}

const char *np_verdict_name(enum np_verdict verdict)
{
	static const char *const names[] = {"too few samples", "no significant change", "better",
					    "worse"};
	return names[verdict];
}

static double change_of(double before, double after)
{
	return before != 0 ? (after - before) / before * 100 : NAN;
}

/* One side of a pair: its mean, sample standard deviation and count. */
struct side {
	double mean, sd, n;
};

/* Fills the row's means, change, test and verdict from the two sides. */
static void test_pair(struct np_compare_row *row, struct side before, struct side after,
		      double alpha, bool lower_is_better)
{
	row->before = before.mean;
	row->after = after.mean;
	row->before_n = before.n;
	row->after_n = after.n;
	row->change_pct = change_of(before.mean, after.mean);
	row->change_low_pct = row->change_high_pct = row->p = NAN;
	row->verdict = NP_VERDICT_TOO_FEW;
	struct np_welch w;
	if (before.n < NP_COMPARE_MIN_SAMPLES || after.n < NP_COMPARE_MIN_SAMPLES ||
	    np_welch(before.mean, before.sd, before.n, after.mean, after.sd, after.n, alpha, &w) <
		0)
		return;
	row->p = w.p;
	if (before.mean != 0) {
		row->change_low_pct = w.low / before.mean * 100;
		row->change_high_pct = w.high / before.mean * 100;
		if (before.mean < 0) { /* dividing by a negative swaps the ends */
			double t = row->change_low_pct;
			row->change_low_pct = row->change_high_pct;
			row->change_high_pct = t;
		}
	}
	if (!(w.p < alpha))
		row->verdict = NP_VERDICT_NO_CHANGE;
	else
		row->verdict = (after.mean < before.mean) == lower_is_better ? NP_VERDICT_BETTER
									     : NP_VERDICT_WORSE;
}

static bool same_bench_key(const struct np_bench_record *a, const struct np_bench_record *b)
{
	return strcmp(a->test, b->test) == 0 && strcmp(a->mode, b->mode) == 0 &&
	       a->cpu_node == b->cpu_node && a->peer_node == b->peer_node &&
	       strcmp(a->mem.text, b->mem.text) == 0 && a->threads == b->threads &&
	       strcmp(a->page, b->page) == 0 && a->size_bytes == b->size_bytes &&
	       a->load_level == b->load_level && strcmp(a->policy, b->policy) == 0;
}

/* The run a file's selector picks. A --run-id that this file lacks but
 * the other file holds means "that run over there, and this file's
 * latest here". */
static const char *pick_run(const struct np_bench_csv *csv, const struct np_bench_csv *other,
			    const struct np_run_selector *sel, struct np_error *err)
{
	if (sel->run_id) {
		struct np_run_selector only_id = {sel->run_id, NULL};
		struct np_error ignored;
		if (!np_bench_csv_select(csv, &only_id, &ignored) &&
		    np_bench_csv_select(other, &only_id, &ignored)) {
			struct np_run_selector latest = {NULL, sel->label};
			return np_bench_csv_select(csv, &latest, err);
		}
	}
	return np_bench_csv_select(csv, sel, err);
}

/* The match, tested on the CSV's means, deviations and sample counts.
 * Times (ns) are better lower, rates (MB/s) higher. */
static struct np_compare_row bench_pair(const struct np_bench_record *x,
					const struct np_bench_record *y, double alpha)
{
	struct np_compare_row row = {.bench = x, .node = -1, .unit = x->unit};
	test_pair(&row, (struct side){x->mean, x->stddev, (double)x->samples},
		  (struct side){y->mean, y->stddev, (double)y->samples}, alpha,
		  strcmp(x->unit, "ns") == 0);
	return row;
}

static int compare_bench(struct np_comparison *c, const struct np_compare_selection *sel,
			 struct np_error *err)
{
	const struct np_bench_csv *a = &c->bench[0], *b = &c->bench[1];
	c->before_run = pick_run(a, b, &sel->before, err);
	c->after_run = c->before_run ? pick_run(b, a, &sel->after, err) : NULL;
	if (!c->before_run || !c->after_run)
		return -1;
	size_t cap = 0;
	for (size_t i = 0; i < a->count; i++) {
		const struct np_bench_record *x = &a->rows[i];
		if (strcmp(x->run_id, c->before_run) != 0)
			continue;
		for (size_t j = 0; j < b->count; j++) {
			const struct np_bench_record *y = &b->rows[j];
			if (strcmp(y->run_id, c->after_run) != 0 || !same_bench_key(x, y))
				continue;
			struct np_compare_row row = bench_pair(x, y, c->alpha);
			if (add_row(c, &cap, &row, err) < 0)
				return -1;
		}
	}
	if (c->count == 0)
		return np_fail(err,
			       "%s and %s have no rows in common (matched by test, mode, cpu_node, "
			       "peer_node, mem_node, threads, page, size_bytes, load_level and "
			       "policy)",
			       c->before_path, c->after_path);
	return 0;
}

/* The rows a stats comparison looks at. */
static bool stats_wanted(const struct np_stats_record *r, const char *label)
{
	if (label && strcmp(r->label, label) != 0)
		return false;
	if (strcmp(r->scope, "node") == 0)
		return strcmp(r->metric, "numa_miss_per_s") == 0 ||
		       strcmp(r->metric, "other_node_per_s") == 0;
	return strcmp(r->scope, "guest") == 0 && strcmp(r->metric, "local_fraction") == 0;
}

static bool same_stats_key(const struct np_stats_record *a, const struct np_stats_record *b)
{
	return strcmp(a->scope, b->scope) == 0 && strcmp(a->entity, b->entity) == 0 &&
	       a->node == b->node && strcmp(a->metric, b->metric) == 0;
}

/* One series (a key) over a file's wanted rows: mean, sample standard
 * deviation (n - 1) and count; n 0 when the file lacks it. */
static struct side series_of(const struct np_stats_csv *csv, const struct np_stats_record *key,
			     const char *label)
{
	double sum = 0;
	size_t n = 0;
	for (size_t r = 0; r < csv->count; r++)
		if (stats_wanted(&csv->rows[r], label) && same_stats_key(&csv->rows[r], key)) {
			sum += csv->rows[r].value;
			n++;
		}
	struct side side = {n ? sum / (double)n : NAN, 0, (double)n};
	double squares = 0;
	for (size_t r = 0; n > 1 && r < csv->count; r++)
		if (stats_wanted(&csv->rows[r], label) && same_stats_key(&csv->rows[r], key))
			squares +=
			    (csv->rows[r].value - side.mean) * (csv->rows[r].value - side.mean);
	side.sd = n > 1 ? sqrt(squares / (double)(n - 1)) : 0;
	return side;
}

static int compare_stats(struct np_comparison *c, const struct np_compare_selection *sel,
			 struct np_error *err)
{
	const struct np_stats_csv *a = &c->stats[0], *b = &c->stats[1];
	size_t cap = 0;
	for (size_t i = 0; i < a->count; i++) {
		const struct np_stats_record *key = &a->rows[i];
		bool first = true; /* each series once, at its first row */
		for (size_t k = 0; first && k < i; k++)
			first = !(stats_wanted(&a->rows[k], sel->before.label) &&
				  same_stats_key(&a->rows[k], key));
		if (!first || !stats_wanted(key, sel->before.label))
			continue;
		struct side after = series_of(b, key, sel->after.label);
		if (after.n == 0)
			continue;
		struct np_compare_row row = {.scope = key->scope,
					     .entity = key->entity,
					     .metric = key->metric,
					     .node = key->node,
					     .unit = key->unit};
		/* A local fraction is better higher; remote-access rates lower. */
		test_pair(&row, series_of(a, key, sel->before.label), after, c->alpha,
			  strcmp(key->metric, "local_fraction") != 0);
		if (add_row(c, &cap, &row, err) < 0)
			return -1;
	}
	if (c->count == 0)
		return np_fail(err,
			       "%s and %s have no rates or local fractions in common (a stats CSV "
			       "needs two samples, or --state, for rates)",
			       c->before_path, c->after_path);
	return 0;
}

int np_compare_tables(struct np_csv_table *before, struct np_csv_table *after,
		      const struct np_compare_selection *sel, struct np_comparison *c,
		      struct np_error *err)
{
	memset(c, 0, sizeof(*c));
	c->alpha = sel->alpha;
	enum np_csv_kind ka = np_csv_kind_of(before), kb = np_csv_kind_of(after);
	c->kind = ka;
	int rc = 0;
	if (!(sel->alpha > 0 && sel->alpha < 1)) {
		rc = np_fail(err, "alpha %g: expected a level above 0 and below 1", sel->alpha);
		np_csv_table_free(before);
		np_csv_table_free(after);
		return rc;
	}
	if (ka != kb || (ka != NP_CSV_BENCH && ka != NP_CSV_STATS)) {
		rc = np_fail(err,
			     "cannot compare %s (%s) with %s (%s): expected two bench CSVs or two "
			     "stats CSVs",
			     before->path, np_csv_kind_name(ka), after->path, np_csv_kind_name(kb));
		np_csv_table_free(before);
		np_csv_table_free(after);
		return rc;
	}
	if (ka == NP_CSV_BENCH) {
		rc = np_bench_csv_from_table(before, &c->bench[0], err);
		if (rc == 0)
			rc = np_bench_csv_from_table(after, &c->bench[1], err);
		c->before_path = c->bench[0].table.path;
		c->after_path = c->bench[1].table.path;
	} else {
		rc = np_stats_csv_from_table(before, &c->stats[0], err);
		if (rc == 0)
			rc = np_stats_csv_from_table(after, &c->stats[1], err);
		c->before_path = c->stats[0].table.path;
		c->after_path = c->stats[1].table.path;
	}
	np_csv_table_free(before); /* left over when the first one failed */
	np_csv_table_free(after);
	if (rc == 0)
		rc = ka == NP_CSV_BENCH ? compare_bench(c, sel, err) : compare_stats(c, sel, err);
	return rc;
}

void np_comparison_free(struct np_comparison *c)
{
	for (int i = 0; i < 2; i++) {
		np_bench_csv_free(&c->bench[i]);
		np_stats_csv_free(&c->stats[i]);
	}
	free(c->rows);
	memset(c, 0, sizeof(*c));
}
