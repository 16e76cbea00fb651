/*
 * guestlist.h: the guests running on this host: libvirt's, from its run
 * dir, then QEMU processes libvirt does not know about, found by their
 * command line. Shared by stats (which samples them) and report (which
 * counts what they hold before placing more).
 */
#ifndef NUMAPROBE_GUESTLIST_H
#define NUMAPROBE_GUESTLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "libvirt_status.h"
#include "roots.h"
#include "strbuf.h"

struct np_running_guest {
	/* name and pid; for libvirt's guests also the vCPU threads by index
	 * (vcpu_count 0 for the others: their threads are found by name) */
	struct np_libvirt_guest guest;
	bool libvirt;
};

/*
 * The guests among `pids` (a listing of /proc) and in the libvirt run
 * dir: libvirt's first, sorted by name, then the other QEMU processes in
 * pid order, each named by its -name or "pid-N". Status files that do
 * not parse are named in `notes` and skipped. *guests is malloc'ed.
 */
int np_guest_list(const struct np_roots *roots, const pid_t *pids, size_t pid_count,
		  struct np_running_guest **guests, size_t *count, struct np_strbuf *notes,
		  struct np_error *err);

#endif
