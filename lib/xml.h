/*
 * xml.h: parsing XML that numaprobe did not write (libvirt's runtime
 * status files, domain XMLs) without letting it reach the network or the
 * file system: no network (XML_PARSE_NONET), no DTD loading, no entity
 * expansion, a size limit, and any document with a DOCTYPE is refused
 * outright (libvirt never writes one), which also rules out entity bombs.
 * The DOCTYPE is caught by the parser itself, so it is refused in any
 * encoding (UTF-16 included).
 */
#ifndef NUMAPROBE_XML_H
#define NUMAPROBE_XML_H

#include <stddef.h>

#include <libxml/tree.h>

#include "error.h"

#define NP_XML_MAX_BYTES (4u << 20)

/* Parses `len` bytes of `text` read from `path` (for messages; read it
 * with np_read_bytes, since UTF-16 documents hold NUL bytes). Returns the
 * document (free with xmlFreeDoc) or NULL with "path line N: why". */
xmlDocPtr np_xml_parse(const char *path, const char *text, size_t len, struct np_error *err);

/* Sets "path line N: <message>", N the element's line (0 without one), and
 * returns -1: how every XML reader reports a bad element or attribute. */
int np_xml_fail(struct np_error *err, const char *path, xmlNodePtr node, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The first child element of `parent` named `name`, or NULL. */
xmlNodePtr np_xml_child(xmlNodePtr parent, const char *name);
/* An attribute's value into out. Returns 0, -1 when it is absent, or -2
 * when it does not fit in `size` bytes (out is then empty: a value is
 * never cut short). For values of any length use xmlGetProp. */
int np_xml_attr(xmlNodePtr node, const char *name, char *out, size_t size);

#endif
