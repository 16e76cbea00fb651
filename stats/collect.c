/* collect.c: taking one statistics sample; see collect.h. */
#include "collect.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../lib/cgroup.h"
#include "../lib/fileio.h"
#include "../lib/kvfile.h"
#include "../lib/libvirt_status.h"
#include "../lib/proc.h"
#include "../lib/proctask.h"

const char *const np_node_counter_names[NP_NODE_COUNTERS] = {
	"numa_hit", "numa_miss", "numa_foreign", "interleave_hit", "local_node", "other_node"};
const char *const np_system_counter_names[NP_SYSTEM_COUNTERS] = {
	"numa_hint_faults", "numa_hint_faults_local", "numa_pages_migrated", "numa_pte_updates"};
const char *const np_node_mem_names[NP_NODE_MEMS] = {
	"mem_total_bytes", "mem_free_bytes", "mem_used_bytes",
	"mem_file_bytes",  "mem_anon_bytes", "mem_shmem_bytes"};

__attribute__((format(printf, 2, 3))) static void note(struct np_stats_sample *sample,
						       const char *fmt, ...)
{
	size_t used = strlen(sample->notes);
	if (used + 1 >= sizeof(sample->notes))
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sample->notes + used, sizeof(sample->notes) - used, fmt, ap);
	va_end(ap);
}

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

static int read_node_files(const struct np_roots *roots, struct np_stats_node *node,
			   struct np_strbuf *text, struct np_error *err)
{
	char relative[96], path[PATH_MAX];
	snprintf(relative, sizeof(relative), "devices/system/node/node%d/numastat", node->id);
	if (np_root_path(path, sizeof(path), roots->sysfs, relative, err) < 0 ||
	    np_read_file(path, text, NULL, err) < 0)
		return -1;
	struct np_kv_field counters[NP_NODE_COUNTERS];
	for (int i = 0; i < NP_NODE_COUNTERS; i++)
		counters[i] = (struct np_kv_field){np_node_counter_names[i], &node->counters[i], true, false};
	if (np_kv_parse(path, np_sb_str(text), NP_KV_SPACE, counters, NP_NODE_COUNTERS, err) < 0)
		return -1;
	snprintf(relative, sizeof(relative), "devices/system/node/node%d/meminfo", node->id);
	if (np_root_path(path, sizeof(path), roots->sysfs, relative, err) < 0 ||
	    np_read_file(path, text, NULL, err) < 0)
		return -1;
	static const char *const meminfo_names[NP_NODE_MEMS] = {"MemTotal",  "MemFree",   "MemUsed",
								"FilePages", "AnonPages", "Shmem"};
	struct np_kv_field mem[NP_NODE_MEMS];
	for (int i = 0; i < NP_NODE_MEMS; i++)
		mem[i] = (struct np_kv_field){meminfo_names[i], &node->mem[i], true, false};
	return np_kv_parse(path, np_sb_str(text), NP_KV_COLON, mem, NP_NODE_MEMS, err);
}

static int read_system(const struct np_roots *roots, struct np_stats_sample *sample,
		       struct np_strbuf *text, struct np_error *err)
{
	char path[PATH_MAX];
	if (np_root_path(path, sizeof(path), roots->proc, "vmstat", err) < 0 ||
	    np_read_file(path, text, NULL, err) < 0)
		return -1;
	struct np_kv_field fields[NP_SYSTEM_COUNTERS];
	for (int i = 0; i < NP_SYSTEM_COUNTERS; i++)
		fields[i] = (struct np_kv_field){np_system_counter_names[i], &sample->system[i], false, false};
	if (np_kv_parse(path, np_sb_str(text), NP_KV_SPACE, fields, NP_SYSTEM_COUNTERS, err) < 0)
		return -1;
	for (int i = 0; i < NP_SYSTEM_COUNTERS; i++)
		if (!fields[i].found)
			note(sample, "%s has no %s (a kernel without NUMA balancing): reported as 0\n", path,
			     np_system_counter_names[i]);
	if (np_root_path(path, sizeof(path), roots->proc, "sys/kernel/random/boot_id", err) < 0)
		return -1;
	if (np_read_line_file(path, text, NULL, NULL) == 0)
		snprintf(sample->boot_id, sizeof(sample->boot_id), "%s", np_sb_str(text));
	else
		snprintf(sample->boot_id, sizeof(sample->boot_id), "unknown");
	return 0;
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

/* vCPU threads by their comm, "CPU n/KVM" or "CPU n/TCG". */
static int find_vcpus(const struct np_roots *roots, const struct np_topology *topo,
		      struct np_stats_entity *entity, struct np_strbuf *text)
{
	char pid_text[16];
	snprintf(pid_text, sizeof(pid_text), "%d", (int)entity->pid);
	pid_t *tids;
	size_t count;
	if (np_proc_list(roots, pid_text, &tids, &count, NULL) < 0)
		return -1;
	int max_index = -1;
	int *nodes = calloc(NP_MAX_VCPUS, sizeof(*nodes));
	if (!nodes) {
		free(tids);
		return -1;
	}
	for (size_t i = 0; i < count; i++) {
		char file[64];
		bool gone;
		int index;
		snprintf(file, sizeof(file), "task/%d/comm", (int)tids[i]);
		if (np_proc_read(roots, entity->pid, file, text, &gone, NULL, NULL) < 0)
			continue;
		char comm[NP_COMM_MAX];
		snprintf(comm, sizeof(comm), "%.*s", (int)strcspn(np_sb_str(text), "\n"), np_sb_str(text));
		if (!np_is_vcpu_comm(comm, &index) || index >= NP_MAX_VCPUS)
			continue;
		nodes[index] = thread_node(roots, topo, entity->pid, tids[i], text) + 1; /* 0: none */
		if (index > max_index)
			max_index = index;
	}
	free(tids);
	entity->vcpu_count = max_index + 1;
	entity->vcpu_nodes = nodes;
	for (int v = 0; v < entity->vcpu_count; v++)
		nodes[v] -= 1;
	return 0;
}

static uint64_t base_page_kb(void)
{
	long page = sysconf(_SC_PAGESIZE);
	return page > 0 ? (uint64_t)page / 1024 : 4;
}

/* Memory per node: from the cgroup when asked (or, with auto, when the
 * process has a memory cgroup to itself), else from numa_maps. Hugetlb
 * pages are not charged to memory cgroups, so they always come from
 * numa_maps, which a guest on huge pages walks quickly. */
static int read_memory(const struct np_roots *roots, const struct np_stats_request *request,
		       struct np_stats_sample *sample, struct np_stats_entity *entity,
		       struct np_strbuf *text, bool *gone, struct np_error *err)
{
	entity->memory = malloc(sizeof(*entity->memory));
	if (!entity->memory)
		return np_fail(err, "out of memory");
	np_node_memory_clear(entity->memory);
	char cgroup_path[PATH_MAX];
	bool exclusive = false;
	struct np_error cgroup_err;
	bool use_cgroup = false;
	if (request->source != NP_SOURCE_MAPS) {
		int found = np_cgroup_numa_stat_path(roots, entity->pid, cgroup_path, sizeof(cgroup_path),
						     &exclusive, &cgroup_err);
		use_cgroup = found == 0 && (exclusive || request->source == NP_SOURCE_CGROUP);
		if (request->source == NP_SOURCE_CGROUP && found < 0)
			note(sample, "pid %d: --source cgroup: %s; read numa_maps instead\n", (int)entity->pid,
			     cgroup_err.message);
		else if (request->source == NP_SOURCE_CGROUP && !exclusive)
			note(sample, "pid %d: its memory cgroup holds other processes too; their memory is counted\n",
			     (int)entity->pid);
	}
	if (use_cgroup) {
		if (np_read_file(cgroup_path, text, NULL, err) < 0 ||
		    np_cgroup_numa_stat_parse(cgroup_path, np_sb_str(text), base_page_kb() * 1024,
					      entity->memory, err) < 0)
			return -1;
		entity->source = "cgroup";
		/* Only hugetlb memory is missing; numa_maps is needed only when
		 * the process has some. */
		if (np_proc_read(roots, entity->pid, "status", text, gone, NULL, NULL) < 0)
			return *gone ? 0 : -1;
		char huge[64];
		if (np_kv_find_string(np_sb_str(text), "HugetlbPages", huge, sizeof(huge)) != 0 ||
		    strncmp(huge, "0 kB", 4) == 0)
			return 0;
	} else {
		entity->source = "numa_maps";
	}
	int saved = 0;
	if (np_proc_read(roots, entity->pid, "numa_maps", text, gone, &saved, err) < 0) {
		if (*gone)
			return 0;
		if (saved == EACCES || saved == EPERM) {
			entity->denied = true;
			note(sample, "pid %d (%s): numa_maps: permission denied; run as root to read other users' processes\n",
			     (int)entity->pid, entity->name);
			return 0;
		}
		return -1;
	}
	struct np_node_memory *maps = entity->memory;
	struct np_node_memory from_maps;
	if (use_cgroup) { /* keep the cgroup's anon/file, take hugetlb from numa_maps */
		maps = &from_maps;
		np_node_memory_clear(maps);
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/numa_maps", (int)entity->pid);
	if (np_numamaps_parse(np_sb_str(text), base_page_kb(), maps, err) < 0)
		return np_fail_prefix(err, "%s", path);
	if (use_cgroup) {
		for (int node = 0; node <= from_maps.max_node; node++)
			entity->memory->bytes[node][NP_MEM_HUGE] = from_maps.bytes[node][NP_MEM_HUGE];
		if (from_maps.max_node > entity->memory->max_node)
			entity->memory->max_node = from_maps.max_node;
	}
	return 0;
}

/* Fills an entity for pid; returns 1 when the process is gone. */
static int fill_entity(const struct np_roots *roots, const struct np_topology *topo,
		       const struct np_stats_request *request, struct np_stats_sample *sample,
		       struct np_stats_entity *entity, const struct np_libvirt_guest *libvirt,
		       struct np_strbuf *text, struct np_error *err)
{
	bool gone = false;
	char pid_text[16];
	snprintf(pid_text, sizeof(pid_text), "%d", (int)entity->pid);
	if (np_proc_read_allowed(roots, pid_text, &entity->allowed_cpus, &entity->allowed_nodes, NULL) < 0)
		return 1;
	if (read_memory(roots, request, sample, entity, text, &gone, err) < 0)
		return -1;
	if (gone)
		return 1;
	if (libvirt) {
		entity->vcpu_count = libvirt->vcpu_count;
		entity->vcpu_nodes = calloc((size_t)(libvirt->vcpu_count ? libvirt->vcpu_count : 1), sizeof(int));
		if (!entity->vcpu_nodes)
			return np_fail(err, "out of memory");
		for (int v = 0; v < libvirt->vcpu_count; v++)
			entity->vcpu_nodes[v] = libvirt->vcpu_tids[v]
							? thread_node(roots, topo, entity->pid, libvirt->vcpu_tids[v], text)
							: -1;
	} else if (find_vcpus(roots, topo, entity, text) < 0) {
		return 1;
	}
	entity->local_fraction = entity->denied ? NAN
						: np_local_fraction(entity->memory, entity->vcpu_nodes,
								    entity->vcpu_count);
	return 0;
}

static struct np_stats_entity *add_entity(struct np_stats_sample *sample, size_t *cap,
					  struct np_error *err)
{
	if (sample->entity_count == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		struct np_stats_entity *grown = realloc(sample->entities, *cap * sizeof(*grown));
		if (!grown) {
			np_fail(err, "out of memory");
			return NULL;
		}
		sample->entities = grown;
	}
	struct np_stats_entity *entity = &sample->entities[sample->entity_count];
	memset(entity, 0, sizeof(*entity));
	entity->local_fraction = NAN;
	return entity;
}

static bool guest_wanted(const struct np_stats_request *request, const char *name)
{
	if (request->guest_count == 0)
		return request->pid_count == 0 && !request->match;
	for (size_t i = 0; i < request->guest_count; i++)
		if (strcmp(request->guest_names[i], name) == 0)
			return true;
	return false;
}

static void free_entity(struct np_stats_entity *entity)
{
	free(entity->memory);
	free(entity->vcpu_nodes);
}

/* Keeps the entity when filled, drops it (counting it) when gone. */
static int keep_entity(const struct np_roots *roots, const struct np_topology *topo,
		       const struct np_stats_request *request, struct np_stats_sample *sample,
		       struct np_stats_entity *entity, const struct np_libvirt_guest *libvirt,
		       struct np_strbuf *text, struct np_error *err)
{
	int rc = fill_entity(roots, topo, request, sample, entity, libvirt, text, err);
	if (rc == 0) {
		sample->entity_count++;
		return 0;
	}
	free_entity(entity);
	if (rc > 0)
		sample->gone++;
	return rc < 0 ? -1 : 0;
}

static int collect_guests(const struct np_roots *roots, const struct np_topology *topo,
			  const struct np_stats_request *request, struct np_stats_sample *sample,
			  const pid_t *pids, size_t pid_count, size_t *cap, struct np_strbuf *text,
			  struct np_error *err)
{
	struct np_libvirt_guest *libvirt = NULL;
	size_t libvirt_count = 0;
	char problems[2048];
	if (np_libvirt_list(roots, &libvirt, &libvirt_count, problems, sizeof(problems), err) < 0)
		return -1;
	if (problems[0])
		note(sample, "%s", problems);
	int rc = 0;
	for (size_t i = 0; i < libvirt_count && rc == 0; i++) {
		if (!guest_wanted(request, libvirt[i].name))
			continue;
		struct np_stats_entity *entity = add_entity(sample, cap, err);
		if (!entity) {
			rc = -1;
			break;
		}
		entity->guest = true;
		entity->pid = libvirt[i].pid;
		snprintf(entity->name, sizeof(entity->name), "%s", libvirt[i].name);
		rc = keep_entity(roots, topo, request, sample, entity, &libvirt[i], text, err);
	}
	/* QEMU processes libvirt does not know about. */
	for (size_t i = 0; i < pid_count && rc == 0; i++) {
		bool known = false;
		for (size_t g = 0; g < libvirt_count; g++)
			known |= libvirt[g].pid == pids[i];
		bool gone;
		if (known || np_proc_read(roots, pids[i], "cmdline", text, &gone, NULL, NULL) < 0 ||
		    !np_is_qemu_cmdline(np_sb_str(text), text->len))
			continue;
		char name[NP_GUEST_NAME_MAX];
		if (!np_qemu_guest_name(np_sb_str(text), text->len, name, sizeof(name)))
			snprintf(name, sizeof(name), "pid-%d", (int)pids[i]);
		if (!guest_wanted(request, name))
			continue;
		struct np_stats_entity *entity = add_entity(sample, cap, err);
		if (!entity) {
			rc = -1;
			break;
		}
		entity->guest = true;
		entity->pid = pids[i];
		snprintf(entity->name, sizeof(entity->name), "%s", name);
		rc = keep_entity(roots, topo, request, sample, entity, NULL, text, err);
	}
	free(libvirt);
	return rc;
}

static bool process_wanted(const struct np_stats_request *request, pid_t pid, const char *comm,
			   const char *cmdline)
{
	for (size_t i = 0; i < request->pid_count; i++)
		if (request->pids[i] == pid)
			return true;
	if (!request->match || pid == request->self)
		return false;
	return regexec(request->match, comm, 0, NULL, 0) == 0 ||
	       regexec(request->match, cmdline, 0, NULL, 0) == 0;
}

static int collect_processes(const struct np_roots *roots, const struct np_topology *topo,
			     const struct np_stats_request *request, struct np_stats_sample *sample,
			     const pid_t *pids, size_t pid_count, size_t *cap, struct np_strbuf *text,
			     struct np_error *err)
{
	for (size_t r = 0; r < request->pid_count; r++) {
		bool listed = false;
		for (size_t i = 0; i < pid_count; i++)
			listed |= pids[i] == request->pids[r];
		if (!listed)
			return np_fail(err, "--pid %d: no such process", (int)request->pids[r]);
	}
	for (size_t i = 0; i < pid_count; i++) {
		bool gone;
		char comm[NP_COMM_MAX];
		if (np_proc_read(roots, pids[i], "comm", text, &gone, NULL, NULL) < 0)
			continue;
		snprintf(comm, sizeof(comm), "%.*s", (int)strcspn(np_sb_str(text), "\n"), np_sb_str(text));
		if (np_proc_read(roots, pids[i], "cmdline", text, &gone, NULL, NULL) < 0)
			continue;
		for (size_t b = 0; text->len && b + 1 < text->len; b++)
			if (text->data[b] == '\0')
				text->data[b] = ' '; /* the full command line, space-joined */
		if (!process_wanted(request, pids[i], comm, np_sb_str(text)))
			continue;
		struct np_stats_entity *entity = add_entity(sample, cap, err);
		if (!entity)
			return -1;
		entity->pid = pids[i];
		snprintf(entity->name, sizeof(entity->name), "%s", comm);
		if (keep_entity(roots, topo, request, sample, entity, NULL, text, err) < 0)
			return -1;
	}
	return 0;
}

int np_stats_collect(const struct np_roots *roots, const struct np_stats_request *request,
		     struct np_stats_sample *sample, struct np_error *err)
{
	memset(sample, 0, sizeof(*sample));
	np_runinfo_init(&sample->run, roots);
	struct timespec now;
	clock_gettime(CLOCK_BOOTTIME, &now);
	sample->boottime_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	struct np_topology topo;
	if (np_topology_read(roots, &topo, err) < 0)
		return -1;
	struct np_strbuf text;
	np_sb_init(&text);
	int rc = 0;
	sample->nodes = calloc(topo.node_count, sizeof(*sample->nodes));
	if (!sample->nodes)
		rc = np_fail(err, "out of memory");
	for (size_t i = 0; rc == 0 && i < topo.node_count; i++) {
		struct np_stats_node *node = &sample->nodes[i];
		node->id = topo.nodes[i].id;
		rc = topo.numa_sysfs ? read_node_files(roots, node, &text, err) : 0;
		node->pool_count = topo.nodes[i].pool_count < NP_STATS_POOLS ? topo.nodes[i].pool_count
										: NP_STATS_POOLS;
		memcpy(node->pools, topo.nodes[i].pools, node->pool_count * sizeof(node->pools[0]));
		sample->node_count++;
	}
	if (rc == 0)
		rc = read_system(roots, sample, &text, err);
	if (rc == 0 && !request->system_only) {
		pid_t *pids = NULL;
		size_t pid_count = 0, cap = 0;
		rc = np_proc_list(roots, NULL, &pids, &pid_count, err);
		if (rc == 0)
			rc = collect_guests(roots, &topo, request, sample, pids, pid_count, &cap, &text, err);
		for (size_t g = 0; rc == 0 && g < request->guest_count; g++) {
			bool found = false;
			for (size_t e = 0; e < sample->entity_count; e++)
				found |= strcmp(sample->entities[e].name, request->guest_names[g]) == 0;
			if (!found)
				rc = np_fail(err, "--guest %s: no running guest has that name", request->guest_names[g]);
		}
		if (rc == 0 && (request->pid_count || request->match))
			rc = collect_processes(roots, &topo, request, sample, pids, pid_count, &cap, &text, err);
		free(pids);
	}
	np_sb_free(&text);
	np_topology_free(&topo);
	if (rc < 0)
		np_stats_sample_free(sample);
	return rc;
}

void np_stats_sample_free(struct np_stats_sample *sample)
{
	for (size_t i = 0; i < sample->entity_count; i++)
		free_entity(&sample->entities[i]);
	free(sample->entities);
	free(sample->nodes);
	sample->entities = NULL;
	sample->nodes = NULL;
	sample->entity_count = sample->node_count = 0;
}
