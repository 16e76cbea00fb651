/*
 * runinfo.h: what identifies one run in every CSV row and JSON document:
 * the host name, an ISO 8601 UTC timestamp with milliseconds, and a run id
 * unique per invocation (so concurrent cron runs stay apart).
 */
#ifndef NUMAPROBE_RUNINFO_H
#define NUMAPROBE_RUNINFO_H

#include <stddef.h>

#include "json.h"
#include "roots.h"

#define NP_HOST_MAX	 256
#define NP_TIMESTAMP_MAX 32
#define NP_RUN_ID_MAX	 17

struct np_runinfo {
	char host[NP_HOST_MAX];		  /* <proc>/sys/kernel/hostname, else uname */
	char timestamp[NP_TIMESTAMP_MAX]; /* 2026-11-26T09:30:00.123Z */
	char run_id[NP_RUN_ID_MAX];	  /* 16 lowercase hex digits */
};

/* Fills all three for a run starting now. Never fails: a host name that
 * cannot be read becomes "unknown". */
void np_runinfo_init(struct np_runinfo *info, const struct np_roots *roots);

/* The keys every JSON document starts with: numaprobe_version, timestamp,
 * run_id, host and label. */
void np_runinfo_json(struct np_json *json, const struct np_runinfo *info, const char *label);

/* Reads a timestamp as numaprobe writes it (2026-11-26T09:30:00.123Z; the
 * fraction and the Z may be left out) into seconds since the epoch. */
int np_parse_timestamp(const char *text, long long *seconds);

#endif
