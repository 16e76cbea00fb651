/*
 * stats_cmd.c: `numaprobe stats`: one sample (from cron), or one every
 * --interval seconds until --count samples or SIGINT/SIGTERM. Each sample
 * goes to stdout in the chosen format, and optionally to a CSV file
 * (--append), a Prometheus textfile (--prom-file) and the state file that
 * gives one-shot runs their rates (--state).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "../cli/commands.h"
#include "../lib/csv.h"
#include "collect.h"
#include "rates.h"
#include "stats_render.h"

static const char stats_usage[] =
    "Usage: numaprobe stats [--once | --interval SEC [--count N]] [OPTIONS]\n"
    "\n"
    "Samples the per-node NUMA counters and memory, the system's NUMA\n"
    "balancing counters, and every running QEMU guest's memory per host node\n"
    "and vCPU placement.\n"
    "\n"
    "      --once             one sample (the default; for cron)\n"
    "      --interval SEC     a sample every SEC seconds until SIGINT/SIGTERM\n"
    "      --count N          stop after N samples\n"
    "  -f, --format FMT       table (default), csv, json or prom\n"
    "      --quiet            print nothing on stdout\n"
    "      --append FILE      also append the CSV rows to FILE\n"
    "      --prom-file PATH   also write the Prometheus text to PATH (atomically)\n"
    "      --state FILE       keep the last counters in FILE, so one-shot runs\n"
    "                         get rates\n"
    "      --guest NAME       only this guest (repeatable)\n"
    "      --pid PID          this process's memory (repeatable)\n"
    "      --match REGEX      processes whose name or command line match (POSIX ERE)\n"
    "      --system-only      no guests or processes\n"
    "      --label TEXT       label for the rows\n"
    "      --source SRC       guest memory from auto (default), cgroup or maps\n"
    "      --sysfs-root DIR   read sysfs from DIR (or NUMAPROBE_SYSFS_ROOT)\n"
    "      --proc-root DIR    read /proc from DIR (or NUMAPROBE_PROC_ROOT)\n"
    "      --libvirt-run-dir DIR  libvirt's runtime dir (default /run/libvirt/qemu)\n"
    "      --cgroup-root DIR  the cgroup mount (default /sys/fs/cgroup)\n"
    "  -h, --help             show this help\n";

enum {
	OPT_ONCE = 4000,
	OPT_INTERVAL,
	OPT_COUNT,
	OPT_QUIET,
	OPT_APPEND,
	OPT_PROM_FILE,
	OPT_STATE,
	OPT_GUEST,
	OPT_PID,
	OPT_MATCH,
	OPT_SYSTEM_ONLY,
	OPT_LABEL,
	OPT_SOURCE,
};

#define MAX_SELECTORS 256

struct stats_options {
	double interval;     /* 0: once */
	unsigned long count; /* 0: until a signal */
	bool prom;	     /* --format prom */
	enum np_format format;
	bool quiet;
	const char *append;
	const char *prom_file;
	const char *state;
	const char *guests[MAX_SELECTORS];
	pid_t pids[MAX_SELECTORS];
	regex_t match;
	bool has_match;
	const char *label;
	struct np_stats_request request;
	struct np_roots roots;
};

/* Set by SIGINT/SIGTERM: the signal handler can reach nothing else. */
static volatile sig_atomic_t stop_requested;

static void request_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int parse_number(const char *option, const char *text, double min, double max, double *value,
			struct np_error *err)
{
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	if (!*text || *end || errno || !isfinite(v) || v < min || v > max)
		return np_fail(err, "%s '%s': expected a number from %g to %g", option, text, min,
			       max);
	*value = v;
	return 0;
}

static int apply(int c, const char *arg, struct stats_options *o, struct np_error *err)
{
	double value;
	switch (c) {
	case OPT_ONCE:
		o->interval = 0;
		return 0;
	case OPT_INTERVAL:
		return parse_number("--interval", arg, 0.01, 86400, &o->interval, err);
	case OPT_COUNT:
		if (parse_number("--count", arg, 1, 1e9, &value, err) < 0 || value != floor(value))
			return np_fail(
			    err, "--count '%s': expected a whole number of samples, 1 or more",
			    arg);
		o->count = (unsigned long)value;
		return 0;
	case 'f':
		if (strcmp(arg, "prom") == 0) {
			o->prom = true;
			return 0;
		}
		o->prom = false;
		if (np_cli_parse_format(arg, &o->format, err) < 0)
			return np_fail(
			    err, "--format '%s' is unknown: expected table, csv, json or prom",
			    arg);
		return 0;
	case OPT_QUIET:
		o->quiet = true;
		return 0;
	case OPT_APPEND:
		o->append = arg;
		return 0;
	case OPT_PROM_FILE:
		if (strlen(arg) > 5 && strcmp(arg + strlen(arg) - 5, ".prom") != 0)
			return np_fail(
			    err, "--prom-file '%s': node_exporter reads only files ending in .prom",
			    arg);
		o->prom_file = arg;
		return 0;
	case OPT_STATE:
		o->state = arg;
		return 0;
	case OPT_GUEST:
		if (o->request.guest_count == MAX_SELECTORS)
			return np_fail(err, "more than %d --guest options", MAX_SELECTORS);
		o->guests[o->request.guest_count++] = arg;
		return 0;
	case OPT_PID:
		if (o->request.pid_count == MAX_SELECTORS)
			return np_fail(err, "more than %d --pid options", MAX_SELECTORS);
		if (parse_number("--pid", arg, 1, 4194304, &value, err) < 0 ||
		    value != floor(value))
			return np_fail(err, "--pid '%s': expected a process id", arg);
		o->pids[o->request.pid_count++] = (pid_t)value;
		return 0;
	case OPT_MATCH: {
		if (o->has_match)
			regfree(&o->match);
		int e = regcomp(&o->match, arg, REG_EXTENDED | REG_NOSUB);
		if (e != 0) {
			char why[256];
			regerror(e, &o->match, why, sizeof(why));
			o->has_match = false;
			return np_fail(err,
				       "--match '%s': not a POSIX extended regular expression: %s",
				       arg, why);
		}
		o->has_match = true;
		return 0;
	}
	case OPT_SYSTEM_ONLY:
		o->request.system_only = true;
		return 0;
	case OPT_LABEL:
		o->label = arg;
		return 0;
	case OPT_SOURCE:
		if (strcmp(arg, "auto") == 0)
			o->request.source = NP_SOURCE_AUTO;
		else if (strcmp(arg, "cgroup") == 0)
			o->request.source = NP_SOURCE_CGROUP;
		else if (strcmp(arg, "maps") == 0)
			o->request.source = NP_SOURCE_MAPS;
		else
			return np_fail(
			    err, "--source '%s' is unknown: expected auto, cgroup or maps", arg);
		return 0;
	case NP_OPT_SYSFS_ROOT:
	case NP_OPT_PROC_ROOT:
	case NP_OPT_LIBVIRT_RUN_DIR:
	case NP_OPT_CGROUP_ROOT:
		return np_cli_apply_root(&o->roots, c, arg, err);
	}
	return np_fail(err, "unhandled option");
}

static int parse_options(int argc, char **argv, struct stats_options *o)
{
	static const struct option long_options[] = {
	    {"once", no_argument, NULL, OPT_ONCE},
	    {"interval", required_argument, NULL, OPT_INTERVAL},
	    {"count", required_argument, NULL, OPT_COUNT},
	    {"format", required_argument, NULL, 'f'},
	    {"quiet", no_argument, NULL, OPT_QUIET},
	    {"append", required_argument, NULL, OPT_APPEND},
	    {"prom-file", required_argument, NULL, OPT_PROM_FILE},
	    {"state", required_argument, NULL, OPT_STATE},
	    {"guest", required_argument, NULL, OPT_GUEST},
	    {"pid", required_argument, NULL, OPT_PID},
	    {"match", required_argument, NULL, OPT_MATCH},
	    {"system-only", no_argument, NULL, OPT_SYSTEM_ONLY},
	    {"label", required_argument, NULL, OPT_LABEL},
	    {"source", required_argument, NULL, OPT_SOURCE},
	    NP_CLI_ROOT_OPTIONS,
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct np_error err;
	o->format = NP_FORMAT_TABLE;
	o->label = "";
	o->request.guest_names = o->guests;
	o->request.pids = o->pids;
	o->request.self = getpid();
	if (np_roots_init(&o->roots, &err) < 0)
		return np_cli_usage_error("stats", "%s", err.message);
	optind = 1;
	opterr = 0;
	int c;
	bool count_given = false;
	while ((c = getopt_long(argc, argv, ":f:h", long_options, NULL)) != -1) {
		if (c == 'h') {
			fputs(stats_usage, stdout);
			return NP_EXIT_OK;
		}
		if (c == ':')
			return np_cli_usage_error("stats", "option '%s' needs a value",
						  argv[optind - 1]);
		if (c == '?')
			return np_cli_usage_error("stats", "unknown option '%s'", argv[optind - 1]);
		count_given |= c == OPT_COUNT;
		if (apply(c, optarg, o, &err) < 0)
			return np_cli_usage_error("stats", "%s", err.message);
	}
	if (optind < argc)
		return np_cli_usage_error("stats", "unexpected argument '%s'", argv[optind]);
	if (count_given && o->interval == 0)
		return np_cli_usage_error("stats", "--count needs --interval");
	if (o->request.system_only &&
	    (o->request.guest_count || o->request.pid_count || o->has_match))
		return np_cli_usage_error(
		    "stats", "--system-only cannot be combined with --guest, --pid or --match");
	o->request.match = o->has_match ? &o->match : NULL;
	return -1;
}

/* Writes text to PATH through a temporary file in the same directory
 * (whose name does not end in .prom, so node_exporter never reads half of
 * it) and an atomic rename. */
static int write_prom_file(const char *path, const struct np_strbuf *text, struct np_error *err)
{
	char temp[PATH_MAX];
	if (snprintf(temp, sizeof(temp), "%s.tmp.%d", path, (int)getpid()) >= (int)sizeof(temp))
		return np_fail(err, "--prom-file %s: path too long", path);
	FILE *f = fopen(temp, "w");
	if (!f)
		return np_fail(err, "%s: cannot create: %s", temp, strerror(errno));
	size_t wrote = fwrite(np_sb_str(text), 1, text->len, f);
	int failed = ferror(f);
	if (fclose(f) != 0 || failed || wrote != text->len) {
		int saved = errno;
		unlink(temp);
		return np_fail(err, "%s: cannot write: %s; %s is unchanged", temp,
			       strerror(saved ? saved : EIO), path);
	}
	if (rename(temp, path) != 0) {
		int saved = errno;
		unlink(temp);
		return np_fail(err, "%s: cannot replace: %s", path, strerror(saved));
	}
	return 0;
}

static int emit(const struct stats_options *o, const struct np_stats_report *report, bool first)
{
	struct np_error err;
	struct np_strbuf out;
	np_sb_init(&out);
	int status = NP_EXIT_OK;
	if (o->append) {
		np_stats_render_csv(report, false, &out);
		if (np_csv_append_file(o->append, NP_STATS_CSV_HEADER, np_sb_str(&out), out.len,
				       &err) < 0)
			status = np_cli_failure("stats", err.message);
		np_sb_reset(&out);
	}
	if (status == NP_EXIT_OK && o->prom_file) {
		np_stats_render_prom(report, &out);
		if (write_prom_file(o->prom_file, &out, &err) < 0)
			status = np_cli_failure("stats", err.message);
		np_sb_reset(&out);
	}
	if (status == NP_EXIT_OK && !o->quiet) {
		if (o->prom)
			np_stats_render_prom(report, &out);
		else if (o->format == NP_FORMAT_JSON)
			np_stats_render_json(report, &out);
		else if (o->format == NP_FORMAT_CSV)
			np_stats_render_csv(report, first, &out);
		else
			np_stats_render_table(report, &out);
		status = np_cli_emit("stats", &out);
	}
	np_sb_free(&out);
	return status;
}

/* Sleeps until `deadline` (CLOCK_MONOTONIC) or a stop signal. */
static void sleep_until(const struct timespec *deadline)
{
	while (!stop_requested) {
		int e = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, deadline, NULL);
		if (e == 0 || e != EINTR)
			return;
	}
}

static int run(struct stats_options *o)
{
	struct np_counter_snapshot *previous = calloc(1, sizeof(*previous));
	struct np_counter_snapshot *current = calloc(1, sizeof(*current));
	struct np_rates *rates = calloc(1, sizeof(*rates));
	if (!previous || !current || !rates) {
		free(previous);
		free(current);
		free(rates);
		return np_cli_failure("stats", "out of memory");
	}
	struct timespec next;
	clock_gettime(CLOCK_MONOTONIC, &next);
	int status = NP_EXIT_OK;
	for (unsigned long n = 0; status == NP_EXIT_OK && !stop_requested; n++) {
		struct np_stats_sample sample;
		struct np_error err;
		if (np_stats_collect(&o->roots, &o->request, &sample, &err) < 0) {
			status = np_cli_failure("stats", err.message);
			break;
		}
		np_snapshot_from_sample(&sample, current);
		if (o->state &&
		    np_state_exchange(o->state, current, previous, &sample.notes, &err) < 0) {
			status = np_cli_failure("stats", err.message);
			np_stats_sample_free(&sample);
			break;
		}
		np_rates_compute(previous, &sample, rates, &sample.notes);
		if (!o->state)
			memcpy(previous, current, sizeof(*previous));
		np_cli_print_lines("stats", "", np_sb_str(&sample.notes));
		struct np_stats_report report = {&sample, rates, o->label};
		status = emit(o, &report, n == 0);
		np_stats_sample_free(&sample);
		if (o->interval == 0 || (o->count && n + 1 >= o->count))
			break;
		double whole = floor(o->interval);
		next.tv_sec += (time_t)whole;
		next.tv_nsec += (long)((o->interval - whole) * 1e9);
		if (next.tv_nsec >= 1000000000L) {
			next.tv_sec++;
			next.tv_nsec -= 1000000000L;
		}
		sleep_until(&next);
	}
	free(previous);
	free(current);
	free(rates);
	return status;
}

int np_cmd_stats(int argc, char **argv)
{
	struct stats_options *o = calloc(1, sizeof(*o));
	if (!o)
		return np_cli_failure("stats", "out of memory");
	int status = parse_options(argc, argv, o);
	if (status < 0) {
		struct sigaction action;
		memset(&action, 0, sizeof(action));
		action.sa_handler = request_stop; /* no SA_RESTART: sleeps end at once */
		sigemptyset(&action.sa_mask);
		sigaction(SIGINT, &action, NULL);
		sigaction(SIGTERM, &action, NULL);
		status = run(o);
	}
	if (o->has_match)
		regfree(&o->match);
	free(o);
	return status;
}
