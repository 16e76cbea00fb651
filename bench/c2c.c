/* c2c.c: core-to-core latency; see c2c.h. */
#include "c2c.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/summary.h"
#include "arena.h"
#include "runner.h"
#include "workers.h"

#define STOP UINT64_MAX
/* Round trips between two clock reads. */
#define ROUNDS 64
/* Spins between two clock reads while waiting for the other side. */
#define SPINS 4096

struct pingpong {
	volatile uint64_t *line;
	uint64_t sample_ns, deadline_ns; /* the deadline: when to give up */
	unsigned repeat;
	double *samples; /* ns of half a round trip, per sample */
	bool completed;
};

/* Waits until the line holds `want` (or STOP); false when the deadline
 * passed first. */
static bool wait_for(const struct pingpong *pp, uint64_t want)
{
	for (;;) {
		for (int i = 0; i < SPINS; i++) {
			uint64_t v = __atomic_load_n(pp->line, __ATOMIC_ACQUIRE);
			if (v == want || v == STOP)
				return v == want;
		}
		if (np_now_ns() > pp->deadline_ns)
			return false;
	}
}

/* a: sends the odd values, times the round trips, and stops b at the end. */
static void initiator(void *opaque)
{
	struct pingpong *pp = opaque;
	/* First touch of the line's page, by a. */
	__atomic_store_n(pp->line, 0, __ATOMIC_RELEASE);
	uint64_t next = 0;
	pp->completed = true;
	for (unsigned s = 0; s < pp->repeat && pp->completed; s++) {
		uint64_t rounds = 0, start = np_now_ns(), now;
		do {
			for (int r = 0; r < ROUNDS && pp->completed; r++) {
				pp->completed = wait_for(pp, next);
				__atomic_store_n(pp->line, next + 1, __ATOMIC_RELEASE);
				next += 2;
			}
			rounds += ROUNDS;
			now = np_now_ns();
		} while (pp->completed && now - start < pp->sample_ns);
		pp->samples[s] = (double)(now - start) / (double)(2 * rounds);
	}
	__atomic_store_n(pp->line, STOP, __ATOMIC_RELEASE);
}

/* b: answers every odd value with the next even one, until STOP. */
static void responder(void *opaque)
{
	struct pingpong *pp = opaque;
	for (uint64_t want = 1;; want += 2) {
		if (!wait_for(pp, want))
			return;
		__atomic_store_n(pp->line, want + 1, __ATOMIC_RELEASE);
	}
}

void np_c2c_default_cpus(const struct np_topology *topo, const int *core_of, bool smt, int per_node,
			 struct np_idset *out)
{
	np_idset_clear(out);
	for (size_t n = 0; n < topo->node_count; n++) {
		int taken = 0;
		struct np_idset cores;
		np_idset_clear(&cores);
		const struct np_idset *cpus = &topo->nodes[n].cpus;
		for (int cpu = np_idset_next(cpus, 0);
		     cpu >= 0 && (per_node == 0 || taken < per_node);
		     cpu = np_idset_next(cpus, cpu + 1)) {
			int core = core_of ? core_of[cpu] : cpu;
			if (!np_idset_has(&topo->allowed_cpus, cpu) ||
			    (!smt && np_idset_has(&cores, core)))
				continue;
			np_idset_add(&cores, core);
			np_idset_add(out, cpu);
			taken++;
		}
	}
}

static int node_of(const struct np_topology *topo, int cpu)
{
	for (size_t n = 0; n < topo->node_count; n++)
		if (np_idset_has(&topo->nodes[n].cpus, cpu))
			return topo->nodes[n].id;
	return -1;
}

/* The two workers run different functions: each gets its role. */
struct role {
	struct pingpong *pp;
	void (*fn)(void *);
};

static void run_role(void *opaque)
{
	struct role *role = opaque;
	role->fn(role->pp);
}

/* One pair with the line on mem_node. */
static int measure_pair(const struct np_c2c_request *request, struct np_c2c_pair *pair,
			struct np_error *err)
{
	struct np_arena arena;
	if (np_arena_map(&arena, 4096, NP_PAGE_4K, pair->mem_node, err) < 0)
		return -1;
	double *samples = calloc(request->repeat, sizeof(*samples));
	if (!samples) {
		np_arena_unmap(&arena);
		return np_fail(err, "out of memory");
	}
	uint64_t budget = (uint64_t)(request->seconds * 1e9);
	struct pingpong pp = {
	    .line = arena.base,
	    .sample_ns = budget / request->repeat ? budget / request->repeat : 1,
	    .deadline_ns = np_now_ns() + budget + 1000000000ull,
	    .repeat = request->repeat,
	    .samples = samples,
	};
	int cpus[2] = {pair->cpu_a, pair->cpu_b};
	struct role roles[2] = {{&pp, initiator}, {&pp, responder}};
	void *args[2] = {&roles[0], &roles[1]};
	int rc = np_workers_run(2, cpus, run_role, args, err);
	if (rc == 0) {
		struct np_summary summary;
		pair->ns = pp.completed && np_summarise(samples, request->repeat, &summary) == 0
			       ? summary.median
			       : NAN;
		rc = np_arena_verify(&arena, &pair->placed_pct, err);
	}
	free(samples);
	np_arena_unmap(&arena);
	return rc;
}

int np_c2c_run(const struct np_topology *topo, const int *core_of,
	       const struct np_c2c_request *request, np_c2c_progress_fn progress,
	       void *progress_ctx, struct np_c2c_pair **pairs_out, size_t *count_out,
	       struct np_error *err)
{
	size_t cpus = (size_t)np_idset_count(&request->cpus);
	size_t homes = request->line_on_a ? 1 : (size_t)np_idset_count(&request->mem_nodes);
	size_t total = cpus * (cpus - (cpus > 0)) * homes;
	struct np_c2c_pair *pairs = calloc(total ? total : 1, sizeof(*pairs));
	if (!pairs)
		return np_fail(err, "out of memory for %zu CPU pairs", total);
	size_t done = 0;
	int rc = 0;
	uint64_t started = np_now_ns();
	int home = request->line_on_a ? -1 : np_idset_next(&request->mem_nodes, 0);
	for (size_t h = 0; h < homes && rc == 0; h++) {
		for (int a = np_idset_next(&request->cpus, 0); a >= 0 && rc == 0;
		     a = np_idset_next(&request->cpus, a + 1))
			for (int b = np_idset_next(&request->cpus, 0); b >= 0 && rc == 0;
			     b = np_idset_next(&request->cpus, b + 1)) {
				if (a == b)
					continue;
				struct np_c2c_pair *pair = &pairs[done];
				pair->cpu_a = a;
				pair->cpu_b = b;
				pair->node_a = node_of(topo, a);
				pair->node_b = node_of(topo, b);
				pair->mem_node = home < 0 ? pair->node_a : home;
				pair->smt = core_of && core_of[a] == core_of[b];
				char what[96];
				snprintf(what, sizeof(what),
					 "c2c CPU %d <-> CPU %d, line on node %d", a, b,
					 pair->mem_node);
				double eta = (double)total * request->seconds;
				if (done > 0)
					eta = (double)(np_now_ns() - started) / 1e9 / (double)done *
					      (double)(total - done);
				if (progress)
					progress(progress_ctx, done, total, what, eta);
				rc = measure_pair(request, pair, err);
				if (rc < 0)
					np_fail_prefix(err, "%s", what);
				else
					done++;
			}
		if (home >= 0)
			home = np_idset_next(&request->mem_nodes, home + 1);
	}
	if (rc == 0 && progress)
		progress(progress_ctx, total, total, "done", 0);
	if (rc < 0) {
		free(pairs);
		return -1;
	}
	*pairs_out = pairs;
	*count_out = done;
	return 0;
}

static bool same_group(const struct np_c2c_pair *x, const struct np_c2c_pair *y)
{
	return x->node_a == y->node_a && x->node_b == y->node_b && x->mem_node == y->mem_node;
}

int np_c2c_rows(const struct np_c2c_pair *pairs, size_t count, struct np_bench_row **rows_out,
		size_t *row_count, size_t *incomplete, struct np_error *err)
{
	struct np_bench_row *rows = calloc(count ? count : 1, sizeof(*rows));
	double *figures = calloc(count ? count : 1, sizeof(*figures));
	if (!rows || !figures) {
		free(rows);
		free(figures);
		return np_fail(err, "out of memory");
	}
	size_t n = 0;
	*incomplete = 0;
	for (size_t i = 0; i < count; i++) {
		bool first = true; /* each group once, at its first pair */
		for (size_t k = 0; first && k < i; k++)
			first = !same_group(&pairs[k], &pairs[i]);
		if (!first)
			continue;
		size_t completed = 0;
		double placed = 100;
		for (size_t k = i; k < count; k++) {
			if (!same_group(&pairs[k], &pairs[i]))
				continue;
			if (isnan(pairs[k].ns)) {
				(*incomplete)++;
				continue;
			}
			figures[completed++] = pairs[k].ns;
			placed = fmin(placed, pairs[k].placed_pct);
		}
		if (completed == 0)
			continue;
		struct np_bench_row *row = &rows[n++];
		*row = (struct np_bench_row){
		    .test = "c2c",
		    .mode = NP_C2C_MODE,
		    .cpu_node = pairs[i].node_a,
		    .mem_node = pairs[i].mem_node,
		    .peer_node = pairs[i].node_b,
		    .load_level = -1,
		    .policy = "bind",
		    .threads = 2,
		    .size_bytes = 64,
		    .page = "4k",
		    .unit = "ns",
		    .placed_pct = placed,
		    .misplaced = placed < NP_PLACED_PCT_MIN,
		};
		np_summarise(figures, completed, &row->summary);
	}
	free(figures);
	*rows_out = rows;
	*row_count = n;
	return 0;
}
