/*
 * prom.h: pieces of the Prometheus text exposition format (version 0.0.4)
 * that every numaprobe writer of it shares (stats and bench), so label
 * values are escaped one way everywhere.
 */
#ifndef NUMAPROBE_PROM_H
#define NUMAPROBE_PROM_H

#include "strbuf.h"

/* Appends a label value's text with `\`, `"` and newline escaped as the
 * format requires (\\, \", \n); everything else, `+` of a node group
 * included, goes through as it is. */
void np_prom_escape(struct np_strbuf *out, const char *text);

/* The HELP and TYPE lines of the family numaprobe_<name>; `help` must hold
 * no backslash or newline. */
void np_prom_family(struct np_strbuf *out, const char *name, const char *type, const char *help);

#endif
