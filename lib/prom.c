/* prom.c: Prometheus text exposition helpers; see prom.h. */
#include "prom.h"

void np_prom_escape(struct np_strbuf *out, const char *text)
{
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			np_sb_puts(out, "\\n");
			continue;
		}
		if (*p == '\\' || *p == '"')
			np_sb_putc(out, '\\');
		np_sb_putc(out, *p);
	}
}

void np_prom_family(struct np_strbuf *out, const char *name, const char *type, const char *help)
{
	np_sb_printf(out, "# HELP numaprobe_%s %s\n# TYPE numaprobe_%s %s\n", name, help, name,
		     type);
}
