/* compare_render.c: a comparison as a table, CSV or JSON; see compare.h. */
#include <math.h>
#include <stdio.h>

#include "../lib/csv.h"
#include "../lib/json.h"
#include "compare.h"

/* "%.*f" of a value, or "" for NAN. */
static void number_text(char *out, size_t size, double value, int decimals)
{
	if (isnan(value))
		out[0] = '\0';
	else
		snprintf(out, size, "%.*f", decimals, value);
}

/* The relative change's interval, "-1.2% .. +2.2%", or "-" without a test. */
static void interval_text(char *out, size_t size, const struct np_compare_row *r)
{
	if (isnan(r->change_low_pct) || isnan(r->change_high_pct))
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%+.1f%% .. %+.1f%%", r->change_low_pct, r->change_high_pct);
}

/* A p-value to 3 significant digits, or "-". */
static void p_text(char *out, size_t size, double p)
{
	if (isnan(p))
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%.3g", p);
}

static void change_text(char *out, size_t size, double change)
{
	if (isnan(change))
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%+.1f%%", change);
}

static void render_table(const void *report, struct np_strbuf *out)
{
	const struct np_comparison *c = report;
	char level[32];
	snprintf(level, sizeof(level), "%g%% interval", (1 - c->alpha) * 100);
	if (c->kind == NP_CSV_BENCH)
		np_sb_printf(out, "before: %s (run %s)\nafter:  %s (run %s)\n", c->before_path,
			     c->before_run, c->after_path, c->after_run);
	else
		np_sb_printf(out, "before: %s\nafter:  %s\n", c->before_path, c->after_path);
	np_sb_printf(out,
		     "means over each side's samples; Welch's t-test, significant when p < %g; "
		     "the change of the means with its %s\n\n",
		     c->alpha, level);
	if (c->kind == NP_CSV_BENCH)
		np_sb_printf(out,
			     "%-10s %-8s %3s %4s %3s %7s %-5s %8s %-5s %11s %11s %7s  %-17s %8s  "
			     "%s\n",
			     "test", "mode", "cpu", "peer", "mem", "threads", "page", "size MiB",
			     "unit", "before", "after", "change", level, "p", "verdict");
	else
		np_sb_printf(out, "%-6s %-17s %4s  %-18s %11s %11s %7s  %-17s %8s  %s\n", "scope",
			     "entity", "node", "metric", "before", "after", "change", level, "p",
			     "verdict");
	for (size_t i = 0; i < c->count; i++) {
		const struct np_compare_row *r = &c->rows[i];
		char interval[48], p[24], change[24];
		interval_text(interval, sizeof(interval), r);
		p_text(p, sizeof(p), r->p);
		change_text(change, sizeof(change), r->change_pct);
		if (c->kind == NP_CSV_BENCH) {
			const struct np_bench_record *b = r->bench;
			char peer[16] = "-";
			if (b->peer_node >= 0)
				snprintf(peer, sizeof(peer), "%d", b->peer_node);
			np_sb_printf(out,
				     "%-10s %-8s %3d %4s %3s %7llu %-5s %8.1f %-5s %11.2f %11.2f %7s  "
				     "%-17s %8s  %s\n",
				     b->test, b->mode, b->cpu_node, peer, b->mem.text,
				     (unsigned long long)b->threads, b->page,
				     (double)b->size_bytes / (1 << 20), b->unit, r->before, r->after,
				     change, interval, p, np_verdict_name(r->verdict));
			continue;
		}
		char node[16] = "";
		if (r->node >= 0)
			snprintf(node, sizeof(node), "%d", r->node);
		np_sb_printf(out, "%-6s %-17s %4s  %-18s %11.4f %11.4f %7s  %-17s %8s  %s\n",
			     r->scope, r->entity, node, r->metric, r->before, r->after, change,
			     interval, p, np_verdict_name(r->verdict));
	}
}

/* The columns every comparison row ends with (NP_COMPARE_TEST_COLUMNS). */
static void test_fields(struct np_strbuf *out, const struct np_compare_row *r, int decimals)
{
	char before[32], after[32], nb[24], na[24], change[32], low[32], high[32], p[32];
	number_text(before, sizeof(before), r->before, decimals);
	number_text(after, sizeof(after), r->after, decimals);
	snprintf(nb, sizeof(nb), "%.0f", r->before_n);
	snprintf(na, sizeof(na), "%.0f", r->after_n);
	number_text(change, sizeof(change), r->change_pct, 2);
	number_text(low, sizeof(low), r->change_low_pct, 2);
	number_text(high, sizeof(high), r->change_high_pct, 2);
	if (isnan(r->p))
		p[0] = '\0';
	else
		snprintf(p, sizeof(p), "%.4g", r->p);
	const char *fields[] = {before, after, nb, na, change, low, high, p,
				np_verdict_name(r->verdict)};
	for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
		np_csv_field(out, false, fields[f]);
}

static void render_csv(const void *report, struct np_strbuf *out)
{
	const struct np_comparison *c = report;
	bool bench = c->kind == NP_CSV_BENCH;
	np_sb_puts(out, bench ? NP_COMPARE_BENCH_HEADER "\n" : NP_COMPARE_STATS_HEADER "\n");
	for (size_t i = 0; i < c->count; i++) {
		const struct np_compare_row *r = &c->rows[i];
		if (bench) {
			const struct np_bench_record *b = r->bench;
			char cpu[16], peer[16] = "", mem[64], threads[24], size[24], load[16] = "";
			snprintf(cpu, sizeof(cpu), "%d", b->cpu_node);
			if (b->peer_node >= 0)
				snprintf(peer, sizeof(peer), "%d", b->peer_node);
			snprintf(mem, sizeof(mem), "%s", b->mem.text);
			snprintf(threads, sizeof(threads), "%llu", (unsigned long long)b->threads);
			snprintf(size, sizeof(size), "%llu", (unsigned long long)b->size_bytes);
			if (b->load_level >= 0)
				snprintf(load, sizeof(load), "%d", b->load_level);
			const char *fields[] = {b->test,   b->mode, cpu,  peer,	 mem,	 threads,
						b->page,   size,    load, b->policy, b->unit};
			for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
				np_csv_field(out, f == 0, fields[f]);
		} else {
			char node[16] = "";
			if (r->node >= 0)
				snprintf(node, sizeof(node), "%d", r->node);
			const char *fields[] = {r->scope, r->entity, node, r->metric, r->unit};
			for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
				np_csv_field(out, f == 0, fields[f]);
		}
		test_fields(out, r, bench ? 3 : 4);
		np_csv_end_row(out);
	}
}

static void render_json(const void *report, struct np_strbuf *out)
{
	const struct np_comparison *c = report;
	bool bench = c->kind == NP_CSV_BENCH;
	struct np_json json;
	np_json_init(&json, out);
	np_json_object(&json);
	np_json_kv_string(&json, "kind", np_csv_kind_name(c->kind));
	np_json_kv_string(&json, "before", c->before_path);
	np_json_kv_string(&json, "after", c->after_path);
	np_json_kv_double(&json, "alpha", c->alpha, 4);
	if (bench) {
		np_json_kv_string(&json, "before_run_id", c->before_run);
		np_json_kv_string(&json, "after_run_id", c->after_run);
	}
	np_json_key(&json, "rows");
	np_json_array(&json);
	for (size_t i = 0; i < c->count; i++) {
		const struct np_compare_row *r = &c->rows[i];
		np_json_object(&json);
		if (bench) {
			const struct np_bench_record *b = r->bench;
			np_json_kv_string(&json, "test", b->test);
			np_json_kv_string(&json, "mode", b->mode);
			np_json_kv_int(&json, "cpu_node", b->cpu_node);
			np_json_key(&json, "peer_node");
			if (b->peer_node >= 0)
				np_json_int(&json, b->peer_node);
			else
				np_json_null(&json);
			if (b->mem.node >= 0)
				np_json_kv_int(&json, "mem_node", b->mem.node);
			else
				np_json_kv_string(&json, "mem_node", b->mem.text);
			np_json_kv_uint(&json, "threads", b->threads);
			np_json_kv_string(&json, "page", b->page);
			np_json_kv_uint(&json, "size_bytes", b->size_bytes);
			np_json_key(&json, "load_level");
			if (b->load_level >= 0)
				np_json_int(&json, b->load_level);
			else
				np_json_null(&json);
			np_json_kv_string(&json, "policy", b->policy);
		} else {
			np_json_kv_string(&json, "scope", r->scope);
			np_json_kv_string(&json, "entity", r->entity);
			np_json_key(&json, "node");
			if (r->node >= 0)
				np_json_int(&json, r->node);
			else
				np_json_null(&json);
			np_json_kv_string(&json, "metric", r->metric);
		}
		np_json_kv_string(&json, "unit", r->unit);
		np_json_kv_double(&json, "before_mean", r->before, bench ? 3 : 4);
		np_json_kv_double(&json, "after_mean", r->after, bench ? 3 : 4);
		np_json_kv_double(&json, "before_samples", r->before_n, 0);
		np_json_kv_double(&json, "after_samples", r->after_n, 0);
		np_json_kv_double(&json, "change_pct", r->change_pct, 2);
		np_json_kv_double(&json, "change_low_pct", r->change_low_pct, 2);
		np_json_kv_double(&json, "change_high_pct", r->change_high_pct, 2);
		np_json_key(&json, "p_value");
		np_json_significant(&json, r->p, 4);
		np_json_kv_string(&json, "verdict", np_verdict_name(r->verdict));
		np_json_object_end(&json);
	}
	np_json_array_end(&json);
	np_json_object_end(&json);
	np_json_finish(&json);
}

const struct np_renderer np_compare_renderers[] = {
    {"table", render_table},
    {"csv", render_csv},
    {"json", render_json},
    {NULL, NULL},
};
