/*
 * csvread.h: reading the CSV files numaprobe (or anyone) wrote, by column
 * name: columns a reader does not know are ignored, a column it needs and
 * the file lacks is an error naming it, and malformed text is an error
 * naming the file, the line and what was expected.
 */
#ifndef NUMAPROBE_CSVREAD_H
#define NUMAPROBE_CSVREAD_H

#include <stddef.h>

#include "error.h"

struct np_csv_table {
	char *path;
	size_t column_count;
	char **columns; /* header names */
	size_t row_count;
	char ***rows;	/* rows[r][c], every row has column_count fields */
	int *row_lines; /* the line each row starts on */
};

/* Reads and parses a whole file (RFC 4180: quoted fields, doubled quotes,
 * newlines inside quotes; LF or CRLF line ends, never CR alone; a UTF-8
 * byte order mark is skipped; NUL bytes are refused). Every row must have
 * the header's number of fields. */
int np_csv_read(const char *path, struct np_csv_table *table, struct np_error *err);
/* The same on text already in memory. */
int np_csv_parse(const char *path, const char *text, struct np_csv_table *table,
		 struct np_error *err);
void np_csv_table_free(struct np_csv_table *table);

/* The index of a column, or -1. */
int np_csv_column(const struct np_csv_table *table, const char *name);
/* Looks up every name; fails naming the first one missing. */
int np_csv_require(const struct np_csv_table *table, const char *const *names, int *indexes,
		   size_t count, struct np_error *err);

/* A field as a finite number from min to max, or as an index (a node id)
 * from 0 to max; the message names the file, the line and the column. */
int np_csv_number(const struct np_csv_table *table, size_t row, int column, double min, double max,
		  double *value, struct np_error *err);
int np_csv_index(const struct np_csv_table *table, size_t row, int column, int max, int *value,
		 struct np_error *err);

/*
 * Table-driven records: each spec names a column, how to read it and
 * where in the record it goes, so a reader of a file format is a list of
 * specs (see benchcsv.c, statscsv.c). A column the file lacks is an error,
 * unless the spec has a default text, which is then read as if it were
 * the field.
 */
enum np_csv_type {
	NP_CSV_TEXT,	     /* const char *, pointing into the table */
	NP_CSV_NODE,	     /* int, a node id 0..NP_MAX_NODES-1 */
	NP_CSV_NODE_OR_NONE, /* int, a node id, or -1 for an empty field */
	NP_CSV_NODE_REF,     /* struct np_csv_node_ref: a node id or a group "0+2" */
	NP_CSV_COUNT_OR_NONE, /* int, 0 to INT_MAX, or -1 for an empty field */
	NP_CSV_UINT,	     /* uint64_t */
	NP_CSV_REAL,	     /* double, finite */
	NP_CSV_PERCENT,	     /* double, 0 to 100 */
};

/* A memory target as bench writes it: one node, or a group of distinct
 * nodes joined by '+' (memory interleaved over them). */
struct np_csv_node_ref {
	int node;	  /* the node, or -1 for a group */
	const char *text; /* as written: "2", "0+2" */
};

struct np_csv_spec {
	const char *column;
	enum np_csv_type type;
	size_t offset;		  /* offsetof(record, field) */
	const char *default_text; /* NULL: the column is required */
};

/* A table and its rows read into records by specs. */
struct np_csv_records {
	struct np_csv_table table;
	void *rows; /* table.row_count records of record_size bytes */
	size_t count;
};

/*
 * Takes `table` over (also on failure) and reads every row into records
 * of `record_size` bytes by the specs; `line_offset` is where each
 * record's int line number goes. Fails naming the file, line and column.
 */
int np_csv_records_read(struct np_csv_table *table, const struct np_csv_spec *specs,
			size_t spec_count, size_t record_size, size_t line_offset,
			struct np_csv_records *out, struct np_error *err);
void np_csv_records_free(struct np_csv_records *records);

#endif
