/*
 * topo_render.h: the three renderings of a topology, each built whole in a
 * strbuf before anything is printed.
 *
 *  table  the `numactl --hardware` lines first, byte for byte, then what
 *         numactl does not show: node sets, allowed sets, memory blocks,
 *         huge page pools, the firmware's HMAT figures and the memory
 *         tiering (tiers, demotion, NUMA balancing mode, interleave
 *         weights).
 *  json   one document (see the man page for the keys).
 *  csv    long form, NP_TOPO_CSV_HEADER; one value a row.
 */
#ifndef NUMAPROBE_TOPO_RENDER_H
#define NUMAPROBE_TOPO_RENDER_H

#include "../lib/render.h"
#include "../lib/runinfo.h"
#include "../lib/strbuf.h"
#include "../lib/tiering.h"
#include "../lib/topology.h"

#define NP_TOPO_CSV_HEADER "timestamp,run_id,host,label,node,metric,peer,value,unit"

struct np_topo_report {
	const struct np_topology *topo;
	const struct np_tiering *tiering; /* memory tiers, demotion, balancing, weights */
	const struct np_runinfo *run;
	const char *label;
};

/* table, json, csv; each takes a struct np_topo_report. */
extern const struct np_renderer np_topo_renderers[];

#endif
