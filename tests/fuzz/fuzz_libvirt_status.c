/* fuzz_libvirt_status.c: libvirt's runtime status files (NAME.xml). */
#include "../../lib/libvirt_status.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct np_libvirt_guest *guest = malloc(sizeof(*guest));
	if (!guest)
		abort();
	struct np_error err;
	if (np_libvirt_status_parse("status.xml", (const char *)data, size, guest, &err) == 0) {
		NP_FUZZ_ASSERT(guest->vcpu_count >= 0 && guest->vcpu_count <= NP_MAX_VCPUS);
		NP_FUZZ_ASSERT(guest->pid > 0 && guest->pid <= NP_PID_MAX);
	}
	free(guest);
	return 0;
}
