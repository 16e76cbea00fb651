/* fuzz_task.c: /proc/PID/task/TID/stat lines and thread names. */
#include "../../lib/idset.h"
#include "../../lib/kvmvcpu.h"
#include "../../lib/proctask.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = np_fuzz_text(data, size);
	struct np_task_stat stat;
	struct np_error err;
	if (np_parse_task_stat(text, &stat, &err) == 0)
		NP_FUZZ_ASSERT(stat.processor >= 0 && stat.processor <= NP_ID_MAX);
	int index = -1;
	if (np_is_vcpu_comm(text, &index))
		NP_FUZZ_ASSERT(index >= 0 && index < NP_MAX_VCPUS);
	/* the KVM_RUN discovery's inputs: a syscall line, a link, -smp */
	enum np_syscall_state st;
	long nr = -1;
	uint64_t args[6];
	if (np_parse_syscall(text, &st, &nr, args, &err) == 0 && st == NP_SYSCALL_IN_CALL)
		NP_FUZZ_ASSERT(nr >= 0 && nr <= 100000);
	int id;
	if (np_kvm_vcpu_link(text, &id))
		NP_FUZZ_ASSERT(id >= 0 && id <= NP_MAX_VCPUS * 16);
	struct np_smp smp;
	if (np_qemu_smp(text, size, &smp, &err) == 1) {
		NP_FUZZ_ASSERT(smp.cpus >= 1 && smp.cpus <= NP_MAX_VCPUS);
		for (int a = 0; a < 4 * NP_MAX_VCPUS; a += 7) {
			int vcpu = np_apic_to_index(&smp, a);
			NP_FUZZ_ASSERT(vcpu >= -1 && vcpu < (int)smp.cpus);
		}
	}
	free(text);
	return 0;
}
