/* fuzz_csv.c: the CSV reader and the readers behind report compare,
 * report chart, report html and --latency: bench rows, stats rows, the
 * latency matrix, a comparison of the file with itself, its charts and
 * its page (which never holds a tag from the input); and the HTML
 * escaper and SVG inliner on the raw text. */
#include <string.h>
#include <strings.h>

#include "../../lib/html.h"
#include "../../lib/benchcsv.h"
#include "../../lib/csvread.h"
#include "../../lib/statscsv.h"
#include "../../report/chart.h"
#include "../../report/compare.h"
#include "../../report/host.h"
#include "../../report/html.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = np_fuzz_text(data, size);
	struct np_csv_table table;
	struct np_error err;
	if (np_csv_parse("in.csv", text, &table, &err) == 0) {
		for (size_t r = 0; r < table.row_count; r++)
			for (size_t c = 0; c < table.column_count; c++) {
				double v;
				int id;
				if (np_csv_number(&table, r, (int)c, -1e300, 1e300, &v, &err) == 0)
					NP_FUZZ_ASSERT(v == v);
				if (np_csv_index(&table, r, (int)c, 1023, &id, &err) == 0)
					NP_FUZZ_ASSERT(id >= 0 && id <= 1023);
			}
		/* each reader takes its own copy of the table */
		struct np_csv_table copies[4];
		for (int i = 0; i < 4; i++)
			if (np_csv_parse("in.csv", text, &copies[i], &err) < 0)
				abort();
		struct np_bench_csv bench;
		if (np_bench_csv_from_table(&copies[0], &bench, &err) == 0) {
			struct np_latency_matrix *matrix = malloc(sizeof(*matrix));
			if (!matrix)
				abort();
			np_latency_from_bench(&bench, matrix, &err);
			free(matrix);
			np_bench_csv_free(&bench);
		}
		struct np_stats_csv stats;
		if (np_stats_csv_from_table(&copies[1], &stats, &err) == 0)
			np_stats_csv_free(&stats);
		struct np_comparison comparison;
		struct np_compare_selection selection = {{NULL, NULL}, {NULL, NULL}, 0.01};
		np_compare_tables(&copies[2], &copies[3], &selection, &comparison, &err);
		np_comparison_free(&comparison);
		struct np_chart_request request = {&np_chart_formats[1], 640, 480};
		struct np_chart_set set;
		struct np_csv_table page_input;
		if (np_csv_parse("in.csv", text, &page_input, &err) < 0)
			abort();
		if (np_chart_build(&table, 1, &request, &set, &err) == 0) {
			enum np_csv_kind kind = np_csv_kind_of(&page_input);
			struct np_html_input input = {&page_input, np_csv_kind_name(kind)};
			struct np_html_page page = {
			    .inputs = &input,
			    .input_count = 1,
			    .host = kind == NP_CSV_TOPO ? &page_input : NULL,
			    .charts = &set,
			    /* itself as both comparisons: their tables go through
			     * the same renderer */
			    .comparisons = {&page_input, kind == NP_CSV_STATS ? &page_input : NULL},
			    .generated = "now",
			    .version = "fuzz"};
			struct np_strbuf html;
			np_sb_init(&html);
			if (np_html_render(&page, &html, &err) == 0) {
				/* the page has no script of its own: one would have
				 * come from the input */
				NP_FUZZ_ASSERT(!strcasestr(np_sb_str(&html), "<script"));
			}
			np_sb_free(&html);
			np_chart_set_free(&set);
		}
		np_csv_table_free(&page_input);
	}
	/* the escaper leaves nothing that ends text or an attribute value;
	 * the inliner passes nothing that runs */
	struct np_strbuf out;
	np_sb_init(&out);
	np_html_escape(&out, text);
	NP_FUZZ_ASSERT(!strpbrk(np_sb_str(&out), "<>\"'"));
	np_sb_reset(&out);
	if (np_html_inline_svg(&out, text, "c0-") == 0)
		NP_FUZZ_ASSERT(!strcasestr(np_sb_str(&out), "<script") &&
			       !strcasestr(np_sb_str(&out), "javascript:"));
	np_sb_free(&out);
	free(text);
	return 0;
}
