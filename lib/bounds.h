/*
 * bounds.h: the largest ids numaprobe accepts from the kernel's files,
 * libvirt's and QEMU's, in one place. Anything above them is refused where
 * it is read, with a message, so every array sized by them is safe.
 */
#ifndef NUMAPROBE_BOUNDS_H
#define NUMAPROBE_BOUNDS_H

/* Node ids run from 0 to NP_MAX_NODES - 1: the kernel's own limit
 * (MAX_NUMNODES with NODES_SHIFT 10, the largest any distribution uses). */
#define NP_MAX_NODES 1024

/* vCPU indexes of one guest run from 0 to NP_MAX_VCPUS - 1. */
#define NP_MAX_VCPUS 1024

/* The kernel's largest pid (PID_MAX_LIMIT, 2^22). */
#define NP_PID_MAX 4194304

#endif
