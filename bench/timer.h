/*
 * timer.h: a cheap clock for timing short batches of loads.
 *
 * On x86-64 with an invariant TSC (cpuinfo's constant_tsc and
 * nonstop_tsc) it reads the TSC with RDTSCP, which waits for every earlier
 * load to finish, so a batch of dependent loads is not cut short; its
 * frequency is measured against CLOCK_MONOTONIC_RAW when the timer is set
 * up. Elsewhere it reads clock_gettime(CLOCK_MONOTONIC). Either way the
 * cost of one read is measured too, so callers can subtract it.
 */
#ifndef NUMAPROBE_TIMER_H
#define NUMAPROBE_TIMER_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct np_timer {
	bool tsc;	    /* RDTSCP, else clock_gettime */
	double ns_per_tick; /* 1 for clock_gettime */
	double cost_ns;	    /* one read, measured */
	const char *name;   /* "tsc" or "clock_gettime" */
};

/* Sets the timer up (about 30 ms: the TSC's frequency and the cost of a
 * read). `allow_tsc` false forces clock_gettime. */
void np_timer_init(struct np_timer *timer, bool allow_tsc);

static inline uint64_t np_timer_read(const struct np_timer *timer)
{
#if defined(__x86_64__)
	if (timer->tsc) {
		uint32_t lo, hi, aux;
		__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux)::"memory");
		return ((uint64_t)hi << 32) | lo;
	}
#endif
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#endif
