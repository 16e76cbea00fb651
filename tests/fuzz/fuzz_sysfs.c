/*
 * fuzz_sysfs.c: the topology reader on a sysfs tree written from the
 * input. The input is split at NUL bytes into the files below, in order
 * (a missing piece is a missing file): the node lists, the memory block
 * size, the online CPUs, then for nodes 0 to 2 their cpulist, meminfo,
 * distance, a huge page directory's size in kB, its nr_hugepages, and
 * HMAT's access0 read_latency. Node directories 0 to 2 always exist.
 */
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/topology.h"
#include "fuzz.h"

static const char *const files[] = {
    "devices/system/node/online",
    "devices/system/node/possible",
    "devices/system/node/has_cpu",
    "devices/system/node/has_memory",
    "devices/system/memory/block_size_bytes",
    "devices/system/cpu/online",
};
static const char *const node_files[] = {"cpulist", "meminfo", "distance",
					 NULL,	    NULL,      "access0/initiators/read_latency"};
#define NODES 3

static char root[64];

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void remove_tree(void)
{
	if (root[0])
		nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void write_file(const char *relative, const char *text, size_t len)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/sys/%s", root, relative);
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	fwrite(text, 1, len, f);
	fclose(f);
}

static void make_dir(const char *relative)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", root, relative);
	mkdir(path, 0755);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!root[0]) {
		snprintf(root, sizeof(root), "%s/np-fuzz-sysfs-XXXXXX",
			 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (!mkdtemp(root))
			abort();
		atexit(remove_tree);
	}
	/* A fresh tree for every input. */
	nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	mkdir(root, 0755);
	const char *dirs[] = {"sys",
			      "sys/devices",
			      "sys/devices/system",
			      "sys/devices/system/node",
			      "sys/devices/system/memory",
			      "sys/devices/system/cpu",
			      "proc",
			      "proc/self"};
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		make_dir(dirs[i]);
	char path[1024];
	snprintf(path, sizeof(path), "%s/proc/self/status", root);
	FILE *status = fopen(path, "w");
	if (!status)
		abort();
	fputs("Cpus_allowed_list:\t0-3\nMems_allowed_list:\t0-2\n", status);
	fclose(status);
	for (int n = 0; n < NODES; n++) {
		char dir[128];
		snprintf(dir, sizeof(dir), "sys/devices/system/node/node%d", n);
		make_dir(dir);
		snprintf(dir, sizeof(dir), "sys/devices/system/node/node%d/hugepages", n);
		make_dir(dir);
		snprintf(dir, sizeof(dir), "sys/devices/system/node/node%d/access0", n);
		make_dir(dir);
		snprintf(dir, sizeof(dir), "sys/devices/system/node/node%d/access0/initiators", n);
		make_dir(dir);
	}
	size_t piece = 0, start = 0;
	const size_t pieces = sizeof(files) / sizeof(files[0]) + NODES * 6;
	char huge_dir[NODES][256] = {{0}}; /* "" until the piece created it */
	for (size_t i = 0; i <= size && piece < pieces; i++) {
		if (i < size && data[i] != 0)
			continue;
		const char *text = (const char *)data + start;
		size_t len = i - start;
		if (piece < sizeof(files) / sizeof(files[0])) {
			write_file(files[piece], text, len);
		} else {
			size_t k = piece - sizeof(files) / sizeof(files[0]);
			int n = (int)(k / 6);
			char relative[512];
			if (k % 6 == 3) { /* a huge page directory's size */
				if (len <= 64 && !memchr(text, '/', len)) {
					snprintf(
					    huge_dir[n], sizeof(huge_dir[n]),
					    "devices/system/node/node%d/hugepages/hugepages-%.*skB",
					    n, (int)len, text);
					snprintf(relative, sizeof(relative), "sys/%s", huge_dir[n]);
					make_dir(relative);
				}
			} else if (k % 6 == 4) {
				if (huge_dir[n][0]) {
					snprintf(relative, sizeof(relative), "%s/nr_hugepages",
						 huge_dir[n]);
					write_file(relative, text, len);
					snprintf(relative, sizeof(relative), "%s/free_hugepages",
						 huge_dir[n]);
					write_file(relative, text, len);
				}
			} else {
				snprintf(relative, sizeof(relative),
					 "devices/system/node/node%d/%s", n, node_files[k % 6]);
				write_file(relative, text, len);
			}
		}
		piece++;
		start = i + 1;
	}
	struct np_roots roots;
	struct np_error err;
	if (np_roots_init(&roots, &err) < 0)
		abort();
	snprintf(path, sizeof(path), "%s/sys", root);
	np_roots_set(&roots, NP_ROOT_SYSFS, path, &err);
	snprintf(path, sizeof(path), "%s/proc", root);
	np_roots_set(&roots, NP_ROOT_PROC, path, &err);
	struct np_topology topo;
	if (np_topology_read(&roots, &topo, &err) == 0) {
		NP_FUZZ_ASSERT(topo.node_count >= 1);
		for (size_t i = 0; i < topo.node_count; i++)
			NP_FUZZ_ASSERT(topo.nodes[i].id >= 0 && topo.nodes[i].id < NP_MAX_NODES);
		np_topology_free(&topo);
	}
	return 0;
}
