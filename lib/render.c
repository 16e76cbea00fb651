/* render.c: renderer tables; see render.h. */
#include "render.h"

#include <string.h>

const struct np_renderer *np_renderer_find(const struct np_renderer *table, const char *name,
					   struct np_error *err)
{
	for (const struct np_renderer *r = table; r->name; r++)
		if (strcmp(r->name, name) == 0)
			return r;
	struct np_strbuf names;
	np_sb_init(&names);
	np_renderer_names(table, &names);
	np_fail(err, "--format '%s' is unknown: expected %s", name, np_sb_str(&names));
	np_sb_free(&names);
	return NULL;
}

void np_renderer_names(const struct np_renderer *table, struct np_strbuf *out)
{
	size_t count = 0;
	while (table[count].name)
		count++;
	for (size_t i = 0; i < count; i++)
		np_sb_printf(out, "%s%s",
			     i == 0	      ? ""
			     : i + 1 == count ? " or "
					      : ", ",
			     table[i].name);
}
