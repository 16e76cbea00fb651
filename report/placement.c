/* placement.c: the placement model; see placement.h. */
#include "placement.h"

#include "../lib/strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const flag_names[NP_FLAG_COUNT] = {
    "split-pins",      "split-cell", "cross-mapped", "hidden-numa",	"fake-numa",	  "too-big",
    "hugepages-short", "no-memnode", "unbound",	     "uncovered-vcpus", "memory-mismatch",
    "no-room"};

void np_flags_format(unsigned flags, char *out, size_t size)
{
	out[0] = '\0';
	for (int f = 0; f < NP_FLAG_COUNT; f++)
		if (flags & (1u << f))
			np_appendf(out, size, "%s%s", out[0] ? ";" : "", flag_names[f]);
}

/* Host CPUs a vCPU may run on: its vcpupin, else <vcpu cpuset>, else all. */
static void vcpu_pins(const struct np_domain *d, const struct np_idset *host_cpus, int vcpu,
		      struct np_idset *out)
{
	const struct np_idset *pins = host_cpus;
	for (int i = 0; i < d->vcpupin_count; i++)
		if (d->vcpupins[i].id == vcpu)
			pins = &d->vcpupins[i].cpuset;
	if (pins == host_cpus && d->has_vcpu_cpuset && !d->vcpu_auto)
		pins = &d->vcpu_cpuset;
	*out = *pins;
	/* Only CPUs the host has; pins naming none of them mean "anywhere". */
	for (int c = np_idset_next(out, 0); c >= 0; c = np_idset_next(out, c + 1))
		if (!np_idset_has(host_cpus, c))
			np_idset_remove(out, c);
	if (np_idset_empty(out))
		*out = *host_cpus;
}

struct cell_input {
	int id;
	struct np_idset vcpus;
	uint64_t memory_bytes;
	bool uncovered; /* received vCPUs no cell listed */
	bool has_memnode;
	enum np_mem_mode mode; /* NP_MODE_NONE: unbound */
	struct np_idset nodeset;
};

static double latency_of(const struct np_topology *host, const struct np_latency_matrix *latency,
			 size_t from, size_t to, struct np_error *err, int *rc)
{
	if (!latency)
		return (double)host->distance[from * host->node_count + to];
	double ns = np_latency_lookup(latency, host->nodes[from].id, host->nodes[to].id);
	if (ns < 0 && *rc == 0)
		*rc = np_fail(err,
			      "the bench CSV has no latency for CPU node %d -> memory node %d, "
			      "which this placement uses",
			      host->nodes[from].id, host->nodes[to].id);
	return ns;
}

/* What one cell's placement is worked out from: the host, its CPUs, and
 * per host node (by index) the vCPUs' share P, whether the policy lets
 * memory go there, and the memory's share m. */
struct cell_work {
	const struct np_domain *d;
	const struct np_topology *host;
	const struct cell_input *in;
	struct np_idset host_cpus;
	double *P, *m;
	bool *allowed;
	int allowed_count;
	int accessor_count; /* the vCPUs that reach the cell's memory */
};

/* Phase 1: P(n), the mean over the cell's vCPUs of the share of each
 * vCPU's host CPUs on node n. A CPU-less cell (CXL-style far memory) is
 * reached by every vCPU of the guest, so its P is theirs. */
static void cpu_shares(struct cell_work *w, struct np_placement_cell *out)
{
	size_t n_nodes = w->host->node_count;
	struct np_idset accessors = w->in->vcpus;
	if (out->vcpus == 0)
		for (int v = 0; v < w->d->vcpus; v++)
			np_idset_add(&accessors, v);
	w->accessor_count = np_idset_count(&accessors);
	for (int v = np_idset_next(&accessors, 0); v >= 0; v = np_idset_next(&accessors, v + 1)) {
		struct np_idset pins;
		vcpu_pins(w->d, &w->host_cpus, v, &pins);
		int total = np_idset_count(&pins), nodes_used = 0;
		for (size_t i = 0; i < n_nodes; i++) {
			int here = 0;
			for (int c = np_idset_next(&pins, 0); c >= 0;
			     c = np_idset_next(&pins, c + 1))
				here += np_idset_has(&w->host->nodes[i].cpus, c);
			nodes_used += here > 0;
			if (total)
				w->P[i] += (double)here / total / w->accessor_count;
		}
		if (nodes_used > 1)
			out->flags |= NP_FLAG_SPLIT_PINS;
	}
}

/* Phase 2: where the memory may go: the policy's nodeset, else every node
 * with memory; a nodeset of absent nodes (warned about) binds nothing. */
static void allowed_nodes(struct cell_work *w)
{
	size_t n_nodes = w->host->node_count;
	w->allowed_count = 0;
	for (size_t i = 0; i < n_nodes; i++) {
		bool in_set = w->in->mode == NP_MODE_NONE || np_idset_empty(&w->in->nodeset) ||
			      np_idset_has(&w->in->nodeset, w->host->nodes[i].id);
		w->allowed[i] = in_set && w->host->nodes[i].has_memory;
		w->allowed_count += w->allowed[i];
	}
	if (w->allowed_count == 0)
		for (size_t i = 0; i < n_nodes; i++)
			w->allowed_count += w->allowed[i] = w->host->nodes[i].has_memory;
}

/* Phase 3: m(n), the share of the memory on node n, by the policy.
 * Returns whether the shares are exact (no first-touch guess). */
static bool memory_shares(struct cell_work *w)
{
	size_t n_nodes = w->host->node_count;
	enum np_mem_mode mode = w->in->mode;
	if (mode == NP_MODE_INTERLEAVE || (mode == NP_MODE_STRICT && w->allowed_count == 1)) {
		for (size_t i = 0; i < n_nodes; i++)
			w->m[i] = w->allowed[i] ? 1.0 / w->allowed_count : 0;
		return true;
	}
	if (mode == NP_MODE_PREFERRED) {
		size_t first = 0;
		while (first < n_nodes && !w->allowed[first])
			first++;
		w->m[first < n_nodes ? first : 0] = 1.0;
		return false;
	}
	double share = 0;
	for (size_t i = 0; i < n_nodes; i++)
		share += w->allowed[i] ? w->P[i] : 0;
	for (size_t i = 0; i < n_nodes; i++)
		w->m[i] = !w->allowed[i] ? 0 : share > 0 ? w->P[i] / share : 1.0 / w->allowed_count;
	return false;
}

/* Phase 4: the local fraction with its bounds (linear in m, so its
 * extremes put all memory on one node), the expected latency, and the
 * node sets. */
static int locality(struct cell_work *w, const struct np_latency_matrix *latency, bool exact,
		    struct np_placement_cell *out, struct np_error *err)
{
	size_t n_nodes = w->host->node_count;
	bool any_node = w->in->mode == NP_MODE_NONE || w->in->mode == NP_MODE_PREFERRED;
	double lf = 0, lo = INFINITY, hi = -INFINITY, lat = 0;
	int rc = 0;
	for (size_t i = 0; i < n_nodes; i++) {
		lf += w->P[i] * w->m[i];
		bool candidate = any_node ? w->host->nodes[i].has_memory : w->allowed[i];
		if (candidate) {
			lo = fmin(lo, w->P[i]);
			hi = fmax(hi, w->P[i]);
		}
		for (size_t k = 0; k < n_nodes; k++)
			if (w->P[i] > 0 && w->m[k] > 0)
				lat += w->P[i] * w->m[k] *
				       latency_of(w->host, latency, i, k, err, &rc);
		if (w->P[i] > 1e-12)
			np_idset_add(&out->cpu_nodes, w->host->nodes[i].id);
		if (w->m[i] > 1e-12)
			np_idset_add(&out->mem_nodes, w->host->nodes[i].id);
	}
	if (exact)
		lo = hi = lf;
	bool reached = w->accessor_count > 0;
	out->local_fraction = reached ? lf : NAN;
	out->local_fraction_min = reached ? lo : NAN;
	out->local_fraction_max = reached ? hi : NAN;
	out->expected_latency = reached ? lat : NAN;
	return rc;
}

/* Phase 5: the flags that need only this cell. */
static void cell_flags(struct cell_work *w, struct np_placement_cell *out)
{
	size_t n_nodes = w->host->node_count;
	const struct cell_input *in = w->in;
	if (out->vcpus && np_idset_count(&out->cpu_nodes) > 1)
		out->flags |= NP_FLAG_SPLIT_CELL;
	/* A memory-only cell bound to CPU-less host nodes is far memory by
	 * design (CXL): not cross-mapped. */
	bool far_by_design = out->vcpus == 0 && !np_idset_empty(&out->mem_nodes);
	for (size_t i = 0; far_by_design && i < n_nodes; i++)
		if (np_idset_has(&out->mem_nodes, w->host->nodes[i].id) &&
		    !np_idset_empty(&w->host->nodes[i].cpus))
			far_by_design = false;
	if (w->accessor_count && !far_by_design &&
	    !np_idset_equal(&out->cpu_nodes, &out->mem_nodes))
		out->flags |= NP_FLAG_CROSS_MAPPED;
	/* The nodes the memory can use: a bound policy's nodeset (the kernel
	 * spills within it), else where first touch puts it. */
	bool bound = in->mode != NP_MODE_NONE && in->mode != NP_MODE_PREFERRED;
	uint64_t room = 0, free_now = 0;
	for (size_t i = 0; i < n_nodes; i++)
		if (bound ? w->allowed[i] : w->m[i] > 1e-12) {
			room += w->host->nodes[i].mem_total_bytes;
			free_now += w->host->nodes[i].mem_free_bytes;
		}
	/* too-big: more than the nodes have at all; no-room: more than they
	 * have free now (capabilities give no free memory: never there) */
	if (in->memory_bytes > room)
		out->flags |= NP_FLAG_TOO_BIG;
	else if (in->memory_bytes > free_now)
		out->flags |= NP_FLAG_NO_ROOM;
	/* The cell's huge page size: a <page> whose nodeset names the cell,
	 * else the one without a nodeset (libvirt's default for the rest). */
	const struct np_domain_hugepage *page = NULL;
	for (int h = 0; h < w->d->hugepage_count; h++)
		if (w->d->hugepages[h].has_nodeset
			? np_idset_has(&w->d->hugepages[h].nodeset, in->id)
			: !page)
			page = &w->d->hugepages[h];
	if (page) {
		uint64_t free_bytes = 0;
		for (size_t i = 0; i < n_nodes; i++)
			for (size_t p = 0; (bound ? w->allowed[i] : w->m[i] > 1e-12) &&
					   p < w->host->nodes[i].pool_count;
			     p++)
				if (w->host->nodes[i].pools[p].page_bytes == page->size_bytes)
					free_bytes +=
					    w->host->nodes[i].pools[p].free * page->size_bytes;
		if (in->memory_bytes > free_bytes)
			out->flags |= NP_FLAG_HUGEPAGES_SHORT;
	}
	if (in->mode == NP_MODE_NONE)
		out->flags |= NP_FLAG_UNBOUND;
	if (in->uncovered)
		out->flags |= NP_FLAG_UNCOVERED_VCPUS;
}

static int place_cell(const struct np_domain *d, const struct np_topology *host,
		      const struct np_latency_matrix *latency, const struct cell_input *in,
		      struct np_placement_cell *out, struct np_error *err)
{
	size_t n_nodes = host->node_count;
	struct cell_work w = {.d = d, .host = host, .in = in};
	w.P = calloc(n_nodes, sizeof(double));
	w.m = calloc(n_nodes, sizeof(double));
	w.allowed = calloc(n_nodes, sizeof(bool));
	int rc = w.P && w.m && w.allowed ? 0 : np_fail(err, "out of memory");
	if (rc == 0) {
		np_idset_clear(&w.host_cpus);
		for (size_t i = 0; i < n_nodes; i++)
			for (int c = np_idset_next(&host->nodes[i].cpus, 0); c >= 0;
			     c = np_idset_next(&host->nodes[i].cpus, c + 1))
				np_idset_add(&w.host_cpus, c);
		memset(out, 0, sizeof(*out));
		out->cell = in->id;
		out->memory_bytes = in->memory_bytes;
		out->mode = in->mode;
		out->vcpus = np_idset_count(&in->vcpus);
		cpu_shares(&w, out);
		allowed_nodes(&w);
		rc = locality(&w, latency, memory_shares(&w), out, err);
		cell_flags(&w, out);
	}
	free(w.P);
	free(w.m);
	free(w.allowed);
	return rc;
}

static void governing_policy(const struct np_domain *d, bool with_cells, int cell_id,
			     struct cell_input *in)
{
	in->mode = d->has_numatune_memory && !d->memory_auto ? d->memory_mode : NP_MODE_NONE;
	if (d->has_numatune_memory && !d->has_memory_nodeset && in->mode != NP_MODE_NONE)
		in->mode = NP_MODE_NONE; /* a mode with no nodeset binds nothing */
	in->nodeset = d->memory_nodeset;
	if (!with_cells)
		return;
	for (int i = 0; i < d->memnode_count; i++) {
		if (d->memnodes[i].cellid != cell_id)
			continue;
		in->has_memnode = true;
		in->mode = d->memnodes[i].mode;
		in->nodeset = d->memnodes[i].nodeset;
	}
}

int np_place(const struct np_domain *d, const struct np_topology *host,
	     const struct np_latency_matrix *latency, bool with_cells, struct np_placement *out,
	     struct np_error *err)
{
	memset(out, 0, sizeof(*out));
	out->with_cells = with_cells;
	out->latency_unit = latency ? "ns" : "slit";
	struct cell_input *inputs = calloc(NP_DOMAIN_MAX_CELLS, sizeof(*inputs));
	if (!inputs)
		return np_fail(err, "out of memory");
	int count = 0;
	uint64_t declared = 0;
	if (with_cells && d->cell_count) {
		struct np_idset covered;
		np_idset_clear(&covered);
		for (int c = 0; c < d->cell_count; c++) {
			struct cell_input *in = &inputs[count++];
			in->id = d->cells[c].id;
			/* a memory device counts on its guest node */
			in->memory_bytes = d->cells[c].memory_bytes + np_domain_device_memory(d, in->id);
			declared += in->memory_bytes;
			for (int v = np_idset_next(&d->cells[c].cpus, 0); v >= 0 && v < d->vcpus;
			     v = np_idset_next(&d->cells[c].cpus, v + 1)) {
				np_idset_add(&in->vcpus, v);
				np_idset_add(&covered, v);
			}
			governing_policy(d, true, in->id, in);
		}
		for (int v = 0; v < d->vcpus; v++) {
			if (np_idset_has(&covered, v))
				continue;
			for (int c = 0; c < count; c++)
				if (inputs[c].id == 0) { /* libvirt puts them in cell 0 */
					np_idset_add(&inputs[c].vcpus, v);
					inputs[c].uncovered = true;
				}
		}
	} else {
		struct cell_input *in = &inputs[count++];
		in->id = 0;
		in->memory_bytes = d->memory_bytes;
		for (int v = 0; v < d->vcpus; v++)
			np_idset_add(&in->vcpus, v);
		governing_policy(d, false, 0, in);
	}
	int rc = 0;
	for (int c = 0; c < count && rc == 0; c++)
		rc = place_cell(d, host, latency, &inputs[c], &out->cells[c], err);
	out->cell_count = count;
	if (rc == 0) {
		/* Flags that compare cells, and the memory-weighted summary. */
		double weight = 0, lf = 0, lat = 0;
		for (int c = 0; c < count; c++) {
			struct np_placement_cell *cell = &out->cells[c];
			struct np_idset span = cell->cpu_nodes;
			for (int n = np_idset_next(&cell->mem_nodes, 0); n >= 0;
			     n = np_idset_next(&cell->mem_nodes, n + 1))
				np_idset_add(&span, n);
			if (count == 1 && np_idset_count(&span) > 1)
				cell->flags |= NP_FLAG_HIDDEN_NUMA;
			/* Fake NUMA: cells with vCPUs that all sit on the same single
			 * host node (CPU-less cells are far memory by design). */
			for (int o = 0; o < count && count > 1 && cell->vcpus; o++) {
				const struct np_placement_cell *other = &out->cells[o];
				if (o != c && other->vcpus &&
				    np_idset_count(&cell->cpu_nodes) == 1 &&
				    np_idset_equal(&cell->cpu_nodes, &other->cpu_nodes))
					cell->flags |= NP_FLAG_FAKE_NUMA;
			}
			if (with_cells && d->cell_count && !inputs[c].has_memnode)
				cell->flags |= NP_FLAG_NO_MEMNODE;
			if (with_cells && d->cell_count && declared != d->memory_bytes)
				cell->flags |= NP_FLAG_MEMORY_MISMATCH;
			/* Weighted by memory: every byte is reached by the vCPUs,
			 * a memory-only cell's too. */
			if (!isnan(cell->local_fraction)) {
				double bytes = (double)cell->memory_bytes;
				weight += bytes;
				lf += bytes * cell->local_fraction;
				lat += bytes * cell->expected_latency;
			}
		}
		out->local_fraction = weight ? lf / weight : NAN;
		out->expected_latency = weight ? lat / weight : NAN;
	}
	free(inputs);
	return rc;
}
