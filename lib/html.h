/*
 * html.h: the only way text from an input file (a guest name, a label, a
 * host, a CSV field, a path) reaches an HTML page.
 *
 * & < > " and ' become character references, so text is inert in element
 * content and in quoted attribute values alike; control characters other
 * than tab and newline become spaces; bytes that are not UTF-8 become
 * U+FFFD. Nothing else is changed: non-ASCII text stays as written.
 */
#ifndef NUMAPROBE_HTML_H
#define NUMAPROBE_HTML_H

#include "strbuf.h"

/* Appends text, escaped for HTML element content and attribute values. */
void np_html_escape(struct np_strbuf *out, const char *text);

#endif
