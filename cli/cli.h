/*
 * cli.h: what every subcommand's entry point shares: the exit statuses,
 * the output formats, the root-directory options, and printing.
 *
 * Each subcommand parses its options into a struct, calls its engine in
 * lib/ or its folder, and hands the result to a writer; only these entry
 * points print to stderr and choose an exit status.
 */
#ifndef NUMAPROBE_CLI_H
#define NUMAPROBE_CLI_H

#include <stdbool.h>

#include "../lib/error.h"
#include "../lib/roots.h"
#include "../lib/strbuf.h"

enum np_exit { NP_EXIT_OK = 0, NP_EXIT_FAILURE = 1, NP_EXIT_USAGE = 2 };

enum np_format { NP_FORMAT_TABLE, NP_FORMAT_CSV, NP_FORMAT_JSON };

/* Parses "table", "csv" or "json". */
int np_cli_parse_format(const char *text, enum np_format *format, struct np_error *err);

/* Long-option ids for the root overrides, shared by every subcommand that
 * reads /sys or /proc. Values above any short option character. */
enum { NP_OPT_SYSFS_ROOT = 1000, NP_OPT_PROC_ROOT, NP_OPT_LIBVIRT_RUN_DIR, NP_OPT_CGROUP_ROOT };

/* The getopt_long rows of the four root options, for subcommands that read
 * every kind of root (stats, report). */
/* clang-format off */
#define NP_CLI_ROOT_OPTIONS                                                   \
	{"sysfs-root", required_argument, NULL, NP_OPT_SYSFS_ROOT},           \
	{"proc-root", required_argument, NULL, NP_OPT_PROC_ROOT},             \
	{"libvirt-run-dir", required_argument, NULL, NP_OPT_LIBVIRT_RUN_DIR}, \
	{"cgroup-root", required_argument, NULL, NP_OPT_CGROUP_ROOT}
/* clang-format on */

/* Applies --sysfs-root, --proc-root, --libvirt-run-dir or --cgroup-root.
 * Returns 0, or -1 with a message. */
int np_cli_apply_root(struct np_roots *roots, int option, const char *value, struct np_error *err);

/* "numaprobe CMD: message" on stderr, then the hint to use --help;
 * returns NP_EXIT_USAGE. */
int np_cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Each line of text on stderr as "numaprobe CMD: <prefix><line>". */
void np_cli_print_lines(const char *command, const char *prefix, const char *text);

/* "numaprobe CMD: message" on stderr; returns NP_EXIT_FAILURE. */
int np_cli_failure(const char *command, const char *message);

/* Writes the whole buffer to stdout and flushes; reports a failed write
 * (a full disk, a closed pipe) and returns NP_EXIT_FAILURE then. */
int np_cli_emit(const char *command, const struct np_strbuf *out);

#endif
