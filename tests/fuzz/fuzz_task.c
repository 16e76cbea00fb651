/* fuzz_task.c: /proc/PID/task/TID/stat lines and thread names. */
#include "../../lib/idset.h"
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
	free(text);
	return 0;
}
