/* running.c: what running guests hold per host node; see running.h. */
#include "running.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/guestlist.h"
#include "../lib/guestview.h"
#include "../lib/bounds.h"
#include "../lib/proctask.h"
#include "../lib/statscsv.h"

static int held_init(struct np_held *held, size_t nodes, struct np_error *err)
{
	memset(held, 0, sizeof(*held));
	np_sb_init(&held->summary);
	held->count = nodes;
	size_t n = nodes ? nodes : 1;
	held->base_bytes = calloc(n, sizeof(*held->base_bytes));
	held->huge_bytes = calloc(n, sizeof(*held->huge_bytes));
	held->vcpus = calloc(n, sizeof(*held->vcpus));
	if (!held->base_bytes || !held->huge_bytes || !held->vcpus) {
		np_held_free(held);
		return np_fail(err, "out of memory");
	}
	return 0;
}

void np_held_free(struct np_held *held)
{
	free(held->base_bytes);
	free(held->huge_bytes);
	free(held->vcpus);
	np_sb_free(&held->summary);
	memset(held, 0, sizeof(*held));
}

/* Adds with saturation: a sum of resident memory cannot pass 2^64 on a
 * real host, and a hostile CSV must not wrap it to a small number. */
static void add_bytes(uint64_t *to, uint64_t bytes)
{
	*to = *to > UINT64_MAX - bytes ? UINT64_MAX : *to + bytes;
}

static void summary_line(struct np_held *held, const char *name, const char *pid, int vcpus,
			 uint64_t bytes, bool memory_known)
{
	np_sb_printf(&held->summary, "%s (pid %s): %d vCPU%s, ", name, pid, vcpus,
		     vcpus == 1 ? "" : "s");
	if (memory_known)
		np_sb_printf(&held->summary, "%.1f MiB\n", (double)bytes / (1 << 20));
	else
		np_sb_puts(&held->summary, "memory unknown\n");
}

static void add_view(struct np_held *held, const struct np_roots *roots,
		     const struct np_topology *host, const struct np_running_guest *g,
		     const struct np_guest_view *view)
{
	uint64_t total = 0;
	for (size_t i = 0; !view->denied && i < host->node_count; i++) {
		int node = host->nodes[i].id;
		if (node > view->memory->max_node)
			continue;
		uint64_t huge = view->memory->bytes[node][NP_MEM_HUGE];
		uint64_t all = np_node_memory_node_total(view->memory, node);
		add_bytes(&held->huge_bytes[i], huge);
		add_bytes(&held->base_bytes[i], all - huge);
		add_bytes(&total, all);
	}
	for (int v = 0; v < view->vcpu_count; v++) {
		int node = np_vcpu_pinned_node(roots, host, g->guest.pid, view->vcpu_tids[v]);
		if (node < 0)
			node = view->vcpu_nodes[v];
		int index = node >= 0 ? np_topology_index(host, node) : -1;
		if (index >= 0)
			held->vcpus[index]++;
	}
	char pid[16];
	snprintf(pid, sizeof(pid), "%d", (int)g->guest.pid);
	summary_line(held, g->guest.name, pid, view->vcpu_count, total, !view->denied);
	held->guests++;
}

int np_held_from_running(const struct np_roots *roots, const struct np_topology *host,
			 struct np_held *held, struct np_strbuf *notes, struct np_error *err)
{
	if (held_init(held, host->node_count, err) < 0)
		return -1;
	pid_t *pids = NULL;
	size_t pid_count = 0, guest_count = 0;
	struct np_running_guest *guests = NULL;
	int rc = np_proc_list(roots, NULL, &pids, &pid_count, err);
	if (rc == 0)
		rc = np_guest_list(roots, pids, pid_count, &guests, &guest_count, notes, err);
	for (size_t i = 0; rc == 0 && i < guest_count; i++) {
		const struct np_running_guest *g = &guests[i];
		struct np_guest_view view;
		struct np_error why;
		int read = np_guest_view_read(roots, host, g->guest.pid, g->guest.name, true,
					      g->libvirt ? g->guest.vcpu_tids : NULL,
					      g->libvirt ? g->guest.vcpu_count : 0, NP_SOURCE_AUTO,
					      &view, notes, &why);
		if (read == NP_VIEW_READ) {
			add_view(held, roots, host, g, &view);
			np_guest_view_free(&view);
		} else if (read == NP_VIEW_MALFORMED) {
			/* one hostile process must not stop the count: it is named */
			np_sb_printf(notes, "guest %s (pid %d) not counted: %s\n", g->guest.name,
				     (int)g->guest.pid, why.message);
		} else if (read < 0) {
			rc = np_fail(err, "%s", why.message);
		} /* NP_VIEW_GONE: it exited, and holds nothing now */
	}
	free(guests);
	free(pids);
	if (rc < 0)
		np_held_free(held);
	return rc;
}

/* A row's value as a whole count: the reader checked that it is a
 * number, not that it is whole and non-negative. */
static int whole_count(const char *path, const struct np_stats_record *row, uint64_t *out,
		       struct np_error *err)
{
	if (!(row->value >= 0 && row->value < 18446744073709551616.0) ||
	    row->value != (double)(uint64_t)row->value)
		return np_fail(err,
			       "%s line %d: guest %s, %s: expected a whole number of %s, got %g",
			       path, row->line, row->entity, row->metric, row->unit, row->value);
	*out = (uint64_t)row->value;
	return 0;
}

static int add_stats_row(const char *path, const struct np_stats_record *row,
			 const struct np_topology *host, struct np_held *held, struct np_error *err)
{
	bool huge = strcmp(row->metric, "mem_bytes_huge") == 0;
	bool memory = huge || strcmp(row->metric, "mem_bytes_anon") == 0 ||
		      strcmp(row->metric, "mem_bytes_file") == 0;
	if (!memory && strcmp(row->metric, "vcpus") != 0)
		return 0;
	uint64_t value;
	if (whole_count(path, row, &value, err) < 0)
		return -1;
	int index = np_topology_index(host, row->node);
	if (index < 0)
		return np_fail(err,
			       "%s line %d: guest %s has %s on node %d, which the host does not "
			       "have: the CSV is from another host",
			       path, row->line, row->entity, row->metric, row->node);
	if (memory)
		add_bytes(huge ? &held->huge_bytes[index] : &held->base_bytes[index], value);
	else
		held->vcpus[index] += value > NP_MAX_VCPUS ? NP_MAX_VCPUS : (int)value;
	return 0;
}

int np_held_from_stats(const char *path, const struct np_topology *host, struct np_held *held,
		       struct np_error *err)
{
	struct np_stats_csv csv;
	if (np_stats_csv_read(path, &csv, err) < 0)
		return -1;
	/* The latest sample: its rows share one timestamp, to the
	 * millisecond; of two samples within a second, the later in the file. */
	size_t last = 0;
	for (size_t r = 1; r < csv.count; r++)
		if (csv.rows[r].time >= csv.rows[last].time)
			last = r;
	const char *latest = csv.count ? csv.rows[last].timestamp : "";
	/* the latest sample's guest rows */
	size_t *rows = calloc(csv.count ? csv.count : 1, sizeof(*rows)), count = 0;
	if (!rows || held_init(held, host->node_count, err) < 0) {
		if (!rows)
			np_fail(err, "out of memory");
		free(rows);
		np_stats_csv_free(&csv);
		return -1;
	}
	for (size_t r = 0; r < csv.count; r++)
		if (strcmp(csv.rows[r].timestamp, latest) == 0 &&
		    strcmp(csv.rows[r].scope, "guest") == 0)
			rows[count++] = r;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < count; i++) {
		const struct np_stats_record *row = &csv.rows[rows[i]];
		if (row->node >= 0) {
			rc = add_stats_row(path, row, host, held, err);
			continue;
		}
		if (strcmp(row->metric, "vcpus") != 0)
			continue;
		/* a guest's total vCPUs: one summary line, with its total memory */
		uint64_t vcpus, bytes = 0;
		bool known = false;
		rc = whole_count(path, row, &vcpus, err);
		for (size_t m = 0; rc == 0 && m < count; m++) {
			const struct np_stats_record *other = &csv.rows[rows[m]];
			if (other->node < 0 && strcmp(other->metric, "mem_bytes") == 0 &&
			    strcmp(other->entity, row->entity) == 0 &&
			    strcmp(other->pid, row->pid) == 0) {
				rc = whole_count(path, other, &bytes, err);
				known = true;
			}
		}
		if (rc == 0) {
			summary_line(held, row->entity, row->pid,
				     vcpus > NP_MAX_VCPUS ? NP_MAX_VCPUS : (int)vcpus, bytes,
				     known);
			held->guests++;
		}
	}
	free(rows);
	np_stats_csv_free(&csv);
	if (rc < 0)
		np_held_free(held);
	return rc;
}

void np_held_take_memory(struct np_topology *host, const struct np_held *held)
{
	for (size_t i = 0; i < host->node_count && i < held->count; i++) {
		struct np_node *node = &host->nodes[i];
		node->mem_free_bytes = node->mem_free_bytes > held->base_bytes[i]
					   ? node->mem_free_bytes - held->base_bytes[i]
					   : 0;
		uint64_t huge = held->huge_bytes[i];
		for (size_t p = 0; huge && p < node->pool_count; p++) {
			struct np_hugepage_pool *pool = &node->pools[p];
			uint64_t pages = (huge + pool->page_bytes - 1) / pool->page_bytes;
			uint64_t taken = pages < pool->free ? pages : pool->free;
			pool->free -= taken;
			huge =
			    taken * pool->page_bytes >= huge ? 0 : huge - taken * pool->page_bytes;
		}
	}
}
