/* xml.c: safe XML parsing with libxml2; see xml.h. */
#include "xml.h"

#include <string.h>

#include <libxml/parser.h>

/* Finds "<!DOCTYPE" outside comments well enough to refuse it: a match
 * inside a comment is refused too, which costs nothing real. */
static const char *find_doctype(const char *text, size_t len)
{
	static const char needle[] = "<!DOCTYPE";
	size_t n = sizeof(needle) - 1;
	for (size_t i = 0; i + n <= len; i++)
		if (text[i] == '<' && strncasecmp(text + i, needle, n) == 0)
			return text + i;
	return NULL;
}

static int line_of(const char *text, const char *at)
{
	int line = 1;
	for (const char *p = text; p < at; p++)
		line += *p == '\n';
	return line;
}

xmlDocPtr np_xml_parse(const char *path, const char *text, size_t len, struct np_error *err)
{
	if (len > NP_XML_MAX_BYTES) {
		np_fail(err, "%s: %zu bytes is more than the %u-byte limit for XML", path, len,
			NP_XML_MAX_BYTES);
		return NULL;
	}
	const char *doctype = find_doctype(text, len);
	if (doctype) {
		np_fail(err,
			"%s line %d: a DOCTYPE is not accepted (libvirt never writes one; it could "
			"load files or expand entities)",
			path, line_of(text, doctype));
		return NULL;
	}
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		np_fail(err, "%s: out of memory for the XML parser", path);
		return NULL;
	}
	xmlDocPtr doc =
	    xmlCtxtReadMemory(ctxt, text, (int)len, path, NULL,
			      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlCtxtGetLastError(ctxt);
		char message[256] = "not well-formed XML";
		if (e && e->message) {
			snprintf(message, sizeof(message), "%s", e->message);
			size_t m = strlen(message);
			while (m && (message[m - 1] == '\n' || message[m - 1] == ' '))
				message[--m] = '\0';
		}
		np_fail(err, "%s line %d: %s", path, e ? e->line : 0, message);
	}
	xmlFreeParserCtxt(ctxt);
	return doc;
}

xmlNodePtr np_xml_child(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr child = parent ? parent->children : NULL; child; child = child->next)
		if (child->type == XML_ELEMENT_NODE && xmlStrcmp(child->name, BAD_CAST name) == 0)
			return child;
	return NULL;
}

int np_xml_attr(xmlNodePtr node, const char *name, char *out, size_t size)
{
	xmlChar *value = xmlGetProp(node, BAD_CAST name);
	if (!value)
		return -1;
	snprintf(out, size, "%s", (const char *)value);
	xmlFree(value);
	return 0;
}
