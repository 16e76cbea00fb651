#!/bin/bash
# tests/vm/check-stats.sh - check `numaprobe stats` on a real multi-node
# kernel: a process's memory per node (from numa_maps) against where the
# kernel really put it and against `numastat -p`, and the per-node counters
# (numastat, meminfo) against an allocation of known size on a known node
# and against `numastat`.
#
# Usage: tests/vm/check-stats.sh [LAYOUT]     (default 2node)
#
# Why: on a one-node development machine every page is on node 0 and node
# 0's counters move with everything, so a stats that read the wrong node's
# file, or summed numa_maps' N<node>= fields into the wrong node, would go
# unnoticed.  Here one QEMU guest (one testbed.sh boot) with the topology
# of tests/vm/layouts/LAYOUT.sh (it needs nodes 0 and 1, node 1 with at
# least 256 MiB) pins a 96 MiB allocation to node 1 and watches it.
#
# The allocation: `numactl --membind=1 -- dd if=/dev/zero of=FIFO bs=96M
# count=1` (busybox dd) mallocs one 96 MiB buffer (an anonymous mmap) and
# fills it with one read of /dev/zero, which faults in every page under the
# membind policy, then blocks writing it into a FIFO whose reader reads one
# byte and then sleeps.  That byte arriving means the read, so the
# placement, is complete; the process is then stopped (SIGSTOP), so its
# numa_maps cannot change between numaprobe's read and numastat's.
# Transparent huge pages are switched off in the guest first (the guest
# kernel, Debian's 6.1 cloud kernel, defaults to "always"): numa_hit counts
# page ALLOCATIONS, not pages, so with THP the 96 MiB fault in as ~48 2 MiB
# allocations and node 1's numa_hit moves by only ~850 (measured); with 4
# KiB pages each fault is one order-0 allocation and numa_hit moves by at
# least 96 MiB / 4 KiB = 24576 (measured ~24950; since 5.14 reading
# nodeN/numastat folds the per-CPU counters, so the count is exact).
#
# The guest prints, between marker lines ("@@@ NAME" ... "@@@ end NAME rc=N
# s=SECONDS"), in order:
#   thp            the THP setting before and after writing "never"
#   ns-b0, sys-b, ns-b1   numastat; numaprobe stats --system-only --format
#                  csv (before); numastat again
#   hold           starts the allocation, waits for it, stops it: its pid,
#                  whether it got ready, its state, its /proc status lines
#   pid            numaprobe stats --pid PID --format csv
#   nsp            numastat -p PID
#   maps           /proc/PID/numa_maps (shown when a process check fails)
#   ns-a0, sys-a, ns-a1   as ns-b*, with the process alive (after)
#   kill           kills the process and its FIFO reader, restores THP
# and the stderr of each numaprobe/numastat command in section NAME-err.
# Each command runs under the guest's `timeout`, so that a hang shows as
# exit status 143 of that command, with the other sections still there.
# Then, on the host, one line per check, `PASS: <what>` or
# `FAIL: <what>: <details>`:
#   * both system-only runs and the --pid run exit 0 with the exact CSV
#     header, node rows for exactly the declared nodes;
#   * the process rows carry the pid and the process name (dd); the
#     process's memory on node 1 (mem_bytes_anon + file + huge) is at least
#     90 MiB; on node 0 its anon + huge bytes are under 4 MiB and all of it
#     under 8 MiB (busybox's file pages sit on the node the kernel unpacked
#     the initramfs on, before the policy existed: node 0 or node 1 from
#     one boot to the next); the total row (mem_bytes, empty node) is
#     the sum of the per-node rows;
#   * per node, numaprobe's bytes / 2^20 = numastat -p's Total within 0.01
#     (numastat prints 2 decimals; the process is stopped), and the totals;
#   * node 1's numa_hit after - before >= 24576 (see above), its
#     mem_free_bytes before - after >= 80 MiB;
#   * for each snapshot, every counter (numa_hit numa_miss numa_foreign
#     interleave_hit local_node other_node) of every node lies between the
#     values numastat printed right before and right after numaprobe
#     (numastat prints the raw nodeN/numastat counters, which only grow),
#     with node 1's numa_hit as a check of its own;
#   * the process is gone after the kill.
# The stderr of every command is shown, indented, after the checks.
# Exit status: 0 when every check passed, 1 when one failed, 125 when the
# guest could not be run (as testbed.sh), 2 for a usage error.
#
# Environment: CHECK_STATS_TIMEOUT  wall-clock limit of the whole guest run
# in seconds (default 180; the run takes ~10 s on a 2-core TCG host); each
# guest command gets a sixth of it, the wait for the allocation a third.
# The guest script and awk programs are single-quoted on purpose:
# shellcheck disable=SC2016
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
me=check-stats.sh
# shellcheck source=SCRIPTDIR/checklib.sh
. "$here/checklib.sh" || { echo "$me: cannot source $here/checklib.sh" >&2; exit 125; }

layout_args 2node "$@"
NODE_SIZE_1=
load_layout
for n in 0 1; do
    case " $(words "$NODES") " in *" $n "*) ;; *) echo "check-stats.sh: layout has no node $n" >&2; exit 2 ;; esac
done
case $NODE_SIZE_1 in ''|*[!0-9]*) NODE_SIZE_1=0 ;; esac
if [ "$NODE_SIZE_1" -lt 268435456 ]; then
    echo "check-stats.sh: layout's node 1 has under 256 MiB (NODE_SIZE_1=$NODE_SIZE_1); the 96 MiB allocation needs room" >&2
    exit 2
fi

timeout_s=${CHECK_STATS_TIMEOUT:-180}
case $timeout_s in ''|*[!0-9]*) echo "check-stats.sh: CHECK_STATS_TIMEOUT wants whole seconds" >&2; exit 2 ;; esac
t_cmd=$((timeout_s / 6 + 1))
t_hold=$((timeout_s / 3 + 1))

MiB=1048576
alloc_mib=96
# 4 KiB pages of the allocation: the least node 1's numa_hit must move by.
min_hit=$((alloc_mib * MiB / 4096))
counters="numa_hit numa_miss numa_foreign interleave_hit local_node other_node"

make_tmp

# ---- the guest side --------------------------------------------------------
guest_script='
T_CMD='"$t_cmd"' T_HOLD='"$t_hold"' MIB='"$alloc_mib"'

thp=/sys/kernel/mm/transparent_hugepage/enabled
sec thp
thp_was=
if [ -e "$thp" ]; then
    thp_was=$(sed "s/.*\[\(.*\)\].*/\1/" "$thp")
    echo "was $(cat "$thp")"
    echo never >"$thp"
    echo "now $(cat "$thp")"
else
    echo "none"
fi
end thp 0

sec selfmap
numaprobe stats --system-only --interval 2 --count 2 --quiet &
self=$!
sleep 0.5
grep -E "^(Rss(Anon|File|Shmem)|VmPTE):" "/proc/$self/status"
# the most pages a node has in flight to its CPUs lists: one batch each
awk "/^Node/ { n = \$2 } /^ *batch:/ { b[n] += \$2 } END { m = 0; for (k in b) if (b[k] > m) m = b[k]; print \"PcpBatch: \" m * 4 \" kB\" }" /proc/zoneinfo
wait "$self"
end selfmap $?
run ms-b "$T_CMD" numastat -m
run meminfo "$T_CMD" numaprobe stats --meminfo --system-only
run ms-a "$T_CMD" numastat -m
run json "$T_CMD" numaprobe stats --system-only --format json
sec tierfs
for d in /sys/devices/virtual/memory_tiering/memory_tier*; do
    [ -e "$d/nodelist" ] && echo "tier ${d##*memory_tier} $(cat "$d/nodelist")"
done
echo "demotion $(cat /sys/kernel/mm/numa/demotion_enabled 2>/dev/null || echo absent)"
echo "balancing $(cat /proc/sys/kernel/numa_balancing 2>/dev/null || echo absent)"
echo "events0 $(grep -v -E "^(nr_|numa_|workingset_nodes )" /sys/devices/system/node/node0/vmstat | cut -d" " -f1 | tr "\n" " ")"
end tierfs 0

run ns-b0 "$T_CMD" numastat
run sys-b "$T_CMD" numaprobe stats --system-only --format csv
run ns-b1 "$T_CMD" numastat

sec hold
rm -f /tmp/fifo /tmp/got
mkfifo /tmp/fifo
{ head -c 1 >/tmp/got; exec sleep 100000; } </tmp/fifo &
rdr=$!
numactl --membind=1 -- dd if=/dev/zero of=/tmp/fifo bs=${MIB}M count=1 2>/tmp/dd.err &
pid=$!
t0=$(up)
i=0
while [ ! -s /tmp/got ] && [ -d "/proc/$pid" ] && [ "$i" -lt $((T_HOLD * 10)) ]; do
    sleep 0.1
    i=$((i + 1))
done
ready=no
[ -s /tmp/got ] && ready=yes
kill -STOP "$pid" 2>/dev/null
i=0
while [ "$(cut -d" " -f3 "/proc/$pid/stat" 2>/dev/null)" = S ] && [ "$i" -lt 50 ]; do
    sleep 0.1
    i=$((i + 1))
done
state=$(cut -d" " -f3 "/proc/$pid/stat" 2>/dev/null)
echo "pid $pid"
echo "ready $ready after $(secs "$t0") s"
echo "state ${state:-gone}"
grep -E "^(Name|VmRSS|RssAnon|RssFile|RssShmem):" "/proc/$pid/status" 2>/dev/null
hold_rc=1
[ "$ready" = yes ] && [ "$state" = T ] && hold_rc=0
end hold $hold_rc

run pid "$T_CMD" numaprobe stats --pid "$pid" --format csv
run nsp "$T_CMD" numastat -p "$pid"
sec maps; cat "/proc/$pid/numa_maps"; end maps $?

run ns-a0 "$T_CMD" numastat
run sys-a "$T_CMD" numaprobe stats --system-only --format csv
run ns-a1 "$T_CMD" numastat

sec kill
kill -KILL "$pid"
kill "$rdr"
wait "$pid"
wait "$rdr"
if [ -d "/proc/$pid" ]; then echo "pid $pid still there"; kill_rc=1; else echo "pid $pid gone"; kill_rc=0; fi
if [ -s /tmp/dd.err ]; then echo "dd stderr:"; cat /tmp/dd.err; fi
[ -n "$thp_was" ] && echo "$thp_was" >"$thp"
end kill $kill_rc
'

boot_guest "$guest_script" --timeout "$timeout_s"

# isnum VALUE: a non-negative integer.
isnum() { case $1 in ''|*[!0-9]*) return 1 ;; esac; return 0; }
# mib BYTES: BYTES in MiB, 2 decimals.
mib() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1048576 }'; }

cmd_secs="ms-b meminfo ms-a json ns-b0 sys-b ns-b1 pid nsp ns-a0 sys-a ns-a1"
for s in thp selfmap tierfs hold maps kill $cmd_secs; do
    require_sections "$s"
    # A command's stderr section must be there too.
    case " $cmd_secs " in *" $s "*) [ -f "$tmp/sec.$s-err" ] || section_missing "$s" ;; esac
done

header='timestamp,run_id,host,label,scope,entity,pid,node,metric,value,unit'

# np_node SECTION NODE METRIC: a node-scope value of a numaprobe CSV.
np_node() {
    awk -F, -v n="$2" -v m="$3" '$5 == "node" && $8 == n && $9 == m { print $10; exit }' "$tmp/sec.$1"
}
# ns_val SECTION NODE COUNTER: numastat's value; its header line names the
# columns (node0 node1 ...), each data line starts with the counter name.
ns_val() {
    awk -v n="node$2" -v c="$3" '
        $1 ~ /^node[0-9]+$/ { for (i = 1; i <= NF; i++) if ($i == n) col = i + 1; next }
        col && $1 == c { print $col; exit }' "$tmp/sec.$1"
}

# ---- THP -------------------------------------------------------------------
thp_now=$(sed -n 's/^now //p' "$tmp/sec.thp")
thp_was=$(sed -n 's/^was //p' "$tmp/sec.thp")
if grep -qx none "$tmp/sec.thp"; then
    pass "guest has no transparent huge pages (every fault is a 4 KiB allocation)"
else
    case $thp_now in
        *'[never]'*) pass "guest THP switched to never for the allocation (was: $thp_was)" ;;
        *) fail "guest THP switched to never for the allocation" "enabled reads '$thp_now' (was '$thp_was'); numa_hit would count 2 MiB allocations" ;;
    esac
fi

# ---- numastat -m parity ------------------------------------------------------------
exit_check "numastat -m right before stats --meminfo" ms-b 0
exit_check "stats --meminfo --system-only" meminfo 0
exit_check "numastat -m right after stats --meminfo" ms-a 0
# numaprobe's own mapped files count in Mapped while it runs, its private
# memory in MemFree, MemUsed and the anon counters (see the awk)
self_mb=$(awk '/^Rss(File|Shmem):/ { kb += $2 } END { printf "%.2f", kb / 1024 }' "$tmp/sec.selfmap")
anon_mb=$(awk '/^(RssAnon|VmPTE):/ { kb += $2 } END { printf "%.2f", kb / 1024 }' "$tmp/sec.selfmap")
free_mb=$(awk '/^(RssAnon|VmPTE|PcpBatch):/ { kb += $2 } END { printf "%.2f", kb / 1024 }' "$tmp/sec.selfmap")
slack="Mapped:${self_mb:-0},MemFree:${free_mb:-0},MemUsed:${free_mb:-0}"
for f in AnonPages 'Active(anon)' 'Inactive(anon)' PageTables; do
    slack="$slack,$f:${anon_mb:-0}"
done
awk -v slack="$slack" -f "$here/../helpers/meminfo_bracket.awk" \
    "$tmp/sec.ms-b" "$tmp/sec.meminfo" "$tmp/sec.ms-a" >"$tmp/ms-check"
ms_fields=$(grep -cE '^[A-Za-z_()]+ +[0-9]' "$tmp/sec.ms-b")
ms_columns=$(sed -n 2p "$tmp/sec.meminfo" | awk '{ print (NF + 1) / 2 }')
check "stats --meminfo: every value within numastat -m's before and after (±1 MB; Mapped ±(1 + $self_mb) MB, numaprobe's own RssFile + RssShmem; anon ±(1 + $anon_mb) MB, its RssAnon + VmPTE; MemFree and MemUsed ±(1 + $free_mb) MB, those and a per-CPU page batch of each CPU)" "" \
    "$(grep -v '^checked ' "$tmp/ms-check" | tr '\n' ';')"
check "stats --meminfo: compared every field numastat -m prints, on every node and the total ($ms_fields fields)" \
    "$((ms_fields * ms_columns))" "$(sed -n 's/^checked //p' "$tmp/ms-check")"

# ---- the tier layout and the node events, as the guest's kernel has them ----------
# expand "0-1,3" to "0 1 3"
expand_list() { echo "$1" | tr ',' '\n' | awk -F- '{ for (i = $1; i <= ($2 == "" ? $1 : $2); i++) printf "%d ", i }'; }
exit_check "stats --system-only --format json" json 0
want_tiers=$(while read -r _ id list; do echo "$id: $(expand_list "$list")"; done < <(grep '^tier ' "$tmp/sec.tierfs") | tr '\n' ';')
check "stats JSON: the memory tiers of the guest's sysfs ($(oneline "$tmp/sec.tierfs" | cut -c1-60))" "$want_tiers" \
    "$(jq -r '.tiering.memory_tiers[] | "\(.tier): \(.nodes | map(tostring + " ") | add)"' "$tmp/sec.json" 2>&1 | tr '\n' ';')"
check "stats JSON: demotion_enabled as sysfs says" "$(sed -n 's/^demotion //p' "$tmp/sec.tierfs")" \
    "$(jq -r '.tiering.demotion_enabled' "$tmp/sec.json" 2>&1)"
check "stats JSON: numa_balancing as /proc/sys says" "$(sed -n 's/^balancing //p' "$tmp/sec.tierfs")" \
    "$(jq -r '.tiering.numa_balancing' "$tmp/sec.json" 2>&1)"
check "stats JSON: node 0's vmstat events, every one the kernel has, in its order" \
    "$(sed -n 's/^events0 //p' "$tmp/sec.tierfs" | sed 's/ $//')" \
    "$(jq -r '.nodes[0].vmstat.counters | keys_unsorted | join(" ")' "$tmp/sec.json" 2>&1)"

# ---- the system-only snapshots -------------------------------------------------
declared=$(words "$NODES")
for x in b a; do
    if [ "$x" = b ]; then when=before; else when="after, process alive"; fi
    W="stats --system-only --format csv ($when)"
    exit_check "$W" "sys-$x" 0
    check "$W: CSV header" "$header" "$(head -n 1 "$tmp/sec.sys-$x")"
    check "$W: node rows for the declared nodes ($declared)" "$declared" \
        "$(words "$(awk -F, '$5 == "node" { print $8 }' "$tmp/sec.sys-$x" | sort -nu)")"
    check "$W: no process rows" 0 "$(awk -F, '$5 == "process"' "$tmp/sec.sys-$x" | wc -l)"
done

# ---- the process ---------------------------------------------------------------
pid=$(sed -n 's/^pid //p' "$tmp/sec.hold")
pname=$(sed -n 's/^Name:[[:space:]]*//p' "$tmp/sec.hold")
if [ "$(cat "$tmp/rc.hold")" = 0 ]; then
    pass "numactl --membind=1 dd holds ${alloc_mib} MiB and is stopped (pid $pid, $(sed -n 's/^ready yes //p' "$tmp/sec.hold"), $(words "$(grep '^RssAnon:' "$tmp/sec.hold")"))"
else
    fail "numactl --membind=1 dd holds ${alloc_mib} MiB and is stopped" "$(oneline "$tmp/sec.hold")"
fi

P="stats --pid $pid --format csv"
exit_check "$P" pid 0
csv=$tmp/sec.pid
check "$P: CSV header" "$header" "$(head -n 1 "$csv")"
awk -F, '$5 == "process"' "$csv" > "$tmp/prows"
if [ -s "$tmp/prows" ]; then
    pass "$P: has process rows ($(wc -l < "$tmp/prows"))"
else
    fail "$P: has process rows" "none"
fi
check "$P: every process row has pid $pid" "" "$(awk -F, -v p="$pid" '$7 != p { printf "%s; ", $0 }' "$tmp/prows")"
check "$P: every process row names the process (${pname:-?})" "" \
    "$(awk -F, -v e="${pname:-?}" '$6 != e { printf "%s; ", $0 }' "$tmp/prows")"

# pbytes NODE "METRIC...": the sum of those process metrics on NODE ("" for
# the total rows), or "none" when there is no such row.
pbytes() {
    awk -F, -v n="$1" -v ms=" $2 " '
        $8 == n && index(ms, " " $9 " ") { s += $10; c++ }
        END { if (c) printf "%.0f\n", s; else print "none" }' "$tmp/prows"
}
mem_metrics="mem_bytes_anon mem_bytes_file mem_bytes_huge"
n1=$(pbytes 1 "$mem_metrics")
n0=$(pbytes 0 "$mem_metrics")
n0anon=$(pbytes 0 "mem_bytes_anon mem_bytes_huge")
if isnum "$n1" && [ "$n1" -ge $((90 * MiB)) ]; then
    pass "$P: node 1 holds >= 90 MiB of the process ($n1 bytes = $(mib "$n1") MiB)"
else
    fail "$P: node 1 holds >= 90 MiB of the process" "node 1 anon+file+huge = $n1"
fi
if isnum "$n0anon" && [ "$n0anon" -lt $((4 * MiB)) ]; then
    pass "$P: node 0 holds < 4 MiB anon+huge of the process ($n0anon bytes)"
else
    fail "$P: node 0 holds < 4 MiB anon+huge of the process" "node 0 anon+huge = $n0anon"
fi
if isnum "$n0" && [ "$n0" -lt $((8 * MiB)) ]; then
    pass "$P: node 0 holds < 8 MiB of the process in all ($n0 bytes = $(mib "$n0") MiB, of which file $(pbytes 0 mem_bytes_file))"
else
    fail "$P: node 0 holds < 8 MiB of the process in all" "node 0 anon+file+huge = $n0"
fi
sum=0
for n in $NODES; do
    b=$(pbytes "$n" "$mem_metrics")
    isnum "$b" && sum=$((sum + b))
done
check "$P: total mem_bytes = sum of the per-node anon+file+huge rows" "$sum" "$(pbytes "" mem_bytes)"

# ---- numastat -p -----------------------------------------------------------------
exit_check "numastat -p $pid" nsp 0
# "Node 0 Node 1 ... Total" header, "Total v0 v1 ... vT" line: node:value pairs.
nsp_totals=$(awk '
    $1 == "Node" && !k { for (i = 1; i < NF; i++) if ($i == "Node") ids[++k] = $(i + 1); next }
    k && $1 == "Total" && NF == k + 2 { for (i = 1; i <= k; i++) printf "%s:%s ", ids[i], $(i + 1); printf "total:%s\n", $(k + 2); exit }
' "$tmp/sec.nsp")
if [ -z "$nsp_totals" ]; then
    fail "numastat -p $pid: per-node Total line" "not found in: $(oneline "$tmp/sec.nsp")"
else
    for pair in $nsp_totals; do
        n=${pair%%:*} want=${pair#*:}
        if [ "$n" = total ]; then got=$(pbytes "" mem_bytes); label="the total"; else got=$(pbytes "$n" "$mem_metrics"); label="node $n"; fi
        if ! isnum "$got"; then
            fail "$P: $label = numastat -p Total within 0.01 MB" "numaprobe has no $label rows (numastat: $want)"
            continue
        fi
        d=$(awk -v b="$got" -v m="$want" 'BEGIN { d = b / 1048576 - m; if (d < 0) d = -d; printf "%.4f", d }')
        what="$P: $label = numastat -p Total within 0.01 MB (numaprobe $(awk -v b="$got" 'BEGIN { printf "%.4f", b / 1048576 }'), numastat $want)"
        if awk -v d="$d" 'BEGIN { exit !(d <= 0.01) }'; then pass "$what"; else fail "$what" "off by $d MB"; fi
    done
fi

# ---- node 1's counters moved with the allocation -------------------------------
hb=$(np_node sys-b 1 numa_hit) ha=$(np_node sys-a 1 numa_hit)
if isnum "$hb" && isnum "$ha" && [ $((ha - hb)) -ge "$min_hit" ]; then
    pass "node 1 numa_hit after - before >= $min_hit ($ha - $hb = $((ha - hb)); node 0: $(( $(np_node sys-a 0 numa_hit) - $(np_node sys-b 0 numa_hit) )))"
else
    fail "node 1 numa_hit after - before >= $min_hit" "before '$hb', after '$ha'"
fi
fb=$(np_node sys-b 1 mem_free_bytes) fa=$(np_node sys-a 1 mem_free_bytes)
if isnum "$fb" && isnum "$fa" && [ $((fb - fa)) -ge $((80 * MiB)) ]; then
    pass "node 1 mem_free_bytes before - after >= 80 MiB ($(mib $((fb - fa))) MiB)"
else
    fail "node 1 mem_free_bytes before - after >= 80 MiB" "before '$fb', after '$fa'"
fi

# ---- numaprobe's counters between numastat's -------------------------------------
for x in b a; do
    if [ "$x" = b ]; then when=before; else when=after; fi
    exit_check "numastat right before the $when snapshot" "ns-${x}0" 0
    exit_check "numastat right after the $when snapshot" "ns-${x}1" 0
    lo=$(ns_val "ns-${x}0" 1 numa_hit) v=$(np_node "sys-$x" 1 numa_hit) hi=$(ns_val "ns-${x}1" 1 numa_hit)
    what="$when: node 1 numa_hit: numastat before <= numaprobe <= numastat after"
    if isnum "$lo" && isnum "$v" && isnum "$hi" && [ "$lo" -le "$v" ] && [ "$v" -le "$hi" ]; then
        pass "$what ($lo <= $v <= $hi)"
    else
        fail "$what" "'$lo' <= '$v' <= '$hi' does not hold"
    fi
    bad=
    for n in $NODES; do
        for c in $counters; do
            lo=$(ns_val "ns-${x}0" "$n" "$c") v=$(np_node "sys-$x" "$n" "$c") hi=$(ns_val "ns-${x}1" "$n" "$c")
            if ! { isnum "$lo" && isnum "$v" && isnum "$hi" && [ "$lo" -le "$v" ] && [ "$v" -le "$hi" ]; }; then
                bad+="node $n $c: '$lo' <= '$v' <= '$hi'; "
            fi
        done
    done
    check "$when: every counter of every node between numastat's before and after ($(words "$counters"))" "" "$bad"
done

# ---- the end ---------------------------------------------------------------------
if [ "$(cat "$tmp/rc.kill")" = 0 ]; then
    pass "the process is gone after kill -KILL"
else
    fail "the process is gone after kill -KILL" "$(oneline "$tmp/sec.kill")"
fi

if [ "$failed" != 0 ]; then
    echo "  guest state of the process:"
    sed 's/^/    /' "$tmp/sec.hold"
    echo "  /proc/$pid/numa_maps:"
    sed 's/^/    /' "$tmp/sec.maps"
    echo "  numastat -p $pid:"
    sed 's/^/    /' "$tmp/sec.nsp"
fi

# ---- what the commands wrote on stderr -------------------------------------------
for s in $cmd_secs; do
    if [ -s "$tmp/sec.$s-err" ]; then
        echo "  stderr of $s:"
        sed 's/^/    /' "$tmp/sec.$s-err"
    fi
done

exit "$failed"
