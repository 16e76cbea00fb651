/* measure.c: latency and bandwidth cells; see measure.h. */
#include "measure.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "workers.h"

/* Loads between two clock reads: ~1.6 ms at 100 ns a load, so the clock
 * costs nothing, and short enough to stop close to the budget. */
#define CHASE_BATCH 16384

struct latency_job {
	const struct np_cell_spec *spec;
	struct np_arena *arena;
	double *samples;
	int rc;
	struct np_error *err;
	uint64_t measured_ns;
	void *volatile sink;
};

static void latency_worker(void *opaque)
{
	struct latency_job *job = opaque;
	const struct np_cell_spec *spec = job->spec;
	struct np_chain_params params = {
	    .buffer_bytes = job->arena->bytes,
	    .page_bytes = job->arena->page_bytes,
	    .tlb_locality = spec->tlb_locality,
	    .seed = spec->seed,
	};
	void *p;
	/* Building the chain writes every line: this is the first touch, by
	 * the pinned worker. */
	job->rc = np_chain_build(job->arena->base, &params, &p, job->err);
	if (job->rc < 0)
		return;
	uint64_t sample_ns = (uint64_t)(spec->seconds * 1e9 / spec->repeat);
	if (sample_ns == 0)
		sample_ns = 1;
	/* Warm-up: one lap of the chain, or a fifth of a sample, whichever
	 * comes first, so caches and TLBs reach their steady state. */
	uint64_t lines = job->arena->bytes / NP_LINE_BYTES;
	uint64_t warm_start = np_now_ns();
	for (uint64_t done = 0; done < lines && np_now_ns() - warm_start < sample_ns / 5;
	     done += CHASE_BATCH)
		p = np_chain_chase(p, CHASE_BATCH);
	for (unsigned s = 0; s < spec->repeat; s++) {
		uint64_t loads = 0;
		uint64_t start = np_now_ns();
		uint64_t now;
		do {
			p = np_chain_chase(p, CHASE_BATCH);
			loads += CHASE_BATCH;
			now = np_now_ns();
		} while (now - start < sample_ns);
		job->samples[s] = (double)(now - start) / (double)loads;
		job->measured_ns += now - start;
	}
	job->sink = p;
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
	size_t page = np_page_mode_bytes(spec->page);
	size_t bytes = spec->size_bytes / page * page;
	if (bytes < page)
		bytes = page;
	struct np_arena arena;
	if (np_arena_map(&arena, bytes, spec->page, spec->mem_node, err) < 0) {
		np_cell_result_free(result);
		return -1;
	}
	struct latency_job job = {spec, &arena, result->samples, 0, err, 0, NULL};
	void *args[1] = {&job};
	int rc = np_workers_run(1, spec->cpus, latency_worker, args, err);
	result->measured_ns = job.measured_ns;
	if (rc == 0)
		rc = job.rc;
	if (rc == 0)
		rc = np_arena_verify(&arena, &result->placed_pct, err);
	result->size_bytes = arena.bytes;
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
		rc = np_arena_map(&jobs[mapped].arena, array_bytes * (size_t)kernel->arrays,
				  spec->page, spec->mem_node, err);
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
	double placed_sum = 0;
	for (size_t i = 0; rc == 0 && i < threads; i++) {
		if (jobs[i].invalid_at >= 0)
			rc = np_fail(err,
				     "%s on worker %zu computed a wrong value at element %ld: the "
				     "kernel is broken",
				     kernel->name, i, jobs[i].invalid_at);
		double placed = 0;
		if (rc == 0)
			rc = np_arena_verify(&jobs[i].arena, &placed, err);
		placed_sum += placed;
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
		result->placed_pct = placed_sum / (double)threads;
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
	result->samples = NULL;
	result->sample_count = 0;
}
