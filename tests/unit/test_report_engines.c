/* test_report_engines.c: the bench and stats CSV readers, report compare's
 * matching and statistics, and report chart's scripts and data, all on
 * CSV text written here: no files, no gnuplot. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/benchcsv.h"
#include "../../lib/statscsv.h"
#include "../../report/chart.h"
#include "../../report/compare.h"

#define H NP_BENCH_CSV_HEADER "\n"
/* A bench row: run, label, timestamp, test, mode, cpu, mem, min, median
 * (also the mean), max, stddev and samples (no peer node or load level,
 * policy bind). */
#define ROWN(ts, run, label, test, mode, cpu, mem, min, median, max, sd, n)                        \
	ts "," run ",h," label "," test "," mode "," cpu "," mem ",1,268435456,4k,"                \
	   "ns," min "," median "," median "," max "," sd "," max "," max "," n ",100.00,,,bind\n"
/* ... with stddev 0.5 over 5 samples */
#define ROW(ts, run, label, test, mode, cpu, mem, min, median, max)                                \
	ROWN(ts, run, label, test, mode, cpu, mem, min, median, max, "0.5", "5")

static struct np_csv_table table_of(const char *path, const char *text)
{
	struct np_csv_table t;
	struct np_error err;
	if (np_csv_parse(path, text, &t, &err) != 0)
		fail_msg("%s", err.message);
	return t;
}

/* ---- the bench reader ---------------------------------------------------- */

static void test_bench_reader_columns_are_the_writers(void **state)
{
	(void)state;
	size_t count;
	const struct np_csv_spec *specs = np_bench_csv_specs(&count);
	struct np_strbuf joined;
	np_sb_init(&joined);
	for (size_t i = 0; i < count; i++)
		np_sb_printf(&joined, "%s%s", i ? "," : "", specs[i].column);
	assert_string_equal(np_sb_str(&joined), NP_BENCH_CSV_HEADER);
	np_sb_reset(&joined);
	specs = np_stats_csv_specs(&count);
	for (size_t i = 0; i < count; i++)
		np_sb_printf(&joined, "%s%s", i ? "," : "", specs[i].column);
	assert_string_equal(np_sb_str(&joined), NP_STATS_CSV_HEADER);
	np_sb_free(&joined);
}

static void test_bench_reader_by_name(void **state)
{
	(void)state;
	/* reordered columns and one the reader does not know */
	struct np_csv_table t = table_of(
	    "r.csv", "extra,median,timestamp,run_id,host,label,test,mode,cpu_node,mem_node,threads,"
		     "size_bytes,page,unit,min,mean,max,stddev,p90,p99,samples,placed_pct\n"
		     "x,101.5,2026-11-20T10:00:00.000Z,aa,h,,latency,chase,1,0,1,4096,4k,ns,100,"
		     "101,103,1,102,103,5,99.50\n");
	struct np_bench_csv csv;
	struct np_error err;
	assert_int_equal(np_bench_csv_from_table(&t, &csv, &err), 0);
	assert_int_equal(csv.count, 1);
	assert_int_equal(csv.rows[0].cpu_node, 1);
	assert_int_equal(csv.rows[0].size_bytes, 4096);
	assert_true(csv.rows[0].median == 101.5 && csv.rows[0].placed_pct == 99.5);
	assert_int_equal(csv.rows[0].line, 2);
	/* a file of the first release: the three later columns take defaults */
	assert_int_equal(csv.rows[0].peer_node, -1);
	assert_int_equal(csv.rows[0].load_level, -1);
	assert_string_equal(csv.rows[0].policy, "bind");
	np_bench_csv_free(&csv);
	/* the current header: c2c's peer node, a load level, another policy */
	t = table_of("c.csv", NP_BENCH_CSV_HEADER
		     "\n"
		     "2026-11-20T10:00:00.000Z,aa,h,,c2c,flag,0,0,2,64,4k,ns,50,51,51,"
		     "52,1,52,52,2,100.00,1,3,interleave\n");
	assert_int_equal(np_bench_csv_from_table(&t, &csv, &err), 0);
	assert_int_equal(csv.rows[0].peer_node, 1);
	assert_int_equal(csv.rows[0].load_level, 3);
	assert_string_equal(csv.rows[0].policy, "interleave");
	np_bench_csv_free(&csv);
	/* a group of nodes (bench --mem-nodes 0+2): no single node, the text kept */
	t = table_of("g.csv", NP_BENCH_CSV_HEADER
		     "\n"
		     "2026-11-20T10:00:00.000Z,aa,h,,latency,chase,0,0+2,1,64,4k,ns,50,51,51,"
		     "52,1,52,52,2,100.00,,,interleave\n");
	assert_int_equal(np_bench_csv_from_table(&t, &csv, &err), 0);
	assert_int_equal(csv.rows[0].mem.node, -1);
	assert_string_equal(csv.rows[0].mem.text, "0+2");
	np_bench_csv_free(&csv);
	t = table_of("g.csv", NP_BENCH_CSV_HEADER
		     "\n"
		     "2026-11-20T10:00:00.000Z,aa,h,,latency,chase,0,2+2,1,64,4k,ns,50,51,51,"
		     "52,1,52,52,2,100.00,,,interleave\n");
	assert_int_equal(np_bench_csv_from_table(&t, &csv, &err), -1);
	assert_string_equal(err.message,
			    "g.csv line 2, column mem_node: node 2 is twice in the group");
	t = table_of("n.csv", NP_BENCH_CSV_HEADER
		     "\n"
		     "2026-11-20T10:00:00.000Z,aa,h,,c2c,flag,0,0,2,64,4k,ns,50,51,51,"
		     "52,1,52,52,2,100.00,1024,,bind\n");
	assert_int_equal(np_bench_csv_from_table(&t, &csv, &err), -1);
	assert_string_equal(err.message, "n.csv line 2, column peer_node: '1024' is too large: "
					 "expected a whole number from 0 to 1023");
	/* a column the writer has and the file lacks */
	t = table_of("m.csv", "timestamp,run_id\n1,2\n");
	assert_int_equal(np_bench_csv_from_table(&t, &csv, &err), -1);
	assert_string_equal(err.message,
			    "m.csv: no column 'host' (the file's columns do not include it)");
	/* placed_pct past 100 */
	char text[1024];
	snprintf(text, sizeof(text), "%s%s", H,
		 "2026-11-20T10:00:00.000Z,aa,h,,latency,chase,0,0,1,1,4k,ns,1,2,2,3,0,3,3,5,"
		 "100.01,,,bind\n");
	t = table_of("p.csv", text);
	assert_int_equal(np_bench_csv_from_table(&t, &csv, &err), -1);
	assert_string_equal(err.message, "p.csv line 2, column placed_pct: '100.01' is out of "
					 "range: expected a number from 0 to 100");
}

static void test_run_selection(void **state)
{
	(void)state;
	struct np_csv_table t = table_of(
	    "s.csv", H ROW("2026-11-20T10:00:00.000Z", "old", "before", "latency", "chase", "0",
			   "0", "1", "2", "3") ROW("2026-11-21T10:00:00.000Z", "new", "after",
						   "latency", "chase", "0", "0", "1", "2", "3")
			 ROW("2026-11-19T10:00:00.000Z", "oldest", "before", "latency", "chase",
			     "0", "0", "1", "2", "3"));
	struct np_bench_csv csv;
	struct np_error err;
	assert_int_equal(np_bench_csv_from_table(&t, &csv, &err), 0);
	struct np_run_selector none = {NULL, NULL}, by_label = {NULL, "before"},
			       by_id = {"oldest", NULL}, missing = {"zz", NULL},
			       no_label = {NULL, "during"};
	assert_string_equal(np_bench_csv_select(&csv, &none, &err), "new");
	assert_string_equal(np_bench_csv_select(&csv, &by_label, &err), "old");
	assert_string_equal(np_bench_csv_select(&csv, &by_id, &err), "oldest");
	assert_null(np_bench_csv_select(&csv, &missing, &err));
	assert_string_equal(err.message, "s.csv: no rows of run zz");
	assert_null(np_bench_csv_select(&csv, &no_label, &err));
	assert_string_equal(err.message, "s.csv: no rows with label 'during'");
	np_bench_csv_free(&csv);
}

/* ---- compare ----------------------------------------------------------------- */

static const char before_text[] =
    H ROW("2026-11-20T10:00:00.000Z", "b1", "", "latency", "chase", "0", "0", "100", "101", "102")
	ROW("2026-11-20T10:00:00.000Z", "b1", "", "latency", "chase", "0", "1", "170", "172", "174")
	    ROW("2026-11-19T10:00:00.000Z", "b0", "", "latency", "chase", "0", "0", "290", "300",
		"310");
static const char after_text[] = H ROW("2026-11-22T10:00:00.000Z", "a1", "", "latency", "chase",
				       "0", "0", "100.5", "101.5", "102")
    ROW("2026-11-22T10:00:00.000Z", "a1", "", "latency", "chase", "0", "1", "120", "121", "123")
    /* a pair the before run does not have */
    ROW("2026-11-22T10:00:00.000Z", "a1", "", "latency", "chase", "1", "1", "90", "91", "92")
    /* a run of 2 samples */
    ROWN("2026-11-21T10:00:00.000Z", "a0", "", "latency", "chase", "0", "0", "99", "100", "101",
	 "1", "2");

static void compare_texts(const char *a, const char *b, const struct np_compare_selection *sel,
			  struct np_comparison *c)
{
	struct np_csv_table x = table_of("before.csv", a), y = table_of("after.csv", b);
	struct np_error err;
	if (np_compare_tables(&x, &y, sel, c, &err) != 0)
		fail_msg("%s", err.message);
}

/* p-values and intervals: SciPy 1.10's ttest_ind_from_stats(equal_var=False)
 * and t.ppf(0.995, df), computed independently (see welch_reference.py). */
static void test_compare_bench_matching_and_significance(void **state)
{
	(void)state;
	struct np_comparison c;
	struct np_compare_selection latest = {{NULL, NULL}, {NULL, NULL}, 0.01};
	compare_texts(before_text, after_text, &latest, &c);
	assert_string_equal(c.before_run, "b1");
	assert_string_equal(c.after_run, "a1");
	assert_int_equal(c.count, 2); /* 1->1 has no partner */
	/* 0->0: means 101 -> 101.5, sd 0.5, n 5 each: p = 0.1525 > 0.01 */
	assert_int_equal(c.rows[0].bench->mem.node, 0);
	assert_true(c.rows[0].before == 101 && c.rows[0].after == 101.5);
	assert_true(fabs(c.rows[0].change_pct - 0.4950495) < 1e-6);
	assert_true(fabs(c.rows[0].p - 0.15250228520801448) < 1e-9);
	assert_int_equal(c.rows[0].verdict, NP_VERDICT_NO_CHANGE);
	/* 0->1: 172 -> 121: p = 2.444e-15, lower latency is better */
	assert_true(fabs(c.rows[1].change_pct - (121.0 - 172.0) / 172.0 * 100) < 1e-9);
	assert_true(fabs(c.rows[1].p / 2.4444198788348848e-15 - 1) < 1e-5);
	assert_int_equal(c.rows[1].verdict, NP_VERDICT_BETTER);
	/* the CSV renderer prints them, intervals and p to 4 digits */
	struct np_strbuf out;
	np_sb_init(&out);
	np_compare_renderers[1].render(&c, &out);
	assert_string_equal(np_sb_str(&out), NP_COMPARE_BENCH_HEADER
			    "\n"
			    "latency,chase,0,,0,1,4k,268435456,,bind,ns,101.000,101.500,5,5,0.50,"
			    "-0.56,1.55,0.1525,no significant change\n"
			    "latency,chase,0,,1,1,4k,268435456,,bind,ns,172.000,121.000,5,5,-29.65,"
			    "-30.27,-29.03,2.444e-15,better\n");
	np_sb_free(&out);
	np_comparison_free(&c);
	/* --run-id that only BEFORE holds: that run there, the latest after */
	struct np_compare_selection old = {{"b0", NULL}, {"b0", NULL}, 0.01};
	compare_texts(before_text, after_text, &old, &c);
	assert_string_equal(c.before_run, "b0");
	assert_string_equal(c.after_run, "a1");
	assert_int_equal(c.count, 1);
	/* 300 -> 101.5: p = 4.646e-20, interval -66.52% .. -65.81% */
	assert_true(c.rows[0].before == 300 && c.rows[0].verdict == NP_VERDICT_BETTER);
	assert_true(fabs(c.rows[0].p / 4.6462458973796355e-20 - 1) < 1e-5);
	assert_true(fabs(c.rows[0].change_low_pct + 66.52) < 0.005 &&
		    fabs(c.rows[0].change_high_pct + 65.81) < 0.005);
	np_comparison_free(&c);
	/* 2 samples after: no verdict, no p */
	struct np_compare_selection two = {{"b1", NULL}, {"a0", NULL}, 0.01};
	compare_texts(before_text, after_text, &two, &c);
	assert_int_equal(c.count, 1);
	assert_int_equal(c.rows[0].verdict, NP_VERDICT_TOO_FEW);
	assert_true(isnan(c.rows[0].p) && isnan(c.rows[0].change_low_pct));
	assert_string_equal(np_verdict_name(c.rows[0].verdict), "too few samples");
	np_comparison_free(&c);
	/* a larger alpha makes 0->0 significant (p 0.1525 < 0.2): worse */
	struct np_compare_selection loose = {{NULL, NULL}, {NULL, NULL}, 0.2};
	compare_texts(before_text, after_text, &loose, &c);
	assert_int_equal(c.rows[0].verdict, NP_VERDICT_WORSE);
	np_comparison_free(&c);
}

static void test_compare_refusals(void **state)
{
	(void)state;
	struct np_comparison c;
	struct np_error err;
	struct np_compare_selection latest = {{NULL, NULL}, {NULL, NULL}, 0.01};
	struct np_csv_table x = table_of("b.csv", before_text),
			    y = table_of("s.csv", NP_STATS_CSV_HEADER "\n");
	assert_int_equal(np_compare_tables(&x, &y, &latest, &c, &err), -1);
	assert_string_equal(err.message, "cannot compare b.csv (bench) with s.csv (stats): "
					 "expected two bench CSVs or two stats CSVs");
	np_comparison_free(&c);
	x = table_of("b.csv", before_text);
	y = table_of("o.csv", H ROW("2026-11-20T10:00:00.000Z", "o", "", "latency", "chase", "3",
				    "3", "1", "2", "3"));
	assert_int_equal(np_compare_tables(&x, &y, &latest, &c, &err), -1);
	assert_string_equal(err.message,
			    "b.csv and o.csv have no rows in common (matched by test, mode, "
			    "cpu_node, peer_node, mem_node, threads, page, size_bytes, load_level "
			    "and policy)");
	np_comparison_free(&c);
	/* the same key with another peer node (c2c) or policy is another row */
	x = table_of("b.csv", before_text);
	y = table_of("p.csv", NP_BENCH_CSV_HEADER
		     "\n"
		     "2026-11-20T10:00:00.000Z,p,h,,latency,chase,0,0,1,268435456,4k,ns,1,"
		     "2,2,3,0.5,3,3,5,100.00,,,interleave\n");
	assert_int_equal(np_compare_tables(&x, &y, &latest, &c, &err), -1);
	np_comparison_free(&c);
	struct np_compare_selection no_level = {{NULL, NULL}, {NULL, NULL}, 0};
	x = table_of("b.csv", before_text);
	y = table_of("a.csv", after_text);
	assert_int_equal(np_compare_tables(&x, &y, &no_level, &c, &err), -1);
	assert_string_equal(err.message, "alpha 0: expected a level above 0 and below 1");
	np_comparison_free(&c);
	struct np_compare_selection typo = {{"nope", NULL}, {"nope", NULL}, 0.01};
	x = table_of("b.csv", before_text);
	y = table_of("a.csv", after_text);
	assert_int_equal(np_compare_tables(&x, &y, &typo, &c, &err), -1);
	assert_string_equal(err.message, "b.csv: no rows of run nope");
	np_comparison_free(&c);
}

#define STATS(ts, scope, entity, node, metric, value)                                              \
	ts ",r,h,," scope "," entity ",," node "," metric "," value ","                            \
	   "u\n"

/* Welch's test over each file's series; SciPy 1.10's ttest_ind(equal_var=False)
 * on the same values gives the p-values. */
static void test_compare_stats_means(void **state)
{
	(void)state;
	const char *a = NP_STATS_CSV_HEADER
	    "\n" STATS("2026-12-01T10:00:00.000Z", "node", "", "0", "numa_miss_per_s", "10")
		STATS("2026-12-01T10:01:00.000Z", "node", "", "0", "numa_miss_per_s", "30")
		    STATS("2026-12-01T10:02:00.000Z", "node", "", "0", "numa_miss_per_s", "20")
			STATS("2026-12-01T10:01:00.000Z", "node", "", "0", "numa_hit_per_s", "99")
			    STATS("2026-12-01T10:00:00.000Z", "guest", "vm", "", "local_fraction",
				  "0.5") STATS("2026-12-01T10:01:00.000Z", "guest", "vm", "",
					       "local_fraction", "0.55")
				STATS("2026-12-01T10:02:00.000Z", "guest", "vm", "",
				      "local_fraction", "0.45")
				    STATS("2026-12-01T10:02:00.000Z", "guest", "small", "",
					  "local_fraction", "0.9");
	const char *b = NP_STATS_CSV_HEADER "\n" STATS("2026-12-02T10:00:00.000Z", "node", "", "0",
						       "numa_miss_per_s", "5")
	    STATS("2026-12-02T10:01:00.000Z", "node", "", "0", "numa_miss_per_s",
		  "6") STATS("2026-12-02T10:02:00.000Z", "node", "", "0", "numa_miss_per_s", "7")
		STATS("2026-12-02T10:00:00.000Z", "guest", "vm", "", "local_fraction", "0.75")
		    STATS("2026-12-02T10:01:00.000Z", "guest", "vm", "", "local_fraction", "0.8")
			STATS("2026-12-02T10:02:00.000Z", "guest", "vm", "", "local_fraction",
			      "0.7") STATS("2026-12-02T10:02:00.000Z", "guest", "small", "",
					   "local_fraction", "0.95");
	struct np_comparison c;
	struct np_compare_selection latest = {{NULL, NULL}, {NULL, NULL}, 0.01};
	compare_texts(a, b, &latest, &c);
	assert_int_equal(c.count, 3); /* numa_hit_per_s is not compared */
	/* misses 10, 30, 20 -> 5, 6, 7: means 20 -> 6, p 0.1348, not significant */
	assert_string_equal(c.rows[0].metric, "numa_miss_per_s");
	assert_int_equal(c.rows[0].node, 0);
	assert_true(c.rows[0].before == 20 && c.rows[0].after == 6);
	assert_true(c.rows[0].change_pct == -70);
	assert_true(fabs(c.rows[0].p / 0.13481525672315733 - 1) < 1e-6);
	assert_true(fabs(c.rows[0].change_low_pct + 348.61) < 0.005 &&
		    fabs(c.rows[0].change_high_pct - 208.61) < 0.005);
	assert_int_equal(c.rows[0].verdict, NP_VERDICT_NO_CHANGE);
	/* local fraction 0.5 +- 0.05 -> 0.75 +- 0.05: p 0.003602, higher is better */
	assert_string_equal(c.rows[1].entity, "vm");
	assert_int_equal(c.rows[1].node, -1);
	assert_true(fabs(c.rows[1].before - 0.5) < 1e-12 && fabs(c.rows[1].after - 0.75) < 1e-12);
	assert_true(fabs(c.rows[1].p / 0.00360223260910401 - 1) < 1e-6);
	assert_true(fabs(c.rows[1].change_low_pct - 12.41) < 0.005 &&
		    fabs(c.rows[1].change_high_pct - 87.59) < 0.005);
	assert_int_equal(c.rows[1].verdict, NP_VERDICT_BETTER);
	/* one sample a side: too few */
	assert_string_equal(c.rows[2].entity, "small");
	assert_int_equal(c.rows[2].verdict, NP_VERDICT_TOO_FEW);
	np_comparison_free(&c);
}

/* ---- charts ---------------------------------------------------------------- */

static const struct np_chart *chart_named(const struct np_chart_set *set, const char *name)
{
	for (size_t i = 0; i < set->count; i++)
		if (strcmp(set->charts[i].name, name) == 0)
			return &set->charts[i];
	fail_msg("no chart %s", name);
	return NULL;
}

/* A loaded row: level, unit, median, on CPU node 0 and memory 0+1. */
#define LOADED(level, unit, median)                                                                \
	"2026-11-20T10:00:00.000Z,l1,h,,loaded,read,0,0+1,1,1048576,4k," unit ",1," median         \
	"," median ",1,0,1,1,2,100.00,," level ",interleave\n"
#define SWEEP(size, median)                                                                        \
	"2026-11-20T10:00:00.000Z,s1,lab,,sweep,chase,0,0,1," size ",4k,ns,1," median "," median   \
	",1,0,1,1,2,100.00,,,bind\n"

/* The loaded curve pairs each level's ns with its MB/s, levels in order;
 * the sweep plots ns against KiB on a log scale, marking the caches of the
 * machine the request names, within the sizes measured. */
static void test_chart_loaded_and_sweep(void **state)
{
	(void)state;
	struct np_csv_table t = table_of(
	    "/runs/load.csv", NP_BENCH_CSV_HEADER
	    "\n" LOADED("1", "ns", "120") LOADED("0", "ns", "100") LOADED("1", "MB/s", "5000")
		LOADED("0", "MB/s", "0") LOADED("2", "MB/s", "9000") LOADED("2", "ns", "180"));
	struct np_chart_request request = {&np_chart_formats[0], 640, 480};
	struct np_chart_set set;
	struct np_error err;
	assert_int_equal(np_chart_build(&t, 1, &request, &set, &err), 0);
	const struct np_chart *c = chart_named(&set, "load-loaded");
	assert_string_equal(np_sb_str(&c->data), "# CPU node 0, memory 0+1, mix \"read\"\n"
						 "# level injected_MB/s ns\n"
						 "0 0 100\n"
						 "1 5000 120\n"
						 "2 9000 180\n");
	assert_non_null(strstr(np_sb_str(&c->script),
			       "plot 'load-loaded.dat' index 0 using 2:3 with linespoints title "
			       "'CPU 0 > mem 0+1, read'\n"));
	np_chart_set_free(&set);
	struct np_cache_level caches[3] = {
	    {1, "Data", 48 << 10}, {2, "Unified", 2 << 20}, {3, "Unified", 64 << 20}};
	struct np_chart_request here = {&np_chart_formats[0], 640, 480, "lab", caches, 3};
	t = table_of("/runs/sw.csv", NP_BENCH_CSV_HEADER "\n" SWEEP("4194304", "9.5")
					 SWEEP("16384", "1.2") SWEEP("1048576", "4.5"));
	assert_int_equal(np_chart_build(&t, 1, &here, &set, &err), 0);
	c = chart_named(&set, "sw-sweep");
	assert_string_equal(np_sb_str(&c->data), "# CPU node 0, memory 0\n# KiB ns\n"
						 "16 1.2\n1024 4.5\n4096 9.5\n");
	const char *script = np_sb_str(&c->script);
	assert_non_null(strstr(script, "set logscale x 2\n"));
	/* L1 (48 KiB) and L2 (2 MiB) lie within 16 KiB..4 MiB; L3 does not */
	assert_non_null(strstr(script, "set label 'L1 48 KiB' at 48, graph 0.97"));
	assert_non_null(strstr(script, "set label 'L2 2 MiB' at 2048, graph 0.97"));
	assert_null(strstr(script, "'L3"));
	np_chart_set_free(&set);
	/* another machine's sweep: no marks */
	struct np_chart_request elsewhere = {&np_chart_formats[0], 640, 480, "other", caches, 3};
	t = table_of("/runs/sw.csv", NP_BENCH_CSV_HEADER "\n" SWEEP("16384", "1.2"));
	assert_int_equal(np_chart_build(&t, 1, &elsewhere, &set, &err), 0);
	assert_null(strstr(np_sb_str(&chart_named(&set, "sw-sweep")->script), "set arrow"));
	np_chart_set_free(&set);
}

/* Placement bars: one cluster per cell, the header a comment (as a data
 * row it would be an empty first cluster pushing the bars right). */
static void test_chart_placement_bars(void **state)
{
	(void)state;
	struct np_csv_table t = table_of(
	    "/p/pl.csv",
	    "guest,variant,cell,vcpus,memory_bytes,host_cpu_nodes,host_mem_nodes,local_fraction,"
	    "local_fraction_min,local_fraction_max,expected_latency,latency_unit,flags\n"
	    "g,with,0,2,1,0,0,1.0000,1.0000,1.0000,10.000,slit,\n"
	    "g,with,1,2,1,1,1,1.0000,1.0000,1.0000,10.000,slit,\n"
	    "g,without,0,4,2,0-1,0-1,0.5000,0.5000,0.5000,15.500,slit,unbound\n");
	struct np_chart_request request = {&np_chart_formats[0], 640, 480};
	struct np_chart_set set;
	struct np_error err;
	assert_int_equal(np_chart_build(&t, 1, &request, &set, &err), 0);
	const struct np_chart *c = chart_named(&set, "pl-local-fraction");
	assert_string_equal(np_sb_str(&c->data),
			    "# cell with without\n\"g cell 0\" 1 0.5\n\"g cell 1\" 1 0.5\n");
	assert_non_null(strstr(np_sb_str(&c->script), "set xtics rotate by -20 left\n"));
	c = chart_named(&set, "pl-expected-latency");
	assert_string_equal(np_sb_str(&c->data),
			    "# cell with without\n\"g cell 0\" 10 15.5\n\"g cell 1\" 10 15.5\n");
	assert_non_null(strstr(np_sb_str(&c->script), "set ylabel 'expected latency, slit'\n"));
	np_chart_set_free(&set);
}

/* report fit's CSV: per host node what each guest that fits takes, stacked
 * in order, and the room before the first; a guest that does not fit is
 * left out, names are numbered (two may be the same) and go to the data
 * file only as data. */
static void test_chart_fit(void **state)
{
	(void)state;
	struct np_csv_table t = table_of(
	    "/p/fit.csv",
	    "guest,fits,nodes,cells,vcpus,memory_bytes,hugepage_bytes,reason,node0_memory_bytes,"
	    "node0_vcpus,node0_room_memory_bytes,node0_room_vcpus,node2_memory_bytes,node2_vcpus,"
	    "node2_room_memory_bytes,node2_room_vcpus\n"
	    "a,yes,0,1,2,2147483648,0,,2147483648,2,17179869184,4,0,0,8589934592,6\n"
	    "big,no,,0,16,1,0,too big,0,0,17179869184,4,0,0,8589934592,6\n"
	    "\"w`x`\",yes,0-2,2,6,3221225472,0,,1073741824,2,17179869184,4,2147483648,4,8589934592,"
	    "6\n");
	struct np_chart_request request = {&np_chart_formats[1], 640, 480};
	struct np_chart_set set;
	struct np_error err;
	assert_int_equal(np_chart_build(&t, 1, &request, &set, &err), 0);
	assert_int_equal(set.count, 2);
	const struct np_chart *c = chart_named(&set, "fit-fit-memory");
	assert_string_equal(np_sb_str(&c->data), "position node room \"1 a\" \"3 w`x`\"\n"
						 "0 0 16 2 1\n"
						 "1 2 8 0 2\n");
	assert_string_equal(np_sb_str(&c->table), "host node,\"room, GiB\",1 a,3 w`x`\n"
						  "0,16.00,2.00,1.00\n"
						  "2,8.00,0.00,2.00\n");
	assert_int_equal(c->kind, NP_CHART_PLACEMENT);
	const char *script = np_sb_str(&c->script);
	assert_non_null(strstr(script, "set xtics ('0' 0, '2' 1)\n"));
	assert_non_null(strstr(script, "for [i=4:5] 'fit-fit-memory.dat'"));
	c = chart_named(&set, "fit-fit-vcpus");
	assert_string_equal(np_sb_str(&c->data), "position node room \"1 a\" \"3 w`x`\"\n"
						 "0 0 4 2 2\n"
						 "1 2 6 0 4\n");
	/* whole steps: 6 places at most, so 1 */
	assert_non_null(strstr(np_sb_str(&c->script), "set ytics 1\n"));
	np_chart_set_free(&set);
	/* no guest at all (found by fuzzing): no chart, not a read of row 0 */
	t = table_of("/p/none.csv", "guest,fits,reason,node0_memory_bytes,node0_vcpus,"
				    "node0_room_memory_bytes,node0_room_vcpus\n");
	assert_int_equal(np_chart_build(&t, 1, &request, &set, &err), 0);
	assert_int_equal(set.count, 0);
	np_chart_set_free(&set);
	/* a node column without its room column is named */
	t = table_of("/p/cut.csv",
		     "guest,fits,reason,node0_memory_bytes,node0_vcpus\na,yes,,1,1\n");
	assert_int_equal(np_chart_build(&t, 1, &request, &set, &err), -1);
	assert_string_equal(
	    err.message,
	    "/p/cut.csv: column node0_room_memory_bytes missing beside node0_memory_bytes");
}

static void test_chart_heatmap_script_and_data(void **state)
{
	(void)state;
	struct np_csv_table t = table_of("/runs/bench-a.csv", before_text);
	struct np_chart_request request = {&np_chart_formats[1], 800, 300};
	struct np_chart_set set;
	struct np_error err;
	assert_int_equal(np_chart_build(&t, 1, &request, &set, &err), 0);
	assert_int_equal(set.count, 1); /* no bandwidth rows: the latency heatmap only */
	const struct np_chart *c = chart_named(&set, "bench-a-latency-heatmap");
	/* the latest run's cells, one a line, by position (x: memory, y: CPU) */
	assert_string_equal(np_sb_str(&c->data),
			    "# x(memory node position) y(CPU node position) median\n"
			    "0 0 101\n"
			    "1 0 172\n");
	/* the same cells as a table: a row per CPU node, a column per memory node */
	assert_string_equal(np_sb_str(&c->table), "CPU node \\ memory node,0,1\n"
						  "0,101.0,172.0\n");
	assert_int_equal(c->kind, NP_CHART_BENCH);
	const char *script = np_sb_str(&c->script);
	assert_non_null(strstr(script, "set terminal svg size 800,300 fixed background rgb "
				       "'white'\nset termoption noenhanced\n"));
	assert_non_null(strstr(script, "set output 'bench-a-latency-heatmap.svg'\n"));
	assert_non_null(strstr(script, "set title 'Latency, ns per load (median)' noenhanced\n"));
	assert_non_null(strstr(script, "set xtics ('0' 0, '1' 1)\nset ytics ('0' 0)\n"));
	/* CPU node 0 on top, as in the table (`reverse` is ignored with a range given) */
	assert_non_null(strstr(script, "set yrange [0.5:-0.5]\n"));
	assert_non_null(strstr(script, "plot 'bench-a-latency-heatmap.dat' using "
				       "1:2:(0.5):(0.5):3 with boxxy lc palette"));
	np_chart_set_free(&set);
}

static void test_chart_before_after_and_stats(void **state)
{
	(void)state;
	struct np_csv_table tables[3] = {
	    table_of("before.csv", before_text), table_of("after.csv", after_text),
	    table_of("s.csv",
		     NP_STATS_CSV_HEADER "\n" STATS("2026-12-01T10:00:00.000Z", "guest", "w`x`",
						    "1", "mem_bytes_anon", "1048576")
			 STATS("2026-12-01T10:00:00.000Z", "guest", "w`x`", "0", "mem_bytes_anon",
			       "2097152") STATS("2026-12-01T10:01:00.000Z", "guest", "w`x`", "0",
						"mem_bytes_huge", "3145728"))};
	struct np_chart_request request = {&np_chart_formats[0], 640, 480};
	struct np_chart_set set;
	struct np_error err;
	assert_int_equal(np_chart_build(tables, 3, &request, &set, &err), 0);
	const struct np_chart *bars = chart_named(&set, "before-vs-after-latency");
	assert_string_equal(np_sb_str(&bars->data), "# pair before after\n"
						    "\" 0>0\" 101 101.5\n"
						    "\" 0>1\" 172 121\n");
	/* the values it shows, as report html's table beside it */
	assert_string_equal(np_sb_str(&bars->table),
			    "CPU node > memory node,\"before, ns\",\"after, ns\",\"change, %\"\n"
			    "0>0,101.0,101.5,+0.5\n"
			    "0>1,172.0,121.0,-29.7\n");
	assert_int_equal(bars->kind, NP_CHART_COMPARE);
	assert_false(bars->time_series);
	assert_non_null(strstr(np_sb_str(&bars->script), "set terminal pngcairo size 640,480\n"));
	/* the guest's memory per node over time, in MiB, one column a node */
	const struct np_chart *guest = chart_named(&set, "s-guest-w_x_-2470ab8a-memory");
	assert_string_equal(np_sb_str(&guest->data), "time \"node1\" \"node0\"\n"
						     "1796119200 1 2\n"
						     "1796119260 NaN 3\n");
	assert_string_equal(np_sb_str(&guest->table),
			    "\"time, UTC\",\"node1 (memory, MiB)\",\"node0 (memory, MiB)\"\n"
			    "2026-12-01 10:00:00,1,2\n"
			    "2026-12-01 10:01:00,,3\n");
	assert_int_equal(guest->kind, NP_CHART_STATS);
	assert_true(guest->time_series);
	assert_non_null(
	    strstr(np_sb_str(&guest->script),
		   "set title 'Guest w`x`: memory per host node (stacked)' noenhanced\n"));
	np_chart_set_free(&set);
	struct np_csv_table odd = table_of("odd.csv", "a,b\n1,2\n");
	assert_int_equal(np_chart_build(&odd, 1, &request, &set, &err), -1);
	assert_string_equal(err.message,
			    "odd.csv: not a numaprobe CSV: report chart draws bench, "
			    "stats, placement and fit CSVs (test/median, scope/metric, "
			    "variant or fits columns)");
	/* topo's CSV is known, and has no chart */
	struct np_csv_table topo =
	    table_of("topo.csv", "timestamp,run_id,host,label,node,metric,peer,value,unit\n"
				 "t,r,h,,0,cpus,,0-1,list\n");
	assert_int_equal(np_chart_build(&topo, 1, &request, &set, &err), -1);
	assert_string_equal(err.message, "topo.csv: a topo CSV has no chart: report chart draws "
					 "bench, stats, placement and fit CSVs (test/median, "
					 "scope/metric, variant or fits columns)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bench_reader_columns_are_the_writers),
	    cmocka_unit_test(test_bench_reader_by_name),
	    cmocka_unit_test(test_run_selection),
	    cmocka_unit_test(test_compare_bench_matching_and_significance),
	    cmocka_unit_test(test_compare_refusals),
	    cmocka_unit_test(test_compare_stats_means),
	    cmocka_unit_test(test_chart_heatmap_script_and_data),
	    cmocka_unit_test(test_chart_loaded_and_sweep),
	    cmocka_unit_test(test_chart_placement_bars),
	    cmocka_unit_test(test_chart_fit),
	    cmocka_unit_test(test_chart_before_after_and_stats),
	};
	return cmocka_run_group_tests_name("report_engines", tests, NULL, NULL);
}
