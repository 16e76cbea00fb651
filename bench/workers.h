/*
 * workers.h: the one engine that runs pinned worker threads, for latency,
 * bandwidth and every later test.
 *
 * Each thread is created already pinned to its CPU (the affinity is set on
 * the thread attributes), so not one instruction of it, and certainly no
 * first touch of its memory, runs elsewhere. Workers that must start and
 * stop together share a pthread_barrier: a blocking barrier, never a spin
 * loop, because testbed guests run more vCPUs than the host has cores.
 */
#ifndef NUMAPROBE_WORKERS_H
#define NUMAPROBE_WORKERS_H

#include <stddef.h>
#include <stdint.h>

#include "../lib/error.h"

typedef void (*np_worker_fn)(void *arg);

/* Runs fn(args[i]) on count threads, thread i pinned to cpus[i], and waits
 * for all of them. No fn runs until every thread exists; when one cannot
 * be created or pinned, none runs and the call fails. */
int np_workers_run(size_t count, const int *cpus, np_worker_fn fn, void *const *args,
		   struct np_error *err);

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t np_now_ns(void);

#endif
