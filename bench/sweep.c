/* sweep.c: the sizes of a latency sweep; see sweep.h. */
#include "sweep.h"

#include <math.h>

#include "chain.h"

int np_sweep_sizes(size_t from, size_t to, unsigned steps_per_octave, size_t *sizes, size_t *count,
		   struct np_error *err)
{
	*count = 0;
	if (steps_per_octave == 0 || steps_per_octave > 64)
		return np_fail(err, "--steps-per-octave %u: expected 1 to 64", steps_per_octave);
	if (from > to)
		return np_fail(err, "--from %zu bytes is above --to %zu bytes", from, to);
	size_t last = to / NP_CHAIN_UNIT * NP_CHAIN_UNIT;
	if (last < NP_CHAIN_UNIT)
		last = NP_CHAIN_UNIT;
	for (unsigned k = 0;; k++) {
		double exact = (double)from * pow(2.0, (double)k / steps_per_octave);
		if (exact > (double)to)
			break;
		size_t size = (size_t)floor(exact / NP_CHAIN_UNIT + 0.5) * NP_CHAIN_UNIT;
		if (size < NP_CHAIN_UNIT)
			size = NP_CHAIN_UNIT;
		if (size > last)
			size = last;
		if (*count && sizes[*count - 1] >= size)
			continue;
		if (*count == NP_SWEEP_MAX_SIZES)
			return np_fail(err,
				       "the sweep from %zu to %zu bytes at %u steps per octave has "
				       "more than %d sizes",
				       from, to, steps_per_octave, NP_SWEEP_MAX_SIZES);
		sizes[(*count)++] = size;
	}
	if (*count == 0 || sizes[*count - 1] < last) {
		if (*count == NP_SWEEP_MAX_SIZES)
			return np_fail(err, "the sweep has more than %d sizes", NP_SWEEP_MAX_SIZES);
		sizes[(*count)++] = last;
	}
	return 0;
}

int np_sweep_fits(const struct np_environment *env, size_t bytes)
{
	for (size_t i = 0; i < env->cache_count; i++)
		if (bytes <= env->caches[i].bytes)
			return (int)i;
	return -1;
}
