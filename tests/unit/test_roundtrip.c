/* test_roundtrip.c: what numaprobe writes, it reads back unchanged: id
 * lists (format, then parse), sizes (a value in every unit, then parse),
 * and the stats state file (write, then read), each over thousands of
 * generated values from a fixed seed, so a failure is reproducible. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/idset.h"
#include "../../lib/size.h"
#include "../../stats/rates.h"

/* splitmix64: the same sequence on every machine */
static uint64_t next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void test_idset_format_then_parse(void **state)
{
	(void)state;
	uint64_t seed = 1;
	for (int round = 0; round < 2000; round++) {
		struct np_idset set, back;
		np_idset_clear(&set);
		/* runs of ids: dense, sparse, at both ends of the range */
		int runs = (int)(next(&seed) % 12);
		for (int r = 0; r < runs; r++) {
			int start = (int)(next(&seed) % (NP_ID_MAX + 1));
			int length = (int)(next(&seed) % 70);
			for (int id = start; id <= start + length && id <= NP_ID_MAX; id++)
				np_idset_add(&set, id);
		}
		if (round % 7 == 0)
			np_idset_add(&set, NP_ID_MAX);
		if (round % 5 == 0)
			np_idset_add(&set, 0);
		struct np_strbuf text;
		np_sb_init(&text);
		np_idset_format(&set, &text);
		struct np_error err = {""};
		if (np_idset_parse_kernel(np_sb_str(&text), &back, &err) != 0)
			fail_msg("'%s' does not parse back: %s", np_sb_str(&text), err.message);
		if (!np_idset_equal(&set, &back))
			fail_msg("'%s' parses to another set", np_sb_str(&text));
		np_sb_free(&text);
	}
}

static void test_size_in_every_unit(void **state)
{
	(void)state;
	static const struct {
		const char *unit;
		uint64_t scale;
	} units[] = {{"", 1},
		     {"b", 1},
		     {"bytes", 1},
		     {"k", 1024},
		     {"KiB", 1024},
		     {"KB", 1000},
		     {"M", 1ULL << 20},
		     {"MiB", 1ULL << 20},
		     {"MB", 1000000},
		     {"G", 1ULL << 30},
		     {"gib", 1ULL << 30},
		     {"GB", 1000000000},
		     {"T", 1ULL << 40},
		     {"TB", 1000000000000ULL},
		     {"P", 1ULL << 50},
		     {"E", 1ULL << 60},
		     {"EB", 1000000000000000000ULL}};
	uint64_t seed = 2;
	for (int round = 0; round < 3000; round++)
		for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
			uint64_t limit = UINT64_MAX / units[u].scale;
			uint64_t value = next(&seed) % (limit < 1000000 ? limit + 1 : 1000000);
			if (round == 0)
				value = limit; /* the largest that fits */
			char text[64];
			snprintf(text, sizeof(text), "%llu%s%s", (unsigned long long)value,
				 round % 2 ? " " : "", units[u].unit);
			uint64_t bytes = 0;
			struct np_error err = {""};
			if (np_parse_size(text, 1, &bytes, &err) != 0)
				fail_msg("'%s' was refused: %s", text, err.message);
			assert_int_equal(bytes, value * units[u].scale);
			if (units[u].scale > 1 && limit < UINT64_MAX) {
				snprintf(text, sizeof(text), "%llu%s",
					 (unsigned long long)limit + 1, units[u].unit);
				assert_int_equal(np_parse_size(text, 1, &bytes, &err), -1);
			}
		}
}

static void test_state_write_then_read(void **state)
{
	(void)state;
	uint64_t seed = 3;
	static const char *const events[] = {"pgpromote_success", "pgdemote_kswapd",
					     "workingset_refault_anon", "Active(anon)"};
	for (int round = 0; round < 300; round++) {
		struct np_counter_snapshot written = {0}, read;
		written.present = true;
		snprintf(written.boot_id, sizeof(written.boot_id), "%016llx-%d",
			 (unsigned long long)next(&seed), round);
		written.boottime_ns = next(&seed);
		size_t nodes = (size_t)(next(&seed) % 40);
		if (round == 0)
			nodes = NP_MAX_NODES;
		written.nodes = calloc(nodes ? nodes : 1, sizeof(*written.nodes));
		int id = (int)(next(&seed) % 8);
		for (size_t n = 0; n < nodes && id < NP_MAX_NODES; n++) {
			struct np_snapshot_node *node = &written.nodes[n];
			node->id = id;
			id += 1 + (nodes < 100 ? (int)(next(&seed) % 16) : 0);
			for (int c = 0; c < NP_NODE_COUNTERS; c++)
				node->counters[c] = round % 3 ? next(&seed) : next(&seed) % 1000;
			node->event_count = (size_t)(next(&seed) % 5);
			node->events = calloc(4, sizeof(*node->events));
			for (size_t e = 0; e < node->event_count; e++) {
				snprintf(node->events[e].key, sizeof(node->events[e].key), "%s",
					 events[e]);
				node->events[e].value = next(&seed);
			}
			written.node_count++;
		}
		for (int c = 0; c < NP_SYSTEM_COUNTERS; c++) {
			written.system_found[c] = round % 2 || c % 3;
			if (written.system_found[c])
				written.system[c] = round == 1 ? UINT64_MAX : next(&seed);
		}
		struct np_strbuf text;
		np_sb_init(&text);
		np_snapshot_format(&written, &text);
		struct np_error err = {""};
		if (np_snapshot_parse("state", np_sb_str(&text), &read, &err) != 0)
			fail_msg("round %d does not read back: %s", round, err.message);
		assert_true(np_snapshot_equal(&written, &read));
		np_sb_free(&text);
		np_snapshot_free(&written);
		np_snapshot_free(&read);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_idset_format_then_parse),
	    cmocka_unit_test(test_size_in_every_unit),
	    cmocka_unit_test(test_state_write_then_read),
	};
	return cmocka_run_group_tests_name("roundtrip", tests, NULL, NULL);
}
