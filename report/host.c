/* host.c: host models for the placement report; see host.h. */
#include "host.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "../lib/benchcsv.h"
#include "../lib/fileio.h"
#include "../lib/number.h"
#include "../lib/size.h"
#include "../lib/xml.h"

static bool named(xmlNodePtr node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && xmlStrcmp(node->name, BAD_CAST name) == 0;
}

/* Reading one capabilities file: its path for messages, the error. */
struct caps_reader {
	const char *path;
	struct np_error *err;
	int *core_of; /* NULL, or each CPU's core from <cpu siblings> */
	bool cores;   /* some <cpu> gave its siblings */
};

/* A required numeric attribute from 0 to max. */
static int caps_number(struct caps_reader *r, xmlNodePtr node, const char *name, uint64_t max,
		       uint64_t *value)
{
	char text[64];
	int rc = np_xml_attr(node, name, text, sizeof(text));
	struct np_error why;
	if (rc == 0 && np_parse_uint(text, max, value, &why) == 0)
		return 0;
	return np_xml_fail(r->err, r->path, node, "<%s %s>: %s", (const char *)node->name, name,
			   rc == -1   ? "is missing"
			   : rc == -2 ? "is too long to be a number"
				      : why.message);
}

/* <memory unit='KiB'>N</memory> and <pages unit='KiB' size='S'>FREE</pages>. */
static int caps_size(struct caps_reader *r, xmlNodePtr node, const char *value, uint64_t *bytes)
{
	char unit[32];
	int has_unit = np_xml_attr(node, "unit", unit, sizeof(unit));
	struct np_error why;
	if (has_unit != -2 &&
	    np_parse_size_with_unit(value, has_unit == 0 ? unit : NULL, bytes, &why) == 0)
		return 0;
	return np_xml_fail(r->err, r->path, node, "<%s>: %s", (const char *)node->name,
			   has_unit == -2 ? "its unit is too long" : why.message);
}

static int caps_content_number(struct caps_reader *r, xmlNodePtr node, uint64_t *value)
{
	xmlChar *content = xmlNodeGetContent(node);
	struct np_error why;
	int rc = np_parse_uint(content ? (const char *)content : "", UINT64_MAX, value, &why);
	if (content)
		xmlFree(content);
	return rc < 0 ? np_xml_fail(r->err, r->path, node, "<%s>: %s", (const char *)node->name,
				    why.message)
		      : 0;
}

static int caps_pool(struct caps_reader *r, xmlNodePtr pages, struct np_node *node)
{
	char size[64];
	int rc = np_xml_attr(pages, "size", size, sizeof(size));
	if (rc < 0)
		return np_xml_fail(r->err, r->path, pages, "<pages>: the size attribute is %s",
				   rc == -1 ? "missing" : "too long");
	uint64_t page_bytes, free_pages, free_bytes;
	if (caps_size(r, pages, size, &page_bytes) < 0 ||
	    caps_content_number(r, pages, &free_pages) < 0)
		return -1;
	if (page_bytes == 0 || !np_mul_u64(page_bytes, free_pages, &free_bytes))
		return np_xml_fail(
		    r->err, r->path, pages,
		    "<pages size='%s'>: %llu free pages of that size overflow 64 bits "
		    "of bytes, or the size is 0",
		    size, (unsigned long long)free_pages);
	if (page_bytes == 4096)
		return 0; /* base pages are not a pool */
	for (size_t p = 0; p < node->pool_count; p++)
		if (node->pools[p].page_bytes == page_bytes)
			return np_xml_fail(r->err, r->path, pages,
					   "<pages size='%s'>: that size is given twice", size);
	struct np_hugepage_pool *grown =
	    realloc(node->pools, (node->pool_count + 1) * sizeof(*grown));
	if (!grown)
		return np_fail(r->err, "out of memory");
	node->pools = grown;
	/* capabilities give the free pages of a pool, not its size */
	node->pools[node->pool_count++] =
	    (struct np_hugepage_pool){page_bytes, free_pages, free_pages, 0, false};
	return 0;
}

/* One <cell>: its id, memory, huge pages and CPUs. */
static int caps_cell(struct caps_reader *r, xmlNodePtr cell, struct np_topology *host,
		     struct np_node *node, struct np_idset *cpus_seen)
{
	uint64_t id;
	if (caps_number(r, cell, "id", NP_MAX_NODES - 1, &id) < 0)
		return -1;
	if (np_idset_has(&host->online, (int)id))
		return np_xml_fail(r->err, r->path, cell, "<cell id='%llu'>: the id is used twice",
				   (unsigned long long)id);
	node->id = (int)id;
	np_idset_add(&host->online, node->id);
	np_idset_add(&host->possible, node->id);
	np_idset_add(&host->allowed_nodes, node->id);
	xmlNodePtr memory = np_xml_child(cell, "memory");
	if (memory) {
		xmlChar *content = xmlNodeGetContent(memory);
		int rc = caps_size(r, memory, content ? (const char *)content : "",
				   &node->mem_total_bytes);
		if (content)
			xmlFree(content);
		if (rc < 0)
			return -1;
	}
	node->mem_free_bytes = node->mem_total_bytes; /* capabilities say nothing of free memory */
	node->has_memory = node->mem_total_bytes > 0;
	for (xmlNodePtr n = cell->children; n; n = n->next)
		if (named(n, "pages") && caps_pool(r, n, node) < 0)
			return -1;
	if (node->pool_count > 1)
		qsort(node->pools, node->pool_count, sizeof(*node->pools), np_hugepage_pool_order);
	xmlNodePtr cpus = np_xml_child(cell, "cpus");
	for (xmlNodePtr n = cpus ? cpus->children : NULL; n; n = n->next) {
		uint64_t cpu;
		if (!named(n, "cpu"))
			continue;
		if (caps_number(r, n, "id", NP_ID_MAX, &cpu) < 0)
			return -1;
		if (np_idset_has(cpus_seen, (int)cpu))
			return np_xml_fail(r->err, r->path, n,
					   "<cpu id='%llu'>: the CPU is listed twice",
					   (unsigned long long)cpu);
		np_idset_add(cpus_seen, (int)cpu);
		np_idset_add(&node->cpus, (int)cpu);
		/* The core: the lowest of the SMT siblings (itself when none). */
		xmlChar *siblings = r->core_of ? xmlGetProp(n, BAD_CAST "siblings") : NULL;
		struct np_idset set;
		struct np_error ignored;
		if (siblings && np_idset_parse((const char *)siblings, &set, &ignored) == 0 &&
		    np_idset_has(&set, (int)cpu)) {
			r->core_of[cpu] = np_idset_next(&set, 0);
			r->cores = true;
		}
		if (siblings)
			xmlFree(siblings);
		np_idset_add(&host->allowed_cpus, (int)cpu);
	}
	node->has_cpu = !np_idset_empty(&node->cpus);
	return 0;
}

/* A cell's <distances>, once every cell's index is known: 10 to itself,
 * 10 to 255 to the others, as the kernel's SLIT; absent ones default to
 * 10 to itself and 20 to the others, as ACPI's. */
static int caps_distances(struct caps_reader *r, xmlNodePtr cell, struct np_topology *host,
			  size_t row)
{
	size_t n = host->node_count;
	xmlNodePtr distances = np_xml_child(cell, "distances");
	for (xmlNodePtr s = distances ? distances->children : NULL; s; s = s->next) {
		uint64_t to, value;
		if (!named(s, "sibling"))
			continue;
		if (caps_number(r, s, "id", NP_MAX_NODES - 1, &to) < 0 ||
		    caps_number(r, s, "value", 255, &value) < 0)
			return -1;
		int column = np_topology_index(host, (int)to);
		if (column < 0)
			return np_xml_fail(r->err, r->path, s,
					   "<sibling id='%llu'>: no cell has that id",
					   (unsigned long long)to);
		bool self = (size_t)column == row;
		if (self ? value != 10 : value < 10)
			return np_xml_fail(r->err, r->path, s,
					   "<sibling id='%llu' value='%llu'>: expected %s",
					   (unsigned long long)to, (unsigned long long)value,
					   self ? "10, the distance of a cell to itself"
						: "a distance from 10 to 255");
		if (host->distance[row * n + (size_t)column])
			return np_xml_fail(r->err, r->path, s, "<sibling id='%llu'>: given twice",
					   (unsigned long long)to);
		host->distance[row * n + (size_t)column] = (uint8_t)value;
	}
	for (size_t j = 0; j < n; j++)
		if (host->distance[row * n + j] == 0)
			host->distance[row * n + j] = j == row ? 10 : 20;
	return 0;
}

static int read_caps(struct caps_reader *r, xmlDocPtr doc, struct np_topology *host)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	xmlNodePtr cells =
	    np_xml_child(np_xml_child(np_xml_child(root, "host"), "topology"), "cells");
	if (!root || !named(root, "capabilities") || !cells)
		return np_fail(r->err,
			       "%s: expected virsh capabilities with <host><topology><cells>",
			       r->path);
	size_t count = 0;
	for (xmlNodePtr c = cells->children; c; c = c->next)
		count += named(c, "cell");
	if (count == 0)
		return np_fail(r->err, "%s: <cells> holds no <cell>", r->path);
	/* Counted before anything is allocated: the sizes below grow with
	 * the square of the count. */
	if (count > NP_MAX_NODES)
		return np_fail(r->err, "%s: %zu cells, more than the %d nodes a host can have",
			       r->path, count, NP_MAX_NODES);
	host->nodes = calloc(count, sizeof(*host->nodes));
	host->distance = calloc(count * count, sizeof(*host->distance));
	if (!host->nodes || !host->distance)
		return np_fail(r->err, "out of memory");
	host->node_count = count;
	host->numa_sysfs = true;
	struct np_idset cpus_seen;
	np_idset_clear(&cpus_seen);
	size_t i = 0;
	for (xmlNodePtr c = cells->children; c; c = c->next)
		if (named(c, "cell") && caps_cell(r, c, host, &host->nodes[i++], &cpus_seen) < 0)
			return -1;
	i = 0;
	for (xmlNodePtr c = cells->children; c; c = c->next)
		if (named(c, "cell") && caps_distances(r, c, host, i++) < 0)
			return -1;
	return 0;
}

int np_host_from_caps(const char *path, const char *text, size_t len, struct np_topology *host,
		      struct np_error *err)
{
	return np_host_from_caps_cores(path, text, len, host, NULL, NULL, err);
}

int np_host_from_caps_cores(const char *path, const char *text, size_t len,
			    struct np_topology *host, int *core_of, bool *cores,
			    struct np_error *err)
{
	memset(host, 0, sizeof(*host));
	for (int c = 0; core_of && c <= NP_ID_MAX; c++)
		core_of[c] = c;
	xmlDocPtr doc = np_xml_parse(path, text, len, err);
	if (!doc)
		return -1;
	struct caps_reader r = {path, err, core_of, false};
	int rc = read_caps(&r, doc, host);
	if (cores)
		*cores = r.cores;
	xmlFreeDoc(doc);
	if (rc < 0)
		np_topology_free(host);
	return rc;
}

int np_latency_from_bench(const struct np_bench_csv *csv, struct np_latency_matrix *matrix,
			  struct np_error *err)
{
	memset(matrix, 0, sizeof(*matrix));
	const char *path = csv->table.path;
	struct np_run_selector latest = {NULL, NULL};
	const char *run = np_bench_csv_select(csv, &latest, err);
	if (!run)
		return -1;
	for (size_t r = 0; r < csv->count; r++) {
		const struct np_bench_record *row = &csv->rows[r];
		/* node pairs with bound memory only: not groups, not interleaved */
		if (strcmp(row->test, "latency") != 0 || strcmp(row->run_id, run) != 0 ||
		    row->mem.node < 0 || strcmp(row->policy, "bind") != 0)
			continue;
		if (strcmp(row->unit, "ns") != 0 || !(row->median > 0))
			return np_fail(err,
				       "%s line %d: a latency row's median is %g %s, expected a "
				       "positive figure in ns",
				       path, row->line, row->median, row->unit);
		if (matrix->count == 4096)
			return np_fail(err, "%s: more than 4096 latency pairs", path);
		matrix->cpu[matrix->count] = row->cpu_node;
		matrix->mem[matrix->count] = row->mem.node;
		matrix->ns[matrix->count++] = row->median;
	}
	if (matrix->count == 0)
		return np_fail(err,
			       "%s: no latency rows in run %s (expected a numaprobe bench CSV)",
			       path, run);
	return 0;
}

int np_latency_from_bench_csv(const char *path, struct np_latency_matrix *matrix,
			      struct np_error *err)
{
	struct np_bench_csv csv;
	if (np_bench_csv_read(path, &csv, err) < 0)
		return -1;
	int rc = np_latency_from_bench(&csv, matrix, err);
	np_bench_csv_free(&csv);
	return rc;
}

double np_latency_lookup(const struct np_latency_matrix *matrix, int cpu, int mem)
{
	for (int i = 0; i < matrix->count; i++)
		if (matrix->cpu[i] == cpu && matrix->mem[i] == mem)
			return matrix->ns[i];
	return -1;
}
