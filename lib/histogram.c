/* histogram.c: log-bucketed durations; see histogram.h. */
#include "histogram.h"

#include <math.h>
#include <string.h>

void np_histogram_clear(struct np_histogram *h)
{
	memset(h, 0, sizeof(*h));
}

/* The bucket of a value in tenths of a nanosecond. */
static size_t bucket_of(uint64_t tenths)
{
	if (tenths < NP_HISTOGRAM_EXACT)
		return (size_t)tenths;
	/* shift so that tenths >> shift lands in [SUB, 2 SUB) */
	unsigned shift = (unsigned)(63 - __builtin_clzll(tenths)) - 7;
	size_t bucket = NP_HISTOGRAM_EXACT + (size_t)(shift - 1) * NP_HISTOGRAM_SUB +
			(size_t)((tenths >> shift) - NP_HISTOGRAM_SUB);
	return bucket < NP_HISTOGRAM_BUCKETS ? bucket : NP_HISTOGRAM_BUCKETS - 1;
}

double np_histogram_bucket_ns(size_t bucket)
{
	if (bucket < NP_HISTOGRAM_EXACT)
		return (double)bucket / 10;
	size_t above = bucket - NP_HISTOGRAM_EXACT;
	unsigned shift = (unsigned)(above / NP_HISTOGRAM_SUB) + 1;
	uint64_t mantissa = NP_HISTOGRAM_SUB + above % NP_HISTOGRAM_SUB;
	return (double)(mantissa << shift) / 10;
}

void np_histogram_add(struct np_histogram *h, double ns)
{
	/* to the nearest tenth: 102.4 is 1023.99... tenths in binary */
	double tenths = ns > 0 ? ns * 10 + 0.5 : 0;
	uint64_t value = tenths < 0x1p62 ? (uint64_t)tenths : UINT64_C(1) << 62;
	h->counts[bucket_of(value)]++;
	h->total++;
	if (ns > h->max_ns)
		h->max_ns = ns;
}

double np_histogram_quantile(const struct np_histogram *h, double q)
{
	if (h->total == 0)
		return NAN;
	double wanted = ceil(q * (double)h->total);
	uint64_t rank = wanted < 1 ? 1 : (uint64_t)wanted;
	uint64_t seen = 0;
	for (size_t b = 0; b < NP_HISTOGRAM_BUCKETS; b++) {
		seen += h->counts[b];
		if (seen >= rank)
			return np_histogram_bucket_ns(b);
	}
	return np_histogram_bucket_ns(NP_HISTOGRAM_BUCKETS - 1);
}
