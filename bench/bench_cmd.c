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
#include "../lib/fileio.h"
#include "../lib/runinfo.h"
#include "../lib/topology.h"
#include "balancing.h"
#include "bench_render.h"
#include "environment.h"
#include "plan.h"
#include "runner.h"
#include "sweep.h"
#include "workers.h"

struct bench_options {
	struct np_bench_request request;
	struct np_bench_settings settings;
	const struct np_renderer *format;
	const char *append;
	const char *prom_file;
	const char *label;
	int progress; /* -1 auto, 0 off, 1 on */
	bool disable_balancing;
	bool mode_given;
	int page;
	uint64_t size_bytes, threads, tlb_locality, stride, batch, repeat, seed;
	bool batch_given, time_given;
	/* options of the latency and bandwidth matrix, refused with c2c */
	bool size_given, threads_given, page_given, tlb_given, stride_given;
	struct np_idset c2c_cpus;
	bool c2c_cpus_given;
	/* sweep: latency from --from to --to */
	bool sweep, from_given, to_given, steps_given;
	uint64_t from, to, steps_per_octave;
	size_t sweep_sizes[NP_SWEEP_MAX_SIZES];
	/* loaded: the injectors' CPUs and buffers' nodes, when given */
	bool levels_given, mix_given, load_cpus_given, load_nodes_given;
	uint64_t levels;
	struct np_idset load_cpus, load_nodes;
	size_t plan_threads; /* one CPU per core of a CPU node, from the plan */
	bool policy_given;
};

/* loaded's default time per level: an 8-level curve in 4 s. */
#define LOADED_SECONDS 0.5

/* sweep's default time per size: 38 sizes of a 4 KiB..1 GiB sweep in 10 s. */
#define SWEEP_SECONDS 0.25

/* c2c's default time per CPU pair: 240 pairs of a 2x8-CPU sample in 12 s. */
#define C2C_SECONDS 0.05

/* --mem-nodes LIST: single nodes and groups (0+2). */
static int parse_mem_nodes(void *target, const char *text, struct np_error *err)
{
	struct np_bench_request *request = target;
	return np_mem_nodes_parse(text, &request->mem_nodes, request->mem_groups,
				  &request->mem_group_count, err);
}

/* --mix LIST: loaded's traffic mixes by name, each once, in the order given. */
static int parse_mixes(void *target, const char *text, struct np_error *err)
{
	struct np_bench_settings *settings = target;
	char copy[256];
	if (strlen(text) >= sizeof(copy) || !*text)
		return np_fail(err, "--mix '%s': expected a list such as read,2r1w", text);
	strcpy(copy, text);
	settings->mix_count = 0;
	bool seen[NP_MIX_COUNT] = {false};
	for (char *save = NULL, *name = strtok_r(copy, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		int mix = np_mix_from_name(name);
		if (mix < 0)
			return np_fail(err,
				       "--mix '%s' is unknown: expected read, 3r1w, 2r1w, 1r1w, "
				       "ntwrite or copy",
				       name);
		if (!seen[mix])
			settings->mixes[settings->mix_count++] = (enum np_mix)mix;
		seen[mix] = true;
	}
	if (settings->mix_count == 0)
		return np_fail(err, "--mix '%s': expected a list such as read,2r1w", text);
	return 0;
}

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
	o->stride = 256;
	o->settings.seconds = 1.0;
	o->repeat = 5;
	o->seed = 0x6e756d6170726f62ULL;
	o->format = &np_bench_renderers[0];
	o->label = "";
	o->progress = -1;
	o->request.policy = -1;
	o->from = 4096;
	o->levels = 8;
	o->settings.mixes[0] = NP_MIX_READ;
	o->settings.mix_count = 1;
	o->steps_per_octave = 2;
	const struct np_option options[] = {
	    {"cpu-nodes", 0, NP_OPT_IDLIST, &o->request.cpu_nodes, "LIST",
	     "nodes whose CPUs run the workers (default: all usable)",
	     .given = &o->request.cpu_nodes_given},
	    {"mem-nodes", 0, NP_OPT_CALLBACK, &o->request, "LIST",
	     "nodes holding the buffers; 0+2: one over both (default: all usable)",
	     .callback = parse_mem_nodes, .given = &o->request.mem_nodes_given},
	    {"policy", 0, NP_OPT_CHOICE, &o->request.policy, "POLICY",
	     "bind, interleave or weighted (default: bind a node, interleave a group)",
	     .choices = np_mem_policy_names, .given = &o->policy_given},
	    {"size", 0, NP_OPT_SIZE, &o->size_bytes, "SIZE",
	     "one cell's buffer (default max(4 x LLC, 256M), <= half of free)", .min = 1,
	     .max = (double)SIZE_MAX, .given = &o->size_given},
	    {"threads", 0, NP_OPT_UINT, &o->threads, "N|all",
	     "bandwidth workers per CPU node (default all: one per core)", .min = 1, .max = 1024,
	     .keyword = "all", .value = 0, .given = &o->threads_given},
	    {"smt", 0, NP_OPT_FLAG, &o->request.smt, NULL,
	     "let bandwidth workers use SMT siblings too"},
	    {"mode", 0, NP_OPT_CALLBACK, &o->settings, "LIST",
	     "read,write,ntwrite,copy,ntcopy,triad (default read)", .callback = parse_modes,
	     .given = &o->mode_given},
	    {"page", 0, NP_OPT_CHOICE, &o->page, "MODE", "4k (default), thp, 2m or 1g",
	     .choices = np_page_mode_names, .given = &o->page_given},
	    {"tlb-locality", 0, NP_OPT_SIZE, &o->tlb_locality, "SIZE",
	     "latency chase randomisation group (default 256K)", .max = (double)SIZE_MAX,
	     .given = &o->tlb_given},
	    {"stride", 0, NP_OPT_SIZE, &o->stride, "SIZE",
	     "latency: one load per SIZE bytes (default 256; 64 under-reports)", .min = 8,
	     .max = 1 << 30, .given = &o->stride_given},
	    {"batch", 0, NP_OPT_UINT, &o->batch, "N",
	     "latency: loads per timed batch of the distribution (default auto; 0 off)",
	     .max = 4096, .given = &o->batch_given},
	    {"time", 0, NP_OPT_SECONDS, &o->settings.seconds, "SEC",
	     "measuring time per cell (default 1; c2c: per CPU pair, 0.05)", .min = 0,
	     .max = 3600, .given = &o->time_given},
	    {"from", 0, NP_OPT_SIZE, &o->from, "SIZE", "sweep: the smallest size (default 4K)",
	     .min = 4096, .max = (double)SIZE_MAX, .given = &o->from_given},
	    {"to", 0, NP_OPT_SIZE, &o->to, "SIZE",
	     "sweep: the largest size (default max(4 x LLC, 256M), <= half of free)", .min = 4096,
	     .max = (double)SIZE_MAX, .given = &o->to_given},
	    {"steps-per-octave", 0, NP_OPT_UINT, &o->steps_per_octave, "N",
	     "sweep: sizes per doubling (default 2)", .min = 1, .max = 64,
	     .given = &o->steps_given},
	    {"levels", 0, NP_OPT_UINT, &o->levels, "N",
	     "loaded: points from idle to full speed (default 8)", .min = 2,
	     .max = NP_LOAD_MAX_LEVELS, .given = &o->levels_given},
	    {"mix", 0, NP_OPT_CALLBACK, &o->settings, "LIST",
	     "loaded: read,3r1w,2r1w,1r1w,ntwrite,copy (default read)", .callback = parse_mixes,
	     .given = &o->mix_given},
	    {"load-cpus", 0, NP_OPT_IDLIST, &o->load_cpus, "LIST",
	     "loaded: the injectors' CPUs (default: the CPU node's other cores)",
	     .given = &o->load_cpus_given},
	    {"load-mem-nodes", 0, NP_OPT_IDLIST, &o->load_nodes, "LIST",
	     "loaded: the injectors' buffers' nodes (default: the chased node)",
	     .given = &o->load_nodes_given},
	    {"cpus", 0, NP_OPT_IDLIST, &o->c2c_cpus, "LIST|all",
	     "c2c: the CPUs to pair (default: one per core, 8 per node)", .keyword = "all",
	     .given = &o->c2c_cpus_given},
	    {"repeat", 0, NP_OPT_UINT, &o->repeat, "N", "samples per cell (default 5)", .min = 1,
	     .max = 100000},
	    NP_OPTION_FORMAT(&o->format, np_bench_renderers),
	    {"append", 0, NP_OPT_PATH, &o->append, "FILE", "also append the CSV rows to FILE"},
	    {"prom-file", 0, NP_OPT_PROM, &o->prom_file, "PATH",
	     "also write the medians as Prometheus gauges to PATH (atomically; .prom)"},
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
	    "[latency|bandwidth|all|loaded|sweep|c2c] [OPTIONS]",
	    "Measures memory latency and bandwidth for every CPU node x memory node\n"
	    "pair with pinned workers whose buffers are verified to sit on the node;\n"
	    "loaded measures latency under injected load, sweep latency over\n"
	    "working-set sizes, c2c what moving a cache line between two CPUs costs.\n",
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
		else if (strcmp(test, "c2c") == 0)
			o->settings.c2c = true;
		else if (strcmp(test, "sweep") == 0)
			o->sweep = true;
		else if (strcmp(test, "loaded") == 0)
			o->settings.loaded = true;
		else if (strcmp(test, "all") != 0)
			return np_cli_usage_error("bench",
						  "unknown test '%s': expected latency, bandwidth, "
						  "all, loaded, sweep or c2c",
						  test);
	}
	if (o->settings.loaded) {
		if (o->threads_given)
			return np_cli_usage_error("bench",
						  "--threads does not apply to loaded: its injectors "
						  "are the CPU node's other cores, or --load-cpus");
		o->request.bandwidth = false;
		if (!o->time_given)
			o->settings.seconds = LOADED_SECONDS;
		o->settings.levels = (unsigned)o->levels;
		o->request.buffers = 2;
	} else if (o->levels_given || o->mix_given || o->load_cpus_given || o->load_nodes_given) {
		return np_cli_usage_error("bench", "--levels, --mix, --load-cpus and "
						   "--load-mem-nodes shape a loaded-latency curve "
						   "(bench loaded)");
	}
	if (o->sweep) {
		if (o->size_given)
			return np_cli_usage_error(
			    "bench", "--size does not apply to sweep: --from and --to bound it");
		o->request.bandwidth = false;
		if (!o->time_given)
			o->settings.seconds = SWEEP_SECONDS;
		if (o->to_given && o->from > o->to)
			return np_cli_usage_error("bench", "--from %llu bytes is above --to %llu",
						  (unsigned long long)o->from,
						  (unsigned long long)o->to);
	} else if (o->from_given || o->to_given || o->steps_given) {
		return np_cli_usage_error(
		    "bench", "--from, --to and --steps-per-octave shape a sweep (bench sweep)");
	}
	if (o->settings.c2c) {
		const struct {
			bool given;
			const char *name;
		} matrix_only[] = {{o->size_given, "--size"},	    {o->threads_given, "--threads"},
				   {o->mode_given, "--mode"},	    {o->page_given, "--page"},
				   {o->tlb_given, "--tlb-locality"}, {o->stride_given, "--stride"},
				   {o->batch_given, "--batch"},	    {o->policy_given, "--policy"}};
		for (size_t i = 0; i < sizeof(matrix_only) / sizeof(matrix_only[0]); i++)
			if (matrix_only[i].given)
				return np_cli_usage_error(
				    "bench", "%s does not apply to c2c, which passes one cache line",
				    matrix_only[i].name);
		if (o->request.mem_group_count)
			return np_cli_usage_error("bench", "--mem-nodes %s: c2c's line is one page, on "
							   "one node",
						  o->request.mem_groups[0].name);
		o->request.latency = o->request.bandwidth = false;
		if (!o->time_given)
			o->settings.seconds = C2C_SECONDS;
	} else if (o->c2c_cpus_given) {
		return np_cli_usage_error("bench", "--cpus chooses the CPUs of c2c");
	}
	/* The gauges are the latency and bandwidth matrices: the other tests
	 * have none, and a file without them would replace a good one. */
	bool prom_format = strcmp(o->format->name, "prom") == 0;
	if ((o->prom_file || prom_format) && (o->settings.loaded || o->sweep || o->settings.c2c))
		return np_cli_usage_error("bench",
					  "%s writes the latency and bandwidth matrices; bench %s "
					  "has none (use --format csv or json)",
					  o->prom_file ? "--prom-file" : "--format prom", rest[0]);
	if (o->mode_given && !o->request.bandwidth)
		return np_cli_usage_error(
		    "bench", "--mode chooses bandwidth kernels; this run measures latency only");
	o->request.size_bytes = o->sweep ? (size_t)o->to : (size_t)o->size_bytes;
	o->request.threads = (size_t)o->threads;
	o->request.page = o->settings.page = (enum np_page_mode)o->page;
	if (o->stride % 8)
		return np_cli_usage_error("bench", "--stride %llu: expected a multiple of 8 bytes",
					  (unsigned long long)o->stride);
	o->settings.tlb_locality = (size_t)o->tlb_locality;
	o->settings.stride = (size_t)o->stride;
	o->settings.batch_loads = o->batch_given ? (unsigned)o->batch : NP_BATCH_AUTO;
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
	if (o->prom_file) {
		np_bench_render_prom(report, &out);
		int rc = out.failed
			     ? np_fail(&err, "out of memory")
			     : np_write_file_atomic(o->prom_file, np_sb_str(&out), out.len, &err);
		np_sb_reset(&out);
		if (rc < 0) {
			np_sb_free(&out);
			return np_cli_failure("bench", err.message);
		}
	}
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
		np_bench_rows_free(rows, row_count);
		return np_cli_failure("bench", err.message);
	}
	for (size_t i = 0; i < row_count; i++)
		if (rows[i].misplaced)
			fprintf(
			    stderr,
			    "numaprobe bench: warning: %s %s CPU node %d -> memory node %d: only "
			    "%.2f%% of the pages were on node %d\n",
			    rows[i].test, rows[i].mode,
			    rows[i].cpu_node, rows[i].mem_node, rows[i].placed_pct,
			    rows[i].mem_node);
	struct np_bench_report report = {&run,	       o->label, env,	    topo, plan,
					 &o->settings, rows,	 row_count, NULL, 0};
	int status = emit(o, &report);
	np_bench_rows_free(rows, row_count);
	return status;
}

/* c2c's request from the options: the CPUs to pair and where the line
 * goes, each checked against this machine; -1 with a usage message. */
static int c2c_request(const struct bench_options *o, const struct np_topology *topo,
		       const int *core_of, struct np_c2c_request *request, struct np_error *err)
{
	*request = (struct np_c2c_request){.line_on_a = !o->request.mem_nodes_given,
					   .mem_nodes = o->request.mem_nodes,
					   .seconds = o->settings.seconds,
					   .repeat = o->settings.repeat};
	struct np_idset online;
	np_idset_clear(&online);
	for (size_t n = 0; n < topo->node_count; n++)
		for (int c = np_idset_next(&topo->nodes[n].cpus, 0); c >= 0;
		     c = np_idset_next(&topo->nodes[n].cpus, c + 1))
			if (np_idset_has(&topo->allowed_cpus, c))
				np_idset_add(&online, c);
	if (o->c2c_cpus_given && o->request.cpu_nodes_given)
		return np_fail(err, "--cpus names the CPUs to pair; --cpu-nodes does not apply");
	if (!o->c2c_cpus_given) {
		np_c2c_default_cpus(topo, core_of, o->request.smt, 8, &request->cpus);
		if (o->request.cpu_nodes_given) { /* only the CPUs of those nodes */
			struct np_idset chosen;
			np_idset_clear(&chosen);
			for (int n = np_idset_next(&o->request.cpu_nodes, 0); n >= 0;
			     n = np_idset_next(&o->request.cpu_nodes, n + 1)) {
				int index = np_topology_index(topo, n);
				if (index < 0)
					return np_fail(err, "--cpu-nodes: node %d does not exist", n);
				for (int c = np_idset_next(&request->cpus, 0); c >= 0;
				     c = np_idset_next(&request->cpus, c + 1))
					if (np_idset_has(&topo->nodes[index].cpus, c))
						np_idset_add(&chosen, c);
			}
			request->cpus = chosen;
		}
	} else if (np_idset_count(&o->c2c_cpus) == NP_ID_MAX + 1) { /* --cpus all */
		request->cpus = online;
	} else {
		for (int c = np_idset_next(&o->c2c_cpus, 0); c >= 0;
		     c = np_idset_next(&o->c2c_cpus, c + 1))
			if (!np_idset_has(&online, c))
				return np_fail(err,
					       "--cpus: CPU %d is not online or not among this "
					       "process's allowed CPUs",
					       c);
		request->cpus = o->c2c_cpus;
	}
	if (np_idset_count(&request->cpus) < 2)
		return np_fail(err, "c2c needs two CPUs or more; this process may use %d",
			       np_idset_count(&request->cpus));
	for (int m = request->line_on_a ? -1 : np_idset_next(&request->mem_nodes, 0); m >= 0;
	     m = np_idset_next(&request->mem_nodes, m + 1)) {
		int index = np_topology_index(topo, m);
		if (index < 0 || !topo->nodes[index].has_memory ||
		    !np_idset_has(&topo->allowed_nodes, m))
			return np_fail(err,
				       "--mem-nodes: node %d does not exist, has no memory, or is "
				       "not among this process's allowed memory nodes",
				       m);
	}
	return 0;
}

/* The injectors of one CPU node: --load-cpus, or the node's other cores
 * (the plan lists one CPU per core first, the chase's CPU first of all).
 * Their buffers go round the --load-mem-nodes (else they share the chased
 * target, nodes[] untouched). */
static int load_workers(const struct bench_options *o, const struct np_topology *topo,
			const struct np_plan_node *cpu, int *cpus, int *nodes,
			size_t *count, struct np_error *err)
{
	*count = 0;
	if (o->load_cpus_given) {
		for (int c = np_idset_next(&o->load_cpus, 0); c >= 0;
		     c = np_idset_next(&o->load_cpus, c + 1)) {
			if (!np_idset_has(&topo->allowed_cpus, c))
				return np_fail(err,
					       "--load-cpus: CPU %d is not online or not among this "
					       "process's allowed CPUs",
					       c);
			if (c == cpu->cpus[0])
				return np_fail(err,
					       "--load-cpus: CPU %d runs CPU node %d's chase; give the "
					       "injectors other CPUs",
					       c, cpu->id);
			if (*count < NP_LOAD_MAX_INJECTORS)
				cpus[(*count)++] = c;
		}
	} else {
		for (size_t i = 1; i < (size_t)cpu->cpu_count && i < o->plan_threads; i++)
			cpus[(*count)++] = cpu->cpus[i];
		if (*count == 0)
			return np_fail(err,
				       "CPU node %d has no core besides the chase's CPU %d to run "
				       "injectors on; give --load-cpus",
				       cpu->id, cpu->cpus[0]);
	}
	int first = np_idset_next(&o->load_nodes, 0);
	for (size_t i = 0; i < *count; i++) {
		if (!o->load_nodes_given)
			continue; /* on the chased target (load_nodes NULL) */
		/* round the list: the i-th injector on the (i mod n)-th node */
		int node = first;
		for (size_t k = 0; k < i % (size_t)np_idset_count(&o->load_nodes); k++)
			node = np_idset_next(&o->load_nodes, node + 1);
		nodes[i] = node;
	}
	for (int n = first; o->load_nodes_given && n >= 0; n = np_idset_next(&o->load_nodes, n + 1)) {
		int index = np_topology_index(topo, n);
		if (index < 0 || !topo->nodes[index].has_memory ||
		    !np_idset_has(&topo->allowed_nodes, n))
			return np_fail(err,
				       "--load-mem-nodes: node %d does not exist, has no memory, or is "
				       "not among this process's allowed memory nodes",
				       n);
	}
	return 0;
}

/* Measures the loaded-latency curve of every CPU node, memory node and
 * mix: two rows a level (ns, and the injected MB/s). */
static int measure_loaded(const struct bench_options *o, const struct np_roots *roots,
			  const struct np_topology *topo, struct np_environment *env,
			  const struct np_bench_plan *plan)
{
	struct np_error err;
	np_cli_print_lines("bench", "skipped ", np_sb_str(&plan->skipped));
	np_cli_print_lines("bench", "warning: ", np_sb_str(&plan->warnings));
	const struct np_bench_settings *s = &o->settings;
	size_t curves = plan->cpu_node_count * plan->mem_node_count * s->mix_count;
	struct np_bench_row *rows = calloc(curves * s->levels * 2, sizeof(*rows));
	int *cpus = calloc(NP_LOAD_MAX_INJECTORS, sizeof(int));
	int *nodes = calloc(NP_LOAD_MAX_INJECTORS, sizeof(int));
	if (!rows || !cpus || !nodes) {
		free(rows);
		free(cpus);
		free(nodes);
		return np_cli_failure("bench", "out of memory");
	}
	struct np_runinfo run;
	np_runinfo_init(&run, roots);
	struct progress_state progress = {o->progress == 1 ||
					  (o->progress < 0 && isatty(STDERR_FILENO))};
	size_t count = 0, done = 0;
	int rc = 0;
	uint64_t started = np_now_ns();
	for (size_t c = 0; c < plan->cpu_node_count && rc == 0; c++)
		for (size_t m = 0; m < plan->mem_node_count && rc == 0; m++)
			for (size_t x = 0; x < s->mix_count && rc == 0; x++, done++) {
				const struct np_plan_node *cpu = &plan->cpu_nodes[c];
				const struct np_plan_node *mem = &plan->mem_nodes[m];
				size_t injectors;
				rc = load_workers(o, topo, cpu, cpus, nodes, &injectors, &err);
				if (rc < 0) {
					rc = -2; /* a usage error */
					break;
				}
				char cell[128];
				snprintf(cell, sizeof(cell),
					 "loaded %s, CPU node %d -> memory node %d, %zu injector%s",
					 np_mix_info(s->mixes[x])->name, cpu->id, mem->id, injectors,
					 injectors == 1 ? "" : "s");
				double eta = (double)curves * (s->seconds * s->levels + 2);
				if (done)
					eta = (double)(np_now_ns() - started) / 1e9 / (double)done *
					      (double)(curves - done);
				show_progress(&progress, done, curves, cell, eta);
				struct np_loaded_spec spec = {
				    .mem_node = mem->id,
				    .mem_nodes = &mem->nodes,
				    .policy = mem->policy,
				    .latency_cpu = cpu->cpus[0],
				    .load_cpus = cpus,
				    .load_nodes = o->load_nodes_given ? nodes : NULL,
				    .injectors = injectors,
				    .size_bytes = mem->size_bytes,
				    .page = s->page,
				    .tlb_locality = s->tlb_locality,
				    .stride = s->stride,
				    .mix = s->mixes[x],
				    .levels = s->levels,
				    .seconds = s->seconds,
				    .repeat = s->repeat,
				    .seed = s->seed + done,
				};
				struct np_loaded_result result;
				rc = np_loaded_run(&spec, &result, &err);
				if (rc < 0) {
					np_fail_prefix(&err, "%s", cell);
					break;
				}
				for (unsigned level = 0; level < s->levels; level++)
					for (int kind = 0; kind < 2; kind++) {
						struct np_bench_row *row = &rows[count++];
						bool ns = kind == 0;
						*row = (struct np_bench_row){
						    .test = "loaded",
						    .mode = np_mix_info(s->mixes[x])->name,
						    .cpu_node = cpu->id,
						    .mem_node = mem->id,
						    .mem_name = mem->name,
						    .peer_node = -1,
						    .load_level = (int)level,
						    .policy = np_mem_policy_names[mem->policy],
						    .threads = injectors,
						    .size_bytes = ns ? result.chased_bytes
								     : result.injected_bytes,
						    .page = np_page_mode_name(s->page),
						    .unit = ns ? "ns" : "MB/s",
						    .measured_seconds = result.measured_seconds / s->levels,
						};
						/* the injectors' buffers elsewhere (--load-mem-nodes)
						 * are checked against their own nodes: all there */
						if (ns || !o->load_nodes_given) {
							np_bench_row_placement(row, mem,
									       ns ? &result.latency_census
										  : &result.load_census);
						} else {
							row->placed_pct = result.load_placed_pct;
							row->misplaced =
							    row->placed_pct < NP_PLACED_PCT_MIN;
						}
						np_summarise((ns ? result.latency_ns : result.bandwidth_mbs) +
								 level * s->repeat,
							     s->repeat, &row->summary);
					}
				np_loaded_result_free(&result);
			}
	show_progress(&progress, curves, curves, "done", 0);
	free(cpus);
	free(nodes);
	int status;
	if (rc == -2) {
		status = np_cli_usage_error("bench", "%s", err.message);
	} else if (rc < 0) {
		status = np_cli_failure("bench", err.message);
	} else {
		for (size_t i = 0; i < count; i++)
			if (rows[i].misplaced)
				fprintf(stderr,
					"numaprobe bench: warning: loaded %s %s CPU node %d -> memory "
					"node %d: only %.2f%% of the pages were on their nodes\n",
					rows[i].mode, rows[i].unit, rows[i].cpu_node, rows[i].mem_node,
					rows[i].placed_pct);
		struct np_bench_report report = {&run, o->label, env,  topo, plan,
						 s,	 rows,	   count, NULL, 0};
		status = emit(o, &report);
	}
	np_bench_rows_free(rows, count);
	return status;
}

/* The sweep's sizes: --from to --to, or to the plan's buffer size (the
 * default size rule, capped by free memory) on the smallest memory node. */
static int sweep_sizes(struct bench_options *o, const struct np_bench_plan *plan,
		       struct np_error *err)
{
	size_t to = (size_t)o->to;
	if (!o->to_given) {
		to = SIZE_MAX;
		for (size_t m = 0; m < plan->mem_node_count; m++)
			if (plan->mem_nodes[m].size_bytes < to)
				to = plan->mem_nodes[m].size_bytes;
		if (to < o->from)
			return np_fail(err,
				       "--from %llu bytes is above the largest size the memory "
				       "nodes allow, %zu",
				       (unsigned long long)o->from, to);
	}
	if (np_sweep_sizes((size_t)o->from, to, (unsigned)o->steps_per_octave, o->sweep_sizes,
			   &o->settings.sweep_count, err) < 0)
		return -1;
	o->settings.sweep_sizes = o->sweep_sizes;
	return 0;
}

/* Measures every CPU pair and hands the node summary to the renderers. */
static int measure_c2c(const struct bench_options *o, const struct np_roots *roots,
		       const struct np_topology *topo, struct np_environment *env,
		       const int *core_of, const struct np_bench_plan *plan)
{
	struct np_error err;
	struct np_c2c_request request;
	if (c2c_request(o, topo, core_of, &request, &err) < 0)
		return np_cli_usage_error("bench", "%s", err.message);
	struct np_runinfo run;
	np_runinfo_init(&run, roots);
	struct progress_state progress = {o->progress == 1 ||
					  (o->progress < 0 && isatty(STDERR_FILENO))};
	struct np_c2c_pair *pairs = NULL;
	size_t pair_count = 0, row_count = 0, incomplete = 0;
	struct np_bench_row *rows = NULL;
	if (np_c2c_run(topo, core_of, &request, show_progress, &progress, &pairs, &pair_count,
		       &err) < 0 ||
	    np_c2c_rows(pairs, pair_count, &rows, &row_count, &incomplete, &err) < 0) {
		free(pairs);
		return np_cli_failure("bench", err.message);
	}
	if (incomplete)
		fprintf(stderr,
			"numaprobe bench: warning: %zu CPU pair%s did not complete within the time "
			"(their CPUs did not run at the same time?): left out\n",
			incomplete, incomplete == 1 ? "" : "s");
	struct np_bench_report report = {&run, o->label,	 env,  topo,	   plan,
					 &o->settings, rows, row_count, pairs, pair_count};
	int status = emit(o, &report);
	np_bench_rows_free(rows, row_count);
	free(pairs);
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
		if (o.settings.c2c) {
			np_sb_init(&plan->skipped);
			np_sb_init(&plan->warnings);
			status = measure_c2c(&o, &roots, &topo, &env, core_of, plan);
		} else if (np_bench_plan_make(&topo, &env, &o.request, core_of, plan, &err) < 0 ||
			   (o.sweep && sweep_sizes(&o, plan, &err) < 0)) {
			status = np_cli_usage_error("bench", "%s", err.message);
		} else if (o.settings.loaded) {
			o.plan_threads = plan->threads;
			status = measure_loaded(&o, &roots, &topo, &env, plan);
		} else {
			status = measure(&o, &roots, &topo, &env, plan);
		}
		np_bench_plan_free(plan);
	}
	free(core_of);
	free(plan);
	np_topology_free(&topo);
	return status;
}
