/* options.c: the one option parser; see options.h. */
#include "options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/number.h"
#include "../lib/size.h"
#include "cli.h"

/* getopt_long's value for table row i (above any short option letter). */
#define ROW_VALUE(i) (1000 + (i))

static size_t count_options(const struct np_option *options)
{
	size_t n = 0;
	while (options[n].name)
		n++;
	return n;
}

static int apply_choice(const struct np_option *o, const char *value, struct np_error *err)
{
	for (int i = 0; o->choices[i]; i++)
		if (strcmp(o->choices[i], value) == 0) {
			*(int *)o->target = i;
			return 0;
		}
	struct np_strbuf names;
	np_sb_init(&names);
	for (int i = 0; o->choices[i]; i++)
		np_sb_printf(&names, "%s%s",
			     i == 0		 ? ""
			     : o->choices[i + 1] ? ", "
						 : " or ",
			     o->choices[i]);
	np_fail(err, "--%s '%s' is unknown: expected %s", o->name, value, np_sb_str(&names));
	np_sb_free(&names);
	return -1;
}

static int apply_uint(const struct np_option *o, const char *value, uint64_t *out,
		      struct np_error *err)
{
	/* .max is a double: 2^64 - 1 rounds up to 2^64, which no uint64_t holds */
	uint64_t max = o->max >= 0x1p64 ? UINT64_MAX : (uint64_t)o->max;
	if (np_parse_uint(value, max, out, NULL) < 0 || *out < (uint64_t)o->min)
		return np_fail(err, "--%s '%s' is not a whole number from %llu to %llu%s%s",
			       o->name, value, (unsigned long long)o->min, (unsigned long long)max,
			       o->keyword ? " or " : "", o->keyword ? o->keyword : "");
	return 0;
}

static int grow(void **items, size_t count, size_t item_size, struct np_error *err)
{
	void *grown = realloc(*items, (count + 1) * item_size);
	if (!grown)
		return np_fail(err, "out of memory");
	*items = grown;
	return 0;
}

/* Stores one option's value; returns 0 or -1 with a message. */
static int apply(const struct np_option *o, const char *value, struct np_error *err)
{
	uint64_t number;
	double seconds;
	switch (o->kind) {
	case NP_OPT_FLAG:
		*(bool *)o->target = true;
		return 0;
	case NP_OPT_SET:
		*(int *)o->target = o->value;
		return 0;
	case NP_OPT_UINT:
		if (o->keyword && strcmp(value, o->keyword) == 0) {
			*(uint64_t *)o->target = (uint64_t)o->value;
			return 0;
		}
		return apply_uint(o, value, (uint64_t *)o->target, err);
	case NP_OPT_SECONDS:
		if (np_parse_real(value, o->min, o->max, &seconds, NULL) < 0 ||
		    (o->min == 0 && seconds <= 0)) {
			if (o->min == 0)
				return np_fail(err,
					       "--%s '%s': expected seconds above 0 and at most %g",
					       o->name, value, o->max);
			return np_fail(err, "--%s '%s': expected seconds from %g to %g", o->name,
				       value, o->min, o->max);
		}
		*(double *)o->target = seconds;
		return 0;
	case NP_OPT_REAL:
		if (np_parse_real(value, o->min, o->max, &seconds, NULL) < 0 ||
		    (o->min == 0 && seconds <= 0))
			return np_fail(err, "--%s '%s': expected a number %s %g and at most %g",
				       o->name, value, o->min == 0 ? "above" : "from", o->min,
				       o->max);
		*(double *)o->target = seconds;
		return 0;
	case NP_OPT_SIZE:
		if (np_parse_size(value, 1, &number, err) < 0)
			return np_fail_prefix(err, "--%s", o->name);
		if ((double)number < o->min || (o->max > 0 && (double)number > o->max))
			return np_fail(err, "--%s '%s': expected %.0f to %.0f bytes", o->name,
				       value, o->min, o->max);
		*(uint64_t *)o->target = number;
		return 0;
	case NP_OPT_IDLIST:
		if (o->keyword && strcmp(value, o->keyword) == 0) {
			np_idset_clear(o->target);
			for (int id = 0; id <= NP_ID_MAX; id++)
				np_idset_add(o->target, id);
			return 0;
		}
		if (np_idset_parse(value, (struct np_idset *)o->target, err) < 0)
			return np_fail_prefix(err, "--%s", o->name);
		return 0;
	case NP_OPT_CHOICE:
		return apply_choice(o, value, err);
	case NP_OPT_PATH:
		if (!*value)
			return np_fail(err, "--%s: expected a path, found an empty string",
				       o->name);
		*(const char **)o->target = value;
		return 0;
	case NP_OPT_PROM: {
		/* node_exporter's textfile collector reads *.prom and nothing else */
		size_t len = strlen(value);
		if (len < 5 || strcmp(value + len - 5, ".prom") != 0)
			return np_fail(err,
				       "--%s '%s': node_exporter reads only files ending in .prom",
				       o->name, value);
		*(const char **)o->target = value;
		return 0;
	}
	case NP_OPT_STRING:
		*(const char **)o->target = value;
		return 0;
	case NP_OPT_STRINGS: {
		struct np_strings *list = o->target;
		if (grow((void **)&list->items, list->count, sizeof(*list->items), err) < 0)
			return -1;
		list->items[list->count++] = value;
		return 0;
	}
	case NP_OPT_UINTS: {
		struct np_uints *list = o->target;
		if (apply_uint(o, value, &number, err) < 0 ||
		    grow((void **)&list->items, list->count, sizeof(*list->items), err) < 0)
			return -1;
		list->items[list->count++] = number;
		return 0;
	}
	case NP_OPT_FORMAT: {
		const struct np_renderer *r = np_renderer_find(o->formats, value, err);
		if (!r)
			return -1;
		*(const struct np_renderer **)o->target = r;
		return 0;
	}
	case NP_OPT_ROOT:
		if (np_roots_set(o->target, (enum np_root_kind)o->value, value, err) < 0)
			return np_fail_prefix(err, "--%s", o->name);
		return 0;
	case NP_OPT_PIXELS: {
		const char *p = value;
		uint64_t width, height;
		bool ok = np_scan_uint(&p, NULL, (uint64_t)o->max, &width) == NP_SCAN_OK &&
			  *p++ == 'x' &&
			  np_scan_uint(&p, NULL, (uint64_t)o->max, &height) == NP_SCAN_OK &&
			  *p == '\0' && width >= (uint64_t)o->min && height >= (uint64_t)o->min;
		if (!ok)
			return np_fail(
			    err, "--%s '%s': expected WIDTHxHEIGHT in pixels, %.0f to %.0f each",
			    o->name, value, o->min, o->max);
		((int *)o->target)[0] = (int)width;
		((int *)o->target)[1] = (int)height;
		return 0;
	}
	case NP_OPT_CALLBACK:
		return o->callback(o->target, value, err);
	}
	return np_fail(err, "--%s: an option of an unknown kind", o->name);
}

/* The action a sibling command that has option `name`, or NULL. */
static const char *owner_of(const struct np_command *siblings, const char *arg)
{
	if (!siblings || strncmp(arg, "--", 2) != 0)
		return NULL;
	size_t len = strcspn(arg + 2, "=");
	for (const struct np_command *c = siblings; c->name; c++)
		for (const struct np_option *o = c->options; o && o->name; o++)
			if (strlen(o->name) == len && strncmp(o->name, arg + 2, len) == 0)
				return c->name;
	return NULL;
}

int np_options_parse(const struct np_command *command, const struct np_command *siblings, int argc,
		     char **argv, char ***positional, int *count)
{
	const struct np_option *options = command->options;
	size_t n = count_options(options);
	struct option *longs = calloc(n + 2, sizeof(*longs));
	char *shorts = calloc(2 * n + 4, 1);
	if (!longs || !shorts) {
		free(longs);
		free(shorts);
		return np_cli_failure(command->name, "out of memory");
	}
	char *s = shorts;
	*s++ = ':'; /* ':' for a missing value, '?' for an unknown option */
	*s++ = 'h';
	for (size_t i = 0; i < n; i++) {
		longs[i] = (struct option){options[i].name,
					   options[i].value_name ? required_argument : no_argument,
					   NULL, ROW_VALUE((int)i)};
		if (options[i].short_name) {
			*s++ = options[i].short_name;
			if (options[i].value_name)
				*s++ = ':';
		}
	}
	longs[n] = (struct option){"help", no_argument, NULL, 'h'};
	optind = 1;
	opterr = 0;
	int status = NP_OPTIONS_CONTINUE;
	int c;
	while (status == NP_OPTIONS_CONTINUE &&
	       (c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		const char *arg = argv[optind - 1];
		const char *owner = c == '?' ? owner_of(siblings, arg) : NULL;
		int row = c >= ROW_VALUE(0) ? c - ROW_VALUE(0) : -1;
		for (size_t i = 0; row < 0 && i < n; i++)
			if (options[i].short_name && options[i].short_name == c)
				row = (int)i;
		struct np_error err;
		if (c == 'h') {
			struct np_strbuf help;
			np_sb_init(&help);
			np_options_help(command, &help);
			status = np_cli_emit(command->name, &help);
			np_sb_free(&help);
		} else if (c == ':') {
			status =
			    np_cli_usage_error(command->name, "option '%s' needs a value", arg);
		} else if (owner) {
			status = np_cli_usage_error(
			    command->name, "option '%.*s' is not one of %s: it belongs to %s",
			    (int)strcspn(arg, "="), arg, command->name, owner);
		} else if (row < 0) {
			status = np_cli_usage_error(command->name, "unknown option '%s'", arg);
		} else if (apply(&options[row], optarg, &err) < 0) {
			status = np_cli_usage_error(command->name, "%s", err.message);
		} else if (options[row].given) {
			*options[row].given = true;
		}
	}
	free(longs);
	free(shorts);
	if (positional)
		*positional = argv + optind;
	if (count)
		*count = argc - optind;
	if (status == NP_OPTIONS_CONTINUE && command->positionals >= 0 &&
	    argc - optind > command->positionals)
		status = np_cli_usage_error(command->name, "unexpected argument '%s'",
					    argv[optind + command->positionals]);
	return status;
}

static void help_line(const struct np_option *o, struct np_strbuf *out)
{
	struct np_strbuf generated;
	np_sb_init(&generated);
	const char *text = o->help;
	if (o->kind == NP_OPT_FORMAT && !text) { /* "table (default), csv or json" */
		for (size_t i = 0; o->formats[i].name; i++)
			np_sb_printf(&generated, "%s%s%s",
				     i == 0		      ? ""
				     : o->formats[i + 1].name ? ", "
							      : " or ",
				     o->formats[i].name, i == 0 ? " (default)" : "");
		text = np_sb_str(&generated);
	}
	char left[96];
	int len = snprintf(left, sizeof(left), "  %c%c%c --%s%s%s", o->short_name ? '-' : ' ',
			   o->short_name ? o->short_name : ' ', o->short_name ? ',' : ' ', o->name,
			   o->value_name ? " " : "", o->value_name ? o->value_name : "");
	if (len < 25)
		np_sb_printf(out, "%-25s%s\n", left, text);
	else
		np_sb_printf(out, "%s\n%25s%s\n", left, "", text);
	np_sb_free(&generated);
}

void np_options_help(const struct np_command *command, struct np_strbuf *out)
{
	np_sb_printf(out, "Usage: numaprobe %s %s\n", command->name, command->synopsis);
	if (command->description)
		np_sb_printf(out, "\n%s", command->description);
	np_sb_putc(out, '\n');
	for (const struct np_option *o = command->options; o->name; o++)
		help_line(o, out);
	const struct np_option help = {"help", 'h', NP_OPT_FLAG, NULL, NULL, "show this help"};
	help_line(&help, out);
	if (command->footer)
		np_sb_printf(out, "\n%s", command->footer);
}
