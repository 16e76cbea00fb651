/* gnuplot_text.c: text from inputs into gnuplot scripts and data; see gnuplot_text.h. */
#include "gnuplot_text.h"

#include <stddef.h>

#include "../lib/utf8.h"

/* Copies text between the quotes, replacing `quote` by `replacement`
 * (a string), control characters by a space and invalid bytes by '?'. */
static void quoted(struct np_strbuf *out, const char *text, char quote, const char *replacement)
{
	np_sb_putc(out, quote);
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		size_t n = np_utf8_length(p);
		if (n == 0) {
			np_sb_putc(out, '?');
			p++;
		} else if (n > 1) {
			np_sb_append(out, (const char *)p, n);
			p += n;
		} else {
			if (*p == (unsigned char)quote)
				np_sb_puts(out, replacement);
			else if (*p < 0x20 || *p == 0x7f)
				np_sb_putc(out, ' ');
			else
				np_sb_putc(out, (char)*p);
			p++;
		}
	}
	np_sb_putc(out, quote);
}

void np_gnuplot_string(struct np_strbuf *out, const char *text)
{
	quoted(out, text, '\'', "''");
}

void np_gnuplot_datum(struct np_strbuf *out, const char *text)
{
	quoted(out, text, '"', "'");
}
