/* topology.c: reading the NUMA layout from sysfs; see topology.h. */
#include "topology.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "fileio.h"
#include "number.h"
#include "kvfile.h"
#include "proc.h"

#define NODE_DIR "devices/system/node"

/* Per-read scratch: the path buffer and file contents are reused. */
struct reader {
	const struct np_roots *roots;
	char path[PATH_MAX];
	struct np_strbuf text;
	struct np_error *err;
};

/* Builds reader->path from a printf-style path relative to the sysfs root. */
__attribute__((format(printf, 2, 3))) static int sys_path(struct reader *r, const char *fmt, ...)
{
	char relative[PATH_MAX];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(relative, sizeof(relative), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(relative))
		return np_fail(r->err, "sysfs path is too long");
	return np_root_path(r->path, sizeof(r->path), r->roots->sysfs, relative, r->err);
}

static int read_list(struct reader *r, struct np_idset *out, bool allow_empty)
{
	if (np_read_line_file(r->path, &r->text, NULL, r->err) < 0)
		return -1;
	int rc = allow_empty ? np_idset_parse_kernel(np_sb_str(&r->text), out, r->err)
			     : np_idset_parse(np_sb_str(&r->text), out, r->err);
	return rc < 0 ? np_fail_prefix(r->err, "%s", r->path) : 0;
}

/* Reads an optional single-integer file holding 0 to max: returns 1 when
 * read, 0 when absent, -1 on malformed content. */
static int read_optional_u64(struct reader *r, uint64_t max, uint64_t *value)
{
	int errno_seen;
	if (np_read_line_file(r->path, &r->text, &errno_seen, r->err) < 0)
		return errno_seen == ENOENT ? 0 : -1;
	if (np_parse_uint(np_sb_str(&r->text), max, value, r->err) < 0)
		return np_fail_prefix(r->err, "%s", r->path);
	return 1;
}

/* Calls `each` with the number of every entry of dir named
 * <prefix><digits><suffix>, digits from 0 to max. A missing directory has
 * no entries; a number above max, any other failure to list the
 * directory, or a failing callback returns -1. */
static int scan_numbered(const char *dir, const char *prefix, const char *suffix, uint64_t max,
			 int (*each)(void *ctx, unsigned long long number), void *ctx,
			 struct np_error *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0
				       : np_fail(err, "%s: cannot list: %s", dir, strerror(errno));
	size_t prefix_len = strlen(prefix);
	size_t suffix_len = strlen(suffix);
	int rc = 0;
	struct dirent *entry;
	while (rc == 0 && (entry = readdir(d)) != NULL) {
		const char *name = entry->d_name;
		size_t len = strlen(name);
		if (len <= prefix_len + suffix_len || strncmp(name, prefix, prefix_len) != 0 ||
		    strcmp(name + len - suffix_len, suffix) != 0)
			continue;
		const char *digits = name + prefix_len;
		const char *digits_end = name + len - suffix_len;
		uint64_t number;
		enum np_scan found = np_scan_uint(&digits, digits_end, max, &number);
		if (found == NP_SCAN_RANGE && digits == digits_end)
			rc =
			    np_fail(err, "%s/%s: %.*s is above %llu, the largest numaprobe accepts",
				    dir, name, (int)(digits_end - name - prefix_len),
				    name + prefix_len, (unsigned long long)max);
		else if (found == NP_SCAN_OK && digits == digits_end)
			rc = each(ctx, number);
	}
	closedir(d);
	return rc;
}

static int count_block(void *ctx, unsigned long long number)
{
	(void)number;
	(*(uint64_t *)ctx)++;
	return 0;
}

static int add_to_set(void *ctx, unsigned long long number)
{
	np_idset_add(ctx, (int)number);
	return 0;
}

struct pool_list {
	struct np_node *node;
	struct reader *r;
};

int np_hugepage_pool_order(const void *a, const void *b)
{
	const struct np_hugepage_pool *x = a;
	const struct np_hugepage_pool *y = b;
	return (x->page_bytes > y->page_bytes) - (x->page_bytes < y->page_bytes);
}

static int read_pool_value(struct reader *r, int node_id, unsigned long long kb, const char *file,
			   uint64_t *value)
{
	if (sys_path(r, NODE_DIR "/node%d/hugepages/hugepages-%llukB/%s", node_id, kb, file) < 0)
		return -1;
	int rc = read_optional_u64(r, UINT64_MAX, value);
	if (rc == 0)
		return np_fail(r->err, "%s: missing", r->path);
	return rc < 0 ? -1 : 0;
}

static int add_pool(void *ctx, unsigned long long kb)
{
	struct pool_list *list = ctx;
	struct np_node *node = list->node;
	/* The directory's size is bounded by scan_numbered, so this cannot
	 * wrap: hugepages-18014398509481984kB is refused, never a 0 kB pool. */
	struct np_hugepage_pool pool = {.page_bytes = (uint64_t)kb * 1024};
	if (read_pool_value(list->r, node->id, kb, "nr_hugepages", &pool.total) < 0 ||
	    read_pool_value(list->r, node->id, kb, "free_hugepages", &pool.free) < 0)
		return -1;
	/* surplus pages (overcommitted beyond the pool) are reported where
	 * the kernel has the file, never invented */
	if (sys_path(list->r, NODE_DIR "/node%d/hugepages/hugepages-%llukB/surplus_hugepages",
		     node->id, kb) < 0)
		return -1;
	int surplus = read_optional_u64(list->r, UINT64_MAX, &pool.surplus);
	if (surplus < 0)
		return -1;
	pool.has_surplus = surplus > 0;
	struct np_hugepage_pool *grown =
	    realloc(node->pools, (node->pool_count + 1) * sizeof(*node->pools));
	if (!grown)
		return np_fail(list->r->err, "out of memory");
	node->pools = grown;
	node->pools[node->pool_count++] = pool;
	return 0;
}

static int read_hmat(struct reader *r, struct np_node *node, int access)
{
	struct np_hmat_access *hmat = &node->access[access];
	static const char *const files[] = {"read_latency", "write_latency", "read_bandwidth",
					    "write_bandwidth"};
	int64_t *slots[] = {&hmat->read_latency_ns, &hmat->write_latency_ns, &hmat->read_bandwidth,
			    &hmat->write_bandwidth};
	if (sys_path(r, NODE_DIR "/node%d/access%d/initiators", node->id, access) < 0)
		return -1;
	if (!np_path_exists(r->path))
		return 0;
	hmat->present = true;
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", r->path);
	if (scan_numbered(dir, "node", "", NP_MAX_NODES - 1, add_to_set, &hmat->initiators,
			  r->err) < 0)
		return -1;
	for (int i = 0; i < 4; i++) {
		*slots[i] = NP_HMAT_ABSENT;
		if (sys_path(r, NODE_DIR "/node%d/access%d/initiators/%s", node->id, access,
			     files[i]) < 0)
			return -1;
		/* The kernel keeps these in an unsigned int; anything larger is not
		 * the kernel's (and 2^64 - 1 must not read as "absent"). */
		uint64_t value;
		int rc = read_optional_u64(r, UINT32_MAX, &value);
		if (rc < 0)
			return -1;
		if (rc == 1)
			*slots[i] = (int64_t)value;
	}
	return 0;
}

static int read_node_memory(struct reader *r, struct np_node *node)
{
	if (sys_path(r, NODE_DIR "/node%d/meminfo", node->id) < 0 ||
	    np_read_file(r->path, &r->text, NULL, r->err) < 0)
		return -1;
	struct np_kv_field fields[] = {
	    {"MemTotal", &node->mem_total_bytes, true, false},
	    {"MemFree", &node->mem_free_bytes, true, false},
	};
	return np_kv_parse(r->path, np_sb_str(&r->text), NP_KV_COLON, fields, 2, r->err);
}

static int read_node(struct reader *r, struct np_node *node, bool has_cpu_known,
		     const struct np_idset *has_cpu, bool has_memory_known,
		     const struct np_idset *has_memory)
{
	if (sys_path(r, NODE_DIR "/node%d/cpulist", node->id) < 0 ||
	    read_list(r, &node->cpus, true) < 0)
		return -1;
	if (read_node_memory(r, node) < 0)
		return -1;
	node->has_cpu =
	    has_cpu_known ? np_idset_has(has_cpu, node->id) : !np_idset_empty(&node->cpus);
	node->has_memory =
	    has_memory_known ? np_idset_has(has_memory, node->id) : node->mem_total_bytes > 0;
	char dir[PATH_MAX];
	if (sys_path(r, NODE_DIR "/node%d", node->id) < 0)
		return -1;
	snprintf(dir, sizeof(dir), "%s", r->path);
	if (scan_numbered(dir, "memory", "", UINT64_MAX, count_block, &node->memory_blocks,
			  r->err) < 0)
		return -1;
	if (sys_path(r, NODE_DIR "/node%d/hugepages", node->id) < 0)
		return -1;
	snprintf(dir, sizeof(dir), "%s", r->path);
	struct pool_list list = {node, r};
	if (scan_numbered(dir, "hugepages-", "kB", UINT64_MAX / 1024, add_pool, &list, r->err) < 0)
		return -1;
	if (node->pool_count > 1)
		qsort(node->pools, node->pool_count, sizeof(*node->pools), np_hugepage_pool_order);
	for (int access = 0; access < 2; access++)
		if (read_hmat(r, node, access) < 0)
			return -1;
	return 0;
}

/* Column k of nodeN/distance belongs to the k-th ONLINE node, not to node
 * k. The kernel prints a space before every node's value except node 0's,
 * so the line starts with a space when node 0 is offline: leading blanks
 * are skipped, not treated as an empty column. */
static int read_distances(struct reader *r, struct np_topology *topo)
{
	size_t n = topo->node_count;
	topo->distance = calloc(n * n, sizeof(*topo->distance));
	if (!topo->distance)
		return np_fail(r->err, "out of memory");
	struct np_strbuf online;
	np_sb_init(&online);
	np_idset_format(&topo->online, &online);
	int rc = 0;
	for (size_t row = 0; row < n && rc == 0; row++) {
		if (sys_path(r, NODE_DIR "/node%d/distance", topo->nodes[row].id) < 0 ||
		    np_read_line_file(r->path, &r->text, NULL, r->err) < 0) {
			rc = -1;
			break;
		}
		const char *p = np_sb_str(&r->text);
		size_t column = 0;
		while (rc == 0) {
			while (*p == ' ' || *p == '\t')
				p++;
			if (!*p)
				break;
			const char *start = p;
			unsigned long value = 0;
			while (isdigit((unsigned char)*p) && value <= 255)
				value = value * 10 + (unsigned long)(*p++ - '0');
			if (p == start || (*p && *p != ' ' && *p != '\t') || value < 1 ||
			    value > 255) {
				rc = np_fail(r->err,
					     "%s: found '%s', expected distances from 1 to 255 "
					     "separated by spaces",
					     r->path, np_sb_str(&r->text));
				break;
			}
			if (column < n)
				topo->distance[row * n + column] = (uint8_t)value;
			column++;
		}
		if (rc == 0 && column == 0)
			rc = np_fail(
			    r->err,
			    "%s: is empty, expected %zu distances (one per online node: %s)",
			    r->path, n, np_sb_str(&online));
		else if (rc == 0 && column != n)
			rc = np_fail(r->err,
				     "%s: has %zu values, expected %zu (one per online node: %s)",
				     r->path, column, n, np_sb_str(&online));
	}
	np_sb_free(&online);
	return rc;
}

/* Reads an optional id-list file into out; *known tells whether it exists. */
static int read_optional_list(struct reader *r, const char *name, struct np_idset *out, bool *known)
{
	if (sys_path(r, NODE_DIR "/%s", name) < 0)
		return -1;
	*known = np_path_exists(r->path);
	np_idset_clear(out);
	return *known ? read_list(r, out, true) : 0;
}

static int read_block_size(struct reader *r, struct np_topology *topo)
{
	if (sys_path(r, "devices/system/memory/block_size_bytes") < 0)
		return -1;
	int errno_seen;
	if (np_read_line_file(r->path, &r->text, &errno_seen, r->err) < 0)
		return errno_seen == ENOENT ? 0 : -1;
	/* Hexadecimal without 0x: 8000000 is 128 MiB. */
	const char *text = np_sb_str(&r->text);
	if (np_parse_hex(text, &topo->memory_block_bytes, NULL) < 0)
		return np_fail(r->err, "%s: found '%s', expected a hexadecimal byte count", r->path,
			       text);
	return 0;
}

static int allocate_nodes(struct reader *r, struct np_topology *topo, size_t count)
{
	topo->nodes = calloc(count, sizeof(*topo->nodes));
	if (!topo->nodes)
		return np_fail(r->err, "out of memory");
	topo->node_count = count;
	return 0;
}

/* No node directory (CONFIG_NUMA off): one node 0 with every CPU and all
 * memory, from the CPU online list and /proc/meminfo. */
static int read_without_numa(struct reader *r, struct np_topology *topo)
{
	topo->numa_sysfs = false;
	if (allocate_nodes(r, topo, 1) < 0)
		return -1;
	struct np_node *node = &topo->nodes[0];
	np_idset_add(&topo->possible, 0);
	np_idset_add(&topo->online, 0);
	if (sys_path(r, "devices/system/cpu/online") < 0 || read_list(r, &node->cpus, false) < 0)
		return -1;
	if (np_root_path(r->path, sizeof(r->path), r->roots->proc, "meminfo", r->err) < 0 ||
	    np_read_file(r->path, &r->text, NULL, r->err) < 0)
		return -1;
	uint64_t huge_total = 0, huge_free = 0, huge_size = 0, huge_surplus = 0;
	struct np_kv_field fields[] = {
	    {"MemTotal", &node->mem_total_bytes, true, false},
	    {"MemFree", &node->mem_free_bytes, true, false},
	    {"HugePages_Total", &huge_total, false, false},
	    {"HugePages_Free", &huge_free, false, false},
	    {"Hugepagesize", &huge_size, false, false},
	    {"HugePages_Surp", &huge_surplus, false, false},
	};
	if (np_kv_parse(r->path, np_sb_str(&r->text), NP_KV_COLON, fields, 6, r->err) < 0)
		return -1;
	node->has_cpu = !np_idset_empty(&node->cpus);
	node->has_memory = node->mem_total_bytes > 0;
	if (fields[4].found && huge_size > 0) {
		node->pools = calloc(1, sizeof(*node->pools));
		if (!node->pools)
			return np_fail(r->err, "out of memory");
		node->pools[0] = (struct np_hugepage_pool){huge_size, huge_total, huge_free,
							   huge_surplus, fields[5].found};
		node->pool_count = 1;
	}
	topo->distance = calloc(1, sizeof(*topo->distance));
	if (!topo->distance)
		return np_fail(r->err, "out of memory");
	topo->distance[0] = 10;
	return 0;
}

/* Node ids index arrays of NP_MAX_NODES everywhere (stats, rates,
 * numa_maps): this is the one place they enter, so the bound is kept here. */
static int check_node_ids(struct reader *r, const struct np_idset *ids)
{
	int last = -1;
	for (int id = np_idset_next(ids, 0); id >= 0; id = np_idset_next(ids, id + 1))
		last = id;
	if (last >= NP_MAX_NODES)
		return np_fail(r->err,
			       "%s: names node %d: node ids run from 0 to %d (the kernel's "
			       "MAX_NUMNODES)",
			       r->path, last, NP_MAX_NODES - 1);
	return 0;
}

static int read_with_numa(struct reader *r, struct np_topology *topo)
{
	topo->numa_sysfs = true;
	if (sys_path(r, NODE_DIR "/possible") < 0 || read_list(r, &topo->possible, false) < 0 ||
	    check_node_ids(r, &topo->possible) < 0)
		return -1;
	if (sys_path(r, NODE_DIR "/online") < 0 || read_list(r, &topo->online, false) < 0 ||
	    check_node_ids(r, &topo->online) < 0)
		return -1;
	struct np_idset has_cpu, has_memory;
	bool has_cpu_known, has_memory_known;
	if (read_optional_list(r, "has_cpu", &has_cpu, &has_cpu_known) < 0 ||
	    read_optional_list(r, "has_memory", &has_memory, &has_memory_known) < 0)
		return -1;
	/* Node directories beyond the online list are not read, but one with
	 * an id past the bound means a tree numaprobe cannot trust. */
	if (sys_path(r, NODE_DIR) < 0)
		return -1;
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", r->path);
	struct np_idset dirs;
	np_idset_clear(&dirs);
	if (scan_numbered(dir, "node", "", NP_MAX_NODES - 1, add_to_set, &dirs, r->err) < 0)
		return -1;
	if (allocate_nodes(r, topo, (size_t)np_idset_count(&topo->online)) < 0)
		return -1;
	size_t index = 0;
	for (int id = np_idset_next(&topo->online, 0); id >= 0;
	     id = np_idset_next(&topo->online, id + 1)) {
		topo->nodes[index].id = id;
		if (read_node(r, &topo->nodes[index], has_cpu_known, &has_cpu, has_memory_known,
			      &has_memory) < 0)
			return -1;
		index++;
	}
	return read_distances(r, topo);
}

int np_topology_read(const struct np_roots *roots, struct np_topology *topo, struct np_error *err)
{
	memset(topo, 0, sizeof(*topo));
	struct reader r = {.roots = roots, .err = err};
	np_sb_init(&r.text);
	int rc = sys_path(&r, NODE_DIR);
	if (rc == 0)
		rc =
		    np_path_exists(r.path) ? read_with_numa(&r, topo) : read_without_numa(&r, topo);
	if (rc == 0)
		rc = read_block_size(&r, topo);
	if (rc == 0)
		rc = np_proc_read_allowed(roots, "self", &topo->allowed_cpus, &topo->allowed_nodes,
					  NULL, err);
	np_sb_free(&r.text);
	if (rc < 0)
		np_topology_free(topo);
	return rc;
}

void np_topology_free(struct np_topology *topo)
{
	for (size_t i = 0; i < topo->node_count; i++)
		free(topo->nodes[i].pools);
	free(topo->nodes);
	free(topo->distance);
	topo->nodes = NULL;
	topo->distance = NULL;
	topo->node_count = 0;
}

int np_topology_index(const struct np_topology *topo, int id)
{
	for (size_t i = 0; i < topo->node_count; i++)
		if (topo->nodes[i].id == id)
			return (int)i;
	return -1;
}

uint32_t np_topology_distance(const struct np_topology *topo, int from_id, int to_id)
{
	int from = np_topology_index(topo, from_id);
	int to = np_topology_index(topo, to_id);
	if (from < 0 || to < 0)
		return 0;
	return topo->distance[(size_t)from * topo->node_count + (size_t)to];
}

bool np_topology_has_hmat(const struct np_topology *topo)
{
	for (size_t i = 0; i < topo->node_count; i++)
		if (topo->nodes[i].access[0].present || topo->nodes[i].access[1].present)
			return true;
	return false;
}
