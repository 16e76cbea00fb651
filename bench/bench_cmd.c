/*
 * bench_cmd.c: `numaprobe bench`: parse the options into a request, plan
 * the cells, measure them, hand the rows to a writer. Every bad option is
 * caught before the first measurement, so it never leaves a CSV row.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "../cli/commands.h"
#include "../lib/csv.h"
#include "../lib/runinfo.h"
#include "../lib/size.h"
#include "../lib/topology.h"
#include "balancing.h"
#include "bench_render.h"
#include "environment.h"
#include "plan.h"
#include "runner.h"

static const char bench_usage[] =
    "Usage: numaprobe bench [latency|bandwidth|all] [OPTIONS]\n"
    "\n"
    "Measures memory latency and bandwidth for every CPU node x memory node\n"
    "pair with pinned workers whose buffers are verified to sit on the node.\n"
    "\n"
    "      --cpu-nodes LIST   nodes whose CPUs run the workers (default: all usable)\n"
    "      --mem-nodes LIST   nodes holding the buffers (default: all usable,\n"
    "                         CPU-less nodes included)\n"
    "      --size SIZE        buffer of one cell, shared by a bandwidth cell's\n"
    "                         threads (default: max(4 x LLC, 256M), at most half\n"
    "                         the node's free memory)\n"
    "      --threads N|all    bandwidth workers per CPU node (default all: one\n"
    "                         per physical core)\n"
    "      --smt              let bandwidth workers use SMT siblings too\n"
    "      --mode LIST        bandwidth kernels: read,write,ntwrite,copy,ntcopy,triad\n"
    "                         (default read)\n"
    "      --page MODE        4k (default), thp, 2m or 1g\n"
    "      --tlb-locality SIZE  latency chase randomisation group (default 256K)\n"
    "      --time SEC         measuring time per cell (default 1)\n"
    "      --repeat N         samples per cell (default 5)\n"
    "  -f, --format FMT       table (default), csv or json\n"
    "      --append FILE      also append the CSV rows to FILE\n"
    "      --label TEXT       label for the rows, e.g. before or after\n"
    "      --progress         show progress on stderr (default when it is a terminal)\n"
    "      --quiet            no progress display\n"
    "      --force            lift the half-of-free-memory cap on --size\n"
    "      --disable-numa-balancing  switch automatic NUMA balancing off for the\n"
    "                         run and restore it afterwards (root)\n"
    "      --seed N           seed of the chase's shuffle (default: fixed)\n"
    "  -h, --help             show this help\n"
    "\n"
    "MB/s is 10^6 bytes per second, bytes counted as STREAM counts them.\n";

enum {
	OPT_CPU_NODES = 3000,
	OPT_MEM_NODES,
	OPT_SIZE,
	OPT_THREADS,
	OPT_SMT,
	OPT_MODE,
	OPT_PAGE,
	OPT_TLB,
	OPT_TIME,
	OPT_REPEAT,
	OPT_APPEND,
	OPT_LABEL,
	OPT_PROGRESS,
	OPT_QUIET,
	OPT_FORCE,
	OPT_NO_BALANCING,
	OPT_SEED,
};

struct bench_options {
	struct np_bench_request request;
	struct np_bench_settings settings;
	enum np_format format;
	const char *append;
	const char *label;
	int progress; /* -1 auto, 0 off, 1 on */
	bool disable_balancing;
	bool mode_given;
};

static int parse_positive_count(const char *option, const char *text, unsigned long max,
				unsigned long *value, struct np_error *err)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(text, &end, 10);
	if (!*text || *end || errno || v == 0 || v > max || text[0] == '-')
		return np_fail(err, "%s '%s' is not a whole number from 1 to %lu", option, text,
			       max);
	*value = v;
	return 0;
}

static int parse_modes(const char *text, struct np_bench_settings *settings, struct np_error *err)
{
	char copy[256];
	if (strlen(text) >= sizeof(copy) || !*text)
		return np_fail(err, "--mode '%s': expected a list such as read,copy,triad", text);
	strcpy(copy, text);
	settings->mode_count = 0;
	bool seen[NP_BW_MODE_COUNT] = {false};
	for (char *save = NULL, *name = strtok_r(copy, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		int mode = np_bw_mode_from_name(name);
		if (mode < 0)
			return np_fail(err,
				       "--mode '%s' is unknown: expected read, write, ntwrite, "
				       "copy, ntcopy or triad",
				       name);
		if (!seen[mode])
			settings->modes[settings->mode_count++] = (enum np_bw_mode)mode;
		seen[mode] = true;
	}
	if (settings->mode_count == 0)
		return np_fail(err, "--mode '%s': expected a list such as read,copy,triad", text);
	return 0;
}

static int apply_option(int c, const char *arg, struct bench_options *o, struct np_error *err)
{
	unsigned long count;
	uint64_t bytes;
	switch (c) {
	case OPT_CPU_NODES:
		o->request.cpu_nodes_given = true;
		return np_idset_parse(arg, &o->request.cpu_nodes, err) < 0
			   ? np_fail_prefix(err, "--cpu-nodes")
			   : 0;
	case OPT_MEM_NODES:
		o->request.mem_nodes_given = true;
		return np_idset_parse(arg, &o->request.mem_nodes, err) < 0
			   ? np_fail_prefix(err, "--mem-nodes")
			   : 0;
	case OPT_SIZE:
		if (np_parse_size(arg, 1, &bytes, err) < 0)
			return np_fail_prefix(err, "--size");
		if (bytes == 0)
			return np_fail(err, "--size must be more than 0 bytes");
		o->request.size_bytes = (size_t)bytes;
		return 0;
	case OPT_THREADS:
		if (strcmp(arg, "all") == 0) {
			o->request.threads = 0;
			return 0;
		}
		if (parse_positive_count("--threads", arg, 1024, &count, err) < 0)
			return -1;
		o->request.threads = count;
		return 0;
	case OPT_SMT:
		o->request.smt = true;
		return 0;
	case OPT_MODE:
		o->mode_given = true;
		return parse_modes(arg, &o->settings, err);
	case OPT_PAGE: {
		int page = np_page_mode_from_name(arg);
		if (page < 0)
			return np_fail(err, "--page '%s' is unknown: expected 4k, thp, 2m or 1g",
				       arg);
		o->request.page = o->settings.page = (enum np_page_mode)page;
		return 0;
	}
	case OPT_TLB:
		if (np_parse_size(arg, 1, &bytes, err) < 0)
			return np_fail_prefix(err, "--tlb-locality");
		o->settings.tlb_locality = (size_t)bytes;
		return 0;
	case OPT_TIME: {
		char *end;
		errno = 0;
		double seconds = strtod(arg, &end);
		if (!*arg || *end || errno || !isfinite(seconds) || seconds <= 0 || seconds > 3600)
			return np_fail(
			    err, "--time '%s': expected seconds above 0 and at most 3600", arg);
		o->settings.seconds = seconds;
		return 0;
	}
	case OPT_REPEAT:
		if (parse_positive_count("--repeat", arg, 100000, &count, err) < 0)
			return -1;
		o->settings.repeat = (unsigned)count;
		return 0;
	case OPT_SEED: {
		char *end;
		errno = 0;
		unsigned long long seed = strtoull(arg, &end, 0);
		if (!*arg || *end || errno || arg[0] == '-')
			return np_fail(err, "--seed '%s': expected a non-negative integer", arg);
		o->settings.seed = seed;
		return 0;
	}
	case OPT_APPEND:
		o->append = arg;
		return 0;
	case OPT_LABEL:
		o->label = arg;
		return 0;
	case OPT_PROGRESS:
		o->progress = 1;
		return 0;
	case OPT_QUIET:
		o->progress = 0;
		return 0;
	case OPT_FORCE:
		o->request.force = true;
		return 0;
	case OPT_NO_BALANCING:
		o->disable_balancing = true;
		return 0;
	case 'f':
		return np_cli_parse_format(arg, &o->format, err);
	}
	return np_fail(err, "unhandled option");
}

/* Returns -1 to go on, or an exit status. */
static int parse_options(int argc, char **argv, struct bench_options *o)
{
	static const struct option long_options[] = {
	    {"cpu-nodes", required_argument, NULL, OPT_CPU_NODES},
	    {"mem-nodes", required_argument, NULL, OPT_MEM_NODES},
	    {"size", required_argument, NULL, OPT_SIZE},
	    {"threads", required_argument, NULL, OPT_THREADS},
	    {"smt", no_argument, NULL, OPT_SMT},
	    {"mode", required_argument, NULL, OPT_MODE},
	    {"page", required_argument, NULL, OPT_PAGE},
	    {"tlb-locality", required_argument, NULL, OPT_TLB},
	    {"time", required_argument, NULL, OPT_TIME},
	    {"repeat", required_argument, NULL, OPT_REPEAT},
	    {"format", required_argument, NULL, 'f'},
	    {"append", required_argument, NULL, OPT_APPEND},
	    {"label", required_argument, NULL, OPT_LABEL},
	    {"progress", no_argument, NULL, OPT_PROGRESS},
	    {"quiet", no_argument, NULL, OPT_QUIET},
	    {"force", no_argument, NULL, OPT_FORCE},
	    {"disable-numa-balancing", no_argument, NULL, OPT_NO_BALANCING},
	    {"seed", required_argument, NULL, OPT_SEED},
	    {"sysfs-root", required_argument, NULL, NP_OPT_SYSFS_ROOT},
	    {"proc-root", required_argument, NULL, NP_OPT_PROC_ROOT},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	memset(o, 0, sizeof(*o));
	o->request.latency = o->request.bandwidth = true;
	o->settings.modes[0] = NP_BW_READ;
	o->settings.mode_count = 1;
	o->settings.page = NP_PAGE_4K;
	o->settings.tlb_locality = 256 * 1024;
	o->settings.seconds = 1.0;
	o->settings.repeat = 5;
	o->settings.seed = 0x6e756d6170726f62ULL;
	o->format = NP_FORMAT_TABLE;
	o->label = "";
	o->progress = -1;
	optind = 1;
	opterr = 0;
	int c;
	struct np_error err;
	while ((c = getopt_long(argc, argv, ":f:h", long_options, NULL)) != -1) {
		if (c == 'h') {
			fputs(bench_usage, stdout);
			return NP_EXIT_OK;
		}
		if (c == NP_OPT_SYSFS_ROOT || c == NP_OPT_PROC_ROOT)
			return np_cli_usage_error(
			    "bench", "%s is not accepted: bench measures the live machine",
			    c == NP_OPT_SYSFS_ROOT ? "--sysfs-root" : "--proc-root");
		if (c == ':')
			return np_cli_usage_error("bench", "option '%s' needs a value",
						  argv[optind - 1]);
		if (c == '?')
			return np_cli_usage_error("bench", "unknown option '%s'", argv[optind - 1]);
		if (apply_option(c, optarg, o, &err) < 0)
			return np_cli_usage_error("bench", "%s", err.message);
	}
	if (optind < argc) {
		const char *test = argv[optind++];
		if (strcmp(test, "latency") == 0)
			o->request.bandwidth = false;
		else if (strcmp(test, "bandwidth") == 0)
			o->request.latency = false;
		else if (strcmp(test, "all") != 0)
			return np_cli_usage_error(
			    "bench", "unknown test '%s': expected latency, bandwidth or all", test);
	}
	if (optind < argc)
		return np_cli_usage_error("bench", "unexpected argument '%s'", argv[optind]);
	if (o->mode_given && !o->request.bandwidth)
		return np_cli_usage_error(
		    "bench", "--mode chooses bandwidth kernels; this run measures latency only");
	o->settings.latency = o->request.latency;
	o->settings.bandwidth = o->request.bandwidth;
	return -1;
}

struct progress_state {
	bool enabled;
};

static void show_progress(void *ctx, size_t done, size_t total, const char *cell, double eta)
{
	struct progress_state *state = ctx;
	if (!state->enabled)
		return;
	if (done == total) {
		fprintf(stderr, "\r\033[K");
		return;
	}
	fprintf(stderr, "\r\033[K[%zu/%zu] %s, about %.0f s left", done + 1, total, cell, eta);
	fflush(stderr);
}

static int emit(const struct bench_options *o, const struct np_bench_report *report)
{
	struct np_error err;
	if (o->append) {
		struct np_strbuf rows;
		np_sb_init(&rows);
		np_bench_render_csv(report, false, &rows);
		int rc = rows.failed ? np_fail(&err, "out of memory")
				     : np_csv_append_file(o->append, NP_BENCH_CSV_HEADER,
							  np_sb_str(&rows), rows.len, &err);
		np_sb_free(&rows);
		if (rc < 0)
			return np_cli_failure("bench", err.message);
	}
	struct np_strbuf out;
	np_sb_init(&out);
	if (o->format == NP_FORMAT_TABLE)
		np_bench_render_table(report, &out);
	else if (o->format == NP_FORMAT_JSON)
		np_bench_render_json(report, &out);
	else
		np_bench_render_csv(report, true, &out);
	int status = np_cli_emit("bench", &out);
	np_sb_free(&out);
	return status;
}

int np_cmd_bench(int argc, char **argv)
{
	struct bench_options o;
	int status = parse_options(argc, argv, &o);
	if (status >= 0)
		return status;
	struct np_error err;
	struct np_roots roots;
	if (np_roots_init(&roots, &err) < 0 || roots.overridden)
		return np_cli_usage_error("bench", "the NUMAPROBE_*_ROOT variables are not "
						   "accepted: bench measures the live machine");
	char stale[512];
	if (np_balancing_check_stale(stale, sizeof(stale)))
		fprintf(stderr, "numaprobe bench: warning: %s\n", stale);
	struct np_topology topo;
	if (np_topology_read(&roots, &topo, &err) < 0)
		return np_cli_failure("bench", err.message);
	struct np_environment env;
	np_environment_read(&env);
	int *core_of = calloc(NP_ID_MAX + 1, sizeof(*core_of));
	struct np_bench_plan *plan = calloc(1, sizeof(*plan));
	if (!plan || !core_of) {
		free(core_of);
		free(plan);
		np_topology_free(&topo);
		return np_cli_failure("bench", "out of memory");
	}
	np_read_core_map(&topo.allowed_cpus, core_of);
	int planned = np_bench_plan_make(&topo, &env, &o.request, core_of, plan, &err);
	free(core_of);
	if (planned < 0) {
		free(plan);
		np_topology_free(&topo);
		return np_cli_usage_error("bench", "%s", err.message);
	}
	np_cli_print_lines("bench", "skipped ", plan->skipped);
	np_cli_print_lines("bench", "warning: ", plan->warnings);
	if (o.disable_balancing) {
		if (np_balancing_disable(&err) < 0) {
			free(plan);
			np_topology_free(&topo);
			return np_cli_usage_error("bench", "%s", err.message);
		}
		env.numa_balancing = 0;
	} else if (env.numa_balancing > 0) {
		fprintf(stderr,
			"numaprobe bench: warning: automatic NUMA balancing is on "
			"(numa_balancing=%d) and may migrate pages during the run; "
			"--disable-numa-balancing turns it off for the run\n",
			env.numa_balancing);
	}
	struct np_runinfo run;
	np_runinfo_init(&run, &roots);
	struct progress_state progress = {o.progress == 1 ||
					  (o.progress < 0 && isatty(STDERR_FILENO))};
	struct np_bench_row *rows = NULL;
	size_t row_count = 0;
	int rc = np_bench_run(plan, &o.settings, show_progress, &progress, &rows, &row_count, &err);
	np_balancing_restore();
	if (rc < 0) {
		status = np_cli_failure("bench", err.message);
	} else {
		for (size_t i = 0; i < row_count; i++)
			if (rows[i].misplaced)
				fprintf(stderr,
					"numaprobe bench: warning: %s %s CPU node %d -> memory "
					"node %d: only %.2f%% of the pages were on node %d\n",
					rows[i].latency ? "latency" : "bandwidth", rows[i].mode,
					rows[i].cpu_node, rows[i].mem_node, rows[i].placed_pct,
					rows[i].mem_node);
		struct np_bench_report report = {&run, o.label,	    &env, &topo,
						 plan, &o.settings, rows, row_count};
		status = emit(&o, &report);
	}
	free(rows);
	free(plan);
	np_topology_free(&topo);
	return status;
}
