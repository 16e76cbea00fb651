/* cli.c: helpers shared by subcommand entry points; see cli.h. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int np_cli_parse_format(const char *text, enum np_format *format, struct np_error *err)
{
	static const struct {
		const char *name;
		enum np_format format;
	} formats[] = {
	    {"table", NP_FORMAT_TABLE}, {"csv", NP_FORMAT_CSV}, {"json", NP_FORMAT_JSON}};
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(text, formats[i].name) == 0) {
			*format = formats[i].format;
			return 0;
		}
	}
	return np_fail(err, "--format '%s' is unknown: expected table, csv or json", text);
}

int np_cli_apply_root(struct np_roots *roots, int option, const char *value, struct np_error *err)
{
	static const struct {
		int option;
		enum np_root_kind kind;
		const char *name;
	} table[] = {
	    {NP_OPT_SYSFS_ROOT, NP_ROOT_SYSFS, "--sysfs-root"},
	    {NP_OPT_PROC_ROOT, NP_ROOT_PROC, "--proc-root"},
	    {NP_OPT_LIBVIRT_RUN_DIR, NP_ROOT_LIBVIRT_RUN, "--libvirt-run-dir"},
	    {NP_OPT_CGROUP_ROOT, NP_ROOT_CGROUP, "--cgroup-root"},
	};
	size_t i = 0;
	while (i + 1 < sizeof(table) / sizeof(table[0]) && table[i].option != option)
		i++;
	enum np_root_kind kind = table[i].kind;
	const char *name = table[i].name;
	if (np_roots_set(roots, kind, value, err) < 0)
		return np_fail_prefix(err, "%s", name);
	return 0;
}

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
