/* plan.c: choosing nodes, CPUs and sizes for a benchmark run; see plan.h. */
#include "plan.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../lib/fileio.h"

#define MIB		 (1024.0 * 1024.0)
#define DEFAULT_MIN_SIZE (256u << 20)

static const char *list_text(const struct np_idset *set, char *out, size_t size)
{
	struct np_strbuf sb;
	np_sb_init(&sb);
	np_idset_format_or(set, "none", &sb);
	snprintf(out, size, "%s", np_sb_str(&sb));
	np_sb_free(&sb);
	return out;
}

/* Why node cannot run workers, or NULL when it can. */
static const char *cpu_node_problem(const struct np_topology *topo, const struct np_node *node,
				    char *why, size_t size)
{
	if (np_idset_empty(&node->cpus))
		return "has no CPUs";
	for (int cpu = np_idset_next(&node->cpus, 0); cpu >= 0;
	     cpu = np_idset_next(&node->cpus, cpu + 1))
		if (np_idset_has(&topo->allowed_cpus, cpu))
			return NULL;
	char cpus[200], allowed[200];
	snprintf(why, size,
		 "its CPUs %s are all outside this process's allowed CPUs %s (taskset, cgroup "
		 "cpuset or numactl --cpunodebind)",
		 list_text(&node->cpus, cpus, sizeof(cpus)),
		 list_text(&topo->allowed_cpus, allowed, sizeof(allowed)));
	return why;
}

static const char *mem_node_problem(const struct np_topology *topo,
				    const struct np_environment *env, const struct np_node *node,
				    char *why, size_t size)
{
	char nodes[256];
	if (!node->has_memory || node->mem_total_bytes == 0)
		return "has no memory";
	if (!np_idset_has(&topo->allowed_nodes, node->id)) {
		snprintf(why, size,
			 "is outside this process's allowed memory nodes %s (cgroup cpuset)",
			 list_text(&topo->allowed_nodes, nodes, sizeof(nodes)));
		return why;
	}
	if (strcmp(env->mempolicy, "bind") == 0 && !np_idset_has(&env->mempolicy_nodes, node->id)) {
		snprintf(why, size,
			 "is outside the bind memory policy's nodes %s (numactl --membind)",
			 list_text(&env->mempolicy_nodes, nodes, sizeof(nodes)));
		return why;
	}
	return NULL;
}

/* The node's usable CPUs: one per physical core first, then (with smt)
 * the remaining siblings. */
static void worker_cpus(const struct np_topology *topo, const struct np_node *node,
			const int *core_of, bool smt, struct np_plan_node *out)
{
	struct np_idset cores_seen;
	np_idset_clear(&cores_seen);
	out->cpu_count = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (int cpu = np_idset_next(&node->cpus, 0); cpu >= 0;
		     cpu = np_idset_next(&node->cpus, cpu + 1)) {
			if (!np_idset_has(&topo->allowed_cpus, cpu) || out->cpu_count >= 1024)
				continue;
			int core = core_of ? core_of[cpu] : cpu;
			bool first_of_core = !np_idset_has(&cores_seen, core);
			if (pass == 0 && first_of_core) {
				np_idset_add(&cores_seen, core);
				out->cpus[out->cpu_count++] = cpu;
			} else if (pass == 1 && smt && !first_of_core) {
				bool listed = false;
				for (int i = 0; i < out->cpu_count; i++)
					listed |= out->cpus[i] == cpu;
				if (!listed)
					out->cpus[out->cpu_count++] = cpu;
			}
		}
	}
}

static int check_requested(const struct np_topology *topo, const struct np_idset *requested,
			   const char *option, struct np_error *err)
{
	for (int id = np_idset_next(requested, 0); id >= 0; id = np_idset_next(requested, id + 1)) {
		if (np_topology_index(topo, id) < 0) {
			char online[256];
			return np_fail(err, "%s: node %d does not exist (online nodes: %s)", option,
				       id, list_text(&topo->online, online, sizeof(online)));
		}
	}
	return 0;
}

/* `name`: "node 2", or "nodes 0+2" for a group (whose node is the sum). */
static int size_for_node(const struct np_topology *topo, const struct np_environment *env,
			 const struct np_bench_request *request, const struct np_node *node,
			 const char *name, struct np_bench_plan *plan, size_t *size,
			 struct np_error *err)
{
	/* With several buffers of the size at once, each gets its share. */
	unsigned buffers = request->buffers ? request->buffers : 1;
	size_t share = node->mem_free_bytes / buffers;
	size_t half_free = share / 2;
	size_t page = np_page_mode_bytes(request->page);
	(void)topo;
	if (request->size_bytes) {
		*size = request->size_bytes;
		if (*size > share)
			return np_fail(err,
				       "--size %.1f MiB is bigger than %s's free memory (%.1f "
				       "MiB%s)",
				       (double)*size / MIB, name, (double)node->mem_free_bytes / MIB,
				       buffers > 1 ? ", shared by the chased and the injected buffers"
						   : "");
		if (*size > half_free && !request->force)
			return np_fail(err,
				       "--size %.1f MiB is more than half of %s's free memory "
				       "(%.1f MiB%s); add --force to allow it",
				       (double)*size / MIB, name, (double)node->mem_free_bytes / MIB,
				       buffers > 1 ? ", shared by the chased and the injected buffers"
						   : "");
	} else {
		size_t want =
		    4 * env->llc_bytes > DEFAULT_MIN_SIZE ? 4 * env->llc_bytes : DEFAULT_MIN_SIZE;
		*size = want;
		if (!request->force && want > half_free) {
			*size = half_free;
			if (*size < 4 * env->llc_bytes)
				np_sb_printf(
				    &plan->warnings,
				    "%s: buffer capped at %.1f MiB (half its free "
				    "memory), under 4x the %.1f MiB last-level cache; cache "
				    "hits may lower the figures (--force lifts the cap)\n",
				    name, (double)*size / MIB, (double)env->llc_bytes / MIB);
		}
	}
	*size = *size / page * page;
	if (*size < page)
		return np_fail(err, "%s: a buffer of %zu bytes holds no whole %s page", name,
			       *size, np_page_mode_name(request->page));
	if (request->page == NP_PAGE_2M || request->page == NP_PAGE_1G) {
		uint64_t free_pages = 0;
		for (size_t p = 0; p < node->pool_count; p++)
			if (node->pools[p].page_bytes == page)
				free_pages = node->pools[p].free;
		uint64_t needed = *size / page * buffers;
		if (free_pages < needed && node->id < 0) /* a group: its nodes' pools together */
			return np_fail(err,
				       "%s have %llu free %s huge pages together, the buffer needs "
				       "%llu; fill their pools first "
				       "(/sys/devices/system/node/nodeN/hugepages/hugepages-%zukB/"
				       "nr_hugepages)",
				       name, (unsigned long long)free_pages,
				       np_page_mode_name(request->page), (unsigned long long)needed,
				       page / 1024);
		if (free_pages < needed)
			return np_fail(err,
				       "%s has %llu free %s huge pages, the buffer needs "
				       "%llu; fill the pool first: echo %llu > "
				       "/sys/devices/system/node/node%d/hugepages/hugepages-%zukB/"
				       "nr_hugepages",
				       name, (unsigned long long)free_pages,
				       np_page_mode_name(request->page), (unsigned long long)needed,
				       (unsigned long long)needed, node->id, page / 1024);
	}
	return 0;
}

/* A target's policy (the one asked for, else bind for a node and
 * interleave for a group) and the share it should put on each node. */
static int target_policy(const struct np_bench_request *request, struct np_plan_node *out,
			 struct np_error *err)
{
	bool group = np_idset_count(&out->nodes) > 1;
	out->policy = request->policy >= 0 ? (enum np_mem_policy)request->policy
		      : group		     ? NP_POLICY_INTERLEAVE
					     : NP_POLICY_BIND;
	static unsigned weights[NP_MAX_NODES];
	if (out->policy == NP_POLICY_WEIGHTED &&
	    np_policy_read_weights("/sys", &out->nodes, weights, err) < 0)
		return -1;
	size_t k = 0;
	for (int n = np_idset_next(&out->nodes, 0); n >= 0 && k < NP_MAX_GROUP_NODES;
	     n = np_idset_next(&out->nodes, n + 1))
		out->expected[k++] = np_policy_expected_share(out->policy, &out->nodes, weights, n);
	return 0;
}

/* A group of memory nodes: every node usable, its buffer sized by the
 * nodes' free memory together. */
static int plan_group(const struct np_topology *topo, const struct np_environment *env,
		      const struct np_bench_request *request, const struct np_mem_group *group,
		      int index, struct np_bench_plan *plan, struct np_error *err)
{
	char why[1024];
	struct np_node together = {.id = -2 - index, .has_memory = true};
	struct np_hugepage_pool pools[8];
	together.pools = pools;
	for (int n = np_idset_next(&group->nodes, 0); n >= 0; n = np_idset_next(&group->nodes, n + 1)) {
		int i = np_topology_index(topo, n);
		if (i < 0) {
			char online[256];
			return np_fail(err, "--mem-nodes %s: node %d does not exist (online nodes: %s)",
				       group->name, n, list_text(&topo->online, online, sizeof(online)));
		}
		const struct np_node *node = &topo->nodes[i];
		const char *problem = mem_node_problem(topo, env, node, why, sizeof(why));
		if (problem)
			return np_fail(err, "--mem-nodes %s: node %d: %s", group->name, n, problem);
		together.mem_total_bytes += node->mem_total_bytes;
		together.mem_free_bytes += node->mem_free_bytes;
		for (size_t p = 0; p < node->pool_count; p++) {
			size_t k = 0;
			while (k < together.pool_count &&
			       pools[k].page_bytes != node->pools[p].page_bytes)
				k++;
			if (k == together.pool_count) {
				if (k == 8)
					continue;
				pools[k] = node->pools[p];
				pools[k].free = 0;
				together.pool_count++;
			}
			pools[k].free += node->pools[p].free;
		}
	}
	if (plan->mem_node_count >= NP_PLAN_MAX_NODES)
		return np_fail(err, "more than %d memory targets: choose fewer with --mem-nodes",
			       NP_PLAN_MAX_NODES);
	struct np_plan_node *out = &plan->mem_nodes[plan->mem_node_count++];
	out->id = together.id;
	snprintf(out->name, sizeof(out->name), "%s", group->name);
	out->nodes = group->nodes;
	if (target_policy(request, out, err) < 0)
		return -1;
	char name[128];
	snprintf(name, sizeof(name), "nodes %s", group->name);
	return size_for_node(topo, env, request, &together, name, plan, &out->size_bytes, err);
}

int np_bench_plan_make(const struct np_topology *topo, const struct np_environment *env,
		       const struct np_bench_request *request, const int *core_of,
		       struct np_bench_plan *plan, struct np_error *err)
{
	memset(plan, 0, sizeof(*plan));
	np_sb_init(&plan->skipped);
	np_sb_init(&plan->warnings);
	if (request->cpu_nodes_given &&
	    check_requested(topo, &request->cpu_nodes, "--cpu-nodes", err) < 0)
		return -1;
	if (request->mem_nodes_given &&
	    check_requested(topo, &request->mem_nodes, "--mem-nodes", err) < 0)
		return -1;
	char why[1024];
	for (size_t i = 0; i < topo->node_count; i++) {
		const struct np_node *node = &topo->nodes[i];
		bool wanted =
		    request->cpu_nodes_given ? np_idset_has(&request->cpu_nodes, node->id) : true;
		if (!wanted)
			continue;
		const char *problem = cpu_node_problem(topo, node, why, sizeof(why));
		if (problem && request->cpu_nodes_given)
			return np_fail(err, "--cpu-nodes: node %d: %s", node->id, problem);
		if (problem) {
			np_sb_printf(&plan->skipped, "node %d (cpu): %s\n", node->id, problem);
			continue;
		}
		if (plan->cpu_node_count >= NP_PLAN_MAX_NODES)
			return np_fail(err, "more than %d CPU nodes: choose some with --cpu-nodes",
				       NP_PLAN_MAX_NODES);
		struct np_plan_node *out = &plan->cpu_nodes[plan->cpu_node_count++];
		out->id = node->id;
		worker_cpus(topo, node, core_of, request->smt, out);
	}
	for (size_t i = 0; i < topo->node_count; i++) {
		const struct np_node *node = &topo->nodes[i];
		bool wanted =
		    request->mem_nodes_given ? np_idset_has(&request->mem_nodes, node->id) : true;
		if (!wanted)
			continue;
		const char *problem = mem_node_problem(topo, env, node, why, sizeof(why));
		if (problem && request->mem_nodes_given)
			return np_fail(err, "--mem-nodes: node %d: %s", node->id, problem);
		if (problem) {
			np_sb_printf(&plan->skipped, "node %d (memory): %s\n", node->id, problem);
			continue;
		}
		if (plan->mem_node_count >= NP_PLAN_MAX_NODES)
			return np_fail(err,
				       "more than %d memory nodes: choose some with --mem-nodes",
				       NP_PLAN_MAX_NODES);
		struct np_plan_node *out = &plan->mem_nodes[plan->mem_node_count++];
		out->id = node->id;
		snprintf(out->name, sizeof(out->name), "%d", node->id);
		np_idset_clear(&out->nodes);
		np_idset_add(&out->nodes, node->id);
		char name[32];
		snprintf(name, sizeof(name), "node %d", node->id);
		if (target_policy(request, out, err) < 0 ||
		    size_for_node(topo, env, request, node, name, plan, &out->size_bytes, err) < 0)
			return -1;
	}
	for (size_t g = 0; g < request->mem_group_count; g++)
		if (plan_group(topo, env, request, &request->mem_groups[g], (int)g, plan, err) < 0)
			return -1;
	if (plan->cpu_node_count == 0)
		return np_fail(err, "no node has a CPU this process may use");
	if (plan->mem_node_count == 0)
		return np_fail(err, "no node has memory this process may use");
	/* Bandwidth workers per CPU node: every core unless --threads N. */
	size_t fewest = SIZE_MAX;
	for (size_t i = 0; i < plan->cpu_node_count; i++)
		if ((size_t)plan->cpu_nodes[i].cpu_count < fewest)
			fewest = (size_t)plan->cpu_nodes[i].cpu_count;
	if (request->threads > 0) {
		for (size_t i = 0; i < plan->cpu_node_count; i++)
			if ((size_t)plan->cpu_nodes[i].cpu_count < request->threads)
				return np_fail(err, "--threads %zu: node %d has only %d usable %s",
					       request->threads, plan->cpu_nodes[i].id,
					       plan->cpu_nodes[i].cpu_count,
					       request->smt
						   ? "CPUs"
						   : "cores (--smt adds their SMT siblings)");
		plan->threads = request->threads;
	} else {
		plan->threads = fewest;
	}
	return 0;
}

void np_read_core_map(const struct np_idset *cpus, int *core_of)
{
	struct np_strbuf text;
	np_sb_init(&text);
	for (int cpu = 0; cpu <= NP_ID_MAX; cpu++)
		core_of[cpu] = cpu;
	for (int cpu = np_idset_next(cpus, 0); cpu >= 0; cpu = np_idset_next(cpus, cpu + 1)) {
		char path[128];
		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu%d/topology/thread_siblings_list", cpu);
		struct np_idset siblings;
		if (np_read_line_file(path, &text, NULL, NULL) == 0 &&
		    np_idset_parse(np_sb_str(&text), &siblings, NULL) == 0)
			core_of[cpu] = np_idset_next(&siblings, 0);
	}
	np_sb_free(&text);
}

void np_bench_plan_free(struct np_bench_plan *plan)
{
	np_sb_free(&plan->skipped);
	np_sb_free(&plan->warnings);
}
