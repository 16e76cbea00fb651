/* statscsv.c: reading stats CSVs; see statscsv.h. */
#include "statscsv.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "runinfo.h"

#define SPEC(column, kind, field)                                                                  \
	{                                                                                          \
		column, kind, offsetof(struct np_stats_record, field), NULL                        \
	}

/* NP_STATS_CSV_HEADER's columns, in its order (test_csv_json checks it). */
static const struct np_csv_spec stats_specs[] = {
    SPEC("timestamp", NP_CSV_TEXT, timestamp),
    SPEC("run_id", NP_CSV_TEXT, run_id),
    SPEC("host", NP_CSV_TEXT, host),
    SPEC("label", NP_CSV_TEXT, label),
    SPEC("scope", NP_CSV_TEXT, scope),
    SPEC("entity", NP_CSV_TEXT, entity),
    SPEC("pid", NP_CSV_TEXT, pid),
    SPEC("node", NP_CSV_NODE_OR_NONE, node),
    SPEC("metric", NP_CSV_TEXT, metric),
    SPEC("value", NP_CSV_REAL, value),
    SPEC("unit", NP_CSV_TEXT, unit),
};

const struct np_csv_spec *np_stats_csv_specs(size_t *count)
{
	*count = sizeof(stats_specs) / sizeof(stats_specs[0]);
	return stats_specs;
}

int np_stats_csv_from_table(struct np_csv_table *table, struct np_stats_csv *csv,
			    struct np_error *err)
{
	struct np_csv_records records;
	int rc = np_csv_records_read(
	    table, stats_specs, sizeof(stats_specs) / sizeof(stats_specs[0]), sizeof(*csv->rows),
	    offsetof(struct np_stats_record, line), &records, err);
	*csv = (struct np_stats_csv){records.table, records.rows, records.count};
	for (size_t r = 0; rc == 0 && r < csv->count; r++)
		if (np_parse_timestamp(csv->rows[r].timestamp, &csv->rows[r].time) < 0)
			rc = np_fail(err,
				     "%s line %d, column timestamp: '%.40s' is not a time such as "
				     "2026-11-26T09:30:00.123Z",
				     csv->table.path, csv->rows[r].line, csv->rows[r].timestamp);
	if (rc < 0 && csv->rows)
		np_stats_csv_free(csv);
	return rc;
}

int np_stats_csv_read(const char *path, struct np_stats_csv *csv, struct np_error *err)
{
	struct np_csv_table table;
	memset(csv, 0, sizeof(*csv));
	if (np_csv_read(path, &table, err) < 0)
		return -1;
	return np_stats_csv_from_table(&table, csv, err);
}

void np_stats_csv_free(struct np_stats_csv *csv)
{
	struct np_csv_records records = {csv->table, csv->rows, csv->count};
	np_csv_records_free(&records);
	memset(csv, 0, sizeof(*csv));
}
