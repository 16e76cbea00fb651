/* timer.c: setting up the batch timer; see timer.h. */
#include "timer.h"

#include <stdio.h>
#include <string.h>

#include "../lib/fileio.h"
#include "../lib/strbuf.h"

static uint64_t raw_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The TSC ticks at a constant rate, also in deep idle states. */
static bool invariant_tsc(void)
{
#if defined(__x86_64__)
	struct np_strbuf text;
	np_sb_init(&text);
	bool both = false;
	if (np_read_file("/proc/cpuinfo", &text, NULL, NULL) == 0) {
		const char *flags = strstr(np_sb_str(&text), "\nflags");
		const char *end = flags ? strchr(flags + 1, '\n') : NULL;
		if (flags && end) {
			char line[8192];
			snprintf(line, sizeof(line), "%.*s ", (int)(end - flags), flags);
			both = strstr(line, " constant_tsc ") && strstr(line, " nonstop_tsc ") &&
			       strstr(line, " rdtscp ");
		}
	}
	np_sb_free(&text);
	return both;
#else
	return false;
#endif
}

void np_timer_init(struct np_timer *timer, bool allow_tsc)
{
	memset(timer, 0, sizeof(*timer));
	timer->ns_per_tick = 1;
	timer->name = "clock_gettime";
	if (allow_tsc && invariant_tsc()) {
		timer->tsc = true;
		timer->name = "tsc";
		/* 20 ms against the raw monotonic clock: the frequency to 0.01%. */
		uint64_t n0 = raw_ns(), t0 = np_timer_read(timer), n1, t1;
		do {
			n1 = raw_ns();
			t1 = np_timer_read(timer);
		} while (n1 - n0 < 20000000);
		timer->ns_per_tick = (double)(n1 - n0) / (double)(t1 - t0);
	}
	/* The cost of a read: the best of 100 runs of 64 back-to-back reads
	 * (the best, because an interrupt only ever adds). */
	double best = 1e9;
	for (int run = 0; run < 100; run++) {
		uint64_t first = np_timer_read(timer), last = first;
		for (int i = 0; i < 64; i++)
			last = np_timer_read(timer);
		double cost = (double)(last - first) * timer->ns_per_tick / 64;
		if (cost < best)
			best = cost;
	}
	timer->cost_ns = best;
}
