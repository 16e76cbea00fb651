/* stats_render.c: table, CSV, JSON and Prometheus views of a sample; see stats_render.h. */
#include "stats_render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../lib/csv.h"
#include "../lib/json.h"
#include "../lib/prom.h"

#define MB (1024.0 * 1024.0)

/* vCPU threads of an entity last seen on a node. */
static int vcpus_on(const struct np_stats_entity *entity, int node)
{
	int count = 0;
	for (int v = 0; v < entity->vcpu_count; v++)
		count += entity->vcpu_nodes[v] == node;
	return count;
}

static uint64_t memory_of(const struct np_stats_entity *entity, int node, enum np_mem_kind kind)
{
	if (!entity->memory || node > entity->memory->max_node || node < 0)
		return 0;
	return entity->memory->bytes[node][kind];
}

/* The six meminfo fields stats has always shown, by their old names. */
static const char *const mem_fields[NP_NODE_MEMS] = {"MemTotal",  "MemFree",   "MemUsed",
						     "FilePages", "AnonPages", "Shmem"};

/* The metric of a meminfo field given in kB: the six old names, else
 * mem_<field in snake case>_bytes. False for the fields recorded
 * elsewhere (HugePages_* by the per-size pools), for fields not in kB,
 * and for the six (recorded from node->mem). */
static bool meminfo_metric(const struct np_kv_entry *e, char *out, size_t size)
{
	if (!e->kb || strncmp(e->key, "HugePages_", 10) == 0)
		return false;
	for (int m = 0; m < NP_NODE_MEMS; m++)
		if (strcmp(e->key, mem_fields[m]) == 0)
			return false;
	/* meminfo's abbreviations, spelt out: Prometheus' linter (promtool)
	 * reads "_s_" and "sec" as abbreviated units */
	static const char *const spelt[][2] = {{"SReclaimable", "slab_reclaimable"},
					       {"SUnreclaim", "slab_unreclaimable"},
					       {"KReclaimable", "kernel_reclaimable"},
					       {"SecPageTables", "secondary_page_tables"}};
	char snake[NP_KV_SNAKE_MAX];
	const char *name = NULL;
	for (size_t i = 0; i < sizeof(spelt) / sizeof(spelt[0]); i++)
		if (strcmp(e->key, spelt[i][0]) == 0)
			name = spelt[i][1];
	if (name)
		snprintf(snake, sizeof(snake), "%s", name);
	else if (!np_snake_case(e->key, snake, sizeof(snake)))
		return false;
	return snprintf(out, size, "mem_%s_bytes", snake) < (int)size;
}

/* Node n's meminfo field or vmstat event `key`, or NULL. */
static const struct np_kv_entry *node_field(const struct np_stats_node *n, bool events,
					    const char *key)
{
	const struct np_kv_entry *list = events ? n->events : n->meminfo;
	size_t count = events ? n->event_count : n->meminfo_count;
	for (size_t k = 0; k < count; k++)
		if (strcmp(list[k].key, key) == 0)
			return &list[k];
	return NULL;
}

/* ---- table -------------------------------------------------------------- */

static void table_header(const struct np_stats_sample *sample, const char *first,
			 struct np_strbuf *out)
{
	np_sb_printf(out, "%-24s", first);
	for (size_t i = 0; i < sample->node_count; i++) {
		char name[16];
		snprintf(name, sizeof(name), "node%d", sample->nodes[i].id);
		np_sb_printf(out, " %15s", name);
	}
}

static void entity_table(const struct np_stats_sample *sample, const struct np_stats_entity *e,
			 struct np_strbuf *out)
{
	np_sb_printf(out, "\n%s %s (pid %d)", e->guest ? "guest" : "process", e->name, (int)e->pid);
	if (e->denied) {
		np_sb_puts(out, ": numa_maps: permission denied (run as root)\n");
		return;
	}
	if (e->guest) {
		np_sb_printf(out, ": %d vCPU%s, local fraction ", e->vcpu_count,
			     e->vcpu_count == 1 ? "" : "s");
		if (isnan(e->local_fraction))
			np_sb_puts(out, "-");
		else
			np_sb_printf(out, "%.3f", e->local_fraction);
		np_sb_puts(out, ",");
	} else {
		np_sb_puts(out, ":");
	}
	np_sb_printf(out, " memory from %s\n", e->source);
	table_header(sample, "MB", out);
	np_sb_printf(out, " %15s\n", "Total");
	for (int k = 0; k < NP_MEM_KINDS; k++) {
		np_sb_printf(out, "%-24s", np_mem_kind_name((enum np_mem_kind)k));
		double total = 0;
		for (size_t i = 0; i < sample->node_count; i++) {
			double mb =
			    (double)memory_of(e, sample->nodes[i].id, (enum np_mem_kind)k) / MB;
			total += mb;
			np_sb_printf(out, " %15.2f", mb);
		}
		np_sb_printf(out, " %15.2f\n", total);
	}
	if (!e->guest) /* a plain process has no vCPUs */
		return;
	np_sb_printf(out, "%-24s", "vcpus");
	for (size_t i = 0; i < sample->node_count; i++)
		np_sb_printf(out, " %15d", vcpus_on(e, sample->nodes[i].id));
	np_sb_printf(out, " %15d\n", e->vcpu_count);
}

/* The tier layout, and the nodes' promotion and demotion counters. */
static void tiering_table(const struct np_stats_sample *s, const struct np_rates *rates,
			  struct np_strbuf *out)
{
	np_sb_putc(out, '\n');
	np_tiering_text(&s->tiering, out);
	/* promotion and demotion per node: the rest of nodeN/vmstat is in
	 * CSV, JSON and prom */
	bool any = false;
	for (size_t i = 0; i < s->node_count; i++)
		for (size_t e = 0; e < s->nodes[i].event_count; e++)
			any |= strncmp(s->nodes[i].events[e].key, "pgpromote_", 10) == 0 ||
			       strncmp(s->nodes[i].events[e].key, "pgdemote_", 9) == 0;
	if (!any)
		return;
	np_sb_putc(out, '\n');
	table_header(s, "tiering, pages (per s)", out);
	np_sb_putc(out, '\n');
	const struct np_stats_node *first = &s->nodes[0];
	for (size_t e = 0; e < first->event_count; e++) {
		const char *key = first->events[e].key;
		if (strncmp(key, "pgpromote_", 10) != 0 && strncmp(key, "pgdemote_", 9) != 0)
			continue;
		np_sb_printf(out, "%-24s", key);
		for (size_t i = 0; i < s->node_count; i++) {
			const struct np_stats_node *n = &s->nodes[i];
			size_t k = 0;
			while (k < n->event_count && strcmp(n->events[k].key, key) != 0)
				k++;
			char cell[48] = "-";
			double rate;
			if (k < n->event_count && np_rate_event(rates, i, k, &rate))
				snprintf(cell, sizeof(cell), "%llu (%.1f)",
					 (unsigned long long)n->events[k].value, rate);
			else if (k < n->event_count)
				snprintf(cell, sizeof(cell), "%llu",
					 (unsigned long long)n->events[k].value);
			np_sb_printf(out, " %15s", cell);
		}
		np_sb_putc(out, '\n');
	}
}

static void render_table(const void *opaque, struct np_strbuf *out)
{
	const struct np_stats_report *report = opaque;
	const struct np_stats_sample *s = report->sample;
	np_sb_printf(out, "numaprobe stats on %s at %s%s%s\n\n", s->run.host, s->run.timestamp,
		     *report->label ? ", label " : "", report->label);
	table_header(s, "", out);
	np_sb_putc(out, '\n');
	for (int c = 0; c < NP_NODE_COUNTERS; c++) {
		np_sb_printf(out, "%-24s", np_node_counter_names[c]);
		for (size_t i = 0; i < s->node_count; i++)
			np_sb_printf(out, " %15llu", (unsigned long long)s->nodes[i].counters[c]);
		np_sb_putc(out, '\n');
	}
	bool any_rate = false;
	double rate;
	for (size_t i = 0; i < s->node_count; i++)
		for (int c = 0; c < NP_NODE_COUNTERS; c++)
			any_rate |= np_rate_counter(report->rates, i, c, &rate);
	if (any_rate) {
		np_sb_putc(out, '\n');
		table_header(s, "per second", out);
		np_sb_putc(out, '\n');
		for (int c = 0; c < NP_NODE_COUNTERS; c++) {
			np_sb_printf(out, "%-24s", np_node_counter_names[c]);
			for (size_t i = 0; i < s->node_count; i++) {
				if (np_rate_counter(report->rates, i, c, &rate))
					np_sb_printf(out, " %15.1f", rate);
				else
					np_sb_printf(out, " %15s", "-");
			}
			np_sb_putc(out, '\n');
		}
	}
	np_sb_putc(out, '\n');
	table_header(s, "memory, MB", out);
	np_sb_putc(out, '\n');
	for (int m = 0; m < NP_NODE_MEMS; m++) {
		np_sb_printf(out, "%-24s", mem_fields[m]);
		for (size_t i = 0; i < s->node_count; i++)
			np_sb_printf(out, " %15.2f", (double)s->nodes[i].mem[m] / MB);
		np_sb_putc(out, '\n');
	}
	tiering_table(s, report->rates, out);
	np_sb_puts(out, "\nsystem (NUMA balancing)  count");
	np_sb_puts(out, any_rate ? "           per second\n" : "\n");
	for (int c = 0; c < NP_SYSTEM_COUNTERS; c++) {
		if (!s->system_found[c])
			continue;
		np_sb_printf(out, "%-24s %15llu", np_system_counter_names[c],
			     (unsigned long long)s->system[c]);
		if (report->rates->system_valid[c])
			np_sb_printf(out, " %15.1f", report->rates->system[c]);
		np_sb_putc(out, '\n');
	}
	for (size_t e = 0; e < s->entity_count; e++)
		entity_table(s, &s->entities[e], out);
	if (s->gone)
		np_sb_printf(out, "\n%zu process%s exited while being read and %s skipped\n",
			     s->gone, s->gone == 1 ? "" : "es", s->gone == 1 ? "was" : "were");
	if (s->skipped)
		np_sb_printf(out,
			     "\n%zu process%s skipped: %s files held values numaprobe cannot "
			     "trust (see stderr)\n",
			     s->skipped, s->skipped == 1 ? " was" : "es were",
			     s->skipped == 1 ? "its" : "their");
}

void np_stats_render_meminfo(const struct np_stats_report *report, struct np_strbuf *out)
{
	const struct np_stats_sample *s = report->sample;
	np_sb_puts(out, "Per-node system memory usage (in MBs):\n");
	np_sb_printf(out, "%-16s", "");
	for (size_t i = 0; i < s->node_count; i++) {
		char name[24];
		snprintf(name, sizeof(name), "Node %d", s->nodes[i].id);
		np_sb_printf(out, " %15s", name);
	}
	np_sb_printf(out, " %15s\n%-16s", "Total", "");
	for (size_t i = 0; i <= s->node_count; i++)
		np_sb_puts(out, " ---------------");
	np_sb_putc(out, '\n');
	/* the rows: the fields of any node, in the order they first appear */
	for (size_t first = 0; first < s->node_count; first++) {
		const struct np_stats_node *n = &s->nodes[first];
		for (size_t f = 0; f < n->meminfo_count; f++) {
			const char *key = n->meminfo[f].key;
			bool seen = false;
			for (size_t j = 0; j < first && !seen; j++)
				seen = node_field(&s->nodes[j], false, key) != NULL;
			bool huge = strncmp(key, "HugePages_", 10) == 0;
			if (seen || (huge && s->default_huge_page_bytes == 0))
				continue;
			np_sb_printf(out, "%-16s", key);
			double total = 0;
			for (size_t i = 0; i < s->node_count; i++) {
				const struct np_kv_entry *v = node_field(&s->nodes[i], false, key);
				if (!v) {
					np_sb_printf(out, " %15s", "-");
					continue;
				}
				/* pages of the default size for HugePages_*, else bytes */
				double mb = huge ? (double)v->value *
						       (double)s->default_huge_page_bytes / MB
						 : (double)v->value / MB;
				total += mb;
				np_sb_printf(out, " %15.2f", mb);
			}
			np_sb_printf(out, " %15.2f\n", total);
		}
	}
}

/* ---- CSV ---------------------------------------------------------------- */

struct csv_rows {
	const struct np_stats_report *report;
	struct np_strbuf *out;
};

static void csv_row(struct csv_rows *rows, const char *scope, const struct np_stats_entity *entity,
		    int node, const char *metric, const char *value, const char *unit)
{
	const struct np_stats_sample *s = rows->report->sample;
	char pid[16] = "", node_text[16] = "";
	if (entity)
		snprintf(pid, sizeof(pid), "%d", (int)entity->pid);
	if (node >= 0)
		snprintf(node_text, sizeof(node_text), "%d", node);
	const char *fields[] = {s->run.timestamp,
				s->run.run_id,
				s->run.host,
				rows->report->label,
				scope,
				entity ? entity->name : "",
				pid,
				node_text,
				metric,
				value,
				unit};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		np_csv_field(rows->out, i == 0, fields[i]);
	np_csv_end_row(rows->out);
}

static void csv_count(struct csv_rows *rows, const char *scope,
		      const struct np_stats_entity *entity, int node, const char *metric,
		      unsigned long long value, const char *unit)
{
	char text[32];
	snprintf(text, sizeof(text), "%llu", value);
	csv_row(rows, scope, entity, node, metric, text, unit);
}

static void csv_rate(struct csv_rows *rows, const char *scope, int node, const char *counter,
		     double value)
{
	char metric[128], text[48];
	snprintf(metric, sizeof(metric), "%s_per_s", counter);
	snprintf(text, sizeof(text), "%.3f", value);
	csv_row(rows, scope, NULL, node, metric, text, "1/s");
}

void np_stats_render_csv_rows(const struct np_stats_report *report, struct np_strbuf *out)
{
	const struct np_stats_sample *s = report->sample;
	const struct np_rates *r = report->rates;
	struct csv_rows rows = {report, out};
	for (size_t i = 0; i < s->node_count; i++) {
		const struct np_stats_node *n = &s->nodes[i];
		for (int c = 0; c < NP_NODE_COUNTERS; c++)
			csv_count(&rows, "node", NULL, n->id, np_node_counter_names[c],
				  n->counters[c], "count");
		double rate;
		for (int c = 0; c < NP_NODE_COUNTERS; c++)
			if (np_rate_counter(r, i, c, &rate))
				csv_rate(&rows, "node", n->id, np_node_counter_names[c], rate);
		for (int m = 0; m < NP_NODE_MEMS; m++)
			csv_count(&rows, "node", NULL, n->id, np_node_mem_names[m], n->mem[m],
				  "bytes");
		char metric[NP_KV_SNAKE_MAX + 16]; /* mem_<snake>_bytes */
		for (size_t f = 0; f < n->meminfo_count; f++)
			if (meminfo_metric(&n->meminfo[f], metric, sizeof(metric)))
				csv_count(&rows, "node", NULL, n->id, metric, n->meminfo[f].value,
					  "bytes");
		for (size_t p = 0; p < n->pool_count; p++) {
			unsigned long long kb = n->pools[p].page_bytes / 1024;
			snprintf(metric, sizeof(metric), "hugepages_%llukB_total", kb);
			csv_count(&rows, "node", NULL, n->id, metric, n->pools[p].total, "count");
			snprintf(metric, sizeof(metric), "hugepages_%llukB_free", kb);
			csv_count(&rows, "node", NULL, n->id, metric, n->pools[p].free, "count");
			if (!n->pools[p].has_surplus)
				continue;
			snprintf(metric, sizeof(metric), "hugepages_%llukB_surp", kb);
			csv_count(&rows, "node", NULL, n->id, metric, n->pools[p].surplus, "count");
		}
		for (size_t e = 0; e < n->event_count; e++) {
			snprintf(metric, sizeof(metric), "vmstat_%s", n->events[e].key);
			csv_count(&rows, "node", NULL, n->id, metric, n->events[e].value, "count");
			if (np_rate_event(r, i, e, &rate))
				csv_rate(&rows, "node", n->id, metric, rate);
		}
	}
	for (int c = 0; c < NP_SYSTEM_COUNTERS; c++)
		if (s->system_found[c])
			csv_count(&rows, "system", NULL, -1, np_system_counter_names[c],
				  s->system[c], "count");
	for (int c = 0; c < NP_SYSTEM_COUNTERS; c++)
		if (r->system_valid[c])
			csv_rate(&rows, "system", -1, np_system_counter_names[c], r->system[c]);
	for (size_t e = 0; e < s->entity_count; e++) {
		const struct np_stats_entity *entity = &s->entities[e];
		const char *scope = entity->guest ? "guest" : "process";
		for (size_t i = 0; i < s->node_count; i++) {
			int node = s->nodes[i].id;
			if (!entity->denied) {
				static const char *const metrics[NP_MEM_KINDS] = {
				    "mem_bytes_huge", "mem_bytes_anon", "mem_bytes_file"};
				for (int k = 0; k < NP_MEM_KINDS; k++)
					csv_count(&rows, scope, entity, node, metrics[k],
						  memory_of(entity, node, (enum np_mem_kind)k),
						  "bytes");
			}
			if (entity->guest) /* a plain process has no vCPUs */
				csv_count(&rows, scope, entity, node, "vcpus",
					  (unsigned long long)vcpus_on(entity, node), "count");
		}
		if (!entity->denied)
			csv_count(&rows, scope, entity, -1, "mem_bytes",
				  np_node_memory_total(entity->memory), "bytes");
		if (entity->guest)
			csv_count(&rows, scope, entity, -1, "vcpus",
				  (unsigned long long)entity->vcpu_count, "count");
		if (!isnan(entity->local_fraction)) {
			char text[32];
			snprintf(text, sizeof(text), "%.4f", entity->local_fraction);
			csv_row(&rows, scope, entity, -1, "local_fraction", text, "ratio");
		}
	}
}

/* ---- JSON --------------------------------------------------------------- */

/* "counters" and "per_s" objects; only names with found[c] (NULL: all). */
static void json_counters(struct np_json *json, const char *const *names, const uint64_t *values,
			  const bool *found, int count, const double *rates, const bool *valid)
{
	np_json_key(json, "counters");
	np_json_object(json);
	for (int c = 0; c < count; c++)
		if (!found || found[c])
			np_json_kv_uint(json, names[c], values[c]);
	np_json_object_end(json);
	np_json_key(json, "per_s");
	np_json_object(json);
	for (int c = 0; c < count; c++) {
		if (found && !found[c])
			continue;
		np_json_key(json, names[c]);
		if (valid && valid[c])
			np_json_double(json, rates[c], 3);
		else
			np_json_null(json);
	}
	np_json_object_end(json);
}

static void json_node(struct np_json *json, const struct np_stats_sample *s, size_t i,
		      const struct np_rates *r)
{
	const struct np_stats_node *n = &s->nodes[i];
	np_json_object(json);
	np_json_kv_int(json, "node", n->id);
	double rates[NP_NODE_COUNTERS];
	bool valid[NP_NODE_COUNTERS];
	for (int c = 0; c < NP_NODE_COUNTERS; c++)
		valid[c] = np_rate_counter(r, i, c, &rates[c]);
	json_counters(json, np_node_counter_names, n->counters, NULL, NP_NODE_COUNTERS, rates,
		      valid);
	np_json_key(json, "memory");
	np_json_object(json);
	for (int m = 0; m < NP_NODE_MEMS; m++)
		np_json_kv_uint(json, np_node_mem_names[m], n->mem[m]);
	char metric[NP_KV_SNAKE_MAX + 16]; /* mem_<snake>_bytes */
	for (size_t f = 0; f < n->meminfo_count; f++)
		if (meminfo_metric(&n->meminfo[f], metric, sizeof(metric)))
			np_json_kv_uint(json, metric, n->meminfo[f].value);
	np_json_object_end(json);
	np_json_key(json, "hugepages");
	np_json_array(json);
	for (size_t p = 0; p < n->pool_count; p++) {
		np_json_object(json);
		np_json_kv_uint(json, "page_bytes", n->pools[p].page_bytes);
		np_json_kv_uint(json, "total", n->pools[p].total);
		np_json_kv_uint(json, "free", n->pools[p].free);
		np_json_key(json, "surplus");
		if (n->pools[p].has_surplus)
			np_json_uint(json, n->pools[p].surplus);
		else
			np_json_null(json);
		np_json_object_end(json);
	}
	np_json_array_end(json);
	/* nodeN/vmstat's events, with rates */
	np_json_key(json, "vmstat");
	np_json_object(json);
	np_json_key(json, "counters");
	np_json_object(json);
	for (size_t e = 0; e < n->event_count; e++)
		np_json_kv_uint(json, n->events[e].key, n->events[e].value);
	np_json_object_end(json);
	np_json_key(json, "per_s");
	np_json_object(json);
	for (size_t e = 0; e < n->event_count; e++) {
		double rate;
		np_json_key(json, n->events[e].key);
		if (np_rate_event(r, i, e, &rate))
			np_json_double(json, rate, 3);
		else
			np_json_null(json);
	}
	np_json_object_end(json);
	np_json_object_end(json);
	np_json_object_end(json);
}

static void json_entity(struct np_json *json, const struct np_stats_sample *s,
			const struct np_stats_entity *e)
{
	np_json_object(json);
	np_json_kv_string(json, "name", e->name);
	np_json_kv_int(json, "pid", e->pid);
	np_json_kv_string(json, "memory_source", e->denied ? "" : e->source);
	np_json_key(json, "error");
	if (e->denied)
		np_json_string(json, "permission denied");
	else
		np_json_null(json);
	np_json_kv_int(json, "vcpus", e->vcpu_count);
	np_json_kv_string(json, "vcpu_source", e->vcpu_source ? e->vcpu_source : "none");
	np_json_key(json, "vcpu_nodes");
	np_json_array_inline(json);
	for (int v = 0; v < e->vcpu_count; v++)
		np_json_int(json, e->vcpu_nodes[v]);
	np_json_array_end(json);
	np_json_kv_idset(json, "allowed_cpus", &e->allowed_cpus);
	np_json_kv_idset(json, "allowed_nodes", &e->allowed_nodes);
	np_json_kv_double(json, "local_fraction", e->local_fraction, 4);
	np_json_key(json, "mem_bytes");
	if (e->denied)
		np_json_null(json);
	else
		np_json_uint(json, np_node_memory_total(e->memory));
	np_json_key(json, "nodes");
	np_json_array(json);
	for (size_t i = 0; i < s->node_count && !e->denied; i++) {
		int node = s->nodes[i].id;
		np_json_object(json);
		np_json_kv_int(json, "node", node);
		for (int k = 0; k < NP_MEM_KINDS; k++) {
			char key[32];
			snprintf(key, sizeof(key), "mem_bytes_%s",
				 np_mem_kind_name((enum np_mem_kind)k));
			np_json_kv_uint(json, key, memory_of(e, node, (enum np_mem_kind)k));
		}
		np_json_kv_int(json, "vcpus", vcpus_on(e, node));
		np_json_object_end(json);
	}
	np_json_array_end(json);
	np_json_object_end(json);
}

static void render_csv(const void *opaque, struct np_strbuf *out)
{
	const struct np_stats_report *report = opaque;
	if (report->csv_header)
		np_sb_puts(out, NP_STATS_CSV_HEADER "\n");
	np_stats_render_csv_rows(report, out);
}

static void render_json(const void *opaque, struct np_strbuf *out)
{
	const struct np_stats_report *report = opaque;
	const struct np_stats_sample *s = report->sample;
	const struct np_rates *r = report->rates;
	struct np_json json;
	np_json_init(&json, out);
	np_json_object(&json);
	np_runinfo_json(&json, &s->run, report->label);
	np_json_kv_string(&json, "boot_id", s->boot_id);
	np_json_key(&json, "nodes");
	np_json_array(&json);
	for (size_t i = 0; i < s->node_count; i++)
		json_node(&json, s, i, r);
	np_json_array_end(&json);
	np_json_key(&json, "system");
	np_json_object(&json);
	json_counters(&json, np_system_counter_names, s->system, s->system_found,
		      NP_SYSTEM_COUNTERS, r->system, r->system_valid);
	np_json_object_end(&json);
	np_json_key(&json, "tiering");
	np_tiering_json(&json, &s->tiering);
	for (int guests = 1; guests >= 0; guests--) {
		np_json_key(&json, guests ? "guests" : "processes");
		np_json_array(&json);
		for (size_t e = 0; e < s->entity_count; e++)
			if (s->entities[e].guest == (guests == 1))
				json_entity(&json, s, &s->entities[e]);
		np_json_array_end(&json);
	}
	np_json_kv_uint(&json, "exited_while_read", s->gone);
	np_json_kv_uint(&json, "skipped_malformed", s->skipped);
	np_json_object_end(&json);
	np_json_finish(&json);
}

/* ---- Prometheus --------------------------------------------------------- */

static void prom_entity_labels(struct np_strbuf *out, const struct np_stats_entity *e)
{
	if (e->guest) {
		np_sb_puts(out, "guest=\"");
		np_prom_escape(out, e->name);
		np_sb_puts(out, "\"");
	} else {
		np_sb_printf(out, "pid=\"%d\",comm=\"", (int)e->pid);
		np_prom_escape(out, e->name);
		np_sb_puts(out, "\"");
	}
}

/* Families of the other meminfo fields (gauges) and of nodeN/vmstat's
 * events (counters): one family per name, a sample per node that has
 * it, in the first node's order, then any a later node adds. */
static void prom_node_fields(const struct np_stats_sample *s, struct np_strbuf *out)
{
	for (int events = 0; events < 2; events++)
		for (size_t first = 0; first < s->node_count; first++) {
			const struct np_stats_node *n = &s->nodes[first];
			size_t count = events ? n->event_count : n->meminfo_count;
			for (size_t k = 0; k < count; k++) {
				const struct np_kv_entry *e =
				    events ? &n->events[k] : &n->meminfo[k];
				/* named by an earlier node already */
				bool seen = false;
				for (size_t j = 0; j < first && !seen; j++)
					seen = node_field(&s->nodes[j], events, e->key) != NULL;
				char name[128], help[128];
				if (seen || (!events && !meminfo_metric(e, name, sizeof(name))))
					continue;
				if (events) {
					snprintf(name, sizeof(name), "vmstat_%s_total", e->key);
					snprintf(help, sizeof(help), "%s of the node's vmstat.",
						 e->key);
				} else {
					snprintf(help, sizeof(help), "%s of the node's meminfo.",
						 e->key);
				}
				np_prom_family(out, name, events ? "counter" : "gauge", help);
				for (size_t i = first; i < s->node_count; i++) {
					const struct np_kv_entry *v =
					    node_field(&s->nodes[i], events, e->key);
					if (v)
						np_sb_printf(
						    out, "numaprobe_%s{node=\"%d\"} %llu\n", name,
						    s->nodes[i].id, (unsigned long long)v->value);
				}
			}
		}
}

void np_stats_render_prom(const struct np_stats_report *report, struct np_strbuf *out)
{
	const struct np_stats_sample *s = report->sample;
	static const char *const counter_help[NP_NODE_COUNTERS] = {
	    "Allocations intended for this node and placed here.",
	    "Allocations intended for another node but placed here.",
	    "Allocations intended for this node but placed elsewhere.",
	    "Interleaved allocations placed on this node as intended.",
	    "Allocations placed here by a process running on this node.",
	    "Allocations placed here by a process running on another node."};
	for (int c = 0; c < NP_NODE_COUNTERS; c++) {
		char name[64];
		snprintf(name, sizeof(name), "%s_total", np_node_counter_names[c]);
		np_prom_family(out, name, "counter", counter_help[c]);
		for (size_t i = 0; i < s->node_count; i++)
			np_sb_printf(out, "numaprobe_%s{node=\"%d\"} %llu\n", name, s->nodes[i].id,
				     (unsigned long long)s->nodes[i].counters[c]);
	}
	static const char *const mem_help[NP_NODE_MEMS] = {
	    "MemTotal of the node.",  "MemFree of the node.",	"MemUsed of the node.",
	    "FilePages of the node.", "AnonPages of the node.", "Shmem of the node."};
	for (int m = 0; m < NP_NODE_MEMS; m++) {
		np_prom_family(out, np_node_mem_names[m], "gauge", mem_help[m]);
		for (size_t i = 0; i < s->node_count; i++)
			np_sb_printf(out, "numaprobe_%s{node=\"%d\"} %llu\n", np_node_mem_names[m],
				     s->nodes[i].id, (unsigned long long)s->nodes[i].mem[m]);
	}
	prom_node_fields(s, out);
	np_prom_family(
	    out, "hugepages", "gauge",
	    "Huge pages of the node's pool, by page size and state (total, free, surp).");
	for (size_t i = 0; i < s->node_count; i++)
		for (size_t p = 0; p < s->nodes[i].pool_count; p++) {
			const struct np_hugepage_pool *pool = &s->nodes[i].pools[p];
			np_sb_printf(out,
				     "numaprobe_hugepages{node=\"%d\",page_bytes=\"%llu\",state="
				     "\"total\"} %llu\n",
				     s->nodes[i].id, (unsigned long long)pool->page_bytes,
				     (unsigned long long)pool->total);
			np_sb_printf(out,
				     "numaprobe_hugepages{node=\"%d\",page_bytes=\"%llu\",state="
				     "\"free\"} %llu\n",
				     s->nodes[i].id, (unsigned long long)pool->page_bytes,
				     (unsigned long long)pool->free);
			if (pool->has_surplus)
				np_sb_printf(out,
					     "numaprobe_hugepages{node=\"%d\",page_bytes=\"%llu\","
					     "state=\"surp\"} %llu\n",
					     s->nodes[i].id, (unsigned long long)pool->page_bytes,
					     (unsigned long long)pool->surplus);
		}
	for (int c = 0; c < NP_SYSTEM_COUNTERS; c++) {
		if (!s->system_found[c])
			continue;
		char name[64];
		snprintf(name, sizeof(name), "%s_total", np_system_counter_names[c]);
		np_prom_family(out, name, "counter",
			       "NUMA balancing or page migration counter of /proc/vmstat.");
		np_sb_printf(out, "numaprobe_%s %llu\n", name, (unsigned long long)s->system[c]);
	}
	for (int guests = 1; guests >= 0; guests--) {
		const char *prefix = guests ? "guest" : "process";
		bool any = false;
		for (size_t e = 0; e < s->entity_count; e++)
			any |= s->entities[e].guest == (guests == 1);
		if (!any)
			continue;
		char name[64];
		snprintf(name, sizeof(name), "%s_mem_bytes", prefix);
		np_prom_family(out, name, "gauge",
			       "Resident memory on a host node, by kind (huge, anon, file).");
		for (size_t e = 0; e < s->entity_count; e++) {
			const struct np_stats_entity *entity = &s->entities[e];
			if (entity->guest != (guests == 1) || entity->denied)
				continue;
			for (size_t i = 0; i < s->node_count; i++)
				for (int k = 0; k < NP_MEM_KINDS; k++) {
					np_sb_printf(out, "numaprobe_%s{", name);
					prom_entity_labels(out, entity);
					np_sb_printf(
					    out, ",node=\"%d\",kind=\"%s\"} %llu\n", s->nodes[i].id,
					    np_mem_kind_name((enum np_mem_kind)k),
					    (unsigned long long)memory_of(entity, s->nodes[i].id,
									  (enum np_mem_kind)k));
				}
		}
		snprintf(name, sizeof(name), "%s_vcpus", prefix);
		if (guests) /* a plain process has no vCPUs */
			np_prom_family(out, name, "gauge",
				       "vCPU threads last seen running on a host node.");
		for (size_t e = 0; guests && e < s->entity_count; e++) {
			const struct np_stats_entity *entity = &s->entities[e];
			if (entity->guest != (guests == 1))
				continue;
			for (size_t i = 0; i < s->node_count; i++) {
				np_sb_printf(out, "numaprobe_%s{", name);
				prom_entity_labels(out, entity);
				np_sb_printf(out, ",node=\"%d\"} %d\n", s->nodes[i].id,
					     vcpus_on(entity, s->nodes[i].id));
			}
		}
		snprintf(name, sizeof(name), "%s_local_fraction", prefix);
		np_prom_family(out, name, "gauge",
			       "Expected share of memory accesses local to the vCPU's node (0-1).");
		for (size_t e = 0; e < s->entity_count; e++) {
			const struct np_stats_entity *entity = &s->entities[e];
			if (entity->guest != (guests == 1) || isnan(entity->local_fraction))
				continue;
			np_sb_printf(out, "numaprobe_%s{", name);
			prom_entity_labels(out, entity);
			np_sb_printf(out, "} %.4f\n", entity->local_fraction);
		}
	}
}

static void render_prom(const void *report, struct np_strbuf *out)
{
	np_stats_render_prom(report, out);
}

const struct np_renderer np_stats_renderers[] = {
    {"table", render_table}, {"csv", render_csv}, {"json", render_json},
    {"prom", render_prom},   {NULL, NULL},
};
