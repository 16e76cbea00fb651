/*
 * measure.h: measuring one cell, a (test, mode, CPU node, memory node)
 * pair, with pinned workers.
 *
 * Allocation, first touch, chain building, warm-up and calibration are not
 * counted in the cell's time budget; `seconds` is spent measuring, split
 * evenly into `repeat` samples.
 */
#ifndef NUMAPROBE_MEASURE_H
#define NUMAPROBE_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/error.h"
#include "../lib/histogram.h"
#include "arena.h"
#include "kernels.h"
#include "timer.h"

struct np_cell_spec {
	int mem_node;			   /* the node, when mem_nodes is NULL (bound) */
	const struct np_idset *mem_nodes;  /* else the nodes of a target, */
	enum np_mem_policy policy;	   /* with its policy */
	const int *cpus;   /* one CPU per worker, all on the CPU node */
	size_t threads;	   /* workers; 1 for latency */
	size_t size_bytes; /* latency: the chased buffer; bandwidth: shared by the workers */
	enum np_page_mode page;
	size_t tlb_locality;  /* latency only, bytes */
	size_t stride;	      /* latency only, bytes between visited pointers */
	unsigned batch_loads; /* latency only: loads a timed batch, 0 untimed, NP_BATCH_AUTO */
	const struct np_timer *timer; /* latency only, when batches are timed */
	enum np_bw_mode mode; /* bandwidth only */
	double seconds;	      /* measuring time for the whole cell */
	unsigned repeat;      /* samples */
	uint64_t seed;
};

/* batch_loads: choose the smallest batch whose timer cost stays under 1%. */
#define NP_BATCH_AUTO 0xffffffffu

struct np_cell_result {
	double *samples; /* repeat values: ns per load, or MB/s (10^6 B/s) */
	/* latency with timed batches: the mean ns per load of each batch of
	 * batch_loads loads, over every sample; NULL when untimed */
	struct np_histogram *histogram;
	unsigned batch_loads;
	double batch_overhead_ns; /* a timer read between batches, subtracted */
	size_t sample_count;
	size_t size_bytes;    /* bytes actually measured (rounded to whole pages) */
	double placed_pct;    /* share of checked pages found on the target's nodes */
	struct np_census census; /* the pages found on each of them */
	uint64_t measured_ns; /* time spent in the samples: the cell's --time, as kept */
};

/* Each returns 0 with result filled (free with np_cell_result_free), or -1
 * with a message. A bandwidth copy/triad whose result is wrong fails. */
int np_measure_latency(const struct np_cell_spec *spec, struct np_cell_result *result,
		       struct np_error *err);
int np_measure_bandwidth(const struct np_cell_spec *spec, struct np_cell_result *result,
			 struct np_error *err);
void np_cell_result_free(struct np_cell_result *result);

#endif
