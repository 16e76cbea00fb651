/* test_stats_parsers.c: the /proc, cgroup and libvirt readers on tricky
 * text, the locality measure, and counter rates and state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "../../lib/cgroup.h"
#include "../../lib/kvfile.h"
#include "../../lib/kvmvcpu.h"
#include "../../lib/libvirt_status.h"
#include "../../lib/numamaps.h"
#include "../../lib/proctask.h"
#include "../../lib/tiering.h"
#include "../../stats/collect.h"
#include "../../stats/rates.h"

static struct np_node_memory *parse_maps(const char *text)
{
	struct np_node_memory *m = malloc(sizeof(*m));
	np_node_memory_clear(m);
	struct np_error err;
	if (np_numamaps_parse(text, 4, m, &err) != 0)
		fail_msg("%s", err.message);
	return m;
}

static void test_numa_maps_kinds_and_page_sizes(void **state)
{
	(void)state;
	struct np_node_memory *m = parse_maps(
	    /* hugetlb 1 GiB page, a deleted backing file */
	    "7efc80000000 bind:1 file=/dev/hugepages/qemu_back_mem.mem1.xKNv1N\\040(deleted) huge "
	    "anon=1 dirty=1 N1=1 kernelpagesize_kB=1048576\n"
	    /* memfd guest RAM: anon */
	    "7f528be00000 interleave:2-3 file=/memfd:memory-backend-memfd\\040(deleted) anon=1070 "
	    "dirty=1070 N2=582 N3=1405 kernelpagesize_kB=4\n"
	    /* THP: counted in base pages */
	    "7f0000000000 default anon=1024 dirty=1024 active=0 N0=1024 kernelpagesize_kB=4\n"
	    /* a file mapping without resident pages: no N tokens, no page size */
	    "7f9007b49000 default file=/usr/lib/x86_64-linux-gnu/libcap.so.2.32\n"
	    /* a file mapping with resident pages, and anon COW pages in it: file */
	    "7f9007c00000 default file=/usr/lib/libc.so.6 mapped=40 N0=40 kernelpagesize_kB=4\n"
	    /* policies with spaces, read by key */
	    "7f9008000000 prefer (many):0-1 anon=3 N0=2 N1=1 kernelpagesize_kB=4\n"
	    "7f9009000000 weighted interleave:0-1 anon=2 N0=1 N1=1 kernelpagesize_kB=4\n"
	    "7f900a000000 bind=static:0 anon=1 N0=1 kernelpagesize_kB=4\n"
	    /* /dev/shm is a RAM backend; a path with an escaped space */
	    "7f900b000000 default file=/dev/shm/qemu\\040ram dirty=5 N1=5 kernelpagesize_kB=4\n"
	    "7f900c000000 default file=/srv/my\\040file mapped=7 N1=7 kernelpagesize_kB=4\n"
	    /* no kernelpagesize_kB (old kernels): base pages */
	    "7fff335f0000 default stack anon=3 dirty=3 N3=3\n"
	    /* an empty mapping line and a blank line */
	    "7fff40000000 default\n\n");
	assert_int_equal(m->max_node, 3);
	assert_int_equal(m->bytes[1][NP_MEM_HUGE], 1073741824ULL);
	assert_int_equal(m->bytes[2][NP_MEM_ANON], 582 * 4096);
	assert_int_equal(m->bytes[3][NP_MEM_ANON], (1405 + 3) * 4096);
	assert_int_equal(m->bytes[0][NP_MEM_ANON], (1024 + 2 + 1 + 1) * 4096);
	assert_int_equal(m->bytes[0][NP_MEM_FILE], 40 * 4096);
	assert_int_equal(m->bytes[1][NP_MEM_ANON], (1 + 1 + 5) * 4096);
	assert_int_equal(m->bytes[1][NP_MEM_FILE], 7 * 4096);
	assert_int_equal(np_node_memory_node_total(m, 1),
			 1073741824ULL + 8 * 4096 + 7 * 4096 - 4096);
	assert_int_equal(np_node_memory_total(m),
			 1073741824ULL + (582 + 1408 + 1028 + 40 + 7 + 7) * 4096ULL);
	free(m);
}

static void test_numa_maps_errors(void **state)
{
	(void)state;
	struct np_node_memory m;
	struct np_error err;
	np_node_memory_clear(&m);
	assert_int_equal(
	    np_numamaps_parse("7f00 default N0=abc kernelpagesize_kB=4\n", 4, &m, &err), -1);
	assert_string_equal(err.message,
			    "line 1: bad node count 'N0=abc', expected N<node>=<pages>");
	assert_int_equal(np_numamaps_parse("7f00 default\n7f01 default N5000=1\n", 4, &m, &err),
			 -1);
	assert_string_equal(err.message, "line 2: node 5000 is above 1023");
	assert_int_equal(np_numamaps_parse("7f00 default N0=1 kernelpagesize_kB=0\n", 4, &m, &err),
			 -1);
	assert_string_equal(
	    err.message,
	    "line 1: bad kernelpagesize_kB in 'kernelpagesize_kB=0', expected 1 to 16777216");
}

static void test_task_stat(void **state)
{
	(void)state;
	struct np_task_stat st;
	struct np_error err;
	const char *plain =
	    "1001 (CPU 0/KVM) S 1000 1000 0 0 -1 4194368 0 0 0 0 50 9 0 0 20 0 6 0 "
	    "4242 0 0 18446744073709551615 0 0 0 0 0 0 0 2147171583 4096 0 0 0 -1 7 0 0 0 0 0";
	assert_int_equal(np_parse_task_stat(plain, &st, &err), 0);
	assert_string_equal(st.comm, "CPU 0/KVM");
	assert_int_equal(st.state, 'S');
	assert_int_equal(st.processor, 7);
	/* A comm with spaces and parentheses: fields count after the LAST ')'. */
	/* fields 3 (R) to 38, then 39 = 12 */
	const char *tricky = "77 (a) b (c)) R 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 "
			     "0 0 0 0 0 0 0 0 0 12 0 0";
	assert_int_equal(np_parse_task_stat(tricky, &st, &err), 0);
	assert_string_equal(st.comm, "a) b (c)");
	assert_int_equal(st.state, 'R');
	assert_int_equal(st.processor, 12);
	assert_int_equal(np_parse_task_stat("12 (x) S 1 2 3", &st, &err), -1);
	assert_string_equal(err.message, "stat line has 6 fields, expected at least 39");
	assert_int_equal(np_parse_task_stat("12 x S", &st, &err), -1);
}

static void test_qemu_command_lines(void **state)
{
	(void)state;
	char name[64];
	static const char libvirt[] =
	    "/usr/bin/qemu-system-x86_64\0-name\0guest=db,debug-threads=on\0-S";
	assert_true(np_is_qemu_cmdline(libvirt, sizeof(libvirt)));
	assert_true(np_qemu_guest_name(libvirt, sizeof(libvirt), name, sizeof(name)));
	assert_string_equal(name, "db");
	static const char doubled[] = "qemu-kvm\0-name\0guest=a,,b,,,,c,debug-threads=on";
	assert_true(np_is_qemu_cmdline(doubled, sizeof(doubled)));
	assert_true(np_qemu_guest_name(doubled, sizeof(doubled), name, sizeof(name)));
	assert_string_equal(name, "a,b,,c");
	static const char plain[] = "qemu-system-aarch64\0-name\0web,,1,process=webvm\0-id\0100";
	assert_true(np_qemu_guest_name(plain, sizeof(plain), name, sizeof(name)));
	assert_string_equal(name, "web,1");
	static const char guest_later[] = "qemu-system-x86_64\0--name\0process=p,guest=late";
	assert_true(np_qemu_guest_name(guest_later, sizeof(guest_later), name, sizeof(name)));
	assert_string_equal(name, "late");
	static const char unnamed[] = "qemu-system-x86_64\0-m\0512";
	assert_false(np_qemu_guest_name(unnamed, sizeof(unnamed), name, sizeof(name)));
	static const char dangling[] = "qemu-system-x86_64\0-name";
	assert_false(np_qemu_guest_name(dangling, sizeof(dangling), name, sizeof(name)));
	static const char other[] = "/usr/bin/qemu-img\0info";
	assert_false(np_is_qemu_cmdline(other, sizeof(other)));
	int index;
	assert_true(np_is_vcpu_comm("CPU 12/KVM", &index));
	assert_int_equal(index, 12);
	assert_true(np_is_vcpu_comm("CPU 0/TCG", &index));
	assert_false(np_is_vcpu_comm("CPU 0/KVMX", &index));
	assert_false(np_is_vcpu_comm("IO mon_iothread", &index));
	assert_false(np_is_vcpu_comm("CPU x/KVM", &index));
}

static void test_libvirt_status(void **state)
{
	(void)state;
	struct np_libvirt_guest *g = malloc(sizeof(*g));
	struct np_error err;
	const char *good =
	    "<domstatus state='running' reason='booted' pid='1000'>\n"
	    "  <vcpus>\n    <vcpu id='0' pid='1001'/>\n    <vcpu id='2' pid='1003'/>\n  </vcpus>\n"
	    "  <domain type='kvm' id='1'><name>db &amp; co</name></domain>\n</domstatus>\n";
	assert_int_equal(np_libvirt_status_parse("db.xml", good, strlen(good), g, &err), 0);
	assert_string_equal(g->name, "db & co");
	assert_int_equal(g->pid, 1000);
	assert_int_equal(g->vcpu_count, 3);
	assert_int_equal(g->vcpu_tids[0], 1001);
	assert_int_equal(g->vcpu_tids[1], 0);
	assert_int_equal(g->vcpu_tids[2], 1003);
	/* Older libvirt: no id attributes, vCPUs in order. */
	const char *old =
	    "<domstatus state='running' pid='5'><vcpus><vcpu pid='6'/><vcpu pid='7'/></vcpus>"
	    "<domain><name>x</name></domain></domstatus>";
	assert_int_equal(np_libvirt_status_parse("x.xml", old, strlen(old), g, &err), 0);
	assert_int_equal(g->vcpu_count, 2);
	assert_int_equal(g->vcpu_tids[1], 7);
	const char *doctype =
	    "<?xml version='1.0'?>\n<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
	    "<domstatus pid='1'><domain><name>&x;</name></domain></domstatus>";
	assert_int_equal(np_libvirt_status_parse("evil.xml", doctype, strlen(doctype), g, &err),
			 -1);
	assert_string_equal(err.message,
			    "evil.xml line 2: a DOCTYPE is not accepted (libvirt never writes one; "
			    "it could load files or expand entities)");
	const char *broken = "<domstatus pid='1'>\n<vcpus>\n</domstatus>\n";
	assert_int_equal(np_libvirt_status_parse("b.xml", broken, strlen(broken), g, &err), -1);
	assert_non_null(strstr(err.message, "b.xml line "));
	const char *no_pid = "<domstatus><domain><name>x</name></domain></domstatus>";
	assert_int_equal(np_libvirt_status_parse("p.xml", no_pid, strlen(no_pid), g, &err), -1);
	assert_string_equal(err.message, "p.xml: <domstatus> has no valid pid attribute");
	const char *bad_vcpu = "<domstatus pid='1'><vcpus><vcpu id='99999' "
			       "pid='2'/></vcpus><domain><name>x</name></domain></domstatus>";
	assert_int_equal(np_libvirt_status_parse("v.xml", bad_vcpu, strlen(bad_vcpu), g, &err), -1);
	assert_string_equal(err.message, "v.xml: <vcpu id='99999'> is not a vCPU index below 1024");
	const char *domain = "<domain><name>x</name></domain>";
	assert_int_equal(np_libvirt_status_parse("d.xml", domain, strlen(domain), g, &err), -1);
	assert_string_equal(err.message, "d.xml: the root element is not <domstatus>");
	free(g);
}

static void test_cgroup_numa_stat(void **state)
{
	(void)state;
	struct np_node_memory m;
	struct np_error err;
	np_node_memory_clear(&m);
	const char *v1 =
	    "total=265842 N0=265842 N1=0\nfile=100 N0=60 N1=40\nanon=265742 N0=265782 N1=0\n"
	    "unevictable=0 N0=0 N1=0\nhierarchical_total=265842 N0=265842 N1=0\n"
	    "hierarchical_anon=1 N0=1 N1=0\n";
	assert_int_equal(np_cgroup_numa_stat_parse("v1", v1, 4096, &m, &err), 0);
	assert_int_equal(m.bytes[0][NP_MEM_ANON], 265782ULL * 4096);
	assert_int_equal(m.bytes[1][NP_MEM_FILE], 40 * 4096);
	assert_int_equal(m.bytes[0][NP_MEM_HUGE], 0);
	np_node_memory_clear(&m);
	const char *v2 =
	    "anon N0=1048576 N1=2097152\nfile N0=4096 N1=0\nkernel_stack N0=16384 N1=0\n"
	    "shmem N0=0 N1=0\n";
	assert_int_equal(np_cgroup_numa_stat_parse("v2", v2, 4096, &m, &err), 0);
	assert_int_equal(m.bytes[1][NP_MEM_ANON], 2097152);
	assert_int_equal(m.bytes[0][NP_MEM_FILE], 4096);
	assert_int_equal(m.max_node, 1);
	assert_int_equal(np_cgroup_numa_stat_parse("v2", "anon N0=x\n", 4096, &m, &err), -1);
	assert_string_equal(
	    err.message,
	    "v2 line 1: expected N<node>=<value> with a node from 0 to 1023, found 'N0=x'");
}

static void test_local_fraction(void **state)
{
	(void)state;
	struct np_node_memory *m = parse_maps("1 default anon=4 N0=1 N1=3 kernelpagesize_kB=4\n");
	int nodes[4] = {0, 1, 1, -1};
	/* (0.25 + 0.75 + 0.75) / 3 known vCPUs */
	assert_true(fabs(np_local_fraction(m, nodes, 4) - 1.75 / 3) < 1e-12);
	int none[2] = {-1, -1};
	assert_true(isnan(np_local_fraction(m, none, 2)));
	assert_true(isnan(np_local_fraction(m, nodes, 0)));
	int far[1] = {5};
	assert_true(np_local_fraction(m, far, 1) == 0.0);
	np_node_memory_clear(m);
	assert_true(isnan(np_local_fraction(m, nodes, 4)));
	free(m);
}

static struct np_stats_sample *sample_of(const char *boot, uint64_t ns, uint64_t hit0,
					 uint64_t hit1)
{
	struct np_stats_sample *s = calloc(1, sizeof(*s));
	s->nodes = calloc(2, sizeof(*s->nodes));
	s->node_count = 2;
	s->nodes[0].id = 0;
	s->nodes[1].id = 2;
	s->nodes[0].counters[0] = hit0;
	s->nodes[1].counters[0] = hit1;
	s->system[0] = ns / 1000;
	for (int c = 0; c < 4; c++)
		s->system_found[c] = true;
	/* node 2 has one vmstat event */
	s->nodes[1].events = calloc(1, sizeof(*s->nodes[1].events));
	snprintf(s->nodes[1].events[0].key, sizeof(s->nodes[1].events[0].key), "pgdemote_kswapd");
	s->nodes[1].events[0].value = hit1 * 2;
	s->nodes[1].event_count = 1;
	snprintf(s->boot_id, sizeof(s->boot_id), "%s", boot);
	s->boottime_ns = ns;
	return s;
}

static void free_sample(struct np_stats_sample *s)
{
	free(s->nodes[1].events);
	free(s->nodes);
	free(s);
}

static void test_rates_and_state(void **state)
{
	(void)state;
	struct np_counter_snapshot before, parsed;
	struct np_rates rates;
	struct np_stats_sample *first = sample_of("boot-a", 10000000000ULL, 100, 50);
	struct np_stats_sample *second = sample_of("boot-a", 12000000000ULL, 300, 60);
	second->nodes[1].counters[0] = 40; /* numa_hit 50 -> 40: a reset */
	struct np_strbuf notes;
	np_sb_init(&notes);
	struct np_error err;
	double rate;
	assert_int_equal(np_rates_compute(NULL, first, &rates, &notes, &err), 0);
	assert_false(np_rate_counter(&rates, 0, 0, &rate));
	assert_string_equal(np_sb_str(&notes), "first sample: rates start with the next one\n");
	np_rates_free(&rates);
	assert_int_equal(np_snapshot_from_sample(first, &before, &err), 0);
	np_sb_reset(&notes);
	assert_int_equal(np_rates_compute(&before, second, &rates, &notes, &err), 0);
	assert_true(np_rate_counter(&rates, 0, 0, &rate) && rate == 100.0); /* 200 in 2 s */
	assert_false(np_rate_counter(&rates, 1, 0, &rate));		    /* 50 -> 40: a reset */
	assert_true(np_rate_counter(&rates, 1, 1, &rate) && rate == 0.0);
	/* pgdemote_kswapd 100 -> 120 in 2 s */
	assert_true(np_rate_event(&rates, 1, 0, &rate) && rate == 10.0);
	assert_false(np_rate_event(&rates, 0, 0, &rate)); /* node 0 has no events */
	assert_true(rates.system_valid[0] && rates.system[0] == 1000000.0);
	assert_false(rates.system_valid[4]); /* not in either sample */
	assert_string_equal(np_sb_str(&notes),
			    "node 2 numa_hit went down (50 to 40): a reset, no rate this time\n");
	np_rates_free(&rates);
	struct np_stats_sample *rebooted = sample_of("boot-b", 500000000ULL, 1, 1);
	np_sb_reset(&notes);
	assert_int_equal(np_rates_compute(&before, rebooted, &rates, &notes, &err), 0);
	assert_false(np_rate_counter(&rates, 0, 0, &rate) || rates.system_valid[0]);
	assert_non_null(strstr(np_sb_str(&notes), "rebooted"));
	np_rates_free(&rates);
	np_sb_free(&notes);
	/* The state file's text round-trips, and rejects what is not one. */
	struct np_strbuf text;
	np_sb_init(&text);
	np_snapshot_format(&before, &text);
	assert_string_equal(np_sb_str(&text),
			    "numaprobe-stats-state 2\nboot_id boot-a\nboottime_ns 10000000000\n"
			    "node 0 100 0 0 0 0 0\nnode 2 50 0 0 0 0 0 pgdemote_kswapd=100\n"
			    "system numa_hint_faults=10000000 numa_hint_faults_local=0 "
			    "numa_pages_migrated=0 numa_pte_updates=0\n");
	assert_int_equal(np_snapshot_parse("s", np_sb_str(&text), &parsed, &err), 0);
	assert_true(np_snapshot_equal(&before, &parsed));
	assert_true(parsed.present && parsed.node_count == 2 && parsed.nodes[1].id == 2);
	assert_int_equal(parsed.nodes[1].counters[0], 50);
	np_snapshot_free(&parsed);
	/* a format-1 file (numaprobe before per-node events) still reads */
	assert_int_equal(np_snapshot_parse("s",
					   "numaprobe-stats-state 1\nboot_id b\nboottime_ns 7\n"
					   "node 0 1 2 3 4 5 6\nsystem 9 8 7 6\n",
					   &parsed, &err),
			 0);
	assert_true(parsed.system_found[3] && !parsed.system_found[4]);
	assert_int_equal(parsed.system[3], 6);
	assert_int_equal(parsed.nodes[0].counters[5], 6);
	np_snapshot_free(&parsed);
	np_snapshot_free(&before);
	assert_int_equal(
	    np_snapshot_parse("s", "numaprobe-stats-state 2\nboot_id x\n", &parsed, &err), -1);
	assert_string_equal(
	    err.message,
	    "s: incomplete state file (needs the header, boot_id, boottime_ns and system lines)");
	assert_int_equal(
	    np_snapshot_parse("s", "numaprobe-stats-state 1\nnode 0 1 2\n", &parsed, &err), -1);
	assert_string_equal(
	    err.message,
	    "s line 2: 'node 0 1 2' is not a state line (boot_id, boottime_ns, node or system "
	    "with their values)");
	np_sb_free(&text);
	free_sample(first);
	free_sample(second);
	free_sample(rebooted);
}

static void test_kv_all_and_snake_case(void **state)
{
	(void)state;
	struct np_kv_entry *all;
	size_t count;
	struct np_error err;
	const char *meminfo = "Node 1 MemTotal:  1024 kB\nNode 1 Active(anon):   8 kB\n"
			      "Node 1 HugePages_Total:     3\n\n";
	assert_int_equal(np_kv_parse_all("m", meminfo, NP_KV_COLON, 8, &all, &count, &err), 0);
	assert_int_equal(count, 3);
	assert_string_equal(all[1].key, "Active(anon)");
	assert_true(all[1].value == 8192 && all[1].kb);
	assert_true(all[2].value == 3 && !all[2].kb);
	free(all);
	assert_int_equal(
	    np_kv_parse_all("v", "a 1\nb 2\na 3\n", NP_KV_SPACE, 8, &all, &count, &err), -1);
	assert_string_equal(err.message, "v line 3: 'a' is given twice");
	assert_int_equal(np_kv_parse_all("v", "a 1\nb x\n", NP_KV_SPACE, 8, &all, &count, &err),
			 -1);
	assert_string_equal(err.message, "v line 2: field 'b' has value 'x', expected an integer "
					 "(optionally followed by kB)");
	assert_int_equal(np_kv_parse_all("v", "a$ 1\n", NP_KV_SPACE, 8, &all, &count, &err), -1);
	assert_string_equal(err.message, "v line 1: 'a$' is not a key (letters, digits, _ and "
					 "parentheses, under 48 bytes)");
	assert_int_equal(
	    np_kv_parse_all("v", "a 1\nb 2\nc 3\n", NP_KV_SPACE, 2, &all, &count, &err), -1);
	assert_string_equal(err.message, "v line 3: more than 2 keys");
	assert_int_equal(np_kv_parse_all("v", "lonely\n", NP_KV_SPACE, 2, &all, &count, &err), -1);
	assert_string_equal(err.message, "v line 1: expected a key and a value");
	assert_int_equal(np_kv_parse_all("v", "", NP_KV_SPACE, 2, &all, &count, &err), 0);
	assert_true(count == 0 && all == NULL);
	static const char *const cases[][2] = {
	    {"AnonHugePages", "anon_huge_pages"},
	    {"Active(anon)", "active_anon"},
	    {"KReclaimable", "k_reclaimable"},
	    {"SUnreclaim", "s_unreclaim"},
	    {"NFS_Unstable", "nfs_unstable"},
	    {"ShmemPmdMapped", "shmem_pmd_mapped"},
	    {"MemTotal", "mem_total"},
	    {"pgpromote_success", "pgpromote_success"},
	    {"Inactive(file)", "inactive_file"},
	    {"SecPageTables", "sec_page_tables"},
	    {"Zswapped", "zswapped"},
	    {"L2Cache", "l2_cache"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[64];
		assert_true(np_snake_case(cases[i][0], out, sizeof(out)));
		assert_string_equal(out, cases[i][1]);
	}
	char small[4];
	assert_false(np_snake_case("MemTotal", small, sizeof(small)));
	/* the longest key, a '_' before all but its first character (found
	 * by fuzzing: NP_KV_KEY_MAX + 8 was too small) */
	char key[NP_KV_KEY_MAX], want[NP_KV_SNAKE_MAX], snake[NP_KV_SNAKE_MAX];
	size_t w = 0;
	for (size_t i = 0; i + 1 < sizeof(key); i++) {
		key[i] = i % 2 ? 'B' : 'a';
		if (i % 2)
			want[w++] = '_';
		want[w++] = i % 2 ? 'b' : 'a';
	}
	key[sizeof(key) - 1] = '\0';
	want[w] = '\0';
	assert_true(np_snake_case(key, snake, sizeof(snake)));
	assert_string_equal(snake, want);
}

/* Tiers, demotion, balancing and weights from fixture trees: the 6.1
 * guest's one tier, a 6.10+ host's two, and hostile files. */
static void test_tiering(void **state)
{
	(void)state;
	struct np_roots roots;
	struct np_error err;
	struct np_tiering *t = malloc(sizeof(*t));
	np_roots_init(&roots, &err);
	np_roots_set(&roots, NP_ROOT_SYSFS, "tests/fixtures/4node-hmat/sys", &err);
	np_roots_set(&roots, NP_ROOT_PROC, "tests/fixtures/4node-hmat/proc", &err);
	assert_int_equal(np_tiering_read(&roots, t, &err), 0);
	assert_int_equal(t->tier_count, 2);
	assert_true(t->tiers[0].id == 4 && t->tiers[1].id == 22);
	assert_true(np_idset_has(&t->tiers[1].nodes, 2) && np_idset_has(&t->tiers[1].nodes, 3) &&
		    !np_idset_has(&t->tiers[1].nodes, 1));
	assert_true(t->demotion_enabled == 1 && t->numa_balancing == 2);
	assert_string_equal(np_balancing_mode_name(t->numa_balancing), "memory tiering");
	assert_true(t->weight_count == 4 && t->weight_nodes[3] == 3 && t->weights[3] == 2);
	struct np_strbuf text;
	np_sb_init(&text);
	np_tiering_text(t, &text);
	assert_string_equal(
	    np_sb_str(&text),
	    "memory tiers             tier 4: nodes 0-1; tier 22: nodes 2-3\n"
	    "demotion                 enabled\n"
	    "numa_balancing           memory tiering (2)\n"
	    "weighted interleave      node 0: 5, node 1: 5, node 2: 2, node 3: 2\n");
	np_sb_free(&text);
	/* a tree without any of it */
	np_roots_set(&roots, NP_ROOT_SYSFS, "tests/fixtures/no-numa/sys", &err);
	np_roots_set(&roots, NP_ROOT_PROC, "tests/fixtures/no-numa/proc", &err);
	assert_int_equal(np_tiering_read(&roots, t, &err), 0);
	assert_true(t->tier_count == 0 && t->demotion_enabled == -1 && t->numa_balancing == -1 &&
		    t->weight_count == 0);
	/* garbage where a value should be */
	char dir[] = "/tmp/np-tiers-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof(path),
		 "mkdir -p %s/kernel/mm/numa %s/devices/virtual/memory_tiering/memory_tier4", dir,
		 dir);
	assert_int_equal(system(path), 0);
	snprintf(path, sizeof(path), "%s/kernel/mm/numa/demotion_enabled", dir);
	FILE *f = fopen(path, "w");
	fputs("maybe\n", f);
	fclose(f);
	np_roots_set(&roots, NP_ROOT_SYSFS, dir, &err);
	assert_int_equal(np_tiering_read(&roots, t, &err), -1);
	char want[512];
	snprintf(want, sizeof(want),
		 "%s/kernel/mm/numa/demotion_enabled: 'maybe' is not true or false", dir);
	assert_string_equal(err.message, want);
	snprintf(path, sizeof(path), "%s/devices/virtual/memory_tiering/memory_tier4/nodelist",
		 dir);
	f = fopen(path, "w");
	fputs("0-1,x\n", f);
	fclose(f);
	assert_int_equal(np_tiering_read(&roots, t, &err), -1);
	assert_non_null(strstr(err.message, "memory_tier4/nodelist"));
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
	free(t);
}

/* /proc/PID/task/TID/syscall, kvm-vcpu links, -smp and APIC ids as QEMU
 * builds them. */
static void test_kvm_run_parsers(void **state)
{
	(void)state;
	enum np_syscall_state st;
	long nr = -1;
	uint64_t args[6];
	struct np_error err;
	assert_int_equal(np_parse_syscall("16 0xd 0xae80 0x0 0x0 0x0 0x0 0x7f6b18bfe5e8 "
					  "0x7f6b1c41cb5f\n",
					  &st, &nr, args, &err),
			 0);
	assert_true(st == NP_SYSCALL_IN_CALL && nr == 16 && args[0] == 13 && args[1] == NP_KVM_RUN);
	assert_int_equal(
	    np_parse_syscall("-1 0x7f6b17ffe9b8 0x7f6b1c3a5f16\n", &st, &nr, args, &err), 0);
	assert_true(st == NP_SYSCALL_NONE);
	assert_int_equal(np_parse_syscall("running\n", &st, &nr, args, &err), 0);
	assert_true(st == NP_SYSCALL_RUNNING);
	assert_int_equal(np_parse_syscall("16 0xd 0xae80\n", &st, &nr, args, &err), -1);
	assert_string_equal(err.message, "'16 0xd 0xae80\n' is not a syscall line (NR ARGS... SP "
					 "PC, -1 SP PC or running)");
	assert_int_equal(np_parse_syscall("16 0x10000000000000000 0x0 0x0 0x0 0x0 0x0 0x0 0x0", &st,
					  &nr, args, &err),
			 -1);
	int id;
	assert_true(np_kvm_vcpu_link("anon_inode:kvm-vcpu:12", &id) && id == 12);
	assert_false(np_kvm_vcpu_link("anon_inode:kvm-vm", &id));
	assert_false(np_kvm_vcpu_link("anon_inode:kvm-vcpu:-1", &id));
	assert_false(np_kvm_vcpu_link("/memfd:kvm-vcpu:1 (deleted)", &id));
	struct np_smp smp;
	const char cmd[] = "qemu-system-x86_64\0-smp\08,sockets=2,cores=2,threads=2\0-m\0001G";
	assert_int_equal(np_qemu_smp(cmd, sizeof(cmd), &smp, &err), 1);
	assert_true(smp.cpus == 8 && smp.sockets == 2 && smp.cores == 2 && smp.threads == 2);
	/* powers of two: the APIC id is the index */
	for (int a = 0; a < 8; a++)
		assert_int_equal(np_apic_to_index(&smp, a), a);
	/* 3 cores, 2 threads: thread 1 bit, core 2 bits; socket 1 starts at 8 */
	const char odd[] = "qemu-system-x86_64\0-smp\0cpus=12,sockets=2,cores=3,threads=2\0";
	assert_int_equal(np_qemu_smp(odd, sizeof(odd), &smp, &err), 1);
	static const int apic[12][2] = {{0, 0}, {1, 1}, {2, 2},	 {3, 3},  {4, 4},   {5, 5},
					{8, 6}, {9, 7}, {10, 8}, {11, 9}, {12, 10}, {13, 11}};
	for (int i = 0; i < 12; i++)
		assert_int_equal(np_apic_to_index(&smp, apic[i][0]), apic[i][1]);
	assert_int_equal(np_apic_to_index(&smp, 6), -1); /* core 3 of 3 */
	assert_int_equal(np_apic_to_index(&smp, 16), -1);
	/* a count alone: one socket of that many cores */
	const char count[] = "qemu-system-x86_64\0-smp\0004\0";
	assert_int_equal(np_qemu_smp(count, sizeof(count), &smp, &err), 1);
	assert_true(smp.sockets == 1 && smp.cores == 4 && np_apic_to_index(&smp, 3) == 3);
	const char none[] = "qemu-system-x86_64\0-m\0001G";
	assert_int_equal(np_qemu_smp(none, sizeof(none), &smp, &err), 0);
	const char bad[] = "qemu-system-x86_64\0-smp\0004,cores=x\0";
	assert_int_equal(np_qemu_smp(bad, sizeof(bad), &smp, &err), -1);
	assert_string_equal(err.message, "-smp 4,cores=x: cores: 'x' is not a whole number: expected "
					 "a whole number from 0 to 1024");
	const char small[] = "qemu-system-x86_64\0-smp\0008,sockets=1,cores=2\0";
	assert_int_equal(np_qemu_smp(small, sizeof(small), &smp, &err), -1);
	assert_string_equal(err.message, "-smp 8,sockets=1,cores=2: 2 places for 8 vCPUs");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_numa_maps_kinds_and_page_sizes),
	    cmocka_unit_test(test_numa_maps_errors),
	    cmocka_unit_test(test_task_stat),
	    cmocka_unit_test(test_qemu_command_lines),
	    cmocka_unit_test(test_libvirt_status),
	    cmocka_unit_test(test_cgroup_numa_stat),
	    cmocka_unit_test(test_local_fraction),
	    cmocka_unit_test(test_rates_and_state),
	    cmocka_unit_test(test_kv_all_and_snake_case),
	    cmocka_unit_test(test_tiering),
	    cmocka_unit_test(test_kvm_run_parsers),
	};
	return cmocka_run_group_tests_name("stats_parsers", tests, NULL, NULL);
}
