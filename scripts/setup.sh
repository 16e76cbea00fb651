#!/bin/sh
# setup.sh: the one place numaprobe's dependencies are declared.
#
# Finds which Debian packages are missing. As root it installs them with
# apt-get; otherwise it prints the exact apt-get line and fails. `make run`
# and `make check` both call it, so a fresh machine needs nothing else.
set -eu

BUILD_PACKAGES="libnuma-dev libxml2-dev pkg-config gcc make"
RUN_PACKAGES="numactl gnuplot-nox"
# jq checks JSON in the shell tests, time measures peak memory and curl
# reads HTTP endpoints (tests/live/test_prometheus.sh); the testbed needs
# qemu, busybox and the guest kernel, which tests/vm/kernel.sh fetches with
# apt-get download.
TEST_PACKAGES="libcmocka-dev qemu-system-x86 busybox-static jq time curl"
# make fuzz: clang with libFuzzer, whose runtime Debian 12 ships in
# libclang-rt-14-dev (only a Recommends of clang-14). make check does not
# need them: it replays the corpora with gcc.
FUZZ_PACKAGES="clang-14 libclang-rt-14-dev"
# make bench-compare runs numaprobe's kernels beside these peers.
BENCH_PACKAGES="likwid mbw"
# tests/libvirt/test_libvirt.sh runs a throw-away libvirtd (QEMU TCG) on a
# fresh machine: the daemon, its QEMU driver and virsh. Not
# libvirt-daemon-system (it pulls in systemd, udev, dnsmasq and ships a
# qemu.conf). Installing these starts nothing and writes no qemu.conf.
LIBVIRT_TEST_PACKAGES="libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients"
# tests/live/test_prometheus.sh runs its own node_exporter and Prometheus
# (promtool comes with prometheus) on free ports with temporary
# directories. Debian's packages enable their services and start them on
# ports 9090 and 9100 when installed, so every install below runs with
# service starts denied (see deny_service_starts) and nothing is left
# running; --no-install-recommends keeps node_exporter's collector timers
# (prometheus-node-exporter-collectors) out.
PROMETHEUS_TEST_PACKAGES="prometheus prometheus-node-exporter"
# tests/cli/test_html.sh opens `report html` pages in a real browser,
# headless: Debian's chromium-headless-shell (no X, no desktop).
HTML_TEST_PACKAGES="chromium-headless-shell"

packages="$BUILD_PACKAGES $RUN_PACKAGES $TEST_PACKAGES $FUZZ_PACKAGES $BENCH_PACKAGES $LIBVIRT_TEST_PACKAGES $PROMETHEUS_TEST_PACKAGES $HTML_TEST_PACKAGES"

missing=""
for pkg in $packages; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $pkg" ;;
	esac
done

if [ -z "$missing" ]; then
	exit 0
fi

echo "setup: missing Debian packages:$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "setup: run as root, or install them yourself:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi

# Services: invoke-rc.d and deb-systemd-invoke, which maintainer scripts
# use to start a service, ask /usr/sbin/policy-rc.d first and start nothing
# when it exits 101. A policy-rc.d already there (Docker images ship one)
# is moved aside and put back on every exit path, failure included.
policy=/usr/sbin/policy-rc.d
policy_mark="numaprobe scripts/setup.sh"
saved_policy=""
policy_denied=0
restore_policy() {
	[ "$policy_denied" = 1 ] || return 0
	if [ -n "$saved_policy" ]; then
		mv -f "$saved_policy" "$policy"
	else
		rm -f "$policy"
	fi
	policy_denied=0
}
deny_service_starts() {
	# One of ours left by a run killed with SIGKILL is not worth keeping.
	if { [ -e "$policy" ] || [ -L "$policy" ]; } && ! grep -qF "$policy_mark" "$policy" 2>/dev/null; then
		saved_policy=$(mktemp /usr/sbin/.policy-rc.d.numaprobe-saved.XXXXXX)
		cp -pP "$policy" "$saved_policy"
	fi
	policy_denied=1
	trap restore_policy EXIT
	trap 'exit 130' INT TERM HUP
	printf '#!/bin/sh\n# %s: no service starts while it installs\nexit 101\n' "$policy_mark" \
		>"$policy.numaprobe"
	chmod 0755 "$policy.numaprobe"
	mv -f "$policy.numaprobe" "$policy"
}

# The processes and active units of Prometheus and node_exporter (by
# user and by name; the kernel keeps 15 characters of a name): what the
# install below must not add to. A host may run its own, left alone.
service_processes() {
	{
		if id -u prometheus >/dev/null 2>&1; then
			pgrep -u prometheus || true
		fi
		pgrep -x prometheus || true
		pgrep -x prometheus-node || true
		pgrep -x node_exporter || true
	} | sort -u
	if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
		for unit in prometheus prometheus-node-exporter; do
			if systemctl is-active --quiet "$unit"; then
				echo "$unit.service"
			fi
		done
	fi
}

export DEBIAN_FRONTEND=noninteractive
before=" $(service_processes | tr '\n' ' ') "
echo "setup: installing with service starts denied (a temporary $policy that exits 101)," \
	"so prometheus and prometheus-node-exporter do not start on ports 9090 and 9100" >&2
deny_service_starts
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
restore_policy
trap - EXIT INT TERM HUP
echo "setup: installed$missing" >&2

# Verified, not assumed: a service this install started is stopped (by its
# pid or unit, nothing else) and the set-up fails.
started=""
for item in $(service_processes); do
	case "$before" in
	*" $item "*) ;;
	*) started="$started $item" ;;
	esac
done
if [ -n "$started" ]; then
	echo "setup: the install started what it must not:$started; stopping them" >&2
	for item in $started; do
		case "$item" in
		*.service) systemctl stop "$item" || true ;;
		*) kill "$item" 2>/dev/null || true ;;
		esac
	done
	exit 1
fi
echo "setup: checked (pgrep, and systemctl where systemd runs): the install started no" \
	"prometheus or node_exporter service; $policy is as it was" >&2
