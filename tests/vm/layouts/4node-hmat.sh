# tests/vm/layouts/4node-hmat.sh - two CPU nodes, two CPU-less memory nodes
# (CXL-like), an asymmetric SLIT and a full HMAT.
#
# Why: the hard cases of NUMA reporting in one guest: nodes with memory and
# no CPUs, distances where i->j differs from j->i, and ACPI HMAT latency and
# bandwidth that the kernel publishes under nodeN/access{0,1}/initiators.
# Sourced by testbed.sh (QEMU_ARGS) and by the checkers (the declared
# expectations below).  QEMU_ARGS is generated from those expectations, so
# what QEMU is told and what the checkers expect cannot drift apart.
#
#   node 0: cpus 0-1, 512 MiB        node 2: no cpus, 256 MiB, initiator=0
#   node 1: cpus 2-3, 512 MiB        node 3: no cpus, 256 MiB, initiator=1
#
# Machine: q35 with hmat=on (QEMU builds the HMAT only then).
# shellcheck shell=sh disable=SC2034  # variables are read by the sourcing scripts

# ---- declared expectations -------------------------------------------------
NODES="0 1 2 3"
# CPUs of node N (empty: CPU-less node).
NODE_CPUS_0="0 1"
NODE_CPUS_1="2 3"
NODE_CPUS_2=""
NODE_CPUS_3=""
# Declared memory of node N, bytes (multiples of 1 MiB).
NODE_SIZE_0=536870912
NODE_SIZE_1=536870912
NODE_SIZE_2=268435456
NODE_SIZE_3=268435456
# The initiator QEMU attaches to node N's memory (its Memory Proximity
# Domain Attributes structure); a CPU node is its own initiator.  With it
# set, the kernel links exactly that initiator under nodeN/access0 (and
# access1, the initiator having CPUs) and publishes its HMAT values.
NODE_INITIATOR_0=0
NODE_INITIATOR_1=1
NODE_INITIATOR_2=0
NODE_INITIATOR_3=1
# SLIT row of node N: distance from N to each node of NODES, in order.
# Asymmetric pairs: 0<->2 (17/28), 1<->3 (17/28), 2<->3 (30/32).
DIST_0="10 21 17 28"
DIST_1="21 10 28 17"
DIST_2="28 28 10 30"
DIST_3="28 28 32 10"
# HMAT, memory hierarchy, for every initiator x target pair.  Row of
# initiator I: value for each target of HMAT_TARGETS, in order.  QEMU gets
# access-latency and access-bandwidth, so read and write values are equal.
#   latency: nanoseconds (QEMU latency=NS; the guest's *_latency show NS);
#   bandwidth: MB/s as the guest shows them in *_bandwidth; QEMU is given
#   "<value>M" (QEMU's M is MiB: bandwidth=20G shows as 20480).
# The declared initiator of each target is also its best one.
HMAT_INITIATORS="0 1"
HMAT_TARGETS="0 1 2 3"
HMAT_LAT_0="10 40 90 250"
HMAT_LAT_1="45 12 260 95"
HMAT_BW_0="20480 10240 5120 2048"
HMAT_BW_1="9216 19456 1024 4096"

# ---- QEMU arguments, generated from the above ------------------------------
_total=0 _size=0 _cpus='' _init='' _row='' _lat='' _bw=''
_objs=
_nodes=
for _n in $NODES; do
    eval "_size=\$NODE_SIZE_$_n _cpus=\$NODE_CPUS_$_n _init=\$NODE_INITIATOR_$_n"
    _total=$((_total + _size))
    _objs="$_objs -object memory-backend-ram,id=m$_n,size=$((_size / 1048576))M"
    if [ -n "$_cpus" ]; then
        # cpus=0-1 style ranges; the layouts use contiguous CPU lists.
        _first=${_cpus%% *}
        _last=${_cpus##* }
        _nodes="$_nodes -numa node,nodeid=$_n,cpus=$_first-$_last,memdev=m$_n"
    else
        _nodes="$_nodes -numa node,nodeid=$_n,memdev=m$_n,initiator=$_init"
    fi
done
_dist=
for _s in $NODES; do
    eval "_row=\$DIST_$_s"
    for _d in $NODES; do
        _v=${_row%% *}
        _row=${_row#* }
        [ "$_s" = "$_d" ] || _dist="$_dist -numa dist,src=$_s,dst=$_d,val=$_v"
    done
done
_hmat=
for _i in $HMAT_INITIATORS; do
    eval "_lat=\$HMAT_LAT_$_i _bw=\$HMAT_BW_$_i"
    for _t in $HMAT_TARGETS; do
        _hmat="$_hmat -numa hmat-lb,initiator=$_i,target=$_t,hierarchy=memory,data-type=access-latency,latency=${_lat%% *}"
        _hmat="$_hmat -numa hmat-lb,initiator=$_i,target=$_t,hierarchy=memory,data-type=access-bandwidth,bandwidth=${_bw%% *}M"
        _lat=${_lat#* }
        _bw=${_bw#* }
    done
done
QEMU_ARGS="-machine q35,hmat=on -m $((_total / 1048576))M -smp 4$_objs$_nodes$_dist$_hmat"
unset _total _objs _nodes _n _size _cpus _init _first _last _dist _s _d _row _v _hmat _i _lat _bw _t
