/*
 * policy.h: where a benchmark buffer's memory goes when it spans several
 * nodes. `--mem-nodes` takes single nodes (0-3,^2) and groups written with
 * '+' (0+2: one buffer over nodes 0 and 2; '+' binds tighter than ',', and
 * '^' is not allowed inside a group). The policy:
 *   bind        MPOL_BIND (one node: all of it there; a group: any of
 *               its nodes, the kernel's choice)
 *   interleave  MPOL_INTERLEAVE: pages in turn over the nodes, an even
 *               share each
 *   weighted    MPOL_WEIGHTED_INTERLEAVE (Linux 6.9+): runs of w_n pages
 *               on node n, w_n from /sys/kernel/mm/mempolicy/
 *               weighted_interleave/nodeN, so node n holds w_n / sum(w)
 * A group without --policy is interleaved, a single node bound.
 */
#ifndef NUMAPROBE_POLICY_H
#define NUMAPROBE_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/error.h"
#include "../lib/idset.h"

#define NP_MAX_GROUPS	   16
#define NP_MAX_GROUP_NODES 16

enum np_mem_policy { NP_POLICY_BIND, NP_POLICY_INTERLEAVE, NP_POLICY_WEIGHTED };

/* "bind", "interleave", "weighted", then NULL. */
extern const char *const np_mem_policy_names[];

struct np_mem_group {
	struct np_idset nodes;
	char name[96]; /* as bench writes it: the nodes ascending, joined by '+' */
};

/* Splits a --mem-nodes list into its single nodes (the id-list syntax,
 * ranges and ^ exclusions included) and its groups, in the order given.
 * Fails on a group with '^', a range, a node twice, one node only, or more
 * than NP_MAX_GROUPS groups or NP_MAX_GROUP_NODES nodes in one. */
int np_mem_nodes_parse(const char *text, struct np_idset *singles, struct np_mem_group *groups,
		       size_t *group_count, struct np_error *err);

/* Reads the weighted-interleave weight of each node of `nodes` under
 * `sysfs` (normally "/sys") into weights[node]; -1 with a message when the
 * kernel has no weighted interleave or a weight cannot be read. */
int np_policy_read_weights(const char *sysfs, const struct np_idset *nodes, unsigned *weights,
			   struct np_error *err);

/* The share (%) of the pages `policy` puts on `node` of `nodes` (weights
 * for weighted, indexed by node id); -1 where the policy sets none (bind
 * over a group). */
double np_policy_expected_share(enum np_mem_policy policy, const struct np_idset *nodes,
				const unsigned *weights, int node);

#endif
