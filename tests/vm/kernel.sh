#!/bin/sh
# tests/vm/kernel.sh - print the path of a guest Linux kernel (vmlinuz) for
# the QEMU NUMA testbed, fetching it once into tests/vm/cache/.
#
# Why: the development and CI machines have a single NUMA node, so every
# multi-node behaviour of numaprobe is tested inside QEMU (TCG) guests.  The
# guest kernel is Debian's own cloud kernel: it has CONFIG_NUMA,
# CONFIG_X86_64_ACPI_NUMA, CONFIG_ACPI_HMAT, CONFIG_HMEM_REPORTING and the
# serial console built in, and it comes from the Debian registry (the only
# one reachable), so no prebuilt binary has to be downloaded from elsewhere.
#
# How: `apt-cache depends linux-image-cloud-amd64` names the current
# linux-image-6.1.0-N-cloud-amd64 package (running `apt-get update -qq` first
# if apt knows nothing about it); `apt-get download` fetches that single .deb
# into the cache, `dpkg-deb -x` unpacks it, and boot/vmlinuz-* is printed.
# A second run only checks the cache and prints the path (no apt calls).
#
# Environment: TESTBED_CACHE overrides the cache directory.
# Exit status: 0 and the path on stdout, or non-zero with a message on stderr.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache=${TESTBED_CACHE:-$here/cache}

die() { printf 'kernel.sh: %s\n' "$*" >&2; exit 1; }

# first_file GLOB-EXPANSION...: print the first argument that is a non-empty
# file (an unmatched glob stays literal and is skipped).
first_file() {
    for f in "$@"; do
        if [ -s "$f" ]; then printf '%s\n' "$f"; return 0; fi
    done
    return 0
}

# Fast path: a kernel unpacked by an earlier run.
# vmlinuz.path holds the kernel's path relative to the cache directory, so
# a cache that moves with its checkout stays valid.
if [ -f "$cache/vmlinuz.path" ]; then
    k=$cache/$(cat "$cache/vmlinuz.path")
    if [ -s "$k" ]; then
        printf '%s\n' "$k"
        exit 0
    fi
fi

mkdir -p "$cache" || die "cannot create cache directory $cache"

# Serialise concurrent first runs (parallel test jobs) on a lock file; the
# second one finds the kernel the first one unpacked.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$cache/.lock"
    flock 9 || die "cannot lock $cache/.lock"
    if [ -f "$cache/vmlinuz.path" ]; then
        k=$cache/$(cat "$cache/vmlinuz.path")
        if [ -s "$k" ]; then
            printf '%s\n' "$k"
            exit 0
        fi
    fi
fi

for tool in apt-cache apt-get dpkg-deb; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (this needs a Debian/Ubuntu host)"
done

resolve() {
    apt-cache depends linux-image-cloud-amd64 2>/dev/null |
        sed -n 's/^ *Depends: *\(linux-image-[0-9][^ ]*-cloud-amd64\) *$/\1/p' | head -n 1
}

pkg=$(resolve || true)
if [ -z "$pkg" ]; then
    echo "kernel.sh: apt-cache knows no linux-image-cloud-amd64; running apt-get update" >&2
    apt-get update -qq >&2 || die "apt-get update failed (are you root? is the Debian mirror reachable?)"
    pkg=$(resolve || true)
fi
[ -n "$pkg" ] || die "apt-cache depends linux-image-cloud-amd64 names no linux-image-*-cloud-amd64 package"

dir=$cache/$pkg
k=$(first_file "$dir"/root/boot/vmlinuz-*)
if [ -z "$k" ]; then
    rm -rf "$dir"
    mkdir -p "$dir/root"
    # apt-get download writes into the current directory.  As root, apt
    # drops privileges to _apt for downloads; let it write there.
    chmod 0777 "$dir" 2>/dev/null || true
    (cd "$dir" && apt-get download -q "$pkg" >&2) ||
        die "apt-get download $pkg failed"
    deb=$(first_file "$dir"/"$pkg"_*.deb)
    [ -n "$deb" ] || die "apt-get download left no $pkg .deb in $dir"
    dpkg-deb -x "$deb" "$dir/root" || die "dpkg-deb -x $deb failed"
    rm -f "$deb"
    # Keep only the kernel image: modules are not needed (the initramfs
    # boots the built-in drivers) and are by far the bulk of the package.
    find "$dir/root" -mindepth 1 -maxdepth 1 ! -name boot -exec rm -rf {} +
    k=$(first_file "$dir"/root/boot/vmlinuz-*)
    [ -n "$k" ] || die "no boot/vmlinuz-* in $pkg"
fi

printf '%s\n' "${k#"$cache"/}" > "$cache/vmlinuz.path.tmp" && mv "$cache/vmlinuz.path.tmp" "$cache/vmlinuz.path"
printf '%s\n' "$k"
