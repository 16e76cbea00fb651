/* host.c: host models for the placement report; see host.h. */
#include "host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "../lib/csvread.h"
#include "../lib/fileio.h"
#include "../lib/size.h"
#include "../lib/xml.h"

static bool named(xmlNodePtr node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && xmlStrcmp(node->name, BAD_CAST name) == 0;
}

static int attr_number(xmlNodePtr node, const char *name, unsigned long long *value)
{
	char text[64];
	return np_xml_attr(node, name, text, sizeof(text)) == 0 && np_parse_u64(text, value) == 0
		   ? 0
		   : -1;
}

int np_host_from_caps(const char *path, const char *text, size_t len, struct np_topology *host,
		      struct np_error *err)
{
	memset(host, 0, sizeof(*host));
	xmlDocPtr doc = np_xml_parse(path, text, len, err);
	if (!doc)
		return -1;
	int rc = 0;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	xmlNodePtr cells =
	    np_xml_child(np_xml_child(np_xml_child(root, "host"), "topology"), "cells");
	if (!root || !named(root, "capabilities") || !cells)
		rc = np_fail(err, "%s: expected virsh capabilities with <host><topology><cells>",
			     path);
	size_t count = 0;
	for (xmlNodePtr c = cells ? cells->children : NULL; c; c = c->next)
		count += named(c, "cell");
	if (rc == 0 && count == 0)
		rc = np_fail(err, "%s: <cells> holds no <cell>", path);
	if (rc == 0) {
		host->nodes = calloc(count, sizeof(*host->nodes));
		host->distance = calloc(count * count, sizeof(*host->distance));
		if (!host->nodes || !host->distance)
			rc = np_fail(err, "out of memory");
		host->node_count = count;
	}
	size_t i = 0;
	host->numa_sysfs = true;
	for (xmlNodePtr c = cells ? cells->children : NULL; rc == 0 && c; c = c->next) {
		if (!named(c, "cell"))
			continue;
		struct np_node *node = &host->nodes[i++];
		unsigned long long id;
		if (attr_number(c, "id", &id) < 0 || id > NP_ID_MAX) {
			rc = np_fail(err, "%s line %ld: <cell> needs a numeric id", path,
				     xmlGetLineNo(c));
			break;
		}
		node->id = (int)id;
		np_idset_add(&host->online, node->id);
		np_idset_add(&host->possible, node->id);
		np_idset_add(&host->allowed_nodes, node->id);
		xmlNodePtr memory = np_xml_child(c, "memory");
		if (memory) {
			xmlChar *content = xmlNodeGetContent(memory);
			char unit[16];
			bool has_unit = np_xml_attr(memory, "unit", unit, sizeof(unit)) == 0;
			struct np_error why;
			if (np_parse_size_with_unit(content ? (const char *)content : "",
						    has_unit ? unit : NULL, &node->mem_total_bytes,
						    &why) < 0)
				rc = np_fail(err, "%s line %ld: <memory>: %s", path,
					     xmlGetLineNo(memory), why.message);
			if (content)
				xmlFree(content);
		}
		node->mem_free_bytes =
		    node->mem_total_bytes; /* capabilities say nothing of free memory */
		node->has_memory = node->mem_total_bytes > 0;
		for (xmlNodePtr n = c->children; rc == 0 && n; n = n->next) {
			unsigned long long value;
			if (named(n, "pages") && attr_number(n, "size", &value) == 0) {
				xmlChar *content = xmlNodeGetContent(n);
				unsigned long long free_pages = 0;
				np_parse_u64(content ? (const char *)content : "0", &free_pages);
				if (content)
					xmlFree(content);
				if (value == 4)
					continue; /* base pages are not a pool */
				struct np_hugepage_pool *grown =
				    realloc(node->pools, (node->pool_count + 1) * sizeof(*grown));
				if (!grown) {
					rc = np_fail(err, "out of memory");
					break;
				}
				node->pools = grown;
				/* size is in the unit attribute, KiB in practice */
				node->pools[node->pool_count++] =
				    (struct np_hugepage_pool){value * 1024, free_pages, free_pages};
			}
		}
		xmlNodePtr cpus = np_xml_child(c, "cpus");
		for (xmlNodePtr n = cpus ? cpus->children : NULL; n; n = n->next) {
			unsigned long long cpu;
			if (named(n, "cpu") && attr_number(n, "id", &cpu) == 0 &&
			    cpu <= NP_ID_MAX) {
				np_idset_add(&node->cpus, (int)cpu);
				np_idset_add(&host->allowed_cpus, (int)cpu);
			}
		}
		node->has_cpu = !np_idset_empty(&node->cpus);
	}
	/* Distances, now that every cell's index is known. */
	i = 0;
	for (xmlNodePtr c = cells ? cells->children : NULL; rc == 0 && c; c = c->next) {
		if (!named(c, "cell"))
			continue;
		xmlNodePtr distances = np_xml_child(c, "distances");
		for (xmlNodePtr s = distances ? distances->children : NULL; s; s = s->next) {
			unsigned long long to, value;
			if (!named(s, "sibling") || attr_number(s, "id", &to) < 0 ||
			    attr_number(s, "value", &value) < 0)
				continue;
			int j = np_topology_index(host, (int)to);
			if (j < 0 || value > 255) {
				rc = np_fail(err,
					     "%s line %ld: <sibling id='%llu' value='%llu'>: no "
					     "such cell or distance above 255",
					     path, xmlGetLineNo(s), to, value);
				break;
			}
			host->distance[i * host->node_count + (size_t)j] = (uint32_t)value;
		}
		for (size_t j = 0; j < host->node_count; j++)
			if (host->distance[i * host->node_count + j] == 0)
				host->distance[i * host->node_count + j] =
				    i == j ? 10 : 20; /* SLIT's default */
		i++;
	}
	xmlFreeDoc(doc);
	if (rc < 0)
		np_topology_free(host);
	return rc;
}

int np_latency_from_bench_csv(const char *path, struct np_latency_matrix *matrix,
			      struct np_error *err)
{
	memset(matrix, 0, sizeof(*matrix));
	struct np_csv_table t;
	if (np_csv_read(path, &t, err) < 0)
		return -1;
	static const char *const names[] = {"timestamp", "run_id", "test", "cpu_node",
					    "mem_node",	 "median", "unit"};
	int col[7];
	int rc = np_csv_require(&t, names, col, 7, err);
	/* The latest run: the largest timestamp (ISO 8601 sorts as text). */
	const char *latest = NULL;
	for (size_t r = 0; rc == 0 && r < t.row_count; r++)
		if (strcmp(t.rows[r][col[2]], "latency") == 0 &&
		    (!latest || strcmp(t.rows[r][col[0]], latest) > 0))
			latest = t.rows[r][col[0]];
	if (rc == 0 && !latest)
		rc = np_fail(err, "%s: no latency rows (expected a numaprobe bench CSV)", path);
	for (size_t r = 0; rc == 0 && r < t.row_count; r++) {
		char **row = t.rows[r];
		if (strcmp(row[col[2]], "latency") != 0 || strcmp(row[col[0]], latest) != 0)
			continue;
		char *end;
		long cpu = strtol(row[col[3]], &end, 10);
		int bad = *end || row[col[3]][0] == '\0';
		long mem = strtol(row[col[4]], &end, 10);
		bad |= *end || row[col[4]][0] == '\0';
		double ns = strtod(row[col[5]], &end);
		bad |= *end || !(ns > 0) || strcmp(row[col[6]], "ns") != 0;
		if (bad) {
			rc = np_fail(err,
				     "%s line %d: expected cpu_node, mem_node, a positive median "
				     "and unit ns",
				     path, t.row_lines[r]);
			break;
		}
		if (matrix->count == 4096) {
			rc = np_fail(err, "%s: more than 4096 latency pairs", path);
			break;
		}
		matrix->cpu[matrix->count] = (int)cpu;
		matrix->mem[matrix->count] = (int)mem;
		matrix->ns[matrix->count++] = ns;
	}
	np_csv_table_free(&t);
	return rc;
}

double np_latency_lookup(const struct np_latency_matrix *matrix, int cpu, int mem)
{
	for (int i = 0; i < matrix->count; i++)
		if (matrix->cpu[i] == cpu && matrix->mem[i] == mem)
			return matrix->ns[i];
	return -1;
}
