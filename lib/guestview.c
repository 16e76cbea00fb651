/* guestview.c: a running guest's memory and vCPUs per node; see guestview.h. */
#include "guestview.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "fileio.h"
#include "kvfile.h"
#include "kvmvcpu.h"
#include "proc.h"
#include "proctask.h"
#include "strbuf.h"

double np_local_fraction(const struct np_node_memory *memory, const int *vcpu_nodes, int count)
{
	uint64_t total = np_node_memory_total(memory);
	if (total == 0)
		return NAN;
	double sum = 0;
	int known = 0;
	for (int v = 0; v < count; v++) {
		int node = vcpu_nodes[v];
		if (node < 0)
			continue;
		known++;
		if (node <= memory->max_node)
			sum += (double)np_node_memory_node_total(memory, node) / (double)total;
	}
	return known ? sum / known : NAN;
}

static int cpu_node(const struct np_topology *topo, int cpu)
{
	for (size_t i = 0; i < topo->node_count; i++)
		if (np_idset_has(&topo->nodes[i].cpus, cpu))
			return topo->nodes[i].id;
	return -1;
}

/* The node a thread last ran on, -1 when it is gone or unreadable. */
static int thread_node(const struct np_roots *roots, const struct np_topology *topo, pid_t pid,
		       pid_t tid, struct np_strbuf *text)
{
	char file[64];
	snprintf(file, sizeof(file), "task/%d/stat", (int)tid);
	bool gone;
	struct np_task_stat stat;
	if (np_proc_read(roots, pid, file, text, &gone, NULL, NULL) < 0 ||
	    np_parse_task_stat(np_sb_str(text), &stat, NULL) < 0)
		return -1;
	return cpu_node(topo, stat.processor);
}

/* The syscall line of a thread, read again (1 ms apart, 5 times) while it
 * is running. Returns 1 with *state set, 0 when unreadable (*denied for
 * EACCES/EPERM). */
static int thread_syscall(const struct np_roots *roots, pid_t pid, pid_t tid,
			  struct np_strbuf *text, enum np_syscall_state *state, long *nr,
			  uint64_t args[6], bool *denied)
{
	char file[64];
	snprintf(file, sizeof(file), "task/%d/syscall", (int)tid);
	for (int attempt = 0; attempt < 5; attempt++) {
		bool gone;
		int saved = 0;
		if (np_proc_read(roots, pid, file, text, &gone, &saved, NULL) < 0) {
			*denied |= saved == EACCES || saved == EPERM;
			return 0;
		}
		if (np_parse_syscall(np_sb_str(text), state, nr, args, NULL) < 0)
			return 0;
		if (*state != NP_SYSCALL_RUNNING)
			return 1;
		struct timespec ms = {0, 1000000};
		nanosleep(&ms, NULL);
	}
	return 1;
}

/* vCPU threads found by what they do: blocked in ioctl(fd, KVM_RUN) on an
 * "anon_inode:kvm-vcpu:N" descriptor (kvmvcpu.h). N is the APIC id, mapped
 * to the vCPU index through the command line's -smp. */
static void find_kvm_run(const struct np_roots *roots, const struct np_topology *topo, pid_t pid,
			 const char *name, const pid_t *tids, size_t count, int *nodes,
			 pid_t *vcpu_tids, int *max_index, struct np_strbuf *text,
			 struct np_strbuf *notes)
{
	int ioctl_nr = np_ioctl_syscall_number();
	int found = 0, running = 0, unmapped = 0;
	bool denied = false;
	struct np_smp smp;
	struct np_error why = {""};
	bool gone;
	int smp_rc = np_proc_read_cmdline(roots, pid, text, &gone, NULL) < 0
			 ? -1
			 : np_qemu_smp(np_sb_str(text), text->len, &smp, &why);
	if (smp_rc < 0 && !why.message[0])
		snprintf(why.message, sizeof(why.message), "its command line cannot be read");
	for (size_t i = 0; i < count && ioctl_nr >= 0; i++) {
		enum np_syscall_state state;
		long nr = -1;
		uint64_t args[6];
		if (!thread_syscall(roots, pid, tids[i], text, &state, &nr, args, &denied))
			continue;
		if (state == NP_SYSCALL_RUNNING) {
			running++;
			continue;
		}
		if (state != NP_SYSCALL_IN_CALL || nr != ioctl_nr || args[1] != NP_KVM_RUN ||
		    args[0] > 1u << 20)
			continue;
		char relative[64], path[PATH_MAX], link[128];
		snprintf(relative, sizeof(relative), "%d/fd/%llu", (int)pid,
			 (unsigned long long)args[0]);
		int id;
		ssize_t n = np_root_path(path, sizeof(path), roots->proc, relative, NULL) < 0
				? -1
				: readlink(path, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (!np_kvm_vcpu_link(link, &id))
			continue;
		/* without -smp QEMU runs one vCPU, id 0 */
		int index = smp_rc > 0 ? np_apic_to_index(&smp, id) : smp_rc == 0 ? id : -1;
		if (index < 0) { /* report the APIC id itself, and say so */
			unmapped++;
			index = id;
		}
		if (index >= NP_MAX_VCPUS || vcpu_tids[index])
			continue;
		nodes[index] = thread_node(roots, topo, pid, tids[i], text) + 1; /* 0: none */
		vcpu_tids[index] = tids[i];
		if (index > *max_index)
			*max_index = index;
		found++;
	}
	if (found)
		np_sb_printf(
		    notes,
		    "pid %d (%s): %d vCPU thread%s found by their KVM_RUN ioctl (QEMU names "
		    "them when started with -name NAME,debug-threads=on)",
		    (int)pid, name, found, found == 1 ? "" : "s");
	else
		np_sb_printf(notes,
			     "pid %d (%s): vCPU threads not found: start QEMU with -name "
			     "NAME,debug-threads=on%s",
			     (int)pid, name,
			     denied ? " (or run as root: their syscall files cannot be read)" : "");
	if (running)
		np_sb_printf(notes, "; %d thread%s ran at each of 5 reads and could not be told",
			     running, running == 1 ? "" : "s");
	if (unmapped)
		np_sb_printf(notes,
			     "; %d vCPU%s shown by KVM's vcpu id (the APIC id), not its index: %s",
			     unmapped, unmapped == 1 ? "" : "s",
			     smp_rc < 0 ? why.message : "no such place in the -smp topology");
	np_sb_putc(notes, '\n');
}

/* vCPU threads by their comm, "CPU n/KVM" or "CPU n/TCG"; for a guest
 * without such names, by their KVM_RUN ioctl. */
static int find_vcpus(const struct np_roots *roots, const struct np_topology *topo, pid_t pid,
		      const char *name, bool guest, struct np_guest_view *entity,
		      struct np_strbuf *text, struct np_strbuf *notes)
{
	char pid_text[16];
	snprintf(pid_text, sizeof(pid_text), "%d", (int)pid);
	pid_t *tids;
	size_t count;
	if (np_proc_list(roots, pid_text, &tids, &count, NULL) < 0)
		return -1;
	int max_index = -1;
	int *nodes = calloc(NP_MAX_VCPUS, sizeof(*nodes));
	pid_t *vcpu_tids = calloc(NP_MAX_VCPUS, sizeof(*vcpu_tids));
	if (!nodes || !vcpu_tids) {
		free(tids);
		free(nodes);
		free(vcpu_tids);
		return -1;
	}
	for (size_t i = 0; i < count; i++) {
		char file[64];
		bool gone;
		int index;
		snprintf(file, sizeof(file), "task/%d/comm", (int)tids[i]);
		if (np_proc_read(roots, pid, file, text, &gone, NULL, NULL) < 0)
			continue;
		char comm[NP_COMM_MAX];
		snprintf(comm, sizeof(comm), "%.*s", (int)strcspn(np_sb_str(text), "\n"),
			 np_sb_str(text));
		if (!np_is_vcpu_comm(comm, &index))
			continue;
		nodes[index] = thread_node(roots, topo, pid, tids[i], text) + 1; /* 0: none */
		vcpu_tids[index] = tids[i];
		if (index > max_index)
			max_index = index;
	}
	entity->vcpu_source = max_index >= 0 ? "thread names" : "none";
	if (max_index < 0 && guest) {
		find_kvm_run(roots, topo, pid, name, tids, count, nodes, vcpu_tids, &max_index,
			     text, notes);
		if (max_index >= 0)
			entity->vcpu_source = "KVM_RUN";
	}
	free(tids);
	entity->vcpu_count = max_index + 1;
	entity->vcpu_nodes = nodes;
	entity->vcpu_tids = vcpu_tids;
	for (int v = 0; v < entity->vcpu_count; v++)
		nodes[v] -= 1;
	return 0;
}

static uint64_t base_page_kb(void)
{
	long page = sysconf(_SC_PAGESIZE);
	return page > 0 ? (uint64_t)page / 1024 : 4;
}

/*
 * Whether a memory cgroup's figures are the process's own: its anon and
 * file total against the process's resident memory (RssAnon, RssFile,
 * RssShmem of its status). A process moved into a group after it
 * allocated leaves its charges in the old group (cgroup v1 moves them
 * only with memory.move_charge_at_immigrate, v2 never), so the new group
 * holds less than the process's anonymous memory (RssAnon + RssShmem),
 * which is charged wherever the process faulted it. A group that held
 * another process before, or page cache the process reads without
 * mapping it, holds more than all its resident memory. Between the two
 * is normal: mapped files (QEMU's own libraries) are charged to whoever
 * read them first. Outside, by more than 5% of the resident memory and
 * 4 MiB: with --source auto (`fall_back`) the cgroup is not used, and the
 * notes say why; with --source cgroup it is, and the notes warn.
 * Returns 1 (use it), 0 (do not), -1 (a bad status).
 */
static int cgroup_agrees(const struct np_roots *roots, pid_t pid, const char *name,
			 const char *cgroup_path, const char *status,
			 const struct np_node_memory *memory, bool fall_back,
			 struct np_strbuf *notes, struct np_error *err)
{
	uint64_t anon = 0, file = 0, shmem = 0;
	struct np_kv_field fields[] = {{"RssAnon", &anon, false, false},
				       {"RssFile", &file, false, false},
				       {"RssShmem", &shmem, false, false}};
	char path[PATH_MAX], relative[32];
	snprintf(relative, sizeof(relative), "%d/status", (int)pid);
	if (np_root_path(path, sizeof(path), roots->proc, relative, err) < 0 ||
	    np_kv_parse(path, status, NP_KV_COLON, fields, 3, err) < 0)
		return -1;
	if (!fields[0].found) /* a kernel before 4.5: nothing to check against */
		return 1;
	uint64_t resident = anon + file + shmem, anonymous = anon + shmem;
	uint64_t charged = 0;
	for (int node = 0; node <= memory->max_node; node++)
		charged += memory->bytes[node][NP_MEM_ANON] + memory->bytes[node][NP_MEM_FILE];
	uint64_t tolerance = resident / 20 > (4u << 20) ? resident / 20 : (4u << 20);
	bool short_of = charged + tolerance < anonymous;
	bool over = charged > resident + tolerance;
	if (!short_of && !over)
		return 1;
	np_sb_printf(notes,
		     "pid %d (%s): its memory cgroup (%s) holds %.1f MiB, its resident memory is "
		     "%.1f MiB (%.1f MiB anonymous): %s; %s\n",
		     (int)pid, name, cgroup_path, (double)charged / (1 << 20),
		     (double)resident / (1 << 20), (double)anonymous / (1 << 20),
		     short_of ? "its charges stayed in another group when it moved there"
			      : "charges of an earlier process, or page cache it does not map",
		     fall_back
			 ? "memory from numa_maps instead"
			 : "reported as --source cgroup asked (--source maps reads numa_maps)");
	return fall_back ? 0 : 1;
}

/* Memory per node: from the cgroup when asked (or, with auto, when the
 * process has a memory cgroup to itself), else from numa_maps. Hugetlb
 * pages are not charged to memory cgroups, so they always come from
 * numa_maps, which a guest on huge pages walks quickly. Returns
 * NP_VIEW_READ (also when numa_maps is denied: view->denied says so),
 * NP_VIEW_GONE, NP_VIEW_MALFORMED with the reason in err, or -1 when out
 * of memory. */
static int read_memory(const struct np_roots *roots, enum np_mem_source source, pid_t pid,
		       const char *name, struct np_guest_view *view, struct np_strbuf *text,
		       struct np_strbuf *notes, struct np_error *err)
{
	view->memory = malloc(sizeof(*view->memory));
	if (!view->memory)
		return np_fail(err, "out of memory");
	np_node_memory_clear(view->memory);
	char cgroup_path[PATH_MAX];
	bool exclusive = false;
	struct np_error cgroup_err;
	bool use_cgroup = false;
	bool gone = false;
	if (source != NP_SOURCE_MAPS) {
		int found = np_cgroup_numa_stat_path(roots, pid, cgroup_path, sizeof(cgroup_path),
						     &exclusive, &cgroup_err);
		use_cgroup = found == 0 && (exclusive || source == NP_SOURCE_CGROUP);
		if (source == NP_SOURCE_CGROUP && found < 0)
			np_sb_printf(notes, "pid %d: --source cgroup: %s; read numa_maps instead\n",
				     (int)pid, cgroup_err.message);
		else if (source == NP_SOURCE_CGROUP && !exclusive)
			np_sb_printf(notes,
				     "pid %d: its memory cgroup holds other processes too; their "
				     "memory is counted\n",
				     (int)pid);
	}
	if (use_cgroup) {
		if (np_read_file(cgroup_path, text, NULL, err) < 0 ||
		    np_cgroup_numa_stat_parse(cgroup_path, np_sb_str(text), base_page_kb() * 1024,
					      view->memory, err) < 0)
			return NP_VIEW_MALFORMED;
		view->source = "cgroup";
		if (np_proc_read(roots, pid, "status", text, &gone, NULL, err) < 0)
			return gone ? NP_VIEW_GONE : NP_VIEW_MALFORMED;
		int agree = cgroup_agrees(roots, pid, name, cgroup_path, np_sb_str(text),
					  view->memory, source == NP_SOURCE_AUTO, notes, err);
		if (agree < 0)
			return NP_VIEW_MALFORMED;
		if (!agree) { /* numa_maps for all of it */
			np_node_memory_clear(view->memory);
			use_cgroup = false;
			view->source = "numa_maps";
		} else {
			/* Only hugetlb memory is missing; numa_maps is needed
			 * only when the process has some. */
			char huge[64];
			if (np_kv_find_string(np_sb_str(text), "HugetlbPages", huge,
					      sizeof(huge)) != 0 ||
			    strncmp(huge, "0 kB", 4) == 0)
				return NP_VIEW_READ;
		}
	} else {
		view->source = "numa_maps";
	}
	int saved = 0;
	if (np_proc_read(roots, pid, "numa_maps", text, &gone, &saved, err) < 0) {
		if (gone)
			return NP_VIEW_GONE;
		if (saved == EACCES || saved == EPERM) {
			view->denied = true;
			np_sb_printf(notes,
				     "pid %d (%s): numa_maps: permission denied; run as root to "
				     "read other users' processes\n",
				     (int)pid, name);
			return NP_VIEW_READ;
		}
		return NP_VIEW_MALFORMED;
	}
	struct np_node_memory *maps = view->memory;
	struct np_node_memory *from_maps = NULL;
	if (use_cgroup) { /* keep the cgroup's anon/file, take hugetlb from numa_maps */
		maps = from_maps = malloc(sizeof(*from_maps));
		if (!from_maps)
			return np_fail(err, "out of memory");
		np_node_memory_clear(from_maps);
	}
	char relative[32], path[PATH_MAX];
	snprintf(relative, sizeof(relative), "%d/numa_maps", (int)pid);
	int rc = NP_VIEW_READ;
	if (np_numamaps_parse(np_sb_str(text), base_page_kb(), maps, err) < 0) {
		if (np_root_path(path, sizeof(path), roots->proc, relative, NULL) == 0)
			np_fail_prefix(err, "%s", path);
		rc = NP_VIEW_MALFORMED;
	} else if (use_cgroup) {
		for (int node = 0; rc == NP_VIEW_READ && node <= from_maps->max_node; node++) {
			if (np_node_memory_add(view->memory, node, NP_MEM_HUGE,
					       from_maps->bytes[node][NP_MEM_HUGE]))
				continue;
			np_fail(err, "%s and numa_maps: the memory overflows 64 bits of bytes",
				cgroup_path);
			rc = NP_VIEW_MALFORMED;
		}
	}
	free(from_maps);
	return rc;
}

int np_guest_view_read(const struct np_roots *roots, const struct np_topology *topo, pid_t pid,
		       const char *name, bool guest, const pid_t *vcpu_tids, int vcpu_count,
		       enum np_mem_source source, struct np_guest_view *view,
		       struct np_strbuf *notes, struct np_error *err)
{
	memset(view, 0, sizeof(*view));
	view->local_fraction = NAN;
	struct np_strbuf text;
	np_sb_init(&text);
	char pid_text[16];
	snprintf(pid_text, sizeof(pid_text), "%d", (int)pid);
	int saved = 0;
	int rc = NP_VIEW_READ;
	if (np_proc_read_allowed(roots, pid_text, &view->allowed_cpus, &view->allowed_nodes, &saved,
				 err) < 0)
		rc = saved == ENOENT || saved == ESRCH ? NP_VIEW_GONE : NP_VIEW_MALFORMED;
	if (rc == NP_VIEW_READ)
		rc = read_memory(roots, source, pid, name, view, &text, notes, err);
	if (rc == NP_VIEW_READ && vcpu_tids) {
		view->vcpu_source = "libvirt";
		view->vcpu_count = vcpu_count;
		view->vcpu_nodes = calloc((size_t)(vcpu_count ? vcpu_count : 1), sizeof(int));
		view->vcpu_tids = calloc((size_t)(vcpu_count ? vcpu_count : 1), sizeof(pid_t));
		if (!view->vcpu_nodes || !view->vcpu_tids)
			rc = np_fail(err, "out of memory");
		else
			memcpy(view->vcpu_tids, vcpu_tids, (size_t)vcpu_count * sizeof(pid_t));
		for (int v = 0; rc == NP_VIEW_READ && v < vcpu_count; v++)
			view->vcpu_nodes[v] =
			    vcpu_tids[v] ? thread_node(roots, topo, pid, vcpu_tids[v], &text) : -1;
	} else if (rc == NP_VIEW_READ &&
		   find_vcpus(roots, topo, pid, name, guest, view, &text, notes) < 0) {
		rc = NP_VIEW_GONE;
	}
	np_sb_free(&text);
	if (rc != NP_VIEW_READ) {
		np_guest_view_free(view);
		return rc;
	}
	view->local_fraction =
	    view->denied ? NAN
			 : np_local_fraction(view->memory, view->vcpu_nodes, view->vcpu_count);
	return NP_VIEW_READ;
}

void np_guest_view_free(struct np_guest_view *view)
{
	free(view->memory);
	free(view->vcpu_nodes);
	free(view->vcpu_tids);
	view->memory = NULL;
	view->vcpu_nodes = NULL;
	view->vcpu_tids = NULL;
}

int np_vcpu_pinned_node(const struct np_roots *roots, const struct np_topology *topo, pid_t pid,
			pid_t tid)
{
	char task[48];
	snprintf(task, sizeof(task), "%d/task/%d", (int)pid, (int)tid);
	struct np_idset cpus, nodes;
	if (tid <= 0 || np_proc_read_allowed(roots, task, &cpus, &nodes, NULL, NULL) < 0 ||
	    np_idset_empty(&cpus))
		return -1;
	int first = np_idset_next(&cpus, 0);
	int node = cpu_node(topo, first);
	for (int c = first; node >= 0 && c >= 0; c = np_idset_next(&cpus, c + 1))
		if (cpu_node(topo, c) != node)
			return -1;
	return node;
}
