/*
 * stats_cmd.c: `numaprobe stats`: one sample (from cron), or one every
 * --interval seconds until --count samples or SIGINT/SIGTERM. Each sample
 * goes to stdout in the chosen format, and optionally to a CSV file
 * (--append), a Prometheus textfile (--prom-file) and the state file that
 * gives one-shot runs their rates (--state).
 */
#include <errno.h>
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
#include "../cli/options.h"
#include "../lib/fileio.h"
#include "../lib/proctask.h"
#include "../lib/csv.h"
#include "collect.h"
#include "rates.h"
#include "stats_render.h"

struct stats_options {
	double interval; /* 0: once */
	uint64_t count;	 /* 0: until a signal */
	bool interval_given, count_given;
	const struct np_renderer *format;
	bool quiet;
	bool meminfo; /* the table is numastat -m's */
	const char *append;
	const char *prom_file;
	const char *state;
	struct np_strings guests;
	struct np_uints pid_numbers;
	pid_t *pids;
	regex_t match;
	bool has_match;
	const char *label;
	int source;
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

static int compile_match(void *target, const char *value, struct np_error *err)
{
	struct stats_options *o = target;
	if (o->has_match)
		regfree(&o->match);
	o->has_match = false;
	int e = regcomp(&o->match, value, REG_EXTENDED | REG_NOSUB);
	if (e != 0) {
		char why[256];
		regerror(e, &o->match, why, sizeof(why));
		return np_fail(err, "--match '%s': not a POSIX extended regular expression: %s",
			       value, why);
	}
	o->has_match = true;
	return 0;
}

static const char *const sources[] = {"auto", "cgroup", "maps", NULL}; /* enum np_mem_source */

/* Returns NP_OPTIONS_CONTINUE to go on, or an exit status. */
static int parse_options(int argc, char **argv, struct stats_options *o)
{
	struct np_error err;
	o->format = &np_stats_renderers[0];
	o->label = "";
	if (np_roots_init(&o->roots, &err) < 0)
		return np_cli_usage_error("stats", "%s", err.message);
	bool once = false;
	const struct np_option options[] = {
	    {"once", 0, NP_OPT_FLAG, &once, NULL, "one sample (the default; for cron)"},
	    {"interval", 0, NP_OPT_SECONDS, &o->interval, "SEC",
	     "a sample every SEC seconds until SIGINT/SIGTERM", .min = 0.01, .max = 86400,
	     .given = &o->interval_given},
	    {"count", 0, NP_OPT_UINT, &o->count, "N", "stop after N samples", .min = 1, .max = 1e9,
	     .given = &o->count_given},
	    NP_OPTION_FORMAT(&o->format, np_stats_renderers),
	    {"quiet", 0, NP_OPT_FLAG, &o->quiet, NULL, "print nothing on stdout"},
	    {"meminfo", 0, NP_OPT_FLAG, &o->meminfo, NULL,
	     "the table is every meminfo field per node, in MB, as numastat -m"},
	    {"append", 0, NP_OPT_PATH, &o->append, "FILE", "also append the CSV rows to FILE"},
	    {"prom-file", 0, NP_OPT_PROM, &o->prom_file, "PATH",
	     "also write the Prometheus text to PATH (atomically; it ends in .prom)"},
	    {"state", 0, NP_OPT_PATH, &o->state, "FILE",
	     "keep the last counters in FILE, so one-shot runs get rates"},
	    {"guest", 0, NP_OPT_STRINGS, &o->guests, "NAME", "only this guest (repeatable)"},
	    {"pid", 0, NP_OPT_UINTS, &o->pid_numbers, "PID", "this process's memory (repeatable)",
	     .min = 1, .max = NP_PID_MAX},
	    {"match", 0, NP_OPT_CALLBACK, o, "REGEX",
	     "processes whose name or command line match (POSIX ERE)", .callback = compile_match},
	    {"system-only", 0, NP_OPT_FLAG, &o->request.system_only, NULL,
	     "no guests or processes"},
	    {"label", 0, NP_OPT_STRING, &o->label, "TEXT", "label for the rows"},
	    {"source", 0, NP_OPT_CHOICE, &o->source, "SRC",
	     "guest memory from auto (default), cgroup or maps", .choices = sources},
	    NP_OPTIONS_ALL_ROOTS(&o->roots),
	    {NULL},
	};
	const struct np_command command = {
	    "stats", "[--once | --interval SEC [--count N]] [OPTIONS]",
	    "Samples the per-node NUMA counters and memory, the system's NUMA\n"
	    "balancing counters, and every running QEMU guest's memory per host node\n"
	    "and vCPU placement.\n",
	    options, .positionals = 0};
	int status = np_options_parse(&command, NULL, argc, argv, NULL, NULL);
	if (status != NP_OPTIONS_CONTINUE)
		return status;
	if (o->count_given && !o->interval_given)
		return np_cli_usage_error("stats", "--count needs --interval");
	if (once && o->interval_given)
		return np_cli_usage_error("stats", "--once and --interval cannot be combined");
	if (!o->interval_given)
		o->interval = 0;
	if (o->meminfo && o->format != &np_stats_renderers[0])
		return np_cli_usage_error("stats",
					  "--meminfo is a table layout; csv, json and prom carry "
					  "every meminfo field already");
	o->request.guest_names = o->guests.items;
	o->request.guest_count = o->guests.count;
	o->request.pid_count = o->pid_numbers.count;
	o->pids = calloc(o->pid_numbers.count + 1, sizeof(*o->pids));
	if (!o->pids)
		return np_cli_failure("stats", "out of memory");
	for (size_t i = 0; i < o->pid_numbers.count; i++)
		o->pids[i] = (pid_t)o->pid_numbers.items[i];
	o->request.pids = o->pids;
	o->request.source = (enum np_mem_source)o->source;
	o->request.self = getpid();
	if (o->request.system_only &&
	    (o->request.guest_count || o->request.pid_count || o->has_match))
		return np_cli_usage_error(
		    "stats", "--system-only cannot be combined with --guest, --pid or --match");
	o->request.match = o->has_match ? &o->match : NULL;
	return NP_OPTIONS_CONTINUE;
}

static int emit(const struct stats_options *o, struct np_stats_report *report)
{
	struct np_error err;
	struct np_strbuf out;
	np_sb_init(&out);
	int status = NP_EXIT_OK;
	if (o->append) {
		np_stats_render_csv_rows(report, &out);
		if (np_csv_append_file(o->append, NP_STATS_CSV_HEADER, np_sb_str(&out), out.len,
				       &err) < 0)
			status = np_cli_failure("stats", err.message);
		np_sb_reset(&out);
	}
	if (status == NP_EXIT_OK && o->prom_file) {
		np_stats_render_prom(report, &out);
		if (np_write_file_atomic(o->prom_file, np_sb_str(&out), out.len, &err) < 0)
			status = np_cli_failure("stats", err.message);
		np_sb_reset(&out);
	}
	if (status == NP_EXIT_OK && !o->quiet) {
		if (o->meminfo)
			np_stats_render_meminfo(report, &out);
		else
			o->format->render(report, &out);
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
	struct np_counter_snapshot previous = {0}, current = {0};
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
		struct np_rates rates = {0};
		if (o->state)
			np_snapshot_free(&previous);
		int rc = np_snapshot_from_sample(&sample, &current, &err);
		if (rc == 0 && o->state)
			rc = np_state_exchange(o->state, &current, &previous, &sample.notes, &err);
		if (rc == 0)
			rc = np_rates_compute(&previous, &sample, &rates, &sample.notes, &err);
		if (rc < 0) {
			status = np_cli_failure("stats", err.message);
			np_stats_sample_free(&sample);
			np_snapshot_free(&current);
			break;
		}
		/* in a loop the previous sample is kept here, not in a file */
		np_snapshot_free(&previous);
		previous = current;
		memset(&current, 0, sizeof(current));
		np_cli_print_lines("stats", "", np_sb_str(&sample.notes));
		struct np_stats_report report = {&sample, &rates, o->label, n == 0};
		status = emit(o, &report);
		np_rates_free(&rates);
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
	np_snapshot_free(&previous);
	np_snapshot_free(&current);
	return status;
}

int np_cmd_stats(int argc, char **argv)
{
	struct stats_options *o = calloc(1, sizeof(*o));
	if (!o)
		return np_cli_failure("stats", "out of memory");
	int status = parse_options(argc, argv, o);
	if (status == NP_OPTIONS_CONTINUE) {
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
	free(o->guests.items);
	free(o->pid_numbers.items);
	free(o->pids);
	free(o);
	return status;
}
