/*
 * proctask.h: processes and threads under /proc: listing them, a thread's
 * stat line (the CPU it last ran on), command lines, and QEMU's guest name
 * and vCPU threads.
 *
 * A process can exit between listing and reading; those reads fail with
 * ENOENT or ESRCH, which callers treat as "gone", not as an error.
 */
#ifndef NUMAPROBE_PROCTASK_H
#define NUMAPROBE_PROCTASK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "bounds.h"
#include "roots.h"
#include "strbuf.h"

#define NP_COMM_MAX 64

struct np_task_stat {
	char comm[NP_COMM_MAX]; /* between the first '(' and the LAST ')' */
	char state;
	int processor; /* field 39: the CPU it last ran on */
};

/* Parses a /proc/PID[/task/TID]/stat line. The comm may hold spaces and
 * parentheses, so the fields are counted after the last ')'. */
int np_parse_task_stat(const char *text, struct np_task_stat *out, struct np_error *err);

/* Numeric entries of <proc>/ (dir NULL) or of <proc>/<pid>/task, sorted.
 * *ids is malloc'ed. */
int np_proc_list(const struct np_roots *roots, const char *pid, pid_t **ids, size_t *count,
		 struct np_error *err);

/* True for a vCPU thread's comm, exactly "CPU <n>/KVM" or "CPU <n>/TCG"
 * with n a decimal index below NP_MAX_VCPUS; *index gets n. */
bool np_is_vcpu_comm(const char *comm, int *index);

/* The guest name of a QEMU command line (NUL-separated arguments, `len`
 * bytes): `-name guest=NAME,...`, or `-name NAME[,...]`; ",," in a name
 * stands for ",". Returns false when there is no -name. */
bool np_qemu_guest_name(const char *cmdline, size_t len, char *name, size_t size);

/* True when argv[0]'s base name is qemu-system-* or qemu-kvm. */
bool np_is_qemu_cmdline(const char *cmdline, size_t len);

/* Reads the text file <proc>/<pid>/<file> into out; *gone is set when the
 * process has exited (ENOENT/ESRCH), which is not an error for the caller
 * to report. */
int np_proc_read(const struct np_roots *roots, pid_t pid, const char *file, struct np_strbuf *out,
		 bool *gone, int *errno_out, struct np_error *err);
/* <proc>/<pid>/cmdline, whose arguments are separated by NULs; out->data
 * is NUL-terminated past its length, as np_qemu_guest_name needs. */
int np_proc_read_cmdline(const struct np_roots *roots, pid_t pid, struct np_strbuf *out, bool *gone,
			 struct np_error *err);

#endif
