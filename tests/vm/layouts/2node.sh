# tests/vm/layouts/2node.sh - two NUMA nodes with CPUs, symmetric SLIT.
#
# Why: the smallest topology in which "local" and "remote" differ; it is
# what most placement tests need.  Sourced by testbed.sh (QEMU_ARGS) and by
# the checkers (the declared expectations below, which check-topo.sh
# compares with numaprobe's and the guest kernel's view).
#
# 4 vCPUs, 1 GiB: node 0 = cpus 0-1 + 512 MiB, node 1 = cpus 2-3 + 512 MiB,
# distances 10 (local) / 21 (remote).  Machine: QEMU's default (pc).
# shellcheck shell=sh disable=SC2034  # variables are read by the sourcing scripts

QEMU_ARGS="-m 1G -smp 4
 -object memory-backend-ram,id=m0,size=512M
 -object memory-backend-ram,id=m1,size=512M
 -numa node,nodeid=0,cpus=0-1,memdev=m0
 -numa node,nodeid=1,cpus=2-3,memdev=m1
 -numa dist,src=0,dst=1,val=21"

# ---- declared expectations -------------------------------------------------
# Node ids, in order.
NODES="0 1"
# CPUs of node N (space separated, empty for a CPU-less node).
NODE_CPUS_0="0 1"
NODE_CPUS_1="2 3"
# Declared memory of node N, bytes.
NODE_SIZE_0=536870912
NODE_SIZE_1=536870912
# SLIT row of node N: distance from N to each node of NODES, in order.
DIST_0="10 21"
DIST_1="21 10"
# No HMAT: the targets list is empty.
HMAT_TARGETS=""
