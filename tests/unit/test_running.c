/* test_running.c: what the guests already on a host hold (report's
 * --running and --stats), read from the stats-2node fixture tree and from
 * a stats CSV, and what advise and fit make of it. Expectations by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../lib/fileio.h"
#include "../../report/fit.h"
#include "../../report/host.h"
#include "../../report/running.h"

#define GIB (1ull << 30)

static void load_caps(struct np_topology *host)
{
	const char *path = "tests/fixtures/report/host-2node-caps.xml";
	struct np_strbuf text;
	np_sb_init(&text);
	struct np_error err;
	if (np_read_bytes(path, &text, NULL, &err) < 0 ||
	    np_host_from_caps(path, np_sb_str(&text), text.len, host, &err) < 0)
		fail_msg("%s", err.message);
	np_sb_free(&text);
}

static struct np_domain *guest(int vcpus, unsigned gib)
{
	char xml[256];
	snprintf(xml, sizeof(xml),
		 "<domain type='kvm'><name>g</name><memory unit='GiB'>%u</memory>"
		 "<vcpu>%d</vcpu></domain>",
		 gib, vcpus);
	struct np_domain *d = calloc(1, sizeof(*d));
	struct np_error err;
	assert_non_null(d);
	if (np_domain_parse("g.xml", xml, strlen(xml), d, &err) < 0)
		fail_msg("%s", err.message);
	return d;
}

/* The latest sample only (the older one holds a guest "old" with 8
 * vCPUs); process rows are not guests. */
static void test_stats_latest_sample(void **state)
{
	(void)state;
	struct np_topology host;
	load_caps(&host);
	struct np_held held;
	struct np_error err;
	if (np_held_from_stats("tests/fixtures/report/stats-held.csv", &host, &held, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(held.guests, 2);
	assert_true(held.base_bytes[0] == 3 * GIB && held.base_bytes[1] == 1 * GIB);
	assert_true(held.huge_bytes[0] == 1 * GIB && held.huge_bytes[1] == 0);
	assert_int_equal(held.vcpus[0], 2);
	assert_int_equal(held.vcpus[1], 2);
	assert_string_equal(np_sb_str(&held.summary), "a (pid 20): 3 vCPUs, 4096.0 MiB\n"
						      "b,1 (pid 30): 1 vCPU, 1024.0 MiB\n");
	/* capabilities give totals: 16 GiB a node, 1024 pages of 2 MiB on 0 */
	np_held_take_memory(&host, &held);
	assert_true(host.nodes[0].mem_free_bytes == 13 * GIB);
	assert_true(host.nodes[1].mem_free_bytes == 15 * GIB);
	assert_true(host.nodes[0].pools[0].page_bytes == 2 * 1024 * 1024);
	assert_int_equal(host.nodes[0].pools[0].free, 512);

	/* 4 vCPUs, 6 GiB: each node has 4 CPUs less 2 held, so two cells of 2
	 * vCPUs and 3 GiB; what is left counts the held and the new */
	struct np_advise_options o = {
	    .cpu_ratio = 1.0, .free_is_total = true, .committed_vcpus = held.vcpus};
	struct np_domain *g = guest(4, 6);
	struct np_fit fit;
	assert_int_equal(np_fit_guests(g, 1, &host, NULL, &o, &fit, &err), 0);
	assert_true(fit.rows[0].fits);
	assert_string_equal(fit.rows[0].nodes, "0-1");
	assert_int_equal(fit.rows[0].cells, 2);
	assert_int_equal(fit.rows[0].left_vcpus[0], 0);
	assert_int_equal(fit.rows[0].left_vcpus[1], 0);
	assert_true(fit.rows[0].left_bytes[0] == 10 * GIB);
	assert_true(fit.rows[0].left_bytes[1] == 12 * GIB);
	np_fit_free(&fit);
	/* a fifth vCPU has no place left */
	struct np_domain *big = guest(5, 1);
	assert_int_equal(np_fit_guests(big, 1, &host, NULL, &o, &fit, &err), 0);
	assert_false(fit.rows[0].fits);
	np_fit_free(&fit);
	free(big);
	free(g);
	np_held_free(&held);
	np_topology_free(&host);
}

static void expect_stats_error(const char *csv, const char *want)
{
	char path[] = "/tmp/np-held-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fprintf(f, "timestamp,run_id,host,label,scope,entity,pid,node,metric,value,unit\n%s", csv);
	fclose(f);
	struct np_topology host;
	load_caps(&host);
	struct np_held held;
	struct np_error err;
	assert_int_equal(np_held_from_stats(path, &host, &held, &err), -1);
	char expected[512];
	snprintf(expected, sizeof(expected), "%s %s", path, want);
	assert_string_equal(err.message, expected);
	unlink(path);
	np_topology_free(&host);
}

static void test_stats_refused(void **state)
{
	(void)state;
	expect_stats_error("2026-12-01T10:00:00Z,r,h,,guest,x,1,7,vcpus,1,count\n",
			   "line 2: guest x has vcpus on node 7, which the host does not have: "
			   "the CSV is from another host");
	expect_stats_error("2026-12-01T10:00:00Z,r,h,,guest,x,1,0,mem_bytes_anon,-4096,bytes\n",
			   "line 2: guest x, mem_bytes_anon: expected a whole number of bytes, "
			   "got -4096");
	expect_stats_error("2026-12-01T10:00:00Z,r,h,,guest,x,1,0,vcpus,1.5,count\n",
			   "line 2: guest x, vcpus: expected a whole number of count, got 1.5");
	expect_stats_error("2026-12-01T10:00:00Z,r,h,,guest,x,1,,vcpus,1e30,count\n",
			   "line 2: guest x, vcpus: expected a whole number of count, got 1e+30");
}

/* The stats-2node tree: guest db (libvirt, pid 1000) with vCPU 1's thread
 * pinned to node 0's CPUs 0-1, and QEMU "web,1" (pid 2000) unknown to
 * libvirt; a sysfs host, so memory is reported but not taken again. */
static void test_running_fixture(void **state)
{
	(void)state;
	struct np_roots roots;
	struct np_error err;
	const char *dir = "tests/fixtures/stats-2node";
	char path[256];
	np_roots_init(&roots, &err);
	snprintf(path, sizeof(path), "%s/sys", dir);
	np_roots_set(&roots, NP_ROOT_SYSFS, path, &err);
	snprintf(path, sizeof(path), "%s/proc", dir);
	np_roots_set(&roots, NP_ROOT_PROC, path, &err);
	snprintf(path, sizeof(path), "%s/libvirt", dir);
	np_roots_set(&roots, NP_ROOT_LIBVIRT_RUN, path, &err);
	snprintf(path, sizeof(path), "%s/cgroup", dir);
	np_roots_set(&roots, NP_ROOT_CGROUP, path, &err);
	struct np_topology host;
	if (np_topology_read(&roots, &host, &err) < 0)
		fail_msg("%s", err.message);
	struct np_held held;
	struct np_strbuf notes;
	np_sb_init(&notes);
	if (np_held_from_running(&roots, &host, &held, &notes, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(held.guests, 2);
	/* db: vCPU 0 last ran on node 0, 1-3 on node 1, but 1 is pinned to
	 * node 0; web,1: one vCPU on each */
	assert_int_equal(held.vcpus[0], 3);
	assert_int_equal(held.vcpus[1], 3);
	/* the memory of stats' expected.csv for the same tree */
	assert_true(held.base_bytes[0] == 104857600ull + 537923584ull);
	assert_true(held.base_bytes[1] == 135168ull + 6553600ull + 537935872ull);
	assert_true(held.huge_bytes[0] == 0 && held.huge_bytes[1] == GIB);
	assert_string_equal(np_sb_str(&held.summary), "db (pid 1000): 4 vCPUs, 1130.4 MiB\n"
						      "web,1 (pid 2000): 2 vCPUs, 1026.0 MiB\n");
	np_sb_free(&notes);
	np_held_free(&held);
	np_topology_free(&host);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stats_latest_sample),
	    cmocka_unit_test(test_stats_refused),
	    cmocka_unit_test(test_running_fixture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
