/* numamaps.c: parsing /proc/PID/numa_maps; see numamaps.h. */
#include "numamaps.h"

#include <ctype.h>
#include <string.h>

#include "number.h"

static const char *const kind_names[NP_MEM_KINDS] = {"huge", "anon", "file"};

const char *np_mem_kind_name(enum np_mem_kind kind)
{
	return kind_names[kind];
}

void np_node_memory_clear(struct np_node_memory *memory)
{
	memset(memory->bytes, 0, sizeof(memory->bytes));
	memory->max_node = -1;
	memory->total = 0;
}

bool np_node_memory_add(struct np_node_memory *memory, int node, enum np_mem_kind kind,
			uint64_t bytes)
{
	uint64_t total;
	if (node < 0 || node >= NP_MAX_NODES || !np_add_u64(memory->total, bytes, &total))
		return false;
	/* Every part is at most the total, so no part can wrap either. */
	memory->bytes[node][kind] += bytes;
	memory->total = total;
	if (node > memory->max_node)
		memory->max_node = node;
	return true;
}

uint64_t np_node_memory_node_total(const struct np_node_memory *memory, int node)
{
	uint64_t total = 0;
	for (int k = 0; k < NP_MEM_KINDS; k++)
		total += memory->bytes[node][k];
	return total;
}

uint64_t np_node_memory_total(const struct np_node_memory *memory)
{
	return memory->total;
}

/* Parses all of [p, end) as a number from 0 to max; returns 0 or -1. */
static int parse_number(const char *p, const char *end, uint64_t max, uint64_t *value)
{
	return np_scan_uint(&p, end, max, value) == NP_SCAN_OK && p == end ? 0 : -1;
}

static int starts_with(const char *token, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return len >= n && memcmp(token, prefix, n) == 0;
}

/* Guest RAM backends are anonymous memory under a file name. */
static int is_ram_backend(const char *path, size_t len)
{
	static const char deleted[] = "\\040(deleted)";
	size_t dl = sizeof(deleted) - 1;
	return starts_with(path, len, "/memfd:") || starts_with(path, len, "/dev/shm/") ||
	       (len >= dl && memcmp(path + len - dl, deleted, dl) == 0);
}

#define LINE_NODES 64

/* One mapping line: collects its N tokens, then adds them once the
 * page size and kind are known (they may come after the N tokens). */
static int parse_line(const char *line, const char *end, int line_no, uint64_t base_page_kb,
		      struct np_node_memory *out, struct np_error *err)
{
	int nodes[LINE_NODES];
	uint64_t pages[LINE_NODES];
	int count = 0;
	uint64_t page_kb = base_page_kb;
	int huge = 0, has_file = 0, backend = 0;
	const char *p = line;
	/* The first token is the address; the policy and the rest follow. */
	while (p < end && !isspace((unsigned char)*p))
		p++;
	while (p < end) {
		while (p < end && isspace((unsigned char)*p))
			p++;
		const char *token = p;
		while (p < end && !isspace((unsigned char)*p))
			p++;
		size_t len = (size_t)(p - token);
		if (len == 0)
			break;
		if (len == 4 && memcmp(token, "huge", 4) == 0) {
			huge = 1;
		} else if (starts_with(token, len, "file=")) {
			has_file = 1;
			backend = is_ram_backend(token + 5, len - 5);
		} else if (starts_with(token, len, "kernelpagesize_kB=")) {
			/* The largest page any architecture has is 16 GiB. */
			if (parse_number(token + 18, p, UINT64_C(16) << 20, &page_kb) < 0 ||
			    page_kb == 0)
				return np_fail(err,
					       "line %d: bad kernelpagesize_kB in '%.*s', expected "
					       "1 to 16777216",
					       line_no, (int)len, token);
		} else if (token[0] == 'N' && len > 2 && isdigit((unsigned char)token[1])) {
			const char *eq = memchr(token, '=', len);
			uint64_t node, value;
			if (!eq || parse_number(token + 1, eq, UINT64_MAX, &node) < 0 ||
			    parse_number(eq + 1, p, UINT64_MAX, &value) < 0)
				return np_fail(
				    err, "line %d: bad node count '%.*s', expected N<node>=<pages>",
				    line_no, (int)len, token);
			if (node >= NP_MAX_NODES)
				return np_fail(err, "line %d: node %llu is above %d", line_no,
					       (unsigned long long)node, NP_MAX_NODES - 1);
			if (count == LINE_NODES)
				return np_fail(err, "line %d: more than %d nodes", line_no,
					       LINE_NODES);
			nodes[count] = (int)node;
			pages[count++] = value;
		}
	}
	enum np_mem_kind kind = huge			 ? NP_MEM_HUGE
				: (!has_file || backend) ? NP_MEM_ANON
							 : NP_MEM_FILE;
	for (int i = 0; i < count; i++) {
		uint64_t bytes;
		if (!np_mul_u64(pages[i], page_kb * 1024, &bytes) ||
		    !np_node_memory_add(out, nodes[i], kind, bytes))
			return np_fail(
			    err, "line %d: N%d=%llu pages of %llu kB overflow 64 bits of bytes",
			    line_no, nodes[i], (unsigned long long)pages[i],
			    (unsigned long long)page_kb);
	}
	return 0;
}

int np_numamaps_parse(const char *text, uint64_t base_page_kb, struct np_node_memory *out,
		      struct np_error *err)
{
	int line_no = 0;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		line_no++;
		if (end > p && parse_line(p, end, line_no, base_page_kb, out, err) < 0)
			return -1;
		p = nl ? nl + 1 : end;
	}
	return 0;
}
