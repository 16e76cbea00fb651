/*
 * balancing.h: switching automatic NUMA balancing off for a benchmark run
 * (--disable-numa-balancing) and always switching it back.
 *
 * The kernel migrates pages toward the CPUs that touch them; during a
 * remote-access benchmark that would quietly turn remote memory local. The
 * previous value is saved in a state file before the switch, restored on
 * every exit path, and by a handler for SIGINT, SIGTERM, SIGHUP and
 * SIGQUIT. A run killed with SIGKILL leaves the state file behind, and the
 * next run warns about it.
 *
 * This module holds numaprobe's only process-global state outside main: a
 * signal handler can reach nothing else.
 */
#ifndef NUMAPROBE_BALANCING_H
#define NUMAPROBE_BALANCING_H

#include <stddef.h>

#include "../lib/error.h"

#define NP_BALANCING_SYSCTL "/proc/sys/kernel/numa_balancing"
#define NP_BALANCING_STATE  "/run/numaprobe/numa_balancing.saved"

/* Saves the current value, writes 0 and installs the handlers. Needs root
 * (the message says so otherwise). */
int np_balancing_disable(struct np_error *err);
/* Writes the saved value back and removes the state file; safe to call
 * more than once, and a no-op when nothing was disabled. */
void np_balancing_restore(void);
/* When a state file from an earlier run is found whose process is gone,
 * fills `warning` and returns 1; else 0. */
int np_balancing_check_stale(char *warning, size_t size);

#endif
