/* test_advise.c: report advise's placement on the 2-node, 4-node
 * (asymmetric, CPU-less nodes) and 8-node fixture hosts, with expectations
 * computed by hand, and the text splicing that keeps every byte the advice
 * does not change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/fileio.h"
#include "../../report/advise.h"
#include "../../report/fit.h"
#include "../../report/splice.h"

#define GIB (1ull << 30)

static int core_of[NP_ID_MAX + 1];

static void load_host(const char *name, struct np_topology *host, bool *cores)
{
	char path[256];
	snprintf(path, sizeof(path), "tests/fixtures/report/%s", name);
	struct np_strbuf text;
	np_sb_init(&text);
	struct np_error err;
	if (np_read_bytes(path, &text, NULL, &err) < 0 ||
	    np_host_from_caps_cores(path, np_sb_str(&text), text.len, host, core_of, cores, &err) <
		0)
		fail_msg("%s", err.message);
	np_sb_free(&text);
}

static struct np_domain *guest(int vcpus, unsigned gib, const char *extra)
{
	char xml[1024];
	snprintf(xml, sizeof(xml),
		 "<domain type='kvm'><name>g</name><memory unit='GiB'>%u</memory>"
		 "<vcpu>%d</vcpu>%s</domain>",
		 gib, vcpus, extra);
	struct np_domain *d = calloc(1, sizeof(*d));
	struct np_error err;
	assert_non_null(d);
	if (np_domain_parse("g.xml", xml, strlen(xml), d, &err) < 0)
		fail_msg("%s", err.message);
	return d;
}

/* Advises and checks the cells: "node:first-last:GiB*1000" each. */
static void expect_cells(const struct np_domain *d, const struct np_topology *host,
			 struct np_capacity *cap, bool pin, const char *want)
{
	struct np_advice a;
	struct np_error err;
	assert_int_equal(np_advise(d, host, NULL, cap, pin, &a, &err), 0);
	char got[512] = "";
	size_t used = 0;
	for (int c = 0; c < a.cell_count; c++)
		used += (size_t)snprintf(got + used, sizeof(got) - used, "%s%d:%d-%d:%.0f",
					 c ? " " : "", a.cells[c].node, a.cells[c].first_vcpu,
					 a.cells[c].first_vcpu + a.cells[c].vcpus - 1,
					 (double)a.cells[c].memory_bytes / GIB * 1000);
	if (!a.fits)
		snprintf(got, sizeof(got), "no: %.400s", a.reason);
	assert_string_equal(got, want);
	np_advice_free(&a);
}

static void test_two_nodes(void **state)
{
	(void)state;
	struct np_topology host;
	bool cores;
	load_host("host-2node-caps.xml", &host, &cores);
	struct np_advise_options o = {.cpu_ratio = 1.0};
	struct np_capacity cap;
	struct np_error err;
	struct np_domain *d = guest(4, 6, "");
	/* both nodes hold 4 vCPUs and 6 GiB (4 CPUs, 16 GiB each): the same free
	 * memory, no vCPUs committed: the lowest id */
	assert_int_equal(np_capacity_make(&host, &o, 0, &cap, &err), 0);
	expect_cells(d, &host, &cap, false, "0:0-3:6000");
	/* the capacity is taken: node 0 has no CPU left, the next goes to 1 */
	expect_cells(d, &host, &cap, false, "1:0-3:6000");
	/* and a third does not fit: 0 places left */
	expect_cells(d, &host, &cap, false,
		     "no: needs 4 vCPUs and 6.0 GiB; the host has 0 vCPU places and 20.0 GiB of "
		     "free memory left (4 vCPUs and 0.0 MiB short)");
	np_capacity_free(&cap);
	/* 12 GiB committed on node 0: node 1 has more free */
	uint64_t committed[2] = {12 * GIB, 0};
	o.committed_bytes = committed;
	assert_int_equal(np_capacity_make(&host, &o, 0, &cap, &err), 0);
	expect_cells(d, &host, &cap, false, "1:0-3:6000");
	np_capacity_free(&cap);
	/* half a vCPU per CPU: 2 places a node, so two cells of 2 vCPUs and
	 * 3 GiB (6 GiB in proportion) */
	o.committed_bytes = NULL;
	o.cpu_ratio = 0.5;
	assert_int_equal(np_capacity_make(&host, &o, 0, &cap, &err), 0);
	expect_cells(d, &host, &cap, false, "0:0-1:3000 1:2-3:3000");
	np_capacity_free(&cap);
	/* CPUs 0-2 reserved: node 0 keeps 1 CPU; 4 vCPUs go to node 1 */
	o.cpu_ratio = 1.0;
	np_idset_parse("0-2", &o.reserve, &err);
	assert_int_equal(np_capacity_make(&host, &o, 0, &cap, &err), 0);
	expect_cells(d, &host, &cap, false, "1:0-3:6000");
	np_capacity_free(&cap);
	free(d);
	np_topology_free(&host);
}

static void test_four_nodes_cpu_less(void **state)
{
	(void)state;
	struct np_topology host;
	bool cores;
	load_host("host-4node-caps.xml", &host, &cores);
	struct np_advise_options o = {.cpu_ratio = 1.0};
	struct np_capacity cap;
	struct np_error err;
	/* 3 vCPUs, 20 GiB: nodes 0 and 1 have 2 CPUs and 16 GiB each, 2 and 3
	 * none: two nodes, grown from 0 by SLIT (0-1 is 21, the only CPU node
	 * left); vCPUs 0-1 on 0, 2 on 1; memory 20 GiB x 2/3 and x 1/3 */
	struct np_domain *d = guest(3, 20, "");
	assert_int_equal(np_capacity_make(&host, &o, 0, &cap, &err), 0);
	expect_cells(d, &host, &cap, false, "0:0-1:13333 1:2-2:6667");
	np_capacity_free(&cap);
	free(d);
	/* 2 GiB in 2 MiB pages: only node 0 has free ones (512 = 1 GiB) */
	d = guest(2, 1, "<memoryBacking><hugepages/></memoryBacking>");
	assert_int_equal(np_capacity_make(&host, &o, np_domain_page_bytes(d), &cap, &err), 0);
	expect_cells(d, &host, &cap, false, "0:0-1:1000");
	np_capacity_free(&cap);
	free(d);
	np_topology_free(&host);
}

static void test_eight_nodes_pinned_cores(void **state)
{
	(void)state;
	struct np_topology host;
	bool cores;
	load_host("host-8node-caps.xml", &host, &cores);
	assert_true(cores);
	assert_int_equal(core_of[16], 0); /* CPU 16 is CPU 0's sibling */
	struct np_advise_options o = {.cpu_ratio = 1.0, .pin_cores = true, .core_of = core_of};
	struct np_capacity cap;
	struct np_error err;
	/* 6 vCPUs, one a core: 2 cores a node, so 3 nodes, all in socket 0 (12
	 * apart, not 32); 40 GiB in thirds, the remainder on the last */
	struct np_domain *d = guest(6, 40, "");
	assert_int_equal(np_capacity_make(&host, &o, 0, &cap, &err), 0);
	struct np_advice a;
	assert_int_equal(np_advise(d, &host, NULL, &cap, true, &a, &err), 0);
	assert_true(a.fits && a.one_to_one);
	assert_int_equal(a.cell_count, 3);
	const int nodes[3] = {0, 1, 2}, cpus[3][2] = {{0, 1}, {2, 3}, {4, 5}};
	for (int c = 0; c < 3; c++) {
		assert_int_equal(a.cells[c].node, nodes[c]);
		assert_int_equal(a.cells[c].vcpus, 2);
		/* one core each: the first thread, never the sibling */
		assert_int_equal(a.cells[c].cpu_list[0], cpus[c][0]);
		assert_int_equal(a.cells[c].cpu_list[1], cpus[c][1]);
	}
	/* 41943040 KiB / 3 = 13981013 each, the last 13981014 */
	assert_true(a.cells[0].memory_bytes == 13981013ull * 1024);
	assert_true(a.cells[2].memory_bytes == 13981014ull * 1024);
	np_advice_free(&a);
	np_capacity_free(&cap);
	/* with --smt the siblings count: 4 a node, so 2 nodes */
	o.smt = true;
	assert_int_equal(np_capacity_make(&host, &o, 0, &cap, &err), 0);
	expect_cells(d, &host, &cap, true, "0:0-3:26667 1:4-5:13333");
	np_capacity_free(&cap);
	free(d);
	np_topology_free(&host);
}

/* The advised XML keeps every byte outside the elements it edits:
 * comments (even ones holding a <vcpu>), the declaration, quotes, spacing,
 * and unrelated elements; <cputune>'s other children stay too. */
static void test_splice_keeps_the_rest(void **state)
{
	(void)state;
	static const char text[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<!-- <vcpu>99</vcpu> in a comment -->\n"
	    "<domain type=\"kvm\" xmlns:q='x'>\n"
	    "    <name>keep &amp; me</name>\n"
	    "    <memory unit=\"GiB\">6</memory>\n"
	    "    <vcpu placement=\"auto\">4</vcpu>\n"
	    "    <description><![CDATA[<numatune> is not here]]></description>\n"
	    "    <cputune>\n"
	    "        <shares>2048</shares>\n"
	    "        <vcpupin vcpu='0' cpuset='7'/>\n"
	    "    </cputune>\n"
	    "    <devices attr='a>b'>\n"
	    "    </devices>\n"
	    "</domain>\n";
	struct np_domain d;
	struct np_error err;
	assert_int_equal(np_domain_parse("k.xml", text, strlen(text), &d, &err), 0);
	struct np_topology host;
	bool cores;
	load_host("host-2node-caps.xml", &host, &cores);
	struct np_advise_options o = {.cpu_ratio = 1.0};
	struct np_capacity cap;
	assert_int_equal(np_capacity_make(&host, &o, 0, &cap, &err), 0);
	struct np_advice a;
	assert_int_equal(np_advise(&d, &host, NULL, &cap, false, &a, &err), 0);
	struct np_strbuf out;
	np_sb_init(&out);
	assert_int_equal(np_advice_xml(text, strlen(text), &d, &host, &a, &out, &err), 0);
	assert_string_equal(np_sb_str(&out),
			    "<?xml version=\"1.0\"?>\n"
			    "<!-- <vcpu>99</vcpu> in a comment -->\n"
			    "<domain type=\"kvm\" xmlns:q='x'>\n"
			    "    <name>keep &amp; me</name>\n"
			    "    <memory unit=\"GiB\">6</memory>\n"
			    "    <vcpu placement='static'>4</vcpu>\n"
			    "    <description><![CDATA[<numatune> is not here]]></description>\n"
			    "    <cputune>\n"
			    "      <vcpupin vcpu='0' cpuset='0-3'/>\n"
			    "      <vcpupin vcpu='1' cpuset='0-3'/>\n"
			    "      <vcpupin vcpu='2' cpuset='0-3'/>\n"
			    "      <vcpupin vcpu='3' cpuset='0-3'/>\n"
			    "      <emulatorpin cpuset='0-3'/>\n"
			    "      <shares>2048</shares>\n"
			    "    </cputune>\n"
			    "  <numatune>\n"
			    "    <memory mode='strict' nodeset='0'/>\n"
			    "  </numatune>\n"
			    "    <devices attr='a>b'>\n"
			    "    </devices>\n"
			    "</domain>\n");
	np_sb_free(&out);
	np_advice_free(&a);
	np_capacity_free(&cap);
	np_topology_free(&host);
}

struct seen {
	char names[256];
};

static void collect(void *ctx, const char *name, size_t len, const struct np_span *span)
{
	(void)span;
	struct seen *s = ctx;
	size_t used = strlen(s->names);
	snprintf(s->names + used, sizeof(s->names) - used, "%s%.*s", used ? "," : "", (int)len,
		 name);
}

static void test_splice_scanner(void **state)
{
	(void)state;
	static const char text[] = "<r><a x='<b>'/><!-- <c/> --><d><e></e></d><?pi <f/>?><g/></r>";
	struct np_span root, d;
	assert_true(np_splice_root(text, strlen(text), &root));
	struct seen s = {""};
	np_splice_children(text, root.inner, root.inner_end, collect, &s);
	assert_string_equal(s.names, "a,d,g"); /* not b, c, e or f */
	assert_true(np_splice_find(text, root.inner, root.inner_end, "d", &d));
	assert_int_equal(d.end - d.start, strlen("<d><e></e></d>"));
	assert_int_equal(d.inner_end - d.inner, strlen("<e></e>"));
	assert_false(np_splice_find(text, root.inner, root.inner_end, "e", &d));
	struct np_splice_edit edits[2] = {{3, 3, "[x]"}, {strlen(text) - 4, strlen(text), "</R>"}};
	struct np_strbuf out;
	np_sb_init(&out);
	assert_int_equal(np_splice_apply(text, strlen(text), edits, 2, &out), 0);
	assert_string_equal(np_sb_str(&out),
			    "<r>[x]<a x='<b>'/><!-- <c/> --><d><e></e></d><?pi <f/>?><g/></R>");
	np_sb_free(&out);
}

/* fit: guests in turn, each taking its room from the next, on the 2-node
 * host (4 CPUs and 16 GiB a node). */
static void test_fit_in_turn_and_count(void **state)
{
	(void)state;
	struct np_topology host;
	bool cores;
	load_host("host-2node-caps.xml", &host, &cores);
	struct np_advise_options o = {.cpu_ratio = 1.0};
	struct np_domain *g[4] = {guest(4, 6, ""), guest(2, 2, ""), guest(6, 24, ""),
				  guest(4, 6, "")};
	struct np_domain list[4];
	for (int i = 0; i < 4; i++)
		list[i] = *g[i];
	struct np_fit fit;
	struct np_error err;
	assert_int_equal(np_fit_guests(list, 4, &host, NULL, &o, &fit, &err), 0);
	assert_int_equal(fit.count, 4);
	/* 4 vCPUs, 6 GiB: node 0 (a tie, the lowest id); node 0 keeps 10 GiB
	 * and no CPU */
	assert_true(fit.rows[0].fits && !strcmp(fit.rows[0].nodes, "0"));
	assert_true(fit.rows[0].left_bytes[0] == 10 * GIB && fit.rows[0].left_vcpus[0] == 0);
	/* 2 vCPUs, 2 GiB: only node 1 has CPUs */
	assert_true(fit.rows[1].fits && !strcmp(fit.rows[1].nodes, "1"));
	assert_true(fit.rows[1].left_bytes[1] == 14 * GIB && fit.rows[1].left_vcpus[1] == 2);
	/* 6 vCPUs: 2 places left in all */
	assert_false(fit.rows[2].fits);
	assert_string_equal(fit.rows[2].reason,
			    "needs 6 vCPUs and 24.0 GiB; the host has 2 vCPU places and 24.0 GiB "
			    "of free memory left (4 vCPUs and 0.0 MiB short)");
	/* and the second 4-vCPU guest no longer fits either */
	assert_false(fit.rows[3].fits);
	struct np_strbuf csv;
	np_sb_init(&csv);
	np_fit_renderers[1].render(&fit, &csv);
	assert_string_equal(
	    np_sb_str(&csv),
	    NP_FIT_HEADER ",node0_memory_bytes,node0_vcpus,node0_room_memory_bytes,"
			  "node0_room_vcpus,node1_memory_bytes,node1_vcpus,"
			  "node1_room_memory_bytes,node1_room_vcpus\n"
			  /* what each takes of each node, and the 16 GiB and 4 places
			   * of each before the first */
			  "g,yes,0,1,4,6442450944,0,,6442450944,4,17179869184,4,0,0,17179869184,4\n"
			  "g,yes,1,1,2,2147483648,0,,0,0,17179869184,4,2147483648,2,17179869184,4\n"
			  "g,no,,0,6,25769803776,0,needs 6 vCPUs and 24.0 GiB; the host has 2 vCPU "
			  "places and 24.0 GiB of free memory left (4 vCPUs and 0.0 MiB short),"
			  "0,0,17179869184,4,0,0,17179869184,4\n"
			  "g,no,,0,4,6442450944,0,needs 4 vCPUs and 6.0 GiB; the host has 2 vCPU "
			  "places and 24.0 GiB of free memory left (2 vCPUs and 0.0 MiB short),"
			  "0,0,17179869184,4,0,0,17179869184,4\n");
	np_sb_free(&csv);
	np_fit_free(&fit);
	/* copies of the 2-vCPU guest: 2 a node by CPUs, on one node or spread */
	memset(&fit, 0, sizeof(fit));
	assert_int_equal(np_fit_count(g[1], &host, NULL, &o, &fit, &err), 0);
	assert_true(fit.copies_one_node == 4 && fit.copies_spread == 4);
	/* 3 vCPUs, 2 GiB: a node holds one, leaving 1 CPU each: 2 CPUs in all are
	 * too few for a third, spread or not */
	struct np_domain *three = guest(3, 2, "");
	assert_int_equal(np_fit_count(three, &host, NULL, &o, &fit, &err), 0);
	assert_true(fit.copies_one_node == 2 && fit.copies_spread == 2);
	free(three);
	for (int i = 0; i < 4; i++)
		free(g[i]);
	np_topology_free(&host);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_two_nodes),
	    cmocka_unit_test(test_four_nodes_cpu_less),
	    cmocka_unit_test(test_eight_nodes_pinned_cores),
	    cmocka_unit_test(test_splice_keeps_the_rest),
	    cmocka_unit_test(test_splice_scanner),
	    cmocka_unit_test(test_fit_in_turn_and_count),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
