/*
 * c2c.h: core-to-core latency: what it costs to move one cache line from
 * one CPU's cache to another's.
 *
 * Two workers, pinned to CPUs a and b, pass the line back and forth: a
 * waits until the counter in it is even and writes the next (odd) value,
 * b waits until it is odd and writes the next (even) one, each with a
 * release store and an acquire load, spinning without a pause (which would
 * add its own ~40 ns). One round trip moves the line twice, so a pair's
 * figure is half the round-trip time, the median of `repeat` samples. The
 * line sits on a node of the caller's choosing (the "home" of the line:
 * its memory, and on many machines its directory), first touched by a.
 *
 * Every wait is bounded: a worker that does not answer within the pair's
 * time budget (plus a second) makes the pair "not completed" (NAN) instead
 * of a hang, as happens when two vCPUs do not run at the same time.
 */
#ifndef NUMAPROBE_C2C_H
#define NUMAPROBE_C2C_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/error.h"
#include "../lib/idset.h"
#include "../lib/topology.h"

/* The protocol's name, in the CSV's mode column. */
#define NP_C2C_MODE "flag"

struct np_c2c_pair {
	int cpu_a, cpu_b;
	int node_a, node_b;
	int mem_node;	   /* where the line is */
	bool smt;	   /* a and b are SMT siblings of one core */
	double ns;	   /* half a round trip, the median of the samples; NAN: not completed */
	double placed_pct; /* the line's page on mem_node */
};

struct np_c2c_request {
	struct np_idset cpus;	   /* the CPUs to pair, already checked against the topology */
	bool line_on_a;		   /* the line on a's node (the default) */
	struct np_idset mem_nodes; /* else on each of these */
	double seconds;		   /* per pair, split into the samples */
	unsigned repeat;
};

/*
 * The CPUs measured by default: the allowed CPUs, at most one per physical
 * core (unless `smt`) and at most `per_node` per node (0: no limit), lowest
 * ids first. `core_of` maps a CPU to its core's lowest CPU (NULL: each CPU
 * its own core).
 */
void np_c2c_default_cpus(const struct np_topology *topo, const int *core_of, bool smt, int per_node,
			 struct np_idset *out);

/* Called before each pair, with how many are done, for progress. */
typedef void (*np_c2c_progress_fn)(void *ctx, size_t done, size_t total, const char *pair,
				   double eta_seconds);

/*
 * Measures every ordered pair (a, b), a != b, of the request's CPUs, for
 * each line node. *pairs is malloc'ed. Fails only when a pair cannot be
 * set up (no memory, a worker that cannot be pinned).
 */
int np_c2c_run(const struct np_topology *topo, const int *core_of,
	       const struct np_c2c_request *request, np_c2c_progress_fn progress,
	       void *progress_ctx, struct np_c2c_pair **pairs, size_t *count, struct np_error *err);

/*
 * The node summary of the pairs: one row per (a's node, b's node, line's
 * node) with test "c2c", the statistics over that group's completed pairs
 * (samples = how many), placed_pct the lowest of theirs. Groups whose
 * pairs all failed to complete are left out and counted in *incomplete.
 * *rows is malloc'ed (free with np_bench_rows_free).
 */
struct np_bench_row;
int np_c2c_rows(const struct np_c2c_pair *pairs, size_t count, struct np_bench_row **rows,
		size_t *row_count, size_t *incomplete, struct np_error *err);

#endif
