/*
 * report_cmd.c: `numaprobe report placement|compare|chart`. Each reads
 * files (domain XML, capabilities, bench/stats/placement CSVs), so a CSV
 * from another host or from last month works as well as a live run.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../cli/commands.h"
#include "../lib/fileio.h"
#include "../lib/guestview.h"
#include "../lib/libvirt_status.h"
#include "chart.h"
#include "compare.h"
#include "domain.h"
#include "host.h"
#include "placement.h"
#include "placement_render.h"

static const char report_usage[] =
    "Usage: numaprobe report placement DOMAIN.xml|--guest NAME [--host-caps CAPS.xml]\n"
    "                               [--latency BENCH.csv] [--format table|csv|json]\n"
    "       numaprobe report compare BEFORE.csv AFTER.csv [--run-id ID] [--label TEXT]\n"
    "                               [--format table|csv|json]\n"
    "       numaprobe report chart FILE.csv... --out DIR [--format png|svg] [--size WxH]\n"
    "\n"
    "  placement  where a guest's vCPUs and memory land on the host's nodes with and\n"
    "             without its <cpu><numa> cells: local fraction, expected latency, flags\n"
    "  compare    two bench runs (before/after) or two stats files, side by side\n"
    "  chart      gnuplot charts (with their .gp scripts and data) of bench, stats and\n"
    "             placement CSVs\n"
    "\n"
    "      --guest NAME       the running guest's live XML from the libvirt run dir,\n"
    "                         and its measured placement beside the prediction\n"
    "      --host-caps FILE   the host from 'virsh capabilities' (default: this host,\n"
    "                         or --sysfs-root)\n"
    "      --latency FILE     a bench CSV: expected latency in ns instead of SLIT units\n"
    "      --run-id ID        compare: the run of each file to use (default: the latest)\n"
    "      --label TEXT       compare: the label of the rows to use\n"
    "      --out DIR          chart: where images, scripts and data go\n"
    "      --size WxH         chart: image size in pixels (default 900x600)\n"
    "  -f, --format FMT       table, csv or json; png or svg for chart\n"
    "      --sysfs-root DIR, --proc-root DIR, --libvirt-run-dir DIR, --cgroup-root DIR\n"
    "  -h, --help             show this help\n";

enum { OPT_GUEST = 5000, OPT_HOST_CAPS, OPT_LATENCY, OPT_RUN_ID, OPT_LABEL, OPT_OUT, OPT_SIZE };

struct report_options {
	const char *action;
	const char *guest;
	const char *host_caps;
	const char *latency;
	const char *run_id;
	const char *label;
	const char *out_dir;
	const char *format_text;
	int width, height;
	struct np_roots roots;
	char **files;
	int file_count;
};

static int parse_options(int argc, char **argv, struct report_options *o)
{
	static const struct option long_options[] = {
	    {"guest", required_argument, NULL, OPT_GUEST},
	    {"host-caps", required_argument, NULL, OPT_HOST_CAPS},
	    {"latency", required_argument, NULL, OPT_LATENCY},
	    {"run-id", required_argument, NULL, OPT_RUN_ID},
	    {"label", required_argument, NULL, OPT_LABEL},
	    {"out", required_argument, NULL, OPT_OUT},
	    {"size", required_argument, NULL, OPT_SIZE},
	    {"format", required_argument, NULL, 'f'},
	    NP_CLI_ROOT_OPTIONS,
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct np_error err;
	o->width = 900;
	o->height = 600;
	if (np_roots_init(&o->roots, &err) < 0)
		return np_cli_usage_error("report", "%s", err.message);
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":f:h", long_options, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(report_usage, stdout);
			return NP_EXIT_OK;
		case ':':
			return np_cli_usage_error("report", "option '%s' needs a value",
						  argv[optind - 1]);
		case '?':
			return np_cli_usage_error("report", "unknown option '%s'",
						  argv[optind - 1]);
		case OPT_GUEST:
			o->guest = optarg;
			break;
		case OPT_HOST_CAPS:
			o->host_caps = optarg;
			break;
		case OPT_LATENCY:
			o->latency = optarg;
			break;
		case OPT_RUN_ID:
			o->run_id = optarg;
			break;
		case OPT_LABEL:
			o->label = optarg;
			break;
		case OPT_OUT:
			o->out_dir = optarg;
			break;
		case OPT_SIZE: {
			int used = 0;
			if (sscanf(optarg, "%dx%d%n", &o->width, &o->height, &used) != 2 ||
			    optarg[used] || o->width < 100 || o->height < 100 || o->width > 10000 ||
			    o->height > 10000)
				return np_cli_usage_error("report",
							  "--size '%s': expected WIDTHxHEIGHT in "
							  "pixels, 100 to 10000 each",
							  optarg);
			break;
		}
		case 'f':
			o->format_text = optarg;
			break;
		default:
			if (np_cli_apply_root(&o->roots, c, optarg, &err) < 0)
				return np_cli_usage_error("report", "%s", err.message);
		}
	}
	if (optind >= argc)
		return np_cli_usage_error("report",
					  "missing the action: placement, compare or chart");
	o->action = argv[optind++];
	o->files = argv + optind;
	o->file_count = argc - optind;
	return -1;
}

/* The measured view of a running guest, as text for the table. */
static void runtime_text(const struct np_roots *roots, const struct np_topology *host,
			 const struct np_libvirt_guest *guest, struct np_strbuf *out)
{
	struct np_guest_view view;
	struct np_strbuf notes;
	np_sb_init(&notes);
	struct np_error err;
	int rc = np_guest_view_read(roots, host, guest->pid, guest->name, guest->vcpu_tids,
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

static int load_host(const struct report_options *o, struct np_topology *host, char *source,
		     size_t size, struct np_error *err)
{
	if (!o->host_caps) {
		snprintf(source, size, "sysfs %s", o->roots.sysfs);
		return np_topology_read(&o->roots, host, err);
	}
	struct np_strbuf text;
	np_sb_init(&text);
	int rc = np_read_bytes(o->host_caps, &text, NULL, err);
	if (rc == 0)
		rc = np_host_from_caps(o->host_caps, np_sb_str(&text), text.len, host, err);
	np_sb_free(&text);
	snprintf(source, size, "capabilities %s", o->host_caps);
	return rc;
}

static int run_placement(struct report_options *o)
{
	enum np_format format = NP_FORMAT_TABLE;
	struct np_error err;
	if (o->format_text && np_cli_parse_format(o->format_text, &format, &err) < 0)
		return np_cli_usage_error("report", "%s", err.message);
	if ((o->guest != NULL) == (o->file_count == 1) || o->file_count > 1)
		return np_cli_usage_error("report",
					  "placement takes one DOMAIN.xml or --guest NAME");
	char path[PATH_MAX];
	struct np_libvirt_guest *guest = NULL;
	if (o->guest) {
		char name[300];
		snprintf(name, sizeof(name), "%s.xml", o->guest);
		if (strchr(o->guest, '/') ||
		    np_root_path(path, sizeof(path), o->roots.libvirt_run, name, &err) < 0)
			return np_cli_usage_error("report", "--guest '%s': not a guest name",
						  o->guest);
	} else {
		snprintf(path, sizeof(path), "%s", o->files[0]);
	}
	struct np_strbuf text;
	np_sb_init(&text);
	struct np_domain *domain = calloc(1, sizeof(*domain));
	struct np_placement *with = calloc(1, sizeof(*with)),
			    *without = calloc(1, sizeof(*without));
	struct np_latency_matrix *latency = o->latency ? calloc(1, sizeof(*latency)) : NULL;
	struct np_topology host = {0};
	int status = NP_EXIT_OK;
	char host_source[PATH_MAX + 32];
	char warnings[8192] = "";
	if (!domain || !with || !without || (o->latency && !latency)) {
		status = np_cli_failure("report", "out of memory");
	} else if (np_read_bytes(path, &text, NULL, &err) < 0 ||
		   np_domain_parse(path, np_sb_str(&text), text.len, domain, &err) < 0 ||
		   load_host(o, &host, host_source, sizeof(host_source), &err) < 0 ||
		   (latency && np_latency_from_bench_csv(o->latency, latency, &err) < 0) ||
		   np_place(domain, &host, latency, true, with, &err) < 0 ||
		   np_place(domain, &host, latency, false, without, &err) < 0) {
		status = np_cli_failure("report", err.message);
	}
	struct np_strbuf runtime;
	np_sb_init(&runtime);
	if (status == NP_EXIT_OK && o->guest) {
		guest = calloc(1, sizeof(*guest));
		if (guest &&
		    np_libvirt_status_parse(path, np_sb_str(&text), text.len, guest, &err) == 0)
			runtime_text(&o->roots, &host, guest, &runtime);
		else if (guest)
			np_sb_printf(&runtime, "  %s\n", err.message);
	}
	if (status == NP_EXIT_OK) {
		np_domain_warnings(domain, &host, warnings, sizeof(warnings));
		struct np_placement_report report = {
		    domain,  host_source, with,
		    without, warnings,	  o->guest ? np_sb_str(&runtime) : NULL};
		struct np_strbuf out;
		np_sb_init(&out);
		if (format == NP_FORMAT_CSV)
			np_placement_render_csv(&report, &out);
		else if (format == NP_FORMAT_JSON)
			np_placement_render_json(&report, &out);
		else
			np_placement_render_table(&report, &out);
		if (format != NP_FORMAT_TABLE)
			np_cli_print_lines("report", "warning: ", warnings);
		status = np_cli_emit("report", &out);
		np_sb_free(&out);
	}
	np_sb_free(&runtime);
	np_sb_free(&text);
	np_topology_free(&host);
	free(guest);
	free(domain);
	free(with);
	free(without);
	free(latency);
	return status;
}

int np_cmd_report(int argc, char **argv)
{
	struct report_options o;
	memset(&o, 0, sizeof(o));
	int status = parse_options(argc, argv, &o);
	if (status >= 0)
		return status;
	if (strcmp(o.action, "placement") == 0)
		return run_placement(&o);
	if (strcmp(o.action, "compare") == 0) {
		enum np_format format = NP_FORMAT_TABLE;
		struct np_error err;
		if (o.format_text && np_cli_parse_format(o.format_text, &format, &err) < 0)
			return np_cli_usage_error("report", "%s", err.message);
		if (o.file_count != 2)
			return np_cli_usage_error("report",
						  "compare takes two CSV files, BEFORE and AFTER");
		return np_report_compare(o.files[0], o.files[1], o.run_id, o.label, format);
	}
	if (strcmp(o.action, "chart") == 0) {
		if (o.file_count < 1 || !o.out_dir)
			return np_cli_usage_error(
			    "report", "chart takes one or more CSV files and --out DIR");
		const char *format = o.format_text ? o.format_text : "png";
		if (strcmp(format, "png") != 0 && strcmp(format, "svg") != 0)
			return np_cli_usage_error(
			    "report", "--format '%s' for charts: expected png or svg", format);
		return np_report_chart((const char *const *)o.files, o.file_count, o.out_dir,
				       format, o.width, o.height);
	}
	return np_cli_usage_error(
	    "report", "unknown action '%s': expected placement, compare or chart", o.action);
}
