/* test_size.c: the one size parser, with libvirt's unit rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../lib/size.h"

static void expect_size(const char *text, uint64_t default_scale, uint64_t bytes)
{
	uint64_t got = 0;
	struct np_error err = {""};
	if (np_parse_size(text, default_scale, &got, &err) != 0)
		fail_msg("'%s' was rejected: %s", text, err.message);
	assert_int_equal(got, bytes);
}

static void expect_error(const char *text, const char *message)
{
	uint64_t got = 0;
	struct np_error err = {""};
	assert_int_equal(np_parse_size(text, 1, &got, &err), -1);
	assert_string_equal(err.message, message);
}

static void test_bytes(void **state)
{
	(void)state;
	expect_size("4096", 1, 4096);
	expect_size("0", 1, 0);
	expect_size("7b", 1, 7);
	expect_size("7 B", 1, 7);
	expect_size("7byte", 1, 7);
	expect_size("7 BYTES", 1, 7);
	expect_size("3", 1024, 3072); /* domain XML: KiB by default */
}

static void test_powers_of_1024(void **state)
{
	(void)state;
	expect_size("1k", 1, 1024);
	expect_size("1K", 1, 1024);
	expect_size("1KiB", 1, 1024);
	expect_size("1kib", 1, 1024);
	expect_size("256M", 1, 268435456);
	expect_size("256 MiB", 1, 268435456);
	expect_size("3G", 1, 3221225472ULL);
	expect_size("3gIb", 1, 3221225472ULL);
	expect_size("2T", 1, 2199023255552ULL);
	expect_size("1P", 1, 1125899906842624ULL);
	expect_size("15E", 1, 17293822569102704640ULL);
}

static void test_powers_of_1000(void **state)
{
	(void)state;
	expect_size("1KB", 1, 1000);
	expect_size("1kb", 1, 1000);
	expect_size("64MB", 1, 64000000);
	expect_size("2Gb", 1, 2000000000);
	expect_size("1TB", 1, 1000000000000ULL);
	expect_size("1PB", 1, 1000000000000000ULL);
	expect_size("18EB", 1, 18000000000000000000ULL);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("", "size '' does not start with a number: expected e.g. 256M or 4096");
	expect_error("M", "size 'M' does not start with a number: expected e.g. 256M or 4096");
	expect_error("-1G", "size '-1G' is negative: expected a size of 0 or more");
	expect_error(
	    "1.5G",
	    "size '1.5G': unknown unit '.5G': expected b, bytes, k/KiB, M/MiB, G/GiB, T/TiB, "
	    "P/PiB, E/EiB (powers of 1024) or KB, MB, GB, TB, PB, EB (powers of 1000)");
	expect_error("1X",
		     "size '1X': unknown unit 'X': expected b, bytes, k/KiB, M/MiB, G/GiB, T/TiB, "
		     "P/PiB, E/EiB (powers of 1024) or KB, MB, GB, TB, PB, EB (powers of 1000)");
	expect_error(
	    "1Mi", "size '1Mi': unknown unit 'Mi': expected b, bytes, k/KiB, M/MiB, G/GiB, T/TiB, "
		   "P/PiB, E/EiB (powers of 1024) or KB, MB, GB, TB, PB, EB (powers of 1000)");
	expect_error(
	    "1MiBs",
	    "size '1MiBs': unknown unit 'MiBs': expected b, bytes, k/KiB, M/MiB, G/GiB, T/TiB, "
	    "P/PiB, E/EiB (powers of 1024) or KB, MB, GB, TB, PB, EB (powers of 1000)");
	expect_error("16E", "size '16E' is too large: it overflows 64 bits of bytes");
	expect_error("19EB", "size '19EB' is too large: it overflows 64 bits of bytes");
	expect_error("18446744073709551616",
		     "size '18446744073709551616' is too large: it overflows 64 bits");
	expect_error("99999999999999999999999G",
		     "size '99999999999999999999999G' is too large: it overflows 64 bits");
	expect_error(
	    "1 mega",
	    "size '1 mega': unknown unit 'mega': expected b, bytes, k/KiB, M/MiB, G/GiB, T/TiB, "
	    "P/PiB, E/EiB (powers of 1024) or KB, MB, GB, TB, PB, EB (powers of 1000)");
	expect_error(
	    "1 megabytes-of-data",
	    "size '1 megabytes-of-data' has an unknown unit: expected e.g. K, MiB, GB or bytes");
}

static void test_value_with_unit(void **state)
{
	(void)state;
	uint64_t bytes;
	struct np_error err;
	assert_int_equal(np_parse_size_with_unit("3", "GiB", &bytes, &err), 0);
	assert_int_equal(bytes, 3221225472ULL);
	assert_int_equal(np_parse_size_with_unit("3", NULL, &bytes, &err), 0);
	assert_int_equal(bytes, 3072); /* KiB is libvirt's default */
	assert_int_equal(np_parse_size_with_unit(" 2097152 ", "KiB", &bytes, &err), 0);
	assert_int_equal(bytes, 2147483648ULL);
	assert_int_equal(np_parse_size_with_unit("5", "MB", &bytes, &err), 0);
	assert_int_equal(bytes, 5000000);
	assert_int_equal(np_parse_size_with_unit("3G", "GiB", &bytes, &err), -1);
	assert_string_equal(err.message, "size '3G' is not a whole number: expected digits only");
	assert_int_equal(np_parse_size_with_unit("3", "furlongs", &bytes, &err), -1);
	assert_string_equal(
	    err.message,
	    "unknown unit 'furlongs': expected b, bytes, k/KiB, M/MiB, G/GiB, T/TiB, P/PiB, E/EiB "
	    "(powers of 1024) or KB, MB, GB, TB, PB, EB (powers of 1000)");
	assert_int_equal(np_parse_size_with_unit("-3", "GiB", &bytes, &err), -1);
	assert_string_equal(err.message, "size '-3' is negative: expected a size of 0 or more");
	assert_int_equal(np_parse_size_with_unit("17179869184", "GiB", &bytes, &err), -1);
	assert_string_equal(err.message,
			    "size '17179869184' is too large: it overflows 64 bits of bytes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bytes),	    cmocka_unit_test(test_powers_of_1024),
	    cmocka_unit_test(test_powers_of_1000),  cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_value_with_unit),
	};
	return cmocka_run_group_tests_name("size", tests, NULL, NULL);
}
