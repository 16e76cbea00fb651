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

#endif
