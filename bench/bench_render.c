/* bench_render.c: table, JSON, CSV and Prometheus views of a benchmark run; see bench_render.h. */
#include "bench_render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../lib/csv.h"
#include "../lib/json.h"
#include "../lib/prom.h"
#include "sweep.h"

#define MB_CONVENTION                                                                              \
	"MB/s = 10^6 bytes per second; bytes counted as STREAM counts them (read 1, write 1, "     \
	"copy 2, triad 3 arrays per pass)"

static const struct np_bench_row *find_row(const struct np_bench_report *r, const char *test,
					   const char *mode, int cpu, int mem)
{
	for (size_t i = 0; i < r->row_count; i++) {
		const struct np_bench_row *row = &r->rows[i];
		if (strcmp(row->test, test) == 0 && strcmp(row->mode, mode) == 0 &&
		    row->cpu_node == cpu && row->mem_node == mem)
			return row;
	}
	return NULL;
}

/* One matrix: a title line, a header of memory nodes, one line per CPU
 * node. value() returns NAN where there is nothing to show. */
typedef double (*cell_value_fn)(const struct np_bench_report *r, const struct np_bench_row *row,
				int cpu, int mem);

struct matrix {
	const char *title;
	cell_value_fn value;
	int decimals;
	bool mark_misplaced; /* star cells whose pages were not all on the node */
};

/* A row's memory as output: its node, or its group ("0+2"). */
static const char *mem_text(const struct np_bench_row *row, char *buf, size_t size)
{
	if (row->mem_name)
		return row->mem_name;
	snprintf(buf, size, "%d", row->mem_node);
	return buf;
}

/* A memory target in a heading: "memory node 2", "memory nodes 0+2
 * (interleave)". */
static void target_text(const struct np_plan_node *mem, char *buf, size_t size)
{
	if (np_idset_count(&mem->nodes) > 1 || mem->policy != NP_POLICY_BIND)
		snprintf(buf, size, "memory node%s %s (%s)", np_idset_count(&mem->nodes) > 1 ? "s" : "",
			 mem->name, np_mem_policy_names[mem->policy]);
	else
		snprintf(buf, size, "memory node %s", mem->name);
}

static void matrix_lines(const struct np_bench_report *r, const char *test, const char *mode,
			 const struct matrix *m, struct np_strbuf *lines, size_t line_count)
{
	np_sb_printf(&lines[0], "%-s", m->title);
	np_sb_puts(&lines[1], "cpu\\mem");
	for (size_t c = 0; c < r->plan->mem_node_count; c++)
		np_sb_printf(&lines[1], " %9s", r->plan->mem_nodes[c].name);
	for (size_t row = 0; row < r->plan->cpu_node_count && row + 2 < line_count; row++) {
		int cpu = r->plan->cpu_nodes[row].id;
		np_sb_printf(&lines[row + 2], "%7d", cpu);
		for (size_t c = 0; c < r->plan->mem_node_count; c++) {
			int mem = r->plan->mem_nodes[c].id;
			const struct np_bench_row *cell = find_row(r, test, mode, cpu, mem);
			double v = m->value(r, cell, cpu, mem);
			if (isnan(v))
				np_sb_printf(&lines[row + 2], " %9s", "-");
			else
				np_sb_printf(&lines[row + 2], " %8.*f%c", m->decimals, v,
					     m->mark_misplaced && cell && cell->misplaced ? '*'
											  : ' ');
		}
	}
}

/* Prints matrices side by side, separated by " | ". */
static void side_by_side(const struct np_bench_report *r, const char *test, const char *mode,
			 const struct matrix *matrices, size_t count, struct np_strbuf *out)
{
	size_t line_count = r->plan->cpu_node_count + 2;
	struct np_strbuf blocks[4][NP_PLAN_MAX_NODES + 2];
	size_t widths[4] = {0};
	for (size_t b = 0; b < count; b++) {
		for (size_t l = 0; l < line_count; l++)
			np_sb_init(&blocks[b][l]);
		matrix_lines(r, test, mode, &matrices[b], blocks[b], line_count);
		for (size_t l = 0; l < line_count; l++)
			if (blocks[b][l].len > widths[b])
				widths[b] = blocks[b][l].len;
	}
	for (size_t l = 0; l < line_count; l++) {
		for (size_t b = 0; b < count; b++) {
			if (b > 0)
				np_sb_puts(out, " | ");
			np_sb_printf(out, "%-*s", b + 1 < count ? (int)widths[b] : 0,
				     np_sb_str(&blocks[b][l]));
		}
		while (out->len && out->data[out->len - 1] == ' ')
			out->data[--out->len] = '\0';
		np_sb_putc(out, '\n');
	}
	for (size_t b = 0; b < count; b++)
		for (size_t l = 0; l < line_count; l++)
			np_sb_free(&blocks[b][l]);
}

static double median_of(const struct np_bench_report *r, const struct np_bench_row *row, int cpu,
			int mem)
{
	(void)r, (void)cpu, (void)mem;
	return row ? row->summary.median : NAN;
}

/* The coefficient of variation of a cell's samples, in percent. */
static double cv_of(const struct np_bench_report *r, const struct np_bench_row *row, int cpu,
		    int mem)
{
	(void)r, (void)cpu, (void)mem;
	return row && row->summary.mean > 0 ? row->summary.stddev / row->summary.mean * 100 : NAN;
}

/* Per latency cell, the quantiles of its batch means. */
static void distribution_lines(const struct np_bench_report *r, struct np_strbuf *out)
{
	bool header_done = false;
	for (size_t i = 0; i < r->row_count; i++) {
		const struct np_bench_row *row = &r->rows[i];
		if (!row->batches)
			continue;
		if (!header_done) {
			np_sb_printf(out,
				     "\nper-batch mean latency, ns: batches of %u loads timed with %s "
				     "(%.1f ns a read, subtracted)\n",
				     row->batch_loads, row->timer, row->batch_overhead_ns);
			np_sb_puts(out, "cpu mem        p50        p90        p99      p99.9        max\n");
			header_done = true;
		}
		const struct np_histogram *h = row->batches;
		char mem[32];
		np_sb_printf(out, "%3d %3s %10.1f %10.1f %10.1f %10.1f %10.1f\n", row->cpu_node,
			     mem_text(row, mem, sizeof(mem)), np_histogram_quantile(h, 0.5),
			     np_histogram_quantile(h, 0.9), np_histogram_quantile(h, 0.99),
			     np_histogram_quantile(h, 0.999), h->max_ns);
	}
}

/* The row's local cell: the same node, else the best cell of the row
 * (a CPU node without usable memory of its own). */
static double local_of(const struct np_bench_report *r, const struct np_bench_row *row)
{
	const struct np_bench_row *local =
	    find_row(r, row->test, row->mode, row->cpu_node, row->cpu_node);
	if (local)
		return local->summary.median;
	double best = NAN;
	for (size_t i = 0; i < r->row_count; i++) {
		const struct np_bench_row *o = &r->rows[i];
		if (strcmp(o->test, row->test) || strcmp(o->mode, row->mode) ||
		    o->cpu_node != row->cpu_node)
			continue;
		double v = o->summary.median;
		bool lower_is_better = strcmp(row->test, "bandwidth") != 0;
		if (isnan(best) || (lower_is_better ? v < best : v > best))
			best = v;
	}
	return best;
}

static double ratio_of(const struct np_bench_report *r, const struct np_bench_row *row, int cpu,
		       int mem)
{
	(void)cpu, (void)mem;
	if (!row)
		return NAN;
	double local = local_of(r, row);
	return local > 0 ? row->summary.median / local : NAN;
}

static double slit_of(const struct np_bench_report *r, const struct np_bench_row *row, int cpu,
		      int mem)
{
	(void)row;
	uint32_t d = np_topology_distance(r->topo, cpu, mem);
	return d ? d / 10.0 : NAN;
}

/* HMAT figures exist only for a target's best initiators (access1: CPUs). */
static double hmat_figure(const struct np_bench_report *r, int cpu, int mem, bool latency)
{
	int index = np_topology_index(r->topo, mem);
	if (index < 0)
		return NAN;
	const struct np_hmat_access *h = &r->topo->nodes[index].access[1];
	if (!h->present)
		h = &r->topo->nodes[index].access[0];
	if (!h->present || !np_idset_has(&h->initiators, cpu))
		return NAN;
	int64_t v = latency ? h->read_latency_ns : h->read_bandwidth;
	return v == NP_HMAT_ABSENT ? NAN : (double)v;
}

static double hmat_latency_of(const struct np_bench_report *r, const struct np_bench_row *row,
			      int cpu, int mem)
{
	(void)row;
	return hmat_figure(r, cpu, mem, true);
}

static double hmat_bandwidth_of(const struct np_bench_report *r, const struct np_bench_row *row,
				int cpu, int mem)
{
	(void)row;
	return hmat_figure(r, cpu, mem, false);
}

static void size_text(size_t bytes, char *out, size_t size)
{
	if (bytes >= (1u << 30) && bytes % (1u << 30) == 0)
		snprintf(out, size, "%zu GiB", bytes >> 30);
	else if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
		snprintf(out, size, "%zu MiB", bytes >> 20);
	else if (bytes >= (1u << 20))
		snprintf(out, size, "%.1f MiB", (double)bytes / (1u << 20));
	else
		snprintf(out, size, "%zu KiB", bytes >> 10);
}

static void header(const struct np_bench_report *r, struct np_strbuf *out)
{
	const struct np_environment *env = r->env;
	np_sb_printf(out, "numaprobe %s bench on %s%s%s\n", NUMAPROBE_VERSION, r->run->host,
		     *r->label ? ", label " : "", r->label);
	np_sb_printf(out, "kernel %s\ncpu %s; virtualised: %s; vector width for bandwidth: %s\n",
		     env->kernel, env->cpu_model, env->virtualised, env->kernel_isa);
	np_sb_printf(out,
		     "numa_balancing %d%s; transparent huge pages: %s; last-level cache %zu KiB\n",
		     env->numa_balancing,
		     env->numa_balancing > 0 ? " (ON: pages may migrate during the run)" : "",
		     env->thp_enabled, env->llc_bytes >> 10);
	np_sb_puts(out, "allowed CPUs ");
	np_idset_format_or(&r->topo->allowed_cpus, "none", out);
	np_sb_puts(out, "; allowed memory nodes ");
	np_idset_format_or(&r->topo->allowed_nodes, "none", out);
	np_sb_printf(out, "; memory policy %s", env->mempolicy);
	if (!np_idset_empty(&env->mempolicy_nodes)) {
		np_sb_putc(out, ' ');
		np_idset_format(&env->mempolicy_nodes, out);
	}
	np_sb_putc(out, '\n');
	np_sb_puts(out, "huge page pools (free/total):");
	bool any = false;
	for (size_t i = 0; i < r->topo->node_count; i++)
		for (size_t p = 0; p < r->topo->nodes[i].pool_count; p++) {
			const struct np_hugepage_pool *pool = &r->topo->nodes[i].pools[p];
			np_sb_printf(out, " node %d %llukB %llu/%llu;", r->topo->nodes[i].id,
				     (unsigned long long)(pool->page_bytes >> 10),
				     (unsigned long long)pool->free,
				     (unsigned long long)pool->total);
			any = true;
		}
	if (!any)
		np_sb_puts(out, " none");
	else
		out->data[--out->len] = '\0';
	np_sb_putc(out, '\n');
	np_sb_printf(out, "%g s per %s in %u samples; %s pages\n", r->settings->seconds,
		     r->settings->c2c ? "CPU pair" : "cell", r->settings->repeat,
		     np_page_mode_name(r->settings->page));
	if (r->plan->skipped.len)
		np_sb_printf(out, "skipped:\n%s", np_sb_str(&r->plan->skipped));
}

/* The c2c rows' node ids of one column: a's nodes or b's nodes. */
static int c2c_nodes(const struct np_bench_report *r, int mem_node, bool peer, int *ids, int max)
{
	int n = 0;
	for (size_t i = 0; i < r->row_count; i++) {
		const struct np_bench_row *row = &r->rows[i];
		int id = peer ? row->peer_node : row->cpu_node;
		bool seen = row->mem_node != mem_node && mem_node >= 0;
		for (int k = 0; k < n && !seen; k++)
			seen = ids[k] == id;
		if (!seen && n < max)
			ids[n++] = id;
	}
	for (int i = 1; i < n; i++) /* ascending */
		for (int j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
			int t = ids[j];
			ids[j] = ids[j - 1];
			ids[j - 1] = t;
		}
	return n;
}

/* The c2c row of a's node, b's node and the line's node (mem_node -1:
 * the line on a's node), or NULL. */
static const struct np_bench_row *c2c_cell(const struct np_bench_report *r, int a, int b,
					   int mem_node)
{
	for (size_t k = 0; k < r->row_count; k++) {
		const struct np_bench_row *row = &r->rows[k];
		if (row->cpu_node == a && row->peer_node == b &&
		    row->mem_node == (mem_node < 0 ? a : mem_node))
			return row;
	}
	return NULL;
}

/* The node matrices of c2c: the median over each group's CPU pairs, then
 * their range (rows: a's node, columns: b's node). */
static void c2c_matrix(const struct np_bench_report *r, int mem_node, struct np_strbuf *out)
{
	int as[NP_PLAN_MAX_NODES], bs[NP_PLAN_MAX_NODES];
	int na = c2c_nodes(r, mem_node, false, as, NP_PLAN_MAX_NODES);
	int nb = c2c_nodes(r, mem_node, true, bs, NP_PLAN_MAX_NODES);
	for (int range = 0; range < 2; range++) {
		np_sb_puts(out, range ? "ns, the lowest and highest pair\n"
				      : "ns, median over the CPU pairs\n");
		np_sb_puts(out, "a\\b   ");
		for (int j = 0; j < nb; j++)
			np_sb_printf(out, range ? " %15d" : " %9d", bs[j]);
		np_sb_putc(out, '\n');
		for (int i = 0; i < na; i++) {
			np_sb_printf(out, "%6d", as[i]);
			for (int j = 0; j < nb; j++) {
				const struct np_bench_row *cell = c2c_cell(r, as[i], bs[j], mem_node);
				char text[40] = "-";
				if (cell && range)
					snprintf(text, sizeof(text), "%.1f-%.1f", cell->summary.min,
						 cell->summary.max);
				else if (cell)
					snprintf(text, sizeof(text), "%.1f", cell->summary.median);
				np_sb_printf(out, range ? " %15s" : " %9s", text);
			}
			np_sb_putc(out, '\n');
		}
	}
}

static void c2c_table(const struct np_bench_report *r, struct np_strbuf *out)
{
	struct np_idset cpus, homes;
	np_idset_clear(&cpus);
	np_idset_clear(&homes);
	size_t smt = 0;
	bool line_on_a = true;
	for (size_t i = 0; i < r->pair_count; i++) {
		np_idset_add(&cpus, r->pairs[i].cpu_a);
		np_idset_add(&homes, r->pairs[i].mem_node);
		smt += r->pairs[i].smt;
		line_on_a &= r->pairs[i].mem_node == r->pairs[i].node_a;
	}
	np_sb_printf(out,
		     "\ncore-to-core latency: half the round trip of one cache line between CPU a "
		     "and CPU b\n(protocol %s: a release store, an acquire load), %zu ordered "
		     "pairs of CPUs ",
		     NP_C2C_MODE, r->pair_count);
	np_idset_format_or(&cpus, "none", out);
	np_sb_printf(out, ", %g s each\n", r->settings->seconds);
	if (smt)
		np_sb_printf(out, "%zu of the pairs are SMT siblings of one core\n", smt);
	if (line_on_a) {
		np_sb_puts(out, "\nthe line on a's node\n");
		c2c_matrix(r, -1, out);
		return;
	}
	for (int m = np_idset_next(&homes, 0); m >= 0; m = np_idset_next(&homes, m + 1)) {
		np_sb_printf(out, "\nthe line on node %d\n", m);
		c2c_matrix(r, m, out);
	}
}

static void cache_name(const struct np_cache_level *cache, char *out, size_t size)
{
	char bytes[32];
	size_text(cache->bytes, bytes, sizeof(bytes));
	snprintf(out, size, "L%d %s, %s", cache->level, cache->type, bytes);
}

/* The sweep: per CPU node and memory node, ns per load against size, with
 * a line where the working set outgrows each cache level. */
static void sweep_table(const struct np_bench_report *r, struct np_strbuf *out)
{
	const struct np_bench_settings *s = r->settings;
	char tlb[32];
	size_text(s->tlb_locality, tlb, sizeof(tlb));
	np_sb_printf(out,
		     "\nlatency over working-set sizes, ns per load (median of %u): one load "
		     "per %zu bytes, TLB locality %s\ncaches of CPU 0:",
		     s->repeat, s->stride, tlb);
	for (size_t i = 0; i < r->env->cache_count; i++) {
		char name[64];
		cache_name(&r->env->caches[i], name, sizeof(name));
		np_sb_printf(out, "%s %s", i ? ";" : "", name);
	}
	if (r->env->cache_count == 0)
		np_sb_puts(out, " not published (a VM may hide them)");
	np_sb_putc(out, '\n');
	for (size_t c = 0; c < r->plan->cpu_node_count; c++)
		for (size_t m = 0; m < r->plan->mem_node_count; m++) {
			int cpu = r->plan->cpu_nodes[c].id, mem = r->plan->mem_nodes[m].id;
			char target[160];
			target_text(&r->plan->mem_nodes[m], target, sizeof(target));
			np_sb_printf(out, "\nCPU node %d -> %s\n%12s %10s %8s  %s\n", cpu, target,
				     "size", "ns", "CV, %", "fits in");
			int previous = 0; /* the cache level of the previous size */
			for (size_t i = 0; i < r->row_count; i++) {
				const struct np_bench_row *row = &r->rows[i];
				if (row->cpu_node != cpu || row->mem_node != mem)
					continue;
				int fits = np_sweep_fits(r->env, row->size_bytes);
				/* Past a level: name each level the curve has left. */
				int now = fits < 0 ? (int)r->env->cache_count : fits;
				for (int k = previous; k < now; k++) {
					char name[64];
					cache_name(&r->env->caches[k], name, sizeof(name));
					np_sb_printf(out, "%12s -- past %s --\n", "", name);
				}
				previous = now;
				char size[32], where[32] = "memory";
				size_text(row->size_bytes, size, sizeof(size));
				if (fits >= 0)
					snprintf(where, sizeof(where), "L%d",
						 r->env->caches[fits].level);
				double cv = row->summary.mean > 0
						? row->summary.stddev / row->summary.mean * 100
						: 0;
				np_sb_printf(out, "%12s %10.1f %8.2f  %s%s\n", size,
					     row->summary.median, cv, where,
					     row->misplaced ? " *" : "");
			}
		}
}

/* The row of a loaded curve's level, in ns or MB/s. */
static const struct np_bench_row *loaded_row(const struct np_bench_report *r, int cpu, int mem,
					     const char *mix, int level, const char *unit)
{
	for (size_t i = 0; i < r->row_count; i++) {
		const struct np_bench_row *row = &r->rows[i];
		if (row->cpu_node == cpu && row->mem_node == mem && row->load_level == level &&
		    strcmp(row->mode, mix) == 0 && strcmp(row->unit, unit) == 0)
			return row;
	}
	return NULL;
}

/* The loaded-latency curves: per CPU node, memory node and mix, each
 * level's injected bandwidth and the chase's latency. */
static void loaded_table(const struct np_bench_report *r, struct np_strbuf *out)
{
	const struct np_bench_settings *s = r->settings;
	np_sb_printf(out,
		     "\nloaded latency: one chase on the CPU node, injectors loading memory at %u "
		     "levels\n(level 0 idle, the last full speed, the rest evenly spaced in "
		     "bandwidth); medians of %u\n",
		     s->levels, s->repeat);
	for (size_t c = 0; c < r->plan->cpu_node_count; c++)
		for (size_t m = 0; m < r->plan->mem_node_count; m++)
			for (size_t x = 0; x < s->mix_count; x++) {
				int cpu = r->plan->cpu_nodes[c].id, mem = r->plan->mem_nodes[m].id;
				const struct np_mix_info *mix = np_mix_info(s->mixes[x]);
				const struct np_bench_row *idle =
				    loaded_row(r, cpu, mem, mix->name, 0, "ns");
				if (!idle)
					continue;
				char target[160];
				target_text(&r->plan->mem_nodes[m], target, sizeof(target));
				np_sb_printf(out,
					     "\nCPU node %d -> %s, mix %s (a pass reads "
					     "%d array%s, writes %d), %zu injector%s\n%5s %15s %10s "
					     "%8s\n",
					     cpu, target, mix->name, mix->reads, mix->reads == 1 ? "" : "s",
					     mix->writes, idle->threads, idle->threads == 1 ? "" : "s",
					     "level", "injected MB/s", "ns", "CV, %");
				for (unsigned level = 0; level < s->levels; level++) {
					const struct np_bench_row *ns =
					    loaded_row(r, cpu, mem, mix->name, (int)level, "ns");
					const struct np_bench_row *mbs =
					    loaded_row(r, cpu, mem, mix->name, (int)level, "MB/s");
					if (!ns || !mbs)
						continue;
					double cv = ns->summary.mean > 0
							? ns->summary.stddev / ns->summary.mean * 100
							: 0;
					np_sb_printf(out, "%5u %15.0f %10.1f %8.2f%s\n", level,
						     mbs->summary.median, ns->summary.median, cv,
						     ns->misplaced || mbs->misplaced ? " *" : "");
				}
			}
	np_sb_puts(out, "\n" MB_CONVENTION "\n");
}

static void render_table(const void *report, struct np_strbuf *out)
{
	const struct np_bench_report *r = report;
	header(r, out);
	if (r->settings->c2c) {
		c2c_table(r, out);
		return;
	}
	if (r->settings->sweep_count) {
		sweep_table(r, out);
		return;
	}
	if (r->settings->loaded) {
		loaded_table(r, out);
		return;
	}
	const struct np_bench_settings *s = r->settings;
	size_t tables = (s->latency ? 1 : 0) + (s->bandwidth ? s->mode_count : 0);
	bool hmat = np_topology_has_hmat(r->topo);
	bool any_misplaced = false;
	for (size_t i = 0; i < r->row_count; i++)
		any_misplaced |= r->rows[i].misplaced;
	for (size_t t = 0; t < tables; t++) {
		bool latency = s->latency && t == 0;
		const char *test = latency ? "latency" : "bandwidth";
		const char *mode =
		    latency ? "chase" : np_bw_kernel(s->modes[t - (s->latency ? 1 : 0)])->name;
		const struct np_bench_row *first =
		    find_row(r, test, mode, r->plan->cpu_nodes[0].id, r->plan->mem_nodes[0].id);
		char size[32];
		size_text(first ? first->size_bytes : 0, size, sizeof(size));
		char tlb[32];
		size_text(s->tlb_locality, tlb, sizeof(tlb));
		if (latency)
			np_sb_printf(out,
				     "\nlatency, ns per load (median of %u): pointer chase over "
				     "%s, one load per %zu bytes, TLB locality %s\n",
				     s->repeat, size, s->stride, tlb);
		else
			np_sb_printf(out,
				     "\nbandwidth %s, MB/s (median of %u): %zu thread%s per CPU "
				     "node sharing %s\n",
				     mode, s->repeat, r->plan->threads,
				     r->plan->threads == 1 ? "" : "s", size);
		struct matrix values[2] = {
		    {latency ? "ns per load" : "MB/s", median_of, latency ? 1 : 0, true},
		    {"CV of the samples, %", cv_of, 2, false},
		};
		side_by_side(r, test, mode, values, 2, out);
		np_sb_putc(out, '\n');
		struct matrix compared[3] = {
		    {"measured remote/local", ratio_of, 2, false},
		    {"SLIT distance / 10", slit_of, 2, false},
		    {latency ? "HMAT read latency, ns" : "HMAT read bandwidth, MB/s",
		     latency ? hmat_latency_of : hmat_bandwidth_of, 0, false},
		};
		side_by_side(r, test, mode, compared, hmat ? 3 : 2, out);
		if (latency)
			distribution_lines(r, out);
	}
	if (any_misplaced)
		np_sb_printf(out,
			     "\n* fewer than %.0f%% of the buffer's pages were on the memory node: "
			     "the figure is not a clean measurement of that pair\n",
			     NP_PLACED_PCT_MIN);
	if (s->bandwidth)
		np_sb_puts(out, "\n" MB_CONVENTION "\n");
}

static void json_summary(struct np_json *json, const struct np_bench_row *row)
{
	const struct {
		const char *key;
		double value;
	} fields[] = {
	    {"min", row->summary.min}, {"median", row->summary.median}, {"mean", row->summary.mean},
	    {"max", row->summary.max}, {"stddev", row->summary.stddev}, {"p90", row->summary.p90},
	    {"p99", row->summary.p99},
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		np_json_kv_double(json, fields[i].key, fields[i].value, 3);
	}
}

/* A latency cell's batch means: how they were taken, their quantiles and
 * the histogram's buckets that hold any. */
static void json_distribution(struct np_json *json, const struct np_bench_row *row)
{
	const struct np_histogram *h = row->batches;
	np_json_key(json, "distribution");
	np_json_object(json);
	np_json_kv_string(json, "what", "per-batch mean latency, ns");
	np_json_kv_uint(json, "batch_loads", row->batch_loads);
	np_json_kv_string(json, "timer", row->timer);
	np_json_kv_double(json, "timer_overhead_ns", row->batch_overhead_ns, 2);
	np_json_kv_uint(json, "batches", h->total);
	const struct {
		const char *key;
		double q;
	} quantiles[] = {{"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}, {"p99_9", 0.999}};
	for (size_t i = 0; i < sizeof(quantiles) / sizeof(quantiles[0]); i++)
		np_json_kv_double(json, quantiles[i].key, np_histogram_quantile(h, quantiles[i].q),
				  1);
	np_json_kv_double(json, "max", h->max_ns, 1);
	np_json_key(json, "histogram"); /* [lower bound ns, count] per bucket */
	np_json_array(json);
	for (size_t b = 0; b < NP_HISTOGRAM_BUCKETS; b++) {
		if (!h->counts[b])
			continue;
		np_json_array_inline(json);
		np_json_double(json, np_histogram_bucket_ns(b), 1);
		np_json_uint(json, h->counts[b]);
		np_json_array_end(json);
	}
	np_json_array_end(json);
	np_json_object_end(json);
}

static void render_json(const void *report, struct np_strbuf *out)
{
	const struct np_bench_report *r = report;
	const struct np_environment *env = r->env;
	struct np_json json;
	np_json_init(&json, out);
	np_json_object(&json);
	np_runinfo_json(&json, r->run, r->label);
	np_json_key(&json, "environment");
	np_json_object(&json);
	np_json_kv_string(&json, "kernel", env->kernel);
	np_json_kv_string(&json, "cpu_model", env->cpu_model);
	np_json_kv_string(&json, "virtualised", env->virtualised);
	np_json_kv_int(&json, "numa_balancing", env->numa_balancing);
	np_json_kv_string(&json, "transparent_hugepage", env->thp_enabled);
	np_json_key(&json, "hugepage_pools");
	np_json_array(&json);
	for (size_t i = 0; i < r->topo->node_count; i++)
		for (size_t p = 0; p < r->topo->nodes[i].pool_count; p++) {
			np_json_object(&json);
			np_json_kv_int(&json, "node", r->topo->nodes[i].id);
			np_json_kv_uint(&json, "page_bytes", r->topo->nodes[i].pools[p].page_bytes);
			np_json_kv_uint(&json, "total", r->topo->nodes[i].pools[p].total);
			np_json_kv_uint(&json, "free", r->topo->nodes[i].pools[p].free);
			np_json_object_end(&json);
		}
	np_json_array_end(&json);
	np_json_kv_idset(&json, "allowed_cpus", &r->topo->allowed_cpus);
	np_json_kv_idset(&json, "allowed_nodes", &r->topo->allowed_nodes);
	np_json_kv_string(&json, "memory_policy", env->mempolicy);
	np_json_kv_idset(&json, "memory_policy_nodes", &env->mempolicy_nodes);
	np_json_kv_uint(&json, "llc_bytes", env->llc_bytes);
	np_json_key(&json, "caches");
	np_json_array(&json);
	for (size_t i = 0; i < env->cache_count; i++) {
		np_json_object(&json);
		np_json_kv_int(&json, "level", env->caches[i].level);
		np_json_kv_string(&json, "type", env->caches[i].type);
		np_json_kv_uint(&json, "bytes", env->caches[i].bytes);
		np_json_object_end(&json);
	}
	np_json_array_end(&json);
	np_json_kv_string(&json, "vector_width", env->kernel_isa);
	np_json_object_end(&json);
	np_json_key(&json, "settings");
	np_json_object(&json);
	np_json_kv_double(&json, "seconds_per_cell", r->settings->seconds, 3);
	np_json_kv_uint(&json, "repeat", r->settings->repeat);
	np_json_kv_string(&json, "page", np_page_mode_name(r->settings->page));
	np_json_kv_uint(&json, "tlb_locality_bytes", r->settings->tlb_locality);
	np_json_kv_uint(&json, "stride_bytes", r->settings->stride);
	if (r->settings->loaded) {
		np_json_kv_uint(&json, "levels", r->settings->levels);
		np_json_key(&json, "mixes");
		np_json_array(&json);
		for (size_t i = 0; i < r->settings->mix_count; i++) {
			const struct np_mix_info *mix = np_mix_info(r->settings->mixes[i]);
			np_json_object(&json);
			np_json_kv_string(&json, "mix", mix->name);
			np_json_kv_int(&json, "arrays", mix->arrays);
			np_json_kv_int(&json, "reads", mix->reads);
			np_json_kv_int(&json, "writes", mix->writes);
			np_json_object_end(&json);
		}
		np_json_array_end(&json);
	}
	if (r->settings->sweep_count) {
		np_json_key(&json, "sweep_sizes");
		np_json_array_inline(&json);
		for (size_t i = 0; i < r->settings->sweep_count; i++)
			np_json_uint(&json, r->settings->sweep_sizes[i]);
		np_json_array_end(&json);
	}
	np_json_kv_uint(&json, "bandwidth_threads", r->plan->threads);
	np_json_kv_string(&json, "mb_per_s", MB_CONVENTION);
	np_json_object_end(&json);
	np_json_kv_lines(&json, "skipped", np_sb_str(&r->plan->skipped));
	if (r->settings->c2c) { /* the full CPU matrix */
		np_json_key(&json, "c2c_pairs");
		np_json_array(&json);
		for (size_t i = 0; i < r->pair_count; i++) {
			const struct np_c2c_pair *p = &r->pairs[i];
			np_json_object(&json);
			np_json_kv_int(&json, "cpu_a", p->cpu_a);
			np_json_kv_int(&json, "cpu_b", p->cpu_b);
			np_json_kv_int(&json, "node_a", p->node_a);
			np_json_kv_int(&json, "node_b", p->node_b);
			np_json_kv_int(&json, "mem_node", p->mem_node);
			np_json_kv_bool(&json, "smt_siblings", p->smt);
			np_json_kv_double(&json, "ns", p->ns, 2);
			np_json_kv_double(&json, "placed_pct", p->placed_pct, 2);
			np_json_object_end(&json);
		}
		np_json_array_end(&json);
	}
	np_json_key(&json, "rows");
	np_json_array(&json);
	for (size_t i = 0; i < r->row_count; i++) {
		const struct np_bench_row *row = &r->rows[i];
		np_json_object(&json);
		np_json_kv_string(&json, "test", row->test);
		np_json_kv_string(&json, "mode", row->mode);
		np_json_kv_int(&json, "cpu_node", row->cpu_node);
		if (row->mem_name && strchr(row->mem_name, '+'))
			np_json_kv_string(&json, "mem_node", row->mem_name); /* a group */
		else
			np_json_kv_int(&json, "mem_node", row->mem_node);
		np_json_kv_uint(&json, "threads", row->threads);
		np_json_kv_uint(&json, "size_bytes", row->size_bytes);
		np_json_kv_string(&json, "page", row->page);
		np_json_kv_string(&json, "unit", row->unit);
		json_summary(&json, row);
		np_json_kv_uint(&json, "samples", row->summary.count);
		np_json_kv_double(&json, "placed_pct", row->placed_pct, 2);
		np_json_kv_bool(&json, "placement_ok", !row->misplaced);
		np_json_kv_double(&json, "measured_seconds", row->measured_seconds, 3);
		if (row->peer_node >= 0)
			np_json_kv_int(&json, "peer_node", row->peer_node);
		if (row->load_level >= 0)
			np_json_kv_int(&json, "load_level", row->load_level);
		np_json_kv_string(&json, "policy", row->policy);
		if (row->census.count > 1 || strcmp(row->policy, "bind") != 0) {
			/* each node's share of the pages, and the policy's */
			np_json_key(&json, "node_shares");
			np_json_array(&json);
			for (size_t k = 0; k < row->census.count; k++) {
				np_json_object(&json);
				np_json_kv_int(&json, "node", row->census.node[k]);
				np_json_kv_double(&json, "pct",
						  np_census_share(&row->census, row->census.node[k]), 2);
				np_json_kv_double(&json, "expected_pct",
						  row->expected[k] >= 0 ? row->expected[k] : NAN, 2);
				np_json_object_end(&json);
			}
			np_json_array_end(&json);
		}
		if (row->batches)
			json_distribution(&json, row);
		np_json_object_end(&json);
	}
	np_json_array_end(&json);
	np_json_object_end(&json);
	np_json_finish(&json);
}

void np_bench_render_csv_rows(const struct np_bench_report *r, struct np_strbuf *out)
{
	for (size_t i = 0; i < r->row_count; i++) {
		const struct np_bench_row *row = &r->rows[i];
		char numbers[12][32];
		snprintf(numbers[0], 32, "%d", row->cpu_node);
		char mem[32];
		snprintf(numbers[1], 32, "%.31s", mem_text(row, mem, sizeof(mem)));
		snprintf(numbers[2], 32, "%zu", row->threads);
		snprintf(numbers[3], 32, "%zu", row->size_bytes);
		snprintf(numbers[4], 32, "%.3f", row->summary.min);
		snprintf(numbers[5], 32, "%.3f", row->summary.median);
		snprintf(numbers[6], 32, "%.3f", row->summary.mean);
		snprintf(numbers[7], 32, "%.3f", row->summary.max);
		snprintf(numbers[8], 32, "%.3f", row->summary.stddev);
		snprintf(numbers[9], 32, "%.3f", row->summary.p90);
		snprintf(numbers[10], 32, "%.3f", row->summary.p99);
		snprintf(numbers[11], 32, "%zu", row->summary.count);
		char placed[32], peer[16] = "", level[16] = "";
		snprintf(placed, sizeof(placed), "%.2f", row->placed_pct);
		if (row->peer_node >= 0)
			snprintf(peer, sizeof(peer), "%d", row->peer_node);
		if (row->load_level >= 0)
			snprintf(level, sizeof(level), "%d", row->load_level);
		const char *fields[] = {r->run->timestamp,
					r->run->run_id,
					r->run->host,
					r->label,
					row->test,
					row->mode,
					numbers[0],
					numbers[1],
					numbers[2],
					numbers[3],
					row->page,
					row->unit,
					numbers[4],
					numbers[5],
					numbers[6],
					numbers[7],
					numbers[8],
					numbers[9],
					numbers[10],
					numbers[11],
					placed,
					peer,
					level,
					row->policy};
		for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
			np_csv_field(out, f == 0, fields[f]);
		np_csv_end_row(out);
	}
}

static void render_csv(const void *report, struct np_strbuf *out)
{
	np_sb_puts(out, NP_BENCH_CSV_HEADER "\n");
	np_bench_render_csv_rows(report, out);
}

/* ---- Prometheus --------------------------------------------------------- */

/* A median as the CSV writes it with the unit's power of ten as exponent
 * ("82.346e-9" seconds for 82.346 ns): base units, the CSV's digits, and
 * no binary rounding on the way (Go's ParseFloat reads this form). */
static void prom_median(struct np_strbuf *out, const struct np_bench_row *row, int exponent)
{
	if (isfinite(row->summary.median))
		np_sb_printf(out, " %.3fe%d\n", row->summary.median, exponent);
	else
		np_sb_puts(out, " NaN\n");
}

static bool has_test(const struct np_bench_report *r, const char *test)
{
	for (size_t i = 0; i < r->row_count; i++)
		if (strcmp(r->rows[i].test, test) == 0)
			return true;
	return false;
}

void np_bench_render_prom(const struct np_bench_report *r, struct np_strbuf *out)
{
	char mem[32];
	if (has_test(r, "latency"))
		np_prom_family(out, "bench_latency_seconds", "gauge",
			       "Median latency of a dependent load (pointer chase) from a CPU node "
			       "to a memory node or group.");
	for (size_t i = 0; i < r->row_count; i++) {
		const struct np_bench_row *row = &r->rows[i];
		if (strcmp(row->test, "latency") != 0)
			continue;
		np_sb_printf(out, "numaprobe_bench_latency_seconds{cpu_node=\"%d\",mem_node=\"",
			     row->cpu_node);
		np_prom_escape(out, mem_text(row, mem, sizeof(mem)));
		np_sb_puts(out, "\",page=\"");
		np_prom_escape(out, row->page);
		np_sb_puts(out, "\"}");
		prom_median(out, row, -9);
	}
	if (has_test(r, "bandwidth"))
		np_prom_family(out, "bench_bandwidth_bytes_per_second", "gauge",
			       "Median memory bandwidth from a CPU node to a memory node or group, "
			       "bytes counted as STREAM counts them.");
	for (size_t i = 0; i < r->row_count; i++) {
		const struct np_bench_row *row = &r->rows[i];
		if (strcmp(row->test, "bandwidth") != 0)
			continue;
		np_sb_printf(
		    out, "numaprobe_bench_bandwidth_bytes_per_second{cpu_node=\"%d\",mem_node=\"",
		    row->cpu_node);
		np_prom_escape(out, mem_text(row, mem, sizeof(mem)));
		np_sb_puts(out, "\",mode=\"");
		np_prom_escape(out, row->mode);
		np_sb_printf(out, "\",threads=\"%zu\"}", row->threads);
		prom_median(out, row, 6); /* MB/s: 10^6 bytes a second */
	}
	/* When the run started measuring, its milliseconds kept. */
	long long seconds;
	if (np_parse_timestamp(r->run->timestamp, &seconds) < 0)
		return;
	const char *fraction = strchr(r->run->timestamp, '.');
	int digits = fraction ? (int)strspn(fraction + 1, "0123456789") : 0;
	np_prom_family(out, "bench_timestamp_seconds", "gauge",
		       "When the run that measured these medians started, in seconds since the "
		       "epoch.");
	np_sb_printf(out, "numaprobe_bench_timestamp_seconds %lld%s%.*s\n", seconds,
		     digits ? "." : "", digits, digits ? fraction + 1 : "");
}

static void render_prom(const void *report, struct np_strbuf *out)
{
	np_bench_render_prom(report, out);
}

const struct np_renderer np_bench_renderers[] = {
    {"table", render_table}, {"csv", render_csv}, {"json", render_json},
    {"prom", render_prom},   {NULL, NULL},
};
