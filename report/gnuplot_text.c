/* gnuplot_text.c: text from inputs into gnuplot scripts and data; see gnuplot_text.h. */
#include "gnuplot_text.h"

#include <stddef.h>

/* The length of the valid UTF-8 sequence at p (1 to 4), or 0. */
static size_t utf8_length(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	size_t n = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;
	if (n == 0 || p[0] > 0xf4)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	/* No overlong forms, no surrogates, nothing past U+10FFFF. */
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
		return 0;
	return n;
}

/* Copies text between the quotes, replacing `quote` by `replacement`
 * (a string), control characters by a space and invalid bytes by '?'. */
static void quoted(struct np_strbuf *out, const char *text, char quote, const char *replacement)
{
	np_sb_putc(out, quote);
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		size_t n = utf8_length(p);
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
