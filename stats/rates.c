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

#define STATE_MAGIC   "numaprobe-stats-state 2"
#define STATE_MAGIC_1 "numaprobe-stats-state 1"
/* The first four system counters are the ones format 1 carried. */
#define SYSTEM_COUNTERS_1 4

void np_snapshot_free(struct np_counter_snapshot *snapshot)
{
	for (size_t i = 0; snapshot->nodes && i < snapshot->node_count; i++)
		free(snapshot->nodes[i].events);
	free(snapshot->nodes);
	memset(snapshot, 0, sizeof(*snapshot));
}

bool np_snapshot_equal(const struct np_counter_snapshot *a, const struct np_counter_snapshot *b)
{
	if (a->present != b->present || strcmp(a->boot_id, b->boot_id) != 0 ||
	    a->boottime_ns != b->boottime_ns || a->node_count != b->node_count ||
	    memcmp(a->system_found, b->system_found, sizeof(a->system_found)) != 0)
		return false;
	for (int c = 0; c < NP_SYSTEM_COUNTERS; c++)
		if (a->system_found[c] && a->system[c] != b->system[c])
			return false;
	for (size_t i = 0; i < a->node_count; i++) {
		const struct np_snapshot_node *x = &a->nodes[i], *y = &b->nodes[i];
		if (x->id != y->id || x->event_count != y->event_count ||
		    memcmp(x->counters, y->counters, sizeof(x->counters)) != 0)
			return false;
		for (size_t e = 0; e < x->event_count; e++)
			if (strcmp(x->events[e].key, y->events[e].key) != 0 ||
			    x->events[e].value != y->events[e].value)
				return false;
	}
	return true;
}

static int copy_events(struct np_snapshot_node *node, const struct np_kv_entry *events,
		       size_t count, struct np_error *err)
{
	node->event_count = 0;
	node->events = NULL;
	if (count == 0)
		return 0;
	node->events = malloc(count * sizeof(*node->events));
	if (!node->events)
		return np_fail(err, "out of memory");
	memcpy(node->events, events, count * sizeof(*node->events));
	node->event_count = count;
	return 0;
}

int np_snapshot_from_sample(const struct np_stats_sample *sample, struct np_counter_snapshot *out,
			    struct np_error *err)
{
	memset(out, 0, sizeof(*out));
	out->nodes = calloc(sample->node_count ? sample->node_count : 1, sizeof(*out->nodes));
	if (!out->nodes)
		return np_fail(err, "out of memory");
	out->present = true;
	snprintf(out->boot_id, sizeof(out->boot_id), "%s", sample->boot_id);
	out->boottime_ns = sample->boottime_ns;
	for (size_t i = 0; i < sample->node_count; i++) {
		struct np_snapshot_node *node = &out->nodes[i];
		node->id = sample->nodes[i].id;
		memcpy(node->counters, sample->nodes[i].counters, sizeof(node->counters));
		out->node_count++;
		if (copy_events(node, sample->nodes[i].events, sample->nodes[i].event_count, err) <
		    0) {
			np_snapshot_free(out);
			return -1;
		}
	}
	memcpy(out->system, sample->system, sizeof(out->system));
	memcpy(out->system_found, sample->system_found, sizeof(out->system_found));
	return 0;
}

/* Sets *rate and returns true when the counter moved forward (or stood). */
static bool rate_of(uint64_t before, uint64_t after, double seconds, double *rate)
{
	if (after < before)
		return false;
	*rate = (double)(after - before) / seconds;
	return true;
}

void np_rates_free(struct np_rates *rates)
{
	for (size_t i = 0; rates->nodes && i < rates->node_count; i++) {
		free(rates->nodes[i].events);
		free(rates->nodes[i].event_valid);
	}
	free(rates->nodes);
	memset(rates, 0, sizeof(*rates));
}

bool np_rate_counter(const struct np_rates *rates, size_t i, int c, double *rate)
{
	if (!rates->nodes || i >= rates->node_count || !rates->nodes[i].counter_valid[c])
		return false;
	*rate = rates->nodes[i].counters[c];
	return true;
}

bool np_rate_event(const struct np_rates *rates, size_t i, size_t e, double *rate)
{
	if (!rates->nodes || i >= rates->node_count || !rates->nodes[i].event_valid ||
	    !rates->nodes[i].event_valid[e])
		return false;
	*rate = rates->nodes[i].events[e];
	return true;
}

/* The rates of one node's events: each against the same name before. */
static int event_rates(const struct np_snapshot_node *before, const struct np_stats_node *now,
		       double seconds, struct np_node_rates *out, struct np_strbuf *notes,
		       struct np_error *err)
{
	if (now->event_count == 0)
		return 0;
	out->events = calloc(now->event_count, sizeof(*out->events));
	out->event_valid = calloc(now->event_count, sizeof(*out->event_valid));
	if (!out->events || !out->event_valid)
		return np_fail(err, "out of memory");
	for (size_t e = 0; e < now->event_count; e++) {
		const struct np_kv_entry *was = NULL;
		for (size_t b = 0; !was && b < before->event_count; b++)
			if (strcmp(before->events[b].key, now->events[e].key) == 0)
				was = &before->events[b];
		if (!was) /* new with this kernel's sample: no rate yet, silently */
			continue;
		out->event_valid[e] =
		    rate_of(was->value, now->events[e].value, seconds, &out->events[e]);
		if (!out->event_valid[e])
			np_sb_printf(notes,
				     "node %d %s went down (%llu to %llu): a reset, no rate this "
				     "time\n",
				     now->id, now->events[e].key, (unsigned long long)was->value,
				     (unsigned long long)now->events[e].value);
	}
	return 0;
}

int np_rates_compute(const struct np_counter_snapshot *previous,
		     const struct np_stats_sample *sample, struct np_rates *rates,
		     struct np_strbuf *notes, struct np_error *err)
{
	memset(rates, 0, sizeof(*rates));
	if (!previous || !previous->present) {
		np_sb_printf(notes, "first sample: rates start with the next one\n");
		return 0;
	}
	if (strcmp(previous->boot_id, sample->boot_id) != 0 ||
	    sample->boottime_ns <= previous->boottime_ns) {
		np_sb_printf(notes,
			     "the machine rebooted since the previous sample (boot id %s, now %s): "
			     "no rates this time\n",
			     previous->boot_id, sample->boot_id);
		return 0;
	}
	rates->nodes = calloc(sample->node_count ? sample->node_count : 1, sizeof(*rates->nodes));
	if (!rates->nodes)
		return np_fail(err, "out of memory");
	rates->node_count = sample->node_count;
	double seconds = (double)(sample->boottime_ns - previous->boottime_ns) / 1e9;
	for (size_t i = 0; i < sample->node_count; i++) {
		const struct np_stats_node *now = &sample->nodes[i];
		const struct np_snapshot_node *before = NULL;
		for (size_t p = 0; !before && p < previous->node_count; p++)
			if (previous->nodes[p].id == now->id)
				before = &previous->nodes[p];
		if (!before) {
			np_sb_printf(notes,
				     "node %d is new since the previous sample: its rates start "
				     "with the next one\n",
				     now->id);
			continue;
		}
		struct np_node_rates *out = &rates->nodes[i];
		for (int c = 0; c < NP_NODE_COUNTERS; c++) {
			out->counter_valid[c] = rate_of(before->counters[c], now->counters[c],
							seconds, &out->counters[c]);
			if (!out->counter_valid[c])
				np_sb_printf(
				    notes,
				    "node %d %s went down (%llu to %llu): a reset, no rate "
				    "this time\n",
				    now->id, np_node_counter_names[c],
				    (unsigned long long)before->counters[c],
				    (unsigned long long)now->counters[c]);
		}
		if (event_rates(before, now, seconds, out, notes, err) < 0) {
			np_rates_free(rates);
			return -1;
		}
	}
	for (int c = 0; c < NP_SYSTEM_COUNTERS; c++) {
		if (!previous->system_found[c] || !sample->system_found[c])
			continue;
		rates->system_valid[c] =
		    rate_of(previous->system[c], sample->system[c], seconds, &rates->system[c]);
		if (!rates->system_valid[c])
			np_sb_printf(notes, "%s went down: a reset, no rate this time\n",
				     np_system_counter_names[c]);
	}
	return 0;
}

void np_snapshot_format(const struct np_counter_snapshot *snapshot, struct np_strbuf *out)
{
	np_sb_printf(out, STATE_MAGIC "\nboot_id %s\nboottime_ns %llu\n", snapshot->boot_id,
		     (unsigned long long)snapshot->boottime_ns);
	for (size_t i = 0; i < snapshot->node_count; i++) {
		const struct np_snapshot_node *node = &snapshot->nodes[i];
		np_sb_printf(out, "node %d", node->id);
		for (int c = 0; c < NP_NODE_COUNTERS; c++)
			np_sb_printf(out, " %llu", (unsigned long long)node->counters[c]);
		for (size_t e = 0; e < node->event_count; e++)
			np_sb_printf(out, " %s=%llu", node->events[e].key,
				     (unsigned long long)node->events[e].value);
		np_sb_putc(out, '\n');
	}
	np_sb_puts(out, "system");
	for (int c = 0; c < NP_SYSTEM_COUNTERS; c++)
		if (snapshot->system_found[c])
			np_sb_printf(out, " %s=%llu", np_system_counter_names[c],
				     (unsigned long long)snapshot->system[c]);
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

/* Splits "KEY=VALUE" with a key of a kernel counter's characters. */
static int parse_keyed(const char *path, int line_no, char *word, const char **key, uint64_t *value,
		       struct np_error *err)
{
	char *eq = strchr(word, '=');
	if (!eq)
		return np_fail(err, "%s line %d: '%.60s' is not NAME=VALUE", path, line_no, word);
	*eq = '\0';
	size_t len = strlen(word);
	bool ok = len > 0 && len < NP_KV_KEY_MAX;
	for (const char *p = word; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		     (*p >= '0' && *p <= '9') || *p == '_' || *p == '(' || *p == ')';
	if (!ok)
		return np_fail(err, "%s line %d: '%.60s' is not a counter name", path, line_no,
			       word);
	*key = word;
	if (np_parse_uint(eq + 1, UINT64_MAX, value, err) < 0)
		return np_fail_prefix(err, "%s line %d: %s", path, line_no, word);
	return 0;
}

static int parse_node_line(const char *path, int line_no, char **words, int count,
			   struct np_counter_snapshot *out, struct np_error *err)
{
	if (count < 2 + NP_NODE_COUNTERS)
		return np_fail(err, "%s line %d: a node line needs its id and %d counters", path,
			       line_no, NP_NODE_COUNTERS);
	int id;
	if (np_parse_index(words[1], NP_MAX_NODES - 1, &id, err) < 0)
		return np_fail_prefix(err, "%s line %d: node id", path, line_no);
	for (size_t n = 0; n < out->node_count; n++)
		if (out->nodes[n].id == id)
			return np_fail(err, "%s line %d: node %d appears twice", path, line_no, id);
	if (out->node_count == NP_MAX_NODES)
		return np_fail(err, "%s line %d: more than %d nodes", path, line_no, NP_MAX_NODES);
	struct np_snapshot_node *grown =
	    realloc(out->nodes, (out->node_count + 1) * sizeof(*out->nodes));
	if (!grown)
		return np_fail(err, "out of memory");
	out->nodes = grown;
	struct np_snapshot_node *node = &out->nodes[out->node_count];
	memset(node, 0, sizeof(*node));
	node->id = id;
	out->node_count++;
	if (parse_counters(path, line_no, "node", words + 2, NP_NODE_COUNTERS, node->counters,
			   err) < 0)
		return -1;
	int events = count - 2 - NP_NODE_COUNTERS;
	if (events == 0)
		return 0;
	node->events = calloc((size_t)events, sizeof(*node->events));
	if (!node->events)
		return np_fail(err, "out of memory");
	for (int e = 0; e < events; e++) {
		const char *key;
		uint64_t value;
		if (parse_keyed(path, line_no, words[2 + NP_NODE_COUNTERS + e], &key, &value, err) <
		    0)
			return -1;
		for (size_t k = 0; k < node->event_count; k++)
			if (strcmp(node->events[k].key, key) == 0)
				return np_fail(err, "%s line %d: %s appears twice", path, line_no,
					       key);
		struct np_kv_entry *entry = &node->events[node->event_count++];
		snprintf(entry->key, sizeof(entry->key), "%s", key);
		entry->value = value;
	}
	return 0;
}

static int parse_system_line(const char *path, int line_no, char **words, int count, bool format_1,
			     struct np_counter_snapshot *out, struct np_error *err)
{
	if (format_1) {
		if (count != 1 + SYSTEM_COUNTERS_1)
			return np_fail(err, "%s line %d: a system line needs %d counters", path,
				       line_no, SYSTEM_COUNTERS_1);
		if (parse_counters(path, line_no, "system", words + 1, SYSTEM_COUNTERS_1,
				   out->system, err) < 0)
			return -1;
		for (int c = 0; c < SYSTEM_COUNTERS_1; c++)
			out->system_found[c] = true;
		return 0;
	}
	for (int w = 1; w < count; w++) {
		const char *key;
		uint64_t value;
		if (parse_keyed(path, line_no, words[w], &key, &value, err) < 0)
			return -1;
		int c = 0;
		while (c < NP_SYSTEM_COUNTERS && strcmp(np_system_counter_names[c], key) != 0)
			c++;
		if (c == NP_SYSTEM_COUNTERS)
			continue; /* a counter a later numaprobe records */
		if (out->system_found[c])
			return np_fail(err, "%s line %d: %s appears twice", path, line_no, key);
		out->system[c] = value;
		out->system_found[c] = true;
	}
	return 0;
}

static int parse_state(const char *path, const char *text, struct np_counter_snapshot *out,
		       char *line, size_t line_size, char **words, int max_words,
		       struct np_error *err)
{
	int line_no = 0;
	bool boot = false, time = false, system = false, format_1 = false;
	for (const char *p = text; *p;) {
		const char *start = p;
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		line_no++;
		if (len >= line_size)
			return np_fail(err, "%s line %d: longer than %zu bytes", path, line_no,
				       line_size - 1);
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : p + len;
		if (line_no == 1) {
			format_1 = strcmp(line, STATE_MAGIC_1) == 0;
			if (!format_1 && strcmp(line, STATE_MAGIC) != 0)
				return np_fail(
				    err,
				    "%s line 1: expected '%s': not a numaprobe stats state file",
				    path, STATE_MAGIC);
			continue;
		}
		int count = split_words(line, words, max_words);
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
		} else if (strcmp(key, "node") == 0 &&
			   (format_1 ? count == 2 + NP_NODE_COUNTERS : count >= 2)) {
			if (parse_node_line(path, line_no, words, count, out, err) < 0)
				return -1;
		} else if (strcmp(key, "system") == 0 && count >= 1) {
			if (parse_system_line(path, line_no, words, count, format_1, out, err) < 0)
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

int np_snapshot_parse(const char *path, const char *text, struct np_counter_snapshot *out,
		      struct np_error *err)
{
	memset(out, 0, sizeof(*out));
	/* a node line: its id, six counters and NP_NODE_KEYS_MAX events of
	 * at most NP_KV_KEY_MAX + 21 bytes each */
	enum { MAX_WORDS = 2 + NP_NODE_COUNTERS + NP_NODE_KEYS_MAX };
	size_t line_size = (size_t)MAX_WORDS * (NP_KV_KEY_MAX + 22);
	char *line = malloc(line_size);
	char **words = malloc(MAX_WORDS * sizeof(*words));
	int rc = line && words
		     ? parse_state(path, text, out, line, line_size, words, MAX_WORDS, err)
		     : np_fail(err, "out of memory");
	free(line);
	free(words);
	if (rc < 0)
		np_snapshot_free(out);
	return rc;
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
