/*
 * sweep.h: the sizes of `numaprobe bench sweep` (latency over working-set
 * sizes, as lmbench's lat_mem_rd and tinymembench show it) and where each
 * sits in the cache hierarchy.
 *
 * Sizes run from `from` to `to` in `steps_per_octave` geometric steps a
 * doubling: from * 2^(k / steps), each rounded to the nearest whole 4 KiB
 * (the chase's unit, at least 4 KiB), duplicates dropped, `to` always
 * the last.
 */
#ifndef NUMAPROBE_SWEEP_H
#define NUMAPROBE_SWEEP_H

#include <stddef.h>

#include "../lib/error.h"
#include "environment.h"

#define NP_SWEEP_MAX_SIZES 512

/* Fills sizes (at most NP_SWEEP_MAX_SIZES) and *count; -1 with a message
 * when from > to or steps is 0 or above 64. */
int np_sweep_sizes(size_t from, size_t to, unsigned steps_per_octave, size_t *sizes, size_t *count,
		   struct np_error *err);

/* The smallest cache level of env that holds `bytes` (its index in
 * env->caches), or -1 when none does (the working set is in memory). */
int np_sweep_fits(const struct np_environment *env, size_t bytes);

#endif
