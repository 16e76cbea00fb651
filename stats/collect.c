/* collect.c: taking one statistics sample; see collect.h. */
#include "collect.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../lib/fileio.h"
#include "../lib/guestlist.h"
#include "../lib/guestview.h"
#include "../lib/kvfile.h"
#include "../lib/libvirt_status.h"
#include "../lib/proc.h"
#include "../lib/proctask.h"

const char *const np_node_counter_names[NP_NODE_COUNTERS] = {
    "numa_hit", "numa_miss", "numa_foreign", "interleave_hit", "local_node", "other_node"};
const char *const np_system_counter_names[NP_SYSTEM_COUNTERS] = {
    "numa_hint_faults",	     "numa_hint_faults_local", "numa_pages_migrated", "numa_pte_updates",
    "numa_huge_pte_updates", "pgmigrate_success",      "pgmigrate_fail"};
const char *const np_node_mem_names[NP_NODE_MEMS] = {"mem_total_bytes", "mem_free_bytes",
						     "mem_used_bytes",	"mem_file_bytes",
						     "mem_anon_bytes",	"mem_shmem_bytes"};

/* Reads <root>/<relative> and fills the named fields (see kvfile.h). */
static int read_fields(const char *root, const char *relative, enum np_kv_shape shape,
		       const char *const *names, uint64_t *values, bool required,
		       struct np_kv_field *fields, int count, struct np_strbuf *text,
		       struct np_error *err)
{
	char path[PATH_MAX];
	if (np_root_path(path, sizeof(path), root, relative, err) < 0 ||
	    np_read_file(path, text, NULL, err) < 0)
		return -1;
	for (int i = 0; i < count; i++)
		fields[i] = (struct np_kv_field){names[i], &values[i], required, false};
	return np_kv_parse(path, np_sb_str(text), shape, fields, count, err);
}

/* nodeN/vmstat's event counters; a kernel without the file has none. */
static int read_node_events(const struct np_roots *roots, struct np_stats_node *node,
			    struct np_strbuf *text, struct np_error *err)
{
	char relative[96], path[PATH_MAX];
	snprintf(relative, sizeof(relative), "devices/system/node/node%d/vmstat", node->id);
	int saved = 0;
	if (np_root_path(path, sizeof(path), roots->sysfs, relative, err) < 0)
		return -1;
	if (np_read_file(path, text, &saved, err) < 0)
		return saved == ENOENT ? 0 : -1;
	struct np_kv_entry *all;
	size_t count;
	if (np_kv_parse_all(path, np_sb_str(text), NP_KV_SPACE, NP_NODE_KEYS_MAX, &all, &count,
			    err) < 0)
		return -1;
	/* keep the events: nr_* and workingset_nodes are gauges, and numa_*
	 * repeat nodeN/numastat's counters under other names */
	size_t kept = 0;
	for (size_t i = 0; i < count; i++)
		if (strncmp(all[i].key, "nr_", 3) != 0 && strncmp(all[i].key, "numa_", 5) != 0 &&
		    strcmp(all[i].key, "workingset_nodes") != 0)
			all[kept++] = all[i];
	if (kept == 0) {
		free(all);
		all = NULL;
	}
	node->events = all;
	node->event_count = kept;
	return 0;
}

static int read_node_files(const struct np_roots *roots, struct np_stats_node *node,
			   struct np_strbuf *text, struct np_error *err)
{
	static const char *const meminfo_names[NP_NODE_MEMS] = {"MemTotal",  "MemFree",	  "MemUsed",
								"FilePages", "AnonPages", "Shmem"};
	struct np_kv_field counters[NP_NODE_COUNTERS], mem[NP_NODE_MEMS];
	char relative[96];
	snprintf(relative, sizeof(relative), "devices/system/node/node%d/numastat", node->id);
	if (read_fields(roots->sysfs, relative, NP_KV_SPACE, np_node_counter_names, node->counters,
			true, counters, NP_NODE_COUNTERS, text, err) < 0)
		return -1;
	snprintf(relative, sizeof(relative), "devices/system/node/node%d/meminfo", node->id);
	if (read_fields(roots->sysfs, relative, NP_KV_COLON, meminfo_names, node->mem, true, mem,
			NP_NODE_MEMS, text, err) < 0)
		return -1;
	char path[PATH_MAX];
	/* the same text again, every field (read_fields left it in text) */
	if (np_root_path(path, sizeof(path), roots->sysfs, relative, err) < 0 ||
	    np_kv_parse_all(path, np_sb_str(text), NP_KV_COLON, NP_NODE_KEYS_MAX, &node->meminfo,
			    &node->meminfo_count, err) < 0)
		return -1;
	return read_node_events(roots, node, text, err);
}

static int read_system(const struct np_roots *roots, struct np_stats_sample *sample,
		       struct np_strbuf *text, struct np_error *err)
{
	char path[PATH_MAX];
	struct np_kv_field fields[NP_SYSTEM_COUNTERS];
	if (read_fields(roots->proc, "vmstat", NP_KV_SPACE, np_system_counter_names, sample->system,
			false, fields, NP_SYSTEM_COUNTERS, text, err) < 0 ||
	    np_root_path(path, sizeof(path), roots->proc, "vmstat", err) < 0)
		return -1;
	/* a kernel without NUMA balancing or migration lacks some: what it
	 * has is recorded, nothing is reported as 0 */
	for (int i = 0; i < NP_SYSTEM_COUNTERS; i++)
		sample->system_found[i] = fields[i].found;
	/* the size nodeN/meminfo's HugePages_* lines count in */
	struct np_kv_field huge = {"Hugepagesize", &sample->default_huge_page_bytes, false, false};
	int saved = 0;
	if (np_root_path(path, sizeof(path), roots->proc, "meminfo", err) < 0)
		return -1;
	if (np_read_file(path, text, &saved, err) == 0) {
		if (np_kv_parse(path, np_sb_str(text), NP_KV_COLON, &huge, 1, err) < 0)
			return -1;
	} else if (saved != ENOENT) {
		return -1;
	}
	if (np_root_path(path, sizeof(path), roots->proc, "sys/kernel/random/boot_id", err) < 0)
		return -1;
	if (np_read_line_file(path, text, NULL, NULL) == 0)
		snprintf(sample->boot_id, sizeof(sample->boot_id), "%s", np_sb_str(text));
	else
		snprintf(sample->boot_id, sizeof(sample->boot_id), "unknown");
	return 0;
}

/* Fills an entity for pid; returns an np_view_result, or -1. */
static int fill_entity(const struct np_roots *roots, const struct np_topology *topo,
		       const struct np_stats_request *request, struct np_stats_sample *sample,
		       struct np_stats_entity *entity, const struct np_libvirt_guest *libvirt,
		       struct np_error *err)
{
	struct np_guest_view view;
	int rc = np_guest_view_read(roots, topo, entity->pid, entity->name, entity->guest,
				    libvirt ? libvirt->vcpu_tids : NULL,
				    libvirt ? libvirt->vcpu_count : 0, request->source, &view,
				    &sample->notes, err);
	if (rc != NP_VIEW_READ)
		return rc;
	entity->denied = view.denied;
	entity->source = view.source;
	entity->memory = view.memory;
	entity->vcpu_count = view.vcpu_count;
	entity->vcpu_nodes = view.vcpu_nodes;
	entity->vcpu_source = view.vcpu_source;
	free(view.vcpu_tids); /* a sample keeps where vCPUs ran, not their threads */
	entity->allowed_cpus = view.allowed_cpus;
	entity->allowed_nodes = view.allowed_nodes;
	entity->local_fraction = view.local_fraction;
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

/* Adds the guest or process `pid` to the sample: kept when read; dropped
 * and counted when it exited while being read, or when its files held bad
 * values (then named in the notes, so one hostile process cannot spoil
 * the sample). */
static int sample_entity(const struct np_roots *roots, const struct np_topology *topo,
			 const struct np_stats_request *request, struct np_stats_sample *sample,
			 size_t *cap, bool guest, pid_t pid, const char *name,
			 const struct np_libvirt_guest *libvirt, struct np_error *err)
{
	struct np_stats_entity *entity = add_entity(sample, cap, err);
	if (!entity)
		return -1;
	entity->guest = guest;
	entity->pid = pid;
	snprintf(entity->name, sizeof(entity->name), "%s", name);
	struct np_error why;
	int rc = fill_entity(roots, topo, request, sample, entity, libvirt, &why);
	if (rc == NP_VIEW_READ) {
		sample->entity_count++;
		return 0;
	}
	if (rc == NP_VIEW_GONE) {
		sample->gone++;
	} else if (rc == NP_VIEW_MALFORMED) {
		sample->skipped++;
		np_sb_printf(&sample->notes, "%s %s (pid %d) skipped: %s\n",
			     guest ? "guest" : "process", name, (int)pid, why.message);
	} else {
		return np_fail(err, "%s", why.message);
	}
	return 0;
}

static int collect_guests(const struct np_roots *roots, const struct np_topology *topo,
			  const struct np_stats_request *request, struct np_stats_sample *sample,
			  const pid_t *pids, size_t pid_count, size_t *cap, struct np_error *err)
{
	struct np_running_guest *guests = NULL;
	size_t guest_count = 0;
	if (np_guest_list(roots, pids, pid_count, &guests, &guest_count, &sample->notes, err) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < guest_count && rc == 0; i++) {
		const struct np_running_guest *g = &guests[i];
		if (guest_wanted(request, g->guest.name))
			rc = sample_entity(roots, topo, request, sample, cap, true, g->guest.pid,
					   g->guest.name, g->libvirt ? &g->guest : NULL, err);
	}
	free(guests);
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
			     const pid_t *pids, size_t pid_count, size_t *cap,
			     struct np_strbuf *text, struct np_error *err)
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
		/* Without --match only the --pid processes need reading. */
		bool asked = false;
		for (size_t r = 0; r < request->pid_count; r++)
			asked |= request->pids[r] == pids[i];
		if (!request->match && !asked)
			continue;
		if (np_proc_read(roots, pids[i], "comm", text, &gone, NULL, NULL) < 0)
			continue;
		snprintf(comm, sizeof(comm), "%.*s", (int)strcspn(np_sb_str(text), "\n"),
			 np_sb_str(text));
		if (np_proc_read_cmdline(roots, pids[i], text, &gone, NULL) < 0)
			continue;
		for (size_t b = 0; text->len && b + 1 < text->len; b++)
			if (text->data[b] == '\0')
				text->data[b] = ' '; /* the full command line, space-joined */
		if (!process_wanted(request, pids[i], comm, np_sb_str(text)))
			continue;
		if (sample_entity(roots, topo, request, sample, cap, false, pids[i], comm, NULL,
				  err) < 0)
			return -1;
	}
	return 0;
}

int np_stats_collect(const struct np_roots *roots, const struct np_stats_request *request,
		     struct np_stats_sample *sample, struct np_error *err)
{
	memset(sample, 0, sizeof(*sample));
	np_sb_init(&sample->notes);
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
		/* The sample owns the pools (a node without hugepages/ has none). */
		node->pools = topo.nodes[i].pools;
		node->pool_count = topo.nodes[i].pool_count;
		topo.nodes[i].pools = NULL;
		topo.nodes[i].pool_count = 0;
		sample->node_count++;
	}
	if (rc == 0)
		rc = read_system(roots, sample, &text, err);
	if (rc == 0)
		rc = np_tiering_read(roots, &sample->tiering, err);
	if (rc == 0 && !request->system_only) {
		pid_t *pids = NULL;
		size_t pid_count = 0, cap = 0;
		rc = np_proc_list(roots, NULL, &pids, &pid_count, err);
		/* Guests are looked for unless only processes were asked for. */
		bool guests = request->guest_count || (!request->pid_count && !request->match);
		if (rc == 0 && guests)
			rc = collect_guests(roots, &topo, request, sample, pids, pid_count, &cap,
					    err);
		for (size_t g = 0; rc == 0 && g < request->guest_count; g++) {
			bool found = false;
			for (size_t e = 0; e < sample->entity_count; e++)
				found |=
				    strcmp(sample->entities[e].name, request->guest_names[g]) == 0;
			if (!found)
				rc = np_fail(err, "--guest %s: no running guest has that name",
					     request->guest_names[g]);
		}
		if (rc == 0 && (request->pid_count || request->match))
			rc = collect_processes(roots, &topo, request, sample, pids, pid_count, &cap,
					       &text, err);
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
	for (size_t i = 0; sample->nodes && i < sample->node_count; i++) {
		free(sample->nodes[i].pools);
		free(sample->nodes[i].meminfo);
		free(sample->nodes[i].events);
	}
	free(sample->nodes);
	np_sb_free(&sample->notes);
	sample->entities = NULL;
	sample->nodes = NULL;
	sample->entity_count = sample->node_count = 0;
}
