/*
 * topo_render.h: the three renderings of a topology, each built whole in a
 * strbuf before anything is printed.
 *
 *  table  the `numactl --hardware` lines first, byte for byte, then what
 *         numactl does not show: node sets, allowed sets, memory blocks,
 *         huge page pools and the firmware's HMAT figures.
 *  json   one document (see the man page for the keys).
 *  csv    long form, NP_TOPO_CSV_HEADER; one value a row.
 */
#ifndef NUMAPROBE_TOPO_RENDER_H
#define NUMAPROBE_TOPO_RENDER_H

#include "../lib/runinfo.h"
#include "../lib/strbuf.h"
#include "../lib/topology.h"

#define NP_TOPO_CSV_HEADER "timestamp,run_id,host,label,node,metric,peer,value,unit"

void np_topo_render_table(const struct np_topology *topo, const struct np_runinfo *run,
			  const char *label, struct np_strbuf *out);
void np_topo_render_json(const struct np_topology *topo, const struct np_runinfo *run,
			 const char *label, struct np_strbuf *out);
void np_topo_render_csv(const struct np_topology *topo, const struct np_runinfo *run,
			const char *label, struct np_strbuf *out);

#endif
