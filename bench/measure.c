/* measure.c: latency and bandwidth cells; see measure.h. */
#include "measure.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "workers.h"

/* Loads between two clock reads when batches are not timed: ~1.6 ms at
 * 100 ns a load, so the clock costs nothing, and short enough to stop
 * close to the budget. */
#define CHASE_BATCH 16384
/* The warm-up chases a whole lap of the chain, but not for longer. */
#define WARMUP_MAX_NS 2000000000ull

struct latency_job {
	const struct np_cell_spec *spec;
	struct np_arena *arena;
	size_t chased; /* the chain's bytes: the start of the arena */
	struct np_cell_result *result;
	int rc;
	struct np_error *err;
	void *volatile sink;
};

/* What a batch costs besides its loads: one timer read and the histogram
 * update, measured the way the loop does them (the best of 50 runs). */
static double batch_overhead(const struct np_timer *timer, struct np_histogram *scratch)
{
	double best = 1e9;
	for (int run = 0; run < 50; run++) {
		uint64_t first = np_timer_read(timer), previous = first;
		for (int i = 0; i < 32; i++) {
			uint64_t t = np_timer_read(timer);
			np_histogram_add(scratch, (double)(t - previous));
			previous = t;
		}
		double cost = (double)(previous - first) * timer->ns_per_tick / 32;
		if (cost < best)
			best = cost;
	}
	np_histogram_clear(scratch);
	return best;
}

/* The smallest batch whose overhead is under 1% of its loads' time. */
static unsigned auto_batch(double overhead_ns, double ns_per_load)
{
	double loads = ceil(100 * overhead_ns / (ns_per_load > 0.1 ? ns_per_load : 0.1));
	return loads < 8 ? 8 : loads > 4096 ? 4096 : (unsigned)loads;
}

/* One sample without batch timing: the clock is read every CHASE_BATCH
 * loads. Returns ns per load. */
static double untimed_sample(void **p, uint64_t sample_ns, uint64_t *measured)
{
	uint64_t loads = 0, start = np_now_ns(), now;
	do {
		*p = np_chain_chase(*p, CHASE_BATCH);
		loads += CHASE_BATCH;
		now = np_now_ns();
	} while (now - start < sample_ns);
	*measured += now - start;
	return (double)(now - start) / (double)loads;
}

/* One sample timed in batches: each batch's mean goes to the histogram,
 * and the sample's mean leaves out the batches' overhead. */
static double timed_sample(void **p, uint64_t sample_ns, const struct np_timer *timer,
			   struct np_cell_result *result, uint64_t *measured)
{
	unsigned batch = result->batch_loads;
	double overhead = result->batch_overhead_ns, tick = timer->ns_per_tick;
	uint64_t sample_ticks = (uint64_t)((double)sample_ns / tick);
	uint64_t batches = 0, first = np_timer_read(timer), previous = first;
	do {
		*p = np_chain_chase(*p, batch);
		uint64_t t = np_timer_read(timer);
		np_histogram_add(result->histogram,
				 ((double)(t - previous) * tick - overhead) / batch);
		previous = t;
		batches++;
	} while (previous - first < sample_ticks);
	double elapsed = (double)(previous - first) * tick;
	*measured += (uint64_t)elapsed;
	return (elapsed - (double)batches * overhead) / ((double)batches * batch);
}

static void latency_worker(void *opaque)
{
	struct latency_job *job = opaque;
	const struct np_cell_spec *spec = job->spec;
	struct np_cell_result *result = job->result;
	struct np_chain_params params = {
	    .buffer_bytes = job->chased,
	    .stride = spec->stride,
	    .tlb_locality = spec->tlb_locality,
	    .seed = spec->seed,
	};
	void *p;
	/* The first touch, by the pinned worker: the whole arena in address
	 * order, as a program allocating its memory would, so consecutive
	 * pages get the consecutive physical pages the allocator hands out
	 * (building the chain in its random order would scatter them, which
	 * under a hypervisor costs extra nested page walks). */
	memset(job->arena->base, 0, job->arena->bytes);
	job->rc = np_chain_build(job->arena->base, &params, &p, job->err);
	if (job->rc < 0)
		return;
	uint64_t sample_ns = (uint64_t)(spec->seconds * 1e9 / spec->repeat);
	if (sample_ns == 0)
		sample_ns = 1;
	/* Warm-up: one lap of the chain (at most 2 s), so every page and TLB
	 * entry has been used and the caches hold what they hold in the steady
	 * state; it also tells the latency to size the batches by. */
	uint64_t lap = np_chain_length(&params), warmed = 0, warm_start = np_now_ns();
	while (warmed < lap && np_now_ns() - warm_start < WARMUP_MAX_NS) {
		p = np_chain_chase(p, CHASE_BATCH);
		warmed += CHASE_BATCH;
	}
	double warm_ns_per_load = (double)(np_now_ns() - warm_start) / (double)warmed;
	if (result->histogram) {
		/* The cell's own histogram serves as the scratch, cleared after. */
		result->batch_overhead_ns = batch_overhead(spec->timer, result->histogram);
		result->batch_loads = spec->batch_loads == NP_BATCH_AUTO
					  ? auto_batch(result->batch_overhead_ns, warm_ns_per_load)
					  : spec->batch_loads;
	}
	for (unsigned s = 0; s < spec->repeat; s++)
		result->samples[s] =
		    result->histogram
			? timed_sample(&p, sample_ns, spec->timer, result, &result->measured_ns)
			: untimed_sample(&p, sample_ns, &result->measured_ns);
	job->sink = p;
}

/* A cell's buffer on its target: one node bound, or a group by its policy. */
static int map_target(const struct np_cell_spec *spec, struct np_arena *arena, size_t bytes,
		      struct np_error *err)
{
	if (!spec->mem_nodes)
		return np_arena_map(arena, bytes, spec->page, spec->mem_node, err);
	return np_arena_map_policy(arena, bytes, spec->page, spec->mem_nodes, spec->policy, err);
}

static int alloc_samples(const struct np_cell_spec *spec, struct np_cell_result *result,
			 struct np_error *err)
{
	memset(result, 0, sizeof(*result));
	result->samples = calloc(spec->repeat, sizeof(*result->samples));
	if (!result->samples)
		return np_fail(err, "out of memory for %u samples", spec->repeat);
	result->sample_count = spec->repeat;
	return 0;
}

int np_measure_latency(const struct np_cell_spec *spec, struct np_cell_result *result,
		       struct np_error *err)
{
	if (alloc_samples(spec, result, err) < 0)
		return -1;
	/* The chain covers the size in whole 4 KiB pages (the unit of its
	 * groups), whatever the page size: a sweep's 12 KiB point is 12 KiB
	 * with THP too. The mapping is rounded up to whole pages. */
	size_t page = np_page_mode_bytes(spec->page);
	size_t chased = spec->size_bytes / NP_CHAIN_UNIT * NP_CHAIN_UNIT;
	if (chased < NP_CHAIN_UNIT)
		chased = NP_CHAIN_UNIT;
	size_t bytes = (chased + page - 1) / page * page;
	struct np_arena arena;
	if (map_target(spec, &arena, bytes, err) < 0) {
		np_cell_result_free(result);
		return -1;
	}
	if (spec->batch_loads && spec->timer) {
		result->histogram = malloc(sizeof(*result->histogram));
		if (!result->histogram) {
			np_arena_unmap(&arena);
			np_cell_result_free(result);
			return np_fail(err, "out of memory for a latency histogram");
		}
		np_histogram_clear(result->histogram);
	}
	struct latency_job job = {spec, &arena, chased, result, 0, err, NULL};
	void *args[1] = {&job};
	int rc = np_workers_run(1, spec->cpus, latency_worker, args, err);
	if (rc == 0)
		rc = job.rc;
	if (rc == 0)
		rc = np_arena_count(&arena, &result->census, err);
	if (rc == 0)
		result->placed_pct = np_census_placed_pct(&result->census);
	result->size_bytes = chased;
	np_arena_unmap(&arena);
	if (rc < 0)
		np_cell_result_free(result);
	return rc;
}

struct bw_shared {
	const struct np_cell_spec *spec;
	const struct np_bw_kernel *kernel;
	pthread_barrier_t barrier;
	uint64_t *calibration_ns; /* per worker: one pass */
	uint64_t *starts;	  /* [sample * threads + worker] */
	uint64_t *ends;
	uint64_t *passes; /* per sample, the same for every worker */
};

/* A sample's time: from the first worker's start to the last one's end. */
static uint64_t sample_elapsed(const struct bw_shared *shared, unsigned sample)
{
	size_t threads = shared->spec->threads;
	uint64_t first = UINT64_MAX, last = 0;
	for (size_t i = 0; i < threads; i++) {
		if (shared->starts[sample * threads + i] < first)
			first = shared->starts[sample * threads + i];
		if (shared->ends[sample * threads + i] > last)
			last = shared->ends[sample * threads + i];
	}
	return last > first ? last - first : 1;
}

struct bw_job {
	struct bw_shared *shared;
	size_t index;
	struct np_arena arena;
	size_t doubles; /* per array */
	long invalid_at;
	volatile double sink;
};

static void bw_run_passes(struct bw_job *job, uint64_t passes)
{
	const struct np_bw_kernel *k = job->shared->kernel;
	double *a = job->arena.base;
	double *b = a + job->doubles;
	double *c = b + job->doubles;
	double sink = 0;
	for (uint64_t p = 0; p < passes; p++)
		sink += k->run(a, b, c, job->doubles, NP_TRIAD_SCALAR);
	job->sink = sink;
}

static void bandwidth_worker(void *opaque)
{
	struct bw_job *job = opaque;
	struct bw_shared *shared = job->shared;
	const struct np_cell_spec *spec = shared->spec;
	size_t threads = spec->threads;
	double *a = job->arena.base;
	/* First touch by the pinned worker, with values the checks expect. */
	np_bw_prepare(shared->kernel, a, a + job->doubles, a + 2 * job->doubles, job->doubles);
	bw_run_passes(job, 1); /* warm-up */
	pthread_barrier_wait(&shared->barrier);
	uint64_t t = np_now_ns();
	bw_run_passes(job, 1);
	shared->calibration_ns[job->index] = np_now_ns() - t;
	pthread_barrier_wait(&shared->barrier);
	/* Every worker computes the same pass count from the same shared
	 * data, so none needs to wait for a decision. */
	uint64_t slowest = 1;
	for (size_t i = 0; i < threads; i++)
		if (shared->calibration_ns[i] > slowest)
			slowest = shared->calibration_ns[i];
	double sample_ns = spec->seconds * 1e9 / spec->repeat;
	double passes = ceil(sample_ns / (double)slowest);
	for (unsigned s = 0; s < spec->repeat; s++) {
		pthread_barrier_wait(&shared->barrier);
		/* Past this barrier every worker has finished sample s - 1:
		 * rescale by how long it really took, so the cell keeps its
		 * time budget even when one pass was a poor estimate. */
		if (s > 0)
			passes = round(passes * sample_ns / (double)sample_elapsed(shared, s - 1));
		if (passes < 1)
			passes = 1;
		if (job->index == 0)
			shared->passes[s] = (uint64_t)passes;
		shared->starts[s * threads + job->index] = np_now_ns();
		bw_run_passes(job, (uint64_t)passes);
		shared->ends[s * threads + job->index] = np_now_ns();
	}
	job->invalid_at =
	    np_bw_validate(shared->kernel, a, a + job->doubles, a + 2 * job->doubles, job->doubles);
}

int np_measure_bandwidth(const struct np_cell_spec *spec, struct np_cell_result *result,
			 struct np_error *err)
{
	const struct np_bw_kernel *kernel = np_bw_kernel(spec->mode);
	size_t threads = spec->threads;
	size_t page = np_page_mode_bytes(spec->page);
	size_t array_bytes = spec->size_bytes / threads / (size_t)kernel->arrays / page * page;
	if (array_bytes == 0)
		return np_fail(err,
			       "--size %zu bytes is too small for %zu %s workers: each needs %d "
			       "array(s) of at least one %zu-byte page",
			       spec->size_bytes, threads, kernel->name, kernel->arrays, page);
	if (alloc_samples(spec, result, err) < 0)
		return -1;
	struct bw_shared shared = {.spec = spec, .kernel = kernel};
	struct bw_job *jobs = calloc(threads, sizeof(*jobs));
	void **args = calloc(threads, sizeof(*args));
	shared.calibration_ns = calloc(threads, sizeof(uint64_t));
	shared.starts = calloc(threads * spec->repeat, sizeof(uint64_t));
	shared.ends = calloc(threads * spec->repeat, sizeof(uint64_t));
	shared.passes = calloc(spec->repeat, sizeof(uint64_t));
	int rc = 0;
	if (!jobs || !args || !shared.calibration_ns || !shared.starts || !shared.ends ||
	    !shared.passes)
		rc = np_fail(err, "out of memory for %zu workers", threads);
	size_t mapped = 0;
	for (; rc == 0 && mapped < threads; mapped++) {
		jobs[mapped] = (struct bw_job){
		    .shared = &shared, .index = mapped, .doubles = array_bytes / sizeof(double)};
		args[mapped] = &jobs[mapped];
		rc = map_target(spec, &jobs[mapped].arena, array_bytes * (size_t)kernel->arrays,
				err);
		if (rc < 0)
			break;
	}
	bool barrier_ready = false;
	if (rc == 0) {
		rc = pthread_barrier_init(&shared.barrier, NULL, (unsigned)threads) == 0
			 ? 0
			 : np_fail(err, "cannot create a barrier for %zu workers", threads);
		barrier_ready = rc == 0;
	}
	if (rc == 0)
		rc = np_workers_run(threads, spec->cpus, bandwidth_worker, args, err);
	for (size_t i = 0; rc == 0 && i < threads; i++) {
		if (jobs[i].invalid_at >= 0)
			rc = np_fail(err,
				     "%s on worker %zu computed a wrong value at element %ld: the "
				     "kernel is broken",
				     kernel->name, i, jobs[i].invalid_at);
		if (rc == 0) /* every worker's pages, in one census */
			rc = np_arena_count(&jobs[i].arena, &result->census, err);
	}
	if (rc == 0) {
		double bytes_per_pass =
		    (double)threads * (double)kernel->counted_arrays * (double)array_bytes;
		for (unsigned s = 0; s < spec->repeat; s++) {
			uint64_t elapsed = sample_elapsed(&shared, s);
			/* bytes / ns = GB/s; x 1000 = MB/s (10^6 bytes per second) */
			result->samples[s] =
			    bytes_per_pass * (double)shared.passes[s] / (double)elapsed * 1e3;
			result->measured_ns += elapsed;
		}
		result->placed_pct = np_census_placed_pct(&result->census);
		result->size_bytes = threads * (size_t)kernel->arrays * array_bytes;
	}
	if (barrier_ready)
		pthread_barrier_destroy(&shared.barrier);
	for (size_t i = 0; i < mapped && jobs; i++)
		np_arena_unmap(&jobs[i].arena);
	free(jobs);
	free(args);
	free(shared.calibration_ns);
	free(shared.starts);
	free(shared.ends);
	free(shared.passes);
	if (rc < 0)
		np_cell_result_free(result);
	return rc;
}

void np_cell_result_free(struct np_cell_result *result)
{
	free(result->samples);
	free(result->histogram);
	result->samples = NULL;
	result->histogram = NULL;
	result->sample_count = 0;
}
