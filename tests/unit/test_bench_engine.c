/* test_bench_engine.c: the chase chain, the bandwidth kernels and the
 * statistics, on ordinary heap memory (placement is tested end to end). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "../../bench/chain.h"
#include "../../bench/kernels.h"
#include "../../lib/summary.h"

/* Follows the chain from start and checks it is one cycle over every line:
 * each line visited exactly once before returning to the start. */
static void expect_single_cycle(char *buffer, size_t bytes, void *start)
{
	size_t lines = bytes / NP_LINE_BYTES;
	unsigned char *seen = calloc(lines, 1);
	assert_non_null(seen);
	char *p = start;
	for (size_t step = 0; step < lines; step++) {
		assert_true(p >= buffer && p < buffer + bytes);
		assert_int_equal((size_t)(p - buffer) % NP_LINE_BYTES, 0);
		size_t line = (size_t)(p - buffer) / NP_LINE_BYTES;
		if (seen[line])
			fail_msg("line %zu visited twice after %zu steps of %zu (short cycle)",
				 line, step, lines);
		seen[line] = 1;
		p = *(char **)p;
	}
	assert_ptr_equal(p, start); /* back at the start after exactly `lines` steps */
	free(seen);
}

static void test_chain_is_one_cycle(void **state)
{
	(void)state;
	const size_t pages[] = {4096, 8192, 2u << 20};
	const size_t sizes_in_pages[] = {1, 2, 3, 7, 64, 65, 100};
	const size_t localities[] = {0, 4096, 12288, 256 * 1024, 1u << 30};
	for (size_t pi = 0; pi < 3; pi++) {
		for (size_t si = 0; si < sizeof(sizes_in_pages) / sizeof(sizes_in_pages[0]); si++) {
			size_t bytes = pages[pi] * sizes_in_pages[si];
			if (bytes > (16u << 20))
				continue;
			char *buffer = aligned_alloc(4096, bytes);
			assert_non_null(buffer);
			for (size_t li = 0; li < sizeof(localities) / sizeof(localities[0]); li++) {
				for (uint64_t seed = 1; seed <= 3; seed++) {
					struct np_chain_params params = {
					    bytes, pages[pi], localities[li], seed * 7919};
					void *start;
					struct np_error err;
					assert_int_equal(
					    np_chain_build(buffer, &params, &start, &err), 0);
					expect_single_cycle(buffer, bytes, start);
				}
			}
			free(buffer);
		}
	}
}

/* With TLB locality, the chase finishes every line of a group before it
 * leaves the group, and visits the groups in a shuffled order. */
static void test_chain_respects_tlb_groups(void **state)
{
	(void)state;
	size_t bytes = 64 * 4096, group = 4 * 4096;
	char *buffer = aligned_alloc(4096, bytes);
	assert_non_null(buffer);
	struct np_chain_params params = {bytes, 4096, group, 42};
	void *start;
	assert_int_equal(np_chain_build(buffer, &params, &start, NULL), 0);
	size_t lines_per_group = group / NP_LINE_BYTES;
	char *p = start;
	size_t groups_in_order = 0;
	size_t previous_group = SIZE_MAX;
	size_t sequential_lines = 0;
	for (size_t g = 0; g < bytes / group; g++) {
		size_t this_group = (size_t)(p - buffer) / group;
		if (previous_group != SIZE_MAX && this_group == previous_group + 1)
			groups_in_order++;
		for (size_t i = 0; i < lines_per_group; i++) {
			assert_int_equal((size_t)(p - buffer) / group, this_group);
			char *next = *(char **)p;
			if (next == p + NP_LINE_BYTES)
				sequential_lines++;
			p = next;
		}
		previous_group = this_group;
	}
	assert_ptr_equal(p, start);
	/* A shuffle leaves few neighbours in order; a bug that keeps the
	 * identity order would make all of them so. */
	assert_true(groups_in_order < 8);
	assert_true(sequential_lines < bytes / NP_LINE_BYTES / 16);
	free(buffer);
}

static void test_chain_rejects_bad_sizes(void **state)
{
	(void)state;
	char buffer[128];
	void *start;
	struct np_error err;
	struct np_chain_params params = {100, 4096, 0, 1};
	assert_int_equal(np_chain_build(buffer, &params, &start, &err), -1);
	params = (struct np_chain_params){64, 64, 0, 1};
	assert_int_equal(np_chain_build(buffer, &params, &start, &err), -1);
	assert_string_equal(err.message, "chain: buffer of 64 bytes is not a whole number of "
					 "64-byte pages holding 2 or more lines");
}

static void test_chase_follows_links(void **state)
{
	(void)state;
	/* Four lines linked 0 -> 2 -> 1 -> 3 -> 0. */
	char *buffer = aligned_alloc(64, 4 * NP_LINE_BYTES);
	char *line[4];
	for (int i = 0; i < 4; i++)
		line[i] = buffer + i * NP_LINE_BYTES;
	*(char **)line[0] = line[2];
	*(char **)line[2] = line[1];
	*(char **)line[1] = line[3];
	*(char **)line[3] = line[0];
	assert_ptr_equal(np_chain_chase(line[0], 1), line[2]);
	assert_ptr_equal(np_chain_chase(line[0], 3), line[3]);
	assert_ptr_equal(np_chain_chase(line[0], 4), line[0]);
	assert_ptr_equal(np_chain_chase(line[0], 32 * 4 + 2), line[1]); /* unrolled part + rest */
	free(buffer);
}

static void test_random_below_is_in_range(void **state)
{
	(void)state;
	uint64_t s = 1;
	unsigned counts[3] = {0};
	for (int i = 0; i < 30000; i++) {
		uint64_t v = np_random_below(&s, 3);
		assert_true(v < 3);
		counts[v]++;
	}
	for (int i = 0; i < 3; i++)
		assert_true(counts[i] > 9000 && counts[i] < 11000);
	assert_int_equal(np_random_below(&s, 1), 0);
}

static void test_kernels_compute_right_values(void **state)
{
	(void)state;
	size_t n = 4 * NP_KERNEL_DOUBLES_MULTIPLE;
	double *a = aligned_alloc(64, n * sizeof(double));
	double *b = aligned_alloc(64, n * sizeof(double));
	double *c = aligned_alloc(64, n * sizeof(double));
	for (int m = 0; m < NP_BW_MODE_COUNT; m++) {
		const struct np_bw_kernel *k = np_bw_kernel((enum np_bw_mode)m);
		assert_non_null(k);
		assert_int_equal(np_bw_mode_from_name(k->name), m);
		np_bw_prepare(k, a, b, c, n);
		double result = k->run(a, b, c, n, NP_TRIAD_SCALAR);
		switch (k->mode) {
		case NP_BW_READ:
			assert_true(result == (double)n); /* every element is 1.0 */
			break;
		case NP_BW_WRITE:
		case NP_BW_NTWRITE:
			for (size_t i = 0; i < n; i++)
				assert_true(a[i] == NP_TRIAD_SCALAR);
			break;
		case NP_BW_COPY:
		case NP_BW_NTCOPY:
			for (size_t i = 0; i < n; i++)
				assert_true(a[i] == (double)(i % 1024));
			break;
		case NP_BW_TRIAD:
			for (size_t i = 0; i < n; i++)
				assert_true(a[i] ==
					    (double)(i % 1024) + 3.0 * ((double)(i % 7) + 2.0));
			break;
		default:
			fail();
		}
		assert_int_equal(np_bw_validate(k, a, b, c, n), -1);
		if (k->mode == NP_BW_COPY || k->mode == NP_BW_TRIAD || k->mode == NP_BW_NTCOPY) {
			a[77] += 1.0;
			assert_int_equal(np_bw_validate(k, a, b, c, n), 77);
		}
	}
	assert_int_equal(np_bw_mode_from_name("stream"), -1);
	const char *isa = np_bw_isa();
	assert_true(!strcmp(isa, "avx512") || !strcmp(isa, "avx2") || !strcmp(isa, "sse2") ||
		    !strcmp(isa, "scalar"));
	/* Bytes counted per pass, as STREAM counts them. */
	assert_int_equal(np_bw_kernel(NP_BW_READ)->counted_arrays, 1);
	assert_int_equal(np_bw_kernel(NP_BW_NTWRITE)->counted_arrays, 1);
	assert_int_equal(np_bw_kernel(NP_BW_COPY)->counted_arrays, 2);
	assert_int_equal(np_bw_kernel(NP_BW_TRIAD)->counted_arrays, 3);
	free(a);
	free(b);
	free(c);
}

/* cmocka 1.1.5 (Debian 12) has no assert_double_equal. */
#define assert_close(actual, expected, tolerance)                                                  \
	assert_true(fabs((actual) - (expected)) <= (tolerance))

static void test_summary_is_exact(void **state)
{
	(void)state;
	struct np_summary s;
	const double samples[] = {5, 1, 4, 2, 3};
	assert_int_equal(np_summarise(samples, 5, &s), 0);
	assert_int_equal(s.count, 5);
	assert_true(s.min == 1 && s.max == 5 && s.median == 3 && s.mean == 3);
	assert_close(s.stddev, 1.5811388300841898, 1e-15); /* sqrt(2.5) */
	assert_close(s.p90, 4.6, 1e-12);		   /* 4 + 0.6 * (5 - 4) */
	assert_close(s.p99, 4.96, 1e-12);
	const double even[] = {10, 20, 30, 40};
	assert_int_equal(np_summarise(even, 4, &s), 0);
	assert_true(s.median == 25 && s.mean == 25);
	assert_close(s.p90, 37, 1e-12); /* h = 2.7 */
	assert_close(s.stddev, 12.909944487358056, 1e-12);
	const double one[] = {7.5};
	assert_int_equal(np_summarise(one, 1, &s), 0);
	assert_true(s.min == 7.5 && s.median == 7.5 && s.p99 == 7.5 && s.stddev == 0);
	assert_int_equal(np_summarise(one, 0, &s), -1);
	/* The samples are not reordered. */
	assert_true(samples[0] == 5 && samples[4] == 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chain_is_one_cycle),
	    cmocka_unit_test(test_chain_respects_tlb_groups),
	    cmocka_unit_test(test_chain_rejects_bad_sizes),
	    cmocka_unit_test(test_chase_follows_links),
	    cmocka_unit_test(test_random_below_is_in_range),
	    cmocka_unit_test(test_kernels_compute_right_values),
	    cmocka_unit_test(test_summary_is_exact),
	};
	return cmocka_run_group_tests_name("bench_engine", tests, NULL, NULL);
}
