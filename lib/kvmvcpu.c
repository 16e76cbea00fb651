/* kvmvcpu.c: vCPU threads by their KVM_RUN ioctl; see kvmvcpu.h. */
#include "kvmvcpu.h"

#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "number.h"

int np_ioctl_syscall_number(void)
{
#if defined(__x86_64__)
	return 16;
#elif defined(__aarch64__)
	return 29;
#else
	return -1;
#endif
}

/* One "0x..." word: hex digits only, at most 16. */
static bool hex_word(const char **p, uint64_t *out)
{
	const char *s = *p;
	if (s[0] != '0' || s[1] != 'x')
		return false;
	s += 2;
	uint64_t v = 0;
	int digits = 0;
	for (; (*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'); s++, digits++) {
		if (digits == 16)
			return false;
		v = v << 4 | (uint64_t)(*s <= '9' ? *s - '0' : *s - 'a' + 10);
	}
	if (digits == 0)
		return false;
	*out = v;
	*p = s;
	return true;
}

int np_parse_syscall(const char *text, enum np_syscall_state *state, long *nr, uint64_t args[6],
		     struct np_error *err)
{
	size_t len = strcspn(text, "\n");
	if (len == 7 && strncmp(text, "running", 7) == 0) {
		*state = NP_SYSCALL_RUNNING;
		return 0;
	}
	const char *p = text;
	bool none = strncmp(p, "-1 ", 3) == 0;
	uint64_t number = 0;
	if (none) {
		p += 3;
	} else if (np_scan_uint(&p, NULL, 100000, &number) != NP_SCAN_OK || *p != ' ') {
		return np_fail(err,
			       "'%.60s' is not a syscall line (NR ARGS... SP PC, -1 SP PC "
			       "or running)",
			       text);
	} else {
		p++;
	}
	/* -1 SP PC; or NR, six arguments, SP PC */
	int words = none ? 2 : 8;
	uint64_t values[8];
	for (int w = 0; w < words; w++) {
		if (!hex_word(&p, &values[w]) || (w + 1 < words && *p++ != ' '))
			return np_fail(err,
				       "'%.60s' is not a syscall line (NR ARGS... SP PC, -1 SP PC "
				       "or running)",
				       text);
	}
	if (*p != '\0' && *p != '\n')
		return np_fail(err, "'%.60s': more than a syscall line holds", text);
	*state = none ? NP_SYSCALL_NONE : NP_SYSCALL_IN_CALL;
	if (!none) {
		*nr = (long)number;
		memcpy(args, values, 6 * sizeof(*args));
	}
	return 0;
}

bool np_kvm_vcpu_link(const char *link, int *id)
{
	static const char prefix[] = "anon_inode:kvm-vcpu:";
	if (strncmp(link, prefix, sizeof(prefix) - 1) != 0)
		return false;
	uint64_t value;
	struct np_error ignored;
	if (np_parse_uint(link + sizeof(prefix) - 1, NP_MAX_VCPUS * 16, &value, &ignored) < 0)
		return false;
	*id = (int)value;
	return true;
}

/* The value of "key=N" in an -smp argument, or the leading count. */
static int smp_field(const char *arg, const char *key, unsigned *out, struct np_error *err)
{
	size_t key_len = strlen(key);
	for (const char *p = arg; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
		bool leading = p == arg && *key == '\0';
		if (!leading && (strncmp(p, key, key_len) != 0 || p[key_len] != '='))
			continue;
		char number[16];
		const char *v = leading ? p : p + key_len + 1;
		size_t n = strcspn(v, ",");
		if (n == 0 || n >= sizeof(number))
			return np_fail(err, "-smp %.60s: %s is not a count", arg,
				       *key ? key : "the vCPU count");
		memcpy(number, v, n);
		number[n] = '\0';
		uint64_t value;
		if (np_parse_uint(number, NP_MAX_VCPUS, &value, err) < 0)
			return np_fail_prefix(err, "-smp %.60s: %s", arg,
					      *key ? key : "the vCPU count");
		*out = (unsigned)value;
		return 1;
	}
	return 0;
}

int np_qemu_smp(const char *cmdline, size_t len, struct np_smp *smp, struct np_error *err)
{
	memset(smp, 0, sizeof(*smp));
	const char *arg = NULL;
	for (size_t i = 0; i < len;) {
		const char *word = cmdline + i;
		size_t n = strnlen(word, len - i);
		if ((strcmp(word, "-smp") == 0 || strcmp(word, "--smp") == 0) && i + n + 1 < len)
			arg = word + n + 1;
		i += n + 1;
	}
	if (!arg)
		return 0;
	/* "cpus=N" or a leading N */
	int rc = smp_field(arg, "cpus", &smp->cpus, err);
	if (rc == 0 && *arg >= '0' && *arg <= '9')
		rc = smp_field(arg, "", &smp->cpus, err);
	unsigned *counts[] = {&smp->sockets, &smp->dies, &smp->clusters, &smp->cores,
			      &smp->threads};
	const char *keys[] = {"sockets", "dies", "clusters", "cores", "threads"};
	for (int k = 0; rc >= 0 && k < 5; k++)
		rc = smp_field(arg, keys[k], counts[k], err);
	if (rc < 0)
		return -1;
	if (!smp->dies)
		smp->dies = 1;
	if (!smp->clusters)
		smp->clusters = 1;
	if (!smp->threads)
		smp->threads = 1;
	unsigned per_socket_given = smp->dies * smp->clusters * smp->threads;
	/* QEMU fills what is missing from the count; with only a count the
	 * APIC ids are the indexes either way (all sockets, or all cores) */
	if (!smp->sockets && !smp->cores) {
		smp->sockets = 1;
		smp->cores = smp->cpus ? smp->cpus / per_socket_given : 1;
	} else if (!smp->cores) {
		smp->cores = smp->cpus ? smp->cpus / (smp->sockets * per_socket_given) : 1;
	} else if (!smp->sockets) {
		smp->sockets = smp->cpus ? smp->cpus / (smp->cores * per_socket_given) : 1;
	}
	if (!smp->sockets || !smp->cores)
		return np_fail(err, "-smp %.60s: the topology does not divide the vCPU count", arg);
	unsigned total = smp->sockets * smp->dies * smp->clusters * smp->cores * smp->threads;
	if (!smp->cpus)
		smp->cpus = total;
	if (total < smp->cpus || total > NP_MAX_VCPUS)
		return np_fail(err, "-smp %.60s: %u places for %u vCPUs", arg, total, smp->cpus);
	return 1;
}

/* The bits a level of `count` needs in an APIC id. */
static unsigned bits_for(unsigned count)
{
	unsigned bits = 0;
	while ((1u << bits) < count)
		bits++;
	return bits;
}

int np_apic_to_index(const struct np_smp *smp, int apic)
{
	if (apic < 0 || smp->clusters != 1)
		return -1;
	unsigned thread_bits = bits_for(smp->threads), core_bits = bits_for(smp->cores),
		 die_bits = bits_for(smp->dies);
	unsigned a = (unsigned)apic;
	unsigned thread = a & ((1u << thread_bits) - 1);
	unsigned core = (a >> thread_bits) & ((1u << core_bits) - 1);
	unsigned die = (a >> (thread_bits + core_bits)) & ((1u << die_bits) - 1);
	unsigned socket = a >> (thread_bits + core_bits + die_bits);
	if (thread >= smp->threads || core >= smp->cores || die >= smp->dies ||
	    socket >= smp->sockets)
		return -1;
	unsigned index = ((socket * smp->dies + die) * smp->cores + core) * smp->threads + thread;
	return index < smp->cpus ? (int)index : -1;
}
