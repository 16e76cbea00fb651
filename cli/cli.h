/*
 * cli.h: what every subcommand's entry point shares: the exit statuses
 * and printing. Options are parsed by options.h.
 *
 * Each subcommand parses its options into a struct, calls its engine in
 * lib/ or its folder, and hands the result to a renderer; only these entry
 * points print to stderr and choose an exit status.
 */
#ifndef NUMAPROBE_CLI_H
#define NUMAPROBE_CLI_H

#include "../lib/error.h"
#include "../lib/strbuf.h"

/* 3: report advise found no room for the guest on the host. */
enum np_exit { NP_EXIT_OK = 0, NP_EXIT_FAILURE = 1, NP_EXIT_USAGE = 2, NP_EXIT_NO_ROOM = 3 };

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
