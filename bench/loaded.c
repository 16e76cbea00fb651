/* loaded.c: the loaded-latency curve; see loaded.h. */
#include "loaded.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chain.h"
#include "workers.h"

static const struct np_mix_info mixes[NP_MIX_COUNT] = {
    [NP_MIX_READ] = {"read", 1, 1, 0},	     [NP_MIX_3R1W] = {"3r1w", 4, 3, 1},
    [NP_MIX_2R1W] = {"2r1w", 3, 2, 1},	     [NP_MIX_1R1W] = {"1r1w", 1, 1, 1},
    [NP_MIX_NTWRITE] = {"ntwrite", 1, 0, 1}, [NP_MIX_COPY] = {"copy", 2, 1, 1},
};

const struct np_mix_info *np_mix_info(enum np_mix mix)
{
	return &mixes[mix];
}

int np_mix_from_name(const char *name)
{
	for (int i = 0; i < NP_MIX_COUNT; i++)
		if (strcmp(name, mixes[i].name) == 0)
			return i;
	return -1;
}

double np_mix_pass_bytes(enum np_mix mix, size_t array_bytes)
{
	return (double)(mixes[mix].reads + mixes[mix].writes) * (double)array_bytes;
}

/* ---- calibration ---------------------------------------------------------- */

struct probe {
	uint32_t delay;
	double bandwidth;
};

/* The delay whose bandwidth is `target`, tuned between two probes that
 * bracket it (bandwidth falls as the delay grows) by regula falsi. */
static void tune_level(np_load_measure_fn measure, void *ctx, struct probe low, struct probe high,
		       double target, double full, uint32_t *delay, double *achieved)
{
	/* Start from the nearer end, so a level is never left untried. */
	struct probe best =
	    fabs(low.bandwidth - target) < fabs(high.bandwidth - target) ? low : high;
	for (int attempt = 0; attempt < 6 && fabs(best.bandwidth - target) > 0.03 * full;
	     attempt++) {
		if (high.delay - low.delay <= 1)
			break;
		double span = low.bandwidth - high.bandwidth;
		double guess = span > 0 ? (double)low.delay + (double)(high.delay - low.delay) *
								  (low.bandwidth - target) / span
					: (double)(low.delay + high.delay) / 2;
		uint32_t d = (uint32_t)llround(guess);
		if (d <= low.delay)
			d = low.delay + 1;
		if (d >= high.delay)
			d = high.delay - 1;
		struct probe p = {d, measure(ctx, d)};
		if (fabs(p.bandwidth - target) < fabs(best.bandwidth - target))
			best = p;
		if (p.bandwidth > target)
			low = p;
		else
			high = p;
	}
	*delay = best.delay;
	*achieved = best.bandwidth;
}

int np_loaded_calibrate(np_load_measure_fn measure, void *ctx, unsigned levels, uint32_t *delays,
			double *achieved, struct np_error *err)
{
	if (levels < 2 || levels > NP_LOAD_MAX_LEVELS)
		return np_fail(err, "--levels %u: expected 2 to %d", levels, NP_LOAD_MAX_LEVELS);
	double full = measure(ctx, 0);
	if (!(full > 0))
		return np_fail(err, "the injectors moved no bytes at full speed");
	delays[0] = NP_LOAD_IDLE;
	achieved[0] = 0;
	delays[levels - 1] = 0;
	achieved[levels - 1] = full;
	/* Probe doubling delays until the bandwidth is under the lowest
	 * level's (or the delay is absurd). */
	struct probe probes[40];
	size_t count = 0;
	probes[count++] = (struct probe){0, full};
	double lowest = full / (levels - 1);
	for (uint32_t d = 1; count < 40; d *= 2) {
		probes[count] = (struct probe){d, measure(ctx, d)};
		if (probes[count++].bandwidth < 0.9 * lowest || d >= (1u << 30))
			break;
	}
	for (unsigned k = 1; k + 1 < levels; k++) {
		double target = full * k / (levels - 1);
		size_t i = 0; /* the last probe at or above the target */
		while (i + 1 < count && probes[i + 1].bandwidth >= target)
			i++;
		struct probe high = i + 1 < count ? probes[i + 1] : probes[i];
		tune_level(measure, ctx, probes[i], high, target, full, &delays[k], &achieved[k]);
	}
	return 0;
}

/* ---- the injectors ---------------------------------------------------------- */

/* 3r1w and 1r1w: plain C, which the compiler vectorises. */
static void sum3(double *a, const double *b, const double *c, const double *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		a[i] = b[i] + c[i] + d[i];
}

static void update(double *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		a[i] = a[i] * 0.5 + 1.0; /* stays finite: converges to 2 */
}

struct injector {
	/* written by the injector, read by the coordinator: a line of its own */
	uint64_t bytes __attribute__((aligned(64)));
	int ready;
	struct load_shared *shared;
	struct np_arena arena;
	double *arrays[4];
	size_t doubles; /* per array, a multiple of the block */
	volatile double sink;
};

struct load_shared {
	const struct np_loaded_spec *spec;
	uint32_t delay; /* what the injectors run at now */
	int stop;
	struct injector *injectors;
	struct np_arena *chase_arena;
	struct np_loaded_result *result;
	int rc;
	struct np_error *err;
	void *volatile chase_sink;
};

/* One run of the mix over n doubles from element `at` of each array. */
static double run_mix(const struct injector *in, size_t at, size_t n)
{
	double *const *x = in->arrays;
	switch (in->shared->spec->mix) {
	case NP_MIX_READ:
		return np_bw_kernel(NP_BW_READ)->run(x[0] + at, NULL, NULL, n, 0);
	case NP_MIX_3R1W:
		sum3(x[0] + at, x[1] + at, x[2] + at, x[3] + at, n);
		return 0;
	case NP_MIX_2R1W:
		return np_bw_kernel(NP_BW_TRIAD)
		    ->run(x[0] + at, x[1] + at, x[2] + at, n, NP_TRIAD_SCALAR);
	case NP_MIX_1R1W:
		update(x[0] + at, n);
		return 0;
	case NP_MIX_NTWRITE:
		return np_bw_kernel(NP_BW_NTWRITE)->run(x[0] + at, NULL, NULL, n, 1.0);
	default:
		return np_bw_kernel(NP_BW_COPY)->run(x[0] + at, x[1] + at, NULL, n, 0);
	}
}

static void injector_main(void *opaque)
{
	struct injector *in = opaque;
	struct load_shared *shared = in->shared;
	enum np_mix mix = shared->spec->mix;
	/* First touch by the pinned injector, with values that stay finite. */
	for (int a = 0; a < mixes[mix].arrays; a++)
		for (size_t i = 0; i < in->doubles; i++)
			in->arrays[a][i] = 1.0;
	__atomic_store_n(&in->ready, 1, __ATOMIC_RELEASE);
	const size_t block = NP_LOAD_BLOCK_BYTES / sizeof(double);
	double sink = 0;
	while (!__atomic_load_n(&shared->stop, __ATOMIC_ACQUIRE)) {
		uint32_t delay = __atomic_load_n(&shared->delay, __ATOMIC_ACQUIRE);
		if (delay == NP_LOAD_IDLE) {
			struct timespec pause = {0, 200000};
			nanosleep(&pause, NULL);
			continue;
		}
		/* Full speed runs 1 MiB at a time with no pause (the kernels'
		 * own speed); a level with a delay pauses after every block.
		 * Either way a change of level is seen within one chunk. */
		size_t chunk = delay == 0 ? 256 * block : block;
		for (size_t at = 0; at < in->doubles; at += chunk) {
			size_t n = in->doubles - at < chunk ? in->doubles - at : chunk;
			sink += run_mix(in, at, n);
			for (uint32_t i = 0; i < delay; i++)
				__asm__ volatile("" ::: "memory");
			__atomic_fetch_add(&in->bytes,
					   (uint64_t)np_mix_pass_bytes(mix, n * sizeof(double)),
					   __ATOMIC_RELAXED);
			if (__atomic_load_n(&shared->delay, __ATOMIC_RELAXED) != delay)
				break;
		}
	}
	in->sink = sink;
}

static uint64_t injected_bytes(const struct load_shared *shared)
{
	uint64_t total = 0;
	for (size_t i = 0; i < shared->spec->injectors; i++)
		total += __atomic_load_n(&shared->injectors[i].bytes, __ATOMIC_RELAXED);
	return total;
}

static void sleep_ns(uint64_t ns)
{
	struct timespec t = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
	while (nanosleep(&t, &t) != 0)
		;
}

/* Switches the injectors to `delay` and lets them settle. */
static void set_delay(struct load_shared *shared, uint32_t delay)
{
	__atomic_store_n(&shared->delay, delay, __ATOMIC_RELEASE);
	sleep_ns(20000000);
}

/* The real measurement behind the calibration: 50 ms of injection. */
static double measure_injection(void *ctx, uint32_t delay)
{
	struct load_shared *shared = ctx;
	set_delay(shared, delay);
	uint64_t b0 = injected_bytes(shared), t0 = np_now_ns();
	sleep_ns(50000000);
	uint64_t b1 = injected_bytes(shared), t1 = np_now_ns();
	return (double)(b1 - b0) / (double)(t1 - t0) * 1e3; /* bytes/ns -> MB/s */
}

/* The chase thread: builds and warms its chain, calibrates the levels,
 * then measures each level with the injectors running. */
static void coordinator_main(void *opaque)
{
	struct load_shared *shared = opaque;
	const struct np_loaded_spec *spec = shared->spec;
	struct np_loaded_result *result = shared->result;
	struct np_chain_params params = {result->chased_bytes, spec->stride, spec->tlb_locality,
					 spec->seed};
	void *p;
	memset((char *)shared->chase_arena->base + result->chased_bytes, 0,
	       shared->chase_arena->bytes - result->chased_bytes);
	if (np_chain_build(shared->chase_arena->base, &params, &p, shared->err) < 0) {
		shared->rc = -1;
		__atomic_store_n(&shared->stop, 1, __ATOMIC_RELEASE);
		return;
	}
	uint64_t lap = np_chain_length(&params), warmed = 0, start = np_now_ns();
	while (warmed < lap && np_now_ns() - start < 2000000000u) {
		p = np_chain_chase(p, 1024);
		warmed += 1024;
	}
	for (size_t i = 0; i < spec->injectors; i++)
		while (!__atomic_load_n(&shared->injectors[i].ready, __ATOMIC_ACQUIRE))
			sleep_ns(1000000);
	double achieved[NP_LOAD_MAX_LEVELS];
	if (np_loaded_calibrate(measure_injection, shared, spec->levels, result->delays, achieved,
				shared->err) < 0) {
		shared->rc = -1;
		__atomic_store_n(&shared->stop, 1, __ATOMIC_RELEASE);
		return;
	}
	uint64_t sample_ns = (uint64_t)(spec->seconds * 1e9 / spec->repeat);
	if (sample_ns == 0)
		sample_ns = 1;
	uint64_t measured = 0;
	for (unsigned level = 0; level < spec->levels; level++) {
		set_delay(shared, result->delays[level]);
		for (unsigned s = 0; s < spec->repeat; s++) {
			uint64_t loads = 0, b0 = injected_bytes(shared), t0 = np_now_ns(), now;
			do {
				p = np_chain_chase(p, 1024);
				loads += 1024;
				now = np_now_ns();
			} while (now - t0 < sample_ns);
			uint64_t b1 = injected_bytes(shared);
			size_t at = level * spec->repeat + s;
			result->latency_ns[at] = (double)(now - t0) / (double)loads;
			result->bandwidth_mbs[at] = (double)(b1 - b0) / (double)(now - t0) * 1e3;
			measured += now - t0;
		}
	}
	result->measured_seconds = (double)measured / 1e9;
	shared->chase_sink = p;
	__atomic_store_n(&shared->stop, 1, __ATOMIC_RELEASE);
}

/* The two kinds of thread run different functions: each gets its role. */
struct role {
	void (*fn)(void *);
	void *arg;
};

static void run_role(void *opaque)
{
	struct role *role = opaque;
	role->fn(role->arg);
}

void np_loaded_result_free(struct np_loaded_result *result)
{
	free(result->latency_ns);
	free(result->bandwidth_mbs);
	result->latency_ns = result->bandwidth_mbs = NULL;
}

/* Maps the chased buffer and each injector's, bound to their nodes. */
static int map_buffers(const struct np_loaded_spec *spec, struct np_arena *chase,
		       struct injector *injectors, size_t *mapped, struct np_loaded_result *result,
		       struct np_error *err)
{
	size_t page = np_page_mode_bytes(spec->page);
	result->chased_bytes = spec->size_bytes / NP_CHAIN_UNIT * NP_CHAIN_UNIT;
	if (result->chased_bytes < NP_CHAIN_UNIT)
		result->chased_bytes = NP_CHAIN_UNIT;
	size_t bytes = (result->chased_bytes + page - 1) / page * page;
	if ((spec->mem_nodes
		 ? np_arena_map_policy(chase, bytes, spec->page, spec->mem_nodes, spec->policy, err)
		 : np_arena_map(chase, bytes, spec->page, spec->mem_node, err)) < 0)
		return -1;
	const struct np_mix_info *mix = &mixes[spec->mix];
	size_t array_bytes = spec->size_bytes / spec->injectors / (size_t)mix->arrays /
			     NP_LOAD_BLOCK_BYTES * NP_LOAD_BLOCK_BYTES;
	if (array_bytes == 0)
		return np_fail(err,
			       "--size %zu bytes is too small for %zu injectors of %s: each needs "
			       "%d array(s) of at least %d bytes",
			       spec->size_bytes, spec->injectors, mix->name, mix->arrays,
			       NP_LOAD_BLOCK_BYTES);
	result->injected_bytes = 0;
	for (*mapped = 0; *mapped < spec->injectors; (*mapped)++) {
		struct injector *in = &injectors[*mapped];
		size_t total = (array_bytes * (size_t)mix->arrays + page - 1) / page * page;
		int rc = spec->load_nodes ? np_arena_map(&in->arena, total, spec->page,
							 spec->load_nodes[*mapped], err)
			 : spec->mem_nodes
			     ? np_arena_map_policy(&in->arena, total, spec->page, spec->mem_nodes,
						   spec->policy, err)
			     : np_arena_map(&in->arena, total, spec->page, spec->mem_node, err);
		if (rc < 0)
			return -1;
		in->doubles = array_bytes / sizeof(double);
		for (int a = 0; a < mix->arrays; a++)
			in->arrays[a] = (double *)in->arena.base + (size_t)a * in->doubles;
		result->injected_bytes += array_bytes * (size_t)mix->arrays;
	}
	return 0;
}

int np_loaded_run(const struct np_loaded_spec *spec, struct np_loaded_result *result,
		  struct np_error *err)
{
	memset(result, 0, sizeof(*result));
	result->levels = spec->levels;
	if (spec->injectors == 0 || spec->injectors > NP_LOAD_MAX_INJECTORS)
		return np_fail(err, "%zu injectors: expected 1 to %d", spec->injectors,
			       NP_LOAD_MAX_INJECTORS);
	size_t points = (size_t)spec->levels * spec->repeat;
	result->latency_ns = calloc(points, sizeof(double));
	result->bandwidth_mbs = calloc(points, sizeof(double));
	struct injector *injectors = aligned_alloc(64, spec->injectors * sizeof(*injectors));
	struct role *roles = calloc(spec->injectors + 1, sizeof(*roles));
	void **args = calloc(spec->injectors + 1, sizeof(*args));
	int *cpus = calloc(spec->injectors + 1, sizeof(*cpus));
	struct np_arena chase = {0};
	size_t mapped = 0;
	int rc = 0;
	if (!result->latency_ns || !result->bandwidth_mbs || !injectors || !roles || !args ||
	    !cpus) {
		rc = np_fail(err, "out of memory for %zu injectors", spec->injectors);
	} else {
		memset(injectors, 0, spec->injectors * sizeof(*injectors));
		rc = map_buffers(spec, &chase, injectors, &mapped, result, err);
	}
	struct load_shared shared = {.spec = spec,
				     .delay = NP_LOAD_IDLE,
				     .injectors = injectors,
				     .chase_arena = &chase,
				     .result = result,
				     .err = err};
	if (rc == 0) {
		roles[0] = (struct role){coordinator_main, &shared};
		cpus[0] = spec->latency_cpu;
		args[0] = &roles[0];
		for (size_t i = 0; i < spec->injectors; i++) {
			injectors[i].shared = &shared;
			roles[i + 1] = (struct role){injector_main, &injectors[i]};
			cpus[i + 1] = spec->load_cpus[i];
			args[i + 1] = &roles[i + 1];
		}
		rc = np_workers_run(spec->injectors + 1, cpus, run_role, args, err);
		if (rc == 0)
			rc = shared.rc;
	}
	if (rc == 0)
		rc = np_arena_count(&chase, &result->latency_census, err);
	for (size_t i = 0; rc == 0 && i < spec->injectors; i++)
		rc = np_arena_count(&injectors[i].arena, &result->load_census, err);
	if (rc == 0) {
		result->latency_placed_pct = np_census_placed_pct(&result->latency_census);
		result->load_placed_pct = np_census_placed_pct(&result->load_census);
	}
	if (chase.base)
		np_arena_unmap(&chase);
	for (size_t i = 0; injectors && i < mapped; i++)
		np_arena_unmap(&injectors[i].arena);
	free(injectors);
	free(roles);
	free(args);
	free(cpus);
	if (rc < 0)
		np_loaded_result_free(result);
	return rc;
}
