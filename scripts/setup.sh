#!/bin/sh
# setup.sh: the one place numaprobe's dependencies are declared.
#
# Finds which Debian packages are missing. As root it installs them with
# apt-get; otherwise it prints the exact apt-get line and fails. `make run`
# and `make check` both call it, so a fresh machine needs nothing else.
set -eu

BUILD_PACKAGES="libnuma-dev libxml2-dev pkg-config gcc make"
RUN_PACKAGES="numactl gnuplot-nox"
# jq checks JSON in the shell tests and time measures peak memory; the
# testbed needs qemu, busybox and the guest kernel, which
# tests/vm/kernel.sh fetches with apt-get download.
TEST_PACKAGES="libcmocka-dev qemu-system-x86 busybox-static jq time"
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

packages="$BUILD_PACKAGES $RUN_PACKAGES $TEST_PACKAGES $FUZZ_PACKAGES $BENCH_PACKAGES $LIBVIRT_TEST_PACKAGES"

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

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
echo "setup: installed$missing" >&2
