/*
 * placement_render.h: the placement report, both variants, as a table
 * (a side-by-side summary, each variant's cells, the verdict, the
 * warnings), CSV (NP_PLACEMENT_CSV_HEADER, one row per variant and cell)
 * or JSON.
 */
#ifndef NUMAPROBE_PLACEMENT_RENDER_H
#define NUMAPROBE_PLACEMENT_RENDER_H

#include "../lib/render.h"
#include "../lib/strbuf.h"
#include "domain.h"
#include "placement.h"

#define NP_PLACEMENT_CSV_HEADER                                                                    \
	"guest,variant,cell,vcpus,memory_bytes,host_cpu_nodes,host_mem_nodes,local_fraction,"      \
	"local_fraction_min,local_fraction_max,expected_latency,latency_unit,flags"

struct np_placement_report {
	const struct np_domain *domain;
	const char *host_source; /* "capabilities FILE", "sysfs DIR" */
	const struct np_placement *with;
	const struct np_placement *without;
	const char *warnings; /* one per line */
	const char *runtime;  /* --guest: the measured view, or NULL */
};

/* table, csv, json; each takes a struct np_placement_report. */
extern const struct np_renderer np_placement_renderers[];

#endif
