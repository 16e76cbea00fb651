/* test_csv_json.c: RFC 4180 fields, the append rules, and JSON escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../lib/csv.h"
#include "../../lib/fileio.h"
#include "../../lib/json.h"

static void test_csv_quoting(void **state)
{
	(void)state;
	struct np_strbuf row;
	np_sb_init(&row);
	np_csv_field(&row, true, "plain");
	np_csv_field(&row, false, "a,b");
	np_csv_field(&row, false, "say \"hi\"");
	np_csv_field(&row, false, "");
	np_csv_field(&row, false, "two\nlines");
	np_csv_field(&row, false, " padded");
	np_csv_field(&row, false, "MB/s");
	np_csv_end_row(&row);
	assert_string_equal(np_sb_str(&row),
			    "plain,\"a,b\",\"say \"\"hi\"\"\",,\"two\nlines\",\" padded\",MB/s\n");
	np_sb_free(&row);
}

static char temp_dir[] = "/tmp/numaprobe-csv-XXXXXX";

static int make_temp_dir(void **state)
{
	(void)state;
	return mkdtemp(temp_dir) ? 0 : -1;
}

static int remove_temp_dir(void **state)
{
	(void)state;
	char command[128];
	snprintf(command, sizeof(command), "rm -rf '%s'", temp_dir);
	return system(command) == 0 ? 0 : -1;
}

static char *temp_path(const char *name)
{
	char *path = malloc(256);
	snprintf(path, 256, "%s/%s", temp_dir, name);
	unlink(path);
	return path;
}

static char *slurp(const char *path)
{
	struct np_strbuf text;
	np_sb_init(&text);
	assert_int_equal(np_read_file(path, &text, NULL, NULL), 0);
	return text.data ? text.data : strdup("");
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_append_writes_header_once(void **state)
{
	(void)state;
	char *path = temp_path("a.csv");
	struct np_error err;
	assert_int_equal(np_csv_append_file(path, "x,y", "1,2\n", 4, &err), 0);
	assert_int_equal(np_csv_append_file(path, "x,y", "3,4\n5,6\n", 8, &err), 0);
	char *text = slurp(path);
	assert_string_equal(text, "x,y\n1,2\n3,4\n5,6\n");
	free(text);
	free(path);
}

static void test_append_refuses_other_header(void **state)
{
	(void)state;
	char *path = temp_path("b.csv");
	write_text(path, "x,y,z\n1,2,3\n");
	struct np_error err;
	assert_int_equal(np_csv_append_file(path, "x,y", "1,2\n", 4, &err), -1);
	char expected[512];
	snprintf(expected, sizeof(expected),
		 "%s: its header is not numaprobe's current one; refusing to append: start a "
		 "new file (found 'x,y,z', expected 'x,y')",
		 path);
	assert_string_equal(err.message, expected);
	char *text = slurp(path);
	assert_string_equal(text, "x,y,z\n1,2,3\n");
	free(text);
	/* A header that merely starts like ours is different too. */
	write_text(path, "x,yy\n");
	assert_int_equal(np_csv_append_file(path, "x,y", "1,2\n", 4, &err), -1);
	free(path);
}

static void test_append_refuses_torn_file(void **state)
{
	(void)state;
	char *path = temp_path("c.csv");
	write_text(path, "x,y\n1,2\n3,");
	struct np_error err;
	assert_int_equal(np_csv_append_file(path, "x,y", "5,6\n", 4, &err), -1);
	assert_non_null(strstr(err.message, "its last line is incomplete"));
	char *text = slurp(path);
	assert_string_equal(text, "x,y\n1,2\n3,");
	free(text);
	free(path);
}

static void test_append_reports_unwritable(void **state)
{
	(void)state;
	struct np_error err;
	assert_int_equal(np_csv_append_file("/nonexistent-dir/x.csv", "x", "1\n", 2, &err), -1);
	assert_string_equal(
	    err.message,
	    "/nonexistent-dir/x.csv: cannot open for appending: No such file or directory");
	if (access("/dev/full", W_OK) == 0) {
		/* Not a regular file: refused before anything is written. */
		assert_int_equal(np_csv_append_file("/dev/full", "x", "1\n", 2, &err), -1);
		assert_string_equal(err.message, "/dev/full: not a regular file");
	}
}

/* A write that lands only partly (a full disk) is undone: the file keeps
 * exactly its old bytes. RLIMIT_FSIZE makes the kernel cut the write short
 * without needing a real full filesystem; it runs in a child so the limit
 * does not outlive the test. */
static void test_append_undoes_short_write(void **state)
{
	(void)state;
	char *path = temp_path("d.csv");
	write_text(path, "x,y\n1,2\n");
	char rows[4096];
	for (size_t i = 0; i + 4 <= sizeof(rows); i += 4)
		memcpy(rows + i, "7,8\n", 4);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		signal(SIGXFSZ, SIG_IGN);
		struct rlimit limit = {100, 100};
		setrlimit(RLIMIT_FSIZE, &limit);
		struct np_error err;
		int rc = np_csv_append_file(path, "x,y", rows, sizeof(rows), &err);
		_exit(rc == -1 && strstr(err.message, "the file is unchanged") ? 0 : 1);
	}
	int status;
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	char *text = slurp(path);
	assert_string_equal(text, "x,y\n1,2\n");
	free(text);
	free(path);
}

static void test_json_document(void **state)
{
	(void)state;
	struct np_strbuf out;
	np_sb_init(&out);
	struct np_json json;
	np_json_init(&json, &out);
	np_json_object(&json);
	np_json_key(&json, "name");
	np_json_string(&json, "a \"quoted\"\\path\n\t\x01\x1f");
	np_json_key(&json, "ids");
	struct np_idset set;
	np_idset_clear(&set);
	np_idset_add(&set, 0);
	np_idset_add(&set, 2);
	np_json_idset(&json, &set);
	np_json_key(&json, "empty");
	np_json_array(&json);
	np_json_array_end(&json);
	np_json_key(&json, "lines");
	np_json_lines(&json, "first \"one\"\nsecond\n");
	np_json_key(&json, "nested");
	np_json_array(&json);
	np_json_object(&json);
	np_json_key(&json, "n");
	np_json_int(&json, -3);
	np_json_object_end(&json);
	np_json_uint(&json, UINT64_MAX);
	np_json_double(&json, 1.25, 2);
	np_json_double(&json, 0.0 / 0.0, 2);
	np_json_bool(&json, false);
	np_json_null(&json);
	np_json_array_end(&json);
	np_json_object_end(&json);
	np_json_finish(&json);
	assert_string_equal(np_sb_str(&out),
			    "{\n"
			    "  \"name\": \"a \\\"quoted\\\"\\\\path\\n\\t\\u0001\\u001f\",\n"
			    "  \"ids\": [0, 2],\n"
			    "  \"empty\": [],\n"
			    "  \"lines\": [\n"
			    "    \"first \\\"one\\\"\",\n"
			    "    \"second\"\n"
			    "  ],\n"
			    "  \"nested\": [\n"
			    "    {\n"
			    "      \"n\": -3\n"
			    "    },\n"
			    "    18446744073709551615,\n"
			    "    1.25,\n"
			    "    null,\n"
			    "    false,\n"
			    "    null\n"
			    "  ]\n"
			    "}\n");
	np_sb_free(&out);
}

static void test_json_utf8(void **state)
{
	(void)state;
	struct np_strbuf out;
	np_sb_init(&out);
	/* Valid UTF-8 passes through; invalid bytes, overlong forms and
	 * surrogates become U+FFFD so the document stays valid. */
	np_json_escape(&out, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	assert_string_equal(np_sb_str(&out), "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	np_sb_reset(&out);
	np_json_escape(&out, "bad\xff\xc0\xaf\xed\xa0\x80\xc3");
	assert_string_equal(np_sb_str(&out),
			    "\"bad\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\"");
	np_sb_reset(&out);
	np_json_escape(&out, "\b\f\r\x0b\x7f");
	assert_string_equal(np_sb_str(&out), "\"\\b\\f\\r\\u000b\x7f\"");
	np_sb_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csv_quoting),
	    cmocka_unit_test(test_append_writes_header_once),
	    cmocka_unit_test(test_append_refuses_other_header),
	    cmocka_unit_test(test_append_refuses_torn_file),
	    cmocka_unit_test(test_append_reports_unwritable),
	    cmocka_unit_test(test_append_undoes_short_write),
	    cmocka_unit_test(test_json_document),
	    cmocka_unit_test(test_json_utf8),
	};
	return cmocka_run_group_tests_name("csv_json", tests, make_temp_dir, remove_temp_dir);
}
