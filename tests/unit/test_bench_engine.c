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

#include "../../bench/c2c.h"
#include "../../bench/chain.h"
#include "../../bench/kernels.h"
#include "../../bench/loaded.h"
#include "../../bench/policy.h"
#include "../../bench/runner.h"
#include "../../bench/sweep.h"
#include "../../lib/histogram.h"
#include "../../lib/summary.h"

/* Follows the chain from start and checks it is one cycle over every
 * stride slot: each slot visited exactly once before returning to the
 * start, at an 8-byte-aligned offset inside its slot. */
static void expect_single_cycle(char *buffer, size_t bytes, size_t stride, void *start)
{
	size_t slots = bytes / stride;
	unsigned char *seen = calloc(slots, 1);
	assert_non_null(seen);
	char *p = start;
	for (size_t step = 0; step < slots; step++) {
		assert_true(p >= buffer && p < buffer + slots * stride);
		assert_int_equal((size_t)(p - buffer) % 8, 0);
		size_t slot = (size_t)(p - buffer) / stride;
		if (seen[slot])
			fail_msg("slot %zu visited twice after %zu steps of %zu (short cycle)",
				 slot, step, slots);
		seen[slot] = 1;
		p = *(char **)p;
	}
	assert_ptr_equal(p, start); /* back at the start after exactly `slots` steps */
	free(seen);
}

static void test_chain_is_one_cycle(void **state)
{
	(void)state;
	const size_t sizes_in_pages[] = {1, 2, 3, 7, 64, 65, 100, 513};
	const size_t strides[] = {8, 64, 192, 256, 4096, 65536};
	const size_t localities[] = {0, 4096, 12288, 256 * 1024, 1u << 30};
	for (size_t si = 0; si < sizeof(sizes_in_pages) / sizeof(sizes_in_pages[0]); si++) {
		size_t bytes = 4096 * sizes_in_pages[si];
		char *buffer = aligned_alloc(4096, bytes);
		assert_non_null(buffer);
		for (size_t st = 0; st < sizeof(strides) / sizeof(strides[0]); st++) {
			if (bytes / strides[st] < 2)
				continue;
			for (size_t li = 0; li < sizeof(localities) / sizeof(localities[0]); li++) {
				for (uint64_t seed = 1; seed <= 3; seed++) {
					struct np_chain_params params = {
					    bytes, strides[st], localities[li], seed * 7919};
					void *start;
					struct np_error err;
					assert_int_equal(
					    np_chain_build(buffer, &params, &start, &err), 0);
					assert_int_equal(np_chain_length(&params),
							 bytes / strides[st]);
					expect_single_cycle(buffer, bytes, strides[st], start);
				}
			}
		}
		free(buffer);
	}
}

/* With TLB locality, the chase finishes every slot of a group (counted in
 * 4 KiB pages, whatever the page size) before it leaves the group, visits
 * the groups in a shuffled order, and places each pointer at its slot's
 * mixer offset. */
static void test_chain_respects_tlb_groups(void **state)
{
	(void)state;
	size_t bytes = 64 * 4096, group = 4 * 4096, stride = 256;
	char *buffer = aligned_alloc(4096, bytes);
	assert_non_null(buffer);
	struct np_chain_params params = {bytes, stride, group + 100, 42};
	void *start;
	assert_int_equal(np_chain_build(buffer, &params, &start, NULL), 0);
	size_t slots_per_group = group / stride;
	char *p = start;
	size_t groups_in_order = 0, previous_group = SIZE_MAX, sequential = 0;
	size_t offsets_seen[256 / 8] = {0};
	size_t offset_of_slot[64 * 4096 / 256];
	for (size_t g = 0; g < bytes / group; g++) {
		size_t this_group = (size_t)(p - buffer) / group;
		if (previous_group != SIZE_MAX && this_group == previous_group + 1)
			groups_in_order++;
		for (size_t i = 0; i < slots_per_group; i++) {
			assert_int_equal((size_t)(p - buffer) / group, this_group);
			offsets_seen[(size_t)(p - buffer) % stride / 8]++;
			offset_of_slot[(size_t)(p - buffer) / stride] = (size_t)(p - buffer) % stride;
			char *next = *(char **)p;
			if ((size_t)(next - buffer) / stride == (size_t)(p - buffer) / stride + 1)
				sequential++;
			p = next;
		}
		previous_group = this_group;
	}
	assert_ptr_equal(p, start);
	/* A shuffle leaves few neighbours in order; a bug that keeps the
	 * identity order would make all of them so. */
	assert_true(groups_in_order < 8);
	assert_true(sequential < bytes / stride / 16);
	/* The offset is the mixer's for the slot's index mod 64 (multichase's
	 * scheme): slots 64 apart share it; 64 draws of 32 offsets leave few
	 * unused (half of them missing would mean no mixing). */
	for (size_t slot = 64; slot < bytes / stride; slot++)
		assert_int_equal(offset_of_slot[slot], offset_of_slot[slot % 64]);
	size_t distinct = 0;
	for (size_t o = 0; o < 256 / 8; o++)
		distinct += offsets_seen[o] > 0;
	assert_true(distinct >= 16);
	free(buffer);
}

static void test_chain_rejects_bad_sizes(void **state)
{
	(void)state;
	char *buffer = aligned_alloc(4096, 8192);
	void *start;
	struct np_error err;
	struct np_chain_params params = {100, 64, 0, 1};
	assert_int_equal(np_chain_build(buffer, &params, &start, &err), -1);
	params = (struct np_chain_params){4096, 4096, 0, 1}; /* one slot */
	assert_int_equal(np_chain_build(buffer, &params, &start, &err), -1);
	assert_string_equal(err.message,
			    "chain: a buffer of 4096 bytes with a stride of 4096 bytes: expected "
			    "whole 4 KiB pages, a stride that is a multiple of 8, and 2 or more "
			    "strides");
	params = (struct np_chain_params){8192, 100, 0, 1};
	assert_int_equal(np_chain_build(buffer, &params, &start, &err), -1);
	free(buffer);
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
	/* a linear walk only; and two four-page groups (the page-walking
	 * kernels) with a linear tail of three vectors' worth */
	const size_t sizes[] = {4 * NP_KERNEL_DOUBLES_MULTIPLE,
				2 * 2048 + 3 * NP_KERNEL_DOUBLES_MULTIPLE};
	size_t largest = sizes[1];
	double *a = aligned_alloc(64, largest * sizeof(double));
	double *b = aligned_alloc(64, largest * sizeof(double));
	double *c = aligned_alloc(64, largest * sizeof(double));
	for (size_t z = 0; z < 2; z++)
		for (int m = 0; m < NP_BW_MODE_COUNT; m++) {
			size_t n = sizes[z];
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
					assert_true(a[i] == (double)(i % 1024) +
								3.0 * ((double)(i % 7) + 2.0));
				break;
			default:
				fail();
			}
			assert_int_equal(np_bw_validate(k, a, b, c, n), -1);
			if (k->mode == NP_BW_COPY || k->mode == NP_BW_TRIAD ||
			    k->mode == NP_BW_NTCOPY) {
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

/* The histogram keeps tenths of a ns exactly below 25.6 ns, and above
 * that buckets 1/128 of their power of two wide; quantiles are nearest
 * ranks, reported as their bucket's lower bound. */
static void test_histogram_buckets_and_quantiles(void **state)
{
	(void)state;
	struct np_histogram *h = malloc(sizeof(*h));
	np_histogram_clear(h);
	assert_true(isnan(np_histogram_quantile(h, 0.5)));
	/* exact region */
	assert_close(np_histogram_bucket_ns(0), 0.0, 0);
	assert_close(np_histogram_bucket_ns(123), 12.3, 1e-12);
	assert_close(np_histogram_bucket_ns(255), 25.5, 1e-12);
	/* first log bucket: 25.6 ns, width 0.2 ns; then 51.2 ns, width 0.4 */
	assert_close(np_histogram_bucket_ns(256), 25.6, 1e-12);
	assert_close(np_histogram_bucket_ns(257), 25.8, 1e-12);
	assert_close(np_histogram_bucket_ns(383), 51.0, 1e-12);
	assert_close(np_histogram_bucket_ns(384), 51.2, 1e-12);
	/* 100 values 101.0, 102.0, ... 200.0 ns: buckets of 0.8 ns from 102.4 */
	for (int i = 1; i <= 100; i++)
		np_histogram_add(h, 100.0 + i);
	assert_int_equal(h->total, 100);
	assert_close(h->max_ns, 200.0, 0);
	/* rank 50 is 150 ns, in the bucket [149.6, 150.4) */
	assert_close(np_histogram_quantile(h, 0.5), 149.6, 1e-9);
	/* rank 90 is 190 ns: [189.6, 190.4) */
	assert_close(np_histogram_quantile(h, 0.9), 189.6, 1e-9);
	/* rank 99 is 199 ns: [198.4, 199.2) */
	assert_close(np_histogram_quantile(h, 0.99), 198.4, 1e-9);
	assert_close(np_histogram_quantile(h, 1.0), 200.0, 1e-9); /* 200: [200.0, 200.8) */
	/* values on bucket bounds come back exactly */
	np_histogram_clear(h);
	const double exact[] = {102.4, 102.4, 204.8, 409.6, 12.3};
	for (size_t i = 0; i < 5; i++)
		np_histogram_add(h, exact[i]);
	assert_close(np_histogram_quantile(h, 0.2), 12.3, 1e-9);  /* rank 1 */
	assert_close(np_histogram_quantile(h, 0.4), 102.4, 1e-9); /* rank 2 */
	assert_close(np_histogram_quantile(h, 0.6), 102.4, 1e-9); /* rank 3 */
	assert_close(np_histogram_quantile(h, 0.8), 204.8, 1e-9);
	assert_close(np_histogram_quantile(h, 0.999), 409.6, 1e-9);
	/* no value is off by 1% or more from its bucket's lower bound */
	for (double v = 25.6; v < 1e6; v *= 1.0137) {
		np_histogram_clear(h);
		np_histogram_add(h, v);
		double lower = np_histogram_quantile(h, 0.5);
		assert_true(fabs(v - lower) / v < 0.01);
	}
	np_histogram_add(h, -5); /* counted as 0 */
	assert_close(np_histogram_quantile(h, 0.0), 0.0, 0);
	free(h);
}

/* c2c's node summary: the pairs grouped by (a's node, b's node, the line's
 * node), statistics over each group's completed pairs. */
static void test_c2c_rows(void **state)
{
	(void)state;
	const struct np_c2c_pair pairs[] = {
	    {0, 1, 0, 0, 0, false, 40, 100},  {1, 0, 0, 0, 0, false, 60, 100},
	    {0, 2, 0, 1, 0, false, 120, 100}, {0, 3, 0, 1, 0, true, NAN, 100},
	    {2, 0, 1, 0, 1, false, 130, 100}, {1, 2, 0, 1, 0, false, 140, 98.0},
	};
	struct np_bench_row *rows;
	size_t count, incomplete;
	assert_int_equal(np_c2c_rows(pairs, 6, &rows, &count, &incomplete, NULL), 0);
	assert_int_equal(count, 3);
	assert_int_equal(incomplete, 1);
	assert_string_equal(rows[0].test, "c2c");
	assert_int_equal(rows[0].cpu_node, 0);
	assert_int_equal(rows[0].peer_node, 0);
	assert_int_equal(rows[0].summary.count, 2);
	assert_true(rows[0].summary.median == 50 && rows[0].summary.min == 40);
	assert_int_equal(rows[1].peer_node, 1); /* 0 -> 1: 120 and 140; the NAN left out */
	assert_int_equal(rows[1].summary.count, 2);
	assert_true(rows[1].summary.median == 130 && rows[1].placed_pct == 98.0);
	assert_true(rows[1].misplaced);
	assert_int_equal(rows[2].cpu_node, 1);
	assert_int_equal(rows[2].mem_node, 1);
	assert_true(rows[2].summary.median == 130 && rows[2].summary.count == 1);
	np_bench_rows_free(rows, count);
}

/* Sweep sizes: from * 2^(k/steps), to the nearest 4 KiB, no duplicates,
 * `to` last; and the cache level each fits in. */
static void test_sweep_sizes_and_cache_levels(void **state)
{
	(void)state;
	size_t sizes[NP_SWEEP_MAX_SIZES], count;
	struct np_error err;
	assert_int_equal(np_sweep_sizes(4096, 65536, 2, sizes, &count, &err), 0);
	/* 4096 * 2^(k/2): 4096, 5793 (-> 4096, dropped), 8192, 11585 (-> 12288),
	 * 16384, 23170 (-> 24576), 32768, 46341 (-> 45056), 65536 */
	const size_t want[] = {4096, 8192, 12288, 16384, 24576, 32768, 45056, 65536};
	assert_int_equal(count, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < count; i++)
		assert_int_equal(sizes[i], want[i]);
	/* a `to` off the geometric series is still the last size */
	assert_int_equal(np_sweep_sizes(8192, 20480, 1, sizes, &count, &err), 0);
	assert_int_equal(count, 3);
	assert_true(sizes[0] == 8192 && sizes[1] == 16384 && sizes[2] == 20480);
	/* 3 steps an octave from 8 KiB to 12 KiB: 8192 * 2^(1/3) = 10321 rounds
	 * to 12288; 8192 * 2^(2/3) = 13004 is past `to` */
	assert_int_equal(np_sweep_sizes(8192, 12288, 3, sizes, &count, &err), 0);
	assert_int_equal(count, 2);
	assert_true(sizes[0] == 8192 && sizes[1] == 12288);
	/* a rounding past `to` is clamped to it: 8192 * 2^(1/3) = 10321 would
	 * round to 12288, above 11000 (whose whole pages are 8192) */
	assert_int_equal(np_sweep_sizes(8192, 11000, 3, sizes, &count, &err), 0);
	assert_int_equal(count, 1);
	assert_int_equal(sizes[0], 8192);
	assert_int_equal(np_sweep_sizes(8192, 4096, 2, sizes, &count, &err), -1);
	assert_string_equal(err.message, "--from 8192 bytes is above --to 4096 bytes");
	assert_int_equal(np_sweep_sizes(4096, 8192, 0, sizes, &count, &err), -1);
	assert_string_equal(err.message, "--steps-per-octave 0: expected 1 to 64");
	/* 4 KiB to 2^60 bytes at 64 steps an octave: 3072 sizes, too many */
	assert_int_equal(np_sweep_sizes(4096, (size_t)1 << 60, 64, sizes, &count, &err), -1);
	struct np_environment env = {
	    .cache_count = 3,
	    .caches = {{1, "Data", 48 << 10}, {2, "Unified", 2 << 20}, {3, "Unified", 32 << 20}}};
	assert_int_equal(np_sweep_fits(&env, 4096), 0);
	assert_int_equal(np_sweep_fits(&env, 48 << 10), 0);
	assert_int_equal(np_sweep_fits(&env, (48 << 10) + 4096), 1);
	assert_int_equal(np_sweep_fits(&env, 32 << 20), 2);
	assert_int_equal(np_sweep_fits(&env, 64 << 20), -1);
}

/* A fake clock for the calibration: an injector moves one 4 KiB block in
 * 100 ns, then spins `delay` iterations of 0.25 ns; MB/s = bytes/ns * 1000.
 * It counts the measurements the calibration asks for. */
struct fake_clock {
	double block_ns, spin_ns;
	int calls;
};

static double fake_measure(void *ctx, uint32_t delay)
{
	struct fake_clock *clock = ctx;
	clock->calls++;
	return 4096.0 / (clock->block_ns + clock->spin_ns * delay) * 1e3;
}

static void test_loaded_calibration_on_a_fake_clock(void **state)
{
	(void)state;
	struct fake_clock clock = {100, 0.25, 0};
	uint32_t delays[NP_LOAD_MAX_LEVELS];
	double achieved[NP_LOAD_MAX_LEVELS];
	struct np_error err;
	assert_int_equal(np_loaded_calibrate(fake_measure, &clock, 8, delays, achieved, &err), 0);
	double full = 4096.0 / 100 * 1e3; /* 40960 MB/s */
	assert_true(delays[0] == NP_LOAD_IDLE && achieved[0] == 0);
	assert_true(delays[7] == 0 && achieved[7] == full);
	for (int k = 1; k < 7; k++) {
		double target = full * k / 7;
		/* evenly spaced in bandwidth, within 3% of the full speed */
		if (fabs(achieved[k] - target) > 0.03 * full)
			fail_msg("level %d: %.0f MB/s for a target of %.0f", k, achieved[k],
				 target);
		/* and the figure is the clock's at that delay */
		assert_true(fabs(achieved[k] - fake_measure(&clock, delays[k])) < 1e-9);
		/* more load, less delay */
		assert_true(delays[k] > delays[k + 1]);
	}
	/* level 1 (40960/7 MB/s): 4096/(100 + 0.25 d) bytes/ns = 5.8514 gives
	 * d = 2400; within 3% of the full speed (5851 +- 1229 MB/s) d lies in
	 * [1914, 3144] */
	assert_true(delays[1] >= 1914 && delays[1] <= 3144);
	/* a bounded number of measurements: probes plus at most 6 a level */
	assert_true(clock.calls <= 1 + 16 + 6 * 6);
	/* two levels: idle and full speed, nothing to tune */
	clock.calls = 0;
	assert_int_equal(np_loaded_calibrate(fake_measure, &clock, 2, delays, achieved, &err), 0);
	assert_true(delays[0] == NP_LOAD_IDLE && delays[1] == 0);
	assert_int_equal(np_loaded_calibrate(fake_measure, &clock, 1, delays, achieved, &err), -1);
	assert_string_equal(err.message, "--levels 1: expected 2 to 32");
	struct fake_clock stuck = {INFINITY, 0, 0};
	assert_int_equal(np_loaded_calibrate(fake_measure, &stuck, 4, delays, achieved, &err), -1);
	assert_string_equal(err.message, "the injectors moved no bytes at full speed");
}

/* Bytes a pass of each mix counts: (reads + writes) x the array size. */
static void test_mix_byte_counts(void **state)
{
	(void)state;
	const struct {
		const char *name;
		int arrays, reads, writes;
		double per_mib;
	} want[] = {{"read", 1, 1, 0, 1}, {"3r1w", 4, 3, 1, 4},	   {"2r1w", 3, 2, 1, 3},
		    {"1r1w", 1, 1, 1, 2}, {"ntwrite", 1, 0, 1, 1}, {"copy", 2, 1, 1, 2}};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		int mix = np_mix_from_name(want[i].name);
		assert_int_equal(mix, (int)i);
		const struct np_mix_info *info = np_mix_info((enum np_mix)mix);
		assert_string_equal(info->name, want[i].name);
		assert_int_equal(info->arrays, want[i].arrays);
		assert_int_equal(info->reads, want[i].reads);
		assert_int_equal(info->writes, want[i].writes);
		assert_true(np_mix_pass_bytes((enum np_mix)mix, 1 << 20) ==
			    want[i].per_mib * (1 << 20));
	}
	assert_int_equal(np_mix_from_name("4r1w"), -1);
}

/* --mem-nodes groups, the share each policy gives each node (weights from
 * a sysfs fixture: node 0 weighs 3, node 2 weighs 1), and a census's
 * shares. */
static void test_policy_groups_shares_and_census(void **state)
{
	(void)state;
	struct np_idset singles;
	struct np_mem_group groups[NP_MAX_GROUPS];
	size_t count;
	struct np_error err;
	/* '+' binds tighter than ',': the group {0,2} and node 1; ranges and ^
	 * stay the single nodes' */
	assert_int_equal(np_mem_nodes_parse("2+0,1,3-5,^4", &singles, groups, &count, &err), 0);
	assert_int_equal(count, 1);
	assert_string_equal(groups[0].name, "0+2");
	assert_int_equal(np_idset_count(&singles), 3);
	assert_true(np_idset_has(&singles, 1) && np_idset_has(&singles, 3) &&
		    np_idset_has(&singles, 5));
	assert_int_equal(np_mem_nodes_parse("0+1,2+3", &singles, groups, &count, &err), 0);
	assert_true(count == 2 && np_idset_empty(&singles));
	assert_int_equal(np_mem_nodes_parse("0+", &singles, groups, &count, &err), -1);
	assert_string_equal(err.message,
			    "--mem-nodes '0+': expected nodes joined by '+', such as 0+2");
	assert_int_equal(np_mem_nodes_parse("1+1", &singles, groups, &count, &err), -1);
	assert_string_equal(err.message, "--mem-nodes '1+1': node 1 is twice in the group");
	/* the shares */
	struct np_idset nodes;
	np_idset_clear(&nodes);
	np_idset_add(&nodes, 0);
	np_idset_add(&nodes, 2);
	unsigned weights[NP_MAX_NODES] = {0};
	assert_int_equal(
	    np_policy_read_weights("tests/fixtures/weighted/sys", &nodes, weights, &err), 0);
	assert_true(weights[0] == 3 && weights[2] == 1);
	assert_true(np_policy_expected_share(NP_POLICY_WEIGHTED, &nodes, weights, 0) == 75);
	assert_true(np_policy_expected_share(NP_POLICY_WEIGHTED, &nodes, weights, 2) == 25);
	assert_true(np_policy_expected_share(NP_POLICY_INTERLEAVE, &nodes, weights, 2) == 50);
	assert_true(np_policy_expected_share(NP_POLICY_BIND, &nodes, weights, 0) == -1);
	assert_true(np_policy_expected_share(NP_POLICY_INTERLEAVE, &nodes, weights, 1) == 0);
	np_idset_add(&nodes, 3); /* a weight of 0 is not one */
	assert_int_equal(
	    np_policy_read_weights("tests/fixtures/weighted/sys", &nodes, weights, &err), -1);
	assert_string_equal(err.message,
			    "tests/fixtures/weighted/sys/kernel/mm/mempolicy/"
			    "weighted_interleave/node3: '0' is not a weight from 1 to 255");
	np_idset_add(&nodes, 1); /* no file: a kernel without it */
	np_idset_remove(&nodes, 3);
	assert_int_equal(
	    np_policy_read_weights("tests/fixtures/weighted/sys", &nodes, weights, &err), -1);
	assert_string_equal(
	    err.message, "--policy weighted needs weighted interleave (MPOL_WEIGHTED_INTERLEAVE, "
			 "Linux 6.9 and later): this kernel has no tests/fixtures/weighted/sys/"
			 "kernel/mm/mempolicy/weighted_interleave/node1");
	/* a census of 200 checked pages: 120 on node 0, 70 on node 2, 10 elsewhere */
	struct np_census census = {200, 2, {0, 2}, {120, 70}};
	assert_true(np_census_placed_pct(&census) == 95);
	assert_true(np_census_share(&census, 0) == 60 && np_census_share(&census, 2) == 35);
	assert_true(np_census_share(&census, 1) == 0);
	/* a row against an interleave target (50/50 +- 5): 60 is off */
	struct np_plan_node target = {
	    .id = -2, .policy = NP_POLICY_INTERLEAVE, .expected = {50, 50}};
	np_idset_clear(&target.nodes);
	np_idset_add(&target.nodes, 0);
	np_idset_add(&target.nodes, 2);
	struct np_bench_row row = {0};
	np_bench_row_placement(&row, &target, &census);
	assert_true(row.placed_pct == 95 && row.misplaced);
	struct np_census even = {200, 2, {0, 2}, {104, 96}};
	np_bench_row_placement(&row, &target, &even);
	assert_true(row.placed_pct == 100 && !row.misplaced);
	/* too few pages to judge a distribution: only the placement counts */
	struct np_census few = {10, 2, {0, 2}, {10, 0}};
	np_bench_row_placement(&row, &target, &few);
	assert_true(row.placed_pct == 100 && !row.misplaced);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_histogram_buckets_and_quantiles),
	    cmocka_unit_test(test_c2c_rows),
	    cmocka_unit_test(test_sweep_sizes_and_cache_levels),
	    cmocka_unit_test(test_loaded_calibration_on_a_fake_clock),
	    cmocka_unit_test(test_mix_byte_counts),
	    cmocka_unit_test(test_policy_groups_shares_and_census),
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
