/* fuzz_cmdline.c: QEMU command lines (NUL-separated, as /proc/PID/cmdline). */
#include "../../lib/proctask.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* np_proc_read_cmdline's buffer: the bytes, then one NUL past them. */
	char *cmdline = np_fuzz_text(data, size);
	char name[256];
	np_is_qemu_cmdline(cmdline, size);
	if (np_qemu_guest_name(cmdline, size, name, sizeof(name)))
		NP_FUZZ_ASSERT(strlen(name) < sizeof(name));
	free(cmdline);
	return 0;
}
