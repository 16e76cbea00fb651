/* test_topology.c: key/value parsing and the topology reader on fixture
 * trees (tests/fixtures/NAME/{sys,proc}); run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/kvfile.h"
#include "../../lib/topology.h"

static void test_kv_colon_shape(void **state)
{
	(void)state;
	/* A nodeN/meminfo with a field printed without a space after its
	 * colon, an unknown newer field, and counts without a unit. */
	const char *text = "Node 1 MemTotal:        481984 kB\n"
			   "Node 1 MemFree:123 kB\n"
			   "Node 1 Unaccepted:             0 kB\n"
			   "Node 1 HugePages_Total:    16\n";
	uint64_t total = 0, free_bytes = 0, huge = 0, missing = 7;
	struct np_kv_field fields[] = {
	    {"MemTotal", &total, true, false},
	    {"MemFree", &free_bytes, true, false},
	    {"HugePages_Total", &huge, true, false},
	    {"Shmem", &missing, false, false},
	};
	struct np_error err;
	assert_int_equal(np_kv_parse("meminfo", text, NP_KV_COLON, fields, 4, &err), 0);
	assert_int_equal(total, 481984ULL * 1024);
	assert_int_equal(free_bytes, 123 * 1024);
	assert_int_equal(huge, 16);
	assert_false(fields[3].found);
	assert_int_equal(missing, 7);
}

static void test_kv_space_shape_and_errors(void **state)
{
	(void)state;
	uint64_t hit = 0, miss = 0;
	struct np_kv_field fields[] = {
	    {"numa_hit", &hit, true, false},
	    {"numa_miss", &miss, true, false},
	};
	struct np_error err;
	assert_int_equal(np_kv_parse("numastat", "numa_hit 469968\nnuma_miss 0\nother 5\n",
				     NP_KV_SPACE, fields, 2, &err),
			 0);
	assert_int_equal(hit, 469968);
	assert_int_equal(miss, 0);
	assert_int_equal(np_kv_parse("numastat", "numa_hit 1\n", NP_KV_SPACE, fields, 2, &err), -1);
	assert_string_equal(err.message, "numastat: field 'numa_miss' is missing");
	assert_int_equal(
	    np_kv_parse("numastat", "numa_hit 1\nnuma_miss -4\n", NP_KV_SPACE, fields, 2, &err),
	    -1);
	assert_string_equal(err.message, "numastat line 2: field 'numa_miss' has value '-4', "
					 "expected an integer (optionally followed by kB)");
	assert_int_equal(np_kv_parse("numastat", "numa_hit 99999999999999999999\nnuma_miss 1\n",
				     NP_KV_SPACE, fields, 2, &err),
			 -1);
}

static void test_kv_find_string(void **state)
{
	(void)state;
	const char *status = "Name:\tqemu\nCpus_allowed_list:\t0-3,8\nMems_allowed_list:\t0\n";
	char value[16];
	assert_int_equal(np_kv_find_string(status, "Cpus_allowed_list", value, sizeof(value)), 0);
	assert_string_equal(value, "0-3,8");
	assert_int_equal(np_kv_find_string(status, "Cpus_allowed", value, sizeof(value)), -1);
	char tiny[3];
	assert_int_equal(np_kv_find_string(status, "Cpus_allowed_list", tiny, sizeof(tiny)), -2);
}

static void read_fixture(const char *name, struct np_topology *topo)
{
	struct np_roots roots;
	struct np_error err = {""};
	char dir[256];
	assert_int_equal(np_roots_init(&roots, &err), 0);
	snprintf(dir, sizeof(dir), "tests/fixtures/%s/sys", name);
	assert_int_equal(np_roots_set(&roots, NP_ROOT_SYSFS, dir, &err), 0);
	snprintf(dir, sizeof(dir), "tests/fixtures/%s/proc", name);
	assert_int_equal(np_roots_set(&roots, NP_ROOT_PROC, dir, &err), 0);
	assert_true(roots.overridden);
	if (np_topology_read(&roots, topo, &err) != 0)
		fail_msg("fixture %s: %s", name, err.message);
}

static void expect_set(const struct np_idset *set, const char *list)
{
	struct np_strbuf out;
	np_sb_init(&out);
	np_idset_format(set, &out);
	assert_string_equal(np_sb_str(&out), list);
	np_sb_free(&out);
}

static void test_two_nodes(void **state)
{
	(void)state;
	struct np_topology topo;
	read_fixture("2node", &topo);
	assert_true(topo.numa_sysfs);
	assert_int_equal(topo.node_count, 2);
	expect_set(&topo.nodes[1].cpus, "2-3");
	assert_int_equal(topo.nodes[0].mem_total_bytes, 481984ULL * 1024);
	assert_int_equal(topo.nodes[1].mem_free_bytes, 470004ULL * 1024);
	assert_int_equal(np_topology_distance(&topo, 0, 1), 21);
	assert_int_equal(np_topology_distance(&topo, 1, 1), 10);
	assert_int_equal(np_topology_distance(&topo, 1, 2), 0);
	assert_int_equal(topo.memory_block_bytes, 134217728);
	assert_int_equal(topo.nodes[0].memory_blocks, 4);
	/* Pools sorted by size: 2 MiB then 1 GiB. */
	assert_int_equal(topo.nodes[0].pool_count, 2);
	assert_int_equal(topo.nodes[0].pools[0].page_bytes, 2097152);
	assert_int_equal(topo.nodes[0].pools[0].total, 16);
	assert_int_equal(topo.nodes[0].pools[0].free, 12);
	assert_int_equal(topo.nodes[0].pools[1].page_bytes, 1073741824);
	assert_false(np_topology_has_hmat(&topo));
	np_topology_free(&topo);
}

static void test_cpu_less_nodes_and_hmat(void **state)
{
	(void)state;
	struct np_topology topo;
	read_fixture("4node-hmat", &topo);
	assert_int_equal(topo.node_count, 4);
	assert_true(topo.nodes[1].has_cpu);
	assert_false(topo.nodes[2].has_cpu);
	assert_true(topo.nodes[2].has_memory);
	assert_true(np_idset_empty(&topo.nodes[3].cpus));
	/* Asymmetric SLIT: row = from, column = to. */
	assert_int_equal(np_topology_distance(&topo, 0, 2), 17);
	assert_int_equal(np_topology_distance(&topo, 2, 0), 28);
	assert_int_equal(np_topology_distance(&topo, 1, 3), 17);
	assert_int_equal(np_topology_distance(&topo, 3, 1), 17);
	assert_true(np_topology_has_hmat(&topo));
	const struct np_hmat_access *cxl = &topo.nodes[2].access[0];
	assert_true(cxl->present);
	expect_set(&cxl->initiators, "0");
	assert_int_equal(cxl->read_latency_ns, 90);
	assert_int_equal(cxl->write_latency_ns, 110);
	assert_int_equal(cxl->read_bandwidth, 10240);
	assert_int_equal(cxl->write_bandwidth, 5120);
	/* Two equally good initiators; a value the firmware left out. */
	const struct np_hmat_access *far = &topo.nodes[3].access[1];
	expect_set(&far->initiators, "0-1");
	assert_int_equal(far->read_latency_ns, 250);
	assert_int_equal(far->write_latency_ns, NP_HMAT_ABSENT);
	assert_int_equal(far->write_bandwidth, 4096);
	np_topology_free(&topo);
}

static void test_sparse_ids_and_memoryless_node(void **state)
{
	(void)state;
	struct np_topology topo;
	read_fixture("sparse-0-2-5", &topo);
	expect_set(&topo.possible, "0-7");
	expect_set(&topo.online, "0,2,5");
	assert_int_equal(topo.node_count, 3);
	assert_int_equal(topo.nodes[2].id, 5);
	assert_int_equal(np_topology_index(&topo, 5), 2);
	assert_int_equal(np_topology_index(&topo, 1), -1);
	assert_false(topo.nodes[2].has_memory);
	assert_true(topo.nodes[2].has_cpu);
	assert_int_equal(topo.nodes[2].mem_total_bytes, 0);
	assert_int_equal(topo.nodes[2].pool_count, 0);
	/* Column k is the k-th online node: node 5 is column 2, not 5. */
	assert_int_equal(np_topology_distance(&topo, 2, 5), 30);
	assert_int_equal(np_topology_distance(&topo, 0, 2), 20);
	expect_set(&topo.allowed_nodes, "0,2");
	expect_set(&topo.allowed_cpus, "0-9");
	np_topology_free(&topo);
}

static void test_node0_offline_leading_space(void **state)
{
	(void)state;
	struct np_topology topo;
	read_fixture("node0-offline", &topo);
	expect_set(&topo.online, "1-2");
	assert_int_equal(np_topology_distance(&topo, 1, 1), 10);
	assert_int_equal(np_topology_distance(&topo, 1, 2), 20);
	assert_int_equal(np_topology_distance(&topo, 2, 1), 20);
	np_topology_free(&topo);
}

static void test_eight_nodes(void **state)
{
	(void)state;
	struct np_topology topo;
	read_fixture("8node", &topo);
	assert_int_equal(topo.node_count, 8);
	assert_int_equal(np_topology_distance(&topo, 0, 1), 16);
	assert_int_equal(np_topology_distance(&topo, 0, 3), 22);
	assert_int_equal(np_topology_distance(&topo, 0, 7), 32);
	assert_int_equal(np_topology_distance(&topo, 7, 6), 16);
	expect_set(&topo.nodes[7].cpus, "14-15");
	assert_int_equal(topo.nodes[7].pools[0].total, 7);
	np_topology_free(&topo);
}

static void test_no_numa_kernel(void **state)
{
	(void)state;
	struct np_topology topo;
	read_fixture("no-numa", &topo);
	assert_false(topo.numa_sysfs);
	assert_int_equal(topo.node_count, 1);
	assert_int_equal(topo.nodes[0].id, 0);
	expect_set(&topo.nodes[0].cpus, "0-3");
	assert_int_equal(topo.nodes[0].mem_total_bytes, 8029952ULL * 1024);
	assert_int_equal(topo.nodes[0].pool_count, 1);
	assert_int_equal(topo.nodes[0].pools[0].page_bytes, 2097152);
	assert_int_equal(topo.nodes[0].pools[0].total, 8);
	assert_int_equal(topo.nodes[0].pools[0].free, 6);
	assert_int_equal(np_topology_distance(&topo, 0, 0), 10);
	np_topology_free(&topo);
}

static void expect_fixture_error(const char *name, const char *message)
{
	struct np_roots roots;
	struct np_error err = {""};
	char dir[256];
	assert_int_equal(np_roots_init(&roots, &err), 0);
	snprintf(dir, sizeof(dir), "tests/fixtures/%s/sys", name);
	np_roots_set(&roots, NP_ROOT_SYSFS, dir, &err);
	snprintf(dir, sizeof(dir), "tests/fixtures/%s/proc", name);
	np_roots_set(&roots, NP_ROOT_PROC, dir, &err);
	struct np_topology topo;
	assert_int_equal(np_topology_read(&roots, &topo, &err), -1);
	assert_string_equal(err.message, message);
	assert_null(topo.nodes); /* nothing left to free */
}

static void test_malformed_sysfs(void **state)
{
	(void)state;
	expect_fixture_error("bad-empty-distance",
			     "tests/fixtures/bad-empty-distance/sys/devices/system/node/node1/"
			     "distance: is empty, expected 2 distances (one per online node: 0-1)");
	expect_fixture_error("bad-distance-length",
			     "tests/fixtures/bad-distance-length/sys/devices/system/node/node0/"
			     "distance: has 3 values, expected 2 (one per online node: 0-1)");
	expect_fixture_error(
	    "bad-meminfo-value",
	    "tests/fixtures/bad-meminfo-value/sys/devices/system/node/node1/meminfo line 2: field "
	    "'MemFree' has value '47x004 kB', expected an integer (optionally followed by kB)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kv_colon_shape),
	    cmocka_unit_test(test_kv_space_shape_and_errors),
	    cmocka_unit_test(test_kv_find_string),
	    cmocka_unit_test(test_two_nodes),
	    cmocka_unit_test(test_cpu_less_nodes_and_hmat),
	    cmocka_unit_test(test_sparse_ids_and_memoryless_node),
	    cmocka_unit_test(test_node0_offline_leading_space),
	    cmocka_unit_test(test_eight_nodes),
	    cmocka_unit_test(test_no_numa_kernel),
	    cmocka_unit_test(test_malformed_sysfs),
	};
	return cmocka_run_group_tests_name("topology", tests, NULL, NULL);
}
