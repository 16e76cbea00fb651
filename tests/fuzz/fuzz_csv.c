/* fuzz_csv.c: the CSV reader and the readers behind report compare,
 * report chart and --latency: bench rows, stats rows, the latency matrix,
 * a comparison of the file with itself and its charts. */
#include "../../lib/benchcsv.h"
#include "../../lib/csvread.h"
#include "../../lib/statscsv.h"
#include "../../report/chart.h"
#include "../../report/compare.h"
#include "../../report/host.h"
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
		if (np_chart_build(&table, 1, &request, &set, &err) == 0)
			np_chart_set_free(&set);
	}
	free(text);
	return 0;
}
