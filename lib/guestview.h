/*
 * guestview.h: what a running guest (or any process) looks like right
 * now: its memory per host node and kind, the node each vCPU thread last
 * ran on, its allowed CPUs and nodes, and its measured local fraction.
 * Shared by stats (which samples it) and report (which sets it beside the
 * prediction for --guest).
 */
#ifndef NUMAPROBE_GUESTVIEW_H
#define NUMAPROBE_GUESTVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "idset.h"
#include "numamaps.h"
#include "roots.h"
#include "strbuf.h"
#include "topology.h"

/* Where memory per node comes from: the process's own memory cgroup
 * (cost independent of its size) or numa_maps; auto uses the cgroup when
 * the process has one to itself. */
enum np_mem_source { NP_SOURCE_AUTO, NP_SOURCE_CGROUP, NP_SOURCE_MAPS };

struct np_guest_view {
	bool denied;	    /* numa_maps unreadable: no memory figures */
	const char *source; /* "numa_maps" or "cgroup" */
	struct np_node_memory *memory;
	int vcpu_count;
	int *vcpu_nodes;  /* node each vCPU thread last ran on; -1 unknown */
	pid_t *vcpu_tids; /* each vCPU's thread; 0 where none was found */
	/* how they were found: "libvirt" (its status file), "thread names"
	 * ("CPU n/KVM"), "KVM_RUN" (kvmvcpu.h) or "none" */
	const char *vcpu_source;
	struct np_idset allowed_cpus;
	struct np_idset allowed_nodes;
	double local_fraction; /* NAN without vCPUs or memory */
};

/* What np_guest_view_read found. */
enum np_view_result {
	NP_VIEW_READ = 0,     /* the view is filled */
	NP_VIEW_GONE = 1,     /* the process exited while it was read */
	NP_VIEW_MALFORMED = 2 /* a file of the process held bad values: err says which */
};

/*
 * Reads process `pid` (named `name` in notes). vCPU threads are
 * `vcpu_tids` (libvirt's list, by vCPU index; 0 for a missing one) when
 * given, else the threads named "CPU n/KVM" or "CPU n/TCG", else, for a
 * `guest` (a QEMU), the threads in ioctl(KVM_RUN), with a note saying how
 * many were found or, when none, how to start QEMU to name them. Notes for
 * stderr (permission denied, cgroup fallbacks) are appended to `notes`.
 * Returns an np_view_result (nothing to free unless NP_VIEW_READ), or -1
 * when out of memory.
 */
int np_guest_view_read(const struct np_roots *roots, const struct np_topology *topo, pid_t pid,
		       const char *name, bool guest, const pid_t *vcpu_tids, int vcpu_count,
		       enum np_mem_source source, struct np_guest_view *view,
		       struct np_strbuf *notes, struct np_error *err);
void np_guest_view_free(struct np_guest_view *view);

/* The node vCPU thread `tid` of `pid` is pinned to: the one node whose
 * CPUs hold every CPU the thread may run on; -1 when it may run on
 * several nodes, or it cannot be read. */
int np_vcpu_pinned_node(const struct np_roots *roots, const struct np_topology *topo, pid_t pid,
			pid_t tid);

/* docs/design.md's locality for measured vCPUs: the mean over vCPUs of the
 * share of the memory on the node the vCPU last ran on. NAN when no vCPU
 * has a known node, or there is no memory. */
double np_local_fraction(const struct np_node_memory *memory, const int *vcpu_nodes, int count);

#endif
