/* topo_render.c: table, JSON and CSV views of a topology; see topo_render.h. */
#include "topo_render.h"

#include <stdio.h>

#include "../lib/csv.h"
#include "../lib/json.h"

static const char *const hmat_fields[4] = {"read_latency", "write_latency", "read_bandwidth",
					   "write_bandwidth"};

static int64_t hmat_value(const struct np_hmat_access *hmat, int field)
{
	const int64_t values[4] = {hmat->read_latency_ns, hmat->write_latency_ns,
				   hmat->read_bandwidth, hmat->write_bandwidth};
	return values[field];
}

/* The lines `numactl --hardware` prints, in its exact layout. */
static void numactl_section(const struct np_topology *topo, struct np_strbuf *out)
{
	np_sb_printf(out, "available: %zu nodes (", topo->node_count);
	np_idset_format(&topo->online, out);
	np_sb_puts(out, ")\n");
	for (size_t i = 0; i < topo->node_count; i++) {
		const struct np_node *node = &topo->nodes[i];
		np_sb_printf(out, "node %d cpus:", node->id);
		for (int cpu = np_idset_next(&node->cpus, 0); cpu >= 0;
		     cpu = np_idset_next(&node->cpus, cpu + 1))
			np_sb_printf(out, " %d", cpu);
		np_sb_printf(out, "\nnode %d size: %llu MB\n", node->id,
			     (unsigned long long)(node->mem_total_bytes >> 20));
		np_sb_printf(out, "node %d free: %llu MB\n", node->id,
			     (unsigned long long)(node->mem_free_bytes >> 20));
	}
	np_sb_puts(out, "node distances:\nnode ");
	for (size_t i = 0; i < topo->node_count; i++)
		np_sb_printf(out, "% 3d ", topo->nodes[i].id);
	np_sb_putc(out, '\n');
	for (size_t row = 0; row < topo->node_count; row++) {
		np_sb_printf(out, "% 3d: ", topo->nodes[row].id);
		for (size_t col = 0; col < topo->node_count; col++)
			np_sb_printf(out, "% 3d ",
				     (int)topo->distance[row * topo->node_count + col]);
		np_sb_putc(out, '\n');
	}
}

static void huge_page_section(const struct np_topology *topo, struct np_strbuf *out)
{
	np_sb_puts(out, "\nnode  memory blocks         huge pages (size: free/total)\n");
	for (size_t i = 0; i < topo->node_count; i++) {
		const struct np_node *node = &topo->nodes[i];
		char blocks[64] = "-";
		if (node->memory_blocks && topo->memory_block_bytes)
			snprintf(
			    blocks, sizeof(blocks), "%llu (%llu MiB)",
			    (unsigned long long)node->memory_blocks,
			    (unsigned long long)(node->memory_blocks * topo->memory_block_bytes >>
						 20));
		np_sb_printf(out, "% 4d  %-21s", node->id, blocks);
		if (node->pool_count == 0)
			np_sb_puts(out, " -");
		for (size_t p = 0; p < node->pool_count; p++)
			np_sb_printf(out, p ? ", %llukB: %llu/%llu" : " %llukB: %llu/%llu",
				     (unsigned long long)(node->pools[p].page_bytes / 1024),
				     (unsigned long long)node->pools[p].free,
				     (unsigned long long)node->pools[p].total);
		np_sb_putc(out, '\n');
	}
}

static void hmat_section(const struct np_topology *topo, struct np_strbuf *out)
{
	if (!np_topology_has_hmat(topo)) {
		np_sb_puts(out, "\nHMAT: none published by the firmware\n");
		return;
	}
	np_sb_puts(out, "\nHMAT, from the firmware, best initiators per memory node\n"
			"(access0: any initiator, access1: CPUs only; latency ns, bandwidth MB/s "
			"as the kernel reports it):\n"
			"target  class    initiators    read-lat  write-lat   read-bw  write-bw\n");
	for (size_t i = 0; i < topo->node_count; i++) {
		for (int access = 0; access < 2; access++) {
			const struct np_hmat_access *hmat = &topo->nodes[i].access[access];
			if (!hmat->present)
				continue;
			struct np_strbuf initiators;
			np_sb_init(&initiators);
			np_idset_format_or(&hmat->initiators, "(none)", &initiators);
			np_sb_printf(out, "% 6d  access%d  %-12s", topo->nodes[i].id, access,
				     np_sb_str(&initiators));
			np_sb_free(&initiators);
			for (int f = 0; f < 4; f++) {
				int64_t v = hmat_value(hmat, f);
				if (v == NP_HMAT_ABSENT)
					np_sb_printf(out, " %9s", "-");
				else
					np_sb_printf(out, " %9lld", (long long)v);
			}
			np_sb_putc(out, '\n');
		}
	}
}

static void render_table(const void *report, struct np_strbuf *out)
{
	const struct np_topo_report *r = report;
	const struct np_topology *topo = r->topo;
	const struct np_runinfo *run = r->run;
	const char *label = r->label;
	numactl_section(topo, out);
	np_sb_printf(out, "\nhost: %s\n", run->host);
	if (label && *label)
		np_sb_printf(out, "label: %s\n", label);
	if (!topo->numa_sysfs)
		np_sb_puts(out,
			   "note: this kernel has no /sys/devices/system/node (no NUMA support);\n"
			   "      shown as one node 0 holding every CPU and all memory\n");
	const struct {
		const char *title;
		const struct np_idset *set;
	} sets[] = {
	    {"possible nodes", &topo->possible},
	    {"online nodes", &topo->online},
	    {"allowed CPUs", &topo->allowed_cpus},
	    {"allowed memory nodes", &topo->allowed_nodes},
	};
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		np_sb_printf(out, "%-21s ", sets[i].title);
		np_idset_format_or(sets[i].set, "(none)", out);
		np_sb_putc(out, '\n');
	}
	struct np_idset cpu_less;
	struct np_idset memoryless;
	np_idset_clear(&cpu_less);
	np_idset_clear(&memoryless);
	for (size_t i = 0; i < topo->node_count; i++) {
		if (!topo->nodes[i].has_cpu)
			np_idset_add(&cpu_less, topo->nodes[i].id);
		if (!topo->nodes[i].has_memory)
			np_idset_add(&memoryless, topo->nodes[i].id);
	}
	np_sb_printf(out, "%-21s ", "CPU-less nodes");
	np_idset_format_or(&cpu_less, "(none)", out);
	np_sb_printf(out, "\n%-21s ", "memoryless nodes");
	np_idset_format_or(&memoryless, "(none)", out);
	np_sb_putc(out, '\n');
	if (topo->memory_block_bytes)
		np_sb_printf(out, "%-21s %llu bytes\n", "memory block size",
			     (unsigned long long)topo->memory_block_bytes);
	huge_page_section(topo, out);
	hmat_section(topo, out);
	np_sb_putc(out, '\n');
	np_tiering_text(r->tiering, out);
}

static void json_hmat(struct np_json *json, const struct np_topology *topo)
{
	np_json_key(json, "hmat");
	np_json_array(json);
	for (size_t i = 0; i < topo->node_count; i++) {
		for (int access = 0; access < 2; access++) {
			const struct np_hmat_access *hmat = &topo->nodes[i].access[access];
			if (!hmat->present)
				continue;
			static const char *const keys[4] = {"read_latency_ns", "write_latency_ns",
							    "read_bandwidth_mbps",
							    "write_bandwidth_mbps"};
			np_json_object(json);
			np_json_kv_int(json, "target", topo->nodes[i].id);
			np_json_kv_int(json, "access", access);
			np_json_kv_idset(json, "initiators", &hmat->initiators);
			for (int f = 0; f < 4; f++) {
				np_json_key(json, keys[f]);
				int64_t v = hmat_value(hmat, f);
				if (v == NP_HMAT_ABSENT)
					np_json_null(json);
				else
					np_json_int(json, v);
			}
			np_json_object_end(json);
		}
	}
	np_json_array_end(json);
}

static void json_node(struct np_json *json, const struct np_topology *topo, size_t index)
{
	const struct np_node *node = &topo->nodes[index];
	np_json_object(json);
	np_json_kv_int(json, "id", node->id);
	np_json_kv_idset(json, "cpus", &node->cpus);
	np_json_kv_bool(json, "has_cpu", node->has_cpu);
	np_json_kv_bool(json, "has_memory", node->has_memory);
	np_json_kv_uint(json, "memory_total_bytes", node->mem_total_bytes);
	np_json_kv_uint(json, "memory_free_bytes", node->mem_free_bytes);
	np_json_kv_uint(json, "memory_blocks", node->memory_blocks);
	np_json_kv_uint(json, "memory_blocks_bytes",
			node->memory_blocks * topo->memory_block_bytes);
	np_json_key(json, "distances");
	np_json_object(json);
	for (size_t col = 0; col < topo->node_count; col++) {
		char key[16];
		snprintf(key, sizeof(key), "%d", topo->nodes[col].id);
		np_json_kv_uint(json, key, topo->distance[index * topo->node_count + col]);
	}
	np_json_object_end(json);
	np_json_key(json, "hugepages");
	np_json_array(json);
	for (size_t p = 0; p < node->pool_count; p++) {
		np_json_object(json);
		np_json_kv_uint(json, "page_bytes", node->pools[p].page_bytes);
		np_json_kv_uint(json, "total", node->pools[p].total);
		np_json_kv_uint(json, "free", node->pools[p].free);
		np_json_object_end(json);
	}
	np_json_array_end(json);
	np_json_object_end(json);
}

static void render_json(const void *report, struct np_strbuf *out)
{
	const struct np_topo_report *r = report;
	const struct np_topology *topo = r->topo;
	const struct np_runinfo *run = r->run;
	const char *label = r->label;
	struct np_json json;
	np_json_init(&json, out);
	np_json_object(&json);
	np_runinfo_json(&json, run, label);
	np_json_kv_bool(&json, "numa_sysfs", topo->numa_sysfs);
	np_json_kv_idset(&json, "possible_nodes", &topo->possible);
	np_json_kv_idset(&json, "online_nodes", &topo->online);
	np_json_kv_uint(&json, "memory_block_bytes", topo->memory_block_bytes);
	np_json_key(&json, "nodes");
	np_json_array(&json);
	for (size_t i = 0; i < topo->node_count; i++)
		json_node(&json, topo, i);
	np_json_array_end(&json);
	json_hmat(&json, topo);
	np_json_kv_idset(&json, "allowed_cpus", &topo->allowed_cpus);
	np_json_kv_idset(&json, "allowed_nodes", &topo->allowed_nodes);
	np_json_key(&json, "tiering");
	np_tiering_json(&json, r->tiering);
	np_json_object_end(&json);
	np_json_finish(&json);
}

/* One CSV row; node < 0 and peer < 0 leave those columns empty. */
struct csv_rows {
	struct np_strbuf *out;
	const struct np_runinfo *run;
	const char *label;
};

static void csv_row(struct csv_rows *rows, int node, const char *metric, int peer,
		    const char *value, const char *unit)
{
	char node_text[16] = "";
	char peer_text[16] = "";
	if (node >= 0)
		snprintf(node_text, sizeof(node_text), "%d", node);
	if (peer >= 0)
		snprintf(peer_text, sizeof(peer_text), "%d", peer);
	const char *fields[] = {rows->run->timestamp,
				rows->run->run_id,
				rows->run->host,
				rows->label,
				node_text,
				metric,
				peer_text,
				value,
				unit};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		np_csv_field(rows->out, i == 0, fields[i]);
	np_csv_end_row(rows->out);
}

static void csv_number(struct csv_rows *rows, int node, const char *metric, int peer,
		       unsigned long long value, const char *unit)
{
	char text[32];
	snprintf(text, sizeof(text), "%llu", value);
	csv_row(rows, node, metric, peer, text, unit);
}

static void csv_list(struct csv_rows *rows, int node, const char *metric,
		     const struct np_idset *set)
{
	struct np_strbuf text;
	np_sb_init(&text);
	np_idset_format(set, &text);
	csv_row(rows, node, metric, -1, np_sb_str(&text), "list");
	np_sb_free(&text);
}

static void csv_node(struct csv_rows *rows, const struct np_topology *topo, size_t index)
{
	const struct np_node *node = &topo->nodes[index];
	csv_list(rows, node->id, "cpus", &node->cpus);
	csv_number(rows, node->id, "has_cpu", -1, node->has_cpu, "bool");
	csv_number(rows, node->id, "has_memory", -1, node->has_memory, "bool");
	csv_number(rows, node->id, "memory_total_bytes", -1, node->mem_total_bytes, "bytes");
	csv_number(rows, node->id, "memory_free_bytes", -1, node->mem_free_bytes, "bytes");
	csv_number(rows, node->id, "memory_blocks", -1, node->memory_blocks, "count");
	for (size_t col = 0; col < topo->node_count; col++)
		csv_number(rows, node->id, "distance", topo->nodes[col].id,
			   topo->distance[index * topo->node_count + col], "slit");
	for (size_t p = 0; p < node->pool_count; p++) {
		char metric[64];
		unsigned long long kb = node->pools[p].page_bytes / 1024;
		snprintf(metric, sizeof(metric), "hugepages_%llukB_total", kb);
		csv_number(rows, node->id, metric, -1, node->pools[p].total, "count");
		snprintf(metric, sizeof(metric), "hugepages_%llukB_free", kb);
		csv_number(rows, node->id, metric, -1, node->pools[p].free, "count");
	}
	for (int access = 0; access < 2; access++) {
		const struct np_hmat_access *hmat = &node->access[access];
		if (!hmat->present)
			continue;
		char metric[64];
		snprintf(metric, sizeof(metric), "hmat_access%d_initiators", access);
		csv_list(rows, node->id, metric, &hmat->initiators);
		for (int f = 0; f < 4; f++) {
			int64_t v = hmat_value(hmat, f);
			if (v == NP_HMAT_ABSENT)
				continue;
			snprintf(metric, sizeof(metric), "hmat_access%d_%s", access,
				 hmat_fields[f]);
			csv_number(rows, node->id, metric, -1, (unsigned long long)v,
				   f < 2 ? "ns" : "MB/s");
		}
	}
}

/* Each node's memory tier, then what the kernel has of demotion, the
 * balancing mode and the interleave weights (absent ones: no row). */
static void csv_tiering(struct csv_rows *rows, const struct np_tiering *t)
{
	for (size_t i = 0; i < t->tier_count; i++)
		for (int n = np_idset_next(&t->tiers[i].nodes, 0); n >= 0;
		     n = np_idset_next(&t->tiers[i].nodes, n + 1))
			csv_number(rows, n, "memory_tier", -1, (unsigned long long)t->tiers[i].id,
				   "tier");
	if (t->demotion_enabled >= 0)
		csv_number(rows, -1, "demotion_enabled", -1,
			   (unsigned long long)t->demotion_enabled, "bool");
	if (t->numa_balancing >= 0)
		csv_number(rows, -1, "numa_balancing", -1, (unsigned long long)t->numa_balancing,
			   "mode");
	for (size_t i = 0; i < t->weight_count; i++)
		csv_number(rows, t->weight_nodes[i], "weighted_interleave_weight", -1,
			   t->weights[i], "weight");
}

static void render_csv(const void *report, struct np_strbuf *out)
{
	const struct np_topo_report *r = report;
	const struct np_topology *topo = r->topo;
	const struct np_runinfo *run = r->run;
	const char *label = r->label;
	struct csv_rows rows = {out, run, label ? label : ""};
	np_sb_puts(out, NP_TOPO_CSV_HEADER "\n");
	csv_number(&rows, -1, "numa_sysfs", -1, topo->numa_sysfs, "bool");
	csv_list(&rows, -1, "possible_nodes", &topo->possible);
	csv_list(&rows, -1, "online_nodes", &topo->online);
	csv_list(&rows, -1, "allowed_cpus", &topo->allowed_cpus);
	csv_list(&rows, -1, "allowed_nodes", &topo->allowed_nodes);
	csv_number(&rows, -1, "memory_block_bytes", -1, topo->memory_block_bytes, "bytes");
	for (size_t i = 0; i < topo->node_count; i++)
		csv_node(&rows, topo, i);
	csv_tiering(&rows, r->tiering);
}

const struct np_renderer np_topo_renderers[] = {
    {"table", render_table},
    {"csv", render_csv},
    {"json", render_json},
    {NULL, NULL},
};
