/* rates.c: counter rates and the state file; see rates.h. */
#include "rates.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "../lib/fileio.h"
#include "../lib/number.h"

#define STATE_MAGIC "numaprobe-stats-state 1"

void np_snapshot_from_sample(const struct np_stats_sample *sample, struct np_counter_snapshot *out)
{
	memset(out, 0, sizeof(*out));
	out->present = true;
	snprintf(out->boot_id, sizeof(out->boot_id), "%s", sample->boot_id);
	out->boottime_ns = sample->boottime_ns;
	out->node_count = sample->node_count < NP_MAX_NODES ? sample->node_count : NP_MAX_NODES;
	for (size_t i = 0; i < out->node_count; i++) {
		out->node_ids[i] = sample->nodes[i].id;
		memcpy(out->node_counters[i], sample->nodes[i].counters,
		       sizeof(out->node_counters[i]));
	}
	memcpy(out->system, sample->system, sizeof(out->system));
}

/* Sets *rate and returns true when the counter moved forward (or stood). */
static bool rate_of(uint64_t before, uint64_t after, double seconds, double *rate)
{
	if (after < before)
		return false;
	*rate = (double)(after - before) / seconds;
	return true;
}

void np_rates_compute(const struct np_counter_snapshot *previous,
		      const struct np_stats_sample *sample, struct np_rates *rates,
		      struct np_strbuf *notes)
{
	memset(rates, 0, sizeof(*rates));
	if (!previous || !previous->present) {
		np_sb_printf(notes, "first sample: rates start with the next one\n");
		return;
	}
	if (strcmp(previous->boot_id, sample->boot_id) != 0 ||
	    sample->boottime_ns <= previous->boottime_ns) {
		np_sb_printf(notes,
			     "the machine rebooted since the previous sample (boot id %s, now %s): "
			     "no rates this time\n",
			     previous->boot_id, sample->boot_id);
		return;
	}
	double seconds = (double)(sample->boottime_ns - previous->boottime_ns) / 1e9;
	for (size_t i = 0; i < sample->node_count && i < NP_MAX_NODES; i++) {
		size_t p = 0;
		while (p < previous->node_count && previous->node_ids[p] != sample->nodes[i].id)
			p++;
		if (p == previous->node_count) {
			np_sb_printf(
			    notes,
			    "node %d is new since the previous sample: its rates start with "
			    "the next one\n",
			    sample->nodes[i].id);
			continue;
		}
		for (int c = 0; c < NP_NODE_COUNTERS; c++) {
			rates->node_valid[i][c] =
			    rate_of(previous->node_counters[p][c], sample->nodes[i].counters[c],
				    seconds, &rates->node[i][c]);
			if (!rates->node_valid[i][c])
				np_sb_printf(
				    notes,
				    "node %d %s went down (%llu to %llu): a reset, no rate "
				    "this time\n",
				    sample->nodes[i].id, np_node_counter_names[c],
				    (unsigned long long)previous->node_counters[p][c],
				    (unsigned long long)sample->nodes[i].counters[c]);
		}
	}
	for (int c = 0; c < NP_SYSTEM_COUNTERS; c++) {
		rates->system_valid[c] =
		    rate_of(previous->system[c], sample->system[c], seconds, &rates->system[c]);
		if (!rates->system_valid[c])
			np_sb_printf(notes, "%s went down: a reset, no rate this time\n",
				     np_system_counter_names[c]);
	}
}

void np_snapshot_format(const struct np_counter_snapshot *snapshot, struct np_strbuf *out)
{
	np_sb_printf(out, STATE_MAGIC "\nboot_id %s\nboottime_ns %llu\n", snapshot->boot_id,
		     (unsigned long long)snapshot->boottime_ns);
	for (size_t i = 0; i < snapshot->node_count; i++) {
		np_sb_printf(out, "node %d", snapshot->node_ids[i]);
		for (int c = 0; c < NP_NODE_COUNTERS; c++)
			np_sb_printf(out, " %llu",
				     (unsigned long long)snapshot->node_counters[i][c]);
		np_sb_putc(out, '\n');
	}
	np_sb_puts(out, "system");
	for (int c = 0; c < NP_SYSTEM_COUNTERS; c++)
		np_sb_printf(out, " %llu", (unsigned long long)snapshot->system[c]);
	np_sb_putc(out, '\n');
}

/* Splits a state line into at most `max` words separated by single
 * spaces; returns the count, or -1 for empty words or too many. */
static int split_words(char *line, char **words, int max)
{
	int count = 0;
	for (char *p = line;;) {
		char *space = strchr(p, ' ');
		if (space)
			*space = '\0';
		if (*p == '\0' || count == max)
			return -1;
		words[count++] = p;
		if (!space)
			return count;
		p = space + 1;
	}
}

/* Parses words[0..count) as counters; returns 0 or -1 (message set). */
static int parse_counters(const char *path, int line_no, const char *what, char **words, int count,
			  uint64_t *values, struct np_error *err)
{
	for (int i = 0; i < count; i++)
		if (np_parse_uint(words[i], UINT64_MAX, &values[i], err) < 0)
			return np_fail_prefix(err, "%s line %d: %s counter %d", path, line_no, what,
					      i + 1);
	return 0;
}

int np_snapshot_parse(const char *path, const char *text, struct np_counter_snapshot *out,
		      struct np_error *err)
{
	memset(out, 0, sizeof(*out));
	int line_no = 0;
	bool boot = false, time = false, system = false;
	for (const char *p = text; *p;) {
		const char *start = p;
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];
		line_no++;
		if (len >= sizeof(line))
			return np_fail(err, "%s line %d: longer than %zu bytes", path, line_no,
				       sizeof(line));
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : p + len;
		if (line_no == 1) {
			if (strcmp(line, STATE_MAGIC) != 0)
				return np_fail(
				    err,
				    "%s line 1: expected '%s': not a numaprobe stats state file",
				    path, STATE_MAGIC);
			continue;
		}
		char *words[2 + NP_NODE_COUNTERS];
		int count = split_words(line, words, 2 + NP_NODE_COUNTERS);
		const char *key = count > 0 ? words[0] : "";
		bool repeated = (strcmp(key, "boot_id") == 0 && boot) ||
				(strcmp(key, "boottime_ns") == 0 && time) ||
				(strcmp(key, "system") == 0 && system);
		if (repeated)
			return np_fail(err, "%s line %d: a second %s line", path, line_no, key);
		if (strcmp(key, "boot_id") == 0 && count == 2 &&
		    strlen(words[1]) < sizeof(out->boot_id)) {
			snprintf(out->boot_id, sizeof(out->boot_id), "%s", words[1]);
			boot = true;
		} else if (strcmp(key, "boottime_ns") == 0 && count == 2) {
			if (parse_counters(path, line_no, "boottime_ns", words + 1, 1,
					   &out->boottime_ns, err) < 0)
				return -1;
			time = true;
		} else if (strcmp(key, "node") == 0 && count == 2 + NP_NODE_COUNTERS) {
			if (out->node_count == NP_MAX_NODES)
				return np_fail(err, "%s line %d: more than %d nodes", path, line_no,
					       NP_MAX_NODES);
			int id;
			if (np_parse_index(words[1], NP_MAX_NODES - 1, &id, err) < 0)
				return np_fail_prefix(err, "%s line %d: node id", path, line_no);
			for (size_t n = 0; n < out->node_count; n++)
				if (out->node_ids[n] == id)
					return np_fail(err, "%s line %d: node %d appears twice",
						       path, line_no, id);
			if (parse_counters(path, line_no, "node", words + 2, NP_NODE_COUNTERS,
					   out->node_counters[out->node_count], err) < 0)
				return -1;
			out->node_ids[out->node_count++] = id;
		} else if (strcmp(key, "system") == 0 && count == 1 + NP_SYSTEM_COUNTERS) {
			if (parse_counters(path, line_no, "system", words + 1, NP_SYSTEM_COUNTERS,
					   out->system, err) < 0)
				return -1;
			system = true;
		} else {
			return np_fail(err,
				       "%s line %d: '%.*s' is not a state line (boot_id, "
				       "boottime_ns, node or system with their values)",
				       path, line_no, len > 80 ? 80 : (int)len, start);
		}
	}
	if (line_no == 0 || !boot || !time || !system)
		return np_fail(err,
			       "%s: incomplete state file (needs the header, boot_id, boottime_ns "
			       "and system lines)",
			       path);
	out->present = true;
	return 0;
}

/* A state file that cannot be parsed is moved aside to FILE.bad (so the
 * next cron run does not fail on it again) and the sample goes on without
 * rates. */
static int move_aside(const char *path, const char *why, struct np_strbuf *notes,
		      struct np_error *err)
{
	char bad[PATH_MAX];
	if (snprintf(bad, sizeof(bad), "%s.bad", path) >= (int)sizeof(bad))
		return np_fail(err, "--state %s: path too long", path);
	if (rename(path, bad) != 0)
		return np_fail(err, "%s is corrupt (%s) and cannot be moved aside to %s: %s", path,
			       why, bad, strerror(errno));
	np_sb_printf(notes,
		     "%s is corrupt (%s): moved aside to %s; a fresh state is written and rates "
		     "start with the next sample\n",
		     path, why, bad);
	return 0;
}

int np_state_exchange(const char *path, const struct np_counter_snapshot *current,
		      struct np_counter_snapshot *previous, struct np_strbuf *notes,
		      struct np_error *err)
{
	char lock_path[PATH_MAX];
	if (snprintf(lock_path, sizeof(lock_path), "%s.lock", path) >= (int)sizeof(lock_path))
		return np_fail(err, "--state %s: path too long", path);
	int lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (lock < 0)
		return np_fail(err, "%s: cannot open: %s", lock_path, strerror(errno));
	if (flock(lock, LOCK_EX) < 0) {
		close(lock);
		return np_fail(err, "%s: cannot lock: %s", lock_path, strerror(errno));
	}
	int rc = 0;
	struct np_strbuf text;
	np_sb_init(&text);
	int saved = 0;
	memset(previous, 0, sizeof(*previous));
	struct np_error why;
	if (np_read_file(path, &text, &saved, &why) == 0) {
		if (np_snapshot_parse(path, np_sb_str(&text), previous, &why) < 0) {
			memset(previous, 0, sizeof(*previous));
			rc = move_aside(path, why.message, notes, err);
		}
	} else if (saved == EINVAL || saved == EFBIG) { /* a NUL byte, or far too big */
		rc = move_aside(path, why.message, notes, err);
	} else if (saved != ENOENT) {
		rc = np_fail(err, "%s", why.message);
	}
	if (rc == 0) {
		np_sb_reset(&text);
		np_snapshot_format(current, &text);
		rc = np_write_file_atomic(path, np_sb_str(&text), text.len, err);
	}
	np_sb_free(&text);
	close(lock); /* releases the lock */
	return rc;
}
