/*
 * report_cmd.c: `numaprobe report placement|compare|chart|advise|fit|html`. Each reads
 * files (domain XML, capabilities, bench/stats/placement CSVs), so a CSV
 * from another host or from last month works as well as a live run. Each
 * action has its own option table: an option of another action is
 * refused, naming both.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "../cli/commands.h"
#include "../cli/options.h"
#include "../lib/fileio.h"
#include "../lib/guestview.h"
#include "../lib/libvirt_status.h"
#include "../lib/runinfo.h"
#include "../lib/tiering.h"
/* report html shows this machine's layout as `topo --format csv` does */
#include "../topo/topo_render.h"
#include "advise.h"
#include "chart.h"
#include "compare.h"
#include "domain.h"
#include "fit.h"
#include "host.h"
#include "html.h"
#include "placement.h"
#include "placement_render.h"
#include "running.h"

/* The measured view of a running guest, as text for the table. */
static void runtime_text(const struct np_roots *roots, const struct np_topology *host,
			 const struct np_libvirt_guest *guest, struct np_strbuf *out)
{
	struct np_guest_view view;
	struct np_strbuf notes;
	np_sb_init(&notes);
	struct np_error err;
	int rc = np_guest_view_read(roots, host, guest->pid, guest->name, true, guest->vcpu_tids,
				    guest->vcpu_count, NP_SOURCE_AUTO, &view, &notes, &err);
	np_sb_free(&notes);
	if (rc != NP_VIEW_READ) {
		np_sb_printf(out, "  guest %s (pid %d): %s\n", guest->name, (int)guest->pid,
			     rc == NP_VIEW_GONE ? "exited while being read" : err.message);
		return;
	}
	if (view.denied) {
		np_sb_printf(out, "  numa_maps: permission denied (run as root)\n");
	} else {
		np_sb_puts(out, "  memory MiB per host node:");
		for (size_t i = 0; i < host->node_count; i++)
			np_sb_printf(
			    out, " %d: %.1f", host->nodes[i].id,
			    (double)np_node_memory_node_total(view.memory, host->nodes[i].id) /
				(1 << 20));
		np_sb_printf(out, " (from %s)\n", view.source);
	}
	np_sb_puts(out, "  vCPUs last ran on nodes:");
	for (int v = 0; v < view.vcpu_count; v++)
		np_sb_printf(out, " %d", view.vcpu_nodes[v]);
	np_sb_putc(out, '\n');
	if (!isnan(view.local_fraction))
		np_sb_printf(out, "  measured local fraction %.3f\n", view.local_fraction);
	np_guest_view_free(&view);
}

struct report_options {
	struct np_roots roots;
	const struct np_renderer *format;
	const char *guest;
	const char *host_caps;
	const char *latency;
	struct np_strings run_ids, labels; /* compare: BEFORE's, then AFTER's */
	double alpha;			   /* compare: the significance level */
	/* advise */
	struct np_idset reserve_cpus;
	double cpu_ratio;
	bool pin_cores, smt;
	const char *out_file;
	bool count;		/* fit --count */
	bool running;		/* count what the running guests hold */
	const char *stats_file; /* ...or what a stats CSV's latest sample says */
	const char *out_dir;
	const char *html_file; /* report html --out */
	const struct np_renderer *chart_format;
	int size[2];
	char **files;
	int file_count;
};

static bool read_cores(const struct np_roots *roots, const struct np_topology *host, int *core_of);

/* The host, from capabilities or sysfs; with core_of, each CPU's core
 * too (*cores: whether the source knew any SMT siblings). */
static int load_host_cores(const struct report_options *o, struct np_topology *host, char *source,
			   size_t size, int *core_of, bool *cores, struct np_error *err)
{
	if (!o->host_caps) {
		snprintf(source, size, "sysfs %s", o->roots.sysfs);
		int rc = np_topology_read(&o->roots, host, err);
		if (rc == 0 && core_of)
			*cores = read_cores(&o->roots, host, core_of);
		return rc;
	}
	struct np_strbuf text;
	np_sb_init(&text);
	int rc = np_read_bytes(o->host_caps, &text, NULL, err);
	if (rc == 0)
		rc = np_host_from_caps_cores(o->host_caps, np_sb_str(&text), text.len, host,
					     core_of, cores, err);
	np_sb_free(&text);
	snprintf(source, size, "capabilities %s", o->host_caps);
	return rc;
}

static int load_host(const struct report_options *o, struct np_topology *host, char *source,
		     size_t size, struct np_error *err)
{
	return load_host_cores(o, host, source, size, NULL, NULL, err);
}

/* With --running or --stats, what the guests already on the host hold
 * (*counted set): their vCPUs go to held->vcpus; with a host from
 * capabilities, which give totals, their memory leaves its free memory
 * (sysfs's free memory already leaves it out). Says so on stderr. */
static int load_held(const struct report_options *o, const char *action, struct np_topology *host,
		     struct np_held *held, bool *counted, struct np_error *err)
{
	*counted = false;
	if (!o->running && !o->stats_file)
		return 0;
	struct np_strbuf notes;
	np_sb_init(&notes);
	int rc = o->running ? np_held_from_running(&o->roots, host, held, &notes, err)
			    : np_held_from_stats(o->stats_file, host, held, err);
	np_cli_print_lines(action, "", np_sb_str(&notes));
	np_sb_free(&notes);
	if (rc < 0)
		return -1;
	*counted = true;
	char from[PATH_MAX + 64];
	if (o->running)
		snprintf(from, sizeof(from), "running now");
	else
		snprintf(from, sizeof(from), "in the latest sample of %s", o->stats_file);
	fprintf(stderr, "numaprobe %s: %zu guest%s %s counted as committed%s\n", action,
		held->guests, held->guests == 1 ? "" : "s", from, held->guests ? ":" : "");
	np_cli_print_lines(action, "  ", np_sb_str(&held->summary));
	if (o->host_caps)
		np_held_take_memory(host, held);
	return 0;
}

/* The note for a host from capabilities, which give no free memory. */
static void caps_free_note(const struct report_options *o, const char *action, bool counted)
{
	if (o->host_caps)
		fprintf(stderr,
			"numaprobe %s: capabilities give no free memory: each node's total%s is "
			"taken as free\n",
			action, counted ? " less what the guests hold" : "");
}

static int run_placement(struct report_options *o)
{
	const char *action = "report placement";
	struct np_error err;
	if ((o->guest != NULL) == (o->file_count == 1) || o->file_count > 1)
		return np_cli_usage_error(action, "expected one DOMAIN.xml or --guest NAME");
	char path[PATH_MAX];
	struct np_libvirt_guest *guest = NULL;
	if (o->guest) {
		char name[300];
		snprintf(name, sizeof(name), "%s.xml", o->guest);
		if (strchr(o->guest, '/') ||
		    np_root_path(path, sizeof(path), o->roots.libvirt_run, name, &err) < 0)
			return np_cli_usage_error(action, "--guest '%s': not a guest name",
						  o->guest);
	} else {
		snprintf(path, sizeof(path), "%s", o->files[0]);
	}
	struct np_strbuf text, runtime, warnings;
	np_sb_init(&text);
	np_sb_init(&runtime);
	np_sb_init(&warnings);
	struct np_domain *domain = calloc(1, sizeof(*domain));
	struct np_placement *with = calloc(1, sizeof(*with)),
			    *without = calloc(1, sizeof(*without));
	struct np_latency_matrix *latency = o->latency ? calloc(1, sizeof(*latency)) : NULL;
	struct np_topology host = {0};
	struct np_held held = {0};
	bool counted = false;
	int status = NP_EXIT_OK;
	char host_source[PATH_MAX + 32];
	if (!domain || !with || !without || (o->latency && !latency)) {
		status = np_cli_failure("report", "out of memory");
	} else if (np_read_bytes(path, &text, NULL, &err) < 0 ||
		   np_domain_parse(path, np_sb_str(&text), text.len, domain, &err) < 0 ||
		   load_host(o, &host, host_source, sizeof(host_source), &err) < 0 ||
		   load_held(o, "report placement", &host, &held, &counted, &err) < 0 ||
		   (latency && np_latency_from_bench_csv(o->latency, latency, &err) < 0) ||
		   np_place(domain, &host, latency, true, with, &err) < 0 ||
		   np_place(domain, &host, latency, false, without, &err) < 0) {
		status = np_cli_failure("report", err.message);
	}
	if (status == NP_EXIT_OK && o->guest) {
		guest = calloc(1, sizeof(*guest));
		if (guest &&
		    np_libvirt_status_parse(path, np_sb_str(&text), text.len, guest, &err) == 0)
			runtime_text(&o->roots, &host, guest, &runtime);
		else if (guest)
			np_sb_printf(&runtime, "  %s\n", err.message);
	}
	if (status == NP_EXIT_OK) {
		np_domain_warnings(domain, &host, &warnings);
		struct np_placement_report report = {
		    domain,  host_source,	   with,
		    without, np_sb_str(&warnings), o->guest ? np_sb_str(&runtime) : NULL};
		struct np_strbuf out;
		np_sb_init(&out);
		o->format->render(&report, &out);
		/* The table shows the warnings; other formats are for machines. */
		if (o->format != &np_placement_renderers[0])
			np_cli_print_lines("report", "warning: ", np_sb_str(&warnings));
		status = np_cli_emit("report", &out);
		np_sb_free(&out);
	}
	np_sb_free(&warnings);
	np_sb_free(&runtime);
	np_sb_free(&text);
	np_topology_free(&host);
	np_held_free(&held);
	free(guest);
	free(domain);
	free(with);
	free(without);
	free(latency);
	return status;
}

static int run_compare(struct report_options *o)
{
	if (o->file_count != 2)
		return np_cli_usage_error("report compare",
					  "expected two CSV files, BEFORE and AFTER");
	if (o->run_ids.count > 2 || o->labels.count > 2)
		return np_cli_usage_error("report compare",
					  "--run-id and --label are given once (both files) or "
					  "twice (BEFORE's, then AFTER's)");
	struct np_compare_selection selection = {
	    {o->run_ids.count ? o->run_ids.items[0] : NULL,
	     o->labels.count ? o->labels.items[0] : NULL},
	    {o->run_ids.count ? o->run_ids.items[o->run_ids.count - 1] : NULL,
	     o->labels.count ? o->labels.items[o->labels.count - 1] : NULL},
	    o->alpha};
	struct np_csv_table before, after;
	struct np_error err;
	if (np_csv_read(o->files[0], &before, &err) < 0)
		return np_cli_failure("report", err.message);
	if (np_csv_read(o->files[1], &after, &err) < 0) {
		np_csv_table_free(&before);
		return np_cli_failure("report", err.message);
	}
	struct np_comparison comparison;
	int status;
	if (np_compare_tables(&before, &after, &selection, &comparison, &err) < 0) {
		status = np_cli_failure("report", err.message);
	} else {
		struct np_strbuf out;
		np_sb_init(&out);
		o->format->render(&comparison, &out);
		status = np_cli_emit("report", &out);
		np_sb_free(&out);
	}
	np_comparison_free(&comparison);
	return status;
}

static int run_chart(struct report_options *o)
{
	if (o->file_count < 1 || !o->out_dir)
		return np_cli_usage_error("report chart",
					  "expected one or more CSV files and --out DIR");
	struct np_csv_table *tables = calloc((size_t)o->file_count, sizeof(*tables));
	if (!tables)
		return np_cli_failure("report", "out of memory");
	struct np_error err;
	int read = 0, rc = 0;
	for (; rc == 0 && read < o->file_count; read++)
		rc = np_csv_read(o->files[read], &tables[read], &err);
	/* this machine's caches, marked on a sweep that ran here */
	struct np_cache_level caches[NP_MAX_CACHE_LEVELS];
	char host[256] = "";
	if (gethostname(host, sizeof(host) - 1) != 0)
		host[0] = '\0';
	size_t cache_count = np_caches_read("/sys", 0, caches, NULL);
	struct np_chart_request request = {o->chart_format,	  o->size[0], o->size[1],
					   host[0] ? host : NULL, caches,     cache_count};
	struct np_chart_set set = {0};
	if (rc == 0)
		rc = np_chart_build(tables, (size_t)o->file_count, &request, &set, &err);
	for (int i = 0; i < read; i++) /* left over after a failed read */
		np_csv_table_free(&tables[i]);
	free(tables);
	struct np_strbuf produced;
	np_sb_init(&produced);
	bool gnuplot_missing = false;
	if (rc == 0)
		rc = np_chart_write(&set, o->out_dir, &produced, &gnuplot_missing, &err);
	np_chart_set_free(&set);
	int status;
	if (rc < 0) {
		status = np_cli_failure("report", err.message);
	} else if (gnuplot_missing) {
		np_fail(&err,
			"gnuplot is not installed (apt-get install gnuplot-nox): the data and "
			"scripts are in %s, run 'gnuplot NAME.gp' there",
			o->out_dir);
		status = np_cli_failure("report", err.message);
	} else {
		status = np_cli_emit("report", &produced);
	}
	np_sb_free(&produced);
	return status;
}

/* ---- report html ----------------------------------------------------------------- */

/* This machine's layout (or that of --sysfs-root and --proc-root) as a
 * topo CSV, when an input names its host; 0 with nothing done when none
 * does. */
static int own_host(const struct report_options *o, const struct np_html_input *inputs,
		    size_t count, struct np_csv_table *host, char *source, size_t size,
		    struct np_error *err)
{
	struct np_runinfo run;
	np_runinfo_init(&run, &o->roots);
	bool named = false;
	for (size_t i = 0; i < count && !named; i++) {
		int c = np_csv_column(inputs[i].table, "host");
		for (size_t r = 0; c >= 0 && r < inputs[i].table->row_count && !named; r++)
			named = strcmp(inputs[i].table->rows[r][c], run.host) == 0;
	}
	if (!named)
		return 0;
	struct np_topology topo;
	if (np_topology_read(&o->roots, &topo, err) < 0)
		return -1;
	struct np_tiering *tiering = calloc(1, sizeof(*tiering));
	if (!tiering || np_tiering_read(&o->roots, tiering, err) < 0) {
		np_topology_free(&topo);
		free(tiering);
		return tiering ? -1 : np_fail(err, "out of memory");
	}
	struct np_topo_report report = {&topo, tiering, &run, ""};
	struct np_strbuf csv;
	np_sb_init(&csv);
	np_renderer_find(np_topo_renderers, "csv", NULL)->render(&report, &csv);
	snprintf(source, size,
		 "this machine, %.200s (its sysfs %.300s), whose name the inputs give", run.host,
		 o->roots.sysfs);
	int rc = np_csv_parse(source, np_sb_str(&csv), host, err);
	np_sb_free(&csv);
	np_topology_free(&topo);
	free(tiering);
	return rc < 0 ? -1 : 1;
}

/* Draws the charts of the chartable inputs as SVG in a private
 * directory, keeps each SVG's text and removes the directory. */
static int html_charts(const struct report_options *o, const struct np_html_input *inputs,
		       size_t count, struct np_chart_set *set, char ***svgs, const char **note,
		       struct np_error *err)
{
	struct np_csv_table *tables = calloc(count + 1, sizeof(*tables));
	if (!tables)
		return np_fail(err, "out of memory");
	size_t n = 0;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < count; i++)
		if (strcmp(inputs[i].kind, "topo") != 0)
			rc = np_csv_read(inputs[i].table->path, &tables[n++], err);
	char host[256] = "";
	if (gethostname(host, sizeof(host) - 1) != 0)
		host[0] = '\0';
	struct np_cache_level caches[NP_MAX_CACHE_LEVELS];
	size_t cache_count = np_caches_read("/sys", 0, caches, NULL);
	struct np_chart_request request = {&np_chart_formats[1],  o->size[0], o->size[1],
					   host[0] ? host : NULL, caches,     cache_count};
	if (rc == 0 && n > 0)
		rc = np_chart_build(tables, n, &request, set, err);
	for (size_t i = 0; i < n; i++)
		np_csv_table_free(&tables[i]);
	free(tables);
	if (rc < 0 || set->count == 0)
		return rc;
	*svgs = calloc(set->count, sizeof(**svgs));
	if (!*svgs)
		return np_fail(err, "out of memory");
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/numaprobe-html.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return np_fail(err, "%s: cannot create: %s", dir, strerror(errno));
	struct np_strbuf produced;
	np_sb_init(&produced);
	bool missing = false;
	rc = np_chart_write(set, dir, &produced, &missing, err);
	np_sb_free(&produced);
	if (missing)
		*note =
		    "gnuplot is not installed (apt-get install gnuplot-nox): no chart is drawn; "
		    "the tables hold every value";
	static const char *const extensions[] = {"svg", "gp", "dat"};
	for (size_t i = 0; i < set->count; i++)
		for (size_t e = 0; e < 3; e++) {
			char path[PATH_MAX + 200];
			snprintf(path, sizeof(path), "%s/%s.%s", dir, set->charts[i].name,
				 extensions[e]);
			struct np_strbuf svg;
			np_sb_init(&svg);
			if (e == 0 && rc == 0 && !missing &&
			    np_read_bytes(path, &svg, NULL, NULL) == 0)
				(*svgs)[i] = strdup(np_sb_str(&svg));
			np_sb_free(&svg);
			unlink(path);
		}
	rmdir(dir);
	return rc;
}

/* report compare of two files as its CSV table, or why not in note. */
static void compare_pair(const char *before_path, const char *after_path, double alpha,
			 struct np_csv_table *table, char *note, size_t size)
{
	struct np_csv_table before, after;
	struct np_compare_selection selection = {{NULL, NULL}, {NULL, NULL}, alpha};
	struct np_comparison c;
	struct np_error why;
	bool ok = np_csv_read(before_path, &before, &why) == 0;
	if (ok && np_csv_read(after_path, &after, &why) < 0) {
		np_csv_table_free(&before);
		ok = false;
	}
	if (ok) { /* np_compare_tables takes both tables over */
		ok = np_compare_tables(&before, &after, &selection, &c, &why) == 0;
		if (ok) {
			struct np_strbuf csv;
			np_sb_init(&csv);
			np_renderer_find(np_compare_renderers, "csv", NULL)->render(&c, &csv);
			ok = np_csv_parse("report compare", np_sb_str(&csv), table, &why) == 0;
			np_sb_free(&csv);
		}
		np_comparison_free(&c); /* what it read before failing, too */
	}
	if (!ok)
		snprintf(note, size, "no comparison: %s", why.message);
}

/* Whether a file that is not CSV starts as JSON does ('{' or '['). */
static bool looks_like_json(const char *path)
{
	struct np_strbuf text;
	np_sb_init(&text);
	bool json = false;
	if (np_read_bytes(path, &text, NULL, NULL) == 0) {
		const char *p = np_sb_str(&text);
		p += strspn(p, " \t\r\n");
		json = *p == '{' || *p == '[';
	}
	np_sb_free(&text);
	return json;
}

static int run_html(struct report_options *o)
{
	if (o->file_count < 1 || !o->html_file)
		return np_cli_usage_error("report html",
					  "expected one or more CSV files and --out REPORT.html");
	size_t count = (size_t)o->file_count;
	struct np_csv_table *tables = calloc(count, sizeof(*tables));
	struct np_html_input *inputs = calloc(count, sizeof(*inputs));
	struct np_csv_table host = {0}, comparisons[2] = {{0}, {0}};
	struct np_chart_set set = {0};
	char **svgs = NULL;
	struct np_error err;
	int rc = tables && inputs ? 0 : np_fail(&err, "out of memory");
	size_t pair[2][2], pair_count[2] = {0, 0}, read = 0; /* bench, stats */
	const struct np_csv_table *host_table = NULL;
	const char *host_source = NULL;
	for (; rc == 0 && read < count; read++) {
		rc = np_csv_read(o->files[read], &tables[read], &err);
		if (rc < 0 && looks_like_json(o->files[read]))
			np_fail(
			    &err,
			    "%s: JSON: report html reads numaprobe's CSVs (for the host's layout: "
			    "numaprobe topo --format csv)",
			    o->files[read]);
		enum np_csv_kind kind = rc == 0 ? np_csv_kind_of(&tables[read]) : NP_CSV_UNKNOWN;
		if (rc == 0 && kind == NP_CSV_UNKNOWN)
			rc = np_fail(&err,
				     "%s: not a numaprobe bench, stats, placement, fit or topo CSV "
				     "(for the host's layout: numaprobe topo --format csv)",
				     o->files[read]);
		inputs[read] = (struct np_html_input){&tables[read], np_csv_kind_name(kind)};
		int k = kind == NP_CSV_BENCH ? 0 : kind == NP_CSV_STATS ? 1 : -1;
		if (k >= 0 && pair_count[k] < 2)
			pair[k][pair_count[k]] = read;
		pair_count[k < 0 ? 0 : k] += k >= 0;
		if (kind == NP_CSV_TOPO && !host_table)
			host_table = &tables[read];
	}
	char source[600];
	if (rc == 0 && !host_table) {
		int own = own_host(o, inputs, count, &host, source, sizeof(source), &err);
		rc = own < 0 ? -1 : 0;
		if (own > 0) {
			host_table = &host;
			host_source = source;
		}
	}
	const char *charts_note = NULL;
	if (rc == 0)
		rc = html_charts(o, inputs, count, &set, &svgs, &charts_note, &err);
	/* two bench runs or two stats files, before and after: report
	 * compare's table of each pair */
	char compare_notes[2][1100] = {"", ""};
	for (int k = 0; rc == 0 && k < 2; k++)
		if (pair_count[k] == 2)
			compare_pair(tables[pair[k][0]].path, tables[pair[k][1]].path, o->alpha,
				     &comparisons[k], compare_notes[k], sizeof(compare_notes[k]));
	if (rc == 0) {
		struct np_runinfo now;
		np_runinfo_init(&now, &o->roots);
		struct np_html_page page = {
		    .inputs = inputs,
		    .input_count = count,
		    .host = host_table,
		    .host_source = host_source,
		    .charts = &set,
		    .svgs = (const char *const *)svgs,
		    .charts_note = charts_note,
		    .comparisons = {comparisons[0].columns ? &comparisons[0] : NULL,
				    comparisons[1].columns ? &comparisons[1] : NULL},
		    .compare_notes = {compare_notes[0][0] ? compare_notes[0] : NULL,
				      compare_notes[1][0] ? compare_notes[1] : NULL},
		    .generated = now.timestamp,
		    .version = NUMAPROBE_VERSION};
		struct np_strbuf html;
		np_sb_init(&html);
		rc = np_html_render(&page, &html, &err);
		if (rc == 0)
			rc = np_write_file_atomic(o->html_file, np_sb_str(&html), html.len, &err);
		np_sb_free(&html);
		if (rc == 0 && charts_note)
			np_cli_print_lines("report", "warning: ", charts_note);
	}
	for (size_t i = 0; svgs && i < set.count; i++)
		free(svgs[i]);
	free(svgs);
	np_chart_set_free(&set);
	for (size_t i = 0; tables && i < read; i++)
		np_csv_table_free(&tables[i]);
	np_csv_table_free(&host);
	np_csv_table_free(&comparisons[0]);
	np_csv_table_free(&comparisons[1]);
	free(tables);
	free(inputs);
	if (rc < 0)
		return np_cli_failure("report", err.message);
	return NP_EXIT_OK;
}

/* Each CPU's core (the lowest id of its SMT siblings) from the sysfs
 * tree; false when the tree lists no siblings (then every CPU is a core). */
static bool read_cores(const struct np_roots *roots, const struct np_topology *host, int *core_of)
{
	bool any = false;
	struct np_strbuf text;
	np_sb_init(&text);
	for (int c = 0; c <= NP_ID_MAX; c++)
		core_of[c] = c;
	for (size_t n = 0; n < host->node_count; n++)
		for (int c = np_idset_next(&host->nodes[n].cpus, 0); c >= 0;
		     c = np_idset_next(&host->nodes[n].cpus, c + 1)) {
			char rel[128], path[PATH_MAX];
			snprintf(rel, sizeof(rel),
				 "devices/system/cpu/cpu%d/topology/thread_siblings_list", c);
			struct np_idset siblings;
			struct np_error ignored;
			if (np_root_path(path, sizeof(path), roots->sysfs, rel, &ignored) < 0 ||
			    np_read_line_file(path, &text, NULL, NULL) < 0 ||
			    np_idset_parse(np_sb_str(&text), &siblings, &ignored) < 0 ||
			    np_idset_empty(&siblings))
				continue;
			core_of[c] = np_idset_next(&siblings, 0);
			any = true;
		}
	np_sb_free(&text);
	return any;
}

/* The advice's options from the command line: core_of where the host
 * knew its SMT siblings, held where guests already there were counted. */
static struct np_advise_options advise_options(const struct report_options *o, const int *core_of,
					       const struct np_held *held)
{
	return (struct np_advise_options){.cpu_ratio = o->cpu_ratio,
					  .reserve = o->reserve_cpus,
					  .pin_cores = o->pin_cores,
					  .smt = o->smt,
					  .core_of = core_of,
					  .free_is_total = o->host_caps != NULL,
					  .committed_vcpus = held ? held->vcpus : NULL};
}

static int run_advise(struct report_options *o)
{
	const char *action = "report advise";
	if (o->file_count != 1)
		return np_cli_usage_error(action, "expected one DOMAIN.xml");
	if (!(o->cpu_ratio > 0))
		o->cpu_ratio = 1.0;
	struct np_error err;
	struct np_strbuf text, xml, advised_text;
	np_sb_init(&text);
	np_sb_init(&xml);
	np_sb_init(&advised_text);
	struct np_domain *domain = calloc(1, sizeof(*domain)),
			 *advised = calloc(1, sizeof(*advised));
	struct np_placement *before = calloc(1, sizeof(*before)),
			    *after = calloc(1, sizeof(*after));
	struct np_latency_matrix *latency = o->latency ? calloc(1, sizeof(*latency)) : NULL;
	int *core_of = calloc(NP_ID_MAX + 1, sizeof(int));
	struct np_topology host = {0};
	struct np_capacity cap = {0};
	struct np_held held = {0};
	bool counted = false;
	struct np_advice advice = {0};
	np_sb_init(&advice.decisions);
	char source[PATH_MAX + 32];
	int status = NP_EXIT_OK;
	bool cores = false;
	if (!domain || !advised || !before || !after || !core_of || (o->latency && !latency)) {
		status = np_cli_failure("report", "out of memory");
	} else if (np_read_bytes(o->files[0], &text, NULL, &err) < 0 ||
		   np_domain_parse(o->files[0], np_sb_str(&text), text.len, domain, &err) < 0 ||
		   load_host_cores(o, &host, source, sizeof(source), core_of, &cores, &err) < 0 ||
		   load_held(o, action, &host, &held, &counted, &err) < 0 ||
		   (latency && np_latency_from_bench_csv(o->latency, latency, &err) < 0) ||
		   np_place(domain, &host, latency, true, before, &err) < 0) {
		status = np_cli_failure("report", err.message);
	}
	struct np_advise_options opts =
	    advise_options(o, cores ? core_of : NULL, counted ? &held : NULL);
	if (status == NP_EXIT_OK &&
	    (np_capacity_make(&host, &opts, np_domain_page_bytes(domain), &cap, &err) < 0 ||
	     np_advise(domain, &host, latency, &cap, o->pin_cores, &advice, &err) < 0))
		status = np_cli_failure("report", err.message);
	if (status == NP_EXIT_OK && !advice.fits) {
		fprintf(stderr, "numaprobe %s: %s does not fit %s: it %s\n", action, domain->name,
			source, advice.reason);
		status = NP_EXIT_NO_ROOM;
	}
	if (status == NP_EXIT_OK &&
	    (np_advice_xml(np_sb_str(&text), text.len, domain, &host, &advice, &xml, &err) < 0 ||
	     np_domain_parse("the advised XML", np_sb_str(&xml), xml.len, advised, &err) < 0 ||
	     np_place(advised, &host, latency, true, after, &err) < 0))
		status = np_cli_failure("report", err.message);
	if (status == NP_EXIT_OK) {
		caps_free_note(o, action, counted);
		if (o->pin_cores && !cores)
			fprintf(stderr,
				"numaprobe %s: no SMT siblings known for %s: every CPU counts as a "
				"core\n",
				action, source);
		np_cli_print_lines(action, "", np_sb_str(&advice.decisions));
		fprintf(stderr,
			"numaprobe %s: before: local fraction %.3f, expected latency %.2f %s; "
			"after: local fraction %.3f, expected latency %.2f %s\n",
			action, before->local_fraction, before->expected_latency,
			before->latency_unit, after->local_fraction, after->expected_latency,
			after->latency_unit);
		if (o->out_file) {
			if (np_write_file_atomic(o->out_file, np_sb_str(&xml), xml.len, &err) < 0)
				status = np_cli_failure("report", err.message);
		} else {
			status = np_cli_emit("report", &xml);
		}
	}
	np_advice_free(&advice);
	np_capacity_free(&cap);
	np_held_free(&held);
	np_topology_free(&host);
	np_sb_free(&text);
	np_sb_free(&advised_text);
	np_sb_free(&xml);
	free(domain);
	free(advised);
	free(before);
	free(after);
	free(latency);
	free(core_of);
	return status;
}

static int run_fit(struct report_options *o)
{
	const char *action = "report fit";
	if (o->file_count < 1)
		return np_cli_usage_error(action, "expected one GUEST.xml or more");
	if (o->count && o->file_count != 1)
		return np_cli_usage_error(action, "--count counts the copies of one GUEST.xml");
	if (!(o->cpu_ratio > 0))
		o->cpu_ratio = 1.0;
	struct np_error err;
	struct np_domain *guests = calloc((size_t)o->file_count, sizeof(*guests));
	struct np_latency_matrix *latency = o->latency ? calloc(1, sizeof(*latency)) : NULL;
	int *core_of = calloc(NP_ID_MAX + 1, sizeof(int));
	struct np_topology host = {0};
	struct np_fit fit = {0};
	struct np_held held = {0};
	char source[PATH_MAX + 32];
	bool cores = false, counted = false;
	int status = NP_EXIT_OK;
	if (!guests || !core_of || (o->latency && !latency))
		status = np_cli_failure("report", "out of memory");
	struct np_strbuf text;
	np_sb_init(&text);
	for (int i = 0; status == NP_EXIT_OK && i < o->file_count; i++) {
		np_sb_reset(&text);
		if (np_read_bytes(o->files[i], &text, NULL, &err) < 0 ||
		    np_domain_parse(o->files[i], np_sb_str(&text), text.len, &guests[i], &err) < 0)
			status = np_cli_failure("report", err.message);
	}
	np_sb_free(&text);
	if (status == NP_EXIT_OK &&
	    (load_host_cores(o, &host, source, sizeof(source), core_of, &cores, &err) < 0 ||
	     load_held(o, action, &host, &held, &counted, &err) < 0 ||
	     (latency && np_latency_from_bench_csv(o->latency, latency, &err) < 0)))
		status = np_cli_failure("report", err.message);
	struct np_advise_options opts =
	    advise_options(o, cores ? core_of : NULL, counted ? &held : NULL);
	if (status == NP_EXIT_OK &&
	    (np_fit_guests(guests, (size_t)o->file_count, &host, latency, &opts, &fit, &err) < 0 ||
	     (o->count && np_fit_count(&guests[0], &host, latency, &opts, &fit, &err) < 0)))
		status = np_cli_failure("report", err.message);
	if (status == NP_EXIT_OK) {
		caps_free_note(o, action, counted);
		struct np_strbuf out;
		np_sb_init(&out);
		o->format->render(&fit, &out);
		status = np_cli_emit("report", &out);
		np_sb_free(&out);
		for (size_t i = 0; status == NP_EXIT_OK && i < fit.count; i++)
			if (!fit.rows[i].fits)
				status = NP_EXIT_NO_ROOM;
	}
	np_fit_free(&fit);
	np_held_free(&held);
	np_topology_free(&host);
	free(guests);
	free(latency);
	free(core_of);
	return status;
}

int np_cmd_report(int argc, char **argv)
{
	struct report_options o;
	memset(&o, 0, sizeof(o));
	struct np_error err;
	if (np_roots_init(&o.roots, &err) < 0)
		return np_cli_usage_error("report", "%s", err.message);
	o.alpha = 0.01;
	o.size[0] = 900;
	o.size[1] = 600;
	o.chart_format = &np_chart_formats[0];
	/* Options several actions share, each written once. */
#define HOST_CAPS_OPTION                                                                           \
	{                                                                                          \
		"host-caps", 0, NP_OPT_PATH, &o.host_caps, "FILE",                                 \
		    "the host from 'virsh capabilities' (default: this host, or --sysfs-root)"     \
	}
#define HELD_OPTIONS                                                                               \
	{"running",   0,                                                                           \
	 NP_OPT_FLAG, &o.running,                                                                  \
	 NULL,	      "count what the guests running now hold (vCPUs; memory with --host-caps)"},  \
	{                                                                                          \
		"stats", 0, NP_OPT_PATH, &o.stats_file, "FILE",                                    \
		    "count what the guests of a stats CSV's latest sample hold"                    \
	}
#define ADVICE_OPTIONS                                                                             \
	HOST_CAPS_OPTION,                                                                          \
	    {"latency",	 0,	 NP_OPT_PATH,                                                      \
	     &o.latency, "FILE", "a bench CSV: nodes close by measured latency instead of SLIT"},  \
	    HELD_OPTIONS,                                                                          \
	    {"reserve-cpus",  0,      NP_OPT_IDLIST,                                               \
	     &o.reserve_cpus, "LIST", "host CPUs never given to guests (the host's own)"},         \
	    {"cpu-ratio",  0,	     NP_OPT_REAL,                                                  \
	     &o.cpu_ratio, "R",	     "vCPUs a host CPU may carry (default 1.0)",                   \
	     .min = 0,	   .max = 64},                                                             \
	    {"pin-cores",  0,	 NP_OPT_FLAG,                                                      \
	     &o.pin_cores, NULL, "one vCPU per physical core, each pinned to its own"},            \
	{                                                                                          \
		"smt", 0, NP_OPT_FLAG, &o.smt, NULL, "with --pin-cores: SMT siblings count too"    \
	}
	const struct np_option placement[] = {
	    {"guest", 0, NP_OPT_STRING, &o.guest, "NAME",
	     "a running guest's live XML from the libvirt run dir, measured beside it"},
	    HOST_CAPS_OPTION,
	    {"latency", 0, NP_OPT_PATH, &o.latency, "FILE",
	     "a bench CSV: expected latency in ns instead of SLIT units"},
	    HELD_OPTIONS,
	    NP_OPTION_FORMAT(&o.format, np_placement_renderers),
	    NP_OPTIONS_ALL_ROOTS(&o.roots),
	    {NULL},
	};
	const struct np_option compare[] = {
	    {"run-id", 0, NP_OPT_STRINGS, &o.run_ids, "ID",
	     "the run to use (default: the latest); twice: BEFORE's, then AFTER's"},
	    {"label", 0, NP_OPT_STRINGS, &o.labels, "TEXT",
	     "the rows with this label; twice: BEFORE's, then AFTER's"},
	    {"alpha", 0, NP_OPT_REAL, &o.alpha, "P",
	     "significance level of Welch's t-test (default 0.01)", .min = 0, .max = 0.5},
	    NP_OPTION_FORMAT(&o.format, np_compare_renderers),
	    {NULL},
	};
	const struct np_option advise[] = {
	    ADVICE_OPTIONS,
	    {"out", 0, NP_OPT_PATH, &o.out_file, "FILE",
	     "write the XML to FILE (atomically) instead of stdout"},
	    NP_OPTIONS_ALL_ROOTS(&o.roots),
	    {NULL},
	};
	const struct np_option fit[] = {
	    ADVICE_OPTIONS,
	    {"count", 0, NP_OPT_FLAG, &o.count, NULL,
	     "how many copies of the guest fit (on one node each, and spread)"},
	    NP_OPTION_FORMAT(&o.format, np_fit_renderers),
	    NP_OPTIONS_ALL_ROOTS(&o.roots),
	    {NULL},
	};
#undef ADVICE_OPTIONS
#undef HELD_OPTIONS
#undef HOST_CAPS_OPTION
	const struct np_option chart[] = {
	    {"out", 0, NP_OPT_PATH, &o.out_dir, "DIR", "where images, scripts and data go"},
	    NP_OPTION_FORMAT(&o.chart_format, np_chart_formats),
	    {"size", 0, NP_OPT_PIXELS, o.size, "WxH", "image size in pixels (default 900x600)",
	     .min = 100, .max = 10000},
	    {NULL},
	};
	const struct np_option html[] = {
	    {"out", 0, NP_OPT_PATH, &o.html_file, "FILE",
	     "the page to write (atomically), e.g. report.html"},
	    {"size", 0, NP_OPT_PIXELS, o.size, "WxH",
	     "chart size in pixels (default 900x600; the page scales them down to fit)", .min = 100,
	     .max = 10000},
	    {"alpha", 0, NP_OPT_REAL, &o.alpha, "P",
	     "significance level of the before/after comparison (default 0.01)", .min = 0,
	     .max = 0.5},
	    NP_OPTIONS_SYSFS_PROC_ROOTS(&o.roots),
	    {NULL},
	};
	const struct np_command actions[] = {
	    {"report placement", "DOMAIN.xml|--guest NAME [OPTIONS]",
	     "Where a guest's vCPUs and memory land on the host's nodes with and without\n"
	     "its <cpu><numa> cells: local fraction, expected latency, flags, warnings.\n",
	     placement, NULL, "a guest's placement with and without its <cpu><numa> cells", -1},
	    {"report compare", "BEFORE.csv AFTER.csv [OPTIONS]",
	     "Two bench runs (before/after), or two stats files, side by side.\n", compare, NULL,
	     "two bench runs, or two stats files, side by side", -1},
	    {"report chart", "FILE.csv... --out DIR [OPTIONS]",
	     "gnuplot charts, with their .gp scripts and .dat data, of bench, stats,\n"
	     "placement and fit CSVs.\n",
	     chart, NULL, "gnuplot charts of bench, stats, placement and fit CSVs", -1},
	    {"report advise", "DOMAIN.xml [OPTIONS]",
	     "The domain XML tuned for this host: vCPUs pinned and memory bound to the\n"
	     "fewest, closest nodes that hold the guest, with guest cells to match.\n"
	     "Exit status 3 when it does not fit.\n",
	     advise, NULL, "the domain XML tuned for the host", -1},
	    {"report fit", "GUEST.xml... [OPTIONS]",
	     "Which guests fit the host and where, placed in turn by the advise rules;\n"
	     "--count: how many copies of one fit. Exit status 3 when one does not fit.\n",
	     fit, NULL, "which guests fit the host, and where", -1},
	    {"report html", "FILE.csv... --out REPORT.html [OPTIONS]",
	     "One self-contained page (no script, nothing fetched) for capacity planning:\n"
	     "the inputs' hosts, runs and times; the host layout (a topo CSV among the\n"
	     "inputs, else this machine when the inputs name it); every chart of report\n"
	     "chart inlined as SVG with its values in a table beside it; before and after\n"
	     "with p-values; placement and fit results.\n",
	     html, NULL, "one self-contained HTML page of all the inputs", -1},
	    {NULL},
	};
	int (*const runs[])(struct report_options *) = {run_placement, run_compare, run_chart,
							run_advise,    run_fit,	    run_html};
	const struct np_renderer *formats[] = {
	    np_placement_renderers, np_compare_renderers, NULL, NULL, np_fit_renderers, NULL};
	const char *action = argc > 1 ? argv[1] : "";
	if (strcmp(action, "--help") == 0 || strcmp(action, "-h") == 0) {
		struct np_strbuf help;
		np_sb_init(&help);
		np_sb_puts(&help, "Usage: numaprobe report ACTION ...\n\nActions:\n");
		for (size_t a = 0; actions[a].name; a++)
			np_sb_printf(&help, "  %-9s  %s\n", actions[a].name + 7,
				     actions[a].summary);
		np_sb_puts(&help,
			   "\n'numaprobe report ACTION --help' lists an action's options.\n");
		int status = np_cli_emit("report", &help);
		np_sb_free(&help);
		return status;
	}
	for (size_t a = 0; actions[a].name; a++) {
		if (strcmp(action, actions[a].name + 7) != 0)
			continue;
		if (formats[a])
			o.format = &formats[a][0];
		int status = np_options_parse(&actions[a], actions, argc - 1, argv + 1, &o.files,
					      &o.file_count);
		if (status == NP_OPTIONS_CONTINUE && o.running && o.stats_file)
			status = np_cli_usage_error(actions[a].name,
						    "--running and --stats both say what the "
						    "guests hold: give one");
		if (status == NP_OPTIONS_CONTINUE)
			status = runs[a](&o);
		free(o.run_ids.items);
		free(o.labels.items);
		return status;
	}
	if (!*action)
		return np_cli_usage_error(
		    "report", "missing the action: placement, compare, chart, advise, fit or html");
	return np_cli_usage_error(
	    "report",
	    "unknown action '%s': expected placement, compare, chart, advise, fit or html", action);
}
