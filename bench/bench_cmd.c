/*
 * bench_cmd.c: `numaprobe bench`: parse the options into a request, plan
 * the cells, measure them, hand the rows to a writer. Every bad option is
 * caught before the first measurement, so it never leaves a CSV row.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "../cli/commands.h"
#include "../cli/options.h"
#include "../lib/csv.h"
#include "../lib/runinfo.h"
#include "../lib/topology.h"
#include "balancing.h"
#include "bench_render.h"
#include "environment.h"
#include "plan.h"
#include "runner.h"

struct bench_options {
	struct np_bench_request request;
	struct np_bench_settings settings;
	const struct np_renderer *format;
	const char *append;
	const char *label;
	int progress; /* -1 auto, 0 off, 1 on */
	bool disable_balancing;
	bool mode_given;
	int page;
	uint64_t size_bytes, threads, tlb_locality, repeat, seed;
};

/* --mode LIST: bandwidth kernels by name, each once, in the order given. */
static int parse_modes(void *target, const char *text, struct np_error *err)
{
	struct np_bench_settings *settings = target;
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

static int refuse_root(void *target, const char *value, struct np_error *err)
{
	(void)value;
	return np_fail(err, "%s is not accepted: bench measures the live machine",
		       (const char *)target);
}

/* Returns NP_OPTIONS_CONTINUE to go on, or an exit status. */
static int parse_options(int argc, char **argv, struct bench_options *o)
{
	memset(o, 0, sizeof(*o));
	o->request.latency = o->request.bandwidth = true;
	o->settings.modes[0] = NP_BW_READ;
	o->settings.mode_count = 1;
	o->tlb_locality = 256 * 1024;
	o->settings.seconds = 1.0;
	o->repeat = 5;
	o->seed = 0x6e756d6170726f62ULL;
	o->format = &np_bench_renderers[0];
	o->label = "";
	o->progress = -1;
	const struct np_option options[] = {
	    {"cpu-nodes", 0, NP_OPT_IDLIST, &o->request.cpu_nodes, "LIST",
	     "nodes whose CPUs run the workers (default: all usable)",
	     .given = &o->request.cpu_nodes_given},
	    {"mem-nodes", 0, NP_OPT_IDLIST, &o->request.mem_nodes, "LIST",
	     "nodes holding the buffers (default: all usable, CPU-less too)",
	     .given = &o->request.mem_nodes_given},
	    {"size", 0, NP_OPT_SIZE, &o->size_bytes, "SIZE",
	     "one cell's buffer (default max(4 x LLC, 256M), <= half of free)", .min = 1,
	     .max = (double)SIZE_MAX},
	    {"threads", 0, NP_OPT_UINT, &o->threads, "N|all",
	     "bandwidth workers per CPU node (default all: one per core)", .min = 1, .max = 1024,
	     .keyword = "all", .value = 0},
	    {"smt", 0, NP_OPT_FLAG, &o->request.smt, NULL,
	     "let bandwidth workers use SMT siblings too"},
	    {"mode", 0, NP_OPT_CALLBACK, &o->settings, "LIST",
	     "read,write,ntwrite,copy,ntcopy,triad (default read)", .callback = parse_modes,
	     .given = &o->mode_given},
	    {"page", 0, NP_OPT_CHOICE, &o->page, "MODE", "4k (default), thp, 2m or 1g",
	     .choices = np_page_mode_names},
	    {"tlb-locality", 0, NP_OPT_SIZE, &o->tlb_locality, "SIZE",
	     "latency chase randomisation group (default 256K)", .max = (double)SIZE_MAX},
	    {"time", 0, NP_OPT_SECONDS, &o->settings.seconds, "SEC",
	     "measuring time per cell (default 1)", .min = 0, .max = 3600},
	    {"repeat", 0, NP_OPT_UINT, &o->repeat, "N", "samples per cell (default 5)", .min = 1,
	     .max = 100000},
	    NP_OPTION_FORMAT(&o->format, np_bench_renderers),
	    {"append", 0, NP_OPT_PATH, &o->append, "FILE", "also append the CSV rows to FILE"},
	    {"label", 0, NP_OPT_STRING, &o->label, "TEXT",
	     "label for the rows, e.g. before or after"},
	    {"progress", 0, NP_OPT_SET, &o->progress, NULL,
	     "progress on stderr (default when it is a terminal)", .value = 1},
	    {"quiet", 0, NP_OPT_SET, &o->progress, NULL, "no progress display", .value = 0},
	    {"force", 0, NP_OPT_FLAG, &o->request.force, NULL,
	     "lift the half-of-free-memory cap on --size"},
	    {"disable-numa-balancing", 0, NP_OPT_FLAG, &o->disable_balancing, NULL,
	     "NUMA balancing off for the run, then restored (root)"},
	    {"seed", 0, NP_OPT_UINT, &o->seed, "N", "seed of the chase's shuffle (default: fixed)",
	     .max = 0x1p64},
	    {"sysfs-root", 0, NP_OPT_CALLBACK, "--sysfs-root", "DIR",
	     "refused: bench measures the live machine", .callback = refuse_root},
	    {"proc-root", 0, NP_OPT_CALLBACK, "--proc-root", "DIR",
	     "refused: bench measures the live machine", .callback = refuse_root},
	    {NULL},
	};
	const struct np_command command = {
	    "bench",
	    "[latency|bandwidth|all] [OPTIONS]",
	    "Measures memory latency and bandwidth for every CPU node x memory node\n"
	    "pair with pinned workers whose buffers are verified to sit on the node.\n",
	    options,
	    "MB/s is 10^6 bytes per second, bytes counted as STREAM counts them.\n",
	    .positionals = 1};
	char **rest;
	int rest_count;
	int status = np_options_parse(&command, NULL, argc, argv, &rest, &rest_count);
	if (status != NP_OPTIONS_CONTINUE)
		return status;
	if (rest_count > 0) {
		const char *test = rest[0];
		if (strcmp(test, "latency") == 0)
			o->request.bandwidth = false;
		else if (strcmp(test, "bandwidth") == 0)
			o->request.latency = false;
		else if (strcmp(test, "all") != 0)
			return np_cli_usage_error(
			    "bench", "unknown test '%s': expected latency, bandwidth or all", test);
	}
	if (o->mode_given && !o->request.bandwidth)
		return np_cli_usage_error(
		    "bench", "--mode chooses bandwidth kernels; this run measures latency only");
	o->request.size_bytes = (size_t)o->size_bytes;
	o->request.threads = (size_t)o->threads;
	o->request.page = o->settings.page = (enum np_page_mode)o->page;
	o->settings.tlb_locality = (size_t)o->tlb_locality;
	o->settings.repeat = (unsigned)o->repeat;
	o->settings.seed = o->seed;
	o->settings.latency = o->request.latency;
	o->settings.bandwidth = o->request.bandwidth;
	return NP_OPTIONS_CONTINUE;
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
		np_bench_render_csv_rows(report, &rows);
		int rc = rows.failed ? np_fail(&err, "out of memory")
				     : np_csv_append_file(o->append, NP_BENCH_CSV_HEADER,
							  np_sb_str(&rows), rows.len, &err);
		np_sb_free(&rows);
		if (rc < 0)
			return np_cli_failure("bench", err.message);
	}
	struct np_strbuf out;
	np_sb_init(&out);
	o->format->render(report, &out);
	int status = np_cli_emit("bench", &out);
	np_sb_free(&out);
	return status;
}

/* Measures a plan and hands the rows to the renderers; returns the exit
 * status. */
static int measure(const struct bench_options *o, const struct np_roots *roots,
		   const struct np_topology *topo, struct np_environment *env,
		   const struct np_bench_plan *plan)
{
	struct np_error err;
	np_cli_print_lines("bench", "skipped ", np_sb_str(&plan->skipped));
	np_cli_print_lines("bench", "warning: ", np_sb_str(&plan->warnings));
	if (o->disable_balancing) {
		if (np_balancing_disable(&err) < 0)
			return np_cli_usage_error("bench", "%s", err.message);
		env->numa_balancing = 0;
	} else if (env->numa_balancing > 0) {
		fprintf(stderr,
			"numaprobe bench: warning: automatic NUMA balancing is on "
			"(numa_balancing=%d) and may migrate pages during the run; "
			"--disable-numa-balancing turns it off for the run\n",
			env->numa_balancing);
	}
	struct np_runinfo run;
	np_runinfo_init(&run, roots);
	struct progress_state progress = {o->progress == 1 ||
					  (o->progress < 0 && isatty(STDERR_FILENO))};
	struct np_bench_row *rows = NULL;
	size_t row_count = 0;
	int rc =
	    np_bench_run(plan, &o->settings, show_progress, &progress, &rows, &row_count, &err);
	np_balancing_restore();
	if (rc < 0) {
		free(rows);
		return np_cli_failure("bench", err.message);
	}
	for (size_t i = 0; i < row_count; i++)
		if (rows[i].misplaced)
			fprintf(
			    stderr,
			    "numaprobe bench: warning: %s %s CPU node %d -> memory node %d: only "
			    "%.2f%% of the pages were on node %d\n",
			    rows[i].latency ? "latency" : "bandwidth", rows[i].mode,
			    rows[i].cpu_node, rows[i].mem_node, rows[i].placed_pct,
			    rows[i].mem_node);
	struct np_bench_report report = {&run, o->label,     env,  topo,
					 plan, &o->settings, rows, row_count};
	int status = emit(o, &report);
	free(rows);
	return status;
}

int np_cmd_bench(int argc, char **argv)
{
	struct bench_options o;
	int status = parse_options(argc, argv, &o);
	if (status != NP_OPTIONS_CONTINUE)
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
		status = np_cli_failure("bench", "out of memory");
	} else {
		np_read_core_map(&topo.allowed_cpus, core_of);
		if (np_bench_plan_make(&topo, &env, &o.request, core_of, plan, &err) < 0)
			status = np_cli_usage_error("bench", "%s", err.message);
		else
			status = measure(&o, &roots, &topo, &env, plan);
		np_bench_plan_free(plan);
	}
	free(core_of);
	free(plan);
	np_topology_free(&topo);
	return status;
}
