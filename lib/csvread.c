/* csvread.c: RFC 4180 reading by column name; see csvread.h. */
#include "csvread.h"

#include <float.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "fileio.h"
#include "idset.h"
#include "number.h"
#include "strbuf.h"

struct row_builder {
	char **fields;
	size_t count, cap;
};

static int push_field(struct row_builder *row, struct np_strbuf *field)
{
	if (row->count == row->cap) {
		row->cap = row->cap ? row->cap * 2 : 16;
		char **grown = realloc(row->fields, row->cap * sizeof(*grown));
		if (!grown)
			return -1;
		row->fields = grown;
	}
	char *copy = strdup(np_sb_str(field));
	if (!copy)
		return -1;
	row->fields[row->count++] = copy;
	np_sb_reset(field);
	return 0;
}

static void free_fields(char **fields, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(fields[i]);
	free(fields);
}

/* Drops a row that will not be kept, leaving the builder empty. */
static void discard_row(struct row_builder *row)
{
	free_fields(row->fields, row->count);
	row->fields = NULL;
	row->count = row->cap = 0;
}

static int add_row(struct np_csv_table *t, struct row_builder *row, int line, struct np_error *err)
{
	if (t->column_count == 0) {
		t->columns = row->fields;
		t->column_count = row->count;
	} else {
		if (row->count != t->column_count) {
			int rc =
			    np_fail(err, "%s line %d: %zu fields, expected %zu as in the header",
				    t->path, line, row->count, t->column_count);
			discard_row(row);
			return rc;
		}
		if (t->row_count % 64 == 0) {
			char ***rows = realloc(t->rows, (t->row_count + 64) * sizeof(*rows));
			int *lines = realloc(t->row_lines, (t->row_count + 64) * sizeof(*lines));
			if (rows)
				t->rows = rows;
			if (lines)
				t->row_lines = lines;
			if (!rows || !lines) {
				discard_row(row);
				return np_fail(err, "%s: out of memory", t->path);
			}
		}
		t->rows[t->row_count] = row->fields;
		t->row_lines[t->row_count++] = line;
	}
	row->fields = NULL;
	row->count = row->cap = 0;
	return 0;
}

int np_csv_parse(const char *path, const char *text, struct np_csv_table *t, struct np_error *err)
{
	memset(t, 0, sizeof(*t));
	t->path = strdup(path);
	struct row_builder row = {0};
	struct np_strbuf field;
	np_sb_init(&field);
	int line = 1, row_line = 1, rc = 0;
	const char *p = text;
	/* A byte order mark, as spreadsheet programs write, is not part of
	 * the first column's name. */
	if ((unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb &&
	    (unsigned char)p[2] == 0xbf)
		p += 3;
	bool in_quotes = false, quoted = false, any = false;
	while (rc == 0) {
		char c = *p;
		if (in_quotes) {
			if (c == '\0') {
				rc = np_fail(err,
					     "%s line %d: a quoted field is not closed before the "
					     "end of the file",
					     path, row_line);
				break;
			}
			if (c == '"' && p[1] == '"') {
				np_sb_putc(&field, '"');
				p += 2;
				continue;
			}
			if (c == '"') {
				in_quotes = false;
				p++;
				continue;
			}
			if (c == '\n')
				line++;
			np_sb_putc(&field, c);
			p++;
			continue;
		}
		if (c == '"') {
			if (field.len || quoted) {
				rc = np_fail(err,
					     "%s line %d: a quote inside an unquoted field "
					     "(expected RFC 4180 quoting)",
					     path, line);
				break;
			}
			in_quotes = quoted = any = true;
			p++;
			continue;
		}
		if (quoted && c != ',' && c != '\n' && c != '\r' && c != '\0') {
			rc = np_fail(err,
				     "%s line %d: text after a closing quote (expected ',' or the "
				     "end of the line)",
				     path, line);
			break;
		}
		if (c == ',') {
			if (push_field(&row, &field) < 0)
				rc = np_fail(err, "%s: out of memory", path);
			quoted = false;
			any = true;
			p++;
			continue;
		}
		if (c == '\r' && p[1] == '\n') {
			p++, c = '\n';
		} else if (c == '\r') {
			rc = np_fail(err,
				     "%s line %d: a carriage return without a line feed (expected "
				     "LF or CRLF line ends)",
				     path, line);
			break;
		}
		if (c == '\n' || c == '\0') {
			if (any || field.len || row.count) {
				if (push_field(&row, &field) < 0)
					rc = np_fail(err, "%s: out of memory", path);
				else
					rc = add_row(t, &row, row_line, err);
			}
			quoted = any = false;
			if (c == '\0')
				break;
			line++;
			row_line = line;
			p++;
			continue;
		}
		np_sb_putc(&field, c);
		any = true;
		p++;
	}
	free_fields(row.fields, row.count);
	np_sb_free(&field);
	if (rc == 0 && t->column_count == 0)
		rc = np_fail(err, "%s: empty, expected a header line", path);
	if (rc < 0)
		np_csv_table_free(t);
	return rc;
}

int np_csv_read(const char *path, struct np_csv_table *table, struct np_error *err)
{
	struct np_strbuf text;
	np_sb_init(&text);
	int rc = np_read_file(path, &text, NULL, err); /* refuses NUL bytes */
	if (rc == 0)
		rc = np_csv_parse(path, np_sb_str(&text), table, err);
	else
		memset(table, 0, sizeof(*table));
	np_sb_free(&text);
	return rc;
}

void np_csv_table_free(struct np_csv_table *t)
{
	free_fields(t->columns, t->column_count);
	for (size_t r = 0; r < t->row_count; r++)
		free_fields(t->rows[r], t->column_count);
	free(t->rows);
	free(t->row_lines);
	free(t->path);
	memset(t, 0, sizeof(*t));
}

int np_csv_column(const struct np_csv_table *t, const char *name)
{
	for (size_t c = 0; c < t->column_count; c++)
		if (strcmp(t->columns[c], name) == 0)
			return (int)c;
	return -1;
}

int np_csv_require(const struct np_csv_table *t, const char *const *names, int *indexes,
		   size_t count, struct np_error *err)
{
	for (size_t i = 0; i < count; i++) {
		indexes[i] = np_csv_column(t, names[i]);
		if (indexes[i] < 0)
			return np_fail(err,
				       "%s: no column '%s' (the file's columns do not include it)",
				       t->path, names[i]);
	}
	return 0;
}

int np_csv_number(const struct np_csv_table *t, size_t row, int column, double min, double max,
		  double *value, struct np_error *err)
{
	if (np_parse_real(t->rows[row][column], min, max, value, err) < 0)
		return np_fail_prefix(err, "%s line %d, column %s", t->path, t->row_lines[row],
				      t->columns[column]);
	return 0;
}

int np_csv_index(const struct np_csv_table *t, size_t row, int column, int max, int *value,
		 struct np_error *err)
{
	if (np_parse_index(t->rows[row][column], max, value, err) < 0)
		return np_fail_prefix(err, "%s line %d, column %s", t->path, t->row_lines[row],
				      t->columns[column]);
	return 0;
}

/* "N" or "N+M[+...]" with distinct nodes below NP_MAX_NODES. */
static int parse_node_ref(const char *text, struct np_csv_node_ref *ref, struct np_error *why)
{
	ref->text = text;
	ref->node = -1;
	if (!strchr(text, '+')) {
		uint64_t number;
		int rc = np_parse_uint(text, NP_MAX_NODES - 1, &number, why);
		ref->node = (int)number;
		return rc;
	}
	struct np_idset seen;
	np_idset_clear(&seen);
	for (const char *part = text; part;) {
		const char *plus = strchr(part, '+');
		size_t len = plus ? (size_t)(plus - part) : strlen(part);
		char item[16];
		uint64_t number;
		if (len == 0 || len >= sizeof(item))
			return np_fail(why, "expected a node or nodes joined by '+', such as 0+2");
		memcpy(item, part, len);
		item[len] = '\0';
		if (np_parse_uint(item, NP_MAX_NODES - 1, &number, why) < 0)
			return -1;
		if (np_idset_has(&seen, (int)number))
			return np_fail(why, "node %d is twice in the group", (int)number);
		np_idset_add(&seen, (int)number);
		part = plus ? plus + 1 : NULL;
	}
	return 0;
}

static int fill_records(const struct np_csv_table *t, const struct np_csv_spec *specs,
			size_t spec_count, void *records, size_t record_size, size_t line_offset,
			struct np_error *err)
{
	for (size_t c = 0; c < spec_count; c++) {
		int column = np_csv_column(t, specs[c].column);
		if (column < 0 && !specs[c].default_text)
			return np_fail(err,
				       "%s: no column '%s' (the file's columns do not include it)",
				       t->path, specs[c].column);
		for (size_t r = 0; r < t->row_count; r++) {
			char *record = (char *)records + r * record_size;
			void *slot = record + specs[c].offset;
			const char *text = column >= 0 ? t->rows[r][column] : specs[c].default_text;
			struct np_error why;
			uint64_t number;
			double real;
			int rc = 0;
			*(int *)(record + line_offset) = t->row_lines[r];
			switch (specs[c].type) {
			case NP_CSV_TEXT:
				*(const char **)slot = text;
				break;
			case NP_CSV_NODE_REF:
				rc = parse_node_ref(text, (struct np_csv_node_ref *)slot, &why);
				break;
			case NP_CSV_NODE_OR_NONE:
				if (!*text) {
					*(int *)slot = -1;
					break;
				}
				/* fall through */
			case NP_CSV_NODE:
				rc = np_parse_uint(text, NP_MAX_NODES - 1, &number, &why);
				*(int *)slot = (int)number;
				break;
			case NP_CSV_COUNT_OR_NONE:
				number = 0;
				rc = *text ? np_parse_uint(text, INT_MAX, &number, &why) : 0;
				*(int *)slot = *text ? (int)number : -1;
				break;
			case NP_CSV_UINT:
				rc = np_parse_uint(text, UINT64_MAX, (uint64_t *)slot, &why);
				break;
			case NP_CSV_REAL:
			case NP_CSV_PERCENT:
				rc = np_parse_real(
				    text, specs[c].type == NP_CSV_PERCENT ? 0 : -DBL_MAX,
				    specs[c].type == NP_CSV_PERCENT ? 100 : DBL_MAX, &real, &why);
				*(double *)slot = real;
				break;
			}
			if (rc < 0)
				return np_fail(err, "%s line %d, column %s: %s", t->path,
					       t->row_lines[r], specs[c].column, why.message);
		}
	}
	return 0;
}

int np_csv_records_read(struct np_csv_table *table, const struct np_csv_spec *specs,
			size_t spec_count, size_t record_size, size_t line_offset,
			struct np_csv_records *out, struct np_error *err)
{
	memset(out, 0, sizeof(*out));
	out->table = *table;
	memset(table, 0, sizeof(*table));
	out->rows = calloc(out->table.row_count ? out->table.row_count : 1, record_size);
	int rc = out->rows ? fill_records(&out->table, specs, spec_count, out->rows, record_size,
					  line_offset, err)
			   : np_fail(err, "out of memory");
	out->count = out->table.row_count;
	if (rc < 0)
		np_csv_records_free(out);
	return rc;
}

void np_csv_records_free(struct np_csv_records *records)
{
	np_csv_table_free(&records->table);
	free(records->rows);
	memset(records, 0, sizeof(*records));
}
