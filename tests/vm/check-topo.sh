#!/bin/bash
# tests/vm/check-topo.sh - check `numaprobe topo` against a real multi-node
# kernel and against what the QEMU layout declared.
#
# Usage: tests/vm/check-topo.sh LAYOUT
#
# Why: on a one-node development machine `numaprobe topo` can only be
# checked against fixtures.  Here one QEMU guest (one testbed.sh boot) with
# the topology of tests/vm/layouts/LAYOUT.sh runs numaprobe next to the
# kernel's own view (sysfs, numactl), and the host compares three things:
# what the layout DECLARED to QEMU, what the guest KERNEL shows, and what
# NUMAPROBE reports.
#
# The guest prints, between marker lines:
#   json      numaprobe topo --format json     (its stderr: section json-err)
#   numactl   numactl --hardware
#   table     numaprobe topo
#   blocks    per node: count of nodeN/memory[0-9]* entries;
#             /sys/devices/system/memory/block_size_bytes
#   hmat      per node and access class: the initiators/nodeX links and
#             the four value files of nodeN/accessA/initiators
#   dmesg     the kernel's acpi/hmat lines (the full HMAT it parsed)
# Then, on the host, one line per check, `PASS: <what>` or
# `FAIL: <what>: <details>`:
#   * node ids and each node's cpus in the JSON = the declared ones;
#   * each node's declared size = its JSON memory_blocks_bytes = the guest's
#     block count x block size; memory_total_bytes within 85%..100% of it;
#   * every JSON distance = the declared SLIT matrix;
#   * HMAT: for each target, the JSON entry of each access class the guest
#     publishes has the initiators and values sysfs shows, and those are the
#     declared values of the target's initiator (sysfs shows only the best
#     initiator per target; the full declared matrix is checked against the
#     kernel's HMAT log lines, which validates the layout, not numaprobe);
#   * `numactl --hardware` = the first section of the numaprobe table (up
#     to its first empty line), both without the `node N free:` lines.
# Exit status: 0 when every check passed, 1 when one failed, 125 when the
# guest could not be run (as testbed.sh), 2 for a usage error.
# jq filters and the guest script are single-quoted on purpose:
# shellcheck disable=SC2016
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
me=check-topo.sh
# shellcheck source=SCRIPTDIR/checklib.sh
. "$here/checklib.sh" || { echo "$me: cannot source $here/checklib.sh" >&2; exit 125; }

layout_args '' "$@"
command -v jq >/dev/null 2>&1 || { echo "$me: jq not found: apt-get install -y --no-install-recommends jq" >&2; exit 125; }

HMAT_TARGETS=
load_layout

make_tmp

# ---- the guest side --------------------------------------------------------
# Sections start with "@@@ NAME" and end with "@@@ end NAME rc=N s=0".
guest_script='
sec json; numaprobe topo --format json 2>/tmp/json.err; end json $?
sec json-err; cat /tmp/json.err; end json-err 0
sec numactl; numactl --hardware 2>&1; end numactl $?
sec table; numaprobe topo 2>&1; end table $?
sec blocks
echo "block_size_bytes $(cat /sys/devices/system/memory/block_size_bytes)"
for d in /sys/devices/system/node/node[0-9]*; do
    n=${d##*node}; c=0
    for m in "$d"/memory[0-9]*; do [ -e "$m" ] && c=$((c + 1)); done
    echo "node $n $c"
done
end blocks 0
sec hmat
for d in /sys/devices/system/node/node[0-9]*; do
    n=${d##*node}
    for a in 0 1; do
        i=$d/access$a/initiators
        [ -d "$i" ] || continue
        inits=$(cd "$i" && for l in node[0-9]*; do [ -e "$l" ] && echo "${l#node}"; done | sort -n | tr "\n" " ")
        printf "%s %s initiators=%s" "$n" "$a" "$(echo $inits | tr " " ",")"
        for f in read_latency write_latency read_bandwidth write_bandwidth; do
            if [ -r "$i/$f" ]; then printf " %s=%s" "$f" "$(cat "$i/$f")"; else printf " %s=null" "$f"; fi
        done
        echo
    done
done
end hmat 0
sec dmesg; dmesg | grep "acpi/hmat"; end dmesg 0
'

boot_guest "$guest_script"
require_sections json json-err numactl table blocks hmat dmesg
for s in json numactl table; do
    rc=$(cat "$tmp/rc.$s")
    case $s in
        json) what="numaprobe topo --format json" ;;
        numactl) what="numactl --hardware" ;;
        table) what="numaprobe topo" ;;
    esac
    if [ "$rc" = 0 ]; then pass "$what exits 0 in the guest"; else fail "$what exits 0 in the guest" "exit status $rc"; fi
done
if [ -s "$tmp/sec.json-err" ]; then
    fail "numaprobe topo --format json writes nothing on stderr" "$(tr '\n' ' ' < "$tmp/sec.json-err")"
fi

json=$tmp/sec.json
if ! jq -e . "$json" >/dev/null 2>&1; then
    fail "numaprobe topo --format json is valid JSON" "jq cannot parse it"
    sed 's/^/  json: /' "$json"
    exit 1
fi
pass "numaprobe topo --format json is valid JSON"

# jqv FILTER [ARGS...]: one value from the JSON, compact.
jqv() { local f=$1; shift; jq -c "$@" "$f" "$json" 2>&1; }
# ---- node ids and cpus -----------------------------------------------------
declared_nodes=$(words "$NODES")
check "node ids = declared ($declared_nodes)" "$declared_nodes" "$(jqv '[.nodes[].id] | map(tostring) | join(" ")' -r)"
check "online_nodes = declared ($declared_nodes)" "$declared_nodes" "$(jqv '.online_nodes | map(tostring) | join(" ")' -r)"
for n in $NODES; do
    cpus_var=NODE_CPUS_$n
    want=$(words "${!cpus_var-}")
    got=$(jqv '.nodes[] | select(.id == $n) | .cpus | map(tostring) | join(" ")' -r --argjson n "$n")
    check "node $n cpus = declared (${want:-none})" "$want" "$got"
    if [ -n "$want" ]; then hc=true; else hc=false; fi
    check "node $n has_cpu = $hc" "$hc" "$(jqv '.nodes[] | select(.id == $n) | .has_cpu' --argjson n "$n")"
done

# ---- memory sizes ----------------------------------------------------------
bs_hex=$(awk '$1 == "block_size_bytes" { print $2 }' "$tmp/sec.blocks")
if [ -z "$bs_hex" ]; then
    fail "guest block_size_bytes" "not found"
    bs=0
else
    bs=$((0x$bs_hex))
fi
check "memory_block_bytes = guest block_size_bytes ($bs)" "$bs" "$(jqv '.memory_block_bytes')"
for n in $NODES; do
    size_var=NODE_SIZE_$n
    size=${!size_var-}
    if [ -z "$size" ]; then fail "node $n declared size" "layout sets no $size_var"; continue; fi
    count=$(awk -v n="$n" '$1 == "node" && $2 == n { print $3 }' "$tmp/sec.blocks")
    got=$(jqv '.nodes[] | select(.id == $n) | .memory_blocks_bytes' --argjson n "$n")
    check "node $n memory_blocks_bytes = declared size ($size)" "$size" "$got"
    check "node $n memory_blocks = guest nodeN/memory* count (${count:-?})" "${count:-?}" \
        "$(jqv '.nodes[] | select(.id == $n) | .memory_blocks' --argjson n "$n")"
    if [ -n "$count" ]; then
        check "node $n guest blocks x block size = declared size ($count x $bs)" "$size" "$((count * bs))"
    else
        fail "node $n guest blocks x block size = declared size" "no block count for node $n"
    fi
    total=$(jqv '.nodes[] | select(.id == $n) | .memory_total_bytes' --argjson n "$n")
    case $total in
        ''|*[!0-9]*) fail "node $n memory_total_bytes within 85-100% of $size" "got '$total'" ;;
        *)
            pct=$(awk -v t="$total" -v s="$size" 'BEGIN { printf "%.1f", 100 * t / s }')
            if [ "$((total * 100))" -ge "$((size * 85))" ] && [ "$total" -le "$size" ]; then
                pass "node $n memory_total_bytes within 85-100% of declared ($total = $pct%)"
            else
                fail "node $n memory_total_bytes within 85-100% of declared $size" "$total ($pct%)"
            fi ;;
    esac
done

# ---- distances -------------------------------------------------------------
for s in $NODES; do
    row_var=DIST_$s
    read -r -a row <<<"${!row_var-}"
    want='' got=''
    k=0
    for d in $NODES; do
        want+="$d:${row[$k]-?} "
        k=$((k + 1))
    done
    got=$(jqv '.nodes[] | select(.id == $s) | .distances | to_entries | sort_by(.key | tonumber) | map("\(.key):\(.value)") | join(" ")' -r --argjson s "$s")
    check "node $s distances = declared SLIT row" "$(words "$want")" "$got"
done

# ---- HMAT --------------------------------------------------------------------
# sysfs lines: "TARGET ACCESS initiators=a,b read_latency=.. write_latency=..
# read_bandwidth=.. write_bandwidth=.."
sysfs_hmat=$tmp/sec.hmat
if [ -z "$(words "$HMAT_TARGETS")" ]; then
    check "no HMAT in the guest sysfs" "" "$(words "$(cat "$sysfs_hmat")")"
    check "no HMAT in the JSON" "[]" "$(jqv '.hmat')"
else
    # Every access class the guest publishes must be in the JSON, and no more.
    want=$(awk '{ print $1 "/" $2 }' "$sysfs_hmat" | sort -n | tr '\n' ' ')
    got=$(jqv '.hmat[] | "\(.target)/\(.access)"' -r | sort -n | tr '\n' ' ')
    check "JSON hmat entries = guest sysfs target/access classes" "$(words "$want")" "$(words "$got")"
    for t in $HMAT_TARGETS; do
        init_var=NODE_INITIATOR_$t
        init=${!init_var-}
        # Declared values for (init, t): position of t in HMAT_TARGETS.
        lat_var=HMAT_LAT_$init bw_var=HMAT_BW_$init
        read -r -a lats <<<"${!lat_var-}"
        read -r -a bws <<<"${!bw_var-}"
        k=0
        for x in $HMAT_TARGETS; do [ "$x" = "$t" ] && break; k=$((k + 1)); done
        lat=${lats[$k]-?} bw=${bws[$k]-?}
        declared="initiators=$init read_latency=$lat write_latency=$lat read_bandwidth=$bw write_bandwidth=$bw"
        for a in 0 1; do
            line=$(awk -v t="$t" -v a="$a" '$1 == t && $2 == a { $1 = ""; $2 = ""; print }' "$sysfs_hmat")
            line=$(words "$line")
            if [ -z "$line" ]; then
                # access0 must exist for every target; access1 only when the
                # initiator has CPUs (always, in these layouts).
                fail "node $t access$a in the guest sysfs" "missing"
                continue
            fi
            js=$(jqv '.hmat[] | select(.target == $t and .access == $a) |
                "initiators=\(.initiators | map(tostring) | join(","))"
                + " read_latency=\(.read_latency_ns) write_latency=\(.write_latency_ns)"
                + " read_bandwidth=\(.read_bandwidth_mbps) write_bandwidth=\(.write_bandwidth_mbps)"' \
                -r --argjson t "$t" --argjson a "$a")
            check "node $t access$a: JSON hmat = guest sysfs" "$line" "$js"
            check "node $t access$a: guest sysfs = declared for initiator $init" "$declared" "$line"
        done
    done
    # The full declared matrix, against the HMAT the guest kernel parsed
    # (its "acpi/hmat: Initiator-Target[I-T]:V nsec|MB/s" log lines).
    # This validates the layout's QEMU arguments, not numaprobe.
    for kind in lat bw; do
        want='' got=''
        for i in $HMAT_INITIATORS; do
            if [ "$kind" = lat ]; then v=HMAT_LAT_$i; else v=HMAT_BW_$i; fi
            read -r -a vals <<<"${!v-}"
            k=0
            for t in $HMAT_TARGETS; do want+="$i-$t:${vals[$k]-?} "; k=$((k + 1)); done
        done
        if [ "$kind" = lat ]; then unit=nsec; what="latency (ns)"; else unit=MB/s; what="bandwidth (MB/s)"; fi
        got=$(sed -n "s|.*acpi/hmat: *Initiator-Target\[\([0-9]*\)-\([0-9]*\)\]:\([0-9]*\) $unit.*|\1-\2:\3|p" "$tmp/sec.dmesg" | sort -u -t: -k1,1 | tr '\n' ' ')
        want=$(echo "$want" | tr ' ' '\n' | sed '/^$/d' | sort -t: -k1,1 | tr '\n' ' ')
        check "guest kernel's HMAT $what matrix = declared (layout sanity)" "$(words "$want")" "$(words "$got")"
    done
fi

# ---- numactl --hardware vs the table ------------------------------------------
sed '/^node [0-9]* free:/d' "$tmp/sec.numactl" > "$tmp/numactl.cmp"
sed '/^$/q' "$tmp/sec.table" | sed '/^$/d; /^node [0-9]* free:/d' > "$tmp/table.cmp"
if cmp -s "$tmp/numactl.cmp" "$tmp/table.cmp"; then
    pass "numactl --hardware = first section of numaprobe topo (without free lines)"
else
    fail "numactl --hardware = first section of numaprobe topo (without free lines)" \
        "differs (diff -u numactl numaprobe below)"
    diff -u --label numactl --label numaprobe "$tmp/numactl.cmp" "$tmp/table.cmp" | sed 's/^/  /' | cat -A
fi

exit "$failed"
