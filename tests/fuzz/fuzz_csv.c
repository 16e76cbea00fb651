/* fuzz_csv.c: the CSV reader, and the bench reader behind --latency. */
#include "../../lib/csvread.h"
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
		struct np_latency_matrix *matrix = malloc(sizeof(*matrix));
		if (!matrix)
			abort();
		np_latency_from_table(&table, matrix, &err);
		free(matrix);
		np_csv_table_free(&table);
	}
	free(text);
	return 0;
}
