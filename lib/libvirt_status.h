/*
 * libvirt_status.h: the running guests libvirt knows about, from its
 * runtime directory (/run/libvirt/qemu, or --libvirt-run-dir): NAME.xml is
 * <domstatus state='running' pid='PID'> with <vcpus><vcpu id='0'
 * pid='TID'/>... (older libvirt omits id) and the live <domain> inside.
 */
#ifndef NUMAPROBE_LIBVIRT_STATUS_H
#define NUMAPROBE_LIBVIRT_STATUS_H

#include <stddef.h>
#include <sys/types.h>

#include "bounds.h"
#include "error.h"
#include "roots.h"
#include "strbuf.h"

#define NP_GUEST_NAME_MAX 256

struct np_libvirt_guest {
	char name[NP_GUEST_NAME_MAX];
	pid_t pid;
	int vcpu_count;
	pid_t vcpu_tids[NP_MAX_VCPUS]; /* by vCPU index */
};

/* Parses one status file's text. */
int np_libvirt_status_parse(const char *path, const char *text, size_t len,
			    struct np_libvirt_guest *out, struct np_error *err);

/* Every NAME.xml of the run dir that parses, sorted by name; a missing
 * run dir means no libvirt guests. Files that do not parse are named in
 * `problems` (one line each) and skipped. *guests is malloc'ed. */
int np_libvirt_list(const struct np_roots *roots, struct np_libvirt_guest **guests, size_t *count,
		    struct np_strbuf *problems, struct np_error *err);

#endif
