/* test_idset.c: the list parser and printer (libvirt's cpuset syntax). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/idset.h"

static void expect_list(const char *text, const char *canonical, int count)
{
	struct np_idset set;
	struct np_error err = {""};
	int rc = np_idset_parse(text, &set, &err);
	if (rc != 0)
		fail_msg("'%s' was rejected: %s", text, err.message);
	struct np_strbuf out;
	np_sb_init(&out);
	np_idset_format(&set, &out);
	assert_string_equal(np_sb_str(&out), canonical);
	if (count >= 0)
		assert_int_equal(np_idset_count(&set), count);
	np_sb_free(&out);
}

static void expect_error(const char *text, const char *message)
{
	struct np_idset set;
	struct np_error err = {""};
	assert_int_equal(np_idset_parse(text, &set, &err), -1);
	assert_string_equal(err.message, message);
}

static void test_accepts_libvirt_syntax(void **state)
{
	(void)state;
	expect_list("0", "0", 1);
	expect_list("0-3", "0-3", 4);
	expect_list("0-3,8", "0-3,8", 5);
	expect_list("0-7,^3", "0-2,4-7", 7);
	expect_list(" 0 - 3 , ^2", "0-1,3", 3);
	expect_list("5,3,1", "1,3,5", 3);
	expect_list("1-2,2-3", "1-3", 3);
	expect_list("0,", "0", 1); /* libvirt ends the list at a trailing comma */
	expect_list("16383", "16383", 1);
	expect_list("0-16383", "0-16383", 16384);
	expect_list("0,2,4-5,^4,4", "0,2,4-5", 4); /* left to right */
	expect_list("0-3\n", "0-3", 4);		   /* kernel files end in a newline */
}

static void test_rejects_with_position(void **state)
{
	(void)state;
	expect_error("3-1", "invalid list '3-1' at position 3: range end 1 is below its start 3");
	expect_error("^1-2",
		     "invalid list '^1-2' at position 3: '^' excludes a single id, not a range");
	expect_error("", "invalid list '': it is empty, expected ids such as 0-3,8");
	expect_error("   ", "invalid list '   ': it is empty, expected ids such as 0-3,8");
	expect_error("0,^0", "invalid list '0,^0': it leaves no id selected");
	expect_error("0-3x",
		     "invalid list '0-3x' at position 4: expected ',' or the end, found 'x'");
	expect_error("1 2", "invalid list '1 2' at position 3: expected ',' or the end, found '2'");
	expect_error(
	    "a",
	    "invalid list 'a' at position 1: expected an id (0-16383), found another character");
	expect_error(
	    "0,,1",
	    "invalid list '0,,1' at position 3: expected an id (0-16383), found another character");
	expect_error("0-",
		     "invalid list '0-' at position 3: expected an id (0-16383), found the end");
	expect_error(
	    "-1",
	    "invalid list '-1' at position 1: expected an id (0-16383), found another character");
	expect_error("16384", "invalid list '16384' at position 1: id is above 16383");
	expect_error("0-99999999999999999999",
		     "invalid list '0-99999999999999999999' at position 3: id is above 16383");
	expect_error("^",
		     "invalid list '^' at position 2: expected an id (0-16383), found the end");
}

static void test_kernel_lists_may_be_empty(void **state)
{
	(void)state;
	struct np_idset set;
	struct np_error err;
	np_idset_add(&set, 3);
	assert_int_equal(np_idset_parse_kernel("\n", &set, &err), 0);
	assert_true(np_idset_empty(&set));
	assert_int_equal(np_idset_parse_kernel("2-3\n", &set, &err), 0);
	assert_int_equal(np_idset_count(&set), 2);
	assert_int_equal(np_idset_parse_kernel("2-", &set, &err), -1);
}

static void test_set_operations(void **state)
{
	(void)state;
	struct np_idset a, b;
	np_idset_clear(&a);
	np_idset_clear(&b);
	assert_int_equal(np_idset_next(&a, 0), -1);
	np_idset_add(&a, 63);
	np_idset_add(&a, 64);
	np_idset_add(&a, NP_ID_MAX);
	np_idset_add(&a, NP_ID_MAX + 1); /* ignored */
	np_idset_add(&a, -1);		 /* ignored */
	assert_int_equal(np_idset_count(&a), 3);
	assert_int_equal(np_idset_next(&a, 0), 63);
	assert_int_equal(np_idset_next(&a, 64), 64);
	assert_int_equal(np_idset_next(&a, 65), NP_ID_MAX);
	assert_int_equal(np_idset_next(&a, NP_ID_MAX + 1), -1);
	assert_false(np_idset_has(&a, -5));
	assert_false(np_idset_equal(&a, &b));
	np_idset_add(&b, 64);
	np_idset_add(&b, 63);
	np_idset_add(&b, NP_ID_MAX);
	assert_true(np_idset_equal(&a, &b));
	np_idset_remove(&a, 64);
	assert_false(np_idset_has(&a, 64));
	struct np_strbuf out;
	np_sb_init(&out);
	np_idset_format(&a, &out);
	assert_string_equal(np_sb_str(&out), "63,16383");
	np_sb_reset(&out);
	np_idset_clear(&a);
	np_idset_format(&a, &out);
	assert_string_equal(np_sb_str(&out), "");
	np_idset_format_or(&a, "none", &out);
	assert_string_equal(np_sb_str(&out), "none");
	np_sb_reset(&out);
	np_idset_format_or(&b, "none", &out);
	assert_string_equal(np_sb_str(&out), "63-64,16383");
	np_sb_free(&out);
}

static void test_round_trip(void **state)
{
	(void)state;
	static const char *const lists[] = {"0", "1-2", "0,2,4,6", "0-3,8-11,16383", "100-200,300"};
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		expect_list(lists[i], lists[i], -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_accepts_libvirt_syntax),
	    cmocka_unit_test(test_rejects_with_position),
	    cmocka_unit_test(test_kernel_lists_may_be_empty),
	    cmocka_unit_test(test_set_operations),
	    cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests_name("idset", tests, NULL, NULL);
}
