/*
 * summary.h: the statistics every measurement is reported with.
 *
 * stddev is the sample standard deviation (n - 1 in the denominator; 0 for
 * one sample). Percentiles interpolate linearly between the two nearest
 * ranks of the sorted samples (Hyndman & Fan type 7, the default of R and
 * NumPy): p = x[floor(h)] + (h - floor(h)) * (x[floor(h)+1] - x[floor(h)])
 * with h = (n - 1) * q. The median is the 0.5 percentile.
 */
#ifndef NUMAPROBE_SUMMARY_H
#define NUMAPROBE_SUMMARY_H

#include <stddef.h>

struct np_summary {
	size_t count;
	double min;
	double median;
	double mean;
	double max;
	double stddev;
	double p90;
	double p99;
};

/* Summarises `count` samples (count >= 1); `samples` is left unchanged. */
int np_summarise(const double *samples, size_t count, struct np_summary *out);

#endif
