/*
 * histogram.h: a log-bucketed histogram of durations in nanoseconds, in the
 * manner of HdrHistogram with 2 significant decimal digits: values are
 * rounded to tenths of a nanosecond, kept exactly below 25.6 ns, and above
 * that in buckets 1/128 of their power of two wide, so a value and its
 * bucket's lower bound differ by less than 0.8%. Counts are exact; a quantile is the
 * lower bound of the bucket that holds the value of that rank.
 *
 * The latency test keeps one per cell: the mean latency of each batch of N
 * loads, so its quantiles describe batch means, not single loads.
 */
#ifndef NUMAPROBE_HISTOGRAM_H
#define NUMAPROBE_HISTOGRAM_H

#include <stddef.h>
#include <stdint.h>

#define NP_HISTOGRAM_SUB   128 /* buckets per power of two above the exact range */
#define NP_HISTOGRAM_EXACT (2 * NP_HISTOGRAM_SUB) /* tenths of ns kept exactly */
/* Up to 2^40 tenths of a nanosecond (about 110 s): plenty for one batch. */
#define NP_HISTOGRAM_BUCKETS (NP_HISTOGRAM_EXACT + 33 * NP_HISTOGRAM_SUB)

struct np_histogram {
	uint64_t counts[NP_HISTOGRAM_BUCKETS];
	uint64_t total;
	double max_ns; /* the largest value added, exactly */
};

void np_histogram_clear(struct np_histogram *h);
/* Adds one value (negative values count as 0, values past the range in the
 * last bucket). */
void np_histogram_add(struct np_histogram *h, double ns);
/* The value of rank ceil(q * total) (nearest rank, q in [0, 1]), as its
 * bucket's lower bound in ns; NAN when the histogram is empty. */
double np_histogram_quantile(const struct np_histogram *h, double q);
/* A bucket's lower bound in ns, for listing the buckets. */
double np_histogram_bucket_ns(size_t bucket);

#endif
