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
#include "../../lib/libvirt_status.h"
#include "../../lib/numamaps.h"
#include "../../lib/proctask.h"
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
	snprintf(s->boot_id, sizeof(s->boot_id), "%s", boot);
	s->boottime_ns = ns;
	return s;
}

static void free_sample(struct np_stats_sample *s)
{
	free(s->nodes);
	free(s);
}

static void test_rates_and_state(void **state)
{
	(void)state;
	struct np_counter_snapshot *before = calloc(1, sizeof(*before));
	struct np_counter_snapshot *parsed = calloc(1, sizeof(*parsed));
	struct np_rates *rates = calloc(1, sizeof(*rates));
	struct np_stats_sample *first = sample_of("boot-a", 10000000000ULL, 100, 50);
	struct np_stats_sample *second = sample_of("boot-a", 12000000000ULL, 300, 40);
	struct np_strbuf notes;
	np_sb_init(&notes);
	np_rates_compute(NULL, first, rates, &notes);
	assert_false(rates->node_valid[0][0]);
	assert_string_equal(np_sb_str(&notes), "first sample: rates start with the next one\n");
	np_snapshot_from_sample(first, before);
	np_sb_reset(&notes);
	np_rates_compute(before, second, rates, &notes);
	assert_true(rates->node_valid[0][0]);
	assert_true(rates->node[0][0] == 100.0); /* 200 in 2 s */
	assert_false(rates->node_valid[1][0]);	 /* 50 -> 40: a reset */
	assert_true(rates->node_valid[1][1] && rates->node[1][1] == 0.0);
	assert_true(rates->system_valid[0] && rates->system[0] == 1000000.0);
	assert_string_equal(np_sb_str(&notes),
			    "node 2 numa_hit went down (50 to 40): a reset, no rate this time\n");
	struct np_stats_sample *rebooted = sample_of("boot-b", 500000000ULL, 1, 1);
	np_sb_reset(&notes);
	np_rates_compute(before, rebooted, rates, &notes);
	assert_false(rates->node_valid[0][0] || rates->system_valid[0]);
	assert_non_null(strstr(np_sb_str(&notes), "rebooted"));
	np_sb_free(&notes);
	/* The state file's text round-trips, and rejects what is not one. */
	struct np_strbuf text;
	np_sb_init(&text);
	np_snapshot_format(before, &text);
	assert_string_equal(np_sb_str(&text),
			    "numaprobe-stats-state 1\nboot_id boot-a\nboottime_ns 10000000000\n"
			    "node 0 100 0 0 0 0 0\nnode 2 50 0 0 0 0 0\nsystem 10000000 0 0 0\n");
	struct np_error err;
	assert_int_equal(np_snapshot_parse("s", np_sb_str(&text), parsed, &err), 0);
	assert_true(parsed->present && parsed->node_count == 2 && parsed->node_ids[1] == 2);
	assert_int_equal(parsed->node_counters[1][0], 50);
	assert_int_equal(
	    np_snapshot_parse("s", "numaprobe-stats-state 1\nboot_id x\n", parsed, &err), -1);
	assert_string_equal(
	    err.message,
	    "s: incomplete state file (needs the header, boot_id, boottime_ns and system lines)");
	assert_int_equal(
	    np_snapshot_parse("s", "numaprobe-stats-state 1\nnode 0 1 2\n", parsed, &err), -1);
	assert_string_equal(
	    err.message,
	    "s line 2: 'node 0 1 2' is not a state line (boot_id, boottime_ns, node or system "
	    "with their values)");
	np_sb_free(&text);
	free_sample(first);
	free_sample(second);
	free_sample(rebooted);
	free(before);
	free(parsed);
	free(rates);
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
	};
	return cmocka_run_group_tests_name("stats_parsers", tests, NULL, NULL);
}
