/*
 * loaded.h: `numaprobe bench loaded`, the loaded-latency curve (Intel
 * MLC's --loaded_latency): one thread chases memory on node m, as `bench
 * latency` does, while injector threads load memory at a series of
 * intensities; each point records the injected bandwidth and the chase's
 * latency.
 *
 * Injectors run a traffic mix over their own buffer in blocks of
 * NP_LOAD_BLOCK_BYTES, spinning `delay` empty iterations after each block;
 * delay 0 runs whole passes with no pause (full speed). Level 0 is idle
 * (no injection), the last level full speed, and the levels between are
 * spaced evenly in BANDWIDTH, not in delay: the delays are calibrated
 * first (np_loaded_calibrate) so that level k injects k/(levels-1) of the
 * full-speed bandwidth.
 *
 * Mixes, and the bytes each counts per pass (STREAM's convention: every
 * array read or written once; write-allocate traffic not counted):
 *   read     sum of a                       1 array   reads 1, writes 0
 *   3r1w     a = b + c + d                  4 arrays  reads 3, writes 1
 *   2r1w     a = b + s*c (STREAM triad)     3 arrays  reads 2, writes 1
 *   1r1w     a = a/2 + 1, in place          1 array   reads 1, writes 1
 *   ntwrite  a = s, non-temporal stores     1 array   reads 0, writes 1
 *   copy     a = b                          2 arrays  reads 1, writes 1
 * read, 2r1w, ntwrite and copy are bench bandwidth's read, triad, ntwrite
 * and copy kernels (the widest vector width); 3r1w and 1r1w are plain C.
 */
#ifndef NUMAPROBE_LOADED_H
#define NUMAPROBE_LOADED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/error.h"
#include "arena.h"
#include "kernels.h"

#define NP_LOAD_BLOCK_BYTES   4096
#define NP_LOAD_MAX_LEVELS    32
#define NP_LOAD_MAX_INJECTORS 1024
/* A level's delay meaning "no injection" (level 0). */
#define NP_LOAD_IDLE UINT32_MAX

enum np_mix {
	NP_MIX_READ,
	NP_MIX_3R1W,
	NP_MIX_2R1W,
	NP_MIX_1R1W,
	NP_MIX_NTWRITE,
	NP_MIX_COPY,
	NP_MIX_COUNT
};

struct np_mix_info {
	const char *name;
	int arrays;	   /* arrays an injector's buffer is split into */
	int reads, writes; /* arrays read and written once per pass */
};

const struct np_mix_info *np_mix_info(enum np_mix mix);
/* -1 when unknown */
int np_mix_from_name(const char *name);
/* Counted bytes of one pass over arrays of `array_bytes` each. */
double np_mix_pass_bytes(enum np_mix mix, size_t array_bytes);

/* The injected bandwidth (MB/s) the injectors reach at `delay`; the real
 * one runs them for a while, a test passes a model of the clock. */
typedef double (*np_load_measure_fn)(void *ctx, uint32_t delay);

/* Delays for `levels` points (2..NP_LOAD_MAX_LEVELS): delays[0] is
 * NP_LOAD_IDLE, delays[levels-1] is 0 (full speed), and each level k
 * between is tuned until its bandwidth is within 3% of the full-speed
 * bandwidth of k/(levels-1) of it (or the best found in 6 tries). The
 * measured bandwidths go to achieved[] (0 for the idle level). */
int np_loaded_calibrate(np_load_measure_fn measure, void *ctx, unsigned levels, uint32_t *delays,
			double *achieved, struct np_error *err);

struct np_loaded_spec {
	int mem_node;			  /* the chased buffer's node, when mem_nodes is NULL */
	const struct np_idset *mem_nodes; /* else the chased target's nodes, */
	enum np_mem_policy policy;	  /* with its policy */
	int latency_cpu;		  /* the chase's CPU */
	const int *load_cpus;		  /* one per injector */
	const int *load_nodes;		  /* the node of each injector's buffer, or NULL:
					     on the chased target, by its policy */
	size_t injectors;
	size_t size_bytes; /* the chased buffer; also the injectors' total */
	enum np_page_mode page;
	size_t tlb_locality, stride;
	enum np_mix mix;
	unsigned levels;
	double seconds;	 /* per level */
	unsigned repeat; /* samples per level */
	uint64_t seed;
};

struct np_loaded_result {
	unsigned levels;
	uint32_t delays[NP_LOAD_MAX_LEVELS];
	double *latency_ns;    /* [level * repeat + sample], ns per load */
	double *bandwidth_mbs; /* [level * repeat + sample], injected MB/s */
	size_t chased_bytes;   /* the chased buffer */
	size_t injected_bytes; /* the injectors' buffers together */
	double latency_placed_pct, load_placed_pct;
	struct np_census latency_census, load_census;
	double measured_seconds;
};

/* Runs the whole curve of one (CPU node, memory node, mix); free the
 * result with np_loaded_result_free. */
int np_loaded_run(const struct np_loaded_spec *spec, struct np_loaded_result *result,
		  struct np_error *err);
void np_loaded_result_free(struct np_loaded_result *result);

#endif
