/* test_hostile.c: input that someone else controls, one case per class of
 * defect: thread names, numbers that wrap or lose their sign, products that
 * overflow, node ids past the arrays, text that would run commands in a
 * gnuplot script, CSV oddities and capabilities without limits. Each case
 * checks the exact message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/cgroup.h"
#include "../../lib/csvread.h"
#include "../../lib/libvirt_status.h"
#include "../../lib/number.h"
#include "../../lib/numamaps.h"
#include "../../lib/proctask.h"
#include "../../report/domain.h"
#include "../../report/gnuplot_text.h"
#include "../../report/host.h"
#include "../../stats/rates.h"

/* ---- the checked number parser ------------------------------------------ */

static void expect_uint(const char *text, uint64_t max, uint64_t value)
{
	uint64_t got = 0;
	struct np_error err = {""};
	if (np_parse_uint(text, max, &got, &err) != 0)
		fail_msg("'%s' was refused: %s", text, err.message);
	assert_int_equal(got, value);
}

static void expect_uint_refused(const char *text, uint64_t max, const char *message)
{
	uint64_t got = 12345;
	struct np_error err = {""};
	assert_int_equal(np_parse_uint(text, max, &got, &err), -1);
	assert_string_equal(err.message, message);
	assert_int_equal(got, 12345); /* untouched */
}

static void test_numbers(void **state)
{
	(void)state;
	expect_uint("0", 10, 0);
	expect_uint("18446744073709551615", UINT64_MAX, UINT64_MAX);
	expect_uint("1023", 1023, 1023);
	expect_uint("007", 10, 7);
	expect_uint_refused("18446744073709551616", UINT64_MAX,
			    "'18446744073709551616' is too large: expected a whole number from 0 "
			    "to 18446744073709551615");
	expect_uint_refused("1024", 1023,
			    "'1024' is too large: expected a whole number from 0 to 1023");
	expect_uint_refused("-1", 1023, "'-1' is negative: expected a whole number from 0 to 1023");
	expect_uint_refused("+1", 1023,
			    "'+1' is not a whole number: expected a whole number from 0 to 1023");
	expect_uint_refused(" 1", 1023,
			    "' 1' is not a whole number: expected a whole number from 0 to 1023");
	expect_uint_refused("1 ", 1023,
			    "'1 ' is not a whole number: expected a whole number from 0 to 1023");
	expect_uint_refused("0x10", 1023,
			    "'0x10' is not a whole number: expected a whole number from 0 to 1023");
	expect_uint_refused("", 1023,
			    "'' is not a whole number: expected a whole number from 0 to 1023");
	double v;
	struct np_error err;
	assert_int_equal(np_parse_real("1.5e3", 0, 1e9, &v, &err), 0);
	assert_true(v == 1500.0);
	assert_int_equal(np_parse_real("-2.25", -10, 10, &v, &err), 0);
	assert_true(v == -2.25);
	const char *bad[] = {"inf", "-inf", "nan", "NaN", "0x1p3", "1e999", "", " 1", "1 ", "1,5"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (np_parse_real(bad[i], -1e300, 1e300, &v, &err) == 0)
			fail_msg("'%s' was accepted as %g", bad[i], v);
	}
	assert_int_equal(np_parse_real("inf", 0, 1, &v, &err), -1);
	assert_string_equal(err.message, "'inf' is not a finite number");
	assert_int_equal(np_parse_real("11", 0, 10, &v, &err), -1);
	assert_string_equal(err.message, "'11' is out of range: expected a number from 0 to 10");
	uint64_t product;
	assert_false(np_mul_u64(UINT64_C(1) << 32, UINT64_C(1) << 32, &product));
	assert_true(np_mul_u64(UINT64_C(1) << 31, UINT64_C(1) << 32, &product));
	assert_int_equal(product, UINT64_C(1) << 63);
	assert_false(np_add_u64(UINT64_MAX, 1, &product));
}

/* ---- class 1: thread names ---------------------------------------------- */

static void test_vcpu_thread_names(void **state)
{
	(void)state;
	int index = -7;
	assert_true(np_is_vcpu_comm("CPU 0/KVM", &index));
	assert_int_equal(index, 0);
	assert_true(np_is_vcpu_comm("CPU 1023/TCG", &index));
	assert_int_equal(index, 1023);
	const char *hostile[] = {
	    "CPU -1/KVM", "CPU -999999/KVM", "CPU-1/TCG",
	    "CPU +1/KVM", "CPU 1024/KVM",    "CPU 99999999999999999999/KVM",
	    "CPU  1/KVM", "CPU 1/KVMX",	     "CPU 1/kvm",
	    "CPU /KVM",	  "CPU 1",	     "cpu 1/KVM",
	    "CPU 1/KVM ", "CPU 0x1/KVM",
	};
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		index = -7;
		if (np_is_vcpu_comm(hostile[i], &index))
			fail_msg("'%s' was taken for vCPU %d", hostile[i], index);
		assert_int_equal(index, -7);
	}
}

/* ---- class 3: numbers in files ------------------------------------------ */

static void test_task_stat_processor(void **state)
{
	(void)state;
	/* 52 fields; field 39 (processor) is 4294967297, which used to wrap
	 * to CPU 1. */
	char line[512] = "42 (qemu) S";
	for (int field = 4; field <= 52; field++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), " %s",
			 field == 39 ? "4294967297" : "0");
	struct np_task_stat stat;
	struct np_error err;
	assert_int_equal(np_parse_task_stat(line, &stat, &err), -1);
	assert_string_equal(err.message, "stat field 39 (processor) is '4294967297', expected a "
					 "CPU number from 0 to 16383");
	char *minus = strstr(line, "4294967297");
	memcpy(minus, "-000000001", 10);
	assert_int_equal(np_parse_task_stat(line, &stat, &err), -1);
	assert_string_equal(err.message, "stat field 39 (processor) is '-000000001', expected a "
					 "CPU number from 0 to 16383");
	memcpy(minus, "0000000003", 10);
	assert_int_equal(np_parse_task_stat(line, &stat, &err), 0);
	assert_int_equal(stat.processor, 3);
}

static void test_cgroup_node_ids_and_products(void **state)
{
	(void)state;
	struct np_node_memory *m = malloc(sizeof(*m));
	struct np_error err;
	np_node_memory_clear(m);
	/* v2: N4294967296 used to be counted as node 0 */
	assert_int_equal(np_cgroup_numa_stat_parse("g", "anon N4294967296=4096\n", 4096, m, &err),
			 -1);
	assert_string_equal(err.message, "g line 1: expected N<node>=<value> with a node from 0 "
					 "to 1023, found 'N4294967296=4096'");
	assert_int_equal(np_cgroup_numa_stat_parse("g", "anon N1024=4096\n", 4096, m, &err), -1);
	assert_int_equal(np_cgroup_numa_stat_parse("g", "anon N-1=4096\n", 4096, m, &err), -1);
	/* v1 counts pages: pages x page size must not wrap */
	np_node_memory_clear(m);
	assert_int_equal(
	    np_cgroup_numa_stat_parse("g", "anon=1 N0=4503599627370496\n", 4096, m, &err), -1);
	assert_string_equal(err.message,
			    "g line 1: 'N0=4503599627370496' overflows 64 bits of bytes");
	/* nor may the sum over nodes */
	np_node_memory_clear(m);
	assert_int_equal(
	    np_cgroup_numa_stat_parse("g", "anon N0=18446744073709551615 N1=1\n", 4096, m, &err),
	    -1);
	assert_string_equal(err.message, "g line 1: 'N1=1' overflows 64 bits of bytes");
	np_node_memory_clear(m);
	assert_int_equal(
	    np_numamaps_parse("7f00 default anon=1 N0=4503599627370496 kernelpagesize_kB=4\n", 4, m,
			      &err),
	    -1);
	assert_string_equal(err.message, "line 1: N0=4503599627370496 pages of 4 kB overflow 64 "
					 "bits of bytes");
	np_node_memory_clear(m);
	assert_int_equal(np_numamaps_parse("7f00 default N4294967296=1\n", 4, m, &err), -1);
	assert_string_equal(err.message, "line 1: node 4294967296 is above 1023");
	assert_int_equal(np_numamaps_parse("7f00 default N99999999999999999999=1\n", 4, m, &err),
			 -1);
	assert_string_equal(err.message, "line 1: bad node count 'N99999999999999999999=1', "
					 "expected N<node>=<pages>");
	free(m);
}

static void test_libvirt_status_numbers(void **state)
{
	(void)state;
	struct np_libvirt_guest *g = malloc(sizeof(*g));
	struct np_error err;
	const char *big_id = "<domstatus state='running' pid='10'><vcpus>"
			     "<vcpu id='18446744073709551616' pid='11'/></vcpus>"
			     "<domain><name>a</name></domain></domstatus>";
	assert_int_equal(np_libvirt_status_parse("s.xml", big_id, strlen(big_id), g, &err), -1);
	assert_string_equal(err.message, "s.xml: <vcpu id='18446744073709551616'> is not a vCPU "
					 "index below 1024");
	const char *big_pid = "<domstatus state='running' pid='4294967306'>"
			      "<domain><name>a</name></domain></domstatus>";
	assert_int_equal(np_libvirt_status_parse("s.xml", big_pid, strlen(big_pid), g, &err), -1);
	assert_string_equal(err.message, "s.xml: <domstatus> has no valid pid attribute");
	free(g);
}

/* ---- class 3 and 6: domain XML ------------------------------------------ */

static int parse_domain(const char *xml, struct np_error *err)
{
	struct np_domain *d = malloc(sizeof(*d));
	int rc = np_domain_parse("d.xml", xml, strlen(xml), d, err);
	free(d);
	return rc;
}

static void expect_domain_refused(const char *xml, const char *message)
{
	struct np_error err = {""};
	assert_int_equal(parse_domain(xml, &err), -1);
	assert_string_equal(err.message, message);
}

static void test_domain_numbers(void **state)
{
	(void)state;
	expect_domain_refused(
	    "<domain><vcpu>2</vcpu><memory>1024</memory><cpu><numa>"
	    "<cell id='18446744073709551615' cpus='0-1' memory='1024'/></numa></cpu></domain>",
	    "d.xml line 1: <cell id='18446744073709551615'>: expected a whole number from 0 to "
	    "256");
	expect_domain_refused(
	    "<domain><vcpu>2</vcpu><memory>1024</memory><cputune>"
	    "<vcpupin vcpu='9223372036854775808' cpuset='0'/></cputune></domain>",
	    "d.xml line 1: <vcpupin vcpu='9223372036854775808'>: expected a whole number from 0 "
	    "to 2147483647");
	/* 16384^4 = 2^56 vCPUs times 16384 wraps 2^64 to 0, once to 2 */
	expect_domain_refused("<domain><vcpu>2</vcpu><memory>1024</memory><cpu><topology "
			      "sockets='16384' dies='16384' clusters='16384' cores='16384' "
			      "threads='16384'/></cpu></domain>",
			      "d.xml: <cpu><topology> gives more than 18446744073709551615 CPUs "
			      "(sockets x dies x clusters x cores x threads) but <vcpu> is 2: they "
			      "must match");
	expect_domain_refused("<domain><vcpu>2</vcpu><memory>1024</memory><cpu><topology "
			      "sockets='65536' cores='1' threads='1'/></cpu></domain>",
			      "d.xml line 1: <topology sockets='65536'>: expected a whole number "
			      "from 0 to 16384");
	/* A long run of zeros must not be cut short into a different number. */
	char xml[512];
	snprintf(xml, sizeof(xml),
		 "<domain><vcpu>2</vcpu><memory>1024</memory><cpu><numa>"
		 "<cell id='%0100d' cpus='0-1' memory='1024'/></numa></cpu></domain>",
		 0);
	expect_domain_refused(xml, "d.xml line 1: <cell id>: the value is longer than 63 "
				   "characters");
}

static void test_domain_doctype_any_encoding(void **state)
{
	(void)state;
	const char *utf8 = "<?xml version=\"1.0\"?>\n<!DOCTYPE domain [ <!ENTITY n \"evil\"> ]>\n"
			   "<domain><name>&n;</name><memory>1024</memory></domain>\n";
	/* The same document in UTF-16LE with a byte order mark: a byte
	 * search for "<!DOCTYPE" cannot see it. */
	size_t len = strlen(utf8);
	char *utf16 = malloc(2 + 2 * len);
	utf16[0] = (char)0xff;
	utf16[1] = (char)0xfe;
	for (size_t i = 0; i < len; i++) {
		utf16[2 + 2 * i] = utf8[i];
		utf16[3 + 2 * i] = 0;
	}
	const char *message = "d.xml line 2: a DOCTYPE is not accepted (libvirt never writes "
			      "one; it could load files or expand entities)";
	struct np_domain *d = malloc(sizeof(*d));
	struct np_error err = {""};
	assert_int_equal(np_domain_parse("d.xml", utf8, len, d, &err), -1);
	assert_string_equal(err.message, message);
	assert_int_equal(np_domain_parse("d.xml", utf16, 2 + 2 * len, d, &err), -1);
	assert_string_equal(err.message, message);
	/* Without a DTD, UTF-16 is fine. */
	const char *plain = "<?xml version=\"1.0\"?>\n<domain><name>ok</name>"
			    "<memory>1024</memory></domain>\n";
	len = strlen(plain);
	for (size_t i = 0; i < len; i++) {
		utf16[2 + 2 * i] = plain[i];
		utf16[3 + 2 * i] = 0;
	}
	assert_int_equal(np_domain_parse("d.xml", utf16, 2 + 2 * len, d, &err), 0);
	assert_string_equal(d->name, "ok");
	free(d);
	free(utf16);
}

/* ---- class 7: capabilities ---------------------------------------------- */

static void expect_caps_refused(const char *cells, const char *message)
{
	char xml[4096];
	snprintf(xml, sizeof(xml),
		 "<capabilities><host><topology><cells>%s</cells></topology></host>"
		 "</capabilities>",
		 cells);
	struct np_topology host;
	struct np_error err = {""};
	assert_int_equal(np_host_from_caps("c.xml", xml, strlen(xml), &host, &err), -1);
	assert_string_equal(err.message, message);
}

static void test_capabilities_limits(void **state)
{
	(void)state;
	expect_caps_refused("<cell id='0'/><cell id='0'/>",
			    "c.xml line 1: <cell id='0'>: the id is used twice");
	expect_caps_refused("<cell id='1024'/>",
			    "c.xml line 1: <cell id>: '1024' is too large: expected a whole number "
			    "from 0 to 1023");
	expect_caps_refused("<cell id='0'><cpus><cpu id='16384'/></cpus></cell>",
			    "c.xml line 1: <cpu id>: '16384' is too large: expected a whole number "
			    "from 0 to 16383");
	expect_caps_refused("<cell id='0'><distances><sibling id='0' value='20'/></distances>"
			    "</cell>",
			    "c.xml line 1: <sibling id='0' value='20'>: expected 10, the distance "
			    "of a cell to itself");
	expect_caps_refused("<cell id='0'/><cell id='1'><distances><sibling id='0' value='9'/>"
			    "</distances></cell>",
			    "c.xml line 1: <sibling id='0' value='9'>: expected a distance from 10 "
			    "to 255");
	expect_caps_refused("<cell id='0'><distances><sibling id='4294967296' value='10'/>"
			    "</distances></cell>",
			    "c.xml line 1: <sibling id>: '4294967296' is too large: expected a "
			    "whole number from 0 to 1023");
	expect_caps_refused("<cell id='0'><distances><sibling id='3' value='10'/></distances>"
			    "</cell>",
			    "c.xml line 1: <sibling id='3'>: no cell has that id");
	expect_caps_refused("<cell id='0'><pages unit='KiB' size='2048'>-1</pages></cell>",
			    "c.xml line 1: <pages>: '-1' is negative: expected a whole number from "
			    "0 to 18446744073709551615");
	/* 1025 cells are refused before anything is allocated for them. */
	struct np_strbuf many;
	np_sb_init(&many);
	np_sb_puts(&many, "<capabilities><host><topology><cells>");
	for (int i = 0; i < 1025; i++)
		np_sb_printf(&many, "<cell id='%d'/>", i);
	np_sb_puts(&many, "</cells></topology></host></capabilities>");
	struct np_topology host;
	struct np_error err;
	assert_int_equal(np_host_from_caps("c.xml", np_sb_str(&many), many.len, &host, &err), -1);
	assert_string_equal(err.message,
			    "c.xml: 1025 cells, more than the 1024 nodes a host can have");
	np_sb_free(&many);
}

/* ---- class 9: the state file -------------------------------------------- */

static void test_state_file_lines(void **state)
{
	(void)state;
	struct np_counter_snapshot *snapshot = malloc(sizeof(*snapshot));
	struct np_error err;
	const char *head = "numaprobe-stats-state 1\nboot_id b\nboottime_ns 5\n";
	char text[512];
	snprintf(text, sizeof(text), "%snode 0 1 2 3 4 5 -6\nsystem 0 0 0 0\n", head);
	assert_int_equal(np_snapshot_parse("s", text, snapshot, &err), -1);
	assert_string_equal(err.message, "s line 4: node counter 6: '-6' is negative: expected a "
					 "whole number from 0 to 18446744073709551615");
	snprintf(text, sizeof(text), "%snode 1024 1 2 3 4 5 6\nsystem 0 0 0 0\n", head);
	assert_int_equal(np_snapshot_parse("s", text, snapshot, &err), -1);
	assert_string_equal(err.message, "s line 4: node id: '1024' is too large: expected a "
					 "whole number from 0 to 1023");
	snprintf(text, sizeof(text), "%sboot_id c\nsystem 0 0 0 0\n", head);
	assert_int_equal(np_snapshot_parse("s", text, snapshot, &err), -1);
	assert_string_equal(err.message, "s line 4: a second boot_id line");
	snprintf(text, sizeof(text), "%snode 0 1 2 3 4 5 6\nnode 0 1 2 3 4 5 6\nsystem 0 0 0 0\n",
		 head);
	assert_int_equal(np_snapshot_parse("s", text, snapshot, &err), -1);
	assert_string_equal(err.message, "s line 5: node 0 appears twice");
	snprintf(text, sizeof(text), "%ssystem 18446744073709551616 0 0 0\n", head);
	assert_int_equal(np_snapshot_parse("s", text, snapshot, &err), -1);
	assert_string_equal(err.message,
			    "s line 4: system counter 1: '18446744073709551616' is too "
			    "large: expected a whole number from 0 to 18446744073709551615");
	free(snapshot);
}

/* ---- class 8: CSV ------------------------------------------------------- */

static void test_csv_edges(void **state)
{
	(void)state;
	struct np_csv_table t;
	struct np_error err;
	assert_int_equal(np_csv_parse("b.csv", "\xef\xbb\xbftimestamp,x\n1,2\n", &t, &err), 0);
	assert_int_equal(np_csv_column(&t, "timestamp"), 0);
	np_csv_table_free(&t);
	assert_int_equal(np_csv_parse("r.csv", "a,b\r1,2\r", &t, &err), -1);
	assert_string_equal(err.message, "r.csv line 1: a carriage return without a line feed "
					 "(expected LF or CRLF line ends)");
	/* CR inside a quoted field is data */
	assert_int_equal(np_csv_parse("q.csv", "a\n\"x\ry\"\n", &t, &err), 0);
	assert_string_equal(t.rows[0][0], "x\ry");
	np_csv_table_free(&t);
	assert_int_equal(np_csv_parse("n.csv", "a,median\n1,inf\n2,5\n", &t, &err), 0);
	double v;
	assert_int_equal(np_csv_number(&t, 0, 1, -1e300, 1e300, &v, &err), -1);
	assert_string_equal(err.message,
			    "n.csv line 2, column median: 'inf' is not a finite number");
	assert_int_equal(np_csv_number(&t, 1, 1, 0, 10, &v, &err), 0);
	assert_true(v == 5.0);
	int id;
	assert_int_equal(np_csv_index(&t, 1, 1, 4, &id, &err), -1);
	assert_string_equal(err.message, "n.csv line 3, column median: '5' is too large: "
					 "expected a whole number from 0 to 4");
	np_csv_table_free(&t);
}

/* ---- class 2: text into gnuplot ----------------------------------------- */

static void expect_gnuplot(const char *text, const char *script, const char *datum)
{
	struct np_strbuf out;
	np_sb_init(&out);
	np_gnuplot_string(&out, text);
	assert_string_equal(np_sb_str(&out), script);
	np_sb_reset(&out);
	np_gnuplot_datum(&out, text);
	assert_string_equal(np_sb_str(&out), datum);
	np_sb_free(&out);
}

static void test_gnuplot_text(void **state)
{
	(void)state;
	expect_gnuplot("plain", "'plain'", "\"plain\"");
	expect_gnuplot("w`touch X`", "'w`touch X`'", "\"w`touch X`\"");
	expect_gnuplot("$(touch Y)", "'$(touch Y)'", "\"$(touch Y)\"");
	expect_gnuplot("it's", "'it''s'", "\"it's\"");
	expect_gnuplot("say \"hi\"", "'say \"hi\"'", "\"say 'hi'\"");
	expect_gnuplot("a'\nsystem 'touch Z", "'a'' system ''touch Z'", "\"a' system 'touch Z\"");
	expect_gnuplot("back\\slash\\", "'back\\slash\\'", "\"back\\slash\\\"");
	expect_gnuplot("@{}_^&", "'@{}_^&'", "\"@{}_^&\"");
	expect_gnuplot("tab\there\r", "'tab here '", "\"tab here \"");
	expect_gnuplot("gäst ü \xe2\x82\xac", "'gäst ü \xe2\x82\xac'", "\"gäst ü \xe2\x82\xac\"");
	/* bytes that are not UTF-8: a lone continuation byte, an overlong
	 * slash, a truncated sequence at the end */
	expect_gnuplot("a\x80z\xc0\xaf\xe2\x82", "'a?z??\?\?'", "\"a?z????\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_vcpu_thread_names),
	    cmocka_unit_test(test_task_stat_processor),
	    cmocka_unit_test(test_cgroup_node_ids_and_products),
	    cmocka_unit_test(test_libvirt_status_numbers),
	    cmocka_unit_test(test_domain_numbers),
	    cmocka_unit_test(test_domain_doctype_any_encoding),
	    cmocka_unit_test(test_capabilities_limits),
	    cmocka_unit_test(test_state_file_lines),
	    cmocka_unit_test(test_csv_edges),
	    cmocka_unit_test(test_gnuplot_text),
	};
	return cmocka_run_group_tests_name("hostile", tests, NULL, NULL);
}
