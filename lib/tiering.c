/* tiering.c: memory tiers, demotion, balancing mode and interleave weights;
 * see tiering.h. */
#include "tiering.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "number.h"
#include "strbuf.h"

const char *np_balancing_mode_name(int mode)
{
	static const char *const names[] = {"off", "normal", "memory tiering",
					    "normal and memory tiering"};
	return mode >= 0 && mode < 4 ? names[mode] : "unknown";
}

/* Reads one line of root/relative into text; 1 read, 0 absent, -1 error. */
static int read_optional(const char *root, const char *relative, struct np_strbuf *text, char *path,
			 size_t size, struct np_error *err)
{
	if (np_root_path(path, size, root, relative, err) < 0)
		return -1;
	int saved = 0;
	if (np_read_line_file(path, text, &saved, err) < 0)
		return saved == ENOENT || saved == ENOTDIR ? 0 : -1;
	return 1;
}

/* The numbers N of the entries <prefix>N of dir, ascending; at most max
 * of them, each at most max_id. A missing dir has none. */
static int numbered_entries(const char *dir, const char *prefix, int max_id, int *ids, size_t max,
			    size_t *count, struct np_error *err)
{
	*count = 0;
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT || errno == ENOTDIR
			   ? 0
			   : np_fail(err, "%s: cannot list: %s", dir, strerror(errno));
	size_t prefix_len = strlen(prefix);
	int rc = 0;
	for (struct dirent *e; rc == 0 && (e = readdir(d));) {
		if (strncmp(e->d_name, prefix, prefix_len) != 0)
			continue;
		uint64_t id;
		struct np_error ignored;
		if (np_parse_uint(e->d_name + prefix_len, (uint64_t)max_id, &id, &ignored) < 0) {
			/* memory_tiering also holds power/, uevent...; an entry
			 * with the prefix and a bad number is not ours either,
			 * unless it is a number too large */
			continue;
		}
		if (*count == max) {
			rc = np_fail(err, "%s: more than %zu %s entries", dir, max, prefix);
			break;
		}
		ids[(*count)++] = (int)id;
	}
	closedir(d);
	/* ascending: insertion sort, a few entries */
	for (size_t i = 1; i < *count; i++)
		for (size_t j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
			int t = ids[j];
			ids[j] = ids[j - 1];
			ids[j - 1] = t;
		}
	return rc;
}

static int read_tiers(const struct np_roots *roots, struct np_tiering *out, struct np_strbuf *text,
		      struct np_error *err)
{
	char dir[PATH_MAX], path[PATH_MAX], relative[96];
	if (np_root_path(dir, sizeof(dir), roots->sysfs, "devices/virtual/memory_tiering", err) < 0)
		return -1;
	int ids[NP_MAX_TIERS];
	size_t count;
	if (numbered_entries(dir, "memory_tier", NP_MAX_TIER_ID, ids, NP_MAX_TIERS, &count, err) <
	    0)
		return -1;
	for (size_t i = 0; i < count; i++) {
		snprintf(relative, sizeof(relative),
			 "devices/virtual/memory_tiering/memory_tier%d/nodelist", ids[i]);
		int rc = read_optional(roots->sysfs, relative, text, path, sizeof(path), err);
		if (rc < 0)
			return -1;
		if (rc == 0) /* a tier directory without nodes: not a tier */
			continue;
		struct np_memory_tier *tier = &out->tiers[out->tier_count];
		tier->id = ids[i];
		if (np_idset_parse(np_sb_str(text), &tier->nodes, err) < 0)
			return np_fail_prefix(err, "%s", path);
		out->tier_count++;
	}
	return 0;
}

static int read_demotion(const struct np_roots *roots, struct np_tiering *out,
			 struct np_strbuf *text, struct np_error *err)
{
	char path[PATH_MAX];
	int rc = read_optional(roots->sysfs, "kernel/mm/numa/demotion_enabled", text, path,
			       sizeof(path), err);
	if (rc <= 0)
		return rc;
	const char *v = np_sb_str(text);
	/* the kernel writes true/false; older or patched ones 1/0 or Y/N */
	if (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "Y"))
		out->demotion_enabled = 1;
	else if (!strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "N"))
		out->demotion_enabled = 0;
	else
		return np_fail(err, "%s: '%.40s' is not true or false", path, v);
	return 0;
}

static int read_balancing(const struct np_roots *roots, struct np_tiering *out,
			  struct np_strbuf *text, struct np_error *err)
{
	char path[PATH_MAX];
	int rc =
	    read_optional(roots->proc, "sys/kernel/numa_balancing", text, path, sizeof(path), err);
	if (rc <= 0)
		return rc;
	uint64_t mode;
	/* modes are bits: a later kernel may add one, so any small value is
	 * kept and named "unknown" */
	if (np_parse_uint(np_sb_str(text), 255, &mode, err) < 0)
		return np_fail_prefix(err, "%s", path);
	out->numa_balancing = (int)mode;
	return 0;
}

static int read_weights(const struct np_roots *roots, struct np_tiering *out,
			struct np_strbuf *text, struct np_error *err)
{
	char dir[PATH_MAX], path[PATH_MAX], relative[96];
	if (np_root_path(dir, sizeof(dir), roots->sysfs, "kernel/mm/mempolicy/weighted_interleave",
			 err) < 0)
		return -1;
	size_t count;
	if (numbered_entries(dir, "node", NP_MAX_NODES - 1, out->weight_nodes, NP_MAX_NODES, &count,
			     err) < 0)
		return -1;
	for (size_t i = 0; i < count; i++) {
		snprintf(relative, sizeof(relative),
			 "kernel/mm/mempolicy/weighted_interleave/node%d", out->weight_nodes[i]);
		int rc = read_optional(roots->sysfs, relative, text, path, sizeof(path), err);
		if (rc < 0)
			return -1;
		uint64_t weight;
		if (rc == 0)
			continue;
		if (np_parse_uint(np_sb_str(text), 255, &weight, err) < 0)
			return np_fail_prefix(err, "%s", path);
		out->weight_nodes[out->weight_count] = out->weight_nodes[i];
		out->weights[out->weight_count++] = (unsigned)weight;
	}
	return 0;
}

int np_tiering_read(const struct np_roots *roots, struct np_tiering *out, struct np_error *err)
{
	memset(out, 0, sizeof(*out));
	out->demotion_enabled = -1;
	out->numa_balancing = -1;
	struct np_strbuf text;
	np_sb_init(&text);
	int rc = read_tiers(roots, out, &text, err);
	if (rc == 0)
		rc = read_demotion(roots, out, &text, err);
	if (rc == 0)
		rc = read_balancing(roots, out, &text, err);
	if (rc == 0)
		rc = read_weights(roots, out, &text, err);
	np_sb_free(&text);
	return rc;
}

void np_tiering_text(const struct np_tiering *t, struct np_strbuf *out)
{
	np_sb_printf(out, "%-24s ", "memory tiers");
	if (t->tier_count == 0)
		np_sb_puts(out, "(none: no memory_tiering in sysfs, a kernel before 6.1)");
	for (size_t i = 0; i < t->tier_count; i++) {
		np_sb_printf(out, "%stier %d: nodes ", i ? "; " : "", t->tiers[i].id);
		np_idset_format(&t->tiers[i].nodes, out);
	}
	np_sb_printf(out, "\n%-24s %s\n%-24s ", "demotion",
		     t->demotion_enabled < 0   ? "(not in this kernel)"
		     : t->demotion_enabled > 0 ? "enabled"
					       : "disabled",
		     "numa_balancing");
	if (t->numa_balancing >= 0)
		np_sb_printf(out, "%s (%d)\n", np_balancing_mode_name(t->numa_balancing),
			     t->numa_balancing);
	else
		np_sb_puts(out, "(not in this kernel)\n");
	np_sb_printf(out, "%-24s ", "weighted interleave");
	if (t->weight_count == 0)
		np_sb_puts(out, "(not in this kernel)");
	for (size_t i = 0; i < t->weight_count; i++)
		np_sb_printf(out, "%snode %d: %u", i ? ", " : "", t->weight_nodes[i],
			     t->weights[i]);
	np_sb_putc(out, '\n');
}

void np_tiering_json(struct np_json *json, const struct np_tiering *t)
{
	np_json_object(json);
	np_json_key(json, "memory_tiers");
	np_json_array(json);
	for (size_t i = 0; i < t->tier_count; i++) {
		np_json_object(json);
		np_json_kv_int(json, "tier", t->tiers[i].id);
		np_json_kv_idset(json, "nodes", &t->tiers[i].nodes);
		np_json_object_end(json);
	}
	np_json_array_end(json);
	np_json_key(json, "demotion_enabled");
	if (t->demotion_enabled < 0)
		np_json_null(json);
	else
		np_json_bool(json, t->demotion_enabled > 0);
	np_json_key(json, "numa_balancing");
	if (t->numa_balancing < 0)
		np_json_null(json);
	else
		np_json_int(json, t->numa_balancing);
	np_json_key(json, "numa_balancing_mode");
	if (t->numa_balancing < 0)
		np_json_null(json);
	else
		np_json_string(json, np_balancing_mode_name(t->numa_balancing));
	np_json_key(json, "weighted_interleave");
	np_json_object(json);
	for (size_t i = 0; i < t->weight_count; i++) {
		char key[16];
		snprintf(key, sizeof(key), "%d", t->weight_nodes[i]);
		np_json_kv_uint(json, key, t->weights[i]);
	}
	np_json_object_end(json);
	np_json_object_end(json);
}
