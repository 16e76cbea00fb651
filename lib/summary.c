/* summary.c: min/median/mean/max/stddev/p90/p99; see summary.h. */
#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a;
	double y = *(const double *)b;
	return (x > y) - (x < y);
}

static double quantile_sorted(const double *sorted, size_t count, double q)
{
	if (count == 1)
		return sorted[0];
	double h = (double)(count - 1) * q;
	size_t low = (size_t)floor(h);
	if (low >= count - 1)
		return sorted[count - 1];
	return sorted[low] + (h - (double)low) * (sorted[low + 1] - sorted[low]);
}

int np_summarise(const double *samples, size_t count, struct np_summary *out)
{
	if (count == 0)
		return -1;
	double *sorted = malloc(count * sizeof(*sorted));
	if (!sorted)
		return -1;
	memcpy(sorted, samples, count * sizeof(*sorted));
	qsort(sorted, count, sizeof(*sorted), compare_doubles);
	double sum = 0;
	for (size_t i = 0; i < count; i++)
		sum += sorted[i];
	double mean = sum / (double)count;
	double squares = 0;
	for (size_t i = 0; i < count; i++)
		squares += (sorted[i] - mean) * (sorted[i] - mean);
	out->count = count;
	out->min = sorted[0];
	out->max = sorted[count - 1];
	out->mean = mean;
	out->stddev = count > 1 ? sqrt(squares / (double)(count - 1)) : 0.0;
	out->median = quantile_sorted(sorted, count, 0.5);
	out->p90 = quantile_sorted(sorted, count, 0.9);
	out->p99 = quantile_sorted(sorted, count, 0.99);
	free(sorted);
	return 0;
}
