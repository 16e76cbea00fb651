/* test_html.c: report html's one escaper, its SVG inliner and the page
 * it builds, against exact text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/html.h"
#include "../../report/html.h"

static char *escaped(const char *text)
{
	struct np_strbuf out;
	np_sb_init(&out);
	np_html_escape(&out, text);
	char *copy = strdup(np_sb_str(&out));
	np_sb_free(&out);
	return copy;
}

static void test_escape(void **state)
{
	(void)state;
	char *text = escaped("<script>document.title=\"x\"</script> & 'q' `$(id)` caf\xc3\xa9");
	assert_string_equal(text, "&lt;script&gt;document.title=&quot;x&quot;&lt;/script&gt; "
				  "&amp; &#39;q&#39; `$(id)` caf\xc3\xa9");
	free(text);
	/* control characters but tab and newline become spaces; bytes that are
	 * not UTF-8 (a lone continuation, an overlong '<', a surrogate) U+FFFD */
	text = escaped("a\x01\tb\nc\x7f\x80\xc0\xbc\xed\xa0\x80");
	assert_string_equal(text, "a \tb\nc \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
				  "\xef\xbf\xbd\xef\xbf\xbd");
	free(text);
	text = escaped("");
	assert_string_equal(text, "");
	free(text);
}

static int inline_svg(const char *svg, char **out)
{
	struct np_strbuf buf;
	np_sb_init(&buf);
	int rc = np_html_inline_svg(&buf, svg, "c3-");
	*out = strdup(np_sb_str(&buf));
	np_sb_free(&buf);
	return rc;
}

static void test_inline_svg(void **state)
{
	(void)state;
	char *out;
	/* the prolog and gnuplot's generic titles go; every id and reference
	 * to one gets the chart's prefix, in tags only (not in text) */
	assert_int_equal(
	    inline_svg("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<svg\n width=\"9\">"
		       "<title>Gnuplot</title><g id=\"gnuplot_canvas\"><path id='gpPt0'/>"
		       "<use xlink:href='#gpPt0'/><rect style='filter:url(#textbox)'/>"
		       "<g><title>gnuplot_plot_1</title><title>a title</title></g>"
		       "<text>onion= id=' x</text></g></svg>\n",
		       &out),
	    0);
	assert_string_equal(out,
			    "<svg\n width=\"9\"><g id=\"c3-gnuplot_canvas\"><path id='c3-gpPt0'/>"
			    "<use xlink:href='#c3-gpPt0'/><rect style='filter:url(#c3-textbox)'/>"
			    "<g><title>a title</title></g>"
			    "<text>onion= id=' x</text></g></svg>\n");
	free(out);
	/* anything that could run is refused whole */
	static const char *const active[] = {
	    "<svg><script>alert(1)</script></svg>",
	    "<svg><SCRIPT>alert(1)</SCRIPT></svg>",
	    "<svg onload=\"alert(1)\"></svg>",
	    "<svg><g\tonClick='x'/></svg>",
	    "<svg><a xlink:href=\"javascript:alert(1)\"/></svg>",
	    "<svg><foreignObject><p/></foreignObject></svg>",
	    "no svg element here",
	};
	for (size_t i = 0; i < sizeof(active) / sizeof(active[0]); i++) {
		assert_int_equal(inline_svg(active[i], &out), -1);
		assert_string_equal(out, "");
		free(out);
	}
}

static struct np_csv_table table_of(const char *path, const char *text)
{
	struct np_csv_table t;
	struct np_error err;
	if (np_csv_parse(path, text, &t, &err) != 0)
		fail_msg("%s", err.message);
	return t;
}

static void test_page(void **state)
{
	(void)state;
	struct np_csv_table stats =
	    table_of("runs/s_<1>.csv",
		     "timestamp,run_id,host,label,scope,entity,pid,node,metric,value,unit\n"
		     "2026-12-01T10:00:00.000Z,r1,h<1>,a&b,node,,,0,numa_hit,1,count\n"
		     "2026-12-01T10:05:00.000Z,r1,h<1>,a&b,node,,,0,numa_hit,2,count\n");
	/* five runs, four distinct: the first three in file order and the count */
	struct np_csv_table runs = table_of("runs.csv", "run_id,median\na,1\nb,1\na,1\nc,1\nd,1\n");
	struct np_html_input inputs[] = {{&stats, "stats"}, {&runs, "bench"}};
	struct np_chart charts[2];
	memset(charts, 0, sizeof(charts));
	snprintf(charts[0].name, sizeof(charts[0].name), "s-guest-x-memory");
	snprintf(charts[0].title, sizeof(charts[0].title), "Guest <b>x</b>");
	charts[0].kind = NP_CHART_STATS;
	np_sb_init(&charts[0].table);
	np_sb_puts(&charts[0].table, "\"time, UTC\",node0\n2026-12-01 10:00:00,<i>\n");
	/* a long series: summarised */
	snprintf(charts[1].name, sizeof(charts[1].name), "s-numa-miss");
	snprintf(charts[1].title, sizeof(charts[1].title), "rates");
	charts[1].kind = NP_CHART_STATS;
	charts[1].time_series = true;
	np_sb_init(&charts[1].table);
	np_sb_puts(&charts[1].table, "\"time, UTC\",s,empty\n");
	for (int i = 0; i <= 200; i++)
		np_sb_printf(&charts[1].table, "t%03d,%d,\n", i, (i * 7) % 201);
	struct np_chart_set set = {charts, 2, "svg"};
	const char *svgs[] = {"<svg id='a'></svg>", NULL};
	struct np_html_page page = {.inputs = inputs,
				    .input_count = 2,
				    .charts = &set,
				    .svgs = svgs,
				    .generated = "2026-12-02T08:00:00.000Z",
				    .version = "9.9"};
	struct np_strbuf out;
	np_sb_init(&out);
	struct np_error err;
	assert_int_equal(np_html_render(&page, &out, &err), 0);
	const char *html = np_sb_str(&out);
	static const char *const expected[] = {
	    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
	    "<title>numaprobe report: h&lt;1&gt;</title>",
	    "<p>Made 2026-12-02T08:00:00.000Z by numaprobe 9.9 from 2 inputs.",
	    /* the input: its file, kind, rows, host, run, label and times */
	    /* a heading breaks after '/' and '_' only */
	    "<tr><th scope=\"row\">runs/<wbr>s_<wbr>&lt;1&gt;.csv</th><td>stats</td><td "
	    "class=\"n\">2</td>"
	    "<td>h&lt;1&gt;</td><td>r1</td><td>a&amp;b</td><td>2026-12-01T10:00:00.000Z</td>"
	    "<td>2026-12-01T10:05:00.000Z</td></tr>",
	    "<tr><th scope=\"row\">runs.csv</th><td>bench</td><td class=\"n\">5</td><td "
	    "class=\"note\">not recorded</td><td>a, b, c (4 in all)</td><td class=\"note\">not "
	    "recorded</td><td class=\"note\">not recorded</td><td></td></tr>",
	    "<p class=\"note\">host layout not given",
	    "<h2 id=\"stats\">",
	    "<section class=\"chart\" id=\"chart-s-guest-x-memory\">\n<h3>Guest "
	    "&lt;b&gt;x&lt;/b&gt;"
	    "</h3>\n<svg id='c0-a'></svg><p class=\"cap\">The values the chart shows</p>",
	    "<tr><th scope=\"row\">2026-12-01 10:00:00</th><td>&lt;i&gt;</td></tr>",
	    /* no SVG: said so, the table still there */
	    "<p class=\"note\">no image: no SVG was read (gnuplot drew none, or it is over 16 "
	    "MiB)</p>",
	    "<p class=\"cap\">201 samples from t000 to t200 UTC, summarised per series (more than "
	    "200)</p>",
	    /* 0..200 shuffled: min 0, median 100, max 200, last (200 * 7) % 201 = 194 */
	    "<tr><th scope=\"row\">s</th><td class=\"n\">201</td><td class=\"n\">0</td><td "
	    "class=\"n\">100</td><td class=\"n\">200</td><td class=\"n\">194</td></tr>",
	    "<tr><th scope=\"row\">empty</th><td class=\"n\">0</td><td></td><td></td><td></td>"
	    "<td></td></tr>",
	    "</body>\n</html>\n",
	};
	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		if (!strstr(html, expected[i]))
			fail_msg("missing from the page: %s", expected[i]);
	/* the input's text appears only escaped; the page carries no script */
	assert_null(strstr(html, "<1>"));
	assert_null(strstr(html, "<b>x"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "http"));
	/* no section for what is not there */
	assert_null(strstr(html, "id=\"bench\""));
	assert_null(strstr(html, "id=\"placement\""));
	np_sb_free(&out);
	np_sb_free(&charts[0].table);
	np_sb_free(&charts[1].table);
	np_csv_table_free(&stats);
	np_csv_table_free(&runs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_escape),
	    cmocka_unit_test(test_inline_svg),
	    cmocka_unit_test(test_page),
	};
	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
