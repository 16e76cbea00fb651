/*
 * topo_cmd.c: `numaprobe topo`: parse options, read the topology, render
 * it. Reads sysfs and /proc only, so it honours the root overrides.
 */
#include <getopt.h>
#include <stdio.h>

#include "../cli/cli.h"
#include "../cli/commands.h"
#include "../lib/runinfo.h"
#include "../lib/topology.h"
#include "topo_render.h"

static const char topo_usage[] =
    "Usage: numaprobe topo [--format table|json|csv] [--label TEXT]\n"
    "                      [--sysfs-root DIR] [--proc-root DIR]\n"
    "\n"
    "Shows every online NUMA node: its CPUs, memory, SLIT distances, memory\n"
    "blocks, huge page pools and HMAT latency/bandwidth, and the CPUs and\n"
    "nodes this process may use. The table starts with the lines of\n"
    "'numactl --hardware'.\n"
    "\n"
    "  -f, --format FMT     table (default), json or csv\n"
    "      --label TEXT     label recorded in json and csv output\n"
    "      --sysfs-root DIR read sysfs from DIR instead of /sys\n"
    "                       (or NUMAPROBE_SYSFS_ROOT)\n"
    "      --proc-root DIR  read /proc from DIR instead of /proc\n"
    "                       (or NUMAPROBE_PROC_ROOT)\n"
    "  -h, --help           show this help\n";

enum { OPT_LABEL = 2000 };

struct topo_options {
	enum np_format format;
	const char *label;
	struct np_roots roots;
};

/* Returns -1 to continue, or an exit status. */
static int parse_options(int argc, char **argv, struct topo_options *opts)
{
	static const struct option long_options[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"label", required_argument, NULL, OPT_LABEL},
	    {"sysfs-root", required_argument, NULL, NP_OPT_SYSFS_ROOT},
	    {"proc-root", required_argument, NULL, NP_OPT_PROC_ROOT},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct np_error err;
	opts->format = NP_FORMAT_TABLE;
	opts->label = "";
	if (np_roots_init(&opts->roots, &err) < 0)
		return np_cli_usage_error("topo", "%s", err.message);
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":f:h", long_options, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (np_cli_parse_format(optarg, &opts->format, &err) < 0)
				return np_cli_usage_error("topo", "%s", err.message);
			break;
		case OPT_LABEL:
			opts->label = optarg;
			break;
		case NP_OPT_SYSFS_ROOT:
		case NP_OPT_PROC_ROOT:
			if (np_cli_apply_root(&opts->roots, c, optarg, &err) < 0)
				return np_cli_usage_error("topo", "%s", err.message);
			break;
		case 'h':
			fputs(topo_usage, stdout);
			return NP_EXIT_OK;
		case ':':
			return np_cli_usage_error("topo", "option '%s' needs a value",
						  argv[optind - 1]);
		default:
			return np_cli_usage_error("topo", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return np_cli_usage_error("topo", "unexpected argument '%s'", argv[optind]);
	return -1;
}

int np_cmd_topo(int argc, char **argv)
{
	struct topo_options opts;
	int status = parse_options(argc, argv, &opts);
	if (status >= 0)
		return status;
	struct np_topology topo;
	struct np_error err;
	if (np_topology_read(&opts.roots, &topo, &err) < 0)
		return np_cli_failure("topo", err.message);
	struct np_runinfo run;
	np_runinfo_init(&run, &opts.roots);
	struct np_strbuf out;
	np_sb_init(&out);
	switch (opts.format) {
	case NP_FORMAT_TABLE:
		np_topo_render_table(&topo, &run, opts.label, &out);
		break;
	case NP_FORMAT_JSON:
		np_topo_render_json(&topo, &run, opts.label, &out);
		break;
	case NP_FORMAT_CSV:
		np_topo_render_csv(&topo, &run, opts.label, &out);
		break;
	}
	status = np_cli_emit("topo", &out);
	np_sb_free(&out);
	np_topology_free(&topo);
	return status;
}
