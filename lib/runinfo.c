/* runinfo.c: host name, timestamp and run id; see runinfo.h. */
#include "runinfo.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"

static void format_timestamp(long long seconds, long nanoseconds, char *out, size_t out_size)
{
	time_t t = (time_t)seconds;
	struct tm tm;
	gmtime_r(&t, &tm);
	/* Each field bounded, so the text always fits NP_TIMESTAMP_MAX. */
	snprintf(out, out_size, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ",
		 (unsigned)(tm.tm_year + 1900) % 10000, (unsigned)(tm.tm_mon + 1) % 100,
		 (unsigned)tm.tm_mday % 100, (unsigned)tm.tm_hour % 100, (unsigned)tm.tm_min % 100,
		 (unsigned)tm.tm_sec % 100, (unsigned)(nanoseconds / 1000000) % 1000);
}

static void read_host(char *out, size_t out_size, const struct np_roots *roots)
{
	char path[PATH_MAX];
	struct np_strbuf text;
	np_sb_init(&text);
	if (np_root_path(path, sizeof(path), roots->proc, "sys/kernel/hostname", NULL) == 0 &&
	    np_read_line_file(path, &text, NULL, NULL) == 0 && text.len > 0) {
		snprintf(out, out_size, "%s", np_sb_str(&text));
	} else {
		struct utsname uts;
		snprintf(out, out_size, "%s", uname(&uts) == 0 ? uts.nodename : "unknown");
	}
	np_sb_free(&text);
}

void np_runinfo_init(struct np_runinfo *info, const struct np_roots *roots)
{
	read_host(info->host, sizeof(info->host), roots);
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	format_timestamp((long long)now.tv_sec, now.tv_nsec, info->timestamp,
			 sizeof(info->timestamp));
	uint64_t random_bits = 0;
	if (getrandom(&random_bits, sizeof(random_bits), 0) != (ssize_t)sizeof(random_bits)) {
		/* No entropy source: time and pid still separate concurrent runs. */
		random_bits = ((uint64_t)now.tv_sec << 32) ^ (uint64_t)now.tv_nsec ^
			      ((uint64_t)getpid() << 16);
	}
	snprintf(info->run_id, sizeof(info->run_id), "%016llx", (unsigned long long)random_bits);
}

void np_runinfo_json(struct np_json *json, const struct np_runinfo *info, const char *label)
{
	np_json_kv_string(json, "numaprobe_version", NUMAPROBE_VERSION);
	np_json_kv_string(json, "timestamp", info->timestamp);
	np_json_kv_string(json, "run_id", info->run_id);
	np_json_kv_string(json, "host", info->host);
	np_json_kv_string(json, "label", label ? label : "");
}

int np_parse_timestamp(const char *text, long long *seconds)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	const char *end = strptime(text, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end)
		return -1;
	if (*end == '.') /* milliseconds: digits only */
		for (end++; *end >= '0' && *end <= '9'; end++)
			;
	if (*end == 'Z')
		end++;
	if (*end != '\0')
		return -1;
	*seconds = (long long)timegm(&tm);
	return 0;
}
