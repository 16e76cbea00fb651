/* xml.c: safe XML parsing with libxml2; see xml.h. */
#include "xml.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

/* Set through the parser context when the document has a DTD. */
struct dtd_seen {
	bool seen;
	int line;
};

/* libxml2 calls this as soon as it reads <!DOCTYPE, in whatever encoding
 * the document is written, before any entity is declared: parsing stops
 * there. A byte search for "<!DOCTYPE" would miss UTF-16. */
static void refuse_dtd(void *opaque, const xmlChar *name, const xmlChar *external_id,
		       const xmlChar *system_id)
{
	(void)name;
	(void)external_id;
	(void)system_id;
	xmlParserCtxtPtr ctxt = opaque;
	struct dtd_seen *dtd = ctxt->_private;
	if (!dtd->seen) {
		dtd->seen = true;
		dtd->line = ctxt->input ? ctxt->input->line : 0;
	}
	xmlStopParser(ctxt);
}

static void silent(void *context, const char *fmt, ...)
{
	(void)context;
	(void)fmt;
}

xmlDocPtr np_xml_parse(const char *path, const char *text, size_t len, struct np_error *err)
{
	if (len > NP_XML_MAX_BYTES) {
		np_fail(err, "%s: %zu bytes is more than the %u-byte limit for XML", path, len,
			NP_XML_MAX_BYTES);
		return NULL;
	}
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt || !ctxt->sax) {
		xmlFreeParserCtxt(ctxt);
		np_fail(err, "%s: out of memory for the XML parser", path);
		return NULL;
	}
	struct dtd_seen dtd = {false, 0};
	ctxt->_private = &dtd;
	/* libxml2 prints some errors (encoding, I/O) through its generic
	 * handler whatever XML_PARSE_NOERROR says; our message is the one the
	 * user gets, so that handler is silenced for this parse only. */
	xmlGenericErrorFunc saved_handler = xmlGenericError;
	void *saved_context = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, silent);
	ctxt->sax->internalSubset = refuse_dtd;
	ctxt->sax->externalSubset = refuse_dtd;
	/* No XML_PARSE_NOENT (entities stay unexpanded), no DTD loading or
	 * validation, nothing from the network. */
	xmlDocPtr doc =
	    xmlCtxtReadMemory(ctxt, text, (int)len, path, NULL,
			      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	/* The hooks are the first line of defence; a document that still
	 * carries a DTD is refused as well. */
	if (doc && (doc->intSubset || doc->extSubset) && !dtd.seen)
		dtd.seen = true;
	if (dtd.seen) {
		xmlFreeDoc(doc);
		doc = NULL;
		np_fail(err,
			"%s line %d: a DOCTYPE is not accepted (libvirt never writes one; it could "
			"load files or expand entities)",
			path, dtd.line);
	} else if (!doc) {
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
	xmlSetGenericErrorFunc(saved_context, saved_handler);
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
	int n = snprintf(out, size, "%s", (const char *)value);
	xmlFree(value);
	if (n < 0 || (size_t)n >= size) {
		/* Never hand out a cut value: "00000…05" cut short is 0, a long
		 * cpuset cut short names fewer CPUs. */
		if (size)
			out[0] = '\0';
		return -2;
	}
	return 0;
}

int np_xml_fail(struct np_error *err, const char *path, xmlNodePtr node, const char *fmt, ...)
{
	char message[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	return np_fail(err, "%s line %ld: %s", path, node ? xmlGetLineNo(node) : 0L, message);
}
