/* html.c: text from inputs into HTML; see html.h. */
#include "html.h"

#include "utf8.h"

void np_html_escape(struct np_strbuf *out, const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		size_t n = np_utf8_length(p);
		if (n == 0) {
			np_sb_puts(out, "\xef\xbf\xbd"); /* U+FFFD */
			p++;
			continue;
		}
		if (n > 1) {
			np_sb_append(out, (const char *)p, n);
			p += n;
			continue;
		}
		switch (*p) {
		case '&':
			np_sb_puts(out, "&amp;");
			break;
		case '<':
			np_sb_puts(out, "&lt;");
			break;
		case '>':
			np_sb_puts(out, "&gt;");
			break;
		case '"':
			np_sb_puts(out, "&quot;");
			break;
		case '\'':
			np_sb_puts(out, "&#39;");
			break;
		default:
			np_sb_putc(out, (*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f
					    ? ' '
					    : (char)*p);
		}
		p++;
	}
}
