/*
 * gnuplot_text.h: the only way text from an input file (a guest name, a
 * label, a unit, a host name) reaches a gnuplot script or its data file.
 *
 * gnuplot runs `back-quoted` text inside double-quoted strings and a
 * newline ends a single-quoted one, so text is never pasted into a script:
 *   - in a script it becomes a single-quoted string, where gnuplot
 *     substitutes nothing: ' is doubled, control characters (newlines
 *     among them) become spaces, bytes that are not UTF-8 become '?';
 *   - in a .dat file it becomes one double-quoted field: " becomes ',
 *     control characters become spaces, bytes that are not UTF-8 '?'.
 * Scripts also switch enhanced text off, so @ { } _ ^ & are shown as
 * they are.
 */
#ifndef NUMAPROBE_GNUPLOT_TEXT_H
#define NUMAPROBE_GNUPLOT_TEXT_H

#include "../lib/strbuf.h"

/* Appends text as a single-quoted gnuplot string literal. */
void np_gnuplot_string(struct np_strbuf *out, const char *text);

/* Appends text as one double-quoted field of a gnuplot data file. */
void np_gnuplot_datum(struct np_strbuf *out, const char *text);

#endif
