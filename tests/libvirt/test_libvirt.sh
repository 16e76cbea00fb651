#!/bin/bash
# tests/libvirt/test_libvirt.sh [NUMAPROBE] - numaprobe against a real libvirt
# daemon: a running guest that libvirt started, and libvirt's own verdict on
# domain XMLs.
#
# Why: numaprobe reads libvirt's files (the run dir's NAME.xml and NAME.pid,
# domain XMLs) and claims to refuse exactly the domain XMLs that libvirt
# refuses. Fixtures written by hand can only show what we believe libvirt
# does; this suite asks libvirt 9 itself (Debian's libvirtd, QEMU TCG, no
# KVM, no systemd), as README.md ("Testing on real multi-node kernels") describes.
#
# What it checks, one PASS/FAIL/SKIP line each (exit 1 only on a FAIL):
#   1. starts a throw-away libvirtd (pid file in a temp dir), waits for
#      `virsh -c qemu:///system version` (30 s at most);
#   2. `virsh create`s a transient guest np-test-PID from
#      good/guest-2cell.xml: 2 vCPUs in 2 cells of 64 MiB, memory bound
#      to host node 0, vCPUs pinned to host CPUs 0 and 1, direct kernel
#      boot (tests/vm/kernel.sh's kernel, a busybox initramfs whose /init
#      reports the guest's CPUs and nodes and then sleeps);
#   3. `numaprobe stats --guest NAME` (JSON and CSV) finds it through the
#      run dir: the pid of NAME.pid, 2 vCPUs whose thread ids are those of
#      the run dir's XML (checked against QEMU's query-cpus-fast and the
#      "CPU n/TCG" threads, and by pointing numaprobe at a copy of the run
#      dir with other ids), memory on host node 0;
#   4. `numaprobe report placement --guest NAME` gives the same CSV rows as
#      the same command on `virsh dumpxml NAME`, on the run dir's XML, on
#      the source XML and with --host-caps from `virsh capabilities`; its
#      table has the "measured now" section with the guest's memory;
#   4b. report advise: libvirt defines every configs/advised/*.xml (each
#      example advised for the 2-node fixture host, with type='qemu': no
#      KVM here), and good/no-cells.xml advised for this machine is started
#      as a transient guest, whose vCPUs are pinned as advised and whose
#      memory `numaprobe stats` finds on the advised node 0;
#   5. the oracle: for every good/*.xml and bad/*.xml here, `numaprobe
#      report placement FILE` exits 1 exactly when `virsh define FILE`
#      fails (whatever got defined is undefined). good/ holds XMLs that
#      libvirt 9.0 defines, bad/ XMLs that it refuses; a disagreement is a
#      FAIL naming the file and both messages. newer-good/ and newer-bad/
#      hold XMLs whose rule changed after libvirt 9.0 (libvirt's own
#      tests/qemuxmlconfdata, later than 9.0, have the newer verdict):
#      numaprobe must give the newer verdict (accept newer-good/, refuse
#      newer-bad/), and what this machine's virsh says is shown on a note:
#      line, as "predates the rule" or "has the rule";
#   6. destroys the guest, stops libvirtd (SIGTERM to its pid file) and
#      restores /etc/libvirt/qemu.conf.
# 20-26 s on the 2-CPU development machine (libvirtd's first start probes
# QEMU for 4-8 s; later starts use its capability cache).
#
# SAFETY on a real host. Running libvirtd needs /etc/libvirt/qemu.conf
# rewritten (root, no security driver, no cgroups, no virtlogd) and a
# libvirt-qemu user; tests must not do that to a machine's real libvirt.
# So without NUMAPROBE_LIBVIRT_TESTS=force the suite only runs (else: a
# SKIP line and exit 0) when
#   * no libvirt daemon runs or listens (libvirtd/virtqemud processes, or
#     a bound libvirt-sock/virtqemud-sock in /proc/net/unix, e.g. a systemd
#     socket unit), and
#   * /etc/libvirt/qemu.conf is not this machine's own: it is absent, or
#     byte-for-byte the file a Debian package shipped (its MD5 equals the
#     conffile MD5 that dpkg recorded for /etc/libvirt/qemu.conf), or one
#     this script wrote (its first line is the marker below) in a run that
#     was killed before it could restore it.
#   On Debian 12 the packages this needs (libvirt-daemon,
#   libvirt-daemon-driver-qemu, libvirt-clients) ship no qemu.conf at all
#   (it comes with libvirt-daemon-system, which is not wanted here), so a
#   fresh CI machine has none. dpkg's MD5 rather than a stored copy of
#   the default: it is exact for whatever libvirt version is installed,
#   and "unmodified conffile" is precisely "not the admin's own".
# force skips the qemu.conf rule (the file is backed up and put back), but
# never the daemon rule: this suite starts its own libvirtd and never
# stops or reconfigures someone else's; forced, that case is a FAIL.
# NUMAPROBE_LIBVIRT_TESTS=off skips the suite. NUMAPROBE_LIBVIRT_KEEP=1
# keeps the temp dir (libvirtd.log, the guest's console, every XML and
# output) and prints its path.
#
# What stays behind: /etc/libvirt/qemu.conf is always restored (removed
# when there was none; the original bytes otherwise, from
# /etc/libvirt/qemu.conf.numaprobe-orig, which also survives a kill -9 for
# the next run to restore). The libvirt-qemu user and group, when this
# script had to create them, stay: libvirtd refuses to start without them,
# they own nothing (QEMU runs as root here) and have no login, and they are
# what libvirt-daemon-system would create. So do the directories libvirtd
# creates (/var/lib/libvirt, /var/cache/libvirt with its QEMU capability
# cache, /etc/libvirt/{qemu,nwfilter,secrets}, /run/libvirt); the guest's
# QEMU log /var/log/libvirt/qemu/NAME.log is removed. Guests are
# transient (virsh create), the oracle's domains are undefined, names are
# unique (np-test-PID...).
#
# Needs root, libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients
# qemu-system-x86 busybox-static jq (missing ones: a SKIP, a FAIL when
# forced) and the guest kernel from tests/vm/kernel.sh (apt-get download
# once, then cached).
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"


t_start=$(date +%s.%N)
numaprobe=${1:-$top/build/numaprobe}
mode=${NUMAPROBE_LIBVIRT_TESTS:-auto}
suite="libvirt daemon tests"
case $mode in
auto | force) ;;
off | 0 | no | skip)
	skip "$suite" "NUMAPROBE_LIBVIRT_TESTS=$mode"
	exit 0
	;;
*)
	fail "$suite" "NUMAPROBE_LIBVIRT_TESTS must be auto, force or off, not '$mode'"
	exit 1
	;;
esac

# unavailable WHY: this machine cannot run the suite; a SKIP, a FAIL if forced.
unavailable() {
	if [ "$mode" = force ]; then
		fail "$suite" "$1 (and NUMAPROBE_LIBVIRT_TESTS=force asked for them)"
		exit 1
	fi
	skip "$suite" "$1"
	exit 0
}

URI=qemu:///system
RUN_DIR=/run/libvirt/qemu
CONF=/etc/libvirt/qemu.conf
CONF_ORIG=$CONF.numaprobe-orig
MARKER="# Written by numaprobe's tests/libvirt/test_libvirt.sh for its throw-away libvirtd; it restores or removes this file when it ends."
PACKAGES="libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 busybox-static jq"

# ---- may this machine run it? ---------------------------------------------
[ "$(id -u)" -eq 0 ] || unavailable "needs root: it starts libvirtd and writes $CONF"
[ -x "$numaprobe" ] || {
	fail "$suite" "binary under test $numaprobe is missing (make all)"
	exit 1
}
PATH=$PATH:/usr/sbin:/sbin
missing=
for tool in libvirtd virsh qemu-system-x86_64 jq gzip flock timeout md5sum; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
busybox=
for b in /bin/busybox /usr/bin/busybox; do
	if [ -x "$b" ]; then
		busybox=$b
		break
	fi
done
[ -n "$busybox" ] || missing="$missing busybox"
[ -z "$missing" ] || unavailable "missing:$missing (apt-get install -y --no-install-recommends $PACKAGES)"

# One run at a time: two would both want to be the machine's only libvirtd.
exec 8>"/tmp/numaprobe-libvirt-test.lock"
flock -n 8 || unavailable "another run of this suite holds /tmp/numaprobe-libvirt-test.lock"

# (One pgrep per name: pgrep matches nothing for a pattern over 15 characters.)
daemon_pids=$({ pgrep -x libvirtd; pgrep -x virtqemud; } | tr '\n' ' ' | sed 's/ $//')
daemon_socks=$(awk '$NF ~ /\/(libvirt|virtqemud)-sock$/ { print $NF }' /proc/net/unix 2>/dev/null | sort -u | tr '\n' ' ' | sed 's/ $//')
if [ -n "$daemon_pids$daemon_socks" ]; then
	why="a libvirt daemon is already running or listening (pids: ${daemon_pids:-none}; sockets: ${daemon_socks:-none})"
	unavailable "$why: this suite only starts its own libvirtd, on a machine without one, and never touches another's"
fi

# Whose is /etc/libvirt/qemu.conf? absent, ours (a killed run's), pristine
# (a package's conffile, unmodified) or own (this machine's).
conf_state=absent
if [ -e "$CONF" ] || [ -L "$CONF" ]; then
	if [ "$(head -n 1 "$CONF" 2>/dev/null)" = "$MARKER" ]; then
		conf_state=ours
	else
		conf_md5=$(md5sum <"$CONF" | cut -d' ' -f1)
		if dpkg-query -W -f='${Conffiles}\n' 2>/dev/null |
			awk -v f="$CONF" '$1 == f { print $2 }' | grep -qx "$conf_md5"; then
			conf_state=pristine
		else
			conf_state=own
		fi
	fi
fi
if [ -e "$CONF_ORIG" ] && { [ "$conf_state" = own ] || [ "$conf_state" = pristine ]; }; then
	unavailable "$CONF_ORIG (a killed run's copy of the original) lies beside a $CONF that this suite did not write: decide by hand which one to keep, and remove $CONF_ORIG"
fi
if [ "$conf_state" = own ] && [ "$mode" != force ]; then
	skip "$suite" "$CONF is this machine's own (not a file this suite wrote, nor a package's unmodified conffile): the suite rewrites it, so it runs only on a fresh machine; NUMAPROBE_LIBVIRT_TESTS=force runs it anyway and puts the file back afterwards"
	exit 0
fi

kernel=$("$top/tests/vm/kernel.sh" 2>/dev/null) || kernel=
if [ -z "$kernel" ] || [ ! -s "$kernel" ]; then
	unavailable "no guest kernel: tests/vm/kernel.sh failed (it needs the Debian mirror once)"
fi

# ---- state and clean-up ---------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/numaprobe-libvirt.XXXXXX")
name=np-test-$$
daemon_pid=
guest_created=0
guest_pid=
defined=()   # oracle domains not yet undefined
conf_touched=0

vsh() {
	timeout 60 virsh -q -c "$URI" "$@"
}

# The process that pid file $1 names, if it is still libvirtd.
libvirtd_alive() {
	[ -n "$1" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = libvirtd ]
}
# The guest's QEMU, if pid $1 is still it.
guest_alive() {
	[ -n "$1" ] && tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" | grep -q -- "guest=$name,"
}

# For messages: is our libvirtd alive, and the last things it logged.
daemon_state() {
	if libvirtd_alive "$daemon_pid"; then
		printf 'libvirtd pid %s is alive' "$daemon_pid"
	else
		printf 'libvirtd pid %s is gone' "$daemon_pid"
	fi
	printf '; its log ends: %s' "$(grep -v ' info : ' "$tmp/libvirtd.log" 2>/dev/null | tail -n 3 | tr '\n' ' ')"
}

restore_conf() {
	[ "$conf_touched" = 1 ] || return 0
	if [ -e "$CONF_ORIG" ]; then
		mv -f "$CONF_ORIG" "$CONF"
	else
		rm -f "$CONF"
	fi
	conf_touched=0
}

# Best effort, for whatever the normal path below did not finish.
cleanup() {
	local n
	for n in "${defined[@]+"${defined[@]}"}"; do
		vsh undefine "$n" >/dev/null 2>&1
	done
	if [ "$guest_created" = 1 ] && libvirtd_alive "$daemon_pid"; then
		vsh destroy "$name" >/dev/null 2>&1
	fi
	if libvirtd_alive "$daemon_pid"; then
		kill -TERM "$daemon_pid" 2>/dev/null
		for _ in $(seq 100); do
			libvirtd_alive "$daemon_pid" || break
			sleep 0.1
		done
		libvirtd_alive "$daemon_pid" && kill -KILL "$daemon_pid" 2>/dev/null
	fi
	# A QEMU that outlived its daemon: ours by its -name guest=NAME.
	if guest_alive "$guest_pid"; then
		kill -KILL "$guest_pid" 2>/dev/null
		sleep 0.2
	fi
	# With the daemon gone before the guest, its status files stay: they
	# would show numaprobe a guest that no longer exists.
	if [ -n "$guest_pid" ] && ! guest_alive "$guest_pid" && ! libvirtd_alive "$daemon_pid"; then
		rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.xml"
	fi
	rm -f "/var/log/libvirt/qemu/$name.log"
	restore_conf
	if [ "${NUMAPROBE_LIBVIRT_KEEP:-0}" = 1 ]; then
		note "kept $tmp (libvirtd.log, console.log, the XMLs and outputs)"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- 1. libvirt set up, daemon started ------------------------------------
mkdir -p /etc/libvirt
case $conf_state in
pristine | own)
	cp -a "$CONF" "$CONF_ORIG"
	note "$CONF ($conf_state) saved as $CONF_ORIG, to be put back at the end"
	;;
ours) note "$CONF was left by a killed earlier run of this suite; it is removed (or its saved original put back) at the end" ;;
absent) note "$CONF absent: written for this run, removed at the end" ;;
esac
# What the end must leave: the saved original, or no file.
orig_sum=
[ -e "$CONF_ORIG" ] && orig_sum=$(md5sum <"$CONF_ORIG" | cut -d' ' -f1)
conf_touched=1
cat >"$CONF" <<EOF
$MARKER
# numaprobe's libvirt tests: QEMU as root without a security driver, no cgroups, the
# guest's output to files (no virtlogd).
user = "root"
group = "root"
dynamic_ownership = 0
security_driver = "none"
cgroup_controllers = [ ]
remember_owner = 0
stdio_handler = "file"
EOF

if ! getent group libvirt-qemu >/dev/null; then
	groupadd -r libvirt-qemu && note "created group libvirt-qemu (left in place)"
fi
if ! getent passwd libvirt-qemu >/dev/null; then
	useradd -r -g libvirt-qemu -M -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu &&
		note "created user libvirt-qemu (left in place)"
fi

# start_daemon: starts libvirtd with its pid file and log in the temp dir
# (by default it wants /var/log/libvirt/libvirtd.log, whose directory a
# fresh machine lacks) and waits up to 30 s for it to answer; sets
# daemon_pid and ready.
start_daemon() {
	daemon_pid=
	rm -f "$tmp/libvirtd.pid"
	LIBVIRT_LOG_OUTPUTS="3:file:$tmp/libvirtd.log" libvirtd -d --pid-file "$tmp/libvirtd.pid" \
		>"$tmp/libvirtd.out" 2>&1
	ready=0
	local deadline=$((SECONDS + 30))
	while [ "$SECONDS" -lt "$deadline" ]; do
		[ -z "$daemon_pid" ] && [ -s "$tmp/libvirtd.pid" ] && daemon_pid=$(cat "$tmp/libvirtd.pid")
		if [ -n "$daemon_pid" ] && timeout 5 virsh -q -c "$URI" version >/dev/null 2>&1; then
			ready=1
			break
		fi
		sleep 0.2
	done
}

# restart_daemon: about one run in a dozen, libvirtd (alive) stops taking
# connections in the middle of the run, as if shutting down; nothing
# numaprobe does is involved. Stop it, start a new one (running guests
# survive: the new daemon reconnects to them through the run dir), and say
# so on a note line.
restart_daemon() {
	note "libvirtd pid $daemon_pid stopped answering ($(daemon_state)); restarting it"
	if libvirtd_alive "$daemon_pid"; then
		kill -TERM "$daemon_pid" 2>/dev/null
		for _ in $(seq 100); do
			libvirtd_alive "$daemon_pid" || break
			sleep 0.1
		done
	fi
	start_daemon
}

t0=$(date +%s.%N)
start_daemon
t1=$(date +%s.%N)
if [ "$ready" = 1 ]; then
	pass "libvirtd (pid $daemon_pid) answers virsh -c $URI after $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
else
	fail "libvirtd answers virsh within 30 s" "it did not (pid file: '${daemon_pid}'); output: $(tail -c 300 "$tmp/libvirtd.out" 2>/dev/null) log: $(grep -v ' info : ' "$tmp/libvirtd.log" 2>/dev/null | tail -n 5)"
	exit 1
fi

# ---- 2. the guest -----------------------------------------------------------
# A busybox initramfs whose /init reports the guest's view, then sleeps.
root=$tmp/initramfs
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev"
cp "$busybox" "$root/bin/busybox"
cat >"$root/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
nodes=$(/bin/busybox ls -d /sys/devices/system/node/node[0-9]* | /bin/busybox wc -l)
echo "np-guest: ready cpus=$(/bin/busybox nproc) nodes=$nodes"
while :; do /bin/busybox sleep 3600; done
EOF
chmod 0755 "$root/init"
(cd "$root" && find . -mindepth 1 | sed 's|^\./||' | "$busybox" cpio -o -H newc 2>/dev/null) |
	gzip -1 >"$tmp/initrd.gz"

# instantiate FIXTURE NAME CONSOLE OUT: a fixture with its placeholders filled.
instantiate() {
	sed -e "s|@NAME@|$2|g" -e "s|@KERNEL@|$kernel|g" -e "s|@INITRD@|$tmp/initrd.gz|g" \
		-e "s|@CONSOLE@|$3|g" "$1" >"$4"
}

instantiate "$here/good/guest-2cell.xml" "$name" "$tmp/console.log" "$tmp/guest.xml"
: >"$tmp/console.log"
if vsh create "$tmp/guest.xml" >"$tmp/create.out" 2>&1; then
	guest_created=1
	guest_pid=$(cat "$RUN_DIR/$name.pid" 2>/dev/null)
	pass "virsh create: transient guest $name (QEMU pid ${guest_pid:-?}) from good/guest-2cell.xml"
else
	fail "virsh create good/guest-2cell.xml" "$(cat "$tmp/create.out")"
fi

if [ "$guest_created" = 1 ]; then
	line=
	for _ in $(seq 120); do
		line=$(tr -d '\r' <"$tmp/console.log" | grep -m 1 '^np-guest: ready')
		[ -n "$line" ] && break
		guest_alive "$guest_pid" || break
		sleep 0.5
	done
	check_eq "the guest booted and sees the declared 2 vCPUs and 2 NUMA nodes" \
		"np-guest: ready cpus=2 nodes=2" "${line:-(no ready line within 60 s; console: $(tr -d '\r' <"$tmp/console.log" | tail -n 3 | tr '\n' ' '))}"
fi

# ---- 3. numaprobe stats finds it through the run dir ------------------------
if [ "$guest_created" = 1 ]; then
	status_xml=$RUN_DIR/$name.xml
	run_pid=$(cat "$RUN_DIR/$name.pid" 2>/dev/null)
	status_pid=$(sed -n "s/^<domstatus .* pid='\([0-9]*\)'.*/\1/p" "$status_xml" | head -n 1)
	check_eq "run dir: $name.pid and the <domstatus pid> of $name.xml agree" "$run_pid" "$status_pid"
	# vCPU thread ids by vCPU index, from the run dir, from QEMU, from /proc.
	xml_tids=$(sed -n "s/^ *<vcpu id='\([0-9]*\)' pid='\([0-9]*\)'\/>.*/\1:\2/p" "$status_xml" | sort -n | tr '\n' ' ' | sed 's/ $//')
	qmp_tids=$(vsh qemu-monitor-command "$name" '{"execute":"query-cpus-fast"}' 2>/dev/null |
		jq -r '.return | sort_by(."cpu-index") | map("\(."cpu-index"):\(."thread-id")") | join(" ")' 2>/dev/null)
	proc_tids=
	for t in /proc/"$run_pid"/task/*; do
		comm=$(cat "$t/comm" 2>/dev/null)
		case $comm in "CPU "*/TCG | "CPU "*/KVM)
			n=${comm#CPU }
			proc_tids="$proc_tids${n%/*}:${t##*/}
" ;;
		esac
	done
	proc_tids=$(printf '%s' "$proc_tids" | sort -n | tr '\n' ' ' | sed 's/ $//')
	xml_tids=$(words "$xml_tids")
	check_eq "run dir: $name.xml lists 2 vCPU threads" 2 "$(wc -w <<<"$xml_tids")"
	check_eq "run dir: the vCPU thread ids are QEMU's (query-cpus-fast)" "$(words "$qmp_tids")" "$xml_tids"
	check_eq "run dir: the vCPU thread ids are the QEMU threads named 'CPU n/TCG'" "$(words "$proc_tids")" "$xml_tids"
	pins=
	for entry in $xml_tids; do
		pins="$pins ${entry%%:*}:$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "/proc/$run_pid/task/${entry#*:}/status" 2>/dev/null)"
	done
	check_eq "libvirt pinned the vCPU threads as <vcpupin> says" "0:0 1:1" "$(words "$pins")"
	bound=$(grep -c ' bind:0 ' "/proc/$run_pid/numa_maps" 2>/dev/null)
	if [ "${bound:-0}" -gt 0 ]; then
		pass "libvirt bound guest memory to host node 0 (numa_maps: $bound bind:0 mappings)"
	else
		fail "libvirt bound guest memory to host node 0" "no 'bind:0' mapping in /proc/$run_pid/numa_maps"
	fi

	if timeout 60 "$numaprobe" stats --guest "$name" --format json >"$tmp/stats.json" 2>"$tmp/stats.err"; then
		pass "numaprobe stats --guest $name --format json"
	else
		fail "numaprobe stats --guest $name --format json" "exit $?: $(cat "$tmp/stats.err")"
	fi
	g() { jq -c "$1" "$tmp/stats.json" 2>/dev/null; }
	check_eq "stats json: exactly one guest, named $name" "[\"$name\"]" "$(g '[.guests[].name]')"
	check_eq "stats json: its pid is the run dir's $name.pid" "$run_pid" "$(g '.guests[0].pid')"
	check_eq "stats json: 2 vCPUs, both last run on host node 0" "2 [0,0]" "$(g '.guests[0].vcpus') $(g '.guests[0].vcpu_nodes')"
	check_eq "stats json: memory on host node 0 only" "[0]" "$(g '[.guests[0].nodes[] | select(.mem_bytes_anon + .mem_bytes_file + .mem_bytes_huge > 0) | .node]')"
	anon=$(g '.guests[0].nodes[] | select(.node == 0) | .mem_bytes_anon')
	total=$(g '.guests[0].mem_bytes')
	sum=$(g '[.guests[0].nodes[] | .mem_bytes_anon + .mem_bytes_file + .mem_bytes_huge] | add')
	if [ "${anon:-0}" -gt 0 ] 2>/dev/null && [ "$total" = "$sum" ]; then
		pass "stats json: node 0 holds $anon bytes of anonymous memory; the nodes add up to mem_bytes ($total)"
	else
		fail "stats json: guest memory on node 0" "mem_bytes_anon '$anon', mem_bytes '$total', nodes' sum '$sum'"
	fi

	# numaprobe takes the vCPU threads from the run dir's XML: give it a
	# copy whose thread ids name no thread, and it no longer finds where
	# the vCPUs ran (with thread names it would).
	mkdir -p "$tmp/rundir"
	cp "$RUN_DIR/$name.pid" "$tmp/rundir/"
	pid_max=$(cat /proc/sys/kernel/pid_max)
	bogus=$((pid_max - 1))
	sedargs=()
	for entry in $xml_tids; do
		while [ -e "/proc/$bogus" ]; do bogus=$((bogus - 1)); done
		sedargs+=(-e "s/<vcpu id='${entry%%:*}' pid='${entry#*:}'/<vcpu id='${entry%%:*}' pid='$bogus'/")
		bogus=$((bogus - 1))
	done
	sed "${sedargs[@]}" "$status_xml" >"$tmp/rundir/$name.xml"
	got=$(timeout 60 "$numaprobe" stats --guest "$name" --libvirt-run-dir "$tmp/rundir" --format json 2>/dev/null |
		jq -c '.guests[0] | [.pid, .vcpus, .vcpu_nodes]')
	check_eq "stats: the vCPU threads are the run dir's (a copy with other thread ids: vCPU nodes unknown)" "[$run_pid,2,[-1,-1]]" "$got"

	if timeout 60 "$numaprobe" stats --guest "$name" --format csv >"$tmp/stats.csv" 2>"$tmp/stats.err"; then
		got=$(awk -F, -v n="$name" '$5 == "guest" && $6 == n {
			if ($8 == "" && $9 == "vcpus") v = $10; if ($8 == "" && $9 == "mem_bytes") m = ($10 > 0);
			if ($8 == "0" && $9 == "mem_bytes_anon") a = ($10 > 0); p = $7 }
			END { printf "pid=%s vcpus=%s mem>0=%s node0-anon>0=%s", p, v, m, a }' "$tmp/stats.csv")
		check_eq "stats csv: the guest's rows" "pid=$run_pid vcpus=2 mem>0=1 node0-anon>0=1" "$got"
	else
		fail "numaprobe stats --guest $name --format csv" "exit $?: $(cat "$tmp/stats.err")"
	fi
fi

# ---- 4. report placement: live and static agree ---------------------------
if [ "$guest_created" = 1 ]; then
	header="guest,variant,cell,vcpus,memory_bytes,host_cpu_nodes,host_mem_nodes,local_fraction,local_fraction_min,local_fraction_max,expected_latency,latency_unit,flags"
	if timeout 60 "$numaprobe" report placement --guest "$name" --format csv >"$tmp/guest.csv" 2>"$tmp/guest.err"; then
		pass "numaprobe report placement --guest $name --format csv"
	else
		fail "numaprobe report placement --guest $name --format csv" "exit $?: $(cat "$tmp/guest.err")"
	fi
	check_eq "placement csv: header" "$header" "$(head -n 1 "$tmp/guest.csv")"
	check_eq "placement csv: 2 declared cells of 1 vCPU and 64 MiB and the undeclared view, all on host node 0" \
		"$name,with,0,1,67108864,0,0 $name,with,1,1,67108864,0,0 $name,without,0,2,134217728,0,0" \
		"$(tail -n +2 "$tmp/guest.csv" | cut -d, -f1-7 | tr '\n' ' ' | sed 's/ $//')"
	vsh dumpxml "$name" >"$tmp/live.xml" 2>&1
	vsh capabilities >"$tmp/caps.xml" 2>&1
	same_rows() { # WHAT ARGS...
		local what=$1
		shift
		if timeout 60 "$numaprobe" report placement "$@" --format csv >"$tmp/other.csv" 2>"$tmp/other.err"; then
			check_files "placement csv: --guest and $what give the same rows" "$tmp/guest.csv" "$tmp/other.csv"
		else
			fail "placement csv: --guest and $what give the same rows" "exit $?: $(cat "$tmp/other.err")"
		fi
	}
	same_rows "virsh dumpxml's live XML" "$tmp/live.xml"
	same_rows "the run dir's status XML" "$RUN_DIR/$name.xml"
	same_rows "the XML the guest was created from" "$tmp/guest.xml"
	same_rows "the live XML with --host-caps from virsh capabilities" "$tmp/live.xml" --host-caps "$tmp/caps.xml"

	if timeout 60 "$numaprobe" report placement --guest "$name" >"$tmp/guest.txt" 2>"$tmp/guest.err"; then
		check_contains "placement table: the 'measured now' section" "measured now (--guest):" "$tmp/guest.txt"
		mib=$(sed -n 's/^ *memory MiB per host node: 0: \([0-9.]*\) .*/\1/p' "$tmp/guest.txt")
		stats_mib=$(awk -v b="${total:-0}" 'BEGIN { printf "%.1f", b / 1048576 }')
		if [ -n "$mib" ] && awk -v a="$mib" -v b="$stats_mib" 'BEGIN { exit !(a > 0 && a >= 0.75 * b && a <= 1.25 * b) }'; then
			pass "placement table: measured memory on host node 0, $mib MiB (stats said $stats_mib MiB)"
		else
			fail "placement table: measured memory on host node 0" "'${mib}' MiB against stats' $stats_mib MiB in: $(grep -A3 'measured now' "$tmp/guest.txt" | tr '\n' '|')"
		fi
		check_contains "placement table: vCPUs last ran on host node 0" "vCPUs last ran on nodes: 0 0" "$tmp/guest.txt"
	else
		fail "numaprobe report placement --guest $name" "exit $?: $(cat "$tmp/guest.err")"
	fi
fi

# ---- 4b. report advise: libvirt takes the advice ----------------------------
for advised in "$top"/configs/advised/*.xml; do
	[ -e "$advised" ] || continue
	base=$(basename "$advised" .xml)
	dname=$name-adv-$base
	sed -e "s/<domain type='kvm'>/<domain type='qemu'>/" -e "0,/<name>[^<]*<\/name>/s//<name>$dname<\/name>/" \
		"$advised" >"$tmp/advised.xml"
	if vsh define "$tmp/advised.xml" >"$tmp/virsh.out" 2>&1; then
		pass "advise: virsh define takes configs/advised/$base.xml"
		vsh undefine "$dname" >/dev/null 2>&1 || fail "advise: virsh undefine $dname" "$(cat "$tmp/virsh.out")"
	else
		fail "advise: virsh define takes configs/advised/$base.xml" "$(oneline "$tmp/virsh.out")"
	fi
done
aname=$name-advised
instantiate "$here/good/no-cells.xml" "$aname" "$tmp/advised-console.log" "$tmp/advise-in.xml"
if timeout 60 "$numaprobe" report advise "$tmp/advise-in.xml" --out "$tmp/advised-here.xml" 2>"$tmp/advise.err"; then
	pass "advise: good/no-cells.xml advised for this machine"
	check_eq "advise: memory bound strictly to node 0, both vCPUs pinned to node 0's CPUs" \
		"0 $(words "$(tr ',' ' ' </sys/devices/system/node/node0/cpulist)")" \
		"$(sed -n "s/.*<memory mode='strict' nodeset='\([^']*\)'.*/\1/p" "$tmp/advised-here.xml") $(sed -n "s/.*<emulatorpin cpuset='\([^']*\)'.*/\1/p" "$tmp/advised-here.xml")"
	if vsh create "$tmp/advised-here.xml" >"$tmp/create.out" 2>&1; then
		pass "advise: virsh create starts the advised guest $aname"
		defined+=("$aname")
		apid=$(cat "$RUN_DIR/$aname.pid" 2>/dev/null)
		for _ in $(seq 60); do
			tr -d '\r' <"$tmp/advised-console.log" 2>/dev/null | grep -q '^np-guest: ready' && break
			sleep 0.5
		done
		if timeout 60 "$numaprobe" stats --guest "$aname" --format json >"$tmp/astats.json" 2>"$tmp/astats.err"; then
			check_eq "advise: stats finds the advised guest's memory on node 0 only, its vCPUs on node 0" \
				"[0] [0,0]" \
				"$(jq -c '[.guests[0].nodes[] | select(.mem_bytes_anon + .mem_bytes_file + .mem_bytes_huge > 0) | .node]' "$tmp/astats.json") $(jq -c '.guests[0].vcpu_nodes' "$tmp/astats.json")"
		else
			fail "advise: numaprobe stats --guest $aname" "$(cat "$tmp/astats.err")"
		fi
		vsh destroy "$aname" >/dev/null 2>&1
		unset 'defined[${#defined[@]}-1]'
		[ -n "$apid" ] && rm -f "/var/log/libvirt/qemu/$aname.log"
	else
		fail "advise: virsh create starts the advised guest" "$(oneline "$tmp/create.out")"
	fi
else
	fail "advise: good/no-cells.xml advised for this machine" "$(oneline "$tmp/advise.err")"
fi

# ---- 5. the oracle: numaprobe refuses exactly what virsh define refuses ----
for fixture in "$here"/good/*.xml "$here"/bad/*.xml "$here"/newer-good/*.xml "$here"/newer-bad/*.xml; do
	[ -e "$fixture" ] || continue
	rel=${fixture#"$here"/}
	base=$(basename "$fixture" .xml)
	dname=$name-$base
	instantiate "$fixture" "$dname" "$tmp/oracle-console.log" "$tmp/oracle.xml"
	timeout 60 "$numaprobe" report placement "$tmp/oracle.xml" --format csv >/dev/null 2>"$tmp/np.err"
	np_rc=$?
	vsh define "$tmp/oracle.xml" >"$tmp/virsh.out" 2>&1
	define_rc=$?
	if [ "$define_rc" != 0 ] && grep -q 'failed to connect to the hypervisor' "$tmp/virsh.out"; then
		restart_daemon
		vsh define "$tmp/oracle.xml" >"$tmp/virsh.out" 2>&1
		define_rc=$?
	fi
	if [ "$define_rc" = 0 ]; then
		v_rc=0
		defined+=("$dname")
		if vsh undefine "$dname" >/dev/null 2>&1; then
			unset 'defined[${#defined[@]}-1]'
		else
			fail "oracle $rel: virsh undefine $dname" "$(cat "$tmp/virsh.out")"
		fi
	elif grep -q '^error: Failed to define domain' "$tmp/virsh.out" &&
		! grep -q 'failed to connect to the hypervisor' "$tmp/virsh.out"; then
		v_rc=1
	else
		# Not libvirt's verdict on the XML: the daemon did not answer.
		fail "oracle $rel" "virsh define got no verdict from libvirtd: $(oneline "$tmp/virsh.out") ($(daemon_state))"
		continue
	fi
	np_msg=$(oneline "$tmp/np.err")
	v_msg=$(grep -v '^error: Failed to define domain' "$tmp/virsh.out" | sed 's/^error: //' | oneline /dev/stdin)
	case $rel in
	newer-*)
		want=0
		case $rel in newer-bad/*) want=1 ;; esac
		if [ "$np_rc" = "$want" ]; then
			pass "oracle $rel: numaprobe $([ "$want" = 1 ] && echo refuses || echo accepts) it, as libvirt after 9.0 does"
		else
			fail "oracle $rel" "numaprobe exited $np_rc, the newer rule wants $want${np_msg:+ ($np_msg)}"
		fi
		if [ "$v_rc" = "$want" ]; then
			note "oracle $rel: this machine's libvirt has the rule (virsh define: ${v_msg:-ok})"
		else
			note "oracle $rel: this machine's libvirt predates the rule (virsh define: ${v_msg:-ok})"
		fi
		continue
		;;
	esac
	case $np_rc:$v_rc in
	0:0 | 1:1)
		verdict=accept
		[ "$v_rc" = 1 ] && verdict=refuse
		expected=accept
		case $rel in bad/*) expected=refuse ;; esac
		if [ "$verdict" = "$expected" ]; then
			pass "oracle $rel: numaprobe and virsh define both ${verdict} it"
		else
			fail "oracle $rel" "numaprobe and virsh define both $verdict it, but it sits in ${rel%%/*}/: the fixture is wrong for this libvirt (virsh: ${v_msg:-ok}; numaprobe: ${np_msg:-ok})"
		fi
		;;
	0:1)
		fail "oracle $rel" "virsh define refuses it but numaprobe accepts it (exit 0${np_msg:+; numaprobe: $np_msg}); virsh: $v_msg"
		;;
	1:0)
		fail "oracle $rel" "numaprobe refuses it (exit 1: $np_msg) but virsh define accepts it"
		;;
	*)
		fail "oracle $rel" "numaprobe exited $np_rc (expected 0 or 1): $np_msg; virsh define: ${v_msg:-ok}"
		;;
	esac
done

if vsh version >/dev/null 2>&1; then
	pass "libvirtd still answers after the oracle's defines"
else
	fail "libvirtd still answers after the oracle's defines" "$(daemon_state)"
fi

# ---- 6. tear down -----------------------------------------------------------
if [ "$guest_created" = 1 ]; then
	if vsh destroy "$name" >"$tmp/destroy.out" 2>&1; then
		gone=0
		for _ in $(seq 100); do
			if ! guest_alive "$guest_pid" && [ ! -e "$RUN_DIR/$name.xml" ]; then
				gone=1
				break
			fi
			sleep 0.1
		done
		if [ "$gone" = 1 ]; then
			pass "virsh destroy: QEMU and the run dir's $name.xml are gone"
			guest_created=0
		else
			fail "virsh destroy $name" "QEMU (pid $guest_pid) or $RUN_DIR/$name.xml still there after 10 s"
		fi
	else
		fail "virsh destroy $name" "$(oneline "$tmp/destroy.out") ($(daemon_state))"
	fi
fi
if [ "$guest_created" = 0 ] && [ -n "$guest_pid" ]; then
	timeout 60 "$numaprobe" stats --guest "$name" --format json >/dev/null 2>"$tmp/stats.err"
	rc=$?
	if [ "$rc" = 1 ]; then
		pass "numaprobe stats --guest $name: exit 1 once the guest is gone ($(oneline "$tmp/stats.err"))"
	else
		fail "numaprobe stats --guest $name after destroy" "exit $rc, expected 1: $(oneline "$tmp/stats.err")"
	fi
fi

t0=$(date +%s.%N)
kill -TERM "$daemon_pid" 2>/dev/null
for _ in $(seq 150); do
	libvirtd_alive "$daemon_pid" || break
	sleep 0.1
done
t1=$(date +%s.%N)
if libvirtd_alive "$daemon_pid"; then
	fail "libvirtd (pid $daemon_pid) stops on SIGTERM" "still running after 15 s (killed)"
else
	pass "libvirtd (pid $daemon_pid) stopped on SIGTERM in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
	daemon_pid=
fi

restore_conf
if [ -z "$orig_sum" ]; then
	if [ -e "$CONF" ]; then
		fail "$CONF removed again" "it is still there"
	else
		pass "$CONF removed again (there was none before)"
	fi
elif [ "$(md5sum <"$CONF" 2>/dev/null | cut -d' ' -f1)" = "$orig_sum" ]; then
	pass "$CONF put back as it was"
else
	fail "$CONF put back as it was" "its MD5 differs from the saved original's"
fi

note "wall time $(awk -v a="$t_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
finish
