/* fuzz_domain.c: libvirt domain XML: parsing and validation, then the
 * warnings and both placement variants on a 3-node host with a CPU-less
 * node, as `report placement` runs them. */
#include "../../report/domain.h"
#include "../../report/host.h"
#include "../../report/placement.h"
#include "fuzz.h"

static const char host_caps[] =
    "<capabilities><host><topology><cells num='3'>"
    "<cell id='0'><memory unit='KiB'>16777216</memory>"
    "<pages unit='KiB' size='2048'>512</pages>"
    "<distances><sibling id='0' value='10'/><sibling id='1' value='21'/>"
    "<sibling id='2' value='17'/></distances>"
    "<cpus num='2'><cpu id='0'/><cpu id='1'/></cpus></cell>"
    "<cell id='1'><memory unit='KiB'>16777216</memory>"
    "<distances><sibling id='0' value='21'/><sibling id='1' value='10'/>"
    "<sibling id='2' value='28'/></distances>"
    "<cpus num='2'><cpu id='2'/><cpu id='3'/></cpus></cell>"
    "<cell id='2'><memory unit='KiB'>8388608</memory>"
    "<distances><sibling id='0' value='17'/><sibling id='1' value='28'/>"
    "<sibling id='2' value='10'/></distances><cpus num='0'></cpus></cell>"
    "</cells></topology></host></capabilities>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct np_topology host;
	static int host_ready;
	struct np_error err;
	if (!host_ready) {
		if (np_host_from_caps("host.xml", host_caps, sizeof(host_caps) - 1, &host, &err) <
		    0)
			abort();
		host_ready = 1;
	}
	struct np_domain *domain = malloc(sizeof(*domain));
	struct np_placement *placement = malloc(sizeof(*placement));
	if (!domain || !placement)
		abort();
	if (np_domain_parse("domain.xml", (const char *)data, size, domain, &err) == 0) {
		struct np_strbuf warnings;
		np_sb_init(&warnings);
		np_domain_warnings(domain, &host, &warnings);
		np_domain_warnings(domain, NULL, &warnings);
		np_sb_free(&warnings);
		for (int with = 0; with < 2; with++)
			if (np_place(domain, &host, NULL, with, placement, &err) == 0)
				for (int c = 0; c < placement->cell_count; c++) {
					double lf = placement->cells[c].local_fraction;
					NP_FUZZ_ASSERT(lf != lf || (lf >= -1e-9 && lf <= 1 + 1e-9));
				}
	}
	free(placement);
	free(domain);
	return 0;
}
