/* advise.c: where a guest should go, and what to write for it; see advise.h. */
#include "advise.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "splice.h"

#define KIB 1024ull

uint64_t np_domain_page_bytes(const struct np_domain *d)
{
	for (int h = 0; h < d->hugepage_count; h++)
		if (!d->hugepages[h].has_nodeset)
			return d->hugepages[h].size_bytes;
	return d->hugepage_count ? d->hugepages[0].size_bytes : 0;
}

int np_capacity_make(const struct np_topology *host, const struct np_advise_options *o,
		     uint64_t page_bytes, struct np_capacity *cap, struct np_error *err)
{
	cap->count = host->node_count;
	cap->page_bytes = page_bytes;
	cap->nodes = calloc(host->node_count ? host->node_count : 1, sizeof(*cap->nodes));
	if (!cap->nodes)
		return np_fail(err, "out of memory");
	for (size_t i = 0; i < host->node_count; i++) {
		const struct np_node *node = &host->nodes[i];
		struct np_node_room *room = &cap->nodes[i];
		room->node = node->id;
		np_idset_clear(&room->cpus);
		struct np_idset cores;
		np_idset_clear(&cores);
		int count = 0;
		for (int c = np_idset_next(&node->cpus, 0); c >= 0;
		     c = np_idset_next(&node->cpus, c + 1)) {
			if (np_idset_has(&o->reserve, c))
				continue;
			int core = o->core_of ? o->core_of[c] : c;
			if (o->pin_cores && !o->smt && np_idset_has(&cores, core))
				continue;
			np_idset_add(&cores, core);
			np_idset_add(&room->cpus, c);
			count++;
		}
		double ratio = o->pin_cores ? 1.0 : o->cpu_ratio;
		room->committed_vcpus = o->committed_vcpus ? o->committed_vcpus[i] : 0;
		room->vcpu_slots = (int)floor(count * ratio + 1e-9) - room->committed_vcpus;
		if (room->vcpu_slots < 0)
			room->vcpu_slots = 0;
		uint64_t free_bytes = node->mem_free_bytes;
		if (page_bytes) {
			free_bytes = 0;
			for (size_t p = 0; p < node->pool_count; p++)
				if (node->pools[p].page_bytes == page_bytes)
					free_bytes = node->pools[p].free * page_bytes;
		}
		uint64_t committed = o->committed_bytes ? o->committed_bytes[i] : 0;
		room->free_bytes = free_bytes > committed ? free_bytes - committed : 0;
	}
	return 0;
}

void np_capacity_free(struct np_capacity *cap)
{
	free(cap->nodes);
	cap->nodes = NULL;
	cap->count = 0;
}

void np_advice_free(struct np_advice *a)
{
	np_sb_free(&a->decisions);
}

static void size_text(uint64_t bytes, char *out, size_t size)
{
	if (bytes >= (1ull << 30))
		snprintf(out, size, "%.1f GiB", (double)bytes / (1ull << 30));
	else
		snprintf(out, size, "%.1f MiB", (double)bytes / (1ull << 20));
}

/* The distance between two host nodes: the measured latency, else SLIT. */
static double distance(const struct np_topology *host, const struct np_latency_matrix *latency,
		       int a, int b)
{
	if (latency) {
		double ns = np_latency_lookup(latency, a, b);
		if (ns > 0)
			return ns;
	}
	uint32_t d = np_topology_distance(host, a, b);
	return d ? d : 255;
}

/* Step 1: one node, or -1. */
static int one_node(const struct np_capacity *cap, int vcpus, uint64_t memory)
{
	int best = -1;
	for (size_t i = 0; i < cap->count; i++) {
		const struct np_node_room *r = &cap->nodes[i];
		if (r->vcpu_slots < vcpus || r->free_bytes < memory)
			continue;
		if (best < 0)
			best = (int)i;
		const struct np_node_room *b = &cap->nodes[best];
		if (r->free_bytes > b->free_bytes ||
		    (r->free_bytes == b->free_bytes && r->committed_vcpus < b->committed_vcpus))
			best = (int)i;
	}
	return best;
}

/* Step 2: the set grown greedily from `seed` until it holds the guest;
 * its size (0 when even all nodes do not) and total pairwise distance. */
static int grow(const struct np_topology *host, const struct np_latency_matrix *latency,
		const struct np_capacity *cap, int seed, int vcpus, uint64_t memory, bool *taken,
		double *spread)
{
	memset(taken, 0, cap->count * sizeof(*taken));
	taken[seed] = true;
	int slots = cap->nodes[seed].vcpu_slots, size = 1;
	uint64_t bytes = cap->nodes[seed].free_bytes;
	*spread = 0;
	while (slots < vcpus || bytes < memory) {
		int next = -1;
		double best = INFINITY;
		for (size_t i = 0; i < cap->count; i++) {
			const struct np_node_room *r = &cap->nodes[i];
			if (taken[i] || np_idset_empty(&r->cpus) ||
			    (r->vcpu_slots == 0 && r->free_bytes == 0))
				continue;
			double d = 0;
			for (size_t k = 0; k < cap->count; k++)
				if (taken[k])
					d += distance(host, latency, cap->nodes[k].node, r->node);
			if (d < best) {
				best = d;
				next = (int)i;
			}
		}
		if (next < 0)
			return 0;
		taken[next] = true;
		*spread += best;
		slots += cap->nodes[next].vcpu_slots;
		bytes += cap->nodes[next].free_bytes;
		size++;
	}
	return size;
}

/* The host CPUs of a cell: the node's CPUs, or one per vCPU (pinned cores). */
static void cell_cpus(const struct np_node_room *room, bool pin_cores, struct np_advice_cell *cell)
{
	np_idset_clear(&cell->cpus);
	int used = 0;
	/* with one CPU per vCPU, skip the CPUs earlier vCPUs of other guests hold:
	 * the committed vCPUs took the node's first CPUs */
	int skip = pin_cores ? room->committed_vcpus : 0;
	for (int c = np_idset_next(&room->cpus, 0); c >= 0; c = np_idset_next(&room->cpus, c + 1)) {
		if (skip > 0) {
			skip--;
			continue;
		}
		if (pin_cores && used == cell->vcpus)
			break;
		np_idset_add(&cell->cpus, c);
		if (pin_cores && used < 1024)
			cell->cpu_list[used] = c;
		used++;
	}
}

int np_advise(const struct np_domain *d, const struct np_topology *host,
	      const struct np_latency_matrix *latency, struct np_capacity *cap, bool pin_cores,
	      struct np_advice *out, struct np_error *err)
{
	memset(out, 0, sizeof(*out));
	np_sb_init(&out->decisions);
	out->one_to_one = pin_cores;
	int vcpus = d->vcpus;
	uint64_t memory = d->memory_bytes;
	if (pin_cores && vcpus > 1024)
		return np_fail(err,
			       "--pin-cores pins each vCPU to a core: %d vCPUs are more than "
			       "1024",
			       vcpus);
	char need[32];
	size_text(memory, need, sizeof(need));
	const char *what = cap->page_bytes ? "free huge pages" : "free memory";
	int node = one_node(cap, vcpus, memory);
	if (node >= 0) {
		struct np_node_room *r = &cap->nodes[node];
		struct np_advice_cell *cell = &out->cells[out->cell_count++];
		*cell = (struct np_advice_cell){
		    .node = r->node, .first_vcpu = 0, .vcpus = vcpus, .memory_bytes = memory};
		cell_cpus(r, pin_cores, cell);
		char room[32];
		size_text(r->free_bytes, room, sizeof(room));
		np_sb_printf(&out->decisions,
			     "fits node %d: %d vCPUs of %d free there, %s of %s of %s; the node "
			     "with the most %s among those that fit\n",
			     r->node, vcpus, r->vcpu_slots, need, room, what, what);
		r->vcpu_slots -= vcpus;
		r->free_bytes -= memory;
		r->committed_vcpus += vcpus;
		out->fits = true;
		return 0;
	}
	/* several nodes: the smallest, closest set */
	bool *taken = calloc(cap->count ? cap->count : 1, sizeof(bool));
	bool *best = calloc(cap->count ? cap->count : 1, sizeof(bool));
	if (!taken || !best) {
		free(taken);
		free(best);
		return np_fail(err, "out of memory");
	}
	int best_size = 0;
	double best_spread = INFINITY;
	for (size_t seed = 0; seed < cap->count; seed++) {
		if (np_idset_empty(&cap->nodes[seed].cpus))
			continue;
		double spread;
		int size = grow(host, latency, cap, (int)seed, vcpus, memory, taken, &spread);
		if (size && (best_size == 0 || size < best_size ||
			     (size == best_size && spread < best_spread))) {
			best_size = size;
			best_spread = spread;
			memcpy(best, taken, cap->count * sizeof(bool));
		}
	}
	if (best_size == 0) {
		int slots = 0;
		uint64_t bytes = 0;
		for (size_t i = 0; i < cap->count; i++) {
			slots += cap->nodes[i].vcpu_slots;
			bytes += cap->nodes[i].free_bytes;
		}
		char have[32], short_by[32];
		size_text(bytes, have, sizeof(have));
		size_text(memory > bytes ? memory - bytes : 0, short_by, sizeof(short_by));
		snprintf(out->reason, sizeof(out->reason),
			 "needs %d vCPUs and %s; the host has %d vCPU places and %s of %s left (%d "
			 "vCPUs and %s short)",
			 vcpus, need, slots, have, what, vcpus > slots ? vcpus - slots : 0,
			 short_by);
		free(taken);
		free(best);
		return 0;
	}
	if (best_size > NP_DOMAIN_MAX_CELLS) {
		free(taken);
		free(best);
		return np_fail(err, "the guest would need %d cells, more than %d", best_size,
			       NP_DOMAIN_MAX_CELLS);
	}
	/* vCPUs in id order, memory in proportion, then spilled to room */
	int left = vcpus;
	for (size_t i = 0; i < cap->count; i++) {
		if (!best[i])
			continue;
		struct np_advice_cell *cell = &out->cells[out->cell_count++];
		int take = cap->nodes[i].vcpu_slots < left ? cap->nodes[i].vcpu_slots : left;
		*cell = (struct np_advice_cell){
		    .node = cap->nodes[i].node, .first_vcpu = vcpus - left, .vcpus = take};
		left -= take;
	}
	uint64_t kib = memory / KIB, given = 0;
	for (int c = 0; c < out->cell_count; c++) {
		uint64_t share = kib * (uint64_t)out->cells[c].vcpus / (uint64_t)vcpus;
		out->cells[c].memory_bytes = share * KIB;
		given += share;
	}
	out->cells[out->cell_count - 1].memory_bytes += (kib - given) * KIB;
	uint64_t spill = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int c = 0; c < out->cell_count; c++) {
			struct np_node_room *r = NULL;
			for (size_t i = 0; i < cap->count; i++)
				if (cap->nodes[i].node == out->cells[c].node)
					r = &cap->nodes[i];
			uint64_t room = r->free_bytes / KIB * KIB;
			if (out->cells[c].memory_bytes > room) {
				spill += out->cells[c].memory_bytes - room;
				out->cells[c].memory_bytes = room;
			} else if (spill) {
				uint64_t more = room - out->cells[c].memory_bytes;
				more = more < spill ? more : spill;
				out->cells[c].memory_bytes += more;
				spill -= more;
			}
		}
	np_sb_printf(&out->decisions,
		     "no node holds %d vCPUs and %s of %s: %d nodes do, the closest together "
		     "(%s)\n",
		     vcpus, need, what, out->cell_count, latency ? "measured latency" : "SLIT");
	for (int c = 0; c < out->cell_count; c++) {
		struct np_advice_cell *cell = &out->cells[c];
		struct np_node_room *r = NULL;
		for (size_t i = 0; i < cap->count; i++)
			if (cap->nodes[i].node == cell->node)
				r = &cap->nodes[i];
		cell_cpus(r, pin_cores, cell);
		char mem[32];
		size_text(cell->memory_bytes, mem, sizeof(mem));
		np_sb_printf(&out->decisions, "cell %d on node %d: vCPUs %d-%d, %s\n", c,
			     cell->node, cell->first_vcpu, cell->first_vcpu + cell->vcpus - 1, mem);
		r->vcpu_slots -= cell->vcpus;
		r->free_bytes -= cell->memory_bytes;
		r->committed_vcpus += cell->vcpus;
	}
	out->fits = true;
	free(taken);
	free(best);
	return 0;
}

/* ---- several guests --------------------------------------------------------- */

int np_commitments_init(struct np_commitments *c, size_t nodes, struct np_error *err)
{
	memset(c, 0, sizeof(*c));
	c->count = nodes;
	c->bytes = calloc(nodes ? nodes : 1, sizeof(*c->bytes));
	c->huge_bytes = calloc((nodes ? nodes : 1) * NP_COMMIT_PAGE_SIZES, sizeof(*c->huge_bytes));
	c->vcpus = calloc(nodes ? nodes : 1, sizeof(*c->vcpus));
	if (!c->bytes || !c->huge_bytes || !c->vcpus) {
		np_commitments_free(c);
		return np_fail(err, "out of memory");
	}
	return 0;
}

void np_commitments_free(struct np_commitments *c)
{
	free(c->bytes);
	free(c->huge_bytes);
	free(c->vcpus);
	memset(c, 0, sizeof(*c));
}

/* The slot of a huge page size, added when new; -1 when all are taken. */
static int page_slot(struct np_commitments *c, uint64_t page_bytes)
{
	for (int i = 0; i < NP_COMMIT_PAGE_SIZES; i++)
		if (c->page_sizes[i] == page_bytes)
			return i;
	for (int i = 0; i < NP_COMMIT_PAGE_SIZES; i++)
		if (c->page_sizes[i] == 0) {
			c->page_sizes[i] = page_bytes;
			return i;
		}
	return -1;
}

int np_capacity_after(const struct np_topology *host, const struct np_advise_options *o,
		      const struct np_commitments *c, uint64_t page_bytes, struct np_capacity *cap,
		      struct np_error *err)
{
	size_t nodes = host->node_count ? host->node_count : 1;
	uint64_t *held = calloc(nodes, sizeof(*held));
	int *vcpus = calloc(nodes, sizeof(*vcpus));
	if (!held || !vcpus) {
		free(held);
		free(vcpus);
		return np_fail(err, "out of memory");
	}
	int slot = -1;
	for (int i = 0; page_bytes && i < NP_COMMIT_PAGE_SIZES; i++)
		if (c->page_sizes[i] == page_bytes)
			slot = i;
	/* what o already counts (the running guests), and what c adds */
	for (size_t n = 0; n < host->node_count; n++) {
		held[n] = o->committed_bytes ? o->committed_bytes[n] : 0;
		vcpus[n] = o->committed_vcpus ? o->committed_vcpus[n] : 0;
		if (n >= c->count)
			continue;
		held[n] += !page_bytes ? c->bytes[n]
			   : slot >= 0 ? c->huge_bytes[n * NP_COMMIT_PAGE_SIZES + (size_t)slot]
				       : 0;
		vcpus[n] += c->vcpus[n];
	}
	struct np_advise_options with = *o;
	with.committed_bytes = held;
	with.committed_vcpus = vcpus;
	int rc = np_capacity_make(host, &with, page_bytes, cap, err);
	free(held);
	free(vcpus);
	return rc;
}

int np_commit(struct np_commitments *c, const struct np_topology *host, uint64_t page_bytes,
	      const struct np_advice *advice, struct np_error *err)
{
	int slot = page_bytes ? page_slot(c, page_bytes) : -1;
	if (page_bytes && slot < 0)
		return np_fail(err, "more than %d huge page sizes among the guests",
			       NP_COMMIT_PAGE_SIZES);
	for (int k = 0; k < advice->cell_count; k++) {
		int n = np_topology_index(host, advice->cells[k].node);
		if (n < 0 || (size_t)n >= c->count)
			continue;
		if (page_bytes)
			c->huge_bytes[(size_t)n * NP_COMMIT_PAGE_SIZES + (size_t)slot] +=
			    advice->cells[k].memory_bytes;
		else
			c->bytes[n] += advice->cells[k].memory_bytes;
		c->vcpus[n] += advice->cells[k].vcpus;
	}
	return 0;
}

/* ---- the XML ------------------------------------------------------------- */

static void list_text(const struct np_idset *set, char *out, size_t size)
{
	struct np_strbuf sb;
	np_sb_init(&sb);
	np_idset_format(set, &sb);
	snprintf(out, size, "%s", np_sb_str(&sb));
	np_sb_free(&sb);
}

struct cputune_keep {
	const char *text;
	struct np_strbuf *out;
	const char *indent;
};

/* Keeps every child of <cputune> but the pins advise writes. */
static void keep_child(void *ctx, const char *name, size_t len, const struct np_span *span)
{
	struct cputune_keep *k = ctx;
	if ((len == 7 && memcmp(name, "vcpupin", 7) == 0) ||
	    (len == 11 && memcmp(name, "emulatorpin", 11) == 0))
		return;
	np_sb_printf(k->out, "%s  ", k->indent);
	np_sb_append(k->out, k->text + span->start, span->end - span->start);
	np_sb_putc(k->out, '\n');
}

/* The blanks before an element on its line, as its children's base. */
static void indent_of(const char *text, const struct np_span *span, char *out, size_t size)
{
	size_t n = span->start - span->indent_start;
	if (n >= size)
		n = size - 1;
	memcpy(out, text + span->indent_start, n);
	out[n] = '\0';
}

static int edit(struct np_splice_edit *edits, size_t *count, size_t start, size_t end,
		struct np_strbuf *with, struct np_error *err)
{
	if (with->failed)
		return np_fail(err, "out of memory");
	edits[(*count)++] = (struct np_splice_edit){start, end, np_sb_str(with)};
	return 0;
}

/* By start, stably: elements inserted at one place keep their order. */
static void sort_edits(struct np_splice_edit *edits, size_t count)
{
	for (size_t i = 1; i < count; i++)
		for (size_t j = i; j > 0 && edits[j - 1].start > edits[j].start; j--) {
			struct np_splice_edit t = edits[j];
			edits[j] = edits[j - 1];
			edits[j - 1] = t;
		}
}

int np_advice_xml(const char *text, size_t len, const struct np_domain *d,
		  const struct np_topology *host, const struct np_advice *a, struct np_strbuf *out,
		  struct np_error *err)
{
	struct np_span root;
	if (!np_splice_root(text, len, &root) || !a->fits)
		return np_fail(err, "no domain to advise");
	/* A <domstatus> (libvirt's status file) holds the domain one level down. */
	struct np_span inner;
	if (np_splice_find(text, root.inner, root.inner_end, "domain", &inner))
		root = inner;
	struct np_strbuf parts[5];
	for (int i = 0; i < 5; i++)
		np_sb_init(&parts[i]);
	struct np_splice_edit edits[8];
	size_t count = 0;
	int rc = 0;
	bool multi = a->cell_count > 1;
	/* where new elements go: before <devices>, else before </domain> */
	struct np_span devices;
	size_t insert_at = np_splice_find(text, root.inner, root.inner_end, "devices", &devices)
			       ? devices.indent_start
			       : root.inner_end;
	const char *base = "  ";

	/* <vcpu> */
	struct np_span span;
	struct np_strbuf *p = &parts[0];
	np_sb_printf(p, "<vcpu placement='static'");
	if (d->vcpus_current != d->vcpus)
		np_sb_printf(p, " current='%d'", d->vcpus_current);
	np_sb_printf(p, ">%d</vcpu>", d->vcpus);
	if (np_splice_find(text, root.inner, root.inner_end, "vcpu", &span)) {
		rc = edit(edits, &count, span.start, span.end, p, err);
	} else { /* np_domain_parse took 1 vCPU without it: write one */
		np_sb_reset(p);
		np_sb_printf(p, "%s<vcpu placement='static'>%d</vcpu>\n", base, d->vcpus);
		rc = edit(edits, &count, insert_at, insert_at, p, err);
	}

	/* <cputune>: our pins, then the children we leave alone */
	p = &parts[1];
	bool had = np_splice_find(text, root.inner, root.inner_end, "cputune", &span);
	char indent[64] = "  ";
	if (had)
		indent_of(text, &span, indent, sizeof(indent));
	if (!had)
		np_sb_puts(p, indent);
	np_sb_puts(p, "<cputune>\n");
	struct np_idset all;
	np_idset_clear(&all);
	char list[512];
	for (int c = 0; c < a->cell_count; c++) {
		const struct np_advice_cell *cell = &a->cells[c];
		for (int i = 0; i < cell->vcpus; i++) {
			struct np_idset one;
			np_idset_clear(&one);
			if (a->one_to_one)
				np_idset_add(&one, cell->cpu_list[i]);
			list_text(a->one_to_one ? &one : &cell->cpus, list, sizeof(list));
			np_sb_printf(p, "%s  <vcpupin vcpu='%d' cpuset='%s'/>\n", indent,
				     cell->first_vcpu + i, list);
		}
		for (int x = np_idset_next(&cell->cpus, 0); x >= 0;
		     x = np_idset_next(&cell->cpus, x + 1))
			np_idset_add(&all, x);
	}
	list_text(&all, list, sizeof(list));
	np_sb_printf(p, "%s  <emulatorpin cpuset='%s'/>\n", indent, list);
	if (had) {
		struct cputune_keep keep = {text, p, indent};
		np_splice_children(text, span.inner, span.inner_end, keep_child, &keep);
	}
	np_sb_printf(p, "%s</cputune>%s", indent, had ? "" : "\n");
	if (rc == 0)
		rc = had ? edit(edits, &count, span.start, span.end, p, err)
			 : edit(edits, &count, insert_at, insert_at, p, err);

	/* <numatune> */
	p = &parts[2];
	had = np_splice_find(text, root.inner, root.inner_end, "numatune", &span);
	strcpy(indent, "  ");
	if (had)
		indent_of(text, &span, indent, sizeof(indent));
	struct np_idset nodes;
	np_idset_clear(&nodes);
	for (int c = 0; c < a->cell_count; c++)
		np_idset_add(&nodes, a->cells[c].node);
	list_text(&nodes, list, sizeof(list));
	np_sb_printf(p, "%s<numatune>\n%s  <memory mode='strict' nodeset='%s'/>\n",
		     had ? "" : indent, indent, list);
	for (int c = 0; multi && c < a->cell_count; c++)
		np_sb_printf(p, "%s  <memnode cellid='%d' mode='strict' nodeset='%d'/>\n", indent,
			     c, a->cells[c].node);
	np_sb_printf(p, "%s</numatune>%s", indent, had ? "" : "\n");
	if (rc == 0)
		rc = had ? edit(edits, &count, span.start, span.end, p, err)
			 : edit(edits, &count, insert_at, insert_at, p, err);

	/* <cpu><numa>: cells for several nodes, none (or the one kept) for one */
	p = &parts[3];
	struct np_span cpu, numa;
	bool has_cpu = np_splice_find(text, root.inner, root.inner_end, "cpu", &cpu);
	bool has_numa = has_cpu && np_splice_find(text, cpu.inner, cpu.inner_end, "numa", &numa);
	if (multi) {
		strcpy(indent, "  ");
		if (has_cpu)
			indent_of(text, &cpu, indent, sizeof(indent));
		char in2[80];
		snprintf(in2, sizeof(in2), "%s  ", indent);
		if (!has_cpu)
			np_sb_printf(p, "%s<cpu>\n%s", indent, in2);
		else if (!has_numa)
			np_sb_printf(p, "\n%s", in2);
		np_sb_puts(p, "<numa>\n");
		for (int c = 0; c < a->cell_count; c++) {
			const struct np_advice_cell *cell = &a->cells[c];
			np_sb_printf(p,
				     "%s  <cell id='%d' cpus='%d-%d' memory='%llu' unit='KiB'>\n",
				     in2, c, cell->first_vcpu, cell->first_vcpu + cell->vcpus - 1,
				     (unsigned long long)(cell->memory_bytes / KIB));
			np_sb_printf(p, "%s    <distances>\n", in2);
			for (int o = 0; o < a->cell_count; o++)
				np_sb_printf(
				    p, "%s      <sibling id='%d' value='%u'/>\n", in2, o,
				    np_topology_distance(host, cell->node, a->cells[o].node));
			np_sb_printf(p, "%s    </distances>\n%s  </cell>\n", in2, in2);
		}
		np_sb_printf(p, "%s</numa>", in2);
		if (!has_cpu) {
			np_sb_printf(p, "\n%s</cpu>\n", indent);
			if (rc == 0)
				rc = edit(edits, &count, insert_at, insert_at, p, err);
		} else if (!has_numa) {
			if (rc == 0)
				rc = edit(edits, &count, cpu.inner_end, cpu.inner_end, p, err);
		} else if (rc == 0) {
			rc = edit(edits, &count, numa.start, numa.end, p, err);
		}
	} else if (has_numa && d->cell_count > 1 && rc == 0) {
		/* one node: the cells go (one guest node, bound to it), with
		 * their line */
		size_t end = numa.end < len && text[numa.end] == '\n' ? numa.end + 1 : numa.end;
		rc = edit(edits, &count, numa.indent_start, end, p, err);
	}

	/* <memoryBacking><hugepages>: a page size per cell */
	p = &parts[4];
	struct np_span backing, huge;
	uint64_t page = np_domain_page_bytes(d);
	if (multi && page &&
	    np_splice_find(text, root.inner, root.inner_end, "memoryBacking", &backing) &&
	    np_splice_find(text, backing.inner, backing.inner_end, "hugepages", &huge)) {
		indent_of(text, &huge, indent, sizeof(indent));
		np_sb_puts(p, "<hugepages>\n");
		for (int c = 0; c < a->cell_count; c++)
			np_sb_printf(p, "%s  <page size='%llu' unit='KiB' nodeset='%d'/>\n", indent,
				     (unsigned long long)(page / KIB), c);
		np_sb_printf(p, "%s</hugepages>", indent);
		if (rc == 0)
			rc = edit(edits, &count, huge.start, huge.end, p, err);
	}
	if (rc == 0) {
		sort_edits(edits, count);
		if (np_splice_apply(text, len, edits, count, out) < 0)
			rc = np_fail(err, "cannot splice the advice into the XML");
	}
	for (int i = 0; i < 5; i++)
		np_sb_free(&parts[i]);
	return rc;
}
