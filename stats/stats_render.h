/*
 * stats_render.h: a statistics sample as a table (the system counters laid
 * out like numastat, then one block per guest or process), CSV (long, one
 * value a row), JSON, or the Prometheus text exposition format for
 * node_exporter's textfile collector. Each is built whole in a strbuf.
 */
#ifndef NUMAPROBE_STATS_RENDER_H
#define NUMAPROBE_STATS_RENDER_H

#include <stdbool.h>

#include "../lib/strbuf.h"
#include "collect.h"
#include "rates.h"

#define NP_STATS_CSV_HEADER "timestamp,run_id,host,label,scope,entity,pid,node,metric,value,unit"

struct np_stats_report {
	const struct np_stats_sample *sample;
	const struct np_rates *rates;
	const char *label;
};

void np_stats_render_table(const struct np_stats_report *report, struct np_strbuf *out);
void np_stats_render_json(const struct np_stats_report *report, struct np_strbuf *out);
void np_stats_render_csv(const struct np_stats_report *report, bool header, struct np_strbuf *out);
void np_stats_render_prom(const struct np_stats_report *report, struct np_strbuf *out);

#endif
