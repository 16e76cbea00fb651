/*
 * topo_cmd.c: `numaprobe topo`: parse options, read the topology, render
 * it. Reads sysfs and /proc only, so it honours the root overrides.
 */
#include <stdlib.h>

#include "../cli/cli.h"
#include "../cli/commands.h"
#include "../cli/options.h"
#include "../lib/runinfo.h"
#include "../lib/topology.h"
#include "topo_render.h"

int np_cmd_topo(int argc, char **argv)
{
	struct np_roots roots;
	struct np_error err;
	if (np_roots_init(&roots, &err) < 0)
		return np_cli_usage_error("topo", "%s", err.message);
	const struct np_renderer *format = &np_topo_renderers[0];
	const char *label = "";
	const struct np_option options[] = {
	    NP_OPTION_FORMAT(&format, np_topo_renderers),
	    {"label", 0, NP_OPT_STRING, &label, "TEXT", "label recorded in json and csv output"},
	    NP_OPTIONS_SYSFS_PROC_ROOTS(&roots),
	    {NULL},
	};
	const struct np_command command = {
	    "topo", "[--format table|csv|json] [--label TEXT] [--sysfs-root DIR] [--proc-root DIR]",
	    "Shows every online NUMA node: its CPUs, memory, SLIT distances, memory\n"
	    "blocks, huge page pools and HMAT latency/bandwidth, and the CPUs and\n"
	    "nodes this process may use. The table starts with the lines of\n"
	    "'numactl --hardware'.\n",
	    options, .positionals = 0};
	int status = np_options_parse(&command, NULL, argc, argv, NULL, NULL);
	if (status != NP_OPTIONS_CONTINUE)
		return status;
	struct np_topology topo;
	if (np_topology_read(&roots, &topo, &err) < 0)
		return np_cli_failure("topo", err.message);
	struct np_tiering *tiering = calloc(1, sizeof(*tiering));
	if (!tiering || np_tiering_read(&roots, tiering, &err) < 0) {
		free(tiering);
		np_topology_free(&topo);
		return np_cli_failure("topo", tiering ? err.message : "out of memory");
	}
	struct np_runinfo run;
	np_runinfo_init(&run, &roots);
	struct np_topo_report report = {&topo, tiering, &run, label};
	struct np_strbuf out;
	np_sb_init(&out);
	format->render(&report, &out);
	status = np_cli_emit("topo", &out);
	np_sb_free(&out);
	np_topology_free(&topo);
	free(tiering);
	return status;
}
