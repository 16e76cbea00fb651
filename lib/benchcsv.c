/* benchcsv.c: reading bench CSVs; see benchcsv.h. */
#include "benchcsv.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define SPEC(column, kind, field)                                                                  \
	{                                                                                          \
		column, kind, offsetof(struct np_bench_record, field), NULL                        \
	}

/* NP_BENCH_CSV_HEADER's columns, in its order (test_csv_json checks it). */
static const struct np_csv_spec bench_specs[] = {
    SPEC("timestamp", NP_CSV_TEXT, timestamp),
    SPEC("run_id", NP_CSV_TEXT, run_id),
    SPEC("host", NP_CSV_TEXT, host),
    SPEC("label", NP_CSV_TEXT, label),
    SPEC("test", NP_CSV_TEXT, test),
    SPEC("mode", NP_CSV_TEXT, mode),
    SPEC("cpu_node", NP_CSV_NODE, cpu_node),
    {"mem_node", NP_CSV_NODE_REF, offsetof(struct np_bench_record, mem), NULL},
    SPEC("threads", NP_CSV_UINT, threads),
    SPEC("size_bytes", NP_CSV_UINT, size_bytes),
    SPEC("page", NP_CSV_TEXT, page),
    SPEC("unit", NP_CSV_TEXT, unit),
    SPEC("min", NP_CSV_REAL, min),
    SPEC("median", NP_CSV_REAL, median),
    SPEC("mean", NP_CSV_REAL, mean),
    SPEC("max", NP_CSV_REAL, max),
    SPEC("stddev", NP_CSV_REAL, stddev),
    SPEC("p90", NP_CSV_REAL, p90),
    SPEC("p99", NP_CSV_REAL, p99),
    SPEC("samples", NP_CSV_UINT, samples),
    SPEC("placed_pct", NP_CSV_PERCENT, placed_pct),
    /* added after the first release: absent in old files */
    {"peer_node", NP_CSV_NODE_OR_NONE, offsetof(struct np_bench_record, peer_node), ""},
    {"load_level", NP_CSV_COUNT_OR_NONE, offsetof(struct np_bench_record, load_level), ""},
    {"policy", NP_CSV_TEXT, offsetof(struct np_bench_record, policy), "bind"},
};

const struct np_csv_spec *np_bench_csv_specs(size_t *count)
{
	*count = sizeof(bench_specs) / sizeof(bench_specs[0]);
	return bench_specs;
}

int np_bench_csv_from_table(struct np_csv_table *table, struct np_bench_csv *csv,
			    struct np_error *err)
{
	struct np_csv_records records;
	int rc = np_csv_records_read(
	    table, bench_specs, sizeof(bench_specs) / sizeof(bench_specs[0]), sizeof(*csv->rows),
	    offsetof(struct np_bench_record, line), &records, err);
	*csv = (struct np_bench_csv){records.table, records.rows, records.count};
	return rc;
}

int np_bench_csv_read(const char *path, struct np_bench_csv *csv, struct np_error *err)
{
	struct np_csv_table table;
	memset(csv, 0, sizeof(*csv));
	if (np_csv_read(path, &table, err) < 0)
		return -1;
	return np_bench_csv_from_table(&table, csv, err);
}

void np_bench_csv_free(struct np_bench_csv *csv)
{
	struct np_csv_records records = {csv->table, csv->rows, csv->count};
	np_csv_records_free(&records);
	memset(csv, 0, sizeof(*csv));
}

const char *np_bench_csv_select(const struct np_bench_csv *csv, const struct np_run_selector *sel,
				struct np_error *err)
{
	const char *chosen = NULL, *latest = NULL;
	for (size_t r = 0; r < csv->count; r++) {
		const struct np_bench_record *row = &csv->rows[r];
		if (sel->run_id) {
			if (strcmp(row->run_id, sel->run_id) == 0)
				return row->run_id;
			continue;
		}
		if (sel->label && strcmp(row->label, sel->label) != 0)
			continue;
		/* ISO 8601 UTC timestamps sort as text. */
		if (!latest || strcmp(row->timestamp, latest) > 0) {
			latest = row->timestamp;
			chosen = row->run_id;
		}
	}
	if (!chosen) {
		if (sel->run_id)
			np_fail(err, "%s: no rows of run %s", csv->table.path, sel->run_id);
		else if (sel->label)
			np_fail(err, "%s: no rows with label '%s'", csv->table.path, sel->label);
		else
			np_fail(err, "%s: no rows", csv->table.path);
	}
	return chosen;
}
