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
		      const struct np_stats_sample *sample, struct np_rates *rates)
{
	memset(rates, 0, sizeof(*rates));
	if (!previous || !previous->present) {
		np_appendf(rates->notes, sizeof(rates->notes),
			   "first sample: rates start with the next one\n");
		return;
	}
	if (strcmp(previous->boot_id, sample->boot_id) != 0 ||
	    sample->boottime_ns <= previous->boottime_ns) {
		np_appendf(rates->notes, sizeof(rates->notes),
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
			np_appendf(rates->notes, sizeof(rates->notes),
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
				np_appendf(rates->notes, sizeof(rates->notes),
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
			np_appendf(rates->notes, sizeof(rates->notes),
				   "%s went down: a reset, no rate this time\n",
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

int np_snapshot_parse(const char *path, const char *text, struct np_counter_snapshot *out,
		      struct np_error *err)
{
	memset(out, 0, sizeof(*out));
	int line_no = 0;
	bool magic = false, boot = false, time = false, system = false;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];
		line_no++;
		if (len >= sizeof(line))
			return np_fail(err, "%s line %d: longer than %zu bytes", path, line_no,
				       sizeof(line));
		memcpy(line, p, len);
		line[len] = '\0';
		unsigned long long v[NP_NODE_COUNTERS];
		int id, used = 0;
		if (line_no == 1) {
			magic = strcmp(line, STATE_MAGIC) == 0;
			if (!magic)
				return np_fail(
				    err,
				    "%s line 1: expected '%s': not a numaprobe stats state file",
				    path, STATE_MAGIC);
		} else if (sscanf(line, "boot_id %63s%n", out->boot_id, &used) == 1 &&
			   line[used] == '\0') {
			boot = true;
		} else if (sscanf(line, "boottime_ns %llu%n", &v[0], &used) == 1 &&
			   line[used] == '\0') {
			out->boottime_ns = v[0];
			time = true;
		} else if (sscanf(line, "node %d %llu %llu %llu %llu %llu %llu%n", &id, &v[0],
				  &v[1], &v[2], &v[3], &v[4], &v[5], &used) == 7 &&
			   line[used] == '\0' && id >= 0 && out->node_count < NP_MAX_NODES) {
			out->node_ids[out->node_count] = id;
			for (int c = 0; c < NP_NODE_COUNTERS; c++)
				out->node_counters[out->node_count][c] = v[c];
			out->node_count++;
		} else if (sscanf(line, "system %llu %llu %llu %llu%n", &v[0], &v[1], &v[2], &v[3],
				  &used) == 4 &&
			   line[used] == '\0') {
			for (int c = 0; c < NP_SYSTEM_COUNTERS; c++)
				out->system[c] = v[c];
			system = true;
		} else {
			return np_fail(err,
				       "%s line %d: '%s' is not a state line (boot_id, "
				       "boottime_ns, node or system)",
				       path, line_no, line);
		}
		p = nl ? nl + 1 : p + len;
	}
	if (!magic || !boot || !time || !system)
		return np_fail(err,
			       "%s: incomplete state file (needs the header, boot_id, boottime_ns "
			       "and system lines)",
			       path);
	out->present = true;
	return 0;
}

int np_state_exchange(const char *path, const struct np_counter_snapshot *current,
		      struct np_counter_snapshot *previous, struct np_error *err)
{
	char lock_path[PATH_MAX], temp_path[PATH_MAX];
	if (snprintf(lock_path, sizeof(lock_path), "%s.lock", path) >= (int)sizeof(lock_path) ||
	    snprintf(temp_path, sizeof(temp_path), "%s.tmp.%d", path, (int)getpid()) >=
		(int)sizeof(temp_path))
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
	if (np_read_file(path, &text, &saved, err) == 0)
		rc = np_snapshot_parse(path, np_sb_str(&text), previous, err);
	else if (saved != ENOENT)
		rc = -1;
	if (rc == 0) {
		np_sb_reset(&text);
		np_snapshot_format(current, &text);
		int fd = open(temp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0) {
			rc = np_fail(err, "%s: cannot create: %s", temp_path, strerror(errno));
		} else {
			ssize_t wrote = write(fd, np_sb_str(&text), text.len);
			int write_errno = errno;
			if (close(fd) != 0 && wrote == (ssize_t)text.len) {
				wrote = -1;
				write_errno = errno;
			}
			if (wrote != (ssize_t)text.len) {
				unlink(temp_path);
				rc = np_fail(
				    err,
				    "%s: cannot write the state: %s; the previous state is kept",
				    temp_path, strerror(wrote < 0 ? write_errno : ENOSPC));
			} else if (rename(temp_path, path) != 0) {
				unlink(temp_path);
				rc = np_fail(err, "%s: cannot replace: %s", path, strerror(errno));
			}
		}
	}
	np_sb_free(&text);
	close(lock); /* releases the lock */
	return rc;
}
