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

static void render_table(const void *report, struct np_strbuf *out)
{
	const struct np_comparison *c = report;
	if (c->kind == NP_CSV_BENCH) {
		np_sb_printf(out, "before: %s (run %s)\nafter:  %s (run %s)\n\n", c->before_path,
			     c->before_run, c->after_path, c->after_run);
		np_sb_puts(out, "test       mode     cpu mem threads page  size MiB      before    "
				"   after   change  significant\n");
	} else {
		np_sb_printf(out, "before: %s\nafter:  %s\n(means over each file's samples)\n\n",
			     c->before_path, c->after_path);
		np_sb_puts(out, "scope  entity            node  metric                 "
				"before       after   change\n");
	}
	for (size_t i = 0; i < c->count; i++) {
		const struct np_compare_row *r = &c->rows[i];
		if (c->kind == NP_CSV_BENCH) {
			const struct np_bench_record *b = r->bench;
			np_sb_printf(out,
				     "%-10s %-8s %3d %3d %7llu %-5s %8.0f %11.2f %11.2f %+7.1f%%  "
				     "%s%s\n",
				     b->test, b->mode, b->cpu_node, b->mem_node,
				     (unsigned long long)b->threads, b->page,
				     (double)b->size_bytes / (1 << 20), r->before, r->after,
				     r->change_pct, r->significant ? "yes, " : "no", r->better);
			continue;
		}
		char node[16] = "";
		if (r->node >= 0)
			snprintf(node, sizeof(node), "%d", r->node);
		np_sb_printf(out, "%-6s %-17s %4s  %-18s %11.4f %11.4f ", r->scope, r->entity, node,
			     r->metric, r->before, r->after);
		if (isnan(r->change_pct))
			np_sb_puts(out, "      -\n");
		else
			np_sb_printf(out, "%+7.1f%%\n", r->change_pct);
	}
}

static void render_csv(const void *report, struct np_strbuf *out)
{
	const struct np_comparison *c = report;
	bool bench = c->kind == NP_CSV_BENCH;
	np_sb_puts(out, bench ? NP_COMPARE_BENCH_HEADER "\n" : NP_COMPARE_STATS_HEADER "\n");
	for (size_t i = 0; i < c->count; i++) {
		const struct np_compare_row *r = &c->rows[i];
		char before[32], after[32], change[32];
		number_text(before, sizeof(before), r->before, bench ? 3 : 4);
		number_text(after, sizeof(after), r->after, bench ? 3 : 4);
		number_text(change, sizeof(change), r->change_pct, 2);
		if (bench) {
			const struct np_bench_record *b = r->bench;
			char cpu[16], mem[16], threads[24], size[24];
			snprintf(cpu, sizeof(cpu), "%d", b->cpu_node);
			snprintf(mem, sizeof(mem), "%d", b->mem_node);
			snprintf(threads, sizeof(threads), "%llu", (unsigned long long)b->threads);
			snprintf(size, sizeof(size), "%llu", (unsigned long long)b->size_bytes);
			const char *fields[] = {b->test,  b->mode, cpu,
						mem,	  threads, b->page,
						size,	  b->unit, before,
						after,	  change,  r->significant ? "yes" : "no",
						r->better};
			for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
				np_csv_field(out, f == 0, fields[f]);
		} else {
			char node[16] = "";
			if (r->node >= 0)
				snprintf(node, sizeof(node), "%d", r->node);
			const char *fields[] = {r->scope, r->entity, node,  r->metric,
						r->unit,  before,    after, change};
			for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
				np_csv_field(out, f == 0, fields[f]);
		}
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
			np_json_kv_int(&json, "mem_node", b->mem_node);
			np_json_kv_uint(&json, "threads", b->threads);
			np_json_kv_string(&json, "page", b->page);
			np_json_kv_uint(&json, "size_bytes", b->size_bytes);
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
		np_json_kv_double(&json, "before", r->before, bench ? 3 : 4);
		np_json_kv_double(&json, "after", r->after, bench ? 3 : 4);
		np_json_kv_double(&json, "change_pct", r->change_pct, 2);
		if (bench) {
			np_json_kv_bool(&json, "significant", r->significant);
			np_json_kv_string(&json, "better", r->better);
		}
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
