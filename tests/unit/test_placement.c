/* test_placement.c: the placement model (report/placement.h) on domain XMLs
 * written here and the virsh capabilities fixtures tests/fixtures/report/
 * host-{2,4}node-caps.xml, with every expected number computed by hand;
 * and the domain parser's refusals and warnings (report/domain.h). Run
 * from the repository root.
 *
 * host-2node: node 0 CPUs 0-3, node 1 CPUs 4-7, 16 GiB each, SLIT 10/21;
 *   free huge pages: node 0 1024 x 2 MiB, node 1 4 x 1 GiB.
 * host-4node: node 0 CPUs 0-1, node 1 CPUs 2-3 (16 GiB each), nodes 2 and
 *   3 CPU-less (8 GiB each); SLIT L(from, to), rows = CPU node:
 *     0: 10 21 17 28
 *     1: 21 10 28 17
 *     2: 28 28 10 28
 *     3: 28 17 28 10
 *   asymmetric: L(0,2) = 17 but L(2,0) = 28.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/fileio.h"
#include "../../lib/idset.h"
#include "../../lib/strbuf.h"
#include "../../report/domain.h"
#include "../../report/host.h"
#include "../../report/placement.h"

#define GIB (1024ULL * 1024 * 1024)
#define EPS 1e-9

/* ---- helpers ---- */

static void load_host(const char *name, struct np_topology *host)
{
	char path[256];
	struct np_strbuf text;
	struct np_error err = {""};
	snprintf(path, sizeof(path), "tests/fixtures/report/%s", name);
	np_sb_init(&text);
	if (np_read_file(path, &text, NULL, &err) != 0)
		fail_msg("%s: %s", path, err.message);
	if (np_host_from_caps(path, np_sb_str(&text), text.len, host, &err) != 0)
		fail_msg("%s: %s", path, err.message);
	np_sb_free(&text);
}

/* np_domain is large (hundreds of KiB of id sets): keep it off the stack. */
static struct np_domain *parse_ok(const char *xml)
{
	struct np_domain *d = calloc(1, sizeof(*d));
	struct np_error err = {""};
	assert_non_null(d);
	if (np_domain_parse("guest.xml", xml, strlen(xml), d, &err) != 0)
		fail_msg("guest.xml: %s", err.message);
	return d;
}

static void expect_parse_error(const char *xml, const char *message)
{
	struct np_domain *d = calloc(1, sizeof(*d));
	struct np_error err = {""};
	assert_non_null(d);
	assert_int_equal(np_domain_parse("guest.xml", xml, strlen(xml), d, &err), -1);
	assert_string_equal(err.message, message);
	free(d);
}

static struct np_placement *place(const struct np_domain *d, const struct np_topology *host,
				  bool with_cells)
{
	struct np_placement *p = calloc(1, sizeof(*p));
	struct np_error err = {""};
	assert_non_null(p);
	if (np_place(d, host, NULL, with_cells, p, &err) != 0)
		fail_msg("np_place: %s", err.message);
	assert_true(p->with_cells == with_cells);
	assert_string_equal(p->latency_unit, "slit");
	return p;
}

static void expect_near(int line, const char *what, double got, double want)
{
	if (!(fabs(got - want) < EPS))
		fail_msg("line %d: %s is %.12g, expected %.12g", line, what, got, want);
}

static void expect_set_text(int line, const char *what, const struct np_idset *set,
			    const char *want)
{
	struct np_strbuf sb;
	np_sb_init(&sb);
	np_idset_format(set, &sb);
	if (strcmp(np_sb_str(&sb), want) != 0)
		fail_msg("line %d: %s is '%s', expected '%s'", line, what, np_sb_str(&sb), want);
	np_sb_free(&sb);
}

struct want {
	double lf, lo, hi, lat;
	const char *cpu_nodes, *mem_nodes, *flags;
};

static void check_cell_at(int line, const struct np_placement_cell *c, struct want w)
{
	char flags[256];
	expect_near(line, "local_fraction", c->local_fraction, w.lf);
	expect_near(line, "local_fraction_min", c->local_fraction_min, w.lo);
	expect_near(line, "local_fraction_max", c->local_fraction_max, w.hi);
	expect_near(line, "expected_latency", c->expected_latency, w.lat);
	expect_set_text(line, "cpu_nodes", &c->cpu_nodes, w.cpu_nodes);
	expect_set_text(line, "mem_nodes", &c->mem_nodes, w.mem_nodes);
	np_flags_format(c->flags, flags, sizeof(flags));
	if (strcmp(flags, w.flags) != 0)
		fail_msg("line %d: flags are '%s', expected '%s'", line, flags, w.flags);
}

#define CHECK_CELL(cell, ...) check_cell_at(__LINE__, (cell), (struct want){__VA_ARGS__})
#define CHECK_SUMMARY(p, lf, lat)                                                                  \
	do {                                                                                       \
		expect_near(__LINE__, "summary local_fraction", (p)->local_fraction, (lf));        \
		expect_near(__LINE__, "summary expected_latency", (p)->expected_latency, (lat));   \
	} while (0)

static void expect_warnings(const struct np_domain *d, const struct np_topology *host,
			    const char *want)
{
	struct np_strbuf warnings;
	np_sb_init(&warnings);
	np_domain_warnings(d, host, &warnings);
	assert_string_equal(np_sb_str(&warnings), want);
	np_sb_free(&warnings);
}

/* ---- placement: 2-node host ---- */

static void test_asymmetric_pins_strict_over_both_nodes(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-2node-caps.xml", &host);
	struct np_domain *d =
	    parse_ok("<domain type='kvm'>\n"
		     "  <name>asym</name>\n"
		     "  <memory unit='GiB'>4</memory>\n"
		     "  <vcpu>3</vcpu>\n"
		     "  <cputune>\n"
		     "    <vcpupin vcpu='0' cpuset='0-1,4-5'/>\n"
		     "    <vcpupin vcpu='1' cpuset='2'/>\n"
		     "    <vcpupin vcpu='2' cpuset='3'/>\n"
		     "  </cputune>\n"
		     "  <cpu><numa><cell id='0' cpus='0-2' memory='4' unit='GiB'/></numa></cpu>\n"
		     "  <numatune>\n"
		     "    <memory mode='strict' nodeset='0-1'/>\n"
		     "    <memnode cellid='0' mode='strict' nodeset='0-1'/>\n"
		     "  </numatune>\n"
		     "</domain>\n");
	for (int variant = 0; variant < 2; variant++) {
		struct np_placement *p = place(d, &host, variant == 1);
		assert_int_equal(p->cell_count, 1);
		assert_int_equal(p->cells[0].vcpus, 3);
		assert_int_equal(p->cells[0].mode, NP_MODE_STRICT);
		assert_true(p->cells[0].memory_bytes == 4 * GIB);
		/* p_0 = (2/4, 2/4), p_1 = p_2 = (1, 0)
		 * P = ((0.5 + 1 + 1)/3, 0.5/3) = (5/6, 1/6)
		 * strict over 0-1: m = P restricted to {0,1}, rescaled by 1 = (5/6, 1/6)
		 * LF = 5/6*5/6 + 1/6*1/6 = 26/36 = 13/18; bounds min/max P over {0,1} = 1/6, 5/6
		 * lat = (25/36 + 1/36)*10 + 2*(5/36)*21 = 260/36 + 210/36 = 470/36
		 * flags: vCPU 0 spans nodes (split-pins), cell spans nodes (split-cell),
		 * the only cell spans 2 nodes (hidden-numa); cpu_nodes == mem_nodes */
		CHECK_CELL(&p->cells[0], 13.0 / 18, 1.0 / 6, 5.0 / 6, 470.0 / 36, "0-1", "0-1",
			   "split-pins;split-cell;hidden-numa");
		/* one cell of 3 vCPUs: the summary is the cell */
		CHECK_SUMMARY(p, 13.0 / 18, 470.0 / 36);
		free(p);
	}
	free(d);
	np_topology_free(&host);
}

static void test_interleave_over_two_nodes(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-2node-caps.xml", &host);
	struct np_domain *d =
	    parse_ok("<domain type='kvm'>\n"
		     "  <name>interleaved</name>\n"
		     "  <memory unit='GiB'>2</memory>\n"
		     "  <vcpu cpuset='0-5,^4'>2</vcpu>\n"
		     "  <cputune><vcpupin vcpu='1' cpuset='4'/></cputune>\n"
		     "  <numatune><memory mode='interleave' nodeset='0-1'/></numatune>\n"
		     "</domain>\n");
	/* No cells: both variants are the single cell 0. */
	for (int variant = 0; variant < 2; variant++) {
		struct np_placement *p = place(d, &host, variant == 1);
		assert_int_equal(p->cell_count, 1);
		assert_int_equal(p->cells[0].mode, NP_MODE_INTERLEAVE);
		/* vCPU 0: <vcpu cpuset> {0,1,2,3,5}: p_0 = (4/5, 1/5); vCPU 1 pinned to 4: p_1 =
		 * (0, 1) P = (0.4, 0.6); interleave: m = (0.5, 0.5) exact LF = 0.4*0.5 + 0.6*0.5 =
		 * 0.5 (bounds = LF, exact) lat = 0.4*(0.5*10 + 0.5*21) + 0.6*(0.5*21 + 0.5*10) =
		 * 0.4*15.5 + 0.6*15.5 = 15.5 */
		CHECK_CELL(&p->cells[0], 0.5, 0.5, 0.5, 15.5, "0-1", "0-1",
			   "split-pins;split-cell;hidden-numa");
		CHECK_SUMMARY(p, 0.5, 15.5);
		free(p);
	}
	free(d);
	np_topology_free(&host);
}

static void test_preferred(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-2node-caps.xml", &host);
	struct np_domain *d = parse_ok("<domain type='kvm'>\n"
				       "  <name>preferred</name>\n"
				       "  <memory unit='GiB'>4</memory>\n"
				       "  <vcpu>4</vcpu>\n"
				       "  <cputune>\n"
				       "    <vcpupin vcpu='0' cpuset='0'/>\n"
				       "    <vcpupin vcpu='1' cpuset='1'/>\n"
				       "    <vcpupin vcpu='2' cpuset='2'/>\n"
				       "    <vcpupin vcpu='3' cpuset='4'/>\n"
				       "  </cputune>\n"
				       "  <cpu><numa>\n"
				       "    <cell id='0' cpus='0-2' memory='2' unit='GiB'/>\n"
				       "    <cell id='1' cpus='3' memory='2' unit='GiB'/>\n"
				       "  </numa></cpu>\n"
				       "  <numatune>\n"
				       "    <memory mode='preferred' nodeset='1'/>\n"
				       "    <memnode cellid='0' mode='preferred' nodeset='0'/>\n"
				       "    <memnode cellid='1' mode='strict' nodeset='1'/>\n"
				       "  </numatune>\n"
				       "</domain>\n");
	struct np_placement *p = place(d, &host, false);
	assert_int_equal(p->cell_count, 1);
	assert_int_equal(p->cells[0].mode, NP_MODE_PREFERRED);
	/* P = (3/4, 1/4); preferred node 1: m = (0, 1)
	 * LF = 0.25; bounds: min/max P over nodes with memory = 0.25, 0.75
	 * lat = 0.75*L(0,1) + 0.25*L(1,1) = 0.75*21 + 0.25*10 = 15.75 + 2.5 = 18.25
	 * cpu_nodes {0,1} != mem_nodes {1}: cross-mapped */
	CHECK_CELL(&p->cells[0], 0.25, 0.25, 0.75, 18.25, "0-1", "1",
		   "split-cell;cross-mapped;hidden-numa");
	CHECK_SUMMARY(p, 0.25, 18.25);
	free(p);

	p = place(d, &host, true);
	assert_int_equal(p->cell_count, 2);
	assert_int_equal(p->cells[0].mode, NP_MODE_PREFERRED);
	assert_int_equal(p->cells[1].mode, NP_MODE_STRICT);
	/* cell 0: P = (1, 0), preferred 0: m = (1, 0); LF = 1;
	 * bounds over nodes with memory: min(1, 0) = 0, max = 1; lat = L(0,0) = 10 */
	CHECK_CELL(&p->cells[0], 1.0, 0.0, 1.0, 10.0, "0", "0", "");
	/* cell 1: P = (0, 1), strict 1: m = (0, 1) exact; LF = 1; lat = L(1,1) = 10 */
	CHECK_CELL(&p->cells[1], 1.0, 1.0, 1.0, 10.0, "1", "1", "");
	/* summary: LF = (3*1 + 1*1)/4 = 1; lat = (3*10 + 1*10)/4 = 10 */
	CHECK_SUMMARY(p, 1.0, 10.0);
	free(p);
	free(d);
	np_topology_free(&host);
}

static void test_unbound(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-2node-caps.xml", &host);
	struct np_domain *d = parse_ok("<domain type='kvm'>\n"
				       "  <name>unbound</name>\n"
				       "  <memory unit='GiB'>4</memory>\n"
				       "  <vcpu cpuset='0-3'>4</vcpu>\n"
				       "  <cputune><vcpupin vcpu='3' cpuset='2-5'/></cputune>\n"
				       "  <cpu><numa>\n"
				       "    <cell id='0' cpus='0-1' memory='2' unit='GiB'/>\n"
				       "    <cell id='1' cpus='2-3' memory='2' unit='GiB'/>\n"
				       "  </numa></cpu>\n"
				       "</domain>\n");
	struct np_placement *p = place(d, &host, false);
	assert_int_equal(p->cells[0].mode, NP_MODE_NONE);
	/* vCPUs 0-2 on cpuset 0-3: (1, 0); vCPU 3 pinned 2-5: (0.5, 0.5)
	 * P = (3.5/4, 0.5/4) = (0.875, 0.125); unbound: m = P over nodes with memory = P
	 * LF = 0.875^2 + 0.125^2 = 0.765625 + 0.015625 = 0.78125; bounds any node: 0.125, 0.875
	 * lat = 0.78125*10 + 2*0.875*0.125*21 = 7.8125 + 4.59375 = 12.40625 */
	CHECK_CELL(&p->cells[0], 0.78125, 0.125, 0.875, 12.40625, "0-1", "0-1",
		   "split-pins;split-cell;hidden-numa;unbound");
	CHECK_SUMMARY(p, 0.78125, 12.40625);
	free(p);

	p = place(d, &host, true);
	assert_int_equal(p->cell_count, 2);
	/* cell 0: vCPUs 0-1: P = (1, 0), m = (1, 0); LF = 1; bounds any node: 0, 1; lat 10 */
	CHECK_CELL(&p->cells[0], 1.0, 0.0, 1.0, 10.0, "0", "0", "no-memnode;unbound");
	/* cell 1: vCPUs 2 (1, 0) and 3 (0.5, 0.5): P = (0.75, 0.25) = m
	 * LF = 0.5625 + 0.0625 = 0.625; bounds 0.25, 0.75
	 * lat = 0.625*10 + 2*0.75*0.25*21 = 6.25 + 7.875 = 14.125 */
	CHECK_CELL(&p->cells[1], 0.625, 0.25, 0.75, 14.125, "0-1", "0-1",
		   "split-pins;split-cell;no-memnode;unbound");
	/* summary: LF = (2*1 + 2*0.625)/4 = 0.8125; lat = (2*10 + 2*14.125)/4 = 12.0625 */
	CHECK_SUMMARY(p, 0.8125, 12.0625);
	free(p);
	expect_warnings(
	    d, &host,
	    "<cell id='0'> has no <memnode>: its memory lands by first touch on any host node\n"
	    "<cell id='1'> has no <memnode>: its memory lands by first touch on any host node\n");
	free(d);
	np_topology_free(&host);
}

static void test_strict_single_node_cross_mapped(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-2node-caps.xml", &host);
	struct np_domain *d =
	    parse_ok("<domain type='kvm'>\n"
		     "  <name>cross</name>\n"
		     "  <memory unit='GiB'>2</memory>\n"
		     "  <vcpu cpuset='0-3'>2</vcpu>\n"
		     "  <cpu><numa><cell id='0' cpus='0-1' memory='2' unit='GiB'/></numa></cpu>\n"
		     "  <numatune>\n"
		     "    <memory mode='strict' nodeset='1'/>\n"
		     "    <memnode cellid='0' mode='strict' nodeset='1'/>\n"
		     "  </numatune>\n"
		     "</domain>\n");
	for (int variant = 0; variant < 2; variant++) {
		struct np_placement *p = place(d, &host, variant == 1);
		/* P = (1, 0); strict on node 1: m = (0, 1) exact
		 * LF = 1*0 + 0*1 = 0 (bounds = LF); lat = 1*1*L(0,1) = 21 */
		CHECK_CELL(&p->cells[0], 0.0, 0.0, 0.0, 21.0, "0", "1", "cross-mapped;hidden-numa");
		CHECK_SUMMARY(p, 0.0, 21.0);
		free(p);
	}
	free(d);
	np_topology_free(&host);
}

static void test_fake_numa(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-2node-caps.xml", &host);
	struct np_domain *d = parse_ok("<domain type='kvm'>\n"
				       "  <name>fake</name>\n"
				       "  <memory unit='GiB'>4</memory>\n"
				       "  <vcpu cpuset='0-3'>4</vcpu>\n"
				       "  <cpu><numa>\n"
				       "    <cell id='0' cpus='0-1' memory='2' unit='GiB'/>\n"
				       "    <cell id='1' cpus='2-3' memory='2' unit='GiB'/>\n"
				       "  </numa></cpu>\n"
				       "  <numatune>\n"
				       "    <memory mode='strict' nodeset='0'/>\n"
				       "    <memnode cellid='0' mode='strict' nodeset='0'/>\n"
				       "    <memnode cellid='1' mode='strict' nodeset='0'/>\n"
				       "  </numatune>\n"
				       "</domain>\n");
	struct np_placement *p = place(d, &host, true);
	assert_int_equal(p->cell_count, 2);
	/* each cell: P = (1, 0), m = (1, 0): LF 1, lat 10; both cells' vCPUs on
	 * node 0 alone: fake-numa on both */
	CHECK_CELL(&p->cells[0], 1.0, 1.0, 1.0, 10.0, "0", "0", "fake-numa");
	CHECK_CELL(&p->cells[1], 1.0, 1.0, 1.0, 10.0, "0", "0", "fake-numa");
	CHECK_SUMMARY(p, 1.0, 10.0);
	free(p);
	p = place(d, &host, false);
	assert_int_equal(p->cell_count, 1);
	assert_int_equal(p->cells[0].vcpus, 4);
	/* one cell, all on node 0: no flag */
	CHECK_CELL(&p->cells[0], 1.0, 1.0, 1.0, 10.0, "0", "0", "");
	CHECK_SUMMARY(p, 1.0, 10.0);
	free(p);
	free(d);
	np_topology_free(&host);
}

static void test_uncovered_vcpus_go_to_cell_0(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-2node-caps.xml", &host);
	struct np_domain *d = parse_ok("<domain type='kvm'>\n"
				       "  <name>uncovered</name>\n"
				       "  <memory unit='GiB'>2</memory>\n"
				       "  <vcpu>4</vcpu>\n"
				       "  <cputune>\n"
				       "    <vcpupin vcpu='0' cpuset='0'/>\n"
				       "    <vcpupin vcpu='1' cpuset='4'/>\n"
				       "    <vcpupin vcpu='2' cpuset='1'/>\n"
				       "    <vcpupin vcpu='3' cpuset='5'/>\n"
				       "  </cputune>\n"
				       "  <cpu><numa>\n"
				       "    <cell id='0' cpus='0' memory='1' unit='GiB'/>\n"
				       "    <cell id='1' cpus='1' memory='1' unit='GiB'/>\n"
				       "  </numa></cpu>\n"
				       "  <numatune>\n"
				       "    <memnode cellid='0' mode='strict' nodeset='0'/>\n"
				       "    <memnode cellid='1' mode='strict' nodeset='1'/>\n"
				       "  </numatune>\n"
				       "</domain>\n");
	struct np_placement *p = place(d, &host, true);
	assert_int_equal(p->cell_count, 2);
	/* cell 0 gets vCPUs 0, 2, 3: P = ((1 + 1 + 0)/3, (0 + 0 + 1)/3) = (2/3, 1/3)
	 * strict 0: m = (1, 0); LF = 2/3 exact; lat = 2/3*10 + 1/3*21 = 20/3 + 7 = 41/3 */
	assert_int_equal(p->cells[0].vcpus, 3);
	CHECK_CELL(&p->cells[0], 2.0 / 3, 2.0 / 3, 2.0 / 3, 41.0 / 3, "0-1", "0",
		   "split-cell;cross-mapped;uncovered-vcpus");
	/* cell 1: vCPU 1 on node 1, memory strict 1: LF 1, lat 10 */
	assert_int_equal(p->cells[1].vcpus, 1);
	CHECK_CELL(&p->cells[1], 1.0, 1.0, 1.0, 10.0, "1", "1", "");
	/* summary, weighted by memory (1 GiB each): LF = (2/3 + 1)/2 = 5/6;
	 * lat = (41/3 + 10)/2 = 71/6 */
	CHECK_SUMMARY(p, 5.0 / 6, 71.0 / 6);
	free(p);
	p = place(d, &host, false);
	/* no <numatune><memory>: unbound; P = (2/4, 2/4) = m; LF = 0.25 + 0.25 = 0.5
	 * bounds 0.5, 0.5; lat = 0.25*10*2 + 0.25*21*2 = 5 + 10.5 = 15.5 */
	CHECK_CELL(&p->cells[0], 0.5, 0.5, 0.5, 15.5, "0-1", "0-1",
		   "split-cell;hidden-numa;unbound");
	CHECK_SUMMARY(p, 0.5, 15.5);
	free(p);
	expect_warnings(d, &host,
			"vCPUs 2-3 are in no <cell>: libvirt quietly puts them in cell 0\n");
	free(d);
	np_topology_free(&host);
}

static void test_memory_mismatch(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-2node-caps.xml", &host);
	struct np_domain *d = parse_ok("<domain type='kvm'>\n"
				       "  <name>mismatch</name>\n"
				       "  <memory unit='GiB'>4</memory>\n"
				       "  <vcpu>2</vcpu>\n"
				       "  <cputune>\n"
				       "    <vcpupin vcpu='0' cpuset='0'/>\n"
				       "    <vcpupin vcpu='1' cpuset='4'/>\n"
				       "  </cputune>\n"
				       "  <cpu><numa>\n"
				       "    <cell id='0' cpus='0' memory='1' unit='GiB'/>\n"
				       "    <cell id='1' cpus='1' memory='2' unit='GiB'/>\n"
				       "  </numa></cpu>\n"
				       "  <numatune>\n"
				       "    <memnode cellid='0' mode='strict' nodeset='0'/>\n"
				       "    <memnode cellid='1' mode='strict' nodeset='1'/>\n"
				       "  </numatune>\n"
				       "</domain>\n");
	struct np_placement *p = place(d, &host, true);
	/* 1 GiB + 2 GiB != 4 GiB: memory-mismatch on every cell; each cell local: LF 1, lat 10 */
	assert_true(p->cells[0].memory_bytes == 1 * GIB);
	assert_true(p->cells[1].memory_bytes == 2 * GIB);
	CHECK_CELL(&p->cells[0], 1.0, 1.0, 1.0, 10.0, "0", "0", "memory-mismatch");
	CHECK_CELL(&p->cells[1], 1.0, 1.0, 1.0, 10.0, "1", "1", "memory-mismatch");
	CHECK_SUMMARY(p, 1.0, 10.0);
	free(p);
	p = place(d, &host, false);
	/* without cells: <memory> 4 GiB, unbound; P = (0.5, 0.5) = m: LF 0.5, lat 15.5;
	 * the mismatch is a property of the cell declaration only */
	assert_true(p->cells[0].memory_bytes == 4 * GIB);
	CHECK_CELL(&p->cells[0], 0.5, 0.5, 0.5, 15.5, "0-1", "0-1",
		   "split-cell;hidden-numa;unbound");
	free(p);
	/* 3 GiB = 3221225472, 4 GiB = 4294967296 */
	expect_warnings(d, &host,
			"the cells' memory adds up to 3221225472 bytes but <memory> says "
			"4294967296: libvirt replaces <memory> by the cells' sum\n");
	free(d);
	np_topology_free(&host);
}

static void test_too_big(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-2node-caps.xml", &host);
	struct np_domain *d = parse_ok("<domain type='kvm'>\n"
				       "  <name>big</name>\n"
				       "  <memory unit='GiB'>36</memory>\n"
				       "  <vcpu cpuset='0-3'>2</vcpu>\n"
				       "  <cputune><vcpupin vcpu='1' cpuset='4'/></cputune>\n"
				       "  <cpu><numa>\n"
				       "    <cell id='0' cpus='0' memory='20' unit='GiB'/>\n"
				       "    <cell id='1' cpus='1' memory='16' unit='GiB'/>\n"
				       "  </numa></cpu>\n"
				       "  <numatune>\n"
				       "    <memory mode='interleave' nodeset='0-1'/>\n"
				       "    <memnode cellid='0' mode='strict' nodeset='0'/>\n"
				       "    <memnode cellid='1' mode='strict' nodeset='1'/>\n"
				       "  </numatune>\n"
				       "</domain>\n");
	struct np_placement *p = place(d, &host, true);
	/* cell 0: 20 GiB strict on node 0 (16 GiB): too-big; LF 1, lat 10 */
	CHECK_CELL(&p->cells[0], 1.0, 1.0, 1.0, 10.0, "0", "0", "too-big");
	/* cell 1: 16 GiB on node 1 (16 GiB): fits exactly, no flag */
	CHECK_CELL(&p->cells[1], 1.0, 1.0, 1.0, 10.0, "1", "1", "");
	CHECK_SUMMARY(p, 1.0, 10.0);
	free(p);
	p = place(d, &host, false);
	/* 36 GiB interleaved over 0-1 (32 GiB): too-big; P = (0.5, 0.5), m = (0.5, 0.5)
	 * LF = 0.5 exact; lat = 0.5*15.5 + 0.5*15.5 = 15.5 */
	CHECK_CELL(&p->cells[0], 0.5, 0.5, 0.5, 15.5, "0-1", "0-1",
		   "split-cell;hidden-numa;too-big");
	free(p);
	/* node 1 with only 15 GiB free now: cell 1's 16 GiB fit its total but
	 * not what is free: no-room (too-big stays for the total) */
	host.nodes[1].mem_free_bytes = 15ull << 30;
	p = place(d, &host, true);
	CHECK_CELL(&p->cells[0], 1.0, 1.0, 1.0, 10.0, "0", "0", "too-big");
	CHECK_CELL(&p->cells[1], 1.0, 1.0, 1.0, 10.0, "1", "1", "no-room");
	free(p);
	free(d);
	np_topology_free(&host);
}

static void test_hugepages_short(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-2node-caps.xml", &host);
	struct np_domain *d = parse_ok("<domain type='kvm'>\n"
				       "  <name>huge</name>\n"
				       "  <memory unit='GiB'>7</memory>\n"
				       "  <memoryBacking><hugepages>\n"
				       "    <page size='1' unit='G' nodeset='0'/>\n"
				       "    <page size='2048' unit='KiB' nodeset='1'/>\n"
				       "  </hugepages></memoryBacking>\n"
				       "  <vcpu>2</vcpu>\n"
				       "  <cputune>\n"
				       "    <vcpupin vcpu='0' cpuset='4'/>\n"
				       "    <vcpupin vcpu='1' cpuset='0'/>\n"
				       "  </cputune>\n"
				       "  <cpu><numa>\n"
				       "    <cell id='0' cpus='0' memory='5' unit='GiB'/>\n"
				       "    <cell id='1' cpus='1' memory='2' unit='GiB'/>\n"
				       "  </numa></cpu>\n"
				       "  <numatune>\n"
				       "    <memnode cellid='0' mode='strict' nodeset='1'/>\n"
				       "    <memnode cellid='1' mode='strict' nodeset='0'/>\n"
				       "  </numatune>\n"
				       "</domain>\n");
	assert_int_equal(d->hugepage_count, 2);
	assert_true(d->hugepages[0].size_bytes == GIB);
	struct np_placement *p = place(d, &host, true);
	/* cell 0: 5 GiB of 1 GiB pages on node 1, which has 4 free (4 GiB): short */
	CHECK_CELL(&p->cells[0], 1.0, 1.0, 1.0, 10.0, "1", "1", "hugepages-short");
	/* cell 1: 2 GiB of 2 MiB pages on node 0: 1024 free = 2 GiB, just enough */
	CHECK_CELL(&p->cells[1], 1.0, 1.0, 1.0, 10.0, "0", "0", "");
	CHECK_SUMMARY(p, 1.0, 10.0);
	free(p);
	p = place(d, &host, false);
	/* one cell 0 (1 GiB pages), unbound over both nodes: 0 + 4 free = 4 GiB < 7 GiB;
	 * P = (0.5, 0.5) = m: LF 0.5, lat 15.5 */
	CHECK_CELL(&p->cells[0], 0.5, 0.5, 0.5, 15.5, "0-1", "0-1",
		   "split-cell;hidden-numa;hugepages-short;unbound");
	free(p);
	free(d);
	np_topology_free(&host);
}

static void test_pins_absent_cpus_and_placement_auto(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-2node-caps.xml", &host);
	struct np_domain *d =
	    parse_ok("<domain type='kvm'>\n"
		     "  <name>auto</name>\n"
		     "  <memory unit='GiB'>2</memory>\n"
		     "  <vcpu placement='auto' cpuset='4-7'>2</vcpu>\n"
		     "  <cputune>\n"
		     "    <vcpupin vcpu='0' cpuset='0,100'/>\n"
		     "    <vcpupin vcpu='1' cpuset='8-9'/>\n"
		     "  </cputune>\n"
		     "  <numatune><memory mode='strict' placement='auto'/></numatune>\n"
		     "</domain>\n");
	struct np_placement *p = place(d, &host, false);
	assert_int_equal(p->cells[0].mode, NP_MODE_NONE);
	/* vCPU 0: {0,100} -> {0}: (1, 0); vCPU 1: {8,9} has no host CPU -> anywhere,
	 * and placement='auto' ignores <vcpu cpuset>: all 8 CPUs: (0.5, 0.5)
	 * P = (0.75, 0.25); memory placement='auto': unbound, m = P
	 * LF = 0.5625 + 0.0625 = 0.625; bounds 0.25, 0.75
	 * lat = 0.625*10 + 2*0.75*0.25*21 = 6.25 + 7.875 = 14.125 */
	CHECK_CELL(&p->cells[0], 0.625, 0.25, 0.75, 14.125, "0-1", "0-1",
		   "split-pins;split-cell;hidden-numa;unbound");
	free(p);
	expect_warnings(d, &host,
			"<vcpu placement='auto'>: numad picks the host CPUs at start; this report "
			"assumes all host CPUs\n"
			"<numatune><memory placement='auto'>: numad picks the nodes at start; this "
			"report assumes first touch\n"
			"<vcpupin vcpu='0'> names host CPUs 100, which do not exist\n"
			"<vcpupin vcpu='1'> names host CPUs 8-9, which do not exist\n");
	free(d);
	np_topology_free(&host);
}

static void test_warnings_and_multi_node_preferred(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-2node-caps.xml", &host);
	struct np_domain *d = parse_ok("<domain type='kvm'>\n"
				       "  <name>warned</name>\n"
				       "  <memory unit='GiB'>2</memory>\n"
				       "  <vcpu>2</vcpu>\n"
				       "  <cputune><vcpupin vcpu='5' cpuset='0'/></cputune>\n"
				       "  <cpu><numa>\n"
				       "    <cell id='0' cpus='0' memory='1' unit='GiB'/>\n"
				       "    <cell id='1' cpus='1' memory='1' unit='GiB'/>\n"
				       "  </numa></cpu>\n"
				       "  <numatune>\n"
				       "    <memory mode='preferred' nodeset='0-1,5'/>\n"
				       "    <memnode cellid='0' mode='preferred' nodeset='0-1'/>\n"
				       "  </numatune>\n"
				       "</domain>\n");
	expect_warnings(d, NULL,
			"<cell id='1'> has no <memnode>: its memory lands by first touch within "
			"the <memory> nodeset\n"
			"<vcpupin vcpu='5'> pins a vCPU that does not exist (the guest has 2): "
			"libvirt ignores it\n"
			"<numatune><memory mode='preferred'> names several nodes: preferred means "
			"one node (older kernels use the first)\n"
			"<memnode cellid='0' mode='preferred'> names several nodes: preferred "
			"means one node\n");
	expect_warnings(
	    d, &host,
	    "<cell id='1'> has no <memnode>: its memory lands by first touch within the <memory> "
	    "nodeset\n"
	    "<vcpupin vcpu='5'> pins a vCPU that does not exist (the guest has 2): libvirt ignores "
	    "it\n"
	    "<numatune><memory mode='preferred'> names several nodes: preferred means one node "
	    "(older kernels use the first)\n"
	    "<memnode cellid='0' mode='preferred'> names several nodes: preferred means one node\n"
	    "<numatune><memory nodeset> names host node 5, which does not exist\n");
	struct np_placement *p = place(d, &host, false);
	/* vCPUs unpinned (the pin of vCPU 5 is ignored): p_v = (0.5, 0.5), P = (0.5, 0.5)
	 * preferred 0-1,5: the first node present, 0: m = (1, 0)
	 * LF = 0.5; bounds over nodes with memory: 0.5, 0.5; lat = 0.5*10 + 0.5*21 = 15.5 */
	CHECK_CELL(&p->cells[0], 0.5, 0.5, 0.5, 15.5, "0-1", "0",
		   "split-pins;split-cell;cross-mapped;hidden-numa");
	free(p);
	p = place(d, &host, true);
	/* cell 0 (memnode preferred 0-1) and cell 1 (no memnode: <memory> preferred
	 * 0-1,5) both land on node 0 with P = (0.5, 0.5): as above */
	CHECK_CELL(&p->cells[0], 0.5, 0.5, 0.5, 15.5, "0-1", "0",
		   "split-pins;split-cell;cross-mapped");
	CHECK_CELL(&p->cells[1], 0.5, 0.5, 0.5, 15.5, "0-1", "0",
		   "split-pins;split-cell;cross-mapped;no-memnode");
	CHECK_SUMMARY(p, 0.5, 15.5);
	free(p);
	free(d);
	np_topology_free(&host);
}

/* ---- placement: 4-node host, asymmetric SLIT ---- */

static void test_four_nodes_asymmetric_and_cpu_less_cell(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-4node-caps.xml", &host);
	assert_int_equal(host.node_count, 4);
	struct np_domain *d = parse_ok("<domain type='kvm'>\n"
				       "  <name>far</name>\n"
				       "  <memory unit='GiB'>5</memory>\n"
				       "  <vcpu>3</vcpu>\n"
				       "  <cputune>\n"
				       "    <vcpupin vcpu='0' cpuset='2'/>\n"
				       "    <vcpupin vcpu='1' cpuset='0'/>\n"
				       "    <vcpupin vcpu='2' cpuset='1'/>\n"
				       "  </cputune>\n"
				       "  <cpu><numa>\n"
				       "    <cell id='0' cpus='0' memory='1' unit='GiB'/>\n"
				       "    <cell id='1' cpus='1' memory='1' unit='GiB'/>\n"
				       "    <cell id='2' cpus='2' memory='1' unit='GiB'/>\n"
				       "    <cell id='3' memory='2' unit='GiB'/>\n"
				       "  </numa></cpu>\n"
				       "  <numatune>\n"
				       "    <memnode cellid='0' mode='strict' nodeset='3'/>\n"
				       "    <memnode cellid='1' mode='strict' nodeset='3'/>\n"
				       "    <memnode cellid='2' mode='strict' nodeset='2'/>\n"
				       "    <memnode cellid='3' mode='strict' nodeset='2'/>\n"
				       "  </numatune>\n"
				       "</domain>\n");
	struct np_placement *p = place(d, &host, true);
	assert_int_equal(p->cell_count, 4);
	/* cell 0: vCPU 0 on node 1, memory on node 3: LF 0; lat = L(1,3) = 17 */
	CHECK_CELL(&p->cells[0], 0.0, 0.0, 0.0, 17.0, "1", "3", "cross-mapped");
	/* cell 1: vCPU 1 on node 0, memory on node 3: lat = L(0,3) = 28; its vCPUs
	 * share node 0 alone with cell 2's: fake-numa */
	CHECK_CELL(&p->cells[1], 0.0, 0.0, 0.0, 28.0, "0", "3", "cross-mapped;fake-numa");
	/* cell 2: vCPU 2 on node 0, memory on node 2: lat = L(0,2) = 17 (row 0),
	 * not L(2,0) = 28 */
	CHECK_CELL(&p->cells[2], 0.0, 0.0, 0.0, 17.0, "0", "2", "cross-mapped;fake-numa");
	/* cell 3, CPU-less: reached by all 3 vCPUs: P = (2/3, 1/3, 0, 0); memory on 2
	 * LF = 0; lat = 2/3*L(0,2) + 1/3*L(1,2) = 2/3*17 + 1/3*28 = 34/3 + 28/3 = 62/3 */
	assert_int_equal(p->cells[3].vcpus, 0);
	/* (split-cell is about a cell's own vCPUs; a CPU-less cell has none; bound
	 * to CPU-less node 2 it is far memory by design, not cross-mapped) */
	CHECK_CELL(&p->cells[3], 0.0, 0.0, 0.0, 62.0 / 3, "0-1", "2", "");
	/* summary weighted by memory (1, 1, 1 and 2 GiB), cell 3 included:
	 * LF = 0; lat = (17 + 28 + 17 + 2*62/3)/5 = (186/3 + 124/3)/5 = 62/3 */
	CHECK_SUMMARY(p, 0.0, 62.0 / 3);
	free(p);

	p = place(d, &host, false);
	assert_int_equal(p->cell_count, 1);
	/* unbound, P = (2/3, 1/3, 0, 0) = m (all 4 nodes have memory, P sums to 1)
	 * LF = 4/9 + 1/9 = 5/9; bounds any node with memory: min 0 (node 2), max 2/3
	 * lat = 4/9*10 + 2/9*21 + 2/9*21 + 1/9*10 = (40 + 42 + 42 + 10)/9 = 134/9 */
	CHECK_CELL(&p->cells[0], 5.0 / 9, 0.0, 2.0 / 3, 134.0 / 9, "0-1", "0-1",
		   "split-cell;hidden-numa;unbound");
	CHECK_SUMMARY(p, 5.0 / 9, 134.0 / 9);
	free(p);
	free(d);
	np_topology_free(&host);
}

/* The summary weights cells by memory, so a memory-only cell counts; bound
 * to a node with CPUs it is cross-mapped like any other cell. */
static void test_memory_only_cell_weighs_its_memory(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-4node-caps.xml", &host);
	struct np_domain *d = parse_ok("<domain type='kvm'>\n"
				       "  <name>mem-only</name>\n"
				       "  <memory unit='GiB'>3</memory>\n"
				       "  <vcpu>2</vcpu>\n"
				       "  <cputune>\n"
				       "    <vcpupin vcpu='0' cpuset='0'/>\n"
				       "    <vcpupin vcpu='1' cpuset='0'/>\n"
				       "  </cputune>\n"
				       "  <cpu><numa>\n"
				       "    <cell id='0' cpus='0-1' memory='2' unit='GiB'/>\n"
				       "    <cell id='1' memory='1' unit='GiB'/>\n"
				       "  </numa></cpu>\n"
				       "  <numatune>\n"
				       "    <memnode cellid='0' mode='strict' nodeset='0'/>\n"
				       "    <memnode cellid='1' mode='strict' nodeset='1'/>\n"
				       "  </numatune>\n"
				       "</domain>\n");
	struct np_placement *p = place(d, &host, true);
	/* cell 0: both vCPUs and memory on node 0: LF 1, lat 10 */
	CHECK_CELL(&p->cells[0], 1.0, 1.0, 1.0, 10.0, "0", "0", "");
	/* cell 1: reached from node 0, memory on node 1 (which has CPUs): L(0,1) = 21 */
	CHECK_CELL(&p->cells[1], 0.0, 0.0, 0.0, 21.0, "0", "1", "cross-mapped");
	/* by memory: LF = (2*1 + 1*0)/3 = 2/3; lat = (2*10 + 1*21)/3 = 41/3
	 * (by vCPUs it would have been 1 and 10: cell 1 ignored) */
	CHECK_SUMMARY(p, 2.0 / 3, 41.0 / 3);
	free(p);
	free(d);
	np_topology_free(&host);
}

static void test_four_nodes_interleave_and_restrictive(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-4node-caps.xml", &host);
	struct np_domain *d =
	    parse_ok("<domain type='kvm'>\n"
		     "  <name>spread</name>\n"
		     "  <memory unit='GiB'>2</memory>\n"
		     "  <vcpu cpuset='0-3'>2</vcpu>\n"
		     "  <numatune><memory mode='interleave' nodeset='1-2'/></numatune>\n"
		     "</domain>\n");
	struct np_placement *p = place(d, &host, false);
	/* p_v = (0.5, 0.5, 0, 0), P the same; interleave 1-2: m = (0, 0.5, 0.5, 0)
	 * LF = 0.5*0.5 = 0.25 exact
	 * lat = 0.5*(0.5*L(0,1) + 0.5*L(0,2)) + 0.5*(0.5*L(1,1) + 0.5*L(1,2))
	 *     = 0.5*(10.5 + 8.5) + 0.5*(5 + 14) = 9.5 + 9.5 = 19 */
	CHECK_CELL(&p->cells[0], 0.25, 0.25, 0.25, 19.0, "0-1", "1-2",
		   "split-pins;split-cell;cross-mapped;hidden-numa");
	free(p);
	free(d);

	d = parse_ok("<domain type='kvm'>\n"
		     "  <name>restricted</name>\n"
		     "  <memory unit='GiB'>2</memory>\n"
		     "  <vcpu>1</vcpu>\n"
		     "  <cputune><vcpupin vcpu='0' cpuset='1'/></cputune>\n"
		     "  <numatune><memory mode='restrictive' nodeset='2-3'/></numatune>\n"
		     "</domain>\n");
	p = place(d, &host, false);
	assert_int_equal(p->cells[0].mode, NP_MODE_RESTRICTIVE);
	/* P = (1, 0, 0, 0); restrictive 2-3 where P is 0 on both: m spread evenly
	 * (0, 0, 0.5, 0.5); LF = 0; bounds min/max P over {2,3} = 0, 0
	 * lat = 0.5*L(0,2) + 0.5*L(0,3) = 8.5 + 14 = 22.5 */
	CHECK_CELL(&p->cells[0], 0.0, 0.0, 0.0, 22.5, "0", "2-3", "cross-mapped;hidden-numa");
	free(p);
	free(d);

	/* A memnode naming only an absent host node: warned, and memory goes by
	 * first touch over the nodes with memory (the mode stays strict). */
	d = parse_ok("<domain type='kvm'>\n"
		     "  <name>absent</name>\n"
		     "  <memory unit='GiB'>1</memory>\n"
		     "  <vcpu>1</vcpu>\n"
		     "  <cputune><vcpupin vcpu='0' cpuset='2'/></cputune>\n"
		     "  <cpu><numa><cell id='0' cpus='0' memory='1' unit='GiB'/></numa></cpu>\n"
		     "  <numatune><memnode cellid='0' mode='strict' nodeset='7'/></numatune>\n"
		     "</domain>\n");
	expect_warnings(d, &host, "<memnode cellid='0'> names host node 7, which does not exist\n");
	p = place(d, &host, true);
	/* P = (0, 1, 0, 0); allowed: all 4 nodes; m = P / 1 = (0, 1, 0, 0); LF 1;
	 * bounds over the allowed nodes: 0, 1; lat = L(1,1) = 10 */
	CHECK_CELL(&p->cells[0], 1.0, 0.0, 1.0, 10.0, "1", "1", "");
	free(p);
	free(d);
	np_topology_free(&host);
}

/* ---- a bench latency matrix instead of SLIT ---- */

static void test_bench_latency_matrix(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-2node-caps.xml", &host);
	struct np_domain *d =
	    parse_ok("<domain type='kvm'>\n"
		     "  <name>interleaved</name>\n"
		     "  <memory unit='GiB'>2</memory>\n"
		     "  <vcpu cpuset='0-5,^4'>2</vcpu>\n"
		     "  <cputune><vcpupin vcpu='1' cpuset='4'/></cputune>\n"
		     "  <numatune><memory mode='interleave' nodeset='0-1'/></numatune>\n"
		     "</domain>\n");
	struct np_latency_matrix *ns = calloc(1, sizeof(*ns));
	assert_non_null(ns);
	const int cpu[] = {0, 0, 1, 1}, mem[] = {0, 1, 0, 1};
	const double value[] = {80, 140, 150, 85};
	for (int i = 0; i < 4; i++) {
		ns->cpu[i] = cpu[i];
		ns->mem[i] = mem[i];
		ns->ns[i] = value[i];
	}
	ns->count = 4;
	struct np_placement *p = calloc(1, sizeof(*p));
	assert_non_null(p);
	struct np_error err = {""};
	assert_int_equal(np_place(d, &host, ns, false, p, &err), 0);
	assert_string_equal(p->latency_unit, "ns");
	/* P = (0.4, 0.6), m = (0.5, 0.5)
	 * lat = 0.4*(0.5*80 + 0.5*140) + 0.6*(0.5*150 + 0.5*85) = 0.4*110 + 0.6*117.5 = 44 + 70.5
	 */
	expect_near(__LINE__, "expected_latency", p->cells[0].expected_latency, 114.5);
	expect_near(__LINE__, "summary expected_latency", p->expected_latency, 114.5);
	/* Without the 1 -> 1 pair, which this placement uses: an error naming it. */
	ns->count = 3;
	assert_int_equal(np_place(d, &host, ns, false, p, &err), -1);
	assert_string_equal(err.message, "the bench CSV has no latency for CPU node 1 -> memory "
					 "node 1, which this placement uses");
	free(p);
	free(ns);
	free(d);
	np_topology_free(&host);
}

static void test_flags_format(void **state)
{
	(void)state;
	char out[512];
	np_flags_format(0, out, sizeof(out));
	assert_string_equal(out, "");
	np_flags_format((1u << NP_FLAG_COUNT) - 1, out, sizeof(out));
	assert_string_equal(out,
			    "split-pins;split-cell;cross-mapped;hidden-numa;fake-numa;too-big;"
			    "hugepages-short;no-memnode;unbound;uncovered-vcpus;memory-mismatch;no-room");
	np_flags_format(NP_FLAG_UNBOUND | NP_FLAG_SPLIT_PINS, out, sizeof(out));
	assert_string_equal(out, "split-pins;unbound");
	char small[16];
	np_flags_format(NP_FLAG_SPLIT_PINS | NP_FLAG_SPLIT_CELL, small, sizeof(small));
	assert_string_equal(small, "split-pins;spli");
}

/* ---- np_domain_parse refusals ---- */

/* lines 1-4 */
#define HEAD                                                                                       \
	"<domain type='kvm'>\n"                                                                    \
	"  <name>bad</name>\n"                                                                     \
	"  <memory unit='GiB'>2</memory>\n"                                                        \
	"  <vcpu>2</vcpu>\n"

static void test_parse_errors_cells(void **state)
{
	(void)state;
	expect_parse_error(
	    HEAD "  <cpu>\n"
		 "    <numa>\n"
		 "      <cell id='0' cpus='0' memory='1' unit='GiB'/>\n"
		 "      <cell id='0' cpus='1' memory='1' unit='GiB'/>\n"
		 "    </numa>\n"
		 "  </cpu>\n"
		 "</domain>\n",
	    "guest.xml line 8: <cell id='0'>: the id is used twice (cell ids must be unique)");
	expect_parse_error(
	    HEAD "  <cpu>\n"
		 "    <numa>\n"
		 "      <cell id='1' cpus='0-1' memory='2' unit='GiB'/>\n"
		 "    </numa>\n"
		 "  </cpu>\n"
		 "</domain>\n",
	    "guest.xml line 7: <cell id='1'>: ids must be below the number of cells, 1");
	expect_parse_error(HEAD "  <cpu>\n"
				"    <numa>\n"
				"      <cell id='0' cpus='0-1' memory='1' unit='GiB'/>\n"
				"      <cell id='1' cpus='1' memory='1' unit='GiB'/>\n"
				"    </numa>\n"
				"  </cpu>\n"
				"</domain>\n",
			   "guest.xml line 8: <cell id='1'>: vCPU 1 is already in another cell "
			   "(cells may not overlap)");
	expect_parse_error(
	    HEAD "  <cpu>\n"
		 "    <numa>\n"
		 "      <cell id='0' cpus='0-2' memory='2' unit='GiB'/>\n"
		 "    </numa>\n"
		 "  </cpu>\n"
		 "</domain>\n",
	    "guest.xml line 7: <cell id='0'>: vCPU 2 is not below the vCPU count, 2");
	expect_parse_error(HEAD "  <cpu>\n"
				"    <numa>\n"
				"      <cell id='0' cpus='0-1' memory='-5'/>\n"
				"    </numa>\n"
				"  </cpu>\n"
				"</domain>\n",
			   "guest.xml line 7: <cell id='0' memory='-5'>: size '-5' is negative: "
			   "expected a size of 0 or more");
	expect_parse_error(HEAD "  <cpu>\n"
				"    <numa>\n"
				"      <cell id='0' cpus='0-1' memory='1' unit='GiBs'/>\n"
				"    </numa>\n"
				"  </cpu>\n"
				"</domain>\n",
			   "guest.xml line 7: <cell id='0' memory='1'>: unknown unit 'GiBs': "
			   "expected b, bytes, k/KiB, M/MiB, G/GiB, T/TiB, P/PiB, E/EiB (powers of "
			   "1024) or KB, MB, GB, TB, PB, EB (powers of 1000)");
}

/* Two cells, cell 0 (line 7) with the given <sibling> lines 9 and 10. */
#define SIBLINGS(s0, s1)                                                                           \
	HEAD "  <cpu>\n"                                                                           \
	     "    <numa>\n"                                                                        \
	     "      <cell id='0' cpus='0' memory='1' unit='GiB'>\n"                                \
	     "        <distances>\n"                                                               \
	     "          " s0 "\n"                                                                  \
	     "          " s1 "\n"                                                                  \
	     "        </distances>\n"                                                              \
	     "      </cell>\n"                                                                     \
	     "      <cell id='1' cpus='1' memory='1' unit='GiB'/>\n"                               \
	     "    </numa>\n"                                                                       \
	     "  </cpu>\n"                                                                          \
	     "</domain>\n"

static void test_parse_errors_distances(void **state)
{
	(void)state;
	/* valid: 10 to itself, 11-255 to another */
	struct np_domain *d =
	    parse_ok(SIBLINGS("<sibling id='0' value='10'/>", "<sibling id='1' value='255'/>"));
	assert_int_equal(d->cells[0].distance_count, 2);
	assert_int_equal(d->cells[0].distance_value[1], 255);
	free(d);
	expect_parse_error(SIBLINGS("<sibling id='0' value='20'/>", "<sibling id='1' value='21'/>"),
			   "guest.xml line 7: <cell id='0'> <sibling id='0' value='20'>: the "
			   "distance to itself must be 10");
	expect_parse_error(SIBLINGS("<sibling id='0' value='10'/>", "<sibling id='1' value='10'/>"),
			   "guest.xml line 7: <cell id='0'> <sibling id='1' value='10'>: a "
			   "distance to another cell must be 11 to 255");
	expect_parse_error(
	    SIBLINGS("<sibling id='0' value='10'/>", "<sibling id='1' value='256'/>"),
	    "guest.xml line 7: <cell id='0'> <sibling id='1' value='256'>: a distance to another "
	    "cell must be 11 to 255");
}

static void test_parse_errors_numatune(void **state)
{
	(void)state;
	expect_parse_error(HEAD "  <cpu>\n"
				"    <numa>\n"
				"      <cell id='0' cpus='0-1' memory='2' unit='GiB'/>\n"
				"    </numa>\n"
				"  </cpu>\n"
				"  <numatune>\n"
				"    <memnode cellid='3' mode='strict' nodeset='0'/>\n"
				"  </numatune>\n"
				"</domain>\n",
			   "guest.xml line 11: <memnode cellid='3'>: no guest cell has that id");
	expect_parse_error(
	    HEAD "  <numatune>\n"
		 "    <memnode cellid='0' mode='strict' nodeset='0'/>\n"
		 "  </numatune>\n"
		 "</domain>\n",
	    "guest.xml line 6: <memnode cellid='0'>: memnode needs guest NUMA cells (<cpu><numa>)");
}

static void test_parse_errors_cputune(void **state)
{
	(void)state;
	expect_parse_error(
	    HEAD "  <cputune>\n"
		 "    <vcpupin vcpu='0'/>\n"
		 "  </cputune>\n"
		 "</domain>\n",
	    "guest.xml line 6: <vcpupin vcpu='0'> has no cpuset: a pin must name host CPUs");
	expect_parse_error(HEAD "  <cputune>\n"
				"    <vcpupin vcpu='1' cpuset='0'/>\n"
				"    <vcpupin vcpu='1' cpuset='1'/>\n"
				"  </cputune>\n"
				"</domain>\n",
			   "guest.xml line 7: <vcpupin vcpu='1'>: a second pin for the same vcpu "
			   "(libvirt refuses duplicates)");
	expect_parse_error(HEAD "  <cputune>\n"
				"    <vcpupin vcpu='0' cpuset='0-x'/>\n"
				"  </cputune>\n"
				"</domain>\n",
			   "guest.xml line 6: <vcpupin cpuset>: invalid list '0-x' at position 3: "
			   "expected an id (0-16383), found another character");
	expect_parse_error(HEAD "  <cputune>\n"
				"    <vcpupin vcpu='0' cpuset='3-1'/>\n"
				"  </cputune>\n"
				"</domain>\n",
			   "guest.xml line 6: <vcpupin cpuset>: invalid list '3-1' at position 3: "
			   "range end 1 is below its start 3");
}

static void test_parse_errors_memory_and_doctype(void **state)
{
	(void)state;
	expect_parse_error("<domain type='kvm'>\n"
			   "  <name>bad</name>\n"
			   "  <memory unit='XiB'>2</memory>\n"
			   "  <vcpu>2</vcpu>\n"
			   "</domain>\n",
			   "guest.xml line 3: <memory>: unknown unit 'XiB': expected b, bytes, "
			   "k/KiB, M/MiB, G/GiB, T/TiB, P/PiB, E/EiB (powers of 1024) or KB, MB, "
			   "GB, TB, PB, EB (powers of 1000)");
	expect_parse_error(
	    "<domain type='kvm'>\n"
	    "  <name>bad</name>\n"
	    "  <memory unit='KiB'>-1</memory>\n"
	    "  <vcpu>2</vcpu>\n"
	    "</domain>\n",
	    "guest.xml line 3: <memory>: size '-1' is negative: expected a size of 0 or more");
	expect_parse_error("<?xml version='1.0'?>\n"
			   "<!DOCTYPE domain [<!ENTITY x 'y'>]>\n"
			   "<domain type='kvm'><name>&x;</name><memory>1</memory></domain>\n",
			   "guest.xml line 2: a DOCTYPE is not accepted (libvirt never writes one; "
			   "it could load files or expand entities)");
}

/* A bound policy may spill within its nodeset: 20 GiB strict over nodes
 * 0-1 (32 GiB) is not too big even when first touch puts it all on node 0. */
/* The define-time rules learnt from libvirt's own tests (see
 * tests/libvirt/ for the same cases against a real libvirtd). */
static void test_parse_errors_libvirt_classes(void **state)
{
	(void)state;
#define DOM(body)                                                                                  \
	"<domain type='kvm'>\n  <name>g</name>\n  <memory unit='MiB'>256</memory>\n"             \
	"  <vcpu>2</vcpu>\n" body "</domain>\n"
#define CELL1 "  <cpu><numa><cell id='0' cpus='0-1' memory='256' unit='MiB'/></numa></cpu>\n"
	/* 1. the implicit guest node */
	free(parse_ok(DOM("  <memoryBacking><hugepages><page size='2048' unit='KiB' nodeset='0'/>"
			  "</hugepages></memoryBacking>\n")));
	expect_parse_error(DOM("  <memoryBacking><hugepages><page size='2048' unit='KiB' "
			       "nodeset='0-1'/></hugepages></memoryBacking>\n"),
			   "guest.xml: <hugepages><page nodeset>: guest node 0 does not exist (0 "
			   "cells)");
	expect_parse_error(DOM("  <memoryBacking><hugepages><page size='2048' unit='KiB' "
			       "nodeset='1'/></hugepages></memoryBacking>\n" CELL1),
			   "guest.xml: <hugepages><page nodeset>: guest node 1 does not exist (1 "
			   "cell)");
	/* 2. <numatune><memory> without placement or nodeset follows <vcpu> */
	free(parse_ok("<domain type='kvm'>\n  <name>g</name>\n  <memory unit='MiB'>256</memory>\n"
		      "  <vcpu placement='auto'>2</vcpu>\n"
		      "  <numatune><memory mode='preferred'/></numatune>\n" CELL1 "</domain>\n"));
	expect_parse_error(DOM("  <numatune><memory mode='preferred'/></numatune>\n" CELL1),
			   "guest.xml: <numatune><memory> needs a nodeset unless placement='auto'");
	/* 3. HMAT links: the cache is part of a link's identity; a link covers
	 * both directions, whatever its kind */
#define LINKS(cache, links)                                                                        \
	DOM("  <cpu><numa><cell id='0' cpus='0' memory='128' unit='MiB'>" cache "</cell>\n"          \
	    "    <cell id='1' cpus='1' memory='128' unit='MiB'/>\n"                                 \
	    "    <interconnects>" links "</interconnects></numa></cpu>\n")
	free(parse_ok(LINKS("<cache level='1' associativity='direct' policy='writeback'/>",
			    "<latency initiator='0' target='0' type='access' value='5'/>"
			    "<latency initiator='0' target='0' cache='1' type='access' value='9'/>")));
	expect_parse_error(
	    LINKS("", "<latency initiator='0' target='0' type='access' value='5'/>"
		      "<latency initiator='0' target='0' type='access' value='9'/>"),
	    "guest.xml: <latency initiator='0' target='0' cache='0' type='access'>: that figure "
	    "is already given");
	expect_parse_error(LINKS("", "<latency initiator='0' target='1' cache='1' type='access' "
				     "value='9'/>"),
			   "guest.xml: <latency initiator='0' target='1' cache='1'>: cell 1 has no "
			   "<cache level='1'>");
	expect_parse_error(
	    LINKS("", "<latency initiator='0' target='1' type='access' value='20'/>"
		      "<bandwidth initiator='1' target='0' type='access' value='1024'/>"),
	    "guest.xml: <bandwidth initiator='1' target='0'>: the link between cells 1 and 0 "
	    "is already given the other way round (a link covers both directions)");
	expect_parse_error(LINKS("<cache level='4'/>", ""),
			   "guest.xml line 5: <cell id='0'><cache level='4'>: expected a level up "
			   "to 3");
	/* 4. memory devices */
#define HOTPLUG(cells, devices)                                                                    \
	DOM("  <maxMemory slots='4' unit='GiB'>4</maxMemory>\n" cells "  <devices>" devices          \
	    "</devices>\n")
	expect_parse_error(HOTPLUG("", ""), "guest.xml: <maxMemory>: memory hotplug needs at "
					  "least one guest NUMA cell (<cpu><numa>)");
	expect_parse_error(HOTPLUG(CELL1, "<memory model='dimm'><target><size unit='MiB'>128"
					  "</size><node>1</node></target></memory>"),
			   "guest.xml line 7: <memory model='dimm'> <target><node>1</node>: the "
			   "guest has 1 NUMA cell");
	expect_parse_error(
	    HOTPLUG(CELL1, "<memory model='dimm'><target><size unit='MiB'>128</size></target>"
			   "</memory>"),
	    "guest.xml line 7: <memory model='dimm'>: a guest with NUMA cells needs "
	    "<target><node> for it");
	expect_parse_error(
	    HOTPLUG(CELL1, "<memory model='virtio-mem'><target><size unit='MiB'>1024</size>"
			   "<node>0</node><address base='0x140000000'/></target></memory>"
			   "<memory model='virtio-mem'><target><size unit='MiB'>1024</size>"
			   "<node>0</node><address base='0x170000000'/></target></memory>"),
	    "guest.xml line 7: <memory model='virtio-mem'>: its range [0x140000000, "
	    "0x180000000) overlaps the device at 0x170000000");
	/* a base at the top: the range is cut at 2^64, never wrapped */
	expect_parse_error(
	    HOTPLUG(CELL1, "<memory model='virtio-pmem'><target><size unit='MiB'>1024</size>"
			   "<address base='0xfffffffffff00000'/></target></memory>"
			   "<memory model='virtio-pmem'><target><size unit='MiB'>1</size>"
			   "<address base='0xfffffffffff80000'/></target></memory>"),
	    "guest.xml line 7: <memory model='virtio-pmem'>: its range [0xfffffffffff00000, "
	    "0xffffffffffffffff) overlaps the device at 0xfffffffffff80000");
	expect_parse_error(HOTPLUG(CELL1, "<memory model='virtio-pmem'><target><address "
					  "base='0xzz'/></target></memory>"),
			   "guest.xml line 7: <address base='0xzz'>: expected a hexadecimal "
			   "address");
	/* 5. cross-checks */
	expect_parse_error(DOM("  <numatune><memory mode='restrictive' nodeset='0'/>"
			       "<memnode cellid='0' mode='strict' nodeset='0'/></numatune>\n" CELL1),
			   "guest.xml line 5: <memnode cellid='0' mode='strict'>: with <memory "
			   "mode='restrictive'> every memnode must be restrictive too");
	expect_parse_error(DOM("  <numatune><memory mode='interleave' nodeset='0'/>"
			       "<memnode cellid='0' mode='restrictive' nodeset='0'/></numatune>\n" CELL1),
			   "guest.xml line 5: <memnode cellid='0' mode='restrictive'>: needs <memory "
			   "mode='restrictive'> too (restrictive is all or nothing)");
	expect_parse_error(DOM("  <cputune><vcpusched vcpus='0-1' scheduler='fifo' priority='1'/>"
			       "<vcpusched vcpus='1' scheduler='fifo' priority='1'/></cputune>\n"),
			   "guest.xml line 5: <vcpusched vcpus>: vCPU 1 is already in another "
			   "<vcpusched> (they must not overlap)");
	expect_parse_error(DOM("  <cputune><vcpusched vcpus='2' scheduler='fifo' priority='1'/>"
			       "</cputune>\n"),
			   "guest.xml line 5: <vcpusched vcpus>: vCPU 2 does not exist");
	expect_parse_error(DOM("  <iothreads>1</iothreads>\n  <cputune><iothreadsched "
			       "iothreads='2' scheduler='batch'/></cputune>\n"),
			   "guest.xml line 6: <iothreadsched iothreads>: iothread 2 does not exist "
			   "(<iothreads>)");
	expect_parse_error(DOM(CELL1 "  <devices><controller type='pci' index='1' "
				     "model='pci-expander-bus'><target><node>1</node></target>"
				     "</controller></devices>\n"),
			   "guest.xml line 6: <controller type='pci' model='pci-expander-bus'> "
			   "<target><node>1</node>: the guest has 1 NUMA cell");
#undef DOM
#undef CELL1
#undef LINKS
#undef HOTPLUG
}

/* A memory device counts on its guest node, and in the memory total the
 * warning compares with <memory> (libvirt replaces <memory> by it). */
static void test_memory_device_counts_on_its_node(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-2node-caps.xml", &host);
	struct np_domain *d = parse_ok(
	    "<domain type='kvm'>\n  <name>dimm</name>\n"
	    "  <maxMemory slots='4' unit='GiB'>16</maxMemory>\n  <memory unit='GiB'>3</memory>\n"
	    "  <vcpu>2</vcpu>\n"
	    "  <cpu><numa><cell id='0' cpus='0' memory='1' unit='GiB'/>\n"
	    "    <cell id='1' cpus='1' memory='1' unit='GiB'/></numa></cpu>\n"
	    "  <devices><memory model='dimm'><target><size unit='GiB'>2</size><node>1</node>"
	    "</target></memory>\n"
	    "    <memory model='virtio-pmem'><target><size unit='GiB'>8</size></target></memory>"
	    "</devices>\n</domain>\n");
	assert_true(np_domain_device_memory(d, 1) == 2ull << 30);
	assert_true(np_domain_device_memory(d, 0) == 0);
	/* virtio-pmem is storage: not memory */
	assert_true(np_domain_device_memory(d, -1) == 2ull << 30);
	struct np_placement *p = place(d, &host, true);
	assert_true(p->cells[0].memory_bytes == 1ull << 30);
	assert_true(p->cells[1].memory_bytes == 3ull << 30);
	free(p);
	struct np_strbuf warnings;
	np_sb_init(&warnings);
	np_domain_warnings(d, NULL, &warnings);
	/* 1 + 1 + 2 GiB against <memory> 3 GiB */
	assert_non_null(strstr(np_sb_str(&warnings),
			       "the cells' memory and the memory devices add up to 4294967296 bytes "
			       "(2147483648 + 2147483648) but <memory> says 3221225472"));
	np_sb_free(&warnings);
	free(d);
	np_topology_free(&host);
}

static void test_too_big_counts_the_nodeset(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-2node-caps.xml", &host);
	struct np_domain *d =
	    parse_ok("<domain type='kvm'>\n"
		     "  <name>spill</name>\n"
		     "  <memory unit='GiB'>20</memory>\n"
		     "  <vcpu cpuset='0-3'>2</vcpu>\n"
		     "  <numatune><memory mode='strict' nodeset='0-1'/></numatune>\n"
		     "</domain>\n");
	struct np_placement *p = place(d, &host, false);
	/* P = (1, 0); first touch within 0-1: m = (1, 0); LF 1, bounds 0-1 */
	CHECK_CELL(&p->cells[0], 1.0, 0.0, 1.0, 10.0, "0", "0", "");
	free(p);
	free(d);
	np_topology_free(&host);
}

/* The <page> whose nodeset names the cell wins over the default page
 * without a nodeset, whatever their order. */
static void test_hugepage_nodeset_wins_over_the_default(void **state)
{
	(void)state;
	struct np_topology host;
	load_host("host-2node-caps.xml", &host);
	const char *orders[2] = {
	    "      <page size='2048' unit='KiB'/>\n      <page size='1' unit='GiB' nodeset='0'/>\n",
	    "      <page size='1' unit='GiB' nodeset='0'/>\n      <page size='2048' "
	    "unit='KiB'/>\n"};
	for (int o = 0; o < 2; o++) {
		char xml[2048];
		snprintf(
		    xml, sizeof(xml),
		    "<domain type='kvm'>\n  <name>pages</name>\n  <memory unit='GiB'>3</memory>\n"
		    "  <memoryBacking><hugepages>\n%s  </hugepages></memoryBacking>\n"
		    "  <vcpu cpuset='4-7'>1</vcpu>\n"
		    "  <cpu><numa><cell id='0' cpus='0' memory='3' unit='GiB'/></numa></cpu>\n"
		    "  <numatune><memnode cellid='0' mode='strict' nodeset='1'/></numatune>\n"
		    "</domain>\n",
		    orders[o]);
		struct np_domain *d = parse_ok(xml);
		struct np_placement *p = place(d, &host, true);
		/* cell 0 uses 1 GiB pages: node 1 has 4 free = 4 GiB >= 3 GiB */
		CHECK_CELL(&p->cells[0], 1.0, 1.0, 1.0, 10.0, "1", "1", "");
		free(p);
		free(d);
	}
	/* Without cells, nodeset='0' names the one guest node and is a default
	 * size too: two defaults are refused (libvirt: "two master
	 * hugepages"); with a cell it stays a nodeset, as above. */
	expect_parse_error("<domain type='kvm'>\n  <name>pages</name>\n  <memory unit='GiB'>3</memory>\n"
			   "  <memoryBacking><hugepages>\n"
			   "      <page size='2048' unit='KiB'/>\n"
			   "      <page size='1' unit='GiB' nodeset='0'/>\n"
			   "  </hugepages></memoryBacking>\n  <vcpu>1</vcpu>\n"
			   "</domain>\n",
			   "guest.xml: <hugepages>: two default page sizes, 2097152 and 1073741824 "
			   "bytes (a <page> without nodeset is the default, and so is nodeset='0' "
			   "without <cpu><numa>)");
	np_topology_free(&host);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_asymmetric_pins_strict_over_both_nodes),
	    cmocka_unit_test(test_interleave_over_two_nodes),
	    cmocka_unit_test(test_preferred),
	    cmocka_unit_test(test_unbound),
	    cmocka_unit_test(test_strict_single_node_cross_mapped),
	    cmocka_unit_test(test_fake_numa),
	    cmocka_unit_test(test_uncovered_vcpus_go_to_cell_0),
	    cmocka_unit_test(test_memory_mismatch),
	    cmocka_unit_test(test_too_big),
	    cmocka_unit_test(test_too_big_counts_the_nodeset),
	    cmocka_unit_test(test_hugepage_nodeset_wins_over_the_default),
	    cmocka_unit_test(test_hugepages_short),
	    cmocka_unit_test(test_pins_absent_cpus_and_placement_auto),
	    cmocka_unit_test(test_warnings_and_multi_node_preferred),
	    cmocka_unit_test(test_four_nodes_asymmetric_and_cpu_less_cell),
	    cmocka_unit_test(test_memory_only_cell_weighs_its_memory),
	    cmocka_unit_test(test_four_nodes_interleave_and_restrictive),
	    cmocka_unit_test(test_bench_latency_matrix),
	    cmocka_unit_test(test_flags_format),
	    cmocka_unit_test(test_parse_errors_cells),
	    cmocka_unit_test(test_parse_errors_libvirt_classes),
	    cmocka_unit_test(test_memory_device_counts_on_its_node),
	    cmocka_unit_test(test_parse_errors_distances),
	    cmocka_unit_test(test_parse_errors_numatune),
	    cmocka_unit_test(test_parse_errors_cputune),
	    cmocka_unit_test(test_parse_errors_memory_and_doctype),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
