/*
 * domain.h: the NUMA-relevant parts of a libvirt domain XML.
 *
 * Parsed with lib/xml.h (no network, no DTD, no entities, DOCTYPE
 * refused). np_domain_parse refuses what libvirt refuses at define time,
 * with a message naming the element, the value and the rule, and records
 * as warnings what libvirt accepts silently but hurts users (see
 * np_domain_warnings).
 */
#ifndef NUMAPROBE_DOMAIN_H
#define NUMAPROBE_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/error.h"
#include "../lib/idset.h"
#include "../lib/strbuf.h"
#include "../lib/topology.h"

#define NP_DOMAIN_MAX_CELLS 64
#define NP_DOMAIN_MAX_PINS  256
#define NP_DOMAIN_MAX_LINKS 256
#define NP_DOMAIN_MAX_MEMDEVS 256
#define NP_DOMAIN_MAX_SCHEDS 256

enum np_mem_mode {
	NP_MODE_NONE,
	NP_MODE_STRICT,
	NP_MODE_PREFERRED,
	NP_MODE_INTERLEAVE,
	NP_MODE_RESTRICTIVE
};

struct np_domain_cell {
	int id;
	bool has_cpus;	      /* a cell without cpus is CPU-less (libvirt 6.6+) */
	struct np_idset cpus; /* guest vCPU ids */
	uint64_t memory_bytes;
	char mem_access[16]; /* shared, private, or "" */
	char discard[8];
	int distance_count;
	int distance_to[NP_DOMAIN_MAX_CELLS];
	int distance_value[NP_DOMAIN_MAX_CELLS];
	unsigned cache_levels; /* bit N: a <cache level='N'> (HMAT memory side cache) */
	int line;	       /* for messages */
};

struct np_domain_pin {
	int id;			/* vCPU or iothread id */
	struct np_idset cpuset; /* host CPUs */
	int line;
};

struct np_domain_memnode {
	int cellid;
	enum np_mem_mode mode;
	struct np_idset nodeset;
	int line;
};

struct np_domain_interconnect {
	bool bandwidth; /* else latency */
	int initiator, target;
	char type[16];	/* access, read, write */
	int cache;	/* a memory side cache level of the target; 0: none */
	uint64_t value; /* latency ns; bandwidth bytes per second */
};

/* <devices><memory model='dimm|nvdimm|virtio-mem|virtio-pmem|...'>: a
 * memory device, counted on its guest node in the placement. */
struct np_domain_memdev {
	char model[16];
	uint64_t size_bytes; /* <target><size> */
	int node;	     /* <target><node>; -1 when absent */
	uint64_t base;	     /* virtio-mem/virtio-pmem <target><address base>; 0 none */
	int line;
};

/* <cputune><vcpusched vcpus> or <iothreadsched iothreads>. */
struct np_domain_sched {
	bool iothreads;
	struct np_idset ids;
	int line;
};

struct np_domain_hugepage {
	uint64_t size_bytes;
	bool has_nodeset;
	struct np_idset nodeset; /* guest cell ids */
};

struct np_domain {
	char name[256];
	uint64_t memory_bytes;	       /* <memory> */
	uint64_t current_memory_bytes; /* <currentMemory>, else <memory> */
	int vcpus;		       /* <vcpu> maximum */
	int vcpus_current;
	bool vcpu_auto; /* placement='auto' */
	bool has_vcpu_cpuset;
	struct np_idset vcpu_cpuset;
	struct np_domain_pin vcpupins[NP_DOMAIN_MAX_PINS];
	int vcpupin_count;
	bool has_emulatorpin;
	struct np_idset emulatorpin;
	struct np_domain_pin iothreadpins[NP_DOMAIN_MAX_PINS];
	int iothreadpin_count;
	enum np_mem_mode memory_mode; /* <numatune><memory mode> (strict if absent) */
	bool has_numatune_memory;
	bool memory_auto; /* placement='auto' */
	bool has_memory_nodeset;
	struct np_idset memory_nodeset;
	struct np_domain_memnode memnodes[NP_DOMAIN_MAX_CELLS];
	int memnode_count;
	int sockets, dies, clusters, cores, threads; /* 0 when not given */
	struct np_domain_cell cells[NP_DOMAIN_MAX_CELLS];
	int cell_count;
	struct np_domain_interconnect links[NP_DOMAIN_MAX_LINKS];
	int link_count;
	struct np_domain_hugepage hugepages[8];
	int hugepage_count;
	char arch[32]; /* <os><type arch>, "" when absent */
	bool has_max_memory;
	struct np_domain_memdev memdevs[NP_DOMAIN_MAX_MEMDEVS];
	int memdev_count;
	struct np_domain_sched scheds[NP_DOMAIN_MAX_SCHEDS];
	int sched_count;
};

/* The bytes of memory devices on guest cell `cell` (dimm, nvdimm and
 * virtio-mem; virtio-pmem is storage, not memory), or on any cell with -1. */
uint64_t np_domain_device_memory(const struct np_domain *domain, int cell);

/* Parses and validates `text` (read from `path`). Errors name the file,
 * the line, the element and the rule. */
int np_domain_parse(const char *path, const char *text, size_t len, struct np_domain *out,
		    struct np_error *err);

/* What libvirt accepts silently but hurts users, one line each (appended
 * to warnings): uncovered vCPUs, cell memory that does not add up, pins of
 * missing vCPUs, cells without memnode, nodesets naming absent or
 * memoryless host nodes, pins naming absent host CPUs, a multi-node
 * preferred mode, placement='auto'. `host` may be NULL (no host checks). */
void np_domain_warnings(const struct np_domain *domain, const struct np_topology *host,
			struct np_strbuf *warnings);

const char *np_mem_mode_name(enum np_mem_mode mode);

#endif
