/* environment.c: facts about the machine a benchmark ran on; see environment.h. */
#include "environment.h"

#include <numaif.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../lib/fileio.h"
#include "../lib/number.h"
#include "../lib/kvfile.h"
#include "../lib/size.h"
#include "kernels.h"

#define POLICY_MASK_BITS 1024

static void cpu_facts(struct np_environment *env)
{
	struct np_strbuf text;
	np_sb_init(&text);
	snprintf(env->cpu_model, sizeof(env->cpu_model), "unknown");
	snprintf(env->virtualised, sizeof(env->virtualised), "no");
	if (np_read_file("/proc/cpuinfo", &text, NULL, NULL) == 0) {
		char value[4096];
		/* cpuinfo pads its keys with a tab before the colon. */
		if (np_kv_find_string(np_sb_str(&text), "model name", value, sizeof(value)) == 0 ||
		    np_kv_find_string(np_sb_str(&text), "model name\t", value, sizeof(value)) == 0)
			snprintf(env->cpu_model, sizeof(env->cpu_model), "%.255s", value);
		/* The CPUID hypervisor bit is set inside any VM. */
		if (strstr(np_sb_str(&text), " hypervisor"))
			snprintf(env->virtualised, sizeof(env->virtualised), "yes");
	}
	const char *sources[] = {"/sys/hypervisor/type", "/sys/class/dmi/id/sys_vendor"};
	for (size_t i = 0; i < 2 && strcmp(env->virtualised, "yes") == 0; i++) {
		if (np_read_line_file(sources[i], &text, NULL, NULL) == 0 && text.len)
			snprintf(env->virtualised, sizeof(env->virtualised), "yes (%.50s)",
				 np_sb_str(&text));
	}
	np_sb_free(&text);
}

static void cache_facts(struct np_environment *env)
{
	env->cache_count = np_caches_read("/sys", 0, env->caches, &env->llc_bytes);
	/* VMs often hide the cache directory; glibc asks CPUID instead. */
	if (env->llc_bytes == 0) {
		long sizes[] = {sysconf(_SC_LEVEL4_CACHE_SIZE), sysconf(_SC_LEVEL3_CACHE_SIZE),
				sysconf(_SC_LEVEL2_CACHE_SIZE)};
		for (size_t i = 0; i < 3 && env->llc_bytes == 0; i++)
			if (sizes[i] > 0)
				env->llc_bytes = (size_t)sizes[i];
	}
}

static void policy_facts(struct np_environment *env)
{
	static const char *const names[] = {
	    "default",	      "preferred",	    "bind", "interleave", "local",
	    "preferred-many", "weighted-interleave"};
	unsigned long mask[POLICY_MASK_BITS / (8 * sizeof(unsigned long))] = {0};
	int mode = 0;
	np_idset_clear(&env->mempolicy_nodes);
	if (get_mempolicy(&mode, mask, POLICY_MASK_BITS, NULL, 0) != 0) {
		snprintf(env->mempolicy, sizeof(env->mempolicy), "unknown");
		return;
	}
	mode &= 0xff; /* drop MPOL_F_STATIC_NODES and friends */
	if (mode >= 0 && (size_t)mode < sizeof(names) / sizeof(names[0]))
		snprintf(env->mempolicy, sizeof(env->mempolicy), "%s", names[mode]);
	else
		snprintf(env->mempolicy, sizeof(env->mempolicy), "mode %d", mode);
	for (int node = 0; node < POLICY_MASK_BITS; node++)
		if (mask[node / (8 * sizeof(unsigned long))] >>
			(node % (8 * sizeof(unsigned long))) &
		    1)
			np_idset_add(&env->mempolicy_nodes, node);
}

void np_environment_read(struct np_environment *env)
{
	memset(env, 0, sizeof(*env));
	struct utsname uts;
	if (uname(&uts) == 0)
		snprintf(env->kernel, sizeof(env->kernel), "%s %s", uts.release, uts.version);
	else
		snprintf(env->kernel, sizeof(env->kernel), "unknown");
	cpu_facts(env);
	cache_facts(env);
	policy_facts(env);
	struct np_strbuf text;
	np_sb_init(&text);
	uint64_t balancing;
	env->numa_balancing = -1;
	if (np_read_line_file("/proc/sys/kernel/numa_balancing", &text, NULL, NULL) == 0 &&
	    np_parse_uint(np_sb_str(&text), INT_MAX, &balancing, NULL) == 0)
		env->numa_balancing = (int)balancing;
	snprintf(env->thp_enabled, sizeof(env->thp_enabled), "unknown");
	if (np_read_line_file("/sys/kernel/mm/transparent_hugepage/enabled", &text, NULL, NULL) ==
	    0) {
		const char *open = strchr(np_sb_str(&text), '[');
		const char *close = open ? strchr(open, ']') : NULL;
		if (open && close)
			snprintf(env->thp_enabled, sizeof(env->thp_enabled), "%.*s",
				 (int)(close - open - 1), open + 1);
	}
	np_sb_free(&text);
	env->kernel_isa = np_bw_isa();
}
