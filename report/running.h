/*
 * running.h: what the guests already on a host hold on each of its
 * nodes, so that advise, fit and placement count it before placing more.
 * Read live (--running: libvirt's guests and other QEMU processes, through
 * lib/guestview) or from the latest sample of a stats CSV (--stats).
 *
 * vCPUs: a vCPU whose thread may run only on one node's CPUs (pinned)
 * counts on that node; any other on the node it last ran on. A stats CSV
 * keeps no pins, so there every vCPU counts where it last ran.
 * Memory: what the guests have resident on each node, in base pages and
 * in huge pages. Only a host taken from capabilities (which give totals)
 * needs it taken out: sysfs's MemFree and free huge pages already leave
 * it out, and counting it again would count it twice.
 */
#ifndef NUMAPROBE_RUNNING_H
#define NUMAPROBE_RUNNING_H

#include <stddef.h>
#include <stdint.h>

#include "../lib/error.h"
#include "../lib/roots.h"
#include "../lib/strbuf.h"
#include "../lib/topology.h"

struct np_held {
	size_t count;	      /* the host's nodes, in its order */
	uint64_t *base_bytes; /* [node index] */
	uint64_t *huge_bytes; /* [node index], huge pages of any size */
	int *vcpus;	      /* [node index] */
	size_t guests;
	struct np_strbuf summary; /* "NAME (pid P): V vCPUs, M MiB", one line each */
};

/* The running guests, now. Guests whose memory cannot be read (not root)
 * count with their vCPUs only; `notes` says which. */
int np_held_from_running(const struct np_roots *roots, const struct np_topology *host,
			 struct np_held *held, struct np_strbuf *notes, struct np_error *err);
/* The guests of the latest sample (the latest timestamp) of a stats CSV. A
 * node the host does not have is an error: the CSV is from another host. */
int np_held_from_stats(const char *path, const struct np_topology *host, struct np_held *held,
		       struct np_error *err);
void np_held_free(struct np_held *held);

/* Takes the held memory out of each node's free memory, and the held huge
 * pages out of its pools, smallest page size first (the sizes of a
 * guest's huge pages are not recorded). For a host from capabilities. */
void np_held_take_memory(struct np_topology *host, const struct np_held *held);

#endif
