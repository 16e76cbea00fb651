/* test_prom.c: the Prometheus text of bench (--prom-file, --format prom)
 * and the one label escaper stats and bench share, against exact text. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../bench/bench_render.h"
#include "../../lib/prom.h"

static void test_escape(void **state)
{
	(void)state;
	struct np_strbuf out;
	np_sb_init(&out);
	np_prom_escape(&out, "web,1 \"db\"\\x\nnext 0+2");
	assert_string_equal(np_sb_str(&out), "web,1 \\\"db\\\"\\\\x\\nnext 0+2");
	np_sb_reset(&out);
	np_prom_escape(&out, "");
	assert_string_equal(np_sb_str(&out), "");
	np_sb_free(&out);
}

/* A row of test/mode from cpu to mem (mem_name: a group, or NULL) with
 * the given median; the rest as a matrix run leaves it. */
static struct np_bench_row row_of(const char *test, const char *mode, int cpu, int mem,
				  const char *mem_name, size_t threads, const char *unit,
				  double median)
{
	return (struct np_bench_row){.test = test,
				     .mode = mode,
				     .cpu_node = cpu,
				     .mem_node = mem,
				     .mem_name = mem_name,
				     .peer_node = -1,
				     .load_level = -1,
				     .policy = "bind",
				     .threads = threads,
				     .size_bytes = 1 << 20,
				     .page = "4k",
				     .unit = unit,
				     .summary = {.count = 5, .median = median}};
}

static char *render(const struct np_runinfo *run, const struct np_bench_row *rows, size_t count)
{
	struct np_bench_report report = {.run = run, .label = "", .rows = rows, .row_count = count};
	struct np_strbuf out;
	np_sb_init(&out);
	np_bench_render_prom(&report, &out);
	assert_false(out.failed);
	char *text = strdup(np_sb_str(&out));
	np_sb_free(&out);
	return text;
}

static void test_bench_matrices(void **state)
{
	(void)state;
	struct np_runinfo run = {"host", "2026-11-26T09:30:00.123Z", "0123456789abcdef"};
	const struct np_bench_row rows[] = {
	    row_of("latency", "chase", 0, 0, NULL, 1, "ns", 82.3456),
	    row_of("latency", "chase", 1, 1000, "0+2", 1, "ns", 141.0),
	    row_of("bandwidth", "read", 0, 0, NULL, 4, "MB/s", 12345.6784),
	    /* a mode with characters a label value must escape */
	    row_of("bandwidth", "tri\"ad\\", 1, 1000, "0+2", 4, "MB/s", 0.5),
	    row_of("bandwidth", "copy", 1, 2, NULL, 4, "MB/s", NAN),
	};
	char *text = render(&run, rows, sizeof(rows) / sizeof(rows[0]));
	assert_string_equal(
	    text,
	    "# HELP numaprobe_bench_latency_seconds Median latency of a dependent load (pointer "
	    "chase) from a CPU node to a memory node or group.\n"
	    "# TYPE numaprobe_bench_latency_seconds gauge\n"
	    "numaprobe_bench_latency_seconds{cpu_node=\"0\",mem_node=\"0\",page=\"4k\"} 82.346e-9\n"
	    "numaprobe_bench_latency_seconds{cpu_node=\"1\",mem_node=\"0+2\",page=\"4k\"} "
	    "141.000e-9\n"
	    "# HELP numaprobe_bench_bandwidth_bytes_per_second Median memory bandwidth from a CPU "
	    "node to a memory node or group, bytes counted as STREAM counts them.\n"
	    "# TYPE numaprobe_bench_bandwidth_bytes_per_second gauge\n"
	    "numaprobe_bench_bandwidth_bytes_per_second{cpu_node=\"0\",mem_node=\"0\",mode="
	    "\"read\","
	    "threads=\"4\"} 12345.678e6\n"
	    "numaprobe_bench_bandwidth_bytes_per_second{cpu_node=\"1\",mem_node=\"0+2\",mode="
	    "\"tri\\\"ad\\\\\",threads=\"4\"} 0.500e6\n"
	    "numaprobe_bench_bandwidth_bytes_per_second{cpu_node=\"1\",mem_node=\"2\",mode="
	    "\"copy\","
	    "threads=\"4\"} NaN\n"
	    "# HELP numaprobe_bench_timestamp_seconds When the run that measured these medians "
	    "started, in seconds since the epoch.\n"
	    "# TYPE numaprobe_bench_timestamp_seconds gauge\n"
	    "numaprobe_bench_timestamp_seconds 1795685400.123\n");
	free(text);
}

/* loaded, sweep and c2c rows would repeat a cell's labels: left out, and a
 * family without rows is not announced. */
static void test_bench_other_tests_left_out(void **state)
{
	(void)state;
	struct np_runinfo run = {"host", "2026-11-26T09:30:00Z", "0123456789abcdef"};
	struct np_bench_row rows[] = {
	    row_of("sweep", "chase", 0, 0, NULL, 1, "ns", 1.5),
	    row_of("loaded", "read", 0, 0, NULL, 1, "ns", 90.0),
	    row_of("loaded", "read", 0, 0, NULL, 1, "MB/s", 9000.0),
	    row_of("c2c", "release-acquire", 0, 0, NULL, 1, "ns", 50.0),
	    row_of("latency", "chase", 0, 0, NULL, 1, "ns", 90.25),
	};
	rows[1].load_level = 0;
	rows[2].load_level = 0;
	rows[3].peer_node = 0;
	char *text = render(&run, rows, sizeof(rows) / sizeof(rows[0]));
	assert_string_equal(
	    text,
	    "# HELP numaprobe_bench_latency_seconds Median latency of a dependent load (pointer "
	    "chase) from a CPU node to a memory node or group.\n"
	    "# TYPE numaprobe_bench_latency_seconds gauge\n"
	    "numaprobe_bench_latency_seconds{cpu_node=\"0\",mem_node=\"0\",page=\"4k\"} 90.250e-9\n"
	    "# HELP numaprobe_bench_timestamp_seconds When the run that measured these medians "
	    "started, in seconds since the epoch.\n"
	    "# TYPE numaprobe_bench_timestamp_seconds gauge\n"
	    "numaprobe_bench_timestamp_seconds 1795685400\n");
	free(text);
	/* no rows and a timestamp that does not parse: nothing at all */
	struct np_runinfo bad = {"host", "yesterday", "0123456789abcdef"};
	text = render(&bad, rows, 0);
	assert_string_equal(text, "");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_escape),
	    cmocka_unit_test(test_bench_matrices),
	    cmocka_unit_test(test_bench_other_tests_left_out),
	};
	return cmocka_run_group_tests_name("prom", tests, NULL, NULL);
}
