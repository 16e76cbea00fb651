/*
 * host.h: the host a placement is predicted for: from `virsh
 * capabilities` XML (--host-caps), or the live or fixture sysfs (through
 * lib/topology). Either way it becomes an np_topology: nodes, CPUs, memory,
 * free huge pages, SLIT distances.
 *
 * capabilities: <capabilities><host><topology><cells num='N'><cell id='0'>
 * <memory unit='KiB'>..</memory><pages unit='KiB' size='2048'>FREE</pages>
 * <distances><sibling id='0' value='10'/>..</distances><cpus num='2'>
 * <cpu id='0' .../>..</cpus></cell>..</cells></topology></host>
 */
#ifndef NUMAPROBE_HOST_H
#define NUMAPROBE_HOST_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/error.h"
#include "../lib/topology.h"

int np_host_from_caps(const char *path, const char *text, size_t len, struct np_topology *host,
		      struct np_error *err);
/* The same, also filling core_of[cpu] (NP_ID_MAX + 1 entries) with the
 * lowest of each CPU's <cpu siblings>; *cores says whether any were given. */
int np_host_from_caps_cores(const char *path, const char *text, size_t len,
			    struct np_topology *host, int *core_of, bool *cores,
			    struct np_error *err);

/* A latency matrix from a bench CSV: the median of the latest run's
 * latency rows per (cpu_node, mem_node), in ns (benchcsv.h's rule picks
 * the run). */
struct np_latency_matrix {
	int count;
	int cpu[4096];
	int mem[4096];
	double ns[4096];
};

int np_latency_from_bench_csv(const char *path, struct np_latency_matrix *matrix,
			      struct np_error *err);
/* The same from a bench CSV already read. */
struct np_bench_csv;
int np_latency_from_bench(const struct np_bench_csv *csv, struct np_latency_matrix *matrix,
			  struct np_error *err);
/* The latency of a pair, or -1 when the matrix lacks it. */
double np_latency_lookup(const struct np_latency_matrix *matrix, int cpu, int mem);

#endif
