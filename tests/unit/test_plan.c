/* test_plan.c: which cells bench measures, on fixture topologies: node
 * selection, restrictions and their reasons, worker CPUs, sizes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../bench/plan.h"

#define MIB (1024 * 1024)

static void read_fixture(const char *name, struct np_topology *topo)
{
	struct np_roots roots;
	struct np_error err;
	char dir[256];
	np_roots_init(&roots, &err);
	snprintf(dir, sizeof(dir), "tests/fixtures/%s/sys", name);
	np_roots_set(&roots, NP_ROOT_SYSFS, dir, &err);
	snprintf(dir, sizeof(dir), "tests/fixtures/%s/proc", name);
	np_roots_set(&roots, NP_ROOT_PROC, dir, &err);
	if (np_topology_read(&roots, topo, &err) != 0)
		fail_msg("%s: %s", name, err.message);
}

static struct np_environment default_env(void)
{
	struct np_environment env;
	memset(&env, 0, sizeof(env));
	strcpy(env.mempolicy, "default");
	env.llc_bytes = 32 * MIB;
	return env;
}

static struct np_bench_request default_request(void)
{
	struct np_bench_request request;
	memset(&request, 0, sizeof(request));
	request.latency = request.bandwidth = true;
	request.page = NP_PAGE_4K;
	return request;
}

static struct np_bench_plan *plan_alloc(void)
{
	struct np_bench_plan *plan = calloc(1, sizeof(*plan));
	assert_non_null(plan);
	return plan;
}

/* np_bench_plan_make on a plan already made: what it held is freed first,
 * as the plan's contract asks. */
static int remake(const struct np_topology *topo, const struct np_environment *env,
		  const struct np_bench_request *request, struct np_bench_plan *plan,
		  struct np_error *err)
{
	np_bench_plan_free(plan);
	return np_bench_plan_make(topo, env, request, NULL, plan, err);
}

static void test_cpu_less_nodes_are_memory_columns_only(void **state)
{
	(void)state;
	struct np_topology topo;
	read_fixture("4node-hmat", &topo);
	struct np_environment env = default_env();
	struct np_bench_request request = default_request();
	request.size_bytes = 64 * MIB;
	struct np_bench_plan *plan = plan_alloc();
	struct np_error err;
	assert_int_equal(remake(&topo, &env, &request, plan, &err), 0);
	assert_int_equal(plan->cpu_node_count, 2);
	assert_int_equal(plan->cpu_nodes[1].id, 1);
	assert_int_equal(plan->mem_node_count, 4);
	assert_int_equal(plan->mem_nodes[3].id, 3);
	assert_int_equal(plan->mem_nodes[2].size_bytes, 64 * MIB);
	/* Every core of the node, CPUs 2 and 3 for node 1. */
	assert_int_equal(plan->threads, 2);
	assert_int_equal(plan->cpu_nodes[1].cpu_count, 2);
	assert_int_equal(plan->cpu_nodes[1].cpus[0], 2);
	assert_int_equal(plan->cpu_nodes[1].cpus[1], 3);
	assert_string_equal(np_sb_str(&plan->skipped),
			    "node 2 (cpu): has no CPUs\nnode 3 (cpu): has no CPUs\n");
	np_topology_free(&topo);
	np_bench_plan_free(plan);
	free(plan);
}

static void test_restrictions_are_named(void **state)
{
	(void)state;
	struct np_topology topo;
	read_fixture("2node", &topo);
	/* As under numactl --cpunodebind=0 --membind=1. */
	np_idset_parse("0-1", &topo.allowed_cpus, NULL);
	struct np_environment env = default_env();
	strcpy(env.mempolicy, "bind");
	np_idset_add(&env.mempolicy_nodes, 1);
	struct np_bench_request request = default_request();
	request.size_bytes = 16 * MIB;
	struct np_bench_plan *plan = plan_alloc();
	struct np_error err;
	assert_int_equal(remake(&topo, &env, &request, plan, &err), 0);
	assert_int_equal(plan->cpu_node_count, 1);
	assert_int_equal(plan->cpu_nodes[0].id, 0);
	assert_int_equal(plan->mem_node_count, 1);
	assert_int_equal(plan->mem_nodes[0].id, 1);
	assert_string_equal(
	    np_sb_str(&plan->skipped),
	    "node 1 (cpu): its CPUs 2-3 are all outside this process's allowed CPUs 0-1 (taskset, "
	    "cgroup cpuset or numactl --cpunodebind)\n"
	    "node 0 (memory): is outside the bind memory policy's nodes 1 (numactl --membind)\n");
	/* Asking for a node the process may not use is an error. */
	request.cpu_nodes_given = true;
	np_idset_parse("1", &request.cpu_nodes, NULL);
	assert_int_equal(remake(&topo, &env, &request, plan, &err), -1);
	assert_string_equal(err.message,
			    "--cpu-nodes: node 1: its CPUs 2-3 are all outside this process's "
			    "allowed CPUs 0-1 (taskset, cgroup cpuset or numactl --cpunodebind)");
	np_topology_free(&topo);
	np_bench_plan_free(plan);
	free(plan);
}

static void test_memoryless_and_disallowed_nodes(void **state)
{
	(void)state;
	struct np_topology topo;
	read_fixture("sparse-0-2-5", &topo);
	np_idset_parse("0", &topo.allowed_nodes, NULL);
	struct np_environment env = default_env();
	struct np_bench_request request = default_request();
	request.size_bytes = 64 * MIB;
	struct np_bench_plan *plan = plan_alloc();
	struct np_error err;
	assert_int_equal(remake(&topo, &env, &request, plan, &err), 0);
	assert_int_equal(plan->cpu_node_count, 3);
	assert_int_equal(plan->mem_node_count, 1);
	assert_string_equal(
	    np_sb_str(&plan->skipped),
	    "node 2 (memory): is outside this process's allowed memory nodes 0 (cgroup cpuset)\n"
	    "node 5 (memory): has no memory\n");
	/* Node 5 has 2 cores, so bandwidth uses 2 workers on every node. */
	assert_int_equal(plan->threads, 2);
	np_topology_free(&topo);
	np_bench_plan_free(plan);
	free(plan);
}

static void test_unknown_nodes_and_threads(void **state)
{
	(void)state;
	struct np_topology topo;
	read_fixture("2node", &topo);
	struct np_environment env = default_env();
	struct np_bench_request request = default_request();
	struct np_bench_plan *plan = plan_alloc();
	struct np_error err;
	request.mem_nodes_given = true;
	np_idset_parse("0,4", &request.mem_nodes, NULL);
	assert_int_equal(remake(&topo, &env, &request, plan, &err), -1);
	assert_string_equal(err.message, "--mem-nodes: node 4 does not exist (online nodes: 0-1)");
	request = default_request();
	request.size_bytes = 16 * MIB;
	request.threads = 3;
	assert_int_equal(remake(&topo, &env, &request, plan, &err), -1);
	assert_string_equal(
	    err.message,
	    "--threads 3: node 0 has only 2 usable cores (--smt adds their SMT siblings)");
	/* CPUs 0 and 1 are SMT siblings of one core: all = 1 worker, --smt 2. */
	int *core_of = calloc(NP_ID_MAX + 1, sizeof(int));
	for (int cpu = 0; cpu <= NP_ID_MAX; cpu++)
		core_of[cpu] = cpu & ~1;
	request.threads = 0;
	assert_int_equal(np_bench_plan_make(&topo, &env, &request, core_of, plan, &err), 0);
	assert_int_equal(plan->threads, 1);
	assert_int_equal(plan->cpu_nodes[1].cpus[0], 2);
	request.smt = true;
	np_bench_plan_free(plan);
	assert_int_equal(np_bench_plan_make(&topo, &env, &request, core_of, plan, &err), 0);
	assert_int_equal(plan->threads, 2);
	free(core_of);
	np_topology_free(&topo);
	np_bench_plan_free(plan);
	free(plan);
}

static void test_sizes(void **state)
{
	(void)state;
	struct np_topology topo;
	read_fixture("2node", &topo);
	struct np_environment env = default_env();
	struct np_bench_request request = default_request();
	struct np_bench_plan *plan = plan_alloc();
	struct np_error err;
	/* Default: max(4 x 32 MiB, 256 MiB) = 256 MiB, capped at half of node
	 * 0's 402120 kB free = 201060 KiB, rounded to 4 KiB pages. */
	assert_int_equal(remake(&topo, &env, &request, plan, &err), 0);
	assert_int_equal(plan->mem_nodes[0].size_bytes, 201060 * 1024);
	assert_int_equal(plan->mem_nodes[1].size_bytes, 235002 * 1024 / 4096 * 4096);
	assert_string_equal(np_sb_str(&plan->warnings), "");
	/* --force lifts the cap. */
	request.force = true;
	assert_int_equal(remake(&topo, &env, &request, plan, &err), 0);
	assert_int_equal(plan->mem_nodes[0].size_bytes, 256 * MIB);
	/* A big cache: the cap leaves less than 4 x LLC, which is said. */
	request.force = false;
	env.llc_bytes = 128 * MIB;
	assert_int_equal(remake(&topo, &env, &request, plan, &err), 0);
	assert_non_null(strstr(np_sb_str(&plan->warnings),
			       "node 0: buffer capped at 196.3 MiB (half its free "
			       "memory), under 4x the 128.0 MiB last-level cache"));
	/* Explicit sizes. */
	request.size_bytes = 300 * MIB;
	assert_int_equal(remake(&topo, &env, &request, plan, &err), -1);
	assert_string_equal(err.message, "--size 300.0 MiB is more than half of node 0's free "
					 "memory (392.7 MiB); add --force to allow it");
	request.force = true;
	assert_int_equal(remake(&topo, &env, &request, plan, &err), 0);
	request.size_bytes = 500 * MIB;
	assert_int_equal(remake(&topo, &env, &request, plan, &err), -1);
	assert_string_equal(err.message,
			    "--size 500.0 MiB is bigger than node 0's free memory (392.7 MiB)");
	/* Huge pages: node 0 has 12 free 2 MiB pages, node 1 none. */
	request.force = false;
	request.size_bytes = 16 * MIB;
	request.page = NP_PAGE_2M;
	assert_int_equal(remake(&topo, &env, &request, plan, &err), -1);
	assert_string_equal(
	    err.message,
	    "node 1 has 0 free 2m huge pages, the buffer needs 8; fill the pool first: echo 8 > "
	    "/sys/devices/system/node/node1/hugepages/hugepages-2048kB/nr_hugepages");
	request.mem_nodes_given = true;
	np_idset_parse("0", &request.mem_nodes, NULL);
	assert_int_equal(remake(&topo, &env, &request, plan, &err), 0);
	np_topology_free(&topo);
	np_bench_plan_free(plan);
	free(plan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cpu_less_nodes_are_memory_columns_only),
	    cmocka_unit_test(test_restrictions_are_named),
	    cmocka_unit_test(test_memoryless_and_disallowed_nodes),
	    cmocka_unit_test(test_unknown_nodes_and_threads),
	    cmocka_unit_test(test_sizes),
	};
	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
