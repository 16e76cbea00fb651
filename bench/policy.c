/* policy.c: node groups and memory policies; see policy.h. */
#include "policy.h"

#include <stdio.h>
#include <string.h>

#include "../lib/bounds.h"
#include "../lib/fileio.h"
#include "../lib/number.h"
#include "../lib/strbuf.h"

const char *const np_mem_policy_names[] = {"bind", "interleave", "weighted", NULL};

static int parse_group(const char *text, size_t len, struct np_mem_group *group,
		       struct np_error *err)
{
	np_idset_clear(&group->nodes);
	int count = 0;
	for (size_t at = 0; at <= len;) {
		size_t end = at;
		while (end < len && text[end] != '+')
			end++;
		char item[16];
		uint64_t node;
		if (end == at || end - at >= sizeof(item))
			return np_fail(
			    err, "--mem-nodes '%.*s': expected nodes joined by '+', such as 0+2",
			    (int)len, text);
		memcpy(item, text + at, end - at);
		item[end - at] = '\0';
		if (item[0] == '^' || strchr(item, '-'))
			return np_fail(
			    err,
			    "--mem-nodes '%.*s': a group takes single nodes ('%s' is not "
			    "one: no ranges or ^ inside a group)",
			    (int)len, text, item);
		if (np_parse_uint(item, NP_MAX_NODES - 1, &node, NULL) < 0)
			return np_fail(err, "--mem-nodes '%.*s': '%s' is not a node number",
				       (int)len, text, item);
		if (np_idset_has(&group->nodes, (int)node))
			return np_fail(err, "--mem-nodes '%.*s': node %d is twice in the group",
				       (int)len, text, (int)node);
		if (++count > NP_MAX_GROUP_NODES)
			return np_fail(err, "--mem-nodes '%.*s': more than %d nodes in a group",
				       (int)len, text, NP_MAX_GROUP_NODES);
		np_idset_add(&group->nodes, (int)node);
		at = end + 1;
	}
	group->name[0] = '\0';
	size_t used = 0;
	for (int n = np_idset_next(&group->nodes, 0); n >= 0;
	     n = np_idset_next(&group->nodes, n + 1))
		used += (size_t)snprintf(group->name + used, sizeof(group->name) - used, "%s%d",
					 used ? "+" : "", n);
	return 0;
}

int np_mem_nodes_parse(const char *text, struct np_idset *singles, struct np_mem_group *groups,
		       size_t *group_count, struct np_error *err)
{
	*group_count = 0;
	np_idset_clear(singles);
	struct np_strbuf rest;
	np_sb_init(&rest);
	int rc = 0;
	for (const char *item = text; rc == 0;) {
		const char *comma = strchr(item, ',');
		size_t len = comma ? (size_t)(comma - item) : strlen(item);
		if (memchr(item, '+', len)) {
			if (*group_count == NP_MAX_GROUPS)
				rc =
				    np_fail(err, "--mem-nodes: more than %d groups", NP_MAX_GROUPS);
			else
				rc = parse_group(item, len, &groups[*group_count], err);
			if (rc == 0 && np_idset_count(&groups[*group_count].nodes) < 2)
				rc = np_fail(err,
					     "--mem-nodes '%.*s': a group needs two nodes or more",
					     (int)len, item);
			if (rc == 0)
				(*group_count)++;
		} else {
			np_sb_printf(&rest, "%s%.*s", rest.len ? "," : "", (int)len, item);
		}
		if (!comma)
			break;
		item = comma + 1;
	}
	if (rc == 0 && rest.len) {
		struct np_error why;
		if (np_idset_parse(np_sb_str(&rest), singles, &why) < 0)
			rc = np_fail(err, "--mem-nodes '%s': %s", text, why.message);
	}
	if (rc == 0 && !rest.len && *group_count == 0)
		rc = np_fail(err, "--mem-nodes '%s': expected nodes, such as 0-3 or 0+2", text);
	np_sb_free(&rest);
	return rc;
}

int np_policy_read_weights(const char *sysfs, const struct np_idset *nodes, unsigned *weights,
			   struct np_error *err)
{
	struct np_strbuf text;
	np_sb_init(&text);
	int rc = 0;
	for (int n = np_idset_next(nodes, 0); n >= 0 && rc == 0; n = np_idset_next(nodes, n + 1)) {
		char path[256];
		snprintf(path, sizeof(path), "%s/kernel/mm/mempolicy/weighted_interleave/node%d",
			 sysfs, n);
		uint64_t weight;
		if (np_read_line_file(path, &text, NULL, NULL) < 0)
			rc = np_fail(err,
				     "--policy weighted needs weighted interleave "
				     "(MPOL_WEIGHTED_INTERLEAVE, Linux 6.9 and later): this kernel "
				     "has no %s",
				     path);
		else if (np_parse_uint(np_sb_str(&text), 255, &weight, NULL) < 0 || weight == 0)
			rc = np_fail(err, "%s: '%s' is not a weight from 1 to 255", path,
				     np_sb_str(&text));
		else
			weights[n] = (unsigned)weight;
	}
	np_sb_free(&text);
	return rc;
}

double np_policy_expected_share(enum np_mem_policy policy, const struct np_idset *nodes,
				const unsigned *weights, int node)
{
	if (!np_idset_has(nodes, node))
		return 0;
	int count = np_idset_count(nodes);
	if (count == 1)
		return 100;
	if (policy == NP_POLICY_INTERLEAVE)
		return 100.0 / count;
	if (policy != NP_POLICY_WEIGHTED)
		return -1;
	double total = 0;
	for (int n = np_idset_next(nodes, 0); n >= 0; n = np_idset_next(nodes, n + 1))
		total += weights[n];
	return total > 0 ? 100.0 * weights[node] / total : -1;
}
