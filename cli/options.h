/*
 * options.h: every subcommand's options as one declarative table, in the
 * manner of git's and perf's parse-options.
 *
 * A command lists its options (long name, short letter, kind, where the
 * value goes, the value's name, one line of help) and calls
 * np_options_parse, the only code in numaprobe that calls getopt_long and
 * the only place numbers are parsed from options. --help is generated from
 * the same table, so the help can never drift from what is accepted.
 *
 *   static const char *const pages[] = {"4k", "thp", "2m", "1g", NULL};
 *   struct np_option options[] = {
 *       {"repeat", 0, NP_OPT_UINT, &o.repeat, "N", "samples per cell (default 5)",
 *        .min = 1, .max = 100000},
 *       {"page", 0, NP_OPT_CHOICE, &o.page, "MODE", "4k (default), thp, 2m or 1g",
 *        .choices = pages},
 *       {NULL},
 *   };
 */
#ifndef NUMAPROBE_OPTIONS_H
#define NUMAPROBE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/error.h"
#include "../lib/idset.h"
#include "../lib/render.h"
#include "../lib/roots.h"

enum np_option_kind {
	NP_OPT_FLAG,	 /* bool *: set to true */
	NP_OPT_SET,	 /* int *: set to .value (--progress 1, --quiet 0) */
	NP_OPT_UINT,	 /* uint64_t *: decimal, from .min to .max, or .keyword for .value */
	NP_OPT_SECONDS,	 /* double *: seconds from .min to .max; .min 0 means "above 0" */
	NP_OPT_REAL,	 /* double *: a number from .min to .max; .min 0 means "above 0" */
	NP_OPT_SIZE,	 /* uint64_t *: bytes, libvirt's units (256M, 3GiB), .min to .max */
	NP_OPT_IDLIST,	 /* struct np_idset *: the list syntax 0-3,8,^2 */
	NP_OPT_CHOICE,	 /* int *: the index of the value in .choices */
	NP_OPT_STRING,	 /* const char **: any text */
	NP_OPT_PATH,	 /* const char **: a path, not empty */
	NP_OPT_PROM,	 /* const char **: a path ending in .prom (node_exporter reads no other) */
	NP_OPT_STRINGS,	 /* struct np_strings *: repeatable, every value in order (free items) */
	NP_OPT_UINTS,	 /* struct np_uints *: repeatable numbers from .min to .max (free items) */
	NP_OPT_FORMAT,	 /* const struct np_renderer **: a row of .formats */
	NP_OPT_ROOT,	 /* struct np_roots *: the root of kind .value */
	NP_OPT_PIXELS,	 /* int[2]: WIDTHxHEIGHT, each from .min to .max */
	NP_OPT_CALLBACK, /* .callback(target, value, err) */
};

struct np_strings {
	const char **items;
	size_t count;
};

struct np_uints {
	uint64_t *items;
	size_t count;
};

struct np_option {
	const char *name; /* the long name, without "--"; NULL ends a table */
	char short_name;  /* 0: none */
	enum np_option_kind kind;
	void *target;		/* where the value goes (see the kinds) */
	const char *value_name; /* shown in help ("N", "LIST"); NULL: takes no value */
	const char *help;	/* one line */
	double min, max;
	int value;	     /* NP_OPT_SET, NP_OPT_ROOT, .keyword */
	const char *keyword; /* NP_OPT_UINT: a word meaning .value; NP_OPT_IDLIST: every id */
	const char *const *choices;	   /* NP_OPT_CHOICE: ends with NULL */
	const struct np_renderer *formats; /* NP_OPT_FORMAT */
	int (*callback)(void *target, const char *value, struct np_error *err);
	bool *given; /* if not NULL: set when the option appears */
};

/* -f, --format FMT over a renderer table, whose first row is the default
 * (the command sets `target` to it); the help lists the rows' names. */
#define NP_OPTION_FORMAT(target, renderers)                                                        \
	{                                                                                          \
		"format", 'f', NP_OPT_FORMAT, (target), "FMT", NULL, .formats = (renderers)        \
	}

/* The rows of the root options, shared by every command that reads the
 * kernel's files: sysfs and /proc (topo), and libvirt's run directory
 * and the cgroup tree too (stats, report). */
#define NP_OPTIONS_SYSFS_PROC_ROOTS(roots)                                                         \
	{"sysfs-root",                                                                             \
	 0,                                                                                        \
	 NP_OPT_ROOT,                                                                              \
	 (roots),                                                                                  \
	 "DIR",                                                                                    \
	 "read sysfs from DIR instead of /sys (or NUMAPROBE_SYSFS_ROOT)",                          \
	 .value = NP_ROOT_SYSFS},                                                                  \
	{                                                                                          \
		"proc-root", 0, NP_OPT_ROOT, (roots), "DIR",                                       \
		    "read /proc from DIR instead of /proc (or NUMAPROBE_PROC_ROOT)",               \
		    .value = NP_ROOT_PROC                                                          \
	}
#define NP_OPTIONS_ALL_ROOTS(roots)                                                                \
	NP_OPTIONS_SYSFS_PROC_ROOTS(roots),                                                        \
	    {"libvirt-run-dir",                                                                    \
	     0,                                                                                    \
	     NP_OPT_ROOT,                                                                          \
	     (roots),                                                                              \
	     "DIR",                                                                                \
	     "libvirt's run dir, default /run/libvirt/qemu (or NUMAPROBE_LIBVIRT_RUN_DIR)",        \
	     .value = NP_ROOT_LIBVIRT_RUN},                                                        \
	{                                                                                          \
		"cgroup-root", 0, NP_OPT_ROOT, (roots), "DIR",                                     \
		    "the cgroup mount, default /sys/fs/cgroup (or NUMAPROBE_CGROUP_ROOT)",         \
		    .value = NP_ROOT_CGROUP                                                        \
	}

/* A command, or an action of one (`report compare`): its name for
 * messages, its synopsis and a paragraph for --help, and its table. */
struct np_command {
	const char *name;	 /* "bench", "report compare" */
	const char *synopsis;	 /* "[latency|bandwidth|all] [OPTIONS]" */
	const char *description; /* a few lines, each ending in '\n' */
	const struct np_option *options;
	const char *footer;  /* printed after the options, or NULL */
	const char *summary; /* one line, for a list of actions */
	int positionals;     /* the most words besides options; -1: any number */
};

/* np_options_parse returns this to mean "parsed, go on". */
#define NP_OPTIONS_CONTINUE (-1)

/*
 * Parses argv[1..] with the command's table; the words that are not
 * options land in positional[0..*count) (pointers into argv; both may be
 * NULL for a command that takes none), and one past
 * command->positionals is a usage error. Returns
 * NP_OPTIONS_CONTINUE, or an exit status after printing: 0 for --help, 2
 * for a usage error ("numaprobe CMD: why" and the hint to use --help).
 * An option that belongs to one of `siblings` (the other actions of the
 * same command, ended by a NULL name) is refused with both named.
 */
int np_options_parse(const struct np_command *command, const struct np_command *siblings, int argc,
		     char **argv, char ***positional, int *count);

/* The --help text of a command, from its table. */
void np_options_help(const struct np_command *command, struct np_strbuf *out);

#endif
