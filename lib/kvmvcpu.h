/*
 * kvmvcpu.h: finding a QEMU's vCPU threads when they carry no name (QEMU
 * names them "CPU n/KVM" only with -name ...,debug-threads=on).
 *
 * A vCPU thread spends its life in ioctl(fd, KVM_RUN), on a descriptor
 * that links to "anon_inode:kvm-vcpu:N". /proc/PID/task/TID/syscall shows
 * the system call a blocked thread is in: its number, six arguments and
 * the stack and instruction pointers, in hex ("16 0x1c 0xae80 0x0 ...");
 * "-1 SP PC" when it is blocked outside a call, "running" when it is on a
 * CPU at that moment. Reading it needs ptrace access (root, in practice).
 *
 * N is KVM's vcpu id, which on x86 is the vCPU's APIC id: the vCPU index
 * only when every level of the topology has a power-of-two count. The
 * index is recovered from QEMU's -smp topology (sockets, dies, cores,
 * threads), as QEMU builds APIC ids: each level gets the bits its count
 * needs, threads lowest.
 */
#ifndef NUMAPROBE_KVMVCPU_H
#define NUMAPROBE_KVMVCPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* ioctl's system call number on this architecture; -1 where numaprobe
 * does not know it (then no thread is matched). */
int np_ioctl_syscall_number(void);

#define NP_KVM_RUN 0xae80 /* _IO(KVMIO, 0x80) */

/* What a syscall file says. */
enum np_syscall_state {
	NP_SYSCALL_IN_CALL, /* *nr and args[6] filled */
	NP_SYSCALL_NONE,    /* blocked outside a system call ("-1 SP PC") */
	NP_SYSCALL_RUNNING  /* on a CPU: read again */
};

/* Parses one /proc/PID/task/TID/syscall line. */
int np_parse_syscall(const char *text, enum np_syscall_state *state, long *nr, uint64_t args[6],
		     struct np_error *err);

/* The N of a descriptor's link text "anon_inode:kvm-vcpu:N"; false for
 * any other link. */
bool np_kvm_vcpu_link(const char *link, int *id);

/* QEMU's -smp topology (absent counts are 0 until resolved). */
struct np_smp {
	unsigned cpus, sockets, dies, clusters, cores, threads;
};

/* Parses the -smp (or --smp) argument of a QEMU command line (NUL-
 * separated arguments, `len` bytes). Returns 1 and a resolved topology
 * (every count set, their product at least cpus), 0 when there is no
 * -smp (a single vCPU), -1 when it cannot be read (err says why). */
int np_qemu_smp(const char *cmdline, size_t len, struct np_smp *smp, struct np_error *err);

/* The vCPU index of APIC id `apic` under `smp`; -1 when no vCPU has it,
 * or the topology has levels numaprobe does not map (clusters). */
int np_apic_to_index(const struct np_smp *smp, int apic);

#endif
