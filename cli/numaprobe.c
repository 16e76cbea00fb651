/*
 * numaprobe.c: main. Dispatches `numaprobe SUBCOMMAND ...` from one table,
 * the way git dispatches its commands; each subcommand lives in its own
 * folder and owns its options.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

#ifndef NUMAPROBE_VERSION
#define NUMAPROBE_VERSION "unknown"
#endif

struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct subcommand subcommands[] = {
    {"topo", np_cmd_topo, "show nodes, CPUs, memory, SLIT distances, HMAT and huge pages"},
    {"bench", np_cmd_bench, "measure latency and bandwidth for every CPU node x memory node"},
    {"stats", np_cmd_stats, "per-node counters and each guest's memory and vCPUs per node"},
    {"report", np_cmd_report,
     "a guest's placement with and without its cells; compare runs; charts"},
};

static void usage(FILE *out)
{
	fprintf(out, "Usage: numaprobe SUBCOMMAND [OPTIONS]\n"
		     "       numaprobe --help | --version\n"
		     "\n"
		     "NUMA remote-access benchmarking and statistics for Linux and KVM hosts.\n"
		     "\n"
		     "Subcommands:\n");
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(out, "  %-8s %s\n", subcommands[i].name, subcommands[i].summary);
	fprintf(out, "\n'numaprobe SUBCOMMAND --help' describes a subcommand's options;\n"
		     "man numaprobe describes them all.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return NP_EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		usage(stdout);
		return NP_EXIT_OK;
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
		printf("numaprobe %s\n", NUMAPROBE_VERSION);
		return NP_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (strcmp(name, subcommands[i].name) == 0)
			return subcommands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "numaprobe: unknown subcommand '%s'\n\n", name);
	usage(stderr);
	return NP_EXIT_USAGE;
}
