/* caches.c: a CPU's caches from sysfs; see caches.h. */
#include "caches.h"

#include <stdio.h>
#include <string.h>

#include "fileio.h"
#include "number.h"
#include "size.h"
#include "strbuf.h"

size_t np_caches_read(const char *sysfs, int cpu, struct np_cache_level *caches, size_t *largest)
{
	size_t count = 0;
	int best_level = 0;
	if (largest)
		*largest = 0;
	struct np_strbuf text;
	np_sb_init(&text);
	for (int index = 0; index < 16; index++) {
		char path[256];
		snprintf(path, sizeof(path), "%s/devices/system/cpu/cpu%d/cache/index%d/level",
			 sysfs, cpu, index);
		uint64_t level;
		if (np_read_line_file(path, &text, NULL, NULL) < 0 ||
		    np_parse_uint(np_sb_str(&text), 9, &level, NULL) < 0)
			continue;
		snprintf(path, sizeof(path), "%s/devices/system/cpu/cpu%d/cache/index%d/size",
			 sysfs, cpu, index);
		uint64_t bytes;
		if (np_read_line_file(path, &text, NULL, NULL) < 0 ||
		    np_parse_size(np_sb_str(&text), 1, &bytes, NULL) < 0)
			continue;
		if ((int)level >= best_level && largest) {
			best_level = (int)level;
			*largest = bytes;
		}
		snprintf(path, sizeof(path), "%s/devices/system/cpu/cpu%d/cache/index%d/type",
			 sysfs, cpu, index);
		if (np_read_line_file(path, &text, NULL, NULL) < 0 ||
		    strcmp(np_sb_str(&text), "Instruction") == 0 || count == NP_MAX_CACHE_LEVELS)
			continue;
		struct np_cache_level *cache = &caches[count++];
		cache->level = (int)level;
		snprintf(cache->type, sizeof(cache->type), "%.15s", np_sb_str(&text));
		cache->bytes = bytes;
	}
	np_sb_free(&text);
	/* by level, smallest first (sysfs lists them in index order) */
	for (size_t i = 1; i < count; i++)
		for (size_t j = i; j > 0 && caches[j].level < caches[j - 1].level; j--) {
			struct np_cache_level t = caches[j];
			caches[j] = caches[j - 1];
			caches[j - 1] = t;
		}
	return count;
}
