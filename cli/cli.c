/* cli.c: helpers shared by subcommand entry points; see cli.h. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int np_cli_usage_error(const char *command, const char *fmt, ...)
{
	fprintf(stderr, "numaprobe %s: ", command);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'numaprobe %s --help'.\n", command);
	return NP_EXIT_USAGE;
}

int np_cli_failure(const char *command, const char *message)
{
	fprintf(stderr, "numaprobe %s: %s\n", command, message);
	return NP_EXIT_FAILURE;
}

int np_cli_emit(const char *command, const struct np_strbuf *out)
{
	if (out->failed)
		return np_cli_failure(command, "out of memory while formatting the output");
	errno = 0;
	if (fwrite(np_sb_str(out), 1, out->len, stdout) != out->len || fflush(stdout) != 0) {
		char message[256];
		snprintf(message, sizeof(message), "cannot write to standard output: %s",
			 strerror(errno ? errno : EIO));
		return np_cli_failure(command, message);
	}
	return NP_EXIT_OK;
}

struct line_prefix {
	const char *command;
	const char *prefix;
};

static void print_line(void *ctx, const char *line, int length)
{
	const struct line_prefix *p = ctx;
	fprintf(stderr, "numaprobe %s: %s%.*s\n", p->command, p->prefix, length, line);
}

void np_cli_print_lines(const char *command, const char *prefix, const char *text)
{
	struct line_prefix p = {command, prefix};
	np_each_line(text, print_line, &p);
}
